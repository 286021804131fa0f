#include "ModesFeature.h"

#include "BulkView.h"
#include "FindSubjectView.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "ModesUi.h"
#include "ModesView.h"
#include "OverviewView.h"
#include "ui/Commands.h"
#include "ui/CommonWidgets.h"
#include "ui/Shell.h"

#include <QAction>
#include <QMenu>
#include <QTabWidget>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace sd::ui {

namespace {

using Model = items::RegistryTreeModel;

template<typename View> View *existingTab(Shell &shell, const QString &key)
{
    return shell.focusOpenTab<View>(
        [&key](View *view) { return view->property("sdTabKey").toString() == key; });
}

// The one tab of a tool (made on first use), brought to the front; `existed` says whether it was open.
template<typename View> View *singleTab(Shell &shell, const QString &key, const QString &title, bool *existed)
{
    if (View *view = existingTab<View>(shell, key)) {
        *existed = true;
        return view;
    }
    *existed = false;
    auto *view = new View(shell);
    shell.openTab(key, view, title);
    return view;
}

QString currentConnection(Shell &shell)
{
    const QModelIndex current = shell.currentTreeIndex();
    if (current.isValid())
        return current.data(Model::ConnectionIdRole).toString();
    const QStringList ids = shell.workspace()->connectionIds();
    return ids.isEmpty() ? QString() : ids.first();
}

} // namespace

ModesView *openModes(Shell &shell, const QString &connectionId, const modes::Level &level)
{
    if (connectionId.isEmpty() || !shell.workspace()->connection(connectionId))
        return nullptr;
    const QString key = u"modes:"_s + connectionId;
    ModesView *view = existingTab<ModesView>(shell, key);
    if (!view) {
        view = new ModesView(shell, connectionId);
        shell.openTab(key, view,
                      QObject::tr("Modes: %1").arg(connectionName(shell.workspace(), connectionId)));
    }
    if (level.kind == modes::Level::Kind::Subject)
        view->showSubject(level.subject);
    else
        view->selectLevel(level);
    return view;
}

OverviewView *openOverview(Shell &shell)
{
    bool existed = false;
    auto *view = singleTab<OverviewView>(shell, u"overview"_s, QObject::tr("Registry overview"), &existed);
    if (existed)
        view->refresh(); // a new one refreshes itself
    return view;
}

BulkView *openBulk(Shell &shell)
{
    bool existed = false;
    return singleTab<BulkView>(shell, u"bulk-settings"_s, QObject::tr("Bulk settings"), &existed);
}

FindSubjectView *openFindSubject(Shell &shell)
{
    bool existed = false;
    return singleTab<FindSubjectView>(shell, u"find-subject"_s, QObject::tr("Find subject"), &existed);
}

void installModesFeature(Shell &shell)
{
    Shell *w = &shell;
    if (QMenu *registry = shell.menu(u"menuRegistry"_s)) {
        registry->addSeparator();
        QAction *modesAction = registry->addAction(QObject::tr("M&odes && compatibility…"), w,
                                                   [w] { openModes(*w, currentConnection(*w)); });
        modesAction->setObjectName(u"actionModes"_s);
    }
    if (QMenu *tools = shell.menu(u"menuTools"_s)) {
        tools->addAction(QObject::tr("Registry &overview"), w, [w] { openOverview(*w); })
            ->setObjectName(u"actionRegistryOverview"_s);
        tools->addAction(QObject::tr("&Bulk settings and checks…"), w, [w] { openBulk(*w); })
            ->setObjectName(u"actionBulkSettings"_s);
        tools->addAction(QObject::tr("Find sub&ject in all connections…"), w, [w] { openFindSubject(*w); })
            ->setObjectName(u"actionFindSubject"_s);
    }
    shell.addTreeMenuContributor([w](QMenu &menu, const QModelIndex &treeIndex) {
        const QModelIndex index = treeIndex.siblingAtColumn(0);
        const auto kind = index.data(Model::KindRole).value<Model::Kind>();
        const QString id = index.data(Model::ConnectionIdRole).toString();
        modes::Level level = modes::Level::global();
        if (kind == Model::Kind::Context)
            level = modes::Level::ofContext(index.data(Model::ContextRole).toString());
        else if (kind == Model::Kind::Subject)
            level = modes::Level::ofSubject(index.data(Model::QualifiedSubjectRole).toString());
        else if (kind != Model::Kind::Connection)
            return;
        menu.addSeparator();
        menu.addAction(QObject::tr("Modes && compatibility…"), w,
                       [w, id, level] { openModes(*w, id, level); })
            ->setObjectName(u"treeModes"_s);
        if (kind == Model::Kind::Subject || kind == Model::Kind::Context)
            menu.addAction(QObject::tr("Bulk settings for the selection…"), w,
                           [w] {
                               BulkView *view = openBulk(*w);
                               view->addTreeSelection();
                           })
                ->setObjectName(u"treeBulkSettings"_s);
    });
    shell.commands().add(commands::openModes, [w](const QVariantMap &arguments) {
        const QString subject = arguments.value(u"subject"_s).toString();
        openModes(*w, arguments.value(u"connectionId"_s).toString(),
                  subject.isEmpty() ? modes::Level::global() : modes::Level::ofSubject(subject));
    });
}

} // namespace sd::ui
