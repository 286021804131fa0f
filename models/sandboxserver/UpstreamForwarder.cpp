#include "sandboxserver/UpstreamForwarder.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

UpstreamForwarder::UpstreamForwarder() = default;
UpstreamForwarder::~UpstreamForwarder() = default;

void UpstreamForwarder::forward(const QUrl &upstream, const QString &userInfo, const HttpRequest &request,
                                const QString &subject, const QByteArray &contentType,
                                const HttpResponder &respond)
{
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    QByteArray base = upstream.toEncoded();
    while (base.endsWith('/'))
        base.chop(1);
    QByteArray target = base + "/subjects/" + QUrl::toPercentEncoding(subject) + "/versions";
    if (!request.rawQuery.isEmpty())
        target += '?' + request.rawQuery;
    const QUrl url = QUrl::fromEncoded(target);
    QNetworkRequest forward(url);
    forward.setRawHeader("Content-Type", "application/vnd.schemaregistry.v1+json");
    forward.setRawHeader("Accept", "application/vnd.schemaregistry.v1+json");
    forward.setTransferTimeout(30000);
    if (!userInfo.isEmpty())
        forward.setRawHeader("Authorization", "Basic " + userInfo.toUtf8().toBase64());
    QNetworkReply *reply = m_network->post(forward, request.body);
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, respond, contentType, url] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status > 0) {
            respond(HttpResponse::make(status, reply->readAll(), contentType));
            return;
        }
        respond(HttpResponse::error(
            500, 50003,
            u"Error while forwarding the request to %1: %2"_s.arg(url.toString(), reply->errorString()),
            contentType));
    });
}

} // namespace sd::sandbox
