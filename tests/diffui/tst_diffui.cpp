// The diff and mirror-verification screens against real sandbox registries over loopback HTTP: a version
// diff opened from the tree, the compare dialog and where its sides start, a file, a draft and a long
// folded diff, mirror verification with its list, filters, double-click and exports, and a folder
// export. What the workflows compute (sides, results, counts, cancel, failures, folded rows, mirror
// rows) is asserted without widgets in tst_diffsession, tst_mirrorrun and tst_mirrorsandbox; here only
// what the screens add.
#include "../common/ConsoleTestSupport.h"
#include "../diff/DiffTestSupport.h"
#include "diff/SubjectMapping.h"
#include "items/RegistryTreeModel.h"
#include "ui/Demo.h"
#include "ui/Dialogs.h"
#include "ui/diff/CompareDialog.h"
#include "ui/diff/DiffColours.h"
#include "ui/diff/DiffFeature.h"
#include "ui/diff/DiffView.h"
#include "ui/diff/MirrorView.h"
#include "ui/diff/SchemaFolderExport.h"
#include "ui/modes/ModesView.h"
#include "ui/RegisterView.h"
#include "ui/SchemaEditor.h"
#include "ui/SchemaView.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTreeView>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace sd;
using sd::diff::test::registerSchema;
using sd::testing::actionNamed;
using sd::testing::ConsoleWindow;
using sd::testing::screenshot;

namespace {

const QString pageviewsV1 =
    uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[{"name":"viewtime","type":"long"},{"name":"userid","type":"string"},{"name":"pageid","type":"string"}],"connect.name":"ksql.pageviews"})"_s;
// v2 adds a field with a default: compatible under BACKWARD.
const QString pageviewsV2 =
    uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[{"name":"viewtime","type":"long"},{"name":"userid","type":"string"},{"name":"pageid","type":"string"},{"name":"referrer","type":"string","default":""}],"connect.name":"ksql.pageviews"})"_s;

QString record(const QString &name, const QString &type = u"string"_s)
{
    return u"{\"type\":\"record\",\"name\":\""_s + name + u"\",\"fields\":[{\"name\":\"f\",\"type\":\""_s +
           type + u"\"}]}"_s;
}

// The diff in the current tab once it has computed; null when the tab is no diff or it did not compute.
ui::DiffView *readyDiff(ui::Shell &shell)
{
    auto *view = qobject_cast<ui::DiffView *>(shell.currentTab());
    return view && QTest::qWaitFor([view] { return view->isReady(); }, 10000) ? view : nullptr;
}

// Triggers the tree's context-menu action `name` on `index`; false when the menu does not offer it. The
// menu is the window's: its own entries and those the features contribute through the shell.
bool triggerTreeAction(ui::Shell &shell, const QModelIndex &index, const QString &name)
{
    QMenu menu;
    shell.fillTreeMenu(menu, index);
    QAction *action = actionNamed(menu, name);
    if (action)
        action->trigger();
    return action;
}

// The background the editor's marks give `row`; invalid when the row carries no mark.
QColor markAt(const QList<ui::SchemaEditor::LineMark> &marks, int row)
{
    for (const auto &mark : marks) {
        if (mark.line == row)
            return mark.background;
    }
    return QColor();
}

int visibleRows(ui::SchemaEditor *editor)
{
    int visible = 0;
    for (QTextBlock block = editor->document()->begin(); block.isValid(); block = block.next())
        visible += block.isVisible() ? 1 : 0;
    return visible;
}

} // namespace

class TestDiffUi : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    sandbox::SandboxServer m_source;
    sandbox::SandboxServer m_target;
    sandbox::SandboxServer m_mirrorA;
    sandbox::SandboxServer m_mirrorB;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        for (auto *server : {&m_source, &m_target, &m_mirrorA, &m_mirrorB})
            QVERIFY2(server->start({}, &error), qPrintable(error));
        // The source's subject, and its exported copy under :.source: on the target.
        QVERIFY(registerSchema(m_source, u"pageviews-value"_s, pageviewsV1));
        QVERIFY(registerSchema(m_source, u"pageviews-value"_s, pageviewsV2));
        QVERIFY(registerSchema(m_target, u"stock_trades-value"_s, record(u"StockTrade"_s)));
        QVERIFY(registerSchema(m_target, u":.source:pageviews-value"_s, pageviewsV2));
        // A mirrored pair: the same history on both, then B diverges in three ways.
        for (int i = 0; i < 6; ++i) {
            QVERIFY(registerSchema(m_mirrorA, u"orders-%1-value"_s.arg(i), record(u"Order%1"_s.arg(i))));
            QVERIFY(registerSchema(m_mirrorB, u"orders-%1-value"_s.arg(i), record(u"Order%1"_s.arg(i))));
        }
    }

    void versionDiffFromTheTree()
    {
        ConsoleWindow console(m_dir.filePath(u"version.ini"_s));
        QMainWindow &window = console.window;
        const QString id = console.openLoaded(u"source"_s, m_source.url());
        QVERIFY(!id.isEmpty());
        const QModelIndex subject = console.workspace.tree()->subjectIndex(id, u"pageviews-value"_s);
        QMenu menu;
        console.shell.fillTreeMenu(menu, subject);
        QVERIFY(actionNamed(menu, u"treeCompareWith"_s));
        QVERIFY(actionNamed(menu, u"treeCompareFile"_s));
        QVERIFY(triggerTreeAction(console.shell, subject, u"treeComparePrevious"_s));
        ui::DiffView *view = readyDiff(console.shell);
        QVERIFY(view);
        QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
        QCOMPARE(view->leftSide().version, 1);
        QCOMPARE(view->rightSide().version, 2);
        QVERIFY(console.shell.tabTitle(console.shell.currentTab()).contains(u"v1 ↔ pageviews-value v2"_s));

        // The session's rows on both editors (the rows themselves: tst_diffsession); the new field's row
        // is marked, and padded on the left.
        const diff::DiffResult &d = view->result().diff;
        QCOMPARE(view->leftEditor()->blockCount(), view->rightEditor()->blockCount());
        QCOMPARE(view->leftEditor()->blockCount(), int(d.rows.size()));
        int referrerRow = -1;
        for (int row = 0; row < d.rows.size(); ++row) {
            if (view->rightEditor()->document()->findBlockByNumber(row).text().contains(u"referrer"_s))
                referrerRow = row;
        }
        QVERIFY(referrerRow >= 0);
        QVERIFY(d.rows[referrerRow].kind != diff::RowKind::Equal);
        const ui::DiffColours colours =
            ui::DiffColours::forPalette(view->rightEditor()->viewport()->palette());
        if (d.rows[referrerRow].kind == diff::RowKind::Added) {
            QCOMPARE(markAt(view->rightMarks(), referrerRow), colours.added);
            QCOMPARE(markAt(view->leftMarks(), referrerRow), colours.padding);
            QVERIFY(view->leftEditor()->document()->findBlockByNumber(referrerRow).text().isEmpty());
        } else {
            QCOMPARE(markAt(view->rightMarks(), referrerRow), colours.changed);
        }
        QVERIFY(!markAt(view->rightMarks(), 0).isValid()); // equal rows carry no mark
        QVERIFY(view->summaryText().contains(u"1 change"_s));

        // F7 goes to the first change and scrolls both sides together.
        view->setFocus();
        QTest::keyClick(view->rightEditor(), Qt::Key_F7);
        QCOMPARE(view->currentChange(), 0);
        QCOMPARE(view->leftEditor()->verticalScrollBar()->value(),
                 view->rightEditor()->verticalScrollBar()->value());
        QTest::keyClick(view->rightEditor(), Qt::Key_F7, Qt::ShiftModifier);
        QCOMPARE(view->currentChange(), 0);
        QVERIFY(view->summaryText().startsWith(u"change 1 of 1"_s));

        // The semantic summary as a table: one field added with a default, compatible under BACKWARD.
        auto *semantic = view->findChild<QTreeWidget *>(u"diffSemantic"_s);
        QCOMPARE(semantic->topLevelItemCount(), 1);
        QCOMPARE(semantic->topLevelItem(0)->text(0), u"field added"_s);
        QCOMPARE(semantic->topLevelItem(0)->text(1), u"referrer"_s);
        QCOMPARE(semantic->topLevelItem(0)->text(3), u"compatible"_s);
        QVERIFY(view->findChild<QLabel *>(u"diffSemanticHeader"_s)
                    ->text()
                    .contains(u"Compatible under BACKWARD"_s));

        // The marks follow the theme.
        screenshot(&window, u"diff-light.png"_s);
        window.findChild<QAction *>(u"actionTheme_dark"_s)->trigger();
        QTRY_VERIFY(ui::DiffColours::forPalette(view->rightEditor()->viewport()->palette()).added !=
                    colours.added);
        if (d.rows[referrerRow].kind == diff::RowKind::Added)
            QTRY_COMPARE(markAt(view->rightMarks(), referrerRow),
                         ui::DiffColours::forPalette(view->rightEditor()->viewport()->palette()).added);
        screenshot(&window, u"diff-dark.png"_s);
        window.findChild<QAction *>(u"actionTheme_light"_s)->trigger();

        // A second open focuses the same tab.
        const qsizetype tabs = console.shell.tabPages().size();
        ui::openPreviousVersionDiff(console.shell, id, u"pageviews-value"_s, 0);
        QCOMPARE(console.shell.tabPages().size(), tabs);
        QCOMPARE(console.shell.currentTab(), view);

        // v1 has nothing before it (tst_diffsession): the banner says so.
        auto *first = ui::openPreviousVersionDiff(console.shell, id, u"pageviews-value"_s, 1);
        QTRY_VERIFY_WITH_TIMEOUT(!first->errorText().isEmpty(), 10000);
        QVERIFY(first->findChild<QLabel *>(u"diffBanner"_s)->text().startsWith(u"Cannot compare: "_s));
    }

    // The rule that picks the compare dialog's right-hand subject.
    void counterpartRule()
    {
        QCOMPARE(ui::suggestCounterpart({u"pageviews-value"_s, u":.source:pageviews-value"_s},
                                        u"pageviews-value"_s, false),
                 u":.source:pageviews-value"_s);
        QCOMPARE(ui::suggestCounterpart({u":.dc1:orders"_s, u":.source:orders"_s}, u"orders"_s, false,
                                        u"source"_s),
                 u":.source:orders"_s);
        QCOMPARE(ui::suggestCounterpart({u"orders"_s}, u"orders"_s, false), u"orders"_s);
        // On the same registry, without a copy in another context: the subject itself (its other versions).
        QCOMPARE(ui::suggestCounterpart({u"orders"_s}, u"orders"_s, true), u"orders"_s);
        QCOMPARE(ui::suggestCounterpart({u"x"_s}, u"orders"_s, false), QString());
    }

    // Issue #15: the right side starts on the registry where the counterpart is, not on the first other
    // connection; without a counterpart, on the registry selected in the tree. Tools → Compare… with a
    // registry selected starts the left side there too. OK opens the diff of the copy on the other
    // registry under its context prefix: identical byte for byte.
    void compareStartsWhereTheCounterpartIs()
    {
        ConsoleWindow console(m_dir.filePath(u"defaults.ini"_s), QSize(1366, 768));
        QMainWindow &window = console.window;
        // mirror-a, holding no pageviews, is the first "other" connection both in the tree's order and
        // in the ids' order (which the connection list followed before).
        const auto open = [&console](const QString &name, const sandbox::SandboxServer &server, int n) {
            registry::ConnectionProfile p = testing::profileOf(name, server.url());
            p.id = QUuid(u"00000000-0000-0000-0000-00000000000%1"_s.arg(n));
            return testing::openConnection(console.workspace, p);
        };
        const QString source = open(u"source"_s, m_source, 2);
        const QString mirror = open(u"mirror-a"_s, m_mirrorA, 1);
        const QString target = open(u"target"_s, m_target, 3);
        for (const QString &id : {source, mirror, target})
            QVERIFY(testing::waitReady(console.workspace, id));
        items::RegistryTreeModel *tree = console.workspace.tree();
        const auto compareWith = [&console, &window](const QModelIndex &selected,
                                                     const QModelIndex &subject) -> ui::CompareDialog * {
            console.shell.registryTree()->setCurrentIndex(selected);
            if (console.shell.registryTree()->currentIndex() != selected ||
                !triggerTreeAction(console.shell, subject, u"treeCompareWith"_s))
                return nullptr;
            return window.findChild<ui::CompareDialog *>();
        };

        // pageviews-value's copy is on target (third), under :.source:.
        const QModelIndex pageviews = tree->subjectIndex(source, u"pageviews-value"_s);
        ui::CompareDialog *dialog = compareWith(pageviews, pageviews);
        QVERIFY(dialog);
        QCOMPARE(dialog->leftPicker()->connectionId(), source);
        QCOMPARE(dialog->rightPicker()->connectionId(), target);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->rightPicker()->subject(), u":.source:pageviews-value"_s, 10000);
        QCOMPARE(dialog->leftPicker()->subject(), u"pageviews-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->leftPicker()->isLoading() && !dialog->rightPicker()->isLoading(),
                                 10000);
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QTRY_VERIFY(ok->isEnabled());
        screenshot(dialog, u"compare-dialog.png"_s);
        QPointer<ui::CompareDialog> accepted(dialog);
        ok->click();
        delete accepted.data();
        ui::DiffView *view = readyDiff(console.shell);
        QVERIFY(view);
        QCOMPARE(view->rightSide().subject, u":.source:pageviews-value"_s);
        QCOMPARE(view->rightSide().connectionId, target);
        QVERIFY(view->result().diff.stats.identical());
        QVERIFY2(view->summaryText().startsWith(u"Identical"_s), qPrintable(view->summaryText()));
        QVERIFY(view->findChild<QLabel *>(u"diffBanner"_s)->text().contains(u"byte for byte"_s));
        QVERIFY(view->leftMarks().isEmpty() && view->rightMarks().isEmpty());
        QVERIFY(view->findChild<QLabel *>(u"diffRightHeader"_s)->text().contains(u"target"_s));

        // stock_trades-value is nowhere else: the registry selected in the tree (mirror-a), not source.
        dialog =
            compareWith(tree->connectionIndex(mirror), tree->subjectIndex(target, u"stock_trades-value"_s));
        QVERIFY(dialog);
        QCOMPARE(dialog->leftPicker()->connectionId(), target);
        QCOMPARE(dialog->rightPicker()->connectionId(), mirror);
        delete dialog;

        // Tools → Compare… with target selected: both sides start there, not on the first connection.
        console.shell.registryTree()->setCurrentIndex(tree->connectionIndex(target));
        window.findChild<QAction *>(u"actionCompare"_s)->trigger();
        dialog = window.findChild<ui::CompareDialog *>();
        QVERIFY(dialog);
        QCOMPARE(dialog->leftPicker()->connectionId(), target);
        QCOMPARE(dialog->rightPicker()->connectionId(), target);
        delete dialog;
    }

    // A file and a draft in the register editor against the registered version.
    void fileAndDraftDiffs()
    {
        ConsoleWindow console(m_dir.filePath(u"file.ini"_s), QSize());
        const QString id = console.openLoaded(u"source"_s, m_source.url());
        QVERIFY(!id.isEmpty());
        const QString path = m_dir.filePath(u"pageviews.avsc"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QString local = pageviewsV2;
        local.replace(u"\"pageid\",\"type\":\"string\""_s, u"\"pageid\",\"type\":\"long\""_s);
        file.write(local.toUtf8());
        file.close();
        ui::DiffSide registered;
        registered.connectionId = id;
        registered.subject = u"pageviews-value"_s;
        QVERIFY(ui::openFileDiff(console.shell, registered, path));
        ui::DiffView *view = readyDiff(console.shell);
        QVERIFY(view);
        QVERIFY(view->findChild<QLabel *>(u"diffRightHeader"_s)->text().contains(u"pageviews.avsc"_s));
        // A breaking change is said as one (string -> long under BACKWARD: tst_diffsession).
        QCOMPARE(view->findChild<QTreeWidget *>(u"diffSemantic"_s)->topLevelItem(0)->text(3), u"breaking"_s);
        // An unreadable file is reported, and nothing opens.
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        ui::Dialogs::takeAsked();
        QVERIFY(!ui::openFileDiff(console.shell, registered, m_dir.filePath(u"missing.avsc"_s)));
        const auto asked = ui::Dialogs::takeAsked();
        ui::Dialogs::clearAnswerer();
        QCOMPARE(asked.size(), 1);
        QVERIFY(asked.first().text.contains(u"missing.avsc"_s));

        // An unsaved draft in the register editor against the registered latest version.
        ui::RegisterView *editor =
            qobject_cast<ui::RegisterView *>(console.shell.openRegister(id, u"pageviews-value"_s));
        QVERIFY(editor);
        QString draft = pageviewsV2;
        draft.replace(u"\"referrer\""_s, u"\"referer\""_s);
        editor->setDraft(u"AVRO"_s, draft);
        auto *compare = editor->findChild<QPushButton *>(u"compareDraft"_s);
        QVERIFY(compare && compare->isEnabled());
        compare->click();
        view = readyDiff(console.shell);
        QVERIFY(view);
        QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
        QCOMPARE(view->leftSide().subject, u"pageviews-value"_s);
        QCOMPARE(view->rightSide().label, u"draft"_s);
        QCOMPARE(view->rightText(), editor->schemaText()); // as the editor holds it (pretty-printed)
        QVERIFY(view->findChild<QLabel *>(u"diffRightHeader"_s)->text().contains(u"draft"_s));
        QVERIFY(view->rightEditor()->toPlainText().contains(u"referer"_s));
        // A new subject has no latest version to compare with.
        ui::RegisterView *fresh = qobject_cast<ui::RegisterView *>(console.shell.openRegister(id, QString()));
        QVERIFY(!fresh->findChild<QPushButton *>(u"compareDraft"_s)->isEnabled());
    }

    // A long schema with one change opens folded to it (the fold layout: tst_diffsession's foldedRows);
    // a click on a fold's marker shows its rows, and unfolding shows every row again.
    void longDiffOpensFolded()
    {
        ConsoleWindow console(m_dir.filePath(u"fold.ini"_s));
        QMainWindow &window = console.window;
        QStringList fields;
        for (int i = 0; i < 600; ++i)
            fields << u"{\"name\":\"f%1\",\"type\":\"string\"}"_s.arg(i);
        ui::DiffSide left;
        left.text = u"{\"type\":\"record\",\"name\":\"Big\",\"fields\":["_s + fields.join(u',') + u"]}"_s;
        left.label = u"before.avsc"_s;
        fields[300] = u"{\"name\":\"f300\",\"type\":\"long\"}"_s;
        ui::DiffSide right;
        right.text = u"{\"type\":\"record\",\"name\":\"Big\",\"fields\":["_s + fields.join(u',') + u"]}"_s;
        right.label = u"after.avsc"_s;
        ui::openDiff(console.shell, left, right);
        ui::DiffView *view = readyDiff(console.shell);
        QVERIFY(view);
        const diff::DiffResult &d = view->result().diff;
        const diff::DiffHunk &hunk = d.hunks.first();
        QVERIFY(view->foldUnchanged());
        // Two folds around the one hunk: every row stays in the document for the highlighter, the folded
        // ones hidden behind an empty marker row.
        QCOMPARE(view->rightEditor()->blockCount(), int(d.rows.size()) + 2);
        QCOMPARE(visibleRows(view->rightEditor()), 2 + hunk.rowCount);
        QCOMPARE(visibleRows(view->leftEditor()), 2 + hunk.rowCount);
        QVERIFY(view->rightEditor()->document()->findBlockByNumber(0).isVisible());
        QVERIFY(view->rightEditor()->document()->findBlockByNumber(0).text().isEmpty());
        QVERIFY(!view->rightEditor()->document()->findBlockByNumber(1).isVisible());
        // The change is on an editor row, with the type on both sides.
        view->nextChange();
        const int row = view->rightEditor()->textCursor().blockNumber();
        QVERIFY(view->rightEditor()->document()->findBlockByNumber(row).text().contains(u"long"_s));
        QVERIFY(view->leftEditor()->document()->findBlockByNumber(row).text().contains(u"string"_s));
        QVERIFY(markAt(view->rightMarks(), row).isValid());
        screenshot(&window, u"diff-folded.png"_s);
        // A click on the second fold's marker shows just its rows, in the marker's place; the first
        // fold stays folded.
        QCOMPARE(view->foldedCount(), 2);
        const int secondMarker = 1 + hunk.firstRow + hunk.rowCount;
        QVERIFY(view->rightEditor()->document()->findBlockByNumber(secondMarker).text().isEmpty());
        const int hiddenAfter = int(d.rows.size()) - (hunk.firstRow + hunk.rowCount);
        const QRect markerRect = view->rightEditor()->cursorRect(
            QTextCursor(view->rightEditor()->document()->findBlockByNumber(secondMarker)));
        QTest::mouseClick(view->rightEditor()->viewport(), Qt::LeftButton, {}, markerRect.center());
        QCOMPARE(view->foldedCount(), 1);
        QCOMPARE(visibleRows(view->rightEditor()), 1 + hunk.rowCount + hiddenAfter);
        QCOMPARE(visibleRows(view->leftEditor()), 1 + hunk.rowCount + hiddenAfter);
        QVERIFY(!view->rightEditor()->document()->findBlockByNumber(secondMarker).isVisible());
        QVERIFY(view->rightEditor()->document()->findBlockByNumber(secondMarker + 1).isVisible());
        QVERIFY(!view->unfoldAt(secondMarker));     // done already
        QVERIFY(!view->unfoldAt(secondMarker + 1)); // not a marker
        QVERIFY(!view->rightEditor()->document()->findBlockByNumber(1).isVisible());
        screenshot(&window, u"diff-fold-opened.png"_s);
        // Unfolded: every row, and the change is still where F7 goes.
        view->setFoldUnchanged(false);
        QTRY_VERIFY(view->isReady()); // long texts go into the editors in chunks
        QCOMPARE(view->rightEditor()->blockCount(), int(d.rows.size()));
        QCOMPARE(visibleRows(view->rightEditor()), int(d.rows.size()));
        view->nextChange();
        QCOMPARE(view->rightEditor()->textCursor().blockNumber(), d.blocks.first().firstRow);
        QVERIFY(view->rightEditor()->textCursor().block().text().contains(u"long"_s));
    }

    // The demo's registries as a user meets them after `schemadesk --demo`: the mirror check with the
    // paused exporter's mapping (its rows: tst_mirrorsandbox's demoScenarios), and a schema tab that says
    // which settings apply and compares with the previous version (the rolled-back v3 skipped:
    // tst_diffsession).
    void onTheDemoData()
    {
        ConsoleWindow console(m_dir.filePath(u"demo.ini"_s));
        ui::DemoSession demo(console.shell);
        demo.start();
        QTRY_VERIFY_WITH_TIMEOUT(demo.allLoaded() || !demo.error().isEmpty(), 90000);
        QVERIFY2(demo.error().isEmpty(), qPrintable(demo.error()));
        const QString source = demo.connectionId(u"source"_s);
        const QString target = demo.connectionId(u"target"_s);

        // Verify mirror with src-to-tgt-link's rule: the view says which context is not in IMPORT mode.
        diff::SubjectMapping mapping;
        mapping.contextType = diff::ContextType::Custom;
        mapping.context = u"source"_s;
        ui::MirrorView *mirror = ui::openMirrorVerification(console.shell, source, target, mapping, true);
        QTRY_VERIFY_WITH_TIMEOUT(!mirror->isRunning(), 20000);
        QVERIFY2(mirror->hasReport(), qPrintable(mirror->errorText()));
        // With its report shown the tab still fits beside a 420-pixel registry tree in a 1280-pixel window
        // (a wider minimum squeezes the tree until subject names are cut off).
        QVERIFY2(mirror->minimumSizeHint().width() <= 1280 - 420,
                 qPrintable(QString::number(mirror->minimumSizeHint().width())));
        QVERIFY(mirror->findChild<QLabel *>(u"mirrorContexts"_s)->text().contains(u".source.target"_s));
        // Grouped by context, each with what needs attention; one of them shows only its rows.
        const QStringList groups = mirror->contextFilterItems();
        QCOMPARE(groups.size(), 3);
        QCOMPARE(groups.at(0), u"Every context"_s);
        QVERIFY2(groups.at(1).startsWith(u"default context — 2 of "_s), qPrintable(groups.at(1)));
        mirror->setStatusFilter(-1);
        mirror->setContextFilter(u".target"_s);
        const int stranded = mirror->rows()->rowCount();
        QVERIFY(stranded >= 4);
        QCOMPARE(groups.at(2), u".target — %1 of %1 subject(s) not identical"_s.arg(stranded));
        for (int row = 0; row < mirror->rows()->rowCount(); ++row)
            QVERIFY(mirror->rows()->index(row, 1).data().toString().startsWith(u":.target:"_s));
        mirror->setContextFilter({});
        QCOMPARE(mirror->rows()->rowCount(), int(mirror->report().entries.size()));

        // A schema tab says which compatibility and mode apply and where they come from, and compares
        // with the previous version; a level set on the subject is what the diff judges by.
        ui::SchemaView *copy =
            qobject_cast<ui::SchemaView *>(console.shell.openSchema(target, u":.source:users-value"_s));
        QTRY_VERIFY_WITH_TIMEOUT(copy->isLoaded(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            copy->settingsText(),
            u"compatibility BACKWARD (the server's default) · mode IMPORT (inherited from the "
            "context)"_s,
            10000);
        bool configured = false;
        registry::ConfigUpdate full;
        full.compatibility = u"FULL"_s;
        console.workspace.client(source)->setConfig(u"users-value"_s, full, this,
                                                    [&configured](const auto &r) { configured = bool(r); });
        QTRY_VERIFY_WITH_TIMEOUT(configured, 10000);
        ui::SchemaView *schema =
            qobject_cast<ui::SchemaView *>(console.shell.openSchema(source, u"users-value"_s));
        QTRY_VERIFY_WITH_TIMEOUT(schema->isLoaded(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            schema->settingsText().startsWith(u"compatibility FULL (set on the subject)"_s), 10000);
        QCOMPARE(schema->loadedVersion().version, 2);
        // The register tab says what a check is judged by, also for a subject that does not exist yet.
        ui::RegisterView *editor =
            qobject_cast<ui::RegisterView *>(console.shell.openRegister(source, u"users-value"_s));
        auto *judged = editor->findChild<QLabel *>(u"registerSettings"_s);
        QTRY_VERIFY_WITH_TIMEOUT(judged->text().startsWith(u"compatibility FULL (set on the subject)"_s),
                                 10000);
        editor->findChild<QLineEdit *>(u"registerSubject"_s)->setText(u"brand-new-value"_s);
        QVERIFY2(judged->text().contains(u"a new subject"_s), qPrintable(judged->text()));
        QVERIFY(judged->text().startsWith(u"compatibility BACKWARD (the server's default)"_s));
        console.shell.focusTab(schema);
        // "Change…" goes to the modes tab at this subject's level.
        schema->findChild<QPushButton *>(u"schemaChangeSettings"_s)->click();
        auto *modes = qobject_cast<ui::ModesView *>(console.shell.currentTab());
        QVERIFY(modes);
        QTRY_COMPARE_WITH_TIMEOUT(modes->currentLevel(), modes::Level::ofSubject(u"users-value"_s), 10000);
        console.shell.openSchema(source, u"users-value"_s);
        QCOMPARE(console.shell.currentTab(), schema);
        auto *comparePrevious = schema->findChild<QPushButton *>(u"schemaComparePrevious"_s);
        QTRY_VERIFY(comparePrevious->isEnabled());
        comparePrevious->click();
        ui::DiffView *fromSchema = readyDiff(console.shell);
        QVERIFY(fromSchema);
        QCOMPARE(fromSchema->leftSide().version, 1);
        QCOMPARE(fromSchema->rightSide().version, 2);
        QVERIFY(fromSchema->findChild<QLabel *>(u"diffSemanticHeader"_s)->text().contains(u"under FULL"_s));
    }

    // Export a registry's latest schemas to a folder, verify the folder against the registry, change a
    // file, and open the one differing subject: the registered schema next to the file. (The folder's
    // round trip and drift: tst_mirrorsandbox's folderRoundTripAndDrift.)
    void folderExportAndCompare()
    {
        ConsoleWindow console(m_dir.filePath(u"folder.ini"_s), QSize());
        QMainWindow &window = console.window;
        const QString id = console.openLoaded(u"source"_s, m_source.url());
        QVERIFY(!id.isEmpty());
        QMenu menu;
        console.shell.fillTreeMenu(menu, console.workspace.tree()->connectionIndex(id));
        QVERIFY(actionNamed(menu, u"treeExportFolder"_s));
        QVERIFY(window.findChild<QAction *>(u"actionExportFolder"_s));

        QTemporaryDir folder;
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        ui::SchemaFolderExport *job = ui::exportSchemasToFolder(console.shell, id, {}, folder.path());
        QVERIFY(job);
        QSignalSpy exported(job, &ui::SchemaFolderExport::finished);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 15000);
        QVERIFY2(exported.at(0).at(0).toBool(), qPrintable(exported.at(0).at(1).toString()));
        QVERIFY(exported.at(0).at(2).toInt() >= 1);
        const auto asked = ui::Dialogs::takeAsked();
        ui::Dialogs::clearAnswerer();
        QCOMPARE(asked.size(), 1);
        QVERIFY(asked.first().text.contains(folder.path()));
        const QString file = folder.filePath(u"pageviews-value.avsc"_s);
        QVERIFY(QFile::exists(file));

        ui::MirrorView *mirror =
            ui::openMirrorVerification(console.shell, id, QString(), diff::SubjectMapping{}, false);
        mirror->setFolderB(folder.path());
        QVERIFY(mirror->comparesFolder());
        QVERIFY(!mirror->findChild<QComboBox *>(u"mirrorContextType"_s)->isVisibleTo(mirror));
        mirror->start();
        QTRY_VERIFY_WITH_TIMEOUT(!mirror->isRunning(), 15000);
        QVERIFY2(mirror->hasReport(), qPrintable(mirror->errorText()));
        QVERIFY(mirror->countsText().contains(u"B mirrors A"_s));

        // Someone edits the file in the repository (a renamed field) and reformats it on one line.
        QFile edited(file);
        QVERIFY(edited.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QString changed = pageviewsV2;
        changed.replace(u"\"referrer\""_s, u"\"referer\""_s);
        edited.write(changed.toUtf8());
        edited.close();
        mirror->start();
        QTRY_VERIFY_WITH_TIMEOUT(!mirror->isRunning(), 15000);
        int differing = -1;
        for (int i = 0; i < mirror->report().entries.size(); ++i) {
            if (mirror->report().entries[i].status == diff::MirrorStatus::Differing)
                differing = i;
        }
        QVERIFY(differing >= 0);
        window.resize(1400, 820);
        window.show();
        screenshot(&window, u"mirror-folder.png"_s);
        mirror->openEntry(differing);
        ui::DiffView *view = readyDiff(console.shell);
        QVERIFY(view);
        QCOMPARE(view->leftSide().subject, u"pageviews-value"_s);
        QCOMPARE(view->rightSide().label, u"pageviews-value.avsc"_s);
        QVERIFY(view->rightEditor()->toPlainText().contains(u"referer"_s));
    }

    // The report of a mirror that diverged in three ways (its counts, cancel and failures: tst_mirrorrun)
    // as the screen shows it: the counts line, the rows that need attention, the filters, a double-click
    // to the diff, and the exports.
    void mirrorVerificationReportsExactlyTheThreeChanges()
    {
        // B diverges: one schema changed (a new version), one subject removed, one added.
        QVERIFY(registerSchema(m_mirrorB, u"orders-2-value"_s, record(u"Order2"_s, u"bytes"_s)));
        QVERIFY(diff::test::deleteSubject(m_mirrorB, u"orders-4-value"_s));
        QVERIFY(registerSchema(m_mirrorB, u"payments-value"_s, record(u"Payment"_s)));

        ConsoleWindow console(m_dir.filePath(u"mirror.ini"_s));
        QMainWindow &window = console.window;
        const QString a = console.openLoaded(u"mirror-a"_s, m_mirrorA.url());
        const QString b = console.openLoaded(u"mirror-b"_s, m_mirrorB.url());
        QVERIFY(!a.isEmpty() && !b.isEmpty());

        ui::MirrorView *view = ui::openMirrorVerification(console.shell, a, b, diff::SubjectMapping{});
        QVERIFY(view);
        QCOMPARE(console.shell.currentTab(), view);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isRunning(), 20000);
        QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
        QVERIFY(view->hasReport());
        QVERIFY(view->countsText().contains(u"<b>1</b> only in A"_s));

        // The list starts on what needs attention: the three changes.
        QSortFilterProxyModel *rows = view->rows();
        QStringList shown;
        for (int r = 0; r < rows->rowCount(); ++r)
            shown << rows->index(r, 0).data().toString() + u' ' + rows->index(r, 1).data().toString() + u'|' +
                         rows->index(r, 2).data().toString();
        shown.sort();
        QCOMPARE(shown, QStringList({u"differing orders-2-value|orders-2-value"_s,
                                     u"only in A orders-4-value|(expected orders-4-value)"_s,
                                     u"only in B —|payments-value"_s}));
        // The filters reach the proxy (its logic: tst_mirrorrun).
        view->setStatusFilter(-1);
        QCOMPARE(rows->rowCount(), 7);
        view->setTextFilter(u"orders-2"_s);
        QCOMPARE(rows->rowCount(), 1);
        view->setTextFilter(QString());
        view->setStatusFilter(-2);
        screenshot(&window, u"mirror.png"_s);

        // Double-click on the differing subject opens its side-by-side diff.
        int differing = -1;
        for (int r = 0; r < rows->rowCount(); ++r) {
            if (rows->index(r, 0).data().toString() == u"differing")
                differing = r;
        }
        QVERIFY(differing >= 0);
        auto *results = view->findChild<QTreeView *>(u"mirrorResults"_s);
        const QModelIndex cell = rows->index(differing, 1);
        results->scrollTo(cell);
        QTest::mouseClick(results->viewport(), Qt::LeftButton, {}, results->visualRect(cell).center());
        QTest::mouseDClick(results->viewport(), Qt::LeftButton, {}, results->visualRect(cell).center());
        ui::DiffView *diffView = readyDiff(console.shell);
        QVERIFY2(diffView, qPrintable(console.shell.tabTitle(console.shell.currentTab())));
        QCOMPARE(diffView->leftSide().connectionId, a);
        QCOMPARE(diffView->rightSide().connectionId, b);
        QVERIFY(diffView->leftText().contains(u"\"string\""_s));
        QVERIFY(diffView->rightText().contains(u"\"bytes\""_s));

        // Exports.
        const QString json = m_dir.filePath(u"report.json"_s);
        const QString markdown = m_dir.filePath(u"report.md"_s);
        QString error;
        QVERIFY2(view->exportJson(json, &error), qPrintable(error));
        QVERIFY2(view->exportMarkdown(markdown, &error), qPrintable(error));
        // The files hold the shown report (its JSON and Markdown forms: tst_mirrorcomparator).
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(jsonFile.readAll()).toJson().contains("payments-value"));
        QFile markdownFile(markdown);
        QVERIFY(markdownFile.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(markdownFile.readAll()).contains(u"orders-4-value"_s));
        QVERIFY(!view->exportJson(m_dir.filePath(u"no/such/dir/report.json"_s), &error));

        // Opening again from an exporter's mapping focuses the same tab, pre-filled.
        diff::SubjectMapping mapping;
        mapping.contextType = diff::ContextType::Custom;
        mapping.context = u"source"_s;
        QCOMPARE(ui::openMirrorVerification(console.shell, a, b, mapping, false), view);
        QCOMPARE(view->mapping().contextType, diff::ContextType::Custom);
        QCOMPARE(view->mapping().context, u"source"_s);
    }
};

QTEST_MAIN(TestDiffUi)
#include "tst_diffui.moc"
