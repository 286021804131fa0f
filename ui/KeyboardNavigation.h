#pragma once

class QModelIndex;
class QWidget;

namespace sd::ui {

class MainWindow;

// Everything in the window works without a mouse (issue #15):
//  - a newly opened or activated tab gives focus to its main widget (its focus proxy, else its first
//    focusable child), so e.g. F7 works in a new diff at once;
//  - View → Next / Previous tab: Ctrl+Tab, Ctrl+PgDown / Ctrl+Shift+Tab, Ctrl+PgUp from anywhere,
//    the tree included;
//  - in the filter, Down or Enter moves into the results (the first matching subject), Escape clears
//    it and keeps the current subject selected and visible;
//  - Shift+F10 or the Menu key on the tree opens the current item's context menu.
void installKeyboardNavigation(MainWindow &window);

// Gives focus to a page's main widget (see above).
void focusMainWidget(QWidget *page);
// The first subject row of the tree's model in display order, or an invalid index.
QModelIndex firstSubjectRow(const MainWindow &window);
// Opens the tree's context menu for its current item below that item (non-blocking); returns the menu.
QWidget *popupTreeMenu(MainWindow &window);

} // namespace sd::ui
