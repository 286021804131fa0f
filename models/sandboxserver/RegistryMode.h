#pragma once

#include <optional>
#include <QString>
#include <QStringView>

namespace sd::sandbox {

// The modes of Confluent's registry, by the names its REST API uses.
enum class RegistryMode {
    ReadWrite,
    ReadOnly,
    ReadOnlyOverride,
    Import,
    Forward,
};
QString registryModeName(RegistryMode mode);
std::optional<RegistryMode> registryModeFromName(QStringView name);

} // namespace sd::sandbox
