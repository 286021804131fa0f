#pragma once

#include "registry/RegistryTypes.h"
#include "registry/RequestGroup.h"
#include "schema/Schema.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace sd::registry {
class RegistryClient;
}

namespace sd::items {

// A schema's references, both ways, for the screens that show or edit one version: the schemas its
// references point at (fetched once per subject and version, so a draft's validation knows their
// named types), and the versions that reference it ("referenced by"). Unqualified reference subjects
// resolve in the referrer's context (referenceTarget()).
class SchemaReferences : public QObject
{
    Q_OBJECT
public:
    explicit SchemaReferences(QObject *parent = nullptr);

    // Fetches the references not asked for yet; `fetched` follows each answer.
    void fetch(registry::RegistryClient *client, const QString &referrerSubject,
               const QList<registry::SchemaReference> &references);
    // The references whose schemas have arrived, named as the referrer names them.
    QList<schema::ResolvedReference> resolved(const QList<registry::SchemaReference> &references) const;

    // Asks which versions reference `subject` v`version`; a new call (or cancelReferrers()) drops the
    // answers of the previous one. `referrersFound` follows once.
    void findReferrers(registry::RegistryClient *client, const QString &subject, int version);
    void cancelReferrers() { m_referrers.cancel(); }

Q_SIGNALS:
    void fetched();
    // `error` is set when the referrer ids could not be listed; the versions of ids that could not be
    // looked up are left out.
    void referrersFound(const QList<sd::registry::SubjectVersionRef> &referrers, const QString &error);

private:
    static QString keyOf(const registry::SchemaReference &reference);

    QHash<QString, std::pair<QString, QString>>
        m_schemas; // "subject/version" → (type, schema); empty while asked
    registry::RequestGroup m_referrers;
};

} // namespace sd::items
