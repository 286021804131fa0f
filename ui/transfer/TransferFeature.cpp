#include "TransferFeature.h"

#include "CopyDialog.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "ui/Dialogs.h"
#include "ui/Shell.h"

#include <QAction>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace sd::ui {

namespace {
using Model = items::RegistryTreeModel;
using Kind = items::RegistryTreeModel::Kind;

// The subjects a tree item stands for: a connection's every subject, a context's, or one subject.
QString subjectsOf(const QModelIndex &index)
{
    switch (index.data(Model::KindRole).value<Kind>()) {
    case Kind::Context: {
        const QString context = index.data(Model::ContextRole).toString();
        return context == u"." ? u"*"_s : u':' + context + u":*"_s;
    }
    case Kind::Subject:
    case Kind::Version:
        return index.data(Model::QualifiedSubjectRole).toString();
    default:
        return u"*"_s;
    }
}

} // namespace

CopyDialog *openCopyDialog(Shell &shell, const QString &sourceConnectionId, const QString &subjects)
{
    if (shell.workspace()->connectionIds().isEmpty()) {
        Dialogs::information(shell.window(), QObject::tr("Copy subjects"),
                             QObject::tr("Open a connection first."));
        return nullptr;
    }
    auto *dialog = new CopyDialog(shell, sourceConnectionId, subjects, shell.window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void installTransferFeature(Shell &shell)
{
    auto *copy = new QAction(QObject::tr("Cop&y subjects…"), &shell);
    copy->setObjectName(u"actionCopySubjects"_s);
    copy->setToolTip(QObject::tr("Copy a registry, a context or subjects to another registry or context, "
                                 "ids kept where it allows"));
    QObject::connect(copy, &QAction::triggered, &shell, [&shell] {
        const QModelIndex index = shell.currentTreeIndex().siblingAtColumn(0);
        openCopyDialog(shell, index.data(Model::ConnectionIdRole).toString(),
                       index.isValid() ? subjectsOf(index) : QString());
    });
    if (QMenu *tools = shell.menu(u"menuTools"_s))
        tools->addAction(copy);
    shell.addTreeMenuContributor([&shell](QMenu &menu, const QModelIndex &index) {
        const auto kind = index.data(Model::KindRole).value<Kind>();
        if (kind != Kind::Connection && kind != Kind::Context && kind != Kind::Subject)
            return;
        const QString connectionId = index.data(Model::ConnectionIdRole).toString();
        const QString subjects = subjectsOf(index);
        menu.addAction(QObject::tr("Copy subjects…"), &shell,
                       [&shell, connectionId, subjects] { openCopyDialog(shell, connectionId, subjects); })
            ->setObjectName(u"treeCopySubjects"_s);
    });
}

} // namespace sd::ui
