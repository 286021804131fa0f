#pragma once

#include "modes/ModeRules.h"

#include <QString>

namespace sd::ui {

class BulkView;
class FindSubjectView;
class MainWindow;
class ModesView;
class OverviewView;

// Opens (or focuses) the feature's tabs; used by the menus and by tests.
ModesView *openModes(MainWindow &window, const QString &connectionId,
                     const sd::modes::Level &level = sd::modes::Level::global());
OverviewView *openOverview(MainWindow &window);
BulkView *openBulk(MainWindow &window);
FindSubjectView *openFindSubject(MainWindow &window);

// Adds the feature's menus, toolbar actions, tree-menu entries and commands.
void installModesFeature(MainWindow &window);

} // namespace sd::ui
