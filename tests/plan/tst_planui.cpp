// The plan tab and the Terraform export in the console, offscreen, against a sandbox registry over
// loopback HTTP: opened from a protected connection's menu, a folder planned into a table with the
// pre-check verdicts, Apply declined (nothing written), then confirmed with the typed name, each
// action's result in the table; and Export as Terraform next to the folder export. What the engines
// compute is asserted without widgets in tst_folderplan, tst_planapply and tst_terraformexport.
#include "../common/ConsoleTestSupport.h"
#include "items/RegistryTreeModel.h"
#include "plan/PlanModel.h"
#include "PlanTestSupport.h"
#include "ui/Dialogs.h"
#include "ui/plan/PlanFeature.h"
#include "ui/plan/PlanView.h"
#include "ui/Shell.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace sd;

class TestPlanUi : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    sandbox::SandboxServer m_server;

private Q_SLOTS:
    void initTestCase()
    {
        using namespace plan::test;
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_server.start({}, &error), qPrintable(error));
        const QString id = field(u"id"_s, u"\"string\""_s);
        QCOMPARE(registerSchema(m_server, u"changed-value"_s, record(u"Changed"_s, id)).status, 200);
        QCOMPARE(registerSchema(m_server, u"gone-value"_s, record(u"Gone"_s, id)).status, 200);
        const QString folder = m_dir.filePath(u"repo"_s);
        QVERIFY(writeFile(
            folder, u"changed-value.avsc"_s,
            record(u"Changed"_s, id + u","_s + field(u"note"_s, u"[\"null\",\"string\"],\"default\":null"_s))
                .toUtf8()));
        QVERIFY(writeFile(folder, u"new-value.avsc"_s, record(u"New"_s, id).toUtf8()));
    }

    void cleanup() { ui::Dialogs::clearAnswerer(); }

    void planAndApplyOnAProtectedConnection()
    {
        testing::ConsoleWindow console(m_dir.filePath(u"plan.ini"_s), QSize(1366, 768));
        ui::Shell &shell = console.shell;
        registry::ConnectionProfile profile = plan::test::profileOf(u"prod"_s, m_server);
        profile.isProtected = true;
        const QString id = testing::openConnection(console.workspace, profile);
        QVERIFY(testing::waitReady(console.workspace, id));

        QMenu menu;
        console.shell.fillTreeMenu(menu, console.workspace.tree()->connectionIndex(id));
        QVERIFY(testing::actionNamed(menu, u"treeExportTerraform"_s));
        QAction *planAction = testing::actionNamed(menu, u"treePlanFromFolder"_s);
        QVERIFY(planAction);
        planAction->trigger();
        auto *view = qobject_cast<ui::PlanView *>(shell.currentTab());
        QVERIFY(view);

        view->findChild<QLineEdit *>(u"planFolder"_s)->setText(m_dir.filePath(u"repo"_s));
        view->findChild<QCheckBox *>(u"planDeleteMissing"_s)->setChecked(true);
        view->findChild<QPushButton *>(u"planRun"_s)->click();
        plan::PlanModel *model = view->model();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 3, 15000);
        auto *table = view->findChild<QTableView *>(u"planTable"_s);
        QCOMPARE(table->model(), model);
        QCOMPARE(model->index(0, plan::PlanModel::SubjectColumn).data().toString(), u"changed-value"_s);
        QCOMPARE(model->index(0, plan::PlanModel::CheckColumn).data().toString(), u"compatible"_s);
        QCOMPARE(model->index(1, plan::PlanModel::CheckColumn).data().toString(), u"new subject"_s);
        QCOMPARE(model->index(2, plan::PlanModel::ActionColumn).data().toString(), u"Delete (soft)"_s);
        auto *applyButton = view->findChild<QPushButton *>(u"planApply"_s);
        QVERIFY(applyButton->isEnabled());
        QCOMPARE(view->findChild<QLabel *>(u"planStatus"_s)->textFormat(), Qt::PlainText);

        // The plan for a review elsewhere.
        view->findChild<QPushButton *>(u"planCopyMarkdown"_s)->click();
        QVERIFY(QGuiApplication::clipboard()->text().contains(u"| `gone-value` | delete (soft)"_s));
        const QString saved = m_dir.filePath(u"plan.json"_s);
        QVERIFY(view->saveJson(saved));
        QFile savedFile(saved);
        QVERIFY(savedFile.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(savedFile.readAll()).object().value(u"actions"_s).toArray().size(),
                 3);

        // Declined: nothing is written.
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return false; });
        applyButton->click();
        QList<ui::Dialogs::Question> asked = ui::Dialogs::takeAsked();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().kind, ui::Dialogs::Kind::TypedConfirm);
        QCOMPARE(asked.first().mustType, u"prod"_s);
        QVERIFY(asked.first().text.contains(
            u"register a new version of changed-value from changed-value.avsc"_s));
        QVERIFY(asked.first().text.contains(u"soft-delete gone-value"_s));
        QVERIFY(plan::test::subjects(m_server).contains(u"gone-value"_s));

        // Confirmed with the connection's name.
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &question, QString *typed) {
            if (typed)
                *typed = question.mustType;
            return true;
        });
        applyButton->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            view->findChild<QLabel *>(u"planStatus"_s)->text().startsWith(u"Applied: 3 ok"_s), 15000);
        QVERIFY(model->index(0, plan::PlanModel::ResultColumn)
                    .data()
                    .toString()
                    .startsWith(u"ok: registered as version 2"_s));
        QVERIFY(model->index(2, plan::PlanModel::ResultColumn)
                    .data()
                    .toString()
                    .startsWith(u"ok: soft-deleted"_s));
        QVERIFY(!plan::test::subjects(m_server).contains(u"gone-value"_s));
        QVERIFY(plan::test::subjects(m_server).contains(u"new-value"_s));
        QVERIFY(!applyButton->isEnabled()); // applied: plan again to apply more

        // Planning again finds nothing to do.
        view->findChild<QPushButton *>(u"planRun"_s)->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            view->findChild<QLabel *>(u"planStatus"_s)->text().startsWith(u"The registry already matches"_s),
            15000);
        QCOMPARE(model->rowCount(), 0);

        // Export as Terraform, beside the folder export in the Registry menu.
        QMenu *registryMenu = shell.menu(u"menuRegistry"_s);
        QVERIFY(registryMenu && testing::actionNamed(*registryMenu, u"actionExportTerraform"_s));
        QVERIFY(testing::actionNamed(*registryMenu, u"actionPlanFromFolder"_s));
        const QString out = m_dir.filePath(u"terraform"_s);
        ui::Dialogs::takeAsked();
        QVERIFY(ui::exportTerraform(shell, id, {}, out));
        QList<ui::Dialogs::Question> told; // QTRY evaluates its condition more than once
        QTRY_VERIFY_WITH_TIMEOUT(!(told += ui::Dialogs::takeAsked()).isEmpty(), 15000);
        QCOMPARE(told.first().kind, ui::Dialogs::Kind::Information);
        QVERIFY2(told.first().text.contains(u"2 subject(s)"_s), qPrintable(told.first().text));
        QFile tf(QDir(out).filePath(u"main.tf"_s));
        QVERIFY(tf.open(QIODevice::ReadOnly));
        const QString hcl = QString::fromUtf8(tf.readAll());
        QVERIFY(hcl.contains(u"resource \"confluent_schema\" \"new-value\""_s));
        QVERIFY(!hcl.contains(u"gone-value"_s));
        QVERIFY(QFile::exists(QDir(out).filePath(u"changed-value.avsc"_s)));
    }

    // The plan by keyboard alone: Alt+R and P open the plan tab for the tree's connection, and the
    // folder, Plan and Apply each have a mnemonic that clashes with nothing else in the window.
    void keyboardOnly()
    {
        sandbox::SandboxServer server;
        QVERIFY(server.start({}));
        const QString folder = m_dir.filePath(u"keys"_s);
        QVERIFY(plan::test::writeFile(
            folder, u"keys-value.avsc"_s,
            plan::test::record(u"Keys"_s, plan::test::field(u"id"_s, u"\"string\""_s)).toUtf8()));
        testing::ConsoleWindow console(m_dir.filePath(u"keys.ini"_s), QSize(1366, 768));
        const QString id =
            testing::openConnection(console.workspace, plan::test::profileOf(u"keys"_s, server));
        QVERIFY(testing::waitReady(console.workspace, id));
        QMenu *registryMenu = console.shell.menu(u"menuRegistry"_s);
        QVERIFY(registryMenu);
        QVERIFY2(testing::mnemonicClashes(*registryMenu).isEmpty(),
                 qPrintable(testing::mnemonicClashes(*registryMenu).join(u'\n')));

        QVERIFY(console.focusTree(console.workspace.tree()->connectionIndex(id)));
        const auto press = [](Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
            QVERIFY(testing::pressKey(key, modifiers));
        };
        press(Qt::Key_R, Qt::AltModifier);
        QTRY_VERIFY(QApplication::activePopupWidget() == registryMenu);
        press(Qt::Key_P);
        ui::PlanView *view = nullptr;
        QTRY_VERIFY((view = qobject_cast<ui::PlanView *>(console.shell.currentTab())) != nullptr);
        // The offscreen platform leaves the closed menu "active"; a window manager gives the activation
        // back to the window.
        console.window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&console.window));
        QTRY_VERIFY(view->isAncestorOf(QApplication::focusWidget()));
        QVERIFY2(testing::mnemonicClashes(console.window).isEmpty(),
                 qPrintable(testing::mnemonicClashes(console.window).join(u'\n')));

        press(Qt::Key_O, Qt::AltModifier); // F&older
        auto *folderEdit = view->findChild<QLineEdit *>(u"planFolder"_s);
        QVERIFY(folderEdit->hasFocus());
        QTest::keyClicks(folderEdit, folder);
        press(Qt::Key_P, Qt::AltModifier); // &Plan
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, 15000);
        QTRY_VERIFY(view->findChild<QPushButton *>(u"planApply"_s)->isEnabled());
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &question, QString *typed) {
            if (typed)
                *typed = question.mustType;
            return true;
        });
        press(Qt::Key_A, Qt::AltModifier); // &Apply…
        QTRY_VERIFY_WITH_TIMEOUT(
            view->findChild<QLabel *>(u"planStatus"_s)->text().startsWith(u"Applied: 1 ok"_s), 15000);
        QVERIFY(plan::test::subjects(server).contains(u"keys-value"_s));
    }
};

QTEST_MAIN(TestPlanUi)
#include "tst_planui.moc"
