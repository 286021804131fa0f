#include "schema/Schema.h"

#include "schema/AvroSchema.h"
#include "schema/JsonSchema.h"
#include "schema/ProtobufSchema.h"
#include "schema/SchemaInternal.h"

using namespace Qt::StringLiterals;

namespace sd::schema {

namespace {

// The registry's names of an enum's values, both ways.
template<typename Enum> struct EnumName
{
    Enum value;
    QLatin1StringView name;
};

constexpr EnumName<SchemaType> schemaTypeNames[] = {
    {SchemaType::Avro, "AVRO"_L1}, {SchemaType::Json, "JSON"_L1}, {SchemaType::Protobuf, "PROTOBUF"_L1}};

constexpr EnumName<CompatibilityLevel> compatibilityLevelNames[] = {
    {CompatibilityLevel::None, "NONE"_L1},
    {CompatibilityLevel::Backward, "BACKWARD"_L1},
    {CompatibilityLevel::BackwardTransitive, "BACKWARD_TRANSITIVE"_L1},
    {CompatibilityLevel::Forward, "FORWARD"_L1},
    {CompatibilityLevel::ForwardTransitive, "FORWARD_TRANSITIVE"_L1},
    {CompatibilityLevel::Full, "FULL"_L1},
    {CompatibilityLevel::FullTransitive, "FULL_TRANSITIVE"_L1}};

template<typename Enum, size_t N> QString nameOf(const EnumName<Enum> (&names)[N], Enum value)
{
    for (const EnumName<Enum> &n : names) {
        if (n.value == value)
            return QString(n.name);
    }
    return {};
}

template<typename Enum, size_t N>
std::optional<Enum> valueNamed(const EnumName<Enum> (&names)[N], QStringView name)
{
    for (const EnumName<Enum> &n : names) {
        if (name.compare(n.name, Qt::CaseInsensitive) == 0)
            return n.value;
    }
    return std::nullopt;
}

} // namespace

QString schemaTypeName(SchemaType type)
{
    return nameOf(schemaTypeNames, type);
}

std::optional<SchemaType> schemaTypeFromName(QStringView name)
{
    return valueNamed(schemaTypeNames, name);
}

QString compatibilityLevelName(CompatibilityLevel level)
{
    return nameOf(compatibilityLevelNames, level);
}

std::optional<CompatibilityLevel> compatibilityLevelFromName(QStringView name)
{
    return valueNamed(compatibilityLevelNames, name);
}

bool isTransitive(CompatibilityLevel level)
{
    return level == CompatibilityLevel::BackwardTransitive ||
           level == CompatibilityLevel::ForwardTransitive || level == CompatibilityLevel::FullTransitive;
}

ParseResult parseSchema(SchemaType type, const QString &text, const QList<ResolvedReference> &references)
{
    return parseSchema(type, text, references, ParseOptions{});
}

ParseResult parseSchema(SchemaType type, const QString &text, const QList<ResolvedReference> &references,
                        const ParseOptions &options)
{
    switch (type) {
    case SchemaType::Avro:
        return AvroSchema::parse(text, references, options);
    case SchemaType::Json:
        return parseJsonSchema(text, references, options);
    case SchemaType::Protobuf:
        return parseProtobufSchema(text, references, options);
    }
    return {nullptr, u"Unknown schema type"_s};
}

namespace {

// Confluent's messages for the incompatible differences of a JSON Schema or Protobuf diff.
template<typename Schema, typename Differences, typename Message>
QStringList incompatibleDifferences(const ParsedSchema &reader, const ParsedSchema &writer,
                                    Differences differences, Message message, const QString &readerLabel,
                                    const QString &writerLabel)
{
    QStringList messages;
    for (const SchemaDifference &d :
         differences(static_cast<const Schema &>(writer), static_cast<const Schema &>(reader))) {
        if (!d.compatible)
            messages << message(d, readerLabel, writerLabel);
    }
    return messages;
}

// Messages for "can `reader` read data written with `writer`?", in Confluent's wording.
QStringList readerWriterMessages(const ParsedSchema &reader, const ParsedSchema &writer, bool readerIsNew)
{
    if (reader.type() != writer.type())
        return {u"Incompatible because of different schema type"_s};
    const QString readerLabel = readerIsNew ? u"new"_s : u"old"_s;
    const QString writerLabel = readerIsNew ? u"old"_s : u"new"_s;
    switch (reader.type()) {
    case SchemaType::Avro: {
        const auto &r = static_cast<const AvroSchema &>(reader);
        const auto &w = static_cast<const AvroSchema &>(writer);
        QStringList messages;
        for (const AvroIncompatibility &i : avroReaderWriterIncompatibilities(r.root(), w.root()))
            messages << confluentAvroMessage(i, readerLabel, writerLabel);
        return messages;
    }
    case SchemaType::Json:
        return incompatibleDifferences<JsonSchema>(reader, writer, jsonSchemaDifferences,
                                                   confluentJsonSchemaMessage, readerLabel, writerLabel);
    case SchemaType::Protobuf:
        return incompatibleDifferences<ProtobufSchema>(reader, writer, protobufDifferences,
                                                       confluentProtobufMessage, readerLabel, writerLabel);
    }
    return {};
}

} // namespace

CompatibilityResult checkReaderWriter(const ParsedSchema &reader, const ParsedSchema &writer)
{
    CompatibilityResult result;
    result.messages = readerWriterMessages(reader, writer, true);
    result.compatible = result.messages.isEmpty();
    return result;
}

CompatibilityResult checkCompatibility(CompatibilityLevel level, const ParsedSchema &candidate,
                                       const QList<ParsedSchemaPtr> &previous)
{
    CompatibilityResult result;
    if (level == CompatibilityLevel::None || previous.isEmpty())
        return result;
    // Confluent checks the most recent version first; non-transitive levels only look at it.
    QList<ParsedSchemaPtr> toCheck;
    for (auto it = previous.crbegin(); it != previous.crend(); ++it) {
        if (*it)
            toCheck << *it;
        if (!isTransitive(level))
            break;
    }
    const bool backward = level == CompatibilityLevel::Backward ||
                          level == CompatibilityLevel::BackwardTransitive ||
                          level == CompatibilityLevel::Full || level == CompatibilityLevel::FullTransitive;
    const bool forward = level == CompatibilityLevel::Forward ||
                         level == CompatibilityLevel::ForwardTransitive ||
                         level == CompatibilityLevel::Full || level == CompatibilityLevel::FullTransitive;
    for (const ParsedSchemaPtr &old : std::as_const(toCheck)) {
        // Confluent's mutual-read strategy reports "old reads new" before "new reads old".
        if (forward)
            result.messages << readerWriterMessages(*old, candidate, false);
        if (backward)
            result.messages << readerWriterMessages(candidate, *old, true);
    }
    result.compatible = result.messages.isEmpty();
    return result;
}

} // namespace sd::schema
