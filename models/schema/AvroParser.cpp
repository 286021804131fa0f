#include "schema/AvroParser.h"

#include <climits>
#include <cmath>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sd::schema {

namespace {

struct PrimitiveName
{
    QLatin1StringView name;
    AvroType type;
};

constexpr PrimitiveName primitives[] = {
    {"null"_L1, AvroType::Null},   {"boolean"_L1, AvroType::Boolean}, {"int"_L1, AvroType::Int},
    {"long"_L1, AvroType::Long},   {"float"_L1, AvroType::Float},     {"double"_L1, AvroType::Double},
    {"bytes"_L1, AvroType::Bytes}, {"string"_L1, AvroType::String},
};

std::optional<AvroType> primitiveType(QStringView name)
{
    for (const PrimitiveName &p : primitives) {
        if (name == p.name)
            return p.type;
    }
    return std::nullopt;
}

bool isValidName(QStringView name)
{
    if (name.isEmpty())
        return false;
    const QChar first = name.front();
    if (!(first.isLetter() || first == u'_'))
        return false;
    for (qsizetype i = 1; i < name.size(); ++i) {
        const QChar c = name[i];
        if (!(c.isLetter() || c.isDigit() || c == u'_'))
            return false;
    }
    return true;
}

QString nameError(QStringView name)
{
    if (name.isEmpty())
        return u"Empty name"_s;
    const QChar first = name.front();
    if (!(first.isLetter() || first == u'_'))
        return u"Illegal initial character: %1"_s.arg(name);
    return u"Illegal character in: %1"_s.arg(name);
}

// A copy with number literals as Jackson re-prints them, so canonical text matches Java's.
JsonValue jacksonized(const JsonValue &value)
{
    switch (value.kind()) {
    case JsonValue::Kind::Number:
        return JsonValue::number(jacksonNumberText(value.numberLiteral()));
    case JsonValue::Kind::Array: {
        std::vector<JsonValue> items;
        items.reserve(value.items().size());
        for (const JsonValue &item : value.items())
            items.push_back(jacksonized(item));
        return JsonValue::array(std::move(items));
    }
    case JsonValue::Kind::Object: {
        std::vector<JsonMember> members;
        members.reserve(value.members().size());
        for (const JsonMember &member : value.members())
            members.push_back(JsonMember{member.key, jacksonized(member.value)});
        return JsonValue::object(std::move(members));
    }
    default:
        return value;
    }
}

QString describe(const JsonValue &value)
{
    QString text = writeJson(value);
    if (text.size() > 80)
        text = text.left(77) + u"..."_s;
    return text;
}

QString pointer(const QString &path)
{
    return path.isEmpty() ? u"/"_s : path;
}

// Largest decimal precision a fixed of `size` bytes can hold (Avro's LogicalTypes.Decimal).
int maxDecimalPrecision(int size)
{
    if (size <= 0)
        return 0;
    return int(std::floor(std::log10(std::pow(2.0, 8.0 * size - 1) - 1)));
}

} // namespace

AvroParser::AvroParser(AvroSchema &schema, const ParseOptions &options)
    : m_schema(schema)
    , m_options(options)
{}

const AvroNode *AvroParser::parseDocument(const QString &text, const QString &what)
{
    m_what = what;
    const JsonParseResult json = parseJson(text, JsonSyntax::AllowComments);
    if (!json.value) {
        m_error = json.error;
        return nullptr;
    }
    return parse(*json.value, QString(), QString());
}

const AvroNode *AvroParser::fail(const QString &message, const QString &path)
{
    if (m_error.isEmpty())
        m_error = u"%1 (at %2)"_s.arg(message, pointer(path));
    return nullptr;
}

AvroNode *AvroParser::newNode(AvroType type)
{
    m_schema.m_nodes.push_back(std::make_unique<AvroNode>());
    AvroNode *node = m_schema.m_nodes.back().get();
    node->type = type;
    return node;
}

const AvroNode *AvroParser::lookup(const QString &name, const QString &space) const
{
    if (!name.contains(u'.') && !space.isEmpty()) {
        if (const AvroNode *n = m_schema.m_named.value(space + u'.' + name))
            return n;
    }
    return m_schema.m_named.value(name);
}

bool AvroParser::registerNamed(const AvroNode *node, const QString &path)
{
    const QString full = node->fullName();
    if (primitiveType(full)) {
        fail(u"Schemas may not be named after primitives: %1"_s.arg(full), path);
        return false;
    }
    if (m_schema.m_named.contains(full)) {
        fail(u"Can't redefine: %1%2"_s.arg(full, m_schema.m_referenceNames.contains(full)
                                                     ? u" (already defined by a reference)"_s
                                                     : QString()),
             path);
        return false;
    }
    m_schema.m_named.insert(full, node);
    m_schema.m_namedOrder.append(node);
    return true;
}

std::optional<QString> AvroParser::optionalText(const JsonValue &object, QStringView key)
{
    const JsonValue *v = object.find(key);
    if (!v || !v->isString())
        return std::nullopt;
    return v->toString();
}

bool AvroParser::makeName(const QString &rawName, const QString &space, AvroNode *node, const QString &path)
{
    const qsizetype dot = rawName.lastIndexOf(u'.');
    QString name = rawName;
    QString ns = space;
    if (dot >= 0) {
        ns = rawName.left(dot);
        name = rawName.mid(dot + 1);
    }
    if (!isValidName(name)) {
        fail(nameError(name), path + u"/name"_s);
        return false;
    }
    node->name = name;
    node->space = ns;
    return true;
}

bool AvroParser::parseAliases(const JsonValue &object, QStringList &out, const QString &path,
                              const QString *space)
{
    const JsonValue *aliases = object.find(u"aliases");
    if (!aliases)
        return true;
    if (!aliases->isArray()) {
        fail(u"aliases not an array: %1"_s.arg(describe(*aliases)), path + u"/aliases"_s);
        return false;
    }
    return forEachString(*aliases, path + u"/aliases"_s, u"alias not a string: %1"_s,
                         [&](QString value, const QString &aliasPath) {
                             if (space) {
                                 // Type aliases are names: validated and resolved against the type's
                                 // namespace.
                                 const qsizetype dot = value.lastIndexOf(u'.');
                                 const QString simple = dot >= 0 ? value.mid(dot + 1) : value;
                                 if (!isValidName(simple)) {
                                     fail(nameError(simple), aliasPath);
                                     return false;
                                 }
                                 if (dot < 0 && !space->isEmpty())
                                     value = *space + u'.' + value;
                             }
                             if (!out.contains(value))
                                 out.append(value);
                             return true;
                         });
}

bool AvroParser::forEachString(const JsonValue &array, const QString &arrayPath, const QString &notString,
                               const std::function<bool(const QString &, const QString &)> &each)
{
    int index = 0;
    for (const JsonValue &item : array.items()) {
        const QString itemPath = arrayPath + u'/' + QString::number(index++);
        if (!item.isString()) {
            fail(notString.arg(describe(item)), itemPath);
            return false;
        }
        if (!each(item.toString(), itemPath))
            return false;
    }
    return true;
}

void AvroParser::parseProperties(const JsonValue &object, AvroNode *node, bool isEnum)
{
    static const QLatin1StringView reserved[] = {"doc"_L1,       "fields"_L1, "items"_L1,   "name"_L1,
                                                 "namespace"_L1, "size"_L1,   "symbols"_L1, "values"_L1,
                                                 "type"_L1,      "aliases"_L1};
    for (const JsonMember &member : object.members()) {
        bool skip = isEnum && member.key == u"default";
        for (QLatin1StringView r : reserved)
            skip = skip || member.key == r;
        if (!skip)
            node->properties.append(AvroProperty{member.key, jacksonized(member.value)});
    }
    resolveLogicalType(node);
}

void AvroParser::resolveLogicalType(AvroNode *node)
{
    const JsonValue *lt = node->property(u"logicalType");
    if (!lt || !lt->isString())
        return;
    const QString name = lt->toString();
    const AvroType t = node->type;
    auto accept = [&] { node->logicalType = name; };
    if (name == u"decimal") {
        if (t != AvroType::Bytes && t != AvroType::Fixed)
            return;
        const JsonValue *precision = node->property(u"precision");
        const JsonValue *scale = node->property(u"scale");
        const auto p = precision ? precision->toInt64() : std::nullopt;
        if (!p || *p <= 0 || *p > INT_MAX)
            return;
        qint64 s = 0;
        if (scale) {
            const auto sv = scale->toInt64();
            if (!sv || *sv < 0 || *sv > *p)
                return;
            s = *sv;
        }
        if (t == AvroType::Fixed && *p > maxDecimalPrecision(node->size))
            return;
        node->precision = int(*p);
        node->scale = int(s);
        accept();
    } else if (name == u"uuid") {
        if (t == AvroType::String || (t == AvroType::Fixed && node->size == 16))
            accept();
    } else if (name == u"date" || name == u"time-millis") {
        if (t == AvroType::Int)
            accept();
    } else if (name == u"time-micros" || name == u"timestamp-millis" || name == u"timestamp-micros" ||
               name == u"local-timestamp-millis" || name == u"local-timestamp-micros" ||
               name == u"timestamp-nanos" || name == u"local-timestamp-nanos") {
        if (t == AvroType::Long)
            accept();
    } else if (name == u"duration") {
        if (t == AvroType::Fixed && node->size == 12)
            accept();
    }
}

const AvroNode *AvroParser::parse(const JsonValue &json, const QString &space, const QString &path)
{
    if (json.isString())
        return parseName(json.toString(), space, path);
    if (json.isArray())
        return parseUnion(json, space, path);
    if (json.isObject())
        return parseObject(json, space, path);
    return fail(u"Schema not a string, object or array: %1"_s.arg(describe(json)), path);
}

const AvroNode *AvroParser::parseName(const QString &name, const QString &space, const QString &path)
{
    if (const auto primitive = primitiveType(name))
        return newNode(*primitive);
    if (const AvroNode *named = lookup(name, space))
        return named;
    return fail(u"\"%1\" is not a defined name: not a primitive type and no named type with that name is "
                u"defined before this point or by a reference"_s.arg(name),
                path);
}

const AvroNode *AvroParser::parseUnion(const JsonValue &json, const QString &space, const QString &path)
{
    AvroNode *node = newNode(AvroType::Union);
    QSet<QString> seen;
    int index = 0;
    for (const JsonValue &item : json.items()) {
        const QString branchPath = path + u'/' + QString::number(index++);
        const AvroNode *branch = parse(item, space, branchPath);
        if (!branch)
            return nullptr;
        if (branch->type == AvroType::Union)
            return fail(u"Nested union: a union may not directly contain another union"_s, branchPath);
        const QString key = isNamedAvroType(branch->type) ? branch->fullName() : avroTypeName(branch->type);
        if (seen.contains(key))
            return fail(u"Duplicate in union: %1"_s.arg(key), branchPath);
        seen.insert(key);
        node->branches.append(branch);
    }
    return node;
}

bool AvroParser::parseEnumSymbols(const JsonValue &json, AvroNode *result, const QString &path)
{
    const JsonValue *symbols = json.find(u"symbols");
    if (!symbols || !symbols->isArray()) {
        fail(u"Enum has no symbols: \"symbols\" must be an array"_s, path);
        return false;
    }
    const bool symbolsOk = forEachString(*symbols, path + u"/symbols"_s, u"Enum symbol not a string: %1"_s,
                                         [&](const QString &symbol, const QString &symbolPath) {
                                             if (!isValidName(symbol)) {
                                                 fail(nameError(symbol), symbolPath);
                                                 return false;
                                             }
                                             if (result->symbols.contains(symbol)) {
                                                 fail(u"Duplicate enum symbol: %1"_s.arg(symbol), symbolPath);
                                                 return false;
                                             }
                                             result->symbols.append(symbol);
                                             return true;
                                         });
    if (!symbolsOk)
        return false;
    if (const JsonValue *def = json.find(u"default")) {
        if (!def->isString() || !result->symbols.contains(def->toString())) {
            fail(u"The Enum Default: %1 is not in the enum symbol set: [%2]"_s.arg(
                     def->isString() ? def->toString() : describe(*def), result->symbols.join(u", "_s)),
                 path + u"/default"_s);
            return false;
        }
        result->enumDefault = def->toString();
    }
    return true;
}

AvroNode *AvroParser::parseContainer(const JsonValue &json, AvroType type, const QString &space,
                                     const QString &path)
{
    const bool isArray = type == AvroType::Array;
    const JsonValue *element = json.find(isArray ? u"items" : u"values");
    if (!element) {
        fail(isArray ? u"Array has no items type"_s : u"Map has no values type"_s, path);
        return nullptr;
    }
    AvroNode *result = newNode(type);
    const AvroNode *parsed = parse(*element, space, path + (isArray ? u"/items"_s : u"/values"_s));
    (isArray ? result->items : result->values) = parsed;
    return parsed ? result : nullptr;
}

const AvroNode *AvroParser::parseObject(const JsonValue &json, const QString &space, const QString &path)
{
    const JsonValue *typeValue = json.find(u"type");
    if (!typeValue)
        return fail(u"No type: %1"_s.arg(describe(json)), path);
    if (!typeValue->isString()) {
        return fail(u"No type: \"type\" must be a string naming the type, not %1"_s.arg(describe(*typeValue)),
                    path + u"/type"_s);
    }
    const QString type = typeValue->toString();
    const bool isRecord = type == u"record" || type == u"error";
    const bool isEnum = type == u"enum";
    const bool isFixed = type == u"fixed";
    QString innerSpace = space;
    AvroNode *named = nullptr;
    if (isRecord || isEnum || isFixed) {
        named = newNode(isRecord ? AvroType::Record : (isEnum ? AvroType::Enum : AvroType::Fixed));
        named->isError = type == u"error";
        QString ns = optionalText(json, u"namespace").value_or(space);
        named->doc = optionalText(json, u"doc");
        const JsonValue *nameValue = json.find(u"name");
        if (!nameValue || !nameValue->isString())
            return fail(u"No name in schema: a %1 needs a \"name\""_s.arg(type), path);
        if (!makeName(nameValue->toString(), ns, named, path))
            return nullptr;
        innerSpace = named->space;
    }

    AvroNode *result = nullptr;
    if (const auto primitive = primitiveType(type)) {
        result = newNode(*primitive);
    } else if (isRecord) {
        result = named;
        if (!registerNamed(result, path))
            return nullptr;
        const JsonValue *fields = json.find(u"fields");
        if (!fields || !fields->isArray())
            return fail(u"Record has no fields: \"fields\" must be an array"_s, path);
        if (!parseFields(*fields, result, innerSpace, path + u"/fields"_s))
            return nullptr;
    } else if (isEnum) {
        result = named;
        if (!parseEnumSymbols(json, result, path) || !registerNamed(result, path))
            return nullptr;
    } else if (type == u"array" || type == u"map") {
        result = parseContainer(json, type == u"array" ? AvroType::Array : AvroType::Map, space, path);
        if (!result)
            return nullptr;
    } else if (isFixed) {
        result = named;
        const JsonValue *size = json.find(u"size");
        const auto sizeValue = size ? size->toInt64() : std::nullopt;
        if (!sizeValue || *sizeValue < 0 || *sizeValue > INT_MAX)
            return fail(u"Invalid or no size: \"size\" must be a non-negative integer"_s, path);
        result->size = int(*sizeValue);
        if (!registerNamed(result, path))
            return nullptr;
    } else {
        // {"type": "SomeName"} refers to a named type.
        if (const AvroNode *existing = lookup(type, space))
            return existing;
        return fail(
            u"Type not supported: \"%1\" is neither a primitive, a complex type nor a defined name"_s.arg(
                type),
            path + u"/type"_s);
    }

    parseProperties(json, result, isEnum);
    if (named) {
        if (!parseAliases(json, result->aliases, path, &result->space))
            return nullptr;
    }
    return result;
}

bool AvroParser::parseFields(const JsonValue &fields, AvroNode *record, const QString &space,
                             const QString &path)
{
    static const QLatin1StringView reserved[] = {"default"_L1, "doc"_L1,  "name"_L1,
                                                 "order"_L1,   "type"_L1, "aliases"_L1};
    int index = 0;
    for (const JsonValue &fieldJson : fields.items()) {
        const QString fieldPath = path + u'/' + QString::number(index);
        if (!fieldJson.isObject()) {
            fail(u"Field not an object: %1"_s.arg(describe(fieldJson)), fieldPath);
            return false;
        }
        AvroField field;
        field.position = index++;
        const JsonValue *nameValue = fieldJson.find(u"name");
        if (!nameValue || !nameValue->isString()) {
            fail(u"No field name: %1"_s.arg(describe(fieldJson)), fieldPath);
            return false;
        }
        field.name = nameValue->toString();
        if (!isValidName(field.name)) {
            fail(nameError(field.name), fieldPath + u"/name"_s);
            return false;
        }
        if (record->field(field.name)) {
            fail(u"Duplicate field %1 in record %2"_s.arg(field.name, record->fullName()), fieldPath);
            return false;
        }
        field.doc = optionalText(fieldJson, u"doc");
        const JsonValue *typeValue = fieldJson.find(u"type");
        if (!typeValue) {
            fail(u"No field type: field \"%1\" has no \"type\""_s.arg(field.name), fieldPath);
            return false;
        }
        if (typeValue->isString() && !primitiveType(typeValue->toString()) &&
            !lookup(typeValue->toString(), space)) {
            fail(u"\"%1\" is not a defined name. The type of the \"%2\" field must be a defined name or a "
                 u"{\"type\": ...} expression."_s.arg(typeValue->toString(), field.name),
                 fieldPath + u"/type"_s);
            return false;
        }
        field.type = parse(*typeValue, space, fieldPath + u"/type"_s);
        if (!field.type)
            return false;
        if (!parseFieldOrder(fieldJson, field, fieldPath) || !parseFieldDefault(fieldJson, field, fieldPath))
            return false;
        if (!parseAliases(fieldJson, field.aliases, fieldPath, nullptr))
            return false;
        for (const JsonMember &member : fieldJson.members()) {
            bool skip = false;
            for (QLatin1StringView r : reserved)
                skip = skip || member.key == r;
            if (!skip)
                field.properties.append(AvroProperty{member.key, jacksonized(member.value)});
        }
        record->fields.append(std::move(field));
        if (record->fields.size() == 16) {
            for (qsizetype i = 0; i < record->fields.size(); ++i)
                record->fieldIndex.insert(record->fields[i].name, i);
        } else if (record->fields.size() > 16) {
            record->fieldIndex.insert(record->fields.last().name, record->fields.size() - 1);
        }
    }
    return true;
}

bool AvroParser::parseFieldOrder(const JsonValue &fieldJson, AvroField &field, const QString &fieldPath)
{
    if (const JsonValue *order = fieldJson.find(u"order")) {
        const QString o = order->isString() ? order->toString().toLower() : QString();
        if (o == u"ascending")
            field.order = AvroFieldOrder::Ascending;
        else if (o == u"descending")
            field.order = AvroFieldOrder::Descending;
        else if (o == u"ignore")
            field.order = AvroFieldOrder::Ignore;
        else {
            fail(u"Invalid order %1: must be \"ascending\", \"descending\" or \"ignore\""_s.arg(
                     describe(*order)),
                 fieldPath + u"/order"_s);
            return false;
        }
    }
    return true;
}

bool AvroParser::parseFieldDefault(const JsonValue &fieldJson, AvroField &field, const QString &fieldPath)
{
    if (const JsonValue *def = fieldJson.find(u"default")) {
        JsonValue value = jacksonized(*def);
        // Java Avro turns a textual default of a float/double field ("NaN") into a number.
        if ((field.type->type == AvroType::Float || field.type->type == AvroType::Double) &&
            value.isString()) {
            const QString t = value.toString().trimmed();
            bool ok = false;
            double d = t.toDouble(&ok);
            if (!ok && (t == u"NaN" || t == u"Infinity" || t == u"-Infinity" || t == u"+Infinity")) {
                ok = true;
                d = t == u"NaN" ? std::nan("") : (t.startsWith(u'-') ? -INFINITY : INFINITY);
            }
            if (!ok) {
                fail(u"Invalid default for field %1: %2 is not a number"_s.arg(field.name, describe(*def)),
                     fieldPath + u"/default"_s);
                return false;
            }
            value = JsonValue::number(javaDoubleToString(d));
        }
        if (m_options.validateDefaults && !isValidDefault(field.type, value)) {
            fail(u"Invalid default for field %1: %2 not a %3"_s.arg(field.name, describe(*def),
                                                                    shortSchema(field.type)),
                 fieldPath + u"/default"_s);
            return false;
        }
        field.defaultValue = std::move(value);
    }
    return true;
}

QString AvroParser::shortSchema(const AvroNode *node)
{
    if (isNamedAvroType(node->type))
        return u"%1 %2"_s.arg(avroTypeName(node->type), node->fullName());
    if (node->type == AvroType::Union) {
        QStringList parts;
        for (const AvroNode *b : node->branches)
            parts << shortSchema(b);
        return u"union [%1] (a union default must match its first branch)"_s.arg(parts.join(u", "_s));
    }
    return avroTypeName(node->type);
}

bool AvroParser::isValidDefault(const AvroNode *schema, const JsonValue &value)
{
    switch (schema->type) {
    case AvroType::String:
    case AvroType::Bytes:
    case AvroType::Enum:
    case AvroType::Fixed:
        return value.isString();
    case AvroType::Int: {
        const auto v = value.toInt64();
        return v && *v >= INT_MIN && *v <= INT_MAX;
    }
    case AvroType::Long:
        return value.toInt64().has_value();
    case AvroType::Float:
    case AvroType::Double:
        return value.isNumber();
    case AvroType::Boolean:
        return value.isBool();
    case AvroType::Null:
        return value.isNull();
    case AvroType::Array:
        if (!value.isArray())
            return false;
        for (const JsonValue &item : value.items()) {
            if (!isValidDefault(schema->items, item))
                return false;
        }
        return true;
    case AvroType::Map:
        if (!value.isObject())
            return false;
        for (const JsonMember &member : value.members()) {
            if (!isValidDefault(schema->values, member.value))
                return false;
        }
        return true;
    case AvroType::Union:
        return !schema->branches.isEmpty() && isValidDefault(schema->branches.first(), value);
    case AvroType::Record:
        if (!value.isObject())
            return false;
        for (const AvroField &f : schema->fields) {
            const JsonValue *given = value.find(f.name);
            if (given) {
                if (!isValidDefault(f.type, *given))
                    return false;
            } else if (!f.defaultValue || !isValidDefault(f.type, *f.defaultValue)) {
                return false;
            }
        }
        return true;
    }
    return false;
}

} // namespace sd::schema
