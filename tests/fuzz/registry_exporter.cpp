// Fuzz target registry_exporter: exporter answers (status, info, config map, {"name":...}).

#include "FuzzTarget.h"
#include "registry/RegistryTypes.h"

using namespace sd::registry;

SD_FUZZ_TARGET(registry_exporter)
{
    const QByteArray body = sd::fuzz::bytes(data, size);
    (void)parse::exporterStatus(body);
    (void)parse::exporterInfo(body);
    (void)parse::stringMap(body);
    (void)parse::nameReply(body);
    return 0;
}
