// The search tab: the newest versions searched in the texts the tree's load kept (no request, and they
// follow a register), other searches on registries loaded in bulk once; off the GUI thread; a result
// opens the schema at the matching line; an unreachable registry is reported and the others are still
// searched.
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/LargeRegistry.h"
#include "sandboxserver/SandboxServer.h"
#include "ui/AppSettings.h"
#include "console/Console.h"
#include "ui/MainWindow.h"
#include "ui/SchemaEditor.h"
#include "ui/SchemaView.h"
#include "ui/search/SchemaSearchView.h"

#include <QAction>
#include <QFile>
#include <QJsonDocument>
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

namespace {

QString avro(const QString &name, const QStringList &fields)
{
    QStringList list;
    for (const QString &field : fields)
        list << u"{\"name\":\"%1\",\"type\":[\"null\",\"string\"],\"default\":null}"_s.arg(field);
    return u"{\"type\":\"record\",\"name\":\"%1\",\"namespace\":\"com.acme\",\"fields\":[%2]}"_s.arg(
        name, list.join(u','));
}

} // namespace

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
        registry::ConnectionProfile p;
        p.urls = {m_server.url()};
        registry::RegistryClient client(p, {});
        bool done = false;
        QString error;
        client.registerSchema(subject, registry::SchemaSubmission::of(schema), false, this,
                              [&](const registry::Result<registry::SchemaVersion> &r) {
                                  done = true;
                                  if (!r)
                                      error = r.error.toDisplayString();
                              });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
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
        QString error;
        QVERIFY2(m_server.start({}, &error), qPrintable(error));
        registerSchema(u"orders-value"_s, avro(u"Order"_s, {u"id"_s}));
        registerSchema(u"orders-value"_s, avro(u"Order"_s, {u"id"_s, u"customer_id"_s}));
        registerSchema(u":.eu:customers-value"_s, avro(u"Customer"_s, {u"customer_id"_s, u"name"_s}));
        registerSchema(u"payments-value"_s, avro(u"Payment"_s, {u"amount"_s}));
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

        // Within one registry nothing is requested (the count is that of the dead one's attempt).
        const int attempted = view->requestCount();
        view->setScope(m_id);
        view->search();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 20000);
        QCOMPARE(view->requestCount(), attempted);
        QCOMPARE(view->result().subjectsMatched, 2);

        // A version registered since (the console reloads the subject's versions, as after its own
        // register) is what the next search finds, still without loading the registry.
        registerSchema(u"payments-value"_s, avro(u"Payment"_s, {u"amount"_s, u"customer_id"_s}));
        const registry::LatestSchemasPtr before = m_window->workspace()->connection(m_id)->latestSchemas;
        m_window->workspace()->loadVersions(m_id, u"payments-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->workspace()->connection(m_id)->latestSchemas != before, 10000);
        view->search();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 20000);
        QCOMPARE(view->requestCount(), attempted);
        QCOMPARE(view->result().subjectsMatched, 3);
        QCOMPARE(view->result().matches.at(1).subject, u"payments-value"_s);
        QCOMPARE(view->result().matches.at(1).version, 2);

        // Every version needs the registry loaded: once, then from memory.
        search::SearchQuery every = view->query();
        every.latestOnly = false;
        view->setQuery(every);
        view->search();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, 20000);
        const int requests = view->requestCount();
        QVERIFY(requests > attempted);
        QCOMPARE(view->result().versionsMatched, 3); // orders v2, customers v1, payments v2

        search::SearchQuery all = view->query();
        all.text = uR"re("name":\s*"(Order|Payment)")re"_s;
        all.regularExpression = true;
        all.latestOnly = false;
        view->setQuery(all);
        view->search();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 5, 20000);
        QCOMPARE(view->requestCount(), requests);
        QCOMPARE(view->result().versionsMatched, 4); // orders v1, v2, payments v1, v2
        QVERIFY(!view->statusText().contains(u"unreachable"_s));

        // Double-click: the schema at the version, the match selected on its line.
        view->setQuery(search::SearchQuery{u"customer_id"_s});
        view->search();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 6, 20000);
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
        all.text = u"(unclosed"_s;
        view->setQuery(all);
        view->search();
        QVERIFY(view->statusText().contains(u"regular expression"_s));
        QVERIFY(!view->isRunning());

        // Reload loads again, even for the newest versions.
        view->setQuery(search::SearchQuery{u"amount"_s});
        view->findChild<QPushButton *>(u"searchReload"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 7, 20000);
        QVERIFY(view->requestCount() > 0);
        QCOMPARE(view->result().subjectsMatched, 1);
        QVERIFY(!view->statusText().contains(u"as the tree loaded them"_s));
    }

    // "Search every version" of a registry that takes a while to load: matches are listed from the
    // pages that have arrived while later pages are still on their way; the final result replaces them.
    void firstMatchesWhileLoading()
    {
        const QString data = m_dir.filePath(u"large.json"_s);
        QFile file(data);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(sandbox::generateLargeRegistry(500, 1, 3)).toJson(QJsonDocument::Compact));
        file.close();
        sandbox::SandboxServer slow;
        sandbox::SandboxOptions options;
        options.dataFile = data;
        // 1,503 versions: two pages, one after the other (one request at a time)
        options.faults = {u"latency=600,route=GET /schemas*"_s};
        QString error;
        QVERIFY2(slow.start(options, &error), qPrintable(error));
        registry::ConnectionProfile p;
        p.name = u"slow"_s;
        p.urls = {slow.url()};
        p.maxConcurrentRequests = 1;
        m_window->workspace()->openConnection(p, {});
        const QString id = p.id.toString(QUuid::WithoutBraces);

        m_window->findChild<QAction *>(u"actionSearchSchemas"_s)->trigger();
        auto *view = qobject_cast<ui::SchemaSearchView *>(m_window->tabs()->currentWidget());
        QVERIFY(view);
        view->setScope(id);
        QSignalSpy finished(view, &ui::SchemaSearchView::finished);
        search::SearchQuery every;
        every.text = u"\"field_1\""_s;
        every.latestOnly = false;
        view->setQuery(every);
        auto *results = view->findChild<QTreeView *>(u"searchResults"_s);
        int rowsWhileLoading = 0;
        QString statusWhileLoading;
        const auto watch = [&] {
            if (view->isRunning() && results->model()->rowCount() > rowsWhileLoading) {
                rowsWhileLoading = results->model()->rowCount();
                statusWhileLoading = view->statusText();
            }
        };
        connect(results->model(), &QAbstractItemModel::rowsInserted, this, watch);
        connect(results->model(), &QAbstractItemModel::modelReset, this, watch);
        view->search();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QVERIFY2(rowsWhileLoading > 0, "no match was listed before the load ended");
        QVERIFY2(statusWhileLoading.contains(u"so far"_s), qPrintable(statusWhileLoading));
        QCOMPARE(view->preview().matches.size(), rowsWhileLoading);
        // Nearly every Avro version has a field_1 (1,503 versions in all): the final result has them all.
        QVERIFY2(view->result().versionsMatched >= 1000, qPrintable(view->statusText()));
        QVERIFY(view->result().versionsMatched > rowsWhileLoading);
        QCOMPARE(results->model()->rowCount(), int(view->result().matches.size()));
        QCOMPARE(view->shownMatchCount(), int(view->result().matches.size()));
        m_window->workspace()->closeConnection(id);
    }
};

QTEST_MAIN(TestSearchUi)
#include "test_searchui.moc"
