#pragma once

#include <QString>

// The commands features register in CommandRegistry, with their argument keys. A command's owner
// converts the arguments to its own types; callers need not include the owner's headers.
namespace sd::ui::commands {

// A side-by-side diff tab. Arguments per side, prefixed "left." or "right.": connectionId, subject
// (qualified), version (0 = latest) for a registry side; text, schemaType, label for a text side.
inline const QString openDiff = QStringLiteral("diff.open");
// A version (0 = latest) against the one listed before it. Arguments: connectionId, subject, version.
inline const QString openPreviousVersionDiff = QStringLiteral("diff.openPrevious");
// The mirror verification of two connections, with the subject mapping of an exporter. Arguments:
// sourceConnectionId, targetConnectionId, exporter (QJsonObject, the exporter's description), startNow.
inline const QString verifyMirror = QStringLiteral("diff.verifyMirror");
// The modes and compatibility tab. Arguments: connectionId, subject (qualified; empty = global level).
inline const QString openModes = QStringLiteral("modes.open");

} // namespace sd::ui::commands
