#pragma once

// Plain input for MirrorComparator: what one registry holds, as the bulk loader saw it. QString and
// QList are implicitly shared, so copying a snapshot (e.g. into a worker) costs nothing and the same
// schema text may be shared by many versions.

#include <functional>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace sd::diff {

struct SnapshotReference
{
    QString name;    // as registered (import path, $ref target or Avro full name)
    QString subject; // as the registry returns it (may be qualified)
    int version = 0;
    friend bool operator==(const SnapshotReference &, const SnapshotReference &) = default;
};

struct SnapshotVersion
{
    int version = 0;
    int id = 0;
    QString schemaType; // "AVRO" (also when empty, as the registry omits it), "JSON", "PROTOBUF"
    QString schema;     // the schema string as the registry returns it (empty when textIndex is set)
    bool deleted = false;
    QList<SnapshotReference> references;
    // Optional precomputed MirrorComparator::fingerprint(); 0 = compute when comparing.
    quint64 fingerprint = 0;
    int textIndex = -1; // the text is kept elsewhere: RegistrySnapshot::texts reads it
};

struct SnapshotSubject
{
    QString name;                    // as GET /subjects lists it: "orders-value" or ":.ctx:orders-value"
    QList<SnapshotVersion> versions; // ascending by version
    QString compatibility;           // subject-level setting ("BACKWARD", ...); empty when not set
    QString mode;                    // subject-level mode ("IMPORT", ...); empty when not set
};

struct RegistrySnapshot
{
    QString label; // shown in reports, e.g. "source (http://localhost:8081)"
    QList<SnapshotSubject> subjects;
    // Context-level settings keyed by context name ("." for the default context, ".source", ...).
    QHash<QString, QString> contextCompatibility;
    QHash<QString, QString> contextMode;
    // Texts kept compressed elsewhere (a bulk load): versions with a textIndex read theirs through it,
    // only when a comparison needs more than their fingerprints. Callable from any thread.
    std::function<QString(int textIndex)> texts = {};
    QString schemaOf(const SnapshotVersion &version) const
    {
        return version.textIndex >= 0 && texts ? texts(version.textIndex) : version.schema;
    }
};

} // namespace sd::diff
