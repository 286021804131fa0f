#pragma once

#include <QColor>
#include <QDateTime>
#include <QString>

namespace sd::exporters {

// "just now", "1 minute ago", "5 minutes ago", "3 hours ago", "2 days ago"; "never" for ts 0.
QString describeAge(qint64 tsMs, const QDateTime &now = QDateTime::currentDateTimeUtc());
// Local time and age: "2023-11-29 21:08:13 (3 minutes ago)"; "never" for ts 0.
QString describeTimestamp(qint64 tsMs, const QDateTime &now = QDateTime::currentDateTimeUtc());
// "‖ PAUSED", "● RUNNING", "◌ STARTING", "? UNASSIGNED": a symbol so the state never depends on colour.
QString stateLabel(const QString &state);
// The colour a state is drawn in, beside its label.
QColor stateColour(const QString &state);

} // namespace sd::exporters
