// Fuzz target registry_schema: one schema object (GET /subjects/X/versions/N, /schemas/ids/N).

#include "FuzzTarget.h"
#include "registry/RegistryTypes.h"

using namespace sd::registry;

SD_FUZZ_TARGET(registry_schema)
{
    const QByteArray body = sd::fuzz::bytes(data, size);
    (void)parse::schemaVersion(body);
    (void)parse::compatibility(body);
    (void)parse::serverVersion(body);
    (void)parse::clusterId(body);
    return 0;
}
