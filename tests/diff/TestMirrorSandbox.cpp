// Mirror comparison end to end: two sandbox registries on loopback, loaded over real HTTP with the
// registry client's BulkLoader, compared with MirrorComparator.
#include "demo/DemoEnvironment.h"
#include "diff/LoadedSnapshot.h"
#include "diff/MirrorComparator.h"
#include "registry/BulkLoader.h"
#include "registry/RegistryClient.h"
#include "sandbox/SandboxServer.h"

#include <memory>
#include <QDeadlineTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::diff;

namespace {

QString record(const QString &name, const QString &type = u"string"_s)
{
    return u"{\"type\":\"record\",\"name\":\""_s + name + u"\",\"fields\":[{\"name\":\"f\",\"type\":\""_s +
           type + u"\"}]}"_s;
}

std::unique_ptr<sd::sandbox::SandboxServer> startSandbox()
{
    auto server = std::make_unique<sd::sandbox::SandboxServer>();
    QString error;
    if (!server->start({}, &error)) {
        qWarning("sandbox did not start: %s", qPrintable(error));
        return nullptr;
    }
    return server;
}

bool registerSchema(sd::sandbox::SandboxServer &server, const QString &subject, const QString &schema)
{
    sd::sandbox::RegisterRequest request;
    request.schema = schema;
    sd::sandbox::RegistryError error;
    server.store()->registerSchema(subject, request, {}, &error);
    if (error.isError())
        qWarning("register %s: %s", qPrintable(subject), qPrintable(error.message));
    return !error.isError();
}

std::optional<RegistrySnapshot> load(const sd::sandbox::SandboxServer &server, const QString &label)
{
    sd::registry::ConnectionProfile profile;
    profile.name = label;
    profile.urls = {server.url()};
    sd::registry::RegistryClient client(profile, {});
    sd::registry::BulkLoader loader(&client);
    bool finished = false;
    QObject::connect(&loader, &sd::registry::BulkLoader::finished, [&finished] { finished = true; });
    loader.start();
    QDeadlineTimer deadline(30000);
    while (!finished && !deadline.hasExpired())
        QTest::qWait(5);
    if (!finished || loader.error().isError() || !loader.snapshot()) {
        qWarning("load %s failed: %s", qPrintable(label), qPrintable(loader.error().toDisplayString()));
        return std::nullopt;
    }
    return snapshotFromLoaded(*loader.snapshot(), label);
}

} // namespace

class TestMirrorSandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exactlyTheThreeChangesOverHttp()
    {
        auto a = startSandbox();
        auto b = startSandbox();
        QVERIFY(a && b);
        // The same history on both, so ids line up; then B diverges in three ways.
        for (int i = 0; i < 12; ++i) {
            const QString subject = u"orders-%1-value"_s.arg(i);
            QVERIFY(registerSchema(*a, subject, record(u"Order%1"_s.arg(i))));
            QVERIFY(registerSchema(*b, subject, record(u"Order%1"_s.arg(i))));
        }
        QVERIFY(registerSchema(*a, u"orders-3-value"_s, record(u"Order3"_s, u"bytes"_s)));
        QVERIFY(registerSchema(*b, u"orders-3-value"_s, record(u"Order3"_s, u"bytes"_s)));
        // 1. one schema changed: B's orders-5-value v1 carries another schema (re-created after a hard
        // delete)
        sd::sandbox::RegistryError error;
        b->store()->deleteSubject(u"orders-5-value"_s, false, &error);
        b->store()->deleteSubject(u"orders-5-value"_s, true, &error);
        QVERIFY(!error.isError());
        QVERIFY(registerSchema(*b, u"orders-5-value"_s, record(u"Order5"_s, u"int"_s)));
        // 2. one subject removed from B
        b->store()->deleteSubject(u"orders-7-value"_s, false, &error);
        b->store()->deleteSubject(u"orders-7-value"_s, true, &error);
        QVERIFY(!error.isError());
        // 3. one subject only on B
        QVERIFY(registerSchema(*b, u"payments-value"_s, record(u"Payment"_s)));

        const auto snapshotA = load(*a, u"A"_s);
        const auto snapshotB = load(*b, u"B"_s);
        QVERIFY(snapshotA && snapshotB);
        QCOMPARE(snapshotA->subjects.size(), 12);

        MirrorOptions options;
        options.compareIds = false; // B's re-created subject got a fresh id; the schema is what changed
        const MirrorReport report =
            MirrorComparator::compare(*snapshotA, *snapshotB, SubjectMapping{}, options);
        QCOMPARE(report.counts.identical, 10);
        QCOMPARE(report.counts.differing, 1);
        QCOMPARE(report.counts.onlyInA, 1);
        QCOMPARE(report.counts.onlyInB, 1);
        QStringList nonIdentical;
        for (const MirrorEntry &entry : report.entries) {
            if (entry.status != MirrorStatus::Identical)
                nonIdentical << mirrorStatusName(entry.status) + u' ' + entry.subjectA + u'|' +
                                    entry.subjectB;
        }
        QCOMPARE(nonIdentical,
                 QStringList({u"differing orders-5-value|orders-5-value"_s,
                              u"onlyInA orders-7-value|orders-7-value"_s, u"onlyInB |payments-value"_s}));
        auto entryFor = [](const MirrorReport &r, const QString &subject) -> const MirrorEntry & {
            for (const MirrorEntry &entry : r.entries) {
                if (entry.subjectA == subject)
                    return entry;
            }
            return r.entries.first();
        };
        const MirrorEntry &changed = entryFor(report, u"orders-5-value"_s);
        QCOMPARE(changed.subjectA, u"orders-5-value"_s);
        QCOMPARE(changed.differences, MirrorDifferences(MirrorDifference::Schema));
        QCOMPARE(changed.schemaDiffersVersions, QList<int>{1});
        // With ids compared, the re-created subject also shows its new id.
        const MirrorReport withIds = MirrorComparator::compare(*snapshotA, *snapshotB, SubjectMapping{});
        QCOMPARE(entryFor(withIds, u"orders-5-value"_s).differences,
                 MirrorDifference::Schema | MirrorDifference::Id);
        QCOMPARE(withIds.counts.differing, 1);
    }

    void demoScenarios()
    {
        sd::demo::DemoEnvironment demo;
        bool ready = false;
        QString failure;
        connect(&demo, &sd::demo::DemoEnvironment::ready, this, [&ready] { ready = true; });
        connect(&demo, &sd::demo::DemoEnvironment::failed, this,
                [&failure](const QString &why) { failure = why; });
        demo.start();
        QDeadlineTimer deadline(60000);
        while (!ready && failure.isEmpty() && !deadline.hasExpired())
            QTest::qWait(10);
        QVERIFY2(ready, qPrintable(failure));
        for (const QString &name : {u"source"_s, u"target"_s, u"platform"_s, u"cloud"_s}) {
            QVERIFY(demo.server(name));
        }
        auto snapshotOf = [&demo](const QString &name) {
            std::optional<RegistrySnapshot> snapshot = load(*demo.server(name), name);
            if (snapshot) {
                auto *store = demo.server(name)->store();
                for (const QString &context : store->listContexts()) {
                    const QString scope = context == u"." ? QString() : u':' + context + u':';
                    if (const auto mode = store->modeAt(scope))
                        snapshot->contextMode.insert(context, sd::sandbox::registryModeName(*mode));
                }
            }
            return snapshot;
        };
        const auto source = snapshotOf(u"source"_s);
        const auto target = snapshotOf(u"target"_s);
        QVERIFY(source && target);
        sd::sandbox::RegistryError error;
        const QJsonObject exporter =
            demo.server(u"source"_s)->exporters()->info(u"src-to-tgt-link"_s, &error);
        QVERIFY(!error.isError());
        const SubjectMapping mapping = SubjectMapping::fromExporter(exporter);
        QCOMPARE(mapping.contextType, ContextType::Custom);
        const MirrorReport report = MirrorComparator::compare(*source, *target, mapping);
        qInfo().noquote() << report.toMarkdown();

        // Scenarios A/B: the copy under ":.source:" is the same schema; only the qualified name differs.
        const MirrorEntry *pageviews = nullptr;
        for (const MirrorEntry &entry : report.entries) {
            if (entry.subjectA == u"pageviews-value")
                pageviews = &entry;
            // The exporter copies schemas byte for byte: whatever differs, it is never the schema text.
            QVERIFY(!entry.differences.testFlag(MirrorDifference::Schema));
            // Scenario C: nothing of source's imported ".target" context reached target's ".source.target".
            if (entry.subjectA.startsWith(u":.target:")) {
                QCOMPARE(entry.status, MirrorStatus::OnlyInA);
                QCOMPARE(entry.subjectB, u":.source.target:"_s + entry.subjectA.mid(9));
            }
        }
        QVERIFY(pageviews);
        QCOMPARE(pageviews->status, MirrorStatus::Identical);
        QCOMPARE(pageviews->subjectB, u":.source:pageviews-value"_s);
        QVERIFY(report.counts.onlyInA >= 4);
        // ... and the report names the reason: ".source.target" is not in IMPORT mode on target.
        bool flagged = false;
        for (const MirrorContext &context : report.contexts) {
            if (context.contextB == u".source.target")
                flagged = context.likelyBlocksExport();
            if (context.contextB == u".source")
                QVERIFY(!context.likelyBlocksExport());
        }
        QVERIFY(flagged);

        // Scenario B's exporter: only pageviews-value into ".source" -> identical, nothing else in scope.
        SubjectMapping onlyPageviews = mapping;
        onlyPageviews.subjects = {u"pageviews-value"_s};
        const MirrorReport scenarioB = MirrorComparator::compare(*source, *target, onlyPageviews);
        QCOMPARE(scenarioB.counts.identical, 1);
        QCOMPARE(scenarioB.counts.differing + scenarioB.counts.onlyInA + scenarioB.counts.onlyInB, 0);

        // Scenario D: platform's schema-exporter (":*:", NONE) into cloud; both hold identical copies.
        const auto platform = snapshotOf(u"platform"_s);
        const auto cloud = snapshotOf(u"cloud"_s);
        QVERIFY(platform && cloud);
        const QJsonObject schemaExporter =
            demo.server(u"platform"_s)->exporters()->info(u"schema-exporter"_s, &error);
        QVERIFY(!error.isError());
        const MirrorReport scenarioD =
            MirrorComparator::compare(*platform, *cloud, SubjectMapping::fromExporter(schemaExporter));
        qInfo().noquote() << scenarioD.toMarkdown();
        QVERIFY(scenarioD.counts.identical > 0);
        QCOMPARE(scenarioD.counts.differing + scenarioD.counts.onlyInA + scenarioD.counts.onlyInB, 0);
        for (const MirrorContext &context : scenarioD.contexts)
            QVERIFY(!context.likelyBlocksExport());
    }

    void contextCopiesOverHttp()
    {
        // Scenario B's shape: the copy lives under ":.source:" on the target with the same ids.
        auto source = startSandbox();
        auto target = startSandbox();
        QVERIFY(source && target);
        const QString pageviews =
            u"{\"type\":\"record\",\"name\":\"pageviews\",\"namespace\":\"ksql\",\"fields\":"
            u"[{\"name\":\"viewtime\",\"type\":\"long\"},{\"name\":\"userid\",\"type\":\"string\"},"
            u"{\"name\":\"pageid\",\"type\":\"string\"}],\"connect.name\":\"ksql.pageviews\"}"_s;
        QVERIFY(registerSchema(*source, u"pageviews-value"_s, pageviews));
        QVERIFY(registerSchema(*target, u"stock_trades-value"_s, record(u"StockTrade"_s)));
        QVERIFY(registerSchema(*target, u":.source:pageviews-value"_s, pageviews));

        const auto a = load(*source, u"source"_s);
        const auto b = load(*target, u"target"_s);
        QVERIFY(a && b);
        SubjectMapping mapping;
        mapping.subjects = {u"pageviews-value"_s};
        mapping.contextType = ContextType::Custom;
        mapping.context = u"source"_s;
        const MirrorReport report = MirrorComparator::compare(*a, *b, mapping);
        QCOMPARE(report.counts.identical, 1);
        QCOMPARE(report.counts.differing + report.counts.onlyInA + report.counts.onlyInB, 0);
        QCOMPARE(report.entries[0].subjectB, u":.source:pageviews-value"_s);
    }
};

QTEST_GUILESS_MAIN(TestMirrorSandbox)
#include "TestMirrorSandbox.moc"
