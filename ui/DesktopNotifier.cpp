#include "DesktopNotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QVariantMap>

namespace sd::ui {

namespace {
const QString &notificationService()
{
    static const QString service = QStringLiteral("org.freedesktop.Notifications");
    return service;
}
} // namespace

QDBusMessage notificationCall(const QString &summary, const QString &body)
{
    const QString &service = notificationService();
    QDBusMessage call = QDBusMessage::createMethodCall(
        service, QStringLiteral("/org/freedesktop/Notifications"), service, QStringLiteral("Notify"));
    call << QStringLiteral("SchemaDesk") << uint(0) << QStringLiteral("dialog-warning") << summary
         << body.toHtmlEscaped() << QStringList() << QVariantMap() << int(-1);
    return call;
}

bool notifyDesktop(const QString &summary, const QString &body)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface() ||
        !bus.interface()->isServiceRegistered(notificationService()))
        return false;
    return bus.send(notificationCall(summary, body));
}

} // namespace sd::ui
