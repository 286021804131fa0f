#include "schema/SchemaLog.h"

Q_LOGGING_CATEGORY(lcSchema, "schemadesk.schema")
