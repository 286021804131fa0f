#include "ApiError.h"

#include "EnumNames.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {

bool isWrite(Intent intent)
{
    switch (intent) {
    case Intent::Register:
    case Intent::SoftDelete:
    case Intent::PermanentDelete:
    case Intent::ConfigChange:
    case Intent::ModeChange:
    case Intent::ContextDelete:
    case Intent::ExporterChange:
    case Intent::ImporterChange:
        return true;
    default:
        return false;
    }
}

bool isImporter(Intent intent)
{
    return intent == Intent::ImporterRead || intent == Intent::ImporterChange;
}

QString explainStatus(int httpStatus, Intent intent)
{
    if (isImporter(intent) && (httpStatus == 404 || httpStatus == 405))
        return u"Importers are not offered by this registry."_s;
    switch (httpStatus) {
    case 400:
        return u"The registry could not read the request body (malformed JSON or a wrong field type)."_s;
    case 401:
        if (intent == Intent::TokenFetch)
            return u"The token endpoint rejected the client credentials: check the client id and secret."_s;
        return u"Authentication failed: check the API key and secret, token or client certificate of this "
               u"connection."_s;
    case 403:
        if (intent == Intent::TokenFetch)
            return u"The token endpoint refused this client: check its scope and permissions."_s;
        return u"The credentials are valid but not allowed to do this: ask for the role or ACL that grants it."_s;
    case 404:
        return u"The registry does not know this path: the endpoint is not offered by this server or version."_s;
    case 405:
        return u"The registry does not allow this method here: the operation is not offered by this server."_s;
    case 406:
        return u"The registry cannot answer in a content type the console accepts."_s;
    case 408:
        return u"The registry gave up waiting for the request: try again."_s;
    case 409:
        return u"The request conflicts with the registry's current state."_s;
    case 415:
        return u"The registry does not accept the request's content type."_s;
    case 422:
        return u"The registry rejected the request's content as invalid."_s;
    case 429:
        return u"Rate limit exceeded: the registry asks the console to slow down; it retries reads "
               u"automatically."_s;
    case 500:
        return u"The registry failed internally: check its logs; retrying may help."_s;
    case 502:
        return u"A proxy or load balancer in front of the registry got no valid answer from it: the registry "
               u"may be restarting."_s;
    case 503:
        return u"The registry is unavailable right now (starting, overloaded or without a leader): retry "
               u"shortly."_s;
    case 504:
        return u"A proxy or load balancer timed out waiting for the registry: it may be overloaded."_s;
    default:
        break;
    }
    if (httpStatus >= 500)
        return u"The registry failed with a server error: check its logs."_s;
    if (httpStatus >= 400)
        return u"The registry rejected the request."_s;
    return {};
}

} // namespace

QString explainErrorCode(int errorCode, int httpStatus, Intent intent)
{
    switch (errorCode) {
    case 40401:
        if (intent == Intent::ConfigChange || intent == Intent::ModeChange)
            return u"Nothing is set at this level, so there is nothing to remove: the value is inherited."_s;
        if (intent == Intent::ContextDelete)
            return u"The registry does not know this context."_s;
        return u"The subject does not exist (or is soft-deleted: include deleted subjects to see it)."_s;
    case 40402:
        return u"This version does not exist in the subject: refresh the subject's version list."_s;
    case 40403:
        if (intent == Intent::Lookup)
            return u"The subject exists but this schema is not registered under it."_s;
        return u"No schema with this id exists in the registry (or in this context)."_s;
    case 40404:
        return u"The subject is already soft-deleted: delete it permanently to remove it for good."_s;
    case 40405:
        return u"A permanent delete needs a soft delete first: soft-delete the subject, then delete it "
               u"permanently."_s;
    case 40406:
        return u"This version is already soft-deleted: delete it permanently to remove it for good."_s;
    case 40407:
        return u"A permanent delete needs a soft delete first: soft-delete the version, then delete it "
               u"permanently."_s;
    case 40408:
        return u"The subject has no compatibility setting of its own; it inherits the context's or the "
               u"global one."_s;
    case 40409:
        return u"The subject has no mode of its own; it inherits the context's or the global one."_s;
    case 40410:
        return u"The association does not exist."_s;
    case 40450:
        if (isImporter(intent))
            return u"No importer with this name exists on this registry."_s;
        return u"No exporter with this name exists on this registry."_s;
    case 40301:
        return u"Access denied by the registry's RBAC or ACLs: ask for a role that allows this operation on "
               u"this subject."_s;
    case 409:
    case 40901:
        return u"The schema is incompatible with earlier versions under the subject's compatibility level: "
               u"change the schema or the level."_s;
    case 40902:
    case 40903:
    case 40904:
    case 40905:
    case 40906:
    case 40907:
    case 40908:
        return u"An association of this subject with a resource blocks the operation."_s;
    case 40950:
        return u"The exporter name is missing or invalid."_s;
    case 40951:
        return u"The exporter's config is missing or invalid: it needs at least schema.registry.url."_s;
    case 40952:
        return u"The exporter's subject list is invalid."_s;
    case 40960:
        return u"An exporter with this name already exists."_s;
    case 40961:
        return u"The exporter is already running."_s;
    case 40962:
        return u"The exporter is already paused."_s;
    case 40963:
        return u"The exporter must be paused first: pause it, make the change, then resume it."_s;
    case 40964:
        return u"The registry allows no more exporters: delete one first."_s;
    case 42201:
        if (intent == Intent::Register)
            return u"The registry rejected the schema: it does not parse as its type, is empty, or names a "
                   u"version that is not the next one."_s;
        return u"The schema or schema type is invalid."_s;
    case 42202:
        return u"The version is not valid: use a number from 1 up, or latest."_s;
    case 42203:
        return u"Unknown compatibility level: use NONE, BACKWARD, FORWARD, FULL or their _TRANSITIVE forms."_s;
    case 42204:
        if (intent == Intent::ModeChange)
            return u"The mode is not valid here: FORWARD can only be set on the global context :.__GLOBAL:."_s;
        return u"Unknown mode: use READWRITE, READONLY, IMPORT or FORWARD."_s;
    case 42205:
        if (intent == Intent::ModeChange)
            return u"The registry refused the mode change: IMPORT needs an empty scope (or force), or mode "
                   u"changes are disabled on this server."_s;
        if (intent == Intent::Register)
            return u"This subject's context is in READONLY or IMPORT mode (IMPORT writes must carry an id): "
                   u"check the mode of the subject, its context and :.__GLOBAL:."_s;
        if (isWrite(intent))
            return u"This subject's context is in READONLY or IMPORT mode: switch it to READWRITE to make "
                   u"changes."_s;
        return u"The operation is not permitted in the current mode."_s;
    case 42206:
        return u"Other schemas still reference this one: delete or change the referencing schemas first."_s;
    case 42207:
        return u"The imported schema's id does not match the id the registry already has for it."_s;
    case 42208:
        return u"The subject name is not valid (control characters, __GLOBAL, __EMPTY or the global "
               u"context)."_s;
    case 42209:
        return u"The schema is larger than the registry allows."_s;
    case 42210:
        return u"The rule set is invalid."_s;
    case 42211:
        return u"The context still holds subjects (soft-deleted ones count): delete them permanently "
               u"first."_s;
    case 42212:
        return u"The association is invalid."_s;
    case 44302:
        return u"This registry (Karapace) does not support schema references."_s;
    case 50001:
        return u"The registry's storage failed: check the registry and its Kafka cluster."_s;
    case 50002:
        return u"The registry timed out on the operation: it may have completed; refresh before retrying."_s;
    case 50003:
        return u"The registry could not forward the request to its leader: check the registry cluster."_s;
    case 50004:
        return u"The registry cluster has no known leader right now: retry shortly."_s;
    case 50005:
        return u"The registry's error reply could not be parsed."_s;
    default:
        break;
    }
    return explainStatus(httpStatus, intent);
}

bool ApiError::isUnsupportedEndpoint() const
{
    if (kind != ErrorKind::Http)
        return false;
    if (httpStatus == 405)
        return true;
    // A missing route answers 404 with error_code 404 (or no JSON at all); 404xx are domain answers.
    return httpStatus == 404 && (errorCode == 0 || errorCode == 404);
}

bool ApiError::isRetryableStatus() const
{
    return kind == ErrorKind::Http &&
           (httpStatus == 429 || httpStatus == 502 || httpStatus == 503 || httpStatus == 504);
}

QString ApiError::summary() const
{
    if (!isError())
        return {};
    QString text;
    if (kind == ErrorKind::Http) {
        text = u"HTTP %1"_s.arg(httpStatus);
        if (errorCode != 0 && errorCode != httpStatus)
            text += u" · %1"_s.arg(errorCode);
    } else {
        text = errorKindName(kind);
    }
    if (!serverMessage.isEmpty())
        text += u" · "_s + serverMessage;
    return text;
}

QString ApiError::toDisplayString() const
{
    if (!isError())
        return {};
    if (explanation.isEmpty())
        return summary();
    return summary() + u"\n"_s + explanation;
}

ApiError ApiError::fromHttp(int httpStatus, const QByteArray &body, Intent intent)
{
    ApiError error;
    error.kind = ErrorKind::Http;
    error.httpStatus = httpStatus;
    error.rawBody = body;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject obj = doc.object();
        const QJsonValue code = obj.value(QLatin1String("error_code"));
        if (code.isDouble())
            error.errorCode = code.toInt();
        else if (code.isString())
            error.errorCode = code.toString().toInt();
        const QJsonValue message = obj.value(QLatin1String("message"));
        if (message.isString())
            error.serverMessage = message.toString();
        else if (obj.value(QLatin1String("error")).isString()) // OAuth token endpoints (RFC 6749 §5.2)
            error.serverMessage = obj.value(QLatin1String("error")).toString() +
                                  (obj.value(QLatin1String("error_description")).isString()
                                       ? u": "_s + obj.value(QLatin1String("error_description")).toString()
                                       : QString());
    } else if (!body.isEmpty()) {
        // Proxies answer in HTML or plain text: keep a short, single-line excerpt.
        QString text = QString::fromUtf8(body.left(200)).simplified();
        if (body.size() > 200)
            text += u"…"_s;
        error.serverMessage = text;
    }
    error.explanation = explainErrorCode(error.errorCode, httpStatus, intent);
    return error;
}

ApiError ApiError::malformed(const QString &what, const QByteArray &body)
{
    ApiError error;
    error.kind = ErrorKind::MalformedReply;
    error.serverMessage = what;
    error.rawBody = body;
    error.explanation = u"The server's reply is not what the Schema Registry API promises: it may not be a "
                        u"schema registry, or a proxy answered instead."_s;
    return error;
}

ApiError ApiError::make(ErrorKind kind, const QString &message, const QString &explanation)
{
    ApiError error;
    error.kind = kind;
    error.serverMessage = message;
    error.explanation = explanation;
    return error;
}

QString errorKindName(ErrorKind kind)
{
    static constexpr EnumNames<ErrorKind::Limit> names(
        {u"OK", u"HTTP error", u"Timed out", u"Connection refused", u"Host not found", u"TLS error",
         u"Network error", u"Malformed reply", u"Cancelled", u"Connection settings", u"Limit reached"});
    return names.name(kind);
}

} // namespace sd::registry
