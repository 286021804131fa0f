#include "RegistryTreeModel.h"

#include "ItemsLogging.h"
#include "RegistryTreeNodes.h"

#include <algorithm>
#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>
#include <unordered_map>

namespace sd::items {

using Kind = RegistryTreeModel::Kind;

RegistryTreeModel::RegistryTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{}

RegistryTreeModel::~RegistryTreeModel() = default;

// --- lookup helpers ------------------------------------------------------------------------------

RegistryTreeModel::ConnectionData *RegistryTreeModel::connection(const QString &connectionId) const
{
    for (const auto &data : m_connections) {
        if (data->info.id == connectionId)
            return data.get();
    }
    return nullptr;
}

const RegistryTreeModel::ConnectionData &RegistryTreeModel::connectionOf(const Node &node) const
{
    const Node *n = &node;
    while (n->kind != Kind::Connection)
        n = n->parent;
    for (const auto &data : m_connections) {
        if (data->node == n)
            return *data;
    }
    Q_UNREACHABLE();
}

RegistryTreeModel::Node *RegistryTreeModel::findContext(ConnectionData &data, const QString &context) const
{
    return data.contexts.value(context.isEmpty() ? defaultContext : context);
}

RegistryTreeModel::Node *RegistryTreeModel::ensureContext(ConnectionData &data, const QString &context)
{
    const QString name = context.isEmpty() ? defaultContext : context;
    if (Node *existing = data.contexts.value(name))
        return existing;
    Node *node = data.node->addChild(Kind::Context, name);
    data.contexts.insert(name, node);
    return node;
}

RegistryTreeModel::Node *RegistryTreeModel::findSubject(ConnectionData &data,
                                                        const QString &qualifiedSubject) const
{
    return data.subjects.value(qualifiedSubject);
}

RegistryTreeModel::Node *RegistryTreeModel::ensureSubject(ConnectionData &data,
                                                          const QString &qualifiedSubject)
{
    if (Node *existing = data.subjects.value(qualifiedSubject))
        return existing;
    const registry::QualifiedSubject parsed = registry::QualifiedSubject::parse(qualifiedSubject);
    const QString &context = parsed.context;
    const QString &name = parsed.name;
    Node *contextNode = ensureContext(data, context);
    Node *node = contextNode->addChild(Kind::Subject, name);
    node->lowerName = name.toLower();
    contextNode->addedOutOfOrder = true;
    data.subjects.insert(qualifiedSubject, node);
    indexSubject(data, node);
    return node;
}

void RegistryTreeModel::recomputeSubject(Node &subject) const
{
    int live = 0;
    int latest = 0;
    for (const VersionInfo &v : std::as_const(subject.versions)) {
        if (!v.deleted) {
            ++live;
            latest = qMax(latest, v.version);
        }
    }
    subject.liveVersions = live;
    // A subject whose versions are all soft-deleted is itself soft-deleted.
    subject.deleted = subject.loaded && live == 0 && !subject.versions.isEmpty();
}

// Takes one connection's rows (everything below its node) out of the views; nodes below may then
// change freely until insertConnectionRows() puts the rebuilt rows back.
void RegistryTreeModel::removeConnectionRows(ConnectionData &data)
{
    if (data.node->visible.empty())
        return;
    beginRemoveRows(indexFor(data.node), 0, int(data.node->visible.size()) - 1);
    data.node->visible.clear();
    endRemoveRows();
}

void RegistryTreeModel::insertConnectionRows(ConnectionData &data)
{
    rebuildVisible(*data.node);
    std::vector<Node *> rows = std::move(data.node->visible);
    data.node->visible.clear();
    if (rows.empty())
        return;
    beginInsertRows(indexFor(data.node), 0, int(rows.size()) - 1);
    data.node->visible = std::move(rows);
    endInsertRows();
}

// Replaces one connection's rows without touching the others.
void RegistryTreeModel::rebuildConnection(ConnectionData &data)
{
    removeConnectionRows(data);
    insertConnectionRows(data);
}

void RegistryTreeModel::rebuildSubjectRows(ConnectionData &data, const QList<Node *> &subjects)
{
    std::vector<Node *> contexts;
    for (Node *subject : subjects) {
        if (std::find(contexts.begin(), contexts.end(), subject->parent) == contexts.end())
            contexts.push_back(subject->parent);
    }
    const auto shown = [&data](const Node *context) {
        return context->row < int(data.node->visible.size()) &&
               data.node->visible[size_t(context->row)] == context;
    };
    // A page changes a few subjects of a million: only their contexts' rows are replaced, as replacing
    // the connection's made every page stall the GUI thread for as long as a million rows take.
    bool whole = !std::all_of(contexts.begin(), contexts.end(), shown);
    for (Node *context : contexts) {
        if (whole)
            break;
        // Out of the views first: version rows about to be replaced may be on screen.
        if (!context->visible.empty()) {
            beginRemoveRows(indexFor(context), 0, int(context->visible.size()) - 1);
            context->visible.clear();
            endRemoveRows();
        }
        for (Node *subject : subjects) {
            if (subject->parent == context && subject->materialized)
                createVersionNodes(*subject);
        }
        rebuildVisible(*context);
        std::vector<Node *> rows = std::move(context->visible);
        context->visible.clear();
        if (!m_filterLower.isEmpty() && rows.empty()) {
            whole = true; // while filtering, a context without matches has no row
        } else if (!rows.empty()) {
            beginInsertRows(indexFor(context), 0, int(rows.size()) - 1);
            context->visible = std::move(rows);
            endInsertRows();
        }
    }
    if (!whole)
        return;
    removeConnectionRows(data);
    for (Node *subject : subjects) {
        if (subject->materialized)
            createVersionNodes(*subject);
    }
    insertConnectionRows(data);
}

// --- data in -------------------------------------------------------------------------------------

void RegistryTreeModel::addConnection(const ConnectionInfo &info)
{
    if (connection(info.id)) {
        updateConnection(info);
        return;
    }
    const int row = int(m_root->visible.size());
    beginInsertRows({}, row, row);
    auto data = std::make_unique<ConnectionData>();
    data->info = info;
    data->node = m_root->addChild(Kind::Connection, info.name);
    data->node->row = row;
    m_root->visible.push_back(data->node);
    m_connections.push_back(std::move(data));
    endInsertRows();
}

void RegistryTreeModel::updateConnection(const ConnectionInfo &info)
{
    ConnectionData *data = connection(info.id);
    if (!data)
        return;
    data->info = info;
    data->node->name = info.name;
    const QModelIndex index = indexFor(data->node);
    Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
}

void RegistryTreeModel::removeConnection(const QString &connectionId)
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return;
    const int row = data->node->row;
    beginRemoveRows({}, row, row);
    m_root->visible.erase(m_root->visible.begin() + row);
    for (size_t i = 0; i < m_root->visible.size(); ++i)
        m_root->visible[i]->row = int(i);
    Node *node = data->node;
    std::erase_if(m_connections, [data](const auto &d) { return d.get() == data; });
    std::erase_if(m_root->children, [node](const auto &n) { return n.get() == node; });
    endRemoveRows();
}

QStringList RegistryTreeModel::connectionIds() const
{
    QStringList ids;
    for (const auto &data : m_connections)
        ids.append(data->info.id);
    return ids;
}

void RegistryTreeModel::setConnectionLoading(const QString &connectionId, bool loading)
{
    ConnectionData *data = connection(connectionId);
    if (!data || data->node->loading == loading)
        return;
    data->node->loading = loading;
    if (loading)
        data->node->setError({});
    const QModelIndex index = indexFor(data->node);
    Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
}

void RegistryTreeModel::setConnectionError(const QString &connectionId, const QString &message)
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return;
    data->node->setError(message);
    data->node->loading = false;
    const QModelIndex index = indexFor(data->node);
    Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
}

void RegistryTreeModel::setConnectionNotice(const QString &connectionId, const QString &notice)
{
    ConnectionData *data = connection(connectionId);
    if (!data || data->notice == notice)
        return;
    data->notice = notice;
    const QModelIndex index = indexFor(data->node);
    Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
}

void RegistryTreeModel::appendSubjects(const QString &connectionId,
                                       const std::shared_ptr<PreparedSubjects> &rest)
{
    ConnectionData *data = connection(connectionId);
    if (!data || !rest)
        return;
    // The big index first: the few names already linked go into it, not 100k names into theirs.
    QHash<QString, Node *> subjects = std::move(rest->subjects);
    for (auto it = data->subjects.cbegin(); it != data->subjects.cend(); ++it)
        subjects.insert(it.key(), it.value());
    bool rebuild = false; // a context that is new, or not shown yet: its rows come by a rebuild
    for (size_t slot = 0; slot < rest->contexts.size(); ++slot) {
        std::unique_ptr<Node> &contextNode = rest->contexts[slot];
        const QStringList &names = rest->qualifiedNames[slot];
        Node *existing = data->contexts.value(contextNode->name);
        if (!existing) {
            if (contextNode->children.empty())
                continue;
            contextNode->parent = data->node;
            data->contexts.insert(contextNode->name, contextNode.get());
            // Before the Exporters node, which stays last among the children.
            auto at = std::find_if(
                data->node->children.begin(), data->node->children.end(),
                [](const std::unique_ptr<Node> &child) { return child->kind == Kind::Exporters; });
            data->node->children.insert(at, std::move(contextNode));
            rebuild = true;
            continue;
        }
        std::vector<Node *> shown;
        existing->children.reserve(existing->children.size() + contextNode->children.size());
        for (size_t i = 0; i < contextNode->children.size(); ++i) {
            std::unique_ptr<Node> &child = contextNode->children[i];
            if (subjects.value(names.at(qsizetype(i))) != child.get()) {
                rest->slotNodes[size_t(child->nameSlot)] = nullptr;
                continue; // listed in both parts (the same name on each side of the split)
            }
            child->parent = existing;
            if (subjectVisible(*child))
                shown.push_back(child.get());
            existing->children.push_back(std::move(child));
        }
        if (shown.empty())
            continue;
        const bool contextShown = std::find(data->node->visible.begin(), data->node->visible.end(),
                                            existing) != data->node->visible.end();
        if (!contextShown) {
            rebuild = true;
            continue;
        }
        const int first = int(existing->visible.size());
        beginInsertRows(indexFor(existing), first, first + int(shown.size()) - 1);
        for (Node *node : shown) {
            node->row = int(existing->visible.size());
            existing->visible.push_back(node);
        }
        endInsertRows();
    }
    data->subjects = std::move(subjects);
    rest->contexts.clear();
    rest->qualifiedNames.clear();
    adoptNameIndex(*data, *rest);
    if (rebuild)
        rebuildConnection(*data);
    const QModelIndex index = indexFor(data->node);
    Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
}

void RegistryTreeModel::setSubjects(const QString &connectionId, const QStringList &qualifiedSubjects,
                                    const QStringList &contexts)
{
    setSubjects(connectionId, prepareSubjects(qualifiedSubjects, contexts));
}

void RegistryTreeModel::setSubjects(const QString &connectionId,
                                    const std::shared_ptr<PreparedSubjects> &prepared)
{
    ConnectionData *data = connection(connectionId);
    if (!data || !prepared)
        return;
    // Rows of this connection go away first, so no view holds an index into nodes being moved.
    const QModelIndex parentIndex = indexFor(data->node);
    if (!data->node->visible.empty()) {
        beginRemoveRows(parentIndex, 0, int(data->node->visible.size()) - 1);
        data->node->visible.clear();
        endRemoveRows();
    }
    // Keep what is known about subjects that remain (versions, settings, expanded state); drop the rest.
    QHash<QString, Node *> previous = std::move(data->subjects);
    data->subjects = {};
    std::unordered_map<Node *, std::unique_ptr<Node>> previousOwners; // old subject nodes, alive meanwhile
    std::unique_ptr<Node> exporters;
    for (auto &child : data->node->children) {
        if (child->kind == Kind::Exporters) {
            exporters = std::move(child);
        } else if (child->kind == Kind::Context) {
            for (auto &subject : child->children) {
                Node *raw = subject.get();
                previousOwners.emplace(raw, std::move(subject));
            }
        }
    }
    data->node->children.clear();
    data->contexts.clear();
    for (size_t slot = 0; slot < prepared->contexts.size(); ++slot) {
        std::unique_ptr<Node> &contextNode = prepared->contexts[slot];
        contextNode->parent = data->node;
        if (!previous.isEmpty()) {
            const QStringList &names = prepared->qualifiedNames[slot];
            for (qsizetype i = 0; i < names.size(); ++i) {
                Node *kept = previous.take(names.at(i));
                if (!kept)
                    continue;
                const auto owner = previousOwners.find(kept);
                if (owner == previousOwners.end())
                    continue;
                kept->parent = contextNode.get();
                kept->nameSlot = contextNode->children[size_t(i)]->nameSlot;
                if (kept->nameSlot >= 0)
                    prepared->slotNodes[size_t(kept->nameSlot)] = kept;
                contextNode->children[size_t(i)] = std::move(owner->second);
                prepared->subjects.insert(names.at(i), kept);
            }
        }
        data->contexts.insert(contextNode->name, contextNode.get());
        data->node->children.push_back(std::move(contextNode));
    }
    data->subjects = std::move(prepared->subjects);
    prepared->contexts.clear();
    prepared->qualifiedNames.clear();
    data->names.reset();
    data->slotNodes.clear();
    data->unindexed.clear();
    data->shownSlots.clear();
    adoptNameIndex(*data, *prepared);
    if (exporters) {
        data->exporters = exporters.get();
        exporters->parent = data->node;
        data->node->children.push_back(std::move(exporters));
    } else {
        data->exporters = nullptr;
    }
    data->node->loaded = true;
    data->node->loading = false;
    data->node->setError({});
    rebuildConnection(*data);
    const QModelIndex index = indexFor(data->node);
    Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
}

void RegistryTreeModel::addSchemaSummaries(const QString &connectionId, const QList<SchemaSummary> &rows)
{
    ConnectionData *data = connection(connectionId);
    if (!data || rows.isEmpty())
        return;
    bool structureChanged = false;
    QHash<Node *, QList<VersionInfo>> bySubject;
    for (const SchemaSummary &row : rows) {
        Node *subject = findSubject(*data, row.qualifiedSubject);
        if (!subject) {
            subject = ensureSubject(*data, row.qualifiedSubject);
            structureChanged = true;
        }
        auto &list = bySubject[subject];
        list.append({row.version, row.id, row.deleted});
        // Pages come sorted by version within a subject: the last live one gives the type.
        if (!row.deleted || subject->schemaType.isEmpty())
            subject->schemaType = row.schemaType.isEmpty() ? QStringLiteral("AVRO") : row.schemaType;
    }
    for (auto it = bySubject.begin(); it != bySubject.end(); ++it) {
        Node *subject = it.key();
        for (const VersionInfo &v : std::as_const(it.value())) {
            auto existing = std::find_if(subject->versions.begin(), subject->versions.end(),
                                         [&v](const VersionInfo &e) { return e.version == v.version; });
            if (existing != subject->versions.end())
                *existing = v;
            else
                subject->versions.append(v);
        }
        std::sort(subject->versions.begin(), subject->versions.end(),
                  [](const VersionInfo &a, const VersionInfo &b) { return a.version < b.version; });
        const bool wasDeleted = subject->deleted;
        subject->loaded = true;
        recomputeSubject(*subject);
        if (wasDeleted != subject->deleted && !m_showDeleted)
            structureChanged = true;
        if (subject->loading) {
            // The view asked for these versions; the bulk data answers it.
            subject->loading = false;
            subject->materialized = true;
        }
        if (subject->materialized)
            structureChanged = true; // its version rows change
    }
    if (structureChanged) {
        rebuildSubjectRows(*data, bySubject.keys());
        return;
    }
    // Only the subjects' details changed (type, version count). A dataChanged over thousands of rows
    // costs QTreeView time quadratic in the range, so views repaint on summariesChanged instead.
    Q_EMIT summariesChanged(connectionId);
}

void RegistryTreeModel::finishSchemaSummaries(const QString &connectionId)
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return;
    bool changed = false;
    for (Node *subject : std::as_const(data->subjects)) {
        if (!subject->loaded) {
            // In the skeleton (listed with deleted=true) but no live or deleted version came back.
            subject->loaded = true;
            subject->deleted = true;
            changed = true;
        }
    }
    if (changed)
        rebuildConnection(*data);
}

void RegistryTreeModel::setVersions(const QString &connectionId, const QString &qualifiedSubject,
                                    const QList<VersionInfo> &versions)
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return;
    Node *subject = ensureSubject(*data, qualifiedSubject);
    subject->versions = versions;
    std::sort(subject->versions.begin(), subject->versions.end(),
              [](const VersionInfo &a, const VersionInfo &b) { return a.version < b.version; });
    subject->loaded = true;
    subject->loading = false;
    subject->setError({});
    recomputeSubject(*subject);
    const bool visibleBefore =
        subject->parent && std::find(subject->parent->visible.begin(), subject->parent->visible.end(),
                                     subject) != subject->parent->visible.end();
    if (!visibleBefore) {
        rebuildConnection(*data);
        return;
    }
    const QModelIndex index = indexFor(subject);
    if (!subject->visible.empty()) {
        beginRemoveRows(index, 0, int(subject->visible.size()) - 1);
        subject->visible.clear();
        endRemoveRows();
    }
    createVersionNodes(*subject);
    subject->materialized = true;
    std::vector<Node *> rows = visibleVersionRows(*subject, m_showDeleted);
    if (!rows.empty()) {
        beginInsertRows(index, 0, int(rows.size()) - 1);
        subject->visible = std::move(rows);
        endInsertRows();
    }
    Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
}

void RegistryTreeModel::removeSubject(const QString &connectionId, const QString &qualifiedSubject)
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return;
    Node *subject = findSubject(*data, qualifiedSubject);
    if (!subject)
        return;
    Node *context = subject->parent;
    const auto visibleAt = std::find(context->visible.begin(), context->visible.end(), subject);
    if (visibleAt != context->visible.end()) {
        const int row = int(visibleAt - context->visible.begin());
        beginRemoveRows(indexFor(context), row, row);
        context->visible.erase(visibleAt);
        for (size_t i = size_t(row); i < context->visible.size(); ++i)
            context->visible[i]->row = int(i);
        endRemoveRows();
    }
    data->subjects.remove(qualifiedSubject);
    if (data->names && subject->nameSlot >= 0) {
        data->names->remove(subject->nameSlot);
        data->slotNodes[size_t(subject->nameSlot)] = nullptr;
    }
    std::erase(data->unindexed, subject);
    std::erase_if(context->children, [subject](const auto &n) { return n.get() == subject; });
}

RegistryTreeModel::Node *RegistryTreeModel::subjectNode(const QString &connectionId,
                                                        const QString &qualifiedSubject) const
{
    ConnectionData *data = connection(connectionId);
    return data ? findSubject(*data, qualifiedSubject) : nullptr;
}

void RegistryTreeModel::setSubjectError(const QString &connectionId, const QString &qualifiedSubject,
                                        const QString &message)
{
    Node *subject = subjectNode(connectionId, qualifiedSubject);
    if (!subject)
        return;
    subject->setError(message);
    subject->loading = false;
    if (subject->parent && subject->row < int(subject->parent->visible.size()) &&
        subject->parent->visible[size_t(subject->row)] == subject) {
        const QModelIndex index = indexFor(subject);
        Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
    }
}

void RegistryTreeModel::setExportersError(const QString &connectionId, const QString &message)
{
    setExporters(connectionId, {});
    ConnectionData *data = connection(connectionId);
    if (!data || !data->exporters)
        return;
    data->exporters->setError(message);
    const auto &rows = data->node->visible;
    if (std::find(rows.begin(), rows.end(), data->exporters) != rows.end()) {
        const QModelIndex index = indexFor(data->exporters);
        Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
    }
}

void RegistryTreeModel::setScopeSettings(const QString &connectionId, const QString &scope,
                                         const ScopeSettings &settings, const QString &error)
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return;
    if (scope == u":.__GLOBAL:") {
        data->global = settings;
        // Everything below inherits from it.
        if (!data->node->visible.empty())
            Q_EMIT dataChanged(indexFor(data->node->visible.front()),
                               indexFor(data->node->visible.back(), DetailsColumn));
        const QModelIndex index = indexFor(data->node);
        Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
        return;
    }
    Node *target = nullptr;
    if (scope.isEmpty() || scope == u":.:") {
        target = ensureContext(*data, defaultContext);
    } else if (scope.startsWith(u":.") && scope.endsWith(u':') &&
               scope.indexOf(u':', 1) == scope.size() - 1) {
        target = ensureContext(*data, scope.mid(1, scope.size() - 2));
    } else {
        target = findSubject(*data, scope);
    }
    if (!target)
        return;
    target->setSettings(settings);
    target->settingsKnown = true;
    if (target->kind == Kind::Context)
        target->setError(error);
    if (target->parent && target->row < int(target->parent->visible.size()) &&
        target->parent->visible[size_t(target->row)] == target) {
        const QModelIndex index = indexFor(target);
        Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
    } else if (target->kind == Kind::Context) {
        rebuildConnection(*data); // a context that had no row yet
    }
}

void RegistryTreeModel::setExporters(const QString &connectionId, const QList<ExporterSummary> &exporters,
                                     bool offered)
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return;
    data->exportersOffered = offered;
    if (data->exporters)
        data->exporters->setError({});
    if (!offered) {
        if (data->exporters) {
            Node *node = data->exporters;
            data->exporters = nullptr;
            std::erase_if(data->node->children, [node](const auto &n) { return n.get() == node; });
            rebuildConnection(*data);
        }
        return;
    }
    if (!data->exporters) {
        data->exporters = data->node->addChild(Kind::Exporters, tr("Exporters"));
        for (const ExporterSummary &e : exporters) {
            Node *node = data->exporters->addChild(Kind::Exporter, e.name);
            node->setState(e.state);
            node->setError(e.error);
        }
        rebuildVisible(*data->exporters);
        if (!m_filterLower.isEmpty())
            return; // hidden while filtering
        // The group is the connection's last row: insert just it, so expanded contexts stay open.
        const int row = int(data->node->visible.size());
        beginInsertRows(indexFor(data->node), row, row);
        data->exporters->row = row;
        data->node->visible.push_back(data->exporters);
        endInsertRows();
        return;
    }
    Node *group = data->exporters;
    const bool visible = group->parent->visible.end() !=
                         std::find(group->parent->visible.begin(), group->parent->visible.end(), group);
    const QModelIndex groupIndex = visible ? indexFor(group) : QModelIndex();
    if (visible && !group->visible.empty()) {
        beginRemoveRows(groupIndex, 0, int(group->visible.size()) - 1);
        group->visible.clear();
        endRemoveRows();
    }
    group->children.clear();
    group->visible.clear();
    for (const ExporterSummary &e : exporters) {
        Node *node = group->addChild(Kind::Exporter, e.name);
        node->setState(e.state);
        node->setError(e.error);
    }
    if (!visible)
        return;
    std::vector<Node *> rows;
    for (const auto &child : group->children)
        rows.push_back(child.get());
    for (size_t i = 0; i < rows.size(); ++i)
        rows[i]->row = int(i);
    if (!rows.empty()) {
        beginInsertRows(groupIndex, 0, int(rows.size()) - 1);
        group->visible = std::move(rows);
        endInsertRows();
    }
    Q_EMIT dataChanged(groupIndex, groupIndex.siblingAtColumn(DetailsColumn));
    const QModelIndex connectionIdx = indexFor(data->node);
    Q_EMIT dataChanged(connectionIdx, connectionIdx.siblingAtColumn(DetailsColumn));
}

// --- lookup --------------------------------------------------------------------------------------

QModelIndexList RegistryTreeModel::childRows(const QModelIndex &parent, std::optional<Kind> kind) const
{
    QModelIndexList rows;
    for (int row = 0; row < rowCount(parent); ++row) {
        const QModelIndex child = index(row, 0, parent);
        if (!kind || child.data(KindRole).value<Kind>() == *kind)
            rows.append(child);
    }
    return rows;
}

QModelIndex RegistryTreeModel::connectionIndex(const QString &connectionId) const
{
    const ConnectionData *data = connection(connectionId);
    return data ? indexFor(data->node) : QModelIndex();
}

QModelIndex RegistryTreeModel::contextIndex(const QString &connectionId, const QString &context) const
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return {};
    const Node *node = findContext(*data, context);
    if (!node ||
        std::find(data->node->visible.begin(), data->node->visible.end(), node) == data->node->visible.end())
        return {};
    return indexFor(node);
}

QModelIndex RegistryTreeModel::subjectIndex(const QString &connectionId,
                                            const QString &qualifiedSubject) const
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return {};
    const Node *node = findSubject(*data, qualifiedSubject);
    if (!node || node->row >= int(node->parent->visible.size()) ||
        node->parent->visible[size_t(node->row)] != node)
        return {};
    if (std::find(data->node->visible.begin(), data->node->visible.end(), node->parent) ==
        data->node->visible.end())
        return {};
    return indexFor(node);
}

int RegistryTreeModel::subjectCount(const QString &connectionId) const
{
    const ConnectionData *data = connection(connectionId);
    return data ? int(data->subjects.size()) : 0;
}

QStringList RegistryTreeModel::contextNames(const QString &connectionId) const
{
    const ConnectionData *data = connection(connectionId);
    if (!data)
        return {};
    QStringList names = data->contexts.keys();
    names.sort();
    return names;
}

bool RegistryTreeModel::containsSubject(const QString &connectionId, const QString &qualifiedSubject) const
{
    const ConnectionData *data = connection(connectionId);
    return data && data->subjects.contains(qualifiedSubject);
}

ScopeSettings RegistryTreeModel::scopeSettings(const QString &connectionId, const QString &scope) const
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return {};
    if (scope == u":.__GLOBAL:")
        return data->global;
    if (scope.isEmpty())
        return data->contexts.contains(defaultContext) ? data->contexts.value(defaultContext)->settings()
                                                       : ScopeSettings();
    if (scope.startsWith(u":.") && scope.endsWith(u':')) {
        const Node *context = findContext(*data, scope.mid(1, scope.size() - 2));
        return context ? context->settings() : ScopeSettings();
    }
    const Node *subject = findSubject(*data, scope);
    return subject ? subject->settings() : ScopeSettings();
}

// --- QAbstractItemModel --------------------------------------------------------------------------

RegistryTreeModel::Node *RegistryTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex RegistryTreeModel::indexFor(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, column, const_cast<Node *>(node));
}

QModelIndex RegistryTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    const Node *node = nodeFor(parent);
    if (row < 0 || row >= int(node->visible.size()))
        return {};
    return createIndex(row, column, node->visible[size_t(row)]);
}

QModelIndex RegistryTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *node = nodeFor(child);
    return indexFor(node->parent);
}

int RegistryTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeFor(parent)->visible.size());
}

int RegistryTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool RegistryTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const Node *node = nodeFor(parent);
    switch (node->kind) {
    case Kind::Connection:
        if (node == m_root.get())
            return !node->visible.empty();
        // Until fetched there may be children: the view shows an expander and asks.
        return !node->loaded || !node->visible.empty();
    case Kind::Subject:
        if (!node->loaded)
            return true;
        return m_showDeleted ? !node->versions.isEmpty() : node->liveVersions > 0;
    case Kind::Context:
    case Kind::Exporters:
        return !node->visible.empty();
    case Kind::Version:
    case Kind::Exporter:
        return false;
    }
    return false;
}

bool RegistryTreeModel::canFetchMore(const QModelIndex &parent) const
{
    if (!parent.isValid() || parent.column() != 0)
        return false;
    const Node *node = nodeFor(parent);
    // Not while a fetch is in flight, and not after one failed: retry is explicit.
    if (node->loading || !node->error().isEmpty())
        return false;
    if (node->kind == Kind::Connection)
        return !node->loaded;
    if (node->kind == Kind::Subject)
        return !node->materialized;
    return false;
}

void RegistryTreeModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    Node *node = nodeFor(parent);
    const ConnectionData &data = connectionOf(*node);
    if (node->kind == Kind::Connection) {
        node->loading = true;
        Q_EMIT dataChanged(parent.siblingAtColumn(0), parent.siblingAtColumn(DetailsColumn));
        Q_EMIT fetchRequested(data.info.id, Kind::Connection, {});
        return;
    }
    // A subject: its versions are known from the bulk data, or must be asked for.
    if (node->loaded) {
        createVersionNodes(*node);
        std::vector<Node *> rows = visibleVersionRows(*node, m_showDeleted);
        if (!rows.empty())
            beginInsertRows(parent.siblingAtColumn(0), 0, int(rows.size()) - 1);
        node->materialized = true;
        node->visible = std::move(rows);
        if (!node->visible.empty())
            endInsertRows();
        return;
    }
    node->loading = true;
    Q_EMIT fetchRequested(data.info.id, Kind::Subject, qualified(node->parent->name, node->name));
}

} // namespace sd::items
