#include "sandboxserver/HttpRequestParser.h"

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

bool isTokenChar(char c)
{
    if (c >= 'a' && c <= 'z')
        return true;
    if (c >= 'A' && c <= 'Z')
        return true;
    if (c >= '0' && c <= '9')
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool isDigits(QByteArrayView text)
{
    return !text.isEmpty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Finds the blank line that ends the head; accepts bare LF line ends as RFC 9112 allows.
qsizetype findHeadEnd(const QByteArray &data, qsizetype *separatorLength)
{
    const qsizetype crlf = data.indexOf("\r\n\r\n");
    const qsizetype lf = data.indexOf("\n\n");
    if (crlf >= 0 && (lf < 0 || crlf <= lf)) {
        *separatorLength = 4;
        return crlf;
    }
    if (lf >= 0) {
        *separatorLength = 2;
        return lf;
    }
    return -1;
}

// A chunk size is 1*HEXDIG (RFC 9112 7.1); more than 15 digits cannot fit any body limit and would
// overflow a 64-bit size, so they are refused as too large rather than parsed.
std::optional<qint64> parseChunkSize(QByteArrayView text, bool *tooLarge)
{
    *tooLarge = false;
    if (text.isEmpty())
        return std::nullopt;
    qsizetype start = 0;
    while (start + 1 < text.size() && text[start] == '0')
        ++start; // leading zeros are allowed and do not count
    qint64 value = 0;
    for (qsizetype i = start; i < text.size(); ++i) {
        const char c = text[i];
        int digit = -1;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        if (digit < 0)
            return std::nullopt;
        if (i - start >= 15) {
            *tooLarge = true;
            continue; // keep validating the digits
        }
        value = value * 16 + digit;
    }
    return value;
}

} // namespace

HttpRequestParser::HttpRequestParser(const HttpServerLimits &limits)
    : m_limits(limits)
{}

void HttpRequestParser::setConnectionInfo(const HttpRequest &info)
{
    m_connection.peerAddress = info.peerAddress;
    m_connection.peerPort = info.peerPort;
    m_connection.secure = info.secure;
    m_connection.peerCertificate = info.peerCertificate;
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest taken = std::move(m_request);
    m_request = HttpRequest();
    return taken;
}

HttpRequestParser::Event HttpRequestParser::fail(int status, const QString &message)
{
    m_state = State::Failed;
    m_errorStatus = status;
    m_errorMessage = message;
    m_closeAfterResponse = true;
    m_in.clear();
    return Event::Error;
}

HttpRequestParser::Event HttpRequestParser::next()
{
    for (;;) {
        if (m_state == State::Failed)
            return Event::Error;
        const qsizetype before = m_in.size();
        const State stateBefore = m_state;
        const Event event = step();
        if (event != Event::NeedMore)
            return event;
        if (m_in.size() == before && m_state == stateBefore)
            return Event::NeedMore; // no progress: wait for bytes
    }
}

HttpRequestParser::Event HttpRequestParser::step()
{
    switch (m_state) {
    case State::Head:
        return parseHeadBlock();
    case State::Body: {
        const qsizetype take = qMin(m_bodyRemaining, m_in.size());
        m_request.body.append(m_in.constData(), take);
        m_in.remove(0, take);
        m_bodyRemaining -= take;
        if (m_bodyRemaining > 0)
            return Event::NeedMore;
        m_state = State::Head;
        return Event::Request;
    }
    case State::ChunkSize: {
        const qsizetype eol = m_in.indexOf('\n');
        if (eol < 0) {
            if (m_in.size() > 4096)
                return fail(400, u"Malformed chunk size line"_s);
            return Event::NeedMore;
        }
        QByteArray line = m_in.left(eol);
        m_in.remove(0, eol + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        const qsizetype semicolon = line.indexOf(';'); // chunk extensions are ignored
        if (semicolon >= 0)
            line.truncate(semicolon);
        line = line.trimmed();
        bool tooLarge = false;
        const std::optional<qint64> size = parseChunkSize(line, &tooLarge);
        if (!size)
            return fail(400, u"Malformed chunk size"_s);
        // Subtracting keeps the comparison free of overflow whatever the size.
        if (tooLarge || *size > m_limits.maxBodyBytes - m_request.body.size())
            return fail(413, u"Request body larger than %1 bytes"_s.arg(m_limits.maxBodyBytes));
        m_bodyRemaining = qsizetype(*size);
        m_state = *size == 0 ? State::Trailers : State::ChunkData;
        return Event::NeedMore;
    }
    case State::ChunkData: {
        const qsizetype take = qMin(m_bodyRemaining, m_in.size());
        m_request.body.append(m_in.constData(), take);
        m_in.remove(0, take);
        m_bodyRemaining -= take;
        if (m_bodyRemaining == 0)
            m_state = State::ChunkDataEnd;
        return Event::NeedMore;
    }
    case State::ChunkDataEnd:
        if (m_in.startsWith("\r\n"))
            m_in.remove(0, 2);
        else if (m_in.startsWith('\n'))
            m_in.remove(0, 1);
        else if (m_in.size() >= 2 || (m_in.size() == 1 && m_in[0] != '\r'))
            return fail(400, u"Chunk data not followed by CRLF"_s);
        else
            return Event::NeedMore;
        m_state = State::ChunkSize;
        return Event::NeedMore;
    case State::Trailers: {
        const qsizetype eol = m_in.indexOf('\n');
        if (eol < 0) {
            if (m_in.size() > m_limits.maxHeaderBytes)
                return fail(431, u"Trailer too large"_s);
            return Event::NeedMore;
        }
        const bool empty = eol == 0 || (eol == 1 && m_in[0] == '\r');
        m_in.remove(0, eol + 1); // trailer fields are read and ignored
        if (!empty)
            return Event::NeedMore;
        m_state = State::Head;
        return Event::Request;
    }
    case State::Failed:
        return Event::Error;
    }
    return Event::NeedMore;
}

HttpRequestParser::Event HttpRequestParser::parseHeadBlock()
{
    // Stray empty lines between requests are allowed (RFC 9112 2.2).
    while (m_in.startsWith("\r\n"))
        m_in.remove(0, 2);
    while (m_in.startsWith('\n'))
        m_in.remove(0, 1);
    qsizetype separator = 0;
    const qsizetype end = findHeadEnd(m_in, &separator);
    if (end < 0) {
        if (m_in.size() > m_limits.maxHeaderBytes)
            return fail(431, u"Request header fields too large"_s);
        return Event::NeedMore;
    }
    if (end > m_limits.maxHeaderBytes)
        return fail(431, u"Request header fields too large"_s);
    if (!parseHead(end, separator))
        return Event::Error;
    return Event::Head;
}

bool HttpRequestParser::parseHead(qsizetype headEnd, qsizetype separatorLength)
{
    const QByteArray head = m_in.left(headEnd);
    m_in.remove(0, headEnd + separatorLength);
    QList<QByteArray> lines = head.split('\n');
    for (QByteArray &line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
    }
    while (!lines.isEmpty() && lines.first().isEmpty())
        lines.removeFirst();
    if (lines.isEmpty()) {
        fail(400, u"Empty request"_s);
        return false;
    }

    HttpRequest request = m_connection;
    const QList<QByteArray> parts = lines.first().split(' ');
    if (parts.size() != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
        fail(400, u"Malformed request line"_s);
        return false;
    }
    request.method = parts[0];
    request.target = parts[1];
    request.httpVersion = parts[2];
    if (request.httpVersion != "HTTP/1.1" && request.httpVersion != "HTTP/1.0") {
        if (request.httpVersion.startsWith("HTTP/"))
            fail(505, u"HTTP version not supported"_s);
        else
            fail(400, u"Malformed request line"_s);
        return false;
    }
    if (!parseTarget(&request))
        return false;

    if (lines.size() - 1 > m_limits.maxHeaderCount) {
        fail(431, u"Too many header fields"_s);
        return false;
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines[i];
        if (line.startsWith(' ') || line.startsWith('\t')) {
            fail(400, u"Obsolete header line folding is not accepted"_s);
            return false;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).left(colon))) {
            fail(400, u"Malformed header field"_s);
            return false;
        }
        request.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
    }
    if (!parseFraming(request))
        return false;
    m_request = std::move(request);
    return true;
}

bool HttpRequestParser::parseTarget(HttpRequest *request)
{
    QByteArray target = request->target;
    if (target.startsWith("http://") || target.startsWith("https://")) {
        // absolute-form: keep only the path and query.
        const qsizetype slash = target.indexOf('/', target.indexOf("//") + 2);
        target = slash < 0 ? QByteArrayLiteral("/") : target.mid(slash);
    }
    if ((!target.startsWith('/') && target != "*") || target.contains('#')) {
        fail(400, u"Malformed request target"_s);
        return false;
    }
    const qsizetype question = target.indexOf('?');
    request->rawPath = question < 0 ? target : target.left(question);
    request->rawQuery = question < 0 ? QByteArray() : target.mid(question + 1);
    if (request->rawPath != "*") {
        const QList<QByteArray> segments = request->rawPath.mid(1).split('/');
        for (const QByteArray &segment : segments) {
            QByteArray decoded;
            if (!percentDecode(segment, false, &decoded)) {
                fail(400, u"Malformed percent-encoding in the path"_s);
                return false;
            }
            request->pathSegments.append(QString::fromUtf8(decoded));
        }
        if (request->pathSegments.size() == 1 && request->pathSegments.first().isEmpty())
            request->pathSegments.clear(); // "/" has no segments
    }
    for (const QByteArray &pair : request->rawQuery.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray name, value;
        if (!percentDecode(eq < 0 ? QByteArrayView(pair) : QByteArrayView(pair).left(eq), true, &name) ||
            !percentDecode(eq < 0 ? QByteArrayView() : QByteArrayView(pair).mid(eq + 1), true, &value)) {
            fail(400, u"Malformed percent-encoding in the query"_s);
            return false;
        }
        request->queryItems.append({QString::fromUtf8(name), QString::fromUtf8(value)});
    }
    return true;
}

// Message framing (RFC 9112 6.3): Transfer-Encoding wins over Content-Length; if both are sent the
// connection is closed afterwards so a confused intermediary cannot smuggle a request.
bool HttpRequestParser::parseFraming(const HttpRequest &request)
{
    const QByteArray transferEncoding = request.header("Transfer-Encoding").trimmed().toLower();
    QList<QByteArray> lengths;
    for (const auto &[name, value] : request.headers) {
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
            lengths.append(value.trimmed());
    }
    const QByteArray connectionHeader = request.header("Connection").toLower();
    m_keepAlive = request.httpVersion == "HTTP/1.1" ? !connectionHeader.contains("close")
                                                    : connectionHeader.contains("keep-alive");
    m_closeAfterResponse = false;
    m_bodyRemaining = 0;
    m_chunked = false;

    if (!transferEncoding.isEmpty()) {
        if (!transferEncoding.endsWith("chunked")) {
            fail(400, u"Unsupported Transfer-Encoding"_s);
            return false;
        }
        if (transferEncoding != "chunked") {
            fail(501, u"Only the chunked transfer coding is supported"_s);
            return false;
        }
        m_chunked = true;
        m_closeAfterResponse = !lengths.isEmpty();
    } else if (!lengths.isEmpty()) {
        if (std::any_of(lengths.begin(), lengths.end(),
                        [&](const QByteArray &l) { return l != lengths.first(); })) {
            fail(400, u"Conflicting Content-Length headers"_s);
            return false;
        }
        bool ok = false;
        const qlonglong length = lengths.first().toLongLong(&ok);
        if (!ok || length < 0 || !isDigits(lengths.first())) {
            fail(400, u"Malformed Content-Length"_s);
            return false;
        }
        if (length > m_limits.maxBodyBytes) {
            fail(413, u"Request body larger than %1 bytes"_s.arg(m_limits.maxBodyBytes));
            return false;
        }
        m_bodyRemaining = qsizetype(length);
    }

    const bool expectsBody = m_chunked || m_bodyRemaining > 0;
    const QByteArray expect = request.header("Expect").toLower();
    if (!expect.isEmpty() && expect != "100-continue") {
        fail(417, u"Unsupported expectation"_s);
        return false;
    }
    // Clients such as curl wait for this before sending a large body.
    m_wantsContinue = !expect.isEmpty() && expectsBody && m_in.isEmpty() && request.httpVersion == "HTTP/1.1";

    if (m_chunked) {
        m_state = State::ChunkSize;
    } else if (m_bodyRemaining > 0) {
        m_state = State::Body;
    } else {
        m_state = State::Body; // an empty body completes at once
    }
    return true;
}

} // namespace sd::sandbox
