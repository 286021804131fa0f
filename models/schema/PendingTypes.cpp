// Temporary: JSON Schema and Protobuf land in the next commits.
#include "schema/SchemaInternal.h"

using namespace Qt::StringLiterals;

namespace sd::schema {

ParseResult parseProtobufSchema(const QString &, const QList<ResolvedReference> &, const ParseOptions &)
{
    return {nullptr, u"Protobuf support is not available yet"_s};
}

QStringList protobufReaderWriterMessages(const ParsedSchema &, const ParsedSchema &, bool)
{
    return {};
}

} // namespace sd::schema
