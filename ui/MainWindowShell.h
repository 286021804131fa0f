#pragma once

#include "Shell.h"

namespace sd::ui {

class MainWindow;

// The Shell of the console's main window: what features see of it.
class MainWindowShell final : public Shell
{
    Q_OBJECT
public:
    explicit MainWindowShell(MainWindow &window);

    AppContext &context() const override;
    QWidget *window() const override;
    int openTab(const QString &key, QWidget *page, const QString &title) override;
    QList<QWidget *> tabPages() const override;
    QWidget *currentTab() const override;
    void focusTab(QWidget *page) override;
    void setTabTitle(QWidget *page, const QString &title) override;
    QString tabTitle(QWidget *page) const override;
    QWidget *openSchema(const QString &connectionId, const QString &qualifiedSubject, int version) override;
    QWidget *openRegister(const QString &connectionId, const QString &qualifiedSubject) override;
    void addConnection() override;
    QTreeView *registryTree() const override;
    void expandConnection(const QString &connectionId) override;
    QMenu *menu(const QString &objectName) const override;
    QToolBar *toolBar() const override;
    void addWindowAction(QAction *action) override;
    void addTreeMenuContributor(TreeMenuContributor contributor) override;
    void fillTreeMenu(QMenu &menu, const QModelIndex &index) override;
    void setProblem(const QString &key, const QString &text) override;
    void showStatus(const QString &text, int timeoutMs) override;

private:
    MainWindow &m_window;
};

} // namespace sd::ui
