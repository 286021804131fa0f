#pragma once

#include "schema/Schema.h"

#include <QList>
#include <QString>

namespace sd::diff {

enum class SemanticChangeKind {
    FieldAdded,
    FieldRemoved,
    TypeChanged,
    DefaultChanged, // added, removed or changed default value
    SymbolAdded,    // enum symbol / JSON enum value
    SymbolRemoved,
    NameChanged,         // Avro named type renamed
    SizeChanged,         // Avro fixed size
    RequiredChanged,     // JSON Schema "required"
    ContentModelChanged, // JSON Schema additionalProperties open <-> closed
};
QString semanticChangeKindName(SemanticChangeKind kind); // "field added", ...

struct SemanticChange
{
    SemanticChangeKind kind = SemanticChangeKind::FieldAdded;
    QString path;   // field names joined by '.', "[]" for array items, "{}" for map values; "" = root
    QString before; // type, default or symbol as text; empty when not applicable
    QString after;
    bool backwardCompatible = true; // the new schema reads data written with the old one
    bool forwardCompatible = true;  // the old schema reads data written with the new one
    bool compatible = true;         // under the level asked for
    QString explanation;
};

struct SemanticSummary
{
    QString error; // the schemas could not be compared (parse error, unsupported type)
    schema::CompatibilityLevel level = schema::CompatibilityLevel::Backward;
    QList<SemanticChange> changes;

    bool ok() const { return error.isEmpty(); }
    int breakingCount() const;
    bool compatible() const { return ok() && breakingCount() == 0; }
};

// Field-level summary of what changed between two versions of an AVRO or JSON schema, each change
// judged under `level`. Avro follows the specification's schema resolution (BACKWARD: the new
// schema is the reader of data the old one wrote; FORWARD: the other way round; FULL: both;
// *_TRANSITIVE judge this pair the same way; NONE accepts everything). JSON Schema follows the
// same reader/writer idea over properties, required, types, enums and the content model
// (additionalProperties), as Confluent's checker does.
class SemanticDiff
{
public:
    static SemanticSummary compare(schema::SchemaType type, const QString &oldText, const QString &newText,
                                   schema::CompatibilityLevel level,
                                   const QList<schema::ResolvedReference> &oldReferences = {},
                                   const QList<schema::ResolvedReference> &newReferences = {});
};

} // namespace sd::diff
