#include "sandbox/RegistryApi.h"

#include "sandbox/AllowedMethods.h"
#include "sandbox/ExporterManager.h"
#include "sandbox/JsonBinding.h"
#include "sandbox/SandboxLogging.h"

#include <limits>
#include <optional>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

const QByteArray kV1Json = QByteArrayLiteral("application/vnd.schemaregistry.v1+json");
const QByteArray kSrJson = QByteArrayLiteral("application/vnd.schemaregistry+json");
const QByteArray kJson = QByteArrayLiteral("application/json");
const QByteArray kOctet = QByteArrayLiteral("application/octet-stream");

struct MediaRange
{
    QByteArray type;
    double q = 1.0;
};

QList<MediaRange> parseAccept(const QByteArray &header)
{
    QList<MediaRange> ranges;
    for (const QByteArray &part : header.split(',')) {
        const QList<QByteArray> params = part.split(';');
        MediaRange range;
        range.type = params.value(0).trimmed().toLower();
        for (qsizetype i = 1; i < params.size(); ++i) {
            const QByteArray param = params[i].trimmed();
            if (param.startsWith("q="))
                range.q = param.mid(2).toDouble();
        }
        if (!range.type.isEmpty())
            ranges.append(range);
    }
    return ranges;
}

// Picks the response type by the server's qs (v1 1.0, generic 0.9, json 0.5) times the client's q.
QByteArray negotiate(const QByteArray &accept)
{
    if (accept.trimmed().isEmpty())
        return kV1Json;
    const QList<MediaRange> ranges = parseAccept(accept);
    const QList<std::pair<QByteArray, double>> offers = {{kV1Json, 1.0}, {kSrJson, 0.9}, {kJson, 0.5}};
    QByteArray best;
    double bestScore = 0;
    for (const auto &[offer, qs] : offers) {
        double q = 0;
        int specificity = -1;
        for (const MediaRange &range : ranges) {
            int s = -1;
            if (range.type == offer)
                s = 2;
            else if (range.type == "application/*")
                s = 1;
            else if (range.type == "*/*" || range.type == "*")
                s = 0;
            if (s > specificity) {
                specificity = s;
                q = range.q;
            }
        }
        if (specificity >= 0 && q * qs > bestScore) {
            bestScore = q * qs;
            best = offer;
        }
    }
    return best;
}

// The types Confluent's resources consume (reference 1.2). Unlike Confluent, a body without a
// Content-Type is refused: a web page can send one without the browser asking first (a CORS "simple
// request"), but none of these types.
bool contentTypeAccepted(const QByteArray &header)
{
    const QByteArray type = header.split(';').value(0).trimmed().toLower();
    return type == kV1Json || type == kSrJson || type == kJson || type == kOctet;
}

// A POST or PUT that carries a body (or, for a head not read further, announces one).
bool carriesBody(const HttpRequest &request)
{
    if (request.method != "POST" && request.method != "PUT")
        return false;
    const QByteArray length = request.header("Content-Length").trimmed();
    return !request.body.isEmpty() || request.hasHeader("Transfer-Encoding") ||
           (!length.isEmpty() && length != "0");
}

std::optional<HttpResponse> contentTypeRefusal(const HttpRequest &request, const QByteArray &contentType)
{
    if (!carriesBody(request) || contentTypeAccepted(request.header("Content-Type")))
        return std::nullopt;
    const QByteArray sent = request.header("Content-Type").trimmed();
    const QString accepted = QString::fromLatin1(kV1Json + ", " + kSrJson + ", " + kJson + " or " + kOctet);
    const QString got =
        sent.isEmpty() ? u"no Content-Type"_s : u"Content-Type "_s + QString::fromLatin1(sent);
    return HttpResponse::error(
        415, 415,
        u"HTTP 415 Unsupported Media Type: a request body must be sent as %1; this one has %2"_s.arg(accepted,
                                                                                                     got),
        contentType);
}

// Compares in a time that depends only on the lengths, so a password cannot be guessed byte by byte
// from how fast it is refused.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    unsigned difference = a.size() == b.size() ? 0 : 1;
    const qsizetype length = qMax(a.size(), b.size());
    for (qsizetype i = 0; i < length; ++i) {
        const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0u;
        const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0u;
        difference |= x ^ y;
    }
    return difference == 0;
}

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

struct BodyResult
{
    QJsonObject object;
    std::optional<HttpResponse> error;
};

BodyResult parseObjectBody(const HttpRequest &request, const QByteArray &contentType, bool required)
{
    BodyResult result;
    if (isBlankJson(request.body)) {
        if (required)
            result.error = HttpResponse::error(422, 422, u"The request body is required"_s, contentType);
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error = HttpResponse::error(
            400, 400,
            u"Unrecognized JSON: %1 at character %2"_s.arg(parseError.errorString()).arg(parseError.offset),
            contentType);
        return result;
    }
    if (document.isNull() && required) {
        result.error = HttpResponse::error(422, 422, u"The request body is required"_s, contentType);
        return result;
    }
    if (!document.isObject()) {
        result.error = HttpResponse::error(
            400, 400, u"Cannot deserialize the request body: a JSON object is expected"_s, contentType);
        return result;
    }
    result.object = document.object();
    return result;
}

std::optional<HttpResponse> parseRegisterRequest(const QJsonObject &body, const QByteArray &contentType,
                                                 RegisterRequest *request)
{
    auto mismatch = [&contentType](const QString &field, const QString &expected) {
        return HttpResponse::error(
            400, 400, u"Cannot deserialize value of field \"%1\": %2 expected"_s.arg(field, expected),
            contentType);
    };
    const QJsonValue schemaValue = body.value(u"schema"_s);
    if (schemaValue.isString())
        request->schema = schemaValue.toString();
    else if (schemaValue.isDouble() || schemaValue.isBool())
        request->schema = QString::fromUtf8(jsonScalar(schemaValue)); // Jackson coerces scalars
    else if (!schemaValue.isUndefined() && !schemaValue.isNull())
        return mismatch(u"schema"_s, u"a string"_s);
    const QJsonValue type = body.value(u"schemaType"_s);
    if (type.isString())
        request->schemaType = type.toString();
    else if (!type.isUndefined() && !type.isNull())
        return mismatch(u"schemaType"_s, u"a string"_s);
    const QJsonValue references = body.value(u"references"_s);
    if (references.isArray()) {
        for (const QJsonValue &value : references.toArray()) {
            if (!value.isObject())
                return mismatch(u"references"_s, u"an array of objects"_s);
            const QJsonObject object = value.toObject();
            const QJsonValue version = object.value(u"version"_s);
            if (!version.isUndefined() && !version.isNull() && !version.isDouble())
                return mismatch(u"references.version"_s, u"an integer"_s);
            request->references.append({object.value(u"name"_s).toString(),
                                        object.value(u"subject"_s).toString(),
                                        version.isDouble() ? version.toInt() : -1});
        }
    } else if (!references.isUndefined() && !references.isNull()) {
        return mismatch(u"references"_s, u"an array"_s);
    }
    if (const std::optional<QString> mistyped =
            bindRegisterMembers(body, &request->metadata, &request->ruleSet))
        return HttpResponse::error(400, 400, *mistyped, contentType);
    for (const auto &[field, target] :
         {std::pair{u"id"_s, &request->id}, std::pair{u"version"_s, &request->version}}) {
        const QJsonValue value = body.value(field);
        if (value.isDouble())
            *target = value.toInt();
        else if (!value.isUndefined() && !value.isNull())
            return mismatch(field, u"an integer"_s);
    }
    return std::nullopt;
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
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    QByteArray base = m_options.forwardUrl.toEncoded();
    while (base.endsWith('/'))
        base.chop(1);
    QByteArray target = base + "/subjects/" + QUrl::toPercentEncoding(s[1]) + "/versions";
    if (!request.rawQuery.isEmpty())
        target += '?' + request.rawQuery;
    const QUrl url = QUrl::fromEncoded(target);
    QNetworkRequest forward(url);
    forward.setRawHeader("Content-Type", "application/vnd.schemaregistry.v1+json");
    forward.setRawHeader("Accept", "application/vnd.schemaregistry.v1+json");
    forward.setTransferTimeout(30000);
    if (!m_options.forwardUserInfo.isEmpty())
        forward.setRawHeader("Authorization", "Basic " + m_options.forwardUserInfo.toUtf8().toBase64());
    QNetworkReply *reply = m_network->post(forward, request.body);
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, respond, contentType, url] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status > 0) {
            respond(HttpResponse::make(status, reply->readAll(), contentType));
            return;
        }
        respond(HttpResponse::error(
            500, 50003,
            u"Error while forwarding the request to %1: %2"_s.arg(url.toString(), reply->errorString()),
            contentType));
    });
}

void RegistryApi::setOptions(const RegistryApiOptions &options)
{
    m_options = options;
    m_policy = FlavourPolicy::of(options.flavour, options.profile);
}

HttpResponse RegistryApi::authenticate(const HttpRequest &request, bool isWrite,
                                       const QString &resource) const
{
    if (m_options.users.isEmpty())
        return {};
    const QByteArray header = request.header("Authorization").trimmed();
    const SandboxUser *user = nullptr;
    if (header.left(6).compare("Basic ", Qt::CaseInsensitive) == 0) {
        const QByteArray decoded = QByteArray::fromBase64(header.mid(6).trimmed());
        const qsizetype colon = decoded.indexOf(':');
        if (colon >= 0) {
            const QByteArrayView name = QByteArrayView(decoded).left(colon);
            const QByteArrayView password = QByteArrayView(decoded).mid(colon + 1);
            for (const SandboxUser &candidate : m_options.users) {
                // Every user is compared in full, so the time says nothing about which one matched.
                const bool nameMatches = constantTimeEquals(candidate.name.toUtf8(), name);
                const bool passwordMatches = constantTimeEquals(candidate.password.toUtf8(), password);
                if (nameMatches && passwordMatches)
                    user = &candidate;
            }
        }
    }
    if (!user) {
        HttpResponse response = HttpResponse::error(401, 401, u"Unauthorized"_s, kJson);
        response.setHeader("WWW-Authenticate", "Basic realm=\"schemadesk-sandbox\"");
        return response;
    }
    if (isWrite && !user->canWrite)
        return HttpResponse::error(403, 40301, u"User is denied operation Write on %1"_s.arg(resource),
                                   kJson);
    return {};
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

HttpResponse RegistryApi::route(const HttpRequest &request, const QByteArray &contentType)
{
    const QStringList &s = request.pathSegments;
    const QByteArray &method = request.method;
    const bool cp8 = m_policy.shapes == VersionProfile::Cp8;
    auto ok = [&contentType](const QJsonValue &value) { return HttpResponse::json(200, value, contentType); };
    auto okBytes = [&contentType](const QByteArray &body) {
        return HttpResponse::make(200, body, contentType);
    };
    auto fail = [&contentType](const RegistryError &error) { return errorResponse(error, contentType); };
    auto notFound = [&contentType] { return jaxrsError(404, contentType); };
    auto notAllowed = [&contentType] { return jaxrsError(405, contentType); };
    const ResponseShapes shapes(m_policy.shapes);
    auto versionJson = [&shapes](const SchemaVersionView &view) { return shapes.schema(view); };
    auto intOr404 = [&request](const QString &name, int defaultValue, int *value) {
        return intParam(request, name, defaultValue, value);
    };

    if (s.isEmpty()) {
        if (method == "POST" && !isBlankJson(request.body)) {
            const BodyResult body = parseObjectBody(request, contentType, false);
            if (body.error)
                return *body.error;
            if (const std::optional<QString> mistyped = bindStringMap(body.object))
                return HttpResponse::error(400, 400, *mistyped, contentType);
        }
        if (method == "GET" || method == "POST")
            return okBytes("{}");
        return notAllowed();
    }
    const QString &root = s[0];
    if (const std::optional<int> absent = m_policy.absentStatus(request))
        return jaxrsError(*absent, contentType);
    // What a registration or lookup keeps: some servers drop data contracts and ids (FlavourPolicy).
    auto applyPolicy = [this](RegisterRequest *r) {
        if (!m_policy.storesDataContracts) {
            r->metadata = {};
            r->ruleSet = {};
        }
        if (!m_policy.honoursIdsInRegistration) {
            r->id = -1;
            r->version = -1;
        }
    };

    if (m_policy.healthEndpoint && root == u"_health" && s.size() == 1) {
        if (method != "GET")
            return notAllowed();
        const QJsonObject status{{u"schema_registry_ready"_s, true},
                                 {u"schema_registry_is_primary"_s, true},
                                 {u"schema_registry_is_primary_eligible"_s, true},
                                 {u"schema_registry_coordinator_running"_s, true}};
        return HttpResponse::json(200, QJsonObject{{u"status"_s, status}, {u"healthy"_s, true}}, kJson);
    }

    // ---- /subjects
    if (root == u"subjects") {
        if (s.size() == 1) {
            if (method != "GET")
                return notAllowed();
            SubjectListOptions options;
            if (request.hasQueryItem(u"subjectPrefix"_s) && m_policy.subjectPrefixOnSubjects)
                options.prefix = request.queryItem(u"subjectPrefix"_s);
            options.deleted = boolParam(request, u"deleted"_s);
            options.deletedOnly = boolParam(request, u"deletedOnly"_s);
            if (m_policy.pagingOnSubjects &&
                (!intOr404(u"offset"_s, 0, &options.offset) || !intOr404(u"limit"_s, -1, &options.limit)))
                return notFound();
            return ok(QJsonArray::fromStringList(m_store->listSubjects(options)));
        }
        const QString subject = s[1];
        if (s.size() == 2) {
            if (method == "POST") {
                const BodyResult body = parseObjectBody(request, contentType, true);
                if (body.error)
                    return *body.error;
                RegisterRequest lookup;
                if (auto bad = parseRegisterRequest(body.object, contentType, &lookup))
                    return *bad;
                applyPolicy(&lookup);
                RegistryError error;
                const SchemaVersionView view =
                    m_store->lookupSchema(subject, lookup, boolParam(request, u"normalize"_s),
                                          boolParam(request, u"deleted"_s), &error);
                return error.isError() ? fail(error) : okBytes(versionJson(view));
            }
            if (method == "DELETE") {
                RegistryError error;
                const QList<int> versions =
                    m_store->deleteSubject(subject, boolParam(request, u"permanent"_s), &error);
                if (error.isError())
                    return fail(error);
                QJsonArray array;
                for (int v : versions)
                    array.append(v);
                return ok(array);
            }
            return notAllowed();
        }
        if (s.size() == 3 && s[2] == u"metadata") {
            if (method != "GET")
                return notAllowed();
            QList<std::pair<QString, QString>> wanted;
            QStringList keys, values;
            for (const auto &[name, value] : request.queryItems) {
                if (name == u"key")
                    keys.append(value);
                else if (name == u"value")
                    values.append(value);
            }
            for (qsizetype i = 0; i < qMin(keys.size(), values.size()); ++i)
                wanted.append({keys[i], values[i]});
            RegistryError error;
            const SchemaVersionView view =
                m_store->latestWithMetadata(subject, wanted, boolParam(request, u"deleted"_s), &error);
            return error.isError() ? fail(error) : okBytes(versionJson(view));
        }
        if (s[2] != u"versions")
            return notFound();
        if (s.size() == 3) {
            if (method == "GET") {
                int offset = 0, limit = -1;
                if (!intOr404(u"offset"_s, 0, &offset) || !intOr404(u"limit"_s, -1, &limit))
                    return notFound();
                RegistryError error;
                const QList<int> versions = m_store->listVersions(
                    subject, boolParam(request, u"deleted"_s), boolParam(request, u"deletedOnly"_s),
                    boolParam(request, u"deletedAsNegative"_s), &error);
                if (error.isError())
                    return fail(error);
                QJsonArray array;
                for (int v : page(versions, offset, limit))
                    array.append(v);
                return ok(array);
            }
            if (method == "POST") {
                const BodyResult body = parseObjectBody(request, contentType, true);
                if (body.error)
                    return *body.error;
                RegisterRequest registration;
                if (auto bad = parseRegisterRequest(body.object, contentType, &registration))
                    return *bad;
                if (m_policy.refusesUnknownRegistrationFields) {
                    // Karapace's SchemaRequest: extra="forbid".
                    for (const QString &key : body.object.keys()) {
                        if (key != u"schema" && key != u"schemaType" && key != u"references" &&
                            key != u"metadata" && key != u"ruleSet")
                            return HttpResponse::error(
                                422, 422, u"Extra inputs are not permitted: %1"_s.arg(key), contentType);
                    }
                }
                applyPolicy(&registration);
                RegisterOptions options;
                options.normalize = boolParam(request, u"normalize"_s);
                options.force = boolParam(request, u"force"_s);
                if (!options.normalize) {
                    const QJsonObject config = m_store->effectiveConfig(subject);
                    options.normalize = config.value(u"normalize"_s).toBool();
                }
                RegistryError error;
                const SchemaVersionView view =
                    m_store->registerSchema(subject, registration, options, &error);
                if (error.isError())
                    return fail(error);
                return okBytes(shapes.registerResponse(view));
            }
            return notAllowed();
        }
        const QString version = s[3];
        if (s.size() == 4) {
            if (method == "GET") {
                RegistryError error;
                const SchemaVersionView view =
                    m_store->getVersion(subject, version, boolParam(request, u"deleted"_s), &error);
                return error.isError() ? fail(error) : okBytes(versionJson(view));
            }
            if (method == "DELETE") {
                RegistryError error;
                const int deleted =
                    m_store->deleteVersion(subject, version, boolParam(request, u"permanent"_s), &error);
                return error.isError() ? fail(error) : ok(deleted);
            }
            return notAllowed();
        }
        if (s.size() == 5 && s[4] == u"schema") {
            if (method != "GET")
                return notAllowed();
            RegistryError error;
            const SchemaVersionView view =
                m_store->getVersion(subject, version, boolParam(request, u"deleted"_s), &error);
            return error.isError() ? fail(error) : okBytes(view.schema->text.toUtf8());
        }
        if (s.size() == 5 && s[4] == u"referencedby") {
            if (method != "GET")
                return notAllowed();
            int offset = 0, limit = -1;
            if (!intOr404(u"offset"_s, 0, &offset) || !intOr404(u"limit"_s, -1, &limit))
                return notFound();
            RegistryError error;
            const QList<int> ids =
                m_store->referencedBy(subject, version, boolParam(request, u"deleted"_s), &error);
            if (error.isError())
                return fail(error);
            QJsonArray array;
            for (int id : page(ids, offset, normalizeLimit(limit, 1000, 1000)))
                array.append(id);
            return ok(array);
        }
        return notFound();
    }

    // ---- /schemas
    if (root == u"schemas") {
        if (s.size() == 1) {
            if (method != "GET")
                return notAllowed();
            return listSchemas(request, contentType);
        }
        if (s.size() == 2 && s[1] == u"types") {
            if (method != "GET")
                return notAllowed();
            return ok(QJsonArray{u"JSON"_s, u"PROTOBUF"_s, u"AVRO"_s});
        }
        if ((s.size() == 3 || (s.size() == 4 && s[3] == u"ids")) && s[1] == u"guids") {
            if (method != "GET")
                return notAllowed();
            const QList<std::pair<QString, int>> matches = m_store->schemasByGuid(s[2]);
            if (matches.isEmpty())
                return fail({404, 40403, u"Schema not found"_s});
            if (s.size() == 4) {
                QJsonArray array;
                for (const auto &[context, id] : matches)
                    array.append(QJsonObject{{u"context"_s, context}, {u"id"_s, id}});
                return ok(array);
            }
            RegistryError error;
            SchemaVersionView use;
            m_store->schemaById(matches.first().second, QualifiedSubject::qualify(matches.first().first, {}),
                                &use, &error);
            if (error.isError())
                return fail(error);
            return okBytes(shapes.schemaStringByGuid(use));
        }
        if (s.size() >= 3 && s[1] == u"ids") {
            if (method != "GET")
                return notAllowed();
            bool isNumber = false;
            const int id = s[2].toInt(&isNumber);
            if (!isNumber)
                return notFound();
            const QString scope = request.queryItem(u"subject"_s);
            if (s.size() == 3 || (s.size() == 4 && s[3] == u"schema")) {
                RegistryError error;
                SchemaVersionView use;
                const StoredSchemaPtr stored = m_store->schemaById(id, scope, &use, &error);
                if (error.isError())
                    return fail(error);
                if (s.size() == 4)
                    return okBytes(stored->text.toUtf8());
                std::optional<int> maxId;
                if (boolParam(request, u"fetchMaxId"_s))
                    maxId = m_store->maxId(stored->context);
                return okBytes(shapes.schemaString(use, request.hasQueryItem(u"subject"_s), maxId));
            }
            if (s.size() == 4 && (s[3] == u"subjects" || s[3] == u"versions")) {
                int offset = 0, limit = -1;
                if (!intOr404(u"offset"_s, 0, &offset) || !intOr404(u"limit"_s, -1, &limit))
                    return notFound();
                RegistryError error;
                const QList<VersionKey> usages =
                    m_store->schemaUsages(id, scope, boolParam(request, u"deleted"_s), &error);
                if (error.isError())
                    return fail(error);
                QJsonArray array;
                if (s[3] == u"subjects") {
                    QStringList subjects;
                    for (const VersionKey &key : usages) {
                        const QString name = QualifiedSubject::qualify(key.context, key.subject);
                        if (!subjects.contains(name))
                            subjects.append(name);
                    }
                    for (const QString &name : page(subjects, offset, limit))
                        array.append(name);
                } else {
                    for (const VersionKey &key : page(usages, offset, limit)) {
                        array.append(
                            QJsonObject{{u"subject"_s, QualifiedSubject::qualify(key.context, key.subject)},
                                        {u"version"_s, key.version}});
                    }
                }
                return ok(array);
            }
        }
        return notFound();
    }

    // ---- /contexts
    if (root == u"contexts") {
        if (s.size() == 1) {
            if (method != "GET")
                return notAllowed();
            int offset = 0, limit = -1;
            if (!intOr404(u"offset"_s, 0, &offset) || !intOr404(u"limit"_s, -1, &limit))
                return notFound();
            if (m_policy.contextsDefaultOnly)
                return ok(QJsonArray{u":.:"_s});
            const QString prefix = request.queryItem(u"contextPrefix"_s);
            QStringList contexts;
            for (const QString &name : m_store->listContexts()) {
                if (name.startsWith(prefix))
                    contexts.append(name);
            }
            return ok(QJsonArray::fromStringList(page(contexts, offset, limit)));
        }
        if (s.size() == 2) {
            if (method != "DELETE")
                return notAllowed();
            RegistryError error;
            if (!m_store->deleteContext(s[1], &error))
                return fail(error);
            return HttpResponse::make(204, {}, {});
        }
        return notFound();
    }

    // ---- /config
    if (root == u"config") {
        if (s.size() > 2)
            return notFound();
        const QString scope = s.size() == 2 ? s[1] : QString();
        const bool topLevel = scope.isEmpty() || scope == u":.:";
        auto readForm = [](QJsonObject config) {
            if (config.contains(u"compatibility"_s)) {
                const QJsonValue level = config.take(u"compatibility"_s);
                config.insert(u"compatibilityLevel"_s, level);
            }
            return config;
        };
        if (method == "GET") {
            const bool defaultToGlobal = boolParam(request, u"defaultToGlobal"_s);
            if (const auto config = m_store->configAt(scope))
                return ok(readForm(*config));
            if (topLevel)
                return ok(readForm(m_store->effectiveConfig(scope, defaultToGlobal)));
            if (defaultToGlobal)
                return ok(readForm(m_store->effectiveConfig(scope, true)));
            return fail({404, 40408,
                         u"Subject '%1' does not have subject-level compatibility configured"_s.arg(scope)});
        }
        if (method == "PUT") {
            const BodyResult body = parseObjectBody(request, contentType, true);
            if (body.error)
                return *body.error;
            QJsonObject update;
            if (const std::optional<QString> mistyped = bindConfigUpdate(body.object, &update))
                return HttpResponse::error(400, 400, *mistyped, contentType);
            RegistryError error;
            const QJsonObject merged = m_store->updateConfig(scope, update, &error);
            return error.isError() ? fail(error) : ok(merged);
        }
        if (method == "DELETE") {
            RegistryError error;
            const auto old = m_store->deleteConfig(scope, &error);
            if (error.isError())
                return fail(error);
            return ok(readForm(old.value_or(QJsonObject())));
        }
        return notAllowed();
    }

    // ---- /mode
    if (root == u"mode") {
        if (s.size() > 2)
            return notFound();
        const QString scope = s.size() == 2 ? s[1] : QString();
        const bool topLevel = scope.isEmpty() || scope == u":.:";
        auto modeJson = [](std::optional<RegistryMode> mode) {
            return QJsonObject{{u"mode"_s, mode ? QJsonValue(registryModeName(*mode)) : QJsonValue()}};
        };
        if (method == "GET") {
            if (m_policy.modes == FlavourPolicy::Modes::AlwaysReadWrite)
                return ok(modeJson(RegistryMode::ReadWrite));
            const bool defaultToGlobal = boolParam(request, u"defaultToGlobal"_s);
            if (const auto mode = m_store->modeAt(scope))
                return ok(modeJson(mode));
            if (topLevel || defaultToGlobal)
                return ok(modeJson(m_store->effectiveMode(scope, defaultToGlobal)));
            return fail(
                {404, 40409, u"Subject '%1' does not have subject-level mode configured"_s.arg(scope)});
        }
        if (method == "PUT") {
            const BodyResult body = parseObjectBody(request, contentType, true);
            if (body.error)
                return *body.error;
            const QJsonValue value = body.object.value(u"mode"_s);
            const auto mode = value.isString() ? registryModeFromName(value.toString()) : std::nullopt;
            if (!mode)
                return fail({422, 42204,
                             u"Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD."_s});
            if (*mode == RegistryMode::Forward && !m_policy.forwardMode)
                return fail({422, m_policy.forwardRefusalCode,
                             u"Invalid mode. Valid values are READWRITE, READONLY and IMPORT."_s});
            RegistryError error;
            if (!m_store->setMode(scope, *mode, boolParam(request, u"force"_s), &error))
                return fail(error);
            return ok(modeJson(mode));
        }
        if (method == "DELETE") {
            RegistryError error;
            const auto old = m_store->deleteMode(scope, boolParam(request, u"recursive"_s), &error);
            return error.isError() ? fail(error) : ok(modeJson(old));
        }
        return notAllowed();
    }

    // ---- /compatibility/subjects/{s}/versions[/{v}]
    if (root == u"compatibility") {
        if ((s.size() != 4 && s.size() != 5) || s[1] != u"subjects" || s[3] != u"versions")
            return notFound();
        if (method != "POST")
            return notAllowed();
        const BodyResult body = parseObjectBody(request, contentType, true);
        if (body.error)
            return *body.error;
        RegisterRequest candidate;
        if (auto bad = parseRegisterRequest(body.object, contentType, &candidate))
            return *bad;
        applyPolicy(&candidate);
        const bool verbose = m_policy.verboseCompatibility && boolParam(request, u"verbose"_s);
        QString against = s.size() == 5 ? s[4] : QString();
        if (m_policy.transitiveChecksAllOnLatest && (against == u"latest" || against == u"-1")) {
            // Karapace: "latest" under a *_TRANSITIVE level is checked against every version.
            const QualifiedSubject name = QualifiedSubject::parse(s[2]);
            RegistryError ignored;
            if (schema::compatibilityLevelName(m_store->effectiveCompatibility(name.context, name.subject))
                    .endsWith(u"_TRANSITIVE"_s) &&
                !m_store->listVersions(s[2], false, false, false, &ignored).isEmpty())
                against.clear();
        }
        RegistryError error;
        const CompatibilityOutcome outcome = m_store->testCompatibility(
            s[2], against, candidate, boolParam(request, u"normalize"_s), verbose, &error);
        if (error.isError())
            return fail(error);
        OrderedObject object;
        object.add(u"is_compatible"_s, outcome.compatible);
        if (verbose)
            object.add(u"messages"_s, QJsonArray::fromStringList(outcome.messages));
        return okBytes(object.toJson());
    }

    if (root == u"exporters" && m_policy.exportersListOnly) {
        if (s.size() == 1 && method == "GET")
            return ok(QJsonArray());
        return notFound();
    }
    if (root == u"exporters" && m_exporters)
        return routeExporters(request, contentType, m_exporters);
    if (root == u"importers" && m_importers)
        return routeExporters(request, contentType, m_importers);

    // ---- /v1/metadata
    if (root == u"v1" && s.size() == 3 && s[1] == u"metadata") {
        if (method != "GET")
            return notAllowed();
        if (s[2] == u"id") {
            const QJsonObject scope{
                {u"path"_s, QJsonArray()},
                {u"clusters"_s, QJsonObject{{u"schema-registry-cluster"_s, m_options.clusterId}}}};
            return okBytes(OrderedObject().add(u"scope"_s, scope).add(u"id"_s, m_options.clusterId).toJson());
        }
        if (s[2] == u"version") {
            return okBytes(OrderedObject()
                               .add(u"version"_s, cp8 ? u"8.1.0"_s : u"7.9.0"_s)
                               .add(u"commitId"_s, u"schemadesk-sandbox-" SD_VERSION_STRING ""_s)
                               .toJson());
        }
        return notFound();
    }

    return notFound();
}

// GET /schemas, with the flavour's reading of subjectPrefix, paging, latestOnly and the rows' shape.
HttpResponse RegistryApi::listSchemas(const HttpRequest &request, const QByteArray &contentType)
{
    SchemaListOptions options;
    options.prefix = m_policy.schemasPrefix ? request.queryItem(u"subjectPrefix"_s) : u":*:"_s;
    if (m_policy.schemasPrefixLiteral && options.prefix.startsWith(u':'))
        return HttpResponse::make(200, "[]", contentType); // no subject name starts with ':' there
    options.deleted = boolParam(request, u"deleted"_s);
    options.latestOnly = boolParam(request, u"latestOnly"_s) && !m_policy.latestOnlyDedupesContent;
    int limit = -1;
    if (m_policy.schemasPaging) {
        if (!intParam(request, u"offset"_s, 0, &options.offset) || !intParam(request, u"limit"_s, -1, &limit))
            return jaxrsError(404, contentType);
        options.limit = normalizeLimit(limit, 1000, 1000);
    } else {
        options.limit = std::numeric_limits<int>::max();
    }
    const bool dedupe = m_policy.latestOnlyDedupesContent && boolParam(request, u"latestOnly"_s);
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
    return HttpResponse::make(200, out + ']', contentType);
}

HttpResponse RegistryApi::routeExporters(const HttpRequest &request, const QByteArray &contentType,
                                         ExporterManager *manager)
{
    const QStringList &s = request.pathSegments;
    const QByteArray &method = request.method;
    auto fail = [&contentType](const RegistryError &error) { return errorResponse(error, contentType); };
    auto named = [&contentType](const QString &name) {
        return HttpResponse::make(200, OrderedObject().add(u"name"_s, name).toJson(), contentType);
    };
    RegistryError error;
    if (s.size() == 1) {
        if (method == "GET")
            return HttpResponse::json(200, QJsonArray::fromStringList(manager->names()), contentType);
        if (method == "POST") {
            const BodyResult body = parseObjectBody(request, contentType, true);
            if (body.error)
                return *body.error;
            if (!manager->create(body.object, &error))
                return fail(error);
            return named(body.object.value(u"name"_s).toString());
        }
        return jaxrsError(405, contentType);
    }
    const QString name = s[1];
    if (s.size() == 2) {
        if (method == "GET") {
            const QJsonObject info = manager->info(name, &error);
            if (error.isError())
                return fail(error);
            OrderedObject object;
            for (const QString &key : {u"name"_s, u"subjects"_s, u"subjectRenameFormat"_s, u"contextType"_s,
                                       u"context"_s, u"config"_s}) {
                if (info.contains(key))
                    object.add(key, info.value(key));
            }
            return HttpResponse::make(200, object.toJson(), contentType);
        }
        if (method == "PUT") {
            const BodyResult body = parseObjectBody(request, contentType, true);
            if (body.error)
                return *body.error;
            return manager->update(name, body.object, &error) ? named(name) : fail(error);
        }
        if (method == "DELETE")
            return manager->remove(name, &error) ? HttpResponse::make(204, {}, {}) : fail(error);
        return jaxrsError(405, contentType);
    }
    if (s.size() != 3)
        return jaxrsError(404, contentType);
    const QString &action = s[2];
    if (action == u"status") {
        if (method != "GET")
            return jaxrsError(405, contentType);
        const ExporterState *state = manager->state(name);
        if (!state)
            return fail(
                {404, 40450,
                 u"%1 %2 not found."_s.arg(s[0] == u"importers" ? u"Importer"_s : u"Exporter"_s, name)});
        OrderedObject object;
        object.add(u"name"_s, name)
            .add(u"state"_s, ExporterManager::stateName(state->state))
            .add(u"offset"_s, manager->statusOffset(name))
            .add(u"ts"_s, state->ts);
        if (!state->trace.isEmpty())
            object.add(u"trace"_s, state->trace);
        return HttpResponse::make(200, object.toJson(), contentType);
    }
    if (action == u"config") {
        if (method == "GET") {
            const QJsonObject info = manager->info(name, &error);
            return error.isError() ? fail(error)
                                   : HttpResponse::json(200, info.value(u"config"_s), contentType);
        }
        if (method == "PUT") {
            const BodyResult body = parseObjectBody(request, contentType, true);
            if (body.error)
                return *body.error;
            return manager->updateConfig(name, body.object, &error) ? named(name) : fail(error);
        }
        return jaxrsError(405, contentType);
    }
    if (action == u"pause" || action == u"resume" || action == u"reset") {
        if (method != "PUT")
            return jaxrsError(405, contentType);
        bool done = false;
        if (action == u"pause")
            done = manager->pause(name, &error);
        else if (action == u"resume")
            done = manager->resume(name, &error);
        else
            done = manager->reset(name, &error);
        return done ? named(name) : fail(error);
    }
    return jaxrsError(404, contentType);
}

} // namespace sd::sandbox
