#pragma once

namespace sd::ui {

class MainWindow;

// Adds the feature's menus, toolbar actions, tree-menu entries and commands.
void installSearchFeature(MainWindow &window);

} // namespace sd::ui
