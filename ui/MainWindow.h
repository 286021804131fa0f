#pragma once

#include "Theme.h"

#include <QMainWindow>

class QActionGroup;
class QDockWidget;
class QLineEdit;
class QListWidget;
class QTabWidget;
class QTableView;
class QTreeView;

namespace sd::ui {

class AppSettings;
class NetworkActivityIndicator;

// The console's one window: the registry tree on the left, the open items as central tabs, the
// HTTP log and problems as bottom docks, and a status bar with the network activity (ui-map.md).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(AppSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    QTabWidget *tabs() const { return m_tabs; }
    QTreeView *registryTree() const { return m_registryTree; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QTableView *httpLogView() const { return m_httpLogView; }
    QListWidget *problemsView() const { return m_problemsView; }
    NetworkActivityIndicator *networkActivity() const { return m_networkActivity; }
    QDockWidget *registryDock() const { return m_registryDock; }
    QDockWidget *httpLogDock() const { return m_httpLogDock; }
    QDockWidget *problemsDock() const { return m_problemsDock; }

    // Opens a widget as a central tab, or focuses the tab already open under the same key.
    int openTab(const QString &key, QWidget *page, const QString &title);

    void setThemeChoice(ThemeChoice choice);
    ThemeChoice themeChoice() const { return m_theme; }

    void showAbout();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createCentralArea();
    void createDocks();
    void createMenusAndToolBar();
    void createStatusBar();
    void restoreWindowState();
    void saveWindowState();

    AppSettings &m_settings;
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
};

} // namespace sd::ui
