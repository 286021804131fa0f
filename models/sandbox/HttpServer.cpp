#include "sandbox/HttpServer.h"

#include "sandbox/SandboxLogging.h"

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
        Head,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Waiting, // a request is with the handler
        Closing,
    };

    void processInput();
    bool parseHead(qsizetype headEnd, qsizetype separatorLength);
    void completeRequest();
    void fail(int status, const QString &message);
    QByteArray serialize(const HttpResponse &response, bool close) const;

    HttpServer *m_server;
    QTcpSocket *m_socket;
    QTimer m_idle;
    QByteArray m_in;
    State m_state = State::Head;
    HttpRequest m_request;
    qsizetype m_bodyRemaining = 0;
    bool m_keepAlive = true;
    bool m_closeAfterResponse = false;
    bool m_isHead = false;
    bool m_processing = false;
};

namespace {

bool isTokenChar(char c)
{
    if (c >= 'a' && c <= 'z')
        return true;
    if (c >= 'A' && c <= 'Z')
        return true;
    if (c >= '0' && c <= '9')
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s)
        .toLatin1();
}

// Finds the blank line that ends the head; accepts bare LF line ends as RFC 9112 allows.
qsizetype findHeadEnd(const QByteArray &data, qsizetype *separatorLength)
{
    const qsizetype crlf = data.indexOf("\r\n\r\n");
    const qsizetype lf = data.indexOf("\n\n");
    if (crlf >= 0 && (lf < 0 || crlf <= lf)) {
        *separatorLength = 4;
        return crlf;
    }
    if (lf >= 0) {
        *separatorLength = 2;
        return lf;
    }
    return -1;
}

} // namespace

HttpConnection::HttpConnection(HttpServer *server, QTcpSocket *socket)
    : QObject(server)
    , m_server(server)
    , m_socket(socket)
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
    m_idle.start();
    // Bytes may have arrived with the handshake already.
    QTimer::singleShot(0, this, [this] { processInput(); });
}

void HttpConnection::abortNow()
{
    m_state = State::Closing;
    m_socket->abort();
    deleteLater();
}

void HttpConnection::processInput()
{
    if (m_processing || m_state == State::Waiting || m_state == State::Closing)
        return;
    m_processing = true;
    m_in += m_socket->readAll();
    const HttpServerLimits &limits = m_server->limits();
    bool progress = true;
    while (progress && m_state != State::Waiting && m_state != State::Closing) {
        progress = false;
        switch (m_state) {
        case State::Head: {
            qsizetype separator = 0;
            const qsizetype end = findHeadEnd(m_in, &separator);
            if (end < 0) {
                if (m_in.size() > limits.maxHeaderBytes)
                    fail(431, u"Request header fields too large"_s);
                // Stray empty lines between requests are allowed (RFC 9112 2.2).
                while (m_in.startsWith("\r\n"))
                    m_in.remove(0, 2);
                break;
            }
            if (end > limits.maxHeaderBytes) {
                fail(431, u"Request header fields too large"_s);
                break;
            }
            if (!parseHead(end, separator))
                break;
            progress = true;
            break;
        }
        case State::Body: {
            const qsizetype take = qMin(m_bodyRemaining, m_in.size());
            m_request.body.append(m_in.constData(), take);
            m_in.remove(0, take);
            m_bodyRemaining -= take;
            if (m_bodyRemaining == 0) {
                completeRequest();
                progress = true;
            }
            break;
        }
        case State::ChunkSize: {
            const qsizetype eol = m_in.indexOf('\n');
            if (eol < 0) {
                if (m_in.size() > 4096)
                    fail(400, u"Malformed chunk size line"_s);
                break;
            }
            QByteArray line = m_in.left(eol);
            m_in.remove(0, eol + 1);
            if (line.endsWith('\r'))
                line.chop(1);
            const qsizetype semicolon = line.indexOf(';'); // chunk extensions are ignored
            if (semicolon >= 0)
                line.truncate(semicolon);
            line = line.trimmed();
            bool ok = false;
            const qlonglong size = line.toLongLong(&ok, 16);
            if (!ok || size < 0 || line.isEmpty()) {
                fail(400, u"Malformed chunk size"_s);
                break;
            }
            if (m_request.body.size() + size > limits.maxBodyBytes) {
                fail(413, u"Request body larger than %1 bytes"_s.arg(limits.maxBodyBytes));
                break;
            }
            m_bodyRemaining = qsizetype(size);
            m_state = size == 0 ? State::Trailers : State::ChunkData;
            progress = true;
            break;
        }
        case State::ChunkData: {
            const qsizetype take = qMin(m_bodyRemaining, m_in.size());
            m_request.body.append(m_in.constData(), take);
            m_in.remove(0, take);
            m_bodyRemaining -= take;
            if (m_bodyRemaining == 0) {
                m_state = State::ChunkDataEnd;
                progress = true;
            }
            break;
        }
        case State::ChunkDataEnd: {
            if (m_in.startsWith("\r\n")) {
                m_in.remove(0, 2);
            } else if (m_in.startsWith('\n')) {
                m_in.remove(0, 1);
            } else if (m_in.size() >= 2 || (m_in.size() == 1 && m_in[0] != '\r')) {
                fail(400, u"Chunk data not followed by CRLF"_s);
                break;
            } else {
                break;
            }
            m_state = State::ChunkSize;
            progress = true;
            break;
        }
        case State::Trailers: {
            const qsizetype eol = m_in.indexOf('\n');
            if (eol < 0) {
                if (m_in.size() > limits.maxHeaderBytes)
                    fail(431, u"Trailer too large"_s);
                break;
            }
            QByteArray line = m_in.left(eol);
            m_in.remove(0, eol + 1);
            if (line.endsWith('\r'))
                line.chop(1);
            if (line.isEmpty())
                completeRequest();
            progress = true; // trailer fields are read and ignored
            break;
        }
        case State::Waiting:
        case State::Closing:
            break;
        }
    }
    m_processing = false;
}

bool HttpConnection::parseHead(qsizetype headEnd, qsizetype separatorLength)
{
    const HttpServerLimits &limits = m_server->limits();
    QByteArray head = m_in.left(headEnd);
    m_in.remove(0, headEnd + separatorLength);
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    // Leading empty lines before the request line are tolerated.
    while (!lines.isEmpty() && lines.first().isEmpty())
        lines.removeFirst();
    if (lines.isEmpty()) {
        fail(400, u"Empty request"_s);
        return false;
    }

    HttpRequest request;
    request.peerAddress = m_request.peerAddress;
    request.peerPort = m_request.peerPort;
    request.secure = m_request.secure;
    request.peerCertificate = m_request.peerCertificate;

    const QList<QByteArray> parts = lines.first().split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
        fail(400, u"Malformed request line"_s);
        return false;
    }
    request.method = parts[0];
    request.target = parts[1];
    request.httpVersion = parts[2];
    if (request.httpVersion != "HTTP/1.1" && request.httpVersion != "HTTP/1.0") {
        if (request.httpVersion.startsWith("HTTP/"))
            fail(505, u"HTTP version not supported"_s);
        else
            fail(400, u"Malformed request line"_s);
        return false;
    }

    QByteArray target = request.target;
    if (target.startsWith("http://") || target.startsWith("https://")) {
        // absolute-form: keep only the path and query.
        const qsizetype slash = target.indexOf('/', target.indexOf("//") + 2);
        target = slash < 0 ? QByteArrayLiteral("/") : target.mid(slash);
    }
    if (!target.startsWith('/') && target != "*") {
        fail(400, u"Malformed request target"_s);
        return false;
    }
    if (target.contains('#')) {
        fail(400, u"Malformed request target"_s);
        return false;
    }
    const qsizetype question = target.indexOf('?');
    request.rawPath = question < 0 ? target : target.left(question);
    request.rawQuery = question < 0 ? QByteArray() : target.mid(question + 1);
    if (request.rawPath != "*") {
        const QList<QByteArray> segments = request.rawPath.mid(1).split('/');
        for (const QByteArray &segment : segments) {
            QByteArray decoded;
            if (!percentDecode(segment, false, &decoded)) {
                fail(400, u"Malformed percent-encoding in the path"_s);
                return false;
            }
            request.pathSegments.append(QString::fromUtf8(decoded));
        }
        if (request.pathSegments.size() == 1 && request.pathSegments.first().isEmpty())
            request.pathSegments.clear(); // "/" has no segments
    }
    if (!request.rawQuery.isEmpty()) {
        for (const QByteArray &pair : request.rawQuery.split('&')) {
            if (pair.isEmpty())
                continue;
            const qsizetype eq = pair.indexOf('=');
            QByteArray name, value;
            if (!percentDecode(eq < 0 ? QByteArrayView(pair) : QByteArrayView(pair).left(eq), true, &name) ||
                !percentDecode(eq < 0 ? QByteArrayView() : QByteArrayView(pair).mid(eq + 1), true, &value)) {
                fail(400, u"Malformed percent-encoding in the query"_s);
                return false;
            }
            request.queryItems.append({QString::fromUtf8(name), QString::fromUtf8(value)});
        }
    }

    if (lines.size() - 1 > limits.maxHeaderCount) {
        fail(431, u"Too many header fields"_s);
        return false;
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        if (line.startsWith(' ') || line.startsWith('\t')) {
            fail(400, u"Obsolete header line folding is not accepted"_s);
            return false;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).left(colon))) {
            fail(400, u"Malformed header field"_s);
            return false;
        }
        request.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }

    // Message framing (RFC 9112 6.3): Transfer-Encoding wins over Content-Length; if both are sent
    // the connection is closed afterwards so a confused intermediary cannot smuggle a request.
    const QByteArray transferEncoding = request.header("Transfer-Encoding").trimmed().toLower();
    QList<QByteArray> lengths;
    for (const auto &[name, value] : request.headers) {
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
            lengths.append(value);
    }
    const QByteArray connectionHeader = request.header("Connection").toLower();
    m_keepAlive = request.httpVersion == "HTTP/1.1" ? !connectionHeader.contains("close")
                                                    : connectionHeader.contains("keep-alive");
    m_closeAfterResponse = false;
    m_isHead = request.method == "HEAD";
    m_request = request;
    m_bodyRemaining = 0;

    bool chunked = false;
    if (!transferEncoding.isEmpty()) {
        if (!transferEncoding.endsWith("chunked")) {
            fail(400, u"Unsupported Transfer-Encoding"_s);
            return false;
        }
        if (transferEncoding != "chunked") {
            fail(501, u"Only the chunked transfer coding is supported"_s);
            return false;
        }
        chunked = true;
        if (!lengths.isEmpty())
            m_closeAfterResponse = true;
    } else if (!lengths.isEmpty()) {
        for (const QByteArray &length : lengths) {
            if (length.trimmed() != lengths.first().trimmed()) {
                fail(400, u"Conflicting Content-Length headers"_s);
                return false;
            }
        }
        bool ok = false;
        const QByteArray value = lengths.first().trimmed();
        const qlonglong length = value.toLongLong(&ok);
        const bool digitsOnly =
            std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!ok || length < 0 || !digitsOnly) {
            fail(400, u"Malformed Content-Length"_s);
            return false;
        }
        if (length > limits.maxBodyBytes) {
            fail(413, u"Request body larger than %1 bytes"_s.arg(limits.maxBodyBytes));
            return false;
        }
        m_bodyRemaining = qsizetype(length);
    }

    const bool expectsBody = chunked || m_bodyRemaining > 0;
    const QByteArray expect = request.header("Expect").toLower();
    if (!expect.isEmpty()) {
        if (expect != "100-continue") {
            fail(417, u"Unsupported expectation"_s);
            return false;
        }
        // Clients such as curl wait for this before sending a large body.
        if (expectsBody && m_in.isEmpty() && request.httpVersion == "HTTP/1.1")
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }

    if (chunked) {
        m_state = State::ChunkSize;
    } else if (m_bodyRemaining > 0) {
        m_request.body.reserve(m_bodyRemaining);
        m_state = State::Body;
    } else {
        completeRequest();
    }
    return true;
}

void HttpConnection::completeRequest()
{
    m_state = State::Waiting;
    m_server->dispatch(this, m_request);
}

void HttpConnection::fail(int status, const QString &message)
{
    m_closeAfterResponse = true;
    m_state = State::Waiting;
    m_in.clear();
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
    if (bodyAllowed && !m_isHead)
        out += response.body;
    return out;
}

void HttpConnection::respond(const HttpResponse &response)
{
    if (m_state == State::Closing)
        return;
    emit m_server->requestFinished(m_request.method, m_request.decodedPath(),
                                   response.dropConnection ? 0 : response.status);
    if (response.dropConnection) {
        abortNow();
        return;
    }
    const bool close = !m_keepAlive || m_closeAfterResponse || response.closeConnection;
    m_socket->write(serialize(response, close));
    if (close) {
        m_state = State::Closing;
        m_socket->disconnectFromHost();
        return;
    }
    m_state = State::Head;
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
                    emit tlsHandshakeFailed(reason);
                });
        connect(sslServer.get(), &QSslServer::handshakeInterruptedOnError, this,
                [this](QSslSocket *, const QSslError &sslError) {
                    emit tlsHandshakeFailed(sslError.errorString());
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
