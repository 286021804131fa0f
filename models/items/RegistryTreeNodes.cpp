// RegistryTreeModel: making nodes — version rows, and skeletons prepared on any thread.
#include "RegistryTreeNodes.h"

namespace sd::items {

using Kind = RegistryTreeModel::Kind;

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

} // namespace sd::items
