#pragma once

#include <QString>

namespace sd::sandbox {

// A subject name with its context, as Schema Registry writes it: ":.ctx:orders-value". The default
// context is "."; ":.:x" and "x" are the same subject. A context on its own is ":.ctx:" (empty
// subject). The wildcard context ":*:" is only meaningful as a prefix.
struct QualifiedSubject
{
    static inline const QString defaultContext = QStringLiteral(".");
    static inline const QString globalContext = QStringLiteral(".__GLOBAL");

    QString context = defaultContext;
    QString subject;
    bool hasContextPrefix = false; // the input named a context explicitly
    bool wildcard = false;         // ":*:" prefix

    static QualifiedSubject parse(const QString &text);
    // Resolves a reference's subject against the context of the schema that refers to it.
    static QualifiedSubject parseRelative(const QString &text, const QString &parentContext);

    bool isDefaultContext() const { return context == defaultContext; }
    bool isGlobal() const { return context == globalContext; }
    bool isContextOnly() const { return subject.isEmpty(); }
    // "orders-value" in the default context, ":.ctx:orders-value" elsewhere, ":.ctx:" for a context.
    QString toString() const;
    static QString qualify(const QString &context, const QString &subject);
    // ":.ctx:" form of a context name.
    static QString delimitedContext(const QString &context);
};

} // namespace sd::sandbox
