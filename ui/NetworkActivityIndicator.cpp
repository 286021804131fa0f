#include "NetworkActivityIndicator.h"

namespace sd::ui {

NetworkActivityIndicator::NetworkActivityIndicator(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("networkActivity"));
    setToolTip(tr("Requests in flight to all connected registries"));
    m_spin.setInterval(150);
    connect(&m_spin, &QTimer::timeout, this, [this] {
        ++m_frame;
        refresh();
    });
    refresh();
}

void NetworkActivityIndicator::setRequestsInFlight(int count)
{
    m_inFlight = qMax(0, count);
    if (m_inFlight > 0 && !m_spin.isActive())
        m_spin.start();
    else if (m_inFlight == 0)
        m_spin.stop();
    refresh();
}

void NetworkActivityIndicator::refresh()
{
    static const QString frames[] = {QStringLiteral("◐"), QStringLiteral("◓"), QStringLiteral("◑"),
                                     QStringLiteral("◒")};
    if (m_inFlight == 0)
        setText(tr("Network: idle"));
    else
        setText(m_inFlight == 1 ? tr("%1 1 request in flight").arg(frames[m_frame % 4])
                                : tr("%1 %2 requests in flight").arg(frames[m_frame % 4]).arg(m_inFlight));
}

} // namespace sd::ui
