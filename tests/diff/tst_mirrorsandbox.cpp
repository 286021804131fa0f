// Mirror comparison end to end: two sandbox registries on loopback, loaded over real HTTP with the
// registry client's BulkLoader, compared with MirrorComparator.
#include "demo/DemoEnvironment.h"
#include "diff/LoadedSnapshot.h"
#include "diff/MirrorComparator.h"
#include "diff/SchemaFolder.h"
#include "registry/BulkLoader.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/SandboxServer.h"

#include <memory>
#include <QDeadlineTimer>
#include <QFile>
#include <QTemporaryDir>
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

sd::registry::SnapshotPtr loadPacked(const sd::sandbox::SandboxServer &server, const QString &label)
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
        return nullptr;
    }
    return loader.snapshot();
}

std::optional<RegistrySnapshot> load(const sd::sandbox::SandboxServer &server, const QString &label)
{
    const sd::registry::SnapshotPtr packed = loadPacked(server, label);
    if (!packed)
        return std::nullopt;
    return snapshotFromLoaded(packed, label);
}

} // namespace

class TestMirrorSandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Schemas kept in Git: a registry exported to a folder of files reads back identical (contexts, Protobuf,
    // references, formatting aside); then the folder diverges in three ways and exactly those show.
    void folderRoundTripAndDrift()
    {
        auto registry = startSandbox();
        QVERIFY(registry);
        QVERIFY(registerSchema(*registry, u"orders-value"_s, record(u"Order"_s)));
        QVERIFY(registerSchema(
            *registry, u"orders-value"_s,
            uR"({"type":"record","name":"Order","fields":[{"name":"f","type":"string"},{"name":"g","type":"int","default":0}]})"_s));
        QVERIFY(registerSchema(*registry, u":.eu:payments-value"_s, record(u"Payment"_s)));
        QVERIFY(registerSchema(*registry, u"refunds-value"_s, record(u"Refund"_s)));
        sd::sandbox::RegisterRequest proto;
        proto.schema = u"syntax = \"proto3\";\npackage acme;\n\nmessage Shipment {\n  string id = 1;\n}\n"_s;
        proto.schemaType = u"PROTOBUF"_s;
        sd::sandbox::RegistryError error;
        registry->store()->registerSchema(u"shipments-value"_s, proto, {}, &error);
        QVERIFY(!error.isError());
        sd::sandbox::RegisterRequest withReference;
        withReference.schema =
            uR"({"type":"record","name":"Invoice","fields":[{"name":"order","type":"Order"}]})"_s;
        withReference.references = {{u"Order"_s, u"orders-value"_s, 2}};
        registry->store()->registerSchema(u"invoices-value"_s, withReference, {}, &error);
        QVERIFY2(!error.isError(), qPrintable(error.message));

        const sd::registry::SnapshotPtr packed = loadPacked(*registry, u"registry"_s);
        QVERIFY(packed);
        QTemporaryDir folder;
        const schemafolder::ExportResult exported =
            schemafolder::exportLatest(*packed, folder.path(), SubjectMapping{}, u"registry"_s);
        QVERIFY2(exported.errors.isEmpty(), qPrintable(exported.errors.join(u'\n')));
        QCOMPARE(exported.written, 5);
        QVERIFY(QFile::exists(folder.filePath(u"orders-value.avsc"_s)));
        QVERIFY(QFile::exists(folder.filePath(u"contexts/eu/payments-value.avsc"_s)));
        QVERIFY(QFile::exists(folder.filePath(u"shipments-value.proto"_s)));
        QVERIFY(QFile::exists(folder.filePath(u"schemadesk-schemas.json"_s)));
        QFile orders(folder.filePath(u"orders-value.avsc"_s));
        QVERIFY(orders.open(QIODevice::ReadOnly));
        const QString ordersText = QString::fromUtf8(orders.readAll());
        QVERIFY2(ordersText.contains(u"\"name\": \"g\""_s), qPrintable(ordersText)); // the latest, pretty
        QCOMPARE(schemafolder::subjectForPath(u"contexts/eu/payments-value.avsc"_s),
                 u":.eu:payments-value"_s);
        QCOMPARE(schemafolder::relativePathFor(u":.eu:payments-value"_s, u"AVRO"_s),
                 u"contexts/eu/payments-value.avsc"_s);

        MirrorOptions options;
        options.latestOnly = true;
        options.includeDeleted = false;
        options.compareIds = false;
        options.compareConfig = false;
        options.compareMode = false;
        options.fingerprint = FingerprintMode::Formatting;
        const RegistrySnapshot live = snapshotFromLoaded(packed, u"registry"_s);
        schemafolder::LoadResult files = schemafolder::load(folder.path(), u"folder"_s);
        QVERIFY2(files.errors.isEmpty(), qPrintable(files.errors.join(u'\n')));
        MirrorReport report = MirrorComparator::compare(live, files.snapshot, SubjectMapping{}, options);
        QCOMPARE(report.counts.identical, 5);
        QCOMPARE(report.counts.differing + report.counts.onlyInA + report.counts.onlyInB, 0);

        // The repository drifts: a field added, a file removed, a file nobody published; no manifest.
        QVERIFY(QFile::remove(folder.filePath(u"schemadesk-schemas.json"_s)));
        QVERIFY(QFile::remove(folder.filePath(u"refunds-value.avsc"_s)));
        QFile changed(folder.filePath(u"contexts/eu/payments-value.avsc"_s));
        QVERIFY(changed.open(QIODevice::WriteOnly | QIODevice::Truncate));
        changed.write(
            R"({"type":"record","name":"Payment","fields":[{"name":"f","type":"string"},{"name":"currency","type":"string","default":"EUR"}]})");
        changed.close();
        QFile added(folder.filePath(u"audits-value.json"_s));
        QVERIFY(added.open(QIODevice::WriteOnly));
        added.write(R"({"type":"object","properties":{"who":{"type":"string"}}})");
        added.close();
        files = schemafolder::load(folder.path(), u"folder"_s);
        report = MirrorComparator::compare(live, files.snapshot, SubjectMapping{}, options);
        QStringList drift;
        for (const MirrorEntry &entry : report.entries) {
            if (entry.status != MirrorStatus::Identical)
                drift << mirrorStatusName(entry.status) + u' ' + entry.subjectA + u'|' + entry.subjectB;
        }
        // invoices-value's file names no references without the manifest: not held against it.
        QCOMPARE(drift, QStringList({u"onlyInA refunds-value|refunds-value"_s,
                                     u"differing :.eu:payments-value|:.eu:payments-value"_s,
                                     u"onlyInB |audits-value"_s}));
        QCOMPARE(files.snapshot.subjects.first().versions.first().schemaType,
                 u"JSON"_s); // audits: JSON Schema
    }

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

        // Schema Linking: the copy under ":.source:" is the same schema; only the qualified name differs.
        const MirrorEntry *pageviews = nullptr;
        for (const MirrorEntry &entry : report.entries) {
            if (entry.subjectA == u"pageviews-value")
                pageviews = &entry;
            // The exporter copies schemas byte for byte: whatever differs, it is never the schema text.
            QVERIFY(!entry.differences.testFlag(MirrorDifference::Schema));
            // The paused exporter: nothing of source's imported ".target" context reached target's
            // ".source.target".
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

        // An exporter of pageviews-value only, into ".source" -> identical, nothing else in scope.
        SubjectMapping onlyPageviews = mapping;
        onlyPageviews.subjects = {u"pageviews-value"_s};
        const MirrorReport scenarioB = MirrorComparator::compare(*source, *target, onlyPageviews);
        QCOMPARE(scenarioB.counts.identical, 1);
        QCOMPARE(scenarioB.counts.differing + scenarioB.counts.onlyInA + scenarioB.counts.onlyInB, 0);

        // The Platform/Cloud mirror: platform's schema-exporter (":*:", NONE) into cloud; both hold identical
        // copies.
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
        // An exported copy: it lives under ":.source:" on the target with the same ids.
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
#include "tst_mirrorsandbox.moc"
