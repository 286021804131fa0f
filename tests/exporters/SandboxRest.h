#pragma once

// Synchronous REST calls for the exporter tests: real HTTP over loopback, waiting in an event loop
// so the sandbox registries in this process keep serving (and exporting).

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

namespace sd::exporters::testing {

struct Answer
{
    int status = 0;
    QByteArray body;
    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
};

class SandboxRest
{
public:
    SandboxRest() { m_network.setProxy(QNetworkProxy::NoProxy); }

    Answer call(const QUrl &base, const QByteArray &method, const QString &pathAndQuery,
                const QJsonObject &body = {})
    {
        QNetworkRequest request(QUrl::fromEncoded(base.toEncoded() + pathAndQuery.toUtf8()));
        QByteArray payload;
        if (!body.isEmpty()) {
            payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArray("application/vnd.schemaregistry.v1+json"));
        }
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, payload);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(10000);
        Answer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        if (answer.status == 0)
            qWarning("%s %s: %s", method.constData(), qPrintable(reply->url().toString()),
                     qPrintable(reply->errorString()));
        reply->deleteLater();
        return answer;
    }

    // Polls GET /exporters/{name}/status until the state is `state` (or the time is up).
    QJsonObject waitForState(const QUrl &base, const QString &name, const QString &state,
                             int timeoutMs = 10000)
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

private:
    QNetworkAccessManager m_network;
};

} // namespace sd::exporters::testing
