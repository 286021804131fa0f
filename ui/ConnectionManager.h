#pragma once

#include <functional>
#include <QDialog>
#include <QUuid>

class QListWidget;
class QPushButton;

namespace sd::registry {
class ConnectionStore;
class SecretStore;
struct ConnectionProfile;
struct ConnectionSecrets;
} // namespace sd::registry

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::ui {

class ConnectionDialog;

// Registry → Manage connections: the saved profiles with their colour, tag, TLS and protection state;
// add, edit, duplicate, remove, test, import and export (lists without secrets), and connect.
class ConnectionManager : public QDialog
{
    Q_OBJECT
public:
    ConnectionManager(registry::ConnectionStore *store, registry::SecretStore *secrets,
                      items::RegistryWorkspace *workspace, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    void refresh();

    // Opens the form for a new profile; on OK saves it, stores its secrets and connects.
    // Returns the new profile's id, or a null id when cancelled.
    static QUuid addConnection(QWidget *parent, registry::ConnectionStore *store,
                               registry::SecretStore *secrets, items::RegistryWorkspace *workspace);
    // Saves a profile and its secrets, and (re)opens it in the workspace.
    static bool saveAndConnect(QWidget *parent, const registry::ConnectionProfile &profile,
                               const registry::ConnectionSecrets &secrets, registry::ConnectionStore *store,
                               registry::SecretStore *secrets_, items::RegistryWorkspace *workspace);

    // Describes a profile in one line: "prod · production · https://… · protected · TLS NOT VERIFIED".
    static QString describe(const registry::ConnectionProfile &profile);

private:
    QUuid selectedId() const;
    // A slot that runs `action` on the profile selected in the list; nothing when none is.
    std::function<void()> forSelected(void (ConnectionManager::*action)(const registry::ConnectionProfile &));
    // Runs a change on the connection store, says why it failed, and refreshes the list either way.
    void changeStore(const QString &failureTitle, const std::function<bool(QString *error)> &change);
    void editProfile(const registry::ConnectionProfile &profile);
    void duplicateProfile(const registry::ConnectionProfile &profile);
    void removeProfile(const registry::ConnectionProfile &profile);
    void importList();
    void exportList();
    void connectProfile(const registry::ConnectionProfile &profile);

    registry::ConnectionStore *m_store;
    registry::SecretStore *m_secrets;
    items::RegistryWorkspace *m_workspace;
    QListWidget *m_list = nullptr;
};

} // namespace sd::ui
