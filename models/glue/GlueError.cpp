#include "GlueError.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sd::glue {

namespace {
struct Explanation
{
    QLatin1StringView type;
    const char16_t *text; // %1 = operation, %2 = region
};

// The errors the schema registry calls document, and the common ones of every AWS JSON service.
constexpr Explanation explanations[] = {
    {"EntityNotFoundException"_L1, u"Glue has no such registry, schema or version in %2: check the names and "
                                   u"the region."},
    {"AlreadyExistsException"_L1, u"Something of that name exists already in %2: choose another name, or use "
                                  u"the one there."},
    {"AccessDeniedException"_L1, u"These credentials may not call %1: the IAM policy needs glue:%1 on this "
                                 u"registry."},
    {"InvalidInputException"_L1, u"Glue refused the request's content: see its words above."},
    {"ThrottlingException"_L1, u"Glue is throttling these calls (too many in a short time); retried with "
                               u"backoff without success. Try again in a moment."},
    {"ConcurrentModificationException"_L1, u"Another change to the same schema was under way: try again."},
    {"ResourceNumberLimitExceededException"_L1,
     u"A Glue quota was reached (registries, schemas or versions "
     u"per account and region): delete some, or ask AWS for more."},
    {"InternalServiceException"_L1, u"Glue failed on its side: try again later."},
    {"OperationTimeoutException"_L1, u"Glue timed out on its side: try again later."},
    {"UnrecognizedClientException"_L1, u"AWS does not know this access key: check the key id, and that it "
                                       u"has not been deleted."},
    {"InvalidSignatureException"_L1,
     u"AWS did not accept the signature: the secret access key does not match "
     u"the key id, or the region is wrong."},
    {"SignatureDoesNotMatch"_L1, u"AWS did not accept the signature: the secret access key does not match "
                                 u"the key id, or the region is wrong."},
    {"IncompleteSignature"_L1, u"The request's signature is incomplete: this is a bug in SchemaDesk."},
    {"MissingAuthenticationToken"_L1, u"The request carried no credentials."},
    {"ExpiredTokenException"_L1, u"The session token has expired: get new temporary credentials "
                                 u"(e.g. `aws sso login`) and connect again."},
    {"InvalidClientTokenId"_L1, u"AWS does not know this access key or session token."},
    {"UnknownOperationException"_L1, u"This endpoint does not offer %1."},
};

QJsonObject jsonOf(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}
} // namespace

QString GlueError::typeOf(const QByteArray &body, const QByteArray &errorTypeHeader)
{
    QString type = jsonOf(body).value("__type"_L1).toString();
    if (type.isEmpty())
        type = QString::fromLatin1(errorTypeHeader);
    type = type.section(u'#', -1).section(u':', 0, 0).trimmed();
    return type;
}

QString GlueError::messageOf(const QByteArray &body)
{
    const QJsonObject json = jsonOf(body);
    const QString message = json.value("message"_L1).toString();
    return message.isEmpty() ? json.value("Message"_L1).toString() : message;
}

bool GlueError::isRetryable(const QString &type)
{
    return type == "ThrottlingException"_L1 || type == "InternalServiceException"_L1 ||
           type == "OperationTimeoutException"_L1 || type == "ConcurrentModificationException"_L1;
}

registry::ApiError GlueError::fromHttp(int httpStatus, const QByteArray &body,
                                       const QByteArray &errorTypeHeader, const QString &operation,
                                       const QString &region)
{
    registry::ApiError error;
    error.kind = registry::ErrorKind::Http;
    error.httpStatus = httpStatus;
    error.rawBody = body.left(64 * 1024);
    const QString type = typeOf(body, errorTypeHeader);
    const QString message = messageOf(body);
    if (type.isEmpty()) {
        // Not a Glue answer: a proxy, a load balancer, or an emulator that lacks the call (moto answers
        // those with a bare HTTP 500 page).
        const bool notImplemented = httpStatus == 501 || body.contains("has not been implemented");
        error.serverMessage = notImplemented ? u"The endpoint does not implement AWSGlue.%1"_s.arg(operation)
                                             : u"%1 failed with HTTP %2"_s.arg(operation).arg(httpStatus);
        error.explanation = httpStatus >= 500
                                ? u"The endpoint failed without a Glue error. Emulators such as moto answer "
                                  u"like this for calls they lack; AWS itself answers in Glue's words."_s
                                : u"The answer is not a Glue error: check the endpoint URL and any proxy."_s;
        return error;
    }
    error.serverMessage = message.isEmpty() ? type : type + u": "_s + message;
    for (const Explanation &known : explanations) {
        if (known.type == type) {
            // Replaced by hand: arg() would fill %2 with the operation where a text has no %1.
            error.explanation =
                QString::fromUtf16(known.text).replace(u"%1"_s, operation).replace(u"%2"_s, region);
            return error;
        }
    }
    error.explanation = u"Glue refused %1 (%2)."_s.arg(operation, type);
    return error;
}

} // namespace sd::glue
