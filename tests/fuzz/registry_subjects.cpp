// Fuzz target registry_subjects: the subject and version lists (GET /subjects, /subjects/X/versions,
// /contexts).

#include "FuzzTarget.h"
#include "registry/RegistryTypes.h"

using namespace sd::registry;

SD_FUZZ_TARGET(registry_subjects)
{
    const QByteArray body = sd::fuzz::bytes(data, size);
    (void)parse::stringList(body);
    (void)parse::intList(body);
    (void)parse::integer(body);
    return 0;
}
