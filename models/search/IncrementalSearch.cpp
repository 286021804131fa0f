#include "IncrementalSearch.h"

#include <QtConcurrentRun>

namespace sd::search {

IncrementalSearch::IncrementalSearch(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &IncrementalSearch::onBatchSearched);
}

IncrementalSearch::~IncrementalSearch()
{
    stop();
    m_watcher.waitForFinished();
}

void IncrementalSearch::start(const SearchQuery &query)
{
    stop();
    m_query = query;
    m_active = applies(query) && validateQuery(query).isEmpty();
    m_preview = {};
    m_firstMatchMs = -1;
    m_clock.start();
    Q_EMIT previewReset();
}

void IncrementalSearch::addVersions(const QString &connectionId,
                                    const registry::RegistrySnapshot::Page &versions)
{
    if (!m_active || versions.records.isEmpty())
        return;
    m_queue.push_back({connectionId, versions});
    pump();
}

void IncrementalSearch::discard(const QString &connectionId)
{
    std::erase_if(m_queue,
                  [&connectionId](const Batch &batch) { return batch.connectionId == connectionId; });
    if (m_searching == connectionId && m_cancelled)
        m_cancelled->store(true); // its answer is dropped when it comes
    const qsizetype before = m_preview.matches.size();
    m_preview.matches.removeIf(
        [&connectionId](const SearchMatch &match) { return match.connectionId == connectionId; });
    if (m_preview.matches.size() != before) {
        // The counts cannot be split by connection; they restart with what follows.
        m_preview.versionsMatched = m_preview.matches.size();
        m_preview.truncated = false;
        Q_EMIT previewReset();
    }
}

void IncrementalSearch::stop()
{
    m_active = false;
    m_queue.clear();
    if (m_cancelled)
        m_cancelled->store(true);
}

void IncrementalSearch::pump()
{
    if (!m_active || m_batchOut || m_queue.empty())
        return;
    Batch batch = std::move(m_queue.front());
    m_queue.pop_front();
    m_searching = batch.connectionId;
    m_batchOut = true;
    m_cancelled = std::make_shared<std::atomic_bool>(false);
    SearchQuery query = m_query;
    // Only what is still missing from the preview is listed; the rest is counted.
    query.maxMatches = int(qMax<qsizetype>(0, m_query.maxMatches - m_preview.matches.size()));
    m_watcher.setFuture(QtConcurrent::run([batch = std::move(batch), query, cancelled = m_cancelled] {
        return searchArrivedVersions(batch.connectionId, batch.versions, query,
                                     [&cancelled] { return cancelled->load(); });
    }));
}

void IncrementalSearch::onBatchSearched()
{
    const bool dropped = !m_active || (m_cancelled && m_cancelled->load());
    m_searching.clear();
    m_batchOut = false;
    if (!dropped) {
        SearchResult part = m_watcher.future().takeResult();
        m_preview.versionsSearched += part.versionsSearched;
        m_preview.versionsMatched += part.versionsMatched;
        m_preview.subjectsMatched += part.subjectsMatched;
        m_preview.truncated = m_preview.truncated || part.truncated;
        if (!part.matches.isEmpty()) {
            const qsizetype first = m_preview.matches.size();
            m_preview.matches.append(part.matches);
            if (m_firstMatchMs < 0)
                m_firstMatchMs = m_clock.elapsed();
            Q_EMIT matchesAppended(first, part.matches.size());
        }
    }
    pump();
}

} // namespace sd::search
