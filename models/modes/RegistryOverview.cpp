#include "RegistryOverview.h"

#include "registry/RegistryClient.h"
#include "SettingsLoader.h"

#include <memory>
#include <QElapsedTimer>

namespace sd::modes {

using registry::Result;

RegistryOverview::RegistryOverview(QObject *parent)
    : QObject(parent)
{}

void RegistryOverview::refresh(const ConnectionTargets &targets)
{
    m_requests.start();
    m_rows.clear();
    for (const ConnectionTarget &target : targets) {
        OverviewRow row;
        row.connectionId = target.connectionId;
        row.hasClient = target.client != nullptr;
        m_rows.append(row);
    }
    m_pending = int(m_rows.size());
    for (int row = 0; row < targets.size(); ++row) {
        if (targets.at(row).client)
            probe(row, targets.at(row).client);
        else
            rowDone(row);
    }
    if (targets.isEmpty())
        Q_EMIT refreshed();
}

void RegistryOverview::probe(int row, registry::RegistryClient *client)
{
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    m_requests.track(client->getServerVersion(
        m_requests.context(),
        [this, row, clock, client = QPointer(client)](const Result<registry::ServerVersion> &r) {
            OverviewRow &o = m_rows[row];
            o.probed = true;
            o.reachable = r.ok() || r.error.kind == registry::ErrorKind::Http;
            o.latencyMs = clock->elapsed();
            o.probeError = r.error;
            if (r)
                o.version = r.value.version;
            if (o.reachable && client) {
                Q_EMIT rowChanged(row);
                readSettings(row, client);
            } else {
                rowDone(row);
            }
        }));
}

void RegistryOverview::readSettings(int row, registry::RegistryClient *client)
{
    // The loader lives with this generation: a new refresh() deletes it and aborts its reads.
    auto *loader = new SettingsLoader(m_requests.context());
    connect(loader, &SettingsLoader::failed, m_requests.context(), [this, loader, row](const QString &error) {
        loader->deleteLater();
        m_rows[row].settingsRead = true;
        m_rows[row].settingsError = error;
        rowDone(row);
    });
    connect(loader, &SettingsLoader::loaded, m_requests.context(), [this, loader, row] {
        loader->deleteLater();
        OverviewRow &o = m_rows[row];
        o.settingsRead = true;
        o.settings = loader->snapshot();
        o.contexts = loader->contexts();
        o.levelErrors = loader->errors();
        rowDone(row);
    });
    loader->load(client, false);
}

void RegistryOverview::rowDone(int row)
{
    Q_EMIT rowChanged(row);
    if (--m_pending == 0)
        Q_EMIT refreshed();
}

} // namespace sd::modes
