#include "sandboxserver/HttpServer.h"

#include "sandboxserver/SandboxLogging.h"

#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

// One client connection: parses requests from the byte stream and answers them strictly in order.
class HttpConnection : public QObject
{
public:
    HttpConnection(HttpServer *server, QTcpSocket *socket);

    void respond(const HttpResponse &response);
    void abortNow();

private:
    enum class State {
        Reading,
        Waiting, // a request is with the handler, or its refusal is being written
        Closing,
    };

    void processInput();
    bool admitHead();
    void armDeadline();
    void fail(int status, const QString &message);
    QByteArray serialize(const HttpResponse &response, bool close) const;

    HttpServer *m_server;
    QTcpSocket *m_socket;
    QTimer m_idle;
    QTimer m_deadline; // the head, then the body, of the request under way
    HttpRequestParser m_parser;
    HttpRequest m_request; // the one being answered
    State m_state = State::Reading;
    bool m_closeAfterResponse = false;
    bool m_processing = false;
    bool m_headPhase = false; // what m_deadline is timing
};

namespace {

QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
        .toLatin1();
}

} // namespace

HttpConnection::HttpConnection(HttpServer *server, QTcpSocket *socket)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
    , m_parser(server->limits())
{
    socket->setParent(this);
    // Bounded buffering: while a request is with the handler we stop reading, so TCP pushes back.
    socket->setReadBufferSize(server->limits().maxHeaderBytes + 64 * 1024);
    m_idle.setSingleShot(true);
    m_idle.setInterval(server->limits().idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_state != State::Waiting)
            abortNow();
    });
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_state != State::Reading)
            return;
        const int seconds =
            (m_headPhase ? m_server->limits().headerTimeoutMs : m_server->limits().bodyTimeoutMs) / 1000;
        fail(408, m_headPhase ? u"The request's header was not complete within %1 s"_s.arg(seconds)
                              : u"The request's body was not complete within %1 s"_s.arg(seconds));
    });
    connect(socket, &QTcpSocket::readyRead, this, [this] {
        m_idle.start();
        processInput();
    });
    connect(socket, &QTcpSocket::disconnected, this, [this] { deleteLater(); });
    m_request.peerAddress = socket->peerAddress();
    m_request.peerPort = socket->peerPort();
    if (auto *ssl = qobject_cast<QSslSocket *>(socket)) {
        m_request.secure = ssl->isEncrypted();
        m_request.peerCertificate = ssl->peerCertificate();
    }
    m_parser.setConnectionInfo(m_request);
    m_idle.start();
    // Bytes may have arrived with the handshake already.
    QTimer::singleShot(0, this, [this] { processInput(); });
}

void HttpConnection::abortNow()
{
    m_state = State::Closing;
    m_deadline.stop();
    m_socket->abort();
    deleteLater();
}

// A request's head must be complete within headerTimeoutMs of its first byte and its body within
// bodyTimeoutMs of its head, however slowly the bytes trickle in (the idle timer alone restarts on
// every byte).
void HttpConnection::armDeadline()
{
    const HttpServerLimits &limits = m_server->limits();
    if (m_parser.inHead()) {
        if (!m_deadline.isActive() || !m_headPhase) {
            m_headPhase = true;
            m_deadline.start(limits.headerTimeoutMs);
        }
    } else if (m_parser.inBody()) {
        if (!m_deadline.isActive() || m_headPhase) {
            m_headPhase = false;
            m_deadline.start(limits.bodyTimeoutMs);
        }
    } else {
        m_deadline.stop();
    }
}

void HttpConnection::processInput()
{
    if (m_processing || m_state != State::Reading)
        return;
    m_processing = true;
    m_parser.feed(m_socket->readAll());
    while (m_state == State::Reading) {
        const HttpRequestParser::Event event = m_parser.next();
        if (event == HttpRequestParser::Event::NeedMore)
            break;
        if (event == HttpRequestParser::Event::Error) {
            fail(m_parser.errorStatus(), m_parser.errorMessage());
            break;
        }
        if (event == HttpRequestParser::Event::Head) {
            if (!admitHead())
                break;
            continue;
        }
        m_deadline.stop();
        m_closeAfterResponse = m_parser.closeAfterResponse() || !m_parser.keepAlive();
        m_request = m_parser.takeRequest();
        m_state = State::Waiting;
        m_server->dispatch(this, m_request);
    }
    if (m_state == State::Reading)
        armDeadline();
    m_processing = false;
}

// The head is complete: refuse it before reading the body if the filter says so.
bool HttpConnection::admitHead()
{
    if (m_server->m_headFilter) {
        if (std::optional<HttpResponse> refusal = m_server->m_headFilter(m_parser.request())) {
            m_deadline.stop();
            m_request = m_parser.takeRequest();
            m_closeAfterResponse = true; // the body, if any, stays unread
            m_state = State::Waiting;
            respond(*refusal);
            return false;
        }
    }
    if (m_parser.wantsContinue())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    return true;
}

void HttpConnection::fail(int status, const QString &message)
{
    m_closeAfterResponse = true;
    m_state = State::Waiting;
    m_deadline.stop();
    qCDebug(lcSandbox) << "rejecting malformed request:" << status << message;
    respond(HttpResponse::error(status, status, message));
}

QByteArray HttpConnection::serialize(const HttpResponse &response, bool close) const
{
    QByteArray out;
    out.reserve(response.body.size() + 256);
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
           HttpResponse::reasonPhrase(response.status) + "\r\n";
    for (const auto &[name, value] : response.headers) {
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0 ||
            name.compare("Connection", Qt::CaseInsensitive) == 0 ||
            name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0)
            continue; // framing is ours
        out += name + ": " + value + "\r\n";
    }
    if (response.header("Date").isEmpty())
        out += "Date: " + httpDate() + "\r\n";
    const bool bodyAllowed = response.status != 204 && response.status != 304;
    if (bodyAllowed)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    else if (m_request.httpVersion == "HTTP/1.0")
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (bodyAllowed && m_request.method != "HEAD")
        out += response.body;
    return out;
}

void HttpConnection::respond(const HttpResponse &response)
{
    if (m_state == State::Closing)
        return;
    Q_EMIT m_server->requestFinished(m_request.method, m_request.decodedPath(),
                                     response.dropConnection ? 0 : response.status);
    if (response.dropConnection) {
        abortNow();
        return;
    }
    const bool close = m_closeAfterResponse || response.closeConnection;
    m_socket->write(serialize(response, close));
    if (close) {
        m_state = State::Closing;
        m_socket->disconnectFromHost();
        return;
    }
    m_state = State::Reading;
    m_request.method.clear();
    m_request.body.clear();
    m_request.headers.clear();
    m_idle.start();
    if (!m_processing) {
        // Pipelined requests may already be buffered; continue with them from the event loop so a
        // long pipeline does not recurse.
        QTimer::singleShot(0, this, [this] { processInput(); });
    }
}

bool HttpTlsOptions::load(const QString &certFile, const QString &keyFile, const QString &caFile,
                          HttpTlsOptions *options, QString *error)
{
    auto readFile = [error](const QString &path, QByteArray *data) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
            return false;
        }
        *data = file.readAll();
        return true;
    };
    QByteArray certData, keyData;
    if (!readFile(certFile, &certData) || !readFile(keyFile, &keyData))
        return false;
    const QList<QSslCertificate> certs = QSslCertificate::fromData(certData, QSsl::Pem);
    if (certs.isEmpty()) {
        if (error)
            *error = u"%1 holds no PEM certificate"_s.arg(certFile);
        return false;
    }
    QSslKey key(keyData, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyData, QSsl::Ec, QSsl::Pem);
    if (key.isNull()) {
        if (error)
            *error = u"%1 holds no unencrypted PEM private key (RSA or EC)"_s.arg(keyFile);
        return false;
    }
    options->certificate = certs.first();
    options->certificateChain = certs.mid(1);
    options->privateKey = key;
    options->caCertificates.clear();
    options->requireClientCertificate = false;
    if (!caFile.isEmpty()) {
        QByteArray caData;
        if (!readFile(caFile, &caData))
            return false;
        options->caCertificates = QSslCertificate::fromData(caData, QSsl::Pem);
        if (options->caCertificates.isEmpty()) {
            if (error)
                *error = u"%1 holds no PEM certificate"_s.arg(caFile);
            return false;
        }
        options->requireClientCertificate = true;
    }
    return true;
}

HttpServer::HttpServer(QObject *parent)
    : QObject(parent)
{}

HttpServer::~HttpServer()
{
    close();
}

void HttpServer::setHandler(HttpHandler handler)
{
    m_handler = [handler = std::move(handler)](const HttpRequest &request, HttpResponder respond) {
        respond(handler(request));
    };
}

void HttpServer::setAsyncHandler(AsyncHttpHandler handler)
{
    m_handler = std::move(handler);
}

void HttpServer::setLimits(const HttpServerLimits &limits)
{
    m_limits = limits;
}

void HttpServer::setTls(const HttpTlsOptions &tls)
{
    m_tls = tls;
}

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    close();
    if (m_tls.isEnabled()) {
        if (!QSslSocket::supportsSsl()) {
            if (error)
                *error = u"TLS requested but no TLS backend is available"_s;
            return false;
        }
        auto sslServer = std::make_unique<QSslServer>();
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(m_tls.certificate);
        if (!m_tls.certificateChain.isEmpty())
            config.setLocalCertificateChain(QList<QSslCertificate>{m_tls.certificate} +
                                            m_tls.certificateChain);
        config.setPrivateKey(m_tls.privateKey);
        if (m_tls.requireClientCertificate) {
            config.setPeerVerifyMode(QSslSocket::VerifyPeer);
            config.setCaCertificates(m_tls.caCertificates);
        } else {
            config.setPeerVerifyMode(QSslSocket::VerifyNone);
        }
        sslServer->setSslConfiguration(config);
        connect(sslServer.get(), &QSslServer::errorOccurred, this,
                [this](QSslSocket *socket, QAbstractSocket::SocketError) {
                    const QString reason = socket ? socket->errorString() : QString();
                    qCDebug(lcSandbox) << "TLS connection failed:" << reason;
                    Q_EMIT tlsHandshakeFailed(reason);
                });
        connect(sslServer.get(), &QSslServer::handshakeInterruptedOnError, this,
                [this](QSslSocket *, const QSslError &sslError) {
                    Q_EMIT tlsHandshakeFailed(sslError.errorString());
                });
        m_server = std::move(sslServer);
    } else {
        m_server = std::make_unique<QTcpServer>();
    }
    m_server->setParent(this);
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, &HttpServer::onPendingConnection);
    if (!m_server->listen(address, port)) {
        if (error)
            *error = u"cannot listen on %1:%2: %3"_s.arg(address.toString())
                         .arg(port)
                         .arg(m_server->errorString());
        m_server.reset();
        return false;
    }
    return true;
}

void HttpServer::close()
{
    for (const QPointer<HttpConnection> &connection : std::as_const(m_connections)) {
        if (connection)
            connection->abortNow();
    }
    m_connections.clear();
    if (m_server) {
        m_server->close();
        m_server.reset();
    }
}

bool HttpServer::isListening() const
{
    return m_server && m_server->isListening();
}

QHostAddress HttpServer::serverAddress() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

quint16 HttpServer::serverPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl HttpServer::url() const
{
    if (!isListening())
        return {};
    QHostAddress host = serverAddress();
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url;
    url.setScheme(isTls() ? u"https"_s : u"http"_s);
    url.setHost(host.toString());
    url.setPort(serverPort());
    return url;
}

int HttpServer::connectionCount() const
{
    int count = 0;
    for (const QPointer<HttpConnection> &connection : m_connections) {
        if (connection)
            ++count;
    }
    return count;
}

void HttpServer::onPendingConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (!socket)
            break;
        m_connections.removeIf([](const QPointer<HttpConnection> &c) { return c.isNull(); });
        if (m_connections.size() >= m_limits.maxConnections) {
            // Over the cap (slowloris, or a runaway client): say so and close, without parsing.
            qCWarning(lcSandbox) << "refusing a connection: already" << m_connections.size() << "open";
            const QByteArray body =
                HttpResponse::error(
                    503, 503, u"Too many connections (%1 open); try again later"_s.arg(m_connections.size()))
                    .body;
            socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                          "Connection: close\r\nRetry-After: 1\r\nContent-Length: " +
                          QByteArray::number(body.size()) + "\r\n\r\n" + body);
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            socket->disconnectFromHost();
            continue;
        }
        m_connections.append(new HttpConnection(this, socket));
    }
}

void HttpServer::dispatch(HttpConnection *connection, const HttpRequest &request)
{
    const FaultDecision decision = m_faults.evaluate(request.method, request.decodedPath());
    QPointer<HttpConnection> guard(connection);
    auto run = [this, guard, request, decision] {
        if (!guard)
            return;
        if (decision.drop) {
            HttpResponse response;
            response.dropConnection = true;
            guard->respond(response);
            return;
        }
        if (decision.response) {
            guard->respond(*decision.response);
            return;
        }
        if (!m_handler) {
            guard->respond(HttpResponse::error(404, 404, u"HTTP 404 Not Found"_s));
            return;
        }
        m_handler(request, [guard](const HttpResponse &response) {
            if (!guard)
                return;
            // Marshal to the connection's thread when answered from elsewhere.
            QMetaObject::invokeMethod(guard.data(), [guard, response] {
                if (guard)
                    guard->respond(response);
            });
        });
    };
    if (decision.latencyMs > 0)
        QTimer::singleShot(decision.latencyMs, connection, run);
    else
        run();
}

} // namespace sd::sandbox
