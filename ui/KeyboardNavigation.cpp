#include "KeyboardNavigation.h"

#include "items/RegistryTreeModel.h"
#include "MainWindow.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QDockWidget>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPointer>
#include <QShortcut>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>

namespace sd::ui {

using Model = items::RegistryTreeModel;

void focusMainWidget(QWidget *page)
{
    if (!page)
        return;
    if (page->focusProxy()) {
        page->setFocus(Qt::TabFocusReason);
        return;
    }
    // The first widget of the page's tab chain that takes keyboard focus.
    for (QWidget *w = page->nextInFocusChain(); w && w != page; w = w->nextInFocusChain()) {
        if (page->isAncestorOf(w) && (w->focusPolicy() & Qt::TabFocus) && w->isVisibleTo(page) &&
            w->isEnabled()) {
            w->setFocus(Qt::TabFocusReason);
            return;
        }
    }
    page->setFocus(Qt::TabFocusReason);
}

QModelIndex firstSubjectRow(const MainWindow &window)
{
    const QAbstractItemModel *model = window.registryTree()->model();
    // Depth-first in display order; subjects sit at depth 2 (connection → context → subject).
    for (int c = 0; c < model->rowCount(); ++c) {
        const QModelIndex connection = model->index(c, 0);
        for (int x = 0; x < model->rowCount(connection); ++x) {
            const QModelIndex context = model->index(x, 0, connection);
            if (context.data(Model::KindRole).value<Model::Kind>() != Model::Kind::Context)
                continue;
            if (model->rowCount(context) > 0)
                return model->index(0, 0, context);
        }
    }
    return {};
}

QWidget *popupTreeMenu(MainWindow &window)
{
    QTreeView *tree = window.registryTree();
    const QModelIndex current = tree->currentIndex();
    if (!current.isValid())
        return nullptr;
    auto *menu = new QMenu(&window);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->setObjectName(QStringLiteral("treeContextMenu"));
    window.fillTreeMenu(*menu, current);
    if (menu->isEmpty()) {
        delete menu;
        return nullptr;
    }
    tree->scrollTo(current);
    const QRect rect = tree->visualRect(current);
    menu->popup(tree->viewport()->mapToGlobal(rect.bottomLeft()));
    // The first entry is active, so Enter triggers it and the arrows move from there.
    menu->setActiveAction(menu->actions().constFirst());
    return menu;
}

namespace {

// Keys in the filter and on the tree that Qt does not give a meaning of their own.
class KeyRouter : public QObject
{
public:
    explicit KeyRouter(MainWindow &window)
        : QObject(&window)
        , m_window(window)
        , m_filter(window.filterEdit())
        , m_tree(window.registryTree())
    {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // Compared with the widgets kept at install time: events still arrive while the window is
        // being destroyed, when it is no longer a MainWindow to ask.
        if (watched == m_filter && event->type() == QEvent::KeyPress)
            return filterKey(static_cast<QKeyEvent *>(event));
        if (watched == m_tree && event->type() == QEvent::ContextMenu &&
            static_cast<QContextMenuEvent *>(event)->reason() == QContextMenuEvent::Keyboard) {
            popupTreeMenu(m_window); // the Menu key: the current item's menu, not the mouse's
            return true;
        }
        return false;
    }

private:
    bool filterKey(QKeyEvent *key)
    {
        QTreeView *tree = m_window.registryTree();
        switch (key->key()) {
        case Qt::Key_Down:
        case Qt::Key_Return:
        case Qt::Key_Enter: {
            // While filtering the first match; otherwise where the tree was left.
            QModelIndex target =
                m_window.filterEdit()->text().isEmpty() ? tree->currentIndex() : firstSubjectRow(m_window);
            if (!target.isValid())
                target = tree->model()->index(0, 0);
            if (target.isValid()) {
                tree->setCurrentIndex(target);
                tree->scrollTo(target);
            }
            tree->setFocus(Qt::ShortcutFocusReason);
            return true;
        }
        case Qt::Key_Escape: {
            if (m_window.filterEdit()->text().isEmpty())
                return false;
            // The current subject stays selected and in view once every subject is listed again.
            const QModelIndex current = tree->currentIndex();
            const QString connectionId = current.data(Model::ConnectionIdRole).toString();
            const QString subject = current.data(Model::QualifiedSubjectRole).toString();
            m_window.filterEdit()->clear();
            if (!subject.isEmpty()) {
                auto *model = static_cast<Model *>(tree->model());
                const QModelIndex again = model->subjectIndex(connectionId, subject);
                if (again.isValid()) {
                    tree->setCurrentIndex(again);
                    tree->scrollTo(again);
                }
            }
            return true;
        }
        default:
            return false;
        }
    }

    MainWindow &m_window;
    QPointer<QObject> m_filter;
    QPointer<QObject> m_tree;
};

void switchTab(QTabWidget *tabs, int step)
{
    const int count = tabs->count();
    if (count < 2)
        return;
    tabs->setCurrentIndex((tabs->currentIndex() + step + count) % count);
    focusMainWidget(tabs->currentWidget());
}

} // namespace

void installKeyboardNavigation(MainWindow &window)
{
    QTabWidget *tabs = window.tabs();
    QObject::connect(tabs, &QTabWidget::currentChanged, &window, [tabs](int) {
        // After the tab is shown, so that its widgets can take focus.
        QPointer<QWidget> page = tabs->currentWidget();
        QTimer::singleShot(0, tabs, [page] {
            if (page && page->isVisible())
                focusMainWidget(page);
        });
    });

    auto *next = new QAction(QObject::tr("Ne&xt tab"), &window);
    next->setObjectName(QStringLiteral("actionNextTab"));
    next->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Tab), QKeySequence(Qt::CTRL | Qt::Key_PageDown)});
    next->setShortcutContext(Qt::WindowShortcut);
    QObject::connect(next, &QAction::triggered, tabs, [tabs] { switchTab(tabs, 1); });
    auto *previous = new QAction(QObject::tr("Pre&vious tab"), &window);
    previous->setObjectName(QStringLiteral("actionPreviousTab"));
    previous->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab),
                            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab),
                            QKeySequence(Qt::CTRL | Qt::Key_PageUp)});
    previous->setShortcutContext(Qt::WindowShortcut);
    QObject::connect(previous, &QAction::triggered, tabs, [tabs] { switchTab(tabs, -1); });
    window.addAction(next);
    window.addAction(previous);
    if (QMenu *view = window.menuNamed(QStringLiteral("menuView"))) {
        view->addSeparator();
        view->addAction(next);
        view->addAction(previous);
    }

    // The Problems dock by keyboard: shown, raised and focused on its first entry (Enter opens it).
    auto *problems = new QAction(QObject::tr("Go to &problems"), &window);
    problems->setObjectName(QStringLiteral("actionGoToProblems"));
    problems->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    problems->setShortcutContext(Qt::WindowShortcut);
    QObject::connect(problems, &QAction::triggered, &window, [&window] {
        window.problemsDock()->show();
        window.problemsDock()->raise();
        QListWidget *list = window.problemsView();
        if (list->currentRow() < 0 && list->count() > 0)
            list->setCurrentRow(0);
        list->setFocus(Qt::ShortcutFocusReason);
    });
    window.addAction(problems);
    if (QMenu *view = window.menuNamed(QStringLiteral("menuView")))
        view->addAction(problems);

    auto *router = new KeyRouter(window);
    window.filterEdit()->installEventFilter(router);
    window.registryTree()->installEventFilter(router);
    auto *menuKey = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F10), window.registryTree());
    menuKey->setContext(Qt::WidgetShortcut);
    QObject::connect(menuKey, &QShortcut::activated, &window, [&window] { popupTreeMenu(window); });
    window.filterEdit()->setToolTip(
        QObject::tr("Filter subjects by name. Down or Enter: to the results; Escape: clear"));
    window.filterEdit()->setAccessibleName(QObject::tr("Filter subjects"));
    window.registryTree()->setAccessibleName(QObject::tr("Registries"));
    window.registryTree()->setAccessibleDescription(
        QObject::tr("Connections, contexts, subjects and versions. Enter opens; Shift+F10 or the Menu key "
                    "opens the item's actions"));
}

} // namespace sd::ui
