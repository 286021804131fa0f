// Modes and compatibility through the console's widgets, against real sandbox registries seeded over HTTP.
// The workflows behind the overview, find-subject and bulk screens are asserted without widgets in
// tst_modesworkflows, the rules and previews in tst_modesmodel; here what the screens add.
#include "../common/ConsoleTestSupport.h"
#include "items/RegistryTreeModel.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/SandboxServer.h"
#include "ui/Dialogs.h"
#include "ui/modes/BulkView.h"
#include "ui/modes/ConfigFieldsDialog.h"
#include "ui/modes/FindSubjectView.h"
#include "ui/modes/ModesFeature.h"
#include "ui/modes/ModesView.h"
#include "ui/modes/OverviewView.h"

#include <QAction>
#include <QComboBox>
#include <QGroupBox>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using Model = items::RegistryTreeModel;
using modes::Field;
using modes::Level;

static QString record(const QString &name, bool extraRequired = false)
{
    QString fields = uR"([{"name":"id","type":"string"})"_s;
    if (extraRequired)
        fields += uR"(,{"name":"amount","type":"double"})"_s;
    return uR"({"type":"record","name":"%1","namespace":"com.acme","fields":%2]})"_s.arg(name, fields);
}

class TestModes : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    sandbox::SandboxServer m_main;     // contexts, 50 bulk subjects
    sandbox::SandboxServer m_platform; // global FORWARD
    std::unique_ptr<testing::ConsoleWindow> m_console;
    QString m_mainId;
    QString m_platformId;
    QString m_deadId;

    // One request to a sandbox over HTTP, waited for.
    template<typename T, typename Call> registry::Result<T> call(const QUrl &url, Call &&callFn)
    {
        registry::ConnectionProfile p;
        p.name = u"seed"_s;
        p.urls = {url};
        registry::RegistryClient client(p, {});
        registry::Result<T> result;
        bool done = false;
        callFn(client, [&](const registry::Result<T> &r) {
            result = r;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 10000))
            qWarning("no answer");
        return result;
    }

    bool registerSchema(const QUrl &url, const QString &subject, const QString &schema)
    {
        auto r = call<registry::SchemaVersion>(url, [&](registry::RegistryClient &c, auto cb) {
            c.registerSchema(subject, registry::SchemaSubmission::of(schema), false, this, cb);
        });
        if (!r)
            qWarning() << subject << r.error.summary();
        return r.ok();
    }

    QString serverMode(const QUrl &url, const QString &scope)
    {
        auto r = call<QString>(
            url, [&](registry::RegistryClient &c, auto cb) { c.getMode(scope, false, this, cb); });
        return r ? r.value : u"(not set)"_s;
    }

    QString open(const QUrl &url, const QString &name, bool readOnly = false)
    {
        return testing::openConnection(m_console->workspace, testing::profileOf(name, url, readOnly));
    }

    void waitLoaded(ui::ModesView *view)
    {
        QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading(), 20000);
        QVERIFY(view->rowOf(Level::global()) == 0);
    }

    QStringList comboItems(QComboBox *combo)
    {
        QStringList items;
        for (int i = 0; i < combo->count(); ++i)
            items << combo->itemText(i);
        return items;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_main.start({}, &error), qPrintable(error));
        QVERIFY2(m_platform.start({}, &error), qPrintable(error));
        const QUrl main = m_main.url();
        // .ctx: two subjects, one with a soft-deleted version (what forcing IMPORT purges)
        QVERIFY(registerSchema(main, u":.ctx:alpha-value"_s, record(u"Alpha"_s)));
        QVERIFY(registerSchema(main, u":.ctx:beta-value"_s, record(u"Beta"_s)));
        QVERIFY(registerSchema(
            main, u":.ctx:beta-value"_s,
            uR"({"type":"record","name":"Beta","namespace":"com.acme","fields":[{"name":"id","type":"string"},{"name":"n","type":"int","default":0}]})"_s));
        auto deleted = call<int>(main, [&](registry::RegistryClient &c, auto cb) {
            c.deleteVersion(u":.ctx:beta-value"_s, u"1"_s, false, this, cb);
        });
        QVERIFY2(deleted.ok(), qPrintable(deleted.error.summary()));
        // 50 subjects in the default context, one of them READONLY on its own
        for (int i = 0; i < 50; ++i)
            QVERIFY(
                registerSchema(main, u"bulk-%1"_s.arg(i, 2, 10, QChar(u'0')), record(u"Bulk%1"_s.arg(i))));
        auto readOnly = call<QString>(main, [&](registry::RegistryClient &c, auto cb) {
            c.setMode(u"bulk-17"_s, u"READONLY"_s, false, this, cb);
        });
        QVERIFY2(readOnly.ok(), qPrintable(readOnly.error.summary()));
        // a Platform registry that forwards to Cloud: FORWARD, which only the global context accepts
        QVERIFY(registerSchema(m_platform.url(), u"test-mirroring-subject"_s, record(u"TestRecord"_s)));
        auto forward = call<QString>(m_platform.url(), [&](registry::RegistryClient &c, auto cb) {
            c.setMode(u":.__GLOBAL:"_s, u"FORWARD"_s, false, this, cb);
        });
        QVERIFY2(forward.ok(), qPrintable(forward.error.summary()));

        m_console =
            std::make_unique<testing::ConsoleWindow>(m_dir.filePath(u"modes.ini"_s), QSize(1500, 850));
        m_mainId = open(main, u"dev"_s);
        m_platformId = open(m_platform.url(), u"platform"_s);
        m_deadId = open(QUrl(u"http://127.0.0.1:9"_s), u"unreachable"_s);
        QVERIFY(testing::waitReady(m_console->workspace, m_mainId, 20000));
    }

    void cleanup()
    {
        ui::Dialogs::clearAnswerer();
        ui::Dialogs::takeAsked();
    }

    void menusOffered()
    {
        QVERIFY(m_console->window.findChild<QAction *>(u"actionModes"_s));
        QVERIFY(m_console->window.findChild<QAction *>(u"actionRegistryOverview"_s));
        QVERIFY(m_console->window.findChild<QAction *>(u"actionBulkSettings"_s));
        QVERIFY(m_console->window.findChild<QAction *>(u"actionFindSubject"_s));
        Model *tree = m_console->workspace.tree();
        QTRY_VERIFY_WITH_TIMEOUT(tree->contextIndex(m_mainId, u".ctx"_s).isValid(), 10000);
        for (const QModelIndex &index :
             {tree->connectionIndex(m_mainId), tree->contextIndex(m_mainId, u".ctx"_s)}) {
            QMenu menu;
            m_console->shell.fillTreeMenu(menu, index);
            QAction *action = menu.findChild<QAction *>(u"treeModes"_s);
            QVERIFY(action);
        }
        QMenu menu;
        m_console->shell.fillTreeMenu(menu, tree->contextIndex(m_mainId, u".ctx"_s));
        menu.findChild<QAction *>(u"treeModes"_s)->trigger();
        auto *view = qobject_cast<ui::ModesView *>(m_console->shell.currentTab());
        QVERIFY(view);
        waitLoaded(view);
        QCOMPARE(view->currentLevel(), Level::ofContext(u".ctx"_s));
    }

    void contextModeFollowedBySubjects()
    {
        ui::ModesView *view = ui::openModes(m_console->shell, m_mainId, Level::ofContext(u".ctx"_s));
        waitLoaded(view);
        QVERIFY(view->selectLevel(Level::ofContext(u".ctx"_s)));
        QCOMPARE(view->snapshot().effectiveFor(u":.ctx:alpha-value"_s, Field::Mode).value, u"READWRITE"_s);
        // The preview (tst_modesmodel) names the subjects that follow.
        auto *modeCombo = view->findChild<QComboBox *>(u"modeCombo"_s);
        modeCombo->setCurrentText(u"READONLY"_s);
        QVERIFY(view->findChild<QLabel *>(u"previewLabel"_s)->text().contains(u"2 subject"_s));
        QVERIFY(view->findChild<QLabel *>(u"modeHint"_s)->text().contains(u"never blocked"_s));
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        QSignalSpy done(view, &ui::ModesView::changeFinished);
        view->findChild<QPushButton *>(u"applyModeButton"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 15000);
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
        const auto asked = ui::Dialogs::takeAsked();
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().text.contains(u":.ctx:alpha-value"_s), qPrintable(asked.first().text));
        QVERIFY(asked.first().text.contains(u"never blocked"_s));
        QCOMPARE(serverMode(m_main.url(), u":.ctx:"_s), u"READONLY"_s);
        // the tab and the tree follow (where a setting comes from: tst_modesmodel's resolution)
        Model *tree = m_console->workspace.tree();
        QTRY_COMPARE_WITH_TIMEOUT(
            tree->subjectIndex(m_mainId, u":.ctx:alpha-value"_s).data(Model::EffectiveModeRole).toString(),
            u"READONLY"_s, 10000);
        // a subject's row says where its mode comes from
        view->showSubject(u":.ctx:beta-value"_s);
        auto *table = view->findChild<QTableWidget *>(u"modesLevelsTable"_s);
        const int row = view->rowOf(Level::ofSubject(u":.ctx:beta-value"_s));
        QVERIFY(row > 0);
        QCOMPARE(table->item(row, ui::ModesView::ModeEffectiveColumn)->text(), u"READONLY"_s);
        QVERIFY(table->item(row, ui::ModesView::ModeSourceColumn)->text().contains(u"context .ctx"_s));

        // compatibility on the context, kept for the overview
        view->selectLevel(Level::ofContext(u".ctx"_s));
        view->findChild<QComboBox *>(u"compatibilityCombo"_s)->setCurrentText(u"FULL"_s);
        view->findChild<QPushButton *>(u"applyCompatibilityButton"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 15000);
        // READONLY blocks config writes: the server says so and the console shows it
        QVERIFY(!done.at(1).at(0).toBool());
        QVERIFY2(done.at(1).at(1).toString().contains(u"42205"_s), qPrintable(done.at(1).at(1).toString()));
        ui::Dialogs::takeAsked();

        // the way out: reset the mode (never blocked), then the config goes through
        view->selectLevel(Level::ofContext(u".ctx"_s));
        view->findChild<QPushButton *>(u"resetModeButton"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 3, 15000);
        QVERIFY(done.at(2).at(0).toBool());
        QCOMPARE(serverMode(m_main.url(), u":.ctx:"_s), u"(not set)"_s);
        QTRY_COMPARE_WITH_TIMEOUT(
            tree->subjectIndex(m_mainId, u":.ctx:alpha-value"_s).data(Model::EffectiveModeRole).toString(),
            u"READWRITE"_s, 10000);
        view->selectLevel(Level::ofContext(u".ctx"_s));
        view->findChild<QComboBox *>(u"compatibilityCombo"_s)->setCurrentText(u"FULL"_s);
        view->applyCompatibility();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 4, 15000);
        QVERIFY2(done.at(3).at(0).toBool(), qPrintable(done.at(3).at(1).toString()));
        QCOMPARE(view->snapshot().effectiveFor(u":.ctx:beta-value"_s, Field::Compatibility).value, u"FULL"_s);
        view->selectLevel(Level::ofContext(u".ctx"_s));
        testing::screenshot(view, u"modes.png"_s);
    }

    // The config fields other than compatibility: a partial PUT that keeps what it does not name, null to
    // clear, confirmed with the changes listed, and bad JSON refused in the form.
    void otherConfigFields()
    {
        const Level subject = Level::ofSubject(u":.ctx:alpha-value"_s);
        ui::ModesView *view = ui::openModes(m_console->shell, m_mainId, subject);
        waitLoaded(view);
        view->showSubject(u":.ctx:alpha-value"_s);
        QVERIFY(view->selectLevel(subject));
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        QSignalSpy done(view, &ui::ModesView::changeFinished);
        view->findChild<QComboBox *>(u"compatibilityCombo"_s)->setCurrentText(u"FULL"_s);
        view->applyCompatibility();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 15000);
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
        QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading(), 15000);
        QVERIFY(view->selectLevel(subject));
        ui::Dialogs::takeAsked();

        ui::ConfigFieldsDialog *dialog = view->editOtherSettings();
        QVERIFY(dialog);
        auto *normalize = dialog->findChild<QComboBox *>(u"configNormalize"_s);
        QCOMPARE(normalize->currentText(), u"(not set)"_s);
        normalize->setCurrentIndex(normalize->findData(u"true"_s));
        dialog->findChild<QLineEdit *>(u"configGroup"_s)->setText(u"application.major.version"_s);
        auto *metadata = dialog->findChild<QPlainTextEdit *>(u"configDefaultMetadata"_s);
        metadata->setPlainText(u"{oops"_s);
        QVERIFY(!dialog->validationError().isEmpty());
        QVERIFY(dialog->findChild<QLabel *>(u"configFieldsError"_s)->text().contains(u"Default metadata"_s));
        dialog->accept(); // refused: stays open, nothing sent
        QVERIFY(dialog->isVisible());
        QCOMPARE(done.size(), 1);
        metadata->setPlainText(uR"({"properties": {"owner": "team-a"}})"_s);
        testing::screenshot(dialog, u"config-fields.png"_s);
        QCOMPARE(dialog->changes().keys(),
                 QStringList({u"compatibilityGroup"_s, u"defaultMetadata"_s, u"normalize"_s}));
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 15000);
        QVERIFY2(done.at(1).at(0).toBool(), qPrintable(done.at(1).at(1).toString()));
        const auto asked = ui::Dialogs::takeAsked();
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().text.contains(u"normalize: not set → true"_s), qPrintable(asked.first().text));
        QVERIFY(asked.first().text.contains(u"subject :.ctx:alpha-value"_s));
        auto config = call<registry::RegistryConfig>(m_main.url(), [&](registry::RegistryClient &c, auto cb) {
            c.getConfig(u":.ctx:alpha-value"_s, false, this, cb);
        });
        QVERIFY(config.ok());
        QCOMPARE(config.value.compatibility, u"FULL"_s); // not named, kept
        QCOMPARE(config.value.normalize, std::optional<bool>(true));
        QCOMPARE(config.value.compatibilityGroup, u"application.major.version"_s);
        QCOMPARE(config.value.defaultMetadata.value(u"properties"_s).toObject().value(u"owner"_s).toString(),
                 u"team-a"_s);

        // Pre-filled with what is set; clearing one field sends null for it alone.
        QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading(), 15000);
        QVERIFY(view->selectLevel(subject));
        dialog = view->editOtherSettings();
        QCOMPARE(dialog->findChild<QLineEdit *>(u"configGroup"_s)->text(), u"application.major.version"_s);
        normalize = dialog->findChild<QComboBox *>(u"configNormalize"_s);
        QCOMPARE(normalize->currentText(), u"true"_s);
        normalize->setCurrentIndex(0);
        QCOMPARE(dialog->changes(), QJsonObject({{u"normalize"_s, QJsonValue::Null}}));
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 3, 15000);
        QVERIFY2(done.at(2).at(0).toBool(), qPrintable(done.at(2).at(1).toString()));
        config = call<registry::RegistryConfig>(m_main.url(), [&](registry::RegistryClient &c, auto cb) {
            c.getConfig(u":.ctx:alpha-value"_s, false, this, cb);
        });
        QVERIFY(!config.value.normalize.has_value());
        QCOMPARE(config.value.compatibilityGroup, u"application.major.version"_s);
        QCOMPARE(config.value.compatibility, u"FULL"_s);
        // Leave the subject as the other tests expect it.
        QVERIFY(call<registry::RegistryConfig>(m_main.url(), [&](registry::RegistryClient &c, auto cb) {
                    c.deleteConfig(u":.ctx:alpha-value"_s, this, cb);
                }).ok());
    }

    // The mode combo offers what the rules allow at the selected level (the rules: tst_modesmodel).
    void forwardOfferedOnlyGlobally()
    {
        ui::ModesView *view = ui::openModes(m_console->shell, m_mainId);
        waitLoaded(view);
        auto *modeCombo = view->findChild<QComboBox *>(u"modeCombo"_s);
        QVERIFY(view->selectLevel(Level::global()));
        QVERIFY(comboItems(modeCombo).contains(u"FORWARD"_s));
        view->showSubject(u"bulk-01"_s);
        QVERIFY(view->selectLevel(Level::ofSubject(u"bulk-01"_s)));
        QVERIFY(!comboItems(modeCombo).contains(u"FORWARD"_s));
        QVERIFY(comboItems(modeCombo).contains(u"IMPORT"_s));
    }

    void importOnNonEmptyContextNeedsForce()
    {
        ui::ModesView *view = ui::openModes(m_console->shell, m_mainId, Level::ofContext(u".ctx"_s));
        waitLoaded(view);
        QVERIFY(view->selectLevel(Level::ofContext(u".ctx"_s)));
        view->findChild<QComboBox *>(u"modeCombo"_s)->setCurrentText(u"IMPORT"_s);
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return false; });
        view->applyMode();
        QList<ui::Dialogs::Question> asked;
        QTRY_VERIFY_WITH_TIMEOUT(!(asked += ui::Dialogs::takeAsked()).isEmpty(), 10000);
        const QString text = asked.first().text;
        QVERIFY2(text.contains(u"force"_s), qPrintable(text));
        QVERIFY2(text.contains(u"2 live subject"_s), qPrintable(text));
        QVERIFY2(text.contains(u"1 soft-deleted version"_s), qPrintable(text));
        QVERIFY2(text.contains(u":.ctx:beta-value v1"_s), qPrintable(text));
        QTest::qWait(200);
        QCOMPARE(serverMode(m_main.url(), u":.ctx:"_s), u"(not set)"_s);

        // going ahead forces it, and the server purges the soft-deleted version
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        QSignalSpy done(view, &ui::ModesView::changeFinished);
        view->applyMode();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 15000);
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
        QCOMPARE(serverMode(m_main.url(), u":.ctx:"_s), u"IMPORT"_s);
        auto versions = call<QList<int>>(m_main.url(), [&](registry::RegistryClient &c, auto cb) {
            c.listVersions(u":.ctx:beta-value"_s, true, false, this, cb);
        });
        QCOMPARE(versions.value, QList<int>{2});
        // back to inherited
        view->selectLevel(Level::ofContext(u".ctx"_s));
        view->resetMode(false);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 15000);
        QCOMPARE(serverMode(m_main.url(), u":.ctx:"_s), u"(not set)"_s);
    }

    void readOnlyConnectionShowsValuesOnly()
    {
        const QString id = open(m_main.url(), u"dev-readonly"_s, true);
        ui::ModesView *view = ui::openModes(m_console->shell, id);
        waitLoaded(view);
        QVERIFY(!view->findChild<QGroupBox *>(u"modesEditBox"_s)->isVisible());
        QVERIFY(view->rowOf(Level::ofContext(u".ctx"_s)) > 0);
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        view->applyMode(); // refused before asking
        QVERIFY(ui::Dialogs::takeAsked().isEmpty());
        m_console->workspace.closeConnection(id);
    }

    // Bulk settings over fifty subjects: the confirmation, the totals and the failed subject's reason as
    // the screen shows them. (Dry runs, writes, the registry's refusal and the concurrency bound:
    // tst_modesworkflows and tst_modesmodel.)
    void bulkSetOverFiftySubjects()
    {
        ui::BulkView *view = ui::openBulk(m_console->shell);
        view->clearSubjects();
        QCOMPARE(view->addMatching(u"bulk-"_s), 50);
        view->setAction(ui::BulkView::Action::SetCompatibility, u"FULL_TRANSITIVE"_s);
        view->setConcurrency(4);
        QSignalSpy finished(view, &ui::BulkView::finished);
        view->dryRun(); // says what would change, asks nothing
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(view->runner()->totals().changed, 50);
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        view->run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60000);
        const auto asked = ui::Dialogs::takeAsked();
        QCOMPARE(asked.size(), 1);
        QVERIFY2(asked.first().text.contains(u"50 subject"_s), qPrintable(asked.first().text));
        QVERIFY(view->runner()->peakConcurrency() <= 4);
        QVERIFY2(view->totalsText().contains(u"49 changed"_s), qPrintable(view->totalsText()));
        QVERIFY(view->totalsText().contains(u"1 failed"_s));
        // The table shows the failed subject's reason: bulk-17 is READONLY on its own.
        auto *table = view->findChild<QTableWidget *>(u"bulkSubjects"_s);
        const auto rows = table->findItems(u"bulk-17"_s, Qt::MatchExactly);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(table->item(rows.first()->row(), ui::BulkView::ResultColumn)->text(), u"failed"_s);
        QVERIFY(table->item(rows.first()->row(), ui::BulkView::DetailColumn)->text().contains(u"42205"_s));
    }

    // A check with the candidate typed in the view (the checks themselves: tst_modesworkflows).
    void bulkChecks()
    {
        ui::BulkView *view = ui::openBulk(m_console->shell);
        view->clearSubjects();
        view->addSubjects({{m_mainId, u"bulk-01"_s}, {m_mainId, u"bulk-02"_s}});
        QSignalSpy finished(view, &ui::BulkView::finished);
        // a new required field: not accepted under FULL_TRANSITIVE (set by the bulk run)
        view->setAction(ui::BulkView::Action::CheckSchema);
        view->setCandidateSchema(u"AVRO"_s, record(u"Bulk1"_s, true));
        view->run();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 15000);
        QCOMPARE(view->runner()->totals().incompatible, 2);
        testing::screenshot(view, u"bulk.png"_s);
    }

    // One row per registry, the unreachable one failing alone (what each row holds: tst_modesworkflows).
    void overviewListsEveryRegistry()
    {
        ui::OverviewView *view = ui::openOverview(m_console->shell);
        QTRY_VERIFY_WITH_TIMEOUT(view->pending() == 0, 20000);
        auto *table = view->findChild<QTableWidget *>(u"overviewTable"_s);
        QCOMPARE(table->rowCount(), 3);
        auto text = [&](const QString &id, int column) {
            return table->item(view->rowOf(id), column)->text();
        };
        QCOMPARE(text(m_platformId, ui::OverviewView::GlobalModeColumn), u"FORWARD"_s);
        QCOMPARE(text(m_platformId, ui::OverviewView::ReachableColumn), u"yes"_s);
        QVERIFY2(text(m_mainId, ui::OverviewView::ContextsColumn).contains(u".ctx: FULL"_s),
                 qPrintable(text(m_mainId, ui::OverviewView::ContextsColumn)));
        QVERIFY(text(m_mainId, ui::OverviewView::LatencyColumn).endsWith(u"ms"_s));
        QVERIFY2(text(m_deadId, ui::OverviewView::ReachableColumn).startsWith(u"no"_s),
                 qPrintable(text(m_deadId, ui::OverviewView::ReachableColumn)));
        testing::screenshot(view, u"overview.png"_s);
    }

    void findSubjectAcrossConnections()
    {
        ui::FindSubjectView *view = ui::openFindSubject(m_console->shell);
        QSignalSpy searched(view, &ui::FindSubjectView::searched);
        view->find(u"MIRRORING"_s);
        QTRY_COMPARE_WITH_TIMEOUT(searched.size(), 1, 15000);
        QCOMPARE(searched.at(0).at(0).toInt(), 1);
        QVERIFY(!view->results()->findItems(u"test-mirroring-subject"_s, Qt::MatchExactly).isEmpty());
        QVERIFY(!view->results()->findItems(u"error:"_s, Qt::MatchStartsWith).isEmpty()); // the dead one
    }
};

QTEST_MAIN(TestModes)
#include "tst_modes.moc"
