// SchemaSearchController against sandbox registries over real HTTP, without widgets: the newest versions
// from the texts the tree's load kept (no request), every version from a bulk load kept between
// searches, first matches while a slow registry loads, cancel, an unreachable or failing registry
// reported while the others are searched; the result model checked by QAbstractItemModelTester.
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/LargeRegistry.h"
#include "sandboxserver/SandboxServer.h"
#include "search/SchemaSearchController.h"
#include "search/SearchResultModel.h"
#include "SearchTestSupport.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using sandbox::FaultRule;
using sd::search::testing::avro;
using search::SchemaSearchController;

namespace {

search::SearchQuery everyVersion(const QString &text)
{
    search::SearchQuery query;
    query.text = text;
    query.latestOnly = false;
    return query;
}

} // namespace

class TestSchemaSearchController : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    sandbox::SandboxServer m_server;
    items::RegistryWorkspace m_workspace;
    QString m_id;
    QString m_deadId;

    void registerSchema(const QString &subject, const QString &schema)
    {
        const QString error = search::testing::registerSchema(m_server.url(), subject, schema);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    QString open(const QUrl &url, const QString &name, int maxConcurrent = 0)
    {
        registry::ConnectionProfile p;
        p.name = name;
        p.urls = {url};
        p.maxRetries = 0;
        if (maxConcurrent > 0)
            p.maxConcurrentRequests = maxConcurrent;
        m_workspace.openConnection(p, {});
        return p.id.toString(QUuid::WithoutBraces);
    }

    // A registry of 1,503 versions whose bulk pages come one after the other, each 600 ms late.
    QString openSlow(sandbox::SandboxServer &slow)
    {
        const QString data = m_dir.filePath(u"large.json"_s);
        QFile file(data);
        if (!file.exists() && file.open(QIODevice::WriteOnly))
            file.write(
                QJsonDocument(sandbox::generateLargeRegistry(500, 1, 3)).toJson(QJsonDocument::Compact));
        file.close();
        sandbox::SandboxOptions options;
        options.dataFile = data;
        // Long enough for a loaded machine's worker to search the first page before the last one comes.
        options.faults = {u"latency=1500,route=GET /schemas*"_s};
        QString error;
        if (!slow.start(options, &error))
            qWarning("slow sandbox: %s", qPrintable(error));
        return open(slow.url(), u"slow"_s, 1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString error = search::testing::startWithSamples(m_server);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_id = open(m_server.url(), u"dev"_s);
        m_deadId = open(QUrl(u"http://127.0.0.1:9"_s), u"unreachable"_s);
        m_workspace.load(m_id);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_workspace.connection(m_id)->state == items::RegistryWorkspace::State::Ready, 20000);
    }

    void cleanup() { m_server.faults()->clear(); }

    // The newest versions, any case, every connection: from what the tree's load kept; the dead
    // registry (never loaded) is named and the others are still searched.
    void newestVersionsFromTheTreesTexts()
    {
        SchemaSearchController controller(m_workspace);
        QAbstractItemModelTester tester(controller.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&controller, &SchemaSearchController::finished);
        QSignalSpy running(&controller, &SchemaSearchController::runningChanged);
        controller.search(search::SearchQuery{u"CUSTOMER_ID"_s});
        QVERIFY(controller.isRunning());
        QVERIFY(finished.wait(20000));
        QVERIFY(!controller.isRunning());
        QCOMPARE(running.count(), 2);
        const search::SearchResult &result = controller.result();
        QCOMPARE(result.subjectsMatched, 2);
        QCOMPARE(result.matches.at(0).subject, u"orders-value"_s); // the tree's order: default context first
        QCOMPARE(result.matches.at(0).version, 2);
        QCOMPARE(result.matches.at(1).subject, u":.eu:customers-value"_s);
        QVERIFY(controller.statusText().startsWith(u"2 subject(s), 2 version(s) match"_s));
        QVERIFY2(controller.statusText().contains(u"unreachable could not be loaded"_s),
                 qPrintable(controller.statusText()));
        QVERIFY(controller.statusText().contains(u"dev: the newest versions as the tree loaded them"_s));
        QCOMPARE(controller.model()->rowCount(), 2);
        QCOMPARE(controller.model()->index(0, search::SearchResultModel::RegistryColumn).data().toString(),
                 u"dev"_s);
        QCOMPARE(controller.model()->index(0, search::SearchResultModel::TextColumn).data().toString(),
                 u"\"name\": \"customer_id\","_s);

        // Within one registry nothing is requested.
        const int attempted = controller.requestCount();
        controller.setScope(m_id);
        controller.search(search::SearchQuery{u"customer_id"_s});
        QVERIFY(finished.wait(20000));
        QCOMPARE(controller.requestCount(), attempted);
        QVERIFY(!controller.statusText().contains(u"unreachable"_s));

        // A version registered since (the console reloads the subject's versions, as after its own
        // register) is what the next search finds, still without loading the registry.
        registerSchema(u"payments-value"_s, avro(u"Payment"_s, {u"amount"_s, u"customer_id"_s}));
        const registry::LatestSchemasPtr before = m_workspace.connection(m_id)->latestSchemas;
        m_workspace.loadVersions(m_id, u"payments-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_workspace.connection(m_id)->latestSchemas != before, 10000);
        controller.search(search::SearchQuery{u"customer_id"_s});
        QVERIFY(finished.wait(20000));
        QCOMPARE(controller.requestCount(), attempted);
        QCOMPARE(controller.result().subjectsMatched, 3);
        QCOMPARE(controller.result().matches.at(1).subject, u"payments-value"_s);
        QCOMPARE(controller.result().matches.at(1).version, 2);
    }

    // Every version needs the registry loaded: once, then from memory until reload().
    void everyVersionLoadsOnceThenFromMemory()
    {
        SchemaSearchController controller(m_workspace);
        controller.setScope(m_id);
        QSignalSpy finished(&controller, &SchemaSearchController::finished);
        controller.search(everyVersion(u"customer_id"_s));
        QVERIFY(finished.wait(20000));
        const int requests = controller.requestCount();
        QVERIFY(requests > 0);
        QCOMPARE(controller.result().versionsMatched, 3); // orders v2, customers v1, payments v2

        search::SearchQuery regex = everyVersion(uR"re("name":\s*"(Order|Payment)")re"_s);
        regex.regularExpression = true;
        controller.search(regex);
        QVERIFY(finished.wait(20000));
        QCOMPARE(controller.requestCount(), requests);
        QCOMPARE(controller.result().versionsMatched, 4); // orders v1, v2, payments v1, v2

        // Reload loads again, even for the newest versions.
        controller.reload(search::SearchQuery{u"amount"_s});
        QVERIFY(finished.wait(20000));
        QVERIFY(controller.requestCount() > 0);
        QCOMPARE(controller.result().subjectsMatched, 1);
        QVERIFY(!controller.statusText().contains(u"as the tree loaded them"_s));
    }

    // Bad input is said, nothing runs; a search asked for while one runs is not started.
    void invalidQueryAndOneSearchAtATime()
    {
        SchemaSearchController controller(m_workspace);
        controller.setScope(m_id);
        QSignalSpy finished(&controller, &SchemaSearchController::finished);
        search::SearchQuery bad{u"(unclosed"_s};
        bad.regularExpression = true;
        controller.search(bad);
        QVERIFY(controller.statusText().contains(u"regular expression"_s));
        QVERIFY(!controller.isRunning());

        m_server.faults()->addRule(FaultRule::latency(300, u"GET /schemas*"_s));
        controller.reload(everyVersion(u"amount"_s));
        QVERIFY(controller.isRunning());
        controller.search(everyVersion(u"customer_id"_s));
        QVERIFY(finished.wait(20000));
        QTest::qWait(200);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(controller.result().subjectsMatched, 1); // amount, not customer_id
    }

    // A registry whose bulk endpoint fails: said in the status, the others' result still comes.
    void failingRegistryIsReported()
    {
        m_server.faults()->addRule(FaultRule::errorStatus(500, u"GET /schemas*"_s));
        SchemaSearchController controller(m_workspace);
        QSignalSpy finished(&controller, &SchemaSearchController::finished);
        controller.reload(everyVersion(u"customer_id"_s));
        QVERIFY(finished.wait(20000));
        QVERIFY2(controller.statusText().contains(u"dev could not be loaded"_s),
                 qPrintable(controller.statusText()));
        QCOMPARE(controller.result().versionsMatched, 0);
    }

    // "Every version" of a registry that takes a while to load: matches are listed from the pages that
    // have arrived while later pages are still on their way; the final result replaces them.
    void firstMatchesWhileLoading()
    {
        sandbox::SandboxServer slow;
        const QString id = openSlow(slow);
        SchemaSearchController controller(m_workspace);
        QAbstractItemModelTester tester(controller.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        controller.setScope(id);
        QSignalSpy finished(&controller, &SchemaSearchController::finished);
        int rowsWhileLoading = 0;
        QString statusWhileLoading;
        const auto watch = [&] {
            if (controller.isRunning() && controller.model()->rowCount() > rowsWhileLoading) {
                rowsWhileLoading = controller.model()->rowCount();
                statusWhileLoading = controller.statusText();
            }
        };
        connect(controller.model(), &QAbstractItemModel::rowsInserted, this, watch);
        connect(controller.model(), &QAbstractItemModel::modelReset, this, watch);
        controller.search(everyVersion(u"\"field_1\""_s));
        QVERIFY(finished.wait(30000));
        QVERIFY2(rowsWhileLoading > 0, "no match was listed before the load ended");
        QVERIFY2(statusWhileLoading.contains(u"so far"_s), qPrintable(statusWhileLoading));
        QCOMPARE(controller.preview().matches.size(), rowsWhileLoading);
        // Nearly every Avro version has a field_1 (1,503 versions in all): the final result has them all.
        QVERIFY2(controller.result().versionsMatched >= 1000, qPrintable(controller.statusText()));
        QVERIFY(controller.result().versionsMatched > rowsWhileLoading);
        QCOMPARE(controller.model()->rowCount(), int(controller.result().matches.size()));
        m_workspace.closeConnection(id);
    }

    // Cancel while a registry loads: the loading stops, what was loaded is searched, the cancel is said.
    void cancelWhileLoading()
    {
        sandbox::SandboxServer slow;
        const QString id = openSlow(slow);
        SchemaSearchController controller(m_workspace);
        controller.setScope(id);
        QSignalSpy finished(&controller, &SchemaSearchController::finished);
        QElapsedTimer clock;
        clock.start();
        controller.search(everyVersion(u"\"field_1\""_s));
        QTest::qWait(100);
        QVERIFY(controller.isRunning());
        controller.cancel();
        QVERIFY(finished.wait(10000));
        QVERIFY(clock.elapsed() < 1000); // the pages (1,500 ms each) were not waited for
        QVERIFY2(controller.statusText().contains(u"slow: cancelled."_s),
                 qPrintable(controller.statusText()));
        QVERIFY(!controller.isRunning());
        // Nothing was kept: the next search loads again.
        controller.search(everyVersion(u"\"field_1\""_s));
        QVERIFY(controller.isRunning());
        controller.cancel();
        QVERIFY(finished.wait(10000));
        m_workspace.closeConnection(id);
    }

    void modelOfHandMadeMatches()
    {
        search::SearchResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        search::SearchMatch a;
        a.connectionId = u"c"_s;
        a.subject = u"s"_s;
        a.version = 3;
        a.deleted = true;
        a.line = 0;
        a.lineText = u"text"_s;
        search::SearchMatch b = a;
        b.deleted = false;
        b.line = 7;
        model.setMatches({a}, {{u"c"_s, u"Registry C"_s}});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, search::SearchResultModel::RegistryColumn).data().toString(),
                 u"Registry C"_s);
        QCOMPARE(model.index(0, search::SearchResultModel::VersionColumn).data().toString(),
                 u"3 (soft-deleted)"_s);
        QCOMPARE(model.index(0, search::SearchResultModel::LineColumn).data().toString(), u"as stored"_s);
        QVERIFY(!model.index(0, search::SearchResultModel::TextColumn)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .isEmpty());
        model.appendMatches({a, b}, 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, search::SearchResultModel::LineColumn).data().toInt(), 7);
        model.appendMatches({a, b, b}, 1); // not the current end: ignored
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.headerData(search::SearchResultModel::SubjectColumn, Qt::Horizontal, Qt::DisplayRole)
                     .toString(),
                 u"Subject"_s);
    }
};

QTEST_GUILESS_MAIN(TestSchemaSearchController)
#include "tst_schemasearchcontroller.moc"
