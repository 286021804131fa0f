#include "sandbox/RegistryMode.h"

using namespace Qt::StringLiterals;

namespace sd::sandbox {

QString registryModeName(RegistryMode mode)
{
    switch (mode) {
    case RegistryMode::ReadWrite:
        return u"READWRITE"_s;
    case RegistryMode::ReadOnly:
        return u"READONLY"_s;
    case RegistryMode::ReadOnlyOverride:
        return u"READONLY_OVERRIDE"_s;
    case RegistryMode::Import:
        return u"IMPORT"_s;
    case RegistryMode::Forward:
        return u"FORWARD"_s;
    }
    return {};
}

std::optional<RegistryMode> registryModeFromName(QStringView name)
{
    for (RegistryMode mode : {RegistryMode::ReadWrite, RegistryMode::ReadOnly, RegistryMode::ReadOnlyOverride,
                              RegistryMode::Import, RegistryMode::Forward}) {
        if (name.compare(registryModeName(mode), Qt::CaseInsensitive) == 0)
            return mode;
    }
    return std::nullopt;
}

} // namespace sd::sandbox
