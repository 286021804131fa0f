#pragma once

// The tests' one REST client: synchronous calls over real HTTP through QNetworkAccessManager, waiting
// in an event loop so registries served by the same thread keep serving (and exporting).

#include <optional>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QStringList>
#include <QUrl>

namespace sd::testing {

using RestHeaders = QList<std::pair<QByteArray, QByteArray>>;

struct RestReply
{
    int status = 0; // 0: no HTTP answer (see error)
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QList<QNetworkReply::RawHeaderPair> headers;

    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
    QJsonObject object() const { return json().object(); }
    QJsonArray array() const { return json().array(); }
    QStringList strings() const; // a JSON array of strings
    int errorCode() const { return object().value(QStringLiteral("error_code")).toInt(); }
    QString message() const { return object().value(QStringLiteral("message")).toString(); }
    QByteArray header(const QByteArray &name) const; // case-insensitive
};

class RestClient
{
public:
    // `base` is what the calls without a base of their own go to.
    explicit RestClient(const QUrl &base = {});

    RestHeaders headers; // sent with every request
    std::optional<QSslConfiguration> ssl;

    // `pathAndQuery` is appended to the base as bytes, so percent-escapes reach the server unchanged.
    // A body is sent as application/vnd.schemaregistry.v1+json unless a header says otherwise.
    RestReply call(const QUrl &base, const QByteArray &method, const QString &pathAndQuery,
                   const QByteArray &body = {}, const RestHeaders &extraHeaders = {});
    RestReply call(const QUrl &base, const QByteArray &method, const QString &pathAndQuery,
                   const QJsonObject &body);
    RestReply call(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                   const RestHeaders &extraHeaders = {});

    RestReply get(const QString &path) { return call("GET", path); }
    RestReply get(const QUrl &base, const QString &path) { return call(base, "GET", path); }
    RestReply del(const QString &path) { return call("DELETE", path); }
    RestReply post(const QString &path, const QJsonObject &body) { return call(m_base, "POST", path, body); }
    RestReply put(const QString &path, const QJsonObject &body) { return call(m_base, "PUT", path, body); }

    // Polls GET /exporters/{name}/status until its state is `state` (or the time is up); the last status.
    QJsonObject waitForExporterState(const QUrl &base, const QString &name, const QString &state,
                                     int timeoutMs = 10000);

private:
    QUrl m_base;
    QNetworkAccessManager m_network;
};

} // namespace sd::testing
