// MirrorRun against two sandbox registries over real HTTP: the report of a mirror that diverged in three
// ways, the requests it refuses, cancel, a newer run replacing an older one, a registry that fails, and
// the report's item models (MirrorResultModel, MirrorFilterModel) under QAbstractItemModelTester.
#include "diff/MirrorFilterModel.h"
#include "diff/MirrorResultModel.h"
#include "diff/MirrorRun.h"
#include "DiffTestSupport.h"
#include "items/RegistryWorkspace.h"
#include "sandboxserver/SandboxServer.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using sd::sandbox::FaultRule;
using Outcome = diff::MirrorRun::Outcome;

namespace {

QString record(const QString &name, const QString &type = u"string"_s)
{
    return u"{\"type\":\"record\",\"name\":\""_s + name + u"\",\"fields\":[{\"name\":\"f\",\"type\":\""_s +
           type + u"\"}]}"_s;
}

} // namespace

class TestMirrorRun : public QObject
{
    Q_OBJECT
private:
    sandbox::SandboxServer m_a;
    sandbox::SandboxServer m_b;
    items::RegistryWorkspace m_workspace;
    QString m_idA;
    QString m_idB;

    diff::MirrorRunRequest request() const
    {
        diff::MirrorRunRequest r;
        r.connectionA = m_idA;
        r.connectionB = m_idB;
        r.options.compareIds = false;
        return r;
    }

    static Outcome outcomeOf(const QSignalSpy &finished, int at = 0)
    {
        return finished.at(at).first().value<Outcome>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_a.start({}, &error), qPrintable(error));
        QVERIFY2(m_b.start({}, &error), qPrintable(error));
        // The same six subjects on both; then B changes one, lacks one and has one more.
        for (int i = 0; i < 6; ++i) {
            QVERIFY(
                diff::test::registerSchema(m_a, u"orders-%1-value"_s.arg(i), record(u"Order%1"_s.arg(i))));
            if (i == 5)
                continue;
            QVERIFY(
                diff::test::registerSchema(m_b, u"orders-%1-value"_s.arg(i),
                                           record(u"Order%1"_s.arg(i), i == 2 ? u"long"_s : u"string"_s)));
        }
        QVERIFY(diff::test::registerSchema(m_b, u"extra-value"_s, record(u"Extra"_s)));
        m_idA = diff::test::openLoaded(m_workspace, u"a"_s, m_a);
        m_idB = diff::test::openLoaded(m_workspace, u"b"_s, m_b);
        QVERIFY(!m_idA.isEmpty() && !m_idB.isEmpty());
    }

    void cleanup()
    {
        m_a.faults()->clear();
        m_b.faults()->clear();
    }

    void reportsTheThreeDifferences()
    {
        diff::MirrorRun run(m_workspace);
        QSignalSpy finished(&run, &diff::MirrorRun::finished);
        QSignalSpy loading(&run, &diff::MirrorRun::loading);
        QSignalSpy comparing(&run, &diff::MirrorRun::comparing);
        QVERIFY(run.start(request()));
        QVERIFY(run.isRunning());
        QVERIFY(finished.wait(15000));
        QCOMPARE(outcomeOf(finished), Outcome::Report);
        QVERIFY(!run.isRunning());
        QVERIFY(run.hasReport());
        QVERIFY(!loading.isEmpty());
        QCOMPARE(comparing.size(), 1);
        // Bulk data: the skeleton and one page of schemas per registry, never one request per subject.
        QVERIFY(run.requestCount() >= 2);
        QVERIFY2(run.requestCount() <= 6, qPrintable(QString::number(run.requestCount())));
        const diff::MirrorCounts &c = run.report().counts;
        QCOMPARE(c.identical, 4);
        QCOMPARE(c.differing, 1);
        QCOMPARE(c.onlyInA, 1);
        QCOMPARE(c.onlyInB, 1);
        QVERIFY(run.report().labelA.startsWith(u"a ("_s));
        QCOMPARE(run.labelOf(m_idB), u"b (%1)"_s.arg(m_b.url().toString()));
        QCOMPARE(run.connectionA(), m_idA);
        QVERIFY(run.folder().isEmpty());
    }

    void refusesWhatCannotRun()
    {
        diff::MirrorRun run(m_workspace);
        QSignalSpy finished(&run, &diff::MirrorRun::finished);
        diff::MirrorRunRequest closed = request();
        closed.connectionB = u"nope"_s;
        QCOMPARE(run.check(closed), u"Choose two open connections."_s);
        QVERIFY(!run.start(closed));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(outcomeOf(finished), Outcome::Failed);
        QCOMPARE(run.errorText(), u"Choose two open connections."_s);

        diff::MirrorRunRequest folder = request();
        folder.compareFolder = true;
        QVERIFY(run.check(folder).startsWith(u"Choose an existing folder"_s));
        folder.folder = u"/no/such/folder"_s;
        QVERIFY(run.check(folder).startsWith(u"Choose an existing folder"_s));

        diff::MirrorRunRequest custom = request();
        custom.mapping.contextType = diff::ContextType::Custom;
        QVERIFY(run.check(custom).startsWith(u"Name the context on B"_s));
        custom.mapping.context = u"source"_s;
        QVERIFY(run.check(custom).isEmpty());
        QVERIFY(run.check(request()).isEmpty());
    }

    // B as a folder: files read off the GUI thread, compared latest to latest.
    void comparesAFolder()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        diff::MirrorRun run(m_workspace);
        QSignalSpy finished(&run, &diff::MirrorRun::finished);
        diff::MirrorRunRequest r = request();
        r.compareFolder = true;
        r.folder = dir.path();
        QVERIFY(run.start(r));
        QVERIFY(finished.wait(15000));
        QCOMPARE(outcomeOf(finished), Outcome::Report);
        QCOMPARE(run.folder(), dir.path());
        QVERIFY(run.folderFiles());
        QCOMPARE(run.report().counts.onlyInA, 6); // an empty folder holds none of A's subjects
    }

    void cancelWhileLoading()
    {
        m_b.faults()->addRule(FaultRule::latency(400));
        diff::MirrorRun run(m_workspace);
        QSignalSpy finished(&run, &diff::MirrorRun::finished);
        QVERIFY(run.start(request()));
        QTest::qWait(50);
        run.cancel(); // an aborted load finishes at once
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(outcomeOf(finished), Outcome::Cancelled);
        QVERIFY(!run.isRunning());
        QVERIFY(!run.hasReport());
    }

    // A second start while the first still loads: only the second run finishes, with its own scope.
    void newerRunReplacesOlder()
    {
        m_b.faults()->addRule(FaultRule::latency(300));
        diff::MirrorRun run(m_workspace);
        QSignalSpy finished(&run, &diff::MirrorRun::finished);
        QVERIFY(run.start(request()));
        QTest::qWait(50);
        diff::MirrorRunRequest narrow = request();
        narrow.mapping.subjects = {u"orders-2-value"_s};
        QVERIFY(run.start(narrow));
        QVERIFY(finished.wait(15000));
        QTest::qWait(600);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(outcomeOf(finished), Outcome::Report);
        QCOMPARE(run.report().counts.subjectsA, 1);
        QCOMPARE(run.report().counts.differing, 1);
    }

    // A refused start while a run is going ends that run too: the refusal is the only answer.
    void refusalEndsARunningRun()
    {
        m_b.faults()->addRule(FaultRule::latency(300));
        diff::MirrorRun run(m_workspace);
        QSignalSpy finished(&run, &diff::MirrorRun::finished);
        QVERIFY(run.start(request()));
        diff::MirrorRunRequest closed = request();
        closed.connectionA = u"nope"_s;
        QVERIFY(!run.start(closed));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(outcomeOf(finished), Outcome::Failed);
        QVERIFY(!run.isRunning());
        QTest::qWait(600);
        QCOMPARE(finished.size(), 1);
        QVERIFY(!run.hasReport());
    }

    void failingRegistryFails()
    {
        m_b.faults()->addRule(FaultRule::errorStatus(500));
        diff::MirrorRun run(m_workspace);
        QSignalSpy finished(&run, &diff::MirrorRun::finished);
        QVERIFY(run.start(request()));
        QVERIFY(finished.wait(15000));
        QCOMPARE(outcomeOf(finished), Outcome::Failed);
        QVERIFY2(run.errorText().startsWith(u"Loading b ("_s), qPrintable(run.errorText()));
        QVERIFY(!run.hasReport());
    }

    // The report as a table and its filters, checked by QAbstractItemModelTester throughout.
    void resultModels()
    {
        diff::MirrorRun run(m_workspace);
        QSignalSpy finished(&run, &diff::MirrorRun::finished);
        QVERIFY(run.start(request()));
        QVERIFY(finished.wait(15000));
        diff::MirrorResultModel model;
        diff::MirrorFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester filterTester(&filter,
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setReport(&run.report());
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.columnCount(), int(diff::MirrorResultModel::ColumnCount));
        QCOMPARE(model.headerData(diff::MirrorResultModel::SubjectBColumn, Qt::Horizontal, Qt::DisplayRole)
                     .toString(),
                 u"Subject on B"_s);

        int onlyInA = -1;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row, diff::MirrorResultModel::StatusColumn);
            QCOMPARE(index.data(diff::MirrorResultModel::EntryIndexRole).toInt(), row);
            if (index.data(diff::MirrorResultModel::StatusRole).toInt() == int(diff::MirrorStatus::OnlyInA))
                onlyInA = row;
        }
        QVERIFY(onlyInA >= 0);
        QCOMPARE(model.index(onlyInA, diff::MirrorResultModel::StatusColumn).data().toString(),
                 u"only in A"_s);
        QCOMPARE(model.index(onlyInA, diff::MirrorResultModel::SubjectBColumn).data().toString(),
                 u"(expected orders-5-value)"_s);
        QVERIFY(model.index(onlyInA, diff::MirrorResultModel::StatusColumn)
                    .data(Qt::ForegroundRole)
                    .value<QColor>()
                    .isValid());
        QCOMPARE(model.index(onlyInA, diff::MirrorResultModel::StatusColumn)
                     .data(diff::MirrorResultModel::ContextRole)
                     .toString(),
                 u"."_s);

        filter.setStatus(diff::MirrorFilterModel::NotIdentical);
        QCOMPARE(filter.rowCount(), 3);
        filter.setStatus(int(diff::MirrorStatus::Differing));
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, diff::MirrorResultModel::SubjectAColumn).data().toString(),
                 u"orders-2-value"_s);
        filter.setStatus(diff::MirrorFilterModel::AllStatuses);
        filter.setText(u"  EXTRA "_s);
        QCOMPARE(filter.rowCount(), 1);
        filter.setText({});
        filter.setContext(u"."_s); // A's default context; the subject only on B is in "B ."
        QCOMPARE(filter.rowCount(), 6);
        filter.setContext(u"B ."_s);
        QCOMPARE(filter.rowCount(), 1);
        filter.setContext(u".elsewhere"_s);
        QCOMPARE(filter.rowCount(), 0);
        filter.setContext({});
        filter.sort(diff::MirrorResultModel::SubjectAColumn);
        QCOMPARE(filter.rowCount(), 7);
        model.setReport(nullptr);
        QCOMPARE(filter.rowCount(), 0);
    }

    // Schema Linking: an exporter copies A's subject under the context .source on B. (Runs last: it adds a
    // subject to A.)
    void contextMapping()
    {
        const QString v1 = record(u"PageViews"_s);
        const QString v2 =
            uR"({"type":"record","name":"PageViews","fields":[{"name":"f","type":"string"},{"name":"g","type":"string","default":""}]})"_s;
        QVERIFY(diff::test::registerSchema(m_a, u"pageviews-value"_s, v1));
        QVERIFY(diff::test::registerSchema(m_a, u"pageviews-value"_s, v2));
        QVERIFY(diff::test::registerSchema(m_b, u":.source:pageviews-value"_s, v2));
        diff::MirrorRun run(m_workspace);
        QSignalSpy finished(&run, &diff::MirrorRun::finished);
        diff::MirrorRunRequest r = request();
        r.mapping.subjects = {u"pageviews-value"_s};
        r.mapping.contextType = diff::ContextType::Custom;
        r.mapping.context = u"source"_s;
        QVERIFY(run.start(r));
        QVERIFY(finished.wait(15000));
        QCOMPARE(outcomeOf(finished), Outcome::Report);
        // The copy on B has v2 only (v1 was never exported there): the version list differs.
        const diff::MirrorCounts &c = run.report().counts;
        QCOMPARE(c.onlyInA + c.onlyInB, 0);
        QCOMPARE(c.identical + c.differing, 1);
        QCOMPARE(run.report().entries.first().subjectB, u":.source:pageviews-value"_s);
    }
};

QTEST_GUILESS_MAIN(TestMirrorRun)
#include "tst_mirrorrun.moc"
