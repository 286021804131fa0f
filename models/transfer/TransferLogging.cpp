#include "transfer/TransferLogging.h"

Q_LOGGING_CATEGORY(lcTransfer, "schemadesk.transfer")
