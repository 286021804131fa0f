#pragma once

#include "CommandRegistry.h"

#include <functional>
#include <QModelIndex>
#include <QObject>

class QAction;
class QMenu;
class QToolBar;
class QTreeView;
class QWidget;

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::ui {

class AppContext;

// What a feature may ask of the console's window: open and find tabs, add menu entries, report a
// problem, run another feature's command. Features get this, never the main window.
class Shell : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual AppContext &context() const = 0;
    items::RegistryWorkspace *workspace() const;
    // The parent for dialogs and message boxes.
    virtual QWidget *window() const = 0;

    // --- central tabs
    // Opens a widget as a tab, or focuses the tab open under the same key (and deletes `page`).
    virtual int openTab(const QString &key, QWidget *page, const QString &title) = 0;
    virtual QList<QWidget *> tabPages() const = 0;
    virtual QWidget *currentTab() const = 0;
    virtual void focusTab(QWidget *page) = 0;
    virtual void setTabTitle(QWidget *page, const QString &title) = 0;
    virtual QString tabTitle(QWidget *page) const = 0;
    // The first open tab of type View for which `matches` holds, focused; null if none.
    template<typename View> View *focusOpenTab(const std::function<bool(View *)> &matches = {})
    {
        for (QWidget *page : tabPages()) {
            if (auto *view = qobject_cast<View *>(page); view && (!matches || matches(view))) {
                focusTab(view);
                return view;
            }
        }
        return nullptr;
    }

    // --- what the core opens
    virtual QWidget *openSchema(const QString &connectionId, const QString &qualifiedSubject,
                                int version = 0) = 0;
    // "New version" of a subject (an empty name: a subject still to be named): an editor tab,
    // pre-filled with the latest version.
    virtual QWidget *openRegister(const QString &connectionId, const QString &qualifiedSubject) = 0;
    // The "add a connection" dialog; what it adds appears in the workspace.
    virtual void addConnection() = 0;

    // --- the registry tree
    virtual QTreeView *registryTree() const = 0;
    QModelIndex currentTreeIndex() const;
    // Expands a connection and its contexts (when filtering, the contexts with matches).
    virtual void expandConnection(const QString &connectionId) = 0;

    // --- contributing
    // "menuRegistry", "menuExporters", "menuTools", "menuView", …
    virtual QMenu *menu(const QString &objectName) const = 0;
    virtual QToolBar *toolBar() const = 0;
    // A window-wide action (its shortcut works wherever the focus is).
    virtual void addWindowAction(QAction *action) = 0;
    using TreeMenuContributor = std::function<void(QMenu &menu, const QModelIndex &index)>;
    virtual void addTreeMenuContributor(TreeMenuContributor contributor) = 0;
    // The tree's context menu for an item as the tree shows it: the core's entries, then every
    // contributor's.
    virtual void fillTreeMenu(QMenu &menu, const QModelIndex &index) = 0;
    CommandRegistry &commands() { return m_commands; }
    const CommandRegistry &commands() const { return m_commands; }

    // --- reporting
    // A message in the Problems dock under a key (empty text removes it); e.g. a PAUSED exporter.
    virtual void setProblem(const QString &key, const QString &text) = 0;
    virtual void showStatus(const QString &text, int timeoutMs = 0) = 0;

    // True once the window is being destroyed: late answers must not touch it.
    bool isClosing() const { return m_closing; }
    void markClosing();

Q_SIGNALS:
    // A problem was opened (Enter or double-click in the Problems dock); `key` as given to setProblem.
    void problemActivated(const QString &key);
    void closing();

private:
    CommandRegistry m_commands;
    bool m_closing = false;
};

} // namespace sd::ui
