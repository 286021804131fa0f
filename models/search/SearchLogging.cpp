#include "SearchLogging.h"

Q_LOGGING_CATEGORY(lcSearch, "schemadesk.search")
