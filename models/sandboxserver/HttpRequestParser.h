#pragma once

#include "sandboxserver/HttpMessage.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace sd::sandbox {

struct HttpServerLimits
{
    qsizetype maxHeaderBytes = 64 * 1024;      // request line + headers → 431 beyond
    qsizetype maxBodyBytes = 32 * 1024 * 1024; // → 413 beyond
    int maxHeaderCount = 200;                  // → 431 beyond
    int idleTimeoutMs = 120 * 1000;            // an idle keep-alive connection is closed after this
    // Slowloris: a request's head must be complete this long after its first byte, its body this
    // long after the head (→ 408 and the connection closes); and at most this many connections at once
    // (→ 503 for the ones beyond, closed at once).
    int headerTimeoutMs = 10 * 1000;
    int bodyTimeoutMs = 60 * 1000;
    int maxConnections = 256;
};

// The socket-free HTTP/1.1 request parser behind HttpServer (and its fuzz target): bytes go in with
// feed(), next() says what became complete. Content-Length and chunked bodies, stray empty lines
// between requests, 100-continue, per-segment percent-decoding, size limits; the head is reported
// before the body is read so a server can refuse a request (authentication) without reading it.
class HttpRequestParser
{
public:
    enum class Event {
        NeedMore, // nothing complete yet: feed more bytes
        Head,     // request() has the request line and headers; the body follows (call next() again)
        Request,  // request() is complete; takeRequest() it, then next() parses the following one
        Error,    // malformed or too large: errorStatus()/errorMessage(); the connection must close
    };

    explicit HttpRequestParser(const HttpServerLimits &limits);

    void feed(QByteArrayView data) { m_in.append(data); }
    Event next();

    const HttpRequest &request() const { return m_request; }
    HttpRequest takeRequest();
    // Fields copied into every request (the peer, TLS state).
    void setConnectionInfo(const HttpRequest &info);

    // After Head: whether the client waits for "100 Continue" before sending the body.
    bool wantsContinue() const { return m_wantsContinue; }
    bool keepAlive() const { return m_keepAlive; }
    bool closeAfterResponse() const { return m_closeAfterResponse; }
    // A request has begun (bytes of its head or its body arrived) but is not complete.
    bool inHead() const { return m_state == State::Head && !m_in.isEmpty(); }
    bool inBody() const { return m_state != State::Head && m_state != State::Failed; }
    qsizetype buffered() const { return m_in.size(); }

    int errorStatus() const { return m_errorStatus; }
    const QString &errorMessage() const { return m_errorMessage; }

private:
    enum class State {
        Head,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Failed,
    };

    Event parseHeadBlock();
    bool parseHead(qsizetype headEnd, qsizetype separatorLength);
    bool parseTarget(HttpRequest *request);
    bool parseFraming(const HttpRequest &request);
    Event step();
    Event fail(int status, const QString &message);

    HttpServerLimits m_limits;
    HttpRequest m_connection;
    QByteArray m_in;
    State m_state = State::Head;
    HttpRequest m_request;
    qsizetype m_bodyRemaining = 0;
    bool m_chunked = false;
    bool m_keepAlive = true;
    bool m_closeAfterResponse = false;
    bool m_wantsContinue = false;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace sd::sandbox
