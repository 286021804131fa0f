#include "RegistryWorkspace.h"

#include "ItemsLogging.h"
#include "registry/FreedMemory.h"
#include "registry/HttpLog.h"
#include "registry/PagingGuard.h"
#include "registry/RegistryClient.h"
#include "registry/RequestJob.h"
#include "registry/Transport.h"
#include "registry/VersionReader.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <QElapsedTimer>
#include <QFuture>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>
#include <QUrlQuery>

namespace sd::items {

using registry::ApiError;
using registry::RegistryClient;
using registry::Result;

static constexpr int schemaPageSize = 1000;
static constexpr qsizetype firstShownSubjects = 2000; // more than a screenful in any context
// Schema pages the skeleton proves to exist are asked for this many at a time (never more than the
// connection's request limit): the server works on the next while an answer travels and is parsed.
static constexpr int pagesInFlight = 2;

// What one load of a connection has in flight. Answers of an older load (the generation moved on) are
// dropped wherever they arrive: in a request callback or after a worker finished parsing.
struct RegistryWorkspace::LoadState
{
    quint64 generation = 0;
    QElapsedTimer clock; // for the debug log's timeline of a load
    // The skeleton's two answers; the tree gets them together.
    std::shared_ptr<RegistryTreeModel::PreparedSubjects> subjects;
    int subjectCount = 0;
    // A big first load shows its first subjects, then appends the rest once prepared.
    std::shared_ptr<RegistryTreeModel::PreparedSubjects> rest;
    bool restPending = false;
    bool skeletonShown = false;
    std::optional<QStringList> contextsAnswer; // GET /contexts, asked before the probe finished
    std::optional<QStringList> contexts;       // what the tree gets, once the probe is known
    bool probed = false;
    QString skeletonError; // the skeleton failed before the probe finished
    QString contextsError; // GET /contexts failed in a way that matters if the registry has contexts
    bool finished = false;
    // Schema pages: requested in order, parsed on worker threads, applied to the tree in order.
    int nextPage = 0;    // the next page to request
    int pagesAsked = 0;  // requested, not answered yet
    int nextToApply = 0; // the next page the tree gets
    int lastPage = -1;   // known once a page says nothing follows it
    int versionsLoaded = 0;
    struct Page
    {
        QList<RegistryTreeModel::SchemaSummary> rows;
        registry::LatestSchemas::Chunk latest;
    };
    std::map<int, Page> parsed;                  // waiting for an earlier page
    std::optional<registry::PagingGuard> paging; // made once the subject list is known
    std::shared_ptr<registry::LatestSchemas> latest = std::make_shared<registry::LatestSchemas>();
    // "subject\nversion" of the live versions, read first when the server's rows carry no "deleted"
    // (CP 7): without them a soft-deleted version would be taken for a live one.
    std::shared_ptr<QSet<QString>> liveKeys;
    bool liveKeysRead = false;
    std::optional<registry::PagingGuard> livePaging; // the same rule as the pages that follow
};

RegistryWorkspace::RegistryWorkspace(QObject *parent)
    : QObject(parent)
    , m_tree(new RegistryTreeModel(this))
    , m_log(new registry::HttpLog(2000, this))
{
    connect(m_tree, &RegistryTreeModel::fetchRequested, this, &RegistryWorkspace::onFetchRequested);
}

RegistryWorkspace::~RegistryWorkspace()
{
    for (auto &[id, connection] : m_connections)
        connection->client->abortAll();
}

RegistryWorkspace::Connection *RegistryWorkspace::find(const QString &connectionId)
{
    const auto it = m_connections.find(connectionId);
    return it == m_connections.end() ? nullptr : it->second.get();
}

const RegistryWorkspace::Connection *RegistryWorkspace::connection(const QString &connectionId) const
{
    const auto it = m_connections.find(connectionId);
    return it == m_connections.end() ? nullptr : it->second.get();
}

RegistryClient *RegistryWorkspace::client(const QString &connectionId) const
{
    const Connection *c = connection(connectionId);
    return c ? c->client : nullptr;
}

QStringList RegistryWorkspace::connectionIds() const
{
    // In the tree's order (the order they were opened), not the ids' (random): every list and "the
    // first connection" default then follows what the user sees.
    QStringList ids;
    for (const QString &id : m_tree->connectionIds()) {
        if (m_connections.count(id))
            ids.append(id);
    }
    return ids;
}

void RegistryWorkspace::openConnection(const registry::ConnectionProfile &profile,
                                       const registry::ConnectionSecrets &secrets)
{
    const QString id = profile.id.toString(QUuid::WithoutBraces);
    closeConnection(id);
    auto connection = std::make_unique<Connection>();
    connection->profile = profile;
    connection->client = new RegistryClient(profile, secrets, m_log, this);
    connect(connection->client->transport(), &registry::Transport::activityChanged, this,
            &RegistryWorkspace::updateActivity);
    m_connections.emplace(id, std::move(connection));

    m_tree->addConnection(connectionInfo(profile, {}));
}

RegistryTreeModel::ConnectionInfo
RegistryWorkspace::connectionInfo(const registry::ConnectionProfile &profile,
                                  const registry::ServerCapabilities *caps)
{
    RegistryTreeModel::ConnectionInfo info;
    info.id = profile.id.toString(QUuid::WithoutBraces);
    info.name = profile.name;
    info.colour = profile.colour.isEmpty() ? QColor() : QColor(profile.colour);
    info.tag = profile.tag;
    info.readOnly = profile.readOnly;
    info.isProtected = profile.isProtected;
    info.tlsVerificationOff = !profile.verifyTls;
    if (caps)
        info.server = (QStringList{caps->summary()} + caps->limitations()).join(u'\n');
    return info;
}

void RegistryWorkspace::closeConnection(const QString &connectionId)
{
    const auto it = m_connections.find(connectionId);
    if (it == m_connections.end())
        return;
    m_generation[connectionId]++;
    it->second->client->abortAll();
    it->second->client->deleteLater();
    m_connections.erase(it);
    m_tree->removeConnection(connectionId);
    updateActivity();
}

void RegistryWorkspace::setState(Connection &connection, State state, const QString &error)
{
    connection.state = state;
    connection.error = error;
    const QString id = connection.profile.id.toString(QUuid::WithoutBraces);
    if (state == State::Failed)
        m_tree->setConnectionError(id, error);
    else
        m_tree->setConnectionLoading(id, state != State::Ready);
    Q_EMIT connectionStateChanged(id, state);
}

void RegistryWorkspace::failLoad(const QString &connectionId, const std::shared_ptr<LoadState> &load,
                                 const QString &error)
{
    Connection *c = find(connectionId);
    if (!c || m_generation.value(connectionId) != load->generation)
        return;
    // Until the probe finished, its own failure explains better (unreachable, TLS, authentication); it
    // reports this one when it has none.
    if (!load->probed) {
        if (load->skeletonError.isEmpty())
            load->skeletonError = error;
        return;
    }
    m_generation[connectionId]++; // answers still arriving for this load are dropped
    setState(*c, State::Failed, error);
}

void RegistryWorkspace::onFetchRequested(const QString &connectionId, RegistryTreeModel::Kind kind,
                                         const QString &qualifiedSubject)
{
    if (kind == RegistryTreeModel::Kind::Connection)
        load(connectionId);
    else if (kind == RegistryTreeModel::Kind::Subject)
        loadVersions(connectionId, qualifiedSubject);
}

void RegistryWorkspace::load(const QString &connectionId)
{
    Connection *c = find(connectionId);
    if (!c)
        return;
    const quint64 generation = ++m_generation[connectionId];
    auto load = std::make_shared<LoadState>();
    load->generation = generation;
    load->clock.start();
    c->requestsUsed = 0;
    setState(*c, State::Connecting);
    // Capabilities decide which of the later requests make sense; the skeleton's requests do not depend
    // on them, so they go out at the same time.
    auto *probe = new registry::CapabilityProbe(c->client, this);
    connect(probe, &registry::CapabilityProbe::finished, this, [this, probe, connectionId, generation, load] {
        probe->deleteLater();
        Connection *c = find(connectionId);
        if (!c || m_generation.value(connectionId) != generation)
            return;
        c->capabilities = probe->capabilities();
        c->client->setCapabilities(c->capabilities);
        c->latencyMs = probe->latencyMs();
        m_tree->updateConnection(connectionInfo(c->profile, &c->capabilities));
        load->probed = true;
        if (probe->error().isError()) {
            failLoad(connectionId, load, probe->error().toDisplayString());
            return;
        }
        qCDebug(lcItems) << "load: capabilities probed at" << load->clock.elapsed() << "ms";
        if (!load->skeletonError.isEmpty()) {
            failLoad(connectionId, load, load->skeletonError);
            return;
        }
        setState(*c, State::Loading);
        resolveContexts(connectionId, load);
        reloadExporters(connectionId);
    });
    // The skeleton's two requests are queued first: the probe's handful would otherwise take the
    // connection's request slots (and the server's attention) ahead of them.
    loadSkeleton(connectionId, load);
    loadContexts(connectionId, load);
    probe->start();
}

namespace {

// A skeleton read on a worker thread: the nodes of its first names (or of all of them), and for a big
// first load the sorted names whose nodes are still to be made.
struct Skeleton
{
    std::shared_ptr<RegistryTreeModel::PreparedSubjects> first;
    QStringList sorted;
    qsizetype restBegin = -1; // -1: `first` holds every name
    int count = 0;
    qsizetype duplicates = 0; // names listed more than once, collapsed
};

// Both run on a worker thread: the tree needs a name list sorted and split into nodes, and of each
// version only its summary (never its text), so nothing big is parsed on the GUI thread. With
// `firstPart` > 0 only that many nodes are made here, so the first screenful shows sooner.
Result<Skeleton> prepareSkeleton(const QByteArray &body, qsizetype firstPart)
{
    QElapsedTimer timer;
    timer.start();
    const Result<registry::parse::NameList> names =
        registry::parse::nameList(body, QStringLiteral("The subject list"));
    if (!names)
        return Result<Skeleton>::failure(names.error);
    Skeleton skeleton;
    skeleton.count = int(names.value.names.size());
    skeleton.duplicates = names.value.duplicates;
    if (firstPart <= 0 || names.value.names.size() <= firstPart) {
        skeleton.first = RegistryTreeModel::prepareSubjects(names.value.names);
    } else {
        skeleton.sorted = names.value.names;
        if (!std::is_sorted(skeleton.sorted.cbegin(), skeleton.sorted.cend()))
            std::sort(skeleton.sorted.begin(), skeleton.sorted.end());
        skeleton.first = RegistryTreeModel::prepareSortedRange(skeleton.sorted, 0, firstPart);
        skeleton.restBegin = firstPart;
    }
    qCDebug(lcItems) << "load: skeleton read and" << (skeleton.restBegin < 0 ? "all" : "its first")
                     << "nodes made in" << timer.nsecsElapsed() / 1e6 << "ms";
    return Result<Skeleton>::success(std::move(skeleton));
}

struct ParsedPage
{
    ApiError error;
    QList<RegistryTreeModel::SchemaSummary> rows;
    registry::LatestSchemas::Chunk latest; // the page's newest texts, compressed
    bool more = false;                     // a full page: another one may follow
};

using LiveKeys = std::shared_ptr<const QSet<QString>>;

QString versionKey(const QString &subject, int version)
{
    return subject + u'\n' + QString::number(version);
}

// The typed parser: it words every problem of a malformed page.
ParsedPage parseSchemaPageStrictly(const QByteArray &body, int pageSize, const LiveKeys &live)
{
    ParsedPage page;
    Result<QList<registry::SchemaVersion>> versions = registry::parse::schemaVersions(body);
    if (!versions) {
        page.error = versions.error;
        return page;
    }
    page.more = versions.value.size() >= pageSize;
    page.rows.reserve(versions.value.size());
    for (registry::SchemaVersion &v : versions.value) {
        if (live)
            v.deleted = !live->contains(versionKey(v.subject, v.version));
        page.latest.add(v.subject, v.version, v.id, v.schemaType, v.deleted, v.schema);
        page.rows.append({std::move(v.subject), v.version, v.id, std::move(v.schemaType), v.deleted});
    }
    page.latest.finish();
    return page;
}

// Reads the five fields the tree shows, and the schema texts into the compressed store of the newest
// ones; anything unexpected goes to the typed parser.
ParsedPage parseSchemaPage(const QByteArray &body, int pageSize, const LiveKeys &live)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !document.isArray())
        return parseSchemaPageStrictly(body, pageSize, live);
    const QJsonArray array = document.array();
    ParsedPage page;
    page.more = array.size() >= pageSize;
    page.rows.reserve(array.size());
    QList<QJsonValue> texts; // converted for the newest version of each subject only
    texts.reserve(array.size());
    for (const QJsonValue &item : array) {
        const QJsonObject object = item.toObject();
        const QJsonValue subject = object.value(QLatin1String("subject"));
        const QJsonValue version = object.value(QLatin1String("version"));
        const QJsonValue id = object.value(QLatin1String("id"));
        const QJsonValue type = object.value(QLatin1String("schemaType"));
        const QJsonValue deleted = object.value(QLatin1String("deleted"));
        const QJsonValue text = object.value(QLatin1String("schema"));
        if (!item.isObject() || !subject.isString() || !version.isDouble() ||
            !(text.isString() || text.isUndefined()) || !(id.isDouble() || id.isUndefined()) ||
            !(type.isString() || type.isUndefined() || type.isNull()) ||
            !(deleted.isBool() || deleted.isUndefined()))
            return parseSchemaPageStrictly(body, pageSize, live);
        page.rows.append(
            {subject.toString(), version.toInt(), id.toInt(-1),
             type.toString().isEmpty() ? QStringLiteral("AVRO") : type.toString(),
             live ? !live->contains(versionKey(subject.toString(), version.toInt())) : deleted.toBool()});
        const RegistryTreeModel::SchemaSummary &row = page.rows.constLast();
        page.latest.offer(page.rows.size() - 1, row.qualifiedSubject, row.version, row.id, row.schemaType,
                          row.deleted);
        texts.append(text);
    }
    // Only each subject's newest text is converted.
    page.latest.finish([&texts](qsizetype row) { return texts.at(row).toString(); });
    return page;
}

} // namespace

void RegistryWorkspace::loadSkeleton(const QString &connectionId, const std::shared_ptr<LoadState> &load)
{
    Connection *c = find(connectionId);
    if (!c)
        return;
    const quint64 generation = load->generation;
    // The skeleton: every subject of every context, soft-deleted ones included, in one request (sent
    // while the capabilities are probed: it is the same request whatever they say); the context list in
    // a second (it also names contexts whose subjects are all gone). 100k names are sorted and made into
    // nodes on a worker thread.
    registry::RequestSpec spec = registry::RequestSpec::get(
        {QStringLiteral("subjects")}, QUrlQuery{{QStringLiteral("subjectPrefix"), QStringLiteral(":*:")},
                                                {QStringLiteral("deleted"), QStringLiteral("true")}});
    spec.timeoutMs = c->profile.bulkTimeoutMs;
    spec.deadlineMs = c->profile.bulkDeadlineMs;
    ++c->requestsUsed;
    c->client->send(spec, this, [this, connectionId, generation, load](const Result<QByteArray> &r) {
        Connection *c = find(connectionId);
        if (!c || m_generation.value(connectionId) != generation)
            return;
        if (!r) {
            load->subjects.reset();
            load->subjectCount = -1;
            failLoad(connectionId, load, r.error.toDisplayString());
            return;
        }
        qCDebug(lcItems) << "load: skeleton answered at" << load->clock.elapsed() << "ms," << r.value.size()
                         << "bytes";
        // On a first load of a big registry the first names are shown before the other nodes exist; a
        // reload replaces the whole skeleton at once, keeping what is known of the subjects that remain.
        const qsizetype firstPart = m_tree->subjectCount(connectionId) == 0 ? firstShownSubjects : 0;
        QtConcurrent::run([body = r.value, firstPart] {
            return prepareSkeleton(body, firstPart);
        }).then(this, [this, connectionId, generation, load](const Result<Skeleton> &skeleton) {
            Connection *c = find(connectionId);
            if (!c || m_generation.value(connectionId) != generation)
                return;
            if (!skeleton) {
                failLoad(connectionId, load, skeleton.error.toDisplayString());
                return;
            }
            load->subjects = skeleton.value.first;
            load->subjectCount = skeleton.value.count;
            load->paging.emplace(schemaPageSize, skeleton.value.count);
            m_tree->setConnectionNotice(
                connectionId, skeleton.value.duplicates == 0
                                  ? QString()
                                  : tr("The subject list named subjects more than once: %L1 repeated entries "
                                       "were collapsed.")
                                        .arg(skeleton.value.duplicates));
            qCDebug(lcItems) << "load:" << skeleton.value.count << "subjects read at" << load->clock.elapsed()
                             << "ms";
            if (skeleton.value.restBegin >= 0) {
                load->restPending = true;
                QtConcurrent::run([sorted = skeleton.value.sorted, begin = skeleton.value.restBegin] {
                    return RegistryTreeModel::prepareSortedRange(sorted, begin, sorted.size());
                })
                    .then(this, [this, connectionId, generation,
                                 load](const std::shared_ptr<RegistryTreeModel::PreparedSubjects> &rest) {
                        if (!find(connectionId) || m_generation.value(connectionId) != generation)
                            return;
                        load->rest = rest;
                        load->restPending = false;
                        qCDebug(lcItems)
                            << "load: the other subjects prepared at" << load->clock.elapsed() << "ms";
                        finishSkeleton(connectionId, load);
                    });
            }
            showSkeleton(connectionId, load);
        });
    });
}

void RegistryWorkspace::loadContexts(const QString &connectionId, const std::shared_ptr<LoadState> &load)
{
    Connection *c = find(connectionId);
    if (!c)
        return;
    // Sent with the skeleton, before the probe says whether the server has contexts at all: a server
    // without them answers 404 here, which costs nothing but that request.
    const quint64 generation = load->generation;
    ++c->requestsUsed;
    c->client->listContexts(this, [this, connectionId, generation, load](const Result<QStringList> &r) {
        if (m_generation.value(connectionId) != generation)
            return;
        // Without /contexts the subjects still name their contexts. Any other failure matters only if the
        // probe finds that the registry has contexts.
        load->contextsAnswer = r ? r.value : QStringList{QStringLiteral(".")};
        if (!r && !r.error.isUnsupportedEndpoint())
            load->contextsError = r.error.toDisplayString();
        qCDebug(lcItems) << "load: contexts answered at" << load->clock.elapsed() << "ms";
        resolveContexts(connectionId, load);
    });
}

void RegistryWorkspace::resolveContexts(const QString &connectionId, const std::shared_ptr<LoadState> &load)
{
    Connection *c = find(connectionId);
    if (!c || !load->probed || !load->contextsAnswer)
        return;
    if (c->capabilities.contexts != registry::Support::No && !load->contextsError.isEmpty()) {
        failLoad(connectionId, load, load->contextsError);
        return;
    }
    load->contexts = c->capabilities.contexts == registry::Support::No ? QStringList{QStringLiteral(".")}
                                                                       : *load->contextsAnswer;
    showSkeleton(connectionId, load);
}

void RegistryWorkspace::showSkeleton(const QString &connectionId, const std::shared_ptr<LoadState> &load)
{
    Connection *c = find(connectionId);
    if (!c || m_generation.value(connectionId) != load->generation || !load->subjects || !load->contexts)
        return;
    // The context list joins the prepared nodes here: a handful of names, cheap on this thread.
    auto prepared = std::move(load->subjects);
    load->subjects.reset();
    RegistryTreeModel::addPreparedContexts(*prepared, *load->contexts);
    m_tree->setSubjects(connectionId, prepared);
    qCDebug(lcItems) << "load: subjects in the tree at" << load->clock.elapsed() << "ms";
    load->skeletonShown = true;
    setState(*c, State::Loading);
    finishSkeleton(connectionId, load);
}

void RegistryWorkspace::finishSkeleton(const QString &connectionId, const std::shared_ptr<LoadState> &load)
{
    Connection *c = find(connectionId);
    if (!c || m_generation.value(connectionId) != load->generation || !load->skeletonShown ||
        load->restPending)
        return;
    if (load->rest) {
        m_tree->appendSubjects(connectionId, load->rest);
        load->rest.reset();
        qCDebug(lcItems) << "load: every subject in the tree at" << load->clock.elapsed() << "ms";
    }
    reloadSettings(connectionId); // needs the context list
    if (c->capabilities.bulkSchemas == registry::Support::No) {
        // No bulk endpoint: versions are fetched per subject when a subject is expanded.
        setState(*c, State::Ready);
        Q_EMIT connectionLoaded(connectionId);
        return;
    }
    startSchemaPages(connectionId, load);
}

void RegistryWorkspace::startSchemaPages(const QString &connectionId, const std::shared_ptr<LoadState> &load)
{
    Connection *c = find(connectionId);
    if (!c || m_generation.value(connectionId) != load->generation)
        return;
    if (c->capabilities.deletedField == registry::Support::No && !load->liveKeysRead) {
        if (!load->liveKeys) {
            load->liveKeys = std::make_shared<QSet<QString>>();
            requestLiveKeys(connectionId, load, 0);
        }
        return;
    }
    requestSchemaPage(connectionId, load);
    requestProvenPages(connectionId, load);
}

// GET /schemas without deleted=true, page by page: the live versions' keys, before the pages that
// include soft-deleted versions are read (on servers whose rows do not say which those are).
void RegistryWorkspace::requestLiveKeys(const QString &connectionId, const std::shared_ptr<LoadState> &load,
                                        int page)
{
    Connection *c = find(connectionId);
    if (!c || m_generation.value(connectionId) != load->generation)
        return;
    registry::RequestSpec spec = registry::RequestSpec::get(
        {QStringLiteral("schemas")},
        QUrlQuery{{QStringLiteral("subjectPrefix"), QStringLiteral(":*:")},
                  {QStringLiteral("offset"), QString::number(qint64(page) * schemaPageSize)},
                  {QStringLiteral("limit"), QString::number(schemaPageSize)}});
    spec.timeoutMs = c->profile.bulkTimeoutMs;
    spec.deadlineMs = c->profile.bulkDeadlineMs;
    ++c->requestsUsed;
    const quint64 generation = load->generation;
    c->client->send(spec, this, [this, connectionId, generation, load, page](const Result<QByteArray> &r) {
        if (!find(connectionId) || m_generation.value(connectionId) != generation)
            return;
        if (!r) {
            failLoad(connectionId, load, r.error.toDisplayString());
            return;
        }
        QtConcurrent::run([body = r.value] { return registry::parse::schemaVersions(body); })
            .then(this, [this, connectionId, generation, load,
                         page](const Result<QList<registry::SchemaVersion>> &rows) {
                if (!find(connectionId) || m_generation.value(connectionId) != generation)
                    return;
                if (!rows) {
                    failLoad(connectionId, load, rows.error.toDisplayString());
                    return;
                }
                const QList<registry::SchemaVersion> &list = rows.value;
                if (!load->livePaging)
                    load->livePaging.emplace(schemaPageSize, load->subjectCount);
                const auto key = [&list](qsizetype i) {
                    return list.isEmpty() ? QString() : versionKey(list.at(i).subject, list.at(i).version);
                };
                QString wrong = load->livePaging->checkPage(page, list.size(), key(0), key(list.size() - 1));
                if (wrong.isEmpty())
                    wrong = load->livePaging->checkTotals(qint64(page) * schemaPageSize + list.size(),
                                                          load->subjectCount);
                if (!wrong.isEmpty()) {
                    failLoad(connectionId, load, wrong);
                    return;
                }
                for (const registry::SchemaVersion &v : list)
                    load->liveKeys->insert(versionKey(v.subject, v.version));
                if (rows.value.size() >= schemaPageSize) {
                    requestLiveKeys(connectionId, load, page + 1);
                    return;
                }
                load->liveKeysRead = true;
                startSchemaPages(connectionId, load);
            });
    });
}

void RegistryWorkspace::requestSchemaPage(const QString &connectionId, const std::shared_ptr<LoadState> &load)
{
    Connection *c = find(connectionId);
    if (!c || m_generation.value(connectionId) != load->generation)
        return;
    const int page = load->nextPage++;
    // Registries serve at most 1000 rows a page (a larger limit falls back to their default), so the
    // end shows as a short page; when the versions are an exact multiple of 1000 that is an empty one.
    registry::RequestSpec spec = registry::RequestSpec::get(
        {QStringLiteral("schemas")},
        QUrlQuery{{QStringLiteral("subjectPrefix"), QStringLiteral(":*:")},
                  {QStringLiteral("deleted"), QStringLiteral("true")},
                  {QStringLiteral("offset"), QString::number(qint64(page) * schemaPageSize)},
                  {QStringLiteral("limit"), QString::number(schemaPageSize)}});
    spec.timeoutMs = c->profile.bulkTimeoutMs;
    spec.deadlineMs = c->profile.bulkDeadlineMs;
    ++c->requestsUsed;
    ++load->pagesAsked;
    const quint64 generation = load->generation;
    c->client->send(spec, this, [this, connectionId, generation, load, page](const Result<QByteArray> &r) {
        Connection *c = find(connectionId);
        if (!c || m_generation.value(connectionId) != generation)
            return;
        --load->pagesAsked;
        if (!r) {
            failLoad(connectionId, load, r.error.toDisplayString());
            return;
        }
        requestProvenPages(connectionId, load);
        QtConcurrent::run([body = r.value, live = LiveKeys(load->liveKeys)] {
            return parseSchemaPage(body, schemaPageSize, live);
        }).then(this, [this, connectionId, generation, load, page](const ParsedPage &parsed) {
            Connection *c = find(connectionId);
            if (!c || m_generation.value(connectionId) != generation)
                return;
            if (parsed.error.isError()) {
                failLoad(connectionId, load, parsed.error.toDisplayString());
                return;
            }
            const auto key = [&rows = parsed.rows](qsizetype i) {
                return rows.isEmpty()
                           ? QString()
                           : rows.at(i).qualifiedSubject + u'\n' + QString::number(rows.at(i).version);
            };
            const qsizetype count = parsed.rows.size();
            if (const QString wrong = load->paging->checkPage(page, count, key(0), key(count - 1));
                !wrong.isEmpty()) {
                failLoad(connectionId, load, wrong);
                return;
            }
            if (!parsed.more && (load->lastPage < 0 || page < load->lastPage))
                load->lastPage = page;
            else if (load->nextPage == page + 1)
                requestSchemaPage(connectionId, load);
            load->parsed[page] = {parsed.rows, parsed.latest};
            applySchemaPages(connectionId, load);
        });
    });
}

// Every subject in the skeleton has a version, so while the pages stay below the subject count the
// next one is sure to exist: it is asked for before the previous answers arrive, up to pagesInFlight.
void RegistryWorkspace::requestProvenPages(const QString &connectionId,
                                           const std::shared_ptr<LoadState> &load)
{
    const Connection *c = find(connectionId);
    const int window = c ? qMin(pagesInFlight, c->profile.maxConcurrentRequests) : 1;
    while (load->pagesAsked < window && qint64(load->nextPage) * schemaPageSize < load->subjectCount)
        requestSchemaPage(connectionId, load);
}

void RegistryWorkspace::applySchemaPages(const QString &connectionId, const std::shared_ptr<LoadState> &load)
{
    Connection *c = find(connectionId);
    if (!c || load->finished)
        return;
    // In page order: within a subject the last live version gives the type.
    for (auto it = load->parsed.find(load->nextToApply); it != load->parsed.end();
         it = load->parsed.find(load->nextToApply)) {
        LoadState::Page parsed = std::move(it->second);
        load->parsed.erase(it);
        const QList<RegistryTreeModel::SchemaSummary> rows = std::move(parsed.rows);
        load->latest->append(std::move(parsed.latest));
        m_tree->addSchemaSummaries(connectionId, rows);
        load->versionsLoaded += int(rows.size());
        Q_EMIT loadProgress(connectionId, load->versionsLoaded);
        const QString wrong =
            load->paging->checkTotals(load->versionsLoaded, m_tree->subjectCount(connectionId));
        if (!wrong.isEmpty()) {
            failLoad(connectionId, load, wrong);
            return;
        }
        if (load->nextToApply++ == load->lastPage) {
            load->finished = true;
            c->latestSchemas = std::move(load->latest);
            m_tree->finishSchemaSummaries(connectionId);
            registry::releaseFreedMemoryInBackground(); // the pages' parse and the nodes' scratch
            setState(*c, State::Ready);
            Q_EMIT connectionLoaded(connectionId);
            return;
        }
    }
}

void RegistryWorkspace::cancelLoad(const QString &connectionId)
{
    Connection *c = find(connectionId);
    if (!c || (c->state != State::Connecting && c->state != State::Loading))
        return;
    m_generation[connectionId]++; // answers still arriving are dropped
    c->client->abortAll();
    setState(*c, State::Failed, tr("Loading was cancelled. Refresh (F5) or Retry loads it again."));
}

void RegistryWorkspace::reloadSettings(const QString &connectionId)
{
    Connection *c = find(connectionId);
    if (!c || c->capabilities.modes == registry::Support::No)
        return;
    registry::RequestGroup &reads = c->settingsReads;
    reads.start();
    // The scopes: top level (the default context), the global context and each other context.
    QStringList scopes{QString(), QStringLiteral(":.__GLOBAL:")};
    const QModelIndex connectionIndex = m_tree->connectionIndex(connectionId);
    for (int row = 0; row < m_tree->rowCount(connectionIndex); ++row) {
        const QModelIndex index = m_tree->index(row, 0, connectionIndex);
        const QString context = index.data(RegistryTreeModel::ContextRole).toString();
        if (!context.isEmpty() && context != u".")
            scopes << u':' + context + u':';
    }
    for (const QString &scope : std::as_const(scopes)) {
        // The top level answers the server's default when nothing is set there, so it is asked twice:
        // a value that differs from what defaultToGlobal=true answers was never set at the top level.
        const bool topLevel = scope.isEmpty();
        auto settings = std::make_shared<ScopeSettings>();
        auto resolved = std::make_shared<ScopeSettings>();
        auto errors = std::make_shared<QStringList>(); // reads that failed for another reason than "not set"
        auto publish =
            reads.join(topLevel ? 4 : 2, [this, connectionId, scope, settings, resolved, topLevel, errors] {
                ScopeSettings values = *settings;
                const QString error = errors->join(u'\n');
                if (scope == u":.__GLOBAL:" && !error.isEmpty())
                    m_tree->setConnectionNotice(connectionId,
                                                tr("The global settings could not be read: %1").arg(error));
                if (topLevel) {
                    const auto setHere = [](const QString &plain, const QString &withGlobal,
                                            const QString &fallback) {
                        return plain == withGlobal && plain != fallback ? plain : QString();
                    };
                    values.mode = setHere(settings->mode, resolved->mode, serverDefaultMode());
                    values.compatibility = setHere(settings->compatibility, resolved->compatibility,
                                                   serverDefaultCompatibility());
                }
                m_tree->setScopeSettings(connectionId, scope, values, error);
            });
        // 40408/40409 (or 404 on older servers) = nothing set at this level.
        for (const bool defaultToGlobal : topLevel ? QList<bool>{false, true} : QList<bool>{false}) {
            ScopeSettings *target = defaultToGlobal ? resolved.get() : settings.get();
            const auto failed = [errors](const ApiError &error) {
                if (!error.isNotFound() && error.kind != registry::ErrorKind::Aborted &&
                    !errors->contains(error.toDisplayString()))
                    errors->append(error.toDisplayString());
            };
            reads.track(
                c->client->getConfig(scope, defaultToGlobal, reads.context(),
                                     [target, publish, failed](const Result<registry::RegistryConfig> &r) {
                                         if (r)
                                             target->compatibility = r.value.compatibility;
                                         else
                                             failed(r.error);
                                         publish();
                                     }));
            reads.track(c->client->getMode(scope, defaultToGlobal, reads.context(),
                                           [target, publish, failed](const Result<QString> &r) {
                                               if (r)
                                                   target->mode = r.value;
                                               else
                                                   failed(r.error);
                                               publish();
                                           }));
        }
    }
}

void RegistryWorkspace::reloadExporters(const QString &connectionId)
{
    Connection *c = find(connectionId);
    if (!c)
        return;
    if (c->capabilities.exporters == registry::Support::No) {
        m_tree->setExporters(connectionId, {}, false);
        return;
    }
    using registry::LinkKind;
    registry::RequestGroup &reads = c->exporterReads;
    reads.start();
    reads.track(c->client->listLinks(
        LinkKind::Exporter, reads.context(),
        [this, connectionId, c, &reads](const Result<QStringList> &names) {
            if (!names) {
                if (names.error.isNotFound())
                    m_tree->setExporters(connectionId, {}, false);
                else if (names.error.kind != registry::ErrorKind::Aborted)
                    m_tree->setExportersError(connectionId, names.error.toDisplayString());
                Q_EMIT exportersChanged(connectionId);
                return;
            }
            auto summaries = std::make_shared<QList<RegistryTreeModel::ExporterSummary>>();
            auto arrived = reads.join(int(names.value.size()), [this, connectionId, summaries] {
                std::sort(summaries->begin(), summaries->end(),
                          [](const auto &a, const auto &b) { return a.name < b.name; });
                m_tree->setExporters(connectionId, *summaries);
                Q_EMIT exportersChanged(connectionId);
            });
            for (const QString &name : names.value) {
                reads.track(c->client->getLinkStatus(
                    LinkKind::Exporter, name, reads.context(),
                    [name, summaries, arrived](const Result<registry::ExporterStatus> &s) {
                        if (s)
                            summaries->append({name, s.value.state, {}});
                        else if (s.error.kind != registry::ErrorKind::Aborted)
                            summaries->append({name, {}, s.error.toDisplayString()});
                        arrived();
                    }));
            }
        }));
}

void RegistryWorkspace::loadVersions(const QString &connectionId, const QString &qualifiedSubject)
{
    Connection *c = find(connectionId);
    if (!c)
        return;
    if (c->capabilities.bulkSchemas == registry::Support::No) {
        loadVersionsOneByOne(connectionId, qualifiedSubject);
        return;
    }
    // One request: /schemas with the subject as prefix gives every version with its id; other
    // subjects sharing the prefix are dropped here. Where the rows do not say which versions are
    // soft-deleted (CP 7), the subject's live version list is asked too.
    registry::SchemaQuery query;
    query.subjectPrefix = qualifiedSubject;
    query.deleted = true;
    query.limit = schemaPageSize;
    const bool askLive = c->capabilities.deletedField == registry::Support::No;
    auto rows = std::make_shared<std::optional<QList<registry::SchemaVersion>>>();
    auto live = std::make_shared<std::optional<QList<int>>>();
    auto apply = [this, connectionId, qualifiedSubject, rows, live, askLive] {
        if (!rows->has_value() || (askLive && !live->has_value()))
            return;
        QList<registry::SchemaVersion> versions = **rows;
        if (askLive) {
            for (registry::SchemaVersion &v : versions)
                v.deleted = !(*live)->contains(v.version);
        }
        applyVersions(connectionId, qualifiedSubject, versions);
    };
    c->client->listSchemas(
        query, this,
        [this, connectionId, qualifiedSubject, rows, apply](const Result<QList<registry::SchemaVersion>> &r) {
            if (!r) {
                m_tree->setSubjectError(connectionId, qualifiedSubject, r.error.toDisplayString());
                return;
            }
            *rows = r.value;
            apply();
        });
    if (askLive) {
        c->client->listVersions(
            qualifiedSubject, false, false, this,
            [this, connectionId, qualifiedSubject, live, apply](const Result<QList<int>> &r) {
                if (!r && !r.error.isNotFound()) { // 404: every version is soft-deleted
                    m_tree->setSubjectError(connectionId, qualifiedSubject, r.error.toDisplayString());
                    return;
                }
                *live = r ? r.value : QList<int>{};
                apply();
            });
    }
}

void RegistryWorkspace::applyVersions(const QString &connectionId, const QString &qualifiedSubject,
                                      const QList<registry::SchemaVersion> &loaded)
{
    QList<RegistryTreeModel::VersionInfo> versions;
    QList<registry::LatestSchemas::Version> texts;
    for (const registry::SchemaVersion &v : loaded) {
        if (v.subject == qualifiedSubject) {
            versions.append({v.version, v.id, v.deleted});
            texts.append({v.version, v.id, v.schemaType, v.deleted, v.schema});
        }
    }
    // The newest texts follow what the console registered or deleted.
    if (Connection *c = find(connectionId); c && c->latestSchemas)
        c->latestSchemas = c->latestSchemas->withSubject(qualifiedSubject, texts);
    m_tree->setVersions(connectionId, qualifiedSubject, versions);
}

// Without a bulk listing (Redpanda; Apicurio's GET /schemas rows name no subject or version): the
// subject's version list with soft-deleted ones, then each version (registry::readVersion) — one request
// per subject and per version, plus one per soft-deleted version on servers that do not write "deleted".
void RegistryWorkspace::loadVersionsOneByOne(const QString &connectionId, const QString &qualifiedSubject)
{
    Connection *c = find(connectionId);
    if (!c)
        return;
    c->client->listVersions(
        qualifiedSubject, true, false, this, [this, connectionId, qualifiedSubject](const auto &all) {
            Connection *c = find(connectionId);
            if (!c)
                return;
            if (!all) {
                m_tree->setSubjectError(connectionId, qualifiedSubject, all.error.toDisplayString());
                return;
            }
            const QList<int> versions = all.value;
            if (versions.isEmpty())
                return applyVersions(connectionId, qualifiedSubject, {});
            auto loaded = std::make_shared<QList<registry::SchemaVersion>>();
            auto remaining = std::make_shared<qsizetype>(versions.size());
            for (const int number : versions) {
                registry::readVersion(
                    c->client, qualifiedSubject, number, c->capabilities.deletedField, this,
                    [this, connectionId, qualifiedSubject, loaded, remaining,
                     number](const Result<registry::SchemaVersion> &r, int) {
                        if (r) {
                            registry::SchemaVersion v = r.value;
                            v.subject = qualifiedSubject;
                            v.version = number;
                            loaded->append(v);
                        }
                        if (--*remaining == 0) {
                            std::sort(loaded->begin(), loaded->end(),
                                      [](const auto &a, const auto &b) { return a.version < b.version; });
                            applyVersions(connectionId, qualifiedSubject, *loaded);
                        }
                    });
            }
        });
}

int RegistryWorkspace::requestsInFlight() const
{
    int count = 0;
    for (const auto &[id, connection] : m_connections)
        count +=
            connection->client->transport()->activeCount() + connection->client->transport()->queuedCount();
    return count;
}

void RegistryWorkspace::updateActivity()
{
    const int count = requestsInFlight();
    if (count == m_lastActivity)
        return;
    m_lastActivity = count;
    Q_EMIT requestsInFlightChanged(count);
}

} // namespace sd::items
