#include "ScopeSettings.h"

namespace sd::items {

QString settingSourceName(SettingSource source)
{
    switch (source) {
    case SettingSource::Subject:
        return QStringLiteral("set on the subject");
    case SettingSource::Context:
        return QStringLiteral("inherited from the context");
    case SettingSource::Global:
        return QStringLiteral("inherited from the global level (:.__GLOBAL:)");
    case SettingSource::ServerDefault:
        return QStringLiteral("the server's default");
    }
    return {};
}

template<typename Field>
static EffectiveValue resolve(const ScopeSettings *subject, const ScopeSettings &context,
                              const ScopeSettings &global, Field field, const QString &fallback)
{
    if (subject && !(subject->*field).isEmpty())
        return {subject->*field, SettingSource::Subject};
    if (!(context.*field).isEmpty())
        return {context.*field, SettingSource::Context};
    if (!(global.*field).isEmpty())
        return {global.*field, SettingSource::Global};
    return {fallback, SettingSource::ServerDefault};
}

EffectiveValue effectiveMode(const ScopeSettings *subject, const ScopeSettings &context,
                             const ScopeSettings &global)
{
    return resolve(subject, context, global, &ScopeSettings::mode, serverDefaultMode());
}

EffectiveValue effectiveCompatibility(const ScopeSettings *subject, const ScopeSettings &context,
                                      const ScopeSettings &global)
{
    return resolve(subject, context, global, &ScopeSettings::compatibility, serverDefaultCompatibility());
}

QString shortModeName(const QString &mode)
{
    if (mode == u"READWRITE")
        return QStringLiteral("RW");
    if (mode == u"READONLY")
        return QStringLiteral("RO");
    if (mode == u"READONLY_OVERRIDE")
        return QStringLiteral("RO!");
    if (mode == u"FORWARD")
        return QStringLiteral("FWD");
    return mode;
}

} // namespace sd::items
