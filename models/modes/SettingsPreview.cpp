#include "SettingsPreview.h"

#include "registry/RegistryTypes.h"

namespace sd::modes {

namespace {

QString &fieldOf(items::ScopeSettings &settings, Field field)
{
    return field == Field::Mode ? settings.mode : settings.compatibility;
}

const QString &fieldOf(const items::ScopeSettings &settings, Field field)
{
    return field == Field::Mode ? settings.mode : settings.compatibility;
}

items::EffectiveValue resolve(Field field, const items::ScopeSettings *subject,
                              const items::ScopeSettings &context, const items::ScopeSettings &global)
{
    return field == Field::Mode ? items::effectiveMode(subject, context, global)
                                : items::effectiveCompatibility(subject, context, global);
}

QString contextOf(const QString &qualifiedSubject)
{
    return registry::QualifiedSubject::parse(qualifiedSubject).context;
}

} // namespace

const items::ScopeSettings &SettingsSnapshot::contextSettings(const QString &context) const
{
    if (context.isEmpty() || context == u".")
        return topLevel;
    const auto it = contexts.constFind(context);
    return it == contexts.cend() ? m_none : *it;
}

const items::ScopeSettings &SettingsSnapshot::settingsAt(const Level &level) const
{
    switch (level.kind) {
    case Level::Kind::Global:
        return global;
    case Level::Kind::TopLevel:
        return topLevel;
    case Level::Kind::Context:
        return contextSettings(level.context);
    case Level::Kind::Subject: {
        const auto it = subjects.constFind(level.subject);
        return it == subjects.cend() ? m_none : *it;
    }
    }
    return m_none;
}

items::ScopeSettings &SettingsSnapshot::settingsAt(const Level &level)
{
    switch (level.kind) {
    case Level::Kind::Global:
        return global;
    case Level::Kind::TopLevel:
        return topLevel;
    case Level::Kind::Context:
        return contexts[level.context];
    case Level::Kind::Subject:
        return subjects[level.subject];
    }
    return global;
}

items::EffectiveValue SettingsSnapshot::effectiveAt(const Level &level, Field field) const
{
    switch (level.kind) {
    case Level::Kind::Global:
        return resolve(field, nullptr, m_none, global);
    case Level::Kind::TopLevel:
    case Level::Kind::Context:
        return resolve(field, nullptr, contextSettings(level.context), global);
    case Level::Kind::Subject:
        return effectiveFor(level.subject, field);
    }
    return {};
}

items::EffectiveValue SettingsSnapshot::effectiveFor(const QString &qualifiedSubject, Field field) const
{
    const auto it = subjects.constFind(qualifiedSubject);
    return resolve(field, it == subjects.cend() ? nullptr : &*it,
                   contextSettings(contextOf(qualifiedSubject)), global);
}

QStringList SettingsSnapshot::subjectsIn(const QString &context) const
{
    QStringList result;
    for (const QString &subject : subjectNames)
        if (contextOf(subject) == context)
            result << subject;
    return result;
}

QStringList SettingsSnapshot::subjectsWithOwn(const QString &context, Field field) const
{
    QStringList result;
    for (auto it = subjects.cbegin(); it != subjects.cend(); ++it)
        if (contextOf(it.key()) == context && !fieldOf(*it, field).isEmpty())
            result << it.key();
    result.sort();
    return result;
}

QList<SettingChange> previewChange(const SettingsSnapshot &snapshot, const Level &level, Field field,
                                   const QString &newValue, bool recursive)
{
    SettingsSnapshot after = snapshot;
    fieldOf(after.settingsAt(level), field) = newValue;
    if (recursive && (level.kind == Level::Kind::Context || level.kind == Level::Kind::TopLevel))
        for (auto it = after.subjects.begin(); it != after.subjects.end(); ++it)
            if (contextOf(it.key()) == level.context)
                fieldOf(*it, field).clear();
    QList<SettingChange> changes;
    for (const QString &subject : snapshot.subjectNames) {
        const items::EffectiveValue was = snapshot.effectiveFor(subject, field);
        const items::EffectiveValue will = after.effectiveFor(subject, field);
        if (was.value != will.value)
            changes.append({subject, was, will});
    }
    return changes;
}

} // namespace sd::modes
