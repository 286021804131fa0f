// The copy dialog against two sandbox registries over loopback HTTP: opened from the tree with the source
// preselected, a dry run listed in the plan table with nothing written, then Copy into a context of a
// protected registry — the typed confirmation names IMPORT and the versions written — and the report with
// the verification. What the engine decides is asserted without widgets in tst_subjectcopy.
#include "../common/ConsoleTestSupport.h"
#include "items/RegistryTreeModel.h"
#include "TransferTestSupport.h"
#include "ui/Dialogs.h"
#include "ui/Shell.h"
#include "ui/transfer/CopyDialog.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace sd;

class TestCopyUi : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dryRunThenCopyIntoAProtectedContext()
    {
        QTemporaryDir dir;
        sandbox::SandboxServer a;
        sandbox::SandboxServer b;
        sandbox::SandboxOptions optionsA;
        optionsA.firstSchemaId = 100;
        QVERIFY(a.start(optionsA));
        QVERIFY(b.start({}));
        transfer::test::Seeder seed(a);
        QVERIFY(seed.add(u"orders-value"_s, transfer::test::record(u"Order"_s)).ok());
        QVERIFY(seed.add(u"<b>pay</b>"_s, transfer::test::record(u"Pay"_s)).ok());

        testing::ConsoleWindow console(dir.filePath(u"copy.ini"_s), QSize(1366, 768));
        QMainWindow &window = console.window;
        const registry::ConnectionProfile pa = transfer::test::profileOf(u"source"_s, a);
        registry::ConnectionProfile pb = transfer::test::profileOf(u"prod"_s, b);
        pb.isProtected = true;
        const QString idA = testing::openConnection(console.workspace, pa);
        const QString idB = testing::openConnection(console.workspace, pb);
        QVERIFY(testing::waitReady(console.workspace, idA) && testing::waitReady(console.workspace, idB));

        // The entries: the Tools menu, and the tree's connection, context and subject menus.
        QVERIFY(window.findChild<QAction *>(u"actionCopySubjects"_s));
        QMenu subjectMenu;
        console.shell.fillTreeMenu(subjectMenu,
                                   console.workspace.tree()->subjectIndex(idA, u"orders-value"_s));
        QVERIFY(testing::actionNamed(subjectMenu, u"treeCopySubjects"_s));
        QMenu menu;
        console.shell.fillTreeMenu(menu, console.workspace.tree()->connectionIndex(idA));
        QAction *open = testing::actionNamed(menu, u"treeCopySubjects"_s);
        QVERIFY(open);
        open->trigger();
        auto *dialog = window.findChild<ui::CopyDialog *>(u"copyDialog"_s);
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->findChild<QComboBox *>(u"copySource"_s)->currentData().toString(), idA);
        QCOMPARE(dialog->findChild<QComboBox *>(u"copyDestination"_s)->currentData().toString(), idB);
        QCOMPARE(dialog->findChild<QLineEdit *>(u"copySubjects"_s)->text(), u"*"_s);
        dialog->findChild<QLineEdit *>(u"copyContext"_s)->setText(u"copy"_s);

        auto *start = dialog->findChild<QPushButton *>(u"copyStart"_s);
        auto *table = dialog->findChild<QTableWidget *>(u"copyPlanTable"_s);
        auto *summary = dialog->findChild<QLabel *>(u"copySummary"_s);
        QCOMPARE(summary->textFormat(), Qt::PlainText);
        dialog->findChild<QPushButton *>(u"copyDryRun"_s)->click();
        QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 15000);
        QVERIFY2(summary->text().contains(u"2 versions to register"_s), qPrintable(summary->text()));
        QCOMPARE(table->rowCount(), 4); // IMPORT, two versions, the mode back
        QCOMPARE(table->item(0, 0)->text(), u"enter IMPORT"_s);
        bool named = false;
        for (int row = 0; row < table->rowCount(); ++row)
            named = named || table->item(row, 1)->text() == u"<b>pay</b>"_s;
        QVERIFY(named);
        QVERIFY(transfer::test::Seeder(b).versions(u":.copy:orders-value"_s, true).error.isNotFound());
        const QString dir2 = qEnvironmentVariable("SD_SCREENSHOT_DIR");
        if (!dir2.isEmpty())
            QVERIFY(dialog->grab().save(dir2 + u"/copy-dry-run.png"_s));

        // Copy: the typed confirmation says what changes.
        QString asked;
        ui::Dialogs::setAnswerer([&asked](const ui::Dialogs::Question &question, QString *typed) {
            asked = question.text;
            if (typed)
                *typed = question.mustType;
            return true;
        });
        start->click();
        ui::Dialogs::clearAnswerer();
        QVERIFY2(asked.contains(u"IMPORT mode on :.copy:"_s), qPrintable(asked));
        QVERIFY(asked.contains(u"2 versions written"_s));
        auto *report = dialog->findChild<QPlainTextEdit *>(u"copyReport"_s);
        QTRY_VERIFY_WITH_TIMEOUT(report->isVisible(), 20000);
        QVERIFY2(summary->text().startsWith(u"Copied."_s), qPrintable(summary->text()));
        QVERIFY(summary->text().contains(u"2 identical, 0 differing"_s));
        QVERIFY(report->toPlainText().contains(u"## Written"_s));
        QCOMPARE(transfer::test::Seeder(b).version(u":.copy:orders-value"_s, 1).value.id, 100);
        dialog->close();
    }

    // The copy by keyboard alone: Alt+T and Y open the dialog from the Tools menu for the tree's
    // connection, and every step after has a mnemonic of its own in the dialog.
    void keyboardOnly()
    {
        QTemporaryDir dir;
        sandbox::SandboxServer a;
        sandbox::SandboxServer b;
        QVERIFY(a.start({}) && b.start({}));
        QVERIFY(transfer::test::Seeder(a).add(u"orders-value"_s, transfer::test::record(u"Order"_s)).ok());
        testing::ConsoleWindow console(dir.filePath(u"keys.ini"_s), QSize(1366, 768));
        const QString idA =
            testing::openConnection(console.workspace, transfer::test::profileOf(u"source"_s, a));
        const QString idB =
            testing::openConnection(console.workspace, transfer::test::profileOf(u"target"_s, b));
        QVERIFY(testing::waitReady(console.workspace, idA) && testing::waitReady(console.workspace, idB));
        QMenu *tools = console.shell.menu(u"menuTools"_s);
        QVERIFY(tools);
        QVERIFY2(testing::mnemonicClashes(*tools).isEmpty(),
                 qPrintable(testing::mnemonicClashes(*tools).join(u'\n')));

        QVERIFY(console.focusTree(console.workspace.tree()->connectionIndex(idA)));
        const auto press = [](Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
            QVERIFY(testing::pressKey(key, modifiers));
        };
        press(Qt::Key_T, Qt::AltModifier);
        QTRY_VERIFY(QApplication::activePopupWidget() == tools);
        press(Qt::Key_Y);
        QPointer<ui::CopyDialog> dialog; // deleted when closed
        QTRY_VERIFY((dialog = console.window.findChild<ui::CopyDialog *>(u"copyDialog"_s)) &&
                    dialog->isVisible());
        // The offscreen platform leaves the closed menu "active"; a window manager activates the dialog.
        dialog->activateWindow();
        QTRY_COMPARE(QApplication::activeWindow(), dialog.data());
        QVERIFY2(testing::mnemonicClashes(*dialog).isEmpty(),
                 qPrintable(testing::mnemonicClashes(*dialog).join(u'\n')));
        QCOMPARE(dialog->findChild<QComboBox *>(u"copySource"_s)->currentData().toString(), idA);
        QCOMPARE(dialog->findChild<QComboBox *>(u"copyDestination"_s)->currentData().toString(), idB);

        press(Qt::Key_C, Qt::AltModifier); // Into &context
        auto *context = dialog->findChild<QLineEdit *>(u"copyContext"_s);
        QVERIFY(context->hasFocus());
        QTest::keyClicks(context, u"keys"_s);
        press(Qt::Key_R, Qt::AltModifier); // D&ry run
        auto *start = dialog->findChild<QPushButton *>(u"copyStart"_s);
        QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 15000);
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &question, QString *typed) {
            if (typed)
                *typed = question.mustType;
            return true;
        });
        press(Qt::Key_O, Qt::AltModifier); // C&opy…
        auto *summary = dialog->findChild<QLabel *>(u"copySummary"_s);
        QTRY_VERIFY_WITH_TIMEOUT(summary->text().startsWith(u"Copied."_s), 20000);
        ui::Dialogs::clearAnswerer();
        QVERIFY(transfer::test::Seeder(b).version(u":.keys:orders-value"_s, 1).ok());
        press(Qt::Key_L, Qt::AltModifier); // C&lose
        QTRY_VERIFY(!dialog || !dialog->isVisible());
    }
};

QTEST_MAIN(TestCopyUi)
#include "tst_copyui.moc"
