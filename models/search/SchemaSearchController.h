#pragma once

#include "registry/RegistrySnapshot.h"
#include "search/IncrementalSearch.h"
#include "search/SchemaSearch.h"

#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QPointer>

namespace sd::registry {
class BulkLoader;
}

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::search {

class SearchResultModel;

// The schema search behind Tools → Search schema texts, without widgets: the newest live versions are
// searched in the texts the tree's load kept (no request); other searches bulk-load each registry in
// scope once (GET /schemas in pages) and keep it for the next searches until reload(); the search runs
// off the GUI thread. While registries load, "every version" searches list their first matches
// (IncrementalSearch); the final result replaces them. Cancelling stops the loading and searches what
// was loaded. The rows shown are model()'s; the status line is statusText().
class SchemaSearchController : public QObject
{
    Q_OBJECT
public:
    explicit SchemaSearchController(items::RegistryWorkspace &workspace, QObject *parent = nullptr);
    ~SchemaSearchController() override;

    // connectionId empty: every open connection, in the tree's order.
    void setScope(const QString &connectionId) { m_scope = connectionId; }
    QString scope() const { return m_scope; }
    // Starts a search unless one runs; an invalid query only sets the status text.
    void search(const SearchQuery &query);
    void reload(const SearchQuery &query); // forget the loaded registries, load and search again
    void cancel();

    bool isRunning() const { return m_running; }
    const SearchResult &result() const { return m_result; }
    const SearchResult &preview() const { return m_incremental->preview(); }
    SearchResultModel *model() const { return m_model; }
    QString statusText() const { return m_status; }
    int requestCount() const { return m_requests; } // HTTP requests of loading since the last reload
    QString labelOf(const QString &connectionId) const;

Q_SIGNALS:
    void runningChanged(bool running);
    void statusChanged(const QString &text);
    void finished();

private:
    QStringList connectionsInScope() const;
    void startLoader(const QString &connectionId);
    void loadMissingThenSearch();
    void loaderFinished(const QString &connectionId);
    void runSearch();
    void searchFinished();
    void previewAppended(qsizetype first);
    void showResult();
    void showLoading();
    void setStatus(const QString &text);
    QHash<QString, QString> labels() const;
    void setRunning(bool running);
    // The newest texts the tree's load kept, when they answer the running query.
    registry::LatestSchemasPtr treeTexts(const QString &connectionId) const;

    QPointer<items::RegistryWorkspace> m_workspace;
    SearchResultModel *m_model = nullptr;
    QString m_scope;
    QString m_status;
    QHash<QString, registry::SnapshotPtr> m_loaded; // per connection, until reload
    QHash<QString, QPointer<registry::BulkLoader>> m_loaders;
    QStringList m_loadErrors;
    QStringList m_dropped;  // labels of registries not kept
    QStringList m_fromTree; // labels of registries searched in the texts the tree's load kept
    bool m_bypassTree = false;
    static constexpr qsizetype keepBytes = 256 * 1024 * 1024; // per registry, between searches
    QFutureWatcher<SearchResult> *m_watcher = nullptr;
    IncrementalSearch *m_incremental = nullptr;
    QString m_loading; // what the loading or searching is doing now
    SearchResult m_result;
    SearchQuery m_runningQuery;
    bool m_running = false;
    int m_requests = 0;
    qint64 m_startedMs = 0;
};

} // namespace sd::search
