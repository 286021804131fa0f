#pragma once

#include "glue/GlueClient.h"

#include <optional>
#include <QTest>

namespace sd::glue::test {

// Runs one asynchronous call to its end: `start` receives the callback to pass on.
template<typename T, typename Start> Result<T> await(Start start, int timeoutMs = 60000)
{
    std::optional<Result<T>> result;
    start([&result](const Result<T> &answer) { result = answer; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, timeoutMs))
        return Result<T>::failure(registry::ApiError::make(registry::ErrorKind::Timeout,
                                                           QStringLiteral("the test waited in vain")));
    return *result;
}

} // namespace sd::glue::test
