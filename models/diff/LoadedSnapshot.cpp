#include "LoadedSnapshot.h"

#include "MirrorComparator.h"

namespace sd::diff {

RegistrySnapshot snapshotFromLoaded(const registry::SnapshotPtr &loadedPtr, const QString &label)
{
    RegistrySnapshot snapshot;
    snapshot.label = label;
    if (!loadedPtr)
        return snapshot;
    const registry::RegistrySnapshot &loaded = *loadedPtr;
    snapshot.texts = [loadedPtr](int textIndex) { return loadedPtr->schemaText(textIndex); };
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
            copy.textIndex = version.schemaIndex;
            copy.deleted = version.deleted;
            for (const auto &reference : loaded.references(version))
                copy.references << SnapshotReference{reference.name, reference.subject, reference.version};
            copy.fingerprint = MirrorComparator::fingerprint(loaded.schemaHash(version), copy);
            out.versions << copy;
        }
        snapshot.subjects << out;
    }
    return snapshot;
}

} // namespace sd::diff
