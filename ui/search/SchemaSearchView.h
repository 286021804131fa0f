#pragma once

#include "registry/RegistrySnapshot.h"
#include "search/IncrementalSearch.h"
#include "search/SchemaSearch.h"

#include <QFutureWatcher>
#include <QHash>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeView;

namespace sd::registry {
class BulkLoader;
}

namespace sd::ui {

class MainWindow;
class SearchResultModel;

// Tools → Search schema texts: which schemas mention a field, a type, a namespace — in one registry or
// all of them. The newest live versions are searched in the texts the tree's load kept (no request);
// other searches bulk-load a registry once (GET /schemas in pages, never one request per subject) and
// keep it for the next searches until "Reload"; the search runs off the GUI thread. A result opens the
// schema at the matching line.
class SchemaSearchView : public QWidget
{
    Q_OBJECT
public:
    explicit SchemaSearchView(MainWindow &window, QWidget *parent = nullptr);
    ~SchemaSearchView() override;

    void setQuery(const search::SearchQuery &query);
    search::SearchQuery query() const;
    void setScope(const QString &connectionId); // empty = every connection
    void search();
    void reload(); // forget the loaded registries, load and search again
    void cancel();

    bool isRunning() const { return m_running; }
    const search::SearchResult &result() const { return m_result; }
    // The first matches found while registries load ("every version" searches); empty otherwise.
    const search::SearchResult &preview() const { return m_incremental->preview(); }
    int shownMatchCount() const; // rows in the result list now
    QString statusText() const;
    int requestCount() const { return m_requests; } // HTTP requests of loading since the last reload
    void openMatch(int index);

Q_SIGNALS:
    void finished();

private:
    QStringList connectionsInScope() const;
    void loadMissingThenSearch();
    void loaderFinished(const QString &connectionId);
    void runSearch();
    void showResult();
    void showLoading();
    QHash<QString, QString> labels() const;
    void setRunning(bool running);
    QString labelOf(const QString &connectionId) const;
    // The newest texts the tree's load kept, when they answer the running query.
    registry::LatestSchemasPtr treeTexts(const QString &connectionId) const;

    MainWindow &m_window;
    QLineEdit *m_query = nullptr;
    QComboBox *m_scope = nullptr;
    QCheckBox *m_regex = nullptr;
    QCheckBox *m_caseSensitive = nullptr;
    QCheckBox *m_allVersions = nullptr;
    QCheckBox *m_deleted = nullptr;
    QPushButton *m_search = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_reload = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QTreeView *m_view = nullptr;
    SearchResultModel *m_model = nullptr;

    QHash<QString, registry::SnapshotPtr> m_loaded; // per connection, until reload
    QHash<QString, QPointer<registry::BulkLoader>> m_loaders;
    QStringList m_loadErrors;
    QStringList m_dropped;  // labels of registries not kept
    QStringList m_fromTree; // labels of registries searched in the texts the tree's load kept
    bool m_bypassTree = false;
    static constexpr qsizetype keepBytes = 256 * 1024 * 1024; // per registry, between searches
    QFutureWatcher<search::SearchResult> *m_watcher = nullptr;
    search::IncrementalSearch *m_incremental = nullptr;
    QString m_loading; // what the loading or searching is doing now
    search::SearchResult m_result;
    search::SearchQuery m_runningQuery;
    bool m_running = false;
    int m_requests = 0;
    qint64 m_startedMs = 0;
};

SchemaSearchView *openSchemaSearch(MainWindow &window);

} // namespace sd::ui
