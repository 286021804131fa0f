#pragma once

#include "exporters/WorkspaceRegistries.h"
#include "registry/RequestGroup.h"

#include <functional>
#include <QObject>
#include <QPointer>

namespace sd::exporters {

// One exporter as the exporters list shows it.
struct ExporterRow
{
    QString connectionId;
    QString name;
    QString state; // or the error's summary when the status could not be read
    qint64 offset = -1;
    qint64 ts = 0;
    QString trace;
    QStringList subjects;
    QString contextType;
    QString context;
    QString destination;
};

// One importer, or one line saying why a registry lists none (then only `text` is set).
struct ImporterRow
{
    QString connectionId;
    QString text;
    QString name;
    QString state;
    qint64 offset = -1;
    qint64 ts = 0;
    QString source;
};

// Loads the exporters and importers of one connection (or of every open one, connectionId empty):
// each one's status and config, then announces them all at once, exporters sorted by connection and
// name. refresh() starts over; only the latest refresh is delivered.
class ExportersListLoader : public QObject
{
    Q_OBJECT
public:
    ExportersListLoader(items::RegistryWorkspace &workspace, const QString &connectionId,
                        QObject *parent = nullptr);

    void refresh();
    void cancel() { m_group.cancel(); }
    bool isBusy() const { return m_group.isBusy(); }
    QStringList connections() const;

    const QList<ExporterRow> &exporters() const { return m_exporters; }
    const QList<ImporterRow> &importers() const { return m_importers; }

Q_SIGNALS:
    void loaded();

private:
    // Each calls `arrived` once, when the connection's rows are complete.
    void loadExporters(const QString &connectionId, const std::function<void()> &arrived);
    void loadImporters(const QString &connectionId, const std::function<void()> &arrived);

    QPointer<items::RegistryWorkspace> m_workspace;
    QString m_connectionId;
    registry::RequestGroup m_group;
    QList<ExporterRow> m_pendingExporters;
    QList<ImporterRow> m_pendingImporters;
    QList<ExporterRow> m_exporters;
    QList<ImporterRow> m_importers;
};

} // namespace sd::exporters
