#include "Shell.h"

#include "AppContext.h"

#include <QTreeView>

namespace sd::ui {

items::RegistryWorkspace *Shell::workspace() const
{
    return context().workspace();
}

QModelIndex Shell::currentTreeIndex() const
{
    return registryTree()->currentIndex();
}

void Shell::markClosing()
{
    if (std::exchange(m_closing, true))
        return;
    Q_EMIT closing();
}

} // namespace sd::ui
