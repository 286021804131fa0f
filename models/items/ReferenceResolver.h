#pragma once

#include "registry/RegistryTypes.h"
#include "schema/Schema.h"

#include <functional>
#include <QList>
#include <QObject>
#include <QString>

namespace sd::registry {
class RegistryClient;
}

namespace sd::items {

// The registered subject a reference points at: an unqualified reference subject resolves in the
// referrer's own context (":.ctx:orders" referencing "Address" means ":.ctx:Address").
QString referenceTarget(const QString &referrerSubject, const QString &referenceSubject);

// Fetches the schemas a version references, and the ones those reference in turn (each name once,
// deepest first), so that parsing, normalising and comparing it know its named types. `done` is called
// exactly once on the GUI thread, unless `context` is destroyed first; `error` names the first reference
// that could not be fetched (the list then holds what could).
using ReferencesCallback =
    std::function<void(const QList<schema::ResolvedReference> &resolved, const QString &error)>;
void resolveReferenceClosure(registry::RegistryClient *client, const QString &referrerSubject,
                             const QList<registry::SchemaReference> &references, QObject *context,
                             ReferencesCallback done);

} // namespace sd::items
