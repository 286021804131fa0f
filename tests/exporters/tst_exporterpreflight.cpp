// ExporterPreflight against two sandbox registries over real HTTP: what a fresh destination answers,
// IMPORT mode missing and then set, a subject already there with other content, a loop through the
// destination's exporters, an unreachable destination and refused credentials; only the latest run is
// delivered; cancel delivers nothing.
#include "ExporterFixture.h"
#include "exporters/ExporterPreflight.h"
#include "registry/RegistryClient.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using namespace sd::exporters;
using sandbox::FaultRule;

class TestExporterPreflight : public fixture::ExporterTestCase
{
    Q_OBJECT

    // A new exporter of every subject of the source into `context` of the destination.
    ExporterPreflight::Input input(const QString &context = u"source"_s, const QUrl &probe = {})
    {
        ExporterPreflight::Input in;
        in.exporter.name = u"second"_s;
        in.exporter.subjects = {u"*"_s};
        in.exporter.contextType = u"CUSTOM"_s;
        in.exporter.context = context;
        in.exporter.config.insert(u"schema.registry.url"_s, m_fixture.destination().url().toString());
        in.sourceConnectionId = m_fixture.sourceId;
        in.sourceSubjects = {u"pageviews-value"_s};
        in.sourceClusterId = u"source-cluster"_s;
        in.destinationName = u"destination"_s;
        in.probe.name = u"probe"_s;
        in.probe.urls = {probe.isEmpty() ? m_fixture.destination().url() : probe};
        in.probe.maxRetries = 0;
        return in;
    }

    static QStringList lines(const ExporterPreflight &preflight)
    {
        QStringList lines;
        for (const auto &check : preflight.checks())
            lines << check.kind + u' ' + check.text;
        return lines;
    }

    static bool has(const ExporterPreflight &preflight, const QString &kind, const QString &part)
    {
        for (const auto &check : preflight.checks()) {
            if (check.kind == kind && check.text.contains(part))
                return true;
        }
        return false;
    }

private Q_SLOTS:
    void checksAFreshDestination()
    {
        ExporterPreflight preflight(m_fixture.workspace());
        QSignalSpy finished(&preflight, &ExporterPreflight::finished);
        QSignalSpy added(&preflight, &ExporterPreflight::checkAdded);
        preflight.run(input());
        QVERIFY(preflight.isRunning());
        QVERIFY(finished.wait(10000));
        QVERIFY(!preflight.isRunning());
        QVERIFY2(has(preflight, u"✔"_s, u"destination answers"_s), qPrintable(lines(preflight).join(u'\n')));
        QVERIFY(has(preflight, u"✔"_s, u"lets the exporter in without credentials"_s));
        QVERIFY(has(preflight, u"✔"_s, u"None of the selected subjects exists on destination yet"_s));
        QVERIFY2(has(preflight, u"✗"_s, u".source on destination is READWRITE, not IMPORT"_s),
                 qPrintable(lines(preflight).join(u'\n')));
        QCOMPARE(preflight.needImport(), QStringList{u":.source:"_s});
        QCOMPARE(added.count(), preflight.checks().size());
    }

    void newerRunReplacesOlder()
    {
        m_fixture.destination().faults()->addRule(FaultRule::latency(300));
        ExporterPreflight preflight(m_fixture.workspace());
        QSignalSpy finished(&preflight, &ExporterPreflight::finished);
        preflight.run(input());
        QTest::qWait(50);
        preflight.run(input());
        QVERIFY(finished.wait(10000));
        QTest::qWait(700);
        QCOMPARE(finished.count(), 1);
        QCOMPARE(lines(preflight).filter(u"answers"_s).size(), 1);
        m_fixture.destination().faults()->clear();
    }

    void cancelDeliversNothing()
    {
        m_fixture.destination().faults()->addRule(FaultRule::latency(300));
        ExporterPreflight preflight(m_fixture.workspace());
        QSignalSpy finished(&preflight, &ExporterPreflight::finished);
        preflight.run(input());
        preflight.cancel();
        QVERIFY(!preflight.isRunning());
        QTest::qWait(600);
        QCOMPARE(finished.count(), 0);
        QVERIFY(preflight.checks().isEmpty());
        m_fixture.destination().faults()->clear();
    }

    void unreachableDestination()
    {
        ExporterPreflight preflight(m_fixture.workspace());
        QSignalSpy finished(&preflight, &ExporterPreflight::finished);
        preflight.run(input(u"source"_s, QUrl(u"http://127.0.0.1:9"_s)));
        QVERIFY(finished.wait(15000));
        QCOMPARE(preflight.checks().size(), 1);
        QVERIFY(has(preflight, u"✗"_s, u"destination is not reachable from here"_s));
    }

    void refusedCredentials()
    {
        m_fixture.destination().faults()->addRule(FaultRule::errorStatus(401, u"GET /subjects*"_s));
        ExporterPreflight preflight(m_fixture.workspace());
        QSignalSpy finished(&preflight, &ExporterPreflight::finished);
        preflight.run(input());
        QVERIFY(finished.wait(10000));
        QVERIFY2(has(preflight, u"✗"_s, u"destination refuses these credentials"_s),
                 qPrintable(lines(preflight).join(u'\n')));
        m_fixture.destination().faults()->clear();
    }

    // The destination is an open connection with an exporter sending its contexts back to the source.
    void findsALoop()
    {
        QVERIFY(m_fixture.createExporter(m_fixture.destination().url(), u"back"_s, u"destination"_s,
                                         m_fixture.source().url()));
        ExporterPreflight::Input in = input();
        in.destinationConnectionId = m_fixture.destinationId;
        ExporterPreflight preflight(m_fixture.workspace());
        QSignalSpy finished(&preflight, &ExporterPreflight::finished);
        preflight.run(in);
        QVERIFY(finished.wait(10000));
        QVERIFY2(has(preflight, u"!"_s, u"Loop: back on destination fills .destination on source"_s),
                 qPrintable(lines(preflight).join(u'\n')));
        QVERIFY(has(preflight, u"!"_s, u"narrow second's subjects to :.:*"_s));
        QCOMPARE(m_fixture.rest().call(m_fixture.destination().url(), "DELETE", u"/exporters/back"_s).status /
                     100,
                 2);
    }

    // A subject already at the destination with other content; its context cannot be set to IMPORT.
    void existingSubjectAndARefusedImport()
    {
        const QString other = uR"({"type":"record","name":"Other","fields":[{"name":"x","type":"int"}]})"_s;
        QCOMPARE(m_fixture.rest()
                     .call(m_fixture.destination().url(), "POST",
                           u"/subjects/:.other:pageviews-value/versions"_s, {{u"schema"_s, other}})
                     .status,
                 200);
        ExporterPreflight preflight(m_fixture.workspace());
        QSignalSpy finished(&preflight, &ExporterPreflight::finished);
        preflight.run(input(u"other"_s));
        QVERIFY(finished.wait(10000));
        QVERIFY2(
            has(preflight, u"!"_s, u":.other:pageviews-value already exists on destination with different"_s),
            qPrintable(lines(preflight).join(u'\n')));
        QCOMPARE(preflight.needImport(), QStringList{u":.other:"_s});
        QSignalSpy set(&preflight, &ExporterPreflight::importSet);
        preflight.setImport(preflight.probe(), registry::WriteConfirmation{});
        QVERIFY(set.wait(10000));
        QCOMPARE(set.first().first().toStringList().size(), 1); // 42205: the context holds subjects
    }

    void setImportThenCheckAgain()
    {
        ExporterPreflight preflight(m_fixture.workspace());
        QSignalSpy finished(&preflight, &ExporterPreflight::finished);
        preflight.run(input());
        QVERIFY(finished.wait(10000));
        QCOMPARE(preflight.needImport(), QStringList{u":.source:"_s});
        QSignalSpy set(&preflight, &ExporterPreflight::importSet);
        preflight.setImport(preflight.probe(), registry::WriteConfirmation{});
        QVERIFY(set.wait(10000));
        QVERIFY(set.first().first().toStringList().isEmpty());
        preflight.run(input());
        QVERIFY(finished.wait(10000));
        QVERIFY(has(preflight, u"✔"_s, u".source on destination is in IMPORT mode"_s));
        QVERIFY(preflight.needImport().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestExporterPreflight)
#include "tst_exporterpreflight.moc"
