#include "sandboxserver/RequestBody.h"

#include "sandboxserver/JsonBinding.h"
#include "sandboxserver/ResponseShapes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

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

} // namespace sd::sandbox
