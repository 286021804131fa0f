#include "BulkLoader.h"

#include "FreedMemory.h"
#include "RegistryClient.h"
#include "RegistryLog.h"
#include "Transport.h"
#include "VersionReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {

// Runs on a worker thread: parses, and compresses the page's texts (RegistrySnapshot::pack) so a whole
// registry's texts are never held as QString at once.
Result<RegistrySnapshot::Page> parsePage(const QByteArray &body, std::shared_ptr<std::atomic_bool> cancelled,
                                         std::shared_ptr<std::atomic_bool> deletedSeen)
{
    using R = Result<RegistrySnapshot::Page>;
    auto versions = parse::schemaVersions(body);
    if (!versions.ok())
        return R::failure(versions.error);
    QList<RegistrySnapshot::Record> records;
    records.reserve(versions.value.size());
    // A page lists a subject's versions one after another, and every type is one of a few: the records
    // share those strings instead of holding a copy each (a third of a loaded page's memory at scale).
    QString subject;
    for (SchemaVersion &v : versions.value) {
        if (cancelled->load())
            return R::failure(ApiError::make(ErrorKind::Aborted, u"Loading cancelled"_s));
        if (v.subject.isEmpty() || v.version <= 0) // Apicurio: rows with the schema text only
            return R::failure(ApiError::malformed(u"GET /schemas rows without subject and version"_s));
        if (v.deletedKnown)
            deletedSeen->store(true);
        if (v.subject != subject)
            subject = std::move(v.subject);
        records.append({subject, v.version, v.id, internedSchemaType(v.schemaType), std::move(v.schema),
                        std::move(v.references), v.deleted});
    }
    return R::success(RegistrySnapshot::pack(std::move(records)));
}

// The live rows of a page of GET /schemas without deleted=true, as "subject\nversion" keys.
Result<QStringList> parseLiveKeys(const QByteArray &body)
{
    auto versions = parse::schemaVersions(body);
    if (!versions.ok())
        return Result<QStringList>::failure(versions.error);
    QStringList keys;
    keys.reserve(versions.value.size());
    for (const SchemaVersion &v : std::as_const(versions.value))
        keys.append(v.subject + u'\n' + QString::number(v.version));
    return Result<QStringList>::success(std::move(keys));
}

} // namespace

BulkLoader::BulkLoader(RegistryClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

BulkLoader::~BulkLoader()
{
    if (m_cancelled)
        m_cancelled->store(true);
    for (const auto &job : std::as_const(m_jobs)) {
        if (job) {
            job->disconnect(this);
            job->abort();
        }
    }
    for (QFutureWatcherBase *watcher : std::as_const(m_watchers)) {
        watcher->disconnect(this);
        watcher->waitForFinished(); // workers hold no pointer to us, but finish before the process may exit
    }
}

RequestJob *BulkLoader::track(RequestJob *job)
{
    ++m_requests;
    m_jobs.append(job);
    return job;
}

void BulkLoader::start()
{
    if (m_running)
        return;
    m_running = true;
    m_error = {};
    m_snapshot.reset();
    m_requests = 0;
    m_subjects.clear();
    m_pages.clear();
    m_pagesInFlight = 0;
    m_highestPageRequested = -1;
    m_knownPages = 0;
    m_paging.reset();
    m_endSeen = false;
    m_versionsLoaded = 0;
    m_fallbackRecords.clear();
    m_fallbackAnnounced = 0;
    m_work.clear();
    m_workInFlight = 0;
    m_usedBulk = false;
    m_cancelled = std::make_shared<std::atomic_bool>(false);
    m_deletedSeen = std::make_shared<std::atomic_bool>(false);
    m_liveKeys.reset();
    m_deletedField =
        m_client && m_client->capabilities() ? m_client->capabilities()->deletedField : Support::Unknown;
    m_timer.start();
    if (!m_client) {
        fail(ApiError::make(ErrorKind::Aborted, u"The connection was closed."_s));
        return;
    }
    loadSubjects();
}

void BulkLoader::loadSubjects()
{
    SubjectQuery query;
    query.subjectPrefix = u":*:"_s;
    query.deleted = true;
    track(m_client->listSubjects(query, this, [this](const Result<QStringList> &result) {
        if (!m_running)
            return;
        if (!result.ok()) {
            fail(result.error);
            return;
        }
        m_subjects = result.value;
        Q_EMIT progress(0, m_subjects.size());
        if (!m_running) // cancelled from the progress signal
            return;
        const ServerCapabilities *caps = m_client->capabilities();
        if (m_strategy == Strategy::PerSubject ||
            (m_strategy == Strategy::Auto && caps && caps->bulkSchemas == Support::No)) {
            startPerSubject(); // known not to list versions: no request to /schemas at all
            return;
        }
        m_usedBulk = true;
        if (m_subjects.isEmpty()) {
            buildSnapshot();
            return;
        }
        // Every subject has at least one version, so these pages are certainly full or the last one.
        m_knownPages = int((m_subjects.size() + m_pageSize - 1) / m_pageSize);
        m_paging.emplace(m_pageSize, m_subjects.size());
        pumpPages();
    }));
}

void BulkLoader::pumpPages()
{
    // A window of pages in flight, not one job per page up front: a skeleton of millions of names must
    // not queue thousands of requests.
    const int window = qMax(2, m_client->profile().maxConcurrentRequests * 2);
    while (m_running && !m_endSeen && m_pagesInFlight < window && m_highestPageRequested + 1 < m_knownPages)
        requestPage(m_highestPageRequested + 1);
}

// One page of GET /schemas over every context, with the bulk timeouts.
RequestSpec BulkLoader::schemasPage(int page, bool deleted) const
{
    RequestSpec spec;
    spec.path = {u"schemas"_s};
    spec.query.addQueryItem(u"subjectPrefix"_s, u":*:"_s);
    if (deleted)
        spec.query.addQueryItem(u"deleted"_s, u"true"_s);
    spec.query.addQueryItem(u"offset"_s, QString::number(qint64(page) * m_pageSize));
    spec.query.addQueryItem(u"limit"_s, QString::number(m_pageSize));
    spec.timeoutMs = m_client->profile().bulkTimeoutMs;
    spec.deadlineMs = m_client->profile().bulkDeadlineMs;
    return spec;
}

void BulkLoader::requestPage(int page)
{
    m_highestPageRequested = qMax(m_highestPageRequested, page);
    ++m_pagesInFlight;
    track(m_client->send(schemasPage(page, true), this, [this, page](const Result<QByteArray> &result) {
        if (!m_running || !m_usedBulk) // stopped, or fell back to per-subject loading
            return;
        if (!result.ok()) {
            --m_pagesInFlight;
            if (page == 0 && m_strategy == Strategy::Auto && result.error.isUnsupportedEndpoint()) {
                fallBackToPerSubject("GET /schemas is not offered");
                return;
            }
            fail(result.error);
            return;
        }
        auto *watcher = new QFutureWatcher<Result<RegistrySnapshot::Page>>(this);
        m_watchers.append(watcher);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, page] {
            m_watchers.removeAll(watcher);
            watcher->deleteLater();
            --m_pagesInFlight;
            if (m_running && m_usedBulk)
                onPageParsed(page, watcher->result());
        });
        watcher->setFuture(QtConcurrent::run(parsePage, result.value, m_cancelled, m_deletedSeen));
    }));
}

void BulkLoader::onPageParsed(int page, const Result<RegistrySnapshot::Page> &result)
{
    if (!result.ok()) {
        if (m_pages.empty() && m_strategy == Strategy::Auto &&
            result.error.kind == ErrorKind::MalformedReply) {
            // GET /schemas answers, but not with versions (Apicurio's rows carry only the schema text):
            // the pages still under way are dropped and the versions are read subject by subject.
            fallBackToPerSubject("GET /schemas does not list versions");
            return;
        }
        fail(result.error);
        return;
    }
    const QList<RegistrySnapshot::Record> &rows = result.value.records;
    const auto key = [&rows](qsizetype i) {
        return rows.isEmpty() ? QString() : rows.at(i).subject + u'\n' + QString::number(rows.at(i).version);
    };
    QString wrong = m_paging->checkPage(page, rows.size(), key(0), key(rows.size() - 1));
    m_versionsLoaded += rows.size();
    if (wrong.isEmpty())
        wrong = m_paging->checkTotals(m_versionsLoaded, m_subjects.size());
    if (!wrong.isEmpty()) {
        fail(ApiError::malformed(wrong));
        return;
    }
    const bool full = rows.size() >= m_pageSize;
    m_pages[page] = result.value;
    Q_EMIT versionsArrived(result.value);
    if (!full)
        m_endSeen = true;
    else if (page == m_highestPageRequested && page + 1 >= m_knownPages && !m_endSeen)
        requestPage(page + 1); // beyond what the skeleton proves: one page at a time
    pumpPages();
    const qint64 estimate =
        m_endSeen ? m_versionsLoaded : qMax<qint64>(m_subjects.size(), m_versionsLoaded + m_pageSize);
    Q_EMIT progress(m_versionsLoaded, estimate);
    if (m_pagesInFlight == 0 && m_endSeen) {
        if (m_strategy == Strategy::Auto && m_versionsLoaded < m_subjects.size()) {
            // Every subject listed has a version (soft-deleted ones included), so fewer rows than
            // subjects do not list this registry's versions: Apicurio matches subjectPrefix literally
            // and answers ":*:" with nothing. The versions are read subject by subject instead.
            fallBackToPerSubject("GET /schemas missed subjects");
            return;
        }
        if (m_versionsLoaded > 0 && !m_deletedSeen->load() && m_deletedField != Support::Yes) {
            // The rows do not say which versions are soft-deleted (CP 7): the live ones, paged again
            // without deleted=true, tell.
            m_liveKeys = std::make_shared<QSet<QString>>();
            loadLiveKeys(0);
            return;
        }
        buildSnapshot();
    }
}

void BulkLoader::loadLiveKeys(int page)
{
    track(m_client->send(schemasPage(page, false), this, [this, page](const Result<QByteArray> &result) {
        if (!m_running)
            return;
        if (!result.ok()) {
            fail(result.error);
            return;
        }
        auto *watcher = new QFutureWatcher<Result<QStringList>>(this);
        m_watchers.append(watcher);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, page] {
            m_watchers.removeAll(watcher);
            watcher->deleteLater();
            if (!m_running)
                return;
            const Result<QStringList> keys = watcher->result();
            if (!keys.ok()) {
                fail(keys.error);
                return;
            }
            if (page == 0)
                m_livePaging.emplace(m_pageSize, m_subjects.size());
            const QStringList &list = keys.value;
            QString wrong =
                m_livePaging->checkPage(page, list.size(), list.value(0), list.value(list.size() - 1));
            if (wrong.isEmpty())
                wrong = m_livePaging->checkTotals(qint64(page) * m_pageSize + list.size(), m_subjects.size());
            if (!wrong.isEmpty()) {
                fail(ApiError::malformed(wrong));
                return;
            }
            for (const QString &key : list)
                m_liveKeys->insert(key);
            if (keys.value.size() >= m_pageSize && m_liveKeys->size() < m_versionsLoaded) {
                loadLiveKeys(page + 1);
                return;
            }
            for (auto &[number, packed] : m_pages) {
                for (RegistrySnapshot::Record &record : packed.records)
                    record.deleted =
                        !m_liveKeys->contains(record.subject + u'\n' + QString::number(record.version));
            }
            m_liveKeys.reset();
            buildSnapshot();
        });
        watcher->setFuture(QtConcurrent::run(parseLiveKeys, result.value));
    }));
}

// Pages still under way are dropped (their callbacks see m_usedBulk false).
void BulkLoader::fallBackToPerSubject(const char *why)
{
    qCInfo(lcRegistry) << why << "- loading subject by subject";
    m_usedBulk = false;
    const bool announced = !m_pages.empty();
    m_pages.clear();
    m_versionsLoaded = 0;
    if (announced)
        Q_EMIT arrivedVersionsDiscarded();
    startPerSubject();
}

void BulkLoader::startPerSubject()
{
    for (const QString &subject : std::as_const(m_subjects))
        m_work.emplace_back(subject, 0);
    if (m_work.empty()) {
        buildSnapshot();
        return;
    }
    pumpPerSubject();
}

void BulkLoader::pumpPerSubject()
{
    // Keep the transport busy without creating a job per version up front.
    const int window = qMax(2, m_client->profile().maxConcurrentRequests * 2);
    while (m_running && m_workInFlight < window && !m_work.empty()) {
        const auto [subject, version] = m_work.front();
        m_work.pop_front();
        ++m_workInFlight;
        if (version == 0) {
            track(m_client->listVersions(
                subject, true, false, this, [this, subject](const Result<QList<int>> &r) {
                    --m_workInFlight;
                    if (!m_running)
                        return;
                    if (!r.ok() && !r.error.isNotFound()) { // gone meanwhile: skip it
                        fail(r.error);
                        return;
                    }
                    for (int v : r.value)
                        m_work.emplace_back(subject, v);
                    pumpPerSubject();
                }));
        } else {
            readVersion(
                m_client, subject, version, m_deletedField, this,
                [this, subject](const Result<SchemaVersion> &r, int) {
                    --m_workInFlight;
                    if (!m_running)
                        return;
                    if (!r.ok() && !r.error.isNotFound()) {
                        fail(r.error);
                        return;
                    }
                    if (r.ok()) {
                        const SchemaVersion &v = r.value;
                        m_fallbackRecords.append(
                            {subject, v.version, v.id, v.schemaType, v.schema, v.references, v.deleted});
                        ++m_versionsLoaded;
                        Q_EMIT progress(m_versionsLoaded, qMax<qint64>(m_versionsLoaded, m_subjects.size()));
                        announceFallbackRecords(false);
                    }
                    pumpPerSubject();
                },
                [this](RequestJob *job) { track(job); });
        }
    }
    if (m_workInFlight == 0 && m_work.empty()) {
        announceFallbackRecords(true);
        buildSnapshot();
    }
}

void BulkLoader::announceFallbackRecords(bool all)
{
    // In batches: one signal per version would cost more than the search it feeds.
    constexpr qsizetype batch = 200;
    const qsizetype waiting = m_fallbackRecords.size() - m_fallbackAnnounced;
    if (waiting == 0 || (!all && waiting < batch))
        return;
    RegistrySnapshot::Page versions;
    versions.records = m_fallbackRecords.mid(m_fallbackAnnounced);
    m_fallbackAnnounced = m_fallbackRecords.size();
    Q_EMIT versionsArrived(versions);
}

void BulkLoader::buildSnapshot()
{
    QList<RegistrySnapshot::Page> pages;
    if (m_usedBulk) {
        for (auto &[page, packed] : m_pages)
            pages.append(std::move(packed));
        m_pages.clear();
    } else {
        pages.append(RegistrySnapshot::pack(std::move(m_fallbackRecords)));
        m_fallbackRecords.clear();
    }
    auto *watcher = new QFutureWatcher<SnapshotPtr>(this);
    m_watchers.append(watcher);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        m_watchers.removeAll(watcher);
        watcher->deleteLater();
        if (!m_running)
            return;
        m_snapshot = watcher->result();
        complete();
    });
    watcher->setFuture(QtConcurrent::run(
        [](const QStringList &subjects, QList<RegistrySnapshot::Page> pages) {
            SnapshotPtr snapshot = RegistrySnapshot::build(subjects, std::move(pages));
            releaseFreedMemory(); // the pages and the build's scratch are gone by now
            return snapshot;
        },
        m_subjects, std::move(pages)));
}

void BulkLoader::cancel()
{
    if (!m_running)
        return;
    fail(ApiError::make(ErrorKind::Aborted, u"Loading cancelled"_s));
}

void BulkLoader::fail(ApiError error)
{
    if (!m_running)
        return;
    m_error = std::move(error);
    if (m_cancelled)
        m_cancelled->store(true);
    const auto jobs = m_jobs;
    m_running = false; // callbacks of the aborted jobs see this and do nothing
    for (const auto &job : jobs) {
        if (job)
            job->abort();
    }
    m_jobs.clear();
    m_pages.clear();
    m_fallbackRecords.clear();
    m_running = true;
    complete();
}

void BulkLoader::complete()
{
    m_running = false;
    m_elapsedMs = m_timer.elapsed();
    m_jobs.clear();
    qCInfo(lcRegistry).noquote() << u"Bulk load of %1: %2 subjects, %3 versions, %4 requests, %5 ms%6"_s
                                        .arg(m_client ? m_client->profile().name : QString())
                                        .arg(m_subjects.size())
                                        .arg(m_snapshot ? m_snapshot->versionCount() : 0)
                                        .arg(m_requests)
                                        .arg(m_elapsedMs)
                                        .arg(m_error.isError() ? u" — "_s + m_error.summary() : QString());
    Q_EMIT finished();
}

} // namespace sd::registry
