#include "CommandRegistry.h"

#include "Logging.h"

namespace sd::ui {

void CommandRegistry::add(const QString &name, Handler handler)
{
    m_handlers.insert(name, std::move(handler));
}

bool CommandRegistry::run(const QString &name, const QVariantMap &arguments) const
{
    const auto it = m_handlers.constFind(name);
    if (it == m_handlers.cend()) {
        qCWarning(lcUi, "no feature provides the command %s", qPrintable(name));
        return false;
    }
    (*it)(arguments);
    return true;
}

} // namespace sd::ui
