#include "diff/DiffLogging.h"

Q_LOGGING_CATEGORY(lcDiff, "schemadesk.diff")
