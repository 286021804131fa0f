#include "sandboxserver/RegistryMode.h"

#include "sandboxserver/EnumNames.h"

namespace sd::sandbox {

namespace {

constexpr QStringView kModeNames[] = {u"READWRITE", u"READONLY", u"READONLY_OVERRIDE", u"IMPORT", u"FORWARD"};
static_assert(std::size(kModeNames) == std::size_t(RegistryMode::Forward) + 1);

} // namespace

QString registryModeName(RegistryMode mode)
{
    return enumName(kModeNames, mode);
}

std::optional<RegistryMode> registryModeFromName(QStringView name)
{
    return enumFromName<RegistryMode>(kModeNames, name, Qt::CaseInsensitive);
}

} // namespace sd::sandbox
