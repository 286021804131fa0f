#include "ScopeSettings.h"

#include "registry/EnumNames.h"

namespace sd::items {

QString settingSourceName(SettingSource source)
{
    static constexpr registry::EnumNames<SettingSource::ServerDefault> names(
        {u"set on the subject", u"inherited from the context",
         u"inherited from the global level (:.__GLOBAL:)", u"the server's default"});
    return names.name(source);
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
