#include "sandboxserver/ScopeSettings.h"

#include "sandboxserver/RuleSetValidator.h"

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

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

} // namespace

ScopeSettings::ScopeSettings(const RegistryStore &store)
    : m_read(store)
{}

ScopeSettings::ScopeSettings(RegistryStore &store)
    : m_read(store)
    , m_write(&store)
{}

ScopeSettings::Scope ScopeSettings::parseScope(const QString &text)
{
    Scope scope;
    scope.display = text;
    const QualifiedSubject name = QualifiedSubject::parse(text);
    scope.context = name.context;
    scope.subject = name.name;
    if (name.isGlobal())
        scope.kind = ScopeKind::Global;
    else if (name.name.isEmpty())
        scope.kind = ScopeKind::Context; // "" and ":.:" are the top level, i.e. the default context
    else
        scope.kind = ScopeKind::Subject;
    return scope;
}

template<typename T>
std::optional<T> ScopeSettings::valueAt(const QString &scopeText, const std::optional<T> &global,
                                        std::optional<T> ContextEntry::*ofContext,
                                        std::optional<T> SubjectEntry::*ofSubject) const
{
    const Scope scope = parseScope(scopeText);
    switch (scope.kind) {
    case ScopeKind::Global:
        return global;
    case ScopeKind::Context: {
        const ContextEntry *ctx = m_read.context(scope.context);
        return ctx ? ctx->*ofContext : std::nullopt;
    }
    case ScopeKind::Subject: {
        const SubjectEntry *subject = m_read.findSubject(scope.context, scope.subject);
        return subject ? subject->*ofSubject : std::nullopt;
    }
    }
    return std::nullopt;
}

template<typename T>
std::optional<T> ScopeSettings::takeAt(const Scope &scope, std::optional<T> &global,
                                       std::optional<T> ContextEntry::*ofContext,
                                       std::optional<T> SubjectEntry::*ofSubject)
{
    std::optional<T> old;
    if (scope.kind == ScopeKind::Global) {
        old = std::exchange(global, std::nullopt);
    } else if (scope.kind == ScopeKind::Context) {
        if (ContextEntry *ctx = m_write->context(scope.context))
            old = std::exchange(ctx->*ofContext, std::nullopt);
    } else if (SubjectEntry *subject = m_write->findSubject(scope.context, scope.subject)) {
        old = std::exchange(subject->*ofSubject, std::nullopt);
        if (subject->isEmpty())
            m_write->context(scope.context)->subjects.erase(scope.subject);
    }
    return old;
}

std::optional<QJsonObject> ScopeSettings::configAt(const QString &scopeText) const
{
    return valueAt(scopeText, m_read.m_globalConfig, &ContextEntry::config, &SubjectEntry::config);
}

QJsonObject ScopeSettings::effectiveConfig(const QString &scopeText, bool includeGlobal) const
{
    // Field by field: subject over context over :.__GLOBAL: over the server default.
    const Scope scope = parseScope(scopeText);
    QJsonObject result{
        {u"compatibility"_s, schema::compatibilityLevelName(m_read.m_settings.defaultCompatibility)}};
    auto merge = [&result](const std::optional<QJsonObject> &layer) {
        if (!layer)
            return;
        for (auto it = layer->begin(); it != layer->end(); ++it)
            result.insert(it.key(), it.value());
    };
    if (includeGlobal || scope.kind == ScopeKind::Global)
        merge(m_read.m_globalConfig);
    if (scope.kind != ScopeKind::Global) {
        if (const ContextEntry *ctx = m_read.context(scope.context))
            merge(ctx->config);
        if (scope.kind == ScopeKind::Subject) {
            if (const SubjectEntry *subject = m_read.findSubject(scope.context, scope.subject))
                merge(subject->config);
        }
    }
    return result;
}

QJsonObject ScopeSettings::updateConfig(const QString &scopeText, const QJsonObject &update,
                                        RegistryError *error)
{
    Q_ASSERT(m_write);
    *error = {};
    const Scope scope = parseScope(scopeText);
    const QualifiedSubject name = QualifiedSubject::parse(scopeText);
    if (scope.kind == ScopeKind::Subject && !m_write->isValidSubjectName(name)) {
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
                                              ? RuleSetValidator::check(it.value().toObject())
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
        slot = &m_write->m_globalConfig;
    else if (scope.kind == ScopeKind::Context)
        slot = &m_write->ensureContext(scope.context).config;
    else
        slot = &m_write->ensureContext(scope.context).subjects[scope.subject].config;
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
    m_write->log(ChangeLogEntry::Kind::ConfigChanged,
                 scope.kind == ScopeKind::Global ? QualifiedSubject::globalContext : scope.context,
                 scope.subject, 0, 0, merged);
    return merged;
}

std::optional<QJsonObject> ScopeSettings::deleteConfig(const QString &scopeText, RegistryError *error)
{
    Q_ASSERT(m_write);
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
    const std::optional<QJsonObject> old =
        takeAt(scope, m_write->m_globalConfig, &ContextEntry::config, &SubjectEntry::config);
    if (!old && !scope.display.isEmpty() && scope.display != u":.:") {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(scopeText)};
        return std::nullopt;
    }
    if (old)
        m_write->log(ChangeLogEntry::Kind::ConfigDeleted,
                     scope.kind == ScopeKind::Global ? QualifiedSubject::globalContext : scope.context,
                     scope.subject);
    return old;
}

std::optional<RegistryMode> ScopeSettings::modeAt(const QString &scopeText) const
{
    return valueAt(scopeText, m_read.m_globalMode, &ContextEntry::mode, &SubjectEntry::mode);
}

RegistryMode ScopeSettings::effectiveMode(const QString &scopeText, bool includeGlobal) const
{
    const Scope scope = parseScope(scopeText);
    if (scope.kind == ScopeKind::Subject) {
        if (const SubjectEntry *subject = m_read.findSubject(scope.context, scope.subject);
            subject && subject->mode)
            return *subject->mode;
    }
    if (scope.kind != ScopeKind::Global) {
        if (const ContextEntry *ctx = m_read.context(scope.context); ctx && ctx->mode)
            return *ctx->mode;
    }
    if ((includeGlobal || scope.kind == ScopeKind::Global) && m_read.m_globalMode)
        return *m_read.m_globalMode;
    return RegistryMode::ReadWrite;
}

QList<QString> ScopeSettings::contextsInScope(const Scope &scope) const
{
    QList<QString> names;
    if (scope.kind == ScopeKind::Global) {
        for (const auto &[name, ctx] : m_read.m_contexts)
            names.append(name);
    } else {
        names.append(scope.context);
    }
    return names;
}

bool ScopeSettings::setMode(const QString &scopeText, RegistryMode mode, bool force, RegistryError *error)
{
    Q_ASSERT(m_write);
    *error = {};
    const Scope scope = parseScope(scopeText);
    const QualifiedSubject name = QualifiedSubject::parse(scopeText);
    if (scope.kind == ScopeKind::Subject && !m_write->isValidSubjectName(name)) {
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
            const ContextEntry *ctx = m_write->context(contextName);
            if (!ctx)
                continue;
            for (const auto &[subjectName, subject] : ctx->subjects) {
                if (scope.kind == ScopeKind::Subject && subjectName != scope.subject)
                    continue;
                const bool taken = subject.hasLive() || (m_write->m_settings.importNeedsNeverRegistered &&
                                                         !subject.versions.empty());
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
            const SubjectEntry *subject = m_write->findSubject(key.context, key.subject);
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
            m_write->removeVersion(key.context, key.subject, key.version);
            m_write->log(ChangeLogEntry::Kind::VersionHardDeleted, key.context, key.subject, key.version);
        }
        for (const VersionKey &key : purge)
            m_write->cleanupSubject(key.context, key.subject);
    }
    if (scope.kind == ScopeKind::Global)
        m_write->m_globalMode = mode;
    else if (scope.kind == ScopeKind::Context)
        m_write->ensureContext(scope.context).mode = mode;
    else
        m_write->ensureContext(scope.context).subjects[scope.subject].mode = mode;
    m_write->log(ChangeLogEntry::Kind::ModeChanged,
                 scope.kind == ScopeKind::Global ? QualifiedSubject::globalContext : scope.context,
                 scope.subject, 0, 0, QJsonObject{{u"mode"_s, registryModeName(mode)}});
    return true;
}

std::optional<RegistryMode> ScopeSettings::deleteMode(const QString &scopeText, bool recursive,
                                                      RegistryError *error)
{
    Q_ASSERT(m_write);
    *error = {};
    const Scope scope = parseScope(scopeText);
    const std::optional<RegistryMode> old =
        takeAt(scope, m_write->m_globalMode, &ContextEntry::mode, &SubjectEntry::mode);
    ContextEntry *ctx = m_write->context(scope.context);
    if (recursive && scope.kind == ScopeKind::Context && ctx) {
        for (auto it = ctx->subjects.begin(); it != ctx->subjects.end();) {
            it->second.mode.reset();
            it = it->second.isEmpty() ? ctx->subjects.erase(it) : std::next(it);
        }
    }
    const bool topLevel = scope.display.isEmpty() || scope.display == u":.:";
    if (!old && !recursive && !topLevel) {
        *error = {404, 40401, u"Subject '%1' not found."_s.arg(scopeText)};
        return std::nullopt;
    }
    m_write->log(ChangeLogEntry::Kind::ModeDeleted,
                 scope.kind == ScopeKind::Global ? QualifiedSubject::globalContext : scope.context,
                 scope.subject);
    return old;
}

} // namespace sd::sandbox
