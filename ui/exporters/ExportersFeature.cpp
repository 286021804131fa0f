#include "ExportersFeature.h"

#include "ExporterDetailView.h"
#include "Exporters.h"
#include "ExporterSupport.h"
#include "ExportersView.h"
#include "ExporterWizard.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "ui/CommonWidgets.h"
#include "ui/Shell.h"
#include "ui/SubjectActions.h"

#include <QAction>
#include <QMenu>
#include <QPointer>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace sd::ui {

namespace {

using Model = items::RegistryTreeModel;

QString currentConnection(Shell &shell)
{
    const QModelIndex index = shell.currentTreeIndex();
    QString id = index.data(Model::ConnectionIdRole).toString();
    if (id.isEmpty() && !shell.workspace()->connectionIds().isEmpty())
        id = shell.workspace()->connectionIds().first();
    return id;
}

// The tree's exporter states into the Problems dock: every refresh of a connection's Exporters node
// (the tabs reload it when an exporter turns PAUSED) updates the entries.
void syncProblems(Shell &shell, const QString &connectionId)
{
    const Model *tree = shell.workspace()->tree();
    for (const QModelIndex &connection : tree->childRows({})) {
        if (connection.data(Model::ConnectionIdRole).toString() != connectionId)
            continue;
        for (const QModelIndex &group : tree->childRows(connection, Model::Kind::Exporters)) {
            for (const QModelIndex &exporter : tree->childRows(group)) {
                const QString name = exporter.data(Qt::DisplayRole).toString().section(u' ', 0, 0);
                const QString state = exporter.data(Model::ExporterStateRole).toString();
                if (state == u"PAUSED")
                    ExporterSupport::reportState(shell, connectionId, name, state);
                else
                    shell.setProblem(ExporterSupport::problemKey(connectionId, name), {});
            }
        }
    }
}

// Exporters create subjects (and contexts) on their destinations behind the console's back: after an
// exporter's state is read again, every other ready registry is asked for its contexts (one request),
// and one whose contexts the tree lacks, or holds empty while the server has subjects there, is
// reloaded — so an exported `.source.target` shows without a manual refresh.
void syncExportedContexts(Shell &shell, const QString &exportingConnectionId)
{
    items::RegistryWorkspace *workspace = shell.workspace();
    if (!workspace->tree()->filterText().isEmpty())
        return; // a filtered tree hides contexts and subjects: nothing to compare with
    Shell *w = &shell;
    for (const QString &id : workspace->connectionIds()) {
        const auto *connection = workspace->connection(id);
        if (id == exportingConnectionId || !connection ||
            connection->state != items::RegistryWorkspace::State::Ready || !connection->client)
            continue;
        registry::RegistryClient *client = connection->client;
        client->listContexts(w, [w, id, client = QPointer<registry::RegistryClient>(client)](
                                    const registry::Result<QStringList> &contexts) {
            items::RegistryWorkspace *ws = w->workspace();
            const auto *c = ws->connection(id);
            if (!contexts || !client || !c || c->state != items::RegistryWorkspace::State::Ready ||
                !ws->tree()->filterText().isEmpty())
                return;
            QStringList emptyInTree;
            for (const QString &context : contexts.value) {
                const QModelIndex node = ws->tree()->contextIndex(id, context);
                if (!node.isValid()) {
                    ws->load(id);
                    return;
                }
                if (context != u"." && ws->tree()->rowCount(node) == 0)
                    emptyInTree << context;
            }
            for (const QString &context : std::as_const(emptyInTree)) {
                registry::SubjectQuery query;
                query.subjectPrefix = u':' + context + u':';
                client->listSubjects(query, w, [w, id](const registry::Result<QStringList> &subjects) {
                    const auto *again = w->workspace()->connection(id);
                    if (subjects && !subjects.value.isEmpty() && again &&
                        again->state == items::RegistryWorkspace::State::Ready)
                        w->workspace()->load(id);
                });
            }
        });
    }
}

} // namespace

ExportersView *openExportersTab(Shell &shell, const QString &connectionId)
{
    const QString key = u"exporters:"_s + connectionId;
    if (auto *view = shell.focusOpenTab<ExportersView>(
            [&connectionId](ExportersView *open) { return open->connectionId() == connectionId; })) {
        view->refresh();
        return view;
    }
    auto *view = new ExportersView(shell, connectionId);
    const QString title =
        connectionId.isEmpty()
            ? QObject::tr("exporters: all")
            : QObject::tr("exporters: %1").arg(connectionName(shell.workspace(), connectionId));
    shell.openTab(key, view, title);
    return view;
}

ExporterDetailView *openExporterDetail(Shell &shell, const QString &connectionId, const QString &name)
{
    if (auto *view = shell.focusOpenTab<ExporterDetailView>([&](ExporterDetailView *open) {
            return open->connectionId() == connectionId && open->name() == name;
        })) {
        view->refresh();
        return view;
    }
    auto *view = new ExporterDetailView(shell, connectionId, name);
    shell.openTab(u"exporter:%1:%2"_s.arg(connectionId, name), view, QObject::tr("exporter: %1").arg(name));
    return view;
}

ExporterWizard *openExporterWizard(Shell &shell, const QString &connectionId, const QString &existingName)
{
    auto *wizard = new ExporterWizard(shell, connectionId, existingName);
    QObject::connect(
        wizard, &ExporterWizard::exporterSaved, &shell,
        [&shell](const QString &conn, const QString &name) { openExporterDetail(shell, conn, name); });
    wizard->show();
    return wizard;
}

void installExportersFeature(Shell &shell)
{
    QMenu *menu = shell.menu(u"menuExporters"_s);
    Shell *w = &shell;
    if (menu) {
        QAction *here = menu->addAction(QObject::tr("Exporters of &This Connection"), w,
                                        [w] { openExportersTab(*w, currentConnection(*w)); });
        here->setObjectName(u"actionExportersHere"_s);
        QAction *all =
            menu->addAction(QObject::tr("Exporters of &All Connections"), w, [w] { openExportersTab(*w); });
        all->setObjectName(u"actionExportersAll"_s);
        menu->addSeparator();
        QAction *create = menu->addAction(QObject::tr("&New Exporter…"), w,
                                          [w] { openExporterWizard(*w, currentConnection(*w)); });
        create->setObjectName(u"actionNewExporter"_s);
        if (QToolBar *toolBar = shell.toolBar()) {
            QAction *tool = toolBar->addAction(QObject::tr("Exporters"), w,
                                               [w] { openExportersTab(*w, currentConnection(*w)); });
            tool->setObjectName(u"actionExportersToolbar"_s);
            tool->setToolTip(QObject::tr("Schema Linking exporters of the current connection"));
        }
    }

    shell.addTreeMenuContributor([w](QMenu &treeMenu, const QModelIndex &treeIndex) {
        const QModelIndex index = treeIndex.siblingAtColumn(0);
        const auto kind = index.data(Model::KindRole).value<Model::Kind>();
        const QString connectionId = index.data(Model::ConnectionIdRole).toString();
        const bool writable = SubjectActions::canWrite(w->workspace(), connectionId);
        if (kind == Model::Kind::Exporter) {
            const QString name = index.data(Qt::DisplayRole).toString().section(u' ', 0, 0);
            treeMenu.addAction(QObject::tr("Open Exporter %1").arg(name), w,
                               [w, connectionId, name] { openExporterDetail(*w, connectionId, name); });
            if (writable)
                treeMenu.addAction(QObject::tr("Edit Exporter %1…").arg(name), w,
                                   [w, connectionId, name] { openExporterWizard(*w, connectionId, name); });
        }
        if (kind == Model::Kind::Exporters) {
            // A failed read is said on the node; reading the list again needs no reload of the tree.
            const bool failed = index.data(Model::ErrorRole).isValid();
            treeMenu
                .addAction(failed ? QObject::tr("Retry reading exporters") : QObject::tr("Refresh exporters"),
                           w, [w, connectionId] { w->workspace()->reloadExporters(connectionId); })
                ->setObjectName(u"treeReloadExporters"_s);
        }
        if (kind == Model::Kind::Exporters || kind == Model::Kind::Connection) {
            treeMenu.addAction(QObject::tr("Exporters…"), w,
                               [w, connectionId] { openExportersTab(*w, connectionId); });
            if (writable)
                treeMenu.addAction(QObject::tr("New Exporter…"), w,
                                   [w, connectionId] { openExporterWizard(*w, connectionId); });
        }
    });

    QObject::connect(shell.registryTree(), &QTreeView::activated, w, [w](const QModelIndex &treeIndex) {
        const QModelIndex index = treeIndex.siblingAtColumn(0);
        const auto kind = index.data(Model::KindRole).value<Model::Kind>();
        const QString connectionId = index.data(Model::ConnectionIdRole).toString();
        if (kind == Model::Kind::Exporter)
            openExporterDetail(*w, connectionId, index.data(Qt::DisplayRole).toString().section(u' ', 0, 0));
        else if (kind == Model::Kind::Exporters)
            openExportersTab(*w, connectionId);
    });

    QObject::connect(&shell, &Shell::problemActivated, w, [w](const QString &key) {
        QString connectionId, name;
        if (ExporterSupport::parseProblemKey(key, &connectionId, &name))
            openExporterDetail(*w, connectionId, name);
    });

    QObject::connect(shell.workspace(), &items::RegistryWorkspace::exportersChanged, w,
                     [w](const QString &connectionId) {
                         // The workspace outlives the window and may report while it is destroyed.
                         if (w->isClosing())
                             return;
                         syncProblems(*w, connectionId);
                         syncExportedContexts(*w, connectionId);
                     });
}

} // namespace sd::ui
