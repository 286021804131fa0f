// The tree's Exporters node when the registry answers badly: an exporter whose status cannot be read
// says so (not "unknown"), a list that cannot be read is said on the node, and the node's context
// menu reads the list again without reloading the tree.
#include "../common/ConsoleTestSupport.h"
#include "common/RestClient.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "sandboxserver/SandboxServer.h"

#include <QAction>
#include <QJsonArray>
#include <QMenu>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using Model = items::RegistryTreeModel;
using sd::testing::RestClient;

class TestExporterNode : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    sandbox::SandboxServer m_source;
    sandbox::SandboxServer m_target;
    RestClient m_rest;
    std::unique_ptr<testing::ConsoleWindow> m_console;
    QString m_id;

    QModelIndex exportersNode() const
    {
        Model *tree = m_console->workspace.tree();
        const QModelIndex connection = tree->connectionIndex(m_id);
        for (int r = 0; r < tree->rowCount(connection); ++r) {
            const QModelIndex index = tree->index(r, 0, connection);
            if (index.data(Model::KindRole).value<Model::Kind>() == Model::Kind::Exporters)
                return index;
        }
        return {};
    }

    QAction *reloadAction(QMenu &menu)
    {
        m_console->shell.fillTreeMenu(menu, exportersNode());
        return menu.findChild<QAction *>(u"treeReloadExporters"_s);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_source.start({}, &error), qPrintable(error));
        QVERIFY2(m_target.start({}, &error), qPrintable(error));
        const QJsonObject exporter{
            {u"name"_s, u"to-target"_s},
            {u"contextType"_s, u"NONE"_s},
            {u"subjects"_s, QJsonArray{u"*"_s}},
            {u"config"_s, QJsonObject{{u"schema.registry.url"_s, m_target.url().toString()}}}};
        QCOMPARE(m_rest.call(m_source.url(), "POST", u"/exporters"_s, exporter).status, 200);

        m_console = std::make_unique<testing::ConsoleWindow>(m_dir.filePath(u"node.ini"_s));
        registry::ConnectionProfile p;
        p.name = u"source"_s;
        p.urls = {m_source.url()};
        m_console->workspace.openConnection(p, {});
        m_id = p.id.toString(QUuid::WithoutBraces);
        m_console->workspace.load(m_id);
        QTRY_VERIFY_WITH_TIMEOUT(
            exportersNode().isValid() && m_console->workspace.tree()->rowCount(exportersNode()) == 1, 15000);
    }

    void statusThatCannotBeReadIsSaid()
    {
        QString error;
        QVERIFY(m_source.faults()->addRule(
            u"error=403,route=GET /exporters/*/status,body={\"error_code\":40301,\"message\":\"no status for you\"}"_s,
            &error));
        QMenu menu;
        QAction *refresh = reloadAction(menu);
        QVERIFY(refresh);
        QCOMPARE(refresh->text(), u"Refresh exporters"_s);
        refresh->trigger();
        Model *tree = m_console->workspace.tree();
        const auto exporterRow = [&] { return tree->index(0, 0, exportersNode()); };
        QTRY_COMPARE_WITH_TIMEOUT(exporterRow().siblingAtColumn(1).data().toString(), u"status not read"_s,
                                  10000);
        QVERIFY(!exporterRow().siblingAtColumn(1).data().toString().contains(u"unknown"_s));
        const QString tip = exporterRow().data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(u"could not be read"_s) && tip.contains(u"no status for you"_s),
                 qPrintable(tip));
        QCOMPARE(exporterRow().data(Model::ErrorRole).toString().isEmpty(), false);
        m_source.faults()->clear();
    }

    void listThatCannotBeReadIsRetriedFromTheNode()
    {
        QString error;
        QVERIFY(m_source.faults()->addRule(
            u"error=403,route=GET /exporters,body={\"error_code\":40301,\"message\":\"exporters are hidden\"}"_s,
            &error));
        {
            QMenu menu;
            reloadAction(menu)->trigger();
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            exportersNode().data(Model::ErrorRole).toString().contains(u"exporters are hidden"_s), 10000);
        QCOMPARE(m_console->workspace.tree()->rowCount(exportersNode()), 0);
        m_source.faults()->clear();
        QMenu menu;
        QAction *retry = reloadAction(menu);
        QVERIFY(retry);
        QCOMPARE(retry->text(), u"Retry reading exporters"_s);
        retry->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!exportersNode().data(Model::ErrorRole).isValid() &&
                                     m_console->workspace.tree()->rowCount(exportersNode()) == 1,
                                 10000);
        const QModelIndex row = m_console->workspace.tree()->index(0, 0, exportersNode());
        QTRY_VERIFY(!row.siblingAtColumn(1).data().toString().isEmpty());
        QVERIFY(!row.data(Model::ErrorRole).isValid());
    }

    void cleanupTestCase() { m_console.reset(); }
};

QTEST_MAIN(TestExporterNode)
#include "tst_exporter_node.moc"
