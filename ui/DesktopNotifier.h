#pragma once

#include <QDBusMessage>
#include <QString>

namespace sd::ui {

// Desktop notifications through the freedesktop Notifications service on the session bus (what
// GNOME, KDE and most Linux desktops show). Asynchronous; returns false when no such service is
// reachable (no session bus, a headless machine), in which case the Problems dock is the only sign.
bool notifyDesktop(const QString &summary, const QString &body);

// The Notify call notifyDesktop() sends. The body is escaped: the specification lets servers read
// <b>, <a href> and <img> in it, and it carries subject and exporter names.
QDBusMessage notificationCall(const QString &summary, const QString &body);

} // namespace sd::ui
