#include "MainWindowShell.h"

#include "MainWindow.h"
#include "PlainText.h"
#include "RegisterView.h"
#include "SchemaView.h"

#include <QStatusBar>
#include <QTabWidget>

namespace sd::ui {

MainWindowShell::MainWindowShell(MainWindow &window)
    : Shell(&window)
    , m_window(window)
{}

AppContext &MainWindowShell::context() const
{
    return m_window.context();
}

QWidget *MainWindowShell::window() const
{
    return &m_window;
}

int MainWindowShell::openTab(const QString &key, QWidget *page, const QString &title)
{
    return m_window.openTab(key, page, title);
}

QList<QWidget *> MainWindowShell::tabPages() const
{
    QList<QWidget *> pages;
    QTabWidget *tabs = m_window.tabs();
    for (int i = 0; i < tabs->count(); ++i)
        pages << tabs->widget(i);
    return pages;
}

QWidget *MainWindowShell::currentTab() const
{
    return m_window.tabs()->currentWidget();
}

void MainWindowShell::focusTab(QWidget *page)
{
    if (const int index = m_window.tabs()->indexOf(page); index >= 0)
        m_window.tabs()->setCurrentIndex(index);
}

void MainWindowShell::setTabTitle(QWidget *page, const QString &title)
{
    if (const int index = m_window.tabs()->indexOf(page); index >= 0)
        m_window.tabs()->setTabText(index, literalCaption(title));
}

QString MainWindowShell::tabTitle(QWidget *page) const
{
    return m_window.tabs()->tabText(m_window.tabs()->indexOf(page));
}

QWidget *MainWindowShell::openSchema(const QString &connectionId, const QString &qualifiedSubject,
                                     int version)
{
    return m_window.openSchema(connectionId, qualifiedSubject, version);
}

QWidget *MainWindowShell::openRegister(const QString &connectionId, const QString &qualifiedSubject)
{
    return m_window.openRegister(connectionId, qualifiedSubject);
}

void MainWindowShell::addConnection()
{
    m_window.addConnection();
}

QTreeView *MainWindowShell::registryTree() const
{
    return m_window.registryTree();
}

void MainWindowShell::expandConnection(const QString &connectionId)
{
    m_window.expandConnection(connectionId);
}

QMenu *MainWindowShell::menu(const QString &objectName) const
{
    return m_window.menuNamed(objectName);
}

QToolBar *MainWindowShell::toolBar() const
{
    return m_window.mainToolBar();
}

void MainWindowShell::addWindowAction(QAction *action)
{
    m_window.addAction(action);
}

void MainWindowShell::addTreeMenuContributor(TreeMenuContributor contributor)
{
    m_window.addTreeMenuContributor(std::move(contributor));
}

void MainWindowShell::fillTreeMenu(QMenu &menu, const QModelIndex &index)
{
    m_window.fillTreeMenu(menu, index);
}

void MainWindowShell::setProblem(const QString &key, const QString &text)
{
    m_window.setProblem(key, text);
}

void MainWindowShell::showStatus(const QString &text, int timeoutMs)
{
    m_window.statusBar()->showMessage(text, timeoutMs);
}

} // namespace sd::ui
