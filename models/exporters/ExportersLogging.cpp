#include "ExportersLogging.h"

Q_LOGGING_CATEGORY(lcExporters, "schemadesk.exporters")
