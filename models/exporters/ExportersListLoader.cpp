#include "ExportersListLoader.h"

#include "exporters/ExporterDiagnosis.h"
#include "exporters/WorkspaceRegistries.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"

#include <algorithm>

using sd::registry::LinkKind;
using sd::registry::Result;

namespace sd::exporters {

ExportersListLoader::ExportersListLoader(items::RegistryWorkspace &workspace, const QString &connectionId,
                                         QObject *parent)
    : QObject(parent)
    , m_workspace(&workspace)
    , m_connectionId(connectionId)
{}

QStringList ExportersListLoader::connections() const
{
    if (!m_connectionId.isEmpty())
        return {m_connectionId};
    return m_workspace ? m_workspace->connectionIds() : QStringList();
}

void ExportersListLoader::refresh()
{
    if (!m_workspace)
        return;
    m_group.start();
    m_pendingExporters.clear();
    m_pendingImporters.clear();
    QStringList open = connections();
    open.removeIf([this](const QString &id) { return !m_workspace->client(id); });
    const auto arrived = m_group.join(int(open.size()) * 2, [this] {
        std::ranges::sort(m_pendingExporters, {},
                          [](const ExporterRow &row) { return std::tie(row.connectionId, row.name); });
        m_exporters = m_pendingExporters;
        m_importers = m_pendingImporters;
        Q_EMIT loaded();
    });
    for (const QString &conn : std::as_const(open)) {
        loadExporters(conn, arrived);
        loadImporters(conn, arrived);
    }
}

void ExportersListLoader::loadExporters(const QString &connectionId, const std::function<void()> &arrived)
{
    registry::RegistryClient *client = m_workspace->client(connectionId);
    m_group.track(client->listLinks(
        LinkKind::Exporter, m_group.context(),
        [this, client, connectionId, arrived](const Result<QStringList> &names) {
            const QStringList list = names ? names.value : QStringList();
            const auto part = m_group.join(int(list.size()) * 2, arrived);
            for (const QString &name : list) {
                const qsizetype index = m_pendingExporters.size();
                m_pendingExporters.append(ExporterRow{connectionId, name, {}, -1, 0, {}, {}, {}, {}, {}});
                m_group.track(
                    client->getLinkStatus(LinkKind::Exporter, name, m_group.context(),
                                          [this, index, part](const Result<registry::ExporterStatus> &s) {
                                              ExporterRow &row = m_pendingExporters[index];
                                              if (s) {
                                                  row.state = s.value.state;
                                                  row.offset = s.value.offset;
                                                  row.ts = s.value.ts;
                                                  row.trace = s.value.trace;
                                              } else {
                                                  row.state = s.error.summary();
                                              }
                                              part();
                                          }));
                m_group.track(
                    client->getLink(LinkKind::Exporter, name, m_group.context(),
                                    [this, index, part](const Result<registry::ExporterInfo> &info) {
                                        if (info) {
                                            ExporterRow &row = m_pendingExporters[index];
                                            row.subjects = info.value.subjects;
                                            row.contextType = info.value.contextType;
                                            row.context = info.value.context;
                                            row.destination = destinationUrl(info.value);
                                        }
                                        part();
                                    }));
            }
        }));
}

void ExportersListLoader::loadImporters(const QString &connectionId, const std::function<void()> &arrived)
{
    registry::RegistryClient *client = m_workspace->client(connectionId);
    m_group.track(client->listLinks(
        LinkKind::Importer, m_group.context(),
        [this, client, connectionId, arrived](const Result<QStringList> &names) {
            const QString where = m_workspace ? connectionName(*m_workspace, connectionId) : connectionId;
            if (!names || names.value.isEmpty()) {
                const QString text = names ? tr("none on %1").arg(where)
                                     : names.error.isNotFound() || names.error.isUnsupportedEndpoint()
                                         ? tr("not offered by this registry (%1)").arg(where)
                                         : tr("%1: %2").arg(where, names.error.summary());
                m_pendingImporters.append({connectionId, text, {}, {}, -1, 0, {}});
                arrived();
                return;
            }
            const auto part = m_group.join(int(names.value.size()) * 2, arrived);
            for (const QString &name : names.value) {
                const qsizetype index = m_pendingImporters.size();
                m_pendingImporters.append({connectionId, {}, name, {}, -1, 0, {}});
                m_group.track(
                    client->getLinkStatus(LinkKind::Importer, name, m_group.context(),
                                          [this, index, part](const Result<registry::ExporterStatus> &s) {
                                              if (s) {
                                                  m_pendingImporters[index].state = s.value.state;
                                                  m_pendingImporters[index].offset = s.value.offset;
                                                  m_pendingImporters[index].ts = s.value.ts;
                                              }
                                              part();
                                          }));
                m_group.track(
                    client->getLink(LinkKind::Importer, name, m_group.context(),
                                    [this, index, part](const Result<registry::ExporterInfo> &info) {
                                        if (info)
                                            m_pendingImporters[index].source = destinationUrl(info.value);
                                        part();
                                    }));
            }
        }));
}

} // namespace sd::exporters
