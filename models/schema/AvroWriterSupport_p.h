#pragma once

// JSON fragments that the Avro schema writers (canonical, Parsing Canonical Form, normalised)
// write alike.

#include "schema/AvroSchema.h"

#include <functional>

namespace sd::schema {

// "int"
void writeAvroTypeName(AvroType type, QString &out);
// {"type":"int"  (the object form of a primitive, left open for its properties)
void writeAvroTypeObjectHead(AvroType type, QString &out);
// {"type":"array","items":  or  {"type":"map","values":  (left open for the element type)
void writeAvroContainerHead(const AvroNode *n, QString &out);
// {"name":"full.Name","type":"record"  (named types in the parsing and normalised forms)
void writeAvroFullNameAndType(const AvroNode *n, QString &out);
// ["a","b"]
void writeAvroStringArray(const QStringList &list, QString &out);
// ,"symbols":["A","B"]
void writeAvroSymbols(const AvroNode *n, QString &out);
// ,"size":16
void writeAvroSize(const AvroNode *n, QString &out);
// ,"name":value
void writeAvroProperty(const AvroProperty &p, QString &out);
// [b1,b2]: each branch written by writeBranch.
void writeAvroUnion(const AvroNode *n, QString &out,
                    const std::function<void(const AvroNode *)> &writeBranch);
// ,"fields":[{"name":"f","type":...},...]: writeTypeAndRest writes each field's type and what follows it.
void writeAvroFields(const AvroNode *record, QString &out,
                     const std::function<void(const AvroField &)> &writeTypeAndRest);

} // namespace sd::schema
