#pragma once

#include "exporters/WorkspaceRegistries.h"
#include "registry/RegistryTypes.h"
#include "registry/RequestGroup.h"

#include <QObject>
#include <QPointer>

class QTimer;

namespace sd::exporters {

// Watches an exporter after a resume until it is RUNNING for good or PAUSED again: its status is read
// one request at a time; RUNNING counts once it held for a moment (the next export may fail again);
// PAUSED with a trace ends the watch at once; after the time allowed it ends undecided.
class ExporterWatch : public QObject
{
    Q_OBJECT
public:
    ExporterWatch(items::RegistryWorkspace &workspace, const QString &connectionId, const QString &name,
                  QObject *parent = nullptr);

    // Milliseconds between reads, RUNNING must hold, and the watch may last.
    void setTiming(int intervalMs, int holdMs, int timeoutMs);
    void start();
    void stop();
    bool isWatching() const { return m_watching; }

Q_SIGNALS:
    // A read failed; the watch goes on.
    void unavailable(const sd::registry::ApiError &error);
    // RUNNING held (running), or PAUSED again with a trace.
    void finished(bool running, const sd::registry::ExporterStatus &status);
    // Neither within the time; `state` is the last one read, empty when the last read failed.
    void timedOut(const QString &state);

private:
    void tick();
    void answered(const registry::Result<registry::ExporterStatus> &r);

    QTimer *m_timer = nullptr; // plans the next read
    QPointer<items::RegistryWorkspace> m_workspace;
    QString m_connectionId;
    QString m_name;
    registry::RequestGroup m_group;
    int m_holdMs = 1500;
    int m_timeoutMs = 60000;
    qint64 m_deadline = 0;
    qint64 m_runningSince = -1;
    bool m_watching = false;
};

} // namespace sd::exporters
