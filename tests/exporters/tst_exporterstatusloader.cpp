// ExporterStatusLoader against two sandbox registries over real HTTP: status, config, diagnosis and
// mapping input of a PAUSED exporter; the loop check through the destination's exporters; only the
// latest refresh is delivered; cancel delivers nothing; a failing request is reported.
#include "ExporterFixture.h"
#include "exporters/ExporterStatusLoader.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using exporters::ExporterStatusLoader;
using sandbox::FaultRule;

using Watched = exporters::fixture::Watched<ExporterStatusLoader>;

class TestExporterStatusLoader : public exporters::fixture::ExporterTestCase
{
    Q_OBJECT
private Q_SLOTS:
    void loadsStatusDiagnosisAndMapping()
    {
        Watched w(m_fixture.workspace(), m_fixture.sourceId, u"link"_s);
        auto &[loader, loaded] = w;
        QSignalSpy mapping(&loader, &ExporterStatusLoader::mappingLoaded);
        QVERIFY(!loader.isLoaded());
        loader.refresh();
        QVERIFY(loader.isBusy());
        QVERIFY(loaded.wait(10000));
        QVERIFY(loader.isLoaded());
        QVERIFY(!loader.error().isError());
        QCOMPARE(loader.info().name, u"link"_s);
        QCOMPARE(loader.info().context, u"source"_s);
        QCOMPARE(loader.status().state, u"PAUSED"_s);
        QVERIFY(loader.status().trace.contains(u"42205"_s));
        const exporters::Diagnosis &d = loader.diagnosis();
        QCOMPARE(d.cause, exporters::Cause::NotImportMode);
        QCOMPARE(d.action, exporters::FixAction::SetImportMode);
        QCOMPARE(d.fixConnectionId, m_fixture.destinationId);
        QCOMPARE(d.fixRegistryName, u"destination"_s);
        QVERIFY(!d.loop);
        // The mapping input came before or with the status.
        QCOMPARE(mapping.count(), 1);
        QVERIFY(loader.sourceSubjects().contains(u"pageviews-value"_s));
        QCOMPARE(loader.sourceClusterId(), u"source-cluster"_s);
        QTest::qWait(100);
        QCOMPARE(loaded.count(), 1);
    }

    // An exporter on the destination sending context .destination back: the loop is found through the
    // destination's exporters, fetched one by one.
    void findsTheLoopThroughTheDestinationsExporters()
    {
        QVERIFY(m_fixture.createExporter(m_fixture.destination().url(), u"back"_s, u"destination"_s,
                                         m_fixture.source().url()));
        Watched w(m_fixture.workspace(), m_fixture.sourceId, u"link"_s);
        QVERIFY(w.refreshed());
        const ExporterStatusLoader &loader = w.loader;
        QVERIFY(loader.diagnosis().loop);
        QCOMPARE(loader.diagnosis().loopingExporter, u"back"_s);
        QCOMPARE(m_fixture.rest().call(m_fixture.destination().url(), "DELETE", u"/exporters/back"_s).status /
                     100,
                 2);
    }

    // Two refreshes while the registry is slow: the first is aborted, only the second is delivered.
    void newerRefreshReplacesOlder()
    {
        m_fixture.source().faults()->addRule(FaultRule::latency(300, u"GET /exporters/*"_s));
        Watched w(m_fixture.workspace(), m_fixture.sourceId, u"link"_s);
        auto &[loader, loaded] = w;
        QSignalSpy mapping(&loader, &ExporterStatusLoader::mappingLoaded);
        loader.refresh();
        QTest::qWait(50);
        QVERIFY(w.refreshed());
        QTest::qWait(500);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(mapping.count(), 1);
        QCOMPARE(loader.status().state, u"PAUSED"_s);
        QVERIFY(!loader.isBusy());
    }

    void cancelDeliversNothing()
    {
        m_fixture.source().faults()->addRule(FaultRule::latency(300));
        Watched w(m_fixture.workspace(), m_fixture.sourceId, u"link"_s);
        auto &[loader, loaded] = w;
        QSignalSpy mapping(&loader, &ExporterStatusLoader::mappingLoaded);
        loader.refresh();
        QVERIFY(loader.isBusy());
        loader.cancel();
        QVERIFY(!loader.isBusy());
        QTest::qWait(600);
        QCOMPARE(loaded.count(), 0);
        QCOMPARE(mapping.count(), 0);
        QVERIFY(!loader.isLoaded());
    }

    // The status cannot be read: loaded() says why; the mapping is not drawn from half the facts.
    void failedStatusIsReported()
    {
        m_fixture.source().faults()->addRule(FaultRule::errorStatus(503, u"GET /exporters/link/status"_s));
        Watched w(m_fixture.workspace(), m_fixture.sourceId, u"link"_s);
        auto &[loader, loaded] = w;
        QSignalSpy mapping(&loader, &ExporterStatusLoader::mappingLoaded);
        QVERIFY(w.refreshed());
        QVERIFY(loader.error().isError());
        QCOMPARE(loader.error().httpStatus, 503);
        QTest::qWait(200);
        QCOMPARE(mapping.count(), 0);

        // The next refresh, with the registry well again, clears the error.
        m_fixture.source().faults()->clear();
        QVERIFY(w.refreshed());
        QVERIFY(!loader.error().isError());
        QCOMPARE(loader.status().state, u"PAUSED"_s);
    }

    void closedConnectionLoadsNothing()
    {
        ExporterStatusLoader loader(m_fixture.workspace(), u"no-such-connection"_s, u"link"_s);
        QSignalSpy loaded(&loader, &ExporterStatusLoader::loaded);
        loader.refresh();
        QVERIFY(!loader.isBusy());
        QTest::qWait(50);
        QCOMPARE(loaded.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestExporterStatusLoader)
#include "tst_exporterstatusloader.moc"
