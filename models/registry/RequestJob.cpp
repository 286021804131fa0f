#include "RequestJob.h"

#include "Authenticator.h"
#include "RegistryLog.h"
#include "Transport.h"

#include <QDateTime>
#include <QLocale>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace sd::registry {

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
    connect(&m_timeoutTimer, &QTimer::timeout, this, &RequestJob::onTimeout);
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
    m_responseHeaders.clear();
    m_body.clear();
    m_httpStatus = 0;
    m_attemptTimer.start();

    QNetworkAccessManager *nam = m_transport->networkAccessManager();
    m_reply = nam->sendCustomRequest(request, m_spec.method, m_spec.body);
    connect(m_reply, &QNetworkReply::finished, this, &RequestJob::onReplyFinished);
    connect(m_reply, &QNetworkReply::sslErrors, this,
            [this](const QList<QSslError> &errors) { m_sslErrors += errors; });
    // Inactivity timeout: data flowing keeps a big page alive.
    auto touch = [this] {
        if (m_timeoutTimer.isActive())
            m_timeoutTimer.start();
    };
    connect(m_reply, &QNetworkReply::downloadProgress, this, touch);
    connect(m_reply, &QNetworkReply::uploadProgress, this, touch);
    const int timeout = m_spec.timeoutMs > 0 ? m_spec.timeoutMs : m_transport->profile().requestTimeoutMs;
    m_timeoutTimer.start(timeout);
}

void RequestJob::onTimeout()
{
    if (!m_reply)
        return;
    m_timedOut = true;
    m_reply->abort();
}

ApiError RequestJob::classifyNetworkError(QNetworkReply *reply) const
{
    const QString host =
        m_url.host() + u':' + QString::number(m_url.port(m_url.scheme() == "https"_L1 ? 443 : 80));
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

int RequestJob::retryDelayMs(QNetworkReply *reply) const
{
    const QByteArray retryAfter = reply ? reply->rawHeader("Retry-After").trimmed() : QByteArray();
    if (!retryAfter.isEmpty()) {
        bool ok = false;
        const int seconds = retryAfter.toInt(&ok);
        if (ok)
            return qMax(0, seconds) * 1000;
        // HTTP-date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT" (RFC 9110 §10.2.3).
        QDateTime when = QDateTime::fromString(QString::fromLatin1(retryAfter), Qt::RFC2822Date);
        if (!when.isValid()) {
            when = QLocale::c().toDateTime(QString::fromLatin1(retryAfter),
                                           u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
            when.setTimeZone(QTimeZone::UTC);
        }
        if (when.isValid())
            return int(qBound(qint64(0), QDateTime::currentDateTimeUtc().msecsTo(when), qint64(INT_MAX)));
    }
    const int base = m_transport ? m_transport->retryBaseDelayMs() : 250;
    const int exponential = base << qMin(m_retries, 10);
    const int jitter = int(QRandomGenerator::global()->bounded(exponential / 5 + 1));
    return exponential + jitter;
}

void RequestJob::scheduleRetry(int delayMs)
{
    ++m_retries;
    m_state = State::WaitingToRetry;
    qCDebug(lcRegistry) << "retrying" << m_spec.method << m_url.toString() << "in" << delayMs << "ms";
    m_retryTimer.start(delayMs);
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
    m_httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_responseHeaders = reply->rawHeaderPairs();
    if (reply->isOpen())
        m_body = reply->readAll();
    if (!m_transport) {
        finish(ApiError::make(ErrorKind::Aborted, u"The connection was closed."_s));
        return;
    }
    const ConnectionProfile &profile = m_transport->profile();
    const bool idempotent = m_spec.retryable || m_spec.method == "GET" || m_spec.method == "HEAD";

    if (m_httpStatus == 0) {
        const ApiError error = classifyNetworkError(reply);
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
        const bool transient =
            error.kind == ErrorKind::Timeout ||
            (error.kind == ErrorKind::Network && reply->error() == QNetworkReply::RemoteHostClosedError);
        if (idempotent && transient && m_retries < profile.maxRetries) {
            scheduleRetry(retryDelayMs(nullptr));
            return;
        }
        finish(error);
        return;
    }

    if (m_httpStatus == 401 && m_spec.authenticate && !m_authRenewed && m_transport->authenticator() &&
        m_transport->authenticator()->canRenew()) {
        m_authRenewed = true;
        m_transport->authenticator()->invalidate();
        begin();
        return;
    }

    if (m_httpStatus >= 400) {
        ApiError error = ApiError::fromHttp(m_httpStatus, m_body, m_spec.intent);
        if (error.isRetryableStatus() && idempotent && m_retries < profile.maxRetries) {
            const int delay = retryDelayMs(reply);
            if (delay <= profile.maxRetryDelayMs) {
                scheduleRetry(delay);
                return;
            }
            error.explanation += u" The registry asks to wait %1 s before retrying."_s.arg(delay / 1000);
        }
        finish(error);
        return;
    }
    finish(ApiError{});
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
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    m_error = std::move(error);
    if (m_error.isError() && m_error.kind != ErrorKind::Aborted)
        qCDebug(lcRegistry) << m_spec.method << m_url.toString() << m_error.summary();
    if (m_transport) {
        m_transport->remove(this);
        m_transport->record(*this);
    }
    emit finished(this);
    if (m_autoDelete)
        deleteLater();
}

} // namespace sd::registry
