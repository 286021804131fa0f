#include "sandbox/RegistryMode.h"

#include "sandbox/EnumNames.h"

namespace sd::sandbox {

namespace {

constexpr EnumNameRow<RegistryMode> kModeNames[] = {
    {RegistryMode::ReadWrite, u"READWRITE"},
    {RegistryMode::ReadOnly, u"READONLY"},
    {RegistryMode::ReadOnlyOverride, u"READONLY_OVERRIDE"},
    {RegistryMode::Import, u"IMPORT"},
    {RegistryMode::Forward, u"FORWARD"},
};

} // namespace

QString registryModeName(RegistryMode mode)
{
    return enumName(kModeNames, mode);
}

std::optional<RegistryMode> registryModeFromName(QStringView name)
{
    return enumFromName(kModeNames, name, Qt::CaseInsensitive);
}

} // namespace sd::sandbox
