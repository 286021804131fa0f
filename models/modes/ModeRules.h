#pragma once

#include <QString>
#include <QStringList>

namespace sd::modes {

// One level where a mode or config can be set. A subject without its own value takes its context's (the
// top-level one for the default context), then the global ":.__GLOBAL:" one, then the server default.
struct Level
{
    enum class Kind { Global, TopLevel, Context, Subject };
    Kind kind = Kind::TopLevel;
    QString context = QStringLiteral("."); // Context: ".ctx"; Subject: the subject's context
    QString subject;                       // Subject only: the qualified name

    static Level global() { return {Kind::Global, {}, {}}; }
    static Level topLevel() { return {Kind::TopLevel, QStringLiteral("."), {}}; }
    // "." gives the top level: the default context has no ":.:" entry of its own.
    static Level ofContext(const QString &context);
    static Level ofSubject(const QString &qualifiedSubject);

    // The path segment for /config and /mode: ":.__GLOBAL:", "" (top level), ":.ctx:" or the subject.
    QString scope() const;
    // For people: "global (:.__GLOBAL:)", "default context (top level)", "context .ctx", "subject x".
    QString label() const;
    bool operator==(const Level &) const = default;
};

QStringList allModes();
// FORWARD is accepted only at the global level (42204 elsewhere, including top-level PUT /mode).
QStringList offeredModes(const Level &level);
QStringList compatibilityLevels();

// Whether PUT /mode to `newMode` needs force=true: switching to IMPORT when the scope is not already
// IMPORT and still holds live subjects (42205 "Cannot import since found existing subjects").
bool importNeedsForce(const QString &newMode, const QString &currentModeAtScope, int liveSubjects);

// What a mode means for writes, and for READONLY how to get out of it.
QString modeExplanation(const QString &mode);

} // namespace sd::modes
