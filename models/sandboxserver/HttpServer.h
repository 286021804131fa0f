#pragma once

#include "sandboxserver/FaultInjector.h"
#include "sandboxserver/HttpMessage.h"
#include "sandboxserver/HttpRequestParser.h"

#include <functional>
#include <memory>
#include <optional>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace sd::sandbox {

class HttpConnection;

using HttpHandler = std::function<HttpResponse(const HttpRequest &)>;
using HttpResponder = std::function<void(const HttpResponse &)>;
// An asynchronous handler answers later by calling the responder exactly once (it is safe to call
// after the client went away). The connection handles no further pipelined request until then.
using AsyncHttpHandler = std::function<void(const HttpRequest &, HttpResponder)>;
// Sees each request as soon as its head is read, before its body: a response refuses the request
// unread (authentication, Host/Origin and Content-Type checks) and the connection closes after it.
using HttpHeadFilter = std::function<std::optional<HttpResponse>(const HttpRequest &head)>;

struct HttpTlsOptions
{
    QSslCertificate certificate = QSslCertificate();
    QList<QSslCertificate> certificateChain; // intermediates, optional
    QSslKey privateKey = QSslKey();
    bool requireClientCertificate = false; // mTLS: the handshake fails without a trusted client cert
    QList<QSslCertificate> caCertificates; // who may sign client certificates

    bool isEnabled() const { return !certificate.isNull(); }
    // Loads PEM files; caFile may be empty (then no client certificate is required).
    static bool load(const QString &certFile, const QString &keyFile, const QString &caFile,
                     HttpTlsOptions *options, QString *error);
};

// A small HTTP/1.1 server: keep-alive, Content-Length and chunked request bodies, pipelining (answers
// in order, one request at a time), 100-continue, request size limits, per-segment percent-decoding,
// deadlines for a request's head and body and a cap on connections (slowloris), a filter that refuses
// requests before their body is read, optional TLS and mTLS through QSslServer, and fault injection
// in front of the handler.
class HttpServer : public QObject
{
    Q_OBJECT
public:
    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;

    void setHandler(HttpHandler handler);
    void setAsyncHandler(AsyncHttpHandler handler);
    void setHeadFilter(HttpHeadFilter filter) { m_headFilter = std::move(filter); }
    void setLimits(const HttpServerLimits &limits);
    const HttpServerLimits &limits() const { return m_limits; }
    void setTls(const HttpTlsOptions &tls); // before listen()
    bool isTls() const { return m_tls.isEnabled(); }

    FaultInjector *faults() { return &m_faults; }

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0,
                QString *error = nullptr);
    void close(); // stops listening and closes every connection
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    // A URL clients can connect to: http(s)://127.0.0.1:PORT (the bound address; "any" becomes loopback).
    QUrl url() const;
    int connectionCount() const;

Q_SIGNALS:
    void requestFinished(const QByteArray &method, const QString &path, int status);
    void tlsHandshakeFailed(const QString &reason);

private:
    friend class HttpConnection;
    void onPendingConnection();
    void dispatch(HttpConnection *connection, const HttpRequest &request);

    std::unique_ptr<QTcpServer> m_server;
    HttpTlsOptions m_tls;
    HttpServerLimits m_limits;
    AsyncHttpHandler m_handler;
    HttpHeadFilter m_headFilter;
    FaultInjector m_faults;
    QList<QPointer<HttpConnection>> m_connections;
};

} // namespace sd::sandbox
