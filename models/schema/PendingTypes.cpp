// Temporary: JSON Schema and Protobuf land in the next commits.
#include "schema/SchemaInternal.h"

using namespace Qt::StringLiterals;

namespace sd::schema {

ParseResult parseJsonSchema(const QString &, const QList<ResolvedReference> &, const ParseOptions &)
{
    return {nullptr, u"JSON Schema support is not available yet"_s};
}

ParseResult parseProtobufSchema(const QString &, const QList<ResolvedReference> &, const ParseOptions &)
{
    return {nullptr, u"Protobuf support is not available yet"_s};
}

QStringList jsonSchemaReaderWriterMessages(const ParsedSchema &, const ParsedSchema &)
{
    return {};
}

QStringList protobufReaderWriterMessages(const ParsedSchema &, const ParsedSchema &)
{
    return {};
}

} // namespace sd::schema
