#include "StatusText.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace sd::exporters {

QString describeAge(qint64 tsMs, const QDateTime &now)
{
    if (tsMs <= 0)
        return QCoreApplication::translate("sd::exporters", "never");
    const qint64 seconds = qMax<qint64>(0, (now.toMSecsSinceEpoch() - tsMs) / 1000);
    if (seconds < 45)
        return QCoreApplication::translate("sd::exporters", "just now");
    const qint64 minutes = (seconds + 30) / 60;
    if (minutes < 60)
        return QCoreApplication::translate("sd::exporters", "%n minute(s) ago", nullptr, int(minutes));
    const qint64 hours = (minutes + 30) / 60;
    if (hours < 48)
        return QCoreApplication::translate("sd::exporters", "%n hour(s) ago", nullptr, int(hours));
    return QCoreApplication::translate("sd::exporters", "%n day(s) ago", nullptr, int((hours + 12) / 24));
}

QString describeTimestamp(qint64 tsMs, const QDateTime &now)
{
    if (tsMs <= 0)
        return QCoreApplication::translate("sd::exporters", "never");
    const QString local =
        QDateTime::fromMSecsSinceEpoch(tsMs).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
    return u"%1 (%2)"_s.arg(local, describeAge(tsMs, now));
}

QString stateLabel(const QString &state)
{
    if (state == u"RUNNING")
        return u"● RUNNING"_s;
    if (state == u"PAUSED")
        return u"‖ PAUSED"_s;
    if (state == u"STARTING")
        return u"◌ STARTING"_s;
    return u"? "_s + (state.isEmpty() ? u"unknown"_s : state);
}

QColor stateColour(const QString &state)
{
    if (state == u"RUNNING")
        return QColor(0x2e, 0x8b, 0x57);
    if (state == u"PAUSED")
        return QColor(0xd9, 0x53, 0x1e);
    if (state == u"STARTING")
        return QColor(0x2f, 0x6f, 0xb5);
    return QColor(0x80, 0x80, 0x80);
}

} // namespace sd::exporters
