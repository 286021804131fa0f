#pragma once

// A synchronous little REST client for tests: real HTTP through QNetworkAccessManager, waiting with
// an event loop so a server in the same thread keeps serving.

#include <optional>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QUrl>

namespace sd::sandbox::testing {

struct RestReply
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QList<QNetworkReply::RawHeaderPair> headers;

    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    QJsonObject object() const { return json().object(); }
    QJsonArray array() const { return json().array(); }
    int errorCode() const { return object().value(QStringLiteral("error_code")).toInt(); }
    QString message() const { return object().value(QStringLiteral("message")).toString(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

class RestClient
{
public:
    explicit RestClient(const QUrl &base)
        : m_base(base)
    {}

    QList<std::pair<QByteArray, QByteArray>> headers; // sent with every request
    std::optional<QSslConfiguration> ssl;

    RestReply call(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                   const QList<std::pair<QByteArray, QByteArray>> &extraHeaders = {})
    {
        // Build the URL from bytes so percent-escapes in the path reach the server unchanged.
        const QUrl url = QUrl::fromEncoded(m_base.toEncoded() + pathAndQuery.toUtf8());
        QNetworkRequest request(url);
        if (ssl)
            request.setSslConfiguration(*ssl);
        bool hasContentType = false;
        for (const auto &[name, value] : headers + extraHeaders) {
            request.setRawHeader(name, value);
            hasContentType |= name.compare("Content-Type", Qt::CaseInsensitive) == 0;
        }
        if (!body.isEmpty() && !hasContentType)
            request.setRawHeader("Content-Type", "application/vnd.schemaregistry.v1+json");
        QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
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

    RestReply get(const QString &path) { return call("GET", path); }
    RestReply del(const QString &path) { return call("DELETE", path); }
    RestReply post(const QString &path, const QJsonObject &body)
    {
        return call("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    RestReply put(const QString &path, const QJsonObject &body)
    {
        return call("PUT", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

private:
    QUrl m_base;
    QNetworkAccessManager m_nam;
};

} // namespace sd::sandbox::testing
