#include "GlueLog.h"

Q_LOGGING_CATEGORY(lcGlue, "schemadesk.glue")
