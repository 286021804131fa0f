#include "items/SchemaReferences.h"

#include "items/ReferenceResolver.h"
#include "registry/RegistryClient.h"

#include <memory>

namespace sd::items {

using registry::Result;

SchemaReferences::SchemaReferences(QObject *parent)
    : QObject(parent)
{}

QString SchemaReferences::keyOf(const registry::SchemaReference &reference)
{
    return reference.subject + u'/' + QString::number(reference.version);
}

void SchemaReferences::fetch(registry::RegistryClient *client, const QString &referrerSubject,
                             const QList<registry::SchemaReference> &references)
{
    if (!client)
        return;
    for (const registry::SchemaReference &ref : references) {
        const QString key = keyOf(ref);
        if (m_schemas.contains(key))
            continue;
        m_schemas.insert(key, {});
        client->getVersion(referenceTarget(referrerSubject, ref.subject), QString::number(ref.version), false,
                           this, [this, key](const Result<registry::SchemaVersion> &r) {
                               if (r)
                                   m_schemas.insert(key, {r.value.schemaType, r.value.schema});
                               else
                                   m_schemas.remove(key); // asked again on the next fetch()
                               Q_EMIT fetched();
                           });
    }
}

QList<schema::ResolvedReference>
SchemaReferences::resolved(const QList<registry::SchemaReference> &references) const
{
    QList<schema::ResolvedReference> result;
    for (const registry::SchemaReference &ref : references) {
        const auto found = m_schemas.value(keyOf(ref));
        if (!found.second.isEmpty())
            result.append({ref.name,
                           schema::schemaTypeFromName(found.first).value_or(schema::SchemaType::Avro),
                           found.second});
    }
    return result;
}

void SchemaReferences::findReferrers(registry::RegistryClient *client, const QString &subject, int version)
{
    QObject *context = m_referrers.start();
    if (!client)
        return;
    m_referrers.track(client->getReferencedBy(
        subject, QString::number(version), context,
        [this, context, client = QPointer(client)](const Result<QList<int>> &ids) {
            if (!ids || !client) {
                Q_EMIT referrersFound({}, ids ? QString() : ids.error.summary());
                return;
            }
            auto referrers = std::make_shared<QList<registry::SubjectVersionRef>>();
            auto arrived = m_referrers.join(int(ids.value.size()),
                                            [this, referrers] { Q_EMIT referrersFound(*referrers, {}); });
            for (int id : ids.value) {
                m_referrers.track(client->getVersionsForId(
                    id, false, context,
                    [referrers, arrived](const Result<QList<registry::SubjectVersionRef>> &r) {
                        if (r)
                            referrers->append(r.value);
                        arrived();
                    }));
            }
        }));
}

} // namespace sd::items
