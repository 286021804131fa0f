#pragma once

#include "sandboxserver/RegistryStore.h"

namespace sd::sandbox {

// The config and the mode a RegistryStore keeps at each level: the global one (":.__GLOBAL:"), a
// context (":.ctx:"; "" and ":.:" are the default context, the top level) and a subject. A view of the
// store made for one call; one made from a const store only reads.
class ScopeSettings
{
public:
    explicit ScopeSettings(const RegistryStore &store);
    explicit ScopeSettings(RegistryStore &store);

    // Config objects in request form ("compatibility", "normalize", ...).
    std::optional<QJsonObject> configAt(const QString &scope) const;
    QJsonObject effectiveConfig(const QString &scope, bool includeGlobal = true) const;
    QJsonObject updateConfig(const QString &scope, const QJsonObject &update, RegistryError *error);
    std::optional<QJsonObject> deleteConfig(const QString &scope, RegistryError *error);

    std::optional<RegistryMode> modeAt(const QString &scope) const;
    RegistryMode effectiveMode(const QString &scope, bool includeGlobal = true) const;
    // IMPORT on a scope with live subjects needs `force`, and purges its soft-deleted versions.
    bool setMode(const QString &scope, RegistryMode mode, bool force, RegistryError *error);
    std::optional<RegistryMode> deleteMode(const QString &scope, bool recursive, RegistryError *error);

private:
    using ContextEntry = RegistryStore::ContextEntry;
    using SubjectEntry = RegistryStore::SubjectEntry;
    using VersionEntry = RegistryStore::VersionEntry;
    enum class ScopeKind { Subject, Context, Global };
    struct Scope
    {
        ScopeKind kind = ScopeKind::Subject;
        QString context;
        QString subject;
        QString display; // as written by the client
    };

    static Scope parseScope(const QString &text);
    // What is set at the scope itself: the global value, or the context's or the subject's member.
    template<typename T>
    std::optional<T> valueAt(const QString &scope, const std::optional<T> &global,
                             std::optional<T> ContextEntry::*ofContext,
                             std::optional<T> SubjectEntry::*ofSubject) const;
    // Clears what is set at the scope itself and returns it; a subject left empty goes.
    template<typename T>
    std::optional<T> takeAt(const Scope &scope, std::optional<T> &global,
                            std::optional<T> ContextEntry::*ofContext,
                            std::optional<T> SubjectEntry::*ofSubject);
    QList<QString> contextsInScope(const Scope &scope) const;

    const RegistryStore &m_read;
    RegistryStore *m_write = nullptr;
};

} // namespace sd::sandbox
