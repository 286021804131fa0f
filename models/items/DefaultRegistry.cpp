#include "DefaultRegistry.h"

#include "registry/RegistryTypes.h"
#include "RegistryTreeModel.h"

#include <algorithm>

namespace sd::items {

namespace {

// A context named after a registry: ".source" for "source", ".dc1" for "DC1 (primary)".
bool namedLike(const QString &context, const QString &registryName)
{
    const QString bare = context.mid(1).toLower();
    const QString lower = registryName.toLower();
    return !bare.isEmpty() && !lower.isEmpty() && (lower.contains(bare) || bare.contains(lower));
}

} // namespace

DefaultRegistry::DefaultRegistry(const RegistryTreeModel &tree)
    : m_tree(tree)
{}

int DefaultRegistry::counterpartScore(const QString &candidate, const QString &sourceName,
                                      const QString &qualifiedSubject, const QString &name) const
{
    int score = 0;
    for (const QString &context : m_tree.contextNames(candidate)) {
        const QString qualified = registry::QualifiedSubject{context, name}.toString();
        if (!m_tree.containsSubject(candidate, qualified))
            continue;
        if (qualified == qualifiedSubject)
            score = std::max(score, 2);
        else if (namedLike(context, sourceName))
            score = std::max(score, 3);
        else
            score = std::max(score, 1);
    }
    return score;
}

QString DefaultRegistry::counterpart(const QStringList &candidates, const QString &connectionId,
                                     const QString &qualifiedSubject) const
{
    if (qualifiedSubject.isEmpty())
        return {};
    const QString name = registry::QualifiedSubject::parse(qualifiedSubject).name;
    const QString sourceName = m_tree.connectionIndex(connectionId).data(Qt::DisplayRole).toString();
    QString best;
    int bestScore = 0;
    for (const QString &candidate : candidates) {
        if (candidate == connectionId)
            continue;
        const int score = counterpartScore(candidate, sourceName, qualifiedSubject, name);
        if (score > bestScore) {
            best = candidate;
            bestScore = score;
        }
    }
    if (!best.isEmpty())
        return best;
    // The same registry, when another of its contexts holds the name.
    if (candidates.contains(connectionId)) {
        for (const QString &context : m_tree.contextNames(connectionId)) {
            const QString qualified = registry::QualifiedSubject{context, name}.toString();
            if (qualified != qualifiedSubject && m_tree.containsSubject(connectionId, qualified))
                return connectionId;
        }
    }
    return {};
}

QString DefaultRegistry::compareRight(const QStringList &connectionIds, const QString &leftConnectionId,
                                      const QString &leftSubject, const QString &selectedConnectionId) const
{
    const QString found = counterpart(connectionIds, leftConnectionId, leftSubject);
    if (!found.isEmpty())
        return found;
    if (connectionIds.contains(selectedConnectionId))
        return selectedConnectionId;
    for (const QString &id : connectionIds) {
        if (id != leftConnectionId)
            return id;
    }
    return leftConnectionId;
}

QString DefaultRegistry::exporterSource(const QStringList &writable, const QString &requested,
                                        const QString &selectedConnectionId,
                                        const QString &selectedSubject) const
{
    if (writable.contains(requested))
        return requested;
    if (writable.contains(selectedConnectionId))
        return selectedConnectionId;
    const QString found = counterpart(writable, selectedConnectionId, selectedSubject);
    if (!found.isEmpty())
        return found;
    return writable.isEmpty() ? QString() : writable.constFirst();
}

} // namespace sd::items
