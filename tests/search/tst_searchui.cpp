// The search tab: the query and options typed, the result listed and said, a result opening the schema
// at the matching line. The workflow itself (loading once, first matches, cancel, failures) is
// tst_schemasearchcontroller's.
#include "../common/ConsoleTestSupport.h"
#include "sandboxserver/SandboxServer.h"
#include "SearchTestSupport.h"
#include "ui/SchemaEditor.h"
#include "ui/SchemaView.h"
#include "ui/search/SchemaSearchView.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace sd;

class TestSearchUi : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    sandbox::SandboxServer m_server;
    std::unique_ptr<testing::ConsoleWindow> m_console;
    QString m_id;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString error = search::testing::startWithSamples(m_server);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_console =
            std::make_unique<testing::ConsoleWindow>(m_dir.filePath(u"search.ini"_s), QSize(1300, 800));
        m_id = testing::openConnection(m_console->workspace, testing::profileOf(u"dev"_s, m_server.url()));
        testing::openConnection(m_console->workspace,
                                testing::profileOf(u"unreachable"_s, QUrl(u"http://127.0.0.1:9"_s)));
        QVERIFY(testing::waitReady(m_console->workspace, m_id, 20000));
    }

    void searchAndOpen()
    {
        m_console->window.findChild<QAction *>(u"actionSearchSchemas"_s)->trigger();
        auto *view = qobject_cast<ui::SchemaSearchView *>(m_console->shell.currentTab());
        QVERIFY(view);
        QSignalSpy finished(view, &ui::SchemaSearchView::finished);
        view->findChild<QLineEdit *>(u"searchQuery"_s)->setText(u"CUSTOMER_ID"_s);
        view->findChild<QPushButton *>(u"searchButton"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        // The controller's result and status (what they hold: tst_schemasearchcontroller), shown: latest
        // versions of every connection, the dead registry (never loaded) named.
        QCOMPARE(view->result().subjectsMatched, 2);
        QVERIFY2(view->statusText().contains(u"unreachable could not be loaded"_s),
                 qPrintable(view->statusText()));
        // It fits beside a 420-pixel registry tree in a 1280-pixel window.
        QVERIFY2(view->minimumSizeHint().width() <= 1280 - 420,
                 qPrintable(QString::number(view->minimumSizeHint().width())));
        auto *results = view->findChild<QTreeView *>(u"searchResults"_s);
        QCOMPARE(results->model()->rowCount(), 2);
        QCOMPARE(results->model()->index(0, 4).data().toString(), u"\"name\": \"customer_id\","_s);

        // The scope chosen is the scope searched: the unreachable registry is no longer named.
        view->setScope(m_id);
        view->search();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
        QCOMPARE(view->result().subjectsMatched, 2);
        QVERIFY(!view->statusText().contains(u"unreachable"_s));

        // Double-click: the schema at the version, the match selected on its line.
        view->setQuery(search::SearchQuery{u"customer_id"_s});
        view->search();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 20000);
        const QModelIndex orders = results->model()->index(0, 0);
        QCOMPARE(orders.siblingAtColumn(1).data().toString(), u"orders-value"_s);
        Q_EMIT results->activated(orders);
        auto *schema = qobject_cast<ui::SchemaView *>(m_console->shell.currentTab());
        QVERIFY(schema);
        QTRY_VERIFY_WITH_TIMEOUT(schema->isLoaded(), 10000);
        QCOMPARE(schema->loadedVersion().version, 2);
        QTRY_COMPARE(schema->editor()->textCursor().selectedText(), u"customer_id"_s);
        QCOMPARE(schema->editor()->textCursor().blockNumber() + 1, view->result().matches.at(0).line);

        // The Reload button loads again, even for the newest versions (bad queries, reloads:
        // tst_schemasearchcontroller).
        m_console->shell.focusTab(view);
        view->setQuery(search::SearchQuery{u"amount"_s});
        view->findChild<QPushButton *>(u"searchReload"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 20000);
        QVERIFY(view->requestCount() > 0);
        QCOMPARE(view->result().subjectsMatched, 1);
    }
};

QTEST_MAIN(TestSearchUi)
#include "tst_searchui.moc"
