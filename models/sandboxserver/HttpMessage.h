#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QJsonValue>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <utility>

namespace sd::sandbox {

using HttpHeaderList = QList<std::pair<QByteArray, QByteArray>>;

// One parsed HTTP/1.1 request. Path segments and query items are already percent-decoded, one
// segment at a time, so an encoded '/' (%2F) stays inside its segment.
class HttpRequest
{
public:
    QByteArray method;
    QByteArray target;      // the request-target exactly as sent
    QByteArray rawPath;     // target up to '?', still encoded
    QByteArray rawQuery;    // after '?', still encoded
    QByteArray httpVersion; // "HTTP/1.1"
    QStringList pathSegments;
    QList<std::pair<QString, QString>> queryItems;
    HttpHeaderList headers;
    QByteArray body;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    bool secure = false;
    QSslCertificate peerCertificate; // null unless the client presented one over TLS

    // Case-insensitive; the first value when the header repeats.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    bool hasQueryItem(const QString &name) const;
    QString queryItem(const QString &name, const QString &defaultValue = {}) const;
    // "/" followed by the decoded segments joined by '/': for logs and fault patterns.
    QString decodedPath() const;
};

struct HttpResponse
{
    int status = 200;
    HttpHeaderList headers;
    QByteArray body;
    bool closeConnection = false;
    bool dropConnection = false; // abort the connection without answering (fault injection)

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(QByteArrayView name) const;

    static HttpResponse make(int status, const QByteArray &body, const QByteArray &contentType);
    static HttpResponse json(int status, const QJsonValue &value,
                             const QByteArray &contentType = QByteArrayLiteral("application/json"));
    // {"error_code":code,"message":message}: the shape every Schema Registry error uses.
    static HttpResponse error(int status, int errorCode, const QString &message,
                              const QByteArray &contentType = QByteArrayLiteral("application/json"));
    static QByteArray reasonPhrase(int status);
};

// Percent-decodes one path segment or query component; false on a malformed escape.
bool percentDecode(QByteArrayView encoded, bool plusIsSpace, QByteArray *decoded);

} // namespace sd::sandbox
