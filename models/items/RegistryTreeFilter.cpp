// RegistryTreeModel: what the view sees — the filter over the name index, the deleted toggle, and the
// visible rows rebuilt from them.
#include "RegistryTreeNodes.h"

#include <algorithm>
#include <unordered_map>

namespace sd::items {

using Kind = RegistryTreeModel::Kind;

int RegistryTreeModel::matchingSubjectCount() const
{
    int count = 0;
    for (const auto &data : m_connections) {
        for (const Node *context : data->node->visible) {
            if (context->kind == Kind::Context)
                count += int(context->visible.size());
        }
    }
    return count;
}

// --- visibility ----------------------------------------------------------------------------------

bool RegistryTreeModel::subjectVisible(const Node &subject) const
{
    if (subject.deleted && !m_showDeleted)
        return false;
    return m_filterLower.isEmpty() || subject.lowerName.contains(m_filterLower);
}

void RegistryTreeModel::indexSubject(ConnectionData &data, Node *node)
{
    if (!data.names) {
        data.unindexed.push_back(node);
        return;
    }
    node->nameSlot = data.names->add(node->lowerName);
    data.slotNodes.resize(size_t(data.names->slotCount()), nullptr);
    data.slotNodes[size_t(node->nameSlot)] = node;
}

// With a filter and the connection's index, the subjects each context shows, by context; without, none
// (each context scans its own subjects).
std::unordered_map<const RegistryTreeModel::Node *, std::vector<RegistryTreeModel::Node *>>
RegistryTreeModel::matchesByContext(ConnectionData &data) const
{
    std::unordered_map<const Node *, std::vector<Node *>> byContext;
    if (m_filterLower.isEmpty() || !data.names)
        return byContext;
    for (const auto &child : data.node->children)
        byContext[child.get()];
    for (const int slot : data.names->match(m_filterLower)) {
        Node *subject = data.slotNodes[size_t(slot)];
        if (subject && (!subject->deleted || m_showDeleted))
            byContext[subject->parent].push_back(subject);
    }
    return byContext;
}

void RegistryTreeModel::rebuildVisible(Node &node, std::vector<Node *> *matched)
{
    node.visible.clear();
    switch (node.kind) {
    case Kind::Connection: {
        auto byContext = matchesByContext(const_cast<ConnectionData &>(connectionOf(node)));
        std::vector<Node *> contexts;
        Node *exporters = nullptr;
        for (const auto &child : node.children) {
            if (child->kind == Kind::Exporters)
                exporters = child.get();
            else
                contexts.push_back(child.get());
        }
        std::sort(contexts.begin(), contexts.end(), [](const Node *a, const Node *b) {
            if (a->name == defaultContext || b->name == defaultContext)
                return a->name == defaultContext && b->name != defaultContext;
            return a->name < b->name;
        });
        for (Node *context : contexts) {
            const auto found = byContext.find(context);
            rebuildVisible(*context, found != byContext.end() ? &found->second : nullptr);
            // While filtering, contexts without a match are noise.
            if (m_filterLower.isEmpty() || !context->visible.empty())
                node.visible.push_back(context);
        }
        if (exporters && m_filterLower.isEmpty()) {
            rebuildVisible(*exporters);
            node.visible.push_back(exporters);
        }
        break;
    }
    case Kind::Context:
        if (matched) {
            node.visible = std::move(*matched);
        } else {
            for (const auto &child : node.children) {
                if (subjectVisible(*child))
                    node.visible.push_back(child.get());
            }
        }
        // Children (and index slots) are in name order; only a subject added later (outside the
        // skeleton) breaks it.
        if (node.addedOutOfOrder)
            std::sort(node.visible.begin(), node.visible.end(),
                      [](const Node *a, const Node *b) { return a->name < b->name; });
        for (Node *subject : node.visible)
            rebuildVisible(*subject);
        break;
    case Kind::Subject:
        if (node.materialized) {
            for (const auto &child : node.children) {
                if (!child->deleted || m_showDeleted)
                    node.visible.push_back(child.get());
            }
        }
        break;
    case Kind::Exporters:
        for (const auto &child : node.children)
            node.visible.push_back(child.get());
        break;
    case Kind::Version:
    case Kind::Exporter:
        break;
    }
    for (size_t i = 0; i < node.visible.size(); ++i)
        node.visible[i]->row = int(i);
}

void RegistryTreeModel::resetPresentation()
{
    beginResetModel();
    // Connections stay shown whatever the filter (one still loading has nothing to match yet).
    m_root->visible.clear();
    for (const auto &data : m_connections) {
        rebuildVisible(*data->node);
        data->node->row = int(m_root->visible.size());
        m_root->visible.push_back(data->node);
    }
    endResetModel();
}

// A prepared part's nodes take their slots in the connection's index; the part that ends the sorted
// list brings the index itself, and subjects made meanwhile are added to it.
void RegistryTreeModel::adoptNameIndex(ConnectionData &data, PreparedSubjects &prepared)
{
    for (size_t slot = 0; slot < data.slotNodes.size() && slot < prepared.slotNodes.size(); ++slot) {
        if (!prepared.slotNodes[slot])
            prepared.slotNodes[slot] = data.slotNodes[slot];
    }
    if (prepared.slotNodes.size() >= data.slotNodes.size())
        data.slotNodes = std::move(prepared.slotNodes);
    if (!prepared.names)
        return;
    data.names = std::move(prepared.names);
    data.slotNodes.resize(size_t(data.names->slotCount()), nullptr);
    data.shownSlots.clear();
    for (Node *node : std::exchange(data.unindexed, {}))
        indexSubject(data, node);
}

// --- presentation --------------------------------------------------------------------------------

void RegistryTreeModel::setFilterText(const QString &text)
{
    const QString lower = text.trimmed().toLower();
    if (lower == m_filterLower)
        return;
    const bool wasFiltering = !m_filterLower.isEmpty();
    m_filter = text;
    m_filterLower = lower;
    // A keystroke that leaves every connection showing the same subjects (typing on within names that
    // all match) changes no row: the index answers, and the rows stay.
    bool same = wasFiltering && !lower.isEmpty();
    for (const auto &data : m_connections) {
        if (!data->names || lower.isEmpty()) {
            data->shownSlots.clear();
            same = false;
            continue;
        }
        const std::vector<int> &matching = data->names->match(lower);
        if (matching != data->shownSlots) {
            data->shownSlots = matching;
            same = false;
        }
    }
    if (!same)
        resetPresentation();
}

void RegistryTreeModel::setShowDeleted(bool show)
{
    if (show == m_showDeleted)
        return;
    m_showDeleted = show;
    resetPresentation();
}

} // namespace sd::items
