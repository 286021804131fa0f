// Browsing a real sandbox registry through the console's widgets: connect, expand contexts, filter,
// open a schema, follow a reference, and see soft-deleted items only when asked.
#include "console/Console.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/FaultInjector.h"
#include "sandboxserver/SandboxServer.h"
#include "ui/AppSettings.h"
#include "ui/MainWindow.h"
#include "ui/SchemaEditor.h"
#include "ui/SchemaView.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace sd;
using Model = items::RegistryTreeModel;

class TestBrowse : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    sandbox::SandboxServer m_server;
    std::unique_ptr<registry::RegistryClient> m_seed;

    registry::ConnectionProfile profile(const QString &name) const
    {
        registry::ConnectionProfile p;
        p.name = name;
        p.colour = u"#2e7d32"_s;
        p.tag = u"test"_s;
        p.urls = {m_server.url()};
        return p;
    }

    // Registers through the real client, as a producer would.
    void registerSchema(const QString &subject, const QString &schema, const QString &type = u"AVRO"_s,
                        const QList<registry::SchemaReference> &refs = {})
    {
        registry::SchemaSubmission submission;
        submission.schema = schema;
        submission.schemaType = type;
        submission.references = refs;
        bool done = false;
        QString error;
        m_seed->registerSchema(subject, submission, false, this,
                               [&](const registry::Result<registry::SchemaVersion> &r) {
                                   done = true;
                                   if (!r)
                                       error = r.error.toDisplayString();
                               });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY2(error.isEmpty(), qPrintable(subject + u": "_s + error));
    }

    void call(std::function<registry::RequestJob *(std::function<void()>)> start)
    {
        bool done = false;
        start([&done] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    }

    static QModelIndex waitForSubject(Model *tree, const QString &connectionId, const QString &subject)
    {
        QModelIndex index;
        (void)QTest::qWaitFor(
            [&] {
                index = tree->subjectIndex(connectionId, subject);
                return index.isValid();
            },
            10000);
        return index;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_server.start({}, &error), qPrintable(error));
        registry::ConnectionProfile p = profile(u"seed"_s);
        m_seed = std::make_unique<registry::RegistryClient>(p, registry::ConnectionSecrets{});
        registerSchema(
            u"pageviews-value"_s,
            uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[{"name":"viewtime","type":"long"},{"name":"userid","type":"string"},{"name":"pageid","type":"string"}],"connect.name":"ksql.pageviews"})"_s);
        registerSchema(
            u"address-value"_s,
            uR"({"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"street","type":"string"},{"name":"city","type":"string"}]})"_s);
        registerSchema(
            u"customer-value"_s,
            uR"({"type":"record","name":"Customer","namespace":"com.acme","fields":[{"name":"id","type":"long"},{"name":"address","type":"com.acme.Address"}]})"_s,
            u"AVRO"_s, {{u"com.acme.Address"_s, u"address-value"_s, 1}});
        registerSchema(
            u":.source:orders-value"_s,
            uR"({"type":"object","properties":{"id":{"type":"string"}},"additionalProperties":false})"_s,
            u"JSON"_s);
        registerSchema(u"obsolete-value"_s, uR"({"type":"string"})"_s);
        call([this](auto done) {
            return m_seed->deleteSubject(u"obsolete-value"_s, false, this, [done](const auto &) { done(); });
        });
        call([this](auto done) {
            return m_seed->setMode(u":.source:"_s, u"IMPORT"_s, true, this, [done](const auto &) { done(); });
        });
    }

    void browseConnectFilterOpenFollow()
    {
        ui::AppSettings settings(m_dir.filePath(u"browse.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        items::RegistryWorkspace *workspace = window.workspace();
        Model *tree = workspace->tree();
        QAbstractItemModelTester tester(tree, QAbstractItemModelTester::FailureReportingMode::QtTest);

        const registry::ConnectionProfile p = profile(u"sandbox"_s);
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace->openConnection(p, {});
        // Expanding the connection loads it.
        window.registryTree()->expand(tree->connectionIndex(id));
        QTRY_VERIFY_WITH_TIMEOUT(workspace->connection(id)->state == items::RegistryWorkspace::State::Ready,
                                 15000);
        QVERIFY2(workspace->connection(id)->requestsUsed <= 4,
                 "skeleton + contexts + one page of schemas (+ nothing per subject)");

        // contexts: the default one and .source, with .source's IMPORT mode shown, then the Exporters node
        const QModelIndex connection = tree->connectionIndex(id);
        QTRY_COMPARE_WITH_TIMEOUT(tree->rowCount(connection), 3, 5000);
        const QModelIndex exporters = tree->index(2, 0, connection);
        QCOMPARE(exporters.data(Model::KindRole).value<Model::Kind>(), Model::Kind::Exporters);
        QCOMPARE(exporters.siblingAtColumn(1).data().toString(), u"0"_s);
        const QModelIndex source = tree->contextIndex(id, u".source"_s);
        QVERIFY(source.isValid());
        QTRY_COMPARE_WITH_TIMEOUT(source.data(Model::EffectiveModeRole).toString(), u"IMPORT"_s, 5000);
        QCOMPARE(source.data(Model::ModeSourceRole).toInt(), int(items::SettingSource::Context));
        QVERIFY(source.siblingAtColumn(1).data().toString().endsWith(u"IMPORT"_s));

        // soft-deleted subjects are hidden until asked for
        QVERIFY(!tree->subjectIndex(id, u"obsolete-value"_s).isValid());
        window.findChild<QAction *>(u"actionShowDeleted"_s)->trigger();
        QVERIFY(tree->subjectIndex(id, u"obsolete-value"_s).isValid());
        window.findChild<QAction *>(u"actionShowDeleted"_s)->trigger();

        // the filter box narrows the tree at once and keeps matches visible
        QTest::keyClicks(window.filterEdit(), u"ORDERS"_s);
        QCOMPARE(tree->matchingSubjectCount(), 1);
        const QModelIndex orders = tree->subjectIndex(id, u":.source:orders-value"_s);
        QVERIFY(orders.isValid());
        QVERIFY(window.registryTree()->isExpanded(orders.parent()));
        QCOMPARE(orders.siblingAtColumn(1).data().toString(), u"JSON · 1"_s);
        window.filterEdit()->clear();
        QCOMPARE(tree->matchingSubjectCount(), 4);

        // open a subject from the tree (Enter on the current item)
        const QModelIndex customer = waitForSubject(tree, id, u"customer-value"_s);
        QVERIFY(customer.isValid());
        window.registryTree()->setCurrentIndex(customer);
        Q_EMIT window.registryTree()->activated(customer);
        auto *view = qobject_cast<ui::SchemaView *>(window.tabs()->currentWidget());
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->isLoaded(), 10000);
        QCOMPARE(view->loadedVersion().version, 1);
        QVERIFY(view->editor()->toPlainText().contains(u"\"name\": \"address\""_s)); // pretty-printed
        QCOMPARE(view->editor()->definitionName(), u"JSON"_s);
        auto *facts = view->findChild<QLabel *>(u"schemaFacts"_s);
        // With unresolved references the Avro fingerprint cannot be computed here: a text hash stands in.
        QVERIFY2(facts->text().contains(u"sha256:"_s), qPrintable(facts->text()));

        // follow the reference to address-value
        auto *references = view->findChild<QLabel *>(u"schemaReferences"_s);
        QVERIFY(references->text().contains(u"com.acme.Address"_s));
        const int tabsBefore = window.tabs()->count();
        const qsizetype hrefStart = references->text().indexOf(u"href=\""_s) + 6;
        const QString href =
            references->text().mid(hrefStart, references->text().indexOf(u'"', hrefStart) - hrefStart);
        Q_EMIT references->linkActivated(href);
        QCOMPARE(window.tabs()->count(), tabsBefore + 1);
        auto *address = qobject_cast<ui::SchemaView *>(window.tabs()->currentWidget());
        QVERIFY(address);
        QCOMPARE(address->qualifiedSubject(), u"address-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(address->isLoaded(), 10000);
        QVERIFY(address->findChild<QLabel *>(u"schemaFacts"_s)->text().contains(u"rabin:"_s));
        auto *referencedBy = address->findChild<QLabel *>(u"schemaReferencedBy"_s);
        QTRY_VERIFY_WITH_TIMEOUT(referencedBy->text().contains(u"customer-value v1"_s), 10000);

        // opening the same subject again focuses its tab
        window.openSchema(id, u"customer-value"_s);
        QCOMPARE(window.tabs()->count(), tabsBefore + 1);
        QCOMPARE(window.tabs()->currentWidget(), view);
    }

    void slowLoadShowsProgressAndCancels()
    {
        ui::AppSettings settings(m_dir.filePath(u"slow.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.show();
        items::RegistryWorkspace *workspace = window.workspace();
        const int rule = m_server.faults()->addRule(sandbox::FaultRule::latency(1500, u"GET /schemas*"_s));
        const registry::ConnectionProfile p = profile(u"slow"_s);
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace->openConnection(p, {});
        workspace->load(id);
        auto *cancel = window.findChild<QToolButton *>(u"cancelLoad"_s);
        QVERIFY(cancel);
        QTRY_VERIFY_WITH_TIMEOUT(workspace->connection(id)->state == items::RegistryWorkspace::State::Loading,
                                 10000);
        Q_EMIT workspace->loadProgress(id, 0); // the first page is still on its way: show the bar now
        QVERIFY(cancel->isVisible());
        cancel->click();
        QCOMPARE(workspace->connection(id)->state, items::RegistryWorkspace::State::Failed);
        QVERIFY(workspace->tree()
                    ->connectionIndex(id)
                    .data(Model::ErrorRole)
                    .toString()
                    .contains(u"cancelled"_s));
        QVERIFY(!cancel->isVisible());
        m_server.faults()->removeRule(rule);
    }

    void copySchemaFromTheTree()
    {
        ui::AppSettings settings(m_dir.filePath(u"copy.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        items::RegistryWorkspace *workspace = window.workspace();
        const registry::ConnectionProfile p = profile(u"copy"_s);
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace->openConnection(p, {});
        workspace->load(id);
        const QModelIndex pageviews = waitForSubject(workspace->tree(), id, u"pageviews-value"_s);
        QVERIFY(pageviews.isValid());
        QGuiApplication::clipboard()->clear();
        QMenu menu;
        window.fillTreeMenu(menu, pageviews);
        QAction *copy = menu.findChild<QAction *>(u"treeCopySchema"_s);
        QVERIFY(copy);
        copy->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(QGuiApplication::clipboard()->text().contains(u"\"pageviews\""_s), 10000);
    }

    void unreachableRegistryShowsTheErrorOnItsNode()
    {
        ui::AppSettings settings(m_dir.filePath(u"unreachable.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        items::RegistryWorkspace *workspace = window.workspace();
        registry::ConnectionProfile p;
        p.name = u"nowhere"_s;
        p.urls = {QUrl(u"http://127.0.0.1:1"_s)};
        p.maxRetries = 0;
        workspace->openConnection(p, {});
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace->load(id);
        const QModelIndex node = workspace->tree()->connectionIndex(id);
        QTRY_VERIFY_WITH_TIMEOUT(node.data(Model::ErrorRole).isValid(), 15000);
        QVERIFY2(node.data(Model::ErrorRole).toString().contains(u"refused"_s, Qt::CaseInsensitive),
                 qPrintable(node.data(Model::ErrorRole).toString()));
        QCOMPARE(node.siblingAtColumn(1).data().toString(), u"error"_s);
    }
};

int main(int argc, char **argv)
{
    QApplication::setAttribute(Qt::AA_Use96Dpi);
    QApplication app(argc, argv);
    TestBrowse test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_browse.moc"
