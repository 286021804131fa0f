#pragma once

#include "schema/AvroSchema.h"

#include <QSet>

namespace sd::schema {

// Confluent's AvroSchemaUtils.toNormalizedString (used for normalize=true).
class AvroNormalizedWriter
{
public:
    // known: full names written by name only (the named types of references).
    explicit AvroNormalizedWriter(const QSet<QString> &known);

    void write(const AvroNode *n, QString &out);

private:
    QSet<QString> m_env;

    void writeNamed(const AvroNode *n, QString &out);
    static void writePrimitive(const AvroNode *n, QString &out);
    static QStringList writeLogicalProps(const AvroNode *n, QString &out);
    // Sorted by key; keys already written by writeLogicalProps are skipped (Jackson would keep
    // the first position and the identical value).
    static void writeSimpleProps(const QList<AvroProperty> &props, QString &out, const QStringList &skip);
    static void writeSortedAliases(const QStringList &aliases, QString &out);
    static void writeFieldProps(const AvroField &f, QString &out);
};

} // namespace sd::schema
