#pragma once

#include "ConnectionTarget.h"
#include "registry/ApiError.h"
#include "registry/RequestGroup.h"
#include "SettingsPreview.h"

#include <optional>
#include <QHash>
#include <QObject>
#include <QStringList>

namespace sd::modes {

// What the registry overview knows about one connection: the health probe's answer, then the settings
// of the global level, the top level and each context.
struct OverviewRow
{
    QString connectionId;
    bool hasClient = true;
    bool probed = false;    // GET /v1/metadata/version answered (or failed)
    bool reachable = false; // an HTTP error is still an answer: the registry is up but lacks the endpoint
    qint64 latencyMs = -1;
    registry::ApiError probeError;
    std::optional<QString> version; // unset: the version endpoint failed (probeError says why)
    bool settingsRead = false;      // the SettingsLoader finished, successfully or not
    QString settingsError;          // the loader failed as a whole
    SettingsSnapshot settings;
    QStringList contexts;
    QHash<QString, QString> levelErrors; // scope → why that level could not be read

    // True once nothing more will arrive for this row.
    bool isDone() const { return !hasClient || (probed && !reachable) || settingsRead; }
};

// Tools → Registry overview: asks every registry on its own (health, then the settings at each level
// without subjects), so one failing never hides the others. A new refresh() drops the previous one.
class RegistryOverview : public QObject
{
    Q_OBJECT
public:
    explicit RegistryOverview(QObject *parent = nullptr);

    void refresh(const ConnectionTargets &targets);
    const QList<OverviewRow> &rows() const { return m_rows; }
    // Connections whose row is still waiting for answers.
    int pending() const { return m_pending; }

Q_SIGNALS:
    void rowChanged(int row);
    void refreshed();

private:
    void probe(int row, registry::RegistryClient *client);
    void readSettings(int row, registry::RegistryClient *client);
    void rowDone(int row);

    registry::RequestGroup m_requests;
    QList<OverviewRow> m_rows;
    int m_pending = 0;
};

} // namespace sd::modes
