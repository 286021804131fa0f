#pragma once

#include "ApiError.h"

#include <optional>
#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

class QNetworkReply;

namespace sd::registry {

class Transport;

// What to send. Path segments are given decoded and are percent-encoded one by one, so a qualified
// subject such as ":.ctx:a/b" stays a single segment.
struct RequestSpec
{
    QByteArray method = "GET";
    QStringList path; // e.g. {"subjects", ":.ctx:a/b", "versions"}
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType; // default: the registry's JSON type when there is a body
    Intent intent = Intent::Read;
    bool retryable = false; // safe to resend on 502/503/504 and timeouts (GET is always)
    int timeoutMs = 0;      // 0 = the profile's request timeout (of inactivity)
    int deadlineMs = 0;     // 0 = the profile's request deadline (absolute, from the first send)
    QUrl absoluteUrl;       // set = not a registry path (e.g. the OAuth token endpoint)
    bool authenticate = true;
    QList<QPair<QByteArray, QByteArray>> headers; // extra per-request headers

    static RequestSpec get(QStringList path, QUrlQuery query = {});
};

// One HTTP exchange with its own lifecycle: queued → sent (possibly several attempts: failover, retry,
// token renewal) → finished exactly once. Deletes itself after finished() unless autoDelete is off.
class RequestJob : public QObject
{
    Q_OBJECT
public:
    enum class State { Created, Queued, WaitingForAuth, Sending, WaitingToRetry, Finished };

    ~RequestJob() override;

    const RequestSpec &spec() const { return m_spec; }
    State state() const { return m_state; }
    bool isFinished() const { return m_state == State::Finished; }

    void start();
    // Finishes with ErrorKind::Aborted (unless already finished); safe to call at any time.
    void abort();

    void setAutoDelete(bool autoDelete) { m_autoDelete = autoDelete; }
    // The job will finish with this error as soon as it starts, without sending anything (e.g. a write on a
    // read-only connection). Keeps one delivery path for every outcome.
    void refuse(ApiError error) { m_refusal = std::move(error); }

    // Valid after finished().
    bool succeeded() const { return m_state == State::Finished && !m_error.isError(); }
    const ApiError &error() const { return m_error; }
    int httpStatus() const { return m_httpStatus; }
    const QByteArray &body() const { return m_body; }
    QByteArray responseHeader(const QByteArray &name) const;
    QUrl url() const { return m_url; }
    int attempts() const { return m_attempts; }
    qint64 elapsedMs() const { return m_elapsed.isValid() ? m_elapsed.elapsed() : 0; }
    quint64 tag() const { return m_tag; }
    void setTag(quint64 tag) { m_tag = tag; }

    // Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as milliseconds from `now`, clamped
    // to [0, maxRetryAfterMs]; nullopt for anything else (negative numbers and garbage included).
    static constexpr qint64 maxRetryAfterMs = 24LL * 3600 * 1000;
    static std::optional<qint64> parseRetryAfter(QByteArrayView value, const QDateTime &now);
    // "the registry answered HTML, not JSON — …" when a 2xx body is a web page; empty otherwise.
    static QString htmlInsteadOfJson(const QByteArray &contentType, const QByteArray &body);

Q_SIGNALS:
    void finished(sd::registry::RequestJob *job);

private:
    friend class Transport;
    RequestJob(Transport *transport, RequestSpec spec);

    void begin(); // called by the transport when a concurrency slot is free
    void send();
    void onReplyFinished();
    void onTimeout();
    void onDeadline();
    void checkSize(qint64 bytes, bool declared);
    void receive(QByteArray data);
    void joinPieces();
    void onTransportFailure(QNetworkReply *reply, bool idempotent);
    void onHttpStatus(QNetworkReply *reply, bool idempotent);
    // True when waiting `delayMs` before another attempt still leaves time before the deadline.
    bool canWait(qint64 delayMs) const;
    void scheduleRetry(qint64 delayMs);
    void finish(ApiError error);
    ApiError classifyNetworkError(QNetworkReply *reply) const;
    ApiError deadlineError() const;
    ApiError tooLargeError() const;
    qint64 retryDelayMs(QNetworkReply *reply) const;
    int deadlineMs() const;
    QString hostText() const;

    QPointer<Transport> m_transport;
    RequestSpec m_spec;
    State m_state = State::Created;
    QNetworkReply *m_reply = nullptr;
    QTimer m_timeoutTimer;
    QTimer m_retryTimer;
    QTimer m_deadlineTimer;
    QElapsedTimer m_elapsed;
    QElapsedTimer m_attemptTimer;
    QList<QSslError> m_sslErrors;
    ApiError m_error;
    ApiError m_refusal;
    QByteArray m_body;
    // A body of unknown length arrives in pieces, joined once it is complete: growing one buffer would
    // copy it over and over and hold up to twice the size the cap allows.
    QByteArrayList m_pieces;
    qint64 m_piecesSize = 0;
    QList<QPair<QByteArray, QByteArray>> m_responseHeaders;
    QList<QPair<QByteArray, QByteArray>> m_sentHeaders;
    QUrl m_url;
    int m_httpStatus = 0;
    int m_attempts = 0;
    int m_retries = 0;
    int m_urlIndex = -1;
    int m_failovers = 0;
    bool m_timedOut = false;
    bool m_deadlineExceeded = false;
    qint64 m_tooLarge = -1; // the size that passed maxResponseBytes
    bool m_tooLargeDeclared = false;
    qint64 m_received = 0; // bytes of the current attempt's body so far
    bool m_aborting = false;
    bool m_authRenewed = false;
    bool m_autoDelete = true;
    quint64 m_tag = 0;
};

} // namespace sd::registry
