#pragma once

#include "ApiError.h"
#include "schema/CompatibilityResult.h"

#include <functional>
#include <optional>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace sd::registry {

// A value or an error, never both.
template<typename T> struct Result
{
    T value{};
    ApiError error;

    bool ok() const { return !error.isError(); }
    explicit operator bool() const { return ok(); }

    static Result failure(ApiError e)
    {
        Result r;
        r.error = std::move(e);
        return r;
    }
    static Result success(T v)
    {
        Result r;
        r.value = std::move(v);
        return r;
    }
};

struct Empty
{
};

// "AVRO" when the server leaves schemaType out (CP <= 7.9 omits it for Avro).
inline QString defaultSchemaType()
{
    return QStringLiteral("AVRO");
}

// One shared string per known type name ("" is "AVRO") instead of a copy in every row that holds one:
// at a million rows the copies cost tens of MB.
QString internedSchemaType(const QString &type);

struct SchemaReference
{
    QString name;
    QString subject;
    int version = 0;
    bool operator==(const SchemaReference &) const = default;
};

// The "references" array of a request or an answer: [{"name", "subject", "version"}, …].
QJsonArray referencesToJson(const QList<SchemaReference> &references);

// A subject-version, a schema by id (subject empty, version 0), or a register/lookup answer.
struct SchemaVersion
{
    QString subject;
    int version = 0;
    int id = -1;
    QString schemaType = defaultSchemaType();
    QString schema;
    QList<SchemaReference> references;
    QJsonObject metadata;
    QJsonObject ruleSet;
    QString guid;
    qint64 ts = 0;
    bool deleted = false;
    bool deletedKnown = false; // the server wrote "deleted" (Confluent 8+); without it `deleted` says nothing
    std::optional<int> maxId;  // GET /schemas/ids/{id}?fetchMaxId=true
};

struct SubjectVersionRef
{
    QString subject;
    int version = 0;
    bool operator==(const SubjectVersionRef &) const = default;
};

// What to send when registering, looking up or checking compatibility.
struct SchemaSubmission
{
    QString schema;
    QString schemaType = defaultSchemaType();
    QList<SchemaReference> references;
    QJsonObject metadata;
    QJsonObject ruleSet;
    std::optional<int> id;      // IMPORT mode only
    std::optional<int> version; // IMPORT mode only

    QByteArray toJson() const;
    static SchemaSubmission of(const QString &schema, const QString &schemaType = defaultSchemaType())
    {
        SchemaSubmission s;
        s.schema = schema;
        s.schemaType = schemaType;
        return s;
    }
};

using CompatibilityResult = schema::CompatibilityResult;

// GET /config answers compatibilityLevel; PUT echoes compatibility. Both are read into compatibility.
struct RegistryConfig
{
    QString compatibility; // empty = not in the answer
    QString compatibilityGroup;
    QString compatibilityPolicy;
    std::optional<bool> normalize;
    std::optional<bool> validateFields;
    std::optional<bool> validateRules;
    QString alias;
    QJsonObject defaultMetadata;
    QJsonObject overrideMetadata;
    QJsonObject defaultRuleSet;
    QJsonObject overrideRuleSet;
    QJsonObject raw; // everything the server sent, for fields this struct does not name
};

// A PUT /config body: only the fields set are sent (the server merges).
struct ConfigUpdate
{
    std::optional<QString> compatibility;
    std::optional<QString> compatibilityGroup;
    std::optional<bool> normalize;
    std::optional<bool> validateFields;
    std::optional<bool> validateRules;
    QJsonObject extra; // any other field, sent as is

    QByteArray toJson() const;
};

struct ExporterInfo
{
    QString name;
    QStringList subjects;
    QString subjectRenameFormat;
    QString contextType; // AUTO, CUSTOM, NONE
    QString context;
    QMap<QString, QString> config;
    QJsonObject raw;

    QByteArray toJson(bool includeName) const;
};

struct ExporterStatus
{
    QString name;
    QString state; // STARTING, RUNNING, PAUSED, UNASSIGNED (anything else kept as sent)
    qint64 offset = -1;
    qint64 ts = 0;
    QString trace;
};

struct ServerVersion
{
    QString version;
    QString commitId;
};

struct ClusterId
{
    QString id;
    QJsonObject scope;
};

// A subject name with its context, as Schema Registry writes it: ":.ctx:orders" → (".ctx", "orders").
// Shared by the client and the sandbox server. Parsing follows Confluent's QualifiedSubject:
//  - ":.ctx:x" is subject "x" of context ".ctx"; ":.ctx" (no second ':') is the context alone;
//  - ":*:x" is "x" in the wildcard context (context "*", wildcard set);
//  - anything else, ":ctx:x" and "::x" included, is a subject name of the default context ".".
// ":.:x" and "x" are the same subject.
struct QualifiedSubject
{
    static inline const QString defaultContext = QStringLiteral(".");
    static inline const QString globalContext = QStringLiteral(".__GLOBAL");
    static inline const QString wildcardContext = QStringLiteral("*");

    QString context = QStringLiteral("."); // "." = default context
    QString name;                          // empty for a context on its own
    bool hasContextPrefix = false;         // the text named a context explicitly (":.ctx:" or ":*:")
    bool wildcard = false;                 // ":*:" prefix

    static QualifiedSubject parse(const QString &subject);
    // Resolves a reference's subject against the context of the schema that refers to it: a subject
    // without a context prefix lives in the parent's context.
    static QualifiedSubject parseRelative(const QString &subject, const QString &parentContext);
    // A context name as a URL names it (Confluent's normalizeContext): one leading and one trailing
    // ':' are dropped and a missing '.' is added, so ":.ctx:", ".ctx", "ctx" and ":ctx:" are all
    // ".ctx"; "", ":.:" and "." are the default context.
    static QString normalizeContext(const QString &context);

    bool isDefaultContext() const { return context == defaultContext; }
    bool isGlobal() const { return context == globalContext; }
    bool isContextOnly() const { return name.isEmpty(); }
    // "x" in the default context, ":.ctx:x" elsewhere, ":.ctx:" for a context, ":*:x" for a wildcard.
    QString toString() const;
    static QString qualify(const QString &context, const QString &name); // = {context, name}.toString()
    static QString contextPrefix(const QString &context);                // ".ctx" → ":.ctx:", "." → ""
    static QString delimitedContext(const QString &context);             // ".ctx" → ":.ctx:", "." → ":.:"
};

// Lenient JSON reading: unknown fields are ignored; a known field of the wrong type is an error that names
// the field. Missing optional fields keep their defaults.
class JsonReader
{
public:
    explicit JsonReader(QString what)
        : m_what(std::move(what))
    {}

    QString string(const QJsonObject &obj, QLatin1StringView key, bool required = false,
                   const QString &fallback = {});
    qint64 integer(const QJsonObject &obj, QLatin1StringView key, bool required = false, qint64 fallback = 0);
    std::optional<bool> optionalBool(const QJsonObject &obj, QLatin1StringView key);
    bool boolean(const QJsonObject &obj, QLatin1StringView key, bool fallback = false);
    QJsonObject object(const QJsonObject &obj, QLatin1StringView key);
    QStringList stringList(const QJsonValue &value, const QString &field);
    void fail(const QString &message);

    bool ok() const { return m_error.isEmpty(); }
    const QString &errorMessage() const { return m_error; }
    ApiError error(const QByteArray &body) const { return ApiError::malformed(m_error, body); }

private:
    // Whether `value` is missing or null; a required field that is fails.
    bool absent(const QJsonValue &value, QLatin1StringView key, bool required);
    // "<what>: field '<key>' should be <expected> but is <its type>".
    void wrongType(QLatin1StringView key, QLatin1StringView expected, const QJsonValue &value);

    QString m_what;
    QString m_error;
};

// For JSON that leaves unset fields out: writes `value` (a string, object or array) under `key` unless it
// is empty.
template<typename Key, typename Value>
void insertUnlessEmpty(QJsonObject &obj, const Key &key, const Value &value)
{
    if (!value.isEmpty())
        obj.insert(key, value);
}

// Parsers for replies: they only parse. On a shape mismatch the Result carries ErrorKind::MalformedReply.
namespace parse {
Result<QJsonDocument> document(const QByteArray &body);
Result<QStringList> stringList(const QByteArray &body);
// `what` names the list in errors: "The subject list is not a list of names (got an object)".
Result<QStringList> stringList(const QByteArray &body, const QString &what);
// A listing of names (GET /subjects, /contexts): duplicates are collapsed and counted.
struct NameList
{
    QStringList names;
    qsizetype duplicates = 0; // entries dropped because an equal name was listed before
};
Result<NameList> nameList(const QByteArray &body, const QString &what);
Result<QList<int>> intList(const QByteArray &body);
Result<int> integer(const QByteArray &body);
Result<SchemaVersion> schemaVersion(const QByteArray &body);
bool schemaVersionFrom(const QJsonObject &obj, JsonReader &reader, SchemaVersion &out);
Result<QList<SchemaVersion>> schemaVersions(const QByteArray &body);
Result<QList<SubjectVersionRef>> subjectVersions(const QByteArray &body);
Result<CompatibilityResult> compatibility(const QByteArray &body);
Result<RegistryConfig> config(const QByteArray &body);
Result<QString> mode(const QByteArray &body); // {"mode":"X"}, a bare "X", or a null mode (empty)
Result<ExporterInfo> exporterInfo(const QByteArray &body);
Result<ExporterStatus> exporterStatus(const QByteArray &body);
Result<QMap<QString, QString>> stringMap(const QByteArray &body);
Result<QString> nameReply(const QByteArray &body); // {"name":"x"}
Result<ServerVersion> serverVersion(const QByteArray &body);
Result<ClusterId> clusterId(const QByteArray &body);
} // namespace parse

} // namespace sd::registry
