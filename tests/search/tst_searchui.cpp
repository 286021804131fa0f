// The search tab: the query and options typed, the result listed and said, a result opening the schema
// at the matching line. The workflow itself (loading once, first matches, cancel, failures) is
// tst_schemasearchcontroller's.
#include "console/Console.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/SandboxServer.h"
#include "SearchTestSupport.h"
#include "ui/AppSettings.h"
#include "ui/MainWindow.h"
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
using sd::search::testing::avro;

class TestSearchUi : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    sandbox::SandboxServer m_server;
    std::unique_ptr<ui::AppSettings> m_settings;
    std::unique_ptr<sd::console::Console> m_console;
    sd::ui::MainWindow *m_window = nullptr;
    QString m_id;
    QString m_deadId;

    void registerSchema(const QString &subject, const QString &schema)
    {
        const QString error = search::testing::registerSchema(m_server.url(), subject, schema);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    QString open(const QUrl &url, const QString &name)
    {
        registry::ConnectionProfile p;
        p.name = name;
        p.urls = {url};
        m_window->workspace()->openConnection(p, {});
        const QString id = p.id.toString(QUuid::WithoutBraces);
        m_window->workspace()->load(id);
        return id;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString error = search::testing::startWithSamples(m_server);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_settings = std::make_unique<ui::AppSettings>(m_dir.filePath(u"search.ini"_s));
        m_console = std::make_unique<sd::console::Console>(*m_settings);
        m_window = &m_console->window();
        m_window->resize(1300, 800);
        m_window->show();
        m_id = open(m_server.url(), u"dev"_s);
        m_deadId = open(QUrl(u"http://127.0.0.1:9"_s), u"unreachable"_s);
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->workspace()->connection(m_id)->state == items::RegistryWorkspace::State::Ready, 20000);
    }

    void searchAndOpen()
    {
        m_window->findChild<QAction *>(u"actionSearchSchemas"_s)->trigger();
        auto *view = qobject_cast<ui::SchemaSearchView *>(m_window->tabs()->currentWidget());
        QVERIFY(view);
        QSignalSpy finished(view, &ui::SchemaSearchView::finished);
        view->findChild<QLineEdit *>(u"searchQuery"_s)->setText(u"CUSTOMER_ID"_s);
        view->findChild<QPushButton *>(u"searchButton"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        // Latest versions, any case, every connection: two subjects, from what the tree's load kept;
        // the dead registry (never loaded) is named.
        const search::SearchResult &result = view->result();
        QCOMPARE(result.subjectsMatched, 2);
        QCOMPARE(result.matches.size(), 2);
        QCOMPARE(result.matches.at(0).subject, u"orders-value"_s); // the default context first
        QCOMPARE(result.matches.at(0).version, 2);
        QCOMPARE(result.matches.at(1).subject, u":.eu:customers-value"_s);
        QVERIFY2(view->statusText().contains(u"unreachable could not be loaded"_s),
                 qPrintable(view->statusText()));
        QVERIFY(view->statusText().startsWith(u"2 subject(s), 2 version(s) match"_s));
        QVERIFY2(
            view->statusText().contains(u"dev: the newest versions as the tree loaded them (no request)"_s),
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
        auto *schema = qobject_cast<ui::SchemaView *>(m_window->tabs()->currentWidget());
        QVERIFY(schema);
        QTRY_VERIFY_WITH_TIMEOUT(schema->isLoaded(), 10000);
        QCOMPARE(schema->loadedVersion().version, 2);
        QTRY_COMPARE(schema->editor()->textCursor().selectedText(), u"customer_id"_s);
        QCOMPARE(schema->editor()->textCursor().blockNumber() + 1, view->result().matches.at(0).line);

        // Bad input is said, nothing runs.
        m_window->tabs()->setCurrentWidget(view);
        search::SearchQuery all{u"(unclosed"_s};
        all.regularExpression = true;
        view->setQuery(all);
        view->search();
        QVERIFY(view->statusText().contains(u"regular expression"_s));
        QVERIFY(!view->isRunning());

        // Reload loads again, even for the newest versions.
        view->setQuery(search::SearchQuery{u"amount"_s});
        view->findChild<QPushButton *>(u"searchReload"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 20000);
        QVERIFY(view->requestCount() > 0);
        QCOMPARE(view->result().subjectsMatched, 1);
        QVERIFY(!view->statusText().contains(u"as the tree loaded them"_s));
    }
};

QTEST_MAIN(TestSearchUi)
#include "tst_searchui.moc"
