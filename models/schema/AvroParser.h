#pragma once

#include "schema/AvroSchema.h"

#include <functional>
#include <optional>

namespace sd::schema {

// Parsing (mirrors Java Avro 1.11's Schema.parse, which Confluent uses): builds the nodes and the
// named-type table of an AvroSchema.
class AvroParser
{
public:
    AvroParser(AvroSchema &schema, const ParseOptions &options);
    const AvroNode *parseDocument(const QString &text, const QString &what);
    QString error() const { return m_what.isEmpty() ? m_error : m_what + QStringLiteral(": ") + m_error; }

private:
    AvroSchema &m_schema;
    ParseOptions m_options;
    QString m_error;
    QString m_what;

    const AvroNode *fail(const QString &message, const QString &path);
    AvroNode *newNode(AvroType type);
    const AvroNode *lookup(const QString &name, const QString &space) const;
    bool registerNamed(const AvroNode *node, const QString &path);
    static std::optional<QString> optionalText(const JsonValue &object, QStringView key);

    // Splits "a.b.c" into namespace "a.b" and name "c"; a dotless name takes the given namespace.
    bool makeName(const QString &rawName, const QString &space, AvroNode *node, const QString &path);
    bool parseAliases(const JsonValue &object, QStringList &out, const QString &path, const QString *space);
    void parseProperties(const JsonValue &object, AvroNode *node, bool isEnum);
    static void resolveLogicalType(AvroNode *node);
    const AvroNode *parse(const JsonValue &json, const QString &space, const QString &path);
    const AvroNode *parseName(const QString &name, const QString &space, const QString &path);
    const AvroNode *parseUnion(const JsonValue &json, const QString &space, const QString &path);
    const AvroNode *parseObject(const JsonValue &json, const QString &space, const QString &path);
    // Calls `each` with every item of `array` and its path; fails with `notString` (%1: the item)
    // on an item that is not a string.
    bool forEachString(const JsonValue &array, const QString &arrayPath, const QString &notString,
                       const std::function<bool(const QString &, const QString &)> &each);
    bool parseEnumSymbols(const JsonValue &json, AvroNode *result, const QString &path);
    // An array's items or a map's values.
    AvroNode *parseContainer(const JsonValue &json, AvroType type, const QString &space, const QString &path);
    bool parseFields(const JsonValue &fields, AvroNode *record, const QString &space, const QString &path);
    bool parseFieldOrder(const JsonValue &fieldJson, AvroField &field, const QString &fieldPath);
    // A field's default, as Java Avro reads it (textual NaN/Infinity for float and double fields),
    // validated for new registrations.
    bool parseFieldDefault(const JsonValue &fieldJson, AvroField &field, const QString &fieldPath);
    static QString shortSchema(const AvroNode *node);

public:
    // Java Avro's Schema.isValidDefault.
    static bool isValidDefault(const AvroNode *schema, const JsonValue &value);
};

} // namespace sd::schema
