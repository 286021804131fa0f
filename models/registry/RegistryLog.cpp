#include "RegistryLog.h"

Q_LOGGING_CATEGORY(lcRegistry, "schemadesk.registry")
