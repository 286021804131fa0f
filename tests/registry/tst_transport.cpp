// RequestJob/Transport/Authenticator over real HTTP on loopback: headers, encoding, auth, retries,
// timeouts, failover, concurrency, TLS. The peer is the sandbox's HTTP server with scripted handlers
// (protocol behaviour only; registry semantics are tested against the sandbox registry).
#include "registry/Authenticator.h"
#include "registry/HttpLog.h"
#include "registry/RegistryClient.h"
#include "registry/RequestGroup.h"
#include "registry/Transport.h"
#include "RegistryTestSupport.h"
#include "sandboxserver/HttpServer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTcpServer>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace sd::registry;
using namespace sd::registry::test;
using sd::sandbox::HttpRequest;
using sd::sandbox::HttpResponse;
using sd::sandbox::HttpServer;

namespace {

ConnectionProfile profileFor(const QUrl &url)
{
    ConnectionProfile p;
    p.name = u"test"_s;
    p.urls = {url};
    p.requestTimeoutMs = 5000;
    return p;
}

HttpResponse jsonReply(const QByteArray &json)
{
    return HttpResponse::make(200, json, "application/vnd.schemaregistry.v1+json");
}

} // namespace

class TestTransport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_pki.create(&error), qPrintable(error));
    }

    void headersAndPathEncoding_data()
    {
        QTest::addColumn<QString>("subject");
        QTest::newRow("qualified with slash") << u":.ctx:a/b"_s;
        QTest::newRow("spaces") << u"orders value"_s;
        QTest::newRow("unicode") << u"zahlungen-wert-äöü-値"_s;
        QTest::newRow("percent and query chars") << u"a%b?c#d&e=f+g"_s;
    }
    void headersAndPathEncoding()
    {
        QFETCH(QString, subject);
        HttpServer server;
        HttpRequest seen;
        server.setHandler([&](const HttpRequest &r) {
            seen = r;
            return jsonReply("{\"subject\":\"x\",\"version\":1,\"id\":3,\"schema\":\"\\\"string\\\"\"}");
        });
        QVERIFY(server.listen());
        RegistryClient client(profileFor(server.url()), {});
        auto r =
            await<SchemaVersion>([&](auto cb) { client.getVersion(subject, u"latest"_s, true, this, cb); });
        QVERIFY(r && r->ok());
        QCOMPARE(seen.pathSegments, (QStringList{u"subjects"_s, subject, u"versions"_s, u"latest"_s}));
        QVERIFY2(!seen.rawPath.mid(10).contains(':'), seen.rawPath.constData()); // ':' encoded too
        QCOMPARE(seen.header("Accept"), Transport::acceptHeader());
        QCOMPARE(seen.header("Confluent-Accept-Unknown-Properties"), QByteArray("true"));
        QCOMPARE(seen.queryItem(u"deleted"_s), u"true"_s);

        // A body gets the registry's content type.
        SchemaSubmission submission;
        submission.schema = u"{\"type\":\"string\"}"_s;
        r = await<SchemaVersion>(
            [&](auto cb) { client.registerSchema(subject, submission, false, this, cb); });
        QVERIFY(r && r->ok());
        QCOMPARE(seen.method, QByteArray("POST"));
        QCOMPARE(seen.header("Content-Type"), QByteArray("application/vnd.schemaregistry.v1+json"));
        QCOMPARE(QJsonDocument::fromJson(seen.body).object().value("schema"_L1).toString(),
                 submission.schema);
    }

    void subjectPrefixQueryIsEncoded()
    {
        HttpServer server;
        HttpRequest seen;
        server.setHandler([&](const HttpRequest &r) {
            seen = r;
            return jsonReply("[\"a\",\":.ctx:b\"]");
        });
        QVERIFY(server.listen());
        RegistryClient client(profileFor(server.url()), {});
        SubjectQuery q;
        q.subjectPrefix = u":*:"_s;
        q.deleted = true;
        auto r = await<QStringList>([&](auto cb) { client.listSubjects(q, this, cb); });
        QVERIFY(r && r->ok());
        QCOMPARE(r->value, (QStringList{u"a"_s, u":.ctx:b"_s}));
        QCOMPARE(seen.queryItem(u"subjectPrefix"_s), u":*:"_s);
        QVERIFY(seen.rawQuery.contains("%3A*%3A") || seen.rawQuery.contains("%3A%2A%3A"));
    }

    void basicAuth()
    {
        HttpServer server;
        server.setHandler([](const HttpRequest &r) {
            if (r.header("Authorization") != "Basic " + QByteArray("KEY123:s3cr3t-pw").toBase64())
                return HttpResponse::error(401, 401, u"Unauthorized"_s);
            return jsonReply("[]");
        });
        QVERIFY(server.listen());
        ConnectionProfile p = profileFor(server.url());
        p.authType = AuthType::Basic;
        p.basicUser = u"KEY123"_s;
        ConnectionSecrets secrets;
        secrets.set(SecretName::basicPassword, u"s3cr3t-pw"_s);
        HttpLog log;
        {
            RegistryClient client(p, secrets, &log);
            auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
            QVERIFY(r && r->ok());
        }
        secrets.set(SecretName::basicPassword, u"wrong"_s);
        RegistryClient client(p, secrets, &log);
        auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error.httpStatus, 401);
        QVERIFY(r->error.explanation.contains(u"Authentication failed"_s));
        // The log never holds the credential.
        QCOMPARE(log.size(), 2);
        for (const HttpLogEntry &e : log.entries()) {
            const QString curl = e.toCurl();
            QVERIFY(!curl.contains(u"s3cr3t"_s));
            QVERIFY(!curl.contains(QString::fromLatin1(QByteArray("KEY123:s3cr3t-pw").toBase64())));
            QVERIFY2(curl.contains(u"Authorization: Basic <redacted>"_s, Qt::CaseInsensitive),
                     qPrintable(curl));
        }
    }

    void bearerAuth()
    {
        HttpServer server;
        server.setHandler([](const HttpRequest &r) {
            if (r.header("Authorization") != "Bearer static-token-xyz")
                return HttpResponse::error(401, 401, u"Unauthorized"_s);
            return jsonReply("{\"version\":\"7.6.0\",\"commitId\":\"abc\"}");
        });
        QVERIFY(server.listen());
        ConnectionProfile p = profileFor(server.url());
        p.authType = AuthType::Bearer;
        ConnectionSecrets secrets;
        secrets.set(SecretName::bearerToken, u"static-token-xyz"_s);
        RegistryClient client(p, secrets);
        auto r = await<ServerVersion>([&](auto cb) { client.getServerVersion(this, cb); });
        QVERIFY(r && r->ok());
        QCOMPARE(r->value.version, u"7.6.0"_s);
    }

    void oauthFetchRefreshAndRenewOn401()
    {
        HttpServer server;
        int tokensIssued = 0;
        QByteArray validToken;
        QList<HttpRequest> registryRequests;
        server.setHandler([&](const HttpRequest &r) {
            if (r.decodedPath() == "/oauth/token"_L1) {
                if (r.method != "POST" || r.header("Authorization") !=
                                              "Basic " + QByteArray("sd-client:client-secret-1").toBase64())
                    return HttpResponse::json(401, QJsonObject{{"error"_L1, u"invalid_client"_s}});
                if (!r.body.contains("grant_type=client_credentials") || !r.body.contains("scope=registry"))
                    return HttpResponse::json(400, QJsonObject{{"error"_L1, u"invalid_request"_s}});
                validToken = "tok-" + QByteArray::number(++tokensIssued);
                return HttpResponse::json(200,
                                          QJsonObject{{"access_token"_L1, QString::fromLatin1(validToken)},
                                                      {"token_type"_L1, u"Bearer"_s},
                                                      {"expires_in"_L1, 2}});
            }
            registryRequests.append(r);
            if (r.header("Authorization") != "Bearer " + validToken)
                return HttpResponse::error(401, 401, u"token expired"_s);
            return jsonReply("[]");
        });
        QVERIFY(server.listen());
        ConnectionProfile p = profileFor(server.url());
        p.authType = AuthType::OAuthClientCredentials;
        p.tokenUrl = server.url().resolved(QUrl(u"/oauth/token"_s));
        p.allowHttpTokenUrl = true; // a local test identity provider
        p.clientId = u"sd-client"_s;
        p.scope = u"registry"_s;
        p.logicalCluster = u"lsrc-abc123"_s;
        p.identityPoolId = u"pool-XyZ"_s;
        ConnectionSecrets secrets;
        secrets.set(SecretName::oauthClientSecret, u"client-secret-1"_s);
        HttpLog log;
        RegistryClient client(p, secrets, &log);

        // Several requests at once share one token fetch.
        int done = 0;
        for (int i = 0; i < 3; ++i)
            client.listSubjects({}, this, [&](const Result<QStringList> &r) { done += r.ok() ? 1 : 100; });
        QVERIFY(waitUntil([&] { return done >= 3; }));
        QCOMPARE(done, 3);
        QCOMPARE(tokensIssued, 1);
        QCOMPARE(registryRequests.last().header("target-sr-cluster"), QByteArray("lsrc-abc123"));
        QCOMPARE(registryRequests.last().header("Confluent-Identity-Pool-Id"), QByteArray("pool-XyZ"));

        // Renewed before expiry (2 s lifetime → renewed after 1 s).
        QTest::qWait(1100);
        auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY(r && r->ok());
        QCOMPARE(tokensIssued, 2);

        // The server revokes early: one 401 → one new token → success.
        validToken = "revoked-on-server";
        const int before = tokensIssued;
        r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY2(r && r->ok(), r ? qPrintable(r->error.toDisplayString()) : "no answer");
        QCOMPARE(tokensIssued, before + 1);

        // Secrets never reach the log, neither the client secret nor the tokens.
        for (const HttpLogEntry &e : log.entries()) {
            const QString curl = e.toCurl();
            QVERIFY(!curl.contains(u"client-secret-1"_s));
            QVERIFY(!curl.contains(u"tok-"_s));
        }

        // A wrong client secret is a clear error.
        secrets.set(SecretName::oauthClientSecret, u"wrong"_s);
        RegistryClient bad(p, secrets);
        r = await<QStringList>([&](auto cb) { bad.listSubjects({}, this, cb); });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error.httpStatus, 401);
        QVERIFY2(r->error.explanation.contains(u"OAuth token"_s), qPrintable(r->error.explanation));
    }

    void retryAfterSeconds()
    {
        HttpServer server;
        server.setHandler([](const HttpRequest &) { return jsonReply("[\"s\"]"); });
        server.faults()->addRule(sd::sandbox::FaultRule::rateLimit(1, {}, 1));
        QVERIFY(server.listen());
        RegistryClient client(profileFor(server.url()), {});
        QElapsedTimer timer;
        timer.start();
        RequestJob *job = nullptr;
        auto r = await<QStringList>([&](auto cb) {
            job = client.listSubjects({}, this, cb);
            job->setAutoDelete(false);
        });
        QVERIFY(r && r->ok());
        QVERIFY2(timer.elapsed() >= 950, QByteArray::number(timer.elapsed()).constData());
        QCOMPARE(job->attempts(), 2);
        delete job;
    }

    void retryAfterHttpDateOn503()
    {
        HttpServer server;
        int calls = 0;
        server.setHandler([&](const HttpRequest &) {
            if (++calls == 1) {
                HttpResponse busy = HttpResponse::error(503, 503, u"busy"_s);
                const QDateTime when = QDateTime::currentDateTimeUtc().addSecs(2);
                busy.setHeader("Retry-After",
                               QLocale::c().toString(when, u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s).toLatin1());
                return busy;
            }
            return jsonReply("[1]");
        });
        QVERIFY(server.listen());
        RegistryClient client(profileFor(server.url()), {});
        QElapsedTimer timer;
        timer.start();
        auto r = await<QList<int>>([&](auto cb) { client.listVersions(u"s"_s, false, false, this, cb); });
        QVERIFY(r && r->ok());
        QCOMPARE(calls, 2);
        QVERIFY2(timer.elapsed() >= 900, QByteArray::number(timer.elapsed()).constData());
    }

    void writesAreNotRetriedOn503()
    {
        HttpServer server;
        int calls = 0;
        server.setHandler([&](const HttpRequest &) {
            ++calls;
            return HttpResponse::error(503, 503, u"no leader"_s);
        });
        QVERIFY(server.listen());
        RegistryClient client(profileFor(server.url()), {});
        client.transport()->setRetryBaseDelayMs(10);
        auto r = await<SchemaVersion>([&](auto cb) {
            client.registerSchema(u"s"_s, SchemaSubmission::of(u"\"int\""_s), false, this, cb);
        });
        QVERIFY(r && !r->ok());
        QCOMPARE(calls, 1);
        QCOMPARE(r->error.httpStatus, 503);
        // A read is retried up to maxRetries times, then reported.
        calls = 0;
        auto read = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY(read && !read->ok());
        QCOMPARE(calls, 1 + client.profile().maxRetries);
    }

    void serverErrorIsReported()
    {
        HttpServer server;
        server.setHandler([](const HttpRequest &) {
            return HttpResponse::error(500, 50001, u"Error while registering schema"_s);
        });
        QVERIFY(server.listen());
        RegistryClient client(profileFor(server.url()), {});
        auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error.errorCode, 50001);
        QVERIFY(r->error.explanation.contains(u"storage"_s));
    }

    void malformedJson()
    {
        HttpServer server;
        server.setHandler([](const HttpRequest &r) {
            if (r.decodedPath() == "/subjects"_L1)
                return jsonReply("[\"a\", \"b\""); // cut short
            return jsonReply("{\"subject\":\"s\",\"version\":\"two\",\"id\":1,\"schema\":\"x\"}");
        });
        QVERIFY(server.listen());
        RegistryClient client(profileFor(server.url()), {});
        auto list = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY(list && !list->ok());
        QCOMPARE(list->error.kind, ErrorKind::MalformedReply);
        QCOMPARE(list->error.httpStatus, 200);
        auto version =
            await<SchemaVersion>([&](auto cb) { client.getVersion(u"s"_s, u"1"_s, false, this, cb); });
        QVERIFY(version && !version->ok());
        QVERIFY(version->error.serverMessage.contains(u"'version'"_s));
    }

    void timeoutOnServerThatNeverAnswers()
    {
        HttpServer server;
        QList<sd::sandbox::HttpResponder> parked; // never called
        server.setAsyncHandler(
            [&](const HttpRequest &, sd::sandbox::HttpResponder respond) { parked.append(respond); });
        QVERIFY(server.listen());
        ConnectionProfile p = profileFor(server.url());
        p.requestTimeoutMs = 300;
        p.maxRetries = 0;
        RegistryClient client(p, {});
        QElapsedTimer timer;
        timer.start();
        auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error.kind, ErrorKind::Timeout);
        QVERIFY(timer.elapsed() < 3000);
        QVERIFY(r->error.explanation.contains(u"did not answer in time"_s));
    }

    void abortOnShutdown()
    {
        HttpServer server;
        QList<sd::sandbox::HttpResponder> parked;
        server.setAsyncHandler(
            [&](const HttpRequest &, sd::sandbox::HttpResponder respond) { parked.append(respond); });
        QVERIFY(server.listen());
        auto *client = new RegistryClient(profileFor(server.url()), {});
        QList<ErrorKind> outcomes;
        for (int i = 0; i < 10; ++i)
            client->listSubjects({}, this,
                                 [&](const Result<QStringList> &r) { outcomes.append(r.error.kind); });
        QVERIFY(waitUntil([&] { return parked.size() >= 1; }));
        delete client; // with requests on the wire and in the queue
        QCOMPARE(outcomes.size(), 10);
        QVERIFY(std::all_of(outcomes.begin(), outcomes.end(),
                            [](ErrorKind k) { return k == ErrorKind::Aborted; }));
        // The server may still answer: nobody listens any more, nothing crashes.
        for (auto &respond : parked)
            respond(jsonReply("[]"));
        QTest::qWait(50);

        // A closed window (the context) gets no callback at all.
        RegistryClient other(profileFor(server.url()), {});
        auto *window = new QObject;
        bool called = false;
        other.listSubjects({}, window, [&](const Result<QStringList> &) { called = true; });
        delete window;
        other.abortAll();
        QTest::qWait(20);
        QVERIFY(!called);
    }

    void latestRequestWins()
    {
        HttpServer server;
        server.setHandler([](const HttpRequest &r) {
            return jsonReply("[\"" + r.queryItem(u"subjectPrefix"_s).toUtf8() + "\"]");
        });
        server.faults()->addRule(sd::sandbox::FaultRule::latency(100));
        QVERIFY(server.listen());
        RegistryClient client(profileFor(server.url()), {});
        RequestGroup latest;
        QStringList shown;
        for (const QString &prefix : {u"a"_s, u"ab"_s, u"abc"_s}) {
            latest.start();
            SubjectQuery q;
            q.subjectPrefix = prefix;
            latest.track(client.listSubjects(q, latest.context(), [&](const Result<QStringList> &r) {
                if (r.ok())
                    shown = r.value;
            }));
        }
        QVERIFY(waitUntil([&] { return !shown.isEmpty(); }));
        QCOMPARE(shown, QStringList{u"abc"_s});
    }

    void boundedConcurrency()
    {
        HttpServer server;
        int inFlight = 0;
        int maxInFlight = 0;
        int served = 0;
        server.setAsyncHandler([&](const HttpRequest &, sd::sandbox::HttpResponder respond) {
            maxInFlight = qMax(maxInFlight, ++inFlight);
            QTimer::singleShot(30, [&, respond] {
                --inFlight;
                ++served;
                respond(jsonReply("[]"));
            });
        });
        QVERIFY(server.listen());
        ConnectionProfile p = profileFor(server.url());
        p.maxConcurrentRequests = 2;
        RegistryClient client(p, {});
        int done = 0;
        for (int i = 0; i < 8; ++i)
            client.listSubjects({}, this, [&](const Result<QStringList> &) { ++done; });
        QCOMPARE(client.transport()->activeCount(), 2);
        QCOMPARE(client.transport()->queuedCount(), 6);
        QVERIFY(waitUntil([&] { return done == 8; }));
        QCOMPARE(maxInFlight, 2);
        QCOMPARE(served, 8);
    }

    void failoverToNextUrl()
    {
        QTcpServer closed; // bind and close to get a port nobody listens on
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        HttpServer server;
        server.setHandler([](const HttpRequest &) { return jsonReply("[]"); });
        QVERIFY(server.listen());
        ConnectionProfile p = profileFor(QUrl(u"http://127.0.0.1:%1"_s.arg(deadPort)));
        p.urls.append(server.url());
        RegistryClient client(p, {});
        auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY2(r && r->ok(), r ? qPrintable(r->error.toDisplayString()) : "");
        QCOMPARE(client.transport()->currentUrlIndex(), 1);

        // With one URL, the refusal is reported plainly.
        RegistryClient single(profileFor(QUrl(u"http://127.0.0.1:%1"_s.arg(deadPort))), {});
        r = await<QStringList>([&](auto cb) { single.listSubjects({}, this, cb); });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error.kind, ErrorKind::ConnectionRefused);
    }

    void readOnlyConnectionRefusesWrites()
    {
        HttpServer server;
        int calls = 0;
        server.setHandler([&](const HttpRequest &) {
            ++calls;
            return jsonReply("{}");
        });
        QVERIFY(server.listen());
        ConnectionProfile p = profileFor(server.url());
        p.readOnly = true;
        RegistryClient client(p, {});
        auto r = await<QString>([&](auto cb) { client.setMode(u""_s, u"READONLY"_s, false, this, cb); });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error.kind, ErrorKind::Configuration);
        QCOMPARE(calls, 0);
    }

    // Read-only is decided by the HTTP method and route, not by the intent a caller declares.
    void readOnlyGuardGoesByMethod()
    {
        HttpServer server;
        QStringList seen;
        server.setHandler([&](const HttpRequest &r) {
            seen << QString::fromLatin1(r.method) + u' ' + r.decodedPath();
            return jsonReply("{\"is_compatible\":true,\"subject\":\"s\",\"id\":1,\"version\":1,"
                             "\"schema\":\"\\\"string\\\"\"}");
        });
        QVERIFY(server.listen());
        ConnectionProfile p = profileFor(server.url());
        p.readOnly = true;
        RegistryClient client(p, {});
        for (const QByteArray &method : {QByteArray("DELETE"), QByteArray("PUT"), QByteArray("POST"),
                                         QByteArray("PATCH"), QByteArray("delete")}) {
            RequestSpec spec;
            spec.method = method;
            spec.path = {u"subjects"_s, u"s"_s, u"versions"_s};
            spec.intent = Intent::Read; // declared a read: refused all the same
            auto r = await<QByteArray>([&](auto cb) { client.send(spec, this, cb); });
            QVERIFY(r && !r->ok());
            QCOMPARE(r->error.kind, ErrorKind::Configuration);
            QVERIFY2(r->error.serverMessage.contains(u"read-only"_s), qPrintable(r->error.toDisplayString()));
        }
        QVERIFY2(seen.isEmpty(), qPrintable(seen.join(u", "_s)));
        // The two POSTs that only read still go out, and so do GETs.
        const auto schema = SchemaSubmission::of(u"\"string\""_s, u"AVRO"_s);
        auto check = await<CompatibilityResult>(
            [&](auto cb) { client.checkCompatibility(u"s"_s, std::nullopt, schema, false, this, cb); });
        QVERIFY(check && check->ok());
        auto lookup = await<SchemaVersion>(
            [&](auto cb) { client.lookupSchema(u"s"_s, schema, false, false, this, cb); });
        QVERIFY(lookup && lookup->ok());
        QCOMPARE(seen, QStringList({u"POST /compatibility/subjects/s/versions"_s, u"POST /subjects/s"_s}));
        QVERIFY(!RegistryClient::changesRegistry(RequestSpec::get({u"subjects"_s})));
    }

    // A protected connection sends a change only with the typed confirmation that matches.
    void protectedWritesNeedTypedConfirmation()
    {
        HttpServer server;
        QStringList seen;
        server.setHandler([&](const HttpRequest &r) {
            seen << QString::fromLatin1(r.method) + u' ' + r.decodedPath();
            return jsonReply(r.method == "GET" ? "[]" : "[1]");
        });
        QVERIFY(server.listen());
        ConnectionProfile p = profileFor(server.url());
        p.isProtected = true;
        RegistryClient client(p, {});
        const WriteConfirmation none;
        const WriteConfirmation wrong{u"orders-value"_s, u"orders"_s};
        const WriteConfirmation empty{QString(), QString()};
        for (const WriteConfirmation &c : {none, wrong, empty}) {
            auto r = await<QList<int>>(
                [&](auto cb) { client.deleteSubject(u"orders-value"_s, false, this, cb, c); });
            QVERIFY(r && !r->ok());
            QCOMPARE(r->error.kind, ErrorKind::Configuration);
            QVERIFY2(r->error.serverMessage.contains(u"protected"_s), qPrintable(r->error.toDisplayString()));
        }
        // Exporter changes too (creating and editing saved without it before).
        auto created = await<QString>([&](auto cb) {
            ExporterInfo info;
            info.name = u"x"_s;
            client.createLink(LinkKind::Exporter, info, this, cb);
        });
        QVERIFY(created && !created->ok());
        auto config = await<QString>([&](auto cb) {
            client.updateLinkConfig(LinkKind::Exporter, u"x"_s, {{u"a"_s, u"b"_s}}, this, cb);
        });
        QVERIFY(config && !config->ok());
        QVERIFY2(seen.isEmpty(), qPrintable(seen.join(u", "_s)));
        // Reads need nothing; the matching confirmation lets the change through.
        auto listed = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY(listed && listed->ok());
        const WriteConfirmation typed{u"orders-value"_s, u"orders-value"_s};
        auto deleted = await<QList<int>>(
            [&](auto cb) { client.deleteSubject(u"orders-value"_s, false, this, cb, typed); });
        QVERIFY2(deleted && deleted->ok(),
                 deleted ? qPrintable(deleted->error.toDisplayString()) : "no answer");
        QCOMPARE(seen, QStringList({u"GET /subjects"_s, u"DELETE /subjects/orders-value"_s}));
    }

    // The client secret never goes to a plain http:// token URL unless that is allowed explicitly, and
    // the token endpoint is verified even when the registry's verification is off.
    void oauthTokenEndpointIsGuarded()
    {
        int tokenCalls = 0;
        HttpServer tokenServer;
        tokenServer.setHandler([&](const HttpRequest &) {
            ++tokenCalls;
            return HttpResponse::json(200, QJsonObject{{"access_token"_L1, u"tok-guarded"_s}});
        });
        sd::sandbox::HttpTlsOptions tlsOptions;
        QString error;
        QVERIFY(sd::sandbox::HttpTlsOptions::load(m_pki.cert(u"server"), m_pki.key(u"server"), {},
                                                  &tlsOptions, &error));
        tokenServer.setTls(tlsOptions);
        QVERIFY(tokenServer.listen());
        HttpServer plainToken;
        plainToken.setHandler([&](const HttpRequest &) {
            ++tokenCalls;
            return HttpResponse::json(200, QJsonObject{{"access_token"_L1, u"tok-plain"_s}});
        });
        QVERIFY(plainToken.listen());
        HttpServer registry;
        registry.setHandler([](const HttpRequest &) { return jsonReply("[]"); });
        QVERIFY(registry.listen());

        ConnectionProfile p = profileFor(registry.url());
        p.authType = AuthType::OAuthClientCredentials;
        p.clientId = u"sd-client"_s;
        ConnectionSecrets secrets;
        secrets.set(SecretName::oauthClientSecret, u"client-secret-guarded"_s);

        // http:// token URL: refused before anything is sent, and validate() says why.
        p.tokenUrl = plainToken.url().resolved(QUrl(u"/token"_s));
        QVERIFY(p.validate().contains(u"https://"_s));
        {
            RegistryClient client(p, secrets);
            auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
            QVERIFY(r && !r->ok());
            QCOMPARE(r->error.kind, ErrorKind::Configuration);
            QCOMPARE(tokenCalls, 0);
        }
        p.allowHttpTokenUrl = true;
        QVERIFY(p.validate().isEmpty());
        {
            RegistryClient client(p, secrets);
            auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
            QVERIFY2(r && r->ok(), r ? qPrintable(r->error.toDisplayString()) : "no answer");
            QCOMPARE(tokenCalls, 1);
        }

        // https:// token endpoint with a certificate of an unknown CA: refused although the registry's
        // verification is off; accepted once its CA is in the bundle.
        p.allowHttpTokenUrl = false;
        p.tokenUrl = tokenServer.url().resolved(QUrl(u"/token"_s));
        p.verifyTls = false;
        {
            RegistryClient client(p, secrets);
            auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
            QVERIFY(r && !r->ok());
            QCOMPARE(r->error.kind, ErrorKind::Tls);
            QCOMPARE(tokenCalls, 1);
        }
        p.caBundleFile = m_pki.cert(u"ca");
        {
            RegistryClient client(p, secrets);
            auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
            QVERIFY2(r && r->ok(), r ? qPrintable(r->error.toDisplayString()) : "no answer");
            QCOMPARE(tokenCalls, 2);
        }
    }

    void tls_data()
    {
        QTest::addColumn<QString>("serverCert");
        QTest::addColumn<bool>("withCaBundle");
        QTest::addColumn<bool>("verify");
        QTest::addColumn<bool>("expectOk");
        QTest::addColumn<QString>("expectText");
        QTest::newRow("trusted via CA bundle") << u"server"_s << true << true << true << QString();
        QTest::newRow("unknown CA") << u"server"_s << false << true << false << u"unknown CA"_s;
        QTest::newRow("expired") << u"expired"_s << true << true << false << u"expired"_s;
        QTest::newRow("wrong host") << u"wronghost"_s << true << true << false << u"other.example"_s;
        QTest::newRow("verification off (explicit)") << u"server"_s << false << false << true << QString();
    }
    void tls()
    {
        QFETCH(QString, serverCert);
        QFETCH(bool, withCaBundle);
        QFETCH(bool, verify);
        QFETCH(bool, expectOk);
        QFETCH(QString, expectText);
        HttpServer server;
        sd::sandbox::HttpTlsOptions tlsOptions;
        QString error;
        QVERIFY2(sd::sandbox::HttpTlsOptions::load(m_pki.cert(serverCert), m_pki.key(serverCert), {},
                                                   &tlsOptions, &error),
                 qPrintable(error));
        server.setTls(tlsOptions);
        server.setHandler([](const HttpRequest &) { return jsonReply("[]"); });
        QVERIFY(server.listen());
        QCOMPARE(server.url().scheme(), u"https"_s);
        ConnectionProfile p = profileFor(server.url());
        p.verifyTls = verify;
        if (withCaBundle)
            p.caBundleFile = m_pki.cert(u"ca");
        RegistryClient client(p, {});
        auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY(r);
        QCOMPARE(r->ok(), expectOk);
        if (!expectOk) {
            QCOMPARE(r->error.kind, ErrorKind::Tls);
            QVERIFY2(r->error.explanation.contains(expectText), qPrintable(r->error.toDisplayString()));
        }
    }

    void mutualTls()
    {
        HttpServer server;
        sd::sandbox::HttpTlsOptions tlsOptions;
        QString error;
        QVERIFY(sd::sandbox::HttpTlsOptions::load(m_pki.cert(u"server"), m_pki.key(u"server"),
                                                  m_pki.cert(u"ca"), &tlsOptions, &error));
        tlsOptions.requireClientCertificate = true;
        server.setTls(tlsOptions);
        QString clientName;
        server.setHandler([&](const HttpRequest &r) {
            clientName = r.peerCertificate.subjectInfo(QSslCertificate::CommonName).value(0);
            return jsonReply("[]");
        });
        QVERIFY(server.listen());
        ConnectionProfile p = profileFor(server.url());
        p.caBundleFile = m_pki.cert(u"ca");
        {
            RegistryClient withoutCert(p, {});
            auto r = await<QStringList>([&](auto cb) { withoutCert.listSubjects({}, this, cb); });
            QVERIFY(r && !r->ok());
            QVERIFY2(r->error.kind == ErrorKind::Tls || r->error.kind == ErrorKind::Network,
                     qPrintable(r->error.toDisplayString()));
        }
        p.authType = AuthType::MutualTls;
        p.clientCertFile = m_pki.cert(u"client");
        p.clientKeyFile = m_pki.key(u"client");
        RegistryClient client(p, {});
        auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY2(r && r->ok(), r ? qPrintable(r->error.toDisplayString()) : "");
        QCOMPARE(clientName, u"schemadesk-client"_s);

        // An unreadable key is a configuration error, said before anything is sent.
        p.clientKeyFile = m_pki.path(u"missing.key");
        RegistryClient broken(p, {});
        r = await<QStringList>([&](auto cb) { broken.listSubjects({}, this, cb); });
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error.kind, ErrorKind::Configuration);
    }

private:
    TestPki m_pki;
};

QTEST_GUILESS_MAIN(TestTransport)
#include "tst_transport.moc"
