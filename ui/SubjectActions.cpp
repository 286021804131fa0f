#include "SubjectActions.h"

#include "Dialogs.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"

#include <QObject>
#include <QPointer>
#include <QWidget>

namespace sd::ui::SubjectActions {

using registry::Result;

bool canWrite(items::RegistryWorkspace *workspace, const QString &connectionId)
{
    const auto *connection = workspace ? workspace->connection(connectionId) : nullptr;
    return connection && !connection->profile.readOnly;
}

namespace {

bool ask(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
         const QString &title, const QString &text, const QString &acceptLabel, const QString &subject,
         registry::WriteConfirmation *confirmation)
{
    const auto *connection = workspace->connection(connectionId);
    return Dialogs::confirmChange(parent, connection ? &connection->profile : nullptr, title, text,
                                  acceptLabel, subject, confirmation);
}

QString registryName(items::RegistryWorkspace *workspace, const QString &connectionId)
{
    const auto *connection = workspace->connection(connectionId);
    return connection ? connection->profile.name : connectionId;
}

template<typename T>
void finish(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
            const QString &subject, const QString &failureTitle, const Result<T> &r, const Done &done,
            bool subjectGone = false)
{
    if (!r) {
        Dialogs::warning(parent, failureTitle, r.error.toDisplayString());
        if (done)
            done(false);
        return;
    }
    if (subjectGone)
        workspace->tree()->removeSubject(connectionId, subject);
    else
        workspace->loadVersions(connectionId, subject);
    if (done)
        done(true);
}

} // namespace

void softDeleteVersion(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                       const QString &subject, int version, Done done)
{
    const QString text =
        QObject::tr("Soft-delete version %1 of %2 on %3?\n\nThe version disappears from listings and "
                    "compatibility checks; readers that know its id still resolve it. You can recover "
                    "it by registering the same schema again, or delete it permanently afterwards.")
            .arg(version)
            .arg(subject, registryName(workspace, connectionId));
    registry::WriteConfirmation confirmation;
    if (!ask(parent, workspace, connectionId, QObject::tr("Soft-delete a version"), text,
             QObject::tr("Soft-delete"), subject, &confirmation))
        return;
    QPointer<QWidget> guard(parent);
    workspace->client(connectionId)
        ->deleteVersion(
            subject, QString::number(version), false, workspace,
            [=](const Result<int> &r) {
                finish(guard, workspace, connectionId, subject, QObject::tr("Version not deleted"), r, done);
            },
            confirmation);
}

void permanentlyDeleteVersion(QWidget *parent, items::RegistryWorkspace *workspace,
                              const QString &connectionId, const QString &subject, int version, Done done)
{
    const QString text =
        QObject::tr("Permanently delete version %1 of %2 on %3?\n\nThis cannot be undone: the schema "
                    "text of this version is removed, and readers that still use its id fail.")
            .arg(version)
            .arg(subject, registryName(workspace, connectionId));
    registry::WriteConfirmation confirmation;
    if (!ask(parent, workspace, connectionId, QObject::tr("Delete a version permanently"), text,
             QObject::tr("Delete permanently"), subject, &confirmation))
        return;
    QPointer<QWidget> guard(parent);
    workspace->client(connectionId)
        ->deleteVersion(
            subject, QString::number(version), true, workspace,
            [=](const Result<int> &r) {
                finish(guard, workspace, connectionId, subject, QObject::tr("Version not deleted"), r, done);
            },
            confirmation);
}

void softDeleteSubject(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                       const QString &subject, Done done)
{
    const QString text =
        QObject::tr("Soft-delete the subject %1 on %2, with all its versions?\n\nIt disappears from "
                    "listings; its schemas still resolve by id. Delete it permanently afterwards to "
                    "remove it for good.")
            .arg(subject, registryName(workspace, connectionId));
    registry::WriteConfirmation confirmation;
    if (!ask(parent, workspace, connectionId, QObject::tr("Soft-delete a subject"), text,
             QObject::tr("Soft-delete"), subject, &confirmation))
        return;
    QPointer<QWidget> guard(parent);
    workspace->client(connectionId)
        ->deleteSubject(
            subject, false, workspace,
            [=](const Result<QList<int>> &r) {
                finish(guard, workspace, connectionId, subject, QObject::tr("Subject not deleted"), r, done);
            },
            confirmation);
}

void permanentlyDeleteSubject(QWidget *parent, items::RegistryWorkspace *workspace,
                              const QString &connectionId, const QString &subject, Done done)
{
    const QString text =
        QObject::tr("Permanently delete the subject %1 on %2?\n\nAll its versions, and its own "
                    "compatibility and mode settings, are removed. This cannot be undone.")
            .arg(subject, registryName(workspace, connectionId));
    registry::WriteConfirmation confirmation;
    if (!ask(parent, workspace, connectionId, QObject::tr("Delete a subject permanently"), text,
             QObject::tr("Delete permanently"), subject, &confirmation))
        return;
    QPointer<QWidget> guard(parent);
    workspace->client(connectionId)
        ->deleteSubject(
            subject, true, workspace,
            [=](const Result<QList<int>> &r) {
                finish(guard, workspace, connectionId, subject, QObject::tr("Subject not deleted"), r, done,
                       true);
            },
            confirmation);
}

} // namespace sd::ui::SubjectActions
