#pragma once

#include "items/RegistryTreeModel.h"

#include <optional>
#include <QModelIndexList>

namespace sd::ui {

// The rows under `parent` in the registry tree (the connections under the root), in order; with `kind`,
// only the rows of that kind (a connection holds contexts and an Exporters group).
QModelIndexList treeChildren(const items::RegistryTreeModel *tree, const QModelIndex &parent,
                             std::optional<items::RegistryTreeModel::Kind> kind = std::nullopt);

} // namespace sd::ui
