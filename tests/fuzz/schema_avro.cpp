// Fuzz target schema_avro: the Avro parser, and for what parses its canonical form, fingerprint and printed
// forms.

#include "FuzzTarget.h"
#include "schema/Schema.h"

using namespace sd::schema;

SD_FUZZ_TARGET(schema_avro)
{
    const ParseResult result = parseSchema(SchemaType::Avro, sd::fuzz::text(data, size));
    if (result.ok()) {
        (void)avroRabinFingerprint(avroParsingCanonicalForm(*result.schema).toUtf8());
        (void)result.schema->canonicalText();
        (void)result.schema->normalizedText();
        (void)result.schema->prettyText();
    }
    return 0;
}
