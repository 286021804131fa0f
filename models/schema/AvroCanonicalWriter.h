#pragma once

#include "schema/AvroSchema.h"

#include <QSet>

namespace sd::schema {

// Java Avro's Schema.toString(referencedSchemas, false): Confluent's canonicalString().
class AvroCanonicalWriter
{
public:
    // known: full names written by name only (the named types of references).
    explicit AvroCanonicalWriter(const QSet<QString> &known);

    void write(const AvroNode *n, QString &out);

private:
    QSet<QString> m_known;
    QString m_space;

    // Writes a named type met before by name; false if `n` must be written in full.
    bool writeKnownName(const AvroNode *n, QString &out);
    void writeRecord(const AvroNode *n, QString &out);
    void writeField(const AvroField &f, QString &out);
    void writeEnum(const AvroNode *n, QString &out) const;
    void writeFixed(const AvroNode *n, QString &out) const;
    void writePrimitive(const AvroNode *n, QString &out) const;
    void writeName(const AvroNode *n, QString &out) const;
    static void writeDoc(const std::optional<QString> &doc, QString &out);
    static void writeProps(const QList<AvroProperty> &props, QString &out);
    static void writeAliases(const AvroNode *n, QString &out);
};

} // namespace sd::schema
