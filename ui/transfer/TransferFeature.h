#pragma once

#include <QString>

namespace sd::ui {

class CopyDialog;
class Shell;

// Opens the copy dialog with the source preselected: a connection, and the subjects ("*", ":.ctx:*" or
// a subject's name).
CopyDialog *openCopyDialog(Shell &shell, const QString &sourceConnectionId, const QString &subjects = {});

// Adds "Copy subjects…" to the Tools menu and to the tree's connection, context and subject menus.
void installTransferFeature(Shell &shell);

} // namespace sd::ui
