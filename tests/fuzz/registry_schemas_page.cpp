// Fuzz target registry_schemas_page: a page of GET /schemas (the bulk load) and of /schemas/ids/N/versions.

#include "FuzzTarget.h"
#include "registry/RegistryTypes.h"

using namespace sd::registry;

SD_FUZZ_TARGET(registry_schemas_page)
{
    const QByteArray body = sd::fuzz::bytes(data, size);
    (void)parse::schemaVersions(body);
    (void)parse::subjectVersions(body);
    return 0;
}
