#include "LoadedSnapshot.h"

#include "registry/RegistrySnapshot.h"

namespace sd::diff {

RegistrySnapshot snapshotFromLoaded(const registry::RegistrySnapshot &loaded, const QString &label)
{
    RegistrySnapshot snapshot;
    snapshot.label = label;
    snapshot.subjects.reserve(loaded.subjectCount());
    for (int s = 0; s < loaded.subjectCount(); ++s) {
        const auto &subject = loaded.subject(s);
        SnapshotSubject out;
        out.name = loaded.qualifiedName(s);
        out.versions.reserve(subject.versionsCount);
        for (int v = subject.versionsBegin; v < subject.versionsBegin + subject.versionsCount; ++v) {
            const auto &version = loaded.version(v);
            SnapshotVersion copy;
            copy.version = version.version;
            copy.id = version.id;
            copy.schemaType = loaded.typeName(version);
            copy.schema = loaded.schemaText(version);
            copy.deleted = version.deleted;
            for (const auto &reference : loaded.references(version))
                copy.references << SnapshotReference{reference.name, reference.subject, reference.version};
            out.versions << copy;
        }
        snapshot.subjects << out;
    }
    return snapshot;
}

} // namespace sd::diff
