#pragma once

#include "diff/DiffTypes.h"
#include "diff/MirrorSnapshot.h"
#include "diff/SubjectMapping.h"

#include <functional>
#include <QFlags>
#include <QFuture>
#include <QJsonObject>

namespace sd::diff {

enum class MirrorStatus : quint8 { OnlyInA, OnlyInB, Differing, Identical };
QString mirrorStatusName(MirrorStatus status); // "onlyInA", "onlyInB", "differing", "identical"

enum class MirrorDifference : quint8 {
    Schema = 0x1,      // schema text, type or references of a version present on both sides
    Id = 0x2,          // same version, different schema id
    VersionList = 0x4, // versions present (or soft-deleted) on one side only
    Config = 0x8,      // subject-level compatibility
    Mode = 0x10,       // subject-level mode
};
Q_DECLARE_FLAGS(MirrorDifferences, MirrorDifference)
QStringList
mirrorDifferenceNames(MirrorDifferences differences); // "schema", "id", "versions", "config", "mode"

struct MirrorEntry
{
    MirrorStatus status = MirrorStatus::Identical;
    QString subjectA; // empty for OnlyInB
    QString subjectB; // for OnlyInA: the name expected on B
    int indexA = -1;  // into RegistrySnapshot::subjects, -1 when absent
    int indexB = -1;
    MirrorDifferences differences;
    QStringList details;              // one readable line per finding
    QList<int> schemaDiffersVersions; // versions to open side by side
};

struct MirrorCounts
{
    int subjectsA = 0; // subjects of A the mapping selects
    int subjectsB = 0; // subjects of B in the mapping's scope
    int outOfScopeB = 0;
    int identical = 0;
    int differing = 0;
    int onlyInA = 0;
    int onlyInB = 0;
    qint64 versionsA = 0;
    qint64 versionsB = 0;
    int schemaDifferences = 0; // subjects with that reason
    int idDifferences = 0;
    int versionListDifferences = 0;
    int configDifferences = 0;
    int modeDifferences = 0;
};

enum class FingerprintMode {
    SchemaText, // the schema string as returned (registries return their canonical string): precomputed
                // fingerprints when both sides carry one, else exact text equality
    Canonical,  // hash of the schema library's canonicalText(): also equal when a registry formats
                // the same schema differently; parses every distinct text once (slower)
    Formatting, // whitespace and layout ignored, nothing else (JSON re-written compactly in its own key
                // order; Protobuf with whitespace runs collapsed): for files, which name no references
                // the schema library would need to parse them
};

struct MirrorOptions
{
    FingerprintMode fingerprint = FingerprintMode::SchemaText;
    bool compareConfig = true;
    bool compareMode = true;
    bool compareIds = true;
    bool includeDeleted = true; // false: soft-deleted versions are left out on both sides
    // Only each subject's newest live version on either side, by schema and references (not by version
    // number or id): a folder of schema files, or a repository, holds the latest of each subject only.
    bool latestOnly = false;
};

// Context-level settings of a context on A that holds selected subjects, next to the context on B
// the mapping writes into. Exported subjects can only be written while B's context is in IMPORT mode
// (otherwise the exporter pauses with 42205), so missing copies into a context that is not are flagged.
struct MirrorContext
{
    QString contextA;
    QString contextB;
    QString compatibilityA; // empty = not set at context level
    QString compatibilityB;
    QString modeA;
    QString modeB;
    int unmirrored = 0; // subjects of this context that are only in A or differ
    bool importModeMissingOnB() const { return modeB.compare(u"IMPORT", Qt::CaseInsensitive) != 0; }
    // Copies are missing and B's context could not have accepted them.
    bool likelyBlocksExport() const { return unmirrored > 0 && importModeMissingOnB(); }
};

// The subjects of one context, by result: A's context ("." for the default one); subjects only on B
// are counted under "B " + B's context.
struct MirrorContextTally
{
    QString context;
    int identical = 0;
    int differing = 0;
    int onlyInA = 0;
    int onlyInB = 0;
    int subjects() const { return identical + differing + onlyInA + onlyInB; }
    int notIdentical() const { return differing + onlyInA + onlyInB; }
    bool onlyOnB() const { return context.startsWith(u"B "); }
    QString contextName() const { return onlyOnB() ? context.mid(2) : context; } // without the "B "
};

// Which context an entry is counted under (see MirrorContextTally).
QString mirrorContextOf(const MirrorEntry &entry);

struct MirrorReport
{
    QString labelA;
    QString labelB;
    SubjectMapping mapping;
    QList<MirrorEntry> entries; // A's subjects in snapshot order, then B's extra subjects
    QList<MirrorContext> contexts;
    MirrorCounts counts;
    bool cancelled = false;
    double elapsedMs = 0;

    // Per context, A's contexts sorted ("." first), then those of subjects only on B.
    QList<MirrorContextTally> byContext() const;
    QJsonObject toJson() const;
    // Counts (by context too when there are several), then the differing and one-sided subjects; identical
    // ones listed up to `maxIdenticalListed`.
    QString toMarkdown(int maxIdenticalListed = 200) const;
};

// "Is my mirror identical?" from two snapshots: subjects matched through the mapping rule, versions
// matched by number, schemas compared by fingerprint (hash of type, schema text and references;
// registries return their stored canonical string, so an exporter's copy hashes the same while the
// qualified subject name is allowed to differ).
class MirrorComparator
{
public:
    using Progress = std::function<void(qint64 done, qint64 total)>;

    static MirrorReport compare(const RegistrySnapshot &a, const RegistrySnapshot &b,
                                const SubjectMapping &mapping, const MirrorOptions &options = {},
                                const CancelCheck &cancel = {}, const Progress &progress = {});

    // Process-local 64-bit fingerprint of one version's schema (not stable across machines: do not persist).
    static quint64 fingerprint(const SnapshotVersion &version);
    // The same from the hash of its text (registry::RegistrySnapshot::textHash, taken while loading),
    // with the version's type and references; its `schema` is not read.
    static quint64 fingerprint(quint64 textHash, const SnapshotVersion &version);
};

// Runs MirrorComparator::compare on the global thread pool with progress (subjects done of A + B)
// and cancellation through the future.
QFuture<MirrorReport> compareMirrorsAsync(const RegistrySnapshot &a, const RegistrySnapshot &b,
                                          const SubjectMapping &mapping, const MirrorOptions &options = {});

} // namespace sd::diff

Q_DECLARE_OPERATORS_FOR_FLAGS(sd::diff::MirrorDifferences)
