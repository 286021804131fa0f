#include "schema/JsonSchema.h"

#include "schema/SchemaInternal.h"

#include <cmath>
#include <functional>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sd::schema {

const JsonSchemaNode *JsonSchemaNode::property(QStringView name) const
{
    if (!propertyIndex.isEmpty()) {
        const auto it = propertyIndex.constFind(name.toString());
        return it == propertyIndex.constEnd() ? nullptr : properties[*it].second;
    }
    for (const auto &p : properties) {
        if (p.first == name)
            return p.second;
    }
    return nullptr;
}

bool JsonSchemaNode::isRequired(const QString &name) const
{
    return requiredSet.isEmpty() ? required.contains(name) : requiredSet.contains(name);
}

// ---------------------------------------------------------------------------------------------
// Loading and validation.

class JsonSchemaLoader
{
public:
    JsonSchemaLoader(JsonSchema &schema, QStringList documentNames)
        : m_schema(schema)
        , m_names(std::move(documentNames))
    {}

    const JsonSchemaNode *loadRoot()
    {
        const JsonValue &root = *m_schema.m_documents.front();
        if (!root.isObject() && !root.isBool()) {
            fail(u"A JSON schema must be an object or a boolean"_s, u"#"_s);
            return nullptr;
        }
        const JsonSchemaNode *node = load(root, 0, u"#"_s);
        return m_error.isEmpty() ? node : nullptr;
    }

    QString error() const { return m_error; }

private:
    JsonSchema &m_schema;
    QStringList m_names; // document names: [0] empty (this schema), then the references' names
    QString m_error;
    QHash<const JsonValue *, JsonSchemaNode *> m_loaded;
    QSet<const JsonValue *> m_resolving; // $ref objects being followed (detects $ref cycles)

    void fail(const QString &message, const QString &where)
    {
        if (m_error.isEmpty())
            m_error = u"%1 (at %2)"_s.arg(message, where);
    }

    QString where(int doc, const QString &pointer) const
    {
        return doc == 0 ? pointer : u"reference \"%1\" %2"_s.arg(m_names.value(doc), pointer);
    }

    JsonSchemaNode *newNode(JsonSchemaNode::Kind kind, const JsonValue *json, const QString &location)
    {
        m_schema.m_nodes.push_back(std::make_unique<JsonSchemaNode>());
        JsonSchemaNode *node = m_schema.m_nodes.back().get();
        node->kind = kind;
        node->json = json;
        node->location = location;
        return node;
    }

    static QString escapeToken(QString token) { return token.replace(u'~', u"~0"_s).replace(u'/', u"~1"_s); }

    // ---- $ref resolution

    static const JsonValue *followPointer(const JsonValue *root, const QString &fragment)
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

    static const JsonValue *findAnchor(const JsonValue &value, const QString &anchor)
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

    static QString lastSegment(const QString &uri)
    {
        const qsizetype slash = uri.lastIndexOf(u'/');
        return slash >= 0 ? uri.mid(slash + 1) : uri;
    }

    static QString documentId(const JsonValue &doc)
    {
        const JsonValue *id = doc.isObject() ? doc.find(u"$id") : nullptr;
        if (!id)
            id = doc.isObject() ? doc.find(u"id") : nullptr;
        return id && id->isString() ? id->toString() : QString();
    }

    int findDocument(const QString &base, int currentDoc) const
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

    const JsonSchemaNode *resolve(const JsonValue &refObject, const QString &ref, int doc,
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
        const JsonValue *target = fragment.isEmpty() || fragment.startsWith(u'/')
                                      ? followPointer(root, fragment)
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

    // ---- keyword checks

    bool checkNonNegativeInteger(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                                 std::optional<qint64> *out = nullptr)
    {
        const JsonValue *v = object.find(key);
        if (!v)
            return true;
        // Draft 6+ allow 2.0 for an integer; Jackson/everit accept integral values only when exact.
        std::optional<qint64> value = v->toInt64();
        // (Within 64 bits: converting a larger double is undefined behaviour.)
        if (!value && v->isNumber() && std::floor(v->toDouble()) == v->toDouble() &&
            v->toDouble() > -9.2e18 && v->toDouble() < 9.2e18)
            value = qint64(v->toDouble());
        if (!value || *value < 0) {
            fail(u"\"%1\" must be a non-negative integer"_s.arg(key.toString()),
                 where(doc, pointer + u'/' + key.toString()));
            return false;
        }
        if (out)
            *out = value;
        return true;
    }

    bool checkNumber(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                     std::optional<double> *out, bool allowBool = false)
    {
        const JsonValue *v = object.find(key);
        if (!v)
            return true;
        if (allowBool && v->isBool())
            return true;
        if (!v->isNumber()) {
            fail(u"\"%1\" must be a number"_s.arg(key.toString()),
                 where(doc, pointer + u'/' + key.toString()));
            return false;
        }
        if (out)
            *out = v->toDouble();
        return true;
    }

    bool checkString(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                     std::optional<QString> *out = nullptr)
    {
        const JsonValue *v = object.find(key);
        if (!v)
            return true;
        if (!v->isString()) {
            fail(u"\"%1\" must be a string"_s.arg(key.toString()),
                 where(doc, pointer + u'/' + key.toString()));
            return false;
        }
        if (out)
            *out = v->toString();
        return true;
    }

    bool checkRegex(const QString &pattern, int doc, const QString &at)
    {
        const QRegularExpression re(pattern);
        if (!re.isValid()) {
            fail(u"Invalid regular expression \"%1\": %2"_s.arg(pattern, re.errorString()), where(doc, at));
            return false;
        }
        return true;
    }

    const JsonSchemaNode *subschema(const JsonValue &object, QAnyStringView key, int doc,
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

    bool schemaMap(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                   QList<std::pair<QString, const JsonSchemaNode *>> *out, bool keysAreRegex = false)
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

    bool schemaArray(const JsonValue &object, QAnyStringView key, int doc, const QString &pointer,
                     QList<const JsonSchemaNode *> *out, bool nonEmpty)
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

    bool stringArray(const JsonValue &v, const QString &what, int doc, const QString &at, QStringList *out)
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

    // ---- loading

    static bool hasAny(const JsonValue &object, std::initializer_list<QLatin1StringView> keys)
    {
        for (QLatin1StringView k : keys) {
            if (object.find(k))
                return true;
        }
        return false;
    }

    bool fillString(JsonSchemaNode *n, const JsonValue &o)
    {
        n->kind = JsonSchemaNode::Kind::String;
        n->minLength = std::nullopt;
        const JsonValue *minLength = o.find(u"minLength");
        const JsonValue *maxLength = o.find(u"maxLength");
        if (minLength)
            n->minLength = minLength->toInt64();
        if (maxLength)
            n->maxLength = maxLength->toInt64();
        if (const JsonValue *p = o.find(u"pattern"))
            n->pattern = p->toString();
        return true;
    }

    void fillNumber(JsonSchemaNode *n, const JsonValue &o, bool integer)
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

    bool fillObject(JsonSchemaNode *n, const JsonValue &o, int doc, const QString &pointer)
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
        if (const JsonValue *ap = o.find(u"additionalProperties")) {
            if (ap->isBool()) {
                n->permitsAdditionalProperties = ap->toBool();
            } else {
                n->additionalProperties = subschema(o, u"additionalProperties", doc, pointer);
                if (!n->additionalProperties)
                    return false;
            }
        }
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
        const JsonValue *minP = o.find(u"minProperties");
        const JsonValue *maxP = o.find(u"maxProperties");
        if (minP)
            n->minProperties = minP->toInt64();
        if (maxP)
            n->maxProperties = maxP->toInt64();
        return true;
    }

    bool fillArray(JsonSchemaNode *n, const JsonValue &o, int doc, const QString &pointer)
    {
        n->kind = JsonSchemaNode::Kind::Array;
        const JsonValue *items = o.find(u"items");
        if (o.find(u"prefixItems")) {
            // Draft 2020-12: prefixItems is the tuple, items the schema of the rest.
            if (!schemaArray(o, u"prefixItems", doc, pointer, &n->itemSchemas, false))
                return false;
            if (items && items->isBool()) {
                n->permitsAdditionalItems = items->toBool();
            } else if (items) {
                n->additionalItems = subschema(o, u"items", doc, pointer);
                if (!n->additionalItems)
                    return false;
            }
        } else if (items && items->isArray()) {
            if (!schemaArray(o, u"items", doc, pointer, &n->itemSchemas, false))
                return false;
        } else if (items) {
            n->allItems = subschema(o, u"items", doc, pointer);
            if (!n->allItems)
                return false;
        }
        if (const JsonValue *ai = o.find(u"additionalItems")) {
            if (ai->isBool()) {
                n->permitsAdditionalItems = ai->toBool();
            } else {
                n->additionalItems = subschema(o, u"additionalItems", doc, pointer);
                if (!n->additionalItems)
                    return false;
            }
        }
        const JsonValue *minI = o.find(u"minItems");
        const JsonValue *maxI = o.find(u"maxItems");
        if (minI)
            n->minItems = minI->toInt64();
        if (maxI)
            n->maxItems = maxI->toInt64();
        if (const JsonValue *u = o.find(u"uniqueItems"))
            n->uniqueItems = u->toBool();
        return true;
    }

    // Validates the keywords of one schema object that are not tied to a type family.
    bool validateKeywords(const JsonValue &o, int doc, const QString &pointer)
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
        if (const JsonValue *u = o.find(u"uniqueItems"); u && !u->isBool()) {
            fail(u"\"uniqueItems\" must be a boolean"_s, where(doc, pointer + u"/uniqueItems"_s));
            return false;
        }
        if (const JsonValue *e = o.find(u"enum"); e && !e->isArray()) {
            fail(u"\"enum\" must be an array"_s, where(doc, pointer + u"/enum"_s));
            return false;
        }
        if (const JsonValue *deps = o.find(u"dependencies"); deps && !deps->isObject()) {
            fail(u"\"dependencies\" must be an object"_s, where(doc, pointer + u"/dependencies"_s));
            return false;
        }
        if (const JsonValue *dr = o.find(u"dependentRequired")) {
            if (!dr->isObject()) {
                fail(u"\"dependentRequired\" must be an object"_s,
                     where(doc, pointer + u"/dependentRequired"_s));
                return false;
            }
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

    const JsonSchemaNode *load(const JsonValue &v, int doc, const QString &pointer)
    {
        if (JsonSchemaNode *done = m_loaded.value(&v))
            return done;
        const QString location = doc == 0 ? pointer : m_names.value(doc) + pointer;
        if (v.isBool()) {
            JsonSchemaNode *node = newNode(
                v.toBool() ? JsonSchemaNode::Kind::Empty : JsonSchemaNode::Kind::False, nullptr, location);
            m_loaded.insert(&v, node);
            return node;
        }
        if (const JsonValue *ref = v.find(u"$ref")) {
            if (!ref->isString()) {
                fail(u"\"$ref\" must be a string"_s, where(doc, pointer + u"/$ref"_s));
                return nullptr;
            }
            // Definitions next to a $ref are still checked.
            if (!schemaMap(v, u"definitions", doc, pointer, nullptr) ||
                !schemaMap(v, u"$defs", doc, pointer, nullptr))
                return nullptr;
            const JsonSchemaNode *target = resolve(v, ref->toString(), doc, pointer);
            if (target)
                m_loaded.insert(&v, const_cast<JsonSchemaNode *>(target));
            return target;
        }

        JsonSchemaNode *node = newNode(JsonSchemaNode::Kind::Empty, &v, location);
        m_loaded.insert(&v, node);
        if (!validateKeywords(v, doc, pointer))
            return nullptr;

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

        // The parts of this schema, as everit splits them.
        QList<JsonSchemaNode *> parts;
        QStringList types;
        if (const JsonValue *type = v.find(u"type")) {
            static const QStringList known{u"string"_s, u"number"_s,  u"integer"_s, u"object"_s,
                                           u"array"_s,  u"boolean"_s, u"null"_s};
            if (type->isString()) {
                types << type->toString();
            } else if (type->isArray() && !type->items().empty()) {
                if (!stringArray(*type, u"\"type\""_s, doc, pointer + u"/type"_s, &types))
                    return nullptr;
            } else {
                fail(u"\"type\" must be a type name or a non-empty array of type names"_s,
                     where(doc, pointer + u"/type"_s));
                return nullptr;
            }
            for (const QString &t : std::as_const(types)) {
                if (!known.contains(t)) {
                    fail(u"Unknown type \"%1\": expected one of %2"_s.arg(t, known.join(u", "_s)),
                         where(doc, pointer + u"/type"_s));
                    return nullptr;
                }
            }
        } else {
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
        }
        QList<JsonSchemaNode *> typed;
        for (const QString &t : std::as_const(types)) {
            JsonSchemaNode *part =
                types.size() == 1 ? node : newNode(JsonSchemaNode::Kind::Empty, &v, location);
            if (t == u"string") {
                fillString(part, v);
            } else if (t == u"number" || t == u"integer") {
                fillNumber(part, v, t == u"integer");
            } else if (t == u"object") {
                if (!fillObject(part, v, doc, pointer))
                    return nullptr;
            } else if (t == u"array") {
                if (!fillArray(part, v, doc, pointer))
                    return nullptr;
            } else if (t == u"boolean") {
                part->kind = JsonSchemaNode::Kind::Boolean;
            } else {
                part->kind = JsonSchemaNode::Kind::Null;
            }
            typed << part;
        }
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
            return node; // {} accepts everything

        auto piece = [&]() -> JsonSchemaNode * {
            return pieces == 1 ? node : newNode(JsonSchemaNode::Kind::Empty, &v, location);
        };
        if (typed.size() > 1) {
            JsonSchemaNode *anyOf = piece();
            anyOf->kind = JsonSchemaNode::Kind::Combined;
            anyOf->criterion = u"anyOf"_s;
            for (JsonSchemaNode *t : std::as_const(typed))
                anyOf->subschemas << t;
            parts << anyOf;
        } else if (typed.size() == 1) {
            if (pieces > 1) {
                // The typed part has to be a node of its own; move it out of `node`.
                JsonSchemaNode *own = newNode(JsonSchemaNode::Kind::Empty, &v, location);
                *own = *typed.first();
                own->id.reset();
                own->title.reset();
                own->description.reset();
                own->defaultValue.reset();
                parts << own;
            } else {
                parts << typed.first();
            }
        }
        if (hasEnum) {
            JsonSchemaNode *e = piece();
            e->kind = JsonSchemaNode::Kind::Enum;
            e->enumValues = v.find(u"enum")->items();
            parts << e;
        }
        if (hasConst) {
            JsonSchemaNode *c = piece();
            c->kind = JsonSchemaNode::Kind::Const;
            c->constValue = *v.find(u"const");
            parts << c;
        }
        for (QLatin1StringView c : std::as_const(combiners)) {
            JsonSchemaNode *combined = piece();
            combined->kind = JsonSchemaNode::Kind::Combined;
            combined->criterion = c;
            if (!schemaArray(v, c, doc, pointer, &combined->subschemas, true))
                return nullptr;
            parts << combined;
        }
        if (hasNot) {
            JsonSchemaNode *n = piece();
            n->kind = JsonSchemaNode::Kind::Not;
            n->notSchema = subschema(v, u"not", doc, pointer);
            if (!n->notSchema)
                return nullptr;
            parts << n;
        }
        if (pieces > 1) {
            // Reset the typed fields of `node` and make it the allOf of its parts.
            const auto id2 = node->id;
            const auto title = node->title;
            const auto description = node->description;
            const auto def = node->defaultValue;
            *node = JsonSchemaNode{};
            node->json = &v;
            node->location = location;
            node->id = id2;
            node->title = title;
            node->description = description;
            node->defaultValue = def;
            node->kind = JsonSchemaNode::Kind::Combined;
            node->criterion = u"allOf"_s;
            for (JsonSchemaNode *p : std::as_const(parts))
                node->subschemas << p;
        }
        return node;
    }
};

ParseResult JsonSchema::parse(const QString &text, const QList<ResolvedReference> &references)
{
    auto schema = std::make_shared<JsonSchema>();
    schema->m_references = references;
    const JsonParseResult json = parseJson(text);
    if (!json.value)
        return {nullptr, json.error};
    schema->m_documents.push_back(std::make_unique<JsonValue>(*json.value));
    QStringList names{QString()};
    for (const ResolvedReference &ref : references) {
        if (ref.type != SchemaType::Json) {
            return {nullptr,
                    u"Reference \"%1\" is a %2 schema; a JSON schema can only reference JSON schemas"_s.arg(
                        ref.name, schemaTypeName(ref.type))};
        }
        const JsonParseResult refJson = parseJson(ref.schema);
        if (!refJson.value)
            return {nullptr, u"In reference \"%1\": %2"_s.arg(ref.name, refJson.error)};
        schema->m_documents.push_back(std::make_unique<JsonValue>(*refJson.value));
        names << ref.name;
    }
    JsonSchemaLoader loader(*schema, names);
    schema->m_root = loader.loadRoot();
    if (!schema->m_root)
        return {nullptr, loader.error()};
    schema->m_canonical = writeJson(schema->document());
    return {schema, QString()};
}

QString JsonSchema::normalizedText() const
{
    return writeJson(sortedJson(document()));
}

QString JsonSchema::prettyText() const
{
    return writeJson(document(), JsonFormat::Pretty);
}

// ---------------------------------------------------------------------------------------------
// Compatibility: Confluent's SchemaDiff.

namespace {

const QSet<QString> &compatibleChanges()
{
    static const QSet<QString> set{
        u"ID_CHANGED"_s,
        u"DESCRIPTION_CHANGED"_s,
        u"TITLE_CHANGED"_s,
        u"DEFAULT_CHANGED"_s,
        u"SCHEMA_REMOVED"_s,
        u"TYPE_EXTENDED"_s,
        u"MAX_LENGTH_INCREASED"_s,
        u"MAX_LENGTH_REMOVED"_s,
        u"MIN_LENGTH_DECREASED"_s,
        u"MIN_LENGTH_REMOVED"_s,
        u"PATTERN_REMOVED"_s,
        u"MAXIMUM_INCREASED"_s,
        u"MAXIMUM_REMOVED"_s,
        u"MINIMUM_DECREASED"_s,
        u"MINIMUM_REMOVED"_s,
        u"EXCLUSIVE_MAXIMUM_INCREASED"_s,
        u"EXCLUSIVE_MAXIMUM_REMOVED"_s,
        u"EXCLUSIVE_MINIMUM_DECREASED"_s,
        u"EXCLUSIVE_MINIMUM_REMOVED"_s,
        u"MULTIPLE_OF_REDUCED"_s,
        u"MULTIPLE_OF_REMOVED"_s,
        u"REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"_s,
        u"REQUIRED_ATTRIBUTE_REMOVED"_s,
        u"DEPENDENCY_ARRAY_NARROWED"_s,
        u"DEPENDENCY_ARRAY_REMOVED"_s,
        u"DEPENDENCY_SCHEMA_REMOVED"_s,
        u"MAX_PROPERTIES_INCREASED"_s,
        u"MAX_PROPERTIES_REMOVED"_s,
        u"MIN_PROPERTIES_DECREASED"_s,
        u"MIN_PROPERTIES_REMOVED"_s,
        u"ADDITIONAL_PROPERTIES_ADDED"_s,
        u"ADDITIONAL_PROPERTIES_EXTENDED"_s,
        u"PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"_s,
        u"REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"_s,
        u"OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"_s,
        u"PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s,
        u"PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"_s,
        u"PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
        u"PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
        u"MAX_ITEMS_INCREASED"_s,
        u"MAX_ITEMS_REMOVED"_s,
        u"MIN_ITEMS_DECREASED"_s,
        u"MIN_ITEMS_REMOVED"_s,
        u"UNIQUE_ITEMS_REMOVED"_s,
        u"ADDITIONAL_ITEMS_ADDED"_s,
        u"ADDITIONAL_ITEMS_EXTENDED"_s,
        u"ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"_s,
        u"ITEM_ADDED_TO_CLOSED_CONTENT_MODEL"_s,
        u"ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s,
        u"ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL"_s,
        u"ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
        u"ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s,
        u"ENUM_ARRAY_EXTENDED"_s,
        u"COMBINED_TYPE_EXTENDED"_s,
        u"PRODUCT_TYPE_NARROWED"_s,
        u"SUM_TYPE_EXTENDED"_s,
        u"NOT_TYPE_NARROWED"_s,
    };
    return set;
}

using Kind = JsonSchemaNode::Kind;

using NodePair = std::pair<const JsonSchemaNode *, const JsonSchemaNode *>;

// State shared by a comparison and all its sub-comparisons.
struct DiffState
{
    QSet<NodePair> inProgress; // pairs on the stack: a pair met again is a recursive cycle
    // Results per pair with paths relative to the pair, so cross-product comparisons of combined
    // schemas in recursive definitions are computed once (Confluent memoises the same way).
    QHash<NodePair, QList<JsonSchemaDifference>> memo;
};

class Differ
{
public:
    explicit Differ(DiffState *state)
        : m_state(state)
    {}

    QList<JsonSchemaDifference> differences;

    Differ sub() const
    {
        Differ d(m_state);
        d.m_path = m_path;
        return d;
    }

    bool isCompatible() const
    {
        for (const JsonSchemaDifference &d : differences) {
            if (!d.compatible)
                return false;
        }
        return true;
    }

    void add(const QString &type)
    {
        push({type, u"#/"_s + m_path.join(u'/'), compatibleChanges().contains(type)});
    }

    // A schema whose definitions refer to each other through several paths reports the same
    // finding once per path, which grows exponentially with depth; past this many entries only a
    // first incompatible finding is still recorded (the verdict stays right, the report bounded).
    static constexpr qsizetype maxDifferences = 1000;

    void push(const JsonSchemaDifference &d)
    {
        if (differences.size() >= maxDifferences && (d.compatible || !isCompatible()))
            return;
        differences.append(d);
    }

    void pushAll(const QList<JsonSchemaDifference> &list)
    {
        for (const JsonSchemaDifference &d : list)
            push(d);
    }

    void add(const QString &attribute, const QString &type)
    {
        m_path.append(attribute);
        add(type);
        m_path.removeLast();
    }

    void compare(const JsonSchemaNode *original, const JsonSchemaNode *update)
    {
        if (!original && !update)
            return;
        if (!original) {
            add(u"SCHEMA_ADDED"_s);
            return;
        }
        if (!update) {
            add(u"SCHEMA_REMOVED"_s);
            return;
        }
        const NodePair key{original, update};
        auto cached = m_state->memo.constFind(key);
        if (cached == m_state->memo.constEnd()) {
            if (m_state->inProgress.contains(key))
                return; // recursion: compatible unless proven otherwise
            m_state->inProgress.insert(key);
            Differ fresh(m_state);
            fresh.compareUncached(original, update);
            m_state->inProgress.remove(key);
            cached = m_state->memo.insert(key, fresh.differences);
        }
        const QString prefix = u"#/"_s + m_path.join(u'/');
        for (JsonSchemaDifference d : *cached) {
            if (!m_path.isEmpty())
                d.path = d.path.size() <= 2 ? prefix : prefix + u'/' + d.path.mid(2);
            push(d);
        }
    }

private:
    void compareUncached(const JsonSchemaNode *original, const JsonSchemaNode *update)
    {
        if (original->kind != Kind::Combined && update->kind == Kind::Combined) {
            if (update->subschemas.size() == 1) {
                Differ s = sub();
                s.compare(original, update->subschemas.first());
                if (s.isCompatible()) {
                    pushAll(s.differences);
                    return;
                }
            } else if (update->criterion == u"anyOf" || update->criterion == u"oneOf") {
                for (const JsonSchemaNode *subschema : update->subschemas) {
                    Differ s = sub();
                    s.compare(original, subschema);
                    if (s.isCompatible()) {
                        pushAll(s.differences);
                        add(u"SUM_TYPE_EXTENDED"_s);
                        return;
                    }
                }
            }
        } else if (original->kind == Kind::Combined && update->kind != Kind::Combined) {
            if (original->subschemas.size() == 1) {
                Differ s = sub();
                s.compare(original->subschemas.first(), update);
                if (s.isCompatible()) {
                    pushAll(s.differences);
                    return;
                }
            }
        }
        if (original->kind != update->kind) {
            if (original->kind == Kind::False || update->kind == Kind::Empty)
                return;
            add(u"TYPE_CHANGED"_s);
            return;
        }
        if (original->id != update->id)
            add(u"ID_CHANGED"_s);
        if (original->title != update->title)
            add(u"TITLE_CHANGED"_s);
        if (original->description != update->description)
            add(u"DESCRIPTION_CHANGED"_s);
        if (original->defaultValue != update->defaultValue)
            add(u"DEFAULT_CHANGED"_s);
        switch (original->kind) {
        case Kind::String:
            compareString(original, update);
            break;
        case Kind::Number:
            compareNumber(original, update);
            break;
        case Kind::Enum:
            compareEnum(original, update);
            break;
        case Kind::Const:
            if (!(*original->constValue == *update->constValue))
                add(u"const"_s, u"ENUM_ARRAY_CHANGED"_s);
            break;
        case Kind::Combined:
            compareCombined(original, update);
            break;
        case Kind::Not:
            compareNot(original, update);
            break;
        case Kind::Object:
            compareObject(original, update);
            break;
        case Kind::Array:
            compareArray(original, update);
            break;
        default:
            break;
        }
    }

    DiffState *m_state;
    QStringList m_path;

    struct Scope
    {
        Scope(QStringList &path, const QString &token)
            : m_path(path)
        {
            m_path.append(token);
        }
        ~Scope() { m_path.removeLast(); }
        QStringList &m_path;
    };

    template<typename T>
    void limit(const QString &attribute, const std::optional<T> &o, const std::optional<T> &u,
               const QString &prefix)
    {
        if (o == u)
            return;
        if (!o)
            add(attribute, prefix + u"_ADDED"_s);
        else if (!u)
            add(attribute, prefix + u"_REMOVED"_s);
        else if (*o < *u)
            add(attribute, prefix + u"_INCREASED"_s);
        else if (*o > *u)
            add(attribute, prefix + u"_DECREASED"_s);
    }

    void compareString(const JsonSchemaNode *o, const JsonSchemaNode *u)
    {
        limit(u"maxLength"_s, o->maxLength, u->maxLength, u"MAX_LENGTH"_s);
        limit(u"minLength"_s, o->minLength, u->minLength, u"MIN_LENGTH"_s);
        if (o->pattern != u->pattern) {
            if (!o->pattern)
                add(u"pattern"_s, u"PATTERN_ADDED"_s);
            else if (!u->pattern)
                add(u"pattern"_s, u"PATTERN_REMOVED"_s);
            else
                add(u"pattern"_s, u"PATTERN_CHANGED"_s);
        }
    }

    void compareNumber(const JsonSchemaNode *o, const JsonSchemaNode *u)
    {
        limit(u"maximum"_s, o->maximum, u->maximum, u"MAXIMUM"_s);
        limit(u"minimum"_s, o->minimum, u->minimum, u"MINIMUM"_s);
        limit(u"exclusiveMaximum"_s, o->exclusiveMaximum, u->exclusiveMaximum, u"EXCLUSIVE_MAXIMUM"_s);
        limit(u"exclusiveMinimum"_s, o->exclusiveMinimum, u->exclusiveMinimum, u"EXCLUSIVE_MINIMUM"_s);
        if (o->multipleOf != u->multipleOf) {
            if (!o->multipleOf) {
                add(u"multipleOf"_s, u"MULTIPLE_OF_ADDED"_s);
            } else if (!u->multipleOf) {
                add(u"multipleOf"_s, u"MULTIPLE_OF_REMOVED"_s);
            } else {
                auto isMultiple = [](double a, double b) {
                    const double q = a / b;
                    return std::fabs(q - std::round(q)) < 1e-9;
                };
                if (isMultiple(*o->multipleOf, *u->multipleOf))
                    add(u"multipleOf"_s, u"MULTIPLE_OF_REDUCED"_s);
                else if (isMultiple(*u->multipleOf, *o->multipleOf))
                    add(u"multipleOf"_s, u"MULTIPLE_OF_EXPANDED"_s);
                else
                    add(u"multipleOf"_s, u"MULTIPLE_OF_CHANGED"_s);
            }
        }
        if (o->requiresInteger != u->requiresInteger)
            add(u"type"_s, o->requiresInteger ? u"TYPE_EXTENDED"_s : u"TYPE_NARROWED"_s);
    }

    static bool containsAll(const std::vector<JsonValue> &haystack, const std::vector<JsonValue> &needles)
    {
        for (const JsonValue &n : needles) {
            if (std::find(haystack.begin(), haystack.end(), n) == haystack.end())
                return false;
        }
        return true;
    }

    void compareEnum(const JsonSchemaNode *o, const JsonSchemaNode *u)
    {
        const bool extended = containsAll(u->enumValues, o->enumValues);
        const bool narrowed = containsAll(o->enumValues, u->enumValues);
        if (extended && narrowed)
            return;
        if (extended)
            add(u"enum"_s, u"ENUM_ARRAY_EXTENDED"_s);
        else if (narrowed)
            add(u"enum"_s, u"ENUM_ARRAY_NARROWED"_s);
        else
            add(u"enum"_s, u"ENUM_ARRAY_CHANGED"_s);
    }

    void compareNot(const JsonSchemaNode *o, const JsonSchemaNode *u)
    {
        Scope scope(m_path, u"not"_s);
        Differ s = sub();
        s.compare(u->notSchema, o->notSchema);
        if (s.isCompatible()) {
            if (!s.differences.isEmpty())
                add(u"NOT_TYPE_NARROWED"_s);
        } else {
            add(u"NOT_TYPE_EXTENDED"_s);
        }
    }

    static bool singleton(const JsonSchemaNode *n) { return n->subschemas.size() == 1; }

    void compareCombined(const JsonSchemaNode *o, const JsonSchemaNode *u)
    {
        if (o->criterion != u->criterion) {
            QString type;
            if (u->criterion == u"anyOf")
                type = u"COMBINED_TYPE_EXTENDED"_s;
            else if (u->criterion == u"oneOf")
                type = singleton(o) ? u"COMBINED_TYPE_EXTENDED"_s : u"COMBINED_TYPE_CHANGED"_s;
            else
                type =
                    singleton(o) && singleton(u) ? u"COMBINED_TYPE_EXTENDED"_s : u"COMBINED_TYPE_CHANGED"_s;
            add(type);
            if (type == u"COMBINED_TYPE_CHANGED")
                return;
        }
        QList<const JsonSchemaNode *> os;
        QList<const JsonSchemaNode *> us;
        for (const JsonSchemaNode *n : o->subschemas) {
            if (!os.contains(n))
                os << n;
        }
        for (const JsonSchemaNode *n : u->subschemas) {
            if (!us.contains(n))
                us << n;
        }
        const bool all = u->criterion == u"allOf";
        if (os.size() < us.size())
            add(all ? u"PRODUCT_TYPE_EXTENDED"_s : u"SUM_TYPE_EXTENDED"_s);
        else if (os.size() > us.size())
            add(all ? u"PRODUCT_TYPE_NARROWED"_s : u"SUM_TYPE_NARROWED"_s);

        // Compatible pairs, then a maximum matching (Kuhn's augmenting paths).
        QList<QList<int>> edges(os.size());
        QHash<std::pair<int, int>, QList<JsonSchemaDifference>> edgeDiffs;
        for (qsizetype i = 0; i < os.size(); ++i) {
            Scope scope(m_path, o->criterion + u'/' + QString::number(i));
            for (qsizetype j = 0; j < us.size(); ++j) {
                Differ s = sub();
                s.compare(os[i], us[j]);
                if (s.isCompatible()) {
                    edges[i] << int(j);
                    edgeDiffs.insert({int(i), int(j)}, s.differences);
                }
            }
        }
        QList<int> matchOfUpdate(us.size(), -1);
        std::function<bool(int, QList<bool> &)> augment = [&](int i, QList<bool> &seen) {
            for (int j : edges[i]) {
                if (seen[j])
                    continue;
                seen[j] = true;
                if (matchOfUpdate[j] < 0 || augment(matchOfUpdate[j], seen)) {
                    matchOfUpdate[j] = i;
                    return true;
                }
            }
            return false;
        };
        int matched = 0;
        for (int i = 0; i < int(os.size()); ++i) {
            QList<bool> seen(us.size(), false);
            if (augment(i, seen))
                ++matched;
        }
        for (int j = 0; j < int(us.size()); ++j) {
            if (matchOfUpdate[j] >= 0)
                pushAll(edgeDiffs.value({matchOfUpdate[j], j}));
        }
        if (matched < std::min(os.size(), us.size()))
            add(u"COMBINED_TYPE_SUBSCHEMAS_CHANGED"_s);
    }

    static bool isOpenObject(const JsonSchemaNode *n)
    {
        return n->patternProperties.isEmpty() && !n->additionalProperties && n->permitsAdditionalProperties;
    }

    static const JsonSchemaNode *partiallyOpenObject(const JsonSchemaNode *n, const QString &key)
    {
        for (const auto &[pattern, schema] : n->patternProperties) {
            if (QRegularExpression(pattern).match(key).hasMatch())
                return schema;
        }
        return n->additionalProperties;
    }

    void compareObject(const JsonSchemaNode *o, const JsonSchemaNode *u)
    {
        {
            Scope scope(m_path, u"required"_s);
            for (const auto &[key, schema] : o->properties) {
                Q_UNUSED(schema);
                const JsonSchemaNode *updateSchema = u->property(key);
                if (!updateSchema)
                    continue;
                Scope inner(m_path, key);
                const bool wasRequired = o->isRequired(key);
                const bool isRequired = u->isRequired(key);
                if (wasRequired && !isRequired)
                    add(u"REQUIRED_ATTRIBUTE_REMOVED"_s);
                else if (!wasRequired && isRequired)
                    add(updateSchema->defaultValue ? u"REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED"_s
                                                   : u"REQUIRED_ATTRIBUTE_ADDED"_s);
            }
        }
        {
            Scope scope(m_path, u"properties"_s);
            QStringList keys;
            for (const auto &p : o->properties)
                keys << p.first;
            for (const auto &p : u->properties) {
                if (!o->property(p.first))
                    keys << p.first;
            }
            for (const QString &key : std::as_const(keys)) {
                Scope inner(m_path, key);
                const JsonSchemaNode *os = o->property(key);
                const JsonSchemaNode *us = u->property(key);
                if (!us) {
                    if (isOpenObject(u)) {
                        add(u"PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"_s);
                    } else if (const JsonSchemaNode *partial = partiallyOpenObject(u, key)) {
                        Differ s = sub();
                        s.compare(os, partial);
                        pushAll(s.differences);
                        add(s.isCompatible()
                                ? u"PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s
                                : u"PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s);
                    } else {
                        add(os->kind == Kind::False
                                ? u"PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s
                                : u"PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s);
                    }
                } else if (!os) {
                    if (isOpenObject(o)) {
                        add(us->kind == Kind::Empty
                                ? u"PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"_s
                                : u"PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"_s);
                    } else {
                        if (const JsonSchemaNode *partial = partiallyOpenObject(o, key)) {
                            Differ s = sub();
                            s.compare(partial, us);
                            pushAll(s.differences);
                            add(s.isCompatible()
                                    ? u"PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s
                                    : u"PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s);
                        }
                        if (u->isRequired(key)) {
                            add(us->defaultValue
                                    ? u"REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL"_s
                                    : u"REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"_s);
                        } else {
                            add(u"OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"_s);
                        }
                    }
                } else {
                    compare(os, us);
                }
            }
        }
        {
            Scope scope(m_path, u"dependencies"_s);
            QStringList keys = o->propertyDependencies.keys();
            for (const QString &k : u->propertyDependencies.keys()) {
                if (!keys.contains(k))
                    keys << k;
            }
            for (const QString &key : std::as_const(keys)) {
                Scope inner(m_path, key);
                const auto od = o->propertyDependencies.constFind(key);
                const auto ud = u->propertyDependencies.constFind(key);
                if (ud == u->propertyDependencies.constEnd()) {
                    add(u"DEPENDENCY_ARRAY_REMOVED"_s);
                } else if (od == o->propertyDependencies.constEnd()) {
                    add(u"DEPENDENCY_ARRAY_ADDED"_s);
                } else {
                    const QSet<QString> a(od->begin(), od->end());
                    const QSet<QString> b(ud->begin(), ud->end());
                    if (a != b) {
                        if (b.contains(a))
                            add(u"DEPENDENCY_ARRAY_EXTENDED"_s);
                        else if (a.contains(b))
                            add(u"DEPENDENCY_ARRAY_NARROWED"_s);
                        else
                            add(u"DEPENDENCY_ARRAY_CHANGED"_s);
                    }
                }
            }
            keys = o->schemaDependencies.keys();
            for (const QString &k : u->schemaDependencies.keys()) {
                if (!keys.contains(k))
                    keys << k;
            }
            for (const QString &key : std::as_const(keys)) {
                Scope inner(m_path, key);
                const JsonSchemaNode *os = o->schemaDependencies.value(key);
                const JsonSchemaNode *us = u->schemaDependencies.value(key);
                if (!us)
                    add(u"DEPENDENCY_SCHEMA_REMOVED"_s);
                else if (!os)
                    add(u"DEPENDENCY_SCHEMA_ADDED"_s);
                else
                    compare(os, us);
            }
        }
        {
            Scope scope(m_path, u"additionalProperties"_s);
            if (o->permitsAdditionalProperties != u->permitsAdditionalProperties)
                add(u->permitsAdditionalProperties ? u"ADDITIONAL_PROPERTIES_ADDED"_s
                                                   : u"ADDITIONAL_PROPERTIES_REMOVED"_s);
            else if (!o->additionalProperties && u->additionalProperties)
                add(u"ADDITIONAL_PROPERTIES_NARROWED"_s);
            else if (!u->additionalProperties && o->additionalProperties)
                add(u"ADDITIONAL_PROPERTIES_EXTENDED"_s);
            else
                compare(o->additionalProperties, u->additionalProperties);
        }
        limit(u"maxProperties"_s, o->maxProperties, u->maxProperties, u"MAX_PROPERTIES"_s);
        limit(u"minProperties"_s, o->minProperties, u->minProperties, u"MIN_PROPERTIES"_s);
    }

    static bool isOpenArray(const JsonSchemaNode *n)
    {
        return n->permitsAdditionalItems && !n->additionalItems;
    }

    void compareArray(const JsonSchemaNode *o, const JsonSchemaNode *u)
    {
        {
            Scope scope(m_path, u"items"_s);
            compare(o->allItems, u->allItems);
        }
        const qsizetype common = std::min(o->itemSchemas.size(), u->itemSchemas.size());
        for (qsizetype i = 0; i < common; ++i) {
            Scope scope(m_path, u"items/"_s + QString::number(i));
            compare(o->itemSchemas[i], u->itemSchemas[i]);
        }
        for (qsizetype i = common; i < o->itemSchemas.size(); ++i) {
            Scope scope(m_path, u"items/"_s + QString::number(i));
            if (isOpenArray(u)) {
                add(u"ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL"_s);
            } else if (u->additionalItems) {
                Differ s = sub();
                s.compare(o->itemSchemas[i], u->additionalItems);
                pushAll(s.differences);
                add(s.isCompatible() ? u"ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s
                                     : u"ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s);
            } else {
                add(o->itemSchemas[i]->kind == Kind::False
                        ? u"ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s
                        : u"ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"_s);
            }
        }
        for (qsizetype i = common; i < u->itemSchemas.size(); ++i) {
            Scope scope(m_path, u"items/"_s + QString::number(i));
            if (isOpenArray(o)) {
                add(u->itemSchemas[i]->kind == Kind::Empty
                        ? u"ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"_s
                        : u"ITEM_ADDED_TO_OPEN_CONTENT_MODEL"_s);
            } else if (o->additionalItems) {
                Differ s = sub();
                s.compare(o->additionalItems, u->itemSchemas[i]);
                pushAll(s.differences);
                add(s.isCompatible() ? u"ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s
                                     : u"ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"_s);
            } else {
                add(u"ITEM_ADDED_TO_CLOSED_CONTENT_MODEL"_s);
            }
        }
        {
            Scope scope(m_path, u"additionalItems"_s);
            if (o->permitsAdditionalItems != u->permitsAdditionalItems)
                add(o->permitsAdditionalItems ? u"ADDITIONAL_ITEMS_REMOVED"_s : u"ADDITIONAL_ITEMS_ADDED"_s);
            else if (!o->additionalItems && u->additionalItems)
                add(u"ADDITIONAL_ITEMS_NARROWED"_s);
            else if (!u->additionalItems && o->additionalItems)
                add(u"ADDITIONAL_ITEMS_EXTENDED"_s);
            else
                compare(o->additionalItems, u->additionalItems);
        }
        limit(u"maxItems"_s, o->maxItems, u->maxItems, u"MAX_ITEMS"_s);
        limit(u"minItems"_s, o->minItems, u->minItems, u"MIN_ITEMS"_s);
        if (o->uniqueItems != u->uniqueItems)
            add(u"uniqueItems"_s, o->uniqueItems ? u"UNIQUE_ITEMS_REMOVED"_s : u"UNIQUE_ITEMS_ADDED"_s);
    }
};

} // namespace

QList<JsonSchemaDifference> jsonSchemaDifferences(const JsonSchema &original, const JsonSchema &update)
{
    DiffState state;
    Differ differ(&state);
    differ.compare(original.root(), update.root());
    return differ.differences;
}

QString confluentJsonSchemaMessage(const JsonSchemaDifference &difference, const QString &updateLabel,
                                   const QString &originalLabel)
{
    static const QSet<QString> keywordAddedOrRemoved{u"MAXIMUM_ADDED"_s,
                                                     u"MINIMUM_ADDED"_s,
                                                     u"EXCLUSIVE_MAXIMUM_ADDED"_s,
                                                     u"EXCLUSIVE_MINIMUM_ADDED"_s,
                                                     u"MULTIPLE_OF_ADDED"_s,
                                                     u"MAX_LENGTH_ADDED"_s,
                                                     u"MIN_LENGTH_ADDED"_s,
                                                     u"PATTERN_ADDED"_s,
                                                     u"REQUIRED_ATTRIBUTE_ADDED"_s,
                                                     u"MAX_PROPERTIES_ADDED"_s,
                                                     u"MIN_PROPERTIES_ADDED"_s,
                                                     u"DEPENDENCY_ARRAY_ADDED"_s,
                                                     u"DEPENDENCY_SCHEMA_ADDED"_s,
                                                     u"MAX_ITEMS_ADDED"_s,
                                                     u"MIN_ITEMS_ADDED"_s,
                                                     u"UNIQUE_ITEMS_ADDED"_s,
                                                     u"ADDITIONAL_ITEMS_REMOVED"_s,
                                                     u"ADDITIONAL_PROPERTIES_REMOVED"_s};
    static const QSet<QString> valueIncreased{u"MIN_LENGTH_INCREASED"_s,        u"MINIMUM_INCREASED"_s,
                                              u"EXCLUSIVE_MINIMUM_INCREASED"_s, u"MIN_PROPERTIES_INCREASED"_s,
                                              u"MULTIPLE_OF_EXPANDED"_s,        u"MIN_ITEMS_INCREASED"_s};
    static const QSet<QString> valueDecreased{u"MAX_LENGTH_DECREASED"_s, u"MAXIMUM_DECREASED"_s,
                                              u"MAX_ITEMS_DECREASED"_s, u"EXCLUSIVE_MAXIMUM_DECREASED"_s,
                                              u"MAX_PROPERTIES_DECREASED"_s};
    static const QSet<QString> typeNarrowed{u"ADDITIONAL_ITEMS_NARROWED"_s, u"ENUM_ARRAY_NARROWED"_s,
                                            u"SUM_TYPE_NARROWED"_s, u"ADDITIONAL_PROPERTIES_NARROWED"_s};
    static const QSet<QString> valueChanged{u"PATTERN_CHANGED"_s, u"MULTIPLE_OF_CHANGED"_s,
                                            u"DEPENDENCY_ARRAY_CHANGED"_s};
    static const QSet<QString> typeChanged{u"TYPE_CHANGED"_s, u"TYPE_NARROWED"_s, u"COMBINED_TYPE_CHANGED"_s,
                                           u"COMBINED_TYPE_SUBSCHEMAS_CHANGED"_s, u"ENUM_ARRAY_CHANGED"_s};
    static const QSet<QString> typeExtended{u"DEPENDENCY_ARRAY_EXTENDED"_s, u"PRODUCT_TYPE_EXTENDED"_s,
                                            u"SUM_TYPE_EXTENDED"_s, u"NOT_TYPE_EXTENDED"_s};
    const QString &t = difference.type;
    const QString &p = difference.path;
    const QString &a = updateLabel;
    const QString &b = originalLabel;
    QString d;
    if (keywordAddedOrRemoved.contains(t))
        d = u"The keyword at path '%1' in the %2 schema is not present in the %3 schema"_s.arg(p, a, b);
    else if (valueIncreased.contains(t))
        d = u"The value at path '%1' in the %2 schema is more than its value in the %3 schema"_s.arg(p, a, b);
    else if (valueDecreased.contains(t))
        d = u"The value at path '%1' in the %2 schema is less than its value in the %3 schema"_s.arg(p, a, b);
    else if (valueChanged.contains(t))
        d = u"The value at path '%1' is different between the %2 and %3 schema"_s.arg(p, a, b);
    else if (typeNarrowed.contains(t))
        d = u"An array or combined type at path '%1' has fewer elements in the %2 schema than the %3 schema"_s
                .arg(p, a, b);
    else if (typeExtended.contains(t))
        d = u"An array or combined type at path '%1' has more elements in the %2 schema than the %3 schema"_s
                .arg(p, a, b);
    else if (typeChanged.contains(t))
        d = u"A type at path '%1' is different between the %2 schema and the %3 schema"_s.arg(p, a, b);
    else if (t == u"PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL" || t == u"ITEM_ADDED_TO_OPEN_CONTENT_MODEL")
        d = u"The %1 schema has an open content model and has a property or item at path '%2' which is "
            u"missing in "
            u"the %3 schema"_s.arg(a, p, b);
    else if (t == u"REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL")
        d = u"The %1 schema has an unopen content model and has a required property at path '%2' which is "
            u"missing "
            u"in the %3 schema"_s.arg(a, p, b);
    else if (t == u"PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL" ||
             t == u"ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL")
        d = u"The %1 schema has a closed content model and is missing a property or item present at path "
            u"'%2' in "
            u"the %3 schema"_s.arg(a, p, b);
    else if (t == u"PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" ||
             t == u"ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL")
        d = u"A property or item is missing in the %1 schema but present at path '%2' in the %3 schema and "
            u"is not "
            u"covered by its partially open content model"_s.arg(a, p, b);
    else if (t == u"PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL" ||
             t == u"ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL")
        d = u"The %1 schema has a property or item at path '%2' which is missing in the %3 schema and is not "
            u"covered "
            u"by its partially open content model"_s.arg(a, p, b);
    else if (t == u"SCHEMA_ADDED")
        d = u"A schema at path '%1' is present in the %2 schema but not in the %3 schema"_s.arg(p, a, b);
    return u"{errorType:\"%1\", description:\"%2\"}"_s.arg(t, d);
}

QStringList jsonSchemaReaderWriterMessages(const ParsedSchema &reader, const ParsedSchema &writer,
                                           bool readerIsNew)
{
    const auto &update = static_cast<const JsonSchema &>(reader);
    const auto &original = static_cast<const JsonSchema &>(writer);
    QStringList messages;
    for (const JsonSchemaDifference &d : jsonSchemaDifferences(original, update)) {
        if (!d.compatible)
            messages << confluentJsonSchemaMessage(d, readerIsNew ? u"new"_s : u"old"_s,
                                                   readerIsNew ? u"old"_s : u"new"_s);
    }
    return messages;
}

ParseResult parseJsonSchema(const QString &text, const QList<ResolvedReference> &references,
                            const ParseOptions &)
{
    return JsonSchema::parse(text, references);
}

} // namespace sd::schema
