#pragma once

#include "registry/ApiError.h"

#include <QByteArray>
#include <QString>

namespace sd::glue {

// A Glue error answer in words. JSON 1.1 errors carry their name in `__type` (sometimes as
// "namespace#Name") or the X-Amzn-ErrorType header, and the text in `message` or `Message`:
// https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-exceptions.html
struct GlueError
{
    // "EntityNotFoundException" (namespace and ":suffix" removed), or empty when the body says nothing.
    static QString typeOf(const QByteArray &body, const QByteArray &errorTypeHeader);
    static QString messageOf(const QByteArray &body);
    // `operation` is the Glue action ("GetSchema"), `region` the signing region, both for the wording.
    static registry::ApiError fromHttp(int httpStatus, const QByteArray &body,
                                       const QByteArray &errorTypeHeader, const QString &operation,
                                       const QString &region);
    // Worth another try after a pause: throttling, Glue's own transient failures.
    static bool isRetryable(const QString &type);
};

} // namespace sd::glue
