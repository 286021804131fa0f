#pragma once

#include "ApiError.h"
#include "ConnectionProfile.h"

#include <memory>
#include <QDeadlineTimer>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>

namespace sd::registry {

class Transport;
class RequestJob;

// Puts credentials on requests. Token-based variants fetch lazily and say when they are ready.
class Authenticator : public QObject
{
    Q_OBJECT
public:
    static std::unique_ptr<Authenticator> create(const ConnectionProfile &profile,
                                                 const ConnectionSecrets &secrets, Transport *transport);

    virtual void apply(QNetworkRequest &request) const = 0;
    // False while a token must be fetched (none yet, or close to expiry).
    virtual bool isReady() const { return true; }
    // Starts a fetch if none runs; ready() follows.
    virtual void prepare() {}
    // A 401 may mean the token expired early: drop it so the next request fetches a new one.
    virtual bool canRenew() const { return false; }
    virtual void invalidate() {}
    // One line for "Test connection": what kind of credential was used.
    virtual QString describe() const = 0;

Q_SIGNALS:
    void ready(const sd::registry::ApiError &error);
};

// OAuth 2 client credentials (RFC 6749 §4.4): client id and secret in HTTP Basic, grant and scope in
// the form body; the token is renewed before it expires and once after a 401.
class OAuthAuthenticator : public Authenticator
{
    Q_OBJECT
public:
    OAuthAuthenticator(const ConnectionProfile &profile, const QString &clientSecret, Transport *transport);

    void apply(QNetworkRequest &request) const override;
    bool isReady() const override;
    void prepare() override;
    bool canRenew() const override { return true; }
    void invalidate() override;
    QString describe() const override;

    int tokensFetched() const { return m_tokensFetched; }
    QDeadlineTimer refreshDeadline() const { return m_refreshAt; }

private:
    void onTokenReply(RequestJob *job);

    ConnectionProfile m_profile;
    QString m_clientSecret;
    QPointer<Transport> m_transport;
    QPointer<RequestJob> m_fetch;
    QByteArray m_token;
    QDeadlineTimer m_refreshAt{QDeadlineTimer::Forever};
    int m_tokensFetched = 0;
};

} // namespace sd::registry
