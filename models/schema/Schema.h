#pragma once

// Schema types of the registry (AVRO, JSON, PROTOBUF): parsing, validation, canonical forms and
// compatibility checks, faithful to Confluent Schema Registry's behaviour.
//
// Typical use by the registry:
//   auto parsed = sd::schema::parseSchema(SchemaType::Avro, text, resolvedRefs);
//   if (!parsed.ok()) -> 42201 with parsed.error
//   identity: parsed.schema->canonicalText()  (normalize=true: normalizedText())
//   auto compat = sd::schema::checkCompatibility(level, *parsed.schema, previousVersions);
//
// Per-type ASTs for walking: AvroSchema.h, JsonSchema.h (+ OrderedJson.h), ProtobufSchema.h.
// Parsed schemas are immutable once returned: share them between threads freely. Parsing and
// checking keep no global state, so they may run concurrently.

#include "schema/CompatibilityResult.h"

#include <memory>
#include <optional>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QtGlobal>

namespace sd::schema {

enum class SchemaType { Avro, Json, Protobuf };
QString schemaTypeName(SchemaType type);                        // "AVRO", "JSON", "PROTOBUF"
std::optional<SchemaType> schemaTypeFromName(QStringView name); // case-insensitive; unknown -> nullopt

enum class CompatibilityLevel {
    None,
    Backward,
    BackwardTransitive,
    Forward,
    ForwardTransitive,
    Full,
    FullTransitive
};
QString compatibilityLevelName(CompatibilityLevel level);                       // "BACKWARD_TRANSITIVE" etc.
std::optional<CompatibilityLevel> compatibilityLevelFromName(QStringView name); // case-insensitive
bool isTransitive(CompatibilityLevel level);

// A schema a reference points at. The caller passes the transitive closure, dependencies first.
// `name` is the reference's name (for Protobuf the import path, for JSON the $ref target URL or
// file name, for Avro informational only: the named types it defines become usable by name).
struct ResolvedReference
{
    QString name;
    SchemaType type = SchemaType::Avro;
    QString schema;
};

class ParsedSchema
{
public:
    virtual ~ParsedSchema() = default;
    virtual SchemaType type() const = 0;
    // Identity: two registrations are "the same schema" iff equal (as Confluent's canonicalString()).
    virtual QString canonicalText() const = 0;
    // What normalize=true compares and stores.
    virtual QString normalizedText() const = 0;
    // Indented, for display.
    virtual QString prettyText() const = 0;
    // The references this schema was parsed with (needed again for compatibility of referencing types).
    const QList<ResolvedReference> &references() const { return m_references; }

protected:
    QList<ResolvedReference> m_references;
};

using ParsedSchemaPtr = std::shared_ptr<const ParsedSchema>;

struct ParseOptions
{
    // Confluent validates Avro field defaults only for new registrations ("isNew"); stored
    // schemas are re-read leniently so old data never becomes unreadable.
    bool validateDefaults = true;
};

struct ParseResult
{
    ParsedSchemaPtr schema;
    QString error; // what is wrong and where; empty when ok()
    bool ok() const { return schema != nullptr; }
};

ParseResult parseSchema(SchemaType type, const QString &text,
                        const QList<ResolvedReference> &references = {});
ParseResult parseSchema(SchemaType type, const QString &text, const QList<ResolvedReference> &references,
                        const ParseOptions &options);


// previous: the versions to check against, oldest first (the caller already picked them by level:
// only the latest for non-transitive levels, all live versions for transitive ones).
// Schemas of a different type than the candidate are reported incompatible.
CompatibilityResult checkCompatibility(CompatibilityLevel level, const ParsedSchema &candidate,
                                       const QList<ParsedSchemaPtr> &previous);

// Directional check: can data written with `writer` be read with `reader`? Messages call the reader
// "new" and the writer "old", as Confluent does for BACKWARD.
CompatibilityResult checkReaderWriter(const ParsedSchema &reader, const ParsedSchema &writer);

// One difference found by Confluent's JSON Schema or Protobuf diff (original = old/writer,
// update = new/reader): JsonSchemaDifference, ProtobufDifference.
struct SchemaDifference
{
    QString type; // Confluent's Difference.Type name, e.g. "PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
    QString path; // "#/properties/a", "#/Message/3"
    bool compatible = true;
};

// Avro helpers (see AvroSchema.h for the AST).
// Parsing Canonical Form per the Avro specification; empty for non-Avro schemas.
QString avroParsingCanonicalForm(const ParsedSchema &schema);
// The 64-bit Rabin fingerprint (CRC-64-AVRO) of the given bytes (normally the canonical form in UTF-8).
quint64 avroRabinFingerprint(const QByteArray &canonicalUtf8);

} // namespace sd::schema
