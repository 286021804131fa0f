#include "SchemaSearchController.h"

#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/BulkLoader.h"
#include "search/SearchLogging.h"
#include "search/SearchResultModel.h"

#include <algorithm>
#include <QDateTime>

using namespace Qt::StringLiterals;

namespace sd::search {

SchemaSearchController::SchemaSearchController(items::RegistryWorkspace &workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(&workspace)
    , m_model(new SearchResultModel(this))
    , m_watcher(new QFutureWatcher<SearchResult>(this))
    , m_incremental(new IncrementalSearch(this))
{
    connect(m_watcher, &QFutureWatcher<SearchResult>::finished, this,
            &SchemaSearchController::searchFinished);
    // First matches while registries load ("every version" searches), replaced by the final result.
    connect(m_incremental, &IncrementalSearch::matchesAppended, this,
            &SchemaSearchController::previewAppended);
    connect(m_incremental, &IncrementalSearch::previewReset, this, [this] {
        if (m_running)
            m_model->setMatches(m_incremental->preview().matches, labels());
    });
    // A registry that changes (reloaded in the tree, closed) is loaded again on the next search.
    connect(&workspace, &items::RegistryWorkspace::connectionLoaded, this,
            [this](const QString &connectionId) { m_loaded.remove(connectionId); });
}

SchemaSearchController::~SchemaSearchController()
{
    m_watcher->future().cancel();
    m_watcher->waitForFinished();
}

QString SchemaSearchController::labelOf(const QString &connectionId) const
{
    const auto *connection = m_workspace ? m_workspace->connection(connectionId) : nullptr;
    return connection ? connection->profile.name : connectionId;
}

QStringList SchemaSearchController::connectionsInScope() const
{
    if (!m_scope.isEmpty())
        return {m_scope};
    if (!m_workspace)
        return {};
    // In the tree's order, so results read top to bottom as the registries are listed.
    QStringList ids = m_workspace->connectionIds();
    const items::RegistryTreeModel *tree = m_workspace->tree();
    std::ranges::stable_sort(ids, {}, [tree](const QString &id) { return tree->connectionIndex(id).row(); });
    return ids;
}

void SchemaSearchController::search(const SearchQuery &query)
{
    if (m_running)
        return;
    const QString problem = validateQuery(query);
    if (!problem.isEmpty()) {
        setStatus(problem);
        return;
    }
    m_runningQuery = query;
    m_loadErrors.clear();
    m_loading.clear();
    m_incremental->start(m_runningQuery);
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    setRunning(true);
    loadMissingThenSearch();
}

void SchemaSearchController::reload(const SearchQuery &query)
{
    if (m_running)
        return;
    m_loaded.clear();
    m_requests = 0;
    if (!query.text.isEmpty()) {
        m_bypassTree = true; // anew from the registries, not what the tree's load kept
        search(query);
    }
}

void SchemaSearchController::cancel()
{
    // Checked first: a cancelled loader can finish at once and start the search of what was loaded,
    // which this cancel must leave to run.
    const bool searching = m_watcher->isRunning();
    for (const QPointer<registry::BulkLoader> &loader : std::as_const(m_loaders)) {
        if (loader && loader->isRunning())
            loader->cancel();
    }
    if (searching)
        m_watcher->future().cancel();
}

void SchemaSearchController::startLoader(const QString &id)
{
    auto *loader = new registry::BulkLoader(m_workspace->client(id), this);
    m_loaders.insert(id, loader);
    connect(loader, &registry::BulkLoader::finished, this, [this, id] { loaderFinished(id); });
    connect(loader, &registry::BulkLoader::progress, this, [this, id](qint64 done, qint64 total) {
        m_loading = tr("Loading %1: %2 of %3 versions…").arg(labelOf(id)).arg(done).arg(total);
        showLoading();
    });
    connect(loader, &registry::BulkLoader::versionsArrived, m_incremental,
            [this, id](const registry::RegistrySnapshot::Page &versions) {
                m_incremental->addVersions(id, versions);
            });
    connect(loader, &registry::BulkLoader::arrivedVersionsDiscarded, m_incremental,
            [this, id] { m_incremental->discard(id); });
    loader->start();
}

void SchemaSearchController::loadMissingThenSearch()
{
    bool waiting = false;
    for (const QString &id : connectionsInScope()) {
        if (m_loaded.contains(id) || m_loaders.value(id) || treeTexts(id))
            continue;
        if (!m_workspace || !m_workspace->client(id)) {
            m_loadErrors << tr("%1: the connection is closed.").arg(labelOf(id));
            continue;
        }
        startLoader(id);
        waiting = true;
    }
    if (!waiting)
        runSearch();
}

void SchemaSearchController::loaderFinished(const QString &connectionId)
{
    QPointer<registry::BulkLoader> loader = m_loaders.take(connectionId);
    if (!loader)
        return;
    loader->deleteLater();
    m_requests += loader->requestCount();
    if (loader->error().kind == registry::ErrorKind::Aborted) {
        m_loadErrors << tr("%1: cancelled.").arg(labelOf(connectionId));
    } else if (loader->error().isError() || !loader->snapshot()) {
        qCDebug(lcSearch, "%s not loaded for the search: %s", qPrintable(connectionId),
                qPrintable(loader->error().toDisplayString()));
        m_loadErrors
            << tr("%1 could not be loaded: %2").arg(labelOf(connectionId), loader->error().toDisplayString());
    } else {
        m_loaded.insert(connectionId, loader->snapshot());
    }
    for (const QPointer<registry::BulkLoader> &other : std::as_const(m_loaders)) {
        if (other)
            return; // still loading others
    }
    if (m_running)
        runSearch(); // after a cancel too: what was loaded is searched
}

void SchemaSearchController::runSearch()
{
    QList<SearchSource> sources;
    m_fromTree.clear();
    for (const QString &id : connectionsInScope()) {
        // A registry loaded for a search is as new as the tree's load or newer.
        if (m_loaded.contains(id)) {
            sources.append({id, labelOf(id), m_loaded.value(id), nullptr});
        } else if (const registry::LatestSchemasPtr texts = treeTexts(id)) {
            sources.append({id, labelOf(id), nullptr, texts});
            m_fromTree << labelOf(id);
        }
    }
    m_bypassTree = false;
    m_incremental->stop(); // the final search covers everything the preview did
    m_loading = tr("Searching %n registry(ies)…", "", int(sources.size()));
    showLoading();
    m_watcher->setFuture(searchSchemasAsync(sources, m_runningQuery));
}

void SchemaSearchController::searchFinished()
{
    if (!m_running)
        return;
    const QFuture<SearchResult> future = m_watcher->future();
    if (future.isCanceled() || future.resultCount() == 0) {
        setRunning(false);
        setStatus(tr("Cancelled."));
        Q_EMIT finished();
        return;
    }
    m_result = m_watcher->future().takeResult();
    qCDebug(lcSearch, "searched %lld version(s) in %.1f ms: %d subject(s) matched, %d loading request(s)",
            m_result.versionsSearched, m_result.elapsedMs, m_result.subjectsMatched, m_requests);
    setRunning(false);
    // Registries too large to keep for the next search are let go (read again next time).
    m_dropped.clear();
    for (auto it = m_loaded.begin(); it != m_loaded.end();) {
        if (it.value() && it.value()->approximateBytes() > keepBytes) {
            m_dropped << labelOf(it.key());
            it = m_loaded.erase(it);
        } else {
            ++it;
        }
    }
    showResult();
    Q_EMIT finished();
}

void SchemaSearchController::previewAppended(qsizetype first)
{
    if (!m_running)
        return;
    showLoading();
    if (m_model->matches().size() == first && first > 0)
        m_model->appendMatches(m_incremental->preview().matches, first);
    else // the first of this search, replacing the last search's rows
        m_model->setMatches(m_incremental->preview().matches, labels());
}

QHash<QString, QString> SchemaSearchController::labels() const
{
    QHash<QString, QString> labels;
    if (m_workspace) {
        for (const QString &id : m_workspace->connectionIds())
            labels.insert(id, labelOf(id));
    }
    return labels;
}

void SchemaSearchController::setStatus(const QString &text)
{
    m_status = text;
    Q_EMIT statusChanged(text);
}

void SchemaSearchController::showLoading()
{
    QString text = m_loading;
    const SearchResult &preview = m_incremental->preview();
    if (!preview.matches.isEmpty())
        text = tr("%n matching line(s) so far, in the versions loaded until now; the full result follows "
                  "when the loading ends.",
                  "", int(preview.matches.size())) +
               u"\n"_s + text;
    setStatus(text);
}

void SchemaSearchController::showResult()
{
    m_model->setMatches(m_result.matches, labels());
    QString text =
        m_result.versionsMatched == 0
            ? tr("No schema mentions it (%n version(s) searched", "", int(m_result.versionsSearched))
            : tr("%n subject(s)", "", m_result.subjectsMatched) +
                  tr(", %n version(s) match", "", int(m_result.versionsMatched)) +
                  tr(" (%n version(s) searched", "", int(m_result.versionsSearched));
    text += tr(" in %1 ms; %2 ms in all, %n request(s) to load)", "", m_requests)
                .arg(qRound(m_result.elapsedMs))
                .arg(QDateTime::currentMSecsSinceEpoch() - m_startedMs);
    if (m_result.truncated)
        text += tr(". The first %n lines are listed.", "", int(m_result.matches.size()));
    if (!m_fromTree.isEmpty())
        text += tr("\n%1: the newest versions as the tree loaded them (no request); Reload registries "
                   "reads them anew.")
                    .arg(m_fromTree.join(u", "_s));
    if (!m_dropped.isEmpty())
        text += tr("\n%1: too large to keep in memory between searches; read again for each search.")
                    .arg(m_dropped.join(u", "_s));
    if (!m_loadErrors.isEmpty())
        text += u"\n"_s + m_loadErrors.join(u'\n');
    setStatus(text);
}

registry::LatestSchemasPtr SchemaSearchController::treeTexts(const QString &connectionId) const
{
    if (m_bypassTree || !latestTextsSuffice(m_runningQuery) || !m_workspace)
        return nullptr;
    const items::RegistryWorkspace::Connection *connection = m_workspace->connection(connectionId);
    return connection ? connection->latestSchemas : nullptr;
}

void SchemaSearchController::setRunning(bool running)
{
    m_running = running;
    if (!running)
        m_bypassTree = false;
    Q_EMIT runningChanged(running);
}

} // namespace sd::search
