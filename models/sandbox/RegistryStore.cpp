#include "sandbox/RegistryStore.h"

#include "sandbox/ResponseShapes.h"
#include "sandbox/SandboxLogging.h"

#include <algorithm>
#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QSet>
#include <QUuid>

using namespace Qt::StringLiterals;
using sd::schema::CompatibilityLevel;
using sd::schema::SchemaType;

namespace sd::sandbox {

namespace {

constexpr int kMaxReferenceDepth = 32;

const QStringList &configKeys()
{
    static const QStringList keys = {
        u"compatibility"_s,   u"compatibilityGroup"_s, u"compatibilityPolicy"_s, u"normalize"_s,
        u"validateFields"_s,  u"validateRules"_s,      u"validateNewSchemas"_s,  u"alias"_s,
        u"aliasForDeks"_s,    u"defaultMetadata"_s,    u"overrideMetadata"_s,    u"defaultRuleSet"_s,
        u"overrideRuleSet"_s,
    };
    return keys;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// "latest" (any case) and -1 mean the newest live version; 1..2^31-1 a number; anything else 42202.
bool parseVersionId(const QString &text, int *version, bool *latest)
{
    *latest = false;
    if (text.compare(u"latest"_s, Qt::CaseInsensitive) == 0 || text == u"-1") {
        *latest = true;
        return true;
    }
    bool ok = false;
    const qlonglong value = text.toLongLong(&ok);
    if (!ok || value < 1 || value > 2147483647LL)
        return false;
    *version = int(value);
    return true;
}

QString guidFor(const QString &identity)
{
    QByteArray md5 = QCryptographicHash::hash(identity.toUtf8(), QCryptographicHash::Md5);
    md5[6] = char((md5[6] & 0x0f) | 0x30); // name-based (MD5) UUID
    md5[8] = char((md5[8] & 0x3f) | 0x80);
    return QUuid::fromRfc4122(md5).toString(QUuid::WithoutBraces);
}

QList<SchemaReference> referencesFromJson(const QJsonArray &array)
{
    QList<SchemaReference> references;
    for (const QJsonValue &value : array) {
        const QJsonObject object = value.toObject();
        references.append({object.value(u"name"_s).toString(), object.value(u"subject"_s).toString(),
                           object.value(u"version"_s).toInt()});
    }
    return references;
}

} // namespace

QString registryModeName(RegistryMode mode)
{
    switch (mode) {
    case RegistryMode::ReadWrite:
        return u"READWRITE"_s;
    case RegistryMode::ReadOnly:
        return u"READONLY"_s;
    case RegistryMode::ReadOnlyOverride:
        return u"READONLY_OVERRIDE"_s;
    case RegistryMode::Import:
        return u"IMPORT"_s;
    case RegistryMode::Forward:
        return u"FORWARD"_s;
    }
    return {};
}

std::optional<RegistryMode> registryModeFromName(QStringView name)
{
    for (RegistryMode mode : {RegistryMode::ReadWrite, RegistryMode::ReadOnly, RegistryMode::ReadOnlyOverride,
                              RegistryMode::Import, RegistryMode::Forward}) {
        if (name.compare(registryModeName(mode), Qt::CaseInsensitive) == 0)
            return mode;
    }
    return std::nullopt;
}

QString changeKindName(ChangeLogEntry::Kind kind)
{
    switch (kind) {
    case ChangeLogEntry::Kind::SchemaRegistered:
        return u"SCHEMA_REGISTERED"_s;
    case ChangeLogEntry::Kind::VersionSoftDeleted:
        return u"VERSION_SOFT_DELETED"_s;
    case ChangeLogEntry::Kind::VersionHardDeleted:
        return u"VERSION_HARD_DELETED"_s;
    case ChangeLogEntry::Kind::SubjectSoftDeleted:
        return u"SUBJECT_SOFT_DELETED"_s;
    case ChangeLogEntry::Kind::SubjectHardDeleted:
        return u"SUBJECT_HARD_DELETED"_s;
    case ChangeLogEntry::Kind::ConfigChanged:
        return u"CONFIG_CHANGED"_s;
    case ChangeLogEntry::Kind::ConfigDeleted:
        return u"CONFIG_DELETED"_s;
    case ChangeLogEntry::Kind::ModeChanged:
        return u"MODE_CHANGED"_s;
    case ChangeLogEntry::Kind::ModeDeleted:
        return u"MODE_DELETED"_s;
    case ChangeLogEntry::Kind::ContextDeleted:
        return u"CONTEXT_DELETED"_s;
    }
    return {};
}

static std::optional<ChangeLogEntry::Kind> changeKindFromName(const QString &name)
{
    for (int i = 0; i <= int(ChangeLogEntry::Kind::ContextDeleted); ++i) {
        if (changeKindName(ChangeLogEntry::Kind(i)) == name)
            return ChangeLogEntry::Kind(i);
    }
    return std::nullopt;
}

RegistryStore::RegistryStore(QObject *parent)
    : QObject(parent)
{
    ensureContext(QualifiedSubject::defaultContext).listed = true;
}

RegistryStore::~RegistryStore() = default;

bool RegistryStore::SubjectEntry::hasLive() const
{
    return std::any_of(versions.begin(), versions.end(), [](const auto &v) { return !v.second.deleted; });
}

RegistryError RegistryStore::invalidVersionError(const QString &version)
{
    return {
        422, 42202,
        u"The specified version '%1' is not a valid version id. Allowed values are between [1, 2^31-1] and "
        u"the string \"latest\""_s.arg(version)};
}

RegistryError RegistryStore::validateRuleSet(const QJsonObject &ruleSet)
{
    auto invalid = [](const QString &why) {
        return RegistryError{422, 42210, u"Invalid rule set: %1"_s.arg(why)};
    };
    static const QStringList kinds = {u"CONDITION"_s, u"TRANSFORM"_s};
    static const QStringList modes = {u"UPGRADE"_s, u"DOWNGRADE"_s, u"UPDOWN"_s,
                                      u"WRITE"_s,   u"READ"_s,      u"WRITEREAD"_s};
    QSet<QString> names;
    for (const QString &group : {u"domainRules"_s, u"migrationRules"_s, u"encodingRules"_s}) {
        const QJsonValue rules = ruleSet.value(group);
        if (rules.isUndefined() || rules.isNull())
            continue;
        if (!rules.isArray())
            return invalid(u"%1 must be a list of rules"_s.arg(group));
        for (const QJsonValue &value : rules.toArray()) {
            const QJsonObject rule = value.toObject();
            const QString name = rule.value(u"name"_s).toString();
            if (!value.isObject() || name.isEmpty())
                return invalid(u"every rule in %1 needs a name"_s.arg(group));
            if (names.contains(name))
                return invalid(u"duplicate rule name '%1'"_s.arg(name));
            names.insert(name);
            const QString kind = rule.value(u"kind"_s).toString();
            if (!kind.isEmpty() && !kinds.contains(kind))
                return invalid(
                    u"rule '%1' has kind '%2'; valid kinds are CONDITION and TRANSFORM"_s.arg(name, kind));
            const QString mode = rule.value(u"mode"_s).toString();
            if (!mode.isEmpty() && !modes.contains(mode))
                return invalid(u"rule '%1' has an invalid mode '%2'"_s.arg(name, mode));
            if (rule.value(u"type"_s).toString().isEmpty())
                return invalid(u"rule '%1' needs a type"_s.arg(name));
        }
    }
    return {};
}

bool RegistryStore::isValidSubjectName(const QualifiedSubject &subject)
{
    if (subject.wildcard || subject.isGlobal())
        return false;
    if (subject.subject == u"__GLOBAL" || subject.subject == u"__EMPTY")
        return false;
    for (const QChar c : subject.subject) {
        if (c.category() == QChar::Other_Control)
            return false;
    }
    for (const QChar c : subject.context) {
        if (c.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

QString RegistryStore::identityOf(SchemaType type, const QString &text, const QList<SchemaReference> &refs,
                                  const QJsonObject &metadata, const QJsonObject &ruleSet)
{
    QString identity = schema::schemaTypeName(type) + u'\n' + text;
    if (!refs.isEmpty())
        identity += u"\nrefs:"_s +
                    QString::fromUtf8(QJsonDocument(referencesJson(refs)).toJson(QJsonDocument::Compact));
    if (!metadata.isEmpty())
        identity +=
            u"\nmetadata:"_s + QString::fromUtf8(QJsonDocument(metadata).toJson(QJsonDocument::Compact));
    if (!ruleSet.isEmpty())
        identity +=
            u"\nruleSet:"_s + QString::fromUtf8(QJsonDocument(ruleSet).toJson(QJsonDocument::Compact));
    return identity;
}

RegistryStore::ContextEntry *RegistryStore::context(const QString &name)
{
    const auto it = m_contexts.find(name);
    return it == m_contexts.end() ? nullptr : &it->second;
}

const RegistryStore::ContextEntry *RegistryStore::context(const QString &name) const
{
    const auto it = m_contexts.find(name);
    return it == m_contexts.end() ? nullptr : &it->second;
}

RegistryStore::ContextEntry &RegistryStore::ensureContext(const QString &name)
{
    auto it = m_contexts.find(name);
    if (it == m_contexts.end()) {
        it = m_contexts.emplace(name, ContextEntry{}).first;
        it->second.name = name;
        it->second.maxId = m_settings.firstSchemaId - 1;
    }
    return it->second;
}

const RegistryStore::SubjectEntry *RegistryStore::findSubject(const QString &contextName,
                                                              const QString &subject) const
{
    const ContextEntry *ctx = context(contextName);
    if (!ctx)
        return nullptr;
    const auto it = ctx->subjects.find(subject);
    return it == ctx->subjects.end() ? nullptr : &it->second;
}

RegistryStore::SubjectEntry *RegistryStore::findSubject(const QString &contextName, const QString &subject)
{
    ContextEntry *ctx = context(contextName);
    if (!ctx)
        return nullptr;
    const auto it = ctx->subjects.find(subject);
    return it == ctx->subjects.end() ? nullptr : &it->second;
}

QualifiedSubject RegistryStore::resolveForRead(const QString &subject, bool includeDeleted) const
{
    const QualifiedSubject name = QualifiedSubject::parse(subject);
    auto exists = [includeDeleted](const SubjectEntry *entry) {
        return entry && !entry->versions.empty() && (includeDeleted || entry->hasLive());
    };
    if (name.hasContextPrefix || exists(findSubject(name.context, name.subject)))
        return name;
    for (const auto &[contextName, ctx] : m_contexts) {
        const auto it = ctx.subjects.find(name.subject);
        if (it != ctx.subjects.end() && exists(&it->second)) {
            QualifiedSubject found = name;
            found.context = contextName;
            return found;
        }
    }
    return name;
}

const RegistryStore::VersionEntry *RegistryStore::latestLive(const SubjectEntry &subject) const
{
    for (auto it = subject.versions.rbegin(); it != subject.versions.rend(); ++it) {
        if (!it->second.deleted)
            return &it->second;
    }
    return nullptr;
}

const RegistryStore::VersionEntry *RegistryStore::findVersion(const SubjectEntry &subject,
                                                              const QString &version, bool includeDeleted,
                                                              const QualifiedSubject &name,
                                                              RegistryError *error) const
{
    int number = 0;
    bool latest = false;
    if (!parseVersionId(version, &number, &latest)) {
        *error = invalidVersionError(version);
        return nullptr;
    }
    if (latest) {
        // latest never returns a soft-deleted version, even with deleted=true.
        if (const VersionEntry *entry = latestLive(subject))
            return entry;
        *error = {404, 40402, u"Version %1 not found."_s.arg(version)};
        return nullptr;
    }
    const auto it = subject.versions.find(number);
    if (it == subject.versions.end() || (it->second.deleted && !includeDeleted)) {
        *error = {404, 40402, u"Version %1 not found."_s.arg(number)};
        return nullptr;
    }
    Q_UNUSED(name);
    return &it->second;
}

SchemaVersionView RegistryStore::view(const QString &contextName, const QString &subject,
                                      const VersionEntry &entry) const
{
    SchemaVersionView result;
    result.context = contextName;
    result.subject = subject;
    result.version = entry.version;
    result.deleted = entry.deleted;
    result.ts = entry.ts;
    if (const ContextEntry *ctx = context(contextName))
        result.schema = ctx->schemas.value(entry.id);
    return result;
}

schema::ParsedSchemaPtr RegistryStore::parsedSchema(const StoredSchema &stored) const
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

QList<VersionKey> RegistryStore::referenceTargets(const QString &contextName,
                                                  const StoredSchema &stored) const
{
    QList<VersionKey> targets;
    for (const SchemaReference &reference : stored.references) {
        const QualifiedSubject target = QualifiedSubject::parseRelative(reference.subject, contextName);
        targets.append({target.context, target.subject, reference.version});
    }
    return targets;
}

QList<schema::ResolvedReference> RegistryStore::referenceClosure(const StoredSchema &stored) const
{
    QList<schema::ResolvedReference> closure;
    QSet<QString> seen;
    std::function<void(const StoredSchema &, int)> visit = [&](const StoredSchema &current, int depth) {
        if (depth > kMaxReferenceDepth)
            return;
        const QList<VersionKey> targets = referenceTargets(current.context, current);
        for (qsizetype i = 0; i < targets.size(); ++i) {
            const VersionKey &key = targets[i];
            const SubjectEntry *subject = findSubject(key.context, key.subject);
            if (!subject)
                continue;
            const auto it = subject->versions.find(key.version);
            if (it == subject->versions.end())
                continue;
            const ContextEntry *ctx = context(key.context);
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

bool RegistryStore::resolveReferences(const QString &contextName, const QList<SchemaReference> &references,
                                      QList<schema::ResolvedReference> *resolved,
                                      QList<SchemaReference> *concrete, RegistryError *error, int depth) const
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
        const SubjectEntry *subject = findSubject(target.context, target.subject);
        const VersionEntry *entry = nullptr;
        if (subject) {
            if (reference.version == -1 || reference.version == 0) {
                entry = latestLive(*subject);
            } else {
                const auto it = subject->versions.find(reference.version);
                if (it != subject->versions.end() && !it->second.deleted)
                    entry = &it->second;
            }
        }
        const ContextEntry *ctx = context(target.context);
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

bool RegistryStore::prepareCandidate(const QString &contextName, const RegisterRequest &request,
                                     bool normalize, const SubjectEntry *subject, Candidate *candidate,
                                     RegistryError *error) const
{
    if (request.schema.size() > m_settings.maxSchemaSize) {
        *error = {422, 42209, u"Schema too large"_s};
        return false;
    }
    if (RegistryError invalid = validateRuleSet(request.ruleSet); invalid.isError()) {
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
        const VersionEntry *previous = subject ? latestLive(*subject) : nullptr;
        const ContextEntry *ctx = context(contextName);
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

schema::CompatibilityResult RegistryStore::checkAgainst(const QString &contextName, const QString &subject,
                                                        const SubjectEntry &entry,
                                                        const schema::ParsedSchema &candidate,
                                                        const QJsonObject &candidateMetadata) const
{
    const CompatibilityLevel level = effectiveCompatibility(contextName, subject);
    if (level == CompatibilityLevel::None)
        return {};
    const ContextEntry *ctx = context(contextName);
    const QJsonObject config = effectiveConfig(QualifiedSubject::qualify(contextName, subject));
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

CompatibilityLevel RegistryStore::effectiveCompatibility(const QString &contextName,
                                                         const QString &subject) const
{
    const QJsonObject config = effectiveConfig(QualifiedSubject::qualify(contextName, subject));
    return schema::compatibilityLevelFromName(config.value(u"compatibility"_s).toString())
        .value_or(m_settings.defaultCompatibility);
}

RegistryError RegistryStore::readOnlyCheck(const QString &contextName, const QString &subject,
                                           const QString &display) const
{
    if (!m_settings.modesEnforced)
        return {};
    const RegistryMode mode = effectiveMode(QualifiedSubject::qualify(contextName, subject));
    if (mode == RegistryMode::ReadOnly || mode == RegistryMode::ReadOnlyOverride)
        return {422, 42205, u"Subject %1 is in read-only mode"_s.arg(display)};
    return {};
}

void RegistryStore::log(ChangeLogEntry::Kind kind, const QString &contextName, const QString &subject,
                        int version, int id, const QJsonObject &payload)
{
    ChangeLogEntry entry;
    entry.offset = changeLogEnd();
    entry.ts = nowMs();
    entry.kind = kind;
    entry.context = contextName;
    entry.subject = subject;
    entry.version = version;
    entry.id = id;
    entry.payload = payload;
    m_log.append(entry);
    emit changed(entry.offset);
}

QList<ChangeLogEntry> RegistryStore::changesSince(qint64 offset, int max) const
{
    QList<ChangeLogEntry> result;
    for (qint64 i = qMax(offset, m_logBase) - m_logBase; i < m_log.size() && result.size() < max; ++i)
        result.append(m_log[i]);
    return result;
}

void RegistryStore::addVersion(const QString &contextName, const QString &subject, const VersionEntry &entry)
{
    ContextEntry &ctx = ensureContext(contextName);
    ctx.listed = true;
    ctx.subjects[subject].versions[entry.version] = entry;
    ctx.usages[entry.id].append({subject, entry.version});
    if (const StoredSchemaPtr stored = ctx.schemas.value(entry.id)) {
        for (const VersionKey &target : referenceTargets(contextName, *stored)) {
            if (SubjectEntry *targetSubject = findSubject(target.context, target.subject)) {
                const auto it = targetSubject->versions.find(target.version);
                if (it != targetSubject->versions.end())
                    it->second.referencedBy.append({contextName, subject, entry.version});
            }
        }
    }
}

void RegistryStore::removeVersion(const QString &contextName, const QString &subject, int version)
{
    ContextEntry *ctx = context(contextName);
    if (!ctx)
        return;
    const auto subjectIt = ctx->subjects.find(subject);
    if (subjectIt == ctx->subjects.end())
        return;
    const auto it = subjectIt->second.versions.find(version);
    if (it == subjectIt->second.versions.end())
        return;
    const int id = it->second.id;
    subjectIt->second.versions.erase(it);
    auto usageIt = ctx->usages.find(id);
    if (usageIt != ctx->usages.end()) {
        usageIt->removeAll(std::pair<QString, int>(subject, version));
        if (usageIt->isEmpty())
            ctx->usages.erase(usageIt);
    }
    if (const StoredSchemaPtr stored = ctx->schemas.value(id)) {
        const VersionKey self{contextName, subject, version};
        for (const VersionKey &target : referenceTargets(contextName, *stored)) {
            if (SubjectEntry *targetSubject = findSubject(target.context, target.subject)) {
                const auto targetIt = targetSubject->versions.find(target.version);
                if (targetIt != targetSubject->versions.end())
                    targetIt->second.referencedBy.removeAll(self);
            }
        }
    }
}

void RegistryStore::cleanupSubject(const QString &contextName, const QString &subject)
{
    ContextEntry *ctx = context(contextName);
    if (!ctx)
        return;
    const auto it = ctx->subjects.find(subject);
    if (it == ctx->subjects.end())
        return;
    if (it->second.versions.empty()) {
        // Once the last version is gone, the subject's config and mode go too.
        ctx->subjects.erase(it);
    }
}

bool RegistryStore::referrerIsDeleted(const VersionKey &key) const
{
    const SubjectEntry *subject = findSubject(key.context, key.subject);
    if (!subject)
        return true;
    const auto it = subject->versions.find(key.version);
    return it == subject->versions.end() || it->second.deleted;
}

bool RegistryStore::isReferencedOutside(const VersionEntry &entry, const QString &contextName,
                                        const QString &subject, bool countDeletedReferrers) const
{
    for (const VersionKey &referrer : entry.referencedBy) {
        if (!subject.isNull() && referrer.context == contextName && referrer.subject == subject)
            continue; // self-references within the subject are ignored for subject deletes
        if (!countDeletedReferrers && referrerIsDeleted(referrer))
            continue;
        return true;
    }
    return false;
}

SchemaVersionView RegistryStore::registerSchema(const QString &subjectText, const RegisterRequest &request,
                                                const RegisterOptions &options, RegistryError *error)
{
    *error = {};
    const QualifiedSubject name = QualifiedSubject::parse(subjectText);
    if (!isValidSubjectName(name) || name.subject.isEmpty()) {
        *error = {422, 42208, u"The specified subject '%1' is not a valid."_s.arg(subjectText)};
        return {};
    }
    const QString qualified = name.toString();
    if (const SchemaVersionView existing = alreadyRegistered(name, request, options.normalize);
        existing.schema)
        return existing;
    const RegistryMode mode = m_settings.modesEnforced ? effectiveMode(qualified) : RegistryMode::ReadWrite;
    if (mode == RegistryMode::ReadOnly || mode == RegistryMode::ReadOnlyOverride) {
        *error = {422, 42205, u"Subject %1 is in read-only mode"_s.arg(qualified)};
        return {};
    }
    const bool importing = mode == RegistryMode::Import || mode == RegistryMode::Forward;
    if (request.id >= 0 && !importing) {
        *error = {422, 42205, u"Subject %1 is not in import mode"_s.arg(qualified)};
        return {};
    }
    if (request.id < 0 && mode != RegistryMode::ReadWrite) {
        *error = {422, 42205, u"Subject %1 is not in read-write mode"_s.arg(qualified)};
        return {};
    }

    const SubjectEntry *existing = findSubject(name.context, name.subject);
    Candidate candidate;
    if (!prepareCandidate(name.context, request, options.normalize, existing, &candidate, error))
        return {};
    const QString identity =
        identityOf(candidate.type, candidate.text, candidate.references, request.metadata, request.ruleSet);

    // Already registered under this subject: return it, not an error.
    if (existing) {
        const ContextEntry *ctx = context(name.context);
        for (auto it = existing->versions.rbegin(); it != existing->versions.rend(); ++it) {
            if (it->second.deleted)
                continue;
            const StoredSchemaPtr stored = ctx->schemas.value(it->second.id);
            if (!stored || stored->identity != identity)
                continue;
            if (request.id >= 0 && request.id != stored->id) {
                *error = {422, 42207,
                          u"Schema already registered with id %1 instead of input id %2"_s.arg(stored->id)
                              .arg(request.id)};
                return {};
            }
            return view(name.context, name.subject, it->second);
        }
    }

    const int nextVersion =
        existing && !existing->versions.empty() ? existing->versions.rbegin()->first + 1 : 1;
    int version = nextVersion;
    if (request.version > 0) {
        if (importing) {
            if (existing && existing->versions.count(request.version)) {
                *error = {422, 42205,
                          u"Overwrite of version %1 of subject %2 is not permitted."_s.arg(request.version)
                              .arg(qualified)};
                return {};
            }
            version = request.version;
        } else if (request.version != nextVersion) {
            *error = {422, 42201, u"Version is not one more than previous version"_s};
            return {};
        }
    }

    if (!importing && !options.force && existing) {
        const schema::CompatibilityResult compat =
            checkAgainst(name.context, name.subject, *existing, *candidate.parsed, request.metadata);
        if (!compat.compatible) {
            const int code = m_settings.incompatibleCode40901 ? 40901 : 409;
            *error = {
                409, code,
                u"Schema being registered is incompatible with an earlier schema for subject \"%1\", details: [%2]"_s
                    .arg(qualified, compat.messages.join(u", "_s))};
            return {};
        }
    }

    ContextEntry &ctx = ensureContext(name.context);
    int id = -1;
    if (request.id >= 0) {
        if (const StoredSchemaPtr taken = ctx.schemas.value(request.id);
            taken && taken->identity != identity) {
            *error = {422, 42205,
                      u"Overwrite new schema with id %1 in context %2 is not permitted."_s.arg(request.id)
                          .arg(name.context)};
            return {};
        }
        id = request.id;
    } else if (const auto it = ctx.idByIdentity.constFind(identity); it != ctx.idByIdentity.cend()) {
        id = *it; // same schema in another subject: same id
    } else {
        id = qMax(ctx.maxId, m_settings.firstSchemaId - 1) + 1;
    }
    if (!ctx.schemas.contains(id)) {
        auto stored = std::make_shared<StoredSchema>();
        stored->context = name.context;
        stored->id = id;
        stored->type = candidate.type;
        stored->text = candidate.text;
        stored->references = candidate.references;
        stored->metadata = request.metadata;
        stored->ruleSet = request.ruleSet;
        stored->identity = identity;
        stored->guid = guidFor(identity);
        stored->parsed = candidate.parsed;
        ctx.schemas.insert(id, stored);
        ctx.idByIdentity.insert(identity, id);
        m_guidIndex[stored->guid].append({name.context, id});
    }
    ctx.maxId = qMax(ctx.maxId, id);

    VersionEntry entry;
    entry.version = version;
    entry.id = id;
    entry.ts = nowMs();
    addVersion(name.context, name.subject, entry);
    log(ChangeLogEntry::Kind::SchemaRegistered, name.context, name.subject, version, id);
    const SubjectEntry *subject = findSubject(name.context, name.subject);
    return view(name.context, name.subject, subject->versions.at(version));
}

SchemaVersionView RegistryStore::lookupSchema(const QString &subjectText, const RegisterRequest &request,
                                              bool normalize, bool includeDeleted, RegistryError *error) const
{
    *error = {};
    const QualifiedSubject name = resolveForRead(subjectText, includeDeleted);
    const SubjectEntry *subject = findSubject(name.context, name.subject);
    if (!subject || subject->versions.empty() || (!includeDeleted && !subject->hasLive())) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(subjectText)};
        return {};
    }
    Candidate candidate;
    if (!prepareCandidate(name.context, request, normalize, subject, &candidate, error))
        return {};
    const ContextEntry *ctx = context(name.context);
    const QString identity =
        identityOf(candidate.type, candidate.text, candidate.references, request.metadata, request.ruleSet);
    const QString normalized = candidate.parsed->normalizedText();
    for (auto it = subject->versions.rbegin(); it != subject->versions.rend(); ++it) {
        if (it->second.deleted && !includeDeleted)
            continue;
        const StoredSchemaPtr stored = ctx->schemas.value(it->second.id);
        if (!stored)
            continue;
        bool same = stored->identity == identity;
        if (!same && normalize && stored->type == candidate.type &&
            stored->references == candidate.references) {
            const schema::ParsedSchemaPtr parsed = parsedSchema(*stored);
            same = parsed && parsed->normalizedText() == normalized;
        }
        if (same)
            return view(name.context, name.subject, it->second);
    }
    *error = {404, 40403, u"Schema not found"_s};
    return {};
}

SchemaVersionView RegistryStore::getVersion(const QString &subjectText, const QString &version,
                                            bool includeDeleted, RegistryError *error) const
{
    *error = {};
    int number = 0;
    bool latest = false;
    if (!parseVersionId(version, &number, &latest)) {
        *error = invalidVersionError(version);
        return {};
    }
    const QualifiedSubject name = resolveForRead(subjectText, includeDeleted);
    const SubjectEntry *subject = findSubject(name.context, name.subject);
    if (!subject || subject->versions.empty() || (!includeDeleted && !subject->hasLive())) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(subjectText)};
        return {};
    }
    const VersionEntry *entry = findVersion(*subject, version, includeDeleted, name, error);
    if (!entry)
        return {};
    return view(name.context, name.subject, *entry);
}

QList<int> RegistryStore::listVersions(const QString &subjectText, bool deleted, bool deletedOnly,
                                       bool deletedAsNegative, RegistryError *error) const
{
    *error = {};
    const QualifiedSubject name = resolveForRead(subjectText, deleted || deletedOnly);
    const SubjectEntry *subject = findSubject(name.context, name.subject);
    QList<int> versions;
    if (subject) {
        for (const auto &[number, entry] : subject->versions) {
            if (deletedOnly ? entry.deleted : (deleted || !entry.deleted))
                versions.append(entry.deleted && deletedAsNegative ? -number : number);
        }
    }
    if (versions.isEmpty()) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(subjectText)};
        return {};
    }
    return versions;
}

bool RegistryStore::forEachSubject(const QualifiedSubject &prefix, const SubjectVisitor &visit) const
{
    // Order of the qualified names, as Confluent lists them: default-context names below ':' first,
    // then every other context (":.ctx:" sorts by that string), then the remaining default names.
    // Each context's subjects are a sorted map, so a prefix range starts by binary search.
    auto range = [&](const ContextEntry &ctx, const QString &from, bool belowColon) {
        const QString &start = from > prefix.subject ? from : prefix.subject;
        for (auto it = ctx.subjects.lower_bound(start); it != ctx.subjects.end(); ++it) {
            if (!it->first.startsWith(prefix.subject) || (belowColon && it->first >= u":"_s))
                break;
            if (!visit(ctx, it->first, it->second))
                return false;
        }
        return true;
    };
    if (!prefix.wildcard) {
        const ContextEntry *ctx = context(prefix.context);
        return !ctx || range(*ctx, {}, false);
    }
    const ContextEntry *defaultCtx = context(QualifiedSubject::defaultContext);
    if (defaultCtx && !range(*defaultCtx, {}, true))
        return false;
    QList<const ContextEntry *> others;
    for (const auto &[name, ctx] : m_contexts) {
        if (name != QualifiedSubject::defaultContext)
            others.append(&ctx);
    }
    std::sort(others.begin(), others.end(), [](const ContextEntry *a, const ContextEntry *b) {
        return QualifiedSubject::delimitedContext(a->name) < QualifiedSubject::delimitedContext(b->name);
    });
    for (const ContextEntry *ctx : others) {
        if (!range(*ctx, {}, false))
            return false;
    }
    return !defaultCtx || range(*defaultCtx, u":"_s, false);
}

QStringList RegistryStore::listSubjects(const SubjectListOptions &options) const
{
    const QualifiedSubject prefix = QualifiedSubject::parse(options.prefix.value_or(u":*:"_s));
    QStringList result;
    int skipped = 0;
    forEachSubject(prefix, [&](const ContextEntry &ctx, const QString &name, const SubjectEntry &subject) {
        if (subject.versions.empty())
            return true;
        const bool live = subject.hasLive();
        const bool include = options.deletedOnly ? !live : (options.deleted || live);
        if (!include)
            return true;
        if (skipped < options.offset) {
            ++skipped;
            return true;
        }
        if (options.limit > 0 && result.size() >= options.limit)
            return false;
        result.append(QualifiedSubject::qualify(ctx.name, name));
        return true;
    });
    return result;
}

QList<int> RegistryStore::referencedBy(const QString &subjectText, const QString &version,
                                       bool includeDeleted, RegistryError *error) const
{
    const SchemaVersionView target = getVersion(subjectText, version, true, error);
    if (error->isError())
        return {};
    const SubjectEntry *subject = findSubject(target.context, target.subject);
    QList<int> ids;
    for (const VersionKey &referrer : subject->versions.at(target.version).referencedBy) {
        const SubjectEntry *referrerSubject = findSubject(referrer.context, referrer.subject);
        if (!referrerSubject)
            continue;
        const auto it = referrerSubject->versions.find(referrer.version);
        if (it == referrerSubject->versions.end() || (it->second.deleted && !includeDeleted))
            continue;
        if (!ids.contains(it->second.id))
            ids.append(it->second.id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

QList<int> RegistryStore::deleteSubject(const QString &subjectText, bool permanent, RegistryError *error)
{
    *error = {};
    const QualifiedSubject name = QualifiedSubject::parse(subjectText);
    SubjectEntry *subject = findSubject(name.context, name.subject);
    if (!subject || subject->versions.empty()) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(subjectText)};
        return {};
    }
    if (RegistryError readOnly = readOnlyCheck(name.context, name.subject, name.toString());
        readOnly.isError()) {
        *error = readOnly;
        return {};
    }
    const bool live = subject->hasLive();
    if (!permanent && !live) {
        *error = {
            404, 40404,
            u"Subject '%1' was soft deleted.Set permanent=true to delete permanently"_s.arg(subjectText)};
        return {};
    }
    if (permanent && live) {
        *error = {404, 40405,
                  u"Subject '%1' was not deleted first before being permanently deleted"_s.arg(subjectText)};
        return {};
    }
    QList<int> deleted;
    for (const auto &[number, entry] : subject->versions) {
        if (!permanent && entry.deleted)
            continue;
        if (isReferencedOutside(entry, name.context, name.subject, permanent)) {
            *error = {
                422, 42206,
                u"One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=%1,version=%2}."_s
                    .arg(name.toString())
                    .arg(number)};
            return {};
        }
        deleted.append(number);
    }
    if (permanent) {
        for (int number : deleted)
            removeVersion(name.context, name.subject, number);
        cleanupSubject(name.context, name.subject);
        log(ChangeLogEntry::Kind::SubjectHardDeleted, name.context, name.subject);
    } else {
        for (int number : deleted)
            subject->versions[number].deleted = true;
        log(ChangeLogEntry::Kind::SubjectSoftDeleted, name.context, name.subject);
    }
    return deleted;
}

int RegistryStore::deleteVersion(const QString &subjectText, const QString &version, bool permanent,
                                 RegistryError *error)
{
    *error = {};
    int number = 0;
    bool latest = false;
    if (!parseVersionId(version, &number, &latest)) {
        *error = invalidVersionError(version);
        return 0;
    }
    const QualifiedSubject name = QualifiedSubject::parse(subjectText);
    SubjectEntry *subject = findSubject(name.context, name.subject);
    if (!subject || subject->versions.empty()) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(subjectText)};
        return 0;
    }
    if (RegistryError readOnly = readOnlyCheck(name.context, name.subject, name.toString());
        readOnly.isError()) {
        *error = readOnly;
        return 0;
    }
    const VersionEntry *found = findVersion(*subject, version, true, name, error);
    if (!found)
        return 0;
    number = found->version;
    if (!permanent && found->deleted) {
        *error = {404, 40406,
                  u"Subject '%1' Version %2 was soft deleted.Set permanent=true to delete permanently"_s
                      .arg(subjectText)
                      .arg(number)};
        return 0;
    }
    if (permanent && !found->deleted) {
        *error = {404, 40407,
                  u"Subject '%1' Version %2 was not deleted first before being permanently deleted"_s
                      .arg(subjectText)
                      .arg(number)};
        return 0;
    }
    // Soft delete: only live referrers count; hard delete: soft-deleted referrers count too.
    if (isReferencedOutside(*found, name.context, QString(), permanent)) {
        *error = {
            422, 42206,
            u"One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=%1,version=%2}."_s
                .arg(name.toString())
                .arg(number)};
        return 0;
    }
    if (permanent) {
        removeVersion(name.context, name.subject, number);
        cleanupSubject(name.context, name.subject);
        log(ChangeLogEntry::Kind::VersionHardDeleted, name.context, name.subject, number);
    } else {
        subject->versions[number].deleted = true;
        log(ChangeLogEntry::Kind::VersionSoftDeleted, name.context, name.subject, number);
    }
    return number;
}

QList<SchemaVersionView> RegistryStore::listSchemas(const SchemaListOptions &options) const
{
    const QualifiedSubject prefix = QualifiedSubject::parse(options.prefix);
    QList<SchemaVersionView> result;
    int skipped = 0;
    const int limit = options.limit > 0 ? options.limit : 1000;
    // Walks subjects in order from the prefix's lower bound; a page costs offset + limit steps at
    // most, never a sort of the registry.
    forEachSubject(prefix, [&](const ContextEntry &ctx, const QString &name, const SubjectEntry &subject) {
        if (options.latestOnly) {
            const VersionEntry *latest = nullptr;
            for (auto v = subject.versions.rbegin(); v != subject.versions.rend() && !latest; ++v) {
                if (options.deleted || !v->second.deleted)
                    latest = &v->second;
            }
            if (!latest)
                return true;
            if (skipped < options.offset) {
                ++skipped;
                return true;
            }
            result.append(view(ctx.name, name, *latest));
        } else {
            for (const auto &[number, entry] : subject.versions) {
                if (entry.deleted && !options.deleted)
                    continue;
                if (skipped < options.offset) {
                    ++skipped;
                    continue;
                }
                if (result.size() >= limit)
                    return false;
                result.append(view(ctx.name, name, entry));
            }
        }
        if (result.size() >= limit)
            return false;
        return true;
    });
    return result;
}

StoredSchemaPtr RegistryStore::schemaById(int id, const QString &subjectScope, SchemaVersionView *firstUse,
                                          RegistryError *error) const
{
    *error = {};
    const QList<VersionKey> usages = schemaUsages(id, subjectScope, true, error);
    if (error->isError())
        return nullptr;
    const VersionKey &use = usages.first();
    const ContextEntry *ctx = context(use.context);
    if (firstUse) {
        const SubjectEntry *subject = findSubject(use.context, use.subject);
        *firstUse = view(use.context, use.subject, subject->versions.at(use.version));
    }
    return ctx->schemas.value(id);
}

QList<VersionKey> RegistryStore::schemaUsages(int id, const QString &subjectScope, bool includeDeleted,
                                              RegistryError *error) const
{
    *error = {};
    const QualifiedSubject scope = QualifiedSubject::parse(subjectScope);
    auto collect = [&](const QString &contextName, const QString &onlySubject) {
        QList<VersionKey> keys;
        const ContextEntry *ctx = context(contextName);
        if (!ctx)
            return keys;
        const auto usage = ctx->usages.constFind(id);
        if (usage == ctx->usages.cend())
            return keys;
        for (const auto &[subjectName, version] : *usage) {
            if (!onlySubject.isEmpty() && subjectName != onlySubject)
                continue;
            const SubjectEntry *subject = findSubject(contextName, subjectName);
            if (!includeDeleted && subject->versions.at(version).deleted)
                continue;
            keys.append({contextName, subjectName, version});
        }
        std::sort(keys.begin(), keys.end(), [](const VersionKey &a, const VersionKey &b) {
            return a.subject != b.subject ? a.subject < b.subject : a.version < b.version;
        });
        return keys;
    };
    QList<VersionKey> keys = collect(scope.context, scope.subject);
    if (keys.isEmpty() && !scope.hasContextPrefix && !scope.subject.isEmpty()) {
        // An unqualified subject not found in the default context is looked for in every context.
        for (const auto &[contextName, ctx] : m_contexts) {
            keys = collect(contextName, scope.subject);
            if (!keys.isEmpty())
                break;
        }
    }
    if (keys.isEmpty() && !includeDeleted) {
        // The id exists but only soft-deleted versions use it: the list is empty, not a 404.
        RegistryError ignored;
        if (!schemaUsages(id, subjectScope, true, &ignored).isEmpty())
            return {};
    }
    if (keys.isEmpty())
        *error = {404, 40403, u"Schema %1 not found"_s.arg(id)};
    return keys;
}

int RegistryStore::maxId(const QString &contextName) const
{
    const ContextEntry *ctx = context(contextName);
    return ctx ? ctx->maxId : m_settings.firstSchemaId - 1;
}

QList<std::pair<QString, int>> RegistryStore::schemasByGuid(const QString &guid) const
{
    QList<std::pair<QString, int>> result = m_guidIndex.value(guid);
    std::sort(result.begin(), result.end());
    return result;
}

StoredSchemaPtr RegistryStore::schemaInContext(const QString &contextName, int id) const
{
    const ContextEntry *ctx = context(contextName);
    return ctx ? ctx->schemas.value(id) : nullptr;
}

QStringList RegistryStore::listContexts() const
{
    QStringList names;
    for (const auto &[name, ctx] : m_contexts) {
        if (ctx.listed || name == QualifiedSubject::defaultContext)
            names.append(name);
    }
    return names;
}

bool RegistryStore::deleteContext(const QString &delimitedContext, RegistryError *error)
{
    *error = {};
    QualifiedSubject name = QualifiedSubject::parse(delimitedContext);
    if (!name.hasContextPrefix && !name.subject.isEmpty()) {
        name.context = name.subject.startsWith(u'.') ? name.subject : u"."_s + name.subject;
        name.subject.clear();
    }
    ContextEntry *ctx = context(name.context);
    if (!ctx)
        return true;
    for (const auto &[subjectName, subject] : ctx->subjects) {
        if (!subject.versions.empty()) {
            *error = {422, 42211, u"The specified context '%1' is not empty."_s.arg(delimitedContext)};
            return false;
        }
    }
    if (name.isDefaultContext())
        return true; // the default context always exists
    // The id counter survives so ids are never handed out twice in a re-created context.
    ctx->listed = false;
    ctx->subjects.clear();
    log(ChangeLogEntry::Kind::ContextDeleted, name.context, QString());
    return true;
}

RegistryStore::Scope RegistryStore::parseScope(const QString &text) const
{
    Scope scope;
    scope.display = text;
    const QualifiedSubject name = QualifiedSubject::parse(text);
    scope.context = name.context;
    scope.subject = name.subject;
    if (name.isGlobal())
        scope.kind = ScopeKind::Global;
    else if (name.subject.isEmpty())
        scope.kind = ScopeKind::Context; // "" and ":.:" are the top level, i.e. the default context
    else
        scope.kind = ScopeKind::Subject;
    return scope;
}

std::optional<QJsonObject> RegistryStore::configAt(const QString &scopeText) const
{
    const Scope scope = parseScope(scopeText);
    switch (scope.kind) {
    case ScopeKind::Global:
        return m_globalConfig;
    case ScopeKind::Context: {
        const ContextEntry *ctx = context(scope.context);
        return ctx ? ctx->config : std::nullopt;
    }
    case ScopeKind::Subject: {
        const SubjectEntry *subject = findSubject(scope.context, scope.subject);
        return subject ? subject->config : std::nullopt;
    }
    }
    return std::nullopt;
}

QJsonObject RegistryStore::effectiveConfig(const QString &scopeText, bool includeGlobal) const
{
    // Field by field: subject over context over :.__GLOBAL: over the server default.
    const Scope scope = parseScope(scopeText);
    QJsonObject result{{u"compatibility"_s, schema::compatibilityLevelName(m_settings.defaultCompatibility)}};
    auto merge = [&result](const std::optional<QJsonObject> &layer) {
        if (!layer)
            return;
        for (auto it = layer->begin(); it != layer->end(); ++it)
            result.insert(it.key(), it.value());
    };
    if (includeGlobal || scope.kind == ScopeKind::Global)
        merge(m_globalConfig);
    if (scope.kind != ScopeKind::Global) {
        if (const ContextEntry *ctx = context(scope.context))
            merge(ctx->config);
        if (scope.kind == ScopeKind::Subject) {
            if (const SubjectEntry *subject = findSubject(scope.context, scope.subject))
                merge(subject->config);
        }
    }
    return result;
}

QJsonObject RegistryStore::updateConfig(const QString &scopeText, const QJsonObject &update,
                                        RegistryError *error)
{
    *error = {};
    const Scope scope = parseScope(scopeText);
    const QualifiedSubject name = QualifiedSubject::parse(scopeText);
    if (scope.kind == ScopeKind::Subject && !isValidSubjectName(name)) {
        *error = {422, 42208, u"The specified subject '%1' is not a valid."_s.arg(scopeText)};
        return {};
    }
    for (auto it = update.begin(); it != update.end(); ++it) {
        if (it.key() == u"compatibility" && !it.value().isNull()) {
            if (!it.value().isString() || !schema::compatibilityLevelFromName(it.value().toString())) {
                *error = {422, 42203,
                          u"Invalid compatibility level. Valid values are none, backward, forward, full, "
                          u"backward_transitive, forward_transitive, and full_transitive"_s};
                return {};
            }
        }
        if ((it.key() == u"defaultRuleSet" || it.key() == u"overrideRuleSet") && !it.value().isNull()) {
            const RegistryError invalid = it.value().isObject()
                                              ? validateRuleSet(it.value().toObject())
                                              : RegistryError{422, 42210, u"Invalid rule set"_s};
            if (invalid.isError()) {
                *error = invalid;
                return {};
            }
        }
    }
    if (scope.kind != ScopeKind::Global) {
        const RegistryMode mode =
            effectiveMode(scope.kind == ScopeKind::Context ? QualifiedSubject::delimitedContext(scope.context)
                                                           : name.toString());
        if (mode == RegistryMode::ReadOnly || mode == RegistryMode::ReadOnlyOverride) {
            *error = {422, 42205, u"Subject %1 is in read-only mode"_s.arg(scopeText)};
            return {};
        }
    }
    std::optional<QJsonObject> *slot = nullptr;
    if (scope.kind == ScopeKind::Global)
        slot = &m_globalConfig;
    else if (scope.kind == ScopeKind::Context)
        slot = &ensureContext(scope.context).config;
    else
        slot = &ensureContext(scope.context).subjects[scope.subject].config;
    QJsonObject merged = slot->value_or(QJsonObject());
    for (auto it = update.begin(); it != update.end(); ++it) {
        if (!configKeys().contains(it.key()))
            continue; // unknown properties are ignored, as Confluent's clients ask for
        if (it.value().isNull()) {
            merged.remove(it.key());
        } else if (it.key() == u"compatibility") {
            merged.insert(it.key(), schema::compatibilityLevelName(
                                        *schema::compatibilityLevelFromName(it.value().toString())));
        } else {
            merged.insert(it.key(), it.value());
        }
    }
    *slot = merged;
    log(ChangeLogEntry::Kind::ConfigChanged,
        scope.kind == ScopeKind::Global ? QualifiedSubject::globalContext : scope.context, scope.subject, 0,
        0, merged);
    return merged;
}

std::optional<QJsonObject> RegistryStore::deleteConfig(const QString &scopeText, RegistryError *error)
{
    *error = {};
    const Scope scope = parseScope(scopeText);
    if (scope.kind != ScopeKind::Global) {
        const RegistryMode mode = effectiveMode(
            scope.kind == ScopeKind::Context ? QualifiedSubject::delimitedContext(scope.context)
                                             : QualifiedSubject::qualify(scope.context, scope.subject));
        if (mode == RegistryMode::ReadOnly || mode == RegistryMode::ReadOnlyOverride) {
            *error = {422, 42205, u"Subject %1 is in read-only mode"_s.arg(scopeText)};
            return std::nullopt;
        }
    }
    std::optional<QJsonObject> old;
    if (scope.kind == ScopeKind::Global) {
        old = m_globalConfig;
        m_globalConfig.reset();
    } else if (scope.kind == ScopeKind::Context) {
        if (ContextEntry *ctx = context(scope.context)) {
            old = ctx->config;
            ctx->config.reset();
        }
    } else if (SubjectEntry *subject = findSubject(scope.context, scope.subject)) {
        old = subject->config;
        subject->config.reset();
        if (subject->isEmpty())
            context(scope.context)->subjects.erase(scope.subject);
    }
    if (!old && !scope.display.isEmpty() && scope.display != u":.:") {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(scopeText)};
        return std::nullopt;
    }
    if (old)
        log(ChangeLogEntry::Kind::ConfigDeleted,
            scope.kind == ScopeKind::Global ? QualifiedSubject::globalContext : scope.context, scope.subject);
    return old;
}

std::optional<RegistryMode> RegistryStore::modeAt(const QString &scopeText) const
{
    const Scope scope = parseScope(scopeText);
    switch (scope.kind) {
    case ScopeKind::Global:
        return m_globalMode;
    case ScopeKind::Context: {
        const ContextEntry *ctx = context(scope.context);
        return ctx ? ctx->mode : std::nullopt;
    }
    case ScopeKind::Subject: {
        const SubjectEntry *subject = findSubject(scope.context, scope.subject);
        return subject ? subject->mode : std::nullopt;
    }
    }
    return std::nullopt;
}

RegistryMode RegistryStore::effectiveMode(const QString &scopeText, bool includeGlobal) const
{
    const Scope scope = parseScope(scopeText);
    if (scope.kind == ScopeKind::Subject) {
        if (const SubjectEntry *subject = findSubject(scope.context, scope.subject); subject && subject->mode)
            return *subject->mode;
    }
    if (scope.kind != ScopeKind::Global) {
        if (const ContextEntry *ctx = context(scope.context); ctx && ctx->mode)
            return *ctx->mode;
    }
    if ((includeGlobal || scope.kind == ScopeKind::Global) && m_globalMode)
        return *m_globalMode;
    return RegistryMode::ReadWrite;
}

QList<QString> RegistryStore::contextsInScope(const Scope &scope) const
{
    QList<QString> names;
    if (scope.kind == ScopeKind::Global) {
        for (const auto &[name, ctx] : m_contexts)
            names.append(name);
    } else {
        names.append(scope.context);
    }
    return names;
}

bool RegistryStore::setMode(const QString &scopeText, RegistryMode mode, bool force, RegistryError *error)
{
    *error = {};
    const Scope scope = parseScope(scopeText);
    const QualifiedSubject name = QualifiedSubject::parse(scopeText);
    if (scope.kind == ScopeKind::Subject && !isValidSubjectName(name)) {
        *error = {422, 42208, u"The specified subject '%1' is not a valid."_s.arg(scopeText)};
        return false;
    }
    if (mode == RegistryMode::Forward && scope.kind != ScopeKind::Global) {
        *error = {422, 42204, u"Forward mode only supported on global level"_s};
        return false;
    }
    if (mode == RegistryMode::Import && effectiveMode(scopeText) != RegistryMode::Import) {
        // Entering IMPORT: the scope must hold no live subject unless forced, and soft-deleted data
        // in the scope is purged.
        QList<VersionKey> purge;
        for (const QString &contextName : contextsInScope(scope)) {
            const ContextEntry *ctx = context(contextName);
            if (!ctx)
                continue;
            for (const auto &[subjectName, subject] : ctx->subjects) {
                if (scope.kind == ScopeKind::Subject && subjectName != scope.subject)
                    continue;
                const bool taken =
                    subject.hasLive() || (m_settings.importNeedsNeverRegistered && !subject.versions.empty());
                if (taken && !force) {
                    *error = {422, 42205, u"Cannot import since found existing subjects"_s};
                    return false;
                }
                for (const auto &[number, entry] : subject.versions) {
                    if (entry.deleted)
                        purge.append({contextName, subjectName, number});
                }
            }
        }
        for (const VersionKey &key : purge) {
            const SubjectEntry *subject = findSubject(key.context, key.subject);
            const VersionEntry &entry = subject->versions.at(key.version);
            for (const VersionKey &referrer : entry.referencedBy) {
                if (!purge.contains(referrer)) {
                    *error = {
                        422, 42206,
                        u"One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=%1,version=%2}."_s
                            .arg(QualifiedSubject::qualify(key.context, key.subject))
                            .arg(key.version)};
                    return false;
                }
            }
        }
        for (const VersionKey &key : purge) {
            removeVersion(key.context, key.subject, key.version);
            log(ChangeLogEntry::Kind::VersionHardDeleted, key.context, key.subject, key.version);
        }
        for (const VersionKey &key : purge)
            cleanupSubject(key.context, key.subject);
    }
    if (scope.kind == ScopeKind::Global)
        m_globalMode = mode;
    else if (scope.kind == ScopeKind::Context)
        ensureContext(scope.context).mode = mode;
    else
        ensureContext(scope.context).subjects[scope.subject].mode = mode;
    log(ChangeLogEntry::Kind::ModeChanged,
        scope.kind == ScopeKind::Global ? QualifiedSubject::globalContext : scope.context, scope.subject, 0,
        0, QJsonObject{{u"mode"_s, registryModeName(mode)}});
    return true;
}

std::optional<RegistryMode> RegistryStore::deleteMode(const QString &scopeText, bool recursive,
                                                      RegistryError *error)
{
    *error = {};
    const Scope scope = parseScope(scopeText);
    std::optional<RegistryMode> old;
    if (scope.kind == ScopeKind::Global) {
        old = m_globalMode;
        m_globalMode.reset();
    } else if (scope.kind == ScopeKind::Context) {
        if (ContextEntry *ctx = context(scope.context)) {
            old = ctx->mode;
            ctx->mode.reset();
            if (recursive) {
                for (auto it = ctx->subjects.begin(); it != ctx->subjects.end();) {
                    it->second.mode.reset();
                    it = it->second.isEmpty() ? ctx->subjects.erase(it) : std::next(it);
                }
            }
        }
    } else if (SubjectEntry *subject = findSubject(scope.context, scope.subject)) {
        old = subject->mode;
        subject->mode.reset();
        if (subject->isEmpty())
            context(scope.context)->subjects.erase(scope.subject);
    }
    const bool topLevel = scope.display.isEmpty() || scope.display == u":.:";
    if (!old && !recursive && !topLevel) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(scopeText)};
        return std::nullopt;
    }
    log(ChangeLogEntry::Kind::ModeDeleted,
        scope.kind == ScopeKind::Global ? QualifiedSubject::globalContext : scope.context, scope.subject);
    return old;
}

CompatibilityOutcome RegistryStore::testCompatibility(const QString &subjectText, const QString &version,
                                                      const RegisterRequest &request, bool normalize,
                                                      bool verbose, RegistryError *error) const
{
    *error = {};
    const QualifiedSubject name = QualifiedSubject::parse(subjectText);
    int number = 0;
    bool latest = false;
    if (!version.isNull() && !parseVersionId(version, &number, &latest)) {
        *error = invalidVersionError(version);
        return {};
    }
    const SubjectEntry *subject = findSubject(name.context, name.subject);
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
    const ContextEntry *ctx = context(name.context);
    const CompatibilityLevel level = effectiveCompatibility(name.context, name.subject);
    if (!version.isNull()) {
        const VersionEntry *target = nullptr;
        if (subject) {
            if (latest) {
                target = latestLive(*subject);
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
        const QJsonObject config = effectiveConfig(name.toString());
        outcome.messages.append(u"{validateFields: '%1', compatibility: '%2'}"_s.arg(
            config.value(u"validateFields"_s).toBool() ? u"true"_s : u"false"_s,
            schema::compatibilityLevelName(level)));
    }
    return outcome;
}

int RegistryStore::subjectCount() const
{
    int count = 0;
    for (const auto &[name, ctx] : m_contexts) {
        for (const auto &[subjectName, subject] : ctx.subjects) {
            if (!subject.versions.empty())
                ++count;
        }
    }
    return count;
}

int RegistryStore::versionCount() const
{
    int count = 0;
    for (const auto &[name, ctx] : m_contexts) {
        for (const auto &[subjectName, subject] : ctx.subjects)
            count += int(subject.versions.size());
    }
    return count;
}

QJsonObject RegistryStore::toJson() const
{
    QJsonArray contexts;
    for (const auto &[name, ctx] : m_contexts) {
        QJsonObject c{{u"name"_s, name}, {u"listed"_s, ctx.listed}, {u"maxId"_s, ctx.maxId}};
        if (ctx.config)
            c.insert(u"config"_s, *ctx.config);
        if (ctx.mode)
            c.insert(u"mode"_s, registryModeName(*ctx.mode));
        QList<int> ids = ctx.schemas.keys();
        std::sort(ids.begin(), ids.end());
        QJsonArray schemas;
        for (int id : ids) {
            const StoredSchema &s = *ctx.schemas.value(id);
            QJsonObject o{
                {u"id"_s, id}, {u"schemaType"_s, schema::schemaTypeName(s.type)}, {u"schema"_s, s.text}};
            if (!s.references.isEmpty())
                o.insert(u"references"_s, referencesJson(s.references));
            if (!s.metadata.isEmpty())
                o.insert(u"metadata"_s, s.metadata);
            if (!s.ruleSet.isEmpty())
                o.insert(u"ruleSet"_s, s.ruleSet);
            schemas.append(o);
        }
        c.insert(u"schemas"_s, schemas);
        QJsonArray subjects;
        for (const auto &[subjectName, subject] : ctx.subjects) {
            QJsonObject s{{u"name"_s, subjectName}};
            if (subject.config)
                s.insert(u"config"_s, *subject.config);
            if (subject.mode)
                s.insert(u"mode"_s, registryModeName(*subject.mode));
            QJsonArray versions;
            for (const auto &[number, entry] : subject.versions) {
                QJsonObject v{{u"version"_s, number}, {u"id"_s, entry.id}, {u"ts"_s, entry.ts}};
                if (entry.deleted)
                    v.insert(u"deleted"_s, true);
                versions.append(v);
            }
            s.insert(u"versions"_s, versions);
            subjects.append(s);
        }
        c.insert(u"subjects"_s, subjects);
        contexts.append(c);
    }
    QJsonObject global;
    if (m_globalConfig)
        global.insert(u"config"_s, *m_globalConfig);
    if (m_globalMode)
        global.insert(u"mode"_s, registryModeName(*m_globalMode));
    QJsonArray logEntries;
    for (const ChangeLogEntry &e : m_log) {
        QJsonObject o{{u"offset"_s, e.offset},
                      {u"ts"_s, e.ts},
                      {u"kind"_s, changeKindName(e.kind)},
                      {u"context"_s, e.context}};
        if (!e.subject.isEmpty())
            o.insert(u"subject"_s, e.subject);
        if (e.version)
            o.insert(u"version"_s, e.version);
        if (e.id)
            o.insert(u"id"_s, e.id);
        if (!e.payload.isEmpty())
            o.insert(u"payload"_s, e.payload);
        logEntries.append(o);
    }
    return QJsonObject{{u"format"_s, u"schemadesk-sandbox"_s},
                       {u"formatVersion"_s, 1},
                       {u"contexts"_s, contexts},
                       {u"global"_s, global},
                       {u"changeLogBase"_s, m_logBase},
                       {u"changeLog"_s, logEntries}};
}

bool RegistryStore::fromJson(const QJsonObject &json, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (json.value(u"format"_s).toString() != u"schemadesk-sandbox")
        return fail(u"not a schemadesk-sandbox data file (no \"format\":\"schemadesk-sandbox\")"_s);
    if (json.value(u"formatVersion"_s).toInt() != 1)
        return fail(u"unsupported formatVersion %1"_s.arg(json.value(u"formatVersion"_s).toInt()));
    std::map<QString, ContextEntry> contexts;
    for (const QJsonValue &cv : json.value(u"contexts"_s).toArray()) {
        const QJsonObject c = cv.toObject();
        const QString name = c.value(u"name"_s).toString();
        if (!name.startsWith(u'.'))
            return fail(u"context with invalid name \"%1\""_s.arg(name));
        ContextEntry &ctx = contexts[name];
        ctx.name = name;
        ctx.listed = c.value(u"listed"_s).toBool();
        ctx.maxId = c.value(u"maxId"_s).toInt();
        if (c.contains(u"config"_s))
            ctx.config = c.value(u"config"_s).toObject();
        if (c.contains(u"mode"_s)) {
            ctx.mode = registryModeFromName(c.value(u"mode"_s).toString());
            if (!ctx.mode)
                return fail(u"context %1 has an invalid mode"_s.arg(name));
        }
        for (const QJsonValue &sv : c.value(u"schemas"_s).toArray()) {
            const QJsonObject o = sv.toObject();
            auto stored = std::make_shared<StoredSchema>();
            stored->context = name;
            stored->id = o.value(u"id"_s).toInt();
            const auto type = schema::schemaTypeFromName(o.value(u"schemaType"_s).toString());
            if (!type || stored->id <= 0 || !o.value(u"schema"_s).isString())
                return fail(u"schema entry in context %1 is malformed"_s.arg(name));
            stored->type = *type;
            stored->text = o.value(u"schema"_s).toString();
            stored->references = referencesFromJson(o.value(u"references"_s).toArray());
            stored->metadata = o.value(u"metadata"_s).toObject();
            stored->ruleSet = o.value(u"ruleSet"_s).toObject();
            stored->identity =
                identityOf(stored->type, stored->text, stored->references, stored->metadata, stored->ruleSet);
            stored->guid = guidFor(stored->identity);
            ctx.schemas.insert(stored->id, stored);
            ctx.idByIdentity.insert(stored->identity, stored->id);
            ctx.maxId = qMax(ctx.maxId, stored->id);
        }
        for (const QJsonValue &sv : c.value(u"subjects"_s).toArray()) {
            const QJsonObject s = sv.toObject();
            SubjectEntry &subject = ctx.subjects[s.value(u"name"_s).toString()];
            if (s.contains(u"config"_s))
                subject.config = s.value(u"config"_s).toObject();
            if (s.contains(u"mode"_s)) {
                subject.mode = registryModeFromName(s.value(u"mode"_s).toString());
                if (!subject.mode)
                    return fail(u"subject %1 has an invalid mode"_s.arg(s.value(u"name"_s).toString()));
            }
            for (const QJsonValue &vv : s.value(u"versions"_s).toArray()) {
                const QJsonObject v = vv.toObject();
                VersionEntry entry;
                entry.version = v.value(u"version"_s).toInt();
                entry.id = v.value(u"id"_s).toInt();
                entry.deleted = v.value(u"deleted"_s).toBool();
                entry.ts = v.value(u"ts"_s).toInteger();
                if (entry.version <= 0 || !ctx.schemas.contains(entry.id))
                    return fail(u"subject %1 has a version pointing at an unknown schema id %2"_s
                                    .arg(s.value(u"name"_s).toString())
                                    .arg(entry.id));
                subject.versions[entry.version] = entry;
            }
        }
    }
    m_contexts = std::move(contexts);
    ensureContext(QualifiedSubject::defaultContext).listed = true;
    m_guidIndex.clear();
    for (const auto &[name, ctx] : m_contexts) {
        for (const StoredSchemaPtr &stored : ctx.schemas)
            m_guidIndex[stored->guid].append({name, stored->id});
    }
    // Usages and reference edges are derived data: rebuild them.
    for (auto &[name, ctx] : m_contexts) {
        for (auto &[subjectName, subject] : ctx.subjects) {
            for (auto &[number, entry] : subject.versions)
                ctx.usages[entry.id].append({subjectName, number});
        }
    }
    for (auto &[name, ctx] : m_contexts) {
        for (auto &[subjectName, subject] : ctx.subjects) {
            for (auto &[number, entry] : subject.versions) {
                const StoredSchemaPtr stored = ctx.schemas.value(entry.id);
                for (const VersionKey &target : referenceTargets(name, *stored)) {
                    if (SubjectEntry *targetSubject = findSubject(target.context, target.subject)) {
                        const auto it = targetSubject->versions.find(target.version);
                        if (it != targetSubject->versions.end())
                            it->second.referencedBy.append({name, subjectName, number});
                    }
                }
            }
        }
    }
    const QJsonObject global = json.value(u"global"_s).toObject();
    m_globalConfig =
        global.contains(u"config"_s) ? std::optional(global.value(u"config"_s).toObject()) : std::nullopt;
    m_globalMode =
        global.contains(u"mode"_s) ? registryModeFromName(global.value(u"mode"_s).toString()) : std::nullopt;
    m_logBase = json.value(u"changeLogBase"_s).toInteger();
    m_log.clear();
    for (const QJsonValue &lv : json.value(u"changeLog"_s).toArray()) {
        const QJsonObject o = lv.toObject();
        ChangeLogEntry entry;
        entry.offset = o.value(u"offset"_s).toInteger();
        entry.ts = o.value(u"ts"_s).toInteger();
        entry.kind = changeKindFromName(o.value(u"kind"_s).toString())
                         .value_or(ChangeLogEntry::Kind::SchemaRegistered);
        entry.context = o.value(u"context"_s).toString();
        entry.subject = o.value(u"subject"_s).toString();
        entry.version = o.value(u"version"_s).toInt();
        entry.id = o.value(u"id"_s).toInt();
        entry.payload = o.value(u"payload"_s).toObject();
        m_log.append(entry);
    }
    return true;
}

} // namespace sd::sandbox
