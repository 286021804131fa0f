#pragma once

#include "registry/RegistryTypes.h"
#include "sandboxserver/ChangeLogEntry.h"
#include "sandboxserver/RegistryMode.h"
#include "schema/Schema.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace sd::sandbox {

// The one qualified-subject type, shared with the client.
using registry::QualifiedSubject;

// A failed registry operation: the HTTP status, the Schema Registry error_code and the message the
// real server sends.
struct RegistryError
{
    int status = 0;
    int code = 0;
    QString message;
    bool isError() const { return status != 0; }
};

// `subject` as written in the schema: relative to the referring schema's context.
using SchemaReference = registry::SchemaReference;

// One schema under one id in one context. Shared by every subject-version that registered it.
struct StoredSchema
{
    QString context;
    int id = 0;
    schema::SchemaType type = schema::SchemaType::Avro;
    QString text; // canonical (or normalised) text as returned by the API
    QList<SchemaReference> references;
    QJsonObject metadata;
    QJsonObject ruleSet;
    QString identity; // type + text + references + metadata + ruleSet
    QString guid;
    mutable schema::ParsedSchemaPtr parsed; // parsed once, on first need
};
using StoredSchemaPtr = std::shared_ptr<StoredSchema>;

struct VersionKey
{
    QString context;
    QString subject;
    int version = 0;
    friend bool operator==(const VersionKey &, const VersionKey &) = default;
};

// A subject-version as the API shows it.
struct SchemaVersionView
{
    QString context;
    QString subject; // unqualified
    int version = 0;
    bool deleted = false;
    qint64 ts = 0;
    StoredSchemaPtr schema;
    QString qualifiedSubject() const { return QualifiedSubject::qualify(context, subject); }
};

struct RegisterRequest
{
    QString schema;
    std::optional<QString> schemaType;
    QList<SchemaReference> references;
    QJsonObject metadata;
    QJsonObject ruleSet;
    int id = -1;      // honoured in IMPORT/FORWARD mode only
    int version = -1; // outside IMPORT must be the next version
};

struct RegisterOptions
{
    bool normalize = false;
    bool force = false; // skip compatibility checks (8.4+)
};

struct CompatibilityOutcome
{
    bool compatible = true;
    QStringList messages;
};

struct SubjectListOptions
{
    std::optional<QString> prefix; // unset = ":*:"
    bool deleted = false;
    bool deletedOnly = false;
    int offset = 0;
    int limit = -1; // -1 = no limit
};

struct SchemaListOptions
{
    QString prefix; // "" = the default context only
    bool deleted = false;
    bool latestOnly = false;
    int offset = 0;
    int limit = 1000;
};

struct StoreSettings
{
    int firstSchemaId = 1; // Confluent Cloud starts at 100001
    bool incompatibleCode40901 = true;
    schema::CompatibilityLevel defaultCompatibility = schema::CompatibilityLevel::Backward;
    bool modesEnforced = true;               // false: modes are stored, writes never refused (Apicurio)
    bool importNeedsNeverRegistered = false; // IMPORT refused where any version exists, soft-deleted too
    qsizetype maxSchemaSize =
        1000 * 1000; // characters; larger → 42209 (a real registry's schemas topic caps near 1 MB)
};

// The registry's data and its rules, without HTTP. Every subject argument is the (decoded) string
// from the URL, qualified or not. Not thread-safe: use it from the thread that owns it.
class RegistryStore : public QObject
{
    Q_OBJECT
public:
    explicit RegistryStore(QObject *parent = nullptr);
    ~RegistryStore() override;

    void setSettings(const StoreSettings &settings) { m_settings = settings; }
    const StoreSettings &settings() const { return m_settings; }

    // --- subjects and versions
    SchemaVersionView registerSchema(const QString &subject, const RegisterRequest &request,
                                     const RegisterOptions &options, RegistryError *error);
    SchemaVersionView lookupSchema(const QString &subject, const RegisterRequest &request, bool normalize,
                                   bool includeDeleted, RegistryError *error) const;
    SchemaVersionView getVersion(const QString &subject, const QString &version, bool includeDeleted,
                                 RegistryError *error) const;
    // GET /subjects/{s}/metadata: the newest version whose metadata.properties hold every pair.
    SchemaVersionView latestWithMetadata(const QString &subject,
                                         const QList<std::pair<QString, QString>> &pairs, bool includeDeleted,
                                         RegistryError *error) const;
    QList<int> listVersions(const QString &subject, bool deleted, bool deletedOnly, bool deletedAsNegative,
                            RegistryError *error) const;
    QStringList listSubjects(const SubjectListOptions &options) const;
    QList<int> referencedBy(const QString &subject, const QString &version, bool includeDeleted,
                            RegistryError *error) const;
    QList<int> deleteSubject(const QString &subject, bool permanent, RegistryError *error);
    int deleteVersion(const QString &subject, const QString &version, bool permanent, RegistryError *error);

    // --- schemas by id
    QList<SchemaVersionView> listSchemas(const SchemaListOptions &options) const;
    // subjectScope: the ?subject= parameter (may be empty, ":.ctx:" or a subject).
    StoredSchemaPtr schemaById(int id, const QString &subjectScope, SchemaVersionView *firstUse,
                               RegistryError *error) const;
    QList<VersionKey> schemaUsages(int id, const QString &subjectScope, bool includeDeleted,
                                   RegistryError *error) const;
    int maxId(const QString &context) const;
    // Every (context, id) whose schema has this guid, default context first.
    QList<std::pair<QString, int>> schemasByGuid(const QString &guid) const;
    StoredSchemaPtr schemaInContext(const QString &context, int id) const;

    // --- contexts
    QStringList listContexts() const; // "." first
    bool deleteContext(const QString &delimitedContext, RegistryError *error);

    // --- config (objects in request form: "compatibility", "normalize", ...)
    // scope: "" or ":.:" = top level, ":.ctx:" = context, ":.__GLOBAL:" = global, else a subject.
    std::optional<QJsonObject> configAt(const QString &scope) const;
    QJsonObject effectiveConfig(const QString &scope, bool includeGlobal = true) const;
    QJsonObject updateConfig(const QString &scope, const QJsonObject &update, RegistryError *error);
    std::optional<QJsonObject> deleteConfig(const QString &scope, RegistryError *error);
    schema::CompatibilityLevel effectiveCompatibility(const QString &context, const QString &subject) const;

    // --- mode
    std::optional<RegistryMode> modeAt(const QString &scope) const;
    RegistryMode effectiveMode(const QString &scope, bool includeGlobal = true) const;
    bool setMode(const QString &scope, RegistryMode mode, bool force, RegistryError *error);
    std::optional<RegistryMode> deleteMode(const QString &scope, bool recursive, RegistryError *error);

    // --- compatibility checks (POST /compatibility/...): version empty = against all versions.
    CompatibilityOutcome testCompatibility(const QString &subject, const QString &version,
                                           const RegisterRequest &request, bool normalize, bool verbose,
                                           RegistryError *error) const;

    // --- change log
    qint64 changeLogEnd() const { return m_logBase + m_log.size(); }
    QList<ChangeLogEntry> changesSince(qint64 offset, int max = 1000) const;

    // --- persistence: the whole registry as one JSON document.
    QJsonObject toJson() const;
    bool fromJson(const QJsonObject &json, QString *error);

    int subjectCount() const; // subjects with at least one version, every context
    int versionCount() const; // live and soft-deleted
    schema::ParsedSchemaPtr parsedSchema(const StoredSchema &schema) const;

    static RegistryError invalidVersionError(const QString &version);
    static bool isValidSubjectName(const QualifiedSubject &subject);

Q_SIGNALS:
    void changed(qint64 offset);

private:
    friend class ScopeSettings;
    friend class RegistryStoreFile;
    friend class SchemaResolver;

    struct VersionEntry
    {
        int version = 0;
        int id = 0;
        bool deleted = false;
        qint64 ts = 0;
        QList<VersionKey> referencedBy;
    };
    struct SubjectEntry
    {
        std::map<int, VersionEntry> versions;
        std::optional<QJsonObject> config;
        std::optional<RegistryMode> mode;
        bool hasLive() const;
        bool isEmpty() const { return versions.empty() && !config && !mode; }
    };
    struct ContextEntry
    {
        QString name;
        bool listed = false;
        int maxId = 0;
        std::map<QString, SubjectEntry> subjects;
        QHash<int, StoredSchemaPtr> schemas;
        QHash<QString, int> idByIdentity;
        QHash<int, QList<std::pair<QString, int>>> usages; // id → (subject, version)
        std::optional<QJsonObject> config;
        std::optional<RegistryMode> mode;
    };
    using SubjectVisitor = std::function<bool(const ContextEntry &, const QString &, const SubjectEntry &)>;
    bool forEachSubject(const QualifiedSubject &prefix, const SubjectVisitor &visit) const;
    ContextEntry *context(const QString &name);
    const ContextEntry *context(const QString &name) const;
    ContextEntry &ensureContext(const QString &name);
    const SubjectEntry *findSubject(const QString &context, const QString &subject) const;
    SubjectEntry *findSubject(const QString &context, const QString &subject);
    VersionEntry *versionAt(const VersionKey &key); // nullptr when there is no such version
    // The subject's context, falling back to any context holding an unqualified name (ASR getUsingContexts).
    QualifiedSubject resolveForRead(const QString &subject, bool includeDeleted) const;
    const VersionEntry *latestLive(const SubjectEntry &subject) const;
    const VersionEntry *findVersion(const SubjectEntry &subject, const QString &version, bool includeDeleted,
                                    const QualifiedSubject &name, RegistryError *error) const;
    SchemaVersionView view(const QString &context, const QString &subject, const VersionEntry &entry) const;
    // Registration's first step: the version that already holds this schema under the subject, or none.
    SchemaVersionView alreadyRegistered(const QualifiedSubject &name, const RegisterRequest &request,
                                        bool normalize) const;

    QList<VersionKey> referenceTargets(const QString &context, const StoredSchema &schema) const;

    void addVersion(const QString &context, const QString &subject, const VersionEntry &entry);
    void removeVersion(const QString &context, const QString &subject, int version);
    void cleanupSubject(const QString &context, const QString &subject);
    bool isReferencedOutside(const VersionEntry &entry, const QString &context, const QString &subject,
                             bool countDeletedReferrers) const;
    bool referrerIsDeleted(const VersionKey &key) const;
    void log(ChangeLogEntry::Kind kind, const QString &context, const QString &subject, int version = 0,
             int id = 0, const QJsonObject &payload = {});
    RegistryError readOnlyCheck(const QString &context, const QString &subject, const QString &display) const;

    // "latest" (any case) and -1 mean the newest live version; 1..2^31-1 a number; anything else 42202.
    static bool parseVersionId(const QString &text, int *version, bool *latest);

    StoreSettings m_settings;
    std::map<QString, ContextEntry> m_contexts; // sorted: "." first, then by name
    std::optional<QJsonObject> m_globalConfig;
    std::optional<RegistryMode> m_globalMode;
    QList<ChangeLogEntry> m_log;
    qint64 m_logBase = 0;
    QHash<QString, QList<std::pair<QString, int>>> m_guidIndex;
};

} // namespace sd::sandbox
