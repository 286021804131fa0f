#include "RegistryTreeWalk.h"

namespace sd::ui {

QModelIndexList treeChildren(const items::RegistryTreeModel *tree, const QModelIndex &parent,
                             std::optional<items::RegistryTreeModel::Kind> kind)
{
    QModelIndexList children;
    for (int row = 0; row < tree->rowCount(parent); ++row) {
        const QModelIndex child = tree->index(row, 0, parent);
        if (!kind ||
            child.data(items::RegistryTreeModel::KindRole).value<items::RegistryTreeModel::Kind>() == *kind)
            children.append(child);
    }
    return children;
}

} // namespace sd::ui
