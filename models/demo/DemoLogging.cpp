#include "demo/DemoLogging.h"

Q_LOGGING_CATEGORY(lcDemo, "schemadesk.demo", QtInfoMsg)
