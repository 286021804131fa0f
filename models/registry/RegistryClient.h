#pragma once

#include "ConnectionProfile.h"
#include "RegistryTypes.h"
#include "RequestJob.h"
#include "ServerCapabilities.h"

#include <functional>
#include <memory>
#include <optional>
#include <QObject>
#include <QPointer>

namespace sd::registry {

class HttpLog;
class Transport;

template<typename T> using Callback = std::function<void(const Result<T> &)>;

enum class LinkKind { Exporter, Importer };

// What the user was asked to type to confirm a change on a protected connection, and what they typed.
// RegistryClient sends a change to a protected registry only with a confirmation that matches.
struct WriteConfirmation
{
    QString expected;
    QString typed;
    bool matches() const { return !expected.isEmpty() && typed == expected; }
};

struct SubjectQuery
{
    std::optional<QString> subjectPrefix; // unset = server default (":*:" = all contexts)
    bool deleted = false;
    bool deletedOnly = false;
    int offset = 0;
    int limit = -1;
};

struct SchemaQuery
{
    std::optional<QString> subjectPrefix; // unset = server default (default context only!)
    bool deleted = false;
    bool latestOnly = false;
    int offset = 0;
    int limit = -1;
};

// One per connection. Every call is asynchronous: it returns the RequestJob (to abort it, or to track it
// with a RequestGroup) and later calls `callback` exactly once, on the GUI thread, unless `context` was
// destroyed in the meantime. Versions are "latest", "-1" or a number.
class RegistryClient : public QObject
{
    Q_OBJECT
public:
    RegistryClient(const ConnectionProfile &profile, const ConnectionSecrets &secrets, HttpLog *log = nullptr,
                   QObject *parent = nullptr);
    ~RegistryClient() override; // aborts what is still running

    const ConnectionProfile &profile() const;
    Transport *transport() const { return m_transport; }
    // What the last capability probe found (set by whoever probed), so loaders pick their requests;
    // null until then.
    void setCapabilities(const ServerCapabilities &capabilities);
    const ServerCapabilities *capabilities() const;
    void abortAll();

    // --- subjects and versions
    RequestJob *listSubjects(const SubjectQuery &query, QObject *context, Callback<QStringList> callback);
    RequestJob *listVersions(const QString &subject, bool deleted, bool deletedOnly, QObject *context,
                             Callback<QList<int>> callback);
    RequestJob *getVersion(const QString &subject, const QString &version, bool deleted, QObject *context,
                           Callback<SchemaVersion> callback);
    // The raw schema text only (GET …/versions/{v}/schema).
    RequestJob *getVersionSchema(const QString &subject, const QString &version, bool deleted,
                                 QObject *context, Callback<QString> callback);
    RequestJob *getReferencedBy(const QString &subject, const QString &version, QObject *context,
                                Callback<QList<int>> callback);
    RequestJob *registerSchema(const QString &subject, const SchemaSubmission &schema, bool normalize,
                               QObject *context, Callback<SchemaVersion> callback,
                               const WriteConfirmation &confirmation = {});
    RequestJob *lookupSchema(const QString &subject, const SchemaSubmission &schema, bool normalize,
                             bool deleted, QObject *context, Callback<SchemaVersion> callback);
    // Returns the deleted versions. permanent=true needs a soft delete first (40405).
    RequestJob *deleteSubject(const QString &subject, bool permanent, QObject *context,
                              Callback<QList<int>> callback, const WriteConfirmation &confirmation = {});
    RequestJob *deleteVersion(const QString &subject, const QString &version, bool permanent,
                              QObject *context, Callback<int> callback,
                              const WriteConfirmation &confirmation = {});

    // --- schemas by id
    RequestJob *listSchemas(const SchemaQuery &query, QObject *context,
                            Callback<QList<SchemaVersion>> callback);
    RequestJob *getSchemaById(int id, const QString &subject, bool fetchMaxId, QObject *context,
                              Callback<SchemaVersion> callback);
    RequestJob *getSchemaTextById(int id, const QString &subject, QObject *context,
                                  Callback<QString> callback);
    RequestJob *getSubjectsForId(int id, bool deleted, QObject *context, Callback<QStringList> callback);
    RequestJob *getVersionsForId(int id, bool deleted, QObject *context,
                                 Callback<QList<SubjectVersionRef>> callback);
    RequestJob *getSchemaTypes(QObject *context, Callback<QStringList> callback);

    // --- contexts (".ctx" or ":.ctx:" both accepted)
    RequestJob *listContexts(QObject *context, Callback<QStringList> callback);
    RequestJob *deleteContext(const QString &registryContext, QObject *context, Callback<Empty> callback,
                              const WriteConfirmation &confirmation = {});

    // --- config and mode. An empty subject means the top level (default context); ":.ctx:" a context;
    // ":.__GLOBAL:" the global context.
    RequestJob *getConfig(const QString &subject, bool defaultToGlobal, QObject *context,
                          Callback<RegistryConfig> callback);
    RequestJob *setConfig(const QString &subject, const ConfigUpdate &update, QObject *context,
                          Callback<RegistryConfig> callback, const WriteConfirmation &confirmation = {});
    RequestJob *deleteConfig(const QString &subject, QObject *context, Callback<RegistryConfig> callback,
                             const WriteConfirmation &confirmation = {});
    RequestJob *getMode(const QString &subject, bool defaultToGlobal, QObject *context,
                        Callback<QString> callback);
    RequestJob *setMode(const QString &subject, const QString &mode, bool force, QObject *context,
                        Callback<QString> callback, const WriteConfirmation &confirmation = {});
    RequestJob *deleteMode(const QString &subject, bool recursive, QObject *context,
                           Callback<QString> callback, const WriteConfirmation &confirmation = {});

    // --- compatibility. No version = against all versions (POST …/versions).
    RequestJob *checkCompatibility(const QString &subject, const std::optional<QString> &version,
                                   const SchemaSubmission &schema, bool verbose, QObject *context,
                                   Callback<CompatibilityResult> callback);

    // --- exporters and importers (same shape; importers answer 404 where not offered)
    RequestJob *listLinks(LinkKind kind, QObject *context, Callback<QStringList> callback);
    RequestJob *getLink(LinkKind kind, const QString &name, QObject *context,
                        Callback<ExporterInfo> callback);
    RequestJob *createLink(LinkKind kind, const ExporterInfo &info, QObject *context,
                           Callback<QString> callback, const WriteConfirmation &confirmation = {});
    RequestJob *updateLink(LinkKind kind, const QString &name, const ExporterInfo &info, QObject *context,
                           Callback<QString> callback, const WriteConfirmation &confirmation = {});
    RequestJob *deleteLink(LinkKind kind, const QString &name, QObject *context, Callback<Empty> callback,
                           const WriteConfirmation &confirmation = {});
    RequestJob *getLinkStatus(LinkKind kind, const QString &name, QObject *context,
                              Callback<ExporterStatus> callback);
    RequestJob *getLinkConfig(LinkKind kind, const QString &name, QObject *context,
                              Callback<QMap<QString, QString>> callback);
    RequestJob *updateLinkConfig(LinkKind kind, const QString &name, const QMap<QString, QString> &config,
                                 QObject *context, Callback<QString> callback,
                                 const WriteConfirmation &confirmation = {});
    RequestJob *pauseLink(LinkKind kind, const QString &name, QObject *context, Callback<QString> callback,
                          const WriteConfirmation &confirmation = {});
    RequestJob *resumeLink(LinkKind kind, const QString &name, QObject *context, Callback<QString> callback,
                           const WriteConfirmation &confirmation = {});
    RequestJob *resetLink(LinkKind kind, const QString &name, QObject *context, Callback<QString> callback,
                          const WriteConfirmation &confirmation = {});

    // --- metadata
    RequestJob *getRoot(QObject *context, Callback<Empty> callback);
    RequestJob *getServerVersion(QObject *context, Callback<ServerVersion> callback);
    RequestJob *getClusterId(QObject *context, Callback<ClusterId> callback);

    // Lower level: any request, with the body handed over raw (for big pages parsed elsewhere).
    RequestJob *send(RequestSpec spec, QObject *context, Callback<QByteArray> callback,
                     const WriteConfirmation &confirmation = {});

    // Whether a request changes the registry, decided by its HTTP method and route, never by its
    // declared intent: anything but GET/HEAD, except the two POSTs that only read (a compatibility
    // check, a schema lookup). Read-only connections refuse these; protected ones want a confirmation.
    static bool changesRegistry(const RequestSpec &spec);
    // The reason a request may not be sent on `profile`, or empty.
    static QString refusal(const ConnectionProfile &profile, const RequestSpec &spec,
                           const WriteConfirmation &confirmation);

    static QString versionString(int version) { return QString::number(version); }

private:
    template<typename T>
    RequestJob *submit(RequestSpec spec, QObject *context, Callback<T> callback,
                       std::function<Result<T>(const QByteArray &)> parser,
                       const WriteConfirmation &confirmation = {});
    RequestJob *linkAction(LinkKind kind, const QString &name, const char *action, QObject *context,
                           Callback<QString> callback, const WriteConfirmation &confirmation);

    Transport *m_transport = nullptr;
    std::shared_ptr<const ServerCapabilities> m_capabilities;
};

} // namespace sd::registry
