#include "Authenticator.h"

#include "RegistryLog.h"
#include "RequestJob.h"
#include "Transport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {

class NoAuthenticator : public Authenticator
{
public:
    explicit NoAuthenticator(bool clientCertificate)
        : m_clientCertificate(clientCertificate)
    {}
    void apply(QNetworkRequest &) const override {}
    QString describe() const override
    {
        return m_clientCertificate ? u"client certificate (mTLS)"_s : u"no authentication"_s;
    }

private:
    bool m_clientCertificate;
};

class HeaderAuthenticator : public Authenticator
{
public:
    HeaderAuthenticator(QByteArray value, QString description)
        : m_value(std::move(value))
        , m_description(std::move(description))
    {}
    void apply(QNetworkRequest &request) const override { request.setRawHeader("Authorization", m_value); }
    QString describe() const override { return m_description; }

private:
    QByteArray m_value;
    QString m_description;
};

} // namespace

std::unique_ptr<Authenticator> Authenticator::create(const ConnectionProfile &profile,
                                                     const ConnectionSecrets &secrets, Transport *transport)
{
    const bool clientCert = !profile.clientCertFile.isEmpty();
    const QString certNote = clientCert ? u" with a client certificate"_s : QString();
    switch (profile.authType) {
    case AuthType::Basic: {
        const QByteArray pair =
            profile.basicUser.toUtf8() + ':' + secrets.value(SecretName::basicPassword).toUtf8();
        return std::make_unique<HeaderAuthenticator>(
            "Basic " + pair.toBase64(), u"HTTP Basic as '%1'"_s.arg(profile.basicUser) + certNote);
    }
    case AuthType::Bearer:
        return std::make_unique<HeaderAuthenticator>(
            "Bearer " + secrets.value(SecretName::bearerToken).toUtf8(), u"static bearer token"_s + certNote);
    case AuthType::OAuthClientCredentials:
        return std::make_unique<OAuthAuthenticator>(profile, secrets.value(SecretName::oauthClientSecret),
                                                    transport);
    case AuthType::MutualTls:
    case AuthType::None:
        break;
    }
    return std::make_unique<NoAuthenticator>(clientCert);
}

OAuthAuthenticator::OAuthAuthenticator(const ConnectionProfile &profile, const QString &clientSecret,
                                       Transport *transport)
    : m_profile(profile)
    , m_clientSecret(clientSecret)
    , m_transport(transport)
{}

void OAuthAuthenticator::apply(QNetworkRequest &request) const
{
    request.setRawHeader("Authorization", "Bearer " + m_token);
    if (!m_profile.logicalCluster.isEmpty())
        request.setRawHeader("target-sr-cluster", m_profile.logicalCluster.toUtf8());
    if (!m_profile.identityPoolId.isEmpty())
        request.setRawHeader("Confluent-Identity-Pool-Id", m_profile.identityPoolId.toUtf8());
}

bool OAuthAuthenticator::isReady() const
{
    return !m_token.isEmpty() && !m_refreshAt.hasExpired();
}

void OAuthAuthenticator::invalidate()
{
    m_token.clear();
    m_refreshAt = QDeadlineTimer(QDeadlineTimer::Forever);
}

QString OAuthAuthenticator::describe() const
{
    QString text =
        u"OAuth client credentials for '%1' from %2"_s.arg(m_profile.clientId, m_profile.tokenUrl.toString());
    if (m_tokensFetched > 0)
        text += u" (token obtained)"_s;
    return text;
}

void OAuthAuthenticator::prepare()
{
    if (m_fetch || !m_transport)
        return;
    RequestSpec spec;
    spec.method = "POST";
    spec.absoluteUrl = m_profile.tokenUrl;
    spec.authenticate = false;
    spec.intent = Intent::TokenFetch;
    spec.retryable = true; // a client-credentials grant has no side effect worth guarding
    spec.contentType = "application/x-www-form-urlencoded";
    QUrlQuery form;
    form.addQueryItem(u"grant_type"_s, u"client_credentials"_s);
    if (!m_profile.scope.isEmpty())
        form.addQueryItem(u"scope"_s, m_profile.scope);
    spec.body = form.toString(QUrl::FullyEncoded).toUtf8();
    const QByteArray credentials =
        QUrl::toPercentEncoding(m_profile.clientId) + ':' + QUrl::toPercentEncoding(m_clientSecret);
    spec.headers.append(
        qMakePair(QByteArray("Authorization"), QByteArray("Basic " + credentials.toBase64())));
    spec.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    m_fetch = m_transport->createJob(spec);
    connect(m_fetch, &RequestJob::finished, this, &OAuthAuthenticator::onTokenReply);
    m_fetch->start();
}

void OAuthAuthenticator::onTokenReply(RequestJob *job)
{
    m_fetch = nullptr;
    if (!job->succeeded()) {
        ApiError error = job->error();
        if (error.kind == ErrorKind::Http && error.explanation.isEmpty())
            error.explanation = explainErrorCode(0, error.httpStatus, Intent::TokenFetch);
        error.explanation = u"Could not get an OAuth token: "_s + error.explanation;
        error.rawBody.clear(); // token endpoint replies are not kept
        Q_EMIT ready(error);
        return;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(job->body());
    const QJsonObject obj = doc.object();
    const QString token = obj.value("access_token"_L1).toString();
    if (token.isEmpty()) {
        Q_EMIT ready(ApiError::malformed(u"The token endpoint's reply has no access_token."_s));
        return;
    }
    m_token = token.toUtf8();
    ++m_tokensFetched;
    // expires_in is optional (RFC 6749 §5.1); without it, assume an hour.
    const QJsonValue expiresIn = obj.value("expires_in"_L1);
    double lifetimeSeconds =
        expiresIn.isString() ? expiresIn.toString().toDouble() : expiresIn.toDouble(3600);
    if (lifetimeSeconds <= 0)
        lifetimeSeconds = 3600; // some identity providers send it as a string, or not at all
    const qint64 lifetimeMs = qint64(lifetimeSeconds * 1000);
    // Renew at half the lifetime for short tokens and one minute before expiry for long ones.
    const qint64 renewAfterMs = qMax(lifetimeMs / 2, lifetimeMs - 60000);
    m_refreshAt = QDeadlineTimer(renewAfterMs);
    qCDebug(lcRegistry) << "OAuth token obtained; renewing in" << renewAfterMs << "ms";
    Q_EMIT ready(ApiError{});
}

} // namespace sd::registry
