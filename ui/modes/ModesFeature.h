#pragma once

#include "modes/ModeRules.h"

#include <QString>

namespace sd::ui {

class BulkView;
class FindSubjectView;
class Shell;
class ModesView;
class OverviewView;

// Opens (or focuses) the feature's tabs; used by the menus and by tests.
ModesView *openModes(Shell &shell, const QString &connectionId,
                     const sd::modes::Level &level = sd::modes::Level::global());
OverviewView *openOverview(Shell &shell);
BulkView *openBulk(Shell &shell);
FindSubjectView *openFindSubject(Shell &shell);

// Adds the feature's menus, toolbar actions, tree-menu entries and commands.
void installModesFeature(Shell &shell);

} // namespace sd::ui
