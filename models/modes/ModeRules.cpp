#include "ModeRules.h"

#include "registry/RegistryTypes.h"

using namespace Qt::StringLiterals;

namespace sd::modes {

Level Level::ofContext(const QString &context)
{
    if (context.isEmpty() || context == u".")
        return topLevel();
    return {Kind::Context, context, {}};
}

Level Level::ofSubject(const QString &qualifiedSubject)
{
    return {Kind::Subject, registry::QualifiedSubject::parse(qualifiedSubject).context, qualifiedSubject};
}

QString Level::scope() const
{
    switch (kind) {
    case Kind::Global:
        return u":.__GLOBAL:"_s;
    case Kind::TopLevel:
        return {};
    case Kind::Context:
        return u':' + context + u':';
    case Kind::Subject:
        return subject;
    }
    return {};
}

QString Level::label() const
{
    switch (kind) {
    case Kind::Global:
        return u"global (:.__GLOBAL:)"_s;
    case Kind::TopLevel:
        return u"default context (top level)"_s;
    case Kind::Context:
        return u"context "_s + context;
    case Kind::Subject:
        return u"subject "_s + subject;
    }
    return {};
}

QStringList allModes()
{
    return {u"READWRITE"_s, u"READONLY"_s, u"READONLY_OVERRIDE"_s, u"IMPORT"_s, u"FORWARD"_s};
}

QStringList offeredModes(const Level &level)
{
    QStringList modes = allModes();
    if (level.kind != Level::Kind::Global)
        modes.removeAll(u"FORWARD"_s);
    return modes;
}

QStringList compatibilityLevels()
{
    return {u"NONE"_s, u"BACKWARD"_s,       u"BACKWARD_TRANSITIVE"_s, u"FORWARD"_s, u"FORWARD_TRANSITIVE"_s,
            u"FULL"_s, u"FULL_TRANSITIVE"_s};
}

bool importNeedsForce(const QString &newMode, const QString &currentModeAtScope, int liveSubjects)
{
    return newMode == u"IMPORT" && currentModeAtScope != u"IMPORT" && liveSubjects > 0;
}

QString modeExplanation(const QString &mode)
{
    if (mode == u"READWRITE")
        return u"Normal operation: registrations, deletes and config changes are accepted."_s;
    if (mode == u"READONLY" || mode == u"READONLY_OVERRIDE")
        return u"Registrations, deletes and config changes are refused (42205) until the mode changes. "
               u"Mode changes are never blocked: to get out, set READWRITE here or reset the mode to "
               u"inherited."_s;
    if (mode == u"IMPORT")
        return u"Registrations must carry an id (and may carry a version); compatibility checks are "
               u"skipped. Used by Schema Linking destinations and migrations."_s;
    if (mode == u"FORWARD")
        return u"Registrations without an id are forwarded to the upstream registry (USM hybrid "
               u"setup); only allowed at the global level."_s;
    return {};
}

} // namespace sd::modes
