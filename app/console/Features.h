#pragma once

namespace sd::ui {
class MainWindow;
}

namespace sd::console {

// Every feature folder adds its menus, toolbar actions, tree-menu entries, tabs and commands.
void installFeatures(ui::MainWindow &window);

} // namespace sd::console
