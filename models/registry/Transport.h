#pragma once

#include "ConnectionProfile.h"
#include "RequestJob.h"

#include <deque>
#include <memory>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>

namespace sd::registry {

class Authenticator;
class HttpLog;

// The HTTP side of one connection: network manager, TLS and proxy setup, authentication, URL
// failover, a bounded queue of requests and the HTTP log. RegistryClient builds on it.
class Transport : public QObject
{
    Q_OBJECT
public:
    Transport(const ConnectionProfile &profile, const ConnectionSecrets &secrets, HttpLog *log = nullptr,
              QObject *parent = nullptr);
    ~Transport() override;

    const ConnectionProfile &profile() const { return m_profile; }
    QNetworkAccessManager *networkAccessManager() { return &m_nam; }
    Authenticator *authenticator() const { return m_auth.get(); }

    // A job owned by the transport; call start() on it. With a broken profile (unreadable certificate,
    // no URL) the job finishes with ErrorKind::Configuration.
    RequestJob *createJob(RequestSpec spec);
    // Every queued and running request finishes with ErrorKind::Aborted.
    void abortAll();

    int activeCount() const { return int(m_active.size()); }
    int queuedCount() const { return int(m_queue.size()); }
    // Non-empty when the profile cannot be used (e.g. the client key file does not load).
    QString configurationError() const { return m_configurationError; }

    QUrl currentBaseUrl() const;
    int currentUrlIndex() const { return m_urlIndex; }
    QUrl buildUrl(const RequestSpec &spec, int urlIndex) const;
    static QString encodePathSegment(const QString &segment);

    // First backoff step; the delay doubles per retry. Tests shorten it.
    void setRetryBaseDelayMs(int ms) { m_retryBaseDelayMs = ms; }
    int retryBaseDelayMs() const { return m_retryBaseDelayMs; }

    static QByteArray acceptHeader();
    static QByteArray registryContentType();

Q_SIGNALS:
    void activityChanged(int requestsInFlight);
    void requestFinished(sd::registry::RequestJob *job);

private:
    friend class RequestJob;
    void setupTls();
    void setupProxy();
    void enqueue(RequestJob *job);
    void remove(RequestJob *job);
    void pump();
    void applyHeaders(QNetworkRequest &request, const RequestSpec &spec) const;
    // Moves to the next URL after a connection failure on `index`; returns false when none is left.
    bool failoverFrom(int index);
    void record(const RequestJob &job);

    ConnectionProfile m_profile;
    ConnectionSecrets m_secrets;
    QPointer<HttpLog> m_log;
    QNetworkAccessManager m_nam;
    QSslConfiguration m_sslConfiguration;
    std::unique_ptr<Authenticator> m_auth;
    std::deque<QPointer<RequestJob>> m_queue;
    QList<RequestJob *> m_active;
    QString m_configurationError;
    int m_urlIndex = 0;
    int m_retryBaseDelayMs = 250;
    bool m_shuttingDown = false;

    friend class Authenticator;
    friend class OAuthAuthenticator;
};

} // namespace sd::registry
