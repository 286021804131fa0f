// The sandbox against hostile clients and web pages, over real HTTP on loopback: chunk sizes near
// 2^63, authentication before the body is read, deadlines for slow heads and bodies, the connection
// cap, Host/Origin checks, the required Content-Type, the data file's mode, masked exporter
// credentials and a failed save undone.

#include "common/RestClient.h"
#include "sandboxserver/SandboxServer.h"
#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::sandbox::SandboxOptions;
using sd::sandbox::SandboxServer;
using sd::sandbox::SandboxUser;
using sd::sandbox::testing::rawExchange;
using sd::sandbox::testing::RawResponse;
using sd::testing::RestClient;
using sd::testing::RestReply;

namespace {
const QByteArray kSchemaBody = "{\"schema\":\"\\\"string\\\"\"}";

QJsonObject body(const QString &schema)
{
    return QJsonObject{{u"schema"_s, schema}};
}

QByteArray basic(const QString &user, const QString &password)
{
    return "Basic " + (user + u':' + password).toUtf8().toBase64();
}

QJsonObject errorOf(const RawResponse &response)
{
    return QJsonDocument::fromJson(response.body).object();
}

// A connected socket the test drives by hand (bytes at its own pace).
struct SlowClient
{
    QTcpSocket socket;
    QByteArray received;
    bool connect(quint16 port)
    {
        socket.connectToHost(QHostAddress::LocalHost, port);
        return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000);
    }
    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }
    // Waits until the server answered and closed, or until timeoutMs.
    bool waitClosed(int timeoutMs)
    {
        const bool closed = QTest::qWaitFor(
            [&] {
                received += socket.readAll();
                return socket.state() != QAbstractSocket::ConnectedState;
            },
            timeoutMs);
        received += socket.readAll();
        return closed;
    }
    int status() const { return received.startsWith("HTTP/1.1 ") ? received.mid(9, 3).toInt() : 0; }
};
} // namespace

class TestSandboxHardening : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chunkSizeNear2To63IsRefused();
    void authenticationBeforeTheBody();
    void slowHeaderAndBodyHitTheirDeadlines();
    void connectionCap();
    void hostAndOriginChecks();
    void allowedHosts();
    void writesNeedAJsonContentType();
    void passwordsComparedInFull();
    void dataFileIsPrivate();
    void exporterCredentialsMaskedOnRead();
    void failedSaveIsRolledBack();
};

void TestSandboxHardening::chunkSizeNear2To63IsRefused()
{
    SandboxServer server;
    QVERIFY(server.start(SandboxOptions()));
    const QByteArray head = "POST /subjects/a/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            "application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    // 2^63-1 and a size that overflows 64 bits: before the fix the first passed the limit check as a
    // negative sum and the server waited for 9 EB.
    for (const QByteArray &size :
         {QByteArray("7fffffffffffffff"), QByteArray("ffffffffffffffff0"), QByteArray("8000000000000000")}) {
        bool closed = false;
        const QList<RawResponse> responses =
            rawExchange(server.port(), head + "5\r\nabcde\r\n" + size + "\r\n", 1, &closed);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses.first().status, 413);
        QVERIFY(errorOf(responses.first()).value(u"message"_s).toString().contains(u"larger than"_s));
    }
    // A chunk size that is not hexadecimal (no sign, no 0x) is malformed.
    for (const QByteArray &size : {QByteArray("-1"), QByteArray("0x10"), QByteArray("+5")}) {
        const QList<RawResponse> responses = rawExchange(server.port(), head + size + "\r\n", 1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses.first().status, 400);
    }
    // The server still answers.
    QCOMPARE(RestClient(server.url()).get(u"/subjects"_s).status, 200);
}

void TestSandboxHardening::authenticationBeforeTheBody()
{
    SandboxOptions options;
    options.users = {SandboxUser{u"admin"_s, u"s3cret"_s, true}, SandboxUser{u"viewer"_s, u"look"_s, false}};
    SandboxServer server;
    QVERIFY(server.start(options));
    // A head announcing 30 MB and no body: answered at once, the body never read.
    SlowClient anonymous;
    QVERIFY(anonymous.connect(server.port()));
    QElapsedTimer timer;
    timer.start();
    anonymous.send(
        "POST /subjects/a/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 30000000\r\n\r\n");
    QVERIFY(anonymous.waitClosed(3000));
    QCOMPARE(anonymous.status(), 401);
    QVERIFY(anonymous.received.contains("WWW-Authenticate: Basic"));
    QVERIFY(timer.elapsed() < 2000);

    // A read-only user learns it may not write before sending the body too.
    SlowClient viewer;
    QVERIFY(viewer.connect(server.port()));
    viewer.send("POST /subjects/a/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " +
                basic(u"viewer"_s, u"look"_s) +
                "\r\nContent-Type: application/json\r\nContent-Length: 30000000\r\n\r\n");
    QVERIFY(viewer.waitClosed(3000));
    QCOMPARE(viewer.status(), 403);
    QVERIFY(viewer.received.contains("40301"));

    // Expect: 100-continue from an unauthenticated client gets the 401 instead of "100 Continue".
    SlowClient curlLike;
    QVERIFY(curlLike.connect(server.port()));
    curlLike.send(
        "POST /subjects/a/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
    QVERIFY(curlLike.waitClosed(3000));
    QVERIFY2(curlLike.received.startsWith("HTTP/1.1 401"), curlLike.received.constData());

    // The right user still registers, with the body.
    RestClient admin(server.url());
    admin.headers = {{"Authorization", basic(u"admin"_s, u"s3cret"_s)}};
    QCOMPARE(admin.post(u"/subjects/a/versions"_s, body(u"\"string\""_s)).status, 200);
}

void TestSandboxHardening::slowHeaderAndBodyHitTheirDeadlines()
{
    SandboxOptions options;
    options.limits.headerTimeoutMs = 400;
    options.limits.bodyTimeoutMs = 600;
    SandboxServer server;
    QVERIFY(server.start(options));

    // Slowloris: one header byte every 50 ms keeps the idle timer happy, not the header deadline.
    SlowClient header;
    QVERIFY(header.connect(server.port()));
    QElapsedTimer timer;
    timer.start();
    const QByteArray drip =
        "GET /subjects HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    for (qsizetype i = 0; i < drip.size() && header.socket.state() == QAbstractSocket::ConnectedState; ++i) {
        header.send(drip.mid(i, 1));
        QTest::qWait(50);
    }
    QVERIFY(header.waitClosed(3000));
    QCOMPARE(header.status(), 408);
    QVERIFY(header.received.contains("header was not complete within"));
    QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));

    // A body that trickles in is cut off at the body deadline.
    SlowClient bodyDrip;
    QVERIFY(bodyDrip.connect(server.port()));
    timer.restart();
    bodyDrip.send(
        "POST /subjects/a/versions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 100\r\n\r\n{");
    for (int i = 0; i < 40 && bodyDrip.socket.state() == QAbstractSocket::ConnectedState; ++i) {
        bodyDrip.send(" ");
        QTest::qWait(50);
    }
    QVERIFY(bodyDrip.waitClosed(3000));
    QCOMPARE(bodyDrip.status(), 408);
    QVERIFY(bodyDrip.received.contains("body was not complete within"));

    // An idle keep-alive connection between requests is not a slow request: it keeps working.
    SlowClient keepAlive;
    QVERIFY(keepAlive.connect(server.port()));
    keepAlive.send("GET /subjects HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(QTest::qWaitFor([&] { return (keepAlive.received += keepAlive.socket.readAll()).contains("[]"); },
                            3000));
    QTest::qWait(800); // longer than both deadlines
    keepAlive.received.clear();
    keepAlive.send("GET /subjects HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QVERIFY(QTest::qWaitFor([&] { return (keepAlive.received += keepAlive.socket.readAll()).contains("[]"); },
                            3000));
    QVERIFY(keepAlive.received.startsWith("HTTP/1.1 200"));
}

void TestSandboxHardening::connectionCap()
{
    SandboxOptions options;
    options.limits.maxConnections = 4;
    SandboxServer server;
    QVERIFY(server.start(options));
    std::vector<std::unique_ptr<SlowClient>> held;
    for (int i = 0; i < 4; ++i) {
        held.push_back(std::make_unique<SlowClient>());
        QVERIFY(held.back()->connect(server.port()));
    }
    QTRY_COMPARE(server.httpServer()->connectionCount(), 4);
    SlowClient fifth;
    QVERIFY(fifth.connect(server.port()));
    QVERIFY(fifth.waitClosed(3000));
    QCOMPARE(fifth.status(), 503);
    QVERIFY(fifth.received.contains("Too many connections"));
    QVERIFY(fifth.received.contains("Retry-After: 1"));
    // Once one goes away there is room again.
    held.front()->socket.disconnectFromHost();
    QTRY_COMPARE(server.httpServer()->connectionCount(), 3);
    QCOMPARE(RestClient(server.url()).get(u"/subjects"_s).status, 200);
}

void TestSandboxHardening::hostAndOriginChecks()
{
    SandboxServer server;
    QVERIFY(server.start(SandboxOptions()));
    RestClient client(server.url());
    // DNS rebinding: the page's own name, now resolving to 127.0.0.1, arrives as Host.
    RestReply reply = client.call("POST", u"/exporters"_s, R"({"name":"x","config":{}})",
                                  {{"Host", "attacker.example:" + QByteArray::number(server.port())}});
    QCOMPARE(reply.status, 403);
    QCOMPARE(reply.errorCode(), 403);
    QVERIFY2(reply.message().contains(u"attacker.example"_s) && reply.message().contains(u"--allow-host"_s),
             qPrintable(reply.message()));
    // A page elsewhere posting to http://127.0.0.1:PORT: the browser adds its Origin.
    reply =
        client.call("POST", u"/subjects/a/versions"_s, kSchemaBody, {{"Origin", "https://attacker.example"}});
    QCOMPARE(reply.status, 403);
    QVERIFY2(reply.message().contains(u"https://attacker.example"_s), qPrintable(reply.message()));
    QCOMPARE(client.get(u"/subjects"_s).array(), QJsonArray()); // nothing was registered
    for (const QByteArray &origin : {QByteArray("null"), QByteArray("http://10.0.0.5:8081"),
                                     QByteArray("http://localhost.attacker.example")}) {
        QCOMPARE(client.call("GET", u"/subjects"_s, {}, {{"Origin", origin}}).status, 403);
    }
    // What local clients send is fine.
    for (const QByteArray &host :
         {QByteArray("localhost:8081"), QByteArray("127.0.0.1"), QByteArray("[::1]:8081"),
          QByteArray("sandbox.localhost"), QByteArray("192.168.1.20:8081")}) {
        QCOMPARE(client.call("GET", u"/subjects"_s, {}, {{"Host", host}}).status, 200);
    }
    for (const QByteArray &origin : {QByteArray("http://localhost:3000"), QByteArray("http://127.0.0.1:8080"),
                                     QByteArray("http://[::1]:5173")}) {
        QCOMPARE(client.call("POST", u"/subjects/a/versions"_s, kSchemaBody, {{"Origin", origin}}).status,
                 200);
    }
}

void TestSandboxHardening::allowedHosts()
{
    SandboxOptions options;
    options.allowedHosts = {u"Schema-Registry"_s};
    SandboxServer server;
    QVERIFY(server.start(options));
    RestClient client(server.url());
    QCOMPARE(client.call("GET", u"/subjects"_s, {}, {{"Host", "schema-registry:8081"}}).status, 200);
    QCOMPARE(client.call("GET", u"/subjects"_s, {}, {{"Origin", "http://schema-registry:3000"}}).status, 200);
    QCOMPARE(client.call("GET", u"/subjects"_s, {}, {{"Host", "other:8081"}}).status, 403);

    options.allowedHosts = {u"*"_s};
    SandboxServer open;
    QVERIFY(open.start(options));
    QCOMPARE(RestClient(open.url()).call("GET", u"/subjects"_s, {}, {{"Host", "anything.example"}}).status,
             200);
}

void TestSandboxHardening::writesNeedAJsonContentType()
{
    SandboxServer server;
    QVERIFY(server.start(SandboxOptions()));
    const quint16 port = server.port();
    auto post = [port](const QByteArray &contentTypeLine) {
        const QByteArray request =
            "POST /subjects/a/versions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + contentTypeLine +
            "Content-Length: " + QByteArray::number(kSchemaBody.size()) + "\r\n\r\n" + kSchemaBody;
        const QList<RawResponse> responses = rawExchange(port, request, 1);
        return responses.isEmpty() ? RawResponse() : responses.first();
    };
    // No Content-Type, and the types a web page may send without asking first (CORS simple requests).
    RawResponse response = post({});
    QCOMPARE(response.status, 415);
    QCOMPARE(errorOf(response).value(u"error_code"_s).toInt(), 415);
    QVERIFY2(errorOf(response).value(u"message"_s).toString().contains(u"no Content-Type"_s),
             response.body.constData());
    for (const QByteArray &type :
         {QByteArray("text/plain;charset=UTF-8"), QByteArray("application/x-www-form-urlencoded"),
          QByteArray("multipart/form-data; boundary=x")}) {
        response = post("Content-Type: " + type + "\r\n");
        QCOMPARE(response.status, 415);
        const QString message = errorOf(response).value(u"message"_s).toString();
        QVERIFY2(message.contains(QString::fromLatin1(type)) &&
                     message.contains(u"application/vnd.schemaregistry.v1+json"_s),
                 qPrintable(message));
    }
    QCOMPARE(RestClient(server.url()).get(u"/subjects"_s).array(), QJsonArray());
    // The types Confluent's resources consume are accepted (reference section 1.2).
    for (const QByteArray &type :
         {QByteArray("application/vnd.schemaregistry.v1+json"),
          QByteArray("application/vnd.schemaregistry+json"), QByteArray("application/json; charset=utf-8"),
          QByteArray("application/octet-stream")})
        QCOMPARE(post("Content-Type: " + type + "\r\n").status, 200);
    // Writes without a body need none.
    const QList<RawResponse> deleted =
        rawExchange(port, "DELETE /subjects/a HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 1);
    QCOMPARE(deleted.size(), 1);
    QCOMPARE(deleted.first().status, 200);
}

void TestSandboxHardening::passwordsComparedInFull()
{
    SandboxOptions options;
    options.users = {SandboxUser{u"a"_s, u"pass:word"_s, true}, SandboxUser{u"b"_s, u"pw"_s, false}};
    SandboxServer server;
    QVERIFY(server.start(options));
    auto status = [&server](const QByteArray &authorization) {
        RestClient client(server.url());
        client.headers = {{"Authorization", authorization}};
        return client.get(u"/subjects"_s).status;
    };
    QCOMPARE(status(basic(u"a"_s, u"pass:word"_s)), 200);
    QCOMPARE(status(basic(u"b"_s, u"pw"_s)), 200);
    QCOMPARE(status(basic(u"a"_s, u"pass:wore"_s)), 401);  // same length, last byte differs
    QCOMPARE(status(basic(u"a"_s, u"pass:wor"_s)), 401);   // a prefix
    QCOMPARE(status(basic(u"a"_s, u"pass:words"_s)), 401); // longer
    QCOMPARE(status(basic(u"b"_s, u"pass:word"_s)), 401);  // another user's password
    QCOMPARE(status(basic(u""_s, u""_s)), 401);
    QCOMPARE(status("Basic " + QByteArray("nocolon").toBase64()), 401);
}

void TestSandboxHardening::dataFileIsPrivate()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"registry.json"_s);
    {
        // An older file with the umask's mode becomes private on the next save too.
        QFile old(file);
        QVERIFY(old.open(QIODevice::WriteOnly));
        SandboxServer empty;
        old.write(QJsonDocument(empty.store()->toJson()).toJson());
        old.close();
        QVERIFY(old.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                   QFileDevice::ReadOther));
    }
    SandboxOptions options;
    options.dataFile = file;
    SandboxServer server;
    QString error;
    QVERIFY2(server.start(options, &error), qPrintable(error));
    QCOMPARE(RestClient(server.url()).post(u"/subjects/a/versions"_s, body(u"\"string\""_s)).status, 200);
    const QFileDevice::Permissions others =
        QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    QCOMPARE(QFile::permissions(file) & others, QFileDevice::Permissions());
    QVERIFY(QFile::permissions(file) & QFileDevice::ReadOwner);

    // A new file is created private.
    QVERIFY(QFile::remove(file));
    QCOMPARE(RestClient(server.url()).post(u"/subjects/b/versions"_s, body(u"\"int\""_s)).status, 200);
    QVERIFY(QFile::exists(file));
    QCOMPARE(QFile::permissions(file) & others, QFileDevice::Permissions());
}

void TestSandboxHardening::exporterCredentialsMaskedOnRead()
{
    SandboxServer destination;
    QVERIFY(destination.start(SandboxOptions()));
    QTemporaryDir dir;
    SandboxOptions options;
    options.dataFile = dir.filePath(u"source.json"_s);
    SandboxServer source;
    QVERIFY(source.start(options));
    RestClient client(source.url());
    const QJsonObject config{{u"schema.registry.url"_s, destination.url().toString()},
                             {u"basic.auth.credentials.source"_s, u"USER_INFO"_s},
                             {u"basic.auth.user.info"_s, u"key:the-secret"_s},
                             {u"ssl.key.password"_s, u"hunter2"_s},
                             {u"bearer.auth.client.secret"_s, u"oauth-secret"_s}};
    QCOMPARE(client.post(u"/exporters"_s, QJsonObject{{u"name"_s, u"e"_s}, {u"config"_s, config}}).status,
             200);
    const QJsonObject read = client.get(u"/exporters/e/config"_s).object();
    QCOMPARE(read.value(u"basic.auth.user.info"_s).toString(), u"key:********"_s);
    QCOMPARE(read.value(u"ssl.key.password"_s).toString(), u"********"_s);
    QCOMPARE(read.value(u"bearer.auth.client.secret"_s).toString(), u"********"_s);
    QCOMPARE(read.value(u"schema.registry.url"_s).toString(), destination.url().toString());
    const QJsonObject info = client.get(u"/exporters/e"_s).object().value(u"config"_s).toObject();
    QCOMPARE(info.value(u"basic.auth.user.info"_s).toString(), u"key:********"_s);
    for (const RestReply &reply : {client.get(u"/exporters/e/config"_s), client.get(u"/exporters/e"_s)})
        QVERIFY(!reply.body.contains("the-secret") && !reply.body.contains("hunter2"));

    // The data file keeps the real values (the exporter needs them after a restart) and is private.
    QFile data(options.dataFile);
    QVERIFY(data.open(QIODevice::ReadOnly));
    QVERIFY(data.readAll().contains("key:the-secret"));
    QCOMPARE(source.exporters()->definition(u"e"_s)->config.value(u"basic.auth.user.info"_s),
             u"key:the-secret"_s);

    // An edit that sends the masked values back (as read) keeps the secrets; a new value replaces one.
    QCOMPARE(client.call("PUT", u"/exporters/e/pause"_s).status, 200);
    QJsonObject edited = read;
    edited.insert(u"ssl.key.password"_s, u"new-password"_s);
    QCOMPARE(client.put(u"/exporters/e/config"_s, edited).status, 200);
    const auto &stored = source.exporters()->definition(u"e"_s)->config;
    QCOMPARE(stored.value(u"basic.auth.user.info"_s), u"key:the-secret"_s);
    QCOMPARE(stored.value(u"bearer.auth.client.secret"_s), u"oauth-secret"_s);
    QCOMPARE(stored.value(u"ssl.key.password"_s), u"new-password"_s);
}

void TestSandboxHardening::failedSaveIsRolledBack()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"data"_s);
    QVERIFY(QDir().mkpath(folder));
    SandboxOptions options;
    options.dataFile = folder + u"/registry.json"_s;
    SandboxServer server;
    QVERIFY(server.start(options));
    RestClient client(server.url());
    QCOMPARE(client.post(u"/subjects/a/versions"_s, body(u"\"string\""_s)).status, 200);
    const QJsonObject exporter{
        {u"name"_s, u"e"_s}, {u"config"_s, QJsonObject{{u"schema.registry.url"_s, u"http://127.0.0.1:1"_s}}}};
    const qint64 logEnd = server.store()->changeLogEnd();
    QVERIFY(QDir(folder).removeRecursively()); // the data file can no longer be written

    RestReply reply = client.post(u"/subjects/b/versions"_s, body(u"\"int\""_s));
    QCOMPARE(reply.status, 500);
    QCOMPARE(reply.errorCode(), 50001);
    QVERIFY2(reply.message().contains(u"the change was undone"_s), qPrintable(reply.message()));
    // Memory holds what the file last held: no subject b, no new id, the same change log.
    QCOMPARE(client.get(u"/subjects"_s).array(), QJsonArray({u"a"_s}));
    QCOMPARE(client.get(u"/subjects/b/versions"_s).status, 404);
    QCOMPARE(server.store()->changeLogEnd(), logEnd);
    QCOMPARE(client.put(u"/config"_s, QJsonObject{{u"compatibility"_s, u"NONE"_s}}).status, 500);
    QVERIFY(!client.get(u"/config"_s).object().value(u"compatibilityLevel"_s).toString().contains(u"NONE"_s));
    QCOMPARE(client.post(u"/exporters"_s, exporter).status, 500);
    QCOMPARE(client.get(u"/exporters"_s).array(), QJsonArray());

    // Once the folder is back, the same writes succeed and are kept.
    QVERIFY(QDir().mkpath(folder));
    QCOMPARE(client.post(u"/subjects/b/versions"_s, body(u"\"int\""_s)).object().value(u"id"_s).toInt(), 2);
    QCOMPARE(client.get(u"/subjects"_s).array(), QJsonArray({u"a"_s, u"b"_s}));
    QVERIFY(QFile::exists(options.dataFile));
}

QTEST_GUILESS_MAIN(TestSandboxHardening)
#include "tst_sandbox_hardening.moc"
