#include "PlanFeature.h"

#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "plan/TerraformExport.h"
#include "PlanView.h"
#include "ui/CommonWidgets.h"
#include "ui/Dialogs.h"
#include "ui/Shell.h"

#include <QAction>
#include <QFileDialog>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace sd::ui {

namespace {

using Model = items::RegistryTreeModel;
using Kind = items::RegistryTreeModel::Kind;

// The connection selected in the tree, else the first open one; empty (and said so) when none is open.
QString chosenConnection(Shell &shell, const QString &title)
{
    QString connectionId = shell.currentTreeIndex().data(Model::ConnectionIdRole).toString();
    if (connectionId.isEmpty() && shell.workspace() && !shell.workspace()->connectionIds().isEmpty())
        connectionId = shell.workspace()->connectionIds().constFirst();
    if (connectionId.isEmpty())
        Dialogs::information(shell.window(), title, QObject::tr("Open a connection first."));
    return connectionId;
}

} // namespace

PlanView *openPlanView(Shell &shell, const QString &connectionId, const QString &folder)
{
    auto *view = shell.focusOpenTab<PlanView>([&](PlanView *v) { return v->connectionId() == connectionId; });
    if (!view) {
        view = new PlanView(shell, connectionId);
        shell.openTab(u"plan:"_s + connectionId, view,
                      QObject::tr("Plan: %1").arg(connectionName(shell.workspace(), connectionId)));
    }
    if (!folder.isEmpty()) {
        view->setFolder(folder);
        view->runPlan();
    }
    return view;
}

plan::TerraformExport *exportTerraform(Shell &shell, const QString &connectionId,
                                       const diff::SubjectMapping &filter, QString directory)
{
    registry::RegistryClient *client = shell.workspace() ? shell.workspace()->client(connectionId) : nullptr;
    if (!client)
        return nullptr;
    if (directory.isEmpty())
        directory =
            QFileDialog::getExistingDirectory(shell.window(), QObject::tr("Export as Terraform into"));
    if (directory.isEmpty())
        return nullptr;
    auto *job = new plan::TerraformExport(client, &shell);
    QObject::connect(job, &plan::TerraformExport::finished, &shell, [&shell, job](bool ok) {
        if (ok)
            Dialogs::information(shell.window(), QObject::tr("Exported as Terraform"),
                                 QObject::tr("%n subject(s) written with %1 beside their schema files.",
                                             nullptr, job->subjectCount())
                                     .arg(job->configurationPath()));
        else
            Dialogs::warning(shell.window(), QObject::tr("Terraform export failed"), job->errorText());
        job->deleteLater();
    });
    job->start(directory, filter);
    return job;
}

void installPlanFeature(Shell &shell)
{
    auto *planAction = new QAction(QObject::tr("&Plan from folder…"), &shell);
    planAction->setObjectName(u"actionPlanFromFolder"_s);
    planAction->setToolTip(QObject::tr("Turn a folder of schema files into registrations, compatibility "
                                       "settings and deletes; review, then apply"));
    QObject::connect(planAction, &QAction::triggered, &shell, [&shell] {
        const QString connectionId = chosenConnection(shell, QObject::tr("Plan from folder"));
        if (!connectionId.isEmpty())
            openPlanView(shell, connectionId);
    });
    auto *terraformAction = new QAction(QObject::tr("Export as &Terraform…"), &shell);
    terraformAction->setObjectName(u"actionExportTerraform"_s);
    terraformAction->setToolTip(QObject::tr("Each subject's latest schema as a file, with Confluent's "
                                            "Terraform provider resources for them"));
    QObject::connect(terraformAction, &QAction::triggered, &shell, [&shell] {
        const QString connectionId = chosenConnection(shell, QObject::tr("Export as Terraform"));
        if (!connectionId.isEmpty())
            exportTerraform(shell, connectionId);
    });
    if (QMenu *registry = shell.menu(u"menuRegistry"_s)) {
        registry->addAction(planAction);
        registry->addAction(terraformAction);
    }

    shell.addTreeMenuContributor([&shell](QMenu &menu, const QModelIndex &index) {
        const auto kind = index.data(Model::KindRole).value<Kind>();
        if (kind != Kind::Connection && kind != Kind::Context)
            return;
        const QString connectionId = index.data(Model::ConnectionIdRole).toString();
        diff::SubjectMapping filter;
        const QString context = index.data(Model::ContextRole).toString();
        if (kind == Kind::Context && context != u".")
            filter.subjects = {u':' + context + u":*"_s};
        if (kind == Kind::Connection) // a plan covers the contexts the folder has files for
            menu.addAction(QObject::tr("Plan from folder…"), &shell,
                           [&shell, connectionId] { openPlanView(shell, connectionId); })
                ->setObjectName(u"treePlanFromFolder"_s);
        menu.addAction(QObject::tr("Export as Terraform…"), &shell,
                       [&shell, connectionId, filter] { exportTerraform(shell, connectionId, filter); })
            ->setObjectName(u"treeExportTerraform"_s);
    });
}

} // namespace sd::ui
