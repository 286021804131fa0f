#include "sandboxserver/MediaTypes.h"

#include <QList>
#include <QString>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

struct MediaRange
{
    QByteArray type;
    double q = 1.0;
};

QList<MediaRange> parseAccept(const QByteArray &header)
{
    QList<MediaRange> ranges;
    for (const QByteArray &part : header.split(',')) {
        const QList<QByteArray> params = part.split(';');
        MediaRange range;
        range.type = params.value(0).trimmed().toLower();
        for (qsizetype i = 1; i < params.size(); ++i) {
            const QByteArray param = params[i].trimmed();
            if (param.startsWith("q="))
                range.q = param.mid(2).toDouble();
        }
        if (!range.type.isEmpty())
            ranges.append(range);
    }
    return ranges;
}

} // namespace

// Picks the response type by the server's qs (v1 1.0, generic 0.9, json 0.5) times the client's q.
QByteArray negotiate(const QByteArray &accept)
{
    if (accept.trimmed().isEmpty())
        return kV1Json;
    const QList<MediaRange> ranges = parseAccept(accept);
    const QList<std::pair<QByteArray, double>> offers = {{kV1Json, 1.0}, {kSrJson, 0.9}, {kJson, 0.5}};
    QByteArray best;
    double bestScore = 0;
    for (const auto &[offer, qs] : offers) {
        double q = 0;
        int specificity = -1;
        for (const MediaRange &range : ranges) {
            int s = -1;
            if (range.type == offer)
                s = 2;
            else if (range.type == "application/*")
                s = 1;
            else if (range.type == "*/*" || range.type == "*")
                s = 0;
            if (s > specificity) {
                specificity = s;
                q = range.q;
            }
        }
        if (specificity >= 0 && q * qs > bestScore) {
            bestScore = q * qs;
            best = offer;
        }
    }
    return best;
}

namespace {
// The types Confluent's resources consume (reference 1.2). Unlike Confluent, a body without a
// Content-Type is refused: a web page can send one without the browser asking first (a CORS "simple
// request"), but none of these types.
bool contentTypeAccepted(const QByteArray &header)
{
    const QByteArray type = header.split(';').value(0).trimmed().toLower();
    return type == kV1Json || type == kSrJson || type == kJson || type == kOctet;
}

// A POST or PUT that carries a body (or, for a head not read further, announces one).
bool carriesBody(const HttpRequest &request)
{
    if (request.method != "POST" && request.method != "PUT")
        return false;
    const QByteArray length = request.header("Content-Length").trimmed();
    return !request.body.isEmpty() || request.hasHeader("Transfer-Encoding") ||
           (!length.isEmpty() && length != "0");
}

} // namespace

std::optional<HttpResponse> contentTypeRefusal(const HttpRequest &request, const QByteArray &contentType)
{
    if (!carriesBody(request) || contentTypeAccepted(request.header("Content-Type")))
        return std::nullopt;
    const QByteArray sent = request.header("Content-Type").trimmed();
    const QString accepted = QString::fromLatin1(kV1Json + ", " + kSrJson + ", " + kJson + " or " + kOctet);
    const QString got =
        sent.isEmpty() ? u"no Content-Type"_s : u"Content-Type "_s + QString::fromLatin1(sent);
    return HttpResponse::error(
        415, 415,
        u"HTTP 415 Unsupported Media Type: a request body must be sent as %1; this one has %2"_s.arg(accepted,
                                                                                                     got),
        contentType);
}

} // namespace sd::sandbox
