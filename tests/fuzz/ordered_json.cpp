// Fuzz target ordered_json: the order-keeping JSON parser (strict and with comments), written back and
// sorted.

#include "FuzzTarget.h"
#include "schema/OrderedJson.h"

using namespace sd::schema;

SD_FUZZ_TARGET(ordered_json)
{
    const QString input = sd::fuzz::text(data, size);
    for (const JsonSyntax syntax : {JsonSyntax::Strict, JsonSyntax::AllowComments}) {
        const JsonParseResult result = parseJson(input, syntax);
        if (!result.value)
            continue;
        const QString compact = writeJson(*result.value);
        (void)writeJson(*result.value, JsonFormat::Pretty);
        (void)writeJson(sortedJson(*result.value));
        // What it writes, it reads back.
        if (!parseJson(compact).value)
            __builtin_trap();
    }
    return 0;
}
