#pragma once

#include "ApiError.h"
#include "PagingGuard.h"
#include "RegistrySnapshot.h"
#include "ServerCapabilities.h"

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>

namespace sd::registry {

class RegistryClient;
class RequestJob;
struct RequestSpec;

// Loads a whole registry into a RegistrySnapshot with as few requests as the server allows:
//   1. GET /subjects?subjectPrefix=:*:&deleted=true             — the skeleton, one request;
//   2. GET /schemas?subjectPrefix=:*:&deleted=true&offset=…&limit=1000 — every version, paged,
// so a load costs at most 2 + ⌈versions / 1000⌉ requests. Pages known to exist (there are at least as
// many versions as subjects) are requested together; big pages are parsed on worker threads.
// Servers without GET /schemas (the client's capabilities say so, or page 0 answers 404) get per-subject
// calls instead: the version list, then each version (VersionReader) — at most one request per subject
// and per version, a second one only for a soft-deleted version of a server that does not write
// "deleted". A server whose /schemas rows carry no "deleted" (CP 7) is paged a second time without
// deleted=true, so a soft-deleted version is never taken for a live one.
class BulkLoader : public QObject
{
    Q_OBJECT
public:
    enum class Strategy { Auto, Bulk, PerSubject };

    explicit BulkLoader(RegistryClient *client, QObject *parent = nullptr);
    ~BulkLoader() override;

    void setStrategy(Strategy strategy) { m_strategy = strategy; }
    void setPageSize(int pageSize) { m_pageSize = qMax(1, pageSize); }
    int pageSize() const { return m_pageSize; }

    void start();
    void cancel(); // finishes with ErrorKind::Aborted
    bool isRunning() const { return m_running; }

    // After finished():
    SnapshotPtr snapshot() const { return m_snapshot; }
    const ApiError &error() const { return m_error; }
    int requestCount() const { return m_requests; }
    bool usedBulk() const { return m_usedBulk; }
    qint64 elapsedMs() const { return m_elapsedMs; }

Q_SIGNALS:
    // Versions received so far and the best estimate of the total (subjects until the end is known).
    void progress(qint64 done, qint64 total);
    // Versions as they arrive, before the snapshot is built: a bulk page (texts compressed), or a batch
    // of the per-subject fallback (texts in Record::schema). A search can show first results from them.
    void versionsArrived(const sd::registry::RegistrySnapshot::Page &versions);
    // The versions announced so far are dropped (the load starts over subject by subject).
    void arrivedVersionsDiscarded();
    void finished();

private:
    using Records = QList<RegistrySnapshot::Record>;

    void loadSubjects();
    void pumpPages();
    void requestPage(int page);
    RequestSpec schemasPage(int page, bool deleted) const;
    void onPageParsed(int page, const Result<RegistrySnapshot::Page> &result);
    void startPerSubject();
    void fallBackToPerSubject(const char *why);
    void pumpPerSubject();
    void announceFallbackRecords(bool all);
    void loadLiveKeys(int page);
    void buildSnapshot();
    void fail(ApiError error);
    void complete();
    RequestJob *track(RequestJob *job);

    QPointer<RegistryClient> m_client;
    Strategy m_strategy = Strategy::Auto;
    int m_pageSize = 1000;
    bool m_running = false;
    bool m_usedBulk = false;
    int m_requests = 0;
    qint64 m_elapsedMs = 0;
    QElapsedTimer m_timer;
    ApiError m_error;
    SnapshotPtr m_snapshot;
    std::shared_ptr<std::atomic_bool> m_cancelled;

    QStringList m_subjects;
    std::map<int, RegistrySnapshot::Page> m_pages; // page number → parsed records, texts compressed
    int m_pagesInFlight = 0;
    int m_highestPageRequested = -1;
    int m_knownPages = 0; // pages the skeleton proves exist, requested a few at a time
    std::optional<PagingGuard> m_paging;
    Support m_deletedField = Support::Unknown;
    std::shared_ptr<std::atomic_bool> m_deletedSeen; // a /schemas row carried "deleted"
    std::shared_ptr<QSet<QString>> m_liveKeys;       // "subject\nversion" of live rows, when pages lack it
    std::optional<PagingGuard> m_livePaging;         // their pages, under the same rule
    bool m_endSeen = false;
    qint64 m_versionsLoaded = 0;

    // per-subject fallback
    std::deque<std::pair<QString, int>> m_work; // (subject, version); version 0 = list the versions
    int m_workInFlight = 0;
    Records m_fallbackRecords;
    qsizetype m_fallbackAnnounced = 0; // records of m_fallbackRecords already in versionsArrived

    QList<QPointer<RequestJob>> m_jobs;
    QList<QFutureWatcherBase *> m_watchers;
};

} // namespace sd::registry
