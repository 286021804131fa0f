#include "schema/ProtobufTokenizer.h"

using namespace Qt::StringLiterals;

namespace sd::schema {

ProtobufTokenizer::ProtobufTokenizer(QStringView text)
    : m_text(text)
{}

bool ProtobufTokenizer::run(std::vector<ProtobufToken> &out, QString *error)
{
    while (true) {
        skipSpaceAndComments();
        if (!m_error.isEmpty())
            break;
        ProtobufToken t;
        t.line = m_line;
        t.column = int(m_pos - m_lineStart) + 1;
        if (m_pos >= m_text.size()) {
            t.kind = ProtobufToken::End;
            out.push_back(t);
            return true;
        }
        const QChar c = m_text[m_pos];
        if (c.isLetter() || c == u'_') {
            const qsizetype start = m_pos;
            while (m_pos < m_text.size() && (m_text[m_pos].isLetterOrNumber() || m_text[m_pos] == u'_'))
                ++m_pos;
            t.kind = ProtobufToken::Ident;
            t.text = m_text.sliced(start, m_pos - start).toString();
        } else if (c.isDigit() || (c == u'.' && m_pos + 1 < m_text.size() && m_text[m_pos + 1].isDigit())) {
            readNumber(t);
        } else if (c == u'"' || c == u'\'') {
            if (!readString(t))
                break;
        } else if (QStringView(u"=;{}[]()<>,.:-+/").contains(c)) {
            t.kind = ProtobufToken::Symbol;
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

void ProtobufTokenizer::newline()
{
    ++m_line;
    m_lineStart = m_pos + 1;
}

void ProtobufTokenizer::skipSpaceAndComments()
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

void ProtobufTokenizer::readNumber(ProtobufToken &t)
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
    t.kind = isFloat ? ProtobufToken::Float : ProtobufToken::Int;
    t.text = m_text.sliced(start, m_pos - start).toString();
}

bool ProtobufTokenizer::readString(ProtobufToken &t)
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
                     i < 2 && m_pos < m_text.size() && m_text[m_pos] >= u'0' && m_text[m_pos] <= u'7'; ++i)
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
    t.kind = ProtobufToken::String;
    t.text = value;
    return true;
}

int ProtobufTokenizer::hexValue(QChar c)
{
    if (c.isDigit())
        return c.unicode() - u'0';
    return (c.toLower().unicode() - u'a') + 10;
}

} // namespace sd::schema
