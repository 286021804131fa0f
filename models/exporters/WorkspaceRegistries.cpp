#include "WorkspaceRegistries.h"

#include "items/RegistryWorkspace.h"

namespace sd::exporters {

QList<KnownRegistry> knownRegistries(const items::RegistryWorkspace &workspace)
{
    QList<KnownRegistry> known;
    for (const QString &id : workspace.connectionIds()) {
        const auto *c = workspace.connection(id);
        if (!c)
            continue;
        KnownRegistry r;
        r.connectionId = id;
        r.name = c->profile.name;
        r.urls = c->profile.urls;
        known.append(r);
    }
    return known;
}

QString connectionForUrl(const items::RegistryWorkspace &workspace, const QString &url)
{
    const auto known = knownRegistries(workspace);
    const KnownRegistry *r = findRegistry(known, url);
    return r ? r->connectionId : QString();
}

QString connectionName(const items::RegistryWorkspace &workspace, const QString &connectionId)
{
    const auto *c = workspace.connection(connectionId);
    return c ? c->profile.name : connectionId;
}

} // namespace sd::exporters
