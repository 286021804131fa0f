#pragma once

#include "sandboxserver/RegistryStore.h"

namespace sd::sandbox {

// Schemas as a RegistryStore's rules read them: parsed with their references resolved (to a depth of
// 32), a registration's candidate prepared and checked for compatibility against the versions its
// subject's level asks for. A view of the store made for one call.
class SchemaResolver
{
public:
    explicit SchemaResolver(const RegistryStore &store);

    struct Candidate
    {
        schema::ParsedSchemaPtr parsed;
        schema::SchemaType type = schema::SchemaType::Avro;
        QString text;
        QList<SchemaReference> references; // versions resolved
        QString identity;
    };

    // What makes two registrations the same schema: type, text, references, metadata and rule set.
    static QString identityOf(schema::SchemaType type, const QString &text,
                              const QList<SchemaReference> &refs, const QJsonObject &metadata,
                              const QJsonObject &ruleSet);
    // The schema's guid: a name-based (MD5) UUID of its identity.
    static QString guidFor(const QString &identity);

    // Parsed once and kept with the stored schema; null when it no longer parses.
    schema::ParsedSchemaPtr parsedSchema(const StoredSchema &schema) const;
    bool prepareCandidate(const QString &context, const RegisterRequest &request, bool normalize,
                          const RegistryStore::SubjectEntry *subject, Candidate *candidate,
                          RegistryError *error) const;
    schema::CompatibilityResult checkAgainst(const QString &context, const QString &subject,
                                             const RegistryStore::SubjectEntry &entry,
                                             const schema::ParsedSchema &candidate,
                                             const QJsonObject &candidateMetadata) const;
    // POST /compatibility/...: `version` empty = against all versions.
    CompatibilityOutcome testCompatibility(const QString &subject, const QString &version,
                                           const RegisterRequest &request, bool normalize, bool verbose,
                                           RegistryError *error) const;

private:
    using ContextEntry = RegistryStore::ContextEntry;
    using SubjectEntry = RegistryStore::SubjectEntry;
    using VersionEntry = RegistryStore::VersionEntry;

    bool resolveReferences(const QString &context, const QList<SchemaReference> &references,
                           QList<schema::ResolvedReference> *resolved, QList<SchemaReference> *concrete,
                           RegistryError *error, int depth = 0) const;
    QList<schema::ResolvedReference> referenceClosure(const StoredSchema &schema) const;

    const RegistryStore &m_store;
};

} // namespace sd::sandbox
