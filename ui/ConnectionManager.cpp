#include "ConnectionManager.h"

#include "ConnectionDialog.h"
#include "Dialogs.h"
#include "items/RegistryWorkspace.h"
#include "registry/ConnectionStore.h"
#include "registry/SecretStore.h"

#include <optional>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

using registry::ConnectionProfile;
using registry::ConnectionSecrets;

ConnectionManager::ConnectionManager(registry::ConnectionStore *store, registry::SecretStore *secrets,
                                     items::RegistryWorkspace *workspace, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_secrets(secrets)
    , m_workspace(workspace)
{
    setObjectName(QStringLiteral("connectionManager"));
    setWindowTitle(tr("Connections"));
    resize(760, 420);
    auto *layout = new QHBoxLayout(this);
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("connectionList"));
    layout->addWidget(m_list, 1);
    auto *buttons = new QVBoxLayout;
    const auto addButton = [this, buttons](const QString &text, const QString &name, auto slot) {
        auto *button = new QPushButton(text);
        button->setObjectName(name);
        connect(button, &QPushButton::clicked, this, slot);
        buttons->addWidget(button);
        return button;
    };
    addButton(tr("&Add…"), QStringLiteral("addConnection"), [this] {
        addConnection(this, m_store, m_secrets, m_workspace);
        refresh();
    });
    addButton(tr("&Edit…"), QStringLiteral("editConnection"), forSelected(&ConnectionManager::editProfile));
    addButton(tr("D&uplicate"), QStringLiteral("duplicateConnection"),
              forSelected(&ConnectionManager::duplicateProfile));
    addButton(tr("&Remove…"), QStringLiteral("removeConnection"),
              forSelected(&ConnectionManager::removeProfile));
    addButton(tr("&Connect"), QStringLiteral("connectConnection"),
              forSelected(&ConnectionManager::connectProfile));
    buttons->addSpacing(12);
    addButton(tr("&Import…"), QStringLiteral("importConnections"), &ConnectionManager::importList);
    addButton(tr("E&xport…"), QStringLiteral("exportConnections"), &ConnectionManager::exportList);
    buttons->addStretch(1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::accept);
    buttons->addWidget(close);
    layout->addLayout(buttons);
    connect(m_list, &QListWidget::itemDoubleClicked, this, forSelected(&ConnectionManager::editProfile));
    refresh();
}

QString ConnectionManager::describe(const ConnectionProfile &profile)
{
    QStringList parts{profile.name};
    if (!profile.tag.isEmpty())
        parts << profile.tag;
    if (!profile.urls.isEmpty())
        parts << profile.urls.constFirst().toString();
    parts << registry::authTypeName(profile.authType);
    if (profile.isProtected)
        parts << tr("protected");
    if (profile.readOnly)
        parts << tr("read-only");
    if (!profile.verifyTls)
        parts << tr("TLS NOT VERIFIED");
    return parts.join(QStringLiteral(" · "));
}

void ConnectionManager::refresh()
{
    const QUuid keep = selectedId();
    m_list->clear();
    for (const ConnectionProfile &profile : m_store->profiles()) {
        auto *item = new QListWidgetItem(describe(profile), m_list);
        item->setData(Qt::UserRole, profile.id);
        if (!profile.colour.isEmpty())
            item->setData(Qt::DecorationRole, QColor(profile.colour));
        if (profile.id == keep)
            m_list->setCurrentItem(item);
    }
    if (!m_list->currentItem() && m_list->count() > 0)
        m_list->setCurrentRow(0);
}

QUuid ConnectionManager::selectedId() const
{
    const QListWidgetItem *item = m_list ? m_list->currentItem() : nullptr;
    return item ? item->data(Qt::UserRole).toUuid() : QUuid();
}

std::function<void()>
ConnectionManager::forSelected(void (ConnectionManager::*action)(const ConnectionProfile &))
{
    return [this, action] {
        // A copy: the action may change the store (and run its dialogs) while it works on the profile.
        if (const ConnectionProfile *profile = m_store->find(selectedId()))
            (this->*action)(ConnectionProfile(*profile));
    };
}

void ConnectionManager::changeStore(const QString &failureTitle, const std::function<bool(QString *)> &change)
{
    QString error;
    if (!change(&error))
        Dialogs::warning(this, failureTitle, error);
    refresh();
}

QUuid ConnectionManager::addConnection(QWidget *parent, registry::ConnectionStore *store,
                                       registry::SecretStore *secrets, items::RegistryWorkspace *workspace)
{
    ConnectionDialog dialog(parent);
    dialog.setWindowTitle(tr("Add a registry"));
    if (secrets->isMemoryOnly())
        dialog.setKeychainNote(secrets->unavailableReason());
    if (dialog.exec() != QDialog::Accepted)
        return {};
    const ConnectionProfile profile = dialog.profile();
    return saveAndConnect(parent, profile, dialog.secrets(), store, secrets, workspace) ? profile.id
                                                                                        : QUuid();
}

bool ConnectionManager::saveAndConnect(QWidget *parent, const ConnectionProfile &profile,
                                       const ConnectionSecrets &secrets, registry::ConnectionStore *store,
                                       registry::SecretStore *secretStore,
                                       items::RegistryWorkspace *workspace)
{
    const registry::ConnectionProfile *existing = store->find(profile.id);
    const std::optional<ConnectionProfile> before =
        existing ? std::optional<ConnectionProfile>(*existing) : std::nullopt;
    QString error;
    if (!store->upsert(profile, &error)) {
        Dialogs::warning(parent, tr("Connection not saved"), error);
        return false;
    }
    // What the edited connection no longer uses, or what was cleared in the form, leaves the keychain.
    const QStringList stale =
        registry::SecretStore::staleSecrets(before ? &*before : nullptr, profile, secrets);
    if (!stale.isEmpty())
        secretStore->removeAll(profile.id, stale, nullptr, {});
    for (auto it = secrets.values.cbegin(); it != secrets.values.cend(); ++it) {
        secretStore->write(profile.id, it.key(), it.value(), parent, [parent](const QString &writeError) {
            if (!writeError.isEmpty())
                Dialogs::warning(parent, tr("Secret kept in memory only"), writeError);
        });
    }
    workspace->openConnection(profile, secrets);
    return true;
}

void ConnectionManager::editProfile(const ConnectionProfile &profile)
{
    m_secrets->readSecrets(
        profile, this,
        [this, current = profile](const ConnectionSecrets &secrets, const QStringList &, const QString &) {
            ConnectionDialog dialog(this);
            dialog.setWindowTitle(tr("Edit %1").arg(current.name));
            dialog.setProfile(current, secrets);
            if (m_secrets->isMemoryOnly())
                dialog.setKeychainNote(m_secrets->unavailableReason());
            if (dialog.exec() != QDialog::Accepted)
                return;
            saveAndConnect(this, dialog.profile(), dialog.secrets(), m_store, m_secrets, m_workspace);
            refresh();
        });
}

void ConnectionManager::duplicateProfile(const ConnectionProfile &profile)
{
    ConnectionProfile copy = profile;
    copy.id = QUuid::createUuid();
    copy.name = tr("%1 (copy)").arg(profile.name);
    changeStore(tr("Connection not saved"),
                [this, &copy](QString *error) { return m_store->upsert(copy, error); });
}

void ConnectionManager::removeProfile(const ConnectionProfile &profile)
{
    const QUuid id = profile.id;
    if (!Dialogs::confirm(
            this, tr("Remove connection"),
            tr("Remove the connection “%1” (%2)?\n\nIts saved secrets are removed from the keychain too. "
               "Nothing changes on the registry itself.")
                .arg(profile.name, profile.urls.isEmpty() ? QString() : profile.urls.first().toString()),
            tr("Remove")))
        return;
    m_workspace->closeConnection(id.toString(QUuid::WithoutBraces));
    changeStore(tr("Connection not removed"),
                [this, &id](QString *error) { return m_store->remove(id, error); });
}

void ConnectionManager::connectProfile(const ConnectionProfile &profile)
{
    m_secrets->readSecrets(profile, this,
                           [this, current = profile](const ConnectionSecrets &secrets,
                                                     const QStringList &missing, const QString &) {
                               if (!missing.isEmpty()) {
                                   // Asked for once, kept in memory for this run.
                                   ConnectionDialog dialog(this);
                                   dialog.setWindowTitle(tr("Credentials for %1").arg(current.name));
                                   dialog.setProfile(current, secrets);
                                   dialog.setKeychainNote(
                                       tr("Missing from the keychain: %1").arg(missing.join(u", ")));
                                   if (dialog.exec() != QDialog::Accepted)
                                       return;
                                   m_workspace->openConnection(dialog.profile(), dialog.secrets());
                               } else {
                                   m_workspace->openConnection(current, secrets);
                               }
                               m_workspace->load(current.id.toString(QUuid::WithoutBraces));
                           });
}

void ConnectionManager::importList()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import connections"), {},
                                                      tr("SchemaDesk connections (*.json)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        Dialogs::warning(this, tr("Import failed"), file.errorString());
        return;
    }
    QString error;
    const registry::ImportReview review = m_store->reviewImport(file.readAll(), &error);
    if (!error.isEmpty()) {
        Dialogs::warning(this, tr("Import failed"), error);
        return;
    }
    // A shared list that turns certificate checks off is said before anything is added.
    if (!review.tlsVerificationOff.isEmpty() &&
        !Dialogs::confirm(this, tr("Import connections"),
                          tr("These connections turn TLS certificate verification OFF: anyone on the network "
                             "path could read and change their traffic, credentials included.\n\n%1\n\n"
                             "Import them with verification off?")
                              .arg(review.tlsVerificationOff.join(u'\n')),
                          tr("Import with verification off")))
        return;
    const int added = m_store->addImported(review.profiles, &error);
    QString summary = tr("%1 connection(s) imported, without secrets.").arg(added);
    if (!review.rejected.isEmpty())
        summary +=
            u"\n\n"_s + tr("Not imported (not usable as they are):\n%1").arg(review.rejected.join(u'\n'));
    if (!error.isEmpty())
        Dialogs::warning(this, tr("Import failed"), error);
    else
        Dialogs::information(this, tr("Import"), summary);
    refresh();
}

void ConnectionManager::exportList()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export connections"),
                                                      QStringLiteral("schemadesk-connections.json"),
                                                      tr("SchemaDesk connections (*.json)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(registry::ConnectionStore::exportProfiles(m_store->profiles())) < 0) {
        Dialogs::warning(this, tr("Export failed"), file.errorString());
        return;
    }
    Dialogs::information(this, tr("Export"),
                         tr("%1 connection(s) written to %2. Secrets are not included.")
                             .arg(m_store->profiles().size())
                             .arg(path));
}

} // namespace sd::ui
