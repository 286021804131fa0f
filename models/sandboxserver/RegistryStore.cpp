#include "sandboxserver/RegistryStore.h"

#include "sandboxserver/RegistryStoreFile.h"
#include "sandboxserver/ResponseShapes.h"
#include "sandboxserver/SandboxLogging.h"
#include "sandboxserver/SchemaResolver.h"
#include "sandboxserver/ScopeSettings.h"

#include <algorithm>
#include <QDateTime>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;
using sd::schema::CompatibilityLevel;
using sd::schema::SchemaType;

namespace sd::sandbox {

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

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

bool RegistryStore::parseVersionId(const QString &text, int *version, bool *latest)
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

RegistryError RegistryStore::invalidVersionError(const QString &version)
{
    return {
        422, 42202,
        u"The specified version '%1' is not a valid version id. Allowed values are between [1, 2^31-1] and "
        u"the string \"latest\""_s.arg(version)};
}

bool RegistryStore::isValidSubjectName(const QualifiedSubject &subject)
{
    if (subject.wildcard || subject.isGlobal())
        return false;
    if (subject.name == u"__GLOBAL" || subject.name == u"__EMPTY")
        return false;
    for (const QChar c : subject.name) {
        if (c.category() == QChar::Other_Control)
            return false;
    }
    for (const QChar c : subject.context) {
        if (c.category() == QChar::Other_Control)
            return false;
    }
    return true;
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
    if (name.hasContextPrefix || exists(findSubject(name.context, name.name)))
        return name;
    for (const auto &[contextName, ctx] : m_contexts) {
        const auto it = ctx.subjects.find(name.name);
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

QList<VersionKey> RegistryStore::referenceTargets(const QString &contextName,
                                                  const StoredSchema &stored) const
{
    QList<VersionKey> targets;
    for (const SchemaReference &reference : stored.references) {
        const QualifiedSubject target = QualifiedSubject::parseRelative(reference.subject, contextName);
        targets.append({target.context, target.name, reference.version});
    }
    return targets;
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
    const qint64 offset = changeLogEnd();
    m_log.append(ChangeLogEntry{offset, nowMs(), kind, contextName, subject, version, id, payload});
    Q_EMIT changed(offset);
}

QList<ChangeLogEntry> RegistryStore::changesSince(qint64 offset, int max) const
{
    QList<ChangeLogEntry> result;
    for (qint64 i = qMax(offset, m_logBase) - m_logBase; i < m_log.size() && result.size() < max; ++i)
        result.append(m_log[i]);
    return result;
}

RegistryStore::VersionEntry *RegistryStore::versionAt(const VersionKey &key)
{
    SubjectEntry *subject = findSubject(key.context, key.subject);
    if (!subject)
        return nullptr;
    const auto it = subject->versions.find(key.version);
    return it != subject->versions.end() ? &it->second : nullptr;
}

void RegistryStore::addVersion(const QString &contextName, const QString &subject, const VersionEntry &entry)
{
    ContextEntry &ctx = ensureContext(contextName);
    ctx.listed = true;
    ctx.subjects[subject].versions[entry.version] = entry;
    ctx.usages[entry.id].append({subject, entry.version});
    if (const StoredSchemaPtr stored = ctx.schemas.value(entry.id)) {
        for (const VersionKey &target : referenceTargets(contextName, *stored)) {
            if (VersionEntry *referenced = versionAt(target))
                referenced->referencedBy.append({contextName, subject, entry.version});
        }
    }
}

void RegistryStore::removeVersion(const QString &contextName, const QString &subject, int version)
{
    ContextEntry *ctx = context(contextName);
    const VersionEntry *entry = versionAt({contextName, subject, version});
    if (!ctx || !entry)
        return;
    const int id = entry->id;
    ctx->subjects.at(subject).versions.erase(version);
    auto usageIt = ctx->usages.find(id);
    if (usageIt != ctx->usages.end()) {
        usageIt->removeAll(std::pair<QString, int>(subject, version));
        if (usageIt->isEmpty())
            ctx->usages.erase(usageIt);
    }
    if (const StoredSchemaPtr stored = ctx->schemas.value(id)) {
        const VersionKey self{contextName, subject, version};
        for (const VersionKey &target : referenceTargets(contextName, *stored)) {
            if (VersionEntry *referenced = versionAt(target))
                referenced->referencedBy.removeAll(self);
        }
    }
}

void RegistryStore::cleanupSubject(const QString &contextName, const QString &subject)
{
    ContextEntry *ctx = context(contextName);
    const SubjectEntry *entry = findSubject(contextName, subject);
    // Once the last version is gone, the subject's config and mode go too.
    if (ctx && entry && entry->versions.empty())
        ctx->subjects.erase(subject);
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
    if (!isValidSubjectName(name) || name.name.isEmpty()) {
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

    const SubjectEntry *existing = findSubject(name.context, name.name);
    SchemaResolver::Candidate candidate;
    if (!SchemaResolver(*this).prepareCandidate(name.context, request, options.normalize, existing,
                                                &candidate, error))
        return {};
    const QString identity = SchemaResolver::identityOf(candidate.type, candidate.text, candidate.references,
                                                        request.metadata, request.ruleSet);

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
            return view(name.context, name.name, it->second);
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
        const schema::CompatibilityResult compat = SchemaResolver(*this).checkAgainst(
            name.context, name.name, *existing, *candidate.parsed, request.metadata);
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
        stored->guid = SchemaResolver::guidFor(identity);
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
    addVersion(name.context, name.name, entry);
    log(ChangeLogEntry::Kind::SchemaRegistered, name.context, name.name, version, id);
    const SubjectEntry *subject = findSubject(name.context, name.name);
    return view(name.context, name.name, subject->versions.at(version));
}

SchemaVersionView RegistryStore::lookupSchema(const QString &subjectText, const RegisterRequest &request,
                                              bool normalize, bool includeDeleted, RegistryError *error) const
{
    *error = {};
    const QualifiedSubject name = resolveForRead(subjectText, includeDeleted);
    const SubjectEntry *subject = findSubject(name.context, name.name);
    if (!subject || subject->versions.empty() || (!includeDeleted && !subject->hasLive())) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(subjectText)};
        return {};
    }
    SchemaResolver::Candidate candidate;
    if (!SchemaResolver(*this).prepareCandidate(name.context, request, normalize, subject, &candidate, error))
        return {};
    const ContextEntry *ctx = context(name.context);
    const QString identity = SchemaResolver::identityOf(candidate.type, candidate.text, candidate.references,
                                                        request.metadata, request.ruleSet);
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
            return view(name.context, name.name, it->second);
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
    const SubjectEntry *subject = findSubject(name.context, name.name);
    if (!subject || subject->versions.empty() || (!includeDeleted && !subject->hasLive())) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(subjectText)};
        return {};
    }
    const VersionEntry *entry = findVersion(*subject, version, includeDeleted, name, error);
    if (!entry)
        return {};
    return view(name.context, name.name, *entry);
}

QList<int> RegistryStore::listVersions(const QString &subjectText, bool deleted, bool deletedOnly,
                                       bool deletedAsNegative, RegistryError *error) const
{
    *error = {};
    const QualifiedSubject name = resolveForRead(subjectText, deleted || deletedOnly);
    const SubjectEntry *subject = findSubject(name.context, name.name);
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
        const QString &start = from > prefix.name ? from : prefix.name;
        for (auto it = ctx.subjects.lower_bound(start); it != ctx.subjects.end(); ++it) {
            if (!it->first.startsWith(prefix.name) || (belowColon && it->first >= u":"_s))
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
    SubjectEntry *subject = findSubject(name.context, name.name);
    if (!subject || subject->versions.empty()) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(subjectText)};
        return {};
    }
    if (RegistryError readOnly = readOnlyCheck(name.context, name.name, name.toString());
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
        if (isReferencedOutside(entry, name.context, name.name, permanent)) {
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
            removeVersion(name.context, name.name, number);
        cleanupSubject(name.context, name.name);
        log(ChangeLogEntry::Kind::SubjectHardDeleted, name.context, name.name);
    } else {
        for (int number : deleted)
            subject->versions[number].deleted = true;
        log(ChangeLogEntry::Kind::SubjectSoftDeleted, name.context, name.name);
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
    SubjectEntry *subject = findSubject(name.context, name.name);
    if (!subject || subject->versions.empty()) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(subjectText)};
        return 0;
    }
    if (RegistryError readOnly = readOnlyCheck(name.context, name.name, name.toString());
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
        removeVersion(name.context, name.name, number);
        cleanupSubject(name.context, name.name);
        log(ChangeLogEntry::Kind::VersionHardDeleted, name.context, name.name, number);
    } else {
        subject->versions[number].deleted = true;
        log(ChangeLogEntry::Kind::VersionSoftDeleted, name.context, name.name, number);
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
    QList<VersionKey> keys = collect(scope.context, scope.name);
    if (keys.isEmpty() && !scope.hasContextPrefix && !scope.name.isEmpty()) {
        // An unqualified subject not found in the default context is looked for in every context.
        for (const auto &[contextName, ctx] : m_contexts) {
            keys = collect(contextName, scope.name);
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
    // A context name, not a subject: ":.ctx:", ".ctx", "ctx" and ":ctx:" all name ".ctx".
    const QString contextName = QualifiedSubject::normalizeContext(delimitedContext);
    ContextEntry *ctx = context(contextName);
    if (!ctx)
        return true;
    for (const auto &[subjectName, subject] : ctx->subjects) {
        if (!subject.versions.empty()) {
            *error = {422, 42211, u"The specified context '%1' is not empty."_s.arg(delimitedContext)};
            return false;
        }
    }
    if (contextName == QualifiedSubject::defaultContext)
        return true; // the default context always exists
    // The id counter survives so ids are never handed out twice in a re-created context.
    ctx->listed = false;
    ctx->subjects.clear();
    log(ChangeLogEntry::Kind::ContextDeleted, contextName, QString());
    return true;
}

std::optional<QJsonObject> RegistryStore::configAt(const QString &scope) const
{
    return ScopeSettings(*this).configAt(scope);
}

QJsonObject RegistryStore::effectiveConfig(const QString &scope, bool includeGlobal) const
{
    return ScopeSettings(*this).effectiveConfig(scope, includeGlobal);
}

QJsonObject RegistryStore::updateConfig(const QString &scope, const QJsonObject &update, RegistryError *error)
{
    return ScopeSettings(*this).updateConfig(scope, update, error);
}

std::optional<QJsonObject> RegistryStore::deleteConfig(const QString &scope, RegistryError *error)
{
    return ScopeSettings(*this).deleteConfig(scope, error);
}

std::optional<RegistryMode> RegistryStore::modeAt(const QString &scope) const
{
    return ScopeSettings(*this).modeAt(scope);
}

RegistryMode RegistryStore::effectiveMode(const QString &scope, bool includeGlobal) const
{
    return ScopeSettings(*this).effectiveMode(scope, includeGlobal);
}

bool RegistryStore::setMode(const QString &scope, RegistryMode mode, bool force, RegistryError *error)
{
    return ScopeSettings(*this).setMode(scope, mode, force, error);
}

std::optional<RegistryMode> RegistryStore::deleteMode(const QString &scope, bool recursive,
                                                      RegistryError *error)
{
    return ScopeSettings(*this).deleteMode(scope, recursive, error);
}

schema::ParsedSchemaPtr RegistryStore::parsedSchema(const StoredSchema &stored) const
{
    return SchemaResolver(*this).parsedSchema(stored);
}

CompatibilityOutcome RegistryStore::testCompatibility(const QString &subject, const QString &version,
                                                      const RegisterRequest &request, bool normalize,
                                                      bool verbose, RegistryError *error) const
{
    return SchemaResolver(*this).testCompatibility(subject, version, request, normalize, verbose, error);
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
    return RegistryStoreFile::write(*this);
}

bool RegistryStore::fromJson(const QJsonObject &json, QString *error)
{
    return RegistryStoreFile::read(json, this, error);
}

} // namespace sd::sandbox
