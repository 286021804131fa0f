#include "HttpLog.h"

#include "ConnectionProfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {

QJsonValue redactJson(const QJsonValue &value)
{
    if (value.isObject()) {
        QJsonObject obj = value.toObject();
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            if (looksSecretKey(it.key()) && !it.value().isObject() && !it.value().isArray())
                it.value() = QString::fromLatin1(HttpLog::redactedPlaceholder());
            else
                it.value() = redactJson(it.value());
        }
        return obj;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = redactJson(array.at(i));
        return array;
    }
    return value;
}

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u"'"_s, u"'\\''"_s);
    return u"'"_s + quoted + u"'"_s;
}

} // namespace

HttpLog::HttpLog(int capacity, QObject *parent)
    : QObject(parent)
    , m_capacity(qMax(1, capacity))
{}

QList<HttpLogEntry> HttpLog::entries() const
{
    return QList<HttpLogEntry>(m_entries.begin(), m_entries.end());
}

void HttpLog::clear()
{
    m_entries.clear();
    Q_EMIT cleared();
}

quint64 HttpLog::append(HttpLogEntry entry)
{
    entry.serial = m_nextSerial++;
    entry.url = redactUrl(entry.url);
    entry.requestHeaders = redactHeaders(entry.requestHeaders);
    entry.requestBody = redactBody(entry.requestBody);
    if (int(m_entries.size()) >= m_capacity) {
        Q_EMIT aboutToDropOldest();
        m_entries.pop_front();
        Q_EMIT droppedOldest();
    }
    Q_EMIT aboutToAppend();
    m_entries.push_back(std::move(entry));
    Q_EMIT appended();
    return m_entries.back().serial;
}

QByteArray HttpLog::redactBody(const QByteArray &body)
{
    if (body.isEmpty())
        return body;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    QByteArray result;
    if (error.error == QJsonParseError::NoError) {
        const QJsonValue redacted =
            redactJson(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
        result = redacted.isObject() ? QJsonDocument(redacted.toObject()).toJson(QJsonDocument::Compact)
                                     : QJsonDocument(redacted.toArray()).toJson(QJsonDocument::Compact);
    } else if (body.contains('=') && !body.contains('{')) {
        // application/x-www-form-urlencoded, e.g. an OAuth token request.
        QUrlQuery form(QString::fromUtf8(body));
        const auto items = form.queryItems(QUrl::FullyEncoded);
        QUrlQuery clean;
        for (const auto &[key, value] : items)
            clean.addQueryItem(key, looksSecretKey(key) ? QString::fromLatin1(redactedPlaceholder()) : value);
        result = clean.toString(QUrl::FullyEncoded).toUtf8();
    } else {
        // Not structured: we cannot tell where a secret would be, so keep only what is safe to show.
        result = body;
        for (const char *needle : {"secret", "password", "token"}) {
            if (body.contains(needle)) {
                result = redactedPlaceholder();
                break;
            }
        }
    }
    if (result.size() > maxStoredBody)
        result = result.left(maxStoredBody) + "…";
    return result;
}

QUrl HttpLog::redactUrl(const QUrl &url)
{
    QUrl clean = url;
    if (!clean.password().isEmpty())
        clean.setPassword(QString::fromLatin1(redactedPlaceholder()));
    if (clean.hasQuery()) {
        QUrlQuery query(clean);
        bool changed = false;
        auto items = query.queryItems(QUrl::FullyDecoded);
        for (auto &[key, value] : items) {
            if (looksSecretKey(key)) {
                value = QString::fromLatin1(redactedPlaceholder());
                changed = true;
            }
        }
        if (changed) {
            QUrlQuery rebuilt;
            rebuilt.setQueryItems(items);
            clean.setQuery(rebuilt);
        }
    }
    return clean;
}

QList<QPair<QByteArray, QByteArray>>
HttpLog::redactHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QList<QPair<QByteArray, QByteArray>> clean;
    clean.reserve(headers.size());
    for (const auto &[name, value] : headers) {
        const QString headerName = QString::fromLatin1(name);
        if (looksSecretHeader(headerName)) {
            // Keep the scheme (Basic/Bearer) so the curl line shows what kind of credential goes there.
            const qsizetype space = value.indexOf(' ');
            const bool hasScheme = name.compare("authorization", Qt::CaseInsensitive) == 0 && space > 0;
            clean.append(
                {name, hasScheme ? value.left(space + 1) + redactedPlaceholder() : redactedPlaceholder()});
        } else {
            clean.append({name, value});
        }
    }
    return clean;
}

QString HttpLogEntry::toCurl() const
{
    QStringList parts{u"curl"_s, u"-sS"_s};
    if (method != "GET")
        parts << u"-X"_s << QString::fromLatin1(method);
    for (const auto &[name, value] : requestHeaders)
        parts << u"-H"_s << shellQuote(QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value));
    if (!requestBody.isEmpty())
        parts << u"--data-binary"_s << shellQuote(QString::fromUtf8(requestBody));
    parts << shellQuote(url.toString(QUrl::FullyEncoded));
    return parts.join(u' ');
}

} // namespace sd::registry
