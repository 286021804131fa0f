#include "sandboxserver/BasicAuth.h"

#include "sandboxserver/MediaTypes.h"

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

// Compares in a time that depends only on the lengths, so a password cannot be guessed byte by byte
// from how fast it is refused.
bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    unsigned difference = a.size() == b.size() ? 0 : 1;
    const qsizetype length = qMax(a.size(), b.size());
    for (qsizetype i = 0; i < length; ++i) {
        const auto x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0u;
        const auto y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0u;
        difference |= x ^ y;
    }
    return difference == 0;
}

} // namespace

HttpResponse authenticateBasic(const QList<SandboxUser> &users, const HttpRequest &request, bool isWrite,
                               const QString &resource)
{
    if (users.isEmpty())
        return {};
    const QByteArray header = request.header("Authorization").trimmed();
    const SandboxUser *user = nullptr;
    if (header.left(6).compare("Basic ", Qt::CaseInsensitive) == 0) {
        const QByteArray decoded = QByteArray::fromBase64(header.mid(6).trimmed());
        const qsizetype colon = decoded.indexOf(':');
        if (colon >= 0) {
            const QByteArrayView name = QByteArrayView(decoded).left(colon);
            const QByteArrayView password = QByteArrayView(decoded).mid(colon + 1);
            for (const SandboxUser &candidate : users) {
                // Every user is compared in full, so the time says nothing about which one matched.
                const bool nameMatches = constantTimeEquals(candidate.name.toUtf8(), name);
                const bool passwordMatches = constantTimeEquals(candidate.password.toUtf8(), password);
                if (nameMatches && passwordMatches)
                    user = &candidate;
            }
        }
    }
    if (!user) {
        HttpResponse response = HttpResponse::error(401, 401, u"Unauthorized"_s, kJson);
        response.setHeader("WWW-Authenticate", "Basic realm=\"schemadesk-sandbox\"");
        return response;
    }
    if (isWrite && !user->canWrite)
        return HttpResponse::error(403, 40301, u"User is denied operation Write on %1"_s.arg(resource),
                                   kJson);
    return {};
}

} // namespace sd::sandbox
