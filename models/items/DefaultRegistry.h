#pragma once

#include <QString>
#include <QStringList>

namespace sd::items {

class RegistryTreeModel;

// Which registry a dialog starts on, so that its defaults follow what the user is looking at rather
// than the first connection in the list. Reads only what the tree's load found (no request).
class DefaultRegistry
{
public:
    explicit DefaultRegistry(const RegistryTreeModel &tree);

    // The connection that holds the counterpart of `qualifiedSubject` on `connectionId`, among
    // `candidates` (in their order): another registry with the same name first — in a context named
    // like that registry (an exporter's copy, `:.source:pageviews-value`), then under the same
    // qualified name, then in any context — else `connectionId` itself when another of its contexts
    // holds the name; empty when none does.
    QString counterpart(const QStringList &candidates, const QString &connectionId,
                        const QString &qualifiedSubject) const;

    // The right side of a comparison whose left side is (`leftConnectionId`, `leftSubject`): the
    // counterpart's registry, else the one selected in the tree, else another registry than the
    // left one, else the left one.
    QString compareRight(const QStringList &connectionIds, const QString &leftConnectionId,
                         const QString &leftSubject, const QString &selectedConnectionId) const;

    // The source of a new exporter, among the registries that may run one (`writable`): the one asked
    // for, else the one selected in the tree, else where the selected subject's counterpart is (a
    // copy selected on a read-only mirror: its origin), else the first.
    QString exporterSource(const QStringList &writable, const QString &requested,
                           const QString &selectedConnectionId, const QString &selectedSubject) const;

private:
    int counterpartScore(const QString &candidate, const QString &sourceName, const QString &qualifiedSubject,
                         const QString &name) const;

    const RegistryTreeModel &m_tree;
};

} // namespace sd::items
