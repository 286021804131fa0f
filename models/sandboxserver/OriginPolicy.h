#pragma once

#include "sandboxserver/HttpMessage.h"

#include <optional>
#include <QString>
#include <QStringList>

namespace sd::sandbox {

// Keeps web pages away from a sandbox on the user's machine. A page on another site can make the
// browser send requests to http://127.0.0.1:8081 (the browser adds its Origin) or, through DNS
// rebinding, to its own host name that now resolves to 127.0.0.1 (the browser sends that name as
// Host). So:
//  - Host must be an IP address, "localhost" or a name under ".localhost" (RFC 6761: browsers resolve
//    those to loopback themselves), this machine's host name, or a name allowed explicitly;
//  - an Origin, when sent, must name a loopback address, localhost, this machine or an allowed name.
// Clients that are not browsers send no Origin and the Host of the URL they were given.
class OriginPolicy
{
public:
    OriginPolicy();

    // Extra host names accepted in Host and Origin ("*": any, which turns the checks off).
    void setAllowedHosts(const QStringList &hosts);

    // A 403 answer in the registry's error shape saying why, or nothing when the request may proceed.
    std::optional<HttpResponse> check(const HttpRequest &head) const;

    bool hostAllowed(const QByteArray &hostHeader) const;
    bool originAllowed(const QByteArray &origin) const;

private:
    bool nameAllowed(const QString &host) const;

    QStringList m_allowed; // lower case
    QString m_localHostName;
    bool m_any = false;
};

} // namespace sd::sandbox
