#pragma once

#include "schema/ProtobufSchema.h"
#include "schema/ProtobufTokenizer.h"

#include <functional>
#include <optional>
#include <vector>

namespace sd::schema {

// Builds the AST of one .proto file from its tokens, without resolving types.
class ProtobufParser
{
public:
    explicit ProtobufParser(std::vector<ProtobufToken> tokens);
    std::optional<ProtoFile> run(QString *error);

private:
    std::vector<ProtobufToken> m_tokens;
    size_t m_pos = 0;
    QString m_error;
    QString m_syntax = QStringLiteral("proto2");
    int m_depth = 0;

    const ProtobufToken &peek(size_t ahead = 0) const;
    const ProtobufToken &next();
    static QString describe(const ProtobufToken &t);
    bool fail(const QString &message, const ProtobufToken &at);
    bool failExpected(const QString &what);
    static bool isSymbol(const ProtobufToken &t, QChar c);
    static bool isWord(const ProtobufToken &t, QLatin1StringView w)
    {
        return t.kind == ProtobufToken::Ident && t.text == w;
    }
    bool accept(QChar c);
    bool expect(QChar c) { return accept(c) || failExpected(QStringLiteral("'%1'").arg(c)); }
    bool ident(QString &out);
    bool fullIdent(QString &out);
    // part ('.' part)*, joined with dots.
    bool dotted(QString &out, const std::function<bool(QString &)> &part);
    bool typeName(QString &out);
    bool stringLiteral(QString &out);
    bool integer(qint64 &out, bool allowNegative);
    bool optionName(QString &out);
    bool constant(QString &out);

    // Text-format aggregate values, kept as a normalised token string.
    bool aggregate(QString &out);
    bool parseOption(ProtoOption &option);
    bool fieldOptions(QList<ProtoOption> &options);
    bool ranges(QList<ProtoRange> &out, qint64 max);
    bool reserved(QList<ProtoRange> &rangesOut, QStringList &names, qint64 max);
    bool isDeclaration(QLatin1StringView keyword) const;

    // A field (or a proto2 group, returned as `group`).
    bool field(ProtoField &f, std::optional<ProtoMessage> &group, bool inOneof);
    bool parseFile(ProtoFile &file);
    bool syntaxStatement(ProtoFile &file);
    bool fileStatement(ProtoFile &file, const ProtobufToken &t);
    bool parseMessage(ProtoMessage &message) { return ident(message.name) && messageBody(message); }
    bool messageBody(ProtoMessage &message);
    bool messageStatement(ProtoMessage &message, const ProtobufToken &t);
    // A message, enum or extend declaration, added to `scope` (a ProtoFile or a ProtoMessage).
    template<typename Scope> bool typeStatement(Scope &scope);
    template<typename Scope> static void addMessage(Scope &scope, ProtoMessage &&message);
    bool fieldStatement(ProtoMessage &message, ProtoField &f);
    bool parseOneof(ProtoMessage &message, const ProtobufToken &at);
    // The statements of a block whose '{' was read, up to its '}': empty statements are skipped,
    // option statements go to `options` (when given), anything else to `statement`.
    bool block(QList<ProtoOption> *options, const std::function<bool(const ProtobufToken &)> &statement);
    // Past the keyword, parses one item with `parse` and appends it to `list`.
    template<typename T> bool parseInto(QList<T> &list, bool (ProtobufParser::*parse)(T &));
    // "Name { ... }" of an enum, service or oneof.
    bool namedBlock(QString &name, QList<ProtoOption> &options,
                    const std::function<bool(const ProtobufToken &)> &statement);
    bool optionStatement(QList<ProtoOption> &options);
    bool parseExtend(ProtoExtend &extend, std::vector<ProtoMessage> &groups);
    bool parseEnum(ProtoEnum &e);
    bool parseService(ProtoService &service);
    bool parseRpc(ProtoRpc &rpc);
    // "(stream Type)" of an rpc.
    bool rpcType(QString &type, bool &stream);
};

} // namespace sd::schema
