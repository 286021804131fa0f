#include "ExporterActions.h"

#include "ExporterSupport.h"
#include "items/RegistryWorkspace.h"
#include "registry/ConnectionProfile.h"
#include "registry/RegistryClient.h"
#include "ui/CommonWidgets.h"
#include "ui/Dialogs.h"
#include "ui/Shell.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using sd::registry::LinkKind;
using sd::registry::Result;

namespace sd::ui::ExporterActions {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("sd::ui::ExporterActions", text);
}

void finish(const Done &done, bool ok)
{
    if (done)
        done(ok);
}

// Issues the request with `context`, then calls `answered` with its error (none on success).
// The connection's client; null, after `done(false)`, when the connection is closed.
registry::RegistryClient *openClient(Shell &shell, const QString &connectionId, const Done &done)
{
    registry::RegistryClient *client = shell.workspace()->client(connectionId);
    if (!client)
        finish(done, false);
    return client;
}

using Send = std::function<void(registry::RegistryClient *client, QObject *context,
                                const registry::WriteConfirmation &confirmation,
                                std::function<void(const registry::ApiError &)> answered)>;

// Asks `question` (%1 the exporter, %2 its registry), then sends the change; reports a refusal, reloads
// the tree's Exporters node and calls `done`.
void confirmThenSend(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name,
                     const QString &title, const QString &question, const QString &acceptLabel,
                     const Send &send, Done done)
{
    registry::WriteConfirmation confirmation;
    if (!ExporterSupport::confirmWrite(parent, shell.workspace(), connectionId, title,
                                       question.arg(name, connectionName(shell.workspace(), connectionId)),
                                       acceptLabel, name, &confirmation)) {
        finish(done, false);
        return;
    }
    registry::RegistryClient *client = openClient(shell, connectionId, done);
    if (!client)
        return;
    QPointer<Shell> w(&shell);
    QPointer<QWidget> p(parent);
    send(client, &shell, confirmation, [w, p, connectionId, title, done](const registry::ApiError &error) {
        if (error.isError())
            Dialogs::warning(p, title, error.toDisplayString());
        if (w)
            w->workspace()->reloadExporters(connectionId);
        finish(done, !error.isError());
    });
}

using StateCall = registry::RequestJob *(registry::RegistryClient::*)(LinkKind, const QString &, QObject *,
                                                                      registry::Callback<QString>,
                                                                      const registry::WriteConfirmation &);

void changeState(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name,
                 const QString &title, const QString &question, const QString &acceptLabel, StateCall call,
                 Done done)
{
    const Send send = [name, call](registry::RegistryClient *client, QObject *context,
                                   const registry::WriteConfirmation &confirmation,
                                   std::function<void(const registry::ApiError &)> answered) {
        (client->*call)(
            LinkKind::Exporter, name, context, [answered](const Result<QString> &r) { answered(r.error); },
            confirmation);
    };
    confirmThenSend(shell, parent, connectionId, name, title, question, acceptLabel, send, std::move(done));
}

} // namespace

void pause(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name, Done done)
{
    changeState(shell, parent, connectionId, name, tr("Pause exporter"),
                tr("Pause exporter %1 on %2? It stops copying until resumed."), tr("Pause"),
                &registry::RegistryClient::pauseLink, done);
}

void resume(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name, Done done)
{
    changeState(shell, parent, connectionId, name, tr("Resume exporter"),
                tr("Resume exporter %1 on %2? It continues from where it stopped."), tr("Resume"),
                &registry::RegistryClient::resumeLink, done);
}

void reset(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name, Done done)
{
    changeState(
        shell, parent, connectionId, name, tr("Reset exporter"),
        tr("Reset exporter %1 on %2? Its offset goes back to the start: when resumed it exports every "
           "matching schema again."),
        tr("Reset"), &registry::RegistryClient::resetLink, done);
}

void remove(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name, Done done)
{
    const Send send = [name](registry::RegistryClient *client, QObject *context,
                             const registry::WriteConfirmation &confirmation,
                             std::function<void(const registry::ApiError &)> answered) {
        client->deleteLink(
            LinkKind::Exporter, name, context,
            [answered](const Result<registry::Empty> &r) { answered(r.error); }, confirmation);
    };
    // A deleted exporter is no longer a problem.
    QPointer<Shell> w(&shell);
    const Done removed = [w, connectionId, name, done](bool ok) {
        if (ok && w)
            w->setProblem(ExporterSupport::problemKey(connectionId, name), {});
        finish(done, ok);
    };
    confirmThenSend(shell, parent, connectionId, name, tr("Delete exporter"),
                    tr("Delete exporter %1 on %2? Copies already made stay on the destination; nothing is "
                       "copied any more."),
                    tr("Delete %1").arg(name), send, removed);
}

void whilePaused(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name,
                 const QString &what, const QString &question, Change change, Done done)
{
    registry::RegistryClient *client = openClient(shell, connectionId, done);
    if (!client)
        return;
    QPointer<Shell> w(&shell);
    QPointer<QWidget> p(parent);
    client->getLinkStatus(
        LinkKind::Exporter, name, &shell,
        [w, p, connectionId, name, what, question, change,
         done](const Result<registry::ExporterStatus> &status) {
            if (!w || !status) {
                if (!status)
                    Dialogs::warning(p, what, status.error.toDisplayString());
                finish(done, false);
                return;
            }
            // Asked always (typed on a protected connection): saving a paused exporter is a change too.
            const bool running = status.value.state != u"PAUSED";
            registry::WriteConfirmation confirmation;
            const QString text = running ? question + u"\n\n"_s +
                                               tr("Exporter %1 is %2. The registry changes an exporter only "
                                                  "while it is paused: it is paused, changed and resumed.")
                                                   .arg(name, status.value.state)
                                         : question;
            if (!ExporterSupport::confirmWrite(p, w->workspace(), connectionId, what, text,
                                               running ? tr("Pause, save and resume") : tr("Save"), name,
                                               &confirmation)) {
                finish(done, false);
                return;
            }
            auto apply = [w, p, connectionId, name, what, change, done, running, confirmation] {
                change(confirmation, [w, p, connectionId, name, what, done, running, confirmation](bool ok) {
                    if (!w) {
                        finish(done, ok);
                        return;
                    }
                    if (!running) {
                        w->workspace()->reloadExporters(connectionId);
                        finish(done, ok);
                        return;
                    }
                    // Resume even after a failed save: it was running before we paused it.
                    w->workspace()
                        ->client(connectionId)
                        ->resumeLink(
                            LinkKind::Exporter, name, w,
                            [w, p, what, connectionId, ok, done](const Result<QString> &r) {
                                if (!r)
                                    Dialogs::warning(p, what, r.error.toDisplayString());
                                if (w)
                                    w->workspace()->reloadExporters(connectionId);
                                finish(done, ok && r.ok());
                            },
                            confirmation);
                });
            };
            if (!running) {
                apply();
                return;
            }
            w->workspace()
                ->client(connectionId)
                ->pauseLink(
                    LinkKind::Exporter, name, w,
                    [p, what, apply, done](const Result<QString> &r) {
                        if (!r) {
                            Dialogs::warning(p, what, r.error.toDisplayString());
                            finish(done, false);
                            return;
                        }
                        apply();
                    },
                    confirmation);
        });
}

namespace {

// The key/value editor of an exporter's config; Save changes it while paused (whilePaused).
void showConfigDialog(QPointer<Shell> w, QWidget *parent, const QString &connectionId, const QString &name,
                      const QMap<QString, QString> &config, Done done)
{
    auto *dialog = new QDialog(parent ? parent : w->window());
    dialog->setObjectName(u"exporterConfigDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Config of exporter %1").arg(name));
    auto *layout = new QVBoxLayout(dialog);
    auto *hint = new QLabel(tr("Keys the exporter sends to its destination (schema.registry.url, "
                               "basic.auth.user.info, …). Secrets are shown as typed by the server."),
                            dialog);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    auto *table = new QTableWidget(0, 2, dialog);
    table->setObjectName(u"configTable"_s);
    table->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    table->horizontalHeader()->setStretchLastSection(true);
    for (auto it = config.cbegin(); it != config.cend(); ++it) {
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(it.key()));
        table->setItem(row, 1, new QTableWidgetItem(it.value()));
    }
    layout->addWidget(table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, dialog);
    QPushButton *add = buttons->addButton(tr("Add key"), QDialogButtonBox::ActionRole);
    QObject::connect(add, &QPushButton::clicked, table, [table] {
        table->insertRow(table->rowCount());
        table->editItem(nullptr);
    });
    layout->addWidget(buttons);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    QObject::connect(buttons, &QDialogButtonBox::accepted, dialog,
                     [w, dialog, table, connectionId, name, done] {
                         QMap<QString, QString> edited;
                         for (int row = 0; row < table->rowCount(); ++row) {
                             const QTableWidgetItem *key = table->item(row, 0);
                             const QTableWidgetItem *value = table->item(row, 1);
                             if (key && !key->text().trimmed().isEmpty())
                                 edited.insert(key->text().trimmed(), value ? value->text() : QString());
                         }
                         dialog->accept();
                         if (!w)
                             return;
                         whilePaused(
                             *w, w->window(), connectionId, name, tr("Save exporter config"),
                             tr("Save the edited config of exporter %1 on %2?")
                                 .arg(name, connectionName(w->workspace(), connectionId)),
                             [w, connectionId, name, edited](const registry::WriteConfirmation &confirmation,
                                                             std::function<void(bool)> finished) {
                                 w->workspace()
                                     ->client(connectionId)
                                     ->updateLinkConfig(
                                         LinkKind::Exporter, name, edited, w,
                                         [w, finished](const Result<QString> &r) {
                                             if (!r)
                                                 Dialogs::warning(w->window(), tr("Save exporter config"),
                                                                  r.error.toDisplayString());
                                             finished(r.ok());
                                         },
                                         confirmation);
                             },
                             done);
                     });
    dialog->resize(640, 360);
    dialog->open();
}

} // namespace

void editConfig(Shell &shell, QWidget *parent, const QString &connectionId, const QString &name, Done done)
{
    registry::RegistryClient *client = openClient(shell, connectionId, done);
    if (!client)
        return;
    client->getLinkConfig(LinkKind::Exporter, name, &shell,
                          [w = QPointer<Shell>(&shell), p = QPointer<QWidget>(parent), connectionId, name,
                           done](const Result<QMap<QString, QString>> &config) {
                              if (w && config) {
                                  showConfigDialog(w, p, connectionId, name, config.value, done);
                                  return;
                              }
                              if (!config)
                                  Dialogs::warning(p, tr("Exporter config"), config.error.toDisplayString());
                              finish(done, false);
                          });
}

} // namespace sd::ui::ExporterActions
