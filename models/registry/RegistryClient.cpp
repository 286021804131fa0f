#include "RegistryClient.h"

#include "RegistryLog.h"
#include "Transport.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {

QUrlQuery flags(std::initializer_list<std::pair<const char *, bool>> items)
{
    QUrlQuery query;
    for (const auto &[key, on] : items) {
        if (on)
            query.addQueryItem(QString::fromLatin1(key), u"true"_s);
    }
    return query;
}

// The prefix and paging parameters that SubjectQuery and SchemaQuery share, added when set.
template<typename Query> QUrlQuery withPrefixAndPaging(QUrlQuery q, const Query &query)
{
    if (query.subjectPrefix)
        q.addQueryItem(u"subjectPrefix"_s, *query.subjectPrefix);
    if (query.offset > 0)
        q.addQueryItem(u"offset"_s, QString::number(query.offset));
    if (query.limit > 0)
        q.addQueryItem(u"limit"_s, QString::number(query.limit));
    return q;
}

RequestSpec spec(QByteArray method, QStringList path, Intent intent, QUrlQuery query = {},
                 QByteArray body = {})
{
    RequestSpec s;
    s.method = std::move(method);
    s.path = std::move(path);
    s.intent = intent;
    s.query = std::move(query);
    s.body = std::move(body);
    return s;
}

// "" → top level; anything else is one path segment after /config or /mode.
QStringList scopedPath(const char *root, const QString &subject)
{
    QStringList path{QString::fromLatin1(root)};
    if (!subject.isEmpty())
        path << subject;
    return path;
}

QString delimitedContext(const QString &context)
{
    if (context.startsWith(u':'))
        return context.endsWith(u':') ? context : context + u':';
    const QString name = context.startsWith(u'.') ? context : u"."_s + context;
    return u":"_s + name + u":"_s;
}

QString linkRoot(LinkKind kind)
{
    return kind == LinkKind::Exporter ? u"exporters"_s : u"importers"_s;
}

Intent linkIntent(LinkKind kind, bool write)
{
    if (kind == LinkKind::Importer)
        return write ? Intent::ImporterChange : Intent::ImporterRead;
    return write ? Intent::ExporterChange : Intent::Read;
}

Result<Empty> ignoreBody(const QByteArray &)
{
    return Result<Empty>::success({});
}

Result<QString> rawText(const QByteArray &body)
{
    return Result<QString>::success(QString::fromUtf8(body));
}

// A listing of names: duplicates collapsed, errors naming the list.
std::function<Result<QStringList>(const QByteArray &)> listing(const QString &what)
{
    return [what](const QByteArray &body) {
        Result<parse::NameList> list = parse::nameList(body, what);
        return list ? Result<QStringList>::success(std::move(list.value.names))
                    : Result<QStringList>::failure(list.error);
    };
}

Result<QStringList> typeList(const QByteArray &body)
{
    return parse::stringList(body);
}

} // namespace

RegistryClient::RegistryClient(const ConnectionProfile &profile, const ConnectionSecrets &secrets,
                               HttpLog *log, QObject *parent)
    : QObject(parent)
    , m_transport(new Transport(profile, secrets, log, this))
{}

RegistryClient::~RegistryClient()
{
    m_transport->abortAll();
}

void RegistryClient::setCapabilities(const ServerCapabilities &capabilities)
{
    m_capabilities = std::make_shared<const ServerCapabilities>(capabilities);
}

const ServerCapabilities *RegistryClient::capabilities() const
{
    return m_capabilities.get();
}

const ConnectionProfile &RegistryClient::profile() const
{
    return m_transport->profile();
}

void RegistryClient::abortAll()
{
    m_transport->abortAll();
}

bool RegistryClient::changesRegistry(const RequestSpec &spec)
{
    const QByteArray method = spec.method.toUpper();
    if (method == "GET" || method == "HEAD")
        return false;
    if (method != "POST" || !spec.absoluteUrl.isEmpty())
        return true;
    // POST /compatibility/subjects/{s}/versions[/{v}] checks; POST /subjects/{s} looks a schema up.
    const QStringList &path = spec.path;
    const bool check = path.size() >= 4 && path.size() <= 5 && path[0] == u"compatibility" &&
                       path[1] == u"subjects" && path[3] == u"versions";
    const bool lookup = path.size() == 2 && path[0] == u"subjects";
    return !check && !lookup;
}

QString RegistryClient::refusal(const ConnectionProfile &profile, const RequestSpec &spec,
                                const WriteConfirmation &confirmation)
{
    if (!changesRegistry(spec))
        return {};
    if (profile.readOnly)
        return u"This connection is read-only: %1 requests are not sent."_s.arg(
            QString::fromLatin1(spec.method));
    if (profile.isProtected && !confirmation.matches())
        return u"This connection is protected: a change is sent only after its typed confirmation."_s;
    return {};
}

template<typename T>
RequestJob *RegistryClient::submit(RequestSpec requestSpec, QObject *context, Callback<T> callback,
                                   std::function<Result<T>(const QByteArray &)> parser,
                                   const WriteConfirmation &confirmation)
{
    const QString refused = refusal(profile(), requestSpec, confirmation);
    RequestJob *job = m_transport->createJob(std::move(requestSpec));
    if (!refused.isEmpty()) {
        qCWarning(lcRegistry) << profile().name << "refused a change:" << refused;
        job->refuse(ApiError::make(ErrorKind::Configuration, refused,
                                   u"Change the connection's safety settings to allow it."_s));
    }
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(job, &RequestJob::finished, context ? context : this,
            [guard, hasContext, callback = std::move(callback),
             parser = std::move(parser)](RequestJob *finished) {
                if ((hasContext && !guard) || !callback)
                    return;
                if (!finished->succeeded()) {
                    callback(Result<T>::failure(finished->error()));
                    return;
                }
                Result<T> result = parser(finished->body());
                if (!result.ok())
                    result.error.httpStatus = finished->httpStatus();
                callback(result);
            });
    job->start();
    return job;
}

RequestJob *RegistryClient::send(RequestSpec requestSpec, QObject *context, Callback<QByteArray> callback,
                                 const WriteConfirmation &confirmation)
{
    return submit<QByteArray>(
        std::move(requestSpec), context, std::move(callback),
        [](const QByteArray &body) { return Result<QByteArray>::success(body); }, confirmation);
}

// --- subjects and versions

RequestJob *RegistryClient::listSubjects(const SubjectQuery &query, QObject *context,
                                         Callback<QStringList> callback)
{
    const QUrlQuery q =
        withPrefixAndPaging(flags({{"deleted", query.deleted}, {"deletedOnly", query.deletedOnly}}), query);
    return submit<QStringList>(spec("GET", {u"subjects"_s}, Intent::Read, q), context, std::move(callback),
                               listing(u"The subject list"_s));
}

RequestJob *RegistryClient::listVersions(const QString &subject, bool deleted, bool deletedOnly,
                                         QObject *context, Callback<QList<int>> callback)
{
    return submit<QList<int>>(spec("GET", {u"subjects"_s, subject, u"versions"_s}, Intent::Read,
                                   flags({{"deleted", deleted}, {"deletedOnly", deletedOnly}})),
                              context, std::move(callback), parse::intList);
}

RequestJob *RegistryClient::getVersion(const QString &subject, const QString &version, bool deleted,
                                       QObject *context, Callback<SchemaVersion> callback)
{
    return submit<SchemaVersion>(spec("GET", {u"subjects"_s, subject, u"versions"_s, version}, Intent::Read,
                                      flags({{"deleted", deleted}})),
                                 context, std::move(callback), parse::schemaVersion);
}

RequestJob *RegistryClient::getVersionSchema(const QString &subject, const QString &version, bool deleted,
                                             QObject *context, Callback<QString> callback)
{
    return submit<QString>(spec("GET", {u"subjects"_s, subject, u"versions"_s, version, u"schema"_s},
                                Intent::Read, flags({{"deleted", deleted}})),
                           context, std::move(callback), rawText);
}

RequestJob *RegistryClient::getReferencedBy(const QString &subject, const QString &version, QObject *context,
                                            Callback<QList<int>> callback)
{
    return submit<QList<int>>(
        spec("GET", {u"subjects"_s, subject, u"versions"_s, version, u"referencedby"_s}, Intent::Read),
        context, std::move(callback), parse::intList);
}

RequestJob *RegistryClient::registerSchema(const QString &subject, const SchemaSubmission &schema,
                                           bool normalize, QObject *context, Callback<SchemaVersion> callback,
                                           const WriteConfirmation &confirmation)
{
    return submit<SchemaVersion>(spec("POST", {u"subjects"_s, subject, u"versions"_s}, Intent::Register,
                                      flags({{"normalize", normalize}}), schema.toJson()),
                                 context, std::move(callback), parse::schemaVersion, confirmation);
}

RequestJob *RegistryClient::lookupSchema(const QString &subject, const SchemaSubmission &schema,
                                         bool normalize, bool deleted, QObject *context,
                                         Callback<SchemaVersion> callback)
{
    RequestSpec s = spec("POST", {u"subjects"_s, subject}, Intent::Lookup,
                         flags({{"normalize", normalize}, {"deleted", deleted}}), schema.toJson());
    s.retryable = true; // a lookup changes nothing
    return submit<SchemaVersion>(std::move(s), context, std::move(callback), parse::schemaVersion);
}

RequestJob *RegistryClient::deleteSubject(const QString &subject, bool permanent, QObject *context,
                                          Callback<QList<int>> callback,
                                          const WriteConfirmation &confirmation)
{
    return submit<QList<int>>(spec("DELETE", {u"subjects"_s, subject},
                                   permanent ? Intent::PermanentDelete : Intent::SoftDelete,
                                   flags({{"permanent", permanent}})),
                              context, std::move(callback), parse::intList, confirmation);
}

RequestJob *RegistryClient::deleteVersion(const QString &subject, const QString &version, bool permanent,
                                          QObject *context, Callback<int> callback,
                                          const WriteConfirmation &confirmation)
{
    return submit<int>(spec("DELETE", {u"subjects"_s, subject, u"versions"_s, version},
                            permanent ? Intent::PermanentDelete : Intent::SoftDelete,
                            flags({{"permanent", permanent}})),
                       context, std::move(callback), parse::integer, confirmation);
}

// --- schemas

RequestJob *RegistryClient::listSchemas(const SchemaQuery &query, QObject *context,
                                        Callback<QList<SchemaVersion>> callback)
{
    const QUrlQuery q =
        withPrefixAndPaging(flags({{"deleted", query.deleted}, {"latestOnly", query.latestOnly}}), query);
    return submit<QList<SchemaVersion>>(spec("GET", {u"schemas"_s}, Intent::Read, q), context,
                                        std::move(callback), parse::schemaVersions);
}

RequestJob *RegistryClient::getSchemaById(int id, const QString &subject, bool fetchMaxId, QObject *context,
                                          Callback<SchemaVersion> callback)
{
    QUrlQuery q = flags({{"fetchMaxId", fetchMaxId}});
    if (!subject.isEmpty())
        q.addQueryItem(u"subject"_s, subject);
    return submit<SchemaVersion>(spec("GET", {u"schemas"_s, u"ids"_s, QString::number(id)}, Intent::Read, q),
                                 context, std::move(callback), [id](const QByteArray &body) {
                                     auto r = parse::schemaVersion(body);
                                     if (r.ok())
                                         r.value.id = id; // SchemaString has no id field
                                     return r;
                                 });
}

RequestJob *RegistryClient::getSchemaTextById(int id, const QString &subject, QObject *context,
                                              Callback<QString> callback)
{
    QUrlQuery q;
    if (!subject.isEmpty())
        q.addQueryItem(u"subject"_s, subject);
    return submit<QString>(
        spec("GET", {u"schemas"_s, u"ids"_s, QString::number(id), u"schema"_s}, Intent::Read, q), context,
        std::move(callback), rawText);
}

RequestJob *RegistryClient::getSubjectsForId(int id, bool deleted, QObject *context,
                                             Callback<QStringList> callback)
{
    return submit<QStringList>(spec("GET", {u"schemas"_s, u"ids"_s, QString::number(id), u"subjects"_s},
                                    Intent::Read, flags({{"deleted", deleted}})),
                               context, std::move(callback), listing(u"The subject list"_s));
}

RequestJob *RegistryClient::getVersionsForId(int id, bool deleted, QObject *context,
                                             Callback<QList<SubjectVersionRef>> callback)
{
    return submit<QList<SubjectVersionRef>>(spec("GET",
                                                 {u"schemas"_s, u"ids"_s, QString::number(id), u"versions"_s},
                                                 Intent::Read, flags({{"deleted", deleted}})),
                                            context, std::move(callback), parse::subjectVersions);
}

RequestJob *RegistryClient::getSchemaTypes(QObject *context, Callback<QStringList> callback)
{
    return submit<QStringList>(spec("GET", {u"schemas"_s, u"types"_s}, Intent::Read), context,
                               std::move(callback), typeList);
}

// --- contexts

RequestJob *RegistryClient::listContexts(QObject *context, Callback<QStringList> callback)
{
    return submit<QStringList>(spec("GET", {u"contexts"_s}, Intent::Read), context, std::move(callback),
                               listing(u"The context list"_s));
}

RequestJob *RegistryClient::deleteContext(const QString &registryContext, QObject *context,
                                          Callback<Empty> callback, const WriteConfirmation &confirmation)
{
    return submit<Empty>(
        spec("DELETE", {u"contexts"_s, delimitedContext(registryContext)}, Intent::ContextDelete), context,
        std::move(callback), ignoreBody, confirmation);
}

// --- config and mode

RequestJob *RegistryClient::getConfig(const QString &subject, bool defaultToGlobal, QObject *context,
                                      Callback<RegistryConfig> callback)
{
    return submit<RegistryConfig>(spec("GET", scopedPath("config", subject), Intent::Read,
                                       flags({{"defaultToGlobal", defaultToGlobal}})),
                                  context, std::move(callback), parse::config);
}

RequestJob *RegistryClient::setConfig(const QString &subject, const ConfigUpdate &update, QObject *context,
                                      Callback<RegistryConfig> callback,
                                      const WriteConfirmation &confirmation)
{
    RequestSpec s = spec("PUT", scopedPath("config", subject), Intent::ConfigChange, {}, update.toJson());
    s.retryable = true; // setting a value twice is the same as once
    return submit<RegistryConfig>(std::move(s), context, std::move(callback), parse::config, confirmation);
}

RequestJob *RegistryClient::deleteConfig(const QString &subject, QObject *context,
                                         Callback<RegistryConfig> callback,
                                         const WriteConfirmation &confirmation)
{
    return submit<RegistryConfig>(spec("DELETE", scopedPath("config", subject), Intent::ConfigChange),
                                  context, std::move(callback), parse::config, confirmation);
}

RequestJob *RegistryClient::getMode(const QString &subject, bool defaultToGlobal, QObject *context,
                                    Callback<QString> callback)
{
    return submit<QString>(
        spec("GET", scopedPath("mode", subject), Intent::Read, flags({{"defaultToGlobal", defaultToGlobal}})),
        context, std::move(callback), parse::mode);
}

RequestJob *RegistryClient::setMode(const QString &subject, const QString &mode, bool force, QObject *context,
                                    Callback<QString> callback, const WriteConfirmation &confirmation)
{
    const QByteArray body = QJsonDocument(QJsonObject{{"mode"_L1, mode}}).toJson(QJsonDocument::Compact);
    RequestSpec s =
        spec("PUT", scopedPath("mode", subject), Intent::ModeChange, flags({{"force", force}}), body);
    s.retryable = true;
    return submit<QString>(std::move(s), context, std::move(callback), parse::mode, confirmation);
}

RequestJob *RegistryClient::deleteMode(const QString &subject, bool recursive, QObject *context,
                                       Callback<QString> callback, const WriteConfirmation &confirmation)
{
    return submit<QString>(
        spec("DELETE", scopedPath("mode", subject), Intent::ModeChange, flags({{"recursive", recursive}})),
        context, std::move(callback), parse::mode, confirmation);
}

// --- compatibility

RequestJob *RegistryClient::checkCompatibility(const QString &subject, const std::optional<QString> &version,
                                               const SchemaSubmission &schema, bool verbose, QObject *context,
                                               Callback<CompatibilityResult> callback)
{
    QStringList path{u"compatibility"_s, u"subjects"_s, subject, u"versions"_s};
    if (version)
        path << *version;
    RequestSpec s =
        spec("POST", path, Intent::CompatibilityCheck, flags({{"verbose", verbose}}), schema.toJson());
    s.retryable = true; // a check changes nothing
    return submit<CompatibilityResult>(std::move(s), context, std::move(callback), parse::compatibility);
}

// --- exporters and importers

RequestJob *RegistryClient::listLinks(LinkKind kind, QObject *context, Callback<QStringList> callback)
{
    return submit<QStringList>(
        spec("GET", {linkRoot(kind)}, linkIntent(kind, false)), context, std::move(callback),
        listing(kind == LinkKind::Exporter ? u"The exporter list"_s : u"The importer list"_s));
}

RequestJob *RegistryClient::getLink(LinkKind kind, const QString &name, QObject *context,
                                    Callback<ExporterInfo> callback)
{
    return submit<ExporterInfo>(spec("GET", {linkRoot(kind), name}, linkIntent(kind, false)), context,
                                std::move(callback), parse::exporterInfo);
}

RequestJob *RegistryClient::createLink(LinkKind kind, const ExporterInfo &info, QObject *context,
                                       Callback<QString> callback, const WriteConfirmation &confirmation)
{
    return submit<QString>(spec("POST", {linkRoot(kind)}, linkIntent(kind, true), {}, info.toJson(true)),
                           context, std::move(callback), parse::nameReply, confirmation);
}

RequestJob *RegistryClient::updateLink(LinkKind kind, const QString &name, const ExporterInfo &info,
                                       QObject *context, Callback<QString> callback,
                                       const WriteConfirmation &confirmation)
{
    return submit<QString>(
        spec("PUT", {linkRoot(kind), name}, linkIntent(kind, true), {}, info.toJson(false)), context,
        std::move(callback), parse::nameReply, confirmation);
}

RequestJob *RegistryClient::deleteLink(LinkKind kind, const QString &name, QObject *context,
                                       Callback<Empty> callback, const WriteConfirmation &confirmation)
{
    return submit<Empty>(spec("DELETE", {linkRoot(kind), name}, linkIntent(kind, true)), context,
                         std::move(callback), ignoreBody, confirmation);
}

RequestJob *RegistryClient::getLinkStatus(LinkKind kind, const QString &name, QObject *context,
                                          Callback<ExporterStatus> callback)
{
    return submit<ExporterStatus>(spec("GET", {linkRoot(kind), name, u"status"_s}, linkIntent(kind, false)),
                                  context, std::move(callback), parse::exporterStatus);
}

RequestJob *RegistryClient::getLinkConfig(LinkKind kind, const QString &name, QObject *context,
                                          Callback<QMap<QString, QString>> callback)
{
    return submit<QMap<QString, QString>>(
        spec("GET", {linkRoot(kind), name, u"config"_s}, linkIntent(kind, false)), context,
        std::move(callback), parse::stringMap);
}

RequestJob *RegistryClient::updateLinkConfig(LinkKind kind, const QString &name,
                                             const QMap<QString, QString> &config, QObject *context,
                                             Callback<QString> callback,
                                             const WriteConfirmation &confirmation)
{
    QJsonObject obj;
    for (auto it = config.cbegin(); it != config.cend(); ++it)
        obj.insert(it.key(), it.value());
    return submit<QString>(spec("PUT", {linkRoot(kind), name, u"config"_s}, linkIntent(kind, true), {},
                                QJsonDocument(obj).toJson(QJsonDocument::Compact)),
                           context, std::move(callback), parse::nameReply, confirmation);
}

RequestJob *RegistryClient::linkAction(LinkKind kind, const QString &name, const char *action,
                                       QObject *context, Callback<QString> callback,
                                       const WriteConfirmation &confirmation)
{
    return submit<QString>(
        spec("PUT", {linkRoot(kind), name, QString::fromLatin1(action)}, linkIntent(kind, true)), context,
        std::move(callback), parse::nameReply, confirmation);
}

RequestJob *RegistryClient::pauseLink(LinkKind kind, const QString &name, QObject *context,
                                      Callback<QString> callback, const WriteConfirmation &confirmation)
{
    return linkAction(kind, name, "pause", context, std::move(callback), confirmation);
}

RequestJob *RegistryClient::resumeLink(LinkKind kind, const QString &name, QObject *context,
                                       Callback<QString> callback, const WriteConfirmation &confirmation)
{
    return linkAction(kind, name, "resume", context, std::move(callback), confirmation);
}

RequestJob *RegistryClient::resetLink(LinkKind kind, const QString &name, QObject *context,
                                      Callback<QString> callback, const WriteConfirmation &confirmation)
{
    return linkAction(kind, name, "reset", context, std::move(callback), confirmation);
}

// --- metadata

RequestJob *RegistryClient::getRoot(QObject *context, Callback<Empty> callback)
{
    return submit<Empty>(spec("GET", {}, Intent::Read), context, std::move(callback), ignoreBody);
}

RequestJob *RegistryClient::getServerVersion(QObject *context, Callback<ServerVersion> callback)
{
    return submit<ServerVersion>(spec("GET", {u"v1"_s, u"metadata"_s, u"version"_s}, Intent::Read), context,
                                 std::move(callback), parse::serverVersion);
}

RequestJob *RegistryClient::getClusterId(QObject *context, Callback<ClusterId> callback)
{
    return submit<ClusterId>(spec("GET", {u"v1"_s, u"metadata"_s, u"id"_s}, Intent::Read), context,
                             std::move(callback), parse::clusterId);
}

} // namespace sd::registry
