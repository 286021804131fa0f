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

namespace {

// The menu entries: for the connection chosen in the tree.
void planChosenConnection(Shell &shell)
{
    if (const QString connectionId = chosenConnection(shell, QObject::tr("Plan from folder"));
        !connectionId.isEmpty())
        openPlanView(shell, connectionId);
}

void exportChosenConnectionAsTerraform(Shell &shell)
{
    if (const QString connectionId = chosenConnection(shell, QObject::tr("Export as Terraform"));
        !connectionId.isEmpty())
        exportTerraform(shell, connectionId);
}

} // namespace

void installPlanFeature(Shell &shell)
{
    QAction *planAction = featureAction(
        shell, QObject::tr("&Plan from folder…"), u"actionPlanFromFolder"_s,
        QObject::tr("Turn a folder of schema files into registrations, compatibility settings and "
                    "deletes; review, then apply"),
        [&shell] { planChosenConnection(shell); });
    QAction *terraformAction = featureAction(
        shell, QObject::tr("Export as &Terraform…"), u"actionExportTerraform"_s,
        QObject::tr("Each subject's latest schema as a file, with Confluent's Terraform provider "
                    "resources for them"),
        [&shell] { exportChosenConnectionAsTerraform(shell); });
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
        if (const QString subjects = subjectsOfTreeItem(index); subjects != u"*")
            filter.subjects = {subjects};
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
