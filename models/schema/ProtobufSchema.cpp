#include "schema/ProtobufSchema.h"

#include "schema/SchemaInternal.h"

#include <algorithm>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sd::schema {

namespace {

// ---------------------------------------------------------------------------------------------
// Tokens

struct Token
{
    enum Kind { Ident, Int, Float, String, Symbol, End };
    Kind kind = End;
    QString text; // identifier, number literal, decoded string, or the symbol
    int line = 1;
    int column = 1;
};

class Tokenizer
{
public:
    explicit Tokenizer(QStringView text)
        : m_text(text)
    {}

    bool run(std::vector<Token> &out, QString *error)
    {
        while (true) {
            skipSpaceAndComments();
            if (!m_error.isEmpty())
                break;
            Token t;
            t.line = m_line;
            t.column = int(m_pos - m_lineStart) + 1;
            if (m_pos >= m_text.size()) {
                t.kind = Token::End;
                out.push_back(t);
                return true;
            }
            const QChar c = m_text[m_pos];
            if (c.isLetter() || c == u'_') {
                const qsizetype start = m_pos;
                while (m_pos < m_text.size() && (m_text[m_pos].isLetterOrNumber() || m_text[m_pos] == u'_'))
                    ++m_pos;
                t.kind = Token::Ident;
                t.text = m_text.sliced(start, m_pos - start).toString();
            } else if (c.isDigit() ||
                       (c == u'.' && m_pos + 1 < m_text.size() && m_text[m_pos + 1].isDigit())) {
                readNumber(t);
            } else if (c == u'"' || c == u'\'') {
                if (!readString(t))
                    break;
            } else if (QStringView(u"=;{}[]()<>,.:-+/").contains(c)) {
                t.kind = Token::Symbol;
                t.text = QString(c);
                ++m_pos;
            } else {
                m_error = u"unexpected character '%1'"_s.arg(c);
                break;
            }
            out.push_back(t);
        }
        *error = u"line %1, column %2: %3"_s.arg(m_line).arg(m_pos - m_lineStart + 1).arg(m_error);
        return false;
    }

private:
    QStringView m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    qsizetype m_lineStart = 0;
    QString m_error;

    void newline()
    {
        ++m_line;
        m_lineStart = m_pos + 1;
    }

    void skipSpaceAndComments()
    {
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (c == u'\n') {
                newline();
                ++m_pos;
            } else if (c.isSpace()) {
                ++m_pos;
            } else if (c == u'/' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == u'/') {
                while (m_pos < m_text.size() && m_text[m_pos] != u'\n')
                    ++m_pos;
            } else if (c == u'/' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == u'*') {
                m_pos += 2;
                while (m_pos + 1 < m_text.size() && !(m_text[m_pos] == u'*' && m_text[m_pos + 1] == u'/')) {
                    if (m_text[m_pos] == u'\n')
                        newline();
                    ++m_pos;
                }
                if (m_pos + 1 >= m_text.size()) {
                    m_error = u"unterminated /* comment"_s;
                    return;
                }
                m_pos += 2;
            } else {
                return;
            }
        }
    }

    void readNumber(Token &t)
    {
        const qsizetype start = m_pos;
        const bool hex = m_text[m_pos] == u'0' && m_pos + 1 < m_text.size() &&
                         (m_text[m_pos + 1] == u'x' || m_text[m_pos + 1] == u'X');
        bool isFloat = false;
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (c.isLetterOrNumber() || c == u'_' || c == u'.') {
                if (!hex && (c == u'.' || c == u'e' || c == u'E'))
                    isFloat = true;
                ++m_pos;
                if (!hex && (c == u'e' || c == u'E') && m_pos < m_text.size() &&
                    (m_text[m_pos] == u'+' || m_text[m_pos] == u'-'))
                    ++m_pos;
            } else {
                break;
            }
        }
        t.kind = isFloat ? Token::Float : Token::Int;
        t.text = m_text.sliced(start, m_pos - start).toString();
    }

    bool readString(Token &t)
    {
        const QChar quote = m_text[m_pos++];
        QString value;
        while (m_pos < m_text.size() && m_text[m_pos] != quote) {
            QChar c = m_text[m_pos];
            if (c == u'\n') {
                m_error = u"string literal not terminated on its line"_s;
                return false;
            }
            if (c != u'\\') {
                value.append(c);
                ++m_pos;
                continue;
            }
            ++m_pos;
            if (m_pos >= m_text.size())
                break;
            const QChar e = m_text[m_pos++];
            switch (e.unicode()) {
            case u'a':
                value.append(u'\a');
                break;
            case u'b':
                value.append(u'\b');
                break;
            case u'f':
                value.append(u'\f');
                break;
            case u'n':
                value.append(u'\n');
                break;
            case u'r':
                value.append(u'\r');
                break;
            case u't':
                value.append(u'\t');
                break;
            case u'v':
                value.append(u'\v');
                break;
            case u'x':
            case u'X': {
                int code = 0;
                int digits = 0;
                while (digits < 2 && m_pos < m_text.size() && isHex(m_text[m_pos])) {
                    code = code * 16 + hexValue(m_text[m_pos++]);
                    ++digits;
                }
                if (!digits) {
                    m_error = u"invalid \\x escape"_s;
                    return false;
                }
                value.append(QChar(code));
                break;
            }
            case u'u':
            case u'U': {
                const int want = e == u'u' ? 4 : 8;
                char32_t code = 0;
                for (int i = 0; i < want; ++i) {
                    if (m_pos >= m_text.size() || !isHex(m_text[m_pos])) {
                        m_error = u"invalid unicode escape"_s;
                        return false;
                    }
                    code = code * 16 + char32_t(hexValue(m_text[m_pos++]));
                }
                value.append(QString::fromUcs4(&code, 1));
                break;
            }
            default:
                if (e >= u'0' && e <= u'7') {
                    int code = e.unicode() - u'0';
                    for (int i = 0;
                         i < 2 && m_pos < m_text.size() && m_text[m_pos] >= u'0' && m_text[m_pos] <= u'7';
                         ++i)
                        code = code * 8 + (m_text[m_pos++].unicode() - u'0');
                    value.append(QChar(code));
                } else {
                    value.append(e); // \\ \' \" \?
                }
            }
        }
        if (m_pos >= m_text.size()) {
            m_error = u"unterminated string literal"_s;
            return false;
        }
        ++m_pos;
        t.kind = Token::String;
        t.text = value;
        return true;
    }

    static bool isHex(QChar c) { return c.isDigit() || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F'); }
    static int hexValue(QChar c)
    {
        if (c.isDigit())
            return c.unicode() - u'0';
        return (c.toLower().unicode() - u'a') + 10;
    }
};

QString quoteProtoString(const QString &value)
{
    QString out = u"\""_s;
    for (QChar c : value) {
        switch (c.unicode()) {
        case u'"':
            out += u"\\\""_s;
            break;
        case u'\\':
            out += u"\\\\"_s;
            break;
        case u'\n':
            out += u"\\n"_s;
            break;
        case u'\r':
            out += u"\\r"_s;
            break;
        case u'\t':
            out += u"\\t"_s;
            break;
        default:
            if (c.unicode() < 0x20)
                out += u"\\%1"_s.arg(int(c.unicode()), 3, 8, QChar(u'0'));
            else
                out += c;
        }
    }
    out += u'"';
    return out;
}

constexpr qint64 maxFieldNumber = 536870911; // 2^29 - 1

// ---------------------------------------------------------------------------------------------
// Parser

class Parser
{
public:
    explicit Parser(std::vector<Token> tokens)
        : m_tokens(std::move(tokens))
    {}

    std::optional<ProtoFile> run(QString *error)
    {
        ProtoFile file;
        if (!parseFile(file)) {
            *error = m_error;
            return std::nullopt;
        }
        return file;
    }

private:
    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    QString m_error;
    QString m_syntax = u"proto2"_s;
    int m_depth = 0;

    const Token &peek(size_t ahead = 0) const
    {
        const size_t i = std::min(m_pos + ahead, m_tokens.size() - 1);
        return m_tokens[i];
    }
    const Token &next()
    {
        const Token &t = m_tokens[m_pos];
        if (m_pos + 1 < m_tokens.size())
            ++m_pos;
        return t;
    }
    static QString describe(const Token &t)
    {
        switch (t.kind) {
        case Token::End:
            return u"end of file"_s;
        case Token::String:
            return quoteProtoString(t.text);
        default:
            return u"'%1'"_s.arg(t.text);
        }
    }
    bool fail(const QString &message, const Token &at)
    {
        if (m_error.isEmpty())
            m_error = u"line %1, column %2: %3"_s.arg(at.line).arg(at.column).arg(message);
        return false;
    }
    bool failExpected(const QString &what)
    {
        return fail(u"expected %1 but found %2"_s.arg(what, describe(peek())), peek());
    }
    static bool isSymbol(const Token &t, QChar c)
    {
        return t.kind == Token::Symbol && t.text.size() == 1 && t.text[0] == c;
    }
    static bool isWord(const Token &t, QLatin1StringView w) { return t.kind == Token::Ident && t.text == w; }
    bool accept(QChar c)
    {
        if (isSymbol(peek(), c)) {
            next();
            return true;
        }
        return false;
    }
    bool expect(QChar c) { return accept(c) || failExpected(u"'%1'"_s.arg(c)); }
    bool ident(QString &out)
    {
        if (peek().kind != Token::Ident)
            return failExpected(u"an identifier"_s);
        out = next().text;
        return true;
    }
    bool fullIdent(QString &out)
    {
        if (!ident(out))
            return false;
        while (isSymbol(peek(), u'.')) {
            next();
            QString part;
            if (!ident(part))
                return false;
            out += u'.' + part;
        }
        return true;
    }
    bool typeName(QString &out)
    {
        QString prefix;
        if (accept(u'.'))
            prefix = u"."_s;
        if (!fullIdent(out))
            return false;
        out.prepend(prefix);
        return true;
    }
    bool stringLiteral(QString &out)
    {
        if (peek().kind != Token::String)
            return failExpected(u"a string"_s);
        out = next().text;
        while (peek().kind == Token::String) // adjacent literals concatenate
            out += next().text;
        return true;
    }
    bool integer(qint64 &out, bool allowNegative)
    {
        bool negative = false;
        if (allowNegative && accept(u'-'))
            negative = true;
        if (peek().kind != Token::Int)
            return failExpected(u"an integer"_s);
        const Token &t = next();
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

    bool parseFile(ProtoFile &file)
    {
        bool first = true;
        while (peek().kind != Token::End) {
            const Token &t = peek();
            if (accept(u';'))
                continue;
            if (isWord(t, "syntax"_L1) || isWord(t, "edition"_L1)) {
                const bool edition = t.text == u"edition";
                const Token at = next();
                if (!first)
                    return fail(u"the %1 declaration must be the first statement"_s.arg(at.text), at);
                QString value;
                if (!expect(u'=') || !stringLiteral(value) || !expect(u';'))
                    return false;
                if (edition) {
                    file.syntax = u"editions"_s;
                    file.edition = value;
                } else if (value == u"proto2" || value == u"proto3") {
                    file.syntax = value;
                } else {
                    return fail(
                        u"unrecognized syntax \"%1\" (expected \"proto2\" or \"proto3\")"_s.arg(value), at);
                }
                file.syntaxDeclared = true;
                m_syntax = file.syntax;
            } else if (isWord(t, "package"_L1)) {
                const Token at = next();
                if (!file.package.isEmpty())
                    return fail(u"multiple package definitions"_s, at);
                if (!fullIdent(file.package) || !expect(u';'))
                    return false;
            } else if (isWord(t, "import"_L1)) {
                next();
                ProtoImport import;
                if (isWord(peek(), "public"_L1) || isWord(peek(), "weak"_L1))
                    import.modifier = next().text;
                if (!stringLiteral(import.path) || !expect(u';'))
                    return false;
                file.imports << import;
            } else if (isWord(t, "option"_L1)) {
                next();
                ProtoOption option;
                if (!parseOption(option) || !expect(u';'))
                    return false;
                file.options << option;
            } else if (isWord(t, "message"_L1)) {
                next();
                ProtoMessage message;
                if (!parseMessage(message))
                    return false;
                file.typeOrder << std::make_pair(false, int(file.messages.size()));
                file.messages.push_back(std::move(message));
            } else if (isWord(t, "enum"_L1)) {
                next();
                ProtoEnum e;
                if (!parseEnum(e))
                    return false;
                file.typeOrder << std::make_pair(true, int(file.enums.size()));
                file.enums << e;
            } else if (isWord(t, "service"_L1)) {
                next();
                ProtoService service;
                if (!parseService(service))
                    return false;
                file.services << service;
            } else if (isWord(t, "extend"_L1)) {
                next();
                ProtoExtend extend;
                std::vector<ProtoMessage> groups;
                if (!parseExtend(extend, groups))
                    return false;
                for (ProtoMessage &g : groups) {
                    file.typeOrder << std::make_pair(false, int(file.messages.size()));
                    file.messages.push_back(std::move(g));
                }
                file.extends << extend;
            } else {
                return fail(
                    u"unexpected %1: expected syntax, package, import, option, message, enum, service or "
                    u"extend"_s.arg(describe(t)),
                    t);
            }
            first = false;
        }
        return true;
    }

    bool optionName(QString &out)
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

    bool constant(QString &out)
    {
        const Token &t = peek();
        if (isSymbol(t, u'{'))
            return aggregate(out);
        if (t.kind == Token::String) {
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
        const Token &v = peek();
        if (v.kind == Token::Int || v.kind == Token::Float) {
            out = sign + next().text;
            return true;
        }
        if (v.kind == Token::Ident) {
            QString name;
            if (!fullIdent(name))
                return false;
            out = sign + name;
            return true;
        }
        return failExpected(u"a constant"_s);
    }

    // Text-format aggregate values, kept as a normalised token string.
    bool aggregate(QString &out)
    {
        const Token start = next(); // '{'
        int depth = 1;
        QStringList parts;
        while (depth > 0) {
            const Token &t = peek();
            if (t.kind == Token::End)
                return fail(u"unterminated aggregate value"_s, start);
            next();
            if (isSymbol(t, u'{') || isSymbol(t, u'['))
                ++depth;
            if (isSymbol(t, u'}') || isSymbol(t, u']'))
                --depth;
            if (depth == 0)
                break;
            const QString text = t.kind == Token::String ? quoteProtoString(t.text) : t.text;
            if (!parts.isEmpty() && (text == u":" || text == u"," || text == u";"))
                parts.last() += text;
            else
                parts << text;
        }
        out = parts.isEmpty() ? u"{}"_s : u"{ "_s + parts.join(u' ') + u" }"_s;
        return true;
    }

    bool parseOption(ProtoOption &option)
    {
        return optionName(option.name) && expect(u'=') && constant(option.value);
    }

    bool fieldOptions(QList<ProtoOption> &options)
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

    bool ranges(QList<ProtoRange> &out, qint64 max)
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

    bool reserved(QList<ProtoRange> &rangesOut, QStringList &names, qint64 max)
    {
        if (peek().kind == Token::String || peek().kind == Token::Ident) {
            do {
                QString name;
                if (peek().kind == Token::Ident)
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

    bool isDeclaration(QLatin1StringView keyword) const
    {
        return isWord(peek(), keyword) && peek(1).kind == Token::Ident && isSymbol(peek(2), u'{');
    }

    // A field (or a proto2 group, returned as `group`).
    bool field(ProtoField &f, std::optional<ProtoMessage> &group, bool inOneof)
    {
        if (!inOneof &&
            (isWord(peek(), "optional"_L1) || isWord(peek(), "required"_L1) ||
             isWord(peek(), "repeated"_L1)) &&
            !isSymbol(peek(1), u'=')) {
            f.label = next().text;
        }
        if (isWord(peek(), "group"_L1) && peek(1).kind == Token::Ident && isSymbol(peek(2), u'=')) {
            const Token at = next();
            if (m_syntax == u"proto3")
                return fail(u"groups are not supported in proto3"_s, at);
            ProtoMessage message;
            if (!ident(message.name) || !expect(u'=') || !integer(f.number, false) ||
                !fieldOptions(f.options))
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
            const Token at = next();
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

    bool parseMessage(ProtoMessage &message) { return ident(message.name) && messageBody(message); }

    bool messageBody(ProtoMessage &message)
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
        while (!accept(u'}')) {
            const Token &t = peek();
            if (t.kind == Token::End)
                return failExpected(u"'}'"_s);
            if (accept(u';'))
                continue;
            if (isDeclaration("message"_L1)) {
                next();
                ProtoMessage nested;
                if (!parseMessage(nested))
                    return false;
                message.typeOrder << std::make_pair(false, int(message.messages.size()));
                message.messages.push_back(std::move(nested));
            } else if (isDeclaration("enum"_L1)) {
                next();
                ProtoEnum e;
                if (!parseEnum(e))
                    return false;
                message.typeOrder << std::make_pair(true, int(message.enums.size()));
                message.enums << e;
            } else if (isDeclaration("oneof"_L1)) {
                next();
                ProtoOneof oneof;
                if (!ident(oneof.name) || !expect(u'{'))
                    return false;
                const Token at = t;
                while (!accept(u'}')) {
                    if (peek().kind == Token::End)
                        return failExpected(u"'}'"_s);
                    if (accept(u';'))
                        continue;
                    if (isWord(peek(), "option"_L1)) {
                        next();
                        ProtoOption option;
                        if (!parseOption(option) || !expect(u';'))
                            return false;
                        oneof.options << option;
                        continue;
                    }
                    ProtoField f;
                    std::optional<ProtoMessage> group;
                    const Token fieldAt = peek();
                    if (isWord(fieldAt, "optional"_L1) || isWord(fieldAt, "required"_L1) ||
                        isWord(fieldAt, "repeated"_L1)) {
                        if (!isSymbol(peek(1), u'='))
                            return fail(u"fields in oneofs must not have labels (%1)"_s.arg(fieldAt.text),
                                        fieldAt);
                    }
                    if (!field(f, group, true))
                        return false;
                    if (f.isMap)
                        return fail(u"map fields are not allowed in oneofs"_s, fieldAt);
                    if (group) {
                        message.typeOrder << std::make_pair(false, int(message.messages.size()));
                        message.messages.push_back(std::move(*group));
                    }
                    oneof.fields << f;
                }
                if (oneof.fields.isEmpty())
                    return fail(u"oneof \"%1\" must have at least one field"_s.arg(oneof.name), at);
                message.oneofs << oneof;
            } else if (isWord(t, "option"_L1)) {
                next();
                ProtoOption option;
                if (!parseOption(option) || !expect(u';'))
                    return false;
                message.options << option;
            } else if (isWord(t, "reserved"_L1) &&
                       (peek(1).kind == Token::Int || peek(1).kind == Token::String ||
                        (peek(1).kind == Token::Ident && !isSymbol(peek(2), u'=')) ||
                        isSymbol(peek(1), u'-'))) {
                next();
                if (!reserved(message.reservedRanges, message.reservedNames, maxFieldNumber))
                    return false;
            } else if (isWord(t, "extensions"_L1) && (peek(1).kind == Token::Int)) {
                const Token at = next();
                if (m_syntax == u"proto3")
                    return fail(u"extension ranges are not allowed in proto3"_s, at);
                if (!ranges(message.extensionRanges, maxFieldNumber))
                    return false;
                QList<ProtoOption> ignored;
                if (!fieldOptions(ignored) || !expect(u';'))
                    return false;
            } else if (isWord(t, "extend"_L1)) {
                next();
                ProtoExtend extend;
                std::vector<ProtoMessage> groups;
                if (!parseExtend(extend, groups))
                    return false;
                for (ProtoMessage &g : groups) {
                    message.typeOrder << std::make_pair(false, int(message.messages.size()));
                    message.messages.push_back(std::move(g));
                }
                message.extends << extend;
            } else {
                ProtoField f;
                std::optional<ProtoMessage> group;
                if (!field(f, group, false))
                    return false;
                if (group) {
                    message.typeOrder << std::make_pair(false, int(message.messages.size()));
                    message.messages.push_back(std::move(*group));
                }
                message.fields << f;
            }
        }
        return true;
    }

    bool parseExtend(ProtoExtend &extend, std::vector<ProtoMessage> &groups)
    {
        if (!typeName(extend.type) || !expect(u'{'))
            return false;
        while (!accept(u'}')) {
            if (peek().kind == Token::End)
                return failExpected(u"'}'"_s);
            if (accept(u';'))
                continue;
            ProtoField f;
            std::optional<ProtoMessage> group;
            if (!field(f, group, false))
                return false;
            if (group)
                groups.push_back(std::move(*group));
            extend.fields << f;
        }
        return true;
    }

    bool parseEnum(ProtoEnum &e)
    {
        if (!ident(e.name) || !expect(u'{'))
            return false;
        while (!accept(u'}')) {
            const Token &t = peek();
            if (t.kind == Token::End)
                return failExpected(u"'}'"_s);
            if (accept(u';'))
                continue;
            if (isWord(t, "option"_L1)) {
                next();
                ProtoOption option;
                if (!parseOption(option) || !expect(u';'))
                    return false;
                e.options << option;
            } else if (isWord(t, "reserved"_L1)) {
                next();
                if (!reserved(e.reservedRanges, e.reservedNames, 2147483647))
                    return false;
            } else {
                ProtoEnumValue v;
                if (!ident(v.name) || !expect(u'=') || !integer(v.number, true) || !fieldOptions(v.options) ||
                    !expect(u';'))
                    return false;
                e.values << v;
            }
        }
        return true;
    }

    bool parseService(ProtoService &service)
    {
        if (!ident(service.name) || !expect(u'{'))
            return false;
        while (!accept(u'}')) {
            const Token &t = peek();
            if (t.kind == Token::End)
                return failExpected(u"'}'"_s);
            if (accept(u';'))
                continue;
            if (isWord(t, "option"_L1)) {
                next();
                ProtoOption option;
                if (!parseOption(option) || !expect(u';'))
                    return false;
                service.options << option;
            } else if (isWord(t, "rpc"_L1)) {
                next();
                ProtoRpc rpc;
                if (!ident(rpc.name) || !expect(u'('))
                    return false;
                if (isWord(peek(), "stream"_L1) && !isSymbol(peek(1), u')')) {
                    next();
                    rpc.requestStream = true;
                }
                if (!typeName(rpc.requestType) || !expect(u')'))
                    return false;
                if (!isWord(peek(), "returns"_L1))
                    return failExpected(u"'returns'"_s);
                next();
                if (!expect(u'('))
                    return false;
                if (isWord(peek(), "stream"_L1) && !isSymbol(peek(1), u')')) {
                    next();
                    rpc.responseStream = true;
                }
                if (!typeName(rpc.responseType) || !expect(u')'))
                    return false;
                if (accept(u'{')) {
                    while (!accept(u'}')) {
                        if (peek().kind == Token::End)
                            return failExpected(u"'}'"_s);
                        if (accept(u';'))
                            continue;
                        if (!isWord(peek(), "option"_L1))
                            return failExpected(u"'option' or '}'"_s);
                        next();
                        ProtoOption option;
                        if (!parseOption(option) || !expect(u';'))
                            return false;
                        rpc.options << option;
                    }
                    accept(u';');
                } else if (!expect(u';')) {
                    return false;
                }
                service.rpcs << rpc;
            } else {
                return failExpected(u"'rpc', 'option' or '}'"_s);
            }
        }
        return true;
    }
};

// ---------------------------------------------------------------------------------------------
// Well-known imports that need no reference.

struct WellKnown
{
    const char *path;
    const char *package;
    const char *messages;
    const char *enums;
};

constexpr WellKnown wellKnownFiles[] = {
    {"google/protobuf/any.proto", "google.protobuf", "Any", ""},
    {"google/protobuf/api.proto", "google.protobuf", "Api Method Mixin", ""},
    {"google/protobuf/duration.proto", "google.protobuf", "Duration", ""},
    {"google/protobuf/empty.proto", "google.protobuf", "Empty", ""},
    {"google/protobuf/field_mask.proto", "google.protobuf", "FieldMask", ""},
    {"google/protobuf/source_context.proto", "google.protobuf", "SourceContext", ""},
    {"google/protobuf/struct.proto", "google.protobuf", "Struct Value ListValue", "NullValue"},
    {"google/protobuf/timestamp.proto", "google.protobuf", "Timestamp", ""},
    {"google/protobuf/type.proto", "google.protobuf", "Type Field Enum EnumValue Option",
     "Syntax Field.Kind Field.Cardinality"},
    {"google/protobuf/wrappers.proto", "google.protobuf",
     "DoubleValue FloatValue Int64Value UInt64Value Int32Value UInt32Value BoolValue StringValue BytesValue",
     ""},
    {"google/protobuf/descriptor.proto", "google.protobuf",
     "FileDescriptorSet FileDescriptorProto DescriptorProto ExtensionRangeOptions FieldDescriptorProto "
     "OneofDescriptorProto EnumDescriptorProto EnumValueDescriptorProto ServiceDescriptorProto "
     "MethodDescriptorProto FileOptions MessageOptions FieldOptions OneofOptions EnumOptions "
     "EnumValueOptions "
     "ServiceOptions MethodOptions UninterpretedOption FeatureSet SourceCodeInfo GeneratedCodeInfo",
     ""},
    {"confluent/meta.proto", "confluent", "Meta", ""},
    {"confluent/type/decimal.proto", "confluent.type", "Decimal", ""},
    {"google/type/calendar_period.proto", "google.type", "", "CalendarPeriod"},
    {"google/type/color.proto", "google.type", "Color", ""},
    {"google/type/date.proto", "google.type", "Date", ""},
    {"google/type/datetime.proto", "google.type", "DateTime TimeZone", ""},
    {"google/type/dayofweek.proto", "google.type", "", "DayOfWeek"},
    {"google/type/decimal.proto", "google.type", "Decimal", ""},
    {"google/type/expr.proto", "google.type", "Expr", ""},
    {"google/type/fraction.proto", "google.type", "Fraction", ""},
    {"google/type/interval.proto", "google.type", "Interval", ""},
    {"google/type/latlng.proto", "google.type", "LatLng", ""},
    {"google/type/localized_text.proto", "google.type", "LocalizedText", ""},
    {"google/type/money.proto", "google.type", "Money", ""},
    {"google/type/month.proto", "google.type", "", "Month"},
    {"google/type/phone_number.proto", "google.type", "PhoneNumber", ""},
    {"google/type/postal_address.proto", "google.type", "PostalAddress", ""},
    {"google/type/quaternion.proto", "google.type", "Quaternion", ""},
    {"google/type/timeofday.proto", "google.type", "TimeOfDay", ""},
};

const QStringList &scalarTypes()
{
    static const QStringList scalars{u"double"_s,   u"float"_s,    u"int32"_s,  u"int64"_s,   u"uint32"_s,
                                     u"uint64"_s,   u"sint32"_s,   u"sint64"_s, u"fixed32"_s, u"fixed64"_s,
                                     u"sfixed32"_s, u"sfixed64"_s, u"bool"_s,   u"string"_s,  u"bytes"_s};
    return scalars;
}

// ---------------------------------------------------------------------------------------------
// Printer

class Printer
{
public:
    explicit Printer(bool normalized)
        : m_normalized(normalized)
    {}

    QString print(const ProtoFile &file)
    {
        if (file.syntax == u"editions")
            line(u"edition = %1;"_s.arg(quoteProtoString(file.edition)));
        else if (file.syntaxDeclared || m_normalized)
            line(u"syntax = %1;"_s.arg(quoteProtoString(file.syntax)));
        if (!file.package.isEmpty())
            line(u"package %1;"_s.arg(file.package));
        QList<ProtoImport> imports = file.imports;
        if (m_normalized)
            std::sort(imports.begin(), imports.end(),
                      [](const ProtoImport &a, const ProtoImport &b) { return a.path < b.path; });
        if (!imports.isEmpty()) {
            blank();
            for (const ProtoImport &i : std::as_const(imports))
                line(u"import %1%2;"_s.arg(i.modifier.isEmpty() ? QString() : i.modifier + u' ',
                                           quoteProtoString(i.path)));
        }
        if (!file.options.isEmpty()) {
            blank();
            for (const ProtoOption &o : sortedOptions(file.options))
                line(u"option %1 = %2;"_s.arg(o.name, o.value));
        }
        for (const auto &[isEnum, index] : file.typeOrder) {
            if (!isEnum && file.messages[size_t(index)].isGroup)
                continue;
            blank();
            if (isEnum)
                printEnum(file.enums[index]);
            else
                printMessage(file.messages[size_t(index)]);
        }
        for (const ProtoExtend &e : file.extends) {
            blank();
            printExtend(e, &file.messages);
        }
        for (const ProtoService &s : file.services) {
            blank();
            printService(s);
        }
        return m_out;
    }

private:
    bool m_normalized;
    QString m_out;
    int m_indent = 0;

    void line(const QString &text)
    {
        m_out += QString(m_indent * 2, u' ');
        m_out += text;
        m_out += u'\n';
    }
    void blank()
    {
        if (!m_out.isEmpty() && !m_out.endsWith(u"{\n"_s) && !m_out.endsWith(u"\n\n"_s))
            m_out += u'\n';
    }

    QList<ProtoOption> sortedOptions(const QList<ProtoOption> &options) const
    {
        QList<ProtoOption> sorted = options;
        if (m_normalized)
            std::stable_sort(sorted.begin(), sorted.end(),
                             [](const ProtoOption &a, const ProtoOption &b) { return a.name < b.name; });
        return sorted;
    }

    QString optionList(const QList<ProtoOption> &options) const
    {
        if (options.isEmpty())
            return {};
        QStringList parts;
        for (const ProtoOption &o : sortedOptions(options))
            parts << o.name + u" = "_s + o.value;
        return u" ["_s + parts.join(u", "_s) + u']';
    }

    QString typeText(const QString &written, const QString &resolved) const
    {
        return m_normalized && !resolved.isEmpty() ? resolved : written;
    }

    void printField(const ProtoField &f, const std::vector<ProtoMessage> *siblings)
    {
        if (f.isGroup && siblings) {
            for (const ProtoMessage &m : *siblings) {
                if (m.isGroup && m.name == f.type) {
                    line(u"%1group %2 = %3%4 {"_s.arg(f.label.isEmpty() ? QString() : f.label + u' ', f.type)
                             .arg(f.number)
                             .arg(optionList(f.options)));
                    ++m_indent;
                    printMessageBody(m);
                    --m_indent;
                    line(u"}"_s);
                    return;
                }
            }
        }
        line(fieldText(f));
    }

    QString fieldText(const ProtoField &f) const
    {
        QString type;
        if (f.isMap)
            type = u"map<%1, %2>"_s.arg(f.keyType, typeText(f.type, f.resolvedType));
        else
            type = typeText(f.type, f.resolvedType);
        return u"%1%2 %3 = %4%5;"_s.arg(f.label.isEmpty() ? QString() : f.label + u' ', type, f.name)
            .arg(f.number)
            .arg(optionList(f.options));
    }

    static QString rangesText(const QList<ProtoRange> &ranges)
    {
        QStringList parts;
        for (const ProtoRange &r : ranges) {
            if (r.endIsMax)
                parts << u"%1 to max"_s.arg(r.start);
            else if (r.start == r.end)
                parts << QString::number(r.start);
            else
                parts << u"%1 to %2"_s.arg(r.start).arg(r.end);
        }
        return parts.join(u", "_s);
    }

    QList<ProtoField> sortedFields(const QList<ProtoField> &fields) const
    {
        QList<ProtoField> sorted = fields;
        if (m_normalized)
            std::stable_sort(sorted.begin(), sorted.end(),
                             [](const ProtoField &a, const ProtoField &b) { return a.number < b.number; });
        return sorted;
    }

    void printReserved(const QList<ProtoRange> &ranges, const QStringList &names)
    {
        if (!ranges.isEmpty())
            line(u"reserved %1;"_s.arg(rangesText(ranges)));
        if (!names.isEmpty()) {
            QStringList quoted;
            for (const QString &n : names)
                quoted << quoteProtoString(n);
            line(u"reserved %1;"_s.arg(quoted.join(u", "_s)));
        }
    }

    void printMessage(const ProtoMessage &m)
    {
        line(u"message %1 {"_s.arg(m.name));
        ++m_indent;
        printMessageBody(m);
        --m_indent;
        line(u"}"_s);
    }

    void printMessageBody(const ProtoMessage &m)
    {
        if (!m.reservedRanges.isEmpty() || !m.reservedNames.isEmpty()) {
            printReserved(m.reservedRanges, m.reservedNames);
        }
        if (!m.options.isEmpty()) {
            blank();
            for (const ProtoOption &o : sortedOptions(m.options))
                line(u"option %1 = %2;"_s.arg(o.name, o.value));
        }
        if (!m.fields.isEmpty()) {
            blank();
            for (const ProtoField &f : sortedFields(m.fields))
                printField(f, &m.messages);
        }
        for (const ProtoOneof &o : m.oneofs) {
            blank();
            line(u"oneof %1 {"_s.arg(o.name));
            ++m_indent;
            for (const ProtoOption &opt : sortedOptions(o.options))
                line(u"option %1 = %2;"_s.arg(opt.name, opt.value));
            for (const ProtoField &f : sortedFields(o.fields))
                printField(f, &m.messages);
            --m_indent;
            line(u"}"_s);
        }
        if (!m.extensionRanges.isEmpty()) {
            blank();
            line(u"extensions %1;"_s.arg(rangesText(m.extensionRanges)));
        }
        for (const auto &[isEnum, index] : m.typeOrder) {
            if (!isEnum && m.messages[size_t(index)].isGroup)
                continue;
            blank();
            if (isEnum)
                printEnum(m.enums[index]);
            else
                printMessage(m.messages[size_t(index)]);
        }
        for (const ProtoExtend &e : m.extends) {
            blank();
            printExtend(e, &m.messages);
        }
    }

    void printEnum(const ProtoEnum &e)
    {
        line(u"enum %1 {"_s.arg(e.name));
        ++m_indent;
        printReserved(e.reservedRanges, e.reservedNames);
        for (const ProtoOption &o : sortedOptions(e.options))
            line(u"option %1 = %2;"_s.arg(o.name, o.value));
        for (const ProtoEnumValue &v : e.values)
            line(u"%1 = %2%3;"_s.arg(v.name).arg(v.number).arg(optionList(v.options)));
        --m_indent;
        line(u"}"_s);
    }

    void printExtend(const ProtoExtend &e, const std::vector<ProtoMessage> *siblings)
    {
        line(u"extend %1 {"_s.arg(typeText(e.type, e.resolvedType)));
        ++m_indent;
        for (const ProtoField &f : sortedFields(e.fields))
            printField(f, siblings);
        --m_indent;
        line(u"}"_s);
    }

    void printService(const ProtoService &s)
    {
        line(u"service %1 {"_s.arg(s.name));
        ++m_indent;
        for (const ProtoOption &o : sortedOptions(s.options))
            line(u"option %1 = %2;"_s.arg(o.name, o.value));
        for (const ProtoRpc &r : s.rpcs) {
            const QString head = u"rpc %1(%2%3) returns (%4%5)"_s.arg(
                r.name, r.requestStream ? u"stream "_s : QString(),
                typeText(r.requestType, r.resolvedRequestType), r.responseStream ? u"stream "_s : QString(),
                typeText(r.responseType, r.resolvedResponseType));
            if (r.options.isEmpty()) {
                line(head + u';');
            } else {
                line(head + u" {"_s);
                ++m_indent;
                for (const ProtoOption &o : sortedOptions(r.options))
                    line(u"option %1 = %2;"_s.arg(o.name, o.value));
                --m_indent;
                line(u"}"_s);
            }
        }
        --m_indent;
        line(u"}"_s);
    }
};

} // namespace

std::optional<ProtoFile> parseProtoFile(const QString &text, QString *error)
{
    std::vector<Token> tokens;
    tokens.reserve(size_t(text.size() / 4) + 16);
    QString tokenError;
    if (!Tokenizer(text).run(tokens, &tokenError)) {
        if (error)
            *error = tokenError;
        return std::nullopt;
    }
    QString parseError;
    auto file = Parser(std::move(tokens)).run(&parseError);
    if (!file && error)
        *error = parseError;
    return file;
}

// ---------------------------------------------------------------------------------------------
// Validation and type resolution (the checks protobuf's descriptor builder makes).

class ProtoValidator
{
public:
    explicit ProtoValidator(ProtobufSchema &schema)
        : m_schema(schema)
    {}

    enum class Symbol { Package, Message, Enum, EnumValue, Field, Service, Oneof };

    QString error() const { return m_error; }

    // Types of a referenced or well-known file become visible.
    void addExternal(const ProtoFile &file)
    {
        addPackage(file.package);
        for (const ProtoMessage &m : file.messages)
            addExternalMessage(m, file.package);
        for (const ProtoEnum &e : file.enums)
            addExternalEnum(e, file.package);
    }

    void addWellKnown(const WellKnown &wk)
    {
        const QString package = QLatin1StringView(wk.package);
        addPackage(package);
        for (const QString &name : QLatin1StringView(wk.messages).toString().split(u' ', Qt::SkipEmptyParts))
            m_symbols.insert(package + u'.' + name, Symbol::Message);
        for (const QString &name : QLatin1StringView(wk.enums).toString().split(u' ', Qt::SkipEmptyParts))
            m_symbols.insert(package + u'.' + name, Symbol::Enum);
    }

    // Referenced files were validated when they were registered; resolve their field types so
    // comparisons can see through them, without failing on what they do not declare here.
    void resolveExternal(ProtoFile &file)
    {
        for (ProtoMessage &m : file.messages)
            resolveExternalMessage(m, file.package);
        for (ProtoExtend &e : file.extends) {
            for (ProtoField &f : e.fields)
                resolveLeniently(f, file.package);
        }
    }

    bool validate(ProtoFile &file)
    {
        m_syntax = file.syntax;
        addPackage(file.package);
        // Pass 1: declare every symbol of this file.
        for (ProtoMessage &m : file.messages) {
            if (!declareMessage(m, file.package))
                return false;
        }
        for (ProtoEnum &e : file.enums) {
            if (!declareEnum(e, file.package))
                return false;
        }
        for (const ProtoService &s : file.services) {
            if (!declare(qualify(file.package, s.name), Symbol::Service, u"service"_s))
                return false;
        }
        // Pass 2: check contents and resolve types.
        for (ProtoMessage &m : file.messages) {
            if (!checkMessage(m))
                return false;
        }
        for (ProtoEnum &e : file.enums) {
            if (!checkEnum(e))
                return false;
        }
        for (ProtoExtend &e : file.extends) {
            if (!checkExtend(e, file.package))
                return false;
        }
        for (ProtoService &s : file.services) {
            for (ProtoRpc &r : s.rpcs) {
                const QString scope = qualify(file.package, s.name);
                if (!resolveMessageType(r.requestType, file.package, r.resolvedRequestType,
                                        u"rpc %1.%2"_s.arg(s.name, r.name)) ||
                    !resolveMessageType(r.responseType, file.package, r.resolvedResponseType,
                                        u"rpc %1.%2"_s.arg(s.name, r.name)))
                    return false;
                Q_UNUSED(scope);
            }
        }
        return true;
    }

private:
    ProtobufSchema &m_schema;
    QHash<QString, Symbol> m_symbols;
    QString m_error;
    QString m_syntax;

    bool fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = message;
        return false;
    }

    static QString qualify(const QString &scope, const QString &name)
    {
        return scope.isEmpty() ? name : scope + u'.' + name;
    }

    void addPackage(const QString &package)
    {
        if (package.isEmpty())
            return;
        QString prefix;
        for (const QString &part : package.split(u'.')) {
            prefix = qualify(prefix, part);
            if (!m_symbols.contains(prefix))
                m_symbols.insert(prefix, Symbol::Package);
        }
    }

    void resolveLeniently(ProtoField &f, const QString &scope)
    {
        if (scalarTypes().contains(f.type)) {
            f.resolvedType = f.type;
            return;
        }
        if (const auto found = lookup(f.type, scope);
            found && (found->second == Symbol::Message || found->second == Symbol::Enum)) {
            f.resolvedType = u'.' + found->first;
            f.resolvedIsEnum = found->second == Symbol::Enum;
        } else {
            f.resolvedType = f.type.startsWith(u'.') ? f.type : u'.' + f.type;
        }
    }

    void resolveExternalMessage(ProtoMessage &m, const QString &scope)
    {
        m.fullName = qualify(scope, m.name);
        for (ProtoField &f : m.fields)
            resolveLeniently(f, m.fullName);
        for (ProtoOneof &o : m.oneofs) {
            for (ProtoField &f : o.fields)
                resolveLeniently(f, m.fullName);
        }
        for (ProtoMessage &n : m.messages)
            resolveExternalMessage(n, m.fullName);
        for (ProtoEnum &e : m.enums)
            e.fullName = qualify(m.fullName, e.name);
        for (ProtoExtend &e : m.extends) {
            for (ProtoField &f : e.fields)
                resolveLeniently(f, m.fullName);
        }
    }

    void addExternalMessage(const ProtoMessage &m, const QString &scope)
    {
        const QString full = qualify(scope, m.name);
        m_symbols.insert(full, Symbol::Message);
        m_schema.m_messages.insert(full, &m);
        for (const ProtoMessage &n : m.messages)
            addExternalMessage(n, full);
        for (const ProtoEnum &e : m.enums)
            addExternalEnum(e, full);
    }

    void addExternalEnum(const ProtoEnum &e, const QString &scope)
    {
        const QString full = qualify(scope, e.name);
        m_symbols.insert(full, Symbol::Enum);
        m_schema.m_enums.insert(full, &e);
    }

    bool declare(const QString &full, Symbol kind, const QString &what)
    {
        const auto it = m_symbols.constFind(full);
        if (it != m_symbols.constEnd() && !(kind == Symbol::Package && *it == Symbol::Package)) {
            const qsizetype dot = full.lastIndexOf(u'.');
            const QString scope = dot >= 0 ? full.left(dot) : QString();
            return fail(u"\"%1\" is already defined%2 (redefined as a %3)"_s.arg(
                dot >= 0 ? full.mid(dot + 1) : full, scope.isEmpty() ? QString() : u" in \"%1\""_s.arg(scope),
                what));
        }
        m_symbols.insert(full, kind);
        return true;
    }

    bool declareMessage(ProtoMessage &m, const QString &scope)
    {
        m.fullName = qualify(scope, m.name);
        if (!declare(m.fullName, Symbol::Message, u"message"_s))
            return false;
        m_schema.m_messages.insert(m.fullName, &m);
        for (const ProtoField &f : m.fields) {
            if (!declare(qualify(m.fullName, f.name), Symbol::Field, u"field"_s))
                return false;
        }
        for (const ProtoOneof &o : m.oneofs) {
            if (!declare(qualify(m.fullName, o.name), Symbol::Oneof, u"oneof"_s))
                return false;
            for (const ProtoField &f : o.fields) {
                if (!declare(qualify(m.fullName, f.name), Symbol::Field, u"field"_s))
                    return false;
            }
        }
        for (ProtoMessage &n : m.messages) {
            if (!declareMessage(n, m.fullName))
                return false;
        }
        for (ProtoEnum &e : m.enums) {
            if (!declareEnum(e, m.fullName))
                return false;
        }
        return true;
    }

    bool declareEnum(ProtoEnum &e, const QString &scope)
    {
        e.fullName = qualify(scope, e.name);
        if (!declare(e.fullName, Symbol::Enum, u"enum"_s))
            return false;
        m_schema.m_enums.insert(e.fullName, &e);
        // Enum values are siblings of their enum (C++ scoping).
        for (const ProtoEnumValue &v : e.values) {
            if (!declare(qualify(scope, v.name), Symbol::EnumValue, u"enum value"_s)) {
                m_error +=
                    u". Note that enum values use C++ scoping rules: they are siblings of their type, not "
                    u"children of it"_s;
                return false;
            }
        }
        return true;
    }

    // Finds `name` as written in `scope` (protobuf's scoping: innermost scope first).
    std::optional<std::pair<QString, Symbol>> lookup(const QString &name, const QString &scope) const
    {
        if (name.startsWith(u'.')) {
            const QString full = name.mid(1);
            const auto it = m_symbols.constFind(full);
            if (it == m_symbols.constEnd())
                return std::nullopt;
            return std::make_pair(full, *it);
        }
        QString current = scope;
        while (true) {
            const QString candidate = qualify(current, name);
            const auto it = m_symbols.constFind(candidate);
            if (it != m_symbols.constEnd() && (*it == Symbol::Message || *it == Symbol::Enum))
                return std::make_pair(candidate, *it);
            if (current.isEmpty())
                break;
            const qsizetype dot = current.lastIndexOf(u'.');
            current = dot >= 0 ? current.left(dot) : QString();
        }
        // Found only as something that is not a type?
        const auto it = m_symbols.constFind(qualify(scope, name));
        if (it != m_symbols.constEnd())
            return std::make_pair(qualify(scope, name), *it);
        return std::nullopt;
    }

    bool resolveType(const QString &written, const QString &scope, QString &resolved, bool &isEnum,
                     const QString &where)
    {
        if (scalarTypes().contains(written)) {
            resolved = written;
            isEnum = false;
            return true;
        }
        const auto found = lookup(written, scope);
        if (!found)
            return fail(u"\"%1\" is not defined (type of %2)"_s.arg(written, where));
        if (found->second != Symbol::Message && found->second != Symbol::Enum)
            return fail(u"\"%1\" is not a type (type of %2)"_s.arg(written, where));
        resolved = u'.' + found->first;
        isEnum = found->second == Symbol::Enum;
        return true;
    }

    bool resolveMessageType(const QString &written, const QString &scope, QString &resolved,
                            const QString &where)
    {
        bool isEnum = false;
        if (scalarTypes().contains(written))
            return fail(u"\"%1\" is not a message type (%2)"_s.arg(written, where));
        if (!resolveType(written, scope, resolved, isEnum, where))
            return false;
        if (isEnum)
            return fail(u"\"%1\" is not a message type (%2)"_s.arg(written, where));
        return true;
    }

    static bool inRanges(qint64 n, const QList<ProtoRange> &ranges)
    {
        for (const ProtoRange &r : ranges) {
            if (n >= r.start && n <= r.end)
                return true;
        }
        return false;
    }

    static bool hasOption(const QList<ProtoOption> &options, QStringView name)
    {
        for (const ProtoOption &o : options) {
            if (o.name == name)
                return true;
        }
        return false;
    }

    bool checkField(ProtoField &f, const QString &scope, const QString &where)
    {
        const QString what = u"field \"%1\" in %2"_s.arg(f.name, where);
        if (f.number < 1 || f.number > maxFieldNumber)
            return fail(u"Field numbers must be between 1 and %1: %2 uses %3"_s.arg(maxFieldNumber)
                            .arg(what)
                            .arg(f.number));
        if (f.number >= 19000 && f.number <= 19999)
            return fail(u"Field numbers 19000 through 19999 are reserved for the protocol buffer library "
                        u"implementation: %1 uses %2"_s.arg(what)
                            .arg(f.number));
        if (m_syntax == u"proto3") {
            if (f.label == u"required")
                return fail(u"Required fields are not allowed in proto3 (%1)"_s.arg(what));
            if (hasOption(f.options, u"default"))
                return fail(u"Explicit default values are not allowed in proto3 (%1)"_s.arg(what));
        }
        if (f.isMap) {
            static const QStringList validKeys{u"int32"_s,    u"int64"_s,    u"uint32"_s,  u"uint64"_s,
                                               u"sint32"_s,   u"sint64"_s,   u"fixed32"_s, u"fixed64"_s,
                                               u"sfixed32"_s, u"sfixed64"_s, u"bool"_s,    u"string"_s};
            if (!validKeys.contains(f.keyType))
                return fail(
                    u"Key in map fields cannot be float/double, bytes or message types (%1 has key %2)"_s.arg(
                        what, f.keyType));
        }
        return resolveType(f.type, scope, f.resolvedType, f.resolvedIsEnum, what);
    }

    bool checkMessage(ProtoMessage &m)
    {
        QHash<qint64, QString> numbers;
        QSet<QString> names;
        auto check = [&](ProtoField &f) -> bool {
            if (!checkField(f, m.fullName, u"message \"%1\""_s.arg(m.fullName)))
                return false;
            if (numbers.contains(f.number))
                return fail(
                    u"Field number %1 has already been used in \"%2\" by field \"%3\" (field \"%4\")"_s
                        .arg(f.number)
                        .arg(m.fullName, numbers.value(f.number), f.name));
            if (names.contains(f.name))
                return fail(u"Field \"%1\" is already defined in \"%2\""_s.arg(f.name, m.fullName));
            if (inRanges(f.number, m.reservedRanges))
                return fail(u"Field \"%1\" uses reserved number %2 in \"%3\""_s.arg(f.name).arg(f.number).arg(
                    m.fullName));
            if (m.reservedNames.contains(f.name))
                return fail(u"Field name \"%1\" is reserved in \"%2\""_s.arg(f.name, m.fullName));
            if (inRanges(f.number, m.extensionRanges))
                return fail(
                    u"Extension range includes field \"%1\" (%2) in \"%3\""_s.arg(f.name).arg(f.number).arg(
                        m.fullName));
            numbers.insert(f.number, f.name);
            names.insert(f.name);
            return true;
        };
        for (ProtoField &f : m.fields) {
            if (!check(f))
                return false;
        }
        for (ProtoOneof &o : m.oneofs) {
            for (ProtoField &f : o.fields) {
                if (!check(f))
                    return false;
            }
        }
        for (const ProtoRange &r : m.reservedRanges) {
            if (r.start < 1 || r.end > maxFieldNumber)
                return fail(u"Reserved numbers must be between 1 and %1 in \"%2\""_s.arg(maxFieldNumber)
                                .arg(m.fullName));
        }
        for (ProtoMessage &n : m.messages) {
            if (!checkMessage(n))
                return false;
        }
        for (ProtoEnum &e : m.enums) {
            if (!checkEnum(e))
                return false;
        }
        for (ProtoExtend &e : m.extends) {
            if (!checkExtend(e, m.fullName))
                return false;
        }
        return true;
    }

    bool checkExtend(ProtoExtend &e, const QString &scope)
    {
        if (!resolveMessageType(e.type, scope, e.resolvedType, u"extend"_s))
            return false;
        for (ProtoField &f : e.fields) {
            if (!checkField(f, scope, u"extend %1"_s.arg(e.type)))
                return false;
        }
        return true;
    }

    bool checkEnum(const ProtoEnum &e)
    {
        if (e.values.isEmpty())
            return fail(u"Enums must contain at least one value (\"%1\")"_s.arg(e.fullName));
        if (m_syntax == u"proto3" && e.values.first().number != 0)
            return fail(u"The first enum value must be zero in proto3 (\"%1\" starts with %2 = %3)"_s
                            .arg(e.fullName, e.values.first().name)
                            .arg(e.values.first().number));
        bool allowAlias = false;
        for (const ProtoOption &o : e.options) {
            if (o.name == u"allow_alias" && o.value == u"true")
                allowAlias = true;
        }
        QHash<qint64, QString> numbers;
        for (const ProtoEnumValue &v : e.values) {
            if (v.number < INT_MIN || v.number > INT_MAX)
                return fail(
                    u"Enum value \"%1\" in \"%2\" is out of the int32 range"_s.arg(v.name, e.fullName));
            if (inRanges(v.number, e.reservedRanges))
                return fail(
                    u"Enum value \"%1\" uses reserved number %2 in \"%3\""_s.arg(v.name).arg(v.number).arg(
                        e.fullName));
            if (e.reservedNames.contains(v.name))
                return fail(u"Enum value \"%1\" is reserved in \"%2\""_s.arg(v.name, e.fullName));
            if (numbers.contains(v.number) && !allowAlias)
                return fail(
                    u"\"%1\" uses the same enum value as \"%2\" in \"%3\". If this is intended, set 'option "
                    u"allow_alias = true;' to the enum definition"_s.arg(v.name, numbers.value(v.number),
                                                                         e.fullName));
            numbers.insert(v.number, v.name);
        }
        return true;
    }
};

ParseResult ProtobufSchema::parse(const QString &text, const QList<ResolvedReference> &references)
{
    auto schema = std::make_shared<ProtobufSchema>();
    schema->m_references = references;
    QString error;
    auto file = parseProtoFile(text, &error);
    if (!file)
        return {nullptr, error};
    schema->m_file = std::move(*file);

    ProtoValidator validator(*schema);
    QHash<QString, const ProtoFile *> byName;
    for (const ResolvedReference &ref : references) {
        if (ref.type != SchemaType::Protobuf) {
            return {
                nullptr,
                u"Reference \"%1\" is a %2 schema; a Protobuf schema can only import Protobuf schemas"_s.arg(
                    ref.name, schemaTypeName(ref.type))};
        }
        QString refError;
        auto refFile = parseProtoFile(ref.schema, &refError);
        if (!refFile)
            return {nullptr, u"In reference \"%1\": %2"_s.arg(ref.name, refError)};
        schema->m_referencedFiles.push_back(std::make_unique<ProtoFile>(std::move(*refFile)));
        byName.insert(ref.name, schema->m_referencedFiles.back().get());
        validator.addExternal(*schema->m_referencedFiles.back());
    }
    for (const auto &refFile : schema->m_referencedFiles) {
        for (const ProtoImport &import : refFile->imports) {
            for (const WellKnown &wk : wellKnownFiles) {
                if (import.path == QLatin1StringView(wk.path))
                    validator.addWellKnown(wk);
            }
        }
    }
    for (const auto &refFile : schema->m_referencedFiles)
        validator.resolveExternal(*refFile);
    for (const ProtoImport &import : schema->m_file.imports) {
        if (byName.contains(import.path))
            continue;
        bool known = false;
        for (const WellKnown &wk : wellKnownFiles) {
            if (import.path == QLatin1StringView(wk.path)) {
                validator.addWellKnown(wk);
                known = true;
            }
        }
        if (!known) {
            return {
                nullptr,
                u"Import \"%1\" was not found: pass the imported schema as a reference named \"%1\""_s.arg(
                    import.path)};
        }
    }
    if (!validator.validate(schema->m_file))
        return {nullptr, validator.error()};
    schema->m_canonical = Printer(false).print(schema->m_file);
    return {schema, QString()};
}

QString ProtobufSchema::normalizedText() const
{
    std::call_once(m_normalizedOnce, [this] { m_normalized = Printer(true).print(m_file); });
    return m_normalized;
}

ParseResult parseProtobufSchema(const QString &text, const QList<ResolvedReference> &references,
                                const ParseOptions &)
{
    return ProtobufSchema::parse(text, references);
}

} // namespace sd::schema
