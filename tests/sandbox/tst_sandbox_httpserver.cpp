#include "sandboxserver/HttpServer.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using sd::sandbox::FaultRule;
using sd::sandbox::HttpRequest;
using sd::sandbox::HttpResponder;
using sd::sandbox::HttpResponse;
using sd::sandbox::HttpServer;
using sd::sandbox::HttpServerLimits;
using sd::sandbox::HttpTlsOptions;
using sd::sandbox::testing::rawExchange;
using sd::sandbox::testing::RawResponse;

namespace {

// Echoes what the server parsed, so tests can check the parsing over the wire.
HttpResponse echo(const HttpRequest &request)
{
    QJsonObject object;
    object.insert(u"method"_s, QString::fromLatin1(request.method));
    object.insert(u"segments"_s, QJsonArray::fromStringList(request.pathSegments));
    QJsonObject query;
    for (const auto &[name, value] : request.queryItems)
        query.insert(name, value);
    object.insert(u"query"_s, query);
    object.insert(u"body"_s, QString::fromUtf8(request.body));
    object.insert(u"secure"_s, request.secure);
    object.insert(u"peerCn"_s, request.peerCertificate.subjectInfo(QSslCertificate::CommonName).join(u','));
    return HttpResponse::json(200, object);
}

struct Reply
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray header(const QByteArray &name) const { return headers.value(name.toLower()); }
    QHash<QByteArray, QByteArray> headers;
};

Reply send(QNetworkAccessManager &nam, const QByteArray &method, const QUrl &url, const QByteArray &body = {},
           const QSslConfiguration *ssl = nullptr)
{
    QNetworkRequest request(url);
    if (ssl)
        request.setSslConfiguration(*ssl);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(10000);
    Reply result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.error = reply->error();
    for (const auto &pair : reply->rawHeaderPairs())
        result.headers.insert(pair.first.toLower(), pair.second);
    reply->deleteLater();
    return result;
}

QUrl urlFor(const HttpServer &server, const QString &pathAndQuery)
{
    return QUrl(server.url().toString() + pathAndQuery);
}

} // namespace

class TestHttpServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void getWithDecodedSegmentsAndQuery();
    void rawColonsAndEncodedSlash();
    void keepAliveAndPipelining();
    void pipeliningWithAsyncHandlerKeepsOrder();
    void contentLengthAndChunkedBodies();
    void expectContinue();
    void connectionCloseAndHttp10();
    void malformedRequests_data();
    void malformedRequests();
    void sizeLimits();
    void faultLatency();
    void faultErrorLimitedToCount();
    void faultRateLimit();
    void faultDrop();
    void faultSpecParsing_data();
    void faultSpecParsing();
    void tlsAndMutualTls();
};

void TestHttpServer::getWithDecodedSegmentsAndQuery()
{
    HttpServer server;
    server.setHandler(echo);
    QVERIFY(server.listen());
    QVERIFY(server.serverPort() != 0);
    QCOMPARE(server.url().scheme(), u"http"_s);
    QNetworkAccessManager nam;
    const Reply reply =
        send(nam, "GET", urlFor(server, u"/subjects/%3A.ctx%3Aa%2Fb/versions?subjectPrefix=%3A*%3A&x=a+b"_s));
    QCOMPARE(reply.status, 200);
    const QJsonObject object = QJsonDocument::fromJson(reply.body).object();
    QCOMPARE(object.value(u"segments"_s).toArray(),
             QJsonArray({u"subjects"_s, u":.ctx:a/b"_s, u"versions"_s}));
    QCOMPARE(object.value(u"query"_s).toObject().value(u"subjectPrefix"_s).toString(), u":*:"_s);
    QCOMPARE(object.value(u"query"_s).toObject().value(u"x"_s).toString(), u"a b"_s);
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/json"));
}

void TestHttpServer::rawColonsAndEncodedSlash()
{
    HttpServer server;
    server.setHandler(echo);
    QVERIFY(server.listen());
    const auto responses =
        rawExchange(server.serverPort(), "GET /config/:.ctx:orders%2Fv1 HTTP/1.1\r\nHost: x\r\n\r\n", 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses[0].status, 200);
    const QJsonObject object = QJsonDocument::fromJson(responses[0].body).object();
    QCOMPARE(object.value(u"segments"_s).toArray(), QJsonArray({u"config"_s, u":.ctx:orders/v1"_s}));
}

void TestHttpServer::keepAliveAndPipelining()
{
    HttpServer server;
    server.setHandler(echo);
    QVERIFY(server.listen());
    bool closed = true;
    const auto responses = rawExchange(server.serverPort(),
                                       "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                                       "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                                       "GET /c HTTP/1.1\r\nHost: x\r\n\r\n",
                                       3, &closed);
    QCOMPARE(responses.size(), 3);
    QStringList paths;
    for (const RawResponse &response : responses)
        paths << QJsonDocument::fromJson(response.body)
                     .object()
                     .value(u"segments"_s)
                     .toArray()
                     .at(0)
                     .toString();
    QCOMPARE(paths, QStringList({u"a"_s, u"b"_s, u"c"_s}));
    QCOMPARE(QJsonDocument::fromJson(responses[1].body).object().value(u"body"_s).toString(), u"hello"_s);
    QVERIFY2(!closed, "a keep-alive connection must stay open");
}

void TestHttpServer::pipeliningWithAsyncHandlerKeepsOrder()
{
    HttpServer server;
    // The first request is answered late; the second must still come second.
    server.setAsyncHandler([](const HttpRequest &request, HttpResponder respond) {
        const int delay = request.pathSegments.value(0) == u"slow" ? 200 : 0;
        QTimer::singleShot(delay, [respond, request] { respond(echo(request)); });
    });
    QVERIFY(server.listen());
    const auto responses = rawExchange(
        server.serverPort(), "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n", 2);
    QCOMPARE(responses.size(), 2);
    QVERIFY(responses[0].body.contains("slow"));
    QVERIFY(responses[1].body.contains("fast"));
}

void TestHttpServer::contentLengthAndChunkedBodies()
{
    HttpServer server;
    server.setHandler(echo);
    QVERIFY(server.listen());
    const auto responses = rawExchange(server.serverPort(),
                                       "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                       "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: y\r\n\r\n"
                                       "POST /y HTTP/1.1\r\nHost: x\r\ncontent-length: 3\r\n\r\nabc",
                                       2);
    QCOMPARE(responses.size(), 2);
    QCOMPARE(QJsonDocument::fromJson(responses[0].body).object().value(u"body"_s).toString(),
             u"hello, world"_s);
    QCOMPARE(QJsonDocument::fromJson(responses[1].body).object().value(u"body"_s).toString(), u"abc"_s);

    // A large body through QNetworkAccessManager as well.
    QNetworkAccessManager nam;
    const QByteArray big(200000, 'z');
    const Reply reply = send(nam, "PUT", urlFor(server, u"/big"_s), big);
    QCOMPARE(reply.status, 200);
    QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(u"body"_s).toString().size(), big.size());
}

void TestHttpServer::expectContinue()
{
    HttpServer server;
    server.setHandler(echo);
    QVERIFY(server.listen());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QTRY_VERIFY(socket.state() == QAbstractSocket::ConnectedState);
    socket.write("POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
    QByteArray got;
    QElapsedTimer timer;
    timer.start();
    while (!got.contains("\r\n\r\n") && timer.elapsed() < 5000) {
        QTest::qWait(5);
        got += socket.readAll();
    }
    QVERIFY2(got.startsWith("HTTP/1.1 100 Continue\r\n\r\n"), got.constData());
    socket.write("data");
    got.clear();
    timer.restart();
    RawResponse response;
    while (!sd::sandbox::testing::takeResponse(&got, &response) && timer.elapsed() < 5000) {
        QTest::qWait(5);
        got += socket.readAll();
    }
    QCOMPARE(response.status, 200);
    QVERIFY(response.body.contains("\"body\":\"data\""));
}

void TestHttpServer::connectionCloseAndHttp10()
{
    HttpServer server;
    server.setHandler(echo);
    QVERIFY(server.listen());
    bool closed = false;
    auto responses = rawExchange(server.serverPort(),
                                 "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1, &closed);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses[0].header("Connection"), QByteArray("close"));
    QVERIFY(closed);
    closed = false;
    responses = rawExchange(server.serverPort(), "GET /a HTTP/1.0\r\n\r\n", 1, &closed);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses[0].status, 200);
    QVERIFY(closed);
}

void TestHttpServer::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::newRow("garbage request line") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("bad percent escape") << QByteArray("GET /subjects/%zz HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("truncated percent escape") << QByteArray("GET /subjects/a% HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("http/2 preface version") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
    QTest::newRow("bad header") << QByteArray("GET / HTTP/1.1\r\nNo colon here\r\n\r\n") << 400;
    QTest::newRow("bad content-length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n") << 400;
    QTest::newRow("conflicting content-length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab") << 400;
    QTest::newRow("unknown transfer coding")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n") << 400;
    QTest::newRow("bad chunk size") << QByteArray(
                                           "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                    << 400;
    QTest::newRow("relative target") << QByteArray("GET subjects HTTP/1.1\r\n\r\n") << 400;
}

void TestHttpServer::malformedRequests()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    HttpServer server;
    server.setHandler(echo);
    QVERIFY(server.listen());
    bool closed = false;
    const auto responses = rawExchange(server.serverPort(), request, 1, &closed);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses[0].status, status);
    const QJsonObject body = QJsonDocument::fromJson(responses[0].body).object();
    QCOMPARE(body.value(u"error_code"_s).toInt(), status);
    QVERIFY(!body.value(u"message"_s).toString().isEmpty());
    QVERIFY2(closed, "the server closes a connection after a framing error");
}

void TestHttpServer::sizeLimits()
{
    HttpServer server;
    HttpServerLimits limits;
    limits.maxHeaderBytes = 1024;
    limits.maxBodyBytes = 100;
    server.setLimits(limits);
    server.setHandler(echo);
    QVERIFY(server.listen());
    auto responses =
        rawExchange(server.serverPort(), "GET / HTTP/1.1\r\nX-Big: " + QByteArray(2000, 'a') + "\r\n\r\n", 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses[0].status, 431);
    responses = rawExchange(server.serverPort(), "POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses[0].status, 413);
    responses = rawExchange(server.serverPort(),
                            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n" +
                                QByteArray(101, 'a') + "\r\n0\r\n\r\n",
                            1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses[0].status, 413);
    responses = rawExchange(server.serverPort(),
                            "POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + QByteArray(100, 'a'), 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses[0].status, 200);
}

void TestHttpServer::faultLatency()
{
    HttpServer server;
    server.setHandler(echo);
    QVERIFY(server.listen());
    server.faults()->addRule(FaultRule::latency(300, u"GET /slow*"_s));
    QNetworkAccessManager nam;
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(send(nam, "GET", urlFor(server, u"/fast"_s)).status, 200);
    QVERIFY2(timer.elapsed() < 250, "latency must only apply to the matching route");
    timer.restart();
    QCOMPARE(send(nam, "GET", urlFor(server, u"/slow/x"_s)).status, 200);
    QVERIFY(timer.elapsed() >= 290);
}

void TestHttpServer::faultErrorLimitedToCount()
{
    HttpServer server;
    server.setHandler(echo);
    QVERIFY(server.listen());
    QString error;
    QVERIFY2(server.faults()->addRule(u"error=503,route=POST /subjects/*/versions,times=2"_s, &error),
             qPrintable(error));
    QNetworkAccessManager nam;
    QCOMPARE(send(nam, "GET", urlFor(server, u"/subjects/a/versions"_s)).status, 200); // other method
    Reply reply = send(nam, "POST", urlFor(server, u"/subjects/a/versions"_s), "{}");
    QCOMPARE(reply.status, 503);
    QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(u"error_code"_s).toInt(), 503);
    QCOMPARE(send(nam, "POST", urlFor(server, u"/subjects/b/versions"_s), "{}").status, 503);
    QCOMPARE(send(nam, "POST", urlFor(server, u"/subjects/c/versions"_s), "{}").status, 200);
    QCOMPARE(server.faults()->triggeredCount(), 2);

    server.faults()->clear();
    QVERIFY(server.faults()->addRule(
        u"error=500,route=/boom,body={\"error_code\":50001,\"message\":\"a, b\"}"_s, &error));
    reply = send(nam, "GET", urlFor(server, u"/boom"_s));
    QCOMPARE(reply.status, 500);
    QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(u"error_code"_s).toInt(), 50001);
    QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(u"message"_s).toString(), u"a, b"_s);
}

void TestHttpServer::faultRateLimit()
{
    HttpServer server;
    server.setHandler(echo);
    QVERIFY(server.listen());
    server.faults()->addRule(FaultRule::rateLimit(7, {}, 1));
    QNetworkAccessManager nam;
    const Reply reply = send(nam, "GET", urlFor(server, u"/subjects"_s));
    QCOMPARE(reply.status, 429);
    QCOMPARE(reply.header("Retry-After"), QByteArray("7"));
    QCOMPARE(reply.header("X-RateLimit-Remaining"), QByteArray("0"));
    QCOMPARE(reply.header("X-RateLimit-Reset"), QByteArray("7"));
    QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(u"error_code"_s).toInt(), 429);
    QCOMPARE(send(nam, "GET", urlFor(server, u"/subjects"_s)).status, 200);
}

void TestHttpServer::faultDrop()
{
    HttpServer server;
    server.setHandler(echo);
    QVERIFY(server.listen());
    server.faults()->addRule(FaultRule::drop(u"/drop"_s, 1));
    bool closed = false;
    auto responses = rawExchange(server.serverPort(), "GET /drop HTTP/1.1\r\nHost: x\r\n\r\n", 1, &closed);
    QCOMPARE(responses.size(), 0);
    QVERIFY(closed);
    responses = rawExchange(server.serverPort(), "GET /drop HTTP/1.1\r\nHost: x\r\n\r\n", 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses[0].status, 200);
}

void TestHttpServer::faultSpecParsing_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("normalized");
    QTest::newRow("latency") << u"latency=250"_s << true << u"latency=250"_s;
    QTest::newRow("error route times")
        << u"error=503,route=GET /subjects*,times=2"_s << true << u"error=503,route=GET /subjects*,times=2"_s;
    QTest::newRow("ratelimit") << u"ratelimit=5,times=1"_s << true << u"ratelimit=5,times=1"_s;
    QTest::newRow("drop path only") << u"drop,route=/x"_s << true << u"drop,route=/x"_s;
    QTest::newRow("method only") << u"drop,route=post"_s << true << u"drop,route=POST"_s;
    QTest::newRow("no kind") << u"route=/x"_s << false << QString();
    QTest::newRow("two kinds") << u"drop,latency=1"_s << false << QString();
    QTest::newRow("bad status") << u"error=99"_s << false << QString();
    QTest::newRow("bad times") << u"error=500,times=0"_s << false << QString();
    QTest::newRow("unknown key") << u"error=500,color=red"_s << false << QString();
    QTest::newRow("body on drop") << u"drop,body=x"_s << false << QString();
}

void TestHttpServer::faultSpecParsing()
{
    QFETCH(QString, spec);
    QFETCH(bool, valid);
    QFETCH(QString, normalized);
    QString error;
    const auto rule = FaultRule::parse(spec, &error);
    QCOMPARE(rule.has_value(), valid);
    if (valid)
        QCOMPARE(rule->toString(), normalized);
    else
        QVERIFY(error.contains(spec));
}

void TestHttpServer::tlsAndMutualTls()
{
    sd::sandbox::testing::TestCertificates certs;
    QVERIFY2(certs.make(), qPrintable(certs.error));

    HttpTlsOptions tls;
    QString error;
    QVERIFY2(HttpTlsOptions::load(certs.serverCert, certs.serverKey, {}, &tls, &error), qPrintable(error));
    HttpServer server;
    server.setTls(tls);
    server.setHandler(echo);
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    QCOMPARE(server.url().scheme(), u"https"_s);

    QNetworkAccessManager nam;
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setCaCertificates(QSslCertificate::fromPath(certs.caCert));
    Reply reply = send(nam, "GET", urlFor(server, u"/tls"_s), {}, &trusting);
    QCOMPARE(reply.status, 200);
    QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(u"secure"_s).toBool(), true);

    // A client that does not trust our CA fails the handshake.
    QNetworkAccessManager strangers;
    reply = send(strangers, "GET", urlFor(server, u"/tls"_s));
    QCOMPARE(reply.error, QNetworkReply::SslHandshakeFailedError);

    // mTLS: a client certificate signed by the CA is required.
    HttpTlsOptions mtls;
    QVERIFY2(HttpTlsOptions::load(certs.serverCert, certs.serverKey, certs.caCert, &mtls, &error),
             qPrintable(error));
    QVERIFY(mtls.requireClientCertificate);
    HttpServer mutual;
    mutual.setTls(mtls);
    mutual.setHandler(echo);
    QVERIFY(mutual.listen());

    QNetworkAccessManager noCertNam;
    reply = send(noCertNam, "GET", urlFor(mutual, u"/m"_s), {}, &trusting);
    QVERIFY2(reply.status == 0 && reply.error != QNetworkReply::NoError,
             "no client certificate must be refused");

    auto withClient = [&](const QString &certFile, const QString &keyFile) {
        QSslConfiguration config = trusting;
        config.setLocalCertificate(QSslCertificate::fromPath(certFile).value(0));
        QFile keyIn(keyFile);
        keyIn.open(QIODevice::ReadOnly);
        config.setPrivateKey(QSslKey(keyIn.readAll(), QSsl::Rsa));
        return config;
    };
    const QSslConfiguration goodClient = withClient(certs.clientCert, certs.clientKey);
    QNetworkAccessManager goodNam;
    reply = send(goodNam, "GET", urlFor(mutual, u"/m"_s), {}, &goodClient);
    QCOMPARE(reply.status, 200);
    QCOMPARE(QJsonDocument::fromJson(reply.body).object().value(u"peerCn"_s).toString(), u"test-client"_s);

    const QSslConfiguration rogueClient = withClient(certs.rogueCert, certs.rogueKey);
    QNetworkAccessManager rogueNam;
    reply = send(rogueNam, "GET", urlFor(mutual, u"/m"_s), {}, &rogueClient);
    QVERIFY2(reply.status == 0 && reply.error != QNetworkReply::NoError,
             "a client certificate from another CA must be refused");
}

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_sandbox_httpserver.moc"
