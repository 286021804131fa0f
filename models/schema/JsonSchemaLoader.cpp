#include "schema/JsonSchemaLoader.h"

#include <cmath>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sd::schema {

JsonSchemaLoader::JsonSchemaLoader(JsonSchema &schema, QStringList documentNames)
    : m_schema(schema)
    , m_names(std::move(documentNames))
{}

const JsonSchemaNode *JsonSchemaLoader::loadRoot()
{
    const JsonValue &root = *m_schema.m_documents.front();
    if (!root.isObject() && !root.isBool()) {
        fail(u"A JSON schema must be an object or a boolean"_s, u"#"_s);
        return nullptr;
    }
    const JsonSchemaNode *node = load(root, 0, u"#"_s);
    return m_error.isEmpty() ? node : nullptr;
}

void JsonSchemaLoader::fail(const QString &message, const QString &where)
{
    if (m_error.isEmpty())
        m_error = u"%1 (at %2)"_s.arg(message, where);
}

QString JsonSchemaLoader::where(int doc, const QString &pointer) const
{
    return doc == 0 ? pointer : u"reference \"%1\" %2"_s.arg(m_names.value(doc), pointer);
}

JsonSchemaNode *JsonSchemaLoader::newNode(JsonSchemaNode::Kind kind, const JsonValue *json,
                                          const QString &location)
{
    m_schema.m_nodes.push_back(std::make_unique<JsonSchemaNode>());
    JsonSchemaNode *node = m_schema.m_nodes.back().get();
    node->kind = kind;
    node->json = json;
    node->location = location;
    return node;
}

const JsonValue *JsonSchemaLoader::followPointer(const JsonValue *root, const QString &fragment)
{
    if (fragment.isEmpty())
        return root;
    if (!fragment.startsWith(u'/'))
        return nullptr;
    const JsonValue *current = root;
    const QStringList tokens = fragment.mid(1).split(u'/');
    for (QString token : tokens) {
        token = QUrl::fromPercentEncoding(token.toUtf8());
        token.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s);
        if (current->isObject()) {
            current = current->find(token);
        } else if (current->isArray()) {
            bool ok = false;
            const qsizetype index = token.toLongLong(&ok);
            current =
                ok && index >= 0 && index < current->size() ? &current->items()[size_t(index)] : nullptr;
        } else {
            current = nullptr;
        }
        if (!current)
            return nullptr;
    }
    return current;
}

const JsonValue *JsonSchemaLoader::findAnchor(const JsonValue &value, const QString &anchor)
{
    if (value.isObject()) {
        const JsonValue *a = value.find(u"$anchor");
        if (a && a->isString() && a->toString() == anchor)
            return &value;
        const JsonValue *id = value.find(u"$id");
        if (id && id->isString() && id->toString() == u'#' + anchor)
            return &value;
        for (const JsonMember &m : value.members()) {
            if (const JsonValue *found = findAnchor(m.value, anchor))
                return found;
        }
    } else if (value.isArray()) {
        for (const JsonValue &item : value.items()) {
            if (const JsonValue *found = findAnchor(item, anchor))
                return found;
        }
    }
    return nullptr;
}

QString JsonSchemaLoader::lastSegment(const QString &uri)
{
    const qsizetype slash = uri.lastIndexOf(u'/');
    return slash >= 0 ? uri.mid(slash + 1) : uri;
}

QString JsonSchemaLoader::documentId(const JsonValue &doc)
{
    const JsonValue *id = doc.isObject() ? doc.find(u"$id") : nullptr;
    if (!id)
        id = doc.isObject() ? doc.find(u"id") : nullptr;
    return id && id->isString() ? id->toString() : QString();
}

int JsonSchemaLoader::findDocument(const QString &base, int currentDoc) const
{
    if (base.isEmpty())
        return currentDoc;
    const auto &docs = m_schema.m_documents;
    for (size_t i = 0; i < docs.size(); ++i) {
        if (int(i) > 0 && m_names.value(int(i)) == base)
            return int(i);
        const QString id = documentId(*docs[i]);
        if (!id.isEmpty() && (id == base || id.section(u'#', 0, 0) == base))
            return int(i);
    }
    // Relative references against an $id base: compare the file names.
    const QString file = lastSegment(base);
    for (size_t i = 1; i < docs.size(); ++i) {
        if (lastSegment(m_names.value(int(i))) == file)
            return int(i);
    }
    return -1;
}

const JsonSchemaNode *JsonSchemaLoader::resolve(const JsonValue &refObject, const QString &ref, int doc,
                                                const QString &pointer)
{
    const qsizetype hash = ref.indexOf(u'#');
    const QString base = hash >= 0 ? ref.left(hash) : ref;
    const QString fragment = hash >= 0 ? ref.mid(hash + 1) : QString();
    const int targetDoc = findDocument(base, doc);
    if (targetDoc < 0) {
        fail(u"Could not resolve $ref \"%1\": no reference named \"%2\" was given"_s.arg(ref, base),
             where(doc, pointer + u"/$ref"_s));
        return nullptr;
    }
    const JsonValue *root = m_schema.m_documents[size_t(targetDoc)].get();
    const JsonValue *target = fragment.isEmpty() || fragment.startsWith(u'/') ? followPointer(root, fragment)
                                                                              : findAnchor(*root, fragment);
    if (!target || !(target->isObject() || target->isBool())) {
        fail(u"Could not resolve $ref \"%1\": nothing at that location"_s.arg(ref),
             where(doc, pointer + u"/$ref"_s));
        return nullptr;
    }
    if (m_resolving.contains(&refObject)) {
        fail(u"Circular $ref \"%1\""_s.arg(ref), where(doc, pointer));
        return nullptr;
    }
    m_resolving.insert(&refObject);
    const QString targetPointer = fragment.isEmpty() ? u"#"_s : u"#"_s + fragment;
    const JsonSchemaNode *node = load(*target, targetDoc, targetPointer);
    m_resolving.remove(&refObject);
    return node;
}

bool JsonSchemaLoader::keywordError(QAnyStringView key, const QString &what, int doc, const QString &pointer)
{
    fail(u"\"%1\" must be %2"_s.arg(key.toString(), what), where(doc, pointer + u'/' + key.toString()));
    return false;
}

bool JsonSchemaLoader::checkNonNegativeInteger(const JsonValue &object, QAnyStringView key, int doc,
                                               const QString &pointer, std::optional<qint64> *out)
{
    const JsonValue *v = object.find(key);
    if (!v)
        return true;
    // Draft 6+ allow 2.0 for an integer; Jackson/everit accept integral values only when exact.
    std::optional<qint64> value = v->toInt64();
    // (Within 64 bits: converting a larger double is undefined behaviour.)
    if (!value && v->isNumber() && std::floor(v->toDouble()) == v->toDouble() && v->toDouble() > -9.2e18 &&
        v->toDouble() < 9.2e18)
        value = qint64(v->toDouble());
    if (!value || *value < 0)
        return keywordError(key, u"a non-negative integer"_s, doc, pointer);
    if (out)
        *out = value;
    return true;
}

template<typename T, typename Read>
bool JsonSchemaLoader::checkKeyword(const JsonValue &object, QAnyStringView key, int doc,
                                    const QString &pointer, JsonValue::Kind kind, const QString &what,
                                    Read read, std::optional<T> *out)
{
    const JsonValue *v = object.find(key);
    if (!v)
        return true;
    if (v->kind() != kind)
        return keywordError(key, what, doc, pointer);
    if (out)
        *out = read(*v);
    return true;
}

bool JsonSchemaLoader::checkNumber(const JsonValue &object, QAnyStringView key, int doc,
                                   const QString &pointer, std::optional<double> *out, bool allowBool)
{
    if (const JsonValue *v = object.find(key); allowBool && v && v->isBool())
        return true;
    return checkKeyword(
        object, key, doc, pointer, JsonValue::Kind::Number, u"a number"_s,
        [](const JsonValue &v) { return v.toDouble(); }, out);
}

bool JsonSchemaLoader::checkString(const JsonValue &object, QAnyStringView key, int doc,
                                   const QString &pointer, std::optional<QString> *out)
{
    return checkKeyword(
        object, key, doc, pointer, JsonValue::Kind::String, u"a string"_s,
        [](const JsonValue &v) { return v.toString(); }, out);
}

bool JsonSchemaLoader::checkRegex(const QString &pattern, int doc, const QString &at)
{
    const QRegularExpression re(pattern);
    if (!re.isValid()) {
        fail(u"Invalid regular expression \"%1\": %2"_s.arg(pattern, re.errorString()), where(doc, at));
        return false;
    }
    return true;
}

const JsonSchemaNode *JsonSchemaLoader::subschema(const JsonValue &object, QAnyStringView key, int doc,
                                                  const QString &pointer)
{
    const JsonValue *v = object.find(key);
    if (!v)
        return nullptr;
    const QString at = pointer + u'/' + key.toString();
    if (!v->isObject() && !v->isBool()) {
        fail(u"\"%1\" must be a schema (an object or a boolean)"_s.arg(key.toString()), where(doc, at));
        return nullptr;
    }
    return load(*v, doc, at);
}

bool JsonSchemaLoader::schemaMap(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                                 QList<std::pair<QString, const JsonSchemaNode *>> *out, bool keysAreRegex)
{
    const JsonValue *v = object.find(key);
    if (!v)
        return true;
    const QString at = pointer + u'/' + key.toString();
    if (!v->isObject()) {
        fail(u"\"%1\" must be an object whose values are schemas"_s.arg(key.toString()), where(doc, at));
        return false;
    }
    for (const JsonMember &m : v->members()) {
        const QString memberAt = at + u'/' + escapeToken(m.key);
        if (keysAreRegex && !checkRegex(m.key, doc, memberAt))
            return false;
        if (!m.value.isObject() && !m.value.isBool()) {
            fail(u"\"%1\" must be a schema (an object or a boolean)"_s.arg(m.key), where(doc, memberAt));
            return false;
        }
        const JsonSchemaNode *node = load(m.value, doc, memberAt);
        if (!node)
            return false;
        if (out)
            out->append({m.key, node});
    }
    return true;
}

bool JsonSchemaLoader::schemaArray(const JsonValue &object, QAnyStringView key, int doc,
                                   const QString &pointer, QList<const JsonSchemaNode *> *out, bool nonEmpty)
{
    const JsonValue *v = object.find(key);
    if (!v)
        return true;
    const QString at = pointer + u'/' + key.toString();
    if (!v->isArray() || (nonEmpty && v->items().empty())) {
        fail(u"\"%1\" must be a%2 array of schemas"_s.arg(key.toString(),
                                                          nonEmpty ? u" non-empty"_s : QString()),
             where(doc, at));
        return false;
    }
    int index = 0;
    for (const JsonValue &item : v->items()) {
        const QString itemAt = at + u'/' + QString::number(index++);
        if (!item.isObject() && !item.isBool()) {
            fail(u"\"%1\" must contain schemas (objects or booleans)"_s.arg(key.toString()),
                 where(doc, itemAt));
            return false;
        }
        const JsonSchemaNode *node = load(item, doc, itemAt);
        if (!node)
            return false;
        if (out)
            out->append(node);
    }
    return true;
}

bool JsonSchemaLoader::stringArray(const JsonValue &v, const QString &what, int doc, const QString &at,
                                   QStringList *out)
{
    if (!v.isArray()) {
        fail(u"%1 must be an array of strings"_s.arg(what), where(doc, at));
        return false;
    }
    QStringList values;
    for (const JsonValue &item : v.items()) {
        if (!item.isString()) {
            fail(u"%1 must be an array of strings"_s.arg(what), where(doc, at));
            return false;
        }
        if (values.contains(item.toString())) {
            fail(u"%1 contains \"%2\" twice"_s.arg(what, item.toString()), where(doc, at));
            return false;
        }
        values << item.toString();
    }
    if (out)
        *out = values;
    return true;
}

bool JsonSchemaLoader::hasAny(const JsonValue &object, std::initializer_list<QLatin1StringView> keys)
{
    for (QLatin1StringView k : keys) {
        if (object.find(k))
            return true;
    }
    return false;
}

void JsonSchemaLoader::readRange(const JsonValue &o, QAnyStringView minKey, QAnyStringView maxKey,
                                 std::optional<qint64> &min, std::optional<qint64> &max)
{
    if (const JsonValue *v = o.find(minKey))
        min = v->toInt64();
    if (const JsonValue *v = o.find(maxKey))
        max = v->toInt64();
}

bool JsonSchemaLoader::fillString(JsonSchemaNode *n, const JsonValue &o)
{
    n->kind = JsonSchemaNode::Kind::String;
    n->minLength = std::nullopt;
    readRange(o, u"minLength", u"maxLength", n->minLength, n->maxLength);
    if (const JsonValue *p = o.find(u"pattern"))
        n->pattern = p->toString();
    return true;
}

void JsonSchemaLoader::fillNumber(JsonSchemaNode *n, const JsonValue &o, bool integer)
{
    n->kind = JsonSchemaNode::Kind::Number;
    n->requiresInteger = integer;
    auto number = [&](QAnyStringView key) -> std::optional<double> {
        const JsonValue *v = o.find(key);
        return v && v->isNumber() ? std::optional<double>(v->toDouble()) : std::nullopt;
    };
    n->minimum = number(u"minimum");
    n->maximum = number(u"maximum");
    n->exclusiveMinimum = number(u"exclusiveMinimum");
    n->exclusiveMaximum = number(u"exclusiveMaximum");
    n->multipleOf = number(u"multipleOf");
    // Draft 4 spells exclusive limits as booleans next to minimum/maximum.
    if (const JsonValue *b = o.find(u"exclusiveMinimum"); b && b->isBool() && b->toBool()) {
        n->exclusiveMinimum = n->minimum;
        n->minimum = std::nullopt;
    }
    if (const JsonValue *b = o.find(u"exclusiveMaximum"); b && b->isBool() && b->toBool()) {
        n->exclusiveMaximum = n->maximum;
        n->maximum = std::nullopt;
    }
}

bool JsonSchemaLoader::permitsOrSchema(const JsonValue &o, QAnyStringView key, int doc,
                                       const QString &pointer, bool &permits, const JsonSchemaNode *&schema)
{
    const JsonValue *v = o.find(key);
    if (!v)
        return true;
    if (v->isBool()) {
        permits = v->toBool();
        return true;
    }
    schema = subschema(o, key, doc, pointer);
    return schema != nullptr;
}

bool JsonSchemaLoader::fillObject(JsonSchemaNode *n, const JsonValue &o, int doc, const QString &pointer)
{
    n->kind = JsonSchemaNode::Kind::Object;
    if (!schemaMap(o, u"properties", doc, pointer, &n->properties))
        return false;
    if (!schemaMap(o, u"patternProperties", doc, pointer, &n->patternProperties, true))
        return false;
    if (const JsonValue *req = o.find(u"required")) {
        if (!stringArray(*req, u"\"required\""_s, doc, pointer + u"/required"_s, &n->required))
            return false;
    }
    if (n->properties.size() > 16) {
        for (qsizetype i = 0; i < n->properties.size(); ++i)
            n->propertyIndex.insert(n->properties[i].first, i);
    }
    if (n->required.size() > 16)
        n->requiredSet = QSet<QString>(n->required.begin(), n->required.end());
    if (!permitsOrSchema(o, u"additionalProperties", doc, pointer, n->permitsAdditionalProperties,
                         n->additionalProperties))
        return false;
    if (const JsonValue *deps = o.find(u"dependencies")) {
        for (const JsonMember &m : deps->members()) {
            const QString at = pointer + u"/dependencies/"_s + escapeToken(m.key);
            if (m.value.isArray()) {
                QStringList names;
                if (!stringArray(m.value, u"A property dependency"_s, doc, at, &names))
                    return false;
                n->propertyDependencies.insert(m.key, names);
            } else {
                const JsonSchemaNode *s = load(m.value, doc, at);
                if (!s)
                    return false;
                n->schemaDependencies.insert(m.key, s);
            }
        }
    }
    readRange(o, u"minProperties", u"maxProperties", n->minProperties, n->maxProperties);
    return true;
}

bool JsonSchemaLoader::fillArray(JsonSchemaNode *n, const JsonValue &o, int doc, const QString &pointer)
{
    n->kind = JsonSchemaNode::Kind::Array;
    const JsonValue *items = o.find(u"items");
    if (o.find(u"prefixItems")) {
        // Draft 2020-12: prefixItems is the tuple, items the schema of the rest.
        if (!schemaArray(o, u"prefixItems", doc, pointer, &n->itemSchemas, false))
            return false;
        if (!permitsOrSchema(o, u"items", doc, pointer, n->permitsAdditionalItems, n->additionalItems))
            return false;
    } else if (items && items->isArray()) {
        if (!schemaArray(o, u"items", doc, pointer, &n->itemSchemas, false))
            return false;
    } else if (items) {
        n->allItems = subschema(o, u"items", doc, pointer);
        if (!n->allItems)
            return false;
    }
    if (!permitsOrSchema(o, u"additionalItems", doc, pointer, n->permitsAdditionalItems, n->additionalItems))
        return false;
    readRange(o, u"minItems", u"maxItems", n->minItems, n->maxItems);
    if (const JsonValue *u = o.find(u"uniqueItems"))
        n->uniqueItems = u->toBool();
    return true;
}

bool JsonSchemaLoader::validateKeywords(const JsonValue &o, int doc, const QString &pointer)
{
    for (QLatin1StringView key :
         {"minLength"_L1, "maxLength"_L1, "minItems"_L1, "maxItems"_L1, "minProperties"_L1,
          "maxProperties"_L1, "minContains"_L1, "maxContains"_L1}) {
        if (!checkNonNegativeInteger(o, key, doc, pointer))
            return false;
    }
    std::optional<double> unused;
    for (QLatin1StringView key : {"minimum"_L1, "maximum"_L1}) {
        if (!checkNumber(o, key, doc, pointer, &unused))
            return false;
    }
    for (QLatin1StringView key : {"exclusiveMinimum"_L1, "exclusiveMaximum"_L1}) {
        if (!checkNumber(o, key, doc, pointer, &unused, true))
            return false;
    }
    std::optional<double> multipleOf;
    if (!checkNumber(o, u"multipleOf", doc, pointer, &multipleOf))
        return false;
    if (multipleOf && *multipleOf <= 0) {
        fail(u"\"multipleOf\" must be greater than 0"_s, where(doc, pointer + u"/multipleOf"_s));
        return false;
    }
    for (QLatin1StringView key : {"title"_L1, "description"_L1, "format"_L1, "$schema"_L1, "$comment"_L1,
                                  "$anchor"_L1, "pattern"_L1, "$id"_L1}) {
        if (!checkString(o, key, doc, pointer))
            return false;
    }
    if (const JsonValue *p = o.find(u"pattern");
        p && !checkRegex(p->toString(), doc, pointer + u"/pattern"_s))
        return false;
    if (const JsonValue *u = o.find(u"uniqueItems"); u && !u->isBool())
        return keywordError(u"uniqueItems", u"a boolean"_s, doc, pointer);
    if (const JsonValue *e = o.find(u"enum"); e && !e->isArray())
        return keywordError(u"enum", u"an array"_s, doc, pointer);
    if (const JsonValue *deps = o.find(u"dependencies"); deps && !deps->isObject())
        return keywordError(u"dependencies", u"an object"_s, doc, pointer);
    if (const JsonValue *dr = o.find(u"dependentRequired")) {
        if (!dr->isObject())
            return keywordError(u"dependentRequired", u"an object"_s, doc, pointer);
        for (const JsonMember &m : dr->members()) {
            if (!stringArray(m.value, u"A dependentRequired entry"_s, doc,
                             pointer + u"/dependentRequired/"_s + escapeToken(m.key), nullptr))
                return false;
        }
    }
    // Subschemas that do not take part in the comparison still have to be valid.
    for (QLatin1StringView key : {"definitions"_L1, "$defs"_L1, "dependentSchemas"_L1}) {
        if (!schemaMap(o, key, doc, pointer, nullptr))
            return false;
    }
    for (QLatin1StringView key : {"contains"_L1, "propertyNames"_L1, "if"_L1, "then"_L1, "else"_L1,
                                  "unevaluatedItems"_L1, "unevaluatedProperties"_L1}) {
        if (o.find(key) && !subschema(o, key, doc, pointer))
            return false;
    }
    if (const JsonValue *items = o.find(u"items");
        items && !items->isArray() && !items->isObject() && !items->isBool()) {
        fail(u"\"items\" must be a schema or an array of schemas"_s, where(doc, pointer + u"/items"_s));
        return false;
    }
    for (QLatin1StringView key : {"additionalItems"_L1, "additionalProperties"_L1, "not"_L1}) {
        const JsonValue *v = o.find(key);
        if (v && !v->isObject() && !v->isBool()) {
            fail(u"\"%1\" must be a schema (an object or a boolean)"_s.arg(key.toString()),
                 where(doc, pointer + u'/' + key.toString()));
            return false;
        }
    }
    if (const JsonValue *props = o.find(u"properties"); props && !props->isObject()) {
        fail(u"\"properties\" must be an object whose values are schemas"_s,
             where(doc, pointer + u"/properties"_s));
        return false;
    }
    if (const JsonValue *req = o.find(u"required")) {
        if (!stringArray(*req, u"\"required\""_s, doc, pointer + u"/required"_s, nullptr))
            return false;
    }
    return true;
}

const JsonSchemaNode *JsonSchemaLoader::load(const JsonValue &v, int doc, const QString &pointer)
{
    if (JsonSchemaNode *done = m_loaded.value(&v))
        return done;
    const QString location = doc == 0 ? pointer : m_names.value(doc) + pointer;
    if (v.isBool()) {
        JsonSchemaNode *node = newNode(v.toBool() ? JsonSchemaNode::Kind::Empty : JsonSchemaNode::Kind::False,
                                       nullptr, location);
        m_loaded.insert(&v, node);
        return node;
    }
    if (const JsonValue *ref = v.find(u"$ref"))
        return loadRef(v, *ref, doc, pointer);

    JsonSchemaNode *node = newNode(JsonSchemaNode::Kind::Empty, &v, location);
    m_loaded.insert(&v, node);
    if (!validateKeywords(v, doc, pointer))
        return nullptr;
    readAnnotations(node, v, doc, pointer);

    // The parts of this schema, as everit splits them.
    QStringList types;
    if (!schemaTypes(v, doc, pointer, types))
        return nullptr;
    QList<JsonSchemaNode *> typed;
    for (const QString &t : std::as_const(types)) {
        JsonSchemaNode *part = types.size() == 1 ? node : newNode(JsonSchemaNode::Kind::Empty, &v, location);
        if (!fillTyped(part, t, v, doc, pointer))
            return nullptr;
        typed << part;
    }
    return combineParts(node, typed, v, doc, pointer) ? node : nullptr;
}

const JsonSchemaNode *JsonSchemaLoader::loadRef(const JsonValue &v, const JsonValue &ref, int doc,
                                                const QString &pointer)
{
    if (!ref.isString()) {
        fail(u"\"$ref\" must be a string"_s, where(doc, pointer + u"/$ref"_s));
        return nullptr;
    }
    // Definitions next to a $ref are still checked.
    if (!schemaMap(v, u"definitions", doc, pointer, nullptr) ||
        !schemaMap(v, u"$defs", doc, pointer, nullptr))
        return nullptr;
    const JsonSchemaNode *target = resolve(v, ref.toString(), doc, pointer);
    if (target)
        m_loaded.insert(&v, const_cast<JsonSchemaNode *>(target));
    return target;
}

void JsonSchemaLoader::readAnnotations(JsonSchemaNode *node, const JsonValue &v, int doc,
                                       const QString &pointer)
{
    std::optional<QString> id;
    checkString(v, u"$id", doc, pointer, &id);
    if (!id) {
        if (const JsonValue *oldId = v.find(u"id"); oldId && oldId->isString())
            id = oldId->toString();
    }
    node->id = id;
    checkString(v, u"title", doc, pointer, &node->title);
    checkString(v, u"description", doc, pointer, &node->description);
    if (const JsonValue *def = v.find(u"default"))
        node->defaultValue = *def;
}

bool JsonSchemaLoader::schemaTypes(const JsonValue &v, int doc, const QString &pointer, QStringList &types)
{
    const JsonValue *type = v.find(u"type");
    if (!type) {
        // Without "type", the keywords present say which type families apply.
        if (hasAny(v, {"properties"_L1, "required"_L1, "additionalProperties"_L1, "patternProperties"_L1,
                       "minProperties"_L1, "maxProperties"_L1, "dependencies"_L1, "propertyNames"_L1}))
            types << u"object"_s;
        if (hasAny(v, {"items"_L1, "additionalItems"_L1, "minItems"_L1, "maxItems"_L1, "uniqueItems"_L1,
                       "contains"_L1, "prefixItems"_L1}))
            types << u"array"_s;
        if (hasAny(v, {"minLength"_L1, "maxLength"_L1, "pattern"_L1}))
            types << u"string"_s;
        if (hasAny(v, {"minimum"_L1, "maximum"_L1, "exclusiveMinimum"_L1, "exclusiveMaximum"_L1,
                       "multipleOf"_L1}))
            types << u"number"_s;
        return true;
    }
    static const QStringList known{u"string"_s, u"number"_s,  u"integer"_s, u"object"_s,
                                   u"array"_s,  u"boolean"_s, u"null"_s};
    if (type->isString()) {
        types << type->toString();
    } else if (type->isArray() && !type->items().empty()) {
        if (!stringArray(*type, u"\"type\""_s, doc, pointer + u"/type"_s, &types))
            return false;
    } else {
        fail(u"\"type\" must be a type name or a non-empty array of type names"_s,
             where(doc, pointer + u"/type"_s));
        return false;
    }
    for (const QString &t : std::as_const(types)) {
        if (!known.contains(t)) {
            fail(u"Unknown type \"%1\": expected one of %2"_s.arg(t, known.join(u", "_s)),
                 where(doc, pointer + u"/type"_s));
            return false;
        }
    }
    return true;
}

bool JsonSchemaLoader::fillTyped(JsonSchemaNode *part, const QString &type, const JsonValue &v, int doc,
                                 const QString &pointer)
{
    if (type == u"string") {
        fillString(part, v);
    } else if (type == u"number" || type == u"integer") {
        fillNumber(part, v, type == u"integer");
    } else if (type == u"object") {
        return fillObject(part, v, doc, pointer);
    } else if (type == u"array") {
        return fillArray(part, v, doc, pointer);
    } else if (type == u"boolean") {
        part->kind = JsonSchemaNode::Kind::Boolean;
    } else {
        part->kind = JsonSchemaNode::Kind::Null;
    }
    return true;
}

bool JsonSchemaLoader::combineParts(JsonSchemaNode *node, const QList<JsonSchemaNode *> &typed,
                                    const JsonValue &v, int doc, const QString &pointer)
{
    const bool hasEnum = v.find(u"enum");
    const bool hasConst = v.find(u"const");
    const bool hasNot = v.find(u"not");
    QList<QLatin1StringView> combiners;
    for (QLatin1StringView c : {"allOf"_L1, "anyOf"_L1, "oneOf"_L1}) {
        if (v.find(c))
            combiners << c;
    }
    const int pieces =
        (typed.isEmpty() ? 0 : 1) + int(hasEnum) + int(hasConst) + int(hasNot) + int(combiners.size());
    if (pieces == 0)
        return true; // {} accepts everything

    auto piece = [&](JsonSchemaNode::Kind kind) -> JsonSchemaNode * {
        JsonSchemaNode *p = pieces == 1 ? node : newNode(JsonSchemaNode::Kind::Empty, &v, node->location);
        p->kind = kind;
        return p;
    };
    QList<JsonSchemaNode *> parts;
    if (typed.size() > 1) {
        JsonSchemaNode *anyOf = piece(JsonSchemaNode::Kind::Combined);
        anyOf->criterion = u"anyOf"_s;
        for (JsonSchemaNode *t : std::as_const(typed))
            anyOf->subschemas << t;
        parts << anyOf;
    } else if (typed.size() == 1) {
        parts << (pieces > 1 ? detachTyped(typed.first(), v) : typed.first());
    }
    if (hasEnum) {
        JsonSchemaNode *e = piece(JsonSchemaNode::Kind::Enum);
        e->enumValues = v.find(u"enum")->items();
        parts << e;
    }
    if (hasConst) {
        JsonSchemaNode *c = piece(JsonSchemaNode::Kind::Const);
        c->constValue = *v.find(u"const");
        parts << c;
    }
    for (QLatin1StringView c : std::as_const(combiners)) {
        JsonSchemaNode *combined = piece(JsonSchemaNode::Kind::Combined);
        combined->criterion = c;
        if (!schemaArray(v, c, doc, pointer, &combined->subschemas, true))
            return false;
        parts << combined;
    }
    if (hasNot) {
        JsonSchemaNode *n = piece(JsonSchemaNode::Kind::Not);
        n->notSchema = subschema(v, u"not", doc, pointer);
        if (!n->notSchema)
            return false;
        parts << n;
    }
    if (pieces > 1)
        makeAllOf(node, parts);
    return true;
}

JsonSchemaNode *JsonSchemaLoader::detachTyped(const JsonSchemaNode *typed, const JsonValue &v)
{
    // The typed part has to be a node of its own; move it out of `node`.
    JsonSchemaNode *own = newNode(JsonSchemaNode::Kind::Empty, &v, typed->location);
    *own = *typed;
    own->id.reset();
    own->title.reset();
    own->description.reset();
    own->defaultValue.reset();
    return own;
}

void JsonSchemaLoader::makeAllOf(JsonSchemaNode *node, const QList<JsonSchemaNode *> &parts)
{
    // Reset the typed fields of `node` and make it the allOf of its parts.
    JsonSchemaNode combined;
    combined.json = node->json;
    combined.location = node->location;
    combined.id = node->id;
    combined.title = node->title;
    combined.description = node->description;
    combined.defaultValue = node->defaultValue;
    combined.kind = JsonSchemaNode::Kind::Combined;
    combined.criterion = u"allOf"_s;
    for (JsonSchemaNode *p : parts)
        combined.subschemas << p;
    *node = std::move(combined);
}

} // namespace sd::schema
