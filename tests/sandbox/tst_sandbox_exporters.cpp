// Schema Linking exporters between real sandboxes over loopback: one-way, active/active and the paused
// exporter step by step, the exporter API's error codes, destination failures, naming rules, persistence.

#include "common/RestClient.h"
#include "sandboxserver/SandboxServer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::sandbox::ExporterDefinition;
using sd::sandbox::ExporterManager;
using sd::sandbox::SandboxOptions;
using sd::sandbox::SandboxServer;
using sd::sandbox::SandboxUser;
using sd::testing::RestClient;
using sd::testing::RestReply;

namespace {

const QString kPageviews =
    uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[{"name":"viewtime","type":"long"},{"name":"userid","type":"string"},{"name":"pageid","type":"string"}],"connect.name":"ksql.pageviews"})"_s;
const QString kStockTrades =
    uR"({"type":"record","name":"StockTrade","namespace":"ksql","fields":[{"name":"side","type":"string"},{"name":"quantity","type":"int"},{"name":"symbol","type":"string"}]})"_s;

QJsonObject schemaBody(const QString &schema)
{
    return QJsonObject{{u"schema"_s, schema}};
}

QJsonObject exporterBody(const QString &name, const QUrl &destination, const QJsonObject &extra = {})
{
    QJsonObject body{{u"name"_s, name},
                     {u"config"_s, QJsonObject{{u"schema.registry.url"_s, destination.toString()}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return body;
}

QString state(RestClient &client, const QString &name)
{
    return client.get(u"/exporters/%1/status"_s.arg(name)).object().value(u"state"_s).toString();
}

} // namespace

class TestExporters : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scenarioA_activePassive();
    void scenarioB_specificSubjectsIntoCustomContexts();
    void scenarioC_pausedExporterTraceAndResume();
    void exporterApiErrorCodes();
    void destinationFailuresPause();
    void namingRules();
    void exportersPersistAcrossRestart();
    void scenarioD_forwardModeAndMirroring();
    void scenarioD_importerPullsFromCloud();
};

void TestExporters::scenarioA_activePassive()
{
    SandboxServer source, target;
    QVERIFY(source.start({}));
    QVERIFY(target.start({}));
    RestClient src(source.url()), tgt(target.url());
    // The destination of a link receives writes in IMPORT mode.
    QCOMPARE(tgt.put(u"/mode"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}}).status, 200);

    RestReply reply = src.post(
        u"/exporters"_s, exporterBody(u"src-to-tgt-link"_s, target.url(), {{u"contextType"_s, u"NONE"_s}}));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, QByteArray("{\"name\":\"src-to-tgt-link\"}"));
    QCOMPARE(src.get(u"/exporters"_s).array(), QJsonArray({u"src-to-tgt-link"_s}));
    QTRY_COMPARE(state(src, u"src-to-tgt-link"_s), u"RUNNING"_s);
    // Nothing exported yet: offset -1, ts 0 (as Confluent reports a new exporter).
    QCOMPARE(src.get(u"/exporters/src-to-tgt-link/status"_s).body,
             QByteArray("{\"name\":\"src-to-tgt-link\",\"state\":\"RUNNING\",\"offset\":-1,\"ts\":0}"));

    QCOMPARE(src.post(u"/subjects/pageviews-value/versions"_s, schemaBody(kPageviews)).status, 200);
    QTRY_COMPARE(tgt.get(u"/subjects"_s).array(), QJsonArray({u"pageviews-value"_s}));
    QCOMPARE(src.get(u"/subjects"_s).array(), QJsonArray({u"pageviews-value"_s}));
    // The mirror is byte-identical (operators check it by comparing md5 sums).
    const QByteArray onSource = src.get(u"/subjects/pageviews-value/versions/1"_s).body;
    QCOMPARE(tgt.get(u"/subjects/pageviews-value/versions/1"_s).body, onSource);
    QCOMPARE(tgt.get(u"/schemas/ids/1"_s).object().value(u"schema"_s).toString(), kPageviews);
    const QJsonObject status = src.get(u"/exporters/src-to-tgt-link/status"_s).object();
    QCOMPARE(status.value(u"state"_s).toString(), u"RUNNING"_s);
    QVERIFY(status.value(u"offset"_s).toInteger() >= 0);
    QVERIFY(status.value(u"ts"_s).toInteger() > 1700000000000LL);
    QVERIFY(!status.contains(u"trace"_s));
    // The passive side rejects normal writes while in IMPORT.
    QCOMPARE(tgt.post(u"/subjects/pageviews-value/versions"_s, schemaBody(kStockTrades)).errorCode(), 42205);
}

void TestExporters::scenarioB_specificSubjectsIntoCustomContexts()
{
    SandboxServer source, target;
    QVERIFY(source.start({}));
    QVERIFY(target.start({}));
    RestClient src(source.url()), tgt(target.url());
    QCOMPARE(tgt.put(u"/mode/:.source:"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}}).status, 200);
    QCOMPARE(src.put(u"/mode/:.target:"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}}).status, 200);
    QCOMPARE(src.post(u"/exporters"_s, exporterBody(u"src-to-tgt-link"_s, target.url(),
                                                    {{u"subjects"_s, QJsonArray{u"pageviews-value"_s}},
                                                     {u"contextType"_s, u"CUSTOM"_s},
                                                     {u"context"_s, u"source"_s}}))
                 .status,
             200);
    QCOMPARE(tgt.post(u"/exporters"_s, exporterBody(u"tgt-to-src-link"_s, source.url(),
                                                    {{u"subjects"_s, QJsonArray{u"stock_trades-value"_s}},
                                                     {u"contextType"_s, u"CUSTOM"_s},
                                                     {u"context"_s, u"target"_s}}))
                 .status,
             200);
    QCOMPARE(src.post(u"/subjects/pageviews-value/versions"_s, schemaBody(kPageviews)).status, 200);
    QCOMPARE(tgt.post(u"/subjects/stock_trades-value/versions"_s, schemaBody(kStockTrades)).status, 200);
    QTRY_COMPARE(tgt.get(u"/subjects"_s).array(),
                 QJsonArray({u":.source:pageviews-value"_s, u"stock_trades-value"_s}));
    QTRY_COMPARE(src.get(u"/subjects"_s).array(),
                 QJsonArray({u":.target:stock_trades-value"_s, u"pageviews-value"_s}));
    QCOMPARE(src.get(u"/contexts"_s).array(), QJsonArray({u"."_s, u".target"_s}));
    QCOMPARE(tgt.get(u"/contexts"_s).array(), QJsonArray({u"."_s, u".source"_s}));
    // Semantically identical, not byte-identical: the subject field carries the context.
    const QJsonObject original = src.get(u"/subjects/pageviews-value/versions/1"_s).object();
    const QJsonObject copy = tgt.get(u"/subjects/:.source:pageviews-value/versions/1"_s).object();
    QCOMPARE(copy.value(u"subject"_s).toString(), u":.source:pageviews-value"_s);
    QCOMPARE(copy.value(u"schema"_s), original.value(u"schema"_s));
    QCOMPARE(copy.value(u"id"_s), original.value(u"id"_s));
    QVERIFY(src.get(u"/subjects/pageviews-value/versions/1"_s).body !=
            tgt.get(u"/subjects/:.source:pageviews-value/versions/1"_s).body);
    // Describe: GET /exporters/{name} gives the subjects, context settings and config.
    const QJsonObject info = src.get(u"/exporters/src-to-tgt-link"_s).object();
    QCOMPARE(info.value(u"contextType"_s).toString(), u"CUSTOM"_s);
    QCOMPARE(info.value(u"context"_s).toString(), u"source"_s);
    QCOMPARE(info.value(u"subjects"_s).toArray(), QJsonArray({u"pageviews-value"_s}));
    QCOMPARE(info.value(u"config"_s).toObject().value(u"schema.registry.url"_s).toString(),
             target.url().toString());
    QCOMPARE(src.get(u"/exporters/src-to-tgt-link/config"_s).object(),
             QJsonObject({{u"schema.registry.url"_s, target.url().toString()}}));
}

void TestExporters::scenarioC_pausedExporterTraceAndResume()
{
    SandboxServer source, target;
    QVERIFY(source.start({}));
    QVERIFY(target.start({}));
    RestClient src(source.url()), tgt(target.url());
    // Before the links start: .source on target and .target on source are in IMPORT mode.
    QCOMPARE(tgt.put(u"/mode/:.source:"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}}).status, 200);
    QCOMPARE(src.put(u"/mode/:.target:"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}}).status, 200);
    QCOMPARE(src.post(u"/subjects/pageviews-value/versions"_s, schemaBody(kPageviews)).status, 200);
    // Target exports everything into .target on source.
    QCOMPARE(tgt.post(u"/exporters"_s,
                      exporterBody(u"tgt-to-src-link"_s, source.url(),
                                   {{u"contextType"_s, u"CUSTOM"_s}, {u"context"_s, u"target"_s}}))
                 .status,
             200);
    QCOMPARE(tgt.post(u"/subjects/stock_trades-value/versions"_s, schemaBody(kStockTrades)).status, 200);
    QTRY_COMPARE(src.get(u"/subjects"_s).array(),
                 QJsonArray({u":.target:stock_trades-value"_s, u"pageviews-value"_s}));
    // Keep the target's exporter out of the way: it would bounce the source's exports back.
    QCOMPARE(tgt.call("PUT", u"/exporters/tgt-to-src-link/pause"_s).status, 200);

    QCOMPARE(src.post(u"/exporters"_s,
                      exporterBody(u"src-to-tgt-link"_s, target.url(),
                                   {{u"contextType"_s, u"CUSTOM"_s}, {u"context"_s, u"source"_s}}))
                 .status,
             200);
    // The imported :.target:stock_trades-value is exported too and lands in .source.target on
    // target, which is not in IMPORT mode: the exporter stops.
    QTRY_COMPARE(state(src, u"src-to-tgt-link"_s), u"PAUSED"_s);
    QJsonObject status = src.get(u"/exporters/src-to-tgt-link/status"_s).object();
    const QString trace = status.value(u"trace"_s).toString();
    QVERIFY2(trace.startsWith(
                 u"io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Subject "
                 u":.source.target:stock_trades-value is not in import mode; error code: 42205"_s),
             qPrintable(trace));
    const qint64 pausedOffset = status.value(u"offset"_s).toInteger();
    QVERIFY(pausedOffset >= 0);
    QVERIFY(status.value(u"ts"_s).toInteger() > 1700000000000LL);
    QCOMPARE(tgt.get(u"/subjects"_s).array(),
             QJsonArray({u":.source:pageviews-value"_s, u"stock_trades-value"_s}));
    // Resume without fixing: it fails again on the same entry.
    QCOMPARE(src.call("PUT", u"/exporters/src-to-tgt-link/resume"_s).body,
             QByteArray("{\"name\":\"src-to-tgt-link\"}"));
    QTRY_COMPARE(state(src, u"src-to-tgt-link"_s), u"PAUSED"_s);
    QCOMPARE(src.get(u"/exporters/src-to-tgt-link/status"_s).object().value(u"offset"_s).toInteger(),
             pausedOffset);

    // The fix: IMPORT on the right context of the registry that receives the writes, then resume.
    QCOMPARE(tgt.put(u"/mode/:.source.target:"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}}).status, 200);
    QCOMPARE(src.call("PUT", u"/exporters/src-to-tgt-link/resume"_s).status, 200);
    QTRY_COMPARE(tgt.get(u"/subjects"_s).array(),
                 QJsonArray({u":.source.target:stock_trades-value"_s, u":.source:pageviews-value"_s,
                             u"stock_trades-value"_s}));
    status = src.get(u"/exporters/src-to-tgt-link/status"_s).object();
    QCOMPARE(status.value(u"state"_s).toString(), u"RUNNING"_s);
    QCOMPARE(status.value(u"offset"_s).toInteger(), pausedOffset);
    QVERIFY(!status.contains(u"trace"_s));
    // Exported schemas keep their ids.
    QCOMPARE(
        tgt.get(u"/subjects/:.source.target:stock_trades-value/versions/1"_s).object().value(u"id"_s).toInt(),
        src.get(u"/subjects/:.target:stock_trades-value/versions/1"_s).object().value(u"id"_s).toInt());
}

void TestExporters::exporterApiErrorCodes()
{
    SandboxServer server;
    QVERIFY(server.start({}));
    server.exporters()->setMaxExporters(2);
    RestClient c(server.url());
    const QUrl nowhere(u"http://127.0.0.1:9"_s);
    RestReply reply = c.get(u"/exporters/missing"_s);
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 40450);
    QCOMPARE(c.get(u"/exporters/missing/status"_s).errorCode(), 40450);
    QCOMPARE(c.call("PUT", u"/exporters/missing/pause"_s).errorCode(), 40450);
    QCOMPARE(c.del(u"/exporters/missing"_s).errorCode(), 40450);
    reply = c.post(u"/exporters"_s,
                   QJsonObject{{u"config"_s, QJsonObject{{u"schema.registry.url"_s, nowhere.toString()}}}});
    QCOMPARE(reply.status, 409);
    QCOMPARE(reply.errorCode(), 40950);
    QCOMPARE(c.post(u"/exporters"_s, exporterBody(u"bad name!"_s, nowhere)).errorCode(), 40950);
    QCOMPARE(c.post(u"/exporters"_s, QJsonObject{{u"name"_s, u"e"_s}}).errorCode(), 40951);
    QCOMPARE(c.post(u"/exporters"_s,
                    QJsonObject{{u"name"_s, u"e"_s}, {u"config"_s, QJsonObject{{u"x"_s, u"y"_s}}}})
                 .errorCode(),
             40951);
    QCOMPARE(
        c.post(u"/exporters"_s, exporterBody(u"e"_s, nowhere, {{u"contextType"_s, u"CUSTOM"_s}})).errorCode(),
        40951);
    QCOMPARE(c.post(u"/exporters"_s, exporterBody(u"e"_s, nowhere, {{u"contextType"_s, u"SOMETIMES"_s}}))
                 .errorCode(),
             40951);
    QCOMPARE(
        c.post(u"/exporters"_s, exporterBody(u"e"_s, nowhere, {{u"subjects"_s, QJsonArray()}})).errorCode(),
        40952);
    QCOMPARE(c.post(u"/exporters"_s, exporterBody(u"e"_s, nowhere, {{u"subjects"_s, u"*"_s}})).errorCode(),
             40952);
    QCOMPARE(c.post(u"/exporters"_s, exporterBody(u"e"_s, nowhere)).status, 200);
    QCOMPARE(c.post(u"/exporters"_s, exporterBody(u"e"_s, nowhere)).errorCode(), 40960);
    QCOMPARE(c.post(u"/exporters"_s, exporterBody(u"f"_s, nowhere)).status, 200);
    QCOMPARE(c.post(u"/exporters"_s, exporterBody(u"g"_s, nowhere)).errorCode(), 40964);
    QTRY_COMPARE(state(c, u"e"_s), u"RUNNING"_s);
    // Defaults: subjects ["*"], contextType AUTO.
    const QJsonObject info = c.get(u"/exporters/e"_s).object();
    QCOMPARE(info.value(u"subjects"_s).toArray(), QJsonArray({u"*"_s}));
    QCOMPARE(info.value(u"contextType"_s).toString(), u"AUTO"_s);
    // Edits and reset only while paused; resume only while paused; pause only while running.
    QCOMPARE(c.call("PUT", u"/exporters/e/resume"_s).errorCode(), 40961);
    QCOMPARE(c.put(u"/exporters/e"_s, QJsonObject{{u"subjects"_s, QJsonArray{u"a"_s}}}).errorCode(), 40963);
    QCOMPARE(
        c.put(u"/exporters/e/config"_s, QJsonObject{{u"schema.registry.url"_s, u"http://127.0.0.1:10"_s}})
            .errorCode(),
        40963);
    QCOMPARE(c.call("PUT", u"/exporters/e/reset"_s).errorCode(), 40963);
    QCOMPARE(c.call("PUT", u"/exporters/e/pause"_s).status, 200);
    QCOMPARE(c.call("PUT", u"/exporters/e/pause"_s).errorCode(), 40962);
    QCOMPARE(c.put(u"/exporters/e"_s,
                   QJsonObject{{u"subjects"_s, QJsonArray{u"a"_s}}, {u"contextType"_s, u"NONE"_s}})
                 .body,
             QByteArray("{\"name\":\"e\"}"));
    QCOMPARE(c.put(u"/exporters/e/config"_s, QJsonObject{{u"schema.registry.url"_s, u"http://127.0.0.1:10"_s},
                                                         {u"basic.auth.user.info"_s, u"u:p"_s}})
                 .status,
             200);
    // Credentials are masked on read (the user part stays).
    QCOMPARE(c.get(u"/exporters/e/config"_s).object().value(u"basic.auth.user.info"_s).toString(),
             u"u:********"_s);
    QCOMPARE(c.get(u"/exporters/e"_s).object().value(u"subjects"_s).toArray(), QJsonArray({u"a"_s}));
    QCOMPARE(c.put(u"/exporters/e"_s, QJsonObject{{u"subjects"_s, QJsonArray{}}}).errorCode(), 40952);
    QCOMPARE(c.call("PUT", u"/exporters/e/reset"_s).status, 200);
    QCOMPARE(c.get(u"/exporters/e/status"_s).object().value(u"offset"_s).toInteger(), -1);
    reply = c.del(u"/exporters/e"_s);
    QCOMPARE(reply.status, 204);
    QCOMPARE(c.get(u"/exporters"_s).array(), QJsonArray({u"f"_s}));
}

void TestExporters::destinationFailuresPause()
{
    // Authentication failure at the destination.
    SandboxServer source, target;
    QVERIFY(source.start({}));
    SandboxOptions secured;
    secured.users = {SandboxUser{u"linker"_s, u"pw"_s, true}};
    QVERIFY(target.start(secured));
    RestClient src(source.url());
    QCOMPARE(src.post(u"/subjects/a/versions"_s, schemaBody(kPageviews)).status, 200);
    QCOMPARE(src.post(u"/exporters"_s, exporterBody(u"auth"_s, target.url(), {{u"contextType"_s, u"NONE"_s}}))
                 .status,
             200);
    QTRY_COMPARE(state(src, u"auth"_s), u"PAUSED"_s);
    QString trace = src.get(u"/exporters/auth/status"_s).object().value(u"trace"_s).toString();
    QVERIFY2(trace.contains(u"error code: 401"_s), qPrintable(trace));
    // Fix the credentials (paused, so the config may change) and resume.
    QCOMPARE(
        src.put(u"/exporters/auth/config"_s, QJsonObject{{u"basic.auth.credentials.source"_s, u"USER_INFO"_s},
                                                         {u"basic.auth.user.info"_s, u"linker:pw"_s}})
            .status,
        200);
    RestClient tgt(target.url());
    tgt.headers = {{"Authorization", "Basic " + QByteArray("linker:pw").toBase64()}};
    QCOMPARE(tgt.put(u"/mode"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}}).status, 200);
    QCOMPARE(src.call("PUT", u"/exporters/auth/resume"_s).status, 200);
    QTRY_COMPARE(tgt.get(u"/subjects"_s).array(), QJsonArray({u"a"_s}));
    QTRY_COMPARE(state(src, u"auth"_s), u"RUNNING"_s);

    // Incompatible at the destination is refused too (destination in READWRITE, no id allowed).
    QCOMPARE(
        src.post(u"/exporters"_s, exporterBody(u"rw"_s, source.url().resolved(QUrl(u"/"_s)),
                                               {{u"contextType"_s, u"CUSTOM"_s}, {u"context"_s, u"loop"_s}}))
            .status,
        200);
    QTRY_COMPARE(state(src, u"rw"_s), u"PAUSED"_s);
    QVERIFY(src.get(u"/exporters/rw/status"_s)
                .object()
                .value(u"trace"_s)
                .toString()
                .contains(u"error code: 42205"_s));

    // An unreachable destination.
    SandboxServer gone;
    QVERIFY(gone.start({}));
    const QUrl goneUrl = gone.url();
    gone.stop();
    QCOMPARE(src.post(u"/exporters"_s, exporterBody(u"dead"_s, goneUrl)).status, 200);
    QTRY_COMPARE(state(src, u"dead"_s), u"PAUSED"_s);
    trace = src.get(u"/exporters/dead/status"_s).object().value(u"trace"_s).toString();
    QVERIFY2(trace.contains(u"cannot reach"_s), qPrintable(trace));
}

void TestExporters::namingRules()
{
    sd::sandbox::RegistryStore store;
    ExporterManager manager(&store);
    manager.setSourceClusterId(u"lsrc-abc123"_s);
    ExporterDefinition none;
    none.contextType = u"NONE"_s;
    QCOMPARE(manager.destinationSubject(none, u"."_s, u"orders"_s), u"orders"_s);
    QCOMPARE(manager.destinationSubject(none, u".x"_s, u"orders"_s), u":.x:orders"_s);
    ExporterDefinition custom;
    custom.contextType = u"CUSTOM"_s;
    custom.context = u"source"_s;
    QCOMPARE(manager.destinationSubject(custom, u"."_s, u"orders"_s), u":.source:orders"_s);
    QCOMPARE(manager.destinationSubject(custom, u".target"_s, u"stock"_s), u":.source.target:stock"_s);
    ExporterDefinition automatic;
    QCOMPARE(manager.destinationSubject(automatic, u"."_s, u"orders"_s), u":.lsrc-abc123:orders"_s);
    ExporterDefinition renamed;
    renamed.contextType = u"NONE"_s;
    renamed.subjectRenameFormat = u"dc_${subject}"_s;
    QCOMPARE(manager.destinationSubject(renamed, u"."_s, u"orders"_s), u"dc_orders"_s);

    QVERIFY(ExporterManager::matchesSubjects({u"*"_s}, u".ctx"_s, u"a"_s));
    QVERIFY(ExporterManager::matchesSubjects({u":*:"_s}, u"."_s, u"a"_s));
    QVERIFY(ExporterManager::matchesSubjects({u":.ctx:*"_s}, u".ctx"_s, u"a"_s));
    QVERIFY(!ExporterManager::matchesSubjects({u":.ctx:*"_s}, u"."_s, u"a"_s));
    QVERIFY(ExporterManager::matchesSubjects({u"orders-*"_s}, u"."_s, u"orders-value"_s));
    QVERIFY(!ExporterManager::matchesSubjects({u"orders-*"_s}, u".x"_s, u"orders-value"_s));
    QVERIFY(ExporterManager::matchesSubjects({u"b"_s, u"a"_s}, u"."_s, u"a"_s));
    QVERIFY(!ExporterManager::matchesSubjects({u"a"_s}, u"."_s, u"ab"_s));
    QVERIFY(ExporterManager::matchesSubjects({u":*:orders"_s}, u".y"_s, u"orders"_s));
}

void TestExporters::exportersPersistAcrossRestart()
{
    QTemporaryDir dir;
    SandboxOptions options;
    options.dataFile = dir.filePath(u"source.json"_s);
    SandboxServer target;
    QVERIFY(target.start({}));
    RestClient tgt(target.url());
    QCOMPARE(tgt.put(u"/mode"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}}).status, 200);
    {
        SandboxServer source;
        QVERIFY(source.start(options));
        RestClient src(source.url());
        QCOMPARE(
            src.post(u"/exporters"_s, exporterBody(u"keep"_s, target.url(), {{u"contextType"_s, u"NONE"_s}}))
                .status,
            200);
        QCOMPARE(src.post(u"/subjects/one/versions"_s, schemaBody(kPageviews)).status, 200);
        QTRY_COMPARE(tgt.get(u"/subjects"_s).array(), QJsonArray({u"one"_s}));
        QCOMPARE(src.call("PUT", u"/exporters/keep/pause"_s).status, 200);
    }
    SandboxServer source;
    QString error;
    QVERIFY2(source.start(options, &error), qPrintable(error));
    RestClient src(source.url());
    QCOMPARE(src.get(u"/exporters"_s).array(), QJsonArray({u"keep"_s}));
    QCOMPARE(state(src, u"keep"_s), u"PAUSED"_s);
    const qint64 offset = src.get(u"/exporters/keep/status"_s).object().value(u"offset"_s).toInteger();
    QVERIFY(offset >= 0);
    // Resumes from where it was: only the new subject travels.
    QCOMPARE(src.post(u"/subjects/two/versions"_s, schemaBody(kStockTrades)).status, 200);
    QCOMPARE(src.call("PUT", u"/exporters/keep/resume"_s).status, 200);
    QTRY_COMPARE(tgt.get(u"/subjects"_s).array(), QJsonArray({u"one"_s, u"two"_s}));
}

void TestExporters::scenarioD_forwardModeAndMirroring()
{
    // The cloud registry is the system of record; the platform registry forwards writes to it and
    // receives the cloud's schemas back through an exporter.
    SandboxOptions cloudOptions;
    cloudOptions.firstSchemaId = 100001;
    cloudOptions.clusterId = u"lsrc-cloud1"_s;
    SandboxServer cloud;
    QVERIFY(cloud.start(cloudOptions));
    SandboxOptions platformOptions;
    platformOptions.forwardUrl = cloud.url();
    SandboxServer platform;
    QVERIFY(platform.start(platformOptions));
    RestClient cc(cloud.url()), cp(platform.url());

    QCOMPARE(cp.put(u"/mode/:.__GLOBAL:"_s, QJsonObject{{u"mode"_s, u"FORWARD"_s}}).status, 200);
    QCOMPARE(cp.get(u"/mode/:.__GLOBAL:"_s).object().value(u"mode"_s).toString(), u"FORWARD"_s);
    QCOMPARE(cc.post(u"/exporters"_s,
                     exporterBody(u"cloud-to-platform"_s, platform.url(),
                                  {{u"subjects"_s, QJsonArray{u":*:"_s}}, {u"contextType"_s, u"NONE"_s}}))
                 .status,
             200);
    const QString testRecord =
        uR"({"type":"record","name":"TestRecord","fields":[{"name":"id","type":"int"},{"name":"name","type":"string"}]})"_s;
    RestReply reply = cp.post(u"/subjects/test-mirroring-subject/versions"_s, schemaBody(testRecord));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 100001); // the cloud's id
    QCOMPARE(cc.get(u"/subjects"_s).array(), QJsonArray({u"test-mirroring-subject"_s}));
    // Exported back: both sides hold identical copies.
    QTRY_COMPARE(cp.get(u"/subjects?subjectPrefix=:*:"_s).array(), QJsonArray({u"test-mirroring-subject"_s}));
    QCOMPARE(cp.get(u"/subjects/test-mirroring-subject/versions/1"_s).body,
             cc.get(u"/subjects/test-mirroring-subject/versions/1"_s).body);
    QCOMPARE(state(cc, u"cloud-to-platform"_s), u"RUNNING"_s);
    // Registering the same schema again is answered by the cloud with the same id.
    QCOMPARE(cp.post(u"/subjects/test-mirroring-subject/versions"_s, schemaBody(testRecord))
                 .object()
                 .value(u"id"_s)
                 .toInt(),
             100001);
    // Upstream errors come back as they are.
    reply = cp.post(
        u"/subjects/test-mirroring-subject/versions"_s,
        schemaBody(uR"({"type":"record","name":"TestRecord","fields":[{"name":"x","type":"int"}]})"_s));
    QCOMPARE(reply.status, 409);
    QCOMPARE(reply.errorCode(), 40901);
    // An unreachable upstream is 500/50003.
    cloud.stop();
    reply = cp.post(u"/subjects/other/versions"_s, schemaBody(testRecord));
    QCOMPARE(reply.status, 500);
    QCOMPARE(reply.errorCode(), 50003);
}

void TestExporters::scenarioD_importerPullsFromCloud()
{
    SandboxOptions cloudOptions;
    cloudOptions.firstSchemaId = 100001;
    cloudOptions.clusterId = u"lsrc-cloud1"_s;
    SandboxServer cloud;
    QVERIFY(cloud.start(cloudOptions));
    SandboxOptions platformOptions;
    platformOptions.forwardUrl = cloud.url();
    SandboxServer platform;
    QVERIFY(platform.start(platformOptions));
    RestClient cc(cloud.url()), cp(platform.url());
    QCOMPARE(cp.put(u"/mode/:.__GLOBAL:"_s, QJsonObject{{u"mode"_s, u"FORWARD"_s}}).status, 200);

    const QString testRecord =
        uR"({"type":"record","name":"TestRecord","fields":[{"name":"id","type":"int"},{"name":"name","type":"string"}]})"_s;
    QCOMPARE(cc.post(u"/subjects/test-mirroring-subject/versions"_s, schemaBody(testRecord)).status, 200);
    QJsonObject importer =
        exporterBody(u"schema-importer"_s, cloud.url(),
                     {{u"subjects"_s, QJsonArray{u":*:"_s}}, {u"contextType"_s, u"NONE"_s}});
    QJsonObject config = importer.value(u"config"_s).toObject();
    config.insert(u"poll.interval.ms"_s, u"50"_s);
    importer.insert(u"config"_s, config);
    QCOMPARE(cp.post(u"/importers"_s, importer).status, 200);
    QCOMPARE(cp.get(u"/importers"_s).array(), QJsonArray({u"schema-importer"_s}));
    QTRY_COMPARE(cp.get(u"/subjects?subjectPrefix=:*:"_s).array(), QJsonArray({u"test-mirroring-subject"_s}));
    QCOMPARE(cp.get(u"/subjects/test-mirroring-subject/versions/1"_s).body,
             cc.get(u"/subjects/test-mirroring-subject/versions/1"_s).body);
    QJsonObject status = cp.get(u"/importers/schema-importer/status"_s).object();
    QCOMPARE(status.value(u"state"_s).toString(), u"RUNNING"_s);
    QCOMPARE(status.value(u"offset"_s).toInteger(), 0);
    QVERIFY(status.value(u"ts"_s).toInteger() > 1700000000000LL);

    // A write on the platform goes to the cloud and comes back through the importer.
    const QString second = uR"({"type":"record","name":"Second","fields":[{"name":"a","type":"int"}]})"_s;
    QCOMPARE(
        cp.post(u"/subjects/second-value/versions"_s, schemaBody(second)).object().value(u"id"_s).toInt(),
        100002);
    QTRY_COMPARE(cp.get(u"/subjects"_s).array(),
                 QJsonArray({u"second-value"_s, u"test-mirroring-subject"_s}));

    // When the platform refuses the import, the importer pauses with the reason; fix and resume.
    QCOMPARE(cp.put(u"/mode/:.__GLOBAL:"_s, QJsonObject{{u"mode"_s, u"READWRITE"_s}}).status, 200);
    QCOMPARE(cc.post(u"/subjects/third-value/versions"_s, schemaBody(uR"({"type":"string"})"_s)).status, 200);
    QTRY_COMPARE(cp.get(u"/importers/schema-importer/status"_s).object().value(u"state"_s).toString(),
                 u"PAUSED"_s);
    const QString trace =
        cp.get(u"/importers/schema-importer/status"_s).object().value(u"trace"_s).toString();
    QVERIFY2(trace.contains(u"Subject third-value is not in import mode; error code: 42205"_s),
             qPrintable(trace));
    QCOMPARE(cp.put(u"/mode/third-value"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}}).status, 200);
    QCOMPARE(cp.call("PUT", u"/importers/schema-importer/resume"_s).status, 200);
    QTRY_COMPARE(cp.get(u"/subjects"_s).array().size(), 3);
    QTRY_COMPARE(cp.get(u"/importers/schema-importer/status"_s).object().value(u"state"_s).toString(),
                 u"RUNNING"_s);
    RestReply reply = cp.get(u"/importers/nope/status"_s);
    QCOMPARE(reply.errorCode(), 40450);
    QCOMPARE(reply.message(), u"Importer nope not found."_s);
    // A registry without importers answers 404 like any unknown route.
    SandboxServer plain;
    QVERIFY(plain.start({}));
    plain.api()->setImporters(nullptr);
    RestClient p(plain.url());
    QCOMPARE(p.get(u"/importers/schema-importer/status"_s).errorCode(), 404);
}

QTEST_GUILESS_MAIN(TestExporters)
#include "tst_sandbox_exporters.moc"
