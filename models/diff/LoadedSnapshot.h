#pragma once

#include "MirrorSnapshot.h"

namespace sd::registry {
class RegistrySnapshot;
}

namespace sd::diff {

// What registry::BulkLoader loaded, as the comparator's plain snapshot (schema texts shared, not copied).
// Context-level settings are not part of a bulk load: callers add what they know. Runs on any thread.
RegistrySnapshot snapshotFromLoaded(const registry::RegistrySnapshot &loaded, const QString &label);

} // namespace sd::diff
