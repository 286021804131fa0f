#include "ModesLogging.h"

Q_LOGGING_CATEGORY(lcModes, "schemadesk.modes")
