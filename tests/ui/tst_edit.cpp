// Registering and deleting through the console's widgets, against a real sandbox registry.
#include "console/Console.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/SandboxServer.h"
#include "ui/AppSettings.h"
#include "ui/Dialogs.h"
#include "ui/MainWindow.h"
#include "ui/RegisterView.h"
#include "ui/SchemaEditor.h"
#include "ui/SchemaView.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace sd;
using Model = items::RegistryTreeModel;

static const QString ordersV1 =
    uR"({"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"id","type":"string"}]})"_s;
static const QString ordersWithDefault =
    uR"({"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"id","type":"string"},{"name":"note","type":"string","default":""}]})"_s;
static const QString ordersWithoutDefault =
    uR"({"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"id","type":"string"},{"name":"amount","type":"double"}]})"_s;

class TestEdit : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    sandbox::SandboxServer m_server;
    std::unique_ptr<ui::AppSettings> m_settings;
    std::unique_ptr<sd::console::Console> m_console;
    sd::ui::MainWindow *m_window = nullptr;

    QList<int> serverVersions(const QString &subject, bool deleted = false)
    {
        registry::ConnectionProfile p;
        p.name = u"probe"_s;
        p.urls = {m_server.url()};
        registry::RegistryClient client(p, {});
        QList<int> versions;
        bool done = false;
        client.listVersions(subject, deleted, false, this, [&](const registry::Result<QList<int>> &r) {
            versions = r ? r.value : QList<int>{};
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 10000))
            qWarning("no answer");
        return versions;
    }

    QString open(bool readOnly, bool isProtected)
    {
        registry::ConnectionProfile p;
        p.name = readOnly ? u"ro"_s : isProtected ? u"prod"_s : u"dev"_s;
        p.urls = {m_server.url()};
        p.readOnly = readOnly;
        p.isProtected = isProtected;
        m_window->workspace()->openConnection(p, {});
        const QString id = p.id.toString(QUuid::WithoutBraces);
        m_window->workspace()->load(id);
        if (!QTest::qWaitFor(
                [&] {
                    return m_window->workspace()->connection(id)->state ==
                           items::RegistryWorkspace::State::Ready;
                },
                15000))
            qWarning("connection did not load");
        return id;
    }

    QStringList menuActions(const QModelIndex &index)
    {
        QMenu menu;
        m_window->fillTreeMenu(menu, index);
        QStringList names;
        for (QAction *action : menu.actions())
            if (!action->objectName().isEmpty())
                names << action->objectName();
        return names;
    }

    void trigger(const QModelIndex &index, const QString &actionName)
    {
        QMenu menu;
        m_window->fillTreeMenu(menu, index);
        QAction *action = menu.findChild<QAction *>(actionName);
        QVERIFY2(action, qPrintable(actionName));
        action->trigger();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_server.start({}, &error), qPrintable(error));
        m_settings = std::make_unique<ui::AppSettings>(m_dir.filePath(u"edit.ini"_s));
        m_console = std::make_unique<sd::console::Console>(*m_settings);
        m_window = &m_console->window();
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        // seed v1 through the console itself
        const QString id = open(false, false);
        ui::RegisterView *view = m_window->openRegister(id, u"orders-value"_s);
        view->setDraft(u"AVRO"_s, ordersV1);
        QSignalSpy registered(view, &ui::RegisterView::registerFinished);
        view->findChild<QPushButton *>(u"registerButton"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, 10000);
        QVERIFY2(registered.at(0).at(0).toBool(), qPrintable(view->resultText()));
        QCOMPARE(view->registeredVersion(), 1);
        QCOMPARE(serverVersions(u"orders-value"_s), QList<int>{1});
    }

    void cleanup() { ui::Dialogs::clearAnswerer(); }

    void validatesAsYouType()
    {
        const QString id = m_window->workspace()->connectionIds().first();
        ui::RegisterView *view = m_window->openRegister(id, u"drafts-value"_s);
        auto *editor = view->findChild<ui::SchemaEditor *>(u"registerEditor"_s);
        auto *status = view->findChild<QLabel *>(u"registerValidation"_s);
        editor->setPlainText(u"{\"type\": \"record\", \"name\": \"X\", \"fields\": [{\"name\": \"a\"}]}"_s);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(u"✗"_s), 3000);
        QVERIFY(!view->validationError().isEmpty());
        editor->setPlainText(ordersV1);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(u"✓"_s), 3000);
    }

    void compatibleThenIncompatible()
    {
        const QString id = m_window->workspace()->connectionIds().first();
        ui::RegisterView *view = m_window->openRegister(id, u"orders-value"_s);
        // pre-filled from the latest version
        QTRY_VERIFY_WITH_TIMEOUT(view->schemaText().contains(u"\"Order\""_s), 10000);

        QSignalSpy checked(view, &ui::RegisterView::checkFinished);
        QSignalSpy registered(view, &ui::RegisterView::registerFinished);
        view->setDraft(u"AVRO"_s, ordersWithDefault);
        view->findChild<QPushButton *>(u"checkCompatibility"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 1, 10000);
        QVERIFY2(checked.at(0).at(0).toBool(), qPrintable(view->resultText()));
        view->findChild<QPushButton *>(u"registerButton"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, 10000);
        QVERIFY(registered.at(0).at(0).toBool());
        QVERIFY2(view->resultText().contains(u"version 2"_s), qPrintable(view->resultText()));

        view->setDraft(u"AVRO"_s, ordersWithoutDefault);
        view->checkCompatibility();
        QTRY_COMPARE_WITH_TIMEOUT(checked.size(), 2, 10000);
        QVERIFY(!checked.at(1).at(0).toBool());
        QVERIFY2(view->resultText().contains(u"READER_FIELD_MISSING_DEFAULT_VALUE"_s),
                 qPrintable(view->resultText()));
        view->registerSchema();
        QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 2, 10000);
        QVERIFY(!registered.at(1).at(0).toBool());
        QVERIFY2(view->resultText().contains(u"Nothing was registered"_s), qPrintable(view->resultText()));
        QCOMPARE(serverVersions(u"orders-value"_s), (QList<int>{1, 2}));
    }

    void softThenPermanentDelete()
    {
        const QString id = m_window->workspace()->connectionIds().first();
        Model *tree = m_window->workspace()->tree();
        QTRY_VERIFY_WITH_TIMEOUT(tree->subjectIndex(id, u"orders-value"_s).isValid(), 10000);
        const QModelIndex subject = tree->subjectIndex(id, u"orders-value"_s);
        tree->fetchMore(subject);
        QTRY_COMPARE_WITH_TIMEOUT(tree->rowCount(tree->subjectIndex(id, u"orders-value"_s)), 2, 10000);
        const QModelIndex v2 = tree->index(1, 0, tree->subjectIndex(id, u"orders-value"_s));
        QCOMPARE(v2.data(Model::VersionRole).toInt(), 2);
        QVERIFY(menuActions(v2).contains(u"treeSoftDeleteVersion"_s));
        QVERIFY2(!menuActions(v2).contains(u"treeHardDeleteVersion"_s), "permanent only after soft");

        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        trigger(v2, u"treeSoftDeleteVersion"_s);
        const auto asked = ui::Dialogs::takeAsked();
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().text.contains(u"version 2 of orders-value on dev"_s),
                 qPrintable(asked.first().text));
        QTRY_COMPARE_WITH_TIMEOUT(serverVersions(u"orders-value"_s), QList<int>{1}, 10000);
        QCOMPARE(serverVersions(u"orders-value"_s, true), (QList<int>{1, 2}));

        // the soft-deleted version shows when asked for, and offers the permanent delete
        m_window->findChild<QAction *>(u"actionShowDeleted"_s)->setChecked(true);
        QModelIndex deleted;
        QTRY_VERIFY_WITH_TIMEOUT(
            (deleted = tree->index(1, 0, tree->subjectIndex(id, u"orders-value"_s))).isValid() &&
                deleted.data(Model::DeletedRole).toBool(),
            10000);
        QVERIFY(menuActions(deleted).contains(u"treeHardDeleteVersion"_s));
        trigger(deleted, u"treeHardDeleteVersion"_s);
        QVERIFY(ui::Dialogs::takeAsked().first().text.contains(u"Permanently delete version 2"_s));
        QTRY_COMPARE_WITH_TIMEOUT(serverVersions(u"orders-value"_s, true), QList<int>{1}, 10000);
        m_window->findChild<QAction *>(u"actionShowDeleted"_s)->setChecked(false);
    }

    void protectedNeedsTheNameTyped()
    {
        const QString id = open(false, true);
        Model *tree = m_window->workspace()->tree();
        QTRY_VERIFY_WITH_TIMEOUT(tree->subjectIndex(id, u"orders-value"_s).isValid(), 10000);
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &q, QString *typed) {
            if (typed)
                *typed = u"orders"_s; // not the full name
            return q.kind == ui::Dialogs::Kind::TypedConfirm;
        });
        trigger(tree->subjectIndex(id, u"orders-value"_s), u"treeSoftDeleteSubject"_s);
        const auto asked = ui::Dialogs::takeAsked();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().kind, ui::Dialogs::Kind::TypedConfirm);
        QCOMPARE(asked.first().mustType, u"orders-value"_s);
        QTest::qWait(300);
        QCOMPARE(serverVersions(u"orders-value"_s), QList<int>{1}); // nothing deleted
    }

    void readOnlyShowsNoWriteActions()
    {
        const QString id = open(true, false);
        Model *tree = m_window->workspace()->tree();
        QTRY_VERIFY_WITH_TIMEOUT(tree->subjectIndex(id, u"orders-value"_s).isValid(), 10000);
        const QModelIndex subject = tree->subjectIndex(id, u"orders-value"_s);
        const QStringList actions = menuActions(subject);
        QVERIFY2(!actions.contains(u"treeNewVersion"_s) && !actions.contains(u"treeSoftDeleteSubject"_s),
                 qPrintable(actions.join(u", "_s)));
        QVERIFY(!menuActions(tree->contextIndex(id, u"."_s)).contains(u"treeNewSubject"_s));
        ui::SchemaView *view = m_window->openSchema(id, u"orders-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(view->isLoaded(), 10000);
        QVERIFY(!view->findChild<QPushButton *>(u"schemaNewVersion"_s)->isVisible());
        QVERIFY(!view->findChild<QPushButton *>(u"schemaDelete"_s)->isVisible());
        ui::RegisterView *draft = m_window->openRegister(id, u"orders-value"_s);
        QVERIFY(!draft->findChild<QPushButton *>(u"registerButton"_s)->isVisible());
    }
};

int main(int argc, char **argv)
{
    QApplication::setAttribute(Qt::AA_Use96Dpi);
    QApplication app(argc, argv);
    TestEdit test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_edit.moc"
