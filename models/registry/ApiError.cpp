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

// An explanation that holds whatever was being done.
struct Explanation
{
    int code;
    QStringView text;
};

template<size_t N> QString explanationOf(const Explanation (&table)[N], int code)
{
    for (const Explanation &explanation : table) {
        if (explanation.code == code)
            return explanation.text.toString();
    }
    return {};
}

constexpr Explanation kStatusExplanations[] = {
    {400, u"The registry could not read the request body (malformed JSON or a wrong field type)."},
    {401, u"Authentication failed: check the API key and secret, token or client certificate of this "
          u"connection."},
    {403, u"The credentials are valid but not allowed to do this: ask for the role or ACL that grants it."},
    {404, u"The registry does not know this path: the endpoint is not offered by this server or version."},
    {405, u"The registry does not allow this method here: the operation is not offered by this server."},
    {406, u"The registry cannot answer in a content type the console accepts."},
    {408, u"The registry gave up waiting for the request: try again."},
    {409, u"The request conflicts with the registry's current state."},
    {415, u"The registry does not accept the request's content type."},
    {422, u"The registry rejected the request's content as invalid."},
    {429,
     u"Rate limit exceeded: the registry asks the console to slow down; it retries reads automatically."},
    {500, u"The registry failed internally: check its logs; retrying may help."},
    {502, u"A proxy or load balancer in front of the registry got no valid answer from it: the registry may "
          u"be restarting."},
    {503, u"The registry is unavailable right now (starting, overloaded or without a leader): retry "
          u"shortly."},
    {504, u"A proxy or load balancer timed out waiting for the registry: it may be overloaded."},
};

QString explainStatus(int httpStatus, Intent intent)
{
    if (isImporter(intent) && (httpStatus == 404 || httpStatus == 405))
        return u"Importers are not offered by this registry."_s;
    if (intent == Intent::TokenFetch && httpStatus == 401)
        return u"The token endpoint rejected the client credentials: check the client id and secret."_s;
    if (intent == Intent::TokenFetch && httpStatus == 403)
        return u"The token endpoint refused this client: check its scope and permissions."_s;
    if (QString text = explanationOf(kStatusExplanations, httpStatus); !text.isEmpty())
        return text;
    if (httpStatus >= 500)
        return u"The registry failed with a server error: check its logs."_s;
    if (httpStatus >= 400)
        return u"The registry rejected the request."_s;
    return {};
}

constexpr QStringView kIncompatible = u"The schema is incompatible with earlier versions under the subject's "
                                      u"compatibility level: change the schema or the level.";
constexpr QStringView kAssociationBlocks =
    u"An association of this subject with a resource blocks the operation.";

// The registries' error codes (Confluent's, and Karapace's 44302), where what was being done does not
// matter (kIntentExplanations below has those where it does).
constexpr Explanation kErrorCodeExplanations[] = {
    {40401, u"The subject does not exist (or is soft-deleted: include deleted subjects to see it)."},
    {40402, u"This version does not exist in the subject: refresh the subject's version list."},
    {40403, u"No schema with this id exists in the registry (or in this context)."},
    {40404, u"The subject is already soft-deleted: delete it permanently to remove it for good."},
    {40405, u"A permanent delete needs a soft delete first: soft-delete the subject, then delete it "
            u"permanently."},
    {40406, u"This version is already soft-deleted: delete it permanently to remove it for good."},
    {40407, u"A permanent delete needs a soft delete first: soft-delete the version, then delete it "
            u"permanently."},
    {40408, u"The subject has no compatibility setting of its own; it inherits the context's or the global "
            u"one."},
    {40409, u"The subject has no mode of its own; it inherits the context's or the global one."},
    {40410, u"The association does not exist."},
    {40450, u"No exporter with this name exists on this registry."},
    {40301,
     u"Access denied by the registry's RBAC or ACLs: ask for a role that allows this operation on this "
     u"subject."},
    {409, kIncompatible},
    {40901, kIncompatible},
    {40902, kAssociationBlocks},
    {40903, kAssociationBlocks},
    {40904, kAssociationBlocks},
    {40905, kAssociationBlocks},
    {40906, kAssociationBlocks},
    {40907, kAssociationBlocks},
    {40908, kAssociationBlocks},
    {40950, u"The exporter name is missing or invalid."},
    {40951, u"The exporter's config is missing or invalid: it needs at least schema.registry.url."},
    {40952, u"The exporter's subject list is invalid."},
    {40960, u"An exporter with this name already exists."},
    {40961, u"The exporter is already running."},
    {40962, u"The exporter is already paused."},
    {40963, u"The exporter must be paused first: pause it, make the change, then resume it."},
    {40964, u"The registry allows no more exporters: delete one first."},
    {42201, u"The schema or schema type is invalid."},
    {42202, u"The version is not valid: use a number from 1 up, or latest."},
    {42203, u"Unknown compatibility level: use NONE, BACKWARD, FORWARD, FULL or their _TRANSITIVE forms."},
    {42204, u"Unknown mode: use READWRITE, READONLY, IMPORT or FORWARD."},
    {42205, u"The operation is not permitted in the current mode."},
    {42206, u"Other schemas still reference this one: delete or change the referencing schemas first."},
    {42207, u"The imported schema's id does not match the id the registry already has for it."},
    {42208, u"The subject name is not valid (control characters, __GLOBAL, __EMPTY or the global context)."},
    {42209, u"The schema is larger than the registry allows."},
    {42210, u"The rule set is invalid."},
    {42211, u"The context still holds subjects (soft-deleted ones count): delete them permanently first."},
    {42212, u"The association is invalid."},
    {44302, u"This registry (Karapace) does not support schema references."},
    {50001, u"The registry's storage failed: check the registry and its Kafka cluster."},
    {50002, u"The registry timed out on the operation: it may have completed; refresh before retrying."},
    {50003, u"The registry could not forward the request to its leader: check the registry cluster."},
    {50004, u"The registry cluster has no known leader right now: retry shortly."},
    {50005, u"The registry's error reply could not be parsed."},
};

template<Intent Which> bool is(Intent intent)
{
    return intent == Which;
}

// The error codes whose meaning depends on what was being done: the first entry for the code that
// applies to the intent wins; where none does, the general explanation holds.
struct IntentExplanation
{
    int code;
    bool (*applies)(Intent);
    QStringView text;
};

constexpr IntentExplanation kIntentExplanations[] = {
    {40401, [](Intent intent) { return intent == Intent::ConfigChange || intent == Intent::ModeChange; },
     u"Nothing is set at this level, so there is nothing to remove: the value is inherited."},
    {40401, is<Intent::ContextDelete>, u"The registry does not know this context."},
    {40403, is<Intent::Lookup>, u"The subject exists but this schema is not registered under it."},
    {40450, isImporter, u"No importer with this name exists on this registry."},
    {42201, is<Intent::Register>,
     u"The registry rejected the schema: it does not parse as its type, is empty, or names a version that "
     u"is not the next one."},
    {42204, is<Intent::ModeChange>,
     u"The mode is not valid here: FORWARD can only be set on the global context :.__GLOBAL:."},
    {42205, is<Intent::ModeChange>,
     u"The registry refused the mode change: IMPORT needs an empty scope (or force), or mode changes are "
     u"disabled on this server."},
    {42205, is<Intent::Register>,
     u"This subject's context is in READONLY or IMPORT mode (IMPORT writes must carry an id): check the "
     u"mode of the subject, its context and :.__GLOBAL:."},
    {42205, isWrite,
     u"This subject's context is in READONLY or IMPORT mode: switch it to READWRITE to make changes."},
};

QString explainForIntent(int errorCode, Intent intent)
{
    for (const IntentExplanation &explanation : kIntentExplanations) {
        if (explanation.code == errorCode && explanation.applies(intent))
            return explanation.text.toString();
    }
    return {};
}

} // namespace

QString explainErrorCode(int errorCode, int httpStatus, Intent intent)
{
    if (QString text = explainForIntent(errorCode, intent); !text.isEmpty())
        return text;
    if (QString text = explanationOf(kErrorCodeExplanations, errorCode); !text.isEmpty())
        return text;
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
