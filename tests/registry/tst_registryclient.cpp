// RegistryClient end to end against the sandbox registry over real HTTP: every endpoint family, the
// version differences (CP 7 vs 8), odd subject names, faults, auth, capabilities and bulk loading.
#include "registry/BulkLoader.h"
#include "registry/HttpLog.h"
#include "registry/RegistryClient.h"
#include "registry/ServerCapabilities.h"
#include "registry/Transport.h"
#include "RegistryTestSupport.h"
#include "sandboxserver/SandboxServer.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::registry;
using namespace sd::registry::test;
using sd::sandbox::SandboxOptions;
using sd::sandbox::SandboxServer;

namespace {

const QString pageviews =
    uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[{"name":"viewtime","type":"long"},{"name":"userid","type":"string"},{"name":"pageid","type":"string"}],"connect.name":"ksql.pageviews"})"_s;
const QString pageviewsV2 =
    uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[{"name":"viewtime","type":"long"},{"name":"userid","type":"string"},{"name":"pageid","type":"string"},{"name":"referrer","type":["null","string"],"default":null}],"connect.name":"ksql.pageviews"})"_s;
const QString incompatible =
    uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[{"name":"viewtime","type":"string"}]})"_s;

ConnectionProfile profileFor(const QUrl &url)
{
    ConnectionProfile p;
    p.name = u"sandbox"_s;
    p.urls = {url};
    p.requestTimeoutMs = 10000;
    return p;
}

std::unique_ptr<SandboxServer> startSandbox(SandboxOptions options = {})
{
    auto server = std::make_unique<SandboxServer>();
    QString error;
    if (!server->start(options, &error)) {
        qWarning("sandbox did not start: %s", qPrintable(error));
        return nullptr;
    }
    return server;
}

} // namespace

class TestRegistryClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void subjectsVersionsAndSchemas()
    {
        auto sandbox = startSandbox();
        QVERIFY(sandbox);
        RegistryClient client(profileFor(sandbox->url()), {});

        auto reg = await<SchemaVersion>([&](auto cb) {
            client.registerSchema(u"pageviews-value"_s, SchemaSubmission::of(pageviews), false, this, cb);
        });
        QVERIFY2(reg && reg->ok(), reg ? qPrintable(reg->error.toDisplayString()) : "");
        const int id1 = reg->value.id;
        QVERIFY(id1 > 0);
        // Same schema again: same id, no new version.
        reg = await<SchemaVersion>([&](auto cb) {
            client.registerSchema(u"pageviews-value"_s, SchemaSubmission::of(pageviews), false, this, cb);
        });
        QCOMPARE(reg->value.id, id1);
        reg = await<SchemaVersion>([&](auto cb) {
            client.registerSchema(u"pageviews-value"_s, SchemaSubmission::of(pageviewsV2), false, this, cb);
        });
        QVERIFY(reg && reg->ok());

        auto subjects = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QCOMPARE(subjects->value, QStringList{u"pageviews-value"_s});
        auto versions = await<QList<int>>(
            [&](auto cb) { client.listVersions(u"pageviews-value"_s, false, false, this, cb); });
        QCOMPARE(versions->value, (QList<int>{1, 2}));
        auto v1 = await<SchemaVersion>(
            [&](auto cb) { client.getVersion(u"pageviews-value"_s, u"1"_s, false, this, cb); });
        QVERIFY(v1 && v1->ok());
        QCOMPARE(v1->value.id, id1);
        QCOMPARE(v1->value.schemaType, u"AVRO"_s);
        auto latest = await<SchemaVersion>(
            [&](auto cb) { client.getVersion(u"pageviews-value"_s, u"latest"_s, false, this, cb); });
        QCOMPARE(latest->value.version, 2);
        auto raw = await<QString>(
            [&](auto cb) { client.getVersionSchema(u"pageviews-value"_s, u"1"_s, false, this, cb); });
        QVERIFY(raw && raw->ok());
        QVERIFY(raw->value.contains(u"viewtime"_s));

        auto lookup = await<SchemaVersion>([&](auto cb) {
            client.lookupSchema(u"pageviews-value"_s, SchemaSubmission::of(pageviews), false, false, this,
                                cb);
        });
        QVERIFY(lookup && lookup->ok());
        QCOMPARE(lookup->value.version, 1);
        auto missing = await<SchemaVersion>([&](auto cb) {
            client.lookupSchema(u"pageviews-value"_s, SchemaSubmission::of(incompatible), false, false, this,
                                cb);
        });
        QVERIFY(missing && !missing->ok());
        QCOMPARE(missing->error.errorCode, 40403);
        QVERIFY(missing->error.explanation.contains(u"not registered under it"_s));

        auto byId = await<SchemaVersion>([&](auto cb) { client.getSchemaById(id1, {}, true, this, cb); });
        QVERIFY(byId && byId->ok());
        QCOMPARE(byId->value.id, id1);
        auto text = await<QString>([&](auto cb) { client.getSchemaTextById(id1, {}, this, cb); });
        QVERIFY(text && text->ok() && text->value.contains(u"pageviews"_s));
        auto idSubjects = await<QStringList>([&](auto cb) { client.getSubjectsForId(id1, false, this, cb); });
        QCOMPARE(idSubjects->value, QStringList{u"pageviews-value"_s});
        auto idVersions =
            await<QList<SubjectVersionRef>>([&](auto cb) { client.getVersionsForId(id1, false, this, cb); });
        QCOMPARE(idVersions->value.size(), 1);
        QCOMPARE(idVersions->value.at(0).version, 1);
        auto types = await<QStringList>([&](auto cb) { client.getSchemaTypes(this, cb); });
        QVERIFY(types->value.contains(u"AVRO"_s));
        SchemaQuery sq;
        sq.latestOnly = true;
        auto schemas = await<QList<SchemaVersion>>([&](auto cb) { client.listSchemas(sq, this, cb); });
        QVERIFY(schemas && schemas->ok());
        QCOMPARE(schemas->value.size(), 1);
        QCOMPARE(schemas->value.at(0).version, 2);
        auto refBy = await<QList<int>>(
            [&](auto cb) { client.getReferencedBy(u"pageviews-value"_s, u"1"_s, this, cb); });
        QVERIFY(refBy && refBy->ok());
        QVERIFY(refBy->value.isEmpty());
        auto version = await<ServerVersion>([&](auto cb) { client.getServerVersion(this, cb); });
        QVERIFY(version && version->ok());
        auto cluster = await<ClusterId>([&](auto cb) { client.getClusterId(this, cb); });
        QVERIFY(cluster && cluster->ok());
        auto root = await<Empty>([&](auto cb) { client.getRoot(this, cb); });
        QVERIFY(root && root->ok());
    }

    void compatibilityAndIncompatibleRegister_data()
    {
        QTest::addColumn<int>("profile");
        QTest::addColumn<int>("expectedCode");
        QTest::addColumn<bool>("schemaTypeEmitted");
        QTest::newRow("CP 8") << int(sd::sandbox::VersionProfile::Cp8) << 40901 << true;
        QTest::newRow("CP 7") << int(sd::sandbox::VersionProfile::Cp7) << 409 << false;
    }
    void compatibilityAndIncompatibleRegister()
    {
        QFETCH(int, profile);
        QFETCH(int, expectedCode);
        QFETCH(bool, schemaTypeEmitted);
        SandboxOptions options;
        options.versionProfile = sd::sandbox::VersionProfile(profile);
        auto sandbox = startSandbox(options);
        QVERIFY(sandbox);
        HttpLog log;
        RegistryClient client(profileFor(sandbox->url()), {}, &log);
        auto reg = await<SchemaVersion>([&](auto cb) {
            client.registerSchema(u"s"_s, SchemaSubmission::of(pageviews), false, this, cb);
        });
        QVERIFY(reg && reg->ok());
        auto check = await<CompatibilityResult>([&](auto cb) {
            client.checkCompatibility(u"s"_s, u"latest"_s, SchemaSubmission::of(incompatible), true, this,
                                      cb);
        });
        QVERIFY(check && check->ok());
        QVERIFY(!check->value.compatible);
        QVERIFY(!check->value.messages.isEmpty());
        check = await<CompatibilityResult>([&](auto cb) {
            client.checkCompatibility(u"s"_s, std::nullopt, SchemaSubmission::of(pageviewsV2), false, this,
                                      cb);
        });
        QVERIFY(check && check->ok() && check->value.compatible);
        reg = await<SchemaVersion>([&](auto cb) {
            client.registerSchema(u"s"_s, SchemaSubmission::of(incompatible), false, this, cb);
        });
        QVERIFY(reg && !reg->ok());
        QCOMPARE(reg->error.errorCode, expectedCode);
        QVERIFY(reg->error.isIncompatible());
        QVERIFY(reg->error.explanation.contains(u"incompatible"_s));
        // Whatever the server emits, a missing schemaType reads as AVRO.
        auto v = await<SchemaVersion>([&](auto cb) { client.getVersion(u"s"_s, u"1"_s, false, this, cb); });
        QCOMPARE(v->value.schemaType, u"AVRO"_s);
        const HttpLogEntry &last = log.at(log.size() - 1);
        Q_UNUSED(last);
        Q_UNUSED(schemaTypeEmitted);
    }

    void deletesSoftThenPermanent()
    {
        auto sandbox = startSandbox();
        QVERIFY(sandbox);
        RegistryClient client(profileFor(sandbox->url()), {});
        QVERIFY(await<SchemaVersion>([&](auto cb) {
                    client.registerSchema(u"d"_s, SchemaSubmission::of(pageviews), false, this, cb);
                })->ok());
        auto hard = await<QList<int>>([&](auto cb) { client.deleteSubject(u"d"_s, true, this, cb); });
        QVERIFY(hard && !hard->ok());
        QCOMPARE(hard->error.errorCode, 40405);
        QVERIFY(hard->error.explanation.contains(u"soft delete first"_s));
        auto soft = await<QList<int>>([&](auto cb) { client.deleteSubject(u"d"_s, false, this, cb); });
        QVERIFY(soft && soft->ok());
        QCOMPARE(soft->value, QList<int>{1});
        SubjectQuery q;
        q.deletedOnly = true;
        auto deletedOnly = await<QStringList>([&](auto cb) { client.listSubjects(q, this, cb); });
        QCOMPARE(deletedOnly->value, QStringList{u"d"_s});
        auto again = await<QList<int>>([&](auto cb) { client.deleteSubject(u"d"_s, false, this, cb); });
        QCOMPARE(again->error.errorCode, 40404);
        hard = await<QList<int>>([&](auto cb) { client.deleteSubject(u"d"_s, true, this, cb); });
        QVERIFY(hard && hard->ok());

        QVERIFY(await<SchemaVersion>([&](auto cb) {
                    client.registerSchema(u"v"_s, SchemaSubmission::of(pageviews), false, this, cb);
                })->ok());
        auto dv = await<int>([&](auto cb) { client.deleteVersion(u"v"_s, u"1"_s, false, this, cb); });
        QVERIFY(dv && dv->ok());
        QCOMPARE(dv->value, 1);
        dv = await<int>([&](auto cb) { client.deleteVersion(u"v"_s, u"1"_s, true, this, cb); });
        QVERIFY(dv && dv->ok());
    }

    void oddSubjectNamesAndContexts_data()
    {
        QTest::addColumn<QString>("subject");
        QTest::newRow("qualified with slash") << u":.ctx:a/b"_s;
        QTest::newRow("spaces") << u"orders value"_s;
        QTest::newRow("unicode") << u"zahlungen-äöü-値"_s;
        QTest::newRow("query characters") << u"a%b?c#d&e=f+g"_s;
    }
    void oddSubjectNamesAndContexts()
    {
        QFETCH(QString, subject);
        auto sandbox = startSandbox();
        QVERIFY(sandbox);
        RegistryClient client(profileFor(sandbox->url()), {});
        auto reg = await<SchemaVersion>([&](auto cb) {
            client.registerSchema(subject, SchemaSubmission::of(pageviews), false, this, cb);
        });
        QVERIFY2(reg && reg->ok(), reg ? qPrintable(reg->error.toDisplayString()) : "");
        SubjectQuery all;
        all.subjectPrefix = u":*:"_s;
        auto subjects = await<QStringList>([&](auto cb) { client.listSubjects(all, this, cb); });
        QCOMPARE(subjects->value, QStringList{subject});
        auto v =
            await<SchemaVersion>([&](auto cb) { client.getVersion(subject, u"latest"_s, false, this, cb); });
        QVERIFY2(v && v->ok(), v ? qPrintable(v->error.toDisplayString()) : "");
        QCOMPARE(v->value.subject, subject);
        auto cfg = await<RegistryConfig>([&](auto cb) {
            ConfigUpdate u;
            u.compatibility = u"FULL"_s;
            client.setConfig(subject, u, this, cb);
        });
        QVERIFY(cfg && cfg->ok());
        QCOMPARE(cfg->value.compatibility, u"FULL"_s);
        auto got = await<RegistryConfig>([&](auto cb) { client.getConfig(subject, false, this, cb); });
        QCOMPARE(got->value.compatibility, u"FULL"_s);
        if (subject.startsWith(u":."_s)) {
            auto contexts = await<QStringList>([&](auto cb) { client.listContexts(this, cb); });
            QCOMPARE(contexts->value, (QStringList{u"."_s, u".ctx"_s}));
            auto del = await<Empty>([&](auto cb) { client.deleteContext(u".ctx"_s, this, cb); });
            QVERIFY(del && !del->ok());
            QCOMPARE(del->error.errorCode, 42211);
            QVERIFY(del->error.explanation.contains(u"still holds subjects"_s));
        }
    }

    void configAndModes()
    {
        auto sandbox = startSandbox();
        QVERIFY(sandbox);
        RegistryClient client(profileFor(sandbox->url()), {});
        auto top = await<RegistryConfig>([&](auto cb) { client.getConfig({}, false, this, cb); });
        QVERIFY(top && top->ok());
        QCOMPARE(top->value.compatibility, u"BACKWARD"_s);
        auto notSet = await<RegistryConfig>([&](auto cb) { client.getConfig(u"nobody"_s, false, this, cb); });
        QCOMPARE(notSet->error.errorCode, 40408);
        auto inherited =
            await<RegistryConfig>([&](auto cb) { client.getConfig(u"nobody"_s, true, this, cb); });
        QVERIFY(inherited && inherited->ok());
        auto deleted = await<RegistryConfig>([&](auto cb) { client.deleteConfig(u"nobody"_s, this, cb); });
        QCOMPARE(deleted->error.errorCode, 40401);
        QVERIFY(deleted->error.explanation.contains(u"inherited"_s));

        auto mode = await<QString>([&](auto cb) { client.getMode({}, false, this, cb); });
        QCOMPARE(mode->value, u"READWRITE"_s);
        auto ro = await<QString>([&](auto cb) { client.setMode({}, u"READONLY"_s, false, this, cb); });
        QVERIFY(ro && ro->ok());
        auto blocked = await<SchemaVersion>([&](auto cb) {
            client.registerSchema(u"x"_s, SchemaSubmission::of(pageviews), false, this, cb);
        });
        QCOMPARE(blocked->error.errorCode, 42205);
        QVERIFY2(blocked->error.explanation.contains(u"READONLY or IMPORT"_s),
                 qPrintable(blocked->error.explanation));
        auto forward = await<QString>([&](auto cb) { client.setMode({}, u"FORWARD"_s, false, this, cb); });
        QCOMPARE(forward->error.errorCode, 42204);
        QVERIFY(forward->error.explanation.contains(u":.__GLOBAL:"_s));
        auto global =
            await<QString>([&](auto cb) { client.setMode(u":.__GLOBAL:"_s, u"FORWARD"_s, false, this, cb); });
        QVERIFY2(global && global->ok(), global ? qPrintable(global->error.toDisplayString()) : "");
        auto back = await<QString>([&](auto cb) { client.deleteMode({}, true, this, cb); });
        QVERIFY(back && back->ok());
        QVERIFY(await<QString>([&](auto cb) { client.deleteMode(u":.__GLOBAL:"_s, false, this, cb); })->ok());
    }

    // Schema Linking over the client: an exporter from source to target, its state machine and its errors.
    void exportersEndToEnd()
    {
        auto source = startSandbox();
        auto target = startSandbox();
        QVERIFY(source && target);
        RegistryClient src(profileFor(source->url()), {});
        RegistryClient tgt(profileFor(target->url()), {});
        // Exported subjects are written in IMPORT mode on the destination.
        QVERIFY(await<QString>([&](auto cb) { tgt.setMode({}, u"IMPORT"_s, false, this, cb); })->ok());
        ExporterInfo info;
        info.name = u"src-to-tgt-link"_s;
        info.contextType = u"NONE"_s;
        info.config.insert(u"schema.registry.url"_s, target->url().toString());
        auto created = await<QString>([&](auto cb) { src.createLink(LinkKind::Exporter, info, this, cb); });
        QVERIFY2(created && created->ok(), created ? qPrintable(created->error.toDisplayString()) : "");
        QCOMPARE(created->value, u"src-to-tgt-link"_s);
        auto duplicate = await<QString>([&](auto cb) { src.createLink(LinkKind::Exporter, info, this, cb); });
        QCOMPARE(duplicate->error.errorCode, 40960);
        auto names = await<QStringList>([&](auto cb) { src.listLinks(LinkKind::Exporter, this, cb); });
        QCOMPARE(names->value, QStringList{u"src-to-tgt-link"_s});
        auto described =
            await<ExporterInfo>([&](auto cb) { src.getLink(LinkKind::Exporter, info.name, this, cb); });
        QVERIFY(described && described->ok());
        QCOMPARE(described->value.contextType, u"NONE"_s);
        QCOMPARE(described->value.config.value(u"schema.registry.url"_s), target->url().toString());

        QVERIFY(await<SchemaVersion>([&](auto cb) {
                    src.registerSchema(u"pageviews-value"_s, SchemaSubmission::of(pageviews), false, this,
                                       cb);
                })->ok());
        // The exporter copies the subject to target.
        QStringList onTarget;
        QVERIFY(waitUntil(
            [&] {
                auto r = await<QStringList>([&](auto cb) { tgt.listSubjects({}, this, cb); });
                if (r && r->ok())
                    onTarget = r->value;
                return onTarget.contains(u"pageviews-value"_s);
            },
            20000));
        QVERIFY(await<QString>([&](auto cb) { tgt.setMode({}, u"READWRITE"_s, false, this, cb); })->ok());
        auto status = await<ExporterStatus>(
            [&](auto cb) { src.getLinkStatus(LinkKind::Exporter, info.name, this, cb); });
        QVERIFY(status && status->ok());
        QCOMPARE(status->value.state, u"RUNNING"_s);

        auto resumeRunning =
            await<QString>([&](auto cb) { src.resumeLink(LinkKind::Exporter, info.name, this, cb); });
        QCOMPARE(resumeRunning->error.errorCode, 40961);
        auto resetRunning =
            await<QString>([&](auto cb) { src.resetLink(LinkKind::Exporter, info.name, this, cb); });
        QCOMPARE(resetRunning->error.errorCode, 40963);
        QVERIFY(resetRunning->error.explanation.contains(u"paused first"_s));
        QVERIFY(
            await<QString>([&](auto cb) { src.pauseLink(LinkKind::Exporter, info.name, this, cb); })->ok());
        status = await<ExporterStatus>(
            [&](auto cb) { src.getLinkStatus(LinkKind::Exporter, info.name, this, cb); });
        QCOMPARE(status->value.state, u"PAUSED"_s);
        ExporterInfo update;
        update.subjects = {u"pageviews-value"_s};
        QVERIFY(await<QString>([&](auto cb) {
                    src.updateLink(LinkKind::Exporter, info.name, update, this, cb);
                })->ok());
        auto config = await<QMap<QString, QString>>(
            [&](auto cb) { src.getLinkConfig(LinkKind::Exporter, info.name, this, cb); });
        QVERIFY(config && config->ok());
        QCOMPARE(config->value.value(u"schema.registry.url"_s), target->url().toString());
        QVERIFY(await<QString>([&](auto cb) {
                    src.updateLinkConfig(LinkKind::Exporter, info.name, config->value, this, cb);
                })->ok());
        QVERIFY(
            await<QString>([&](auto cb) { src.resetLink(LinkKind::Exporter, info.name, this, cb); })->ok());
        QVERIFY(
            await<QString>([&](auto cb) { src.resumeLink(LinkKind::Exporter, info.name, this, cb); })->ok());
        QVERIFY(
            await<Empty>([&](auto cb) { src.deleteLink(LinkKind::Exporter, info.name, this, cb); })->ok());
        auto gone = await<ExporterStatus>(
            [&](auto cb) { src.getLinkStatus(LinkKind::Exporter, info.name, this, cb); });
        QCOMPARE(gone->error.errorCode, 40450);
        QVERIFY(gone->error.explanation.contains(u"No exporter"_s));
    }

    void importersWhereNotOffered()
    {
        // A registry without /importers (Confluent's public API has none): plain 404 for the route.
        SandboxOptions options;
        options.faults = {
            u"error=404,route=/importers*,body={\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"_s};
        auto sandbox = startSandbox(options);
        QVERIFY(sandbox);
        RegistryClient client(profileFor(sandbox->url()), {});
        auto status = await<ExporterStatus>(
            [&](auto cb) { client.getLinkStatus(LinkKind::Importer, u"schema-importer"_s, this, cb); });
        QVERIFY(status && !status->ok());
        QVERIFY(status->error.isUnsupportedEndpoint());
        QVERIFY2(status->error.explanation.contains(u"not offered by this registry"_s),
                 qPrintable(status->error.explanation));
        auto list = await<QStringList>([&](auto cb) { client.listLinks(LinkKind::Importer, this, cb); });
        QVERIFY(list && !list->ok());
        QVERIFY(list->error.explanation.contains(u"not offered by this registry"_s));
    }

    void basicAuthUsers()
    {
        SandboxOptions options;
        options.users = {{u"reader"_s, u"r-pass"_s, false}, {u"writer"_s, u"w-pass"_s, true}};
        auto sandbox = startSandbox(options);
        QVERIFY(sandbox);
        ConnectionProfile p = profileFor(sandbox->url());
        p.authType = AuthType::Basic;
        p.basicUser = u"reader"_s;
        ConnectionSecrets secrets;
        secrets.set(SecretName::basicPassword, u"r-pass"_s);
        RegistryClient reader(p, secrets);
        QVERIFY(await<QStringList>([&](auto cb) { reader.listSubjects({}, this, cb); })->ok());
        auto denied = await<SchemaVersion>([&](auto cb) {
            reader.registerSchema(u"x"_s, SchemaSubmission::of(pageviews), false, this, cb);
        });
        QCOMPARE(denied->error.httpStatus, 403);
        QVERIFY(denied->error.explanation.contains(u"role"_s));
        secrets.set(SecretName::basicPassword, u"nope"_s);
        RegistryClient wrong(p, secrets);
        auto refused = await<QStringList>([&](auto cb) { wrong.listSubjects({}, this, cb); });
        QCOMPARE(refused->error.httpStatus, 401);

        ConnectionTester tester(p, secrets);
        std::optional<ConnectionTestResult> result;
        connect(&tester, &ConnectionTester::finished, this,
                [&](const ConnectionTestResult &r) { result = r; });
        tester.start();
        QVERIFY(waitUntil([&] { return result.has_value(); }));
        QVERIFY(!result->ok);
        QVERIFY2(result->authentication.contains(u"refused"_s), qPrintable(result->authentication));
    }

    void faultsFromTheSandbox()
    {
        SandboxOptions options;
        options.faults = {u"error=503,route=GET /subjects,times=2"_s, u"error=500,route=GET /contexts"_s};
        auto sandbox = startSandbox(options);
        QVERIFY(sandbox);
        RegistryClient client(profileFor(sandbox->url()), {});
        client.transport()->setRetryBaseDelayMs(20);
        auto subjects = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY2(subjects && subjects->ok(), subjects ? qPrintable(subjects->error.toDisplayString()) : "");
        auto contexts = await<QStringList>([&](auto cb) { client.listContexts(this, cb); });
        QVERIFY(contexts && !contexts->ok());
        QCOMPARE(contexts->error.httpStatus, 500);
    }

    void testConnectionAndCapabilities()
    {
        auto sandbox = startSandbox();
        QVERIFY(sandbox);
        ConnectionTester tester(profileFor(sandbox->url()), {});
        std::optional<ConnectionTestResult> result;
        connect(&tester, &ConnectionTester::finished, this,
                [&](const ConnectionTestResult &r) { result = r; });
        tester.start();
        QVERIFY(waitUntil([&] { return result.has_value(); }));
        QVERIFY2(result->ok, qPrintable(result->report().join(u'\n')));
        QVERIFY(result->latencyMs >= 0);
        const ServerCapabilities &caps = result->capabilities;
        QVERIFY(!caps.serverVersion.isEmpty());
        QCOMPARE(caps.contexts, Support::Yes);
        QCOMPARE(caps.bulkSchemas, Support::Yes);
        QCOMPARE(caps.modes, Support::Yes);
        QVERIFY(caps.exporters != Support::Unknown);
        QVERIFY(caps.importers != Support::Unknown);
        QVERIFY(caps.schemaTypes.contains(u"AVRO"_s));
        QVERIFY(!caps.summary().isEmpty());
        QVERIFY(result->report().size() > 5);

        // A server without the optional endpoints: they read as "not offered".
        SandboxOptions options;
        options.faults = {
            u"error=404,route=GET /contexts"_s,
            u"error=404,route=GET /schemas,body={\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"_s,
            u"error=405,route=GET /mode"_s};
        auto limited = startSandbox(options);
        QVERIFY(limited);
        RegistryClient client(profileFor(limited->url()), {});
        CapabilityProbe probe(&client);
        bool done = false;
        connect(&probe, &CapabilityProbe::finished, this, [&] { done = true; });
        probe.start();
        QVERIFY(waitUntil([&] { return done; }));
        QVERIFY(!probe.error().isError());
        QCOMPARE(probe.capabilities().contexts, Support::No);
        QCOMPARE(probe.capabilities().bulkSchemas, Support::No);
        QCOMPARE(probe.capabilities().modes, Support::No);
        QCOMPARE(probe.capabilities().forwardMode, Support::No);

        // Unreachable: one clear error, authentication not tried.
        const QUrl deadUrl = sandbox->url();
        sandbox.reset();
        ConnectionTester dead(profileFor(deadUrl), {});
        result.reset();
        connect(&dead, &ConnectionTester::finished, this, [&](const ConnectionTestResult &r) { result = r; });
        dead.start();
        QVERIFY(waitUntil([&] { return result.has_value(); }));
        QVERIFY(!result->ok);
        QCOMPARE(result->error.kind, ErrorKind::ConnectionRefused);
        QVERIFY(result->authentication.contains(u"not tried"_s));
    }

    void bulkLoadUsesFewRequests_data()
    {
        QTest::addColumn<int>("subjects");
        QTest::addColumn<int>("versionsPerSubject");
        QTest::newRow("empty") << 0 << 0;
        QTest::newRow("300 × 3") << 300 << 3;
        QTest::newRow("1000 × 1 (exact page)") << 1000 << 1;
        QTest::newRow("700 × 3") << 700 << 3;
    }
    void bulkLoadUsesFewRequests()
    {
        QFETCH(int, subjects);
        QFETCH(int, versionsPerSubject);
        auto sandbox = startSandbox();
        QVERIFY(sandbox);
        int versions = 0;
        for (int s = 0; s < subjects; ++s) {
            const QString subject =
                s % 5 == 0 ? u":.ctx%1:subject-%2"_s.arg(s % 3).arg(s) : u"subject-%1"_s.arg(s);
            for (int v = 0; v < versionsPerSubject; ++v) {
                sd::sandbox::RegisterRequest request;
                QString fields;
                for (int f = 0; f <= v; ++f)
                    fields += u"%1{\"name\":\"f%2\",\"type\":\"string\",\"default\":\"\"}"_s
                                  .arg(f ? u","_s : QString())
                                  .arg(f);
                request.schema =
                    u"{\"type\":\"record\",\"name\":\"R%1\",\"fields\":[%2]}"_s.arg(s).arg(fields);
                sd::sandbox::RegistryError error;
                sandbox->store()->registerSchema(subject, request, {}, &error);
                QVERIFY2(!error.isError(), qPrintable(error.message));
                ++versions;
            }
        }
        if (subjects > 0) {
            sd::sandbox::RegistryError error;
            sandbox->store()->deleteSubject(u"subject-1"_s, false, &error); // soft-deleted data is loaded too
            QVERIFY(!error.isError());
        }
        RegistryClient client(profileFor(sandbox->url()), {});
        BulkLoader loader(&client);
        QSignalSpy progress(&loader, &BulkLoader::progress);
        bool finished = false;
        connect(&loader, &BulkLoader::finished, this, [&] { finished = true; });
        loader.start();
        QVERIFY(waitUntil([&] { return finished; }, 60000));
        QVERIFY2(!loader.error().isError(), qPrintable(loader.error().toDisplayString()));
        QVERIFY(loader.usedBulk());
        const int bound = 2 + (versions + 999) / 1000;
        qInfo("bulk load: %d subjects, %d versions, %d requests (bound %d), %lld ms", subjects, versions,
              loader.requestCount(), bound, loader.elapsedMs());
        QVERIFY2(loader.requestCount() <= bound, QByteArray::number(loader.requestCount()).constData());
        SnapshotPtr snap = loader.snapshot();
        QVERIFY(snap);
        QCOMPARE(snap->versionCount(), versions);
        QCOMPARE(snap->subjectCount(), subjects);
        if (subjects > 0) {
            QVERIFY(!progress.isEmpty());
            const int i = snap->findSubject(u"subject-1"_s);
            QVERIFY(i >= 0);
            QVERIFY(snap->subject(i).deleted);
            const int q = snap->findSubject(u":.ctx0:subject-0"_s);
            QVERIFY(q >= 0);
            QCOMPARE(snap->qualifiedName(q), u":.ctx0:subject-0"_s);
            QCOMPARE(snap->context(snap->subject(q).context).name, u".ctx0"_s);
            const auto &v = snap->version(snap->subject(q).versionsBegin);
            QVERIFY(snap->schemaText(v).contains(u"\"R0\""_s));
            QCOMPARE(snap->typeName(v), u"AVRO"_s);
            QCOMPARE(snap->context(0).name, u"."_s);
        }
    }

    void perSubjectFallbackAndCancel()
    {
        SandboxOptions options;
        options.faults = {
            u"error=404,route=GET /schemas,body={\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}"_s};
        auto sandbox = startSandbox(options);
        QVERIFY(sandbox);
        for (int s = 0; s < 20; ++s) {
            sd::sandbox::RegisterRequest request;
            request.schema = u"{\"type\":\"record\",\"name\":\"R%1\",\"fields\":[]}"_s.arg(s);
            sd::sandbox::RegistryError error;
            sandbox->store()->registerSchema(u"s-%1"_s.arg(s), request, {}, &error);
        }
        RegistryClient client(profileFor(sandbox->url()), {});
        BulkLoader loader(&client);
        bool finished = false;
        connect(&loader, &BulkLoader::finished, this, [&] { finished = true; });
        loader.start();
        QVERIFY(waitUntil([&] { return finished; }, 60000));
        QVERIFY2(!loader.error().isError(), qPrintable(loader.error().toDisplayString()));
        QVERIFY(!loader.usedBulk());
        QCOMPARE(loader.snapshot()->versionCount(), 20);
        QCOMPARE(loader.requestCount(), 2 + 20 * 2); // subjects, failed /schemas, versions + version each

        // Cancel mid-way: finishes at once with Aborted, nothing left running.
        sandbox->faults()->addRule(sd::sandbox::FaultRule::latency(200));
        finished = false;
        loader.start();
        QTest::qWait(50);
        loader.cancel();
        QVERIFY(finished);
        QCOMPARE(loader.error().kind, ErrorKind::Aborted);
        QVERIFY(!loader.snapshot());
        QTest::qWait(300);
        QCOMPARE(client.transport()->activeCount() + client.transport()->queuedCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRegistryClient)
#include "tst_registryclient.moc"
