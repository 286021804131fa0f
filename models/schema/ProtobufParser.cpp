#include "schema/ProtobufParser.h"

#include "schema/ProtobufSyntax_p.h"

using namespace Qt::StringLiterals;

namespace sd::schema {

ProtobufParser::ProtobufParser(std::vector<ProtobufToken> tokens)
    : m_tokens(std::move(tokens))
{}

std::optional<ProtoFile> ProtobufParser::run(QString *error)
{
    ProtoFile file;
    if (!parseFile(file)) {
        *error = m_error;
        return std::nullopt;
    }
    return file;
}

const ProtobufToken &ProtobufParser::peek(size_t ahead) const
{
    const size_t i = std::min(m_pos + ahead, m_tokens.size() - 1);
    return m_tokens[i];
}

const ProtobufToken &ProtobufParser::next()
{
    const ProtobufToken &t = m_tokens[m_pos];
    if (m_pos + 1 < m_tokens.size())
        ++m_pos;
    return t;
}

QString ProtobufParser::describe(const ProtobufToken &t)
{
    switch (t.kind) {
    case ProtobufToken::End:
        return u"end of file"_s;
    case ProtobufToken::String:
        return quoteProtoString(t.text);
    default:
        return u"'%1'"_s.arg(t.text);
    }
}

bool ProtobufParser::fail(const QString &message, const ProtobufToken &at)
{
    if (m_error.isEmpty())
        m_error = u"line %1, column %2: %3"_s.arg(at.line).arg(at.column).arg(message);
    return false;
}

bool ProtobufParser::failExpected(const QString &what)
{
    return fail(u"expected %1 but found %2"_s.arg(what, describe(peek())), peek());
}

bool ProtobufParser::isSymbol(const ProtobufToken &t, QChar c)
{
    return t.kind == ProtobufToken::Symbol && t.text.size() == 1 && t.text[0] == c;
}

bool ProtobufParser::accept(QChar c)
{
    if (isSymbol(peek(), c)) {
        next();
        return true;
    }
    return false;
}

bool ProtobufParser::ident(QString &out)
{
    if (peek().kind != ProtobufToken::Ident)
        return failExpected(u"an identifier"_s);
    out = next().text;
    return true;
}

bool ProtobufParser::fullIdent(QString &out)
{
    return dotted(out, [this](QString &part) { return ident(part); });
}

bool ProtobufParser::dotted(QString &out, const std::function<bool(QString &)> &part)
{
    if (!part(out))
        return false;
    while (accept(u'.')) {
        QString p;
        if (!part(p))
            return false;
        out += u'.' + p;
    }
    return true;
}

bool ProtobufParser::typeName(QString &out)
{
    QString prefix;
    if (accept(u'.'))
        prefix = u"."_s;
    if (!fullIdent(out))
        return false;
    out.prepend(prefix);
    return true;
}

bool ProtobufParser::stringLiteral(QString &out)
{
    if (peek().kind != ProtobufToken::String)
        return failExpected(u"a string"_s);
    out = next().text;
    while (peek().kind == ProtobufToken::String) // adjacent literals concatenate
        out += next().text;
    return true;
}

bool ProtobufParser::integer(qint64 &out, bool allowNegative)
{
    bool negative = false;
    if (allowNegative && accept(u'-'))
        negative = true;
    if (peek().kind != ProtobufToken::Int)
        return failExpected(u"an integer"_s);
    const ProtobufToken &t = next();
    bool ok = false;
    QString text = t.text;
    qint64 value = 0;
    if (text.size() > 1 && text.startsWith(u'0') && !text.startsWith(u"0x"_s, Qt::CaseInsensitive))
        value = text.mid(1).toLongLong(&ok, 8);
    else
        value = text.toLongLong(&ok, 0);
    if (!ok)
        return fail(u"invalid integer %1"_s.arg(t.text), t);
    out = negative ? -value : value;
    return true;
}

bool ProtobufParser::parseFile(ProtoFile &file)
{
    bool first = true;
    while (peek().kind != ProtobufToken::End) {
        const ProtobufToken &t = peek();
        if (accept(u';'))
            continue;
        if (isWord(t, "syntax"_L1) || isWord(t, "edition"_L1)) {
            if (!first)
                return fail(u"the %1 declaration must be the first statement"_s.arg(t.text), t);
            if (!syntaxStatement(file))
                return false;
        } else if (!fileStatement(file, t)) {
            return false;
        }
        first = false;
    }
    return true;
}

bool ProtobufParser::syntaxStatement(ProtoFile &file)
{
    const ProtobufToken at = next();
    const bool edition = at.text == u"edition";
    QString value;
    if (!expect(u'=') || !stringLiteral(value) || !expect(u';'))
        return false;
    if (edition) {
        file.syntax = u"editions"_s;
        file.edition = value;
    } else if (value == u"proto2" || value == u"proto3") {
        file.syntax = value;
    } else {
        return fail(u"unrecognized syntax \"%1\" (expected \"proto2\" or \"proto3\")"_s.arg(value), at);
    }
    file.syntaxDeclared = true;
    m_syntax = file.syntax;
    return true;
}

bool ProtobufParser::fileStatement(ProtoFile &file, const ProtobufToken &t)
{
    if (isWord(t, "package"_L1)) {
        const ProtobufToken at = next();
        if (!file.package.isEmpty())
            return fail(u"multiple package definitions"_s, at);
        return fullIdent(file.package) && expect(u';');
    }
    if (isWord(t, "import"_L1)) {
        next();
        ProtoImport import;
        if (isWord(peek(), "public"_L1) || isWord(peek(), "weak"_L1))
            import.modifier = next().text;
        if (!stringLiteral(import.path) || !expect(u';'))
            return false;
        file.imports << import;
        return true;
    }
    if (isWord(t, "option"_L1))
        return optionStatement(file.options);
    if (isWord(t, "message"_L1) || isWord(t, "enum"_L1) || isWord(t, "extend"_L1))
        return typeStatement(file);
    if (isWord(t, "service"_L1))
        return parseInto(file.services, &ProtobufParser::parseService);
    return fail(u"unexpected %1: expected syntax, package, import, option, message, enum, service or "
                u"extend"_s.arg(describe(t)),
                t);
}

bool ProtobufParser::optionName(QString &out)
{
    auto part = [&](QString &p) -> bool {
        if (accept(u'(')) {
            QString name;
            if (!typeName(name) || !expect(u')'))
                return false;
            p = u'(' + name + u')';
            return true;
        }
        return ident(p);
    };
    return dotted(out, part);
}

bool ProtobufParser::constant(QString &out)
{
    const ProtobufToken &t = peek();
    if (isSymbol(t, u'{'))
        return aggregate(out);
    if (t.kind == ProtobufToken::String) {
        QString s;
        stringLiteral(s);
        out = quoteProtoString(s);
        return true;
    }
    QString sign;
    if (isSymbol(t, u'-') || isSymbol(t, u'+')) {
        sign = next().text;
        if (sign == u"+")
            sign.clear();
    }
    const ProtobufToken &v = peek();
    if (v.kind == ProtobufToken::Int || v.kind == ProtobufToken::Float) {
        out = sign + next().text;
        return true;
    }
    if (v.kind == ProtobufToken::Ident) {
        QString name;
        if (!fullIdent(name))
            return false;
        out = sign + name;
        return true;
    }
    return failExpected(u"a constant"_s);
}

bool ProtobufParser::aggregate(QString &out)
{
    const ProtobufToken start = next(); // '{'
    int depth = 1;
    QStringList parts;
    while (depth > 0) {
        const ProtobufToken &t = peek();
        if (t.kind == ProtobufToken::End)
            return fail(u"unterminated aggregate value"_s, start);
        next();
        if (isSymbol(t, u'{') || isSymbol(t, u'['))
            ++depth;
        if (isSymbol(t, u'}') || isSymbol(t, u']'))
            --depth;
        if (depth == 0)
            break;
        const QString text = t.kind == ProtobufToken::String ? quoteProtoString(t.text) : t.text;
        if (!parts.isEmpty() && (text == u":" || text == u"," || text == u";"))
            parts.last() += text;
        else
            parts << text;
    }
    out = parts.isEmpty() ? u"{}"_s : u"{ "_s + parts.join(u' ') + u" }"_s;
    return true;
}

bool ProtobufParser::parseOption(ProtoOption &option)
{
    return optionName(option.name) && expect(u'=') && constant(option.value);
}

bool ProtobufParser::fieldOptions(QList<ProtoOption> &options)
{
    if (!accept(u'['))
        return true;
    do {
        ProtoOption option;
        if (!parseOption(option))
            return false;
        options << option;
    } while (accept(u','));
    return expect(u']');
}

bool ProtobufParser::ranges(QList<ProtoRange> &out, qint64 max)
{
    do {
        ProtoRange r;
        if (!integer(r.start, true))
            return false;
        r.end = r.start;
        if (isWord(peek(), "to"_L1)) {
            next();
            if (isWord(peek(), "max"_L1)) {
                next();
                r.end = max;
                r.endIsMax = true;
            } else if (!integer(r.end, true)) {
                return false;
            }
        }
        if (r.end < r.start)
            return fail(u"range end %1 is before its start %2"_s.arg(r.end).arg(r.start), peek());
        out << r;
    } while (accept(u','));
    return true;
}

bool ProtobufParser::reserved(QList<ProtoRange> &rangesOut, QStringList &names, qint64 max)
{
    if (peek().kind == ProtobufToken::String || peek().kind == ProtobufToken::Ident) {
        do {
            QString name;
            if (peek().kind == ProtobufToken::Ident)
                name = next().text; // editions spell reserved names as identifiers
            else if (!stringLiteral(name))
                return false;
            names << name;
        } while (accept(u','));
    } else if (!ranges(rangesOut, max)) {
        return false;
    }
    return expect(u';');
}

bool ProtobufParser::isDeclaration(QLatin1StringView keyword) const
{
    return isWord(peek(), keyword) && peek(1).kind == ProtobufToken::Ident && isSymbol(peek(2), u'{');
}

bool ProtobufParser::field(ProtoField &f, std::optional<ProtoMessage> &group, bool inOneof)
{
    if (!inOneof &&
        (isWord(peek(), "optional"_L1) || isWord(peek(), "required"_L1) || isWord(peek(), "repeated"_L1)) &&
        !isSymbol(peek(1), u'=')) {
        f.label = next().text;
    }
    if (isWord(peek(), "group"_L1) && peek(1).kind == ProtobufToken::Ident && isSymbol(peek(2), u'=')) {
        const ProtobufToken at = next();
        if (m_syntax == u"proto3")
            return fail(u"groups are not supported in proto3"_s, at);
        ProtoMessage message;
        if (!ident(message.name) || !expect(u'=') || !integer(f.number, false) || !fieldOptions(f.options))
            return false;
        if (!messageBody(message))
            return false;
        f.type = message.name;
        f.name = message.name.toLower();
        f.isGroup = true;
        message.isGroup = true;
        group = std::move(message);
        return true;
    }
    if (isWord(peek(), "map"_L1) && isSymbol(peek(1), u'<')) {
        const ProtobufToken at = next();
        next();
        f.isMap = true;
        if (!typeName(f.keyType) || !expect(u',') || !typeName(f.type) || !expect(u'>'))
            return false;
        if (!f.label.isEmpty())
            return fail(u"map fields cannot have a label (%1)"_s.arg(f.label), at);
    } else if (!typeName(f.type)) {
        return false;
    }
    if (!ident(f.name) || !expect(u'=') || !integer(f.number, false) || !fieldOptions(f.options) ||
        !expect(u';'))
        return false;
    return true;
}

bool ProtobufParser::messageBody(ProtoMessage &message)
{
    // Nesting is recursive here and in every later pass; keep the stack bounded.
    struct Depth
    {
        explicit Depth(int &d)
            : m_d(++d)
        {}
        ~Depth() { --m_d; }
        int &m_d;
    } depth(m_depth);
    if (m_depth > 100)
        return fail(u"messages nested more than 100 levels deep"_s, peek());
    if (!expect(u'{'))
        return false;
    return block(&message.options, [&](const ProtobufToken &t) { return messageStatement(message, t); });
}

bool ProtobufParser::messageStatement(ProtoMessage &message, const ProtobufToken &t)
{
    if (isDeclaration("message"_L1) || isDeclaration("enum"_L1))
        return typeStatement(message);
    if (isDeclaration("oneof"_L1)) {
        next();
        return parseOneof(message, t);
    }
    if (isWord(t, "reserved"_L1) &&
        (peek(1).kind == ProtobufToken::Int || peek(1).kind == ProtobufToken::String ||
         (peek(1).kind == ProtobufToken::Ident && !isSymbol(peek(2), u'=')) || isSymbol(peek(1), u'-'))) {
        next();
        return reserved(message.reservedRanges, message.reservedNames, maxFieldNumber);
    }
    if (isWord(t, "extensions"_L1) && (peek(1).kind == ProtobufToken::Int)) {
        const ProtobufToken at = next();
        if (m_syntax == u"proto3")
            return fail(u"extension ranges are not allowed in proto3"_s, at);
        if (!ranges(message.extensionRanges, maxFieldNumber))
            return false;
        QList<ProtoOption> ignored;
        return fieldOptions(ignored) && expect(u';');
    }
    if (isWord(t, "extend"_L1))
        return typeStatement(message);
    ProtoField f;
    if (!fieldStatement(message, f))
        return false;
    message.fields << f;
    return true;
}

template<typename Scope> bool ProtobufParser::typeStatement(Scope &scope)
{
    const ProtobufToken &t = next();
    if (t.text == u"message") {
        ProtoMessage message;
        if (!parseMessage(message))
            return false;
        addMessage(scope, std::move(message));
    } else if (t.text == u"enum") {
        ProtoEnum e;
        if (!parseEnum(e))
            return false;
        scope.typeOrder << std::make_pair(true, int(scope.enums.size()));
        scope.enums << e;
    } else {
        ProtoExtend extend;
        std::vector<ProtoMessage> groups;
        if (!parseExtend(extend, groups))
            return false;
        for (ProtoMessage &g : groups)
            addMessage(scope, std::move(g));
        scope.extends << extend;
    }
    return true;
}

template<typename Scope> void ProtobufParser::addMessage(Scope &scope, ProtoMessage &&message)
{
    scope.typeOrder << std::make_pair(false, int(scope.messages.size()));
    scope.messages.push_back(std::move(message));
}

bool ProtobufParser::fieldStatement(ProtoMessage &message, ProtoField &f)
{
    std::optional<ProtoMessage> group;
    if (!field(f, group, false))
        return false;
    if (group)
        addMessage(message, std::move(*group));
    return true;
}

bool ProtobufParser::parseOneof(ProtoMessage &message, const ProtobufToken &at)
{
    ProtoOneof oneof;
    const bool ok = namedBlock(oneof.name, oneof.options, [&](const ProtobufToken &fieldAt) {
        if (isWord(fieldAt, "optional"_L1) || isWord(fieldAt, "required"_L1) ||
            isWord(fieldAt, "repeated"_L1)) {
            if (!isSymbol(peek(1), u'='))
                return fail(u"fields in oneofs must not have labels (%1)"_s.arg(fieldAt.text), fieldAt);
        }
        ProtoField f;
        std::optional<ProtoMessage> group;
        if (!field(f, group, true))
            return false;
        if (f.isMap)
            return fail(u"map fields are not allowed in oneofs"_s, fieldAt);
        if (group)
            addMessage(message, std::move(*group));
        oneof.fields << f;
        return true;
    });
    if (!ok)
        return false;
    if (oneof.fields.isEmpty())
        return fail(u"oneof \"%1\" must have at least one field"_s.arg(oneof.name), at);
    message.oneofs << oneof;
    return true;
}

bool ProtobufParser::block(QList<ProtoOption> *options,
                           const std::function<bool(const ProtobufToken &)> &statement)
{
    while (!accept(u'}')) {
        const ProtobufToken &t = peek();
        if (t.kind == ProtobufToken::End)
            return failExpected(u"'}'"_s);
        if (accept(u';'))
            continue;
        if (options && isWord(t, "option"_L1)) {
            if (!optionStatement(*options))
                return false;
            continue;
        }
        if (!statement(t))
            return false;
    }
    return true;
}

template<typename T> bool ProtobufParser::parseInto(QList<T> &list, bool (ProtobufParser::*parse)(T &))
{
    next();
    T item;
    if (!(this->*parse)(item))
        return false;
    list << item;
    return true;
}

bool ProtobufParser::namedBlock(QString &name, QList<ProtoOption> &options,
                                const std::function<bool(const ProtobufToken &)> &statement)
{
    return ident(name) && expect(u'{') && block(&options, statement);
}

bool ProtobufParser::optionStatement(QList<ProtoOption> &options)
{
    next();
    ProtoOption option;
    if (!parseOption(option) || !expect(u';'))
        return false;
    options << option;
    return true;
}

bool ProtobufParser::parseExtend(ProtoExtend &extend, std::vector<ProtoMessage> &groups)
{
    if (!typeName(extend.type) || !expect(u'{'))
        return false;
    return block(nullptr, [&](const ProtobufToken &) {
        ProtoField f;
        std::optional<ProtoMessage> group;
        if (!field(f, group, false))
            return false;
        if (group)
            groups.push_back(std::move(*group));
        extend.fields << f;
        return true;
    });
}

bool ProtobufParser::parseEnum(ProtoEnum &e)
{
    return namedBlock(e.name, e.options, [&](const ProtobufToken &t) {
        if (isWord(t, "reserved"_L1)) {
            next();
            return reserved(e.reservedRanges, e.reservedNames, 2147483647);
        }
        ProtoEnumValue v;
        if (!ident(v.name) || !expect(u'=') || !integer(v.number, true) || !fieldOptions(v.options) ||
            !expect(u';'))
            return false;
        e.values << v;
        return true;
    });
}

bool ProtobufParser::parseService(ProtoService &service)
{
    return namedBlock(service.name, service.options, [&](const ProtobufToken &t) {
        if (!isWord(t, "rpc"_L1))
            return failExpected(u"'rpc', 'option' or '}'"_s);
        return parseInto(service.rpcs, &ProtobufParser::parseRpc);
    });
}

bool ProtobufParser::parseRpc(ProtoRpc &rpc)
{
    if (!ident(rpc.name) || !rpcType(rpc.requestType, rpc.requestStream))
        return false;
    if (!isWord(peek(), "returns"_L1))
        return failExpected(u"'returns'"_s);
    next();
    if (!rpcType(rpc.responseType, rpc.responseStream))
        return false;
    if (!accept(u'{'))
        return expect(u';');
    if (!block(&rpc.options, [&](const ProtobufToken &) { return failExpected(u"'option' or '}'"_s); }))
        return false;
    accept(u';');
    return true;
}

bool ProtobufParser::rpcType(QString &type, bool &stream)
{
    if (!expect(u'('))
        return false;
    if (isWord(peek(), "stream"_L1) && !isSymbol(peek(1), u')')) {
        next();
        stream = true;
    }
    return typeName(type) && expect(u')');
}

std::optional<ProtoFile> parseProtoFile(const QString &text, QString *error)
{
    std::vector<ProtobufToken> tokens;
    tokens.reserve(size_t(text.size() / 4) + 16);
    QString tokenError;
    if (!ProtobufTokenizer(text).run(tokens, &tokenError)) {
        if (error)
            *error = tokenError;
        return std::nullopt;
    }
    QString parseError;
    auto file = ProtobufParser(std::move(tokens)).run(&parseError);
    if (!file && error)
        *error = parseError;
    return file;
}

} // namespace sd::schema
