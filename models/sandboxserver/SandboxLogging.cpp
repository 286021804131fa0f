#include "sandboxserver/SandboxLogging.h"

Q_LOGGING_CATEGORY(lcSandbox, "schemadesk.sandbox")
