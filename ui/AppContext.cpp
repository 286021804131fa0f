#include "AppContext.h"

#include "items/RegistryWorkspace.h"
#include "registry/ConnectionStore.h"
#include "registry/SecretStore.h"

namespace sd::ui {

AppContext::AppContext(AppSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_workspace(new items::RegistryWorkspace(this))
    , m_connectionStore(new registry::ConnectionStore({}, this))
    , m_secretStore(new registry::SecretStore(QStringLiteral("schemadesk"), this))
{
    m_connectionStore->setSecretStore(m_secretStore);
}

AppContext::~AppContext() = default;

} // namespace sd::ui
