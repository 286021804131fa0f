// The built-in demo over real HTTP: every scenario fact it promises, checked against the registries
// it starts. Facts that need a sandbox feature that is not there yet (exporters, importers,
// forwarding) are skipped with the demo's own explanation, never faked.

#include "common/RestClient.h"
#include "demo/DemoEnvironment.h"
#include "demo/DemoSchemas.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

using namespace Qt::StringLiterals;
using sd::demo::DemoEnvironment;
using sd::testing::RestClient;
using sd::testing::RestReply;

namespace {

const QString kPausedTracePrefix =
    u"io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Subject "
    ":.source.target:stock_trades-value is not in import mode; error code: 42205"_s;

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

bool waitReady(DemoEnvironment &demo, int timeoutMs = 30000)
{
    if (demo.isReady())
        return true;
    // A real event loop: QTest::qWait sleeps between event batches, which would add up over the
    // demo's chain of requests.
    QEventLoop loop;
    QString failure;
    QObject::connect(&demo, &DemoEnvironment::ready, &loop, &QEventLoop::quit);
    QObject::connect(&demo, &DemoEnvironment::failed, &loop, [&](const QString &error) {
        failure = error;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    if (!failure.isEmpty())
        qWarning().noquote() << "demo failed:" << failure;
    return demo.isReady();
}

bool portAcceptsConnections(const QUrl &url)
{
    QTcpSocket socket;
    socket.connectToHost(url.host(), quint16(url.port()));
    return socket.waitForConnected(1000);
}

} // namespace

class TestDemoEnvironment : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void registriesAreListedWithRoles();
    void seedingIsFast();
    void sourceSubjectsAndContexts();
    void targetSubjectsAndContexts();
    void pageviewsIsIdenticalOnBothSides();
    void stockTradesMirroredIntoSource();
    void versionsReferencesAndSoftDeletes();
    void allThreeSchemaTypes();
    void compatibilityLevels();
    void importModes();
    void exportersDescribed();
    void pausedExporterAsInScenarioC();
    void scenarioCFixAndResume();
    void cloudSubjectsInContexts();
    void platformMirroring();
    void testMirroringSubject();
    void missingPartsAreExplained();
    void startStopTwiceInOneProcess();
    void stopWhileSeeding();
    void failsClearlyWhenARegistryRefuses();
    void slowRegistryStillSeeds();
    void cleanupTestCase();

private:
    bool hasExporters() const { return m_exporters; }
    QUrl url(const QString &name) const { return m_demo.url(name); }

    DemoEnvironment m_demo;
    RestClient m_rest;
    bool m_exporters = false;
    bool m_importers = false;
};

void TestDemoEnvironment::initTestCase()
{
    QSignalSpy progress(&m_demo, &DemoEnvironment::progress);
    m_demo.start();
    QVERIFY(!m_demo.isReady());
    QVERIFY(waitReady(m_demo));
    QVERIFY(m_demo.isReady());
    QVERIFY(progress.count() > 20);
    qInfo().noquote() << "demo seeded in" << m_demo.seedingMs() << "ms over" << progress.count() << "steps";
    for (const QString &part : m_demo.missingParts())
        qInfo().noquote() << "missing:" << part;
    m_exporters = m_rest.get(url(u"source"_s), u"/exporters"_s).status == 200;
    m_importers = m_rest.get(url(u"platform"_s), u"/importers"_s).status == 200;
}

void TestDemoEnvironment::registriesAreListedWithRoles()
{
    const auto registries = m_demo.registries();
    QCOMPARE(registries.size(), 4);
    const QStringList names = {u"source"_s, u"target"_s, u"platform"_s, u"cloud"_s};
    QSet<int> ports;
    for (int i = 0; i < registries.size(); ++i) {
        QCOMPARE(registries.at(i).name, names.at(i));
        QCOMPARE(registries.at(i).url.scheme(), u"http"_s);
        QCOMPARE(registries.at(i).url.host(), u"127.0.0.1"_s);
        QVERIFY(registries.at(i).url.port() > 0);
        ports.insert(registries.at(i).url.port());
        QVERIFY(!registries.at(i).role.isEmpty());
        QCOMPARE(m_demo.url(names.at(i)), registries.at(i).url);
        QVERIFY(m_demo.server(names.at(i)));
        QCOMPARE(m_rest.get(registries.at(i).url, u"/"_s).status, 200);
    }
    QCOMPARE(ports.size(), 4);
    QVERIFY(!m_demo.server(u"nowhere"_s));
    QVERIFY(m_demo.url(u"nowhere"_s).isEmpty());
}

void TestDemoEnvironment::seedingIsFast()
{
    qInfo().noquote() << "seeding took" << m_demo.seedingMs() << "ms";
    QVERIFY(m_demo.seedingMs() >= 0);
    // Well under a few seconds; sanitizer builds run several times slower.
#if defined(__SANITIZE_ADDRESS__)
    const qint64 limitMs = 10000;
#else
    const qint64 limitMs = 3000;
#endif
    QVERIFY2(m_demo.seedingMs() < limitMs, qPrintable(u"seeding took %1 ms"_s.arg(m_demo.seedingMs())));
}

void TestDemoEnvironment::sourceSubjectsAndContexts()
{
    QStringList expected = {u"com.acme.Address"_s, u"customers-value"_s, u"orders-value"_s,
                            u"pageviews-value"_s,  u"shipments-value"_s, u"users-value"_s};
    QStringList contexts = {u"."_s};
    if (hasExporters()) {
        expected += {u":.target:accounts-value"_s, u":.target:positions-value"_s,
                     u":.target:stock_quotes-value"_s, u":.target:stock_trades-value"_s};
        contexts += u".target"_s;
    }
    const RestReply subjects = m_rest.get(url(u"source"_s), u"/subjects"_s);
    QCOMPARE(subjects.status, 200);
    QCOMPARE(sorted(subjects.strings()), sorted(expected));
    QCOMPARE(m_rest.get(url(u"source"_s), u"/contexts"_s).strings(), contexts);
    // The soft-deleted subject is only listed on request.
    QVERIFY(!subjects.strings().contains(u"clickstream-test-value"_s));
    QVERIFY(m_rest.get(url(u"source"_s), u"/subjects?deleted=true"_s)
                .strings()
                .contains(u"clickstream-test-value"_s));
    QCOMPARE(m_rest.get(url(u"source"_s), u"/subjects/clickstream-test-value/versions"_s)
                 .object()
                 .value(u"error_code"_s)
                 .toInt(),
             40401);
}

void TestDemoEnvironment::targetSubjectsAndContexts()
{
    QStringList expected = {u"accounts-value"_s, u"positions-value"_s, u"stock_quotes-value"_s,
                            u"stock_trades-value"_s};
    QStringList contexts = {u"."_s};
    if (hasExporters()) {
        expected +=
            {u":.source:com.acme.Address"_s, u":.source:customers-value"_s, u":.source:orders-value"_s,
             u":.source:pageviews-value"_s,  u":.source:shipments-value"_s, u":.source:users-value"_s};
        contexts += u".source"_s;
    }
    const RestReply subjects = m_rest.get(url(u"target"_s), u"/subjects"_s);
    QCOMPARE(subjects.status, 200);
    QCOMPARE(sorted(subjects.strings()), sorted(expected));
    // .source.target is where the paused exporter wanted to write: refused, so not a context.
    QCOMPARE(m_rest.get(url(u"target"_s), u"/contexts"_s).strings(), contexts);
}

void TestDemoEnvironment::pageviewsIsIdenticalOnBothSides()
{
    const RestReply source = m_rest.get(url(u"source"_s), u"/subjects/pageviews-value/versions/1"_s);
    QCOMPARE(source.status, 200);
    QCOMPARE(source.object().value(u"subject"_s).toString(), u"pageviews-value"_s);
    QCOMPARE(source.object().value(u"id"_s).toInt(), 1);
    QCOMPARE(source.object().value(u"version"_s).toInt(), 1);
    QCOMPARE(source.object().value(u"schema"_s).toString(), sd::demo::schemas::pageviews());
    QCOMPARE(
        sd::demo::schemas::pageviews(),
        uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[{"name":"viewtime","type":"long"},{"name":"userid","type":"string"},{"name":"pageid","type":"string"}],"connect.name":"ksql.pageviews"})"_s);
    const RestReply raw = m_rest.get(url(u"source"_s), u"/subjects/pageviews-value/versions/1/schema"_s);
    QCOMPARE(raw.body, sd::demo::schemas::pageviews().toUtf8());
    if (!hasExporters())
        QSKIP("the sandbox has no exporters: pageviews-value is not mirrored to target");

    const RestReply target = m_rest.get(url(u"target"_s), u"/subjects/:.source:pageviews-value/versions/1"_s);
    QCOMPARE(target.status, 200);
    QCOMPARE(target.object().value(u"subject"_s).toString(), u":.source:pageviews-value"_s);
    QCOMPARE(target.object().value(u"id"_s).toInt(), 1); // exported schemas keep their ids
    QCOMPARE(target.object().value(u"schema"_s).toString(), sd::demo::schemas::pageviews());
    QCOMPARE(m_rest.get(url(u"target"_s), u"/subjects/:.source:pageviews-value/versions/1/schema"_s).body,
             raw.body);
    // Semantically identical, not byte-identical: only the qualified subject differs.
    QVERIFY(source.body != target.body);
    QJsonObject sourceObject = source.object();
    QJsonObject targetObject = target.object();
    sourceObject.remove(u"subject"_s);
    targetObject.remove(u"subject"_s);
    QCOMPARE(sourceObject, targetObject);
}

void TestDemoEnvironment::stockTradesMirroredIntoSource()
{
    const RestReply target = m_rest.get(url(u"target"_s), u"/subjects/stock_trades-value/versions/1"_s);
    QCOMPARE(target.status, 200);
    QCOMPARE(target.object().value(u"schema"_s).toString(), sd::demo::schemas::stockTrades());
    QCOMPARE(target.object().value(u"id"_s).toInt(), 1);
    if (!hasExporters())
        QSKIP("the sandbox has no exporters");
    const RestReply source =
        m_rest.get(url(u"source"_s), u"/subjects/:.target:stock_trades-value/versions/1"_s);
    QCOMPARE(source.status, 200);
    QCOMPARE(source.object().value(u"schema"_s).toString(), sd::demo::schemas::stockTrades());
    QCOMPARE(source.object().value(u"id"_s).toInt(), 1);
}

void TestDemoEnvironment::versionsReferencesAndSoftDeletes()
{
    const QUrl source = url(u"source"_s);
    QCOMPARE(m_rest.get(source, u"/subjects/users-value/versions"_s).array(), QJsonArray({1, 2}));
    QCOMPARE(m_rest.get(source, u"/subjects/users-value/versions?deleted=true"_s).array(),
             QJsonArray({1, 2, 3}));
    QCOMPARE(
        m_rest.get(source, u"/subjects/users-value/versions/3"_s).object().value(u"error_code"_s).toInt(),
        40402);
    QCOMPARE(m_rest.get(source, u"/subjects/users-value/versions/3?deleted=true"_s)
                 .object()
                 .value(u"schema"_s)
                 .toString(),
             sd::demo::schemas::usersV3());
    QCOMPARE(m_rest.get(url(u"target"_s), u"/subjects/accounts-value/versions"_s).array(),
             QJsonArray({1, 2}));
    QCOMPARE(m_rest.get(url(u"target"_s), u"/subjects/accounts-value/versions?deleted=true"_s).array(),
             QJsonArray({1, 2, 3}));

    // customers-value refers to com.acme.Address: v1 → Address v1, v2 → Address v2.
    const QJsonObject customersV1 = m_rest.get(source, u"/subjects/customers-value/versions/1"_s).object();
    const QJsonObject customersV2 = m_rest.get(source, u"/subjects/customers-value/versions/2"_s).object();
    QCOMPARE(
        customersV1.value(u"references"_s).toArray(),
        QJsonArray({QJsonObject{
            {u"name"_s, u"com.acme.Address"_s}, {u"subject"_s, u"com.acme.Address"_s}, {u"version"_s, 1}}}));
    QCOMPARE(
        customersV2.value(u"references"_s).toArray(),
        QJsonArray({QJsonObject{
            {u"name"_s, u"com.acme.Address"_s}, {u"subject"_s, u"com.acme.Address"_s}, {u"version"_s, 2}}}));
    QCOMPARE(m_rest.get(source, u"/subjects/com.acme.Address/versions/1/referencedby"_s).array(),
             QJsonArray({customersV1.value(u"id"_s).toInt()}));
    QCOMPARE(m_rest.get(source, u"/subjects/com.acme.Address/versions/2/referencedby"_s).array(),
             QJsonArray({customersV2.value(u"id"_s).toInt()}));
    // The deleted test subject still resolves by id.
    const RestReply deleted =
        m_rest.get(source, u"/subjects/clickstream-test-value/versions/1?deleted=true"_s);
    QCOMPARE(deleted.status, 200);
    QCOMPARE(m_rest.get(source, u"/schemas/ids/%1"_s.arg(deleted.object().value(u"id"_s).toInt())).status,
             200);
}

void TestDemoEnvironment::allThreeSchemaTypes()
{
    const RestReply types = m_rest.get(url(u"source"_s), u"/schemas?subjectPrefix=&latestOnly=true"_s);
    QCOMPARE(types.status, 200);
    QHash<QString, QString> typeBySubject;
    for (const QJsonValue &value : types.array()) {
        const QJsonObject object = value.toObject();
        typeBySubject.insert(object.value(u"subject"_s).toString(),
                             object.value(u"schemaType"_s).toString(u"AVRO"_s));
    }
    QCOMPARE(typeBySubject.value(u"pageviews-value"_s), u"AVRO"_s);
    QCOMPARE(typeBySubject.value(u"orders-value"_s), u"JSON"_s);
    QCOMPARE(typeBySubject.value(u"shipments-value"_s), u"PROTOBUF"_s);
    const QJsonObject shipments =
        m_rest.get(url(u"source"_s), u"/subjects/shipments-value/versions/latest"_s).object();
    QCOMPARE(shipments.value(u"version"_s).toInt(), 2);
    QVERIFY(shipments.value(u"schema"_s).toString().contains(u"tracking_number"_s));
    QCOMPARE(m_rest.get(url(u"target"_s), u"/subjects/positions-value/versions/latest"_s)
                 .object()
                 .value(u"schemaType"_s)
                 .toString(),
             u"PROTOBUF"_s);
    QCOMPARE(m_rest.get(url(u"target"_s), u"/subjects/stock_quotes-value/versions/latest"_s)
                 .object()
                 .value(u"schemaType"_s)
                 .toString(),
             u"JSON"_s);
}

void TestDemoEnvironment::compatibilityLevels()
{
    // Set on a subject, on the default context of target, and on a named context of cloud.
    QCOMPARE(m_rest.get(url(u"source"_s), u"/config/customers-value"_s)
                 .object()
                 .value(u"compatibilityLevel"_s)
                 .toString(),
             u"FULL"_s);
    QCOMPARE(m_rest.get(url(u"source"_s), u"/config"_s).object().value(u"compatibilityLevel"_s).toString(),
             u"BACKWARD"_s);
    QCOMPARE(m_rest.get(url(u"target"_s), u"/config"_s).object().value(u"compatibilityLevel"_s).toString(),
             u"FULL_TRANSITIVE"_s);
    QCOMPARE(m_rest.get(url(u"cloud"_s), u"/config/:.analytics:"_s)
                 .object()
                 .value(u"compatibilityLevel"_s)
                 .toString(),
             u"FULL_TRANSITIVE"_s);
    QCOMPARE(m_rest.get(url(u"cloud"_s), u"/config/:.fraud:"_s).object().value(u"error_code"_s).toInt(),
             40408);
}

void TestDemoEnvironment::importModes()
{
    // The receiving contexts are in IMPORT; .source.target (where the paused exporter writes) is not.
    QCOMPARE(m_rest.get(url(u"source"_s), u"/mode/:.target:"_s).object().value(u"mode"_s).toString(),
             u"IMPORT"_s);
    QCOMPARE(m_rest.get(url(u"target"_s), u"/mode/:.source:"_s).object().value(u"mode"_s).toString(),
             u"IMPORT"_s);
    QCOMPARE(
        m_rest.get(url(u"target"_s), u"/mode/:.source.target:"_s).object().value(u"error_code"_s).toInt(),
        40409);
    QCOMPARE(m_rest.get(url(u"target"_s), u"/mode/:.source.target:?defaultToGlobal=true"_s)
                 .object()
                 .value(u"mode"_s)
                 .toString(),
             u"READWRITE"_s);
    QCOMPARE(m_rest.get(url(u"source"_s), u"/mode"_s).object().value(u"mode"_s).toString(), u"READWRITE"_s);
    // The Platform/Cloud mirror: platform FORWARD globally, cloud's contexts READWRITE.
    QCOMPARE(m_rest.get(url(u"platform"_s), u"/mode/:.__GLOBAL:"_s).object().value(u"mode"_s).toString(),
             u"FORWARD"_s);
    QCOMPARE(m_rest.get(url(u"cloud"_s), u"/mode"_s).object().value(u"mode"_s).toString(), u"READWRITE"_s);
    QCOMPARE(m_rest.get(url(u"cloud"_s), u"/mode/:.analytics:"_s).object().value(u"mode"_s).toString(),
             u"READWRITE"_s);
    QCOMPARE(m_rest.get(url(u"cloud"_s), u"/mode/:.fraud:"_s).object().value(u"mode"_s).toString(),
             u"READWRITE"_s);
}

void TestDemoEnvironment::exportersDescribed()
{
    if (!hasExporters())
        QSKIP("the sandbox has no exporters yet");
    QCOMPARE(m_rest.get(url(u"source"_s), u"/exporters"_s).strings(), QStringList{u"src-to-tgt-link"_s});
    QCOMPARE(m_rest.get(url(u"target"_s), u"/exporters"_s).strings(), QStringList{u"tgt-to-src-link"_s});
    QCOMPARE(m_rest.get(url(u"platform"_s), u"/exporters"_s).strings(), QStringList{u"schema-exporter"_s});
    QCOMPARE(m_rest.get(url(u"cloud"_s), u"/exporters"_s).strings(), QStringList());

    const QJsonObject srcToTgt = m_rest.get(url(u"source"_s), u"/exporters/src-to-tgt-link"_s).object();
    QCOMPARE(srcToTgt.value(u"name"_s).toString(), u"src-to-tgt-link"_s);
    QCOMPARE(srcToTgt.value(u"subjects"_s).toArray(), QJsonArray{u"*"_s});
    QCOMPARE(srcToTgt.value(u"contextType"_s).toString(), u"CUSTOM"_s);
    QCOMPARE(srcToTgt.value(u"context"_s).toString(), u"source"_s);
    QCOMPARE(srcToTgt.value(u"config"_s).toObject().value(u"schema.registry.url"_s).toString(),
             url(u"target"_s).toString());

    const QJsonObject tgtToSrc = m_rest.get(url(u"target"_s), u"/exporters/tgt-to-src-link"_s).object();
    QCOMPARE(tgtToSrc.value(u"subjects"_s).toArray(), QJsonArray{u"*"_s});
    QCOMPARE(tgtToSrc.value(u"contextType"_s).toString(), u"CUSTOM"_s);
    QCOMPARE(tgtToSrc.value(u"context"_s).toString(), u"target"_s);
    QCOMPARE(tgtToSrc.value(u"config"_s).toObject().value(u"schema.registry.url"_s).toString(),
             url(u"source"_s).toString());

    const QJsonObject platform = m_rest.get(url(u"platform"_s), u"/exporters/schema-exporter"_s).object();
    QCOMPARE(platform.value(u"subjects"_s).toArray(), QJsonArray{u":*:"_s});
    QCOMPARE(platform.value(u"contextType"_s).toString(), u"NONE"_s);
    QCOMPARE(platform.value(u"config"_s).toObject().value(u"schema.registry.url"_s).toString(),
             url(u"cloud"_s).toString());
}

void TestDemoEnvironment::pausedExporterAsInScenarioC()
{
    if (!hasExporters())
        QSKIP("the sandbox has no exporters yet");
    const RestReply status = m_rest.get(url(u"source"_s), u"/exporters/src-to-tgt-link/status"_s);
    QCOMPARE(status.status, 200);
    const QJsonObject object = status.object();
    QCOMPARE(object.value(u"name"_s).toString(), u"src-to-tgt-link"_s);
    QCOMPARE(object.value(u"state"_s).toString(), u"PAUSED"_s);
    QVERIFY(object.value(u"offset"_s).toInteger() > 0);
    QVERIFY(object.value(u"ts"_s).toInteger() > 1700000000000LL); // milliseconds
    const QString trace = object.value(u"trace"_s).toString();
    QVERIFY2(trace.startsWith(kPausedTracePrefix), qPrintable(trace.left(300)));
    // The other link carries source's subjects back as .target.source, which is not in IMPORT mode
    // either; whatever state it ends in, it has settled by ready().
    const QJsonObject back = m_rest.get(url(u"target"_s), u"/exporters/tgt-to-src-link/status"_s).object();
    qInfo().noquote() << "tgt-to-src-link:" << back.value(u"state"_s).toString() << "offset"
                      << back.value(u"offset"_s).toInteger()
                      << back.value(u"trace"_s).toString().section(u'\n', 0, 0);
    if (back.value(u"state"_s).toString() == u"PAUSED"_s) {
        QVERIFY(
            back.value(u"trace"_s)
                .toString()
                .startsWith(
                    u"io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Subject "
                    ":.target.source:pageviews-value is not in import mode; error code: 42205"_s));
    } else {
        QCOMPARE(back.value(u"state"_s).toString(), u"RUNNING"_s);
    }
    // Stable: the demo is settled when ready() is emitted.
    QTest::qWait(200);
    const QJsonObject again = m_rest.get(url(u"source"_s), u"/exporters/src-to-tgt-link/status"_s).object();
    QCOMPARE(again.value(u"state"_s).toString(), u"PAUSED"_s);
    QCOMPARE(again.value(u"offset"_s).toInteger(), object.value(u"offset"_s).toInteger());
    QCOMPARE(m_rest.get(url(u"target"_s), u"/exporters/tgt-to-src-link/status"_s).object(), back);
}

// Troubleshooting the paused exporter, on a demo of its own: IMPORT on the context named in the
// trace, on the registry the exporter writes to, then resume → RUNNING and the copy arrives.
void TestDemoEnvironment::scenarioCFixAndResume()
{
    if (!hasExporters())
        QSKIP("the sandbox has no exporters yet");
    DemoEnvironment demo;
    demo.start();
    QVERIFY(waitReady(demo));
    const QUrl source = demo.url(u"source"_s);
    const QUrl target = demo.url(u"target"_s);
    const qint64 pausedAt =
        m_rest.get(source, u"/exporters/src-to-tgt-link/status"_s).object().value(u"offset"_s).toInteger();
    RestReply answer = m_rest.call(target, "PUT", u"/mode/:.source.target:"_s, R"({"mode":"IMPORT"})");
    QCOMPARE(answer.status, 200);
    answer = m_rest.call(source, "PUT", u"/exporters/src-to-tgt-link/resume"_s);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.object().value(u"name"_s).toString(), u"src-to-tgt-link"_s);
    QTRY_VERIFY(m_rest.get(target, u"/subjects?subjectPrefix=:.source.target:"_s)
                    .strings()
                    .contains(u":.source.target:stock_trades-value"_s));
    const QJsonObject status = m_rest.get(source, u"/exporters/src-to-tgt-link/status"_s).object();
    QCOMPARE(status.value(u"state"_s).toString(), u"RUNNING"_s);
    QVERIFY(status.value(u"offset"_s).toInteger() >= pausedAt);
    QVERIFY(!status.contains(u"trace"_s));
    QCOMPARE(m_rest.get(target, u"/subjects/:.source.target:stock_trades-value/versions/1"_s)
                 .object()
                 .value(u"schema"_s)
                 .toString(),
             sd::demo::schemas::stockTrades());
    demo.stop();
}

void TestDemoEnvironment::cloudSubjectsInContexts()
{
    const QUrl cloud = url(u"cloud"_s);
    QCOMPARE(m_rest.get(cloud, u"/contexts"_s).strings(),
             (QStringList{u"."_s, u".analytics"_s, u".fraud"_s}));
    const QStringList all = m_rest.get(cloud, u"/subjects?subjectPrefix=:*:"_s).strings();
    for (const QString &subject :
         {u"payments-value"_s, u"invoices-value"_s, u":.analytics:page_events-value"_s,
          u":.fraud:fraud_alerts-value"_s, u"test-mirroring-subject"_s})
        QVERIFY2(all.contains(subject), qPrintable(subject));
    // Confluent Cloud's ids start at 100001, per context.
    QCOMPARE(m_rest.get(cloud, u"/subjects/payments-value/versions/1"_s).object().value(u"id"_s).toInt(),
             100001);
    QCOMPARE(m_rest.get(cloud, u"/subjects/:.analytics:page_events-value/versions"_s).array(),
             QJsonArray({1, 2}));
}

void TestDemoEnvironment::platformMirroring()
{
    // The Platform/Cloud mirror: platform in FORWARD with schema-exporter (:*:, contextType NONE)
    // exporting to cloud, whose contexts are READWRITE, and schema-importer bringing cloud's schemas
    // back. The exporter re-exports the imported copies to cloud, where they already exist with the same
    // id and version: the registry answers them (Confluent's registerOrForward), so it stays RUNNING.
    QVERIFY(hasExporters());
    QVERIFY(m_importers);
    const QJsonObject status =
        m_rest.get(url(u"platform"_s), u"/exporters/schema-exporter/status"_s).object();
    QCOMPARE(status.value(u"name"_s).toString(), u"schema-exporter"_s);
    QVERIFY2(status.value(u"state"_s).toString() == u"RUNNING"_s,
             qPrintable(status.value(u"trace"_s).toString()));
    QVERIFY2(!m_demo.missingParts().join(u'\n').contains(u"Scenario D"_s),
             qPrintable(m_demo.missingParts().join(u'\n')));
    const QJsonObject importer =
        m_rest.get(url(u"platform"_s), u"/importers/schema-importer/status"_s).object();
    QCOMPARE(importer.value(u"state"_s).toString(), u"RUNNING"_s);
    // Both registries hold identical copies: the same subjects in the same contexts, and for each the
    // same versions with the same ids, types and schema texts.
    const QStringList subjects =
        sorted(m_rest.get(url(u"cloud"_s), u"/subjects?subjectPrefix=:*:"_s).strings());
    QVERIFY(subjects.contains(u"test-mirroring-subject"_s));
    QVERIFY(subjects.contains(u":.analytics:page_events-value"_s));
    QCOMPARE(sorted(m_rest.get(url(u"platform"_s), u"/subjects?subjectPrefix=:*:"_s).strings()), subjects);
    for (const QString &subject : subjects) {
        const QString versions =
            u"/subjects/%1/versions"_s.arg(QString::fromUtf8(QUrl::toPercentEncoding(subject)));
        const QJsonArray list = m_rest.get(url(u"cloud"_s), versions).array();
        QVERIFY(!list.isEmpty());
        QCOMPARE(m_rest.get(url(u"platform"_s), versions).array(), list);
        for (const QJsonValue &version : list) {
            const QString path = versions + u"/"_s + QString::number(version.toInt());
            QCOMPARE(m_rest.get(url(u"platform"_s), path).body, m_rest.get(url(u"cloud"_s), path).body);
        }
    }
}

void TestDemoEnvironment::testMirroringSubject()
{
    const RestReply latest =
        m_rest.get(url(u"cloud"_s), u"/subjects/test-mirroring-subject/versions/latest"_s);
    QCOMPARE(latest.status, 200);
    QCOMPARE(
        latest.object().value(u"schema"_s).toString(),
        uR"({"type":"record","name":"TestRecord","fields":[{"name":"id","type":"int"},{"name":"name","type":"string"}]})"_s);
    const RestReply platform =
        m_rest.get(url(u"platform"_s), u"/subjects/test-mirroring-subject/versions/latest"_s);
    QCOMPARE(platform.status, 200);
    QCOMPARE(platform.object().value(u"id"_s), latest.object().value(u"id"_s));
}

void TestDemoEnvironment::missingPartsAreExplained()
{
    // Whatever the demo could not play is named; what it names matches what the sandbox lacks.
    const QString missing = m_demo.missingParts().join(u'\n');
    QCOMPARE(missing.contains(u"/exporters"_s), !hasExporters());
    QCOMPARE(missing.contains(u"/importers"_s), !m_importers);
    if (hasExporters())
        QVERIFY2(!missing.contains(u"Scenario C"_s), qPrintable(missing));
}

void TestDemoEnvironment::startStopTwiceInOneProcess()
{
    DemoEnvironment demo;
    QList<QUrl> firstUrls;
    for (int round = 0; round < 2; ++round) {
        QSignalSpy failed(&demo, &DemoEnvironment::failed);
        QElapsedTimer clock;
        clock.start();
        demo.start();
        QVERIFY(waitReady(demo));
        qInfo().noquote() << "round" << round + 1 << "ready in" << clock.elapsed() << "ms (seeding"
                          << demo.seedingMs() << "ms)";
        QVERIFY(failed.isEmpty());
        QCOMPARE(demo.registries().size(), 4);
        const QUrl source = demo.url(u"source"_s);
        QCOMPARE(m_rest.get(source, u"/subjects/pageviews-value/versions/1"_s)
                     .object()
                     .value(u"schema"_s)
                     .toString(),
                 sd::demo::schemas::pageviews());
        QCOMPARE(demo.missingParts(), m_demo.missingParts());
        // Two demos side by side do not share ports.
        QVERIFY(source != url(u"source"_s));
        QList<QUrl> urls;
        for (const auto &registry : demo.registries())
            urls.append(registry.url);
        demo.stop();
        QVERIFY(!demo.isRunning());
        QVERIFY(demo.registries().isEmpty());
        for (const QUrl &stopped : urls)
            QVERIFY2(!portAcceptsConnections(stopped), qPrintable(stopped.toString()));
        if (round == 0)
            firstUrls = urls;
    }
    QCOMPARE(firstUrls.size(), 4);
}

void TestDemoEnvironment::stopWhileSeeding()
{
    DemoEnvironment demo;
    QSignalSpy ready(&demo, &DemoEnvironment::ready);
    QSignalSpy failed(&demo, &DemoEnvironment::failed);
    demo.start();
    QTest::qWait(5);
    demo.stop();
    QTest::qWait(300);
    QCOMPARE(ready.count(), 0);
    QCOMPARE(failed.count(), 0);
    // And it can start again afterwards.
    demo.start();
    QVERIFY(waitReady(demo));
    demo.stop();
}

void TestDemoEnvironment::failsClearlyWhenARegistryRefuses()
{
    DemoEnvironment demo;
    demo.setFaults(u"target"_s, {u"error=503,route=POST /subjects/stock_trades-value/versions"_s});
    QSignalSpy ready(&demo, &DemoEnvironment::ready);
    QSignalSpy failed(&demo, &DemoEnvironment::failed);
    demo.start();
    QVERIFY(!waitReady(demo));
    QCOMPARE(failed.count(), 1);
    const QString error = failed.first().first().toString();
    QVERIFY2(error.contains(u"register stock_trades-value on target"_s), qPrintable(error));
    QVERIFY2(error.contains(u"HTTP 503"_s), qPrintable(error));
    // Nothing else is reported afterwards, and the other lanes stopped.
    QTest::qWait(200);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(ready.count(), 0);
    QVERIFY(!demo.isReady());
    demo.stop();
    QVERIFY(!demo.isRunning());
}

void TestDemoEnvironment::slowRegistryStillSeeds()
{
    DemoEnvironment demo;
    demo.setFaults(u"cloud"_s, {u"latency=20"_s});
    demo.start();
    QVERIFY(waitReady(demo));
    qInfo().noquote() << "with a slow cloud (20 ms per request) seeding took" << demo.seedingMs() << "ms";
    QCOMPARE(m_rest.get(demo.url(u"cloud"_s), u"/contexts"_s).strings(),
             (QStringList{u"."_s, u".analytics"_s, u".fraud"_s}));
}

void TestDemoEnvironment::cleanupTestCase()
{
    m_demo.stop();
    QVERIFY(!m_demo.isRunning());
}

QTEST_GUILESS_MAIN(TestDemoEnvironment)
#include "tst_demoenvironment.moc"
