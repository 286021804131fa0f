#pragma once

#include "MirrorSnapshot.h"
#include "SubjectMapping.h"

#include <QHash>
#include <QStringList>

namespace sd::registry {
class RegistrySnapshot;
}

namespace sd::diff {

// A folder of schema files, as teams keep them in Git: one file per subject holding its latest schema —
// `orders-value.avsc`, `shipments-value.proto`, `events-value.json` (JSON Schema) —
// subjects of other contexts under `contexts/<name>/`, and `schemadesk-schemas.json` naming each file's
// subject, version, id, type and references (written on export; optional when reading; a hand-written
// one may leave out all but `file`, give references without a version (= the latest) and set a
// subject's `compatibility`; with `"unlisted": "ignore"` files it does not list are not schemas).
namespace schemafolder {

inline constexpr const char *manifestName = "schemadesk-schemas.json";

// "orders-value" AVRO -> "orders-value.avsc"; ":.eu:orders-value" PROTOBUF ->
// "contexts/eu/orders-value.proto"
QString relativePathFor(const QString &qualifiedSubject, const QString &schemaType);
// The reverse: the subject a relative path stands for, and the type its extension implies ("" for .json:
// JSON Schema unless the manifest or the content says Avro).
QString subjectForPath(const QString &relativePath);

struct ExportResult
{
    int written = 0;
    QStringList errors; // files that could not be written
};
// Each selected subject's latest live version, pretty-printed in the author's key order (Protobuf as
// stored), plus the manifest. Files are replaced atomically; other files in the folder are left alone.
ExportResult exportLatest(const registry::RegistrySnapshot &snapshot, const QString &directory,
                          const SubjectMapping &filter, const QString &registryLabel);

struct LoadResult
{
    RegistrySnapshot snapshot;              // one version per subject (the manifest's number, else 1)
    QHash<QString, QString> filesBySubject; // subject -> absolute path
    QStringList errors;                     // unreadable files, a damaged manifest
};
LoadResult load(const QString &directory, const QString &label);

} // namespace schemafolder
} // namespace sd::diff
