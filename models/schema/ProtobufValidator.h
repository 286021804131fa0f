#pragma once

#include "schema/ProtobufSchema.h"

#include <optional>
#include <QHash>

namespace sd::schema {

struct WellKnownProtoFile;

// Validation and type resolution (the checks protobuf's descriptor builder makes).
class ProtobufValidator
{
public:
    explicit ProtobufValidator(ProtobufSchema &schema);
    enum class Symbol { Package, Message, Enum, EnumValue, Field, Service, Oneof };
    QString error() const { return m_error; }

    // Types of a referenced or well-known file become visible.
    void addExternal(const ProtoFile &file);
    // Makes the types of a well-known import (google/protobuf/*.proto, confluent/*.proto,
    // google/type/*.proto) visible; false if `path` is not one of them.
    bool addWellKnown(const QString &path);

    // Referenced files were validated when they were registered; resolve their field types so
    // comparisons can see through them, without failing on what they do not declare here.
    void resolveExternal(ProtoFile &file);
    bool validate(ProtoFile &file);

private:
    void addWellKnown(const WellKnownProtoFile &wk);
    ProtobufSchema &m_schema;
    QHash<QString, Symbol> m_symbols;
    QString m_error;
    QString m_syntax;

    bool fail(const QString &message);
    static QString qualify(const QString &scope, const QString &name);
    void addPackage(const QString &package);
    void resolveLeniently(ProtoField &f, const QString &scope);
    void resolveExternalMessage(ProtoMessage &m, const QString &scope);
    void addExternalMessage(const ProtoMessage &m, const QString &scope);
    void addExternalEnum(const ProtoEnum &e, const QString &scope);
    bool declare(const QString &full, Symbol kind, const QString &what);
    // Names a message or enum in `scope` and declares it (byName: the schema's table of them).
    template<typename T>
    bool declareType(T &type, const QString &scope, Symbol kind, const QString &what,
                     QHash<QString, const T *> &byName);
    // The messages and enums declared in a file or message (`name`: its package or full name).
    template<typename Scope> bool declareNested(Scope &scope, const QString &name);
    bool declareMessage(ProtoMessage &m, const QString &scope);
    bool declareEnum(ProtoEnum &e, const QString &scope);

    // Finds `name` as written in `scope` (protobuf's scoping: innermost scope first).
    std::optional<std::pair<QString, Symbol>> lookup(const QString &name, const QString &scope) const;
    bool resolveType(const QString &written, const QString &scope, QString &resolved, bool &isEnum,
                     const QString &where);
    bool resolveMessageType(const QString &written, const QString &scope, QString &resolved,
                            const QString &where);
    static bool inRanges(qint64 n, const QList<ProtoRange> &ranges);
    static bool hasOption(const QList<ProtoOption> &options, QStringView name);
    bool checkField(ProtoField &f, const QString &scope, const QString &where);
    bool checkMessage(ProtoMessage &m);
    // The messages, enums and extends declared in a file or message (`name`: its package or full name).
    template<typename Scope> bool checkNested(Scope &scope, const QString &name);
    bool checkExtend(ProtoExtend &e, const QString &scope);
    bool checkEnum(const ProtoEnum &e);
};

} // namespace sd::schema
