// Fuzz target schema_jsonschema: the JSON Schema parser and its printed forms.

#include "schema/Schema.h"

#include "FuzzTarget.h"

using namespace sd::schema;

SD_FUZZ_TARGET(schema_jsonschema)
{
    const ParseResult result = parseSchema(SchemaType::Json, sd::fuzz::text(data, size));
    if (result.ok()) {
        (void)result.schema->canonicalText();
        (void)result.schema->normalizedText();
        (void)result.schema->prettyText();
    }
    return 0;
}
