#include "sandbox/SandboxLogging.h"

Q_LOGGING_CATEGORY(lcSandbox, "schemadesk.sandbox")
