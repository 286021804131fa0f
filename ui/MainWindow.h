#pragma once

#include "Theme.h"

#include <functional>
#include <memory>
#include <QMainWindow>
#include <QPointer>
#include <QSet>

class QActionGroup;
class QDockWidget;
class QLineEdit;
class QListWidget;
class QMenu;
class QToolBar;
class QTabWidget;
class QTableView;
class QTreeView;

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::ui {

class AppContext;
class MainWindowShell;
class RegisterView;
class Shell;
class SchemaView;
class NetworkActivityIndicator;

// The console's one window: the registry tree on the left, the open items as central tabs, the
// HTTP log and problems as bottom docks, and a status bar with the network activity. Features see it
// through shell() only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(AppContext &context, QWidget *parent = nullptr);
    ~MainWindow() override;

    AppContext &context() const { return m_context; }
    Shell &shell() const;

    QTabWidget *tabs() const { return m_tabs; }
    QTreeView *registryTree() const { return m_registryTree; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QTableView *httpLogView() const { return m_httpLogView; }
    QListWidget *problemsView() const { return m_problemsView; }
    // Fills the tree's context menu for an item (also used by tests to find the offered actions).
    void fillTreeMenu(QMenu &menu, const QModelIndex &index);

    // --- what MainWindowShell offers the feature folders
    // "menuRegistry", "menuExporters", "menuTools", "menuView", …
    QMenu *menuNamed(const QString &objectName) const;
    QToolBar *mainToolBar() const { return m_toolBar; }
    // Adds entries to the tree's context menu for items a feature cares about.
    using TreeMenuContributor = std::function<void(QMenu &menu, const QModelIndex &index)>;
    void addTreeMenuContributor(TreeMenuContributor contributor);
    // Sets a message in the Problems dock under a key (empty text removes it); e.g. a PAUSED exporter.
    void setProblem(const QString &key, const QString &text);
    NetworkActivityIndicator *networkActivity() const { return m_networkActivity; }
    QDockWidget *registryDock() const { return m_registryDock; }
    QDockWidget *httpLogDock() const { return m_httpLogDock; }
    QDockWidget *problemsDock() const { return m_problemsDock; }

    // Opens a widget as a central tab, or focuses the tab already open under the same key.
    int openTab(const QString &key, QWidget *page, const QString &title);

    void setThemeChoice(ThemeChoice choice);
    ThemeChoice themeChoice() const { return m_theme; }

    void showAbout();

    items::RegistryWorkspace *workspace() const;
    // Opens (or focuses) the schema tab of a subject; version 0 = latest.
    SchemaView *openSchema(const QString &connectionId, const QString &qualifiedSubject, int version = 0);
    // Expands the connection, its contexts, and (when filtering) the contexts with matches.
    void expandConnection(const QString &connectionId);
    // "New version" of a subject (or a new subject): an editor tab, pre-filled with the latest version.
    RegisterView *openRegister(const QString &connectionId, const QString &qualifiedSubject);
    void refreshCurrentConnection();
    // Registry → New subject…: a New version tab for a subject still to be named, in the registry (and
    // context) selected in the tree.
    void newSubject();

    // Opens the saved connections (secrets from the keychain); the tree loads each when expanded.
    void openSavedConnections();
    void addConnection();
    void manageConnections();

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void createCentralArea();
    void createDocks();
    void createMenusAndToolBar();
    void createStatusBar();
    void restoreWindowState();
    void connectWorkspace();
    void openTreeItem(const QModelIndex &index);
    void showTreeContextMenu(const QPoint &pos);
    void rememberExpansion();
    void restoreExpansion();
    QString currentConnectionId() const;
    void saveWindowState();
    void updateProblemsTitle();

    AppContext &m_context;
    MainWindowShell *m_shell; // a child, so findChild() on the window finds what features parent to it
    ThemeChoice m_theme = ThemeChoice::System;
    QTabWidget *m_tabs = nullptr;
    QTreeView *m_registryTree = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QTableView *m_httpLogView = nullptr;
    QListWidget *m_problemsView = nullptr;
    NetworkActivityIndicator *m_networkActivity = nullptr;
    QDockWidget *m_registryDock = nullptr;
    QDockWidget *m_httpLogDock = nullptr;
    QDockWidget *m_problemsDock = nullptr;
    QActionGroup *m_themeGroup = nullptr;
    QToolBar *m_toolBar = nullptr;
    QList<TreeMenuContributor> m_treeMenuContributors;
    items::RegistryWorkspace *m_workspace = nullptr;
    QAction *m_showDeleted = nullptr;
    QSet<QString> m_expanded; // "connectionId|context" of expanded nodes, kept across model resets
};

} // namespace sd::ui
