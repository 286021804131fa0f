#pragma once

#include "registry/RegistryClient.h"

#include <QList>
#include <QPointer>
#include <QString>

namespace sd::modes {

// One registry a cross-connection workflow asks: its connection id and its client (null when the
// connection has none, e.g. it is still being opened).
struct ConnectionTarget
{
    QString connectionId;
    QPointer<registry::RegistryClient> client;
};

using ConnectionTargets = QList<ConnectionTarget>;

} // namespace sd::modes
