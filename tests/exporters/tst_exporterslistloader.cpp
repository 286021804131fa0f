// ExportersListLoader against two sandbox registries over real HTTP: every exporter's status and
// config in one announcement, importers or why there are none; only the latest refresh is delivered;
// cancel delivers nothing; a status that cannot be read is said in the row.
#include "ExporterFixture.h"
#include "exporters/ExportersListLoader.h"
#include "exporters/ExportersTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using namespace sd::exporters;
using sandbox::FaultRule;
using Watched = fixture::Watched<ExportersListLoader>;

class TestExportersListLoader : public fixture::ExporterTestCase
{
    Q_OBJECT
private Q_SLOTS:
    void loadsEveryConnectionsExporters()
    {
        ExportersListLoader loader(m_fixture.workspace(), {});
        QCOMPARE(loader.connections(), (QStringList{m_fixture.sourceId, m_fixture.destinationId}));
        QSignalSpy loaded(&loader, &ExportersListLoader::loaded);
        loader.refresh();
        QVERIFY(loader.isBusy());
        QVERIFY(loaded.wait(10000));
        QCOMPARE(loader.exporters().size(), 1);
        const exporters::ExporterRow &row = loader.exporters().constFirst();
        QCOMPARE(row.connectionId, m_fixture.sourceId);
        QCOMPARE(row.name, u"link"_s);
        QCOMPARE(row.state, u"PAUSED"_s);
        QVERIFY(row.trace.contains(u"42205"_s));
        QVERIFY(row.offset >= 0);
        QCOMPARE(row.subjects, QStringList{u"*"_s});
        QCOMPARE(row.contextType, u"CUSTOM"_s);
        QCOMPARE(row.context, u"source"_s);
        QCOMPARE(row.destination, m_fixture.destination().url().toString());
        // One line per registry for importers: its importers, or why there are none.
        QCOMPARE(loader.importers().size(), 2);
        for (const exporters::ImporterRow &importer : loader.importers())
            QVERIFY2(!importer.text.isEmpty() || !importer.name.isEmpty(), qPrintable(importer.connectionId));
    }

    // The rows as the exporters table shows them: names of open connections, the raw values in
    // Qt::UserRole, the state's colour and the trace's first line.
    void tableModelShowsTheRows()
    {
        using Model = exporters::ExportersTableModel;
        Watched w(m_fixture.workspace(), QString());
        auto &[loader, loaded] = w;
        QVERIFY(w.refreshed());
        Model model(m_fixture.workspace());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), int(Model::ColumnCount));
        model.setRows(loader.exporters());
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf(m_fixture.sourceId, u"link"_s), 0);
        QCOMPARE(model.rowOf({}, u"link"_s), 0);
        QCOMPARE(model.rowOf(m_fixture.destinationId, u"link"_s), -1);
        const auto cell = [&](int column, int role = Qt::DisplayRole) {
            return model.index(0, column).data(role);
        };
        QCOMPARE(cell(Model::ConnectionColumn).toString(), u"source"_s);
        QCOMPARE(cell(Model::ConnectionColumn, Qt::UserRole).toString(), m_fixture.sourceId);
        QCOMPARE(cell(Model::NameColumn, Qt::UserRole).toString(), u"link"_s);
        QCOMPARE(cell(Model::StateColumn).toString(), u"‖ PAUSED"_s);
        QCOMPARE(cell(Model::StateColumn, Qt::UserRole).toString(), u"PAUSED"_s);
        QVERIFY(cell(Model::StateColumn, Qt::ForegroundRole).canConvert<QColor>());
        QVERIFY(cell(Model::StateColumn, Qt::ToolTipRole).toString().contains(u"42205"_s));
        QVERIFY(cell(Model::UpdatedColumn).toString().contains(u"ago"_s) ||
                cell(Model::UpdatedColumn).toString().contains(u"just now"_s));
        QCOMPARE(cell(Model::SubjectsColumn).toString(), u"*"_s);
        QCOMPARE(cell(Model::ContextColumn).toString(), u"source"_s);
        QCOMPARE(cell(Model::DestinationColumn).toString(),
                 u"destination (%1)"_s.arg(m_fixture.destination().url().toString()));
        QCOMPARE(model.headerData(Model::StateColumn, Qt::Horizontal, Qt::DisplayRole).toString(),
                 u"State"_s);
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);
    }

    void oneConnectionOnly()
    {
        Watched w(m_fixture.workspace(), m_fixture.destinationId);
        auto &[loader, loaded] = w;
        QVERIFY(w.refreshed());
        QVERIFY(loader.exporters().isEmpty());
        QCOMPARE(loader.importers().size(), 1);
        QCOMPARE(loader.importers().constFirst().connectionId, m_fixture.destinationId);
    }

    // Exporters sorted by connection, then name, whatever order the answers came in.
    void rowsAreSorted()
    {
        QVERIFY(m_fixture.createExporter(m_fixture.source().url(), u"another"_s, u"other"_s,
                                         m_fixture.destination().url()));
        Watched w(m_fixture.workspace(), m_fixture.sourceId);
        auto &[loader, loaded] = w;
        QVERIFY(w.refreshed());
        QCOMPARE(loader.exporters().size(), 2);
        QCOMPARE(loader.exporters().at(0).name, u"another"_s);
        QCOMPARE(loader.exporters().at(1).name, u"link"_s);
        QCOMPARE(m_fixture.rest().call(m_fixture.source().url(), "DELETE", u"/exporters/another"_s).status /
                     100,
                 2);
    }

    void newerRefreshReplacesOlder()
    {
        m_fixture.source().faults()->addRule(FaultRule::latency(300, u"GET /exporters*"_s));
        Watched w(m_fixture.workspace(), QString());
        auto &[loader, loaded] = w;
        loader.refresh();
        QTest::qWait(50);
        QVERIFY(w.refreshed());
        QTest::qWait(800);
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loader.exporters().size(), 1);
        QVERIFY(!loader.isBusy());
    }

    void cancelDeliversNothing()
    {
        m_fixture.source().faults()->addRule(FaultRule::latency(300));
        Watched w(m_fixture.workspace(), m_fixture.sourceId);
        auto &[loader, loaded] = w;
        loader.refresh();
        loader.cancel();
        QVERIFY(!loader.isBusy());
        QTest::qWait(600);
        QCOMPARE(loaded.count(), 0);
    }

    // A status the registry will not give: the row says why instead of a state.
    void unreadableStatusIsSaidInTheRow()
    {
        m_fixture.source().faults()->addRule(FaultRule::errorStatus(503, u"GET /exporters/link/status"_s));
        Watched w(m_fixture.workspace(), m_fixture.sourceId);
        auto &[loader, loaded] = w;
        QVERIFY(w.refreshed());
        QCOMPARE(loader.exporters().size(), 1);
        const exporters::ExporterRow &row = loader.exporters().constFirst();
        QVERIFY(!row.state.isEmpty());
        QVERIFY(row.state != u"PAUSED"_s);
        QCOMPARE(row.context, u"source"_s); // the config was read
    }

    // The list cannot be read: no rows from that registry, and the load still ends.
    void unreadableListLoadsNoRows()
    {
        m_fixture.source().faults()->addRule(FaultRule::errorStatus(500, u"GET /exporters"_s));
        Watched w(m_fixture.workspace(), m_fixture.sourceId);
        auto &[loader, loaded] = w;
        QVERIFY(w.refreshed());
        QVERIFY(loader.exporters().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestExportersListLoader)
#include "tst_exporterslistloader.moc"
