#pragma once

// A JSON value that keeps object members in source order (QJsonObject sorts them), which the
// registry needs: Confluent's canonical strings keep the author's key order. Numbers keep their
// literal text so "1.0" and "1" stay distinct, as Jackson does.

#include <optional>
#include <QAnyStringView>
#include <QString>
#include <QStringView>
#include <vector>

namespace sd::schema {

struct JsonMember;

class JsonValue
{
public:
    enum class Kind : quint8 { Null, Bool, Number, String, Array, Object };

    // Defined below JsonMember: clang instantiates std::vector<JsonMember>'s members where these are
    // defined, and JsonMember is incomplete inside this class.
    JsonValue();
    JsonValue(const JsonValue &other);
    JsonValue(JsonValue &&other) noexcept;
    JsonValue &operator=(const JsonValue &other);
    JsonValue &operator=(JsonValue &&other) noexcept;
    ~JsonValue();
    static JsonValue null() { return {}; }
    static JsonValue boolean(bool value);
    static JsonValue number(const QString &literal); // literal must be valid JSON number text
    static JsonValue number(qint64 value);
    static JsonValue string(const QString &value);
    static JsonValue array(std::vector<JsonValue> items = {});
    static JsonValue object(); // not a default argument: that would need JsonMember here
    static JsonValue object(std::vector<JsonMember> members);

    Kind kind() const { return m_kind; }
    bool isNull() const { return m_kind == Kind::Null; }
    bool isBool() const { return m_kind == Kind::Bool; }
    bool isNumber() const { return m_kind == Kind::Number; }
    bool isString() const { return m_kind == Kind::String; }
    bool isArray() const { return m_kind == Kind::Array; }
    bool isObject() const { return m_kind == Kind::Object; }

    bool toBool() const { return m_bool; }
    const QString &toString() const { return m_text; } // string value; for numbers the literal text
    const QString &numberLiteral() const { return m_text; }
    double toDouble() const;
    bool isIntegral() const;               // a number literal without fraction or exponent
    std::optional<qint64> toInt64() const; // integral and in range

    const std::vector<JsonValue> &items() const { return m_items; }
    std::vector<JsonValue> &items() { return m_items; }
    const std::vector<JsonMember> &members() const;
    std::vector<JsonMember> &members();
    const JsonValue *find(QAnyStringView key) const; // nullptr when absent or not an object
    qsizetype size() const;                          // items or members

    // Structural equality; object member order is ignored, numbers compare by value.
    bool operator==(const JsonValue &other) const;

private:
    Kind m_kind = Kind::Null;
    bool m_bool = false;
    QString m_text;
    std::vector<JsonValue> m_items;
    std::vector<JsonMember> m_members;
};

struct JsonMember
{
    QString key;
    JsonValue value;
};

inline JsonValue::JsonValue() = default;
inline JsonValue::JsonValue(const JsonValue &other) = default;
inline JsonValue::JsonValue(JsonValue &&other) noexcept = default;
inline JsonValue &JsonValue::operator=(const JsonValue &other) = default;
inline JsonValue &JsonValue::operator=(JsonValue &&other) noexcept = default;
inline JsonValue::~JsonValue() = default;

struct JsonParseResult
{
    std::optional<JsonValue> value;
    QString error; // "<what> at line L, column C"
};

enum class JsonSyntax { Strict, AllowComments };
// RFC 8259 JSON (plus // and /* */ comments with AllowComments, which Avro's parser enables).
// Duplicate keys: the last value wins at the first key's position (Jackson).
JsonParseResult parseJson(QStringView text, JsonSyntax syntax = JsonSyntax::Strict);

enum class JsonFormat { Compact, Pretty };
// Compact output escapes like Jackson: '"', '\\' and control characters; non-ASCII stays as is.
QString writeJson(const JsonValue &value, JsonFormat format = JsonFormat::Compact);
void writeJson(const JsonValue &value, QString &out, JsonFormat format = JsonFormat::Compact, int indent = 0);
void writeJsonString(QStringView text, QString &out);
// A copy with every object's members sorted by key (recursively).
JsonValue sortedJson(const JsonValue &value);

// Java's Double.toString / Float.toString, for the places where Confluent prints numbers via Jackson.
QString javaDoubleToString(double value);
QString javaFloatToString(float value);
// A JSON number literal as Jackson's tree model re-prints it: integers as is, anything with a
// fraction or exponent as a Java double ("1.50" -> "1.5", "1e2" -> "100.0").
QString jacksonNumberText(const QString &literal);

} // namespace sd::schema
