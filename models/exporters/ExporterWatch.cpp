#include "ExporterWatch.h"

#include "ExportersLogging.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"

#include <QDateTime>
#include <QTimer>

using sd::registry::LinkKind;
using namespace Qt::StringLiterals;

namespace sd::exporters {

ExporterWatch::ExporterWatch(items::RegistryWorkspace &workspace, const QString &connectionId,
                             const QString &name, QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
    , m_workspace(&workspace)
    , m_connectionId(connectionId)
    , m_name(name)
{
    m_timer->setInterval(300);
    m_timer->setSingleShot(true); // one request at a time: the next read is planned after the answer
    connect(m_timer, &QTimer::timeout, this, &ExporterWatch::tick);
}

void ExporterWatch::setTiming(int intervalMs, int holdMs, int timeoutMs)
{
    m_timer->setInterval(intervalMs);
    m_holdMs = holdMs;
    m_timeoutMs = timeoutMs;
}

void ExporterWatch::start()
{
    m_group.cancel();
    m_deadline = QDateTime::currentMSecsSinceEpoch() + m_timeoutMs;
    m_runningSince = -1;
    m_watching = true;
    m_timer->start();
}

void ExporterWatch::stop()
{
    m_group.cancel();
    m_timer->stop();
    m_watching = false;
}

void ExporterWatch::tick()
{
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_connectionId) : nullptr;
    if (!client) {
        stop();
        return;
    }
    m_group.track(
        client->getLinkStatus(LinkKind::Exporter, m_name, m_group.start(),
                              [this](const registry::Result<registry::ExporterStatus> &r) { answered(r); }));
}

void ExporterWatch::answered(const registry::Result<registry::ExporterStatus> &r)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!r) {
        qCDebug(lcExporters, "exporter %s on %s: status unavailable: %s", qPrintable(m_name),
                qPrintable(m_connectionId), qPrintable(r.error.toDisplayString()));
        Q_EMIT unavailable(r.error);
    } else if (r.value.state == u"PAUSED" && !r.value.trace.isEmpty()) {
        m_watching = false;
        qCInfo(lcExporters, "exporter %s on %s paused again: %s", qPrintable(m_name), qPrintable(m_connectionId),
               qPrintable(r.value.trace.left(200)));
        Q_EMIT finished(false, r.value);
        return;
    } else if (r.value.state == u"RUNNING") {
        // RUNNING for a moment proves little: the next export may fail again. Wait until it holds.
        if (m_runningSince < 0) {
            m_runningSince = now;
        } else if (now - m_runningSince >= m_holdMs) {
            m_watching = false;
            qCInfo(lcExporters, "exporter %s on %s has kept RUNNING for %lld ms", qPrintable(m_name),
                   qPrintable(m_connectionId), now - m_runningSince);
            Q_EMIT finished(true, r.value);
            return;
        }
    } else {
        m_runningSince = -1;
    }
    if (now > m_deadline) {
        m_watching = false;
        qCInfo(lcExporters, "exporter %s on %s: no verdict before the deadline (last state %s)", qPrintable(m_name),
               qPrintable(m_connectionId), qPrintable(r ? r.value.state : u"unknown"_s));
        Q_EMIT timedOut(r ? r.value.state : QString());
        return;
    }
    m_timer->start();
}

} // namespace sd::exporters
