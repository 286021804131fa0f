#include "SigV4Signer.h"

#include <algorithm>
#include <map>
#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace sd::glue {

namespace {
constexpr char algorithm[] = "AWS4-HMAC-SHA256";

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

// Unreserved characters (A-Z a-z 0-9 - _ . ~) stay, everything else is %XX with capitals.
QByteArray uriEncode(const QByteArray &bytes)
{
    return bytes.toPercentEncoding();
}

// Header values are trimmed and their runs of spaces folded into one.
QByteArray foldSpaces(const QByteArray &value)
{
    QByteArray folded;
    folded.reserve(value.size());
    bool space = false;
    for (char c : value.trimmed()) {
        const bool isSpace = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (isSpace && space)
            continue;
        folded += isSpace ? ' ' : c;
        space = isSpace;
    }
    return folded;
}
} // namespace

SigV4Signer::SigV4Signer(AwsCredentials credentials, QString region, QString service)
    : m_credentials(std::move(credentials))
    , m_region(std::move(region))
    , m_service(std::move(service))
{}

QByteArray SigV4Signer::hexSha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray SigV4Signer::signingKey(const QString &secretAccessKey, const QByteArray &date,
                                   const QString &region, const QString &service)
{
    const QByteArray kDate = hmac("AWS4" + secretAccessKey.toUtf8(), date);
    const QByteArray kRegion = hmac(kDate, region.toUtf8());
    const QByteArray kService = hmac(kRegion, service.toUtf8());
    return hmac(kService, "aws4_request");
}

QByteArray SigV4Signer::canonicalUri(const QUrl &url)
{
    const QByteArray path = url.path(QUrl::FullyDecoded).toUtf8();
    QByteArrayList segments;
    for (const QByteArray &segment : path.split('/')) {
        if (segment.isEmpty() || segment == ".")
            continue;
        if (segment == "..") {
            if (!segments.isEmpty())
                segments.removeLast();
            continue;
        }
        segments << uriEncode(segment);
    }
    QByteArray canonical = '/' + segments.join('/');
    const bool trailingSlash = path.endsWith('/') || path.endsWith("/.") || path.endsWith("/..");
    if (!segments.isEmpty() && trailingSlash)
        canonical += '/';
    return canonical;
}

QByteArray SigV4Signer::canonicalQuery(const QUrl &url)
{
    const QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    if (query.isEmpty())
        return {};
    QList<QPair<QByteArray, QByteArray>> pairs;
    for (const QByteArray &item : query.split('&')) {
        if (item.isEmpty())
            continue;
        const qsizetype equals = item.indexOf('=');
        const QByteArray name = equals < 0 ? item : item.left(equals);
        const QByteArray value = equals < 0 ? QByteArray() : item.mid(equals + 1);
        pairs.append({uriEncode(QByteArray::fromPercentEncoding(name)),
                      uriEncode(QByteArray::fromPercentEncoding(value))});
    }
    std::sort(pairs.begin(), pairs.end());
    QByteArrayList items;
    for (const auto &[name, value] : std::as_const(pairs))
        items << name + '=' + value;
    return items.join('&');
}

QByteArray SigV4Signer::hostHeader(const QUrl &url)
{
    const int defaultPort = url.scheme() == "https"_L1 ? 443 : 80;
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (url.host().contains(u':'))
        host = '[' + host + ']'; // an IPv6 literal, as the Host header carries it
    if (url.port() > 0 && url.port() != defaultPort)
        host += ':' + QByteArray::number(url.port());
    return host;
}

SigV4Signature SigV4Signer::sign(const SigV4Request &request, const QDateTime &now, bool contentSha256) const
{
    const QDateTime utc = now.toTimeZone(QTimeZone::UTC);
    const QByteArray amzDate = utc.toString(u"yyyyMMdd'T'HHmmss'Z'"_s).toLatin1();
    const QByteArray date = amzDate.left(8);
    const QByteArray payloadHash = hexSha256(request.body);

    SigV4Signature result;
    result.headersToAdd.append({"X-Amz-Date", amzDate});
    if (!m_credentials.sessionToken.isEmpty())
        result.headersToAdd.append({"X-Amz-Security-Token", m_credentials.sessionToken.toUtf8()});
    if (contentSha256)
        result.headersToAdd.append({"X-Amz-Content-Sha256", payloadHash});

    // Lower-case names, sorted; a name given more than once keeps its values in order, joined by commas.
    std::map<QByteArray, QByteArrayList> headers;
    headers["host"] << hostHeader(request.url);
    for (const auto &[name, value] : request.headers + result.headersToAdd)
        headers[name.toLower().trimmed()] << foldSpaces(value);
    QByteArray canonicalHeaders;
    QByteArrayList names;
    for (const auto &[name, values] : headers) {
        canonicalHeaders += name + ':' + values.join(',') + '\n';
        names << name;
    }
    result.signedHeaders = names.join(';');

    result.canonicalRequest = request.method + '\n' + canonicalUri(request.url) + '\n' +
                              canonicalQuery(request.url) + '\n' + canonicalHeaders + '\n' +
                              result.signedHeaders + '\n' + payloadHash;
    const QByteArray scope = date + '/' + m_region.toUtf8() + '/' + m_service.toUtf8() + "/aws4_request";
    result.stringToSign =
        QByteArray(algorithm) + '\n' + amzDate + '\n' + scope + '\n' + hexSha256(result.canonicalRequest);
    const QByteArray key = signingKey(m_credentials.secretAccessKey, date, m_region, m_service);
    result.signature = hmac(key, result.stringToSign).toHex();
    result.authorization = QByteArray(algorithm) + " Credential=" + m_credentials.accessKeyId.toUtf8() + '/' +
                           scope + ", SignedHeaders=" + result.signedHeaders +
                           ", Signature=" + result.signature;
    result.headersToAdd.append({"Authorization", result.authorization});
    return result;
}

} // namespace sd::glue
