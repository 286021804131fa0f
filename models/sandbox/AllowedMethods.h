#pragma once

#include <QByteArray>
#include <QStringList>

namespace sd::sandbox {

// The methods the registry's REST API answers on a path, for the Allow header that a 405 must carry
// (RFC 9110 §15.5.6; Jersey's NotAllowedException sets it from the resource's methods). Empty for a
// path the API does not know.
QByteArray allowedMethods(const QStringList &pathSegments);

} // namespace sd::sandbox
