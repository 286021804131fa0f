#pragma once

// The Avro AST (Avro 1.11 specification). Nodes are owned by their AvroSchema and linked by
// plain pointers, so recursive types (a record containing itself) are one node referenced twice.

#include "schema/OrderedJson.h"
#include "schema/Schema.h"

#include <memory>
#include <mutex>
#include <optional>
#include <QHash>
#include <QSet>
#include <vector>

namespace sd::schema {

enum class AvroType {
    Null,
    Boolean,
    Int,
    Long,
    Float,
    Double,
    Bytes,
    String,
    Record,
    Enum,
    Array,
    Map,
    Union,
    Fixed
};
QString avroTypeName(AvroType type); // "null", "record", ... as written in schemas
bool isNamedAvroType(AvroType type); // record, enum, fixed
bool isPrimitiveAvroType(AvroType type);

struct AvroNode;

// A custom attribute ("custom properties" in Java Avro), in source order. logicalType and its
// parameters are kept here too, exactly as written.
struct AvroProperty
{
    QString name;
    JsonValue value;
};

enum class AvroFieldOrder { Ascending, Descending, Ignore };

struct AvroField
{
    QString name;
    const AvroNode *type = nullptr;
    std::optional<QString> doc;
    std::optional<JsonValue> defaultValue;
    AvroFieldOrder order = AvroFieldOrder::Ascending;
    QStringList aliases;
    QList<AvroProperty> properties;
    int position = 0;
};

struct AvroNode
{
    AvroType type = AvroType::Null;

    // Named types (record, enum, fixed).
    QString name;  // simple name
    QString space; // namespace, empty for the null namespace
    QString fullName() const { return space.isEmpty() ? name : space + QLatin1Char('.') + name; }
    std::optional<QString> doc;
    QStringList aliases;  // full names
    bool isError = false; // record declared as "error"

    QList<AvroField> fields; // record
    const AvroField *field(QStringView fieldName) const;
    QHash<QString, qsizetype> fieldIndex; // filled for records with many fields, to keep lookups cheap

    QStringList symbols; // enum
    std::optional<QString> enumDefault;

    const AvroNode *items = nullptr;  // array
    const AvroNode *values = nullptr; // map
    QList<const AvroNode *> branches; // union
    int size = 0;                     // fixed

    // The logical type when it is valid for this node (Avro ignores invalid ones); the raw
    // attributes stay in properties either way.
    QString logicalType;
    int precision = 0; // decimal
    int scale = 0;     // decimal

    QList<AvroProperty> properties;
    const JsonValue *property(QStringView propertyName) const;
};

class AvroSchema final : public ParsedSchema
{
public:
    SchemaType type() const override { return SchemaType::Avro; }
    QString canonicalText() const override { return m_canonical; }
    // Confluent's normalize=true (AvroSchemaUtils.toNormalizedString: full names, a fixed attribute
    // order, properties and aliases sorted, defaults converted through their field type), read
    // back and printed like canonicalText(), which is what Confluent then stores.
    QString normalizedText() const override;
    QString prettyText() const override;

    const AvroNode *root() const { return m_root; }
    // Named types defined by this schema or by its references, by full name.
    const AvroNode *findNamed(QStringView fullName) const;
    QList<const AvroNode *> namedTypes() const; // in definition order, references first
    QString parsingCanonicalForm() const;
    quint64 fingerprint() const; // Rabin fingerprint of the Parsing Canonical Form

    static ParseResult parse(const QString &text, const QList<ResolvedReference> &references,
                             const ParseOptions &options);

private:
    friend class AvroParser;
    // The full names of the references' top-level named types (written by name only).
    QSet<QString> referenceTypeNames() const;
    QSet<QString> m_referenceNames; // named types defined by references
    mutable std::once_flag m_normalizedOnce;
    mutable QString m_normalized;
    std::vector<std::unique_ptr<AvroNode>> m_nodes;
    QHash<QString, const AvroNode *> m_named;
    QList<const AvroNode *> m_namedOrder;
    QList<const AvroNode *> m_referenceTopLevel; // written by name only in canonicalText
    const AvroNode *m_root = nullptr;
    QString m_canonical;
};

// Java Avro's Schema.isValidDefault: is `value` a valid default for a field of type `schema`?
bool avroDefaultIsValid(const AvroNode *schema, const JsonValue &value);

// One reader/writer incompatibility, as Avro's SchemaCompatibility reports it.
struct AvroIncompatibility
{
    QString type;     // SchemaIncompatibilityType name, e.g. "READER_FIELD_MISSING_DEFAULT_VALUE"
    QString location; // JSON pointer into the reader schema, e.g. "/fields/1"
    QString message;  // Avro's message ("additionalInfo" in Confluent's text)
};

// Avro schema resolution (Java SchemaCompatibility.checkReaderWriterCompatibility): can data
// written with `writer` be read with `reader`? Empty when compatible. Same traversal, memoisation
// and locations as Java; identical findings (Java repeats them for every reuse of a memoised
// pair) are listed once, which keeps chains of nested records linear.
QList<AvroIncompatibility> avroReaderWriterIncompatibilities(const AvroNode *reader, const AvroNode *writer);
// Confluent's text for one incompatibility; readerLabel/writerLabel are "new"/"old" for BACKWARD.
QString confluentAvroMessage(const AvroIncompatibility &incompatibility, const QString &readerLabel,
                             const QString &writerLabel);

} // namespace sd::schema
