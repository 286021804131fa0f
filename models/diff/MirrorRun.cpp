#include "MirrorRun.h"

#include "diff/LoadedSnapshot.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"

#include <QDir>
#include <QFutureWatcher>
#include <QPromise>
#include <QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace sd::diff {

namespace {

// For a folder, files hold each subject's latest schema as someone formatted it, with no id or settings.
MirrorOptions optionsFor(const MirrorRunRequest &request)
{
    MirrorOptions options = request.options;
    if (!request.compareFolder)
        return options;
    options.latestOnly = true;
    options.includeDeleted = false;
    options.compareIds = options.compareConfig = options.compareMode = false;
    if (options.fingerprint != FingerprintMode::Canonical)
        options.fingerprint = FingerprintMode::Formatting;
    return options;
}

} // namespace

MirrorRun::MirrorRun(items::RegistryWorkspace &workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
{}

MirrorRun::~MirrorRun()
{
    m_future.cancel();
    m_future.waitForFinished();
}

QString MirrorRun::labelOf(const QString &connectionId) const
{
    const auto *connection = m_workspace.connection(connectionId);
    if (!connection)
        return connectionId;
    return connection->profile.urls.isEmpty()
               ? connection->profile.name
               : u"%1 (%2)"_s.arg(connection->profile.name, connection->profile.urls.first().toString());
}

QString MirrorRun::check(const MirrorRunRequest &request) const
{
    if (request.compareFolder &&
        (request.folder.trimmed().isEmpty() || !QDir(QDir(request.folder.trimmed()).absolutePath()).exists()))
        return tr("Choose an existing folder of schema files for B.");
    if (!m_workspace.client(request.connectionA) ||
        (!request.compareFolder && !m_workspace.client(request.connectionB)))
        return tr("Choose two open connections.");
    const SubjectMapping &mapping = request.mapping;
    const QString context = mapping.contextType == ContextType::Auto ? mapping.autoContext : mapping.context;
    if (!request.compareFolder && mapping.contextType != ContextType::None && context.trimmed().isEmpty())
        return tr("Name the context on B (CUSTOM: the exporter's context; AUTO: the context B assigned).");
    return {};
}

bool MirrorRun::start(const MirrorRunRequest &request)
{
    if (const QString error = check(request); !error.isEmpty()) {
        m_group.cancel(); // a run still going ends too: only the refusal is reported
        m_future.cancel();
        finish(Outcome::Failed, error);
        return false;
    }
    m_future.cancel(); // a run still going is replaced: its deliveries go with its generation
    QObject *generation = m_group.start();
    m_request = request;
    m_folder = request.compareFolder ? QDir(request.folder.trimmed()).absolutePath() : QString();
    m_error.clear();
    m_requests = 0;
    m_loadMs = 0;
    m_runTimer.start();
    m_running = true;
    // A folder is read when comparing.
    m_loads.start(
        m_workspace.client(request.connectionA),
        m_folder.isEmpty() ? m_workspace.client(request.connectionB) : nullptr, generation, this,
        [this] { loaderFinished(); },
        [this] {
            Q_EMIT loading(m_loads.loadedA().first, m_loads.loadedA().second, m_loads.loadedB().first,
                           m_loads.loadedB().second);
        });
    return true;
}

void MirrorRun::loaderFinished()
{
    if (!m_running || !m_loads.isDone())
        return;
    m_requests = m_loads.requestCount();
    m_loadMs = m_runTimer.elapsed();
    if (const auto failure = m_loads.failure()) {
        const bool a = failure->side == registry::LoaderPair::Side::A;
        if (failure->cancelled())
            finish(Outcome::Cancelled);
        else
            finish(Outcome::Failed,
                   failure->message(labelOf(a ? m_request.connectionA : m_request.connectionB)));
        return;
    }
    compareLoaded();
}

// The comparator's snapshot of a registry, part one (GUI thread): its label and the context-level
// settings the tree has loaded.
RegistrySnapshot MirrorRun::settingsSnapshot(const registry::RegistrySnapshot &loaded,
                                             const QString &connectionId) const
{
    RegistrySnapshot snapshot;
    snapshot.label = labelOf(connectionId);
    for (int c = 0; c < loaded.contextCount(); ++c) {
        const QString context = loaded.context(c).name;
        const items::ScopeSettings settings = m_workspace.tree()->scopeSettings(
            connectionId, context == u"." ? QString() : u':' + context + u':');
        if (!settings.compatibility.isEmpty())
            snapshot.contextCompatibility.insert(context, settings.compatibility);
        if (!settings.mode.isEmpty())
            snapshot.contextMode.insert(context, settings.mode);
    }
    return snapshot;
}

void MirrorRun::compareLoaded()
{
    const registry::SnapshotPtr loadedA = m_loads.snapshotA();
    const registry::SnapshotPtr loadedB = m_loads.snapshotB();
    const QString folder = m_folder;
    RegistrySnapshot a = settingsSnapshot(*loadedA, m_request.connectionA);
    RegistrySnapshot b =
        loadedB ? settingsSnapshot(*loadedB, m_request.connectionB) : RegistrySnapshot{folder, {}, {}, {}};
    Q_EMIT comparing();
    // The worker holds the loaded snapshots as long as it needs them; the run keeps only the report
    // (two registries of 300k versions are gigabytes of schema text).
    m_loads.release();
    auto folderFiles = std::make_shared<schemafolder::LoadResult>();
    m_folderFiles = folderFiles;
    auto *watcher = new QFutureWatcher<MirrorReport>(m_group.context());
    connect(watcher, &QFutureWatcher<MirrorReport>::progressValueChanged, this, [this, watcher](int value) {
        Q_EMIT progress(watcher->progressMinimum(), watcher->progressMaximum(), value);
    });
    connect(watcher, &QFutureWatcher<MirrorReport>::finished, this, [this, watcher] {
        QFuture<MirrorReport> future = watcher->future();
        if (!m_running)
            return;
        if (future.isCanceled() || future.resultCount() == 0) {
            finish(Outcome::Cancelled);
            return;
        }
        m_report = future.takeResult(); // 100k entries: moved, not copied
        m_hasReport = true;
        finish(Outcome::Report);
    });
    // Converting, reading the folder and comparing all run off the GUI thread.
    m_future = QtConcurrent::run([a = std::move(a), b = std::move(b), loadedA, loadedB, folder, folderFiles,
                                  rule = m_request.mapping,
                                  options = optionsFor(m_request)](QPromise<MirrorReport> &promise) mutable {
        RegistrySnapshot loaded = snapshotFromLoaded(loadedA, a.label);
        a.subjects = std::move(loaded.subjects);
        a.texts = std::move(loaded.texts);
        if (promise.isCanceled())
            return;
        if (loadedB) {
            RegistrySnapshot loaded = snapshotFromLoaded(loadedB, b.label);
            b.subjects = std::move(loaded.subjects);
            b.texts = std::move(loaded.texts);
        } else {
            *folderFiles = schemafolder::load(folder, folder);
            b.subjects = folderFiles->snapshot.subjects;
        }
        const qint64 total = a.subjects.size() + b.subjects.size();
        promise.setProgressRange(0, int(qMin<qint64>(total, INT_MAX)));
        MirrorReport report = MirrorComparator::compare(
            a, b, rule, options, [&promise] { return promise.isCanceled(); },
            [&promise](qint64 done, qint64) { promise.setProgressValue(int(qMin<qint64>(done, INT_MAX))); });
        if (!report.cancelled)
            promise.addResult(std::move(report));
    });
    watcher->setFuture(m_future);
}

void MirrorRun::cancel()
{
    if (!m_running)
        return;
    m_loads.cancel();
    if (m_future.isRunning())
        m_future.cancel();
}

void MirrorRun::finish(Outcome outcome, const QString &error)
{
    m_running = false;
    m_error = error;
    Q_EMIT finished(outcome);
}

} // namespace sd::diff
