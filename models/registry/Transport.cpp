#include "Transport.h"

#include "Authenticator.h"
#include "HttpLog.h"
#include "RegistryLog.h"

#include <QFile>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslKey>

using namespace Qt::StringLiterals;

namespace sd::registry {

QByteArray Transport::acceptHeader()
{
    return QByteArrayLiteral("application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; "
                             "qs=0.9, application/json; qs=0.5");
}

QByteArray Transport::registryContentType()
{
    return QByteArrayLiteral("application/vnd.schemaregistry.v1+json");
}

Transport::Transport(const ConnectionProfile &profile, const ConnectionSecrets &secrets, HttpLog *log,
                     QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_secrets(secrets)
    , m_log(log)
{
    // Redirects could carry credentials to another host; the registry API never redirects.
    m_nam.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    m_nam.setAutoDeleteReplies(false);
    if (m_profile.urls.isEmpty())
        m_configurationError = u"The connection has no registry URL."_s;
    setupTls();
    setupProxy();
    if (m_profile.authType == AuthType::OAuthClientCredentials && m_profile.tokenUrl.scheme() == "http"_L1 &&
        !m_profile.allowHttpTokenUrl)
        m_configurationError =
            u"The OAuth token URL %1 is plain http://: the client secret would travel unencrypted. Use "
            u"https://, or allow http:// explicitly in the connection."_s.arg(
                m_profile.tokenUrl.toDisplayString(QUrl::RemoveUserInfo));
    m_auth = Authenticator::create(m_profile, m_secrets, this);
}

Transport::~Transport()
{
    m_shuttingDown = true;
    abortAll();
}

void Transport::setupTls()
{
    m_sslConfiguration = QSslConfiguration::defaultConfiguration();
    if (!m_profile.caBundleFile.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(m_profile.caBundleFile, QSsl::Pem);
        if (cas.isEmpty()) {
            m_configurationError = u"The CA bundle '%1' holds no PEM certificate (or cannot be read)."_s.arg(
                m_profile.caBundleFile);
        }
        m_sslConfiguration.setCaCertificates(QSslConfiguration::systemCaCertificates() + cas);
    }
    if (!m_profile.clientCertFile.isEmpty()) {
        const QList<QSslCertificate> chain = QSslCertificate::fromPath(m_profile.clientCertFile, QSsl::Pem);
        QFile keyFile(m_profile.clientKeyFile);
        QSslKey key;
        if (keyFile.open(QIODevice::ReadOnly)) {
            const QByteArray pem = keyFile.readAll();
            const QByteArray passphrase = m_secrets.value(SecretName::tlsKeyPassphrase).toUtf8();
            for (auto algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
                key = QSslKey(pem, algorithm, QSsl::Pem, QSsl::PrivateKey, passphrase);
                if (!key.isNull())
                    break;
            }
        }
        if (chain.isEmpty()) {
            m_configurationError =
                u"The client certificate '%1' holds no PEM certificate (or cannot be read)."_s.arg(
                    m_profile.clientCertFile);
        } else if (key.isNull()) {
            m_configurationError = u"The client key '%1' cannot be read (not a PEM RSA/EC key, or a wrong "
                                   u"passphrase)."_s.arg(m_profile.clientKeyFile);
        } else {
            m_sslConfiguration.setLocalCertificateChain(chain);
            m_sslConfiguration.setPrivateKey(key);
        }
    }
    if (!m_profile.verifyTls)
        m_sslConfiguration.setPeerVerifyMode(QSslSocket::VerifyNone);
}

void Transport::setupProxy()
{
    switch (m_profile.proxyMode) {
    case ProxyMode::System:
        break; // QNetworkProxyFactory's application default
    case ProxyMode::None:
        m_nam.setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        break;
    case ProxyMode::Manual: {
        const QUrl &url = m_profile.proxyUrl;
        m_nam.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, url.host(), quint16(url.port(3128)),
                                     url.userName(), url.password()));
        break;
    }
    }
}

QUrl Transport::currentBaseUrl() const
{
    if (m_profile.urls.isEmpty())
        return {};
    return m_profile.urls.value(m_urlIndex);
}

QString Transport::encodePathSegment(const QString &segment)
{
    // Everything but unreserved characters is encoded, ':' and '/' included.
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

QUrl Transport::buildUrl(const RequestSpec &spec, int urlIndex) const
{
    if (spec.absoluteUrl.isValid() && !spec.absoluteUrl.isEmpty())
        return spec.absoluteUrl;
    QUrl url = m_profile.urls.value(urlIndex);
    QString path = url.path(QUrl::FullyEncoded);
    while (path.endsWith(u'/'))
        path.chop(1);
    for (const QString &segment : spec.path)
        path += u'/' + encodePathSegment(segment);
    if (spec.path.isEmpty())
        path += u'/';
    url.setPath(path, QUrl::StrictMode);
    if (!spec.query.isEmpty()) {
        // Query values are encoded fully too: ':*:' → '%3A*%3A' is what strict servers expect.
        QStringList items;
        for (const auto &[key, value] : spec.query.queryItems(QUrl::FullyDecoded))
            items << encodePathSegment(key) + u'=' + encodePathSegment(value);
        url.setQuery(items.join(u'&'), QUrl::StrictMode);
    }
    return url;
}

void Transport::applyHeaders(QNetworkRequest &request, const RequestSpec &spec) const
{
    QSslConfiguration ssl = m_sslConfiguration;
    // Turning verification off is a choice about the registry; the OAuth token endpoint receives the
    // client secret and is always verified.
    if (!spec.absoluteUrl.isEmpty())
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    request.setSslConfiguration(ssl);
    request.setRawHeader("Accept", acceptHeader());
    request.setRawHeader("Confluent-Accept-Unknown-Properties", "true");
    request.setRawHeader("User-Agent", "SchemaDesk/" SD_VERSION_STRING);
    if (!spec.body.isEmpty() || spec.method == "POST" || spec.method == "PUT")
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          spec.contentType.isEmpty() ? registryContentType() : spec.contentType);
    if (spec.absoluteUrl.isEmpty()) {
        for (const ExtraHeader &header : m_profile.extraHeaders) {
            const QString value = looksSecretHeader(header.name) && header.value.isEmpty()
                                      ? m_secrets.value(SecretName::forHeader(header.name))
                                      : header.value;
            request.setRawHeader(header.name.toLatin1(), value.toUtf8());
        }
    }
    for (const auto &[name, value] : spec.headers)
        request.setRawHeader(name, value);
    if (spec.authenticate && m_auth)
        m_auth->apply(request);
}

RequestJob *Transport::createJob(RequestSpec spec)
{
    return new RequestJob(this, std::move(spec));
}

void Transport::enqueue(RequestJob *job)
{
    if (job->spec().intent == Intent::TokenFetch) {
        // Token fetches skip the queue: the requests waiting for the token may hold every slot.
        m_active.append(job);
        job->begin();
        return;
    }
    m_queue.push_back(job);
    Q_EMIT activityChanged(activeCount() + queuedCount());
    pump();
}

void Transport::remove(RequestJob *job)
{
    m_active.removeAll(job);
    std::erase_if(m_queue, [job](const QPointer<RequestJob> &queued) { return queued == job || !queued; });
    Q_EMIT activityChanged(activeCount() + queuedCount());
    if (!m_shuttingDown)
        pump();
}

void Transport::pump()
{
    while (int(m_active.size()) < qMax(1, m_profile.maxConcurrentRequests) && !m_queue.empty()) {
        QPointer<RequestJob> job = m_queue.front();
        m_queue.pop_front();
        if (!job)
            continue;
        m_active.append(job);
        job->begin();
    }
}

bool Transport::failoverFrom(int index)
{
    if (m_profile.urls.size() < 2)
        return false;
    if (index == m_urlIndex) {
        m_urlIndex = (m_urlIndex + 1) % int(m_profile.urls.size());
        qCInfo(lcRegistry) << m_profile.name << "fails over to" << currentBaseUrl().toString();
    }
    return true;
}

void Transport::abortAll()
{
    // Copy first: aborting a job removes it from both lists.
    QList<QPointer<RequestJob>> jobs;
    for (const auto &job : m_queue)
        jobs.append(job);
    for (RequestJob *job : std::as_const(m_active))
        jobs.append(job);
    for (const auto &job : jobs) {
        if (job)
            job->abort();
    }
}

void Transport::record(const RequestJob &job)
{
    Q_EMIT requestFinished(const_cast<RequestJob *>(&job));
    if (!m_log)
        return;
    HttpLogEntry entry;
    entry.time = QDateTime::currentDateTimeUtc().addMSecs(-job.elapsedMs());
    entry.connectionName = m_profile.name;
    entry.method = job.spec().method;
    entry.url = job.url().isValid() ? job.url() : buildUrl(job.spec(), m_urlIndex);
    entry.status = job.httpStatus();
    entry.durationMs = job.elapsedMs();
    entry.responseSize = job.body().size();
    entry.error = job.error().isError() ? job.error().summary() : QString();
    entry.requestId = QString::fromLatin1(job.responseHeader("X-Request-Id"));
    entry.attempts = job.attempts();
    entry.requestHeaders = job.m_sentHeaders;
    entry.requestBody = job.spec().body;
    m_log->append(std::move(entry));
}

} // namespace sd::registry
