#pragma once

#include "sandboxserver/HttpServer.h"

#include <memory>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;

namespace sd::sandbox {

// FORWARD mode's upstream: posts a registration to the upstream registry and answers with what it
// answered (the id it assigned included), or 500/50003 when it cannot be reached.
class UpstreamForwarder
{
public:
    UpstreamForwarder();
    ~UpstreamForwarder();

    // `userInfo` is "user:password" for Basic authentication, or empty.
    void forward(const QUrl &upstream, const QString &userInfo, const HttpRequest &request,
                 const QString &subject, const QByteArray &contentType, const HttpResponder &respond);

private:
    std::unique_ptr<QNetworkAccessManager> m_network;
};

} // namespace sd::sandbox
