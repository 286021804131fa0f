#include "ExporterActions.h"

#include "ExporterSupport.h"
#include "items/RegistryWorkspace.h"
#include "registry/ConnectionProfile.h"
#include "registry/RegistryClient.h"
#include "ui/Dialogs.h"
#include "ui/MainWindow.h"

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

// Calls the action, reports a refusal, reloads the tree's Exporters node.
void run(
    MainWindow &window, QWidget *parent, const QString &connectionId, const QString &title,
    std::function<registry::RequestJob *(registry::RegistryClient *, QObject *, registry::Callback<QString>)>
        call,
    Done done)
{
    registry::RegistryClient *client = window.workspace()->client(connectionId);
    if (!client) {
        finish(done, false);
        return;
    }
    QPointer<MainWindow> w(&window);
    QPointer<QWidget> p(parent);
    call(client, &window, [w, p, connectionId, title, done](const Result<QString> &r) {
        if (!r)
            Dialogs::warning(p, title, r.error.toDisplayString());
        if (w)
            w->workspace()->reloadExporters(connectionId);
        finish(done, r.ok());
    });
}

} // namespace

void pause(MainWindow &window, QWidget *parent, const QString &connectionId, const QString &name, Done done)
{
    registry::WriteConfirmation confirmation;
    if (!ExporterSupport::confirmWrite(
            parent, window.workspace(), connectionId, tr("Pause exporter"),
            tr("Pause exporter %1 on %2? It stops copying until resumed.")
                .arg(name, ExporterSupport::connectionName(window.workspace(), connectionId)),
            tr("Pause"), name, &confirmation)) {
        finish(done, false);
        return;
    }
    run(
        window, parent, connectionId, tr("Pause exporter"),
        [name, confirmation](registry::RegistryClient *c, QObject *ctx, registry::Callback<QString> cb) {
            return c->pauseLink(LinkKind::Exporter, name, ctx, cb, confirmation);
        },
        done);
}

void resume(MainWindow &window, QWidget *parent, const QString &connectionId, const QString &name, Done done)
{
    registry::WriteConfirmation confirmation;
    if (!ExporterSupport::confirmWrite(
            parent, window.workspace(), connectionId, tr("Resume exporter"),
            tr("Resume exporter %1 on %2? It continues from where it stopped.")
                .arg(name, ExporterSupport::connectionName(window.workspace(), connectionId)),
            tr("Resume"), name, &confirmation)) {
        finish(done, false);
        return;
    }
    run(
        window, parent, connectionId, tr("Resume exporter"),
        [name, confirmation](registry::RegistryClient *c, QObject *ctx, registry::Callback<QString> cb) {
            return c->resumeLink(LinkKind::Exporter, name, ctx, cb, confirmation);
        },
        done);
}

void reset(MainWindow &window, QWidget *parent, const QString &connectionId, const QString &name, Done done)
{
    registry::WriteConfirmation confirmation;
    if (!ExporterSupport::confirmWrite(
            parent, window.workspace(), connectionId, tr("Reset exporter"),
            tr("Reset exporter %1 on %2? Its offset goes back to the start: when resumed it exports every "
               "matching schema again.")
                .arg(name, ExporterSupport::connectionName(window.workspace(), connectionId)),
            tr("Reset"), name, &confirmation)) {
        finish(done, false);
        return;
    }
    run(
        window, parent, connectionId, tr("Reset exporter"),
        [name, confirmation](registry::RegistryClient *c, QObject *ctx, registry::Callback<QString> cb) {
            return c->resetLink(LinkKind::Exporter, name, ctx, cb, confirmation);
        },
        done);
}

void remove(MainWindow &window, QWidget *parent, const QString &connectionId, const QString &name, Done done)
{
    const QString where = ExporterSupport::connectionName(window.workspace(), connectionId);
    registry::WriteConfirmation confirmation;
    if (!ExporterSupport::confirmWrite(parent, window.workspace(), connectionId, tr("Delete exporter"),
                                       tr("Delete exporter %1 on %2? Copies already made stay on the "
                                          "destination; nothing is copied any more.")
                                           .arg(name, where),
                                       tr("Delete %1").arg(name), name, &confirmation)) {
        finish(done, false);
        return;
    }
    registry::RegistryClient *client = window.workspace()->client(connectionId);
    if (!client) {
        finish(done, false);
        return;
    }
    QPointer<MainWindow> w(&window);
    QPointer<QWidget> p(parent);
    client->deleteLink(LinkKind::Exporter, name, &window,
                       [w, p, connectionId, name, done](const Result<registry::Empty> &r) {
                           if (!r)
                               Dialogs::warning(p, tr("Delete exporter"), r.error.toDisplayString());
                           if (w) {
                               w->workspace()->reloadExporters(connectionId);
                               if (r)
                                   w->setProblem(ExporterSupport::problemKey(connectionId, name), {});
                           }
                           finish(done, r.ok());
                       },
                       confirmation);
}

void whilePaused(MainWindow &window, QWidget *parent, const QString &connectionId, const QString &name,
                 const QString &what, const QString &question, Change change, Done done)
{
    registry::RegistryClient *client = window.workspace()->client(connectionId);
    if (!client) {
        finish(done, false);
        return;
    }
    QPointer<MainWindow> w(&window);
    QPointer<QWidget> p(parent);
    client->getLinkStatus(
        LinkKind::Exporter, name, &window,
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

void editConfig(MainWindow &window, QWidget *parent, const QString &connectionId, const QString &name,
                Done done)
{
    registry::RegistryClient *client = window.workspace()->client(connectionId);
    if (!client) {
        finish(done, false);
        return;
    }
    QPointer<MainWindow> w(&window);
    QPointer<QWidget> p(parent);
    client->getLinkConfig(
        LinkKind::Exporter, name, &window,
        [w, p, connectionId, name, done](const Result<QMap<QString, QString>> &config) {
            if (!w || !config) {
                if (!config)
                    Dialogs::warning(p, tr("Exporter config"), config.error.toDisplayString());
                finish(done, false);
                return;
            }
            auto *dialog = new QDialog(p ? p.data() : static_cast<QWidget *>(w.data()));
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
            for (auto it = config.value.cbegin(); it != config.value.cend(); ++it) {
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
            QObject::connect(
                buttons, &QDialogButtonBox::accepted, dialog, [w, dialog, table, connectionId, name, done] {
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
                        *w, w, connectionId, name, tr("Save exporter config"),
                        tr("Save the edited config of exporter %1 on %2?")
                            .arg(name, ExporterSupport::connectionName(w->workspace(), connectionId)),
                        [w, connectionId, name, edited](const registry::WriteConfirmation &confirmation,
                                                        std::function<void(bool)> finished) {
                            w->workspace()
                                ->client(connectionId)
                                ->updateLinkConfig(
                                    LinkKind::Exporter, name, edited, w,
                                    [w, finished](const Result<QString> &r) {
                                        if (!r)
                                            Dialogs::warning(w, tr("Save exporter config"),
                                                             r.error.toDisplayString());
                                        finished(r.ok());
                                    },
                                    confirmation);
                        },
                        done);
                });
            dialog->resize(640, 360);
            dialog->open();
        });
}

} // namespace sd::ui::ExporterActions
