#pragma once

#include <QByteArray>
#include <QList>
#include <QSslError>
#include <QString>

namespace sd::registry {

// What a request was trying to do; the same error code means different things for a read and a write.
enum class Intent {
    Read,
    Register,
    Lookup,
    CompatibilityCheck,
    SoftDelete,
    PermanentDelete,
    ConfigChange,
    ModeChange,
    ContextDelete,
    ExporterChange,
    ImporterRead,
    ImporterChange,
    TokenFetch,
};

enum class ErrorKind {
    None,
    Http,              // the server answered with a 4xx/5xx status
    Timeout,           // no complete answer within the request's timeout
    ConnectionRefused, // nothing listens on that host and port
    HostNotFound,
    Tls,            // handshake failed: unknown CA, expired, wrong host, client certificate refused
    Network,        // any other transport failure
    MalformedReply, // the server answered 2xx but the body is not what the API promises
    Aborted,        // cancelled by the application (shutdown, user moved on)
    Configuration,  // the connection profile cannot be used as it is (missing file, bad URL)
    Limit,          // a limit of the connection was reached: answer too large, too many requests waiting
};

// Errors as values: everything a screen or the HTTP log needs to say what went wrong and what to do.
struct ApiError
{
    ErrorKind kind = ErrorKind::None;
    int httpStatus = 0;
    int errorCode = 0; // Confluent error_code from the body; 0 when there was none
    QString serverMessage;
    QString explanation; // one line: what it means and what to do
    QByteArray rawBody;  // kept for the log, never shown raw in a dialog
    QList<QSslError> sslErrors;

    bool isError() const { return kind != ErrorKind::None; }
    bool isHttp(int status) const { return kind == ErrorKind::Http && httpStatus == status; }
    bool isNotFound() const { return isHttp(404); }
    // Unknown route: 404/405 whose error_code is not a 5-digit domain code.
    bool isUnsupportedEndpoint() const;
    // CP <= 8.1 says 409/409, newer 409/40901: both mean the schema is incompatible.
    bool isIncompatible() const { return isHttp(409) && (errorCode == 409 || errorCode == 40901); }
    bool isAuthFailure() const { return isHttp(401) || (isHttp(403)); }
    bool isRetryableStatus() const;

    // "HTTP 404 · 40401 · Subject 'x' not found." — a compact line for status bars and logs.
    QString summary() const;
    // summary plus explanation, for a message box or an inline error label.
    QString toDisplayString() const;

    static ApiError fromHttp(int httpStatus, const QByteArray &body, Intent intent);
    static ApiError malformed(const QString &what, const QByteArray &body = {});
    static ApiError make(ErrorKind kind, const QString &message, const QString &explanation = {});
};

// The table behind ApiError::explanation; public so the UI can explain codes it finds elsewhere
// (for example inside an exporter's trace).
QString explainErrorCode(int errorCode, int httpStatus, Intent intent);

QString errorKindName(ErrorKind kind);

} // namespace sd::registry
