#pragma once

#include "exporters/WorkspaceRegistries.h"
#include "registry/RegistryTypes.h"
#include "registry/RequestGroup.h"

#include <QObject>
#include <QPointer>

namespace sd::registry {
class RegistryClient;
}

namespace sd::exporters {

// What the detail page of one exporter shows, loaded without widgets: its config and status, the
// diagnosis of a PAUSED one (with the destination's exporters, for the loop check) and what the
// mapping preview needs (the source's subjects in every context, its cluster id). refresh() starts
// over; only the latest refresh is delivered.
class ExporterStatusLoader : public QObject
{
    Q_OBJECT
public:
    ExporterStatusLoader(items::RegistryWorkspace &workspace, const QString &connectionId,
                         const QString &name, QObject *parent = nullptr);

    void refresh();
    void cancel() { m_group.cancel(); }
    bool isBusy() const { return m_group.isBusy(); }

    // Of the latest refresh that ended (loaded() was emitted).
    bool isLoaded() const { return m_loaded; }
    const registry::ApiError &error() const { return m_error; } // set when info or status failed
    const registry::ExporterInfo &info() const { return m_info; }
    const registry::ExporterStatus &status() const { return m_status; }
    const Diagnosis &diagnosis() const { return m_diagnosis; }
    // For the mapping preview (mappingLoaded).
    const QStringList &sourceSubjects() const { return m_subjects; }
    const QString &sourceClusterId() const { return m_clusterId; }

Q_SIGNALS:
    // Info, status and diagnosis are in, or error() says why not.
    void loaded();
    // Once info (without error), subjects and cluster id are in: before loaded() when those came first.
    void mappingLoaded();

private:
    struct Pending
    {
        registry::ExporterInfo info;
        registry::ExporterStatus status;
        registry::ApiError error;
        QList<KnownRegistry> known;
        QStringList subjects;
        QString clusterId;
    };
    void loadDestination();
    void loadDestinationExporters(registry::RegistryClient *client, const QString &connectionId,
                                  const QStringList &names);
    void finish();

    QPointer<items::RegistryWorkspace> m_workspace;
    QString m_connectionId;
    QString m_name;
    registry::RequestGroup m_group;
    Pending m_pending;
    std::function<void()> m_mappingArrived;

    bool m_loaded = false;
    registry::ApiError m_error;
    registry::ExporterInfo m_info;
    registry::ExporterStatus m_status;
    Diagnosis m_diagnosis;
    QStringList m_subjects;
    QString m_clusterId;
};

} // namespace sd::exporters
