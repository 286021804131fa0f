#include "diff/MirrorComparator.h"

#include "diff/DiffLogging.h"
#include "registry/EnumNames.h"
#include "registry/RegistrySnapshot.h"
#include "registry/RegistryTypes.h"
#include "schema/OrderedJson.h"
#include "schema/Schema.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>
#include <QThread>
#include <vector>

using namespace Qt::StringLiterals;

namespace sd::diff {

namespace {

constexpr int kPollEvery = 1024;
constexpr int kMinChunk = 16384; // below this a worker costs more than it saves

QStringView typeOf(const SnapshotVersion &version)
{
    return version.schemaType.isEmpty() ? QStringView(u"AVRO") : QStringView(version.schemaType);
}

quint64 textFingerprint(const SnapshotVersion &version)
{
    return version.fingerprint != 0 ? version.fingerprint : MirrorComparator::fingerprint(version);
}

// Fingerprints of one snapshot's versions under the chosen mode.
class Fingerprinter
{
public:
    Fingerprinter(const MirrorOptions &options, const RegistrySnapshot &snapshot)
        : m_options(options)
        , m_snapshot(snapshot)
    {}

    quint64 of(const SnapshotVersion &version)
    {
        const quint64 asStored = textFingerprint(version);
        if (m_options.fingerprint == FingerprintMode::SchemaText)
            return asStored;
        const auto cached = m_canonical.constFind(asStored);
        if (cached != m_canonical.cend())
            return cached.value();
        quint64 result = asStored; // unparseable schemas fall back to their text
        const auto type = schema::schemaTypeFromName(typeOf(version));
        if (m_options.fingerprint == FingerprintMode::Formatting) {
            SnapshotVersion normalised = version;
            normalised.fingerprint = 0;
            normalised.references.clear(); // compared on their own, where both sides name them
            const QString stored = text(version);
            normalised.textIndex = -1;
            const schema::JsonParseResult json =
                type == schema::SchemaType::Protobuf ? schema::JsonParseResult{} : schema::parseJson(stored);
            normalised.schema = json.value ? schema::writeJson(*json.value, schema::JsonFormat::Compact)
                                           : stored.simplified();
            result = MirrorComparator::fingerprint(normalised);
        } else if (type) {
            const schema::ParseResult parsed =
                schema::parseSchema(*type, text(version), resolve(version, 0), lenientOptions());
            if (parsed.ok()) {
                SnapshotVersion canonical = version;
                canonical.schema = parsed.schema->canonicalText();
                canonical.textIndex = -1;
                canonical.fingerprint = 0;
                result = MirrorComparator::fingerprint(canonical);
            }
        }
        m_canonical.insert(asStored, result);
        return result;
    }

    QString text(const SnapshotVersion &version) const { return m_snapshot.schemaOf(version); }

private:
    static schema::ParseOptions lenientOptions()
    {
        schema::ParseOptions options;
        options.validateDefaults = false;
        return options;
    }

    const SnapshotVersion *find(const QString &subject, int version)
    {
        if (m_index.isEmpty()) {
            m_index.reserve(m_snapshot.subjects.size());
            for (int i = 0; i < int(m_snapshot.subjects.size()); ++i)
                m_index.insert(m_snapshot.subjects[i].name, i);
        }
        const auto found = m_index.constFind(subject);
        if (found == m_index.cend())
            return nullptr;
        const QList<SnapshotVersion> &versions = m_snapshot.subjects[found.value()].versions;
        if (versions.isEmpty())
            return nullptr;
        if (version < 0)
            return &versions.last();
        for (const SnapshotVersion &candidate : versions) {
            if (candidate.version == version)
                return &candidate;
        }
        return nullptr;
    }

    // The transitive closure of a version's references, dependencies first.
    QList<schema::ResolvedReference> resolve(const SnapshotVersion &version, int depth)
    {
        QList<schema::ResolvedReference> resolved;
        if (depth > 16)
            return resolved;
        for (const SnapshotReference &reference : version.references) {
            const SnapshotVersion *target = find(reference.subject, reference.version);
            if (!target)
                continue;
            resolved += resolve(*target, depth + 1);
            resolved.append({reference.name,
                             schema::schemaTypeFromName(typeOf(*target)).value_or(schema::SchemaType::Avro),
                             text(*target)});
        }
        return resolved;
    }

    const MirrorOptions &m_options;
    const RegistrySnapshot &m_snapshot;
    QHash<QString, int> m_index;
    QHash<quint64, quint64> m_canonical;
};

QString orUnset(const QString &value)
{
    return value.isEmpty() ? u"(not set)"_s : value;
}

QString versionList(const QList<int> &versions)
{
    QStringList parts;
    for (int version : versions)
        parts << QString::number(version);
    return parts.join(u", ");
}

bool sameReferences(const QList<SnapshotReference> &a, const QList<SnapshotReference> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        // The referenced subject may sit in another context on B; its plain name must agree.
        if (a[i].name != b[i].name || a[i].version != b[i].version ||
            registry::QualifiedSubject::parse(a[i].subject).name !=
                registry::QualifiedSubject::parse(b[i].subject).name)
            return false;
    }
    return true;
}

class Comparison
{
public:
    Comparison(const MirrorOptions &options, const RegistrySnapshot &a, const RegistrySnapshot &b)
        : m_options(options)
        , m_a(options, a)
        , m_b(options, b)
    {}

    void compareSubject(const SnapshotSubject &a, const SnapshotSubject &b, MirrorEntry &entry)
    {
        if (m_options.latestOnly) {
            compareLatest(a, b, entry);
            return;
        }
        QList<int> onlyA, onlyB, deletedOnA, deletedOnB, schemaDiff;
        QList<int> deletedOnlyA, deletedOnlyB; // soft-deleted versions the other side does not have at all
        QStringList idDiffs;
        const QList<SnapshotVersion> &va = a.versions;
        const QList<SnapshotVersion> &vb = b.versions;
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < va.size() || j < vb.size()) {
            if (i < va.size() && !m_options.includeDeleted && va[i].deleted) {
                ++i;
                continue;
            }
            if (j < vb.size() && !m_options.includeDeleted && vb[j].deleted) {
                ++j;
                continue;
            }
            if (j >= vb.size() || (i < va.size() && va[i].version < vb[j].version)) {
                (va[i].deleted ? deletedOnlyA : onlyA) << va[i].version;
                ++i;
                continue;
            }
            if (i >= va.size() || vb[j].version < va[i].version) {
                (vb[j].deleted ? deletedOnlyB : onlyB) << vb[j].version;
                ++j;
                continue;
            }
            const SnapshotVersion &x = va[i++];
            const SnapshotVersion &y = vb[j++];
            if (x.deleted != y.deleted)
                (x.deleted ? deletedOnA : deletedOnB) << x.version;
            if (typeOf(x) != typeOf(y) || !sameSchema(x, y) || !sameReferences(x.references, y.references))
                schemaDiff << x.version;
            if (m_options.compareIds && x.id != y.id)
                idDiffs << u"v%1 (A %2, B %3)"_s.arg(x.version).arg(x.id).arg(y.id);
        }

        if (!schemaDiff.isEmpty()) {
            entry.differences |= MirrorDifference::Schema;
            entry.schemaDiffersVersions = schemaDiff;
            entry.details << u"schema differs in version(s) "_s + versionList(schemaDiff);
        }
        if (!idDiffs.isEmpty()) {
            entry.differences |= MirrorDifference::Id;
            entry.details << u"ids differ: "_s + idDiffs.join(u", ");
        }
        const std::pair<const QList<int> *, QStringView> versionLists[] = {
            {&onlyA, u"version(s) only on A: "},
            {&onlyB, u"version(s) only on B: "},
            {&deletedOnlyA, u"soft-deleted version(s) only on A: "},
            {&deletedOnlyB, u"soft-deleted version(s) only on B: "},
            {&deletedOnA, u"soft-deleted on A only: "},
            {&deletedOnB, u"soft-deleted on B only: "},
        };
        for (const auto &[versions, label] : versionLists) {
            if (versions->isEmpty())
                continue;
            entry.differences |= MirrorDifference::VersionList;
            entry.details << label.toString() + versionList(*versions);
        }
        if (m_options.compareConfig && a.compatibility != b.compatibility) {
            entry.differences |= MirrorDifference::Config;
            entry.details << u"compatibility: A "_s + orUnset(a.compatibility) + u", B "_s +
                                 orUnset(b.compatibility);
        }
        if (m_options.compareMode && a.mode != b.mode) {
            entry.differences |= MirrorDifference::Mode;
            entry.details << u"mode: A "_s + orUnset(a.mode) + u", B "_s + orUnset(b.mode);
        }
        entry.status = entry.differences ? MirrorStatus::Differing : MirrorStatus::Identical;
    }

private:
    static const SnapshotVersion *latestLive(const SnapshotSubject &subject)
    {
        for (qsizetype i = subject.versions.size() - 1; i >= 0; --i) {
            if (!subject.versions[i].deleted)
                return &subject.versions[i];
        }
        return nullptr;
    }

    void compareLatest(const SnapshotSubject &a, const SnapshotSubject &b, MirrorEntry &entry)
    {
        const SnapshotVersion *x = latestLive(a);
        const SnapshotVersion *y = latestLive(b);
        if (!x || !y) {
            entry.differences |= MirrorDifference::VersionList;
            entry.details << (x ? u"no live version on B"_s : u"no live version on A"_s);
        } else {
            QList<SnapshotReference> refsA = x->references;
            QList<SnapshotReference> refsB = y->references;
            for (QList<SnapshotReference> *refs : {&refsA, &refsB}) {
                for (SnapshotReference &reference : *refs)
                    reference.version = 0; // a file names what it uses, not which version
            }
            // A side that declares no references at all (a file without the export's manifest) is not
            // held to the other's.
            const bool referencesDiffer =
                !refsA.isEmpty() && !refsB.isEmpty() && !sameReferences(refsA, refsB);
            if (typeOf(*x) != typeOf(*y) || !sameSchema(*x, *y) || referencesDiffer) {
                entry.differences |= MirrorDifference::Schema;
                entry.schemaDiffersVersions = {x->version};
                entry.details << u"latest schema differs (v%1 on A)"_s.arg(x->version);
            }
        }
        entry.status = entry.differences ? MirrorStatus::Differing : MirrorStatus::Identical;
    }

    bool sameSchema(const SnapshotVersion &x, const SnapshotVersion &y)
    {
        // As stored: equal precomputed fingerprints, or else equal text (exact, and cheaper than
        // hashing both sides when nothing was precomputed).
        if (m_options.fingerprint == FingerprintMode::SchemaText &&
            (x.fingerprint == 0 || y.fingerprint == 0))
            return m_a.text(x) == m_b.text(y);
        return m_a.of(x) == m_b.of(y);
    }

    const MirrorOptions &m_options;
    Fingerprinter m_a;
    Fingerprinter m_b;
};

qint64 countVersions(const SnapshotSubject &subject, const MirrorOptions &options)
{
    if (options.includeDeleted)
        return subject.versions.size();
    qint64 count = 0;
    for (const SnapshotVersion &version : subject.versions)
        count += version.deleted ? 0 : 1;
    return count;
}

// ":.ctx:name" -> ".ctx"; "name" -> "."
QStringView contextOf(const QString &subject)
{
    if (subject.startsWith(u':')) {
        const qsizetype end = subject.indexOf(u':', 1);
        if (end > 1)
            return QStringView(subject).mid(1, end - 1);
    }
    return u".";
}

QString escapeCell(const QString &text)
{
    QString escaped = text;
    escaped.replace(u'|', u"\\|"_s);
    escaped.replace(u'\n', u' ');
    return escaped;
}

// The findings of one subject added to the counts of its kind.
void countDifferences(MirrorCounts &counts, MirrorDifferences differences)
{
    counts.schemaDifferences += differences.testFlag(MirrorDifference::Schema) ? 1 : 0;
    counts.idDifferences += differences.testFlag(MirrorDifference::Id) ? 1 : 0;
    counts.versionListDifferences += differences.testFlag(MirrorDifference::VersionList) ? 1 : 0;
    counts.configDifferences += differences.testFlag(MirrorDifference::Config) ? 1 : 0;
    counts.modeDifferences += differences.testFlag(MirrorDifference::Mode) ? 1 : 0;
}

// A chunk's counts of A's subjects added to the report's (B-only subjects are counted afterwards).
void addCounts(MirrorCounts &to, const MirrorCounts &from)
{
    static constexpr int MirrorCounts::*subjectCounts[] = {
        &MirrorCounts::subjectsA,         &MirrorCounts::subjectsB,
        &MirrorCounts::identical,         &MirrorCounts::differing,
        &MirrorCounts::onlyInA,           &MirrorCounts::schemaDifferences,
        &MirrorCounts::idDifferences,     &MirrorCounts::versionListDifferences,
        &MirrorCounts::configDifferences, &MirrorCounts::modeDifferences};
    for (int MirrorCounts::*count : subjectCounts)
        to.*count += from.*count;
    to.versionsA += from.versionsA;
    to.versionsB += from.versionsB;
}

// Context-level settings of each context of A next to those of the context the mapping writes into.
QList<MirrorContext> contextSettings(QStringList contextsOnA, const QHash<QString, int> &unmirrored,
                                     const RegistrySnapshot &a, const RegistrySnapshot &b,
                                     const SubjectMapping &mapping)
{
    QList<MirrorContext> contexts;
    std::sort(contextsOnA.begin(), contextsOnA.end());
    for (const QString &context : std::as_const(contextsOnA)) {
        MirrorContext settings;
        settings.contextA = context;
        settings.contextB = mapping.targetContext(context);
        settings.compatibilityA = a.contextCompatibility.value(context);
        settings.compatibilityB = b.contextCompatibility.value(settings.contextB);
        settings.modeA = a.contextMode.value(context);
        settings.modeB = b.contextMode.value(settings.contextB);
        settings.unmirrored = unmirrored.value(context);
        contexts << settings;
    }
    return contexts;
}

// The subjects of B no subject of A was mapped to, within the mapping's scope; false when cancelled.
bool appendOnlyOnB(MirrorReport &report, const RegistrySnapshot &b, const SubjectMapping &mapping,
                   const MirrorOptions &options, const std::atomic<std::uint8_t> *matchedOnB,
                   const std::function<bool(qint64 doneOnB)> &poll)
{
    MirrorCounts &counts = report.counts;
    for (int i = 0; i < int(b.subjects.size()); ++i) {
        if (i % kPollEvery == 0 && poll(i))
            return false;
        if (matchedOnB[size_t(i)].load(std::memory_order_relaxed))
            continue;
        const SnapshotSubject &subjectB = b.subjects[i];
        if (!options.includeDeleted && countVersions(subjectB, options) == 0)
            continue;
        const std::optional<QString> nameOnA = mapping.mapToA(subjectB.name);
        if (!nameOnA) {
            ++counts.outOfScopeB;
            continue;
        }
        ++counts.subjectsB;
        counts.versionsB += countVersions(subjectB, options);
        ++counts.onlyInB;
        MirrorEntry entry;
        entry.status = MirrorStatus::OnlyInB;
        entry.subjectB = subjectB.name;
        entry.indexB = i;
        entry.details << u"expected on A as "_s + *nameOnA;
        report.entries.append(std::move(entry));
    }
    return true;
}

} // namespace

QString mirrorStatusName(MirrorStatus status)
{
    static constexpr registry::EnumNames<MirrorStatus::Identical> names(
        {u"onlyInA", u"onlyInB", u"differing", u"identical"});
    return names.name(status);
}

QStringList mirrorDifferenceNames(MirrorDifferences differences)
{
    static const std::pair<MirrorDifference, QString> kinds[] = {
        {MirrorDifference::Schema, u"schema"_s},
        {MirrorDifference::Id, u"id"_s},
        {MirrorDifference::VersionList, u"versions"_s},
        {MirrorDifference::Config, u"config"_s},
        {MirrorDifference::Mode, u"mode"_s}};
    QStringList names;
    for (const auto &[difference, name] : kinds) {
        if (differences & difference)
            names << name;
    }
    return names;
}

quint64 MirrorComparator::fingerprint(const SnapshotVersion &version)
{
    return fingerprint(registry::RegistrySnapshot::textHash(version.schema), version);
}

quint64 MirrorComparator::fingerprint(quint64 textHash, const SnapshotVersion &version)
{
    const QStringView type = typeOf(version);
    size_t hash = size_t(textHash);
    hash = qHashMulti(hash, type);
    for (const SnapshotReference &reference : version.references)
        hash = qHashMulti(hash, reference.name, reference.version);
    quint64 result = quint64(hash);
    return result == 0 ? 1 : result; // 0 means "not computed" in SnapshotVersion
}

MirrorReport MirrorComparator::compare(const RegistrySnapshot &a, const RegistrySnapshot &b,
                                       const SubjectMapping &mapping, const MirrorOptions &options,
                                       const CancelCheck &cancel, const Progress &progress)
{
    QElapsedTimer timer;
    timer.start();
    MirrorReport report;
    report.labelA = a.label;
    report.labelB = b.label;
    report.mapping = mapping;
    const qint64 total = a.subjects.size() + b.subjects.size();
    auto poll = [&](qint64 done) {
        if (progress)
            progress(done, total);
        return cancel && cancel();
    };

    QHash<QString, int> indexOnB;
    indexOnB.reserve(b.subjects.size());
    for (int i = 0; i < int(b.subjects.size()); ++i)
        indexOnB.insert(b.subjects[i].name, i);
    // Written by the chunks in parallel; a B subject is normally matched once, atomics keep it sound anyway.
    std::unique_ptr<std::atomic<std::uint8_t>[]> matchedOnB(
        new std::atomic<std::uint8_t>[size_t(b.subjects.size())]());

    // A's subjects in contiguous chunks, each on its own worker (the first on this thread, which alone
    // reports progress); results are joined in order, so the report does not depend on the split.
    struct Chunk
    {
        int begin = 0;
        int end = 0;
        QList<MirrorEntry> entries;
        MirrorCounts counts;
        QStringList contexts;
        QHash<QString, int> unmirrored;
        bool cancelled = false;
    };
    std::atomic<qint64> done{0};
    std::atomic_bool stop{false};
    auto runChunk = [&](Chunk &chunk, bool reportsProgress) {
        Comparison comparison(options, a, b);
        MirrorCounts &counts = chunk.counts;
        QString lastContext;
        chunk.entries.reserve(chunk.end - chunk.begin);
        for (int i = chunk.begin; i < chunk.end; ++i) {
            if ((i - chunk.begin) % kPollEvery == 0) {
                const qint64 sofar =
                    done.fetch_add(i == chunk.begin ? 0 : kPollEvery) + (i == chunk.begin ? 0 : kPollEvery);
                if (stop.load() || (reportsProgress && poll(sofar))) {
                    stop = true;
                    chunk.cancelled = true;
                    return;
                }
            }
            const SnapshotSubject &subjectA = a.subjects[i];
            if (!mapping.selects(subjectA.name))
                continue;
            // Live versions only: a subject that is all soft-deleted is not there.
            if (!options.includeDeleted && countVersions(subjectA, options) == 0)
                continue;
            ++counts.subjectsA;
            counts.versionsA += countVersions(subjectA, options);
            const QStringView contextView = contextOf(subjectA.name);
            if (contextView != lastContext) {
                lastContext = contextView.toString();
                if (!chunk.contexts.contains(lastContext))
                    chunk.contexts << lastContext;
            }
            MirrorEntry entry;
            entry.subjectA = subjectA.name;
            entry.indexA = i;
            entry.subjectB = mapping.mapToB(subjectA.name);
            const auto found = indexOnB.constFind(entry.subjectB);
            if (found == indexOnB.cend()) {
                entry.status = MirrorStatus::OnlyInA;
                ++counts.onlyInA;
                ++chunk.unmirrored[lastContext];
            } else {
                entry.indexB = found.value();
                matchedOnB[size_t(entry.indexB)].store(1, std::memory_order_relaxed);
                ++counts.subjectsB;
                counts.versionsB += countVersions(b.subjects[entry.indexB], options);
                comparison.compareSubject(subjectA, b.subjects[entry.indexB], entry);
                if (entry.status == MirrorStatus::Identical) {
                    ++counts.identical;
                } else {
                    ++counts.differing;
                    ++chunk.unmirrored[lastContext];
                    countDifferences(counts, entry.differences);
                }
            }
            chunk.entries.append(std::move(entry));
        }
    };

    const int subjectsOnA = int(a.subjects.size());
    const int chunkCount = qBound(1, qMin(QThread::idealThreadCount(), subjectsOnA / kMinChunk), 16);
    std::vector<Chunk> chunks(static_cast<size_t>(chunkCount));
    for (int c = 0; c < chunkCount; ++c) {
        chunks[size_t(c)].begin = int(qint64(subjectsOnA) * c / chunkCount);
        chunks[size_t(c)].end = int(qint64(subjectsOnA) * (c + 1) / chunkCount);
    }
    QList<QFuture<void>> workers;
    for (int c = 1; c < chunkCount; ++c)
        workers << QtConcurrent::run([&runChunk, &chunks, c] { runChunk(chunks[size_t(c)], false); });
    runChunk(chunks[0], true);
    for (QFuture<void> &worker : workers)
        worker.waitForFinished();

    QStringList contextsOnA;
    QHash<QString, int> unmirroredByContext;
    MirrorCounts &counts = report.counts;
    report.entries.reserve(subjectsOnA + 16);
    for (Chunk &chunk : chunks) {
        if (chunk.cancelled) {
            report.cancelled = true;
            return report;
        }
        report.entries.append(std::move(chunk.entries));
        addCounts(counts, chunk.counts);
        for (const QString &context : std::as_const(chunk.contexts)) {
            if (!contextsOnA.contains(context))
                contextsOnA << context;
        }
        for (auto it = chunk.unmirrored.cbegin(); it != chunk.unmirrored.cend(); ++it)
            unmirroredByContext[it.key()] += it.value();
    }

    report.contexts = contextSettings(contextsOnA, unmirroredByContext, a, b, mapping);
    if (!appendOnlyOnB(report, b, mapping, options, matchedOnB.get(),
                       [&](qint64 doneOnB) { return poll(a.subjects.size() + doneOnB); })) {
        report.cancelled = true;
        return report;
    }
    if (progress)
        progress(total, total);
    report.elapsedMs = timer.nsecsElapsed() / 1e6;
    qCDebug(lcDiff).nospace() << "mirror comparison " << a.label << " -> " << b.label << ": "
                              << counts.identical << " identical, " << counts.differing << " differing, "
                              << counts.onlyInA << " only in A, " << counts.onlyInB << " only in B in "
                              << report.elapsedMs << " ms";
    return report;
}

QString mirrorContextOf(const MirrorEntry &entry)
{
    if (!entry.subjectA.isEmpty())
        return registry::QualifiedSubject::parse(entry.subjectA).context;
    return u"B "_s + registry::QualifiedSubject::parse(entry.subjectB).context;
}

QList<MirrorContextTally> MirrorReport::byContext() const
{
    std::map<QString, MirrorContextTally> tallies; // "." < ".ctx" < "B …"
    for (const MirrorEntry &entry : entries) {
        const QString context = mirrorContextOf(entry);
        MirrorContextTally &tally = tallies[context];
        tally.context = context;
        // In the order of MirrorStatus's values.
        static constexpr int MirrorContextTally::*countOf[] = {
            &MirrorContextTally::onlyInA, &MirrorContextTally::onlyInB, &MirrorContextTally::differing,
            &MirrorContextTally::identical};
        ++(tally.*countOf[int(entry.status)]);
    }
    QList<MirrorContextTally> list;
    for (auto &[context, tally] : tallies)
        list << tally;
    return list;
}

QJsonObject MirrorReport::toJson() const
{
    QJsonArray subjects;
    for (const MirrorEntry &entry : entries) {
        QJsonObject item{{u"status"_s, mirrorStatusName(entry.status)}};
        registry::insertUnlessEmpty(item, u"subjectA"_s, entry.subjectA);
        registry::insertUnlessEmpty(item, u"subjectB"_s, entry.subjectB);
        if (entry.differences)
            item.insert(u"differences"_s,
                        QJsonArray::fromStringList(mirrorDifferenceNames(entry.differences)));
        if (!entry.details.isEmpty())
            item.insert(u"details"_s, QJsonArray::fromStringList(entry.details));
        if (!entry.schemaDiffersVersions.isEmpty()) {
            QJsonArray versions;
            for (int version : entry.schemaDiffersVersions)
                versions.append(version);
            item.insert(u"schemaDiffersVersions"_s, versions);
        }
        subjects.append(item);
    }
    const QJsonObject countsJson{
        {u"subjectsA"_s, counts.subjectsA},
        {u"subjectsB"_s, counts.subjectsB},
        {u"outOfScopeB"_s, counts.outOfScopeB},
        {u"identical"_s, counts.identical},
        {u"differing"_s, counts.differing},
        {u"onlyInA"_s, counts.onlyInA},
        {u"onlyInB"_s, counts.onlyInB},
        {u"versionsA"_s, double(counts.versionsA)},
        {u"versionsB"_s, double(counts.versionsB)},
        {u"schemaDifferences"_s, counts.schemaDifferences},
        {u"idDifferences"_s, counts.idDifferences},
        {u"versionListDifferences"_s, counts.versionListDifferences},
        {u"configDifferences"_s, counts.configDifferences},
        {u"modeDifferences"_s, counts.modeDifferences},
    };
    QJsonArray contextsJson;
    for (const MirrorContext &context : contexts) {
        contextsJson.append(QJsonObject{{u"contextA"_s, context.contextA},
                                        {u"contextB"_s, context.contextB},
                                        {u"compatibilityA"_s, context.compatibilityA},
                                        {u"compatibilityB"_s, context.compatibilityB},
                                        {u"modeA"_s, context.modeA},
                                        {u"modeB"_s, context.modeB},
                                        {u"unmirrored"_s, context.unmirrored},
                                        {u"likelyBlocksExport"_s, context.likelyBlocksExport()}});
    }
    QJsonArray byContextJson;
    for (const MirrorContextTally &tally : byContext()) {
        byContextJson.append(QJsonObject{{u"context"_s, tally.context},
                                         {u"identical"_s, tally.identical},
                                         {u"differing"_s, tally.differing},
                                         {u"onlyInA"_s, tally.onlyInA},
                                         {u"onlyInB"_s, tally.onlyInB}});
    }
    return QJsonObject{{u"contexts"_s, contextsJson},    {u"byContext"_s, byContextJson},
                       {u"registryA"_s, labelA},         {u"registryB"_s, labelB},
                       {u"mapping"_s, mapping.toJson()}, {u"counts"_s, countsJson},
                       {u"cancelled"_s, cancelled},      {u"subjects"_s, subjects}};
}

QString MirrorReport::toMarkdown(int maxIdenticalListed) const
{
    QString out;
    out += u"# Mirror comparison\n\n"_s;
    out += u"- **A:** "_s + escapeCell(labelA) + u'\n';
    out += u"- **B:** "_s + escapeCell(labelB) + u'\n';
    out += u"- **Mapping:** subjects `"_s + mapping.subjects.join(u", "_s) + u"`, contextType "_s +
           contextTypeName(mapping.contextType);
    if (mapping.contextType == ContextType::Custom)
        out += u", context `"_s + mapping.context + u'`';
    if (mapping.contextType == ContextType::Auto)
        out += u", context `"_s + mapping.autoContext + u'`';
    out += u", subjectRenameFormat `"_s + mapping.subjectRenameFormat + u"`\n"_s;
    if (cancelled)
        out += u"- **Cancelled:** the report is incomplete.\n"_s;
    out += u"\n| Result | Subjects |\n|---|---:|\n"_s;
    out += u"| Identical | %1 |\n| Differing | %2 |\n| Only in A | %3 |\n| Only in B | %4 |\n"_s
               .arg(counts.identical)
               .arg(counts.differing)
               .arg(counts.onlyInA)
               .arg(counts.onlyInB);
    out += u"\nCompared %1 subjects / %2 versions on A with %3 subjects / %4 versions on B.\n"_s
               .arg(counts.subjectsA)
               .arg(counts.versionsA)
               .arg(counts.subjectsB)
               .arg(counts.versionsB);
    if (const QList<MirrorContextTally> tallies = byContext(); tallies.size() > 1) {
        out +=
            u"\n| Context | Identical | Differing | Only in A | Only in B |\n|---|---:|---:|---:|---:|\n"_s;
        for (const MirrorContextTally &tally : tallies) {
            const QString name = u"`"_s + tally.contextName() + u'`' +
                                 (tally.onlyOnB() ? u" (subjects only on B)"_s : QString());
            out += u"| %1 | %2 | %3 | %4 | %5 |\n"_s.arg(name)
                       .arg(tally.identical)
                       .arg(tally.differing)
                       .arg(tally.onlyInA)
                       .arg(tally.onlyInB);
        }
    }

    auto section = [&](MirrorStatus status, const QString &title, int count) {
        out += u"\n## "_s + title + u" ("_s + QString::number(count) + u")\n\n"_s;
        if (count == 0) {
            out += u"None.\n"_s;
            return;
        }
        if (status == MirrorStatus::Differing)
            out += u"| Subject on A | Subject on B | Differences | Details |\n|---|---|---|---|\n"_s;
        int listed = 0;
        for (const MirrorEntry &entry : entries) {
            if (entry.status != status)
                continue;
            if (status == MirrorStatus::Identical && listed >= maxIdenticalListed) {
                out += u"- … and %1 more\n"_s.arg(count - listed);
                break;
            }
            ++listed;
            switch (status) {
            case MirrorStatus::Differing:
                out += u"| `"_s + escapeCell(entry.subjectA) + u"` | `"_s + escapeCell(entry.subjectB) +
                       u"` | "_s + mirrorDifferenceNames(entry.differences).join(u", "_s) + u" | "_s +
                       escapeCell(entry.details.join(u"; "_s)) + u" |\n"_s;
                break;
            case MirrorStatus::OnlyInA:
                out += u"- `"_s + entry.subjectA + u"` (expected on B as `"_s + entry.subjectB + u"`)\n"_s;
                break;
            case MirrorStatus::OnlyInB:
                out += u"- `"_s + entry.subjectB + u"`\n"_s;
                break;
            case MirrorStatus::Identical:
                out += u"- `"_s + entry.subjectA + u"` = `"_s + entry.subjectB + u"`\n"_s;
                break;
            }
        }
    };
    if (!contexts.isEmpty()) {
        out += u"\n## Contexts\n\n| Context on A | Context on B | Compatibility A | Compatibility B | Mode A "
               u"| Mode B | "
               u"Not mirrored |\n|---|---|---|---|---|---|---:|\n"_s;
        for (const MirrorContext &context : contexts) {
            out += u"| `"_s + context.contextA + u"` | `"_s + context.contextB + u"` | "_s +
                   orUnset(context.compatibilityA) + u" | "_s + orUnset(context.compatibilityB) + u" | "_s +
                   orUnset(context.modeA) + u" | "_s + orUnset(context.modeB) +
                   (context.likelyBlocksExport() ? u" ⚠ not IMPORT"_s : QString()) + u" | "_s +
                   QString::number(context.unmirrored) + u" |\n"_s;
        }
    }
    section(MirrorStatus::Differing, u"Differing"_s, counts.differing);
    section(MirrorStatus::OnlyInA, u"Only in A"_s, counts.onlyInA);
    section(MirrorStatus::OnlyInB, u"Only in B"_s, counts.onlyInB);
    section(MirrorStatus::Identical, u"Identical"_s, counts.identical);
    return out;
}

QFuture<MirrorReport> compareMirrorsAsync(const RegistrySnapshot &a, const RegistrySnapshot &b,
                                          const SubjectMapping &mapping, const MirrorOptions &options)
{
    return QtConcurrent::run(
        [](QPromise<MirrorReport> &promise, const RegistrySnapshot &snapshotA,
           const RegistrySnapshot &snapshotB, const SubjectMapping &rule, const MirrorOptions &opts) {
            const qint64 total = snapshotA.subjects.size() + snapshotB.subjects.size();
            promise.setProgressRange(0, int(qMin<qint64>(total, INT_MAX)));
            MirrorReport report = MirrorComparator::compare(
                snapshotA, snapshotB, rule, opts, [&promise] { return promise.isCanceled(); },
                [&promise](qint64 done, qint64) {
                    promise.setProgressValue(int(qMin<qint64>(done, INT_MAX)));
                });
            if (!report.cancelled)
                promise.addResult(std::move(report));
        },
        a, b, mapping, options);
}

} // namespace sd::diff
