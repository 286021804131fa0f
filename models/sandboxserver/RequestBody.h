#pragma once

#include "sandboxserver/HttpMessage.h"
#include "sandboxserver/RegistryStore.h"

#include <optional>
#include <QByteArray>
#include <QJsonObject>

namespace sd::sandbox {

// A request body read as a JSON object, or the error response that refuses it.
struct BodyResult
{
    QJsonObject object;
    std::optional<HttpResponse> error;
};

// A blank body is 422 when `required`, else an empty object; JSON that does not parse is 400, as is
// JSON that is not an object.
BodyResult parseObjectBody(const HttpRequest &request, const QByteArray &contentType, bool required);

// A RegisterSchemaRequest (register, look up, check compatibility) bound as Jackson binds it.
std::optional<HttpResponse> parseRegisterRequest(const QJsonObject &body, const QByteArray &contentType,
                                                 RegisterRequest *request);

} // namespace sd::sandbox
