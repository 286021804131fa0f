#include "RegistryTypes.h"

#include "EnumNames.h"

#include <algorithm>
#include <cstring>
#include <QJsonDocument>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {

QString typeName(const QJsonValue &value)
{
    static constexpr EnumNames<QJsonValue::Object> names(
        {u"null", u"a boolean", u"a number", u"a string", u"an array", u"an object"});
    return names.name(value.type(), u"missing");
}

} // namespace

QJsonArray referencesToJson(const QList<SchemaReference> &references)
{
    QJsonArray array;
    for (const SchemaReference &ref : references)
        array.append(
            QJsonObject{{"name"_L1, ref.name}, {"subject"_L1, ref.subject}, {"version"_L1, ref.version}});
    return array;
}

QString JsonReader::string(const QJsonObject &obj, QLatin1StringView key, bool required,
                           const QString &fallback)
{
    const QJsonValue value = obj.value(key);
    if (value.isString())
        return value.toString();
    if (!absent(value, key, required))
        wrongType(key, "a string"_L1, value);
    return fallback;
}

qint64 JsonReader::integer(const QJsonObject &obj, QLatin1StringView key, bool required, qint64 fallback)
{
    const QJsonValue value = obj.value(key);
    if (value.isDouble()) {
        // Converting a double beyond 64 bits is undefined behaviour (found by fuzzing: an id of 10^111).
        const double number = value.toDouble();
        if (number > -9.2e18 && number < 9.2e18)
            return qint64(number);
        fail(u"%1: field '%2' is out of range (%3)"_s.arg(m_what, key).arg(number));
        return fallback;
    }
    if (!absent(value, key, required))
        wrongType(key, "a number"_L1, value);
    return fallback;
}

std::optional<bool> JsonReader::optionalBool(const QJsonObject &obj, QLatin1StringView key)
{
    const QJsonValue value = obj.value(key);
    if (value.isBool())
        return value.toBool();
    if (!absent(value, key, false))
        wrongType(key, "a boolean"_L1, value);
    return std::nullopt;
}

bool JsonReader::boolean(const QJsonObject &obj, QLatin1StringView key, bool fallback)
{
    return optionalBool(obj, key).value_or(fallback);
}

QJsonObject JsonReader::object(const QJsonObject &obj, QLatin1StringView key)
{
    const QJsonValue value = obj.value(key);
    if (value.isObject())
        return value.toObject();
    if (!absent(value, key, false))
        wrongType(key, "an object"_L1, value);
    return {};
}

QStringList JsonReader::stringList(const QJsonValue &value, const QString &field)
{
    QStringList list;
    if (value.isUndefined() || value.isNull())
        return list;
    if (!value.isArray()) {
        fail(u"%1: %2 should be an array but is %3"_s.arg(m_what, field, typeName(value)));
        return list;
    }
    const QJsonArray array = value.toArray();
    list.reserve(array.size());
    for (const QJsonValue &item : array) {
        if (!item.isString()) {
            fail(u"%1: %2 should hold strings but holds %3"_s.arg(m_what, field, typeName(item)));
            return {};
        }
        list.append(item.toString());
    }
    return list;
}

void JsonReader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

bool JsonReader::absent(const QJsonValue &value, QLatin1StringView key, bool required)
{
    if (!value.isUndefined() && !value.isNull())
        return false;
    if (required)
        fail(u"%1 has no field '%2'"_s.arg(m_what, key));
    return true;
}

void JsonReader::wrongType(QLatin1StringView key, QLatin1StringView expected, const QJsonValue &value)
{
    fail(u"%1: field '%2' should be %3 but is %4"_s.arg(m_what, key, expected, typeName(value)));
}

QByteArray SchemaSubmission::toJson() const
{
    QJsonObject obj;
    obj.insert("schema"_L1, schema);
    // Sent even for AVRO: every server accepts it, and it avoids guessing by older ones.
    obj.insert("schemaType"_L1, schemaType.isEmpty() ? defaultSchemaType() : schemaType);
    if (!references.isEmpty())
        obj.insert("references"_L1, referencesToJson(references));
    insertUnlessEmpty(obj, "metadata"_L1, metadata);
    insertUnlessEmpty(obj, "ruleSet"_L1, ruleSet);
    if (id)
        obj.insert("id"_L1, *id);
    if (version)
        obj.insert("version"_L1, *version);
    return QJsonDocument(obj).toJson(QJsonDocument::Compact);
}

QByteArray ConfigUpdate::toJson() const
{
    QJsonObject obj = extra;
    if (compatibility)
        obj.insert("compatibility"_L1, *compatibility);
    if (compatibilityGroup)
        obj.insert("compatibilityGroup"_L1, *compatibilityGroup);
    if (normalize)
        obj.insert("normalize"_L1, *normalize);
    if (validateFields)
        obj.insert("validateFields"_L1, *validateFields);
    if (validateRules)
        obj.insert("validateRules"_L1, *validateRules);
    return QJsonDocument(obj).toJson(QJsonDocument::Compact);
}

QByteArray ExporterInfo::toJson(bool includeName) const
{
    QJsonObject obj;
    if (includeName)
        obj.insert("name"_L1, name);
    if (!subjects.isEmpty())
        obj.insert("subjects"_L1, QJsonArray::fromStringList(subjects));
    insertUnlessEmpty(obj, "subjectRenameFormat"_L1, subjectRenameFormat);
    insertUnlessEmpty(obj, "contextType"_L1, contextType);
    insertUnlessEmpty(obj, "context"_L1, context);
    QJsonObject configObj;
    for (auto it = config.cbegin(); it != config.cend(); ++it)
        configObj.insert(it.key(), it.value());
    if (!configObj.isEmpty() || includeName)
        obj.insert("config"_L1, configObj);
    return QJsonDocument(obj).toJson(QJsonDocument::Compact);
}

QualifiedSubject QualifiedSubject::parse(const QString &subject)
{
    QualifiedSubject q;
    if (subject.startsWith(u":."_s)) {
        // ":.ctx:name": the context starts with '.' and ends at the next ':'; without one the whole
        // text after the first ':' is the context and the subject is empty.
        q.hasContextPrefix = true;
        const qsizetype end = subject.indexOf(u':', 2);
        if (end > 0) {
            q.context = subject.mid(1, end - 1);
            q.name = subject.mid(end + 1);
        } else {
            q.context = subject.mid(1);
        }
        return q;
    }
    if (subject.startsWith(u":*:"_s)) {
        q.hasContextPrefix = true;
        q.wildcard = true;
        q.context = wildcardContext;
        q.name = subject.mid(3);
        return q;
    }
    q.name = subject;
    return q;
}

QualifiedSubject QualifiedSubject::parseRelative(const QString &subject, const QString &parentContext)
{
    QualifiedSubject q = parse(subject);
    if (!q.hasContextPrefix)
        q.context = parentContext;
    return q;
}

QString QualifiedSubject::normalizeContext(const QString &context)
{
    QStringView view(context);
    if (view.startsWith(u':'))
        view = view.mid(1);
    if (view.endsWith(u':'))
        view.chop(1);
    QString result = view.toString();
    if (!result.startsWith(u'.'))
        result.prepend(u'.');
    return result;
}

QString QualifiedSubject::toString() const
{
    if (wildcard)
        return u":*:"_s + name;
    return contextPrefix(context) + name;
}

QString QualifiedSubject::qualify(const QString &context, const QString &name)
{
    return contextPrefix(context) + name;
}

QString QualifiedSubject::contextPrefix(const QString &context)
{
    if (context.isEmpty() || context == defaultContext)
        return {};
    return delimitedContext(context);
}

QString QualifiedSubject::delimitedContext(const QString &context)
{
    return u":"_s + context + u":"_s;
}

namespace parse {

Result<QJsonDocument> document(const QByteArray &body)
{
    QJsonParseError error;
    QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::DeepNesting) {
        return Result<QJsonDocument>::failure(ApiError::malformed(
            u"The reply nests arrays or objects too deeply to be a registry's answer (past byte %1)"_s.arg(
                error.offset),
            body.left(4096)));
    }
    if (error.error != QJsonParseError::NoError) {
        // Bare scalars ("42", "\"FULL\"") are valid JSON that QJsonDocument refuses: wrap them.
        QJsonDocument wrapped = QJsonDocument::fromJson("[" + body + "]", &error);
        if (error.error == QJsonParseError::NoError && wrapped.array().size() == 1) {
            QJsonArray holder = wrapped.array();
            return Result<QJsonDocument>::success(QJsonDocument(holder));
        }
        return Result<QJsonDocument>::failure(ApiError::malformed(
            u"The reply is not valid JSON (%1 at byte %2)"_s.arg(error.errorString()).arg(error.offset),
            body));
    }
    return Result<QJsonDocument>::success(doc);
}

namespace {
// For a body that may be a bare scalar: returns the value itself.
Result<QJsonValue> value(const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty())
        return Result<QJsonValue>::failure(
            ApiError::malformed(u"The registry answered with an empty body where JSON was expected"_s));
    auto doc = document(trimmed);
    if (!doc)
        return Result<QJsonValue>::failure(doc.error);
    if (doc.value.isObject())
        return Result<QJsonValue>::success(doc.value.object());
    const QJsonArray array = doc.value.array();
    if (!trimmed.startsWith('['))
        return Result<QJsonValue>::success(array.at(0)); // a wrapped scalar
    return Result<QJsonValue>::success(array);
}

template<typename T>
Result<T> objectReply(const QByteArray &body, const QString &what,
                      const std::function<void(const QJsonObject &, JsonReader &, T &)> &read)
{
    auto v = value(body);
    if (!v)
        return Result<T>::failure(v.error);
    if (!v.value.isObject())
        return Result<T>::failure(ApiError::malformed(u"%1 should be a JSON object"_s.arg(what), body));
    JsonReader reader(what);
    T out;
    read(v.value.toObject(), reader, out);
    if (!reader.ok())
        return Result<T>::failure(reader.error(body));
    return Result<T>::success(std::move(out));
}

// A reply that should be a JSON array of `items` ("The reply should be a list of <items>" when it is not).
Result<QJsonArray> arrayReply(const QByteArray &body, const QString &items)
{
    auto v = value(body);
    if (!v)
        return Result<QJsonArray>::failure(v.error);
    if (!v.value.isArray())
        return Result<QJsonArray>::failure(
            ApiError::malformed(u"The reply should be a list of %1"_s.arg(items), body));
    return Result<QJsonArray>::success(v.value.toArray());
}
} // namespace

Result<QStringList> stringList(const QByteArray &body)
{
    return stringList(body, u"The reply"_s);
}

Result<QStringList> stringList(const QByteArray &body, const QString &what)
{
    auto v = value(body);
    if (!v)
        return Result<QStringList>::failure(v.error);
    if (!v.value.isArray())
        return Result<QStringList>::failure(ApiError::malformed(
            u"%1 is not a list of names (got %2)"_s.arg(what, typeName(v.value)), body.left(4096)));
    const QJsonArray array = v.value.toArray();
    QStringList list;
    list.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue item = array.at(i);
        if (!item.isString())
            return Result<QStringList>::failure(ApiError::malformed(
                u"%1 holds %2 where a name belongs (entry %3 of %4)"_s.arg(what, typeName(item))
                    .arg(i + 1)
                    .arg(array.size()),
                body.left(4096)));
        list.append(item.toString());
    }
    return Result<QStringList>::success(std::move(list));
}

namespace {

// A JSON array of plain strings without escapes, as registries list subject names, read straight from
// the bytes (several times faster than a QJsonDocument); anything else is left to the typed parser. A
// name equal to the one before it is counted, not copied: a listing of one name repeated millions of
// times costs no memory.
std::optional<NameList> plainNameArray(const QByteArray &body)
{
    if (body.contains('\\'))
        return std::nullopt;
    const char *p = body.constData();
    const char *const end = p + body.size();
    const auto skipSpace = [&] {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
            ++p;
    };
    const auto atEnd = [&] {
        skipSpace();
        return p == end;
    };
    skipSpace();
    if (p == end || *p != '[')
        return std::nullopt;
    ++p;
    skipSpace();
    NameList list;
    if (p < end && *p == ']') {
        ++p;
        return atEnd() ? std::optional<NameList>(list) : std::nullopt;
    }
    QByteArrayView previous;
    while (p < end && *p == '"') {
        const char *const start = ++p;
        const auto *close = static_cast<const char *>(std::memchr(p, '"', size_t(end - p)));
        if (!close)
            return std::nullopt;
        const QByteArrayView name(start, close - start);
        if (!list.names.isEmpty() && name == previous) {
            ++list.duplicates;
        } else {
            if (list.names.isEmpty())
                list.names.reserve(std::min<qsizetype>(body.count(','), 256 * 1024) + 1);
            list.names.append(QString::fromUtf8(name));
            previous = name;
        }
        p = close + 1;
        skipSpace();
        if (p < end && *p == ',') {
            ++p;
            skipSpace();
            continue;
        }
        if (p < end && *p == ']') {
            ++p;
            if (!atEnd())
                return std::nullopt;
            list.names.squeeze();
            return list;
        }
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace

Result<NameList> nameList(const QByteArray &body, const QString &what)
{
    NameList list;
    if (std::optional<NameList> plain = plainNameArray(body)) {
        list = std::move(*plain);
    } else {
        Result<QStringList> names = stringList(body, what);
        if (!names)
            return Result<NameList>::failure(names.error);
        list.names = std::move(names.value);
    }
    // Registries list names sorted, so equal names sit together; an unsorted list is checked on a copy
    // and keeps its order when it has no duplicate.
    if (std::is_sorted(list.names.cbegin(), list.names.cend())) {
        const auto last = std::unique(list.names.begin(), list.names.end());
        list.duplicates += list.names.end() - last;
        list.names.erase(last, list.names.end());
    } else {
        QStringList sorted = list.names;
        std::sort(sorted.begin(), sorted.end());
        const auto last = std::unique(sorted.begin(), sorted.end());
        if (last != sorted.end()) {
            list.duplicates += sorted.end() - last;
            sorted.erase(last, sorted.end());
            list.names = std::move(sorted);
        }
    }
    return Result<NameList>::success(std::move(list));
}

Result<QList<int>> intList(const QByteArray &body)
{
    const auto array = arrayReply(body, u"numbers"_s);
    if (!array)
        return Result<QList<int>>::failure(array.error);
    QList<int> list;
    for (const QJsonValue &item : array.value) {
        if (!item.isDouble())
            return Result<QList<int>>::failure(ApiError::malformed(
                u"The reply should hold only numbers but holds %1"_s.arg(typeName(item)), body));
        list.append(item.toInt());
    }
    return Result<QList<int>>::success(std::move(list));
}

Result<int> integer(const QByteArray &body)
{
    auto v = value(body);
    if (!v)
        return Result<int>::failure(v.error);
    if (!v.value.isDouble())
        return Result<int>::failure(ApiError::malformed(u"The reply should be a number"_s, body));
    return Result<int>::success(v.value.toInt());
}

bool schemaVersionFrom(const QJsonObject &obj, JsonReader &reader, SchemaVersion &out)
{
    out.subject = reader.string(obj, "subject"_L1);
    out.version = int(reader.integer(obj, "version"_L1));
    out.id = int(reader.integer(obj, "id"_L1, false, -1));
    out.schemaType = reader.string(obj, "schemaType"_L1, false, defaultSchemaType());
    if (out.schemaType.isEmpty())
        out.schemaType = defaultSchemaType();
    out.schema = reader.string(obj, "schema"_L1);
    const QJsonValue refs = obj.value("references"_L1);
    if (refs.isArray()) {
        for (const QJsonValue &item : refs.toArray()) {
            if (!item.isObject()) {
                reader.fail(u"a reference should be an object but is %1"_s.arg(typeName(item)));
                break;
            }
            const QJsonObject refObj = item.toObject();
            SchemaReference ref;
            ref.name = reader.string(refObj, "name"_L1);
            ref.subject = reader.string(refObj, "subject"_L1);
            ref.version = int(reader.integer(refObj, "version"_L1));
            out.references.append(ref);
        }
    } else if (!refs.isUndefined() && !refs.isNull()) {
        reader.fail(u"field 'references' should be an array but is %1"_s.arg(typeName(refs)));
    }
    out.metadata = reader.object(obj, "metadata"_L1);
    out.ruleSet = reader.object(obj, "ruleSet"_L1);
    out.guid = reader.string(obj, "guid"_L1);
    out.ts = reader.integer(obj, "ts"_L1);
    out.deleted = reader.boolean(obj, "deleted"_L1);
    out.deletedKnown = obj.value("deleted"_L1).isBool();
    if (obj.contains("maxId"_L1))
        out.maxId = int(reader.integer(obj, "maxId"_L1));
    return reader.ok();
}

Result<SchemaVersion> schemaVersion(const QByteArray &body)
{
    return objectReply<SchemaVersion>(body, u"The schema"_s,
                                      [](const QJsonObject &obj, JsonReader &reader, SchemaVersion &out) {
                                          schemaVersionFrom(obj, reader, out);
                                      });
}

Result<QList<SchemaVersion>> schemaVersions(const QByteArray &body)
{
    const auto array = arrayReply(body, u"schemas"_s);
    if (!array)
        return Result<QList<SchemaVersion>>::failure(array.error);
    QList<SchemaVersion> list;
    list.reserve(array.value.size());
    JsonReader reader(u"A schema in the list"_s);
    for (const QJsonValue &item : array.value) {
        if (!item.isObject())
            return Result<QList<SchemaVersion>>::failure(ApiError::malformed(
                u"The list should hold schema objects but holds %1"_s.arg(typeName(item)), body));
        SchemaVersion sv;
        if (!schemaVersionFrom(item.toObject(), reader, sv))
            return Result<QList<SchemaVersion>>::failure(reader.error(body));
        list.append(std::move(sv));
    }
    return Result<QList<SchemaVersion>>::success(std::move(list));
}

Result<QList<SubjectVersionRef>> subjectVersions(const QByteArray &body)
{
    const auto array = arrayReply(body, u"subject-versions"_s);
    if (!array)
        return Result<QList<SubjectVersionRef>>::failure(array.error);
    QList<SubjectVersionRef> list;
    JsonReader reader(u"A subject-version"_s);
    for (const QJsonValue &item : array.value) {
        const QJsonObject obj = item.toObject();
        list.append({reader.string(obj, "subject"_L1, true), int(reader.integer(obj, "version"_L1, true))});
    }
    if (!reader.ok())
        return Result<QList<SubjectVersionRef>>::failure(reader.error(body));
    return Result<QList<SubjectVersionRef>>::success(std::move(list));
}

Result<CompatibilityResult> compatibility(const QByteArray &body)
{
    return objectReply<CompatibilityResult>(
        body, u"The compatibility result"_s,
        [](const QJsonObject &obj, JsonReader &reader, CompatibilityResult &out) {
            if (!obj.value("is_compatible"_L1).isBool())
                reader.fail(u"The compatibility result has no boolean 'is_compatible'"_s);
            out.compatible = obj.value("is_compatible"_L1).toBool();
            out.messages = reader.stringList(obj.value("messages"_L1), u"messages"_s);
        });
}

Result<RegistryConfig> config(const QByteArray &body)
{
    auto v = value(body);
    if (!v)
        return Result<RegistryConfig>::failure(v.error);
    RegistryConfig out;
    if (v.value.isString()) { // DELETE /config as documented in the spec: a bare level
        out.compatibility = v.value.toString();
        return Result<RegistryConfig>::success(out);
    }
    return objectReply<RegistryConfig>(
        body, u"The config"_s, [](const QJsonObject &obj, JsonReader &reader, RegistryConfig &out) {
            out.raw = obj;
            out.compatibility = reader.string(obj, "compatibilityLevel"_L1);
            if (out.compatibility.isEmpty())
                out.compatibility = reader.string(obj, "compatibility"_L1);
            out.compatibilityGroup = reader.string(obj, "compatibilityGroup"_L1);
            out.compatibilityPolicy = reader.string(obj, "compatibilityPolicy"_L1);
            out.normalize = reader.optionalBool(obj, "normalize"_L1);
            out.validateFields = reader.optionalBool(obj, "validateFields"_L1);
            out.validateRules = reader.optionalBool(obj, "validateRules"_L1);
            out.alias = reader.string(obj, "alias"_L1);
            out.defaultMetadata = reader.object(obj, "defaultMetadata"_L1);
            out.overrideMetadata = reader.object(obj, "overrideMetadata"_L1);
            out.defaultRuleSet = reader.object(obj, "defaultRuleSet"_L1);
            out.overrideRuleSet = reader.object(obj, "overrideRuleSet"_L1);
        });
}

Result<QString> mode(const QByteArray &body)
{
    auto v = value(body);
    if (!v)
        return Result<QString>::failure(v.error);
    if (v.value.isString())
        return Result<QString>::success(v.value.toString());
    if (v.value.isNull())
        return Result<QString>::success(QString());
    return objectReply<QString>(
        body, u"The mode"_s, [](const QJsonObject &obj, JsonReader &reader, QString &out) {
            out = reader.string(obj, "mode"_L1); // null after a recursive delete with nothing set
        });
}

Result<ExporterInfo> exporterInfo(const QByteArray &body)
{
    return objectReply<ExporterInfo>(
        body, u"The exporter"_s, [](const QJsonObject &obj, JsonReader &reader, ExporterInfo &out) {
            out.raw = obj;
            out.name = reader.string(obj, "name"_L1);
            out.subjects = reader.stringList(obj.value("subjects"_L1), u"subjects"_s);
            out.subjectRenameFormat = reader.string(obj, "subjectRenameFormat"_L1);
            out.contextType = reader.string(obj, "contextType"_L1);
            out.context = reader.string(obj, "context"_L1);
            const QJsonObject configObj = reader.object(obj, "config"_L1);
            for (auto it = configObj.begin(); it != configObj.end(); ++it)
                out.config.insert(it.key(), it.value().isString() ? it.value().toString()
                                                                  : it.value().toVariant().toString());
        });
}

Result<ExporterStatus> exporterStatus(const QByteArray &body)
{
    return objectReply<ExporterStatus>(body, u"The exporter status"_s,
                                       [](const QJsonObject &obj, JsonReader &reader, ExporterStatus &out) {
                                           out.name = reader.string(obj, "name"_L1);
                                           out.state = reader.string(obj, "state"_L1, true);
                                           out.offset = reader.integer(obj, "offset"_L1, false, -1);
                                           out.ts = reader.integer(obj, "ts"_L1);
                                           out.trace = reader.string(obj, "trace"_L1);
                                       });
}

Result<QMap<QString, QString>> stringMap(const QByteArray &body)
{
    return objectReply<QMap<QString, QString>>(
        body, u"The config map"_s, [](const QJsonObject &obj, JsonReader &, QMap<QString, QString> &out) {
            for (auto it = obj.begin(); it != obj.end(); ++it)
                out.insert(it.key(),
                           it.value().isString() ? it.value().toString() : it.value().toVariant().toString());
        });
}

Result<QString> nameReply(const QByteArray &body)
{
    return objectReply<QString>(body, u"The reply"_s,
                                [](const QJsonObject &obj, JsonReader &reader, QString &out) {
                                    out = reader.string(obj, "name"_L1);
                                });
}

Result<ServerVersion> serverVersion(const QByteArray &body)
{
    return objectReply<ServerVersion>(body, u"The server version"_s,
                                      [](const QJsonObject &obj, JsonReader &reader, ServerVersion &out) {
                                          out.version = reader.string(obj, "version"_L1);
                                          out.commitId = reader.string(obj, "commitId"_L1);
                                      });
}

Result<ClusterId> clusterId(const QByteArray &body)
{
    return objectReply<ClusterId>(body, u"The cluster id"_s,
                                  [](const QJsonObject &obj, JsonReader &reader, ClusterId &out) {
                                      out.id = reader.string(obj, "id"_L1);
                                      out.scope = reader.object(obj, "scope"_L1);
                                  });
}

} // namespace parse

QString internedSchemaType(const QString &type)
{
    static const QString known[] = {defaultSchemaType(), u"JSON"_s, u"PROTOBUF"_s};
    if (type.isEmpty())
        return known[0];
    for (const QString &name : known) {
        if (type == name)
            return name;
    }
    return type;
}

} // namespace sd::registry
