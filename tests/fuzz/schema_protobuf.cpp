// Fuzz target schema_protobuf: the Protobuf parser and its printed forms.

#include "FuzzTarget.h"
#include "schema/Schema.h"

using namespace sd::schema;

SD_FUZZ_TARGET(schema_protobuf)
{
    const ParseResult result = parseSchema(SchemaType::Protobuf, sd::fuzz::text(data, size));
    if (result.ok()) {
        (void)result.schema->canonicalText();
        (void)result.schema->normalizedText();
        (void)result.schema->prettyText();
    }
    return 0;
}
