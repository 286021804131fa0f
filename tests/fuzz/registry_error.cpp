// Fuzz target registry_error: an error answer: the first two bytes pick the HTTP status and the intent, the
// rest is the body.

#include "FuzzTarget.h"
#include "registry/ApiError.h"

using namespace sd::registry;

SD_FUZZ_TARGET(registry_error)
{
    if (size < 2)
        return 0;
    const int status = 100 + data[0] * 2; // 100..610
    const auto intent = static_cast<Intent>(data[1] % (int(Intent::ImporterChange) + 1));
    const ApiError error = ApiError::fromHttp(status, sd::fuzz::bytes(data + 2, size - 2), intent);
    (void)error.summary();
    (void)error.toDisplayString();
    return 0;
}
