#include "RequestJob.h"

#include "Authenticator.h"
#include "RegistryLog.h"
#include "Transport.h"

#include <algorithm>
#include <chrono>
#include <QDateTime>
#include <QLocale>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {
constexpr qint64 readAheadBytes = 4 * 1024 * 1024;

// Numbers in messages with thousands grouped ("100,000 bytes") whatever the system's locale.
QString grouped(qint64 number)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(number);
}

// A body that stopped before its end: "The answer from host:port ended after 25 of 100,000 bytes".
ApiError cutShort(const QString &host, qint64 received, qint64 declared, const QString &cause)
{
    return ApiError::make(
        ErrorKind::Network,
        declared > 0 ? u"The answer from %1 ended after %2 of %3 bytes"_s.arg(host, grouped(received),
                                                                              grouped(declared))
                     : u"The answer from %1 ended after %2 bytes, unfinished"_s.arg(host, grouped(received)),
        u"The connection closed in the middle of the answer: the registry or a proxy in front of it cut it "
        u"off (%1)."_s.arg(cause));
}
} // namespace

RequestSpec RequestSpec::get(QStringList path, QUrlQuery query)
{
    RequestSpec spec;
    spec.path = std::move(path);
    spec.query = std::move(query);
    return spec;
}

RequestJob::RequestJob(Transport *transport, RequestSpec spec)
    : QObject(transport)
    , m_transport(transport)
    , m_spec(std::move(spec))
{
    m_timeoutTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    // Retry-After says "not before": a coarse timer may fire up to 5 % early.
    m_retryTimer.setTimerType(Qt::PreciseTimer);
    m_deadlineTimer.setSingleShot(true);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &RequestJob::onTimeout);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &RequestJob::onDeadline);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        m_state = State::Sending;
        begin();
    });
}

RequestJob::~RequestJob()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        delete m_reply;
        m_reply = nullptr;
    }
    if (m_transport && m_state != State::Finished)
        m_transport->remove(this);
}

QByteArray RequestJob::responseHeader(const QByteArray &name) const
{
    for (const auto &[key, value] : m_responseHeaders) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

void RequestJob::start()
{
    if (m_state != State::Created)
        return;
    m_elapsed.start();
    if (!m_transport) {
        finish(ApiError::make(ErrorKind::Aborted, u"The connection was closed."_s));
        return;
    }
    m_state = State::Queued;
    if (!m_refusal.isError() && m_spec.intent != Intent::TokenFetch &&
        m_transport->queuedCount() >= m_transport->profile().maxQueuedRequests) {
        m_refusal = ApiError::make(
            ErrorKind::Limit,
            u"%1 requests are already waiting for this connection"_s.arg(m_transport->queuedCount()),
            u"The console refuses more: something asks far more than a registry needs. The limit is "
            u"maxQueuedRequests under \"limits\" in the connection's entry of connections.json."_s);
    }
    if (m_refusal.isError()) {
        QTimer::singleShot(0, this, [this] { finish(m_refusal); });
        return;
    }
    m_transport->enqueue(this);
}

void RequestJob::begin()
{
    if (m_state == State::Finished || !m_transport)
        return;
    // The deadline runs from the first send and covers every attempt, retry wait and token renewal.
    if (!m_deadlineTimer.isActive() && !m_deadlineExceeded)
        m_deadlineTimer.start(deadlineMs());
    if (!m_transport->configurationError().isEmpty()) {
        finish(ApiError::make(ErrorKind::Configuration, m_transport->configurationError(),
                              u"Fix the connection's settings and connect again."_s));
        return;
    }
    Authenticator *auth = m_transport->authenticator();
    if (m_spec.authenticate && auth && !auth->isReady()) {
        m_state = State::WaitingForAuth;
        connect(
            auth, &Authenticator::ready, this,
            [this](const ApiError &error) {
                if (m_state != State::WaitingForAuth)
                    return;
                if (error.isError())
                    finish(error);
                else
                    send();
            },
            Qt::SingleShotConnection);
        auth->prepare();
        return;
    }
    send();
}

void RequestJob::send()
{
    if (!m_transport)
        return;
    m_state = State::Sending;
    ++m_attempts;
    if (m_urlIndex < 0 || m_spec.absoluteUrl.isEmpty())
        m_urlIndex = m_transport->currentUrlIndex();
    m_url = m_transport->buildUrl(m_spec, m_urlIndex);
    QNetworkRequest request(m_url);
    m_transport->applyHeaders(request, m_spec);
    m_sentHeaders.clear();
    for (const QByteArray &name : request.rawHeaderList())
        m_sentHeaders.append({name, request.rawHeader(name)});
    m_sslErrors.clear();
    m_timedOut = false;
    m_tooLarge = -1;
    m_received = 0;
    m_responseHeaders.clear();
    m_body.clear();
    m_pieces.clear();
    m_piecesSize = 0;
    m_httpStatus = 0;
    m_attemptTimer.start();

    QNetworkAccessManager *nam = m_transport->networkAccessManager();
    // Without a body the request goes out at once and the read-ahead limit below reaches Qt's network
    // thread before the answer does. Any outgoing data, even an empty QByteArray, delays the start, and a
    // limit set before then never throttles: an endless body then piles up at loopback speed (GiBs).
    m_reply = m_spec.body.isEmpty()
                  ? nam->sendCustomRequest(request, m_spec.method, static_cast<QIODevice *>(nullptr))
                  : nam->sendCustomRequest(request, m_spec.method, m_spec.body);
    // The network thread stops reading ahead once this much waits unread: a body arriving faster than
    // this thread takes it is throttled instead of piling up in memory.
    m_reply->setReadBufferSize(readAheadBytes);
    connect(m_reply, &QNetworkReply::finished, this, &RequestJob::onReplyFinished);
    connect(m_reply, &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError> &errors) { m_sslErrors += errors; });
    // Inactivity timeout: data flowing keeps a big page alive.
    auto touch = [this] {
        if (m_timeoutTimer.isActive())
            m_timeoutTimer.start();
    };
    connect(m_reply, &QNetworkReply::uploadProgress, this, touch);
    // The size cap: a declared length is refused before its body comes, an undeclared one when it passes.
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (!m_reply)
            return;
        if (!m_spec.body.isEmpty())
            m_reply->setReadBufferSize(readAheadBytes); // the request has started: now the limit reaches Qt
        const qint64 declared = m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        checkSize(declared, true);
        if (m_tooLarge < 0 && declared > 0)
            m_body.reserve(declared); // one allocation, not a growing series of copies
    });
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this, touch](qint64 received) {
        touch();
        m_received = received;
        checkSize(received, false);
    });
    // Read as it comes: the body is held once, here, not also in the reply's buffer.
    connect(m_reply, &QNetworkReply::readyRead, this, [this] {
        if (m_reply && m_tooLarge < 0) {
            receive(m_reply->readAll());
            checkSize(m_body.size() + m_piecesSize, false);
        }
    });
    const int timeout = m_spec.timeoutMs > 0 ? m_spec.timeoutMs : m_transport->profile().requestTimeoutMs;
    m_timeoutTimer.start(timeout);
}

void RequestJob::receive(QByteArray data)
{
    if (data.isEmpty())
        return;
    if (m_body.capacity() - m_body.size() >= data.size()) {
        m_body += data; // room reserved for a declared length
    } else {
        m_piecesSize += data.size();
        m_pieces.append(std::move(data));
    }
}

void RequestJob::joinPieces()
{
    if (m_pieces.isEmpty())
        return;
    m_body.reserve(m_body.size() + m_piecesSize);
    for (QByteArray &piece : m_pieces) {
        m_body += piece;
        piece = QByteArray(); // freed as it is copied: the peak is the body and one piece
    }
    m_pieces.clear();
    m_piecesSize = 0;
}

void RequestJob::checkSize(qint64 bytes, bool declared)
{
    if (!m_reply || m_tooLarge >= 0 || !m_transport || bytes <= m_transport->profile().maxResponseBytes)
        return;
    m_tooLarge = bytes;
    m_tooLargeDeclared = declared;
    m_reply->abort(); // finishes through onReplyFinished
}

void RequestJob::onTimeout()
{
    if (!m_reply)
        return;
    m_timedOut = true;
    m_reply->abort();
}

void RequestJob::onDeadline()
{
    if (m_state == State::Finished)
        return;
    m_deadlineExceeded = true;
    if (m_reply)
        m_reply->abort(); // finishes through onReplyFinished
    else
        finish(deadlineError());
}

int RequestJob::deadlineMs() const
{
    if (m_spec.deadlineMs > 0)
        return m_spec.deadlineMs;
    return m_transport ? m_transport->profile().requestDeadlineMs : 120000;
}

bool RequestJob::canWait(qint64 delayMs) const
{
    return !m_deadlineTimer.isActive() || delayMs < m_deadlineTimer.remainingTime();
}

QString RequestJob::hostText() const
{
    return m_url.host() + u':' + QString::number(m_url.port(m_url.scheme() == "https"_L1 ? 443 : 80));
}

ApiError RequestJob::deadlineError() const
{
    if (m_error.isError()) {
        // The deadline ended the retries: what the registry said last is the news.
        ApiError error = m_error;
        error.explanation +=
            u" Retrying got no better answer within the %1 s deadline."_s.arg(deadlineMs() / 1000.0);
        return error;
    }
    const QString received =
        m_received > 0 ? u" (%1 bytes had arrived)"_s.arg(grouped(m_received)) : QString();
    return ApiError::make(
        ErrorKind::Timeout,
        u"No complete answer from %1 within the %2 s deadline%3"_s.arg(hostText())
            .arg(deadlineMs() / 1000.0)
            .arg(received),
        u"The answer came too slowly or not at all (a slow drip keeps a connection open without finishing). "
        u"The deadline is the connection's \"deadline\" (Edit connection → TLS and network; "
        u"requestDeadlineMs, and bulkDeadlineMs for the tree's big loads, under \"limits\" in "
        u"connections.json)."_s);
}

ApiError RequestJob::tooLargeError() const
{
    const qint64 limit = m_transport ? m_transport->profile().maxResponseBytes : 0;
    const auto mib = [](qint64 bytes) { return QLocale::c().toString(bytes / (1024.0 * 1024.0), 'f', 1); };
    return ApiError::make(
        ErrorKind::Limit,
        u"The answer from %1 is %2 %3 MiB, more than this connection's limit of %4 MiB"_s.arg(
            hostText(), m_tooLargeDeclared ? u"declared as"_s : u"at least"_s, mib(m_tooLarge), mib(limit)),
        u"The console stopped reading it. If the registry is really this big, raise \"largest answer\" "
        u"(Edit connection → TLS and network; maxResponseBytes under \"limits\" in connections.json)."_s);
}

ApiError RequestJob::classifyNetworkError(QNetworkReply *reply) const
{
    const QString host = hostText();
    if (m_timedOut) {
        const int timeout = m_spec.timeoutMs > 0 ? m_spec.timeoutMs : m_transport->profile().requestTimeoutMs;
        return ApiError::make(
            ErrorKind::Timeout, u"No answer from %1 within %2 s"_s.arg(host).arg(timeout / 1000.0),
            u"The registry did not answer in time: it may be overloaded, or a firewall drops the "
            u"traffic. The timeout is in the connection's settings."_s);
    }
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return ApiError::make(
            ErrorKind::ConnectionRefused, u"Connection refused by %1"_s.arg(host),
            u"Nothing accepts connections there: check the URL and port, and that the registry "
            u"runs."_s);
    case QNetworkReply::HostNotFoundError:
        return ApiError::make(ErrorKind::HostNotFound, u"Host %1 not found"_s.arg(m_url.host()),
                              u"The host name does not resolve: check the URL, DNS or VPN."_s);
    case QNetworkReply::TimeoutError:
        return ApiError::make(
            ErrorKind::Timeout, reply->errorString(),
            u"The network connection timed out: check the URL and that the host is reachable."_s);
    case QNetworkReply::SslHandshakeFailedError: {
        ApiError error = ApiError::make(ErrorKind::Tls, reply->errorString());
        error.sslErrors = m_sslErrors;
        QStringList explanations;
        for (const QSslError &sslError : m_sslErrors) {
            switch (sslError.error()) {
            case QSslError::UnableToGetLocalIssuerCertificate:
            case QSslError::UnableToGetIssuerCertificate:
            case QSslError::UnableToVerifyFirstCertificate:
            case QSslError::SelfSignedCertificate:
            case QSslError::SelfSignedCertificateInChain:
            case QSslError::CertificateUntrusted:
                explanations
                    << u"The server's certificate is signed by an unknown CA: add that CA's PEM file as "
                       u"the connection's CA bundle (verification stays on)."_s;
                break;
            case QSslError::CertificateExpired:
                explanations
                    << u"The server's certificate expired on %1: the registry's operators must renew "
                       u"it."_s.arg(sslError.certificate().expiryDate().toString(Qt::ISODate));
                break;
            case QSslError::CertificateNotYetValid:
                explanations << u"The server's certificate is not valid yet (check the clocks)."_s;
                break;
            case QSslError::HostNameMismatch: {
                QStringList names = sslError.certificate().subjectAlternativeNames().values(QSsl::DnsEntry);
                names += sslError.certificate().subjectInfo(QSslCertificate::CommonName);
                names.removeDuplicates();
                explanations << u"The server's certificate is for %1, not %2: connect with a name the "
                                u"certificate lists."_s.arg(names.join(u", "_s), m_url.host());
                break;
            }
            case QSslError::CertificateRevoked:
                explanations << u"The server's certificate was revoked."_s;
                break;
            default:
                explanations << sslError.errorString();
                break;
            }
        }
        explanations.removeDuplicates();
        if (!m_sslErrors.isEmpty())
            error.serverMessage = m_sslErrors.constFirst().errorString();
        error.explanation =
            explanations.isEmpty()
                ? u"The TLS handshake failed: the server may require a client certificate (mTLS) "
                  u"or refuse the one configured."_s
                : explanations.join(u' ');
        return error;
    }
    case QNetworkReply::RemoteHostClosedError:
        return ApiError::make(ErrorKind::Network, u"%1 closed the connection without answering"_s.arg(host),
                              u"The server closed the connection: it may expect https, require a client "
                              u"certificate, or a proxy cut the connection."_s);
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::ProxyAuthenticationRequiredError:
    case QNetworkReply::UnknownProxyError:
        return ApiError::make(ErrorKind::Network, reply->errorString(),
                              u"The HTTP proxy failed: check the connection's proxy settings."_s);
    case QNetworkReply::OperationCanceledError:
        return ApiError::make(ErrorKind::Aborted, u"Request cancelled"_s);
    default:
        break;
    }
    return ApiError::make(ErrorKind::Network, reply->errorString(),
                          u"The request failed before the registry answered."_s);
}

std::optional<qint64> RequestJob::parseRetryAfter(QByteArrayView value, const QDateTime &now)
{
    const QByteArray text = value.trimmed().toByteArray();
    if (text.isEmpty())
        return std::nullopt;
    if (std::all_of(text.cbegin(), text.cend(), [](char c) { return c >= '0' && c <= '9'; })) {
        // delay-seconds: any number of digits, saturated rather than overflowed.
        qint64 seconds = 0;
        for (char c : text) {
            seconds = seconds * 10 + (c - '0');
            if (seconds > maxRetryAfterMs / 1000)
                return maxRetryAfterMs;
        }
        return seconds * 1000;
    }
    // HTTP-date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    const QString date = QString::fromLatin1(text);
    QDateTime when = QDateTime::fromString(date, Qt::RFC2822Date);
    if (!when.isValid()) {
        when = QLocale::c().toDateTime(date, u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
        when.setTimeZone(QTimeZone::UTC);
    }
    if (!when.isValid())
        return std::nullopt;
    return qBound(qint64(0), now.msecsTo(when), maxRetryAfterMs);
}

qint64 RequestJob::retryDelayMs(QNetworkReply *reply) const
{
    if (reply) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        if (const auto delay = parseRetryAfter(reply->rawHeader("Retry-After"), now))
            return *delay;
    }
    const int base = m_transport ? m_transport->retryBaseDelayMs() : 250;
    const qint64 exponential = qint64(base) << qMin(m_retries, 10);
    const qint64 jitter = QRandomGenerator::global()->bounded(exponential / 5 + 1);
    return exponential + jitter;
}

void RequestJob::scheduleRetry(qint64 delayMs)
{
    ++m_retries;
    m_state = State::WaitingToRetry;
    qCDebug(lcRegistry) << "retrying" << m_spec.method << m_url.toString() << "in" << delayMs << "ms";
    m_retryTimer.start(std::chrono::milliseconds(delayMs));
}

void RequestJob::onReplyFinished()
{
    QNetworkReply *reply = std::exchange(m_reply, nullptr);
    if (!reply)
        return;
    reply->disconnect(this);
    reply->deleteLater();
    m_timeoutTimer.stop();
    if (m_aborting) {
        finish(ApiError::make(ErrorKind::Aborted, u"Request cancelled"_s));
        return;
    }
    if (m_deadlineExceeded) {
        finish(deadlineError());
        return;
    }
    if (m_tooLarge >= 0) {
        finish(tooLargeError());
        return;
    }
    m_httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_responseHeaders = reply->rawHeaderPairs();
    if (reply->isOpen())
        receive(reply->readAll());
    joinPieces();
    if (!m_transport) {
        finish(ApiError::make(ErrorKind::Aborted, u"The connection was closed."_s));
        return;
    }
    const bool idempotent = m_spec.retryable || m_spec.method == "GET" || m_spec.method == "HEAD";
    // Errors below 200 are the transport's (refused, closed, timed out, TLS, proxy); above, Qt's names
    // for HTTP statuses. A transport error after the status line means the body was cut off.
    const int networkError = int(reply->error());
    if (m_httpStatus == 0 || (networkError > 0 && networkError < 200) || m_timedOut) {
        onTransportFailure(reply, idempotent);
        return;
    }
    onHttpStatus(reply, idempotent);
}

void RequestJob::onTransportFailure(QNetworkReply *reply, bool idempotent)
{
    const ConnectionProfile &profile = m_transport->profile();
    ApiError error = classifyNetworkError(reply);
    if (m_httpStatus != 0 && error.kind == ErrorKind::Network)
        error =
            cutShort(hostText(), m_body.size(),
                     reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(), reply->errorString());
    m_body.clear(); // a partial body is never handed on as if it were the answer
    if (m_httpStatus == 0) {
        // The request never reached a registry: try the next URL whatever the method.
        const bool unreachable = error.kind == ErrorKind::ConnectionRefused ||
                                 error.kind == ErrorKind::HostNotFound ||
                                 (idempotent && error.kind == ErrorKind::Timeout);
        if (unreachable && m_spec.absoluteUrl.isEmpty() && m_failovers + 1 < profile.urls.size() &&
            m_transport->failoverFrom(m_urlIndex)) {
            ++m_failovers;
            m_urlIndex = m_transport->currentUrlIndex();
            send();
            return;
        }
    }
    const bool transient =
        error.kind == ErrorKind::Timeout ||
        (error.kind == ErrorKind::Network && reply->error() == QNetworkReply::RemoteHostClosedError);
    if (idempotent && transient && m_retries < profile.maxRetries) {
        const qint64 delay = retryDelayMs(nullptr);
        if (canWait(delay)) {
            m_error = error; // until finish(): what the deadline reports if it ends the retries
            scheduleRetry(delay);
            return;
        }
    }
    finish(error);
}

void RequestJob::onHttpStatus(QNetworkReply *reply, bool idempotent)
{
    const ConnectionProfile &profile = m_transport->profile();
    if (m_httpStatus == 401 && m_spec.authenticate && !m_authRenewed && m_transport->authenticator() &&
        m_transport->authenticator()->canRenew()) {
        m_authRenewed = true;
        m_transport->authenticator()->invalidate();
        begin();
        return;
    }

    if (m_httpStatus >= 300 && m_httpStatus < 400) {
        // Never followed (credentials could go elsewhere), never success: a 302 to a login page is not a
        // deleted context.
        const QByteArray location = reply->rawHeader("Location");
        ApiError error = ApiError::make(
            ErrorKind::Http,
            location.isEmpty() ? u"Redirected (HTTP %1) without saying where"_s.arg(m_httpStatus)
                               : u"Redirected to %1"_s.arg(QString::fromUtf8(location.left(300))),
            u"Redirects are not followed — check the connection's URL. A proxy or single sign-on page "
            u"in front of the registry answers like this."_s);
        error.httpStatus = m_httpStatus;
        error.rawBody = m_body;
        finish(error);
        return;
    }

    if (m_httpStatus >= 400) {
        ApiError error = ApiError::fromHttp(m_httpStatus, m_body, m_spec.intent);
        if (error.isRetryableStatus() && idempotent && m_retries < profile.maxRetries) {
            const qint64 delay = retryDelayMs(reply);
            if (delay <= profile.maxRetryDelayMs && canWait(delay)) {
                m_error = error; // until finish(): what the deadline reports if it ends the retries
                scheduleRetry(delay);
                return;
            }
            error.explanation +=
                delay >= maxRetryAfterMs
                    ? u" The registry asks to wait more than a day before retrying."_s
                    : u" The registry asks to wait %1 s before retrying."_s.arg(delay / 1000);
        }
        finish(error);
        return;
    }

    // Qt may end a reset connection's reply without an error: the length tells.
    const qint64 declared = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    if (declared > m_body.size() && reply->rawHeader("Content-Encoding").isEmpty()) {
        finish(cutShort(hostText(), m_body.size(), declared, u"the connection ended early"_s));
        return;
    }
    const QByteArray contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    const QString html = htmlInsteadOfJson(contentType, m_body);
    if (!html.isEmpty()) {
        finish(ApiError::malformed(html, m_body));
        return;
    }
    finish(ApiError{});
}

QString RequestJob::htmlInsteadOfJson(const QByteArray &contentType, const QByteArray &body)
{
    const QByteArray start = body.left(512).trimmed().toLower();
    const bool html = contentType.toLower().contains("text/html") || start.startsWith("<!doctype html") ||
                      start.startsWith("<html");
    if (!html)
        return {};
    QString firstLine;
    for (const QByteArray &line : body.left(4096).split('\n')) {
        firstLine = QString::fromUtf8(line).simplified();
        if (!firstLine.isEmpty())
            break;
    }
    if (firstLine.size() > 120)
        firstLine = firstLine.left(120) + u"…"_s;
    return u"The registry answered HTML, not JSON — probably a proxy's login page (first line: %1)"_s.arg(
        firstLine.isEmpty() ? u"empty"_s : firstLine);
}

void RequestJob::abort()
{
    switch (m_state) {
    case State::Finished:
        return;
    case State::Sending:
        if (m_reply) {
            m_aborting = true;
            m_reply->abort(); // finishes through onReplyFinished
        }
        break;
    default:
        break;
    }
    if (m_state != State::Finished)
        finish(ApiError::make(ErrorKind::Aborted, u"Request cancelled"_s));
}

void RequestJob::finish(ApiError error)
{
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    m_timeoutTimer.stop();
    m_retryTimer.stop();
    m_deadlineTimer.stop();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    m_error = std::move(error);
    m_pieces.clear(); // what was left of a refused or cut body
    m_piecesSize = 0;
    if (m_error.isError() && m_error.kind != ErrorKind::Aborted)
        qCDebug(lcRegistry) << m_spec.method << m_url.toString() << m_error.summary();
    if (m_transport) {
        m_transport->remove(this);
        m_transport->record(*this);
    }
    Q_EMIT finished(this);
    if (m_autoDelete)
        deleteLater();
}

} // namespace sd::registry
