#include "Logging.h"

Q_LOGGING_CATEGORY(lcUi, "schemadesk.ui")
