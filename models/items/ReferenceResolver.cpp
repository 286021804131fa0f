#include "items/ReferenceResolver.h"

#include "items/RegistryTreeModel.h"
#include "registry/RegistryClient.h"
#include "registry/RegistryTypes.h"

#include <memory>
#include <QPointer>

namespace sd::items {

QString referenceTarget(const QString &referrerSubject, const QString &referenceSubject)
{
    if (referenceSubject.startsWith(u":."))
        return referenceSubject;
    return registry::QualifiedSubject{registry::QualifiedSubject::parse(referrerSubject).context,
                                      referenceSubject}
        .toString();
}

namespace {

constexpr int maxDepth = 16; // registries refuse deeper chains long before this

struct Closure
{
    struct Found
    {
        schema::ResolvedReference reference;
        int depth = 0;
    };
    QList<Found> found;
    QString error;
    int pending = 0;
    QPointer<QObject> context;
    ReferencesCallback done;

    bool known(const QString &name) const
    {
        return std::any_of(found.cbegin(), found.cend(),
                           [&name](const Found &f) { return f.reference.name == name; });
    }

    void finishIfIdle()
    {
        if (pending > 0 || !done)
            return;
        // Deepest first: a schema's own references are defined before it.
        std::stable_sort(found.begin(), found.end(),
                         [](const Found &a, const Found &b) { return a.depth > b.depth; });
        QList<schema::ResolvedReference> resolved;
        resolved.reserve(found.size());
        for (const Found &f : std::as_const(found))
            resolved.append(f.reference);
        const ReferencesCallback callback = std::move(done);
        done = nullptr;
        if (context)
            callback(resolved, error);
    }
};

void fetch(registry::RegistryClient *client, const std::shared_ptr<Closure> &closure,
           const QString &referrerSubject, const QList<registry::SchemaReference> &references, int depth)
{
    if (depth > maxDepth)
        return;
    for (const registry::SchemaReference &ref : references) {
        if (closure->known(ref.name))
            continue;
        closure->found.append({{ref.name, schema::SchemaType::Avro, QString()}, depth});
        ++closure->pending;
        const QString target = referenceTarget(referrerSubject, ref.subject);
        QPointer<registry::RegistryClient> guard(client);
        client->getVersion(
            target, QString::number(ref.version), true, closure->context.data(),
            [guard, closure, ref, target, depth](const registry::Result<registry::SchemaVersion> &r) {
                --closure->pending;
                if (!r) {
                    closure->found.removeIf(
                        [&ref](const Closure::Found &f) { return f.reference.name == ref.name; });
                    if (closure->error.isEmpty())
                        closure->error = QStringLiteral("%1 (%2 v%3): %4")
                                             .arg(ref.name, target)
                                             .arg(ref.version)
                                             .arg(r.error.summary());
                } else {
                    for (Closure::Found &f : closure->found) {
                        if (f.reference.name != ref.name)
                            continue;
                        f.reference.type =
                            schema::schemaTypeFromName(r.value.schemaType).value_or(schema::SchemaType::Avro);
                        f.reference.schema = r.value.schema;
                    }
                    if (guard)
                        fetch(guard, closure, target, r.value.references, depth + 1);
                }
                closure->finishIfIdle();
            });
    }
}

} // namespace

void resolveReferenceClosure(registry::RegistryClient *client, const QString &referrerSubject,
                             const QList<registry::SchemaReference> &references, QObject *context,
                             ReferencesCallback done)
{
    auto closure = std::make_shared<Closure>();
    closure->context = context;
    closure->done = std::move(done);
    if (client)
        fetch(client, closure, referrerSubject, references, 0);
    else if (!references.isEmpty())
        closure->error = QStringLiteral("the connection is closed");
    closure->finishIfIdle();
}

} // namespace sd::items
