#include "sandboxserver/OriginPolicy.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

// "name:port", "1.2.3.4:port", "[::1]:port" or without the port → the host, lower case.
QString hostOf(const QByteArray &authority)
{
    QString text = QString::fromLatin1(authority).trimmed().toLower();
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        return close < 0 ? QString() : text.mid(1, close - 1);
    }
    const qsizetype colon = text.indexOf(u':');
    if (colon >= 0 && text.indexOf(u':', colon + 1) < 0)
        text.truncate(colon);
    while (text.endsWith(u'.'))
        text.chop(1); // "localhost." is localhost
    return text;
}

bool isLocalhostName(const QString &host)
{
    return host == u"localhost" || host.endsWith(u".localhost");
}

} // namespace

OriginPolicy::OriginPolicy()
    : m_localHostName(QHostInfo::localHostName().toLower())
{}

void OriginPolicy::setAllowedHosts(const QStringList &hosts)
{
    m_allowed.clear();
    m_any = false;
    for (const QString &host : hosts) {
        const QString name = host.trimmed().toLower();
        if (name == u"*")
            m_any = true;
        else if (!name.isEmpty())
            m_allowed.append(name);
    }
}

bool OriginPolicy::nameAllowed(const QString &host) const
{
    return isLocalhostName(host) || (!m_localHostName.isEmpty() && host == m_localHostName) ||
           m_allowed.contains(host);
}

bool OriginPolicy::hostAllowed(const QByteArray &hostHeader) const
{
    if (m_any || hostHeader.trimmed().isEmpty())
        return true; // HTTP/1.0 clients may send none; browsers always do
    const QString host = hostOf(hostHeader);
    if (host.isEmpty())
        return false;
    // An address was typed or configured, not looked up: a rebinding attack needs a name.
    return !QHostAddress(host).isNull() || nameAllowed(host);
}

bool OriginPolicy::originAllowed(const QByteArray &origin) const
{
    if (m_any)
        return true;
    const QUrl url(QString::fromLatin1(origin.trimmed()));
    if (!url.isValid() || url.host().isEmpty())
        return false; // "null" (sandboxed frames, file: pages) and anything unparsable
    const QString host = url.host().toLower();
    const QHostAddress address(host);
    if (!address.isNull())
        return address.isLoopback() || m_allowed.contains(host);
    return nameAllowed(host);
}

std::optional<HttpResponse> OriginPolicy::check(const HttpRequest &head) const
{
    const QByteArray host = head.header("Host");
    if (!hostAllowed(host)) {
        return HttpResponse::error(
            403, 403,
            u"Forbidden: this sandbox does not answer to the host name '%1' (a web page using DNS rebinding "
            "would look like this). It answers to IP addresses, localhost and this machine's name; start it "
            "with --allow-host %2 to accept this one."_s.arg(QString::fromLatin1(host), hostOf(host)));
    }
    if (head.hasHeader("Origin") && !originAllowed(head.header("Origin"))) {
        return HttpResponse::error(
            403, 403,
            u"Forbidden: requests from the web page at %1 are refused; a browser sends them on behalf of "
            "whatever site is open. Pages on localhost are accepted; start the sandbox with --allow-host "
            "NAME to accept another site."_s.arg(QString::fromLatin1(head.header("Origin"))));
    }
    return std::nullopt;
}

} // namespace sd::sandbox
