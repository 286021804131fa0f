#pragma once

// Entry points of the per-type implementations, used by Schema.cpp only.

#include "schema/Schema.h"

namespace sd::schema {

ParseResult parseJsonSchema(const QString &text, const QList<ResolvedReference> &references,
                            const ParseOptions &options);
ParseResult parseProtobufSchema(const QString &text, const QList<ResolvedReference> &references,
                                const ParseOptions &options);

// Confluent-style messages for "can `reader` read what `writer` produced?" (both of the same type).
// readerIsNew picks the "new"/"old" wording (BACKWARD reads old data with the new schema).
QStringList jsonSchemaReaderWriterMessages(const ParsedSchema &reader, const ParsedSchema &writer,
                                           bool readerIsNew);
QStringList protobufReaderWriterMessages(const ParsedSchema &reader, const ParsedSchema &writer,
                                         bool readerIsNew);

} // namespace sd::schema
