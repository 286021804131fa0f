#pragma once

// Entry points of the per-type implementations, used by Schema.cpp only.

#include "schema/Schema.h"

namespace sd::schema {

ParseResult parseJsonSchema(const QString &text, const QList<ResolvedReference> &references,
                            const ParseOptions &options);
ParseResult parseProtobufSchema(const QString &text, const QList<ResolvedReference> &references,
                                const ParseOptions &options);

} // namespace sd::schema
