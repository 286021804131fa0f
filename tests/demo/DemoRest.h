#pragma once

// A synchronous REST helper for the demo tests: real HTTP through QNetworkAccessManager, waiting in
// an event loop so the registries in this process keep serving.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QStringList>
#include <QUrl>

namespace sd::demo::testing {

struct Answer
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;

    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    QStringList strings() const
    {
        QStringList result;
        for (const QJsonValue &value : array())
            result.append(value.toString());
        return result;
    }
};

class DemoRest
{
public:
    DemoRest() { m_network.setProxy(QNetworkProxy::NoProxy); }

    // path may contain ':' and a query ("/subjects?subjectPrefix=:*:").
    Answer get(const QUrl &base, const QString &pathAndQuery) { return call(base, "GET", pathAndQuery); }

    Answer call(const QUrl &base, const QByteArray &method, const QString &pathAndQuery,
                const QByteArray &body = {})
    {
        const QUrl url = QUrl::fromEncoded(base.toEncoded() + pathAndQuery.toUtf8());
        QNetworkRequest request(url);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArray("application/vnd.schemaregistry.v1+json"));
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(10000);
        Answer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.error = reply->error();
        reply->deleteLater();
        return answer;
    }

private:
    QNetworkAccessManager m_network;
};

} // namespace sd::demo::testing
