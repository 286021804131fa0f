#include "RegistryWorkspace.h"

#include "ItemsLogging.h"
#include "registry/HttpLog.h"
#include "registry/RegistryClient.h"
#include "registry/Transport.h"

#include <memory>

namespace sd::items {

using registry::ApiError;
using registry::RegistryClient;
using registry::Result;

static constexpr int schemaPageSize = 1000;

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
    QStringList ids;
    for (const auto &[id, connection] : m_connections)
        ids.append(id);
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

    RegistryTreeModel::ConnectionInfo info;
    info.id = id;
    info.name = profile.name;
    info.colour = profile.colour.isEmpty() ? QColor() : QColor(profile.colour);
    info.tag = profile.tag;
    info.readOnly = profile.readOnly;
    info.isProtected = profile.isProtected;
    info.tlsVerificationOff = !profile.verifyTls;
    m_tree->addConnection(info);
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
    c->requestsUsed = 0;
    setState(*c, State::Connecting);
    // Capabilities first: they decide which of the later requests make sense.
    auto *probe = new registry::CapabilityProbe(c->client, this);
    connect(probe, &registry::CapabilityProbe::finished, this, [this, probe, connectionId, generation] {
        probe->deleteLater();
        Connection *c = find(connectionId);
        if (!c || m_generation.value(connectionId) != generation)
            return;
        c->capabilities = probe->capabilities();
        c->latencyMs = probe->latencyMs();
        if (probe->error().isError()) {
            setState(*c, State::Failed, probe->error().toDisplayString());
            return;
        }
        setState(*c, State::Loading);
        loadSkeleton(connectionId);
        reloadExporters(connectionId);
    });
    probe->start();
}

void RegistryWorkspace::loadSkeleton(const QString &connectionId)
{
    Connection *c = find(connectionId);
    if (!c)
        return;
    const quint64 generation = m_generation.value(connectionId);
    // The skeleton: every subject of every context, soft-deleted ones included, in one request; the
    // context list in a second (it also names contexts whose subjects are all gone).
    struct Skeleton
    {
        std::optional<QStringList> subjects;
        std::optional<QStringList> contexts;
    };
    auto skeleton = std::make_shared<Skeleton>();
    auto maybeDone = [this, connectionId, generation, skeleton] {
        if (!skeleton->subjects || !skeleton->contexts)
            return;
        Connection *c = find(connectionId);
        if (!c || m_generation.value(connectionId) != generation)
            return;
        m_tree->setSubjects(connectionId, *skeleton->subjects, *skeleton->contexts);
        setState(*c, State::Loading);
        reloadSettings(connectionId); // needs the context list
        loadSchemaPage(connectionId, 0, generation);
    };
    registry::SubjectQuery query;
    query.subjectPrefix = QStringLiteral(":*:");
    query.deleted = true;
    ++c->requestsUsed;
    c->client->listSubjects(
        query, this, [this, connectionId, generation, skeleton, maybeDone](const Result<QStringList> &r) {
            Connection *c = find(connectionId);
            if (!c || m_generation.value(connectionId) != generation)
                return;
            if (!r) {
                setState(*c, State::Failed, r.error.toDisplayString());
                return;
            }
            skeleton->subjects = r.value;
            maybeDone();
        });
    if (c->capabilities.contexts == registry::Support::No) {
        skeleton->contexts = QStringList{QStringLiteral(".")};
        return;
    }
    ++c->requestsUsed;
    c->client->listContexts(this, [skeleton, maybeDone](const Result<QStringList> &r) {
        // Without /contexts the subjects still name their contexts.
        skeleton->contexts = r ? r.value : QStringList{QStringLiteral(".")};
        maybeDone();
    });
}

void RegistryWorkspace::loadSchemaPage(const QString &connectionId, int offset, quint64 generation)
{
    Connection *c = find(connectionId);
    if (!c || m_generation.value(connectionId) != generation)
        return;
    if (c->capabilities.bulkSchemas == registry::Support::No) {
        // No bulk endpoint: versions are fetched per subject when a subject is expanded.
        setState(*c, State::Ready);
        Q_EMIT connectionLoaded(connectionId);
        return;
    }
    registry::SchemaQuery query;
    query.subjectPrefix = QStringLiteral(":*:");
    query.deleted = true;
    query.offset = offset;
    query.limit = schemaPageSize;
    ++c->requestsUsed;
    c->client->listSchemas(
        query, this,
        [this, connectionId, offset, generation](const Result<QList<registry::SchemaVersion>> &r) {
            Connection *c = find(connectionId);
            if (!c || m_generation.value(connectionId) != generation)
                return;
            if (!r) {
                setState(*c, State::Failed, r.error.toDisplayString());
                return;
            }
            QList<RegistryTreeModel::SchemaSummary> rows;
            rows.reserve(r.value.size());
            for (const registry::SchemaVersion &v : r.value)
                rows.append({v.subject, v.version, v.id, v.schemaType, v.deleted});
            m_tree->addSchemaSummaries(connectionId, rows);
            Q_EMIT loadProgress(connectionId, offset + int(r.value.size()));
            if (r.value.size() >= schemaPageSize) {
                loadSchemaPage(connectionId, offset + schemaPageSize, generation);
                return;
            }
            m_tree->finishSchemaSummaries(connectionId);
            setState(*c, State::Ready);
            Q_EMIT connectionLoaded(connectionId);
        });
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
        auto pending = std::make_shared<int>(topLevel ? 4 : 2);
        auto publish = [this, connectionId, scope, settings, resolved, pending, topLevel] {
            if (--*pending > 0)
                return;
            ScopeSettings values = *settings;
            if (topLevel) {
                const auto setHere = [](const QString &plain, const QString &withGlobal,
                                        const QString &fallback) {
                    return plain == withGlobal && plain != fallback ? plain : QString();
                };
                values.mode = setHere(settings->mode, resolved->mode, serverDefaultMode());
                values.compatibility =
                    setHere(settings->compatibility, resolved->compatibility, serverDefaultCompatibility());
            }
            m_tree->setScopeSettings(connectionId, scope, values);
        };
        // 40408/40409 (or 404 on older servers) = nothing set at this level.
        for (const bool defaultToGlobal : topLevel ? QList<bool>{false, true} : QList<bool>{false}) {
            ScopeSettings *target = defaultToGlobal ? resolved.get() : settings.get();
            c->client->getConfig(scope, defaultToGlobal, this,
                                 [target, publish](const Result<registry::RegistryConfig> &r) {
                                     if (r)
                                         target->compatibility = r.value.compatibility;
                                     publish();
                                 });
            c->client->getMode(scope, defaultToGlobal, this, [target, publish](const Result<QString> &r) {
                if (r)
                    target->mode = r.value;
                publish();
            });
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
    c->client->listLinks(LinkKind::Exporter, this, [this, connectionId](const Result<QStringList> &names) {
        Connection *c = find(connectionId);
        if (!c)
            return;
        if (!names) {
            m_tree->setExporters(connectionId, {}, !names.error.isNotFound());
            return;
        }
        auto summaries = std::make_shared<QList<RegistryTreeModel::ExporterSummary>>();
        auto pending = std::make_shared<int>(int(names.value.size()));
        if (*pending == 0) {
            m_tree->setExporters(connectionId, {});
            Q_EMIT exportersChanged(connectionId);
            return;
        }
        for (const QString &name : names.value) {
            c->client->getLinkStatus(
                LinkKind::Exporter, name, this,
                [this, connectionId, name, summaries, pending](const Result<registry::ExporterStatus> &s) {
                    summaries->append({name, s ? s.value.state : QStringLiteral("unknown")});
                    if (--*pending > 0)
                        return;
                    std::sort(summaries->begin(), summaries->end(),
                              [](const auto &a, const auto &b) { return a.name < b.name; });
                    m_tree->setExporters(connectionId, *summaries);
                    Q_EMIT exportersChanged(connectionId);
                });
        }
    });
}

void RegistryWorkspace::loadVersions(const QString &connectionId, const QString &qualifiedSubject)
{
    Connection *c = find(connectionId);
    if (!c)
        return;
    // One request: /schemas with the subject as prefix gives every version with its id; other
    // subjects sharing the prefix are dropped here.
    registry::SchemaQuery query;
    query.subjectPrefix = qualifiedSubject;
    query.deleted = true;
    query.limit = schemaPageSize;
    c->client->listSchemas(
        query, this, [this, connectionId, qualifiedSubject](const Result<QList<registry::SchemaVersion>> &r) {
            if (!r) {
                m_tree->setSubjectError(connectionId, qualifiedSubject, r.error.toDisplayString());
                return;
            }
            QList<RegistryTreeModel::VersionInfo> versions;
            for (const registry::SchemaVersion &v : r.value) {
                if (v.subject == qualifiedSubject)
                    versions.append({v.version, v.id, v.deleted});
            }
            m_tree->setVersions(connectionId, qualifiedSubject, versions);
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
