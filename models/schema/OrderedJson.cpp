#include "schema/OrderedJson.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <QHash>

using namespace Qt::StringLiterals;

namespace sd::schema {

static QString javaScientificToString(QLatin1StringView shortest);

JsonValue JsonValue::boolean(bool value)
{
    JsonValue v;
    v.m_kind = Kind::Bool;
    v.m_bool = value;
    return v;
}

JsonValue JsonValue::number(const QString &literal)
{
    JsonValue v;
    v.m_kind = Kind::Number;
    v.m_text = literal;
    return v;
}

JsonValue JsonValue::number(qint64 value)
{
    return number(QString::number(value));
}

JsonValue JsonValue::string(const QString &value)
{
    JsonValue v;
    v.m_kind = Kind::String;
    v.m_text = value;
    return v;
}

JsonValue JsonValue::array(std::vector<JsonValue> items)
{
    JsonValue v;
    v.m_kind = Kind::Array;
    v.m_items = std::move(items);
    return v;
}

JsonValue JsonValue::object()
{
    return object(std::vector<JsonMember>());
}

JsonValue JsonValue::object(std::vector<JsonMember> members)
{
    JsonValue v;
    v.m_kind = Kind::Object;
    v.m_members = std::move(members);
    return v;
}

const std::vector<JsonMember> &JsonValue::members() const
{
    return m_members;
}

std::vector<JsonMember> &JsonValue::members()
{
    return m_members;
}

double JsonValue::toDouble() const
{
    if (m_kind != Kind::Number)
        return 0.0;
    return m_text.toDouble();
}

bool JsonValue::isIntegral() const
{
    if (m_kind != Kind::Number)
        return false;
    for (QChar c : m_text) {
        if (c == u'.' || c == u'e' || c == u'E')
            return false;
    }
    return true;
}

std::optional<qint64> JsonValue::toInt64() const
{
    if (!isIntegral())
        return std::nullopt;
    bool ok = false;
    const qint64 value = m_text.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return value;
}

const JsonValue *JsonValue::find(QAnyStringView key) const
{
    if (m_kind != Kind::Object)
        return nullptr;
    for (const JsonMember &member : m_members) {
        if (QAnyStringView::equal(member.key, key))
            return &member.value;
    }
    return nullptr;
}

qsizetype JsonValue::size() const
{
    if (m_kind == Kind::Array)
        return qsizetype(m_items.size());
    if (m_kind == Kind::Object)
        return qsizetype(m_members.size());
    return 0;
}

bool JsonValue::operator==(const JsonValue &other) const
{
    if (m_kind != other.m_kind)
        return false;
    switch (m_kind) {
    case Kind::Null:
        return true;
    case Kind::Bool:
        return m_bool == other.m_bool;
    case Kind::Number:
        if (m_text == other.m_text)
            return true;
        if (isIntegral() && other.isIntegral()) {
            const auto a = toInt64();
            const auto b = other.toInt64();
            if (a && b)
                return *a == *b;
        }
        return toDouble() == other.toDouble();
    case Kind::String:
        return m_text == other.m_text;
    case Kind::Array:
        return m_items == other.m_items;
    case Kind::Object:
        if (m_members.size() != other.m_members.size())
            return false;
        for (const JsonMember &member : m_members) {
            const JsonValue *theirs = other.find(member.key);
            if (!theirs || !(*theirs == member.value))
                return false;
        }
        return true;
    }
    return false;
}

namespace {

constexpr int maxDepth = 512; // deep enough for real schemas, shallow enough for the stack

class Parser
{
public:
    Parser(QStringView text, bool allowComments)
        : m_text(text)
        , m_allowComments(allowComments)
    {}

    JsonParseResult run()
    {
        JsonParseResult result;
        skipWhitespace();
        JsonValue value;
        if (!m_error.isEmpty() || !parseValue(value, 0)) {
            result.error = errorText();
            return result;
        }
        skipWhitespace();
        if (m_pos < m_text.size() || !m_error.isEmpty()) {
            fail(u"unexpected text after the JSON value"_s);
            result.error = errorText();
            return result;
        }
        result.value = std::move(value);
        return result;
    }

private:
    QStringView m_text;
    bool m_allowComments = false;
    qsizetype m_pos = 0;
    QString m_error;
    qsizetype m_errorPos = 0;

    bool fail(const QString &message)
    {
        if (m_error.isEmpty()) {
            m_error = message;
            m_errorPos = m_pos;
        }
        return false;
    }

    QString errorText() const
    {
        int line = 1;
        int column = 1;
        for (qsizetype i = 0; i < m_errorPos && i < m_text.size(); ++i) {
            if (m_text[i] == u'\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return u"Invalid JSON: %1 at line %2, column %3"_s.arg(m_error).arg(line).arg(column);
    }

    void skipWhitespace()
    {
        while (m_pos < m_text.size()) {
            const char16_t c = m_text[m_pos].unicode();
            if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r') {
                ++m_pos;
            } else if (m_allowComments && c == u'/' && m_pos + 1 < m_text.size() &&
                       m_text[m_pos + 1] == u'/') {
                while (m_pos < m_text.size() && m_text[m_pos] != u'\n')
                    ++m_pos;
            } else if (m_allowComments && c == u'/' && m_pos + 1 < m_text.size() &&
                       m_text[m_pos + 1] == u'*') {
                const qsizetype end = m_text.indexOf(u"*/", m_pos + 2);
                if (end < 0) {
                    fail(u"unterminated comment"_s);
                    m_pos = m_text.size();
                    return;
                }
                m_pos = end + 2;
            } else {
                break;
            }
        }
    }

    bool literal(QLatin1StringView word)
    {
        if (m_text.sliced(m_pos).startsWith(word)) {
            m_pos += word.size();
            return true;
        }
        return fail(u"unexpected character"_s);
    }

    bool literalValue(QLatin1StringView word, JsonValue value, JsonValue &out)
    {
        if (!literal(word))
            return false;
        out = std::move(value);
        return true;
    }

    bool parseValue(JsonValue &out, int depth)
    {
        if (depth > maxDepth)
            return fail(u"nesting deeper than %1 levels"_s.arg(maxDepth));
        if (m_pos >= m_text.size())
            return fail(u"unexpected end of input"_s);
        const char16_t c = m_text[m_pos].unicode();
        switch (c) {
        case u'{':
            return parseObject(out, depth);
        case u'[':
            return parseArray(out, depth);
        case u'"': {
            QString s;
            if (!parseString(s))
                return false;
            out = JsonValue::string(s);
            return true;
        }
        case u't':
            return literalValue("true"_L1, JsonValue::boolean(true), out);
        case u'f':
            return literalValue("false"_L1, JsonValue::boolean(false), out);
        case u'n':
            return literalValue("null"_L1, JsonValue(), out);
        default:
            if (c == u'-' || (c >= u'0' && c <= u'9'))
                return parseNumber(out);
            return fail(u"unexpected character '%1'"_s.arg(QChar(c)));
        }
    }

    bool parseNumber(JsonValue &out)
    {
        const qsizetype start = m_pos;
        auto digit = [this] {
            return m_pos < m_text.size() && m_text[m_pos] >= u'0' && m_text[m_pos] <= u'9';
        };
        if (m_text[m_pos] == u'-')
            ++m_pos;
        if (!digit())
            return fail(u"invalid number"_s);
        if (m_text[m_pos] == u'0') {
            ++m_pos;
            if (digit())
                return fail(u"invalid number (leading zero)"_s);
        } else {
            while (digit())
                ++m_pos;
        }
        if (m_pos < m_text.size() && m_text[m_pos] == u'.') {
            ++m_pos;
            if (!digit())
                return fail(u"invalid number (no digits after the decimal point)"_s);
            while (digit())
                ++m_pos;
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == u'e' || m_text[m_pos] == u'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == u'+' || m_text[m_pos] == u'-'))
                ++m_pos;
            if (!digit())
                return fail(u"invalid number (no digits in the exponent)"_s);
            while (digit())
                ++m_pos;
        }
        out = JsonValue::number(m_text.sliced(start, m_pos - start).toString());
        return true;
    }

    static int hexValue(char16_t c)
    {
        if (c >= u'0' && c <= u'9')
            return c - u'0';
        if (c >= u'a' && c <= u'f')
            return c - u'a' + 10;
        if (c >= u'A' && c <= u'F')
            return c - u'A' + 10;
        return -1;
    }

    bool parseString(QString &out)
    {
        ++m_pos; // opening quote
        const qsizetype start = m_pos;
        // Fast path: no escapes.
        while (m_pos < m_text.size()) {
            const char16_t c = m_text[m_pos].unicode();
            if (c == u'"') {
                out = m_text.sliced(start, m_pos - start).toString();
                ++m_pos;
                return true;
            }
            if (c == u'\\')
                break;
            if (c < 0x20)
                return fail(u"control character in string"_s);
            ++m_pos;
        }
        out = m_text.sliced(start, m_pos - start).toString();
        while (m_pos < m_text.size()) {
            const char16_t c = m_text[m_pos].unicode();
            if (c == u'"') {
                ++m_pos;
                return true;
            }
            if (c < 0x20)
                return fail(u"control character in string"_s);
            if (c != u'\\') {
                out.append(QChar(c));
                ++m_pos;
                continue;
            }
            ++m_pos;
            if (m_pos >= m_text.size())
                break;
            const char16_t e = m_text[m_pos].unicode();
            ++m_pos;
            switch (e) {
            case u'"':
                out.append(u'"');
                break;
            case u'\\':
                out.append(u'\\');
                break;
            case u'/':
                out.append(u'/');
                break;
            case u'b':
                out.append(u'\b');
                break;
            case u'f':
                out.append(u'\f');
                break;
            case u'n':
                out.append(u'\n');
                break;
            case u'r':
                out.append(u'\r');
                break;
            case u't':
                out.append(u'\t');
                break;
            case u'u': {
                if (m_pos + 4 > m_text.size())
                    return fail(u"truncated \\u escape"_s);
                int code = 0;
                for (int i = 0; i < 4; ++i) {
                    const int h = hexValue(m_text[m_pos + i].unicode());
                    if (h < 0)
                        return fail(u"invalid \\u escape"_s);
                    code = code * 16 + h;
                }
                m_pos += 4;
                out.append(QChar(char16_t(code)));
                break;
            }
            default:
                --m_pos;
                return fail(u"invalid escape sequence"_s);
            }
        }
        return fail(u"unterminated string"_s);
    }

    // After the opening bracket: true (and past it) if the closing one follows at once.
    bool emptyContainer(QChar close)
    {
        ++m_pos;
        skipWhitespace();
        if (m_pos < m_text.size() && m_text[m_pos] == close) {
            ++m_pos;
            return true;
        }
        return false;
    }

    enum class After { More, Closed, Failed };

    // After an array item or object member: a comma (more follow), the closing bracket, or an error.
    After afterElement(QChar close, QLatin1StringView container)
    {
        skipWhitespace();
        if (m_pos >= m_text.size()) {
            fail(u"unterminated "_s + container);
            return After::Failed;
        }
        if (m_text[m_pos] == u',') {
            ++m_pos;
            return After::More;
        }
        if (m_text[m_pos] == close) {
            ++m_pos;
            return After::Closed;
        }
        fail(u"expected ',' or '%1' in %2"_s.arg(close).arg(container));
        return After::Failed;
    }

    // The elements of an array or object, each read by `readElement`, from the opening bracket
    // to the closing one.
    template<typename ReadElement>
    bool elements(QChar close, QLatin1StringView container, ReadElement readElement)
    {
        if (emptyContainer(close))
            return true;
        while (true) {
            skipWhitespace();
            if (!readElement())
                return false;
            switch (afterElement(close, container)) {
            case After::More:
                continue;
            case After::Closed:
                return true;
            case After::Failed:
                return false;
            }
        }
    }

    bool parseArray(JsonValue &out, int depth)
    {
        std::vector<JsonValue> items;
        const bool ok = elements(u']', "array"_L1, [&] {
            JsonValue item;
            if (!parseValue(item, depth + 1))
                return false;
            items.push_back(std::move(item));
            return true;
        });
        if (!ok)
            return false;
        out = JsonValue::array(std::move(items));
        return true;
    }

    bool parseObject(JsonValue &out, int depth)
    {
        std::vector<JsonMember> members;
        QHash<QString, size_t> index; // only for large objects, where a linear duplicate scan would cost
        const bool ok = elements(u'}', "object"_L1, [&] {
            if (m_pos >= m_text.size() || m_text[m_pos] != u'"')
                return fail(u"expected a member name in double quotes"_s);
            QString key;
            if (!parseString(key))
                return false;
            skipWhitespace();
            if (m_pos >= m_text.size() || m_text[m_pos] != u':')
                return fail(u"expected ':' after member name"_s);
            ++m_pos;
            skipWhitespace();
            JsonValue value;
            if (!parseValue(value, depth + 1))
                return false;
            addMember(members, index, std::move(key), std::move(value));
            return true;
        });
        if (!ok)
            return false;
        out = JsonValue::object(std::move(members));
        return true;
    }

    // Duplicate keys: the last value wins at the first position, like Jackson's tree model.
    static void addMember(std::vector<JsonMember> &members, QHash<QString, size_t> &index, QString key,
                          JsonValue value)
    {
        if (members.size() < 16) {
            for (JsonMember &m : members) {
                if (m.key == key) {
                    m.value = std::move(value);
                    return;
                }
            }
        } else {
            if (index.isEmpty()) {
                for (size_t i = 0; i < members.size(); ++i)
                    index.insert(members[i].key, i);
            }
            const auto it = index.constFind(key);
            if (it != index.constEnd()) {
                members[*it].value = std::move(value);
                return;
            }
        }
        if (!index.isEmpty())
            index.insert(key, members.size());
        members.push_back(JsonMember{std::move(key), std::move(value)});
    }
};

void newline(QString &out, int indent)
{
    out.append(u'\n');
    out.append(QString(indent * 2, u' '));
}

// Before item `index` of an array or object: the comma after the previous one, then in pretty
// form a new line indented one level deeper than the container.
void beginItem(QString &out, size_t index, bool pretty, int indent)
{
    if (index)
        out.append(u',');
    if (pretty)
        newline(out, indent + 1);
}

// After the items: in pretty form, a non-empty container closes on a line of its own.
void endItems(QString &out, size_t count, bool pretty, int indent)
{
    if (pretty && count)
        newline(out, indent);
}

} // namespace

JsonParseResult parseJson(QStringView text, JsonSyntax syntax)
{
    return Parser(text, syntax == JsonSyntax::AllowComments).run();
}

void writeJsonString(QStringView text, QString &out)
{
    static const char16_t hex[] = u"0123456789ABCDEF";
    // JSON's two-character escapes; other control characters as \u00XX.
    static constexpr struct
    {
        char16_t raw;
        char16_t escape;
    } named[] = {{u'"', u'"'},  {u'\\', u'\\'}, {u'\n', u'n'}, {u'\r', u'r'},
                 {u'\t', u't'}, {u'\b', u'b'},  {u'\f', u'f'}};
    out.append(u'"');
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c >= 0x20 && c != u'"' && c != u'\\')
            continue;
        out.append(text.sliced(runStart, i - runStart));
        runStart = i + 1;
        const auto it =
            std::find_if(std::begin(named), std::end(named), [c](const auto &n) { return n.raw == c; });
        if (it != std::end(named)) {
            out.append(u'\\');
            out.append(QChar(it->escape));
        } else {
            out.append(u"\\u00"_s);
            out.append(QChar(hex[(c >> 4) & 0xF]));
            out.append(QChar(hex[c & 0xF]));
        }
    }
    out.append(text.sliced(runStart));
    out.append(u'"');
}

void writeJson(const JsonValue &value, QString &out, JsonFormat format, int indent)
{
    const bool pretty = format == JsonFormat::Pretty;
    switch (value.kind()) {
    case JsonValue::Kind::Null:
        out.append(u"null"_s);
        return;
    case JsonValue::Kind::Bool:
        out.append(value.toBool() ? u"true"_s : u"false"_s);
        return;
    case JsonValue::Kind::Number:
        out.append(value.numberLiteral());
        return;
    case JsonValue::Kind::String:
        writeJsonString(value.toString(), out);
        return;
    case JsonValue::Kind::Array: {
        out.append(u'[');
        for (size_t i = 0; i < value.items().size(); ++i) {
            beginItem(out, i, pretty, indent);
            writeJson(value.items()[i], out, format, indent + 1);
        }
        endItems(out, value.items().size(), pretty, indent);
        out.append(u']');
        return;
    }
    case JsonValue::Kind::Object: {
        out.append(u'{');
        for (size_t i = 0; i < value.members().size(); ++i) {
            const JsonMember &member = value.members()[i];
            beginItem(out, i, pretty, indent);
            writeJsonString(member.key, out);
            out.append(pretty ? u": "_s : u":"_s);
            writeJson(member.value, out, format, indent + 1);
        }
        endItems(out, value.members().size(), pretty, indent);
        out.append(u'}');
        return;
    }
    }
}

QString writeJson(const JsonValue &value, JsonFormat format)
{
    QString out;
    writeJson(value, out, format, 0);
    return out;
}

JsonValue sortedJson(const JsonValue &value)
{
    if (value.isArray()) {
        std::vector<JsonValue> items;
        items.reserve(value.items().size());
        for (const JsonValue &item : value.items())
            items.push_back(sortedJson(item));
        return JsonValue::array(std::move(items));
    }
    if (value.isObject()) {
        std::vector<JsonMember> members;
        members.reserve(value.members().size());
        for (const JsonMember &member : value.members())
            members.push_back(JsonMember{member.key, sortedJson(member.value)});
        std::stable_sort(members.begin(), members.end(),
                         [](const JsonMember &a, const JsonMember &b) { return a.key < b.key; });
        return JsonValue::object(std::move(members));
    }
    return value;
}

// Java's Double.toString / Float.toString: the shortest digits that read back as `value`
// (std::to_chars gives those for the type), in Java's layout.
template<typename Floating> static QString javaFloatingToString(Floating value)
{
    if (std::isnan(value))
        return u"NaN"_s;
    if (std::isinf(value))
        return value > 0 ? u"Infinity"_s : u"-Infinity"_s;
    if (value == Floating(0))
        return std::signbit(value) ? u"-0.0"_s : u"0.0"_s;
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    return javaScientificToString(QLatin1StringView(buffer, result.ptr - buffer));
}

QString javaDoubleToString(double value)
{
    return javaFloatingToString(value);
}

QString javaFloatToString(float value)
{
    return javaFloatingToString(value);
}

static QString javaScientificToString(QLatin1StringView shortest)
{
    // shortest looks like "-1.2345e+02": sign, digits, exponent.
    QString digits;
    bool negative = false;
    int exponent = 0;
    qsizetype i = 0;
    if (i < shortest.size() && shortest[i] == '-') {
        negative = true;
        ++i;
    }
    for (; i < shortest.size() && shortest[i] != 'e'; ++i) {
        if (shortest[i] != '.')
            digits.append(QChar(shortest[i]));
    }
    if (i < shortest.size())
        exponent = QStringView(QString(shortest.sliced(i + 1))).toInt();
    while (digits.size() > 1 && digits.endsWith(u'0'))
        digits.chop(1);
    QString out;
    if (negative)
        out.append(u'-');
    if (exponent >= -3 && exponent < 7) {
        // Plain notation with at least one digit after the point.
        if (exponent < 0) {
            out.append(u"0."_s);
            out.append(QString(-exponent - 1, u'0'));
            out.append(digits);
        } else {
            const int intDigits = exponent + 1;
            if (digits.size() <= intDigits) {
                out.append(digits);
                out.append(QString(intDigits - digits.size(), u'0'));
                out.append(u".0"_s);
            } else {
                out.append(digits.left(intDigits));
                out.append(u'.');
                out.append(digits.mid(intDigits));
            }
        }
        return out;
    }
    out.append(digits.left(1));
    out.append(u'.');
    out.append(digits.size() > 1 ? digits.mid(1) : u"0"_s);
    out.append(u'E');
    out.append(QString::number(exponent));
    return out;
}

QString jacksonNumberText(const QString &literal)
{
    // Jackson's tree keeps integers exactly and turns any fraction or exponent into a double.
    bool integral = true;
    for (QChar c : literal) {
        if (c == u'.' || c == u'e' || c == u'E') {
            integral = false;
            break;
        }
    }
    if (integral) {
        if (literal == u"-0")
            return u"0"_s;
        return literal;
    }
    return javaDoubleToString(literal.toDouble());
}

} // namespace sd::schema
