#pragma once

#include <functional>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <utility>

class QAction;
class QBoxLayout;
class QComboBox;
class QLabel;
class QModelIndex;
class QPushButton;
class QTableWidget;

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::registry {
struct WriteConfirmation;
}

namespace sd::ui {

class Shell;

// Helpers the core and the feature folders share. Widgets are named (setObjectName) for the tests and the
// tour.

// A new widget (or other QObject) with its object name; `args` go to its constructor.
template<typename Widget, typename... Args> Widget *named(const QString &objectName, Args &&...args)
{
    auto *widget = new Widget(std::forward<Args>(args)...);
    widget->setObjectName(objectName);
    return widget;
}
// A push button added to `row`.
QPushButton *addNamedButton(QBoxLayout *row, QWidget *parent, const QString &text, const QString &objectName);
// Buttons that act together, in a row of their own with no margins: disabling the row disables each (a
// button's own setEnabled still counts while the row is enabled).
class ButtonRow : public QWidget
{
    Q_OBJECT
public:
    explicit ButtonRow(const QString &objectName, QWidget *parent = nullptr);
    // A button at the row's end.
    QPushButton *addButton(const QString &text, const QString &objectName);
};
// A plain-text status label (see plainLabel) that takes the row's spare width.
QLabel *addStatusLabel(QBoxLayout *row, QWidget *parent, const QString &objectName);
// A combo box of choices: each one's text, and the number (an enum's value) currentData() gives for it.
QComboBox *choiceBox(QWidget *parent, const QString &objectName,
                     const QList<std::pair<QString, int>> &choices);
// A table the user reads but does not edit: one column per header, no row numbers.
QTableWidget *readOnlyTable(QWidget *parent, const QString &objectName, const QStringList &headers);

// A feature's window action, owned by the shell: named, with its tool tip (none when empty), running
// `onTriggered`.
QAction *featureAction(Shell &shell, const QString &text, const QString &objectName, const QString &toolTip,
                       const std::function<void()> &onTriggered);
// The connection of the tree's current item, else the first open one; empty, and said so in a message
// titled `title`, when none is open.
QString chosenConnection(Shell &shell, const QString &title);
// The subjects a registry tree item stands for, as a subject pattern: "*" for a connection or the default
// context, ":.ctx:*" for another context, the qualified subject for a subject or a version.
QString subjectsOfTreeItem(const QModelIndex &index);

// The name of an open connection, or its id when it is not open.
QString connectionName(items::RegistryWorkspace *workspace, const QString &connectionId);
// Dialogs::confirmChange for an open connection: refused when it is not open or read-only, typed (`mustType`)
// when it is protected.
bool confirmChangeOn(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                     const QString &title, const QString &text, const QString &acceptLabel,
                     const QString &mustType, registry::WriteConfirmation *confirmation);

} // namespace sd::ui
