#include "SubjectActions.h"

#include "CommonWidgets.h"
#include "Dialogs.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"

#include <optional>
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

// Asks (typed: the subject, on a protected connection), then deletes a version or, without one, the
// whole subject; a permanent subject delete takes the subject out of the tree.
void deleteAfterAsking(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                       const QString &subject, std::optional<int> version, bool permanent,
                       const QString &title, const QString &text, const QString &acceptLabel,
                       const Done &done)
{
    registry::WriteConfirmation confirmation;
    if (!confirmChangeOn(parent, workspace, connectionId, title, text, acceptLabel, subject, &confirmation))
        return;
    QPointer<QWidget> guard(parent);
    registry::RegistryClient *client = workspace->client(connectionId);
    if (version) {
        client->deleteVersion(
            subject, QString::number(*version), permanent, workspace,
            [=](const Result<int> &r) {
                finish(guard, workspace, connectionId, subject, QObject::tr("Version not deleted"), r, done);
            },
            confirmation);
        return;
    }
    client->deleteSubject(
        subject, permanent, workspace,
        [=](const Result<QList<int>> &r) {
            finish(guard, workspace, connectionId, subject, QObject::tr("Subject not deleted"), r, done,
                   permanent);
        },
        confirmation);
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
            .arg(subject, connectionName(workspace, connectionId));
    deleteAfterAsking(parent, workspace, connectionId, subject, version, false,
                      QObject::tr("Soft-delete a version"), text, QObject::tr("Soft-delete"), done);
}

void permanentlyDeleteVersion(QWidget *parent, items::RegistryWorkspace *workspace,
                              const QString &connectionId, const QString &subject, int version, Done done)
{
    const QString text =
        QObject::tr("Permanently delete version %1 of %2 on %3?\n\nThis cannot be undone: the schema "
                    "text of this version is removed, and readers that still use its id fail.")
            .arg(version)
            .arg(subject, connectionName(workspace, connectionId));
    deleteAfterAsking(parent, workspace, connectionId, subject, version, true,
                      QObject::tr("Delete a version permanently"), text, QObject::tr("Delete permanently"),
                      done);
}

void softDeleteSubject(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                       const QString &subject, Done done)
{
    const QString text =
        QObject::tr("Soft-delete the subject %1 on %2, with all its versions?\n\nIt disappears from "
                    "listings; its schemas still resolve by id. Delete it permanently afterwards to "
                    "remove it for good.")
            .arg(subject, connectionName(workspace, connectionId));
    deleteAfterAsking(parent, workspace, connectionId, subject, std::nullopt, false,
                      QObject::tr("Soft-delete a subject"), text, QObject::tr("Soft-delete"), done);
}

void permanentlyDeleteSubject(QWidget *parent, items::RegistryWorkspace *workspace,
                              const QString &connectionId, const QString &subject, Done done)
{
    const QString text =
        QObject::tr("Permanently delete the subject %1 on %2?\n\nAll its versions, and its own "
                    "compatibility and mode settings, are removed. This cannot be undone.")
            .arg(subject, connectionName(workspace, connectionId));
    deleteAfterAsking(parent, workspace, connectionId, subject, std::nullopt, true,
                      QObject::tr("Delete a subject permanently"), text, QObject::tr("Delete permanently"),
                      done);
}

} // namespace sd::ui::SubjectActions
