// ExporterWatch against two sandbox registries over real HTTP: resumed without a fix the exporter
// pauses again; after the fix it holds RUNNING; a status that cannot be read is said and the watch
// goes on until its time is up; stop() ends it silently.
#include "ExporterFixture.h"
#include "exporters/ExporterWatch.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using namespace sd::exporters;
using sandbox::FaultRule;

class TestExporterWatch : public fixture::ExporterTestCase
{
    Q_OBJECT

    bool resume()
    {
        return m_fixture.rest().call(m_fixture.source().url(), "PUT", u"/exporters/link/resume"_s).status ==
               200;
    }

private Q_SLOTS:
    void pausedAgainWithoutTheFix()
    {
        ExporterWatch watch(m_fixture.workspace(), m_fixture.sourceId, u"link"_s);
        QSignalSpy finished(&watch, &ExporterWatch::finished);
        QVERIFY(resume());
        watch.start();
        QVERIFY(watch.isWatching());
        QVERIFY(finished.wait(10000));
        QVERIFY(!watch.isWatching());
        QCOMPARE(finished.first().at(0).toBool(), false);
        const auto status = finished.first().at(1).value<registry::ExporterStatus>();
        QCOMPARE(status.state, u"PAUSED"_s);
        QVERIFY(status.trace.contains(u"42205"_s));
    }

    // Stopped while a read is on its way: its answer is dropped.
    void stopEndsSilently()
    {
        m_fixture.source().faults()->addRule(FaultRule::latency(500, u"GET /exporters/link/status"_s));
        ExporterWatch watch(m_fixture.workspace(), m_fixture.sourceId, u"link"_s);
        QSignalSpy finished(&watch, &ExporterWatch::finished);
        QSignalSpy timedOut(&watch, &ExporterWatch::timedOut);
        watch.start(); // the first read after 300 ms, answered 500 ms later
        QTest::qWait(450);
        watch.stop();
        QVERIFY(!watch.isWatching());
        QTest::qWait(700);
        QCOMPARE(finished.count() + timedOut.count(), 0);
    }

    // The status cannot be read: each failure is said, and the watch ends undecided when time is up.
    void unreadableStatusTimesOut()
    {
        m_fixture.source().faults()->addRule(FaultRule::errorStatus(503, u"GET /exporters/link/status"_s));
        ExporterWatch watch(m_fixture.workspace(), m_fixture.sourceId, u"link"_s);
        watch.setTiming(50, 1500, 400);
        QSignalSpy unavailable(&watch, &ExporterWatch::unavailable);
        QSignalSpy timedOut(&watch, &ExporterWatch::timedOut);
        watch.start();
        QVERIFY(timedOut.wait(10000));
        QVERIFY(unavailable.count() >= 2);
        QCOMPARE(timedOut.first().first().toString(), QString());
        QVERIFY(!watch.isWatching());
    }

    // With the destination's context in IMPORT mode the resumed exporter stays RUNNING.
    void runningAfterTheFix()
    {
        QCOMPARE(
            m_fixture.rest()
                .call(m_fixture.destination().url(), "PUT", u"/mode/:.source:"_s, {{u"mode"_s, u"IMPORT"_s}})
                .status,
            200);
        ExporterWatch watch(m_fixture.workspace(), m_fixture.sourceId, u"link"_s);
        watch.setTiming(50, 300, 10000);
        QSignalSpy finished(&watch, &ExporterWatch::finished);
        QVERIFY(resume());
        watch.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(0).toBool(), true);
        QCOMPARE(finished.first().at(1).value<registry::ExporterStatus>().state, u"RUNNING"_s);
    }

    // RUNNING that is asked to hold longer than the watch may last: undecided, with the state read.
    void runningButNotLongEnough()
    {
        ExporterWatch watch(m_fixture.workspace(), m_fixture.sourceId, u"link"_s);
        watch.setTiming(50, 60000, 300);
        QSignalSpy timedOut(&watch, &ExporterWatch::timedOut);
        watch.start();
        QVERIFY(timedOut.wait(10000));
        QCOMPARE(timedOut.first().first().toString(), u"RUNNING"_s);
    }
};

QTEST_GUILESS_MAIN(TestExporterWatch)
#include "tst_exporterwatch.moc"
