// The console against each flavour the sandbox imitates (--profile cp8, cp7, redpanda, karapace,
// apicurio), over loopback HTTP: the capability probe detects the flavour and what it cannot do; on a
// registry without a bulk listing (Redpanda) the tree shows the skeleton and loads versions on demand,
// and a whole-registry load (search, mirror verification) costs one request per subject and per version,
// with bounded concurrency, progress and Cancel; on CP 7, whose rows carry no "deleted", a soft-deleted
// version is never taken for a live one.
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/BulkLoader.h"
#include "registry/RegistryClient.h"
#include "registry/ServerCapabilities.h"
#include "registry/Transport.h"
#include "sandboxserver/FlavourPolicy.h"
#include "sandboxserver/HttpServer.h"
#include "sandboxserver/LargeRegistry.h"
#include "sandboxserver/RegistryStore.h"
#include "sandboxserver/SandboxServer.h"

#include <memory>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace sd;
using registry::Support;
using Model = items::RegistryTreeModel;
using State = items::RegistryWorkspace::State;

namespace {

const QString kV1 = uR"({"type":"record","name":"R","fields":[{"name":"a","type":"int"}]})"_s;
const QString kV2 =
    uR"({"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":""}]})"_s;

// Requests the sandbox answered, by method and path.
struct RequestCounter
{
    QHash<QString, int> byRoute;
    int total = 0;
    void attach(sandbox::SandboxServer &server)
    {
        QObject::connect(server.httpServer(), &sandbox::HttpServer::requestFinished, server.httpServer(),
                         [this](const QByteArray &method, const QString &path, int) {
                             ++total;
                             ++byRoute[QString::fromLatin1(method) + u' ' + path];
                         });
    }
    int matching(const QString &prefix) const
    {
        int n = 0;
        for (auto it = byRoute.cbegin(); it != byRoute.cend(); ++it)
            n += it.key().startsWith(prefix) ? it.value() : 0;
        return n;
    }
    QString routes() const
    {
        QStringList lines;
        for (auto it = byRoute.cbegin(); it != byRoute.cend(); ++it)
            lines << u"%1 ×%2"_s.arg(it.key()).arg(it.value());
        lines.sort();
        return lines.join(u'\n');
    }
    void reset()
    {
        byRoute.clear();
        total = 0;
    }
};

} // namespace

class TestFlavours : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    std::unique_ptr<sandbox::SandboxServer> start(const QString &profileName, const QJsonObject &data = {})
    {
        const std::optional<sandbox::FlavourPolicy> policy = sandbox::FlavourPolicy::fromName(profileName);
        if (!policy)
            return nullptr;
        sandbox::SandboxOptions options;
        options.flavour = policy->flavour;
        options.versionProfile = policy->shapes;
        if (!data.isEmpty()) {
            options.dataFile = m_dir.filePath(profileName + u".json"_s);
            QFile file(options.dataFile);
            if (!file.open(QIODevice::WriteOnly))
                return nullptr;
            file.write(QJsonDocument(data).toJson(QJsonDocument::Compact));
        }
        auto server = std::make_unique<sandbox::SandboxServer>();
        QString error;
        if (!server->start(options, &error)) {
            qWarning("sandbox: %s", qPrintable(error));
            return nullptr;
        }
        return server;
    }

    static registry::ConnectionProfile profile(const sandbox::SandboxServer &server, const QString &name)
    {
        registry::ConnectionProfile p;
        p.name = name;
        p.urls = {server.url()};
        return p;
    }

    static std::optional<registry::ConnectionTestResult> probe(const sandbox::SandboxServer &server)
    {
        registry::ConnectionTester tester(profile(server, u"probe"_s), {});
        std::optional<registry::ConnectionTestResult> result;
        QObject::connect(&tester, &registry::ConnectionTester::finished,
                         [&](const registry::ConnectionTestResult &r) { result = r; });
        tester.start();
        (void)QTest::qWaitFor([&] { return result.has_value(); }, 20000);
        return result;
    }

    static void registerSchema(sandbox::SandboxServer &server, const QString &subject, const QString &text)
    {
        sandbox::RegisterRequest request;
        request.schema = text;
        sandbox::RegistryError error;
        server.store()->registerSchema(subject, request, {}, &error);
        QVERIFY2(!error.isError(), qPrintable(error.message));
    }

    static bool loadAndWait(items::RegistryWorkspace &workspace, const QString &id)
    {
        workspace.load(id);
        return QTest::qWaitFor(
                   [&] {
                       const State state = workspace.connection(id)->state;
                       return state == State::Ready || state == State::Failed;
                   },
                   60000) &&
               workspace.connection(id)->state == State::Ready;
    }

    // The versions the tree shows under a subject: number → soft-deleted.
    static QMap<int, bool> versionRows(Model &tree, const QString &id, const QString &subject)
    {
        tree.setShowDeleted(true);
        QMap<int, bool> rows;
        const QModelIndex index = tree.subjectIndex(id, subject);
        if (tree.canFetchMore(index))
            tree.fetchMore(index); // what a view does when the subject is expanded
        for (int row = 0; row < tree.rowCount(index); ++row) {
            const QModelIndex version = tree.index(row, 0, index);
            rows.insert(version.data(Model::VersionRole).toInt(), version.data(Model::DeletedRole).toBool());
        }
        return rows;
    }

    struct BulkRun
    {
        registry::SnapshotPtr snapshot;
        registry::ApiError error;
        int requests = 0;
        int progressSignals = 0;
        int maxActive = 0;
    };

    // A BulkLoader as search and mirror verification run it, with the connection's request limit
    // watched while it runs.
    static BulkRun runBulk(registry::RegistryClient &client,
                           const std::function<void(registry::BulkLoader &)> &during = {})
    {
        BulkRun run;
        registry::BulkLoader loader(&client);
        QObject::connect(&loader, &registry::BulkLoader::progress, [&](qint64, qint64) {
            ++run.progressSignals;
            if (during)
                during(loader);
        });
        // A real event loop (the server runs in this thread too); the limit is sampled every millisecond.
        QTimer sample;
        QObject::connect(&sample, &QTimer::timeout,
                         [&] { run.maxActive = qMax(run.maxActive, client.transport()->activeCount()); });
        sample.start(1);
        QSignalSpy finished(&loader, &registry::BulkLoader::finished);
        loader.start();
        if (finished.isEmpty())
            (void)finished.wait(120000);
        run.snapshot = loader.snapshot();
        run.error = loader.error();
        run.requests = loader.requestCount();
        return run;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void capabilitiesPerProfile_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<int>("flavor");
        QTest::addColumn<int>("contexts");
        QTest::addColumn<int>("bulk");
        QTest::addColumn<int>("exporters");
        QTest::addColumn<int>("modeChanges");
        QTest::addColumn<int>("modesEnforced");
        QTest::addColumn<int>("forward");
        QTest::addColumn<int>("dataContracts");
        QTest::addColumn<int>("deletedField");
        QTest::addColumn<QStringList>("limitations");
        const auto row = [](const char *name, registry::ServerFlavor flavor, Support contexts, Support bulk,
                            Support exporters, Support modeChanges, Support enforced, Support forward,
                            Support contracts, Support deleted, const QStringList &limits) {
            QTest::newRow(name) << QString::fromLatin1(name) << int(flavor) << int(contexts) << int(bulk)
                                << int(exporters) << int(modeChanges) << int(enforced) << int(forward)
                                << int(contracts) << int(deleted) << limits;
        };
        using F = registry::ServerFlavor;
        const Support Y = Support::Yes, N = Support::No;
        row("cp8", F::ConfluentPlatform, Y, Y, Y, Y, Y, Y, Y, Y, {});
        row("cp7", F::ConfluentPlatform, Y, Y, Y, Y, Y, N, Y, N, {});
        row("redpanda", F::Redpanda, N, N, N, Y, Y, N, N, N,
            {u"No contexts: every subject is in the default context."_s,
             u"No bulk listing: versions are read subject by subject."_s, u"No exporters (Schema Linking)."_s,
             u"Metadata and rule sets are accepted but not stored."_s,
             u"No FORWARD mode; IMPORT only where no schema was ever registered (soft-deleted ones count), "
             "unless forced."_s});
        row("karapace", F::Karapace, N, N, N, N, Y, N, N, N,
            {u"No contexts: every subject is in the default context."_s,
             u"No bulk listing: versions are read subject by subject."_s,
             u"Modes cannot be changed (always READWRITE)."_s, u"No exporters (Schema Linking)."_s,
             u"Metadata and rule sets are accepted but not stored."_s});
        row("apicurio", F::Apicurio, N, N, N, Y, N, N, N, N,
            {u"No contexts: every subject is in the default context."_s,
             u"No bulk listing: versions are read subject by subject."_s,
             u"Modes are stored but not enforced: READONLY and IMPORT do not stop writes here."_s,
             u"No exporters (Schema Linking)."_s, u"Metadata and rule sets are accepted but not stored."_s});
    }

    void capabilitiesPerProfile()
    {
        QFETCH(QString, profile);
        QFETCH(int, flavor);
        QFETCH(int, contexts);
        QFETCH(int, bulk);
        QFETCH(int, exporters);
        QFETCH(int, modeChanges);
        QFETCH(int, modesEnforced);
        QFETCH(int, forward);
        QFETCH(int, dataContracts);
        QFETCH(int, deletedField);
        QFETCH(QStringList, limitations);
        auto server = start(profile);
        QVERIFY(server);
        // Something to list, so a GET /schemas that ignores subjectPrefix shows it.
        registerSchema(*server, u"orders-value"_s, kV1);
        const auto result = probe(*server);
        QVERIFY(result.has_value());
        QVERIFY2(result->ok, qPrintable(result->report().join(u'\n')));
        const registry::ServerCapabilities &caps = result->capabilities;
        QCOMPARE(int(caps.flavor), flavor);
        QCOMPARE(int(caps.contexts), contexts);
        QCOMPARE(int(caps.bulkSchemas), bulk);
        QCOMPARE(int(caps.exporters), exporters);
        QCOMPARE(caps.modes, Support::Yes);
        QCOMPARE(int(caps.modeChanges), modeChanges);
        QCOMPARE(int(caps.modesEnforced), modesEnforced);
        QCOMPARE(int(caps.forwardMode), forward);
        QCOMPARE(int(caps.dataContracts), dataContracts);
        QCOMPARE(int(caps.deletedField), deletedField);
        QCOMPARE(caps.limitations(), limitations);
        // The connection test's report names the flavour and says what it cannot do.
        const QString report = result->report().join(u'\n');
        QVERIFY2(report.contains(u"Server: "_s + registry::ServerCapabilities::flavorName(caps.flavor)),
                 qPrintable(report));
        for (const QString &limit : caps.limitations())
            QVERIFY2(report.contains(limit), qPrintable(report));
    }

    // Issue 17, item 3 at test size: Redpanda (no GET /schemas), 300 subjects × 3 versions.
    void redpandaWithoutBulkListing()
    {
        auto server = start(u"redpanda"_s, sandbox::generateLargeRegistry(300, 1, 3));
        QVERIFY(server);
        const int subjects = server->store()->subjectCount();
        const int versions = server->store()->versionCount();
        QCOMPARE(subjects, 303);
        QCOMPARE(versions, 903);
        // Two soft-deleted versions: the server writes no "deleted", so each costs one request more.
        sandbox::RegistryError error;
        server->store()->deleteVersion(u"topic-000007-value"_s, u"3"_s, false, &error);
        QVERIFY(!error.isError());
        server->store()->deleteVersion(u"topic-000008-value"_s, u"3"_s, false, &error);
        QVERIFY(!error.isError());
        RequestCounter counter;
        counter.attach(*server);

        // The tree: every subject from the skeleton, no version read until a subject is opened.
        items::RegistryWorkspace workspace;
        const registry::ConnectionProfile p = profile(*server, u"redpanda"_s);
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace.openConnection(p, {});
        QVERIFY(loadAndWait(workspace, id));
        QCOMPARE(workspace.connection(id)->capabilities.flavor, registry::ServerFlavor::Redpanda);
        Model &tree = *workspace.tree();
        QCOMPARE(tree.subjectCount(id), subjects);
        QCOMPARE(counter.matching(u"GET /subjects/"_s), 0);
        QCOMPARE(counter.byRoute.value(u"GET /schemas"_s), 1); // the capability probe's
        const QString tip = tree.connectionIndex(id).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(u"Redpanda"_s) && tip.contains(u"No bulk listing"_s), qPrintable(tip));

        // On demand, when the subject is expanded: one request for the list and one per version (+1 for
        // the soft-deleted one), which the tree shows as soft-deleted.
        QVERIFY(QTest::qWaitFor([&] { return workspace.requestsInFlight() == 0; }, 20000)); // settings
        counter.reset();
        versionRows(tree, id, u"topic-000007-value"_s);
        QVERIFY(QTest::qWaitFor([&] { return versionRows(tree, id, u"topic-000007-value"_s).size() == 3; },
                                20000));
        QCOMPARE(versionRows(tree, id, u"topic-000007-value"_s),
                 (QMap<int, bool>{{1, false}, {2, false}, {3, true}}));
        QVERIFY2(counter.total == 1 + 3 + 1, qPrintable(counter.routes()));

        // Search every version / mirror verification: the whole registry, subject by subject, with the
        // capabilities the tree's probe found — no GET /schemas at all.
        counter.reset();
        registry::RegistryClient *client = workspace.client(id);
        const BulkRun run = runBulk(*client);
        QVERIFY2(!run.error.isError(), qPrintable(run.error.toDisplayString()));
        QCOMPARE(run.snapshot->subjectCount(), subjects);
        QCOMPARE(run.snapshot->versionCount(), versions);
        const int expected = 1 + subjects + versions + 2; // skeleton, lists, versions, 2 soft-deleted
        QCOMPARE(run.requests, expected);
        QCOMPARE(counter.total, expected);
        QCOMPARE(counter.byRoute.value(u"GET /schemas"_s), 0);
        QVERIFY(run.progressSignals > 10);
        QVERIFY2(run.maxActive <= p.maxConcurrentRequests, qPrintable(QString::number(run.maxActive)));
        const int subject = run.snapshot->findSubject(u"topic-000008-value"_s);
        QVERIFY(subject >= 0);
        const registry::RegistrySnapshot::Subject &s = run.snapshot->subject(subject);
        QCOMPARE(s.versionsCount, 3);
        QVERIFY(!run.snapshot->version(s.versionsBegin).deleted);
        QVERIFY(run.snapshot->version(s.versionsBegin + 2).deleted);
        QCOMPARE(run.snapshot->latestLiveVersion(subject), s.versionsBegin + 1);

        // Cancel: the load stops, and no request is sent after it.
        counter.reset();
        const BulkRun cancelled = runBulk(*client, [](registry::BulkLoader &loader) {
            if (loader.isRunning())
                loader.cancel();
        });
        QCOMPARE(cancelled.error.kind, registry::ErrorKind::Aborted);
        const int sentWhenCancelled = counter.total;
        QTest::qWait(300);
        QVERIFY(counter.total <= sentWhenCancelled + p.maxConcurrentRequests); // only those in flight
        QVERIFY(counter.total < expected / 4);

        // A client that was never probed finds out from page 0's 404 and falls back the same way.
        counter.reset();
        registry::RegistryClient unprobed(p, {});
        const BulkRun fallback = runBulk(unprobed);
        QVERIFY(!fallback.error.isError());
        QCOMPARE(fallback.snapshot->versionCount(), versions);
        QVERIFY(counter.byRoute.value(u"GET /schemas"_s) >= 1);
    }

    // CP 7's GET /schemas rows carry no "deleted": the console must not read a soft-deleted version
    // as live — not in the tree, not in the newest texts it keeps, not in a bulk load.
    void cp7SoftDeletedIsNotLive()
    {
        auto server = start(u"cp7"_s);
        QVERIFY(server);
        registerSchema(*server, u"pay-value"_s, kV1);
        registerSchema(*server, u"pay-value"_s, kV2);
        sandbox::RegistryError error;
        server->store()->deleteVersion(u"pay-value"_s, u"2"_s, false, &error);
        QVERIFY(!error.isError());

        items::RegistryWorkspace workspace;
        const registry::ConnectionProfile p = profile(*server, u"cp7"_s);
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace.openConnection(p, {});
        QVERIFY(loadAndWait(workspace, id));
        QCOMPARE(workspace.connection(id)->capabilities.deletedField, Support::No);
        Model &tree = *workspace.tree();
        QCOMPARE(versionRows(tree, id, u"pay-value"_s), (QMap<int, bool>{{1, false}, {2, true}}));
        const registry::LatestSchemasPtr latest = workspace.connection(id)->latestSchemas;
        QVERIFY(latest);
        const int entry = latest->find(u"pay-value"_s);
        QVERIFY(entry >= 0);
        QCOMPARE(latest->entry(entry).version, 1);
        QCOMPARE(latest->text(entry), kV1);
        // One subject reloaded (after a register or delete): the same.
        workspace.loadVersions(id, u"pay-value"_s);
        QTest::qWait(300);
        QCOMPARE(versionRows(tree, id, u"pay-value"_s), (QMap<int, bool>{{1, false}, {2, true}}));

        // A bulk load with the probe's findings, and one without them.
        for (const bool probed : {true, false}) {
            registry::RegistryClient unprobed(p, {});
            registry::RegistryClient &client = probed ? *workspace.client(id) : unprobed;
            const BulkRun run = runBulk(client);
            QVERIFY2(!run.error.isError(), qPrintable(run.error.toDisplayString()));
            const int subject = run.snapshot->findSubject(u"pay-value"_s);
            QVERIFY(subject >= 0);
            const registry::RegistrySnapshot::Subject &s = run.snapshot->subject(subject);
            QCOMPARE(s.versionsCount, 2);
            QVERIFY(!run.snapshot->version(s.versionsBegin).deleted);
            QVERIFY2(run.snapshot->version(s.versionsBegin + 1).deleted, probed ? "probed" : "unprobed");
            QCOMPARE(run.snapshot->latestLiveVersion(subject), s.versionsBegin);
            QCOMPARE(run.requests, 1 + 1 + 1); // skeleton, the page with soft-deleted ones, the live page
        }
    }
};

QTEST_GUILESS_MAIN(TestFlavours)
#include "tst_flavours.moc"
