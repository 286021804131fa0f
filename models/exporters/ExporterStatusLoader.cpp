#include "ExporterStatusLoader.h"

#include "exporters/WorkspaceRegistries.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"

using namespace Qt::StringLiterals;
using sd::registry::LinkKind;
using sd::registry::Result;

namespace sd::exporters {

ExporterStatusLoader::ExporterStatusLoader(items::RegistryWorkspace &workspace, const QString &connectionId,
                                           const QString &name, QObject *parent)
    : QObject(parent)
    , m_workspace(&workspace)
    , m_connectionId(connectionId)
    , m_name(name)
{}

void ExporterStatusLoader::refresh()
{
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_connectionId) : nullptr;
    if (!client)
        return;
    QObject *context = m_group.start();
    m_pending = {};
    m_pending.known = knownRegistries(*m_workspace);

    // The mapping preview needs the source's subjects (every context), its cluster id (AUTO) and the
    // exporter's own config: it is announced once all three are in, never from a default context type.
    m_mappingArrived = m_group.join(3, [this] {
        m_subjects = m_pending.subjects;
        m_clusterId = m_pending.clusterId;
        Q_EMIT mappingLoaded();
    });
    const auto infoAndStatus = m_group.join(2, [this] { loadDestination(); });
    m_group.track(client->getLink(LinkKind::Exporter, m_name, context,
                                  [this, infoAndStatus](const Result<registry::ExporterInfo> &r) {
                                      if (r)
                                          m_pending.info = r.value;
                                      else
                                          m_pending.error = r.error;
                                      infoAndStatus();
                                  }));
    m_group.track(client->getLinkStatus(LinkKind::Exporter, m_name, context,
                                        [this, infoAndStatus](const Result<registry::ExporterStatus> &r) {
                                            if (r)
                                                m_pending.status = r.value;
                                            else if (!m_pending.error.isError())
                                                m_pending.error = r.error;
                                            infoAndStatus();
                                        }));
    registry::SubjectQuery query;
    query.subjectPrefix = u":*:"_s;
    m_group.track(client->listSubjects(query, context, [this](const Result<QStringList> &r) {
        if (r)
            m_pending.subjects = r.value;
        m_mappingArrived();
    }));
    m_group.track(client->getClusterId(context, [this](const Result<registry::ClusterId> &r) {
        if (r)
            m_pending.clusterId = r.value.id;
        m_mappingArrived();
    }));
}

// The destination's exporters, for the loop check.
void ExporterStatusLoader::loadDestination()
{
    if (!m_workspace)
        return; // an answer arriving while the workspace is being destroyed
    const QString dest = connectionForUrl(*m_workspace, destinationUrl(m_pending.info));
    registry::RegistryClient *destClient =
        dest.isEmpty() || dest == m_connectionId ? nullptr : m_workspace->client(dest);
    if (!destClient) {
        finish();
        return;
    }
    m_group.track(destClient->listLinks(LinkKind::Exporter, m_group.context(),
                                        [this, destClient, dest](const Result<QStringList> &names) {
                                            if (!names || names.value.isEmpty())
                                                finish();
                                            else
                                                loadDestinationExporters(destClient, dest, names.value);
                                        }));
}

void ExporterStatusLoader::loadDestinationExporters(registry::RegistryClient *client,
                                                    const QString &connectionId, const QStringList &names)
{
    const auto arrived = m_group.join(int(names.size()), [this] { finish(); });
    for (const QString &n : names) {
        m_group.track(
            client->getLink(LinkKind::Exporter, n, m_group.context(),
                            [this, connectionId, arrived](const Result<registry::ExporterInfo> &info) {
                                if (info) {
                                    for (auto &k : m_pending.known) {
                                        if (k.connectionId == connectionId)
                                            k.exporters.append(info.value);
                                    }
                                }
                                arrived();
                            }));
    }
}

void ExporterStatusLoader::finish()
{
    m_loaded = true;
    m_error = m_pending.error;
    if (m_error.isError()) {
        Q_EMIT loaded();
        return;
    }
    m_info = m_pending.info;
    m_status = m_pending.status;
    DiagnosisInput in;
    in.exporter = m_info;
    in.status = m_status;
    in.sourceConnectionId = m_connectionId;
    in.sourceName = connectionName(*m_workspace, m_connectionId);
    if (const auto *c = m_workspace->connection(m_connectionId))
        in.sourceUrls = c->profile.urls;
    for (const auto &k : std::as_const(m_pending.known)) {
        if (k.connectionId != m_connectionId)
            in.registries.append(k);
    }
    m_diagnosis = diagnose(in);
    m_mappingArrived(); // the last of the three parts when subjects and cluster id came first
    Q_EMIT loaded();
}

} // namespace sd::exporters
