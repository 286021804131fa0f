#pragma once

// JSON fragments that the Avro schema writers (canonical, Parsing Canonical Form, normalised)
// write alike.

#include "schema/AvroSchema.h"

#include <functional>
#include <QSet>

namespace sd::schema {

// "int"
void writeAvroTypeName(AvroType type, QString &out);
// {"type":"int"  (the object form of a primitive, left open for its properties)
void writeAvroTypeObjectHead(AvroType type, QString &out);
// "full.Name" of a named type in `seen` (met before, or known from the start), returning true;
// otherwise adds it to `seen` and returns false (the caller writes it in full).
bool writeAvroFullNameIfSeen(const AvroNode *n, QSet<QString> &seen, QString &out);
// {"name":"full.Name","type":"record"  (named types in the parsing and normalised forms)
void writeAvroFullNameAndType(const AvroNode *n, QString &out);
// [a,b]: `count` items, each written by writeItem.
void writeAvroList(QString &out, qsizetype count, const std::function<void(qsizetype)> &writeItem);
// ["a","b"]
void writeAvroStringArray(const QStringList &list, QString &out);
// ,"symbols":["A","B"]
void writeAvroSymbols(const AvroNode *n, QString &out);
// ,"size":16
void writeAvroSize(const AvroNode *n, QString &out);
// ,"name":value
void writeAvroProperty(const AvroProperty &p, QString &out);
// A union ([b1,b2]) or an array or map ({"type":"array","items":i} with the properties writeProps
// writes, if given, before the closing brace), element types written by `write`; false for other types.
bool writeAvroComposite(const AvroNode *n, QString &out, const std::function<void(const AvroNode *)> &write,
                        const std::function<void()> &writeProps = {});
// ,"fields":[{"name":"f","type":...},...]: writeTypeAndRest writes each field's type and what follows it.
void writeAvroFields(const AvroNode *record, QString &out,
                     const std::function<void(const AvroField &)> &writeTypeAndRest);

} // namespace sd::schema
