#pragma once

#include <QObject>

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::registry {
class ConnectionStore;
class SecretStore;
} // namespace sd::registry

namespace sd::ui {

class AppSettings;

// What the console works with, created once in main() (or by a test) and outliving every window:
// the open registries, the saved connections, the keychain and the user's settings.
class AppContext : public QObject
{
    Q_OBJECT
public:
    explicit AppContext(AppSettings &settings, QObject *parent = nullptr);
    ~AppContext() override;

    AppSettings &settings() const { return m_settings; }
    items::RegistryWorkspace *workspace() const { return m_workspace; }
    registry::ConnectionStore *connectionStore() const { return m_connectionStore; }
    registry::SecretStore *secretStore() const { return m_secretStore; }

private:
    AppSettings &m_settings;
    items::RegistryWorkspace *m_workspace = nullptr;
    registry::ConnectionStore *m_connectionStore = nullptr;
    registry::SecretStore *m_secretStore = nullptr;
};

} // namespace sd::ui
