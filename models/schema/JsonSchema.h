#pragma once

// JSON Schema support: parsing and validation, canonical forms and Confluent's compatibility rules.
//
// Model: the document is loaded into typed nodes the way Confluent's JSON Schema provider (everit)
// sees it: "type" picks String/Number/Object/Array/Boolean/Null nodes (several types become an
// anyOf), a schema without "type" is inferred from its keywords, enum/const/allOf/anyOf/oneOf/not
// become their own nodes (combined with allOf when a schema has several), true/{} is Empty and
// false is False; $ref is resolved inside the document (JSON pointers, "#", $anchor) or to a
// ResolvedReference whose name (or $id, or last path segment) matches the reference.
//
// Validation: valid JSON; the root is an object or a boolean; known keywords have the right
// types (type names, non-negative integer bounds, numeric limits, positive multipleOf, regular
// expressions in pattern/patternProperties, arrays of unique strings in required, non-empty arrays
// in allOf/anyOf/oneOf, schemas wherever a subschema is expected); every $ref resolves.
//
// Compatibility (port of Confluent's json-schema-diff, SchemaDiff/ObjectSchemaDiff/...):
// covered:
//   - type changed / narrowed (number -> integer) / extended (integer -> number), false -> x, x -> true
//   - single type -> anyOf/oneOf containing it (SUM_TYPE_EXTENDED), singleton combined schemas
//   - combined schemas: criterion changes (allOf/oneOf -> anyOf ok, others changed), subschemas
//     matched pairwise by compatibility (maximum matching), extended/narrowed
//   - not: narrowed / extended
//   - enum: extended (ok), narrowed / changed (breaking); const changed (breaking)
//   - string: maxLength, minLength, pattern added/removed/increased/decreased/changed
//   - number: maximum, minimum, exclusiveMaximum, exclusiveMinimum, multipleOf
//     (reduced = old is a multiple of new: ok; expanded/changed: breaking)
//   - object: properties added/removed under open, closed (additionalProperties false) and
//     partially open (additionalProperties schema / patternProperties) content models, with the
//     added or removed property compared against the covering schema; required added (with or
//     without default) / removed; additionalProperties added/removed/narrowed/extended/compared;
//     dependencies (arrays and schemas); minProperties/maxProperties
//   - array: items (single schema compared; tuple items added/removed under open/closed/partially
//     open content models), additionalItems, minItems/maxItems, uniqueItems
//   - $id/title/description/default changes (reported as compatible differences)
//   - recursive $ref structures (a pair already being compared counts as compatible)
// not covered: unevaluatedProperties/unevaluatedItems, minContains/maxContains, contains,
//   propertyNames, if/then/else, dependentRequired/dependentSchemas (2019-09 spellings),
//   metadata-based reserved properties (RESERVED_PROPERTY_*), format changes (ignored by Confluent too).

#include "schema/OrderedJson.h"
#include "schema/Schema.h"

#include <memory>
#include <optional>
#include <QHash>
#include <QMap>
#include <QSet>
#include <vector>

namespace sd::schema {

struct JsonSchemaNode
{
    enum class Kind {
        Empty,
        False,
        Boolean,
        Null,
        String,
        Number,
        Object,
        Array,
        Enum,
        Const,
        Combined,
        Not
    };

    Kind kind = Kind::Empty;
    const JsonValue *json = nullptr; // the schema object this node was read from (nullptr for true/false)
    QString location;                // where it was read: "#/properties/a" or "<reference name>#/..."

    std::optional<QString> id, title, description;
    std::optional<JsonValue> defaultValue;

    // String
    std::optional<qint64> minLength, maxLength;
    std::optional<QString> pattern;
    // Number
    bool requiresInteger = false;
    std::optional<double> minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf;
    // Object
    QList<std::pair<QString, const JsonSchemaNode *>> properties; // source order
    QStringList required;
    bool permitsAdditionalProperties = true;
    const JsonSchemaNode *additionalProperties = nullptr; // schema of additional properties, if any
    QList<std::pair<QString, const JsonSchemaNode *>> patternProperties;
    QMap<QString, QStringList> propertyDependencies;
    QMap<QString, const JsonSchemaNode *> schemaDependencies;
    std::optional<qint64> minProperties, maxProperties;
    const JsonSchemaNode *property(QStringView name) const;
    bool isRequired(const QString &name) const;
    QHash<QString, qsizetype> propertyIndex; // filled for objects with many properties
    QSet<QString> requiredSet;               // likewise for long "required" lists
    // Array
    const JsonSchemaNode *allItems = nullptr;  // "items": {schema}
    QList<const JsonSchemaNode *> itemSchemas; // "items": [schemas] (tuple)
    bool permitsAdditionalItems = true;
    const JsonSchemaNode *additionalItems = nullptr;
    std::optional<qint64> minItems, maxItems;
    bool uniqueItems = false;
    // Enum / Const
    std::vector<JsonValue> enumValues;
    std::optional<JsonValue> constValue;
    // Combined ("allOf", "anyOf", "oneOf") and Not
    QString criterion;
    QList<const JsonSchemaNode *> subschemas;
    const JsonSchemaNode *notSchema = nullptr;
};

class JsonSchema final : public ParsedSchema
{
public:
    SchemaType type() const override { return SchemaType::Json; }
    QString canonicalText() const override { return m_canonical; } // compact, key order kept
    QString normalizedText() const override;                       // compact, keys sorted
    QString prettyText() const override;

    const JsonValue &document() const { return *m_documents.front(); }
    const JsonSchemaNode *root() const { return m_root; }

    static ParseResult parse(const QString &text, const QList<ResolvedReference> &references);

private:
    friend class JsonSchemaLoader;
    std::vector<std::unique_ptr<JsonValue>> m_documents; // [0] = this schema, then references
    std::vector<std::unique_ptr<JsonSchemaNode>> m_nodes;
    const JsonSchemaNode *m_root = nullptr;
    QString m_canonical;
};

using JsonSchemaDifference = SchemaDifference;

// Every difference, compatible ones included (for semantic summaries).
QList<JsonSchemaDifference> jsonSchemaDifferences(const JsonSchema &original, const JsonSchema &update);
// Confluent's text for one difference; labels are "new"/"old" for BACKWARD.
QString confluentJsonSchemaMessage(const JsonSchemaDifference &difference, const QString &updateLabel,
                                   const QString &originalLabel);

} // namespace sd::schema
