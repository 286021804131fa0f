// Fuzz target registry_config_mode: config and mode answers (GET /config, /mode at every level).

#include "FuzzTarget.h"
#include "registry/RegistryTypes.h"

using namespace sd::registry;

SD_FUZZ_TARGET(registry_config_mode)
{
    const QByteArray body = sd::fuzz::bytes(data, size);
    (void)parse::config(body);
    (void)parse::mode(body);
    return 0;
}
