#include "sandboxserver/RegistryMode.h"

#include "registry/EnumNames.h"

namespace sd::sandbox {

namespace {

constexpr registry::EnumNames<RegistryMode::Forward>
    kModeNames({u"READWRITE", u"READONLY", u"READONLY_OVERRIDE", u"IMPORT", u"FORWARD"});

} // namespace

QString registryModeName(RegistryMode mode)
{
    return kModeNames.name(mode);
}

std::optional<RegistryMode> registryModeFromName(QStringView name)
{
    return kModeNames.find(name, Qt::CaseInsensitive);
}

} // namespace sd::sandbox
