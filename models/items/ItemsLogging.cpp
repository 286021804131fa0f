#include "ItemsLogging.h"

Q_LOGGING_CATEGORY(lcItems, "schemadesk.items")
