#pragma once

namespace sd::ui {

class Shell;

// Adds the feature's menus, toolbar actions, tree-menu entries and commands.
void installExportersFeature(Shell &shell);

} // namespace sd::ui
