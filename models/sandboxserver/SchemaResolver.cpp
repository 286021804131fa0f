#include "sandboxserver/SchemaResolver.h"

#include "sandboxserver/ResponseShapes.h"
#include "sandboxserver/RuleSetValidator.h"
#include "sandboxserver/SandboxLogging.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QUuid>

using namespace Qt::StringLiterals;
using sd::schema::CompatibilityLevel;
using sd::schema::SchemaType;

namespace sd::sandbox {

namespace {

constexpr int kMaxReferenceDepth = 32;

} // namespace

SchemaResolver::SchemaResolver(const RegistryStore &store)
    : m_store(store)
{}

schema::ParsedSchemaPtr SchemaResolver::parsedSchema(const StoredSchema &stored) const
{
    if (!stored.parsed) {
        schema::ParseOptions options;
        options.validateDefaults = false; // stored schemas are re-read leniently
        const schema::ParseResult result =
            schema::parseSchema(stored.type, stored.text, referenceClosure(stored), options);
        if (!result.ok())
            qCWarning(lcSandbox) << "stored schema" << stored.id << "in" << stored.context
                                 << "no longer parses:" << result.error;
        stored.parsed = result.schema;
    }
    return stored.parsed;
}

QList<schema::ResolvedReference> SchemaResolver::referenceClosure(const StoredSchema &stored) const
{
    QList<schema::ResolvedReference> closure;
    QSet<QString> seen;
    std::function<void(const StoredSchema &, int)> visit = [&](const StoredSchema &current, int depth) {
        if (depth > kMaxReferenceDepth)
            return;
        const QList<VersionKey> targets = m_store.referenceTargets(current.context, current);
        for (qsizetype i = 0; i < targets.size(); ++i) {
            const VersionKey &key = targets[i];
            const SubjectEntry *subject = m_store.findSubject(key.context, key.subject);
            if (!subject)
                continue;
            const auto it = subject->versions.find(key.version);
            if (it == subject->versions.end())
                continue;
            const ContextEntry *ctx = m_store.context(key.context);
            const StoredSchemaPtr target = ctx ? ctx->schemas.value(it->second.id) : nullptr;
            if (!target)
                continue;
            visit(*target, depth + 1); // dependencies first
            const QString name = current.references[i].name;
            if (seen.contains(name))
                continue;
            seen.insert(name);
            closure.append({name, target->type, target->text});
        }
    };
    visit(stored, 0);
    return closure;
}

bool SchemaResolver::resolveReferences(const QString &contextName, const QList<SchemaReference> &references,
                                       QList<schema::ResolvedReference> *resolved,
                                       QList<SchemaReference> *concrete, RegistryError *error,
                                       int depth) const
{
    if (depth > kMaxReferenceDepth) {
        *error = {422, 42201,
                  u"Invalid schema: references nest deeper than %1 levels"_s.arg(kMaxReferenceDepth)};
        return false;
    }
    for (const SchemaReference &reference : references) {
        if (reference.name.isEmpty() || reference.subject.isEmpty()) {
            *error = {422, 42201, u"Invalid schema: a reference needs a name and a subject"_s};
            return false;
        }
        const QualifiedSubject target = QualifiedSubject::parseRelative(reference.subject, contextName);
        const SubjectEntry *subject = m_store.findSubject(target.context, target.name);
        const VersionEntry *entry = nullptr;
        if (subject) {
            if (reference.version == -1 || reference.version == 0) {
                entry = m_store.latestLive(*subject);
            } else {
                const auto it = subject->versions.find(reference.version);
                if (it != subject->versions.end() && !it->second.deleted)
                    entry = &it->second;
            }
        }
        const ContextEntry *ctx = m_store.context(target.context);
        const StoredSchemaPtr stored = entry && ctx ? ctx->schemas.value(entry->id) : nullptr;
        if (!stored) {
            *error = {
                422, 42201,
                u"Invalid schema: reference '%1' points at subject '%2' version %3, which does not exist"_s
                    .arg(reference.name, reference.subject)
                    .arg(reference.version)};
            return false;
        }
        QList<schema::ResolvedReference> nested;
        QList<SchemaReference> ignored;
        if (!resolveReferences(stored->context, stored->references, &nested, &ignored, error, depth + 1))
            return false;
        for (const schema::ResolvedReference &n : nested) {
            if (std::none_of(resolved->begin(), resolved->end(),
                             [&n](const schema::ResolvedReference &r) { return r.name == n.name; }))
                resolved->append(n);
        }
        if (std::none_of(
                resolved->begin(), resolved->end(),
                [&reference](const schema::ResolvedReference &r) { return r.name == reference.name; }))
            resolved->append({reference.name, stored->type, stored->text});
        concrete->append({reference.name, reference.subject, entry->version});
    }
    return true;
}

bool SchemaResolver::prepareCandidate(const QString &contextName, const RegisterRequest &request,
                                      bool normalize, const SubjectEntry *subject, Candidate *candidate,
                                      RegistryError *error) const
{
    if (request.schema.size() > m_store.m_settings.maxSchemaSize) {
        *error = {422, 42209, u"Schema too large"_s};
        return false;
    }
    if (RegistryError invalid = RuleSetValidator::check(request.ruleSet); invalid.isError()) {
        *error = invalid;
        return false;
    }
    QString text = request.schema;
    QList<SchemaReference> references = request.references;
    std::optional<SchemaType> type = SchemaType::Avro;
    if (request.schemaType && !request.schemaType->isEmpty()) {
        type = schema::schemaTypeFromName(*request.schemaType);
        if (!type) {
            *error = {422, 42201, u"Invalid schema type %1"_s.arg(*request.schemaType)};
            return false;
        }
    }
    if (text.trimmed().isEmpty()) {
        // An empty schema re-uses the previous version's schema (metadata/ruleSet updates).
        const VersionEntry *previous = subject ? m_store.latestLive(*subject) : nullptr;
        const ContextEntry *ctx = m_store.context(contextName);
        const StoredSchemaPtr stored = previous && ctx ? ctx->schemas.value(previous->id) : nullptr;
        if (!stored) {
            *error = {422, 42201, u"Empty schema"_s};
            return false;
        }
        text = stored->text;
        type = stored->type;
        if (references.isEmpty())
            references = stored->references;
    }
    QList<schema::ResolvedReference> resolved;
    QList<SchemaReference> concrete;
    if (!resolveReferences(contextName, references, &resolved, &concrete, error))
        return false;
    const schema::ParseResult parsed = schema::parseSchema(*type, text, resolved);
    if (!parsed.ok()) {
        *error = {
            422, 42201,
            u"Invalid schema of type %1, details: %2"_s.arg(schema::schemaTypeName(*type), parsed.error)};
        return false;
    }
    candidate->parsed = parsed.schema;
    candidate->type = *type;
    candidate->text = normalize ? parsed.schema->normalizedText() : parsed.schema->canonicalText();
    candidate->references = concrete;
    candidate->identity = identityOf(*type, candidate->text, concrete, request.metadata, request.ruleSet);
    return true;
}

schema::CompatibilityResult SchemaResolver::checkAgainst(const QString &contextName, const QString &subject,
                                                         const SubjectEntry &entry,
                                                         const schema::ParsedSchema &candidate,
                                                         const QJsonObject &candidateMetadata) const
{
    const CompatibilityLevel level = m_store.effectiveCompatibility(contextName, subject);
    if (level == CompatibilityLevel::None)
        return {};
    const ContextEntry *ctx = m_store.context(contextName);
    const QJsonObject config = m_store.effectiveConfig(QualifiedSubject::qualify(contextName, subject));
    const QString group = config.value(u"compatibilityGroup"_s).toString();
    auto groupOf = [&group](const QJsonObject &metadata) {
        return metadata.value(u"properties"_s).toObject().value(group).toString();
    };
    QList<schema::ParsedSchemaPtr> previous;
    for (const auto &[number, version] : entry.versions) {
        if (version.deleted)
            continue;
        const StoredSchemaPtr stored = ctx ? ctx->schemas.value(version.id) : nullptr;
        if (!stored)
            continue;
        if (!group.isEmpty() && groupOf(stored->metadata) != groupOf(candidateMetadata))
            continue;
        if (schema::ParsedSchemaPtr parsed = parsedSchema(*stored))
            previous.append(parsed);
    }
    if (!schema::isTransitive(level) && previous.size() > 1)
        previous = {previous.last()};
    if (previous.isEmpty())
        return {};
    return schema::checkCompatibility(level, candidate, previous);
}

CompatibilityOutcome SchemaResolver::testCompatibility(const QString &subjectText, const QString &version,
                                                       const RegisterRequest &request, bool normalize,
                                                       bool verbose, RegistryError *error) const
{
    *error = {};
    const QualifiedSubject name = QualifiedSubject::parse(subjectText);
    int number = 0;
    bool latest = false;
    if (!version.isNull() && !m_store.parseVersionId(version, &number, &latest)) {
        *error = m_store.invalidVersionError(version);
        return {};
    }
    const SubjectEntry *subject = m_store.findSubject(name.context, name.name);
    Candidate candidate;
    if (!prepareCandidate(name.context, request, normalize, subject, &candidate, error)) {
        if (verbose && error->code == 42201) {
            // verbose turns an invalid schema into an incompatible answer carrying the parse error.
            CompatibilityOutcome outcome{false, {error->message}};
            *error = {};
            return outcome;
        }
        return {};
    }
    QList<schema::ParsedSchemaPtr> previous;
    QList<int> previousVersions;
    const ContextEntry *ctx = m_store.context(name.context);
    const CompatibilityLevel level = m_store.effectiveCompatibility(name.context, name.name);
    if (!version.isNull()) {
        const VersionEntry *target = nullptr;
        if (subject) {
            if (latest) {
                target = m_store.latestLive(*subject);
            } else {
                const auto it = subject->versions.find(number);
                if (it != subject->versions.end() && !it->second.deleted)
                    target = &it->second;
            }
        }
        if (!target && !latest) {
            *error = {404, 40402, u"Version %1 not found."_s.arg(number)};
            return {};
        }
        if (target) {
            if (const StoredSchemaPtr stored = ctx->schemas.value(target->id)) {
                previous.append(parsedSchema(*stored));
                previousVersions.append(target->version);
            }
        }
    } else if (subject) {
        for (const auto &[n, entry] : subject->versions) {
            if (entry.deleted)
                continue;
            if (const StoredSchemaPtr stored = ctx->schemas.value(entry.id)) {
                previous.append(parsedSchema(*stored));
                previousVersions.append(n);
            }
        }
        if (!schema::isTransitive(level) && previous.size() > 1) {
            previous = {previous.last()};
            previousVersions = {previousVersions.last()};
        }
    }
    previous.removeAll(nullptr);
    CompatibilityOutcome outcome;
    if (level == CompatibilityLevel::None || previous.isEmpty())
        return outcome;
    const schema::CompatibilityResult result = schema::checkCompatibility(level, *candidate.parsed, previous);
    outcome.compatible = result.compatible;
    if (verbose && !result.compatible) {
        outcome.messages = result.messages;
        const StoredSchemaPtr last = ctx->schemas.value(subject->versions.at(previousVersions.last()).id);
        outcome.messages.append(u"{oldSchemaVersion: %1}"_s.arg(previousVersions.last()));
        outcome.messages.append(u"{oldSchema: '%1'}"_s.arg(last ? last->text : QString()));
        const QJsonObject config = m_store.effectiveConfig(name.toString());
        outcome.messages.append(u"{validateFields: '%1', compatibility: '%2'}"_s.arg(
            config.value(u"validateFields"_s).toBool() ? u"true"_s : u"false"_s,
            schema::compatibilityLevelName(level)));
    }
    return outcome;
}

QString SchemaResolver::identityOf(SchemaType type, const QString &text, const QList<SchemaReference> &refs,
                                   const QJsonObject &metadata, const QJsonObject &ruleSet)
{
    QString identity = schema::schemaTypeName(type) + u'\n' + text;
    if (!refs.isEmpty())
        identity +=
            u"\nrefs:"_s +
            QString::fromUtf8(QJsonDocument(registry::referencesToJson(refs)).toJson(QJsonDocument::Compact));
    if (!metadata.isEmpty())
        identity +=
            u"\nmetadata:"_s + QString::fromUtf8(QJsonDocument(metadata).toJson(QJsonDocument::Compact));
    if (!ruleSet.isEmpty())
        identity +=
            u"\nruleSet:"_s + QString::fromUtf8(QJsonDocument(ruleSet).toJson(QJsonDocument::Compact));
    return identity;
}

QString SchemaResolver::guidFor(const QString &identity)
{
    QByteArray md5 = QCryptographicHash::hash(identity.toUtf8(), QCryptographicHash::Md5);
    md5[6] = char((md5[6] & 0x0f) | 0x30); // name-based (MD5) UUID
    md5[8] = char((md5[8] & 0x3f) | 0x80);
    return QUuid::fromRfc4122(md5).toString(QUuid::WithoutBraces);
}

} // namespace sd::sandbox
