#include "sandboxserver/RegistryApi.h"

#include "sandboxserver/BasicAuth.h"
#include "sandboxserver/ExporterManager.h"
#include "sandboxserver/JsonBinding.h"
#include "sandboxserver/MediaTypes.h"
#include "sandboxserver/RequestBody.h"
#include "sandboxserver/RoutePattern.h"
#include "sandboxserver/SandboxLogging.h"

#include <limits>
#include <optional>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

HttpResponse errorResponse(const RegistryError &error, const QByteArray &contentType)
{
    return HttpResponse::error(error.status, error.code, error.message, contentType);
}

HttpResponse jaxrsError(int status, const QByteArray &contentType)
{
    return HttpResponse::error(
        status, status,
        u"HTTP %1 %2"_s.arg(status).arg(QString::fromLatin1(HttpResponse::reasonPhrase(status))),
        contentType);
}

bool boolParam(const HttpRequest &request, const QString &name)
{
    return request.queryItem(name).compare(u"true"_s, Qt::CaseInsensitive) == 0;
}

// JAX-RS answers 404 when an int query parameter does not parse.
bool intParam(const HttpRequest &request, const QString &name, int defaultValue, int *value)
{
    if (!request.hasQueryItem(name)) {
        *value = defaultValue;
        return true;
    }
    bool ok = false;
    *value = request.queryItem(name).trimmed().toInt(&ok);
    return ok;
}

int normalizeLimit(int limit, int defaultLimit, int maxLimit)
{
    return limit > 0 && limit <= maxLimit ? limit : defaultLimit;
}

template<typename T> QList<T> page(const QList<T> &items, int offset, int limit)
{
    if (offset < 0)
        offset = 0;
    if (offset >= items.size())
        return {};
    return items.mid(offset, limit > 0 ? limit : -1);
}

QJsonArray intArray(const QList<int> &values)
{
    QJsonArray array;
    for (int value : values)
        array.append(value);
    return array;
}

} // namespace

RegistryApi::RegistryApi(RegistryStore *store, const RegistryApiOptions &options)
    : m_store(store)
    , m_options(options)
    , m_policy(FlavourPolicy::of(options.flavour, options.profile))
{}

RegistryApi::~RegistryApi() = default;

void RegistryApi::handleAsync(const HttpRequest &request, const HttpResponder &respond)
{
    const QStringList &s = request.pathSegments;
    const bool registration =
        request.method == "POST" && s.size() == 3 && s[0] == u"subjects" && s[2] == u"versions";
    if (!registration || !m_options.forwardUrl.isValid() ||
        m_store->effectiveMode(s[1]) != RegistryMode::Forward) {
        respond(handle(request));
        return;
    }
    // Writes that carry an id are imports (e.g. from the upstream's exporter): applied here.
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    if (body.contains(u"id"_s) && body.value(u"id"_s).toInt(-1) >= 0) {
        respond(handle(request));
        return;
    }
    if (HttpResponse denied = authenticate(request, true, u"Subject: %1"_s.arg(s[1])); denied.status != 200) {
        respond(denied);
        return;
    }
    const QByteArray contentType = negotiate(request.header("Accept"));
    if (contentType.isEmpty()) {
        respond(jaxrsError(406, kJson));
        return;
    }
    m_forwarder.forward(m_options.forwardUrl, m_options.forwardUserInfo, request, s[1], contentType, respond);
}

void RegistryApi::setOptions(const RegistryApiOptions &options)
{
    m_options = options;
    m_policy = FlavourPolicy::of(options.flavour, options.profile);
}

HttpResponse RegistryApi::authenticate(const HttpRequest &request, bool isWrite,
                                       const QString &resource) const
{
    return authenticateBasic(m_options.users, request, isWrite, resource);
}

bool RegistryApi::isWrite(const HttpRequest &request, QString *resource) const
{
    const QStringList &s = request.pathSegments;
    const QByteArray &method = request.method;
    *resource = u"Cluster: %1"_s.arg(m_options.clusterId);
    if (s.size() >= 2 && (s[0] == u"subjects" || s[0] == u"config" || s[0] == u"mode"))
        *resource = u"Subject: %1"_s.arg(s[1]);
    // Writes for the read-only/read-write split: lookups and compatibility checks are reads.
    return method == "PUT" || method == "DELETE" ||
           (method == "POST" && s.size() == 3 && s[0] == u"subjects" && s[2] == u"versions") ||
           (method == "POST" && !s.isEmpty() && (s[0] == u"exporters" || s[0] == u"importers"));
}

std::optional<HttpResponse> RegistryApi::admitHead(const HttpRequest &head) const
{
    QString resource;
    const bool write = isWrite(head, &resource);
    if (HttpResponse denied = authenticate(head, write, resource); denied.status != 200)
        return denied;
    const QByteArray contentType = negotiate(head.header("Accept"));
    return contentTypeRefusal(head, contentType.isEmpty() ? kJson : contentType);
}

HttpResponse RegistryApi::handle(const HttpRequest &request)
{
    HttpResponse response = handleRequest(request);
    if (!m_policy.serverHeader.isEmpty())
        response.setHeader("Server", m_policy.serverHeader);
    return response;
}

HttpResponse RegistryApi::handleRequest(const HttpRequest &request)
{
    QString resource;
    const bool write = isWrite(request, &resource);
    if (HttpResponse denied = authenticate(request, write, resource); denied.status != 200)
        return denied;

    const QByteArray contentType = negotiate(request.header("Accept"));
    if (contentType.isEmpty())
        return jaxrsError(406, kJson);
    if (std::optional<HttpResponse> refused = contentTypeRefusal(request, contentType))
        return *refused;

    HttpResponse response = route(request, contentType);
    if (response.status == 405 && response.header("Allow").isEmpty())
        response.setHeader("Allow", allowedMethods(request.pathSegments));
    if (write && response.status >= 200 && response.status < 300 && m_persist) {
        QString error;
        if (!m_persist(&error)) {
            qCWarning(lcSandbox) << "persisting the registry failed:" << error;
            return HttpResponse::error(500, 50001, u"Error while storing the registry data: %1"_s.arg(error),
                                       contentType);
        }
    }
    return response;
}

struct RegistryApi::Call
{
    const HttpRequest &request;
    const QByteArray &contentType;
    const RoutePattern &pattern;

    const QStringList &segments() const { return request.pathSegments; }
    QString param(QStringView name) const { return pattern.capture(request.pathSegments, name); }
    bool flag(const QString &name) const { return boolParam(request, name); }
    // offset and limit; false (answer 404, as JAX-RS does) when one does not parse.
    bool paging(int *offset, int *limit) const
    {
        return intParam(request, u"offset"_s, 0, offset) && intParam(request, u"limit"_s, -1, limit);
    }
    HttpResponse ok(const QJsonValue &value) const { return HttpResponse::json(200, value, contentType); }
    HttpResponse okBytes(const QByteArray &body) const { return HttpResponse::make(200, body, contentType); }
    HttpResponse fail(const RegistryError &error) const { return errorResponse(error, contentType); }
    HttpResponse status(int status) const { return jaxrsError(status, contentType); }
    HttpResponse named(const QString &name) const
    {
        return okBytes(OrderedObject().add(u"name"_s, name).toJson());
    }
};

struct RegistryApi::Route
{
    QByteArray method; // "*": any method, and never named in an Allow header
    RoutePattern pattern;
    Handler handler;
    bool (RegistryApi::*served)() const = nullptr; // nullptr: always
};

// The first row whose pattern and method match answers; a path some row matches with another method
// answers 405, any other 404. Rows for paths a flavour lacks are FlavourPolicy::absentRoutes instead.
const QList<RegistryApi::Route> &RegistryApi::routes()
{
    auto row = [](const char *method, QStringView path, Handler handler,
                  bool (RegistryApi::*served)() const = nullptr) {
        return Route{method, RoutePattern::parse(path), handler, served};
    };
    using A = RegistryApi;
    static const QList<Route> table = {
        row("GET", u"", &A::root),
        row("POST", u"", &A::root),
        row("GET", u"_health", &A::health, &A::servesHealth),
        row("GET", u"subjects", &A::listSubjects),
        row("POST", u"subjects/{subject}", &A::lookupSchema),
        row("DELETE", u"subjects/{subject}", &A::deleteSubject),
        row("GET", u"subjects/{subject}/metadata", &A::latestWithMetadata),
        row("GET", u"subjects/{subject}/versions", &A::listVersions),
        row("POST", u"subjects/{subject}/versions", &A::registerSchema),
        row("GET", u"subjects/{subject}/versions/{version}", &A::getVersion),
        row("DELETE", u"subjects/{subject}/versions/{version}", &A::deleteVersion),
        row("GET", u"subjects/{subject}/versions/{version}/schema", &A::versionText),
        row("GET", u"subjects/{subject}/versions/{version}/referencedby", &A::referencedBy),
        row("GET", u"schemas", &A::listSchemas),
        row("GET", u"schemas/types", &A::schemaTypes),
        row("GET", u"schemas/guids/{guid}", &A::schemaByGuid),
        row("GET", u"schemas/guids/{guid}/ids", &A::idsByGuid),
        row("GET", u"schemas/ids/{id}", &A::schemaById),
        row("GET", u"schemas/ids/{id}/schema", &A::schemaTextById),
        row("GET", u"schemas/ids/{id}/subjects", &A::subjectsById),
        row("GET", u"schemas/ids/{id}/versions", &A::versionsById),
        row("GET", u"schemas/ids/{id}/**", &A::notFound), // other methods: 405, as the resource's
        row("GET", u"contexts", &A::listContexts),
        row("DELETE", u"contexts/{context}", &A::deleteContext),
        row("GET", u"config", &A::getConfig),
        row("PUT", u"config", &A::putConfig),
        row("DELETE", u"config", &A::deleteConfig),
        row("GET", u"config/{scope}", &A::getConfig),
        row("PUT", u"config/{scope}", &A::putConfig),
        row("DELETE", u"config/{scope}", &A::deleteConfig),
        row("GET", u"mode", &A::getMode),
        row("PUT", u"mode", &A::putMode),
        row("DELETE", u"mode", &A::deleteMode),
        row("GET", u"mode/{scope}", &A::getMode),
        row("PUT", u"mode/{scope}", &A::putMode),
        row("DELETE", u"mode/{scope}", &A::deleteMode),
        row("POST", u"compatibility/subjects/{subject}/versions", &A::testCompatibility),
        row("POST", u"compatibility/subjects/{subject}/versions/{version}", &A::testCompatibility),
        row("GET", u"exporters", &A::emptyExporterList, &A::exportersListOnly),
        row("*", u"exporters/**", &A::notFound, &A::exportersListOnly),
        row("GET", u"exporters", &A::listExporters, &A::servesExporters),
        row("POST", u"exporters", &A::createExporter, &A::servesExporters),
        row("GET", u"exporters/{name}", &A::exporterInfo, &A::servesExporters),
        row("PUT", u"exporters/{name}", &A::updateExporter, &A::servesExporters),
        row("DELETE", u"exporters/{name}", &A::deleteExporter, &A::servesExporters),
        row("GET", u"exporters/{name}/status", &A::exporterStatus, &A::servesExporters),
        row("GET", u"exporters/{name}/config", &A::exporterConfig, &A::servesExporters),
        row("PUT", u"exporters/{name}/config", &A::updateExporterConfig, &A::servesExporters),
        row("PUT", u"exporters/{name}/pause", &A::pauseExporter, &A::servesExporters),
        row("PUT", u"exporters/{name}/resume", &A::resumeExporter, &A::servesExporters),
        row("PUT", u"exporters/{name}/reset", &A::resetExporter, &A::servesExporters),
        row("GET", u"importers", &A::listExporters, &A::servesImporters),
        row("POST", u"importers", &A::createExporter, &A::servesImporters),
        row("GET", u"importers/{name}", &A::exporterInfo, &A::servesImporters),
        row("PUT", u"importers/{name}", &A::updateExporter, &A::servesImporters),
        row("DELETE", u"importers/{name}", &A::deleteExporter, &A::servesImporters),
        row("GET", u"importers/{name}/status", &A::exporterStatus, &A::servesImporters),
        row("GET", u"importers/{name}/config", &A::exporterConfig, &A::servesImporters),
        row("PUT", u"importers/{name}/config", &A::updateExporterConfig, &A::servesImporters),
        row("PUT", u"importers/{name}/pause", &A::pauseExporter, &A::servesImporters),
        row("PUT", u"importers/{name}/resume", &A::resumeExporter, &A::servesImporters),
        row("PUT", u"importers/{name}/reset", &A::resetExporter, &A::servesImporters),
        row("GET", u"v1/metadata/id", &A::clusterId),
        row("GET", u"v1/metadata/version", &A::serverVersion),
        row("GET", u"v1/metadata/{other}", &A::notFound),
    };
    return table;
}

HttpResponse RegistryApi::route(const HttpRequest &request, const QByteArray &contentType)
{
    const QStringList &s = request.pathSegments;
    if (!s.isEmpty()) {
        if (const std::optional<int> absent = m_policy.absentStatus(request))
            return jaxrsError(*absent, contentType);
    }
    bool pathKnown = false;
    for (const Route &r : routes()) {
        if ((r.served && !(this->*r.served)()) || !r.pattern.matches(s))
            continue;
        pathKnown = true;
        if (r.method == "*" || r.method == request.method)
            return (this->*r.handler)(Call{request, contentType, r.pattern});
    }
    return jaxrsError(pathKnown ? 405 : 404, contentType);
}

// The Allow header of a 405: every method some row names for the path, whether served here or not.
QByteArray RegistryApi::allowedMethods(const QStringList &segments)
{
    QList<QByteArray> methods;
    for (const Route &r : routes()) {
        if (r.method != "*" && !methods.contains(r.method) && r.pattern.matches(segments))
            methods.append(r.method);
    }
    return methods.join(", ");
}

bool RegistryApi::servesHealth() const
{
    return m_policy.healthEndpoint;
}

bool RegistryApi::exportersListOnly() const
{
    return m_policy.exportersListOnly;
}

bool RegistryApi::servesExporters() const
{
    return !m_policy.exportersListOnly && m_exporters;
}

bool RegistryApi::servesImporters() const
{
    return m_importers != nullptr;
}

// What a registration or lookup keeps: some servers drop data contracts and ids (FlavourPolicy).
void RegistryApi::applyPolicy(RegisterRequest *request) const
{
    if (!m_policy.storesDataContracts) {
        request->metadata = {};
        request->ruleSet = {};
    }
    if (!m_policy.honoursIdsInRegistration) {
        request->id = -1;
        request->version = -1;
    }
}

std::optional<HttpResponse> RegistryApi::readRegisterRequest(const Call &call, RegisterRequest *request,
                                                             QJsonObject *body) const
{
    const BodyResult parsed = parseObjectBody(call.request, call.contentType, true);
    if (parsed.error)
        return parsed.error;
    if (auto bad = parseRegisterRequest(parsed.object, call.contentType, request))
        return bad;
    applyPolicy(request);
    if (body)
        *body = parsed.object;
    return std::nullopt;
}

HttpResponse RegistryApi::root(const Call &call)
{
    if (call.request.method == "POST" && !isBlankJson(call.request.body)) {
        const BodyResult body = parseObjectBody(call.request, call.contentType, false);
        if (body.error)
            return *body.error;
        if (const std::optional<QString> mistyped = bindStringMap(body.object))
            return HttpResponse::error(400, 400, *mistyped, call.contentType);
    }
    return call.okBytes("{}");
}

HttpResponse RegistryApi::notFound(const Call &call)
{
    return call.status(404);
}

HttpResponse RegistryApi::health(const Call &)
{
    const QJsonObject status{{u"schema_registry_ready"_s, true},
                             {u"schema_registry_is_primary"_s, true},
                             {u"schema_registry_is_primary_eligible"_s, true},
                             {u"schema_registry_coordinator_running"_s, true}};
    return HttpResponse::json(200, QJsonObject{{u"status"_s, status}, {u"healthy"_s, true}}, kJson);
}

// ---- /subjects

HttpResponse RegistryApi::listSubjects(const Call &call)
{
    SubjectListOptions options;
    if (call.request.hasQueryItem(u"subjectPrefix"_s) && m_policy.subjectPrefixOnSubjects)
        options.prefix = call.request.queryItem(u"subjectPrefix"_s);
    options.deleted = call.flag(u"deleted"_s);
    options.deletedOnly = call.flag(u"deletedOnly"_s);
    if (m_policy.pagingOnSubjects && !call.paging(&options.offset, &options.limit))
        return call.status(404);
    return call.ok(QJsonArray::fromStringList(m_store->listSubjects(options)));
}

HttpResponse RegistryApi::lookupSchema(const Call &call)
{
    RegisterRequest lookup;
    if (auto bad = readRegisterRequest(call, &lookup))
        return *bad;
    RegistryError error;
    const SchemaVersionView view = m_store->lookupSchema(
        call.param(u"subject"), lookup, call.flag(u"normalize"_s), call.flag(u"deleted"_s), &error);
    return error.isError() ? call.fail(error) : call.okBytes(ResponseShapes(m_policy.shapes).schema(view));
}

HttpResponse RegistryApi::deleteSubject(const Call &call)
{
    RegistryError error;
    const QList<int> versions =
        m_store->deleteSubject(call.param(u"subject"), call.flag(u"permanent"_s), &error);
    return error.isError() ? call.fail(error) : call.ok(intArray(versions));
}

HttpResponse RegistryApi::latestWithMetadata(const Call &call)
{
    QList<std::pair<QString, QString>> wanted;
    QStringList keys, values;
    for (const auto &[name, value] : call.request.queryItems) {
        if (name == u"key")
            keys.append(value);
        else if (name == u"value")
            values.append(value);
    }
    for (qsizetype i = 0; i < qMin(keys.size(), values.size()); ++i)
        wanted.append({keys[i], values[i]});
    RegistryError error;
    const SchemaVersionView view =
        m_store->latestWithMetadata(call.param(u"subject"), wanted, call.flag(u"deleted"_s), &error);
    return error.isError() ? call.fail(error) : call.okBytes(ResponseShapes(m_policy.shapes).schema(view));
}

HttpResponse RegistryApi::listVersions(const Call &call)
{
    int offset = 0, limit = -1;
    if (!call.paging(&offset, &limit))
        return call.status(404);
    RegistryError error;
    const QList<int> versions =
        m_store->listVersions(call.param(u"subject"), call.flag(u"deleted"_s), call.flag(u"deletedOnly"_s),
                              call.flag(u"deletedAsNegative"_s), &error);
    return error.isError() ? call.fail(error) : call.ok(intArray(page(versions, offset, limit)));
}

HttpResponse RegistryApi::registerSchema(const Call &call)
{
    const QString subject = call.param(u"subject");
    RegisterRequest registration;
    QJsonObject body;
    if (auto bad = readRegisterRequest(call, &registration, &body))
        return *bad;
    if (m_policy.refusesUnknownRegistrationFields) {
        // Karapace's SchemaRequest: extra="forbid".
        for (const QString &key : body.keys()) {
            if (key != u"schema" && key != u"schemaType" && key != u"references" && key != u"metadata" &&
                key != u"ruleSet")
                return HttpResponse::error(422, 422, u"Extra inputs are not permitted: %1"_s.arg(key),
                                           call.contentType);
        }
    }
    RegisterOptions options;
    options.normalize = call.flag(u"normalize"_s);
    options.force = call.flag(u"force"_s);
    if (!options.normalize)
        options.normalize = m_store->effectiveConfig(subject).value(u"normalize"_s).toBool();
    RegistryError error;
    const SchemaVersionView view = m_store->registerSchema(subject, registration, options, &error);
    if (error.isError())
        return call.fail(error);
    return call.okBytes(ResponseShapes(m_policy.shapes).registerResponse(view));
}

HttpResponse RegistryApi::getVersion(const Call &call)
{
    RegistryError error;
    const SchemaVersionView view =
        m_store->getVersion(call.param(u"subject"), call.param(u"version"), call.flag(u"deleted"_s), &error);
    return error.isError() ? call.fail(error) : call.okBytes(ResponseShapes(m_policy.shapes).schema(view));
}

HttpResponse RegistryApi::deleteVersion(const Call &call)
{
    RegistryError error;
    const int deleted = m_store->deleteVersion(call.param(u"subject"), call.param(u"version"),
                                               call.flag(u"permanent"_s), &error);
    return error.isError() ? call.fail(error) : call.ok(deleted);
}

HttpResponse RegistryApi::versionText(const Call &call)
{
    RegistryError error;
    const SchemaVersionView view =
        m_store->getVersion(call.param(u"subject"), call.param(u"version"), call.flag(u"deleted"_s), &error);
    return error.isError() ? call.fail(error) : call.okBytes(view.schema->text.toUtf8());
}

HttpResponse RegistryApi::referencedBy(const Call &call)
{
    int offset = 0, limit = -1;
    if (!call.paging(&offset, &limit))
        return call.status(404);
    RegistryError error;
    const QList<int> ids = m_store->referencedBy(call.param(u"subject"), call.param(u"version"),
                                                 call.flag(u"deleted"_s), &error);
    if (error.isError())
        return call.fail(error);
    return call.ok(intArray(page(ids, offset, normalizeLimit(limit, 1000, 1000))));
}

// ---- /schemas

// GET /schemas, with the flavour's reading of subjectPrefix, paging, latestOnly and the rows' shape.
HttpResponse RegistryApi::listSchemas(const Call &call)
{
    const HttpRequest &request = call.request;
    SchemaListOptions options;
    options.prefix = m_policy.schemasPrefix ? request.queryItem(u"subjectPrefix"_s) : u":*:"_s;
    if (m_policy.schemasPrefixLiteral && options.prefix.startsWith(u':'))
        return call.okBytes("[]"); // no subject name starts with ':' there
    options.deleted = call.flag(u"deleted"_s);
    options.latestOnly = call.flag(u"latestOnly"_s) && !m_policy.latestOnlyDedupesContent;
    int limit = -1;
    if (m_policy.schemasPaging) {
        if (!call.paging(&options.offset, &limit))
            return call.status(404);
        options.limit = normalizeLimit(limit, 1000, 1000);
    } else {
        options.limit = std::numeric_limits<int>::max();
    }
    const bool dedupe = m_policy.latestOnlyDedupesContent && call.flag(u"latestOnly"_s);
    const ResponseShapes shapes(m_policy.shapes);
    QSet<QString> seen;
    QByteArray out = "[";
    bool first = true;
    for (const SchemaVersionView &view : m_store->listSchemas(options)) {
        if (dedupe) {
            if (seen.contains(view.schema->identity))
                continue;
            seen.insert(view.schema->identity);
        }
        if (!first)
            out += ',';
        first = false;
        out += m_policy.schemasRowsTextOnly ? shapes.schemaTextOnly(view) : shapes.schema(view);
    }
    return call.okBytes(out + ']');
}

HttpResponse RegistryApi::schemaTypes(const Call &call)
{
    return call.ok(QJsonArray{u"JSON"_s, u"PROTOBUF"_s, u"AVRO"_s});
}

HttpResponse RegistryApi::schemaByGuid(const Call &call)
{
    const QList<std::pair<QString, int>> matches = m_store->schemasByGuid(call.param(u"guid"));
    if (matches.isEmpty())
        return call.fail({404, 40403, u"Schema not found"_s});
    RegistryError error;
    SchemaVersionView use;
    m_store->schemaById(matches.first().second, QualifiedSubject::qualify(matches.first().first, {}), &use,
                        &error);
    if (error.isError())
        return call.fail(error);
    return call.okBytes(ResponseShapes(m_policy.shapes).schemaStringByGuid(use));
}

HttpResponse RegistryApi::idsByGuid(const Call &call)
{
    const QList<std::pair<QString, int>> matches = m_store->schemasByGuid(call.param(u"guid"));
    if (matches.isEmpty())
        return call.fail({404, 40403, u"Schema not found"_s});
    QJsonArray array;
    for (const auto &[context, id] : matches)
        array.append(QJsonObject{{u"context"_s, context}, {u"id"_s, id}});
    return call.ok(array);
}

// The schema /schemas/ids/{id} names, seen from ?subject=; the error response when there is none.
std::optional<HttpResponse> RegistryApi::findById(const Call &call, StoredSchemaPtr *stored,
                                                  SchemaVersionView *use) const
{
    bool isNumber = false;
    const int id = call.param(u"id").toInt(&isNumber);
    if (!isNumber)
        return call.status(404);
    RegistryError error;
    *stored = m_store->schemaById(id, call.request.queryItem(u"subject"_s), use, &error);
    if (error.isError())
        return call.fail(error);
    return std::nullopt;
}

HttpResponse RegistryApi::schemaById(const Call &call)
{
    StoredSchemaPtr stored;
    SchemaVersionView use;
    if (std::optional<HttpResponse> missing = findById(call, &stored, &use))
        return *missing;
    std::optional<int> maxId;
    if (call.flag(u"fetchMaxId"_s))
        maxId = m_store->maxId(stored->context);
    return call.okBytes(
        ResponseShapes(m_policy.shapes).schemaString(use, call.request.hasQueryItem(u"subject"_s), maxId));
}

HttpResponse RegistryApi::schemaTextById(const Call &call)
{
    StoredSchemaPtr stored;
    SchemaVersionView use;
    if (std::optional<HttpResponse> missing = findById(call, &stored, &use))
        return *missing;
    return call.okBytes(stored->text.toUtf8());
}

namespace {

// The subject versions using a schema id, for /schemas/ids/{id}/subjects and …/versions.
struct Usages
{
    QList<VersionKey> keys;
    int offset = 0;
    int limit = -1;
    std::optional<HttpResponse> error;
};

} // namespace

static Usages schemaUsages(RegistryStore *store, const HttpRequest &request, const QByteArray &contentType,
                           const QString &idText)
{
    Usages usages;
    bool isNumber = false;
    const int id = idText.toInt(&isNumber);
    if (!isNumber || !intParam(request, u"offset"_s, 0, &usages.offset) ||
        !intParam(request, u"limit"_s, -1, &usages.limit)) {
        usages.error = jaxrsError(404, contentType);
        return usages;
    }
    RegistryError error;
    usages.keys =
        store->schemaUsages(id, request.queryItem(u"subject"_s), boolParam(request, u"deleted"_s), &error);
    if (error.isError())
        usages.error = errorResponse(error, contentType);
    return usages;
}

HttpResponse RegistryApi::subjectsById(const Call &call)
{
    const Usages usages = schemaUsages(m_store, call.request, call.contentType, call.param(u"id"));
    if (usages.error)
        return *usages.error;
    QStringList subjects;
    for (const VersionKey &key : usages.keys) {
        const QString name = QualifiedSubject::qualify(key.context, key.subject);
        if (!subjects.contains(name))
            subjects.append(name);
    }
    return call.ok(QJsonArray::fromStringList(page(subjects, usages.offset, usages.limit)));
}

HttpResponse RegistryApi::versionsById(const Call &call)
{
    const Usages usages = schemaUsages(m_store, call.request, call.contentType, call.param(u"id"));
    if (usages.error)
        return *usages.error;
    QJsonArray array;
    for (const VersionKey &key : page(usages.keys, usages.offset, usages.limit)) {
        array.append(QJsonObject{{u"subject"_s, QualifiedSubject::qualify(key.context, key.subject)},
                                 {u"version"_s, key.version}});
    }
    return call.ok(array);
}

// ---- /contexts

HttpResponse RegistryApi::listContexts(const Call &call)
{
    int offset = 0, limit = -1;
    if (!call.paging(&offset, &limit))
        return call.status(404);
    if (m_policy.contextsDefaultOnly)
        return call.ok(QJsonArray{u":.:"_s});
    const QString prefix = call.request.queryItem(u"contextPrefix"_s);
    QStringList contexts;
    for (const QString &name : m_store->listContexts()) {
        if (name.startsWith(prefix))
            contexts.append(name);
    }
    return call.ok(QJsonArray::fromStringList(page(contexts, offset, limit)));
}

HttpResponse RegistryApi::deleteContext(const Call &call)
{
    RegistryError error;
    if (!m_store->deleteContext(call.param(u"context"), &error))
        return call.fail(error);
    return HttpResponse::make(204, {}, {});
}

// ---- /config and /mode: "" (no scope) and ":.:" are the top level.

namespace {

bool isTopLevel(const QString &scope)
{
    return scope.isEmpty() || scope == u":.:";
}

QJsonObject configReadForm(QJsonObject config)
{
    if (config.contains(u"compatibility"_s)) {
        const QJsonValue level = config.take(u"compatibility"_s);
        config.insert(u"compatibilityLevel"_s, level);
    }
    return config;
}

QJsonObject modeJson(std::optional<RegistryMode> mode)
{
    return QJsonObject{{u"mode"_s, mode ? QJsonValue(registryModeName(*mode)) : QJsonValue()}};
}

} // namespace

HttpResponse RegistryApi::getConfig(const Call &call)
{
    const QString scope = call.param(u"scope");
    const bool defaultToGlobal = call.flag(u"defaultToGlobal"_s);
    if (const auto config = m_store->configAt(scope))
        return call.ok(configReadForm(*config));
    if (isTopLevel(scope))
        return call.ok(configReadForm(m_store->effectiveConfig(scope, defaultToGlobal)));
    if (defaultToGlobal)
        return call.ok(configReadForm(m_store->effectiveConfig(scope, true)));
    return call.fail(
        {404, 40408, u"Subject '%1' does not have subject-level compatibility configured"_s.arg(scope)});
}

HttpResponse RegistryApi::putConfig(const Call &call)
{
    const BodyResult body = parseObjectBody(call.request, call.contentType, true);
    if (body.error)
        return *body.error;
    QJsonObject update;
    if (const std::optional<QString> mistyped = bindConfigUpdate(body.object, &update))
        return HttpResponse::error(400, 400, *mistyped, call.contentType);
    RegistryError error;
    const QJsonObject merged = m_store->updateConfig(call.param(u"scope"), update, &error);
    return error.isError() ? call.fail(error) : call.ok(merged);
}

HttpResponse RegistryApi::deleteConfig(const Call &call)
{
    RegistryError error;
    const auto old = m_store->deleteConfig(call.param(u"scope"), &error);
    if (error.isError())
        return call.fail(error);
    return call.ok(configReadForm(old.value_or(QJsonObject())));
}

HttpResponse RegistryApi::getMode(const Call &call)
{
    if (m_policy.modes == FlavourPolicy::Modes::AlwaysReadWrite)
        return call.ok(modeJson(RegistryMode::ReadWrite));
    const QString scope = call.param(u"scope");
    const bool defaultToGlobal = call.flag(u"defaultToGlobal"_s);
    if (const auto mode = m_store->modeAt(scope))
        return call.ok(modeJson(mode));
    if (isTopLevel(scope) || defaultToGlobal)
        return call.ok(modeJson(m_store->effectiveMode(scope, defaultToGlobal)));
    return call.fail({404, 40409, u"Subject '%1' does not have subject-level mode configured"_s.arg(scope)});
}

HttpResponse RegistryApi::putMode(const Call &call)
{
    const BodyResult body = parseObjectBody(call.request, call.contentType, true);
    if (body.error)
        return *body.error;
    const QJsonValue value = body.object.value(u"mode"_s);
    const auto mode = value.isString() ? registryModeFromName(value.toString()) : std::nullopt;
    if (!mode)
        return call.fail(
            {422, 42204, u"Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD."_s});
    if (*mode == RegistryMode::Forward && !m_policy.forwardMode)
        return call.fail({422, m_policy.forwardRefusalCode,
                          u"Invalid mode. Valid values are READWRITE, READONLY and IMPORT."_s});
    RegistryError error;
    if (!m_store->setMode(call.param(u"scope"), *mode, call.flag(u"force"_s), &error))
        return call.fail(error);
    return call.ok(modeJson(mode));
}

HttpResponse RegistryApi::deleteMode(const Call &call)
{
    RegistryError error;
    const auto old = m_store->deleteMode(call.param(u"scope"), call.flag(u"recursive"_s), &error);
    return error.isError() ? call.fail(error) : call.ok(modeJson(old));
}

// ---- /compatibility/subjects/{s}/versions[/{v}]

HttpResponse RegistryApi::testCompatibility(const Call &call)
{
    const QString subject = call.param(u"subject");
    RegisterRequest candidate;
    if (auto bad = readRegisterRequest(call, &candidate))
        return *bad;
    const bool verbose = m_policy.verboseCompatibility && call.flag(u"verbose"_s);
    QString against = call.param(u"version");
    if (m_policy.transitiveChecksAllOnLatest && (against == u"latest" || against == u"-1")) {
        // Karapace: "latest" under a *_TRANSITIVE level is checked against every version.
        const QualifiedSubject name = QualifiedSubject::parse(subject);
        RegistryError ignored;
        if (schema::compatibilityLevelName(m_store->effectiveCompatibility(name.context, name.name))
                .endsWith(u"_TRANSITIVE"_s) &&
            !m_store->listVersions(subject, false, false, false, &ignored).isEmpty())
            against.clear();
    }
    RegistryError error;
    const CompatibilityOutcome outcome =
        m_store->testCompatibility(subject, against, candidate, call.flag(u"normalize"_s), verbose, &error);
    if (error.isError())
        return call.fail(error);
    OrderedObject object;
    object.add(u"is_compatible"_s, outcome.compatible);
    if (verbose)
        object.add(u"messages"_s, QJsonArray::fromStringList(outcome.messages));
    return call.okBytes(object.toJson());
}

// ---- /exporters and /importers, served by the same ExporterManager interface

HttpResponse RegistryApi::emptyExporterList(const Call &call)
{
    return call.ok(QJsonArray());
}

ExporterManager *RegistryApi::managerFor(const Call &call) const
{
    return call.segments().constFirst() == u"importers" ? m_importers : m_exporters;
}

HttpResponse RegistryApi::listExporters(const Call &call)
{
    return call.ok(QJsonArray::fromStringList(managerFor(call)->names()));
}

HttpResponse RegistryApi::createExporter(const Call &call)
{
    const BodyResult body = parseObjectBody(call.request, call.contentType, true);
    if (body.error)
        return *body.error;
    RegistryError error;
    if (!managerFor(call)->create(body.object, &error))
        return call.fail(error);
    return call.named(body.object.value(u"name"_s).toString());
}

HttpResponse RegistryApi::exporterInfo(const Call &call)
{
    RegistryError error;
    const QJsonObject info = managerFor(call)->info(call.param(u"name"), &error);
    if (error.isError())
        return call.fail(error);
    OrderedObject object;
    for (const QString &key :
         {u"name"_s, u"subjects"_s, u"subjectRenameFormat"_s, u"contextType"_s, u"context"_s, u"config"_s}) {
        if (info.contains(key))
            object.add(key, info.value(key));
    }
    return call.okBytes(object.toJson());
}

HttpResponse RegistryApi::updateExporterWith(const Call &call, ExporterUpdate update)
{
    const BodyResult body = parseObjectBody(call.request, call.contentType, true);
    if (body.error)
        return *body.error;
    const QString name = call.param(u"name");
    RegistryError error;
    return (managerFor(call)->*update)(name, body.object, &error) ? call.named(name) : call.fail(error);
}

HttpResponse RegistryApi::actOnExporter(const Call &call, ExporterAction action)
{
    const QString name = call.param(u"name");
    RegistryError error;
    return (managerFor(call)->*action)(name, &error) ? call.named(name) : call.fail(error);
}

HttpResponse RegistryApi::updateExporter(const Call &call)
{
    return updateExporterWith(call, &ExporterManager::update);
}

HttpResponse RegistryApi::deleteExporter(const Call &call)
{
    RegistryError error;
    return managerFor(call)->remove(call.param(u"name"), &error) ? HttpResponse::make(204, {}, {})
                                                                 : call.fail(error);
}

HttpResponse RegistryApi::exporterStatus(const Call &call)
{
    ExporterManager *manager = managerFor(call);
    const QString name = call.param(u"name");
    const ExporterState *state = manager->state(name);
    if (!state) {
        const QString kind = manager == m_importers ? u"Importer"_s : u"Exporter"_s;
        return call.fail({404, 40450, u"%1 %2 not found."_s.arg(kind, name)});
    }
    OrderedObject object;
    object.add(u"name"_s, name)
        .add(u"state"_s, ExporterManager::stateName(state->state))
        .add(u"offset"_s, manager->statusOffset(name))
        .add(u"ts"_s, state->ts);
    if (!state->trace.isEmpty())
        object.add(u"trace"_s, state->trace);
    return call.okBytes(object.toJson());
}

HttpResponse RegistryApi::exporterConfig(const Call &call)
{
    RegistryError error;
    const QJsonObject info = managerFor(call)->info(call.param(u"name"), &error);
    return error.isError() ? call.fail(error) : call.ok(info.value(u"config"_s));
}

HttpResponse RegistryApi::updateExporterConfig(const Call &call)
{
    return updateExporterWith(call, &ExporterManager::updateConfig);
}

HttpResponse RegistryApi::pauseExporter(const Call &call)
{
    return actOnExporter(call, &ExporterManager::pause);
}

HttpResponse RegistryApi::resumeExporter(const Call &call)
{
    return actOnExporter(call, &ExporterManager::resume);
}

HttpResponse RegistryApi::resetExporter(const Call &call)
{
    return actOnExporter(call, &ExporterManager::reset);
}

// ---- /v1/metadata

HttpResponse RegistryApi::clusterId(const Call &call)
{
    const QJsonObject scope{
        {u"path"_s, QJsonArray()},
        {u"clusters"_s, QJsonObject{{u"schema-registry-cluster"_s, m_options.clusterId}}}};
    return call.okBytes(OrderedObject().add(u"scope"_s, scope).add(u"id"_s, m_options.clusterId).toJson());
}

HttpResponse RegistryApi::serverVersion(const Call &call)
{
    const bool cp8 = m_policy.shapes == VersionProfile::Cp8;
    return call.okBytes(OrderedObject()
                            .add(u"version"_s, cp8 ? u"8.1.0"_s : u"7.9.0"_s)
                            .add(u"commitId"_s, u"schemadesk-sandbox-" SD_VERSION_STRING ""_s)
                            .toJson());
}

} // namespace sd::sandbox
