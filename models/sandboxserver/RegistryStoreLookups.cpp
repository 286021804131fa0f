// RegistryStore's lookups that answer with an existing version: the registration's first step and
// GET /subjects/{subject}/metadata. Kept apart from RegistryStore.cpp to keep that file's size in check.
#include "sandboxserver/RegistryStore.h"
#include "sandboxserver/SchemaResolver.h"

using namespace Qt::StringLiterals;

namespace sd::sandbox {

// Confluent's KafkaSchemaRegistry.registerOrForward (github.com/confluentinc/schema-registry,
// core/src/main/java/io/confluent/kafka/schemaregistry/storage/KafkaSchemaRegistry.java, v8.0.0 and
// master) looks the schema up under the subject BEFORE register() checks the mode, unless the config in
// scope has default/override metadata or rule sets:
//   - no version asked for (or -1): the existing version is answered when no id was given or it is
//     the same id;
//   - a version asked for, with the existing id: that version is answered when it is the one found, or
//     when the asked version holds the same id and the same schema ("a user may have imported the same
//     schema with different versions").
// So an exporter (or anyone) re-registering a schema that already exists under the subject with the
// same id and version gets 200 and that version, whatever the mode — READWRITE included, where a new
// id-carrying registration would be refused with 42205 "is not in import mode" (checkRegisterMode).
SchemaVersionView RegistryStore::alreadyRegistered(const QualifiedSubject &name,
                                                   const RegisterRequest &request, bool normalize) const
{
    const SubjectEntry *existing = findSubject(name.context, name.name);
    const ContextEntry *ctx = context(name.context);
    if (!existing || !ctx || !existing->hasLive())
        return {};
    const QJsonObject config = effectiveConfig(name.toString());
    for (const QString &key :
         {u"defaultMetadata"_s, u"overrideMetadata"_s, u"defaultRuleSet"_s, u"overrideRuleSet"_s}) {
        if (config.contains(key))
            return {};
    }
    SchemaResolver::Candidate candidate;
    RegistryError ignored; // an unreadable schema is reported by the registration itself
    if (!SchemaResolver(*this).prepareCandidate(name.context, request, normalize, existing, &candidate,
                                                &ignored))
        return {};
    const QString identity = SchemaResolver::identityOf(candidate.type, candidate.text, candidate.references,
                                                        request.metadata, request.ruleSet);
    const VersionEntry *found = nullptr;
    for (auto it = existing->versions.rbegin(); it != existing->versions.rend() && !found; ++it) {
        const StoredSchemaPtr stored = it->second.deleted ? nullptr : ctx->schemas.value(it->second.id);
        if (stored && stored->identity == identity)
            found = &it->second;
    }
    if (!found)
        return {};
    if (request.version <= 0)
        return request.id < 0 || request.id == found->id ? view(name.context, name.name, *found)
                                                         : SchemaVersionView{};
    if (request.id != found->id)
        return {};
    if (request.version == found->version)
        return view(name.context, name.name, *found);
    const auto asked = existing->versions.find(request.version);
    if (asked != existing->versions.end() && !asked->second.deleted && asked->second.id == found->id)
        return view(name.context, name.name, asked->second);
    return {};
}

SchemaVersionView RegistryStore::latestWithMetadata(const QString &subjectText,
                                                    const QList<std::pair<QString, QString>> &pairs,
                                                    bool includeDeleted, RegistryError *error) const
{
    // KafkaSchemaRegistry.getLatestWithMetadata: newest first; a version without metadata properties
    // never matches, even when no pair is asked for. No match: 40401 when the subject has no
    // (live, unless deleted=true) version, else 40403.
    *error = {};
    const QualifiedSubject name = resolveForRead(subjectText, includeDeleted);
    const SubjectEntry *subject = findSubject(name.context, name.name);
    if (!subject || subject->versions.empty() || (!includeDeleted && !subject->hasLive())) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(subjectText)};
        return {};
    }
    const ContextEntry *ctx = context(name.context);
    for (auto it = subject->versions.rbegin(); it != subject->versions.rend(); ++it) {
        if (it->second.deleted && !includeDeleted)
            continue;
        const StoredSchemaPtr stored = ctx ? ctx->schemas.value(it->second.id) : nullptr;
        const QJsonValue properties = stored ? stored->metadata.value(u"properties"_s) : QJsonValue();
        if (!properties.isObject())
            continue;
        const QJsonObject object = properties.toObject();
        const bool all = std::all_of(pairs.cbegin(), pairs.cend(), [&object](const auto &pair) {
            const QJsonValue value = object.value(pair.first);
            return value.isString() && value.toString() == pair.second;
        });
        if (all)
            return view(name.context, name.name, it->second);
    }
    *error = {404, 40403, u"Schema not found"_s};
    return {};
}

} // namespace sd::sandbox
