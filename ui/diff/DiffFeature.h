#pragma once

#include "DiffView.h"

namespace sd::ui {

class Shell;

// Opens (or focuses) a side-by-side diff tab. Other screens call these (e.g. a draft against the
// registered latest version: right = DiffSide{.text = draft, .schemaType = type, .label = "draft"}).
DiffView *openDiff(Shell &shell, const DiffSide &left, const DiffSide &right);
// `version` (0 = latest) against the version listed before it.
DiffView *openPreviousVersionDiff(Shell &shell, const QString &connectionId, const QString &subject,
                                  int version);
// A registered version against a local file; an unreadable file is reported and nothing opens.
DiffView *openFileDiff(Shell &shell, const DiffSide &registered, const QString &filePath);

// The subject on another registry (or context) most likely to be `subject`'s counterpart: the same
// name under a context prefix where one exists (pageviews-value -> :.source:pageviews-value, preferring
// a context named like `sourceConnectionName`), else the same qualified name (on the same connection:
// the subject itself, to compare two of its versions), else the same name in any context, else empty.
QString suggestCounterpart(const QStringList &targetSubjects, const QString &subject, bool sameConnection,
                           const QString &sourceConnectionName = {});

// Adds the feature's menus, toolbar actions, tree-menu entries and commands.
void installDiffFeature(Shell &shell);

} // namespace sd::ui
