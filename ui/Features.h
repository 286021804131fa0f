#pragma once

namespace sd::ui {

class MainWindow;

// Each feature folder adds its menus, toolbar actions, tree-menu entries and tabs to the window.
void installDiffFeature(MainWindow &window);      // ui/diff: compare, mirror verification
void installModesFeature(MainWindow &window);     // ui/modes: modes and compatibility
void installExportersFeature(MainWindow &window); // ui/exporters: Schema Linking
void installSearchFeature(MainWindow &window);    // ui/search: search schema texts

inline void installFeatures(MainWindow &window)
{
    installDiffFeature(window);
    installModesFeature(window);
    installExportersFeature(window);
    installSearchFeature(window);
}

} // namespace sd::ui
