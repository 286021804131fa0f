#include "RegistryTreeModel.h"

#include "ItemsLogging.h"
#include "registry/PlainText.h"
#include "registry/RegistryTypes.h"
#include "SubjectNameIndex.h"

#include <algorithm>
#include <QFont>
#include <QFuture>
#include <QtConcurrent/QtConcurrentRun>
#include <unordered_map>

namespace sd::items {

using Kind = RegistryTreeModel::Kind;

struct RegistryTreeModel::Node
{
    Node *parent = nullptr;
    std::vector<std::unique_ptr<Node>> children;
    std::vector<Node *> visible; // the rows the view sees: children after filtering
    QString name;                // connection, context (".ctx"), unqualified subject, exporter name
    QString lowerName;           // subjects: prepared for filtering
    QString schemaType;          // subjects: type of the latest version
    QString state;               // exporters
    QString error;
    ScopeSettings settings; // context- or subject-level values
    QList<VersionInfo> versions;
    int row = 0;
    int version = 0;
    int id = -1;
    int liveVersions = 0;
    int nameSlot = -1; // subjects: in the connection's SubjectNameIndex
    Kind kind = Kind::Connection;
    bool deleted = false;
    bool loading = false;
    bool loaded = false;       // connection: skeleton arrived; subject: versions known
    bool materialized = false; // subject: version rows created (after fetchMore)
    bool settingsKnown = false;
    bool addedOutOfOrder = false; // contexts: a subject was added after the skeleton (not sorted)

    Node *addChild(Kind childKind, const QString &childName)
    {
        auto child = std::make_unique<Node>();
        child->parent = this;
        child->kind = childKind;
        child->name = childName;
        children.push_back(std::move(child));
        return children.back().get();
    }
};

// Rebuilds a subject's version nodes from its version list (the caller has taken them out of views).
void RegistryTreeModel::createVersionNodes(Node &subject)
{
    subject.children.clear();
    for (const VersionInfo &v : std::as_const(subject.versions)) {
        auto *version = subject.addChild(Kind::Version, QString::number(v.version));
        version->version = v.version;
        version->id = v.id;
        version->deleted = v.deleted;
    }
}

// The version rows a view shows (soft-deleted ones only on request), numbered.
std::vector<RegistryTreeModel::Node *> RegistryTreeModel::visibleVersionRows(const Node &subject,
                                                                             bool showDeleted)
{
    std::vector<Node *> rows;
    for (const auto &child : subject.children) {
        if (!child->deleted || showDeleted)
            rows.push_back(child.get());
    }
    for (size_t i = 0; i < rows.size(); ++i)
        rows[i]->row = int(i);
    return rows;
}

struct RegistryTreeModel::ConnectionData
{
    ConnectionInfo info;
    QString notice;
    Node *node = nullptr;
    ScopeSettings global;
    QHash<QString, Node *> contexts;
    QHash<QString, Node *> subjects; // qualified name → node
    Node *exporters = nullptr;
    bool exportersOffered = false;
    // The filter's index over the subject names (made with the skeleton, off the GUI thread), its
    // slots' nodes, and the slots the filter shows now. Subjects made before the index arrived wait
    // in `unindexed`.
    std::shared_ptr<SubjectNameIndex> names;
    std::vector<Node *> slotNodes;
    std::vector<Node *> unindexed;
    std::vector<int> shownSlots;
};

static const QString defaultContext = QStringLiteral(".");

// A subject's name as GET /subjects lists it: unqualified in the default context.
static QString qualified(const QString &context, const QString &name)
{
    return registry::QualifiedSubject{context, name}.toString();
}

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
    const auto [context, name] = registry::QualifiedSubject::parse(qualifiedSubject);
    Node *contextNode = ensureContext(data, context);
    Node *node = contextNode->addChild(Kind::Subject, name);
    node->lowerName = name.toLower();
    contextNode->addedOutOfOrder = true;
    data.subjects.insert(qualifiedSubject, node);
    indexSubject(data, node);
    return node;
}

// --- visibility ----------------------------------------------------------------------------------

bool RegistryTreeModel::subjectVisible(const Node &subject) const
{
    if (subject.deleted && !m_showDeleted)
        return false;
    return m_filterLower.isEmpty() || subject.lowerName.contains(m_filterLower);
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
        data->node->error.clear();
    const QModelIndex index = indexFor(data->node);
    Q_EMIT dataChanged(index, index.siblingAtColumn(DetailsColumn));
}

void RegistryTreeModel::setConnectionError(const QString &connectionId, const QString &message)
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return;
    data->node->error = message;
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

// Context nodes with their subject nodes, sorted, not linked to any connection yet.
struct RegistryTreeModel::PreparedSubjects
{
    std::vector<std::unique_ptr<Node>> contexts;
    std::vector<QStringList> qualifiedNames; // per context, in the order of its children
    QHash<QString, Node *> subjects;         // qualified name → node
    QHash<QString, int> contextSlots;        // context name → index into contexts
    // The filter's index: slot i is the i-th name of the sorted list; made once the whole list is
    // prepared (by the part that ends it). Per slot the node this part made, if any.
    std::shared_ptr<SubjectNameIndex> names;
    std::vector<Node *> slotNodes;
};

// The filter's index over every name of a sorted skeleton, as the nodes lower-case them.
static std::shared_ptr<SubjectNameIndex> indexNames(const QStringList &sorted)
{
    auto index = std::make_shared<SubjectNameIndex>();
    qsizetype characters = 0;
    for (const QString &name : sorted)
        characters += name.size();
    index->reserve(sorted.size(), characters);
    for (const QString &qualified : sorted) {
        const QString name = registry::QualifiedSubject::parse(qualified).name;
        index->add(name.isLower() ? name : name.toLower());
    }
    return index;
}

// Nodes for names [begin, end) of a sorted list.
void RegistryTreeModel::prepareRange(PreparedSubjects &prepared, const QStringList &sorted, qsizetype begin,
                                     qsizetype end)
{
    prepared.subjects.reserve(end - begin);
    prepared.slotNodes.resize(size_t(end), nullptr);
    // Sorted names come context by context: the context of the previous name is usually this one's.
    QString currentContext = defaultContext;
    int slot = contextSlot(prepared, currentContext);
    for (qsizetype i = begin; i < end; ++i) {
        const QString &qualified = sorted.at(i);
        QStringView context = defaultContext;
        qsizetype nameStart = 0;
        if (qualified.startsWith(u":.")) {
            const qsizetype close = qualified.indexOf(u':', 1);
            if (close > 0) {
                context = QStringView(qualified).mid(1, close - 1);
                nameStart = close + 1;
            }
        }
        if (context != currentContext) {
            currentContext = context.toString();
            slot = contextSlot(prepared, currentContext);
        }
        Node *&indexed = prepared.subjects[qualified];
        if (indexed)
            continue; // listed twice
        Node *node = prepared.contexts[size_t(slot)]->addChild(Kind::Subject, qualified.mid(nameStart));
        // Most names are lower case already: then the filter's copy shares the name's text.
        node->lowerName = node->name.isLower() ? node->name : node->name.toLower();
        node->nameSlot = int(i);
        prepared.slotNodes[size_t(i)] = node;
        indexed = node;
        prepared.qualifiedNames[size_t(slot)].append(qualified);
    }
}

std::shared_ptr<RegistryTreeModel::PreparedSubjects>
RegistryTreeModel::prepareSubjects(const QStringList &qualifiedSubjects, const QStringList &contexts)
{
    auto prepared = std::make_shared<PreparedSubjects>();
    addPreparedContexts(*prepared, QStringList{defaultContext} + contexts);
    // Registries list subjects sorted already; sorting only when needed saves most of the time here.
    QStringList sorted = qualifiedSubjects;
    if (!std::is_sorted(sorted.cbegin(), sorted.cend()))
        std::sort(sorted.begin(), sorted.end());
    // (Splitting this over two threads was tried: with the merge it was slower on two cores.)
    prepareRange(*prepared, sorted, 0, sorted.size());
    prepared->names = indexNames(sorted);
    return prepared;
}

std::shared_ptr<RegistryTreeModel::PreparedSubjects>
RegistryTreeModel::prepareSortedRange(const QStringList &sortedSubjects, qsizetype begin, qsizetype end)
{
    auto prepared = std::make_shared<PreparedSubjects>();
    addPreparedContexts(*prepared, {defaultContext});
    prepareRange(*prepared, sortedSubjects, begin, end);
    if (end >= sortedSubjects.size())
        prepared->names = indexNames(sortedSubjects);
    return prepared;
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

int RegistryTreeModel::contextSlot(PreparedSubjects &prepared, const QString &context)
{
    const QString name = context.isEmpty() ? defaultContext : context;
    if (const auto it = prepared.contextSlots.constFind(name); it != prepared.contextSlots.cend())
        return it.value();
    auto node = std::make_unique<Node>();
    node->kind = Kind::Context;
    node->name = name;
    prepared.contexts.push_back(std::move(node));
    prepared.qualifiedNames.emplace_back();
    const int slot = int(prepared.contexts.size()) - 1;
    prepared.contextSlots.insert(name, slot);
    return slot;
}

void RegistryTreeModel::addPreparedContexts(PreparedSubjects &prepared, const QStringList &contexts)
{
    for (const QString &context : contexts)
        contextSlot(prepared, context);
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
    data->node->error.clear();
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
        // Out of the views first: version rows about to be replaced may be on screen.
        removeConnectionRows(*data);
        for (Node *subject : bySubject.keys()) {
            if (subject->materialized)
                createVersionNodes(*subject);
        }
        insertConnectionRows(*data);
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
    subject->error.clear();
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

void RegistryTreeModel::setSubjectError(const QString &connectionId, const QString &qualifiedSubject,
                                        const QString &message)
{
    ConnectionData *data = connection(connectionId);
    if (!data)
        return;
    Node *subject = findSubject(*data, qualifiedSubject);
    if (!subject)
        return;
    subject->error = message;
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
    data->exporters->error = message;
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
    target->settings = settings;
    target->settingsKnown = true;
    if (target->kind == Kind::Context)
        target->error = error;
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
        data->exporters->error.clear();
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
            node->state = e.state;
            node->error = e.error;
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
        node->state = e.state;
        node->error = e.error;
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

// --- lookup --------------------------------------------------------------------------------------

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
        return data->contexts.contains(defaultContext) ? data->contexts.value(defaultContext)->settings
                                                       : ScopeSettings();
    if (scope.startsWith(u":.") && scope.endsWith(u':')) {
        const Node *context = findContext(*data, scope.mid(1, scope.size() - 2));
        return context ? context->settings : ScopeSettings();
    }
    const Node *subject = findSubject(*data, scope);
    return subject ? subject->settings : ScopeSettings();
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
    if (node->loading || !node->error.isEmpty())
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

EffectiveValue RegistryTreeModel::effective(const Node &node, bool mode) const
{
    const ConnectionData &data = connectionOf(node);
    const Node *context = nullptr;
    const ScopeSettings *subject = nullptr;
    if (node.kind == Kind::Context) {
        context = &node;
    } else if (node.kind == Kind::Subject) {
        context = node.parent;
        subject = &node.settings;
    } else if (node.kind == Kind::Version) {
        context = node.parent->parent;
        subject = &node.parent->settings;
    } else {
        const auto it = data.contexts.find(defaultContext);
        context = it != data.contexts.end() ? it.value() : nullptr;
    }
    static const ScopeSettings none;
    const ScopeSettings &contextSettings = context ? context->settings : none;
    return mode ? effectiveMode(subject, contextSettings, data.global)
                : effectiveCompatibility(subject, contextSettings, data.global);
}

QString RegistryTreeModel::detailsText(const Node &node) const
{
    switch (node.kind) {
    case Kind::Connection: {
        if (!node.error.isEmpty())
            return tr("error");
        if (node.loading)
            return tr("loading…");
        const ConnectionData &data = connectionOf(node);
        QStringList parts;
        if (!data.info.tag.isEmpty())
            parts << data.info.tag;
        if (node.loaded)
            parts << (data.subjects.size() == 1 ? tr("1 subject")
                                                : tr("%1 subjects").arg(data.subjects.size()));
        if (data.info.readOnly)
            parts << tr("read-only");
        if (data.info.isProtected)
            parts << tr("protected");
        if (data.info.tlsVerificationOff)
            parts << tr("TLS NOT VERIFIED");
        return parts.join(u" · ");
    }
    case Kind::Context: {
        if (!node.error.isEmpty())
            return tr("settings: error");
        const EffectiveValue compatibility = effective(node, false);
        const EffectiveValue mode = effective(node, true);
        return compatibility.value + QStringLiteral(" · ") + shortModeName(mode.value);
    }
    case Kind::Subject: {
        if (!node.error.isEmpty())
            return tr("error");
        if (node.loading)
            return tr("loading…");
        QStringList parts;
        if (!node.schemaType.isEmpty())
            parts << (node.schemaType == u"PROTOBUF" ? QStringLiteral("PROTO") : node.schemaType);
        if (node.loaded)
            parts << (node.deleted ? tr("deleted") : QString::number(node.liveVersions));
        if (!node.settings.compatibility.isEmpty())
            parts << node.settings.compatibility;
        if (!node.settings.mode.isEmpty())
            parts << shortModeName(node.settings.mode);
        return parts.join(u" · ");
    }
    case Kind::Version:
        return node.deleted ? tr("id %1 · deleted").arg(node.id) : tr("id %1").arg(node.id);
    case Kind::Exporters: {
        if (!node.error.isEmpty())
            return tr("error");
        const auto paused = std::count_if(node.children.begin(), node.children.end(),
                                          [](const auto &c) { return c->state == u"PAUSED"; });
        return paused > 0 ? tr("%1, %2 paused").arg(node.children.size()).arg(paused)
                          : QString::number(node.children.size());
    }
    case Kind::Exporter:
        return node.error.isEmpty() ? node.state : tr("status not read");
    }
    return {};
}

QString RegistryTreeModel::toolTip(const Node &node) const
{
    switch (node.kind) {
    case Kind::Connection: {
        if (!node.error.isEmpty())
            return node.error;
        const ConnectionData &data = connectionOf(node);
        QString tip = data.info.name;
        if (data.info.tlsVerificationOff)
            tip += u'\n' + tr("TLS certificate verification is turned off for this connection.");
        if (!data.info.server.isEmpty())
            tip += u'\n' + data.info.server;
        if (!data.notice.isEmpty())
            tip += u'\n' + data.notice;
        return tip;
    }
    case Kind::Context:
    case Kind::Subject:
    case Kind::Version: {
        if (!node.error.isEmpty())
            return node.error;
        const EffectiveValue compatibility = effective(node, false);
        const EffectiveValue mode = effective(node, true);
        const Node *subject = node.kind == Kind::Subject   ? &node
                              : node.kind == Kind::Version ? node.parent
                                                           : nullptr;
        if (subject && !subject->settingsKnown) {
            // Subject-level values are read when the subject is opened: until then only what the
            // context says is known, and the subject may override it.
            return tr("Compatibility %1 (%2), unless the subject sets its own\nMode %3 (%4), unless the "
                      "subject sets its own\nThe subject's own settings are not read yet: open it to "
                      "see them")
                .arg(compatibility.value, settingSourceName(compatibility.source), mode.value,
                     settingSourceName(mode.source));
        }
        return tr("Compatibility %1 (%2)\nMode %3 (%4)")
            .arg(compatibility.value, settingSourceName(compatibility.source), mode.value,
                 settingSourceName(mode.source));
    }
    case Kind::Exporters:
        return node.error;
    case Kind::Exporter:
        return node.error.isEmpty() ? QString()
                                    : tr("Its status could not be read: %1\nRefresh exporters (on the "
                                         "Exporters node) reads it "
                                         "again.")
                                          .arg(node.error);
    }
    return {};
}

QVariant RegistryTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node &node = *nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == DetailsColumn)
            return detailsText(node);
        if (node.kind == Kind::Context && node.name == defaultContext)
            return tr(". (default)");
        if (node.kind == Kind::Version)
            return tr("v%1").arg(node.version);
        return node.name;
    case Qt::ToolTipRole:
        return registry::plainToolTip(toolTip(node));
    case Qt::AccessibleDescriptionRole: // a screen reader hears where the badges' values come from
        return toolTip(node);
    case Qt::AccessibleTextRole:
        if (index.column() == DetailsColumn && node.kind == Kind::Context)
            return tr("compatibility %1, mode %2")
                .arg(effective(node, false).value, effective(node, true).value);
        return data(index, Qt::DisplayRole);
    case Qt::DecorationRole:
        if (index.column() == NameColumn && node.kind == Kind::Connection) {
            const QColor colour = connectionOf(node).info.colour;
            return colour.isValid() ? QVariant(colour) : QVariant();
        }
        return {};
    case Qt::ForegroundRole:
        if (!node.error.isEmpty())
            return QColor(0xd0, 0x30, 0x30);
        if (node.deleted)
            return QColor(0x80, 0x80, 0x80);
        if (node.kind == Kind::Exporter && node.state == u"PAUSED")
            return QColor(0xd0, 0x80, 0x00);
        return {};
    case Qt::FontRole:
        if (node.deleted) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        if (index.column() == DetailsColumn && node.kind == Kind::Context) {
            // Italic when neither value is set on the context itself.
            const bool inherited = effective(node, false).source != SettingSource::Context &&
                                   effective(node, true).source != SettingSource::Context;
            if (inherited) {
                QFont font;
                font.setItalic(true);
                return font;
            }
        }
        return {};
    case KindRole:
        return QVariant::fromValue(node.kind);
    case ConnectionIdRole:
        return connectionOf(node).info.id;
    case ContextRole:
        if (node.kind == Kind::Context)
            return node.name;
        if (node.kind == Kind::Subject)
            return node.parent->name;
        if (node.kind == Kind::Version)
            return node.parent->parent->name;
        return {};
    case QualifiedSubjectRole:
        if (node.kind == Kind::Subject)
            return qualified(node.parent->name, node.name);
        if (node.kind == Kind::Version)
            return qualified(node.parent->parent->name, node.parent->name);
        return {};
    case SubjectRole:
        if (node.kind == Kind::Subject)
            return node.name;
        if (node.kind == Kind::Version)
            return node.parent->name;
        return {};
    case SchemaTypeRole:
        return node.kind == Kind::Subject ? QVariant(node.schemaType) : QVariant();
    case VersionCountRole:
        return node.kind == Kind::Subject ? QVariant(node.liveVersions) : QVariant();
    case VersionRole:
        return node.kind == Kind::Version ? QVariant(node.version) : QVariant();
    case SchemaIdRole:
        return node.kind == Kind::Version ? QVariant(node.id) : QVariant();
    case DeletedRole:
        return node.deleted;
    case EffectiveModeRole:
        return node.kind == Kind::Context || node.kind == Kind::Subject || node.kind == Kind::Version
                   ? QVariant(effective(node, true).value)
                   : QVariant();
    case ModeSourceRole:
        return node.kind == Kind::Context || node.kind == Kind::Subject || node.kind == Kind::Version
                   ? QVariant(int(effective(node, true).source))
                   : QVariant();
    case EffectiveCompatibilityRole:
        return node.kind == Kind::Context || node.kind == Kind::Subject || node.kind == Kind::Version
                   ? QVariant(effective(node, false).value)
                   : QVariant();
    case CompatibilitySourceRole:
        return node.kind == Kind::Context || node.kind == Kind::Subject || node.kind == Kind::Version
                   ? QVariant(int(effective(node, false).source))
                   : QVariant();
    case ErrorRole:
        return node.error.isEmpty() ? QVariant() : QVariant(node.error);
    case LoadingRole:
        return node.loading;
    case ExporterStateRole:
        return node.kind == Kind::Exporter ? QVariant(node.state) : QVariant();
    case PausedExportersRole:
        if (node.kind == Kind::Exporters || node.kind == Kind::Connection) {
            const Node *group = node.kind == Kind::Exporters ? &node : connectionOf(node).exporters;
            if (!group)
                return 0;
            return int(std::count_if(group->children.begin(), group->children.end(),
                                     [](const auto &c) { return c->state == u"PAUSED"; }));
        }
        return {};
    case FilterMatchRole:
        return node.kind == Kind::Subject && !m_filterLower.isEmpty() &&
               node.lowerName.contains(m_filterLower);
    default:
        return {};
    }
}

QVariant RegistryTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Name") : section == DetailsColumn ? tr("Details") : QVariant();
}

Qt::ItemFlags RegistryTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (!hasChildren(index.siblingAtColumn(0)))
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

QHash<int, QByteArray> RegistryTreeModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(ConnectionIdRole, "connectionId");
    names.insert(QualifiedSubjectRole, "qualifiedSubject");
    names.insert(SchemaTypeRole, "schemaType");
    names.insert(VersionRole, "version");
    names.insert(SchemaIdRole, "schemaId");
    return names;
}

} // namespace sd::items
