// Fuzz target sandbox_http_request: the sandbox's HTTP/1.1 request parser on a byte stream. The first
// byte picks where the stream is cut into two feeds (requests arrive in pieces); a few requests may
// follow each other (pipelining). Small limits make the size checks reachable.

#include "FuzzTarget.h"
#include "sandboxserver/HttpRequestParser.h"

using namespace sd::sandbox;

SD_FUZZ_TARGET(sandbox_http_request)
{
    if (size < 1)
        return 0;
    HttpServerLimits limits;
    limits.maxHeaderBytes = 4096;
    limits.maxBodyBytes = 65536;
    limits.maxHeaderCount = 32;
    HttpRequestParser parser(limits);
    const QByteArray stream = sd::fuzz::bytes(data + 1, size - 1);
    const qsizetype cut = stream.isEmpty() ? 0 : data[0] % (stream.size() + 1);
    const QByteArrayView feeds[] = {QByteArrayView(stream).left(cut), QByteArrayView(stream).mid(cut)};
    for (const QByteArrayView feed : feeds) {
        parser.feed(feed);
        for (int requests = 0; requests < 64; ++requests) {
            const HttpRequestParser::Event event = parser.next();
            if (event == HttpRequestParser::Event::NeedMore || event == HttpRequestParser::Event::Error)
                break;
            if (event == HttpRequestParser::Event::Request) {
                const HttpRequest request = parser.takeRequest();
                if (request.body.size() > limits.maxBodyBytes)
                    __builtin_trap(); // the limit must hold whatever the framing said
                (void)request.decodedPath();
            }
        }
    }
    return 0;
}
