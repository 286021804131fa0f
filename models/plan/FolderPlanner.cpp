#include "plan/FolderPlanner.h"

#include "diff/LoadedSnapshot.h"
#include "diff/MirrorComparator.h"
#include "diff/SchemaFolder.h"
#include "plan/PlanLogging.h"
#include "registry/BulkLoader.h"
#include "registry/RegistryClient.h"

#include <functional>
#include <QDir>
#include <QFutureWatcher>
#include <QSet>
#include <QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace sd::plan {

namespace {

using registry::QualifiedSubject;

// The subjects an action's references name, qualified against the action's own context.
QStringList referencedSubjects(const PlanAction &action)
{
    const QString context = QualifiedSubject::parse(action.subject).context;
    QStringList subjects;
    for (const registry::SchemaReference &reference : action.references)
        subjects << QualifiedSubject::parseRelative(reference.subject, context).toString();
    return subjects;
}

// Depth-first: what an action refers to comes before it (a cycle is cut where it closes).
QList<PlanAction> referencesFirst(QList<PlanAction> actions, QStringList *warnings)
{
    std::sort(actions.begin(), actions.end(),
              [](const PlanAction &a, const PlanAction &b) { return a.subject < b.subject; });
    QHash<QString, int> bySubject;
    for (int i = 0; i < actions.size(); ++i)
        bySubject.insert(actions.at(i).subject, i);
    QList<int> state(actions.size(), 0); // 0 new, 1 on the path, 2 placed
    QList<PlanAction> ordered;
    std::function<void(int)> visit = [&](int i) {
        if (state[i] == 2)
            return;
        if (state[i] == 1) {
            warnings->append(u"%1: its references form a cycle"_s.arg(actions.at(i).subject));
            return;
        }
        state[i] = 1;
        for (const QString &subject : referencedSubjects(actions.at(i))) {
            if (bySubject.contains(subject))
                visit(bySubject.value(subject));
        }
        state[i] = 2;
        ordered << actions.at(i);
    };
    for (int i = 0; i < actions.size(); ++i)
        visit(i);
    return ordered;
}

registry::SchemaSubmission submissionOf(const PlanAction &action)
{
    registry::SchemaSubmission submission = registry::SchemaSubmission::of(action.schema, action.schemaType);
    submission.references = action.references;
    return submission;
}

} // namespace

FolderPlanner::FolderPlanner(registry::RegistryClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

FolderPlanner::~FolderPlanner() = default;

QString FolderPlanner::label() const
{
    if (!m_client)
        return {};
    const registry::ConnectionProfile &profile = m_client->profile();
    return profile.urls.isEmpty() ? profile.name
                                  : u"%1 (%2)"_s.arg(profile.name, profile.urls.first().toString());
}

bool FolderPlanner::start(const FolderPlanRequest &request)
{
    m_group.cancel();
    m_request = request;
    m_plan = {};
    m_wantedCompatibility.clear();
    m_latest.clear();
    m_requests = 0;
    const QString folder = QDir(request.folder.trimmed()).absolutePath();
    if (request.folder.trimmed().isEmpty() || !QDir(folder).exists()) {
        finish(false, tr("Choose an existing folder of schema files."));
        return false;
    }
    if (!m_client) {
        finish(false, tr("The connection is closed."));
        return false;
    }
    m_plan.folder = folder;
    m_plan.registry = label();
    m_running = true;
    m_error.clear();
    m_loader = new registry::BulkLoader(m_client, m_group.start());
    connect(m_loader, &registry::BulkLoader::finished, this, &FolderPlanner::loaded);
    Q_EMIT stepChanged(tr("Loading %1…").arg(m_plan.registry));
    m_loader->start();
    return true;
}

void FolderPlanner::cancel()
{
    if (!m_running)
        return;
    m_group.cancel();
    finish(false, tr("Cancelled."));
}

void FolderPlanner::loaded()
{
    if (!m_running || !m_loader || m_loader->isRunning())
        return;
    m_requests += m_loader->requestCount();
    const registry::SnapshotPtr loaded = m_loader->snapshot();
    if (m_loader->error().isError() || !loaded) {
        const registry::ApiError error = m_loader->error();
        finish(false, error.kind == registry::ErrorKind::Aborted
                          ? tr("Cancelled.")
                          : tr("Loading %1 failed: %2").arg(m_plan.registry, error.toDisplayString()));
        return;
    }
    m_loader->deleteLater();
    Q_EMIT stepChanged(tr("Comparing with %1…").arg(m_plan.folder));
    // Reading the files and comparing run off the GUI thread; a cancel drops the watcher with its
    // generation, and with it the delivery.
    auto *watcher = new QFutureWatcher<Compared>(m_group.context());
    connect(watcher, &QFutureWatcher<Compared>::finished, this, [this, watcher, loaded] {
        QFuture<Compared> future = watcher->future();
        if (!m_running || future.resultCount() == 0)
            return;
        compared(future.takeResult(), loaded);
    });
    watcher->setFuture(QtConcurrent::run([folder = m_plan.folder, label = m_plan.registry, loaded] {
        Compared result;
        result.files = diff::schemafolder::load(folder, folder);
        diff::MirrorOptions options;
        options.latestOnly = true;
        options.includeDeleted = false;
        options.compareIds = options.compareConfig = options.compareMode = false;
        options.fingerprint = diff::FingerprintMode::Formatting;
        result.report = diff::MirrorComparator::compare(
            diff::snapshotFromLoaded(loaded, label), result.files.snapshot, diff::SubjectMapping{}, options);
        return result;
    }));
}

void FolderPlanner::compared(const Compared &result, const registry::SnapshotPtr &loaded)
{
    const diff::schemafolder::LoadResult &files = result.files;
    m_plan.warnings << files.errors;
    const QDir root(m_plan.folder);
    m_files.clear();
    for (const diff::SnapshotSubject &subject : files.snapshot.subjects) {
        m_files.insert(subject.name, root.relativeFilePath(files.filesBySubject.value(subject.name)));
        if (!subject.compatibility.isEmpty())
            m_wantedCompatibility.insert(subject.name, subject.compatibility.toUpper());
    }
    buildActions(files.snapshot, result.report, *loaded);
    resolveReferences(*loaded);
    confirmDifferences();
}

void FolderPlanner::buildActions(const diff::RegistrySnapshot &folder, const diff::MirrorReport &report,
                                 const registry::RegistrySnapshot &loaded)
{
    QStringList onlyInRegistry;
    for (const diff::MirrorEntry &entry : report.entries) {
        if (entry.status == diff::MirrorStatus::Identical) {
            ++m_plan.unchanged;
            continue;
        }
        if (entry.status == diff::MirrorStatus::OnlyInA) {
            onlyInRegistry << entry.subjectA;
            continue;
        }
        const diff::SnapshotSubject &subject = folder.subjects.at(entry.indexB);
        const diff::SnapshotVersion &version = subject.versions.constLast();
        PlanAction action;
        action.kind = PlanAction::Kind::Register;
        action.subject = subject.name;
        action.file = m_files.value(subject.name);
        action.schemaType = version.schemaType.isEmpty() ? registry::defaultSchemaType() : version.schemaType;
        action.schema = version.schema;
        for (const diff::SnapshotReference &reference : version.references)
            action.references << registry::SchemaReference{reference.name, reference.subject,
                                                           reference.version};
        if (entry.status == diff::MirrorStatus::OnlyInB) {
            action.reason = tr("new subject: only in the folder");
            action.verdict = PlanAction::Verdict::NewSubject;
        } else {
            action.reason = tr("the file differs from the registry's latest version");
            if (!entry.schemaDiffersVersions.isEmpty()) {
                action.reason += tr(" (v%1)").arg(entry.schemaDiffersVersions.constFirst());
                m_latest.insert(subject.name, entry.schemaDiffersVersions.constFirst());
            }
        }
        m_plan.actions << action;
    }
    if (m_request.deleteMissing)
        addDeletes(folder, loaded, onlyInRegistry);
}

void FolderPlanner::addDeletes(const diff::RegistrySnapshot &folder, const registry::RegistrySnapshot &loaded,
                               const QStringList &onlyInRegistry)
{
    QSet<QString> folderContexts;
    for (const diff::SnapshotSubject &subject : folder.subjects)
        folderContexts.insert(QualifiedSubject::parse(subject.name).context);
    for (const QString &subject : onlyInRegistry) {
        if (!folderContexts.contains(QualifiedSubject::parse(subject).context))
            continue;
        PlanAction action;
        action.kind = PlanAction::Kind::Delete;
        action.subject = subject;
        action.permanent = m_request.permanentDelete;
        action.reason = tr("only in the registry: the folder has no file for it");
        // What it refers to, so referrers are deleted before what they use.
        const int index = loaded.findSubject(subject);
        const int latest = index >= 0 ? loaded.latestLiveVersion(index) : -1;
        if (latest >= 0)
            action.references = loaded.references(loaded.version(latest));
        m_plan.actions << action;
    }
}

// A reference without a version (a hand-written manifest) means the latest: the version this plan
// registers when it registers that subject (0 until applied), else the registry's latest.
void FolderPlanner::resolveReferences(const registry::RegistrySnapshot &loaded)
{
    QSet<QString> registering;
    for (const PlanAction &action : std::as_const(m_plan.actions)) {
        if (action.kind == PlanAction::Kind::Register)
            registering.insert(action.subject);
    }
    for (PlanAction &action : m_plan.actions) {
        if (action.kind != PlanAction::Kind::Register)
            continue;
        const QStringList subjects = referencedSubjects(action);
        for (int r = 0; r < action.references.size(); ++r) {
            registry::SchemaReference &reference = action.references[r];
            if (reference.version > 0)
                continue;
            if (registering.contains(subjects.at(r))) {
                reference.version = 0;
                continue;
            }
            const int index = loaded.findSubject(subjects.at(r));
            const int latest = index >= 0 ? loaded.latestLiveVersion(index) : -1;
            if (latest >= 0) {
                reference.version = loaded.version(latest).version;
                continue;
            }
            action.verdict = PlanAction::Verdict::CheckFailed;
            action.messages
                << tr("It refers to %1, which neither the registry nor the folder has.").arg(subjects.at(r));
            action.selected = false;
        }
    }
}

// Files differ in more than layout from what a registry stores (Avro names shortened within their
// namespace, say): the registry's own lookup says whether a differing file is its latest version already.
void FolderPlanner::confirmDifferences()
{
    QList<int> lookups;
    for (int i = 0; i < m_plan.actions.size(); ++i) {
        const PlanAction &action = m_plan.actions.at(i);
        const bool waits = std::any_of(action.references.cbegin(), action.references.cend(),
                                       [](const registry::SchemaReference &r) { return r.version <= 0; });
        if (action.kind == PlanAction::Kind::Register && m_latest.contains(action.subject) && !waits)
            lookups << i;
    }
    if (lookups.isEmpty()) {
        readSettings();
        return;
    }
    auto dropped = std::make_shared<QSet<int>>();
    const auto arrived = m_group.join(int(lookups.size()), [this, dropped] {
        QList<PlanAction> kept;
        for (int i = 0; i < m_plan.actions.size(); ++i) {
            if (!dropped->contains(i))
                kept << m_plan.actions.at(i);
        }
        m_plan.unchanged += int(dropped->size());
        m_plan.actions = kept;
        readSettings();
    });
    for (int i : std::as_const(lookups)) {
        ++m_requests;
        const PlanAction &action = m_plan.actions.at(i);
        m_group.track(m_client->lookupSchema(
            action.subject, submissionOf(action), false, false, m_group.context(),
            [this, i, dropped, arrived](const registry::Result<registry::SchemaVersion> &found) {
                const PlanAction &action = m_plan.actions.at(i);
                const int latest = m_latest.value(action.subject);
                if (found.ok() && found.value.version == latest) {
                    dropped->insert(i);
                } else if (found.ok()) {
                    dropped->insert(i); // registering it again would not add a version
                    m_plan.warnings << tr("%1: the file is version %2, not the latest (%3); the registry "
                                          "does not register a schema it has again")
                                           .arg(action.subject)
                                           .arg(found.value.version)
                                           .arg(latest);
                }
                arrived();
            }));
    }
}

void FolderPlanner::readSettings()
{
    if (m_wantedCompatibility.isEmpty()) {
        order();
        precheck();
        return;
    }
    Q_EMIT stepChanged(tr("Reading compatibility settings…"));
    auto current = std::make_shared<QHash<QString, QString>>();
    const auto arrived = m_group.join(int(m_wantedCompatibility.size()), [this, current] {
        QStringList subjects = m_wantedCompatibility.keys();
        std::sort(subjects.begin(), subjects.end());
        for (const QString &subject : std::as_const(subjects)) {
            const QString wanted = m_wantedCompatibility.value(subject);
            const QString now = current->value(subject);
            if (now.compare(wanted, Qt::CaseInsensitive) == 0)
                continue;
            PlanAction action;
            action.kind = PlanAction::Kind::SetCompatibility;
            action.subject = subject;
            action.compatibility = wanted;
            action.currentCompatibility = now;
            action.reason = tr("the manifest sets %1").arg(wanted);
            m_plan.actions << action;
        }
        order();
        precheck();
    });
    for (auto it = m_wantedCompatibility.cbegin(); it != m_wantedCompatibility.cend(); ++it) {
        ++m_requests;
        const QString subject = it.key();
        m_group.track(m_client->getConfig(
            subject, false, m_group.context(),
            [this, subject, current, arrived](const registry::Result<registry::RegistryConfig> &result) {
                if (result.ok())
                    current->insert(subject, result.value.compatibility.toUpper());
                else if (!result.error.isNotFound())
                    m_plan.warnings << tr("%1: reading its compatibility failed: %2")
                                           .arg(subject, result.error.toDisplayString());
                arrived();
            }));
    }
}

void FolderPlanner::order()
{
    QList<PlanAction> compatibility, registers, deletes;
    for (const PlanAction &action : std::as_const(m_plan.actions)) {
        switch (action.kind) {
        case PlanAction::Kind::SetCompatibility:
            compatibility << action;
            break;
        case PlanAction::Kind::Register:
            registers << action;
            break;
        case PlanAction::Kind::Delete:
            deletes << action;
            break;
        }
    }
    std::sort(compatibility.begin(), compatibility.end(),
              [](const PlanAction &a, const PlanAction &b) { return a.subject < b.subject; });
    registers = referencesFirst(registers, &m_plan.warnings);
    deletes = referencesFirst(deletes, &m_plan.warnings);
    std::reverse(deletes.begin(), deletes.end()); // referrers first
    m_plan.actions = compatibility + registers + deletes;
    QHash<QString, int> registerAt;
    QHash<QString, int> deleteAt;
    for (int i = 0; i < m_plan.actions.size(); ++i) {
        const PlanAction &action = m_plan.actions.at(i);
        (action.kind == PlanAction::Kind::Delete ? deleteAt : registerAt).insert(action.subject, i);
    }
    for (int i = 0; i < m_plan.actions.size(); ++i) {
        PlanAction &action = m_plan.actions[i];
        if (action.kind == PlanAction::Kind::Register) {
            for (const QString &subject : referencedSubjects(action)) {
                if (registerAt.contains(subject) && registerAt.value(subject) != i)
                    action.dependsOn << registerAt.value(subject);
            }
        } else if (action.kind == PlanAction::Kind::Delete) {
            // What it refers to goes after it: a failed delete of a referrer keeps its references.
            for (const QString &subject : referencedSubjects(action)) {
                if (deleteAt.contains(subject))
                    m_plan.actions[deleteAt.value(subject)].dependsOn << i;
            }
        }
    }
}

void FolderPlanner::precheck()
{
    QList<int> checks;
    for (int i = 0; i < m_plan.actions.size(); ++i) {
        PlanAction &action = m_plan.actions[i];
        if (action.kind != PlanAction::Kind::Register || action.verdict != PlanAction::Verdict::NotApplicable)
            continue;
        const bool waits = std::any_of(action.references.cbegin(), action.references.cend(),
                                       [](const registry::SchemaReference &r) { return r.version == 0; });
        if (waits)
            action.verdict = PlanAction::Verdict::AfterReferences;
        else if (m_request.precheck)
            checks << i;
    }
    if (checks.isEmpty()) {
        finish(true);
        return;
    }
    Q_EMIT stepChanged(tr("Checking %n new version(s) for compatibility…", nullptr, int(checks.size())));
    QSet<QString> compatibilityChanges;
    for (const PlanAction &action : std::as_const(m_plan.actions)) {
        if (action.kind == PlanAction::Kind::SetCompatibility)
            compatibilityChanges.insert(action.subject);
    }
    const auto arrived = m_group.join(int(checks.size()), [this] { finish(true); });
    for (int i : std::as_const(checks)) {
        ++m_requests;
        const PlanAction &action = m_plan.actions.at(i);
        const bool levelChanges = compatibilityChanges.contains(action.subject);
        m_group.track(m_client->checkCompatibility(
            action.subject, u"latest"_s, submissionOf(action), true, m_group.context(),
            [this, i, levelChanges, arrived](const registry::Result<registry::CompatibilityResult> &result) {
                PlanAction &checked = m_plan.actions[i];
                if (result.ok()) {
                    checked.verdict = result.value.compatible ? PlanAction::Verdict::Compatible
                                                              : PlanAction::Verdict::Incompatible;
                    checked.messages << result.value.messages;
                    if (!result.value.compatible && levelChanges)
                        checked.messages << tr("Judged under the current level; the plan changes it first.");
                    checked.selected = result.value.compatible || levelChanges;
                } else if (result.error.isNotFound()) {
                    checked.verdict = PlanAction::Verdict::NewSubject; // only soft-deleted versions
                } else {
                    checked.verdict = PlanAction::Verdict::CheckFailed;
                    checked.messages << result.error.toDisplayString();
                }
                arrived();
            }));
    }
}

void FolderPlanner::finish(bool ok, const QString &error)
{
    m_running = false;
    m_error = error;
    if (!ok)
        qCInfo(lcPlan) << "plan not made:" << error;
    Q_EMIT finished(ok);
}

} // namespace sd::plan
