#pragma once

#include <QString>

namespace sd::items {

// Where a mode or compatibility value comes from, most specific first, as Confluent's server looks it up:
// the subject, its context (the top-level /config and /mode for the default context), the global
// context ":.__GLOBAL:", and the server's built-in default.
enum class SettingSource { Subject, Context, Global, ServerDefault };

QString settingSourceName(SettingSource source);

// The values set at one level; an empty string means "not set here".
struct ScopeSettings
{
    QString mode;
    QString compatibility;
};

struct EffectiveValue
{
    QString value;
    SettingSource source = SettingSource::ServerDefault;
};

inline const QString &serverDefaultMode()
{
    static const QString mode = QStringLiteral("READWRITE");
    return mode;
}

inline const QString &serverDefaultCompatibility()
{
    static const QString level = QStringLiteral("BACKWARD");
    return level;
}

// Resolves one field through the chain. `subject` may be null (resolving for a context).
EffectiveValue effectiveMode(const ScopeSettings *subject, const ScopeSettings &context,
                             const ScopeSettings &global);
EffectiveValue effectiveCompatibility(const ScopeSettings *subject, const ScopeSettings &context,
                                      const ScopeSettings &global);

// "READWRITE" → "RW", "READONLY" → "RO", "READONLY_OVERRIDE" → "RO!", "IMPORT" → "IMPORT", "FORWARD" → "FWD".
QString shortModeName(const QString &mode);

} // namespace sd::items
