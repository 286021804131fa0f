#pragma once

#include <deque>
#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>

namespace sd::registry {

// One request as the user may inspect it. Secrets are redacted before an entry is stored.
struct HttpLogEntry
{
    quint64 serial = 0;
    QDateTime time; // when the request started (UTC)
    QString connectionName;
    QByteArray method;
    QUrl url;
    int status = 0; // 0 = no HTTP answer
    qint64 durationMs = 0;
    qint64 responseSize = 0;
    QString error;     // empty on success
    QString requestId; // X-Request-Id from the server
    int attempts = 1;
    QList<QPair<QByteArray, QByteArray>> requestHeaders; // redacted
    QByteArray requestBody;                              // redacted, truncated

    // A curl command line that repeats the request; credentials appear as placeholders.
    QString toCurl() const;
};

// Bounded in-memory ring of the HTTP traffic of all connections.
class HttpLog : public QObject
{
    Q_OBJECT
public:
    explicit HttpLog(int capacity = 2000, QObject *parent = nullptr);

    int capacity() const { return m_capacity; }
    int size() const { return int(m_entries.size()); }
    const HttpLogEntry &at(int row) const { return m_entries.at(size_t(row)); }
    QList<HttpLogEntry> entries() const;
    void clear();

    // Redacts and stores; returns the serial number.
    quint64 append(HttpLogEntry entry);

    static constexpr qsizetype maxStoredBody = 64 * 1024;
    static QByteArray redactBody(const QByteArray &body);
    static QUrl redactUrl(const QUrl &url);
    static QList<QPair<QByteArray, QByteArray>>
    redactHeaders(const QList<QPair<QByteArray, QByteArray>> &headers);
    static QByteArray redactedPlaceholder() { return QByteArrayLiteral("<redacted>"); }

Q_SIGNALS:
    // For item models: the oldest entry goes first when the ring is full, then the new one is added.
    void aboutToDropOldest();
    void droppedOldest();
    void aboutToAppend();
    void appended();
    void cleared();

private:
    int m_capacity;
    quint64 m_nextSerial = 1;
    std::deque<HttpLogEntry> m_entries;
};

} // namespace sd::registry
