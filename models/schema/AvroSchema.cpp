#include "schema/AvroSchema.h"

#include "schema/AvroCanonicalWriter.h"
#include "schema/AvroNormalizedWriter.h"
#include "schema/AvroParser.h"
#include "schema/AvroParsingFormWriter.h"
#include "schema/SchemaLog.h"

#include <array>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sd::schema {

namespace {

struct AvroTypeInfo
{
    AvroType type;
    QLatin1StringView name;
    bool primitive;
};

constexpr AvroTypeInfo avroTypes[] = {
    {AvroType::Null, "null"_L1, true},      {AvroType::Boolean, "boolean"_L1, true},
    {AvroType::Int, "int"_L1, true},        {AvroType::Long, "long"_L1, true},
    {AvroType::Float, "float"_L1, true},    {AvroType::Double, "double"_L1, true},
    {AvroType::Bytes, "bytes"_L1, true},    {AvroType::String, "string"_L1, true},
    {AvroType::Record, "record"_L1, false}, {AvroType::Enum, "enum"_L1, false},
    {AvroType::Array, "array"_L1, false},   {AvroType::Map, "map"_L1, false},
    {AvroType::Union, "union"_L1, false},   {AvroType::Fixed, "fixed"_L1, false},
};

const AvroTypeInfo *typeInfo(AvroType type)
{
    for (const AvroTypeInfo &info : avroTypes) {
        if (info.type == type)
            return &info;
    }
    return nullptr;
}

} // namespace

QString avroTypeName(AvroType type)
{
    const AvroTypeInfo *info = typeInfo(type);
    return info ? QString(info->name) : QString();
}

bool isNamedAvroType(AvroType type)
{
    return type == AvroType::Record || type == AvroType::Enum || type == AvroType::Fixed;
}

bool isPrimitiveAvroType(AvroType type)
{
    const AvroTypeInfo *info = typeInfo(type);
    return info && info->primitive;
}

const AvroField *AvroNode::field(QStringView fieldName) const
{
    if (!fieldIndex.isEmpty()) {
        const auto it = fieldIndex.constFind(fieldName.toString());
        return it == fieldIndex.constEnd() ? nullptr : &fields[*it];
    }
    for (const AvroField &f : fields) {
        if (f.name == fieldName)
            return &f;
    }
    return nullptr;
}

const JsonValue *AvroNode::property(QStringView propertyName) const
{
    for (const AvroProperty &p : properties) {
        if (p.name == propertyName)
            return &p.value;
    }
    return nullptr;
}

// ---------------------------------------------------------------------------------------------

ParseResult AvroSchema::parse(const QString &text, const QList<ResolvedReference> &references,
                              const ParseOptions &options)
{
    auto schema = std::make_shared<AvroSchema>();
    schema->m_references = references;
    AvroParser parser(*schema, options);
    for (const ResolvedReference &ref : references) {
        if (ref.type != SchemaType::Avro) {
            return {nullptr,
                    u"Reference \"%1\" is a %2 schema; an Avro schema can only reference Avro schemas"_s.arg(
                        ref.name, schemaTypeName(ref.type))};
        }
        // References were validated when they were registered: read them leniently, as Confluent does.
        AvroParser refParser(*schema, ParseOptions{false});
        const AvroNode *top = refParser.parseDocument(ref.schema, u"In reference \"%1\""_s.arg(ref.name));
        if (!top)
            return {nullptr, refParser.error()};
        if (isNamedAvroType(top->type)) {
            schema->m_referenceTopLevel.append(top);
        }
        for (const AvroNode *named : std::as_const(schema->m_namedOrder))
            schema->m_referenceNames.insert(named->fullName());
    }
    schema->m_root = parser.parseDocument(text, QString());
    if (!schema->m_root)
        return {nullptr, parser.error()};

    AvroCanonicalWriter writer(schema->referenceTypeNames());
    writer.write(schema->m_root, schema->m_canonical);
    return {schema, QString()};
}

QSet<QString> AvroSchema::referenceTypeNames() const
{
    QSet<QString> names;
    for (const AvroNode *top : std::as_const(m_referenceTopLevel))
        names.insert(top->fullName());
    return names;
}

QString AvroSchema::normalizedText() const
{
    std::call_once(m_normalizedOnce, [this] {
        QString normalized;
        AvroNormalizedWriter(referenceTypeNames()).write(m_root, normalized);
        // Confluent stores the normalised schema re-parsed, i.e. its canonical string.
        const ParseResult reparsed = parse(normalized, m_references, ParseOptions{false});
        if (reparsed.ok()) {
            m_normalized = reparsed.schema->canonicalText();
        } else {
            qCWarning(lcSchema) << "normalised Avro schema did not parse again:" << reparsed.error;
            m_normalized = m_canonical;
        }
    });
    return m_normalized;
}

QString AvroSchema::prettyText() const
{
    const JsonParseResult json = parseJson(m_canonical);
    return json.value ? writeJson(*json.value, JsonFormat::Pretty) : m_canonical;
}

const AvroNode *AvroSchema::findNamed(QStringView fullName) const
{
    return m_named.value(fullName.toString());
}

QList<const AvroNode *> AvroSchema::namedTypes() const
{
    return m_namedOrder;
}

QString AvroSchema::parsingCanonicalForm() const
{
    QString out;
    AvroParsingFormWriter().write(m_root, out);
    return out;
}

quint64 AvroSchema::fingerprint() const
{
    return avroRabinFingerprint(parsingCanonicalForm().toUtf8());
}

bool avroDefaultIsValid(const AvroNode *schema, const JsonValue &value)
{
    return AvroParser::isValidDefault(schema, value);
}

quint64 avroRabinFingerprint(const QByteArray &canonicalUtf8)
{
    constexpr quint64 empty = 0xc15d213aa4d7a795ULL;
    static const auto table = [] {
        std::array<quint64, 256> t{};
        for (int i = 0; i < 256; ++i) {
            quint64 fp = quint64(i);
            for (int j = 0; j < 8; ++j)
                fp = (fp >> 1) ^ (empty & (0 - (fp & 1)));
            t[size_t(i)] = fp;
        }
        return t;
    }();
    quint64 fp = empty;
    for (const char c : canonicalUtf8)
        fp = (fp >> 8) ^ table[size_t((fp ^ quint64(quint8(c))) & 0xff)];
    return fp;
}

QString avroParsingCanonicalForm(const ParsedSchema &schema)
{
    const auto *avro = dynamic_cast<const AvroSchema *>(&schema);
    return avro ? avro->parsingCanonicalForm() : QString();
}

} // namespace sd::schema