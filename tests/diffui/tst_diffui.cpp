// The diff and mirror-verification screens against real sandbox registries over loopback HTTP:
// a version diff opened from the tree, a cross-registry diff with the context prefix mapped (an
// exported copy is identical), a file diff, and mirror verification that reports exactly the three changes
// made on the mirror, with its JSON and Markdown exports. What the workflows compute (sides, results,
// counts, cancel, failures) is asserted without widgets in tst_diffsession and tst_mirrorrun.
#include "console/Console.h"
#include "diff/SubjectMapping.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/SandboxServer.h"
#include "ui/AppSettings.h"
#include "ui/Demo.h"
#include "ui/Dialogs.h"
#include "ui/diff/CompareDialog.h"
#include "ui/diff/DiffColours.h"
#include "ui/diff/DiffFeature.h"
#include "ui/diff/DiffView.h"
#include "ui/diff/MirrorView.h"
#include "ui/diff/SchemaFolderExport.h"
#include "ui/MainWindow.h"
#include "ui/modes/ModesView.h"
#include "ui/RegisterView.h"
#include "ui/SchemaEditor.h"
#include "ui/SchemaView.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTreeView>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace sd;
using Model = items::RegistryTreeModel;

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

QAction *findAction(const QMenu &menu, const QString &objectName)
{
    for (QAction *action : menu.actions()) {
        if (action->objectName() == objectName)
            return action;
    }
    return nullptr;
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

    static registry::ConnectionProfile profile(const QString &name, const sandbox::SandboxServer &server)
    {
        registry::ConnectionProfile p;
        p.name = name;
        p.colour = u"#1565c0"_s;
        p.urls = {server.url()};
        return p;
    }

    // Seeds over HTTP through the real client.
    void registerSchema(const sandbox::SandboxServer &server, const QString &subject, const QString &schema)
    {
        registry::RegistryClient client(profile(u"seed"_s, server), {});
        registry::SchemaSubmission submission;
        submission.schema = schema;
        bool done = false;
        QString error;
        client.registerSchema(subject, submission, false, this,
                              [&](const registry::Result<registry::SchemaVersion> &r) {
                                  done = true;
                                  if (!r)
                                      error = r.error.toDisplayString();
                              });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY2(error.isEmpty(), qPrintable(subject + u": "_s + error));
    }

    void deleteSubject(const sandbox::SandboxServer &server, const QString &subject)
    {
        registry::RegistryClient client(profile(u"seed"_s, server), {});
        for (bool permanent : {false, true}) {
            bool done = false;
            QString error;
            client.deleteSubject(subject, permanent, this, [&](const registry::Result<QList<int>> &r) {
                done = true;
                if (!r)
                    error = r.error.toDisplayString();
            });
            QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
    }

    static QString connect(ui::MainWindow &window, const registry::ConnectionProfile &p)
    {
        const QString id = p.id.toString(QUuid::WithoutBraces);
        window.workspace()->openConnection(p, {});
        window.workspace()->load(id);
        return id;
    }

    static bool waitReady(ui::MainWindow &window, const QString &id)
    {
        return QTest::qWaitFor(
            [&] {
                const auto *c = window.workspace()->connection(id);
                return c && c->state == items::RegistryWorkspace::State::Ready;
            },
            15000);
    }

    void screenshot(QWidget *widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("SD_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QVERIFY(widget->grab().save(dir + u'/' + name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        for (auto *server : {&m_source, &m_target, &m_mirrorA, &m_mirrorB})
            QVERIFY2(server->start({}, &error), qPrintable(error));
        // The source's subject, and its exported copy under :.source: on the target.
        registerSchema(m_source, u"pageviews-value"_s, pageviewsV1);
        registerSchema(m_source, u"pageviews-value"_s, pageviewsV2);
        registerSchema(m_target, u"stock_trades-value"_s, record(u"StockTrade"_s));
        registerSchema(m_target, u":.source:pageviews-value"_s, pageviewsV2);

        // A mirrored pair: the same history on both, then B diverges in three ways.
        for (int i = 0; i < 6; ++i) {
            registerSchema(m_mirrorA, u"orders-%1-value"_s.arg(i), record(u"Order%1"_s.arg(i)));
            registerSchema(m_mirrorB, u"orders-%1-value"_s.arg(i), record(u"Order%1"_s.arg(i)));
        }
    }

    void versionDiffFromTheTree()
    {
        ui::AppSettings settings(m_dir.filePath(u"version.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.resize(1400, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString id = connect(window, profile(u"source"_s, m_source));
        QVERIFY(waitReady(window, id));
        const QModelIndex subject = window.workspace()->tree()->subjectIndex(id, u"pageviews-value"_s);
        QVERIFY(subject.isValid());

        QMenu menu;
        window.fillTreeMenu(menu, subject);
        QAction *previous = findAction(menu, u"treeComparePrevious"_s);
        QVERIFY(previous);
        QVERIFY(findAction(menu, u"treeCompareWith"_s));
        QVERIFY(findAction(menu, u"treeCompareFile"_s));
        previous->trigger();

        auto *view = qobject_cast<ui::DiffView *>(window.tabs()->currentWidget());
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->isReady(), 10000);
        QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
        QCOMPARE(view->leftSide().version, 1);
        QCOMPARE(view->rightSide().version, 2);
        QVERIFY(window.tabs()->tabText(window.tabs()->currentIndex()).contains(u"v1 ↔ pageviews-value v2"_s));

        // Pretty by default (the rows themselves: tst_diffsession); the new field's row is padded on the
        // left.
        const diff::DiffResult &d = view->result().diff;
        QCOMPARE(view->normalization(), diff::Normalization::Pretty);
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
        auto markAt = [](const QList<ui::SchemaEditor::LineMark> &marks, int row) {
            for (const auto &mark : marks) {
                if (mark.line == row)
                    return mark.background;
            }
            return QColor();
        };
        if (d.rows[referrerRow].kind == diff::RowKind::Added) {
            QCOMPARE(markAt(view->rightMarks(), referrerRow), colours.added);
            QCOMPARE(markAt(view->leftMarks(), referrerRow), colours.padding);
            QVERIFY(view->leftEditor()->document()->findBlockByNumber(referrerRow).text().isEmpty());
        } else {
            QCOMPARE(markAt(view->rightMarks(), referrerRow), colours.changed);
        }
        // Equal rows carry no mark.
        QVERIFY(!markAt(view->rightMarks(), 0).isValid());
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

        // The semantic summary: one field added with a default, compatible under BACKWARD.
        auto *semantic = view->findChild<QTreeWidget *>(u"diffSemantic"_s);
        QCOMPARE(semantic->topLevelItemCount(), 1);
        QCOMPARE(semantic->topLevelItem(0)->text(0), u"field added"_s);
        QCOMPARE(semantic->topLevelItem(0)->text(1), u"referrer"_s);
        QCOMPARE(semantic->topLevelItem(0)->text(3), u"compatible"_s);
        QVERIFY(view->findChild<QLabel *>(u"diffSemanticHeader"_s)
                    ->text()
                    .contains(u"Compatible under BACKWARD"_s));

        screenshot(&window, u"diff-light.png"_s);
        window.setThemeChoice(ui::ThemeChoice::Dark);
        QTRY_VERIFY(ui::DiffColours::forPalette(view->rightEditor()->viewport()->palette()).added !=
                    colours.added);
        if (d.rows[referrerRow].kind == diff::RowKind::Added)
            QTRY_COMPARE(markAt(view->rightMarks(), referrerRow),
                         ui::DiffColours::forPalette(view->rightEditor()->viewport()->palette()).added);
        screenshot(&window, u"diff-dark.png"_s);
        window.setThemeChoice(ui::ThemeChoice::Light);

        // Swap: the added field becomes a removed one, and the summary turns around.
        view->swapSides();
        QTRY_VERIFY_WITH_TIMEOUT(view->isReady(), 10000);
        QCOMPARE(view->leftSide().version, 2);
        QCOMPARE(semantic->topLevelItem(0)->text(0), u"field removed"_s);
        view->swapSides();
        QTRY_VERIFY_WITH_TIMEOUT(view->isReady(), 10000);

        // Canonical form drops connect.name and the default, but the new field still differs.
        view->setNormalization(diff::Normalization::Canonical);
        QTRY_VERIFY_WITH_TIMEOUT(view->isReady(), 10000);
        QVERIFY(!view->rightEditor()->toPlainText().contains(u"connect.name"_s));
        QVERIFY(!view->result().diff.stats.identical());

        // A second open focuses the same tab.
        const int tabs = window.tabs()->count();
        ui::openPreviousVersionDiff(window.shell(), id, u"pageviews-value"_s, 0);
        QCOMPARE(window.tabs()->count(), tabs);
        QCOMPARE(window.tabs()->currentWidget(), view);

        // v1 has nothing before it (tst_diffsession): the banner says so.
        auto *first = ui::openPreviousVersionDiff(window.shell(), id, u"pageviews-value"_s, 1);
        QTRY_VERIFY_WITH_TIMEOUT(!first->errorText().isEmpty(), 10000);
        QVERIFY(first->findChild<QLabel *>(u"diffBanner"_s)->text().startsWith(u"Cannot compare: "_s));
    }

    void crossRegistryDiffMapsTheContextPrefix()
    {
        ui::AppSettings settings(m_dir.filePath(u"cross.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.resize(1400, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString source = connect(window, profile(u"source"_s, m_source));
        const QString target = connect(window, profile(u"target"_s, m_target));
        QVERIFY(waitReady(window, source));
        QVERIFY(waitReady(window, target));
        const QModelIndex subject = window.workspace()->tree()->subjectIndex(source, u"pageviews-value"_s);
        QVERIFY(subject.isValid());
        QMenu menu;
        window.fillTreeMenu(menu, subject);
        QAction *compareWith = findAction(menu, u"treeCompareWith"_s);
        QVERIFY(compareWith);
        compareWith->trigger();

        auto *dialog = window.findChild<ui::CompareDialog *>();
        QVERIFY(dialog);
        QCOMPARE(dialog->leftPicker()->connectionId(), source);
        QCOMPARE(dialog->rightPicker()->connectionId(), target);
        // The right side is pre-filled with the copy under the context prefix.
        QTRY_COMPARE_WITH_TIMEOUT(dialog->rightPicker()->subject(), u":.source:pageviews-value"_s, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->leftPicker()->isLoading() && !dialog->rightPicker()->isLoading(),
                                 10000);
        QCOMPARE(dialog->leftPicker()->subject(), u"pageviews-value"_s);
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QTRY_VERIFY(ok->isEnabled());
        screenshot(dialog, u"compare-dialog.png"_s);
        ok->click();

        auto *view = qobject_cast<ui::DiffView *>(window.tabs()->currentWidget());
        QVERIFY(view);
        QTRY_VERIFY2_WITH_TIMEOUT(view->isReady(),
                                  qPrintable(view->errorText() + u" / "_s + view->summaryText()), 10000);
        QCOMPARE(view->rightSide().subject, u":.source:pageviews-value"_s);
        QCOMPARE(view->rightSide().connectionId, target);
        // Same schema, different qualified name: identical (md5 of the responses would say otherwise).
        QVERIFY(view->result().diff.stats.identical());
        QVERIFY2(view->summaryText().startsWith(u"Identical"_s), qPrintable(view->summaryText()));
        QVERIFY(view->leftMarks().isEmpty());
        QVERIFY(view->rightMarks().isEmpty());
        QVERIFY(view->findChild<QLabel *>(u"diffRightHeader"_s)->text().contains(u"target"_s));

        // The counterpart rule on its own.
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
    // registry selected starts the left side there too.
    void compareStartsWhereTheCounterpartIs()
    {
        ui::AppSettings settings(m_dir.filePath(u"defaults.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // mirror-a, holding no pageviews, is the first "other" connection both in the tree's order and
        // in the ids' order (which the connection list followed before).
        const auto withId = [](registry::ConnectionProfile p, int n) {
            p.id = QUuid(u"00000000-0000-0000-0000-00000000000%1"_s.arg(n));
            return p;
        };
        const QString source = connect(window, withId(profile(u"source"_s, m_source), 2));
        const QString mirror = connect(window, withId(profile(u"mirror-a"_s, m_mirrorA), 1));
        const QString target = connect(window, withId(profile(u"target"_s, m_target), 3));
        for (const QString &id : {source, mirror, target})
            QVERIFY(waitReady(window, id));
        Model *tree = window.workspace()->tree();
        const auto selectInTree = [&window](const QModelIndex &index) {
            window.registryTree()->setCurrentIndex(index);
            QCOMPARE(window.registryTree()->currentIndex(), index);
        };
        const auto compareWith = [&window](const QModelIndex &subject) -> ui::CompareDialog * {
            QMenu menu;
            window.fillTreeMenu(menu, subject);
            QAction *action = findAction(menu, u"treeCompareWith"_s);
            if (!action)
                return nullptr;
            action->trigger();
            return window.findChild<ui::CompareDialog *>();
        };

        // pageviews-value's copy is on target (third), under :.source:.
        const QModelIndex pageviews = tree->subjectIndex(source, u"pageviews-value"_s);
        selectInTree(pageviews);
        ui::CompareDialog *dialog = compareWith(pageviews);
        QVERIFY(dialog);
        QCOMPARE(dialog->leftPicker()->connectionId(), source);
        QCOMPARE(dialog->rightPicker()->connectionId(), target);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->rightPicker()->subject(), u":.source:pageviews-value"_s, 10000);
        delete dialog;

        // stock_trades-value is nowhere else: the registry selected in the tree (mirror-a), not source.
        selectInTree(tree->connectionIndex(mirror));
        dialog = compareWith(tree->subjectIndex(target, u"stock_trades-value"_s));
        QVERIFY(dialog);
        QCOMPARE(dialog->leftPicker()->connectionId(), target);
        QCOMPARE(dialog->rightPicker()->connectionId(), mirror);
        delete dialog;

        // Tools → Compare… with target selected: both sides start there, not on the first connection.
        selectInTree(tree->connectionIndex(target));
        window.findChild<QAction *>(u"actionCompare"_s)->trigger();
        dialog = window.findChild<ui::CompareDialog *>();
        QVERIFY(dialog);
        QCOMPARE(dialog->leftPicker()->connectionId(), target);
        QCOMPARE(dialog->rightPicker()->connectionId(), target);
        delete dialog;
    }

    void fileDiff()
    {
        ui::AppSettings settings(m_dir.filePath(u"file.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        const QString id = connect(window, profile(u"source"_s, m_source));
        QVERIFY(waitReady(window, id));
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
        auto *view = ui::openFileDiff(window.shell(), registered, path);
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->isReady(), 10000);
        QVERIFY(view->findChild<QLabel *>(u"diffRightHeader"_s)->text().contains(u"pageviews.avsc"_s));
        // Breaking under BACKWARD: string -> long cannot be read.
        auto *semantic = view->findChild<QTreeWidget *>(u"diffSemantic"_s);
        QCOMPARE(semantic->topLevelItemCount(), 1);
        QCOMPARE(semantic->topLevelItem(0)->text(3), u"breaking"_s);
        // An unreadable file is reported, and nothing opens.
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        ui::Dialogs::takeAsked();
        QVERIFY(!ui::openFileDiff(window.shell(), registered, m_dir.filePath(u"missing.avsc"_s)));
        const auto asked = ui::Dialogs::takeAsked();
        ui::Dialogs::clearAnswerer();
        QCOMPARE(asked.size(), 1);
        QVERIFY(asked.first().text.contains(u"missing.avsc"_s));
    }

    // A long schema with one change opens folded to it; unfolding shows every row again.
    void longDiffOpensFolded()
    {
        ui::AppSettings settings(m_dir.filePath(u"fold.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.resize(1400, 820);
        window.show();
        QStringList fields;
        for (int i = 0; i < 600; ++i)
            fields << u"{\"name\":\"f%1\",\"type\":\"string\"}"_s.arg(i);
        const QString before =
            u"{\"type\":\"record\",\"name\":\"Big\",\"fields\":["_s + fields.join(u',') + u"]}"_s;
        fields[300] = u"{\"name\":\"f300\",\"type\":\"long\"}"_s;
        const QString after =
            u"{\"type\":\"record\",\"name\":\"Big\",\"fields\":["_s + fields.join(u',') + u"]}"_s;
        ui::DiffSide left;
        left.text = before;
        left.label = u"before.avsc"_s;
        ui::DiffSide right;
        right.text = after;
        right.label = u"after.avsc"_s;
        ui::DiffView *view = ui::openDiff(window.shell(), left, right);
        QTRY_VERIFY_WITH_TIMEOUT(view->isReady(), 10000);
        const diff::DiffResult &d = view->result().diff;
        QCOMPARE(view->changeCount(), 1);
        QVERIFY(d.rows.size() > 2400);
        QVERIFY(view->foldUnchanged());
        // Two folds around one hunk (3 lines of context each side of the one changed row): every row
        // stays in the document for the highlighter, the folded ones hidden behind an empty marker row.
        auto visibleRows = [](ui::SchemaEditor *editor) {
            int visible = 0;
            for (QTextBlock block = editor->document()->begin(); block.isValid(); block = block.next())
                visible += block.isVisible() ? 1 : 0;
            return visible;
        };
        QCOMPARE(view->rightEditor()->blockCount(), int(d.rows.size()) + 2);
        QCOMPARE(visibleRows(view->rightEditor()), 2 + d.hunks.first().rowCount);
        QCOMPARE(visibleRows(view->leftEditor()), 2 + d.hunks.first().rowCount);
        QVERIFY(view->rightEditor()->document()->findBlockByNumber(0).isVisible());
        QVERIFY(view->rightEditor()->document()->findBlockByNumber(0).text().isEmpty());
        QVERIFY(!view->rightEditor()->document()->findBlockByNumber(1).isVisible());
        // The change is on an editor row, marked, with the type on both sides.
        view->nextChange();
        const int row = view->rightEditor()->textCursor().blockNumber();
        QVERIFY(view->rightEditor()->document()->findBlockByNumber(row).text().contains(u"long"_s));
        QVERIFY(view->leftEditor()->document()->findBlockByNumber(row).text().contains(u"string"_s));
        bool marked = false;
        for (const auto &mark : view->rightMarks())
            marked = marked || mark.line == row;
        QVERIFY(marked);
        screenshot(&window, u"diff-folded.png"_s);
        // A click on the second fold's marker shows just its rows, in the marker's place; the first
        // fold stays folded.
        QCOMPARE(view->foldedCount(), 2);
        const int secondMarker = 1 + (d.hunks.first().firstRow) + d.hunks.first().rowCount;
        QVERIFY(view->rightEditor()->document()->findBlockByNumber(secondMarker).isVisible());
        QVERIFY(view->rightEditor()->document()->findBlockByNumber(secondMarker).text().isEmpty());
        const int hiddenAfter = int(d.rows.size()) - (d.hunks.first().firstRow + d.hunks.first().rowCount);
        const QRect markerRect = view->rightEditor()->cursorRect(
            QTextCursor(view->rightEditor()->document()->findBlockByNumber(secondMarker)));
        QTest::mouseClick(view->rightEditor()->viewport(), Qt::LeftButton, {}, markerRect.center());
        QCOMPARE(view->foldedCount(), 1);
        QCOMPARE(visibleRows(view->rightEditor()), 1 + d.hunks.first().rowCount + hiddenAfter);
        QCOMPARE(visibleRows(view->leftEditor()), 1 + d.hunks.first().rowCount + hiddenAfter);
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

    // The demo's own registries: the exported copy under :.source:, compare-with-previous from the tree,
    // and the mirror check with the exporter's mapping, as a user would meet them after `schemadesk --demo`.
    void onTheDemoData()
    {
        ui::AppSettings settings(m_dir.filePath(u"demo.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.resize(1400, 820);
        window.show();
        ui::DemoSession demo(window);
        demo.start();
        QTRY_VERIFY_WITH_TIMEOUT(demo.allLoaded() || !demo.error().isEmpty(), 90000);
        QVERIFY2(demo.error().isEmpty(), qPrintable(demo.error()));
        const QString source = demo.connectionId(u"source"_s);
        const QString target = demo.connectionId(u"target"_s);

        // Compare with previous on users-value: the latest live version (v2; v3 was rolled back) against v1.
        const QModelIndex users = window.workspace()->tree()->subjectIndex(source, u"users-value"_s);
        QVERIFY(users.isValid());
        QMenu menu;
        window.fillTreeMenu(menu, users);
        QAction *previous = findAction(menu, u"treeComparePrevious"_s);
        QVERIFY(previous);
        previous->trigger();
        auto *versions = qobject_cast<ui::DiffView *>(window.tabs()->currentWidget());
        QVERIFY(versions);
        QTRY_VERIFY_WITH_TIMEOUT(versions->isReady(), 10000);
        QCOMPARE(versions->leftSide().version, 1);
        QCOMPARE(versions->rightSide().version, 2);
        QCOMPARE(versions->changeCount(), 1);
        const diff::DiffResult &d = versions->result().diff;
        const int row = d.blocks.first().firstRow;
        QCOMPARE(d.rows[row].kind, diff::RowKind::Added);
        QVERIFY(versions->leftEditor()->document()->findBlockByNumber(row).text().isEmpty());
        QString added;
        for (int r = row; r < row + d.blocks.first().rowCount; ++r)
            added += versions->rightEditor()->document()->findBlockByNumber(r).text();
        QVERIFY2(added.contains(u"\"email\""_s), qPrintable(added));
        const ui::DiffColours colours =
            ui::DiffColours::forPalette(versions->rightEditor()->viewport()->palette());
        bool marked = false;
        for (const auto &mark : versions->rightMarks())
            marked = marked || (mark.line == row && mark.background == colours.added);
        QVERIFY(marked);
        auto *semantic = versions->findChild<QTreeWidget *>(u"diffSemantic"_s);
        QCOMPARE(semantic->topLevelItemCount(), 1);
        QCOMPARE(semantic->topLevelItem(0)->text(1), u"email"_s);
        QCOMPARE(semantic->topLevelItem(0)->text(3), u"compatible"_s);

        // pageviews-value on source and its exported copy on target, from the Compare dialog.
        const QModelIndex pageviews = window.workspace()->tree()->subjectIndex(source, u"pageviews-value"_s);
        QVERIFY(pageviews.isValid());
        QMenu pageviewsMenu;
        window.fillTreeMenu(pageviewsMenu, pageviews);
        findAction(pageviewsMenu, u"treeCompareWith"_s)->trigger();
        auto *dialog = window.findChild<ui::CompareDialog *>();
        QVERIFY(dialog);
        dialog->rightPicker()->setConnection(target);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->rightPicker()->subject(), u":.source:pageviews-value"_s, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->leftPicker()->isLoading() && !dialog->rightPicker()->isLoading(),
                                 10000);
        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QTRY_VERIFY(ok->isEnabled());
        ok->click();
        auto *mirrored = qobject_cast<ui::DiffView *>(window.tabs()->currentWidget());
        QVERIFY(mirrored);
        QTRY_VERIFY_WITH_TIMEOUT(mirrored->isReady(), 10000);
        QVERIFY(mirrored->result().diff.stats.identical());
        QVERIFY(mirrored->rightMarks().isEmpty());
        QVERIFY(mirrored->leftText() == mirrored->rightText());
        QVERIFY(mirrored->findChild<QLabel *>(u"diffBanner"_s)->text().contains(u"byte for byte"_s));

        // The paused exporter through Verify mirror with src-to-tgt-link's rule: the imported .target
        // subjects never reached target's .source.target, and the view says which context is not in IMPORT
        // mode.
        diff::SubjectMapping mapping;
        mapping.contextType = diff::ContextType::Custom;
        mapping.context = u"source"_s;
        ui::MirrorView *mirror = ui::openMirrorVerification(window.shell(), source, target, mapping, true);
        QTRY_VERIFY_WITH_TIMEOUT(!mirror->isRunning(), 20000);
        QVERIFY2(mirror->hasReport(), qPrintable(mirror->errorText()));
        // With its report shown the tab still fits beside a 420-pixel registry tree in a 1280-pixel window
        // (a wider minimum squeezes the tree until subject names are cut off).
        QVERIFY2(mirror->minimumSizeHint().width() <= 1280 - 420,
                 qPrintable(QString::number(mirror->minimumSizeHint().width())));
        bool pageviewsIdentical = false;
        int stranded = 0;
        for (const diff::MirrorEntry &entry : mirror->report().entries) {
            if (entry.subjectA == u"pageviews-value")
                pageviewsIdentical = entry.status == diff::MirrorStatus::Identical;
            if (entry.subjectA.startsWith(u":.target:")) {
                QCOMPARE(entry.status, diff::MirrorStatus::OnlyInA);
                ++stranded;
            }
        }
        QVERIFY(pageviewsIdentical);
        QVERIFY(stranded >= 4);
        QVERIFY(mirror->findChild<QLabel *>(u"mirrorContexts"_s)->text().contains(u".source.target"_s));
        // Grouped by context: the default context and .target, each with what needs attention; one of
        // them shows only its rows.
        const QStringList groups = mirror->contextFilterItems();
        QCOMPARE(groups.size(), 3);
        QCOMPARE(groups.at(0), u"Every context"_s);
        QVERIFY2(groups.at(1).startsWith(u"default context — 2 of "_s), qPrintable(groups.at(1)));
        QCOMPARE(groups.at(2), u".target — %1 of %1 subject(s) not identical"_s.arg(stranded));
        mirror->setStatusFilter(-1);
        mirror->setContextFilter(u".target"_s);
        QCOMPARE(mirror->rows()->rowCount(), stranded);
        for (int row = 0; row < mirror->rows()->rowCount(); ++row)
            QVERIFY(mirror->rows()->index(row, 1).data().toString().startsWith(u":.target:"_s));
        mirror->setContextFilter({});
        QCOMPARE(mirror->rows()->rowCount(), int(mirror->report().entries.size()));

        // A schema tab says which compatibility and mode apply and where they come from, and compares
        // with the previous version; a level set on the subject is what the diff judges by.
        ui::SchemaView *copy = window.openSchema(target, u":.source:users-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(copy->isLoaded(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            copy->settingsText(),
            u"compatibility BACKWARD (the server's default) · mode IMPORT (inherited from the "
            "context)"_s,
            10000);
        bool configured = false;
        registry::ConfigUpdate full;
        full.compatibility = u"FULL"_s;
        window.workspace()->client(source)->setConfig(u"users-value"_s, full, this,
                                                      [&configured](const auto &r) { configured = bool(r); });
        QTRY_VERIFY_WITH_TIMEOUT(configured, 10000);
        ui::SchemaView *schema = window.openSchema(source, u"users-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(schema->isLoaded(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            schema->settingsText().startsWith(u"compatibility FULL (set on the subject)"_s), 10000);
        QCOMPARE(schema->loadedVersion().version, 2);
        // The register tab says what a check is judged by, also for a subject that does not exist yet.
        ui::RegisterView *editor = window.openRegister(source, u"users-value"_s);
        auto *judged = editor->findChild<QLabel *>(u"registerSettings"_s);
        QTRY_VERIFY_WITH_TIMEOUT(judged->text().startsWith(u"compatibility FULL (set on the subject)"_s),
                                 10000);
        editor->findChild<QLineEdit *>(u"registerSubject"_s)->setText(u"brand-new-value"_s);
        QVERIFY2(judged->text().contains(u"a new subject"_s), qPrintable(judged->text()));
        QVERIFY(judged->text().startsWith(u"compatibility BACKWARD (the server's default)"_s));
        window.tabs()->setCurrentWidget(schema);
        // "Change…" goes to the modes tab at this subject's level.
        schema->findChild<QPushButton *>(u"schemaChangeSettings"_s)->click();
        auto *modes = qobject_cast<ui::ModesView *>(window.tabs()->currentWidget());
        QVERIFY(modes);
        QTRY_COMPARE_WITH_TIMEOUT(modes->currentLevel(), modes::Level::ofSubject(u"users-value"_s), 10000);
        window.openSchema(source, u"users-value"_s);
        QCOMPARE(window.tabs()->currentWidget(), schema);
        auto *comparePrevious = schema->findChild<QPushButton *>(u"schemaComparePrevious"_s);
        QTRY_VERIFY(comparePrevious->isEnabled());
        window.tabs()->removeTab(window.tabs()->indexOf(versions)); // opened from the tree above
        versions->deleteLater();
        comparePrevious->click();
        auto *fromSchema = qobject_cast<ui::DiffView *>(window.tabs()->currentWidget());
        QVERIFY(fromSchema);
        QTRY_VERIFY_WITH_TIMEOUT(fromSchema->isReady(), 10000);
        QCOMPARE(fromSchema->leftSide().version, 1);
        QVERIFY(fromSchema->findChild<QLabel *>(u"diffSemanticHeader"_s)->text().contains(u"under FULL"_s));
    }

    // Export a registry's latest schemas to a folder, verify the folder against the registry,
    // change a file, and see exactly that — opening it shows the registered schema next to the file.
    void folderExportAndCompare()
    {
        ui::AppSettings settings(m_dir.filePath(u"folder.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        const QString id = connect(window, profile(u"source"_s, m_source));
        QVERIFY(waitReady(window, id));
        QMenu menu;
        window.fillTreeMenu(menu, window.workspace()->tree()->connectionIndex(id));
        QVERIFY(findAction(menu, u"treeExportFolder"_s));
        QVERIFY(window.findChild<QAction *>(u"actionExportFolder"_s));

        QTemporaryDir folder;
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        ui::SchemaFolderExport *job = ui::exportSchemasToFolder(window.shell(), id, {}, folder.path());
        QVERIFY(job);
        QSignalSpy exported(job, &ui::SchemaFolderExport::finished);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 15000);
        QVERIFY2(exported.at(0).at(0).toBool(), qPrintable(exported.at(0).at(1).toString()));
        const int written = exported.at(0).at(2).toInt();
        QVERIFY(written >= 1);
        const auto asked = ui::Dialogs::takeAsked();
        QCOMPARE(asked.size(), 1);
        QVERIFY(asked.first().text.contains(folder.path()));
        const QString file = folder.filePath(u"pageviews-value.avsc"_s);
        QVERIFY(QFile::exists(file));

        ui::MirrorView *mirror =
            ui::openMirrorVerification(window.shell(), id, QString(), diff::SubjectMapping{}, false);
        mirror->setFolderB(folder.path());
        QVERIFY(mirror->comparesFolder());
        QVERIFY(!mirror->findChild<QComboBox *>(u"mirrorContextType"_s)->isVisibleTo(mirror));
        mirror->start();
        QTRY_VERIFY_WITH_TIMEOUT(!mirror->isRunning(), 15000);
        QVERIFY2(mirror->hasReport(), qPrintable(mirror->errorText()));
        QCOMPARE(mirror->report().counts.identical, written);
        QCOMPARE(mirror->report().counts.differing + mirror->report().counts.onlyInA +
                     mirror->report().counts.onlyInB,
                 0);
        QVERIFY(mirror->countsText().contains(u"B mirrors A"_s));

        // Someone edits the file in the repository (a new field) and reformats it on one line.
        QFile edited(file);
        QVERIFY(edited.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QString changed = pageviewsV2;
        changed.replace(u"\"referrer\""_s, u"\"referer\""_s);
        edited.write(changed.toUtf8());
        edited.close();
        mirror->start();
        QTRY_VERIFY_WITH_TIMEOUT(!mirror->isRunning(), 15000);
        QCOMPARE(mirror->report().counts.differing, 1);
        window.resize(1400, 820);
        window.show();
        screenshot(&window, u"mirror-folder.png"_s);
        int differing = -1;
        for (int i = 0; i < mirror->report().entries.size(); ++i) {
            if (mirror->report().entries[i].status == diff::MirrorStatus::Differing)
                differing = i;
        }
        QCOMPARE(mirror->report().entries[differing].subjectA, u"pageviews-value"_s);
        mirror->openEntry(differing);
        auto *view = qobject_cast<ui::DiffView *>(window.tabs()->currentWidget());
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->isReady(), 10000);
        QCOMPARE(view->rightSide().label, u"pageviews-value.avsc"_s);
        QCOMPARE(view->result().diff.stats.changedRows, 1);
        ui::Dialogs::clearAnswerer();
    }

    // An unsaved draft in the register editor against the registered latest version.
    void draftDiffFromTheRegisterEditor()
    {
        ui::AppSettings settings(m_dir.filePath(u"draft.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        const QString id = connect(window, profile(u"source"_s, m_source));
        QVERIFY(waitReady(window, id));
        ui::RegisterView *editor = window.openRegister(id, u"pageviews-value"_s);
        QVERIFY(editor);
        QString draft = pageviewsV2;
        draft.replace(u"\"referrer\""_s, u"\"referer\""_s);
        editor->setDraft(u"AVRO"_s, draft);
        auto *compare = editor->findChild<QPushButton *>(u"compareDraft"_s);
        QVERIFY(compare);
        QVERIFY(compare->isEnabled());
        compare->click();
        auto *view = qobject_cast<ui::DiffView *>(window.tabs()->currentWidget());
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->isReady(), 10000);
        QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
        QCOMPARE(view->leftSide().subject, u"pageviews-value"_s);
        QCOMPARE(view->rightSide().label, u"draft"_s);
        QCOMPARE(view->rightText(), editor->schemaText()); // as the editor holds it (pretty-printed)
        QVERIFY(view->findChild<QLabel *>(u"diffRightHeader"_s)->text().contains(u"draft"_s));
        // The rename is one changed row; for readers it is a field removed and one added.
        QCOMPARE(view->result().diff.stats.changedRows, 1);
        QVERIFY(view->rightEditor()->toPlainText().contains(u"referer"_s));
        // A new subject has no latest version to compare with.
        ui::RegisterView *fresh = window.openRegister(id, QString());
        QVERIFY(!fresh->findChild<QPushButton *>(u"compareDraft"_s)->isEnabled());
    }

    void mirrorVerificationReportsExactlyTheThreeChanges()
    {
        // B diverges: one schema changed (a new version), one subject removed, one added.
        registerSchema(m_mirrorB, u"orders-2-value"_s, record(u"Order2"_s, u"bytes"_s));
        deleteSubject(m_mirrorB, u"orders-4-value"_s);
        registerSchema(m_mirrorB, u"payments-value"_s, record(u"Payment"_s));

        ui::AppSettings settings(m_dir.filePath(u"mirror.ini"_s));
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.resize(1400, 820);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString a = connect(window, profile(u"mirror-a"_s, m_mirrorA));
        const QString b = connect(window, profile(u"mirror-b"_s, m_mirrorB));
        QVERIFY(waitReady(window, a));
        QVERIFY(waitReady(window, b));

        ui::MirrorView *view = ui::openMirrorVerification(window.shell(), a, b, diff::SubjectMapping{});
        QVERIFY(view);
        QCOMPARE(window.tabs()->currentWidget(), view);
        QTRY_VERIFY_WITH_TIMEOUT(!view->isRunning(), 20000);
        QVERIFY2(view->errorText().isEmpty(), qPrintable(view->errorText()));
        QVERIFY(view->hasReport());
        const diff::MirrorCounts &c = view->report().counts;
        QCOMPARE(c.identical, 4);
        QCOMPARE(c.differing, 1);
        QCOMPARE(c.onlyInA, 1);
        QCOMPARE(c.onlyInB, 1);
        QVERIFY(view->countsText().contains(u"<b>1</b> only in A"_s));

        // The list starts on what needs attention: the three changes.
        QSortFilterProxyModel *rows = view->rows();
        QCOMPARE(rows->rowCount(), 3);
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
        auto *diffView = qobject_cast<ui::DiffView *>(window.tabs()->currentWidget());
        QVERIFY2(diffView, qPrintable(window.tabs()->tabText(window.tabs()->currentIndex()) + u" rect "_s +
                                      QString::number(results->visualRect(cell).y())));
        QTRY_VERIFY_WITH_TIMEOUT(diffView->isReady(), 10000);
        QCOMPARE(diffView->leftSide().connectionId, a);
        QCOMPARE(diffView->rightSide().connectionId, b);
        QVERIFY(diffView->leftText().contains(u"\"string\""_s));
        QVERIFY(diffView->rightText().contains(u"\"bytes\""_s));
        QVERIFY(!diffView->result().diff.stats.identical());

        // Exports.
        const QString json = m_dir.filePath(u"report.json"_s);
        const QString markdown = m_dir.filePath(u"report.md"_s);
        QString error;
        QVERIFY2(view->exportJson(json, &error), qPrintable(error));
        QVERIFY2(view->exportMarkdown(markdown, &error), qPrintable(error));
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(jsonFile.readAll()).object();
        QVERIFY(!report.isEmpty());
        const QByteArray jsonText = QJsonDocument(report).toJson();
        QVERIFY(jsonText.contains("orders-2-value"));
        QVERIFY(jsonText.contains("payments-value"));
        QFile markdownFile(markdown);
        QVERIFY(markdownFile.open(QIODevice::ReadOnly));
        const QString md = QString::fromUtf8(markdownFile.readAll());
        QVERIFY(md.contains(u"orders-4-value"_s));
        QVERIFY(md.contains(u"payments-value"_s));
        QVERIFY(!view->exportJson(m_dir.filePath(u"no/such/dir/report.json"_s), &error));

        // Cancel while loading ends the run without a new report.
        view->start();
        QVERIFY(view->isRunning());
        view->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(!view->isRunning(), 10000);

        // Opening again from an exporter's mapping focuses the same tab, pre-filled.
        diff::SubjectMapping mapping;
        mapping.contextType = diff::ContextType::Custom;
        mapping.context = u"source"_s;
        QCOMPARE(ui::openMirrorVerification(window.shell(), a, b, mapping, false), view);
        QCOMPARE(view->mapping().contextType, diff::ContextType::Custom);
        QCOMPARE(view->mapping().context, u"source"_s);
    }
};

QTEST_MAIN(TestDiffUi)
#include "tst_diffui.moc"
