#include "plan/PlanLogging.h"

Q_LOGGING_CATEGORY(lcPlan, "schemadesk.plan")
