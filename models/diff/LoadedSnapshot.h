#pragma once

#include "MirrorSnapshot.h"
#include "registry/RegistrySnapshot.h"

namespace sd::diff {

// What registry::BulkLoader loaded, as the comparator's plain snapshot: versions carry the fingerprints
// of their texts (hashed while loading), and the texts stay compressed in `loaded`, which the result
// keeps alive and reads from only where a comparison needs them. Context-level settings are not part
// of a bulk load: callers add what they know. Runs on any thread.
RegistrySnapshot snapshotFromLoaded(const registry::SnapshotPtr &loaded, const QString &label);

} // namespace sd::diff
