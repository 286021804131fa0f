#include "common/RestClient.h"

#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>

namespace sd::testing {

QStringList RestReply::strings() const
{
    QStringList result;
    for (const QJsonValue &value : array())
        result.append(value.toString());
    return result;
}

QByteArray RestReply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

RestClient::RestClient(const QUrl &base)
    : m_base(base)
{
    m_network.setProxy(QNetworkProxy::NoProxy); // loopback only, whatever the environment's proxy
}

RestReply RestClient::call(const QUrl &base, const QByteArray &method, const QString &pathAndQuery,
                           const QByteArray &body, const RestHeaders &extraHeaders)
{
    QNetworkRequest request(QUrl::fromEncoded(base.toEncoded() + pathAndQuery.toUtf8()));
    if (ssl)
        request.setSslConfiguration(*ssl);
    bool hasContentType = false;
    for (const auto &[name, value] : headers + extraHeaders) {
        request.setRawHeader(name, value);
        hasContentType |= name.compare("Content-Type", Qt::CaseInsensitive) == 0;
    }
    if (!body.isEmpty() && !hasContentType)
        request.setRawHeader("Content-Type", "application/vnd.schemaregistry.v1+json");
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(20000);
    RestReply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.error = reply->error();
    result.errorString = reply->errorString();
    result.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return result;
}

RestReply RestClient::call(const QUrl &base, const QByteArray &method, const QString &pathAndQuery,
                           const QJsonObject &body)
{
    return call(base, method, pathAndQuery, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

RestReply RestClient::call(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                           const RestHeaders &extraHeaders)
{
    return call(m_base, method, pathAndQuery, body, extraHeaders);
}

QJsonObject RestClient::waitForExporterState(const QUrl &base, const QString &name, const QString &state,
                                             int timeoutMs)
{
    QJsonObject last;
    (void)QTest::qWaitFor(
        [&] {
            last = call(base, "GET", QStringLiteral("/exporters/%1/status").arg(name)).object();
            if (last.value(QStringLiteral("state")).toString() == state)
                return true;
            QTest::qWait(30);
            return false;
        },
        timeoutMs);
    return last;
}

} // namespace sd::testing
