#include "schema/Schema.h"

#include "schema/AvroSchema.h"
#include "schema/SchemaInternal.h"

using namespace Qt::StringLiterals;

namespace sd::schema {

QString schemaTypeName(SchemaType type)
{
    switch (type) {
    case SchemaType::Avro:
        return u"AVRO"_s;
    case SchemaType::Json:
        return u"JSON"_s;
    case SchemaType::Protobuf:
        return u"PROTOBUF"_s;
    }
    return {};
}

std::optional<SchemaType> schemaTypeFromName(QStringView name)
{
    for (SchemaType t : {SchemaType::Avro, SchemaType::Json, SchemaType::Protobuf}) {
        if (name.compare(schemaTypeName(t), Qt::CaseInsensitive) == 0)
            return t;
    }
    return std::nullopt;
}

namespace {
constexpr CompatibilityLevel allLevels[] = {CompatibilityLevel::None,
                                            CompatibilityLevel::Backward,
                                            CompatibilityLevel::BackwardTransitive,
                                            CompatibilityLevel::Forward,
                                            CompatibilityLevel::ForwardTransitive,
                                            CompatibilityLevel::Full,
                                            CompatibilityLevel::FullTransitive};
}

QString compatibilityLevelName(CompatibilityLevel level)
{
    switch (level) {
    case CompatibilityLevel::None:
        return u"NONE"_s;
    case CompatibilityLevel::Backward:
        return u"BACKWARD"_s;
    case CompatibilityLevel::BackwardTransitive:
        return u"BACKWARD_TRANSITIVE"_s;
    case CompatibilityLevel::Forward:
        return u"FORWARD"_s;
    case CompatibilityLevel::ForwardTransitive:
        return u"FORWARD_TRANSITIVE"_s;
    case CompatibilityLevel::Full:
        return u"FULL"_s;
    case CompatibilityLevel::FullTransitive:
        return u"FULL_TRANSITIVE"_s;
    }
    return {};
}

std::optional<CompatibilityLevel> compatibilityLevelFromName(QStringView name)
{
    for (CompatibilityLevel level : allLevels) {
        if (name.compare(compatibilityLevelName(level), Qt::CaseInsensitive) == 0)
            return level;
    }
    return std::nullopt;
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
        return jsonSchemaReaderWriterMessages(reader, writer, readerIsNew);
    case SchemaType::Protobuf:
        return protobufReaderWriterMessages(reader, writer, readerIsNew);
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
