#include "TransferFeature.h"

#include "CopyDialog.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "ui/CommonWidgets.h"
#include "ui/Dialogs.h"
#include "ui/Shell.h"

#include <QAction>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace sd::ui {

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
    QAction *copy = featureAction(
        shell, QObject::tr("Cop&y subjects…"), u"actionCopySubjects"_s,
        QObject::tr("Copy a registry, a context or subjects to another registry or context, ids kept where "
                    "it allows"),
        [&shell] {
            const QModelIndex index = shell.currentTreeIndex().siblingAtColumn(0);
            openCopyDialog(shell, index.data(items::RegistryTreeModel::ConnectionIdRole).toString(),
                           index.isValid() ? subjectsOfTreeItem(index) : QString());
        });
    if (QMenu *tools = shell.menu(u"menuTools"_s))
        tools->addAction(copy);
    shell.addTreeMenuContributor([&shell](QMenu &menu, const QModelIndex &index) {
        using Kind = items::RegistryTreeModel::Kind;
        const auto kind = index.data(items::RegistryTreeModel::KindRole).value<Kind>();
        if (kind != Kind::Connection && kind != Kind::Context && kind != Kind::Subject)
            return;
        const QString connectionId = index.data(items::RegistryTreeModel::ConnectionIdRole).toString();
        const QString subjects = subjectsOfTreeItem(index);
        menu.addAction(QObject::tr("Copy subjects…"), &shell,
                       [&shell, connectionId, subjects] { openCopyDialog(shell, connectionId, subjects); })
            ->setObjectName(u"treeCopySubjects"_s);
    });
}

} // namespace sd::ui
