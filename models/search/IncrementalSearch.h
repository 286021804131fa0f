#pragma once

#include "search/SchemaSearch.h"

#include <atomic>
#include <deque>
#include <memory>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>

namespace sd::search {

// First results of an "every version" search while registries are still loading: each batch of versions
// a loader announces is searched on a worker thread, one batch at a time, and its matches are appended
// to a preview. The final search over the built snapshots replaces the preview (it also orders the
// matches as the tree does); the preview only makes the wait useful.
class IncrementalSearch : public QObject
{
    Q_OBJECT
public:
    explicit IncrementalSearch(QObject *parent = nullptr);
    ~IncrementalSearch() override;

    // Whether a query can be answered in parts (the newest version is only known once all have come).
    static bool applies(const SearchQuery &query) { return !query.latestOnly; }

    // Starts over with this query; batches still queued or being searched are dropped.
    void start(const SearchQuery &query);
    void addVersions(const QString &connectionId, const registry::RegistrySnapshot::Page &versions);
    // The versions announced for this connection so far are dropped, with their matches.
    void discard(const QString &connectionId);
    void stop();

    const SearchResult &preview() const { return m_preview; }
    bool isBusy() const { return m_batchOut || !m_queue.empty(); }
    // Milliseconds from start() to the first listed match; -1 before one.
    qint64 firstMatchMs() const { return m_firstMatchMs; }

Q_SIGNALS:
    void matchesAppended(qsizetype first, qsizetype count);
    void previewReset(); // matches were removed (discard) or the search started over

private:
    struct Batch
    {
        QString connectionId;
        registry::RegistrySnapshot::Page versions;
    };
    void pump();
    void onBatchSearched();

    SearchQuery m_query;
    bool m_active = false;
    std::deque<Batch> m_queue;
    QString m_searching;     // the connection of the batch on the worker
    bool m_batchOut = false; // a batch is on the worker or its answer not yet taken
    QFutureWatcher<SearchResult> m_watcher;
    std::shared_ptr<std::atomic_bool> m_cancelled;
    SearchResult m_preview;
    QElapsedTimer m_clock;
    qint64 m_firstMatchMs = -1;
};

} // namespace sd::search
