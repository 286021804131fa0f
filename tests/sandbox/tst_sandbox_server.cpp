// SandboxServer options: persistence, corrupt data files, basic-auth users, TLS/mTLS, fault specs,
// several servers in one process.

#include "common/RestClient.h"
#include "sandboxserver/SandboxServer.h"
#include "TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using sd::sandbox::HttpTlsOptions;
using sd::sandbox::SandboxOptions;
using sd::sandbox::SandboxServer;
using sd::sandbox::SandboxUser;
using sd::testing::RestClient;
using sd::testing::RestReply;

namespace {
const QString kOrder = uR"({"type":"record","name":"Order","fields":[{"name":"id","type":"int"}]})"_s;
const QString kOrder2 =
    uR"({"type":"record","name":"Order","fields":[{"name":"id","type":"int"},{"name":"n","type":"string","default":""}]})"_s;

QJsonObject body(const QString &schema)
{
    return QJsonObject{{u"schema"_s, schema}};
}

QByteArray basic(const QString &user, const QString &password)
{
    return "Basic " + (user + u':' + password).toUtf8().toBase64();
}
} // namespace

class TestSandboxServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void persistenceAcrossRestart();
    void corruptDataFileIsNeverOverwritten();
    void storeFailureIs50001();
    void basicAuthUsers();
    void tlsAndMutualTls();
    void faultSpecsFromOptions();
    void badFaultSpecFailsStart();
    void severalServersInOneProcess();
    void portInUseIsAClearError();
    void runsInAWorkerThread();
};

void TestSandboxServer::persistenceAcrossRestart()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"registry.json"_s);
    SandboxOptions options;
    options.dataFile = file;
    {
        SandboxServer server;
        QString error;
        QVERIFY2(server.start(options, &error), qPrintable(error));
        RestClient client(server.url());
        QCOMPARE(client.post(u"/subjects/orders-value/versions"_s, body(kOrder)).status, 200);
        QCOMPARE(client.post(u"/subjects/orders-value/versions"_s, body(kOrder2)).status, 200);
        QCOMPARE(client.post(u"/subjects/:.ctx:pay/versions"_s, body(kOrder)).status, 200);
        QCOMPARE(client.del(u"/subjects/orders-value/versions/1"_s).status, 200);
        QCOMPARE(client.put(u"/config/orders-value"_s, QJsonObject{{u"compatibility"_s, u"FULL"_s}}).status,
                 200);
        QCOMPARE(client.put(u"/mode/:.ctx:"_s, QJsonObject{{u"mode"_s, u"READONLY"_s}}).status, 200);
        // Written before the answer: the file exists now, without waiting for shutdown.
        QVERIFY(QFile::exists(file));
    }
    SandboxServer again;
    QString error;
    QVERIFY2(again.start(options, &error), qPrintable(error));
    RestClient client(again.url());
    QCOMPARE(client.get(u"/subjects"_s).array(), QJsonArray({u":.ctx:pay"_s, u"orders-value"_s}));
    QCOMPARE(client.get(u"/subjects/orders-value/versions?deleted=true"_s).array(), QJsonArray({1, 2}));
    QCOMPARE(client.get(u"/subjects/orders-value/versions"_s).array(), QJsonArray({2}));
    QCOMPARE(client.get(u"/config/orders-value"_s).object().value(u"compatibilityLevel"_s).toString(),
             u"FULL"_s);
    QCOMPARE(client.get(u"/mode/:.ctx:"_s).object().value(u"mode"_s).toString(), u"READONLY"_s);
    QCOMPARE(client.get(u"/contexts"_s).array(), QJsonArray({u"."_s, u".ctx"_s}));
    // Ids continue; the same schema keeps its id.
    QCOMPARE(client.post(u"/subjects/other/versions"_s, body(kOrder2)).object().value(u"id"_s).toInt(), 2);
    QCOMPARE(client.get(u"/schemas/ids/1"_s).object().value(u"schema"_s).toString(), kOrder);
    // Compatibility still works after reload (schemas are parsed lazily from the file).
    QCOMPARE(client.post(u"/compatibility/subjects/orders-value/versions/latest"_s, body(kOrder)).status,
             200);
    QVERIFY(again.store()->changeLogEnd() >= 6);
}

void TestSandboxServer::corruptDataFileIsNeverOverwritten()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"registry.json"_s);
    const QByteArray garbage = "{\"format\":\"schemadesk-sandbox\",\"formatVersion\":1,\"contexts\":[ oops";
    {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(garbage);
    }
    SandboxOptions options;
    options.dataFile = file;
    SandboxServer server;
    QString error;
    QVERIFY(!server.start(options, &error));
    QVERIFY2(error.contains(u"corrupt"_s) && error.contains(file), qPrintable(error));
    QVERIFY(!server.isRunning());
    QFile in(file);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QCOMPARE(in.readAll(), garbage);

    // Valid JSON that is not our format, and an inconsistent file, are refused the same way.
    for (const QByteArray &content :
         {QByteArray("{\"hello\":1}"),
          QByteArray("{\"format\":\"schemadesk-sandbox\",\"formatVersion\":1,\"contexts\":[{\"name\":\".\","
                     "\"schemas\":[],"
                     "\"subjects\":[{\"name\":\"a\",\"versions\":[{\"version\":1,\"id\":7}]}]}]}")}) {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(content);
        out.close();
        SandboxServer other;
        QVERIFY(!other.start(options, &error));
        QVERIFY2(error.contains(u"corrupt"_s), qPrintable(error));
        QFile check(file);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), content);
    }
}

void TestSandboxServer::storeFailureIs50001()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"data"_s);
    QVERIFY(QDir().mkpath(folder));
    SandboxOptions options;
    options.dataFile = folder + u"/registry.json"_s;
    SandboxServer server;
    QVERIFY(server.start(options));
    RestClient client(server.url());
    QCOMPARE(client.post(u"/subjects/a/versions"_s, body(kOrder)).status, 200);
    QVERIFY(QDir(folder).removeRecursively()); // the data file can no longer be written
    const RestReply reply = client.post(u"/subjects/b/versions"_s, body(kOrder2));
    QCOMPARE(reply.status, 500);
    QCOMPARE(reply.errorCode(), 50001);
    QVERIFY2(reply.message().contains(folder), qPrintable(reply.message()));
}

void TestSandboxServer::basicAuthUsers()
{
    SandboxOptions options;
    options.users = {SandboxUser{u"admin"_s, u"s3cret"_s, true}, SandboxUser{u"viewer"_s, u"look"_s, false}};
    SandboxServer server;
    QVERIFY(server.start(options));
    RestClient anonymous(server.url());
    RestReply reply = anonymous.get(u"/subjects"_s);
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.errorCode(), 401);
    QVERIFY(reply.header("WWW-Authenticate").startsWith("Basic"));

    RestClient wrong(server.url());
    wrong.headers = {{"Authorization", basic(u"admin"_s, u"nope"_s)}};
    QCOMPARE(wrong.get(u"/subjects"_s).status, 401);

    RestClient admin(server.url());
    admin.headers = {{"Authorization", basic(u"admin"_s, u"s3cret"_s)}};
    QCOMPARE(admin.post(u"/subjects/s/versions"_s, body(kOrder)).status, 200);

    RestClient viewer(server.url());
    viewer.headers = {{"Authorization", basic(u"viewer"_s, u"look"_s)}};
    QCOMPARE(viewer.get(u"/subjects"_s).array(), QJsonArray({u"s"_s}));
    // Lookups and compatibility checks are reads.
    QCOMPARE(viewer.post(u"/subjects/s"_s, body(kOrder)).status, 200);
    QCOMPARE(viewer.post(u"/compatibility/subjects/s/versions/latest"_s, body(kOrder2)).status, 200);
    reply = viewer.post(u"/subjects/s/versions"_s, body(kOrder2));
    QCOMPARE(reply.status, 403);
    QCOMPARE(reply.errorCode(), 40301);
    QCOMPARE(reply.message(), u"User is denied operation Write on Subject: s"_s);
    QCOMPARE(viewer.del(u"/subjects/s"_s).status, 403);
    QCOMPARE(viewer.put(u"/config"_s, QJsonObject{{u"compatibility"_s, u"NONE"_s}}).errorCode(), 40301);
    QCOMPARE(viewer.put(u"/mode"_s, QJsonObject{{u"mode"_s, u"READONLY"_s}}).errorCode(), 40301);
    QCOMPARE(admin.get(u"/subjects/s/versions"_s).array(), QJsonArray({1}));
}

void TestSandboxServer::tlsAndMutualTls()
{
    sd::sandbox::testing::TestCertificates certs;
    QVERIFY2(certs.make(), qPrintable(certs.error));
    QSslConfiguration trusting = QSslConfiguration::defaultConfiguration();
    trusting.setCaCertificates(QSslCertificate::fromPath(certs.caCert));

    SandboxOptions options;
    QString error;
    QVERIFY2(HttpTlsOptions::load(certs.serverCert, certs.serverKey, {}, &options.tls, &error),
             qPrintable(error));
    SandboxServer server;
    QVERIFY2(server.start(options, &error), qPrintable(error));
    QCOMPARE(server.url().scheme(), u"https"_s);
    RestClient client(server.url());
    client.ssl = trusting;
    QCOMPARE(client.post(u"/subjects/s/versions"_s, body(kOrder)).status, 200);
    RestClient untrusting(server.url());
    QCOMPARE(untrusting.get(u"/subjects"_s).error, QNetworkReply::SslHandshakeFailedError);

    SandboxOptions mutual;
    QVERIFY(HttpTlsOptions::load(certs.serverCert, certs.serverKey, certs.caCert, &mutual.tls, &error));
    SandboxServer mtls;
    QVERIFY2(mtls.start(mutual, &error), qPrintable(error));
    RestClient noCert(mtls.url());
    noCert.ssl = trusting;
    const RestReply refused = noCert.get(u"/subjects"_s);
    QVERIFY2(refused.status == 0 && refused.error != QNetworkReply::NoError, qPrintable(refused.errorString));
    QSslConfiguration withCert = trusting;
    withCert.setLocalCertificate(QSslCertificate::fromPath(certs.clientCert).value(0));
    QFile keyFile(certs.clientKey);
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    withCert.setPrivateKey(QSslKey(keyFile.readAll(), QSsl::Rsa));
    RestClient good(mtls.url());
    good.ssl = withCert;
    QCOMPARE(good.get(u"/subjects"_s).status, 200);

    // Missing files are clear errors.
    HttpTlsOptions broken;
    QVERIFY(
        !HttpTlsOptions::load(certs.dir.filePath(u"missing.pem"_s), certs.serverKey, {}, &broken, &error));
    QVERIFY(error.contains(u"cannot read"_s));
}

void TestSandboxServer::faultSpecsFromOptions()
{
    SandboxOptions options;
    options.faults = {u"error=503,route=GET /subjects,times=1"_s,
                      u"ratelimit=3,route=/schemas/types,times=1"_s, u"latency=200,route=/contexts"_s};
    SandboxServer server;
    QString error;
    QVERIFY2(server.start(options, &error), qPrintable(error));
    RestClient client(server.url());
    QCOMPARE(client.get(u"/subjects"_s).status, 503);
    QCOMPARE(client.get(u"/subjects"_s).status, 200);
    RestReply reply = client.get(u"/schemas/types"_s);
    QCOMPARE(reply.status, 429);
    QCOMPARE(reply.header("Retry-After"), QByteArray("3"));
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(client.get(u"/contexts"_s).status, 200);
    QVERIFY(timer.elapsed() >= 190);
    // Faults can be scripted at run time too.
    server.faults()->clear();
    // Unlimited here: Qt's HTTP stack silently re-sends a request whose connection closed early.
    server.faults()->addRule(sd::sandbox::FaultRule::drop(u"POST /subjects/*/versions"_s));
    reply = client.post(u"/subjects/x/versions"_s, body(kOrder));
    QCOMPARE(reply.status, 0);
    QCOMPARE(reply.error, QNetworkReply::RemoteHostClosedError);
    QCOMPARE(server.store()->subjectCount(), 0);
    server.faults()->clear();
    QCOMPARE(client.post(u"/subjects/x/versions"_s, body(kOrder)).status, 200);
}

void TestSandboxServer::badFaultSpecFailsStart()
{
    SandboxOptions options;
    options.faults = {u"explode=1"_s};
    SandboxServer server;
    QString error;
    QVERIFY(!server.start(options, &error));
    QVERIFY(error.contains(u"explode"_s));
}

void TestSandboxServer::severalServersInOneProcess()
{
    SandboxServer a, b;
    QVERIFY(a.start({}));
    SandboxOptions cloud;
    cloud.firstSchemaId = 100001;
    QVERIFY(b.start(cloud));
    QVERIFY(a.port() != b.port());
    RestClient ca(a.url()), cb(b.url());
    QCOMPARE(ca.post(u"/subjects/s/versions"_s, body(kOrder)).object().value(u"id"_s).toInt(), 1);
    QCOMPARE(cb.post(u"/subjects/s/versions"_s, body(kOrder)).object().value(u"id"_s).toInt(), 100001);
    QCOMPARE(cb.get(u"/subjects"_s).array(), QJsonArray({u"s"_s}));
    // Direct store access for tests and the demo.
    QCOMPARE(a.store()->subjectCount(), 1);
}

void TestSandboxServer::portInUseIsAClearError()
{
    SandboxServer first;
    QVERIFY(first.start({}));
    SandboxOptions same;
    same.port = first.port();
    SandboxServer second;
    QString error;
    QVERIFY(!second.start(same, &error));
    QVERIFY2(error.contains(QString::number(first.port())), qPrintable(error));
}

void TestSandboxServer::runsInAWorkerThread()
{
    // The console may host sandboxes off the GUI thread: move the server, start it there.
    QThread thread;
    auto *server = new SandboxServer;
    server->moveToThread(&thread);
    thread.start();
    QUrl url;
    bool started = false;
    QMetaObject::invokeMethod(
        server,
        [server, &url, &started] {
            started = server->start({});
            url = server->url();
        },
        Qt::BlockingQueuedConnection);
    QVERIFY(started);
    RestClient client(url);
    QCOMPARE(client.post(u"/subjects/threaded/versions"_s, body(kOrder)).status, 200);
    QCOMPARE(client.get(u"/subjects"_s).array(), QJsonArray({u"threaded"_s}));
    QMetaObject::invokeMethod(server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    thread.quit();
    QVERIFY(thread.wait(5000));
}

QTEST_GUILESS_MAIN(TestSandboxServer)
#include "tst_sandbox_server.moc"
