#pragma once

#include "items/ScopeSettings.h"
#include "ModeRules.h"

#include <QHash>
#include <QList>
#include <QStringList>

namespace sd::modes {

enum class Field { Mode, Compatibility };

// What is set at every level of one registry, enough to resolve every subject's effective mode and
// compatibility with items::effectiveMode / effectiveCompatibility.
struct SettingsSnapshot
{
    items::ScopeSettings global;
    items::ScopeSettings topLevel;                 // the default context's level
    QHash<QString, items::ScopeSettings> contexts; // ".ctx" → its ":.ctx:" entry
    QHash<QString, items::ScopeSettings> subjects; // qualified subject → its own entry
    QStringList subjectNames;                      // live subjects, qualified

    const items::ScopeSettings &settingsAt(const Level &level) const;
    items::ScopeSettings &settingsAt(const Level &level);
    items::EffectiveValue effectiveAt(const Level &level, Field field) const;
    items::EffectiveValue effectiveFor(const QString &qualifiedSubject, Field field) const;
    QStringList subjectsIn(const QString &context) const;
    // Subjects whose own entry sets the field (what a recursive reset of a context clears).
    QStringList subjectsWithOwn(const QString &context, Field field) const;

private:
    const items::ScopeSettings &contextSettings(const QString &context) const;
    items::ScopeSettings m_none;
};

struct SettingChange
{
    QString subject;
    items::EffectiveValue before;
    items::EffectiveValue after;
};

// The subjects whose effective value changes when `level` gets `newValue` for `field` (an empty value
// = reset to inherited, i.e. DELETE). `recursive` also clears the subjects' own values in the
// level's context (DELETE /mode/:.ctx:?recursive=true).
QList<SettingChange> previewChange(const SettingsSnapshot &snapshot, const Level &level, Field field,
                                   const QString &newValue, bool recursive = false);

} // namespace sd::modes
