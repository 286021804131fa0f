#pragma once

#include "sandboxserver/HttpMessage.h"

#include <optional>
#include <QByteArray>

namespace sd::sandbox {

// The media types of the Schema Registry's REST API: what it answers in and what bodies it reads.
inline const QByteArray kV1Json = QByteArrayLiteral("application/vnd.schemaregistry.v1+json");
inline const QByteArray kSrJson = QByteArrayLiteral("application/vnd.schemaregistry+json");
inline const QByteArray kJson = QByteArrayLiteral("application/json");
inline const QByteArray kOctet = QByteArrayLiteral("application/octet-stream");

// The response type for an Accept header; empty when none is acceptable (406).
QByteArray negotiate(const QByteArray &accept);

// 415 when a request carries a body in a type the API does not read.
std::optional<HttpResponse> contentTypeRefusal(const HttpRequest &request, const QByteArray &contentType);

} // namespace sd::sandbox
