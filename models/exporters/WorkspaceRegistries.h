#pragma once

#include "exporters/ExporterDiagnosis.h"

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::exporters {

// Every open connection as a KnownRegistry (exporters not filled).
QList<KnownRegistry> knownRegistries(const items::RegistryWorkspace &workspace);
// The open connection one of whose URLs is `url`, or empty.
QString connectionForUrl(const items::RegistryWorkspace &workspace, const QString &url);
// The connection's name, or its id when it is not open.
QString connectionName(const items::RegistryWorkspace &workspace, const QString &connectionId);

} // namespace sd::exporters
