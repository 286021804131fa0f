// Issue #15: what the window shows is true and every action is reachable — each check drives real
// widgets offscreen against the demo's sandbox registries (and an empty one) over loopback HTTP.
#include "console/Console.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/SandboxServer.h"
#include "ui/AppSettings.h"
#include "ui/ConnectionDialog.h"
#include "ui/Demo.h"
#include "ui/Dialogs.h"
#include "ui/diff/DiffFeature.h"
#include "ui/diff/DiffView.h"
#include "ui/exporters/ExporterDetailView.h"
#include "ui/exporters/Exporters.h"
#include "ui/KeyboardNavigation.h"
#include "ui/MainWindow.h"
#include "ui/modes/ModesFeature.h"
#include "ui/modes/ModesView.h"
#include "ui/RegisterView.h"
#include "ui/SchemaView.h"

#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollArea>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace sd;
using Model = items::RegistryTreeModel;

// Counts mouse presses anywhere in the application (the keyboard walkthrough must send none), and
// windows other than the main window that open (a widget shown before it has a parent opens as a
// window of its own and takes the activation: window shortcuts such as Alt+P then do nothing).
class MouseCounter : public QObject
{
public:
    int count = 0;
    QStringList strayWindows;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::MouseButtonPress || event->type() == QEvent::MouseButtonDblClick)
            ++count;
        if (event->type() == QEvent::Show) {
            auto *widget = qobject_cast<QWidget *>(watched);
            if (widget && widget->isWindow() && !qobject_cast<ui::MainWindow *>(widget) &&
                widget->windowType() != Qt::Popup && widget->windowType() != Qt::ToolTip)
                strayWindows << u"%1 %2"_s.arg(QString::fromLatin1(widget->metaObject()->className()),
                                               widget->objectName());
        }
        return false;
    }
};

class TestTruths : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    sandbox::SandboxServer m_empty;
    std::unique_ptr<ui::AppSettings> m_settings;
    std::unique_ptr<sd::console::Console> m_console;
    sd::ui::MainWindow *m_window = nullptr;
    std::unique_ptr<ui::DemoSession> m_demo;
    QString m_source;
    QString m_emptyId;

    ui::MainWindow &window() { return *m_window; }
    Model *tree() { return m_window->workspace()->tree(); }

    template<typename T> T *currentTab() { return qobject_cast<T *>(m_window->tabs()->currentWidget()); }

    QAction *treeAction(const QModelIndex &index, const QString &name, QMenu &menu)
    {
        m_window->fillTreeMenu(menu, index);
        return menu.findChild<QAction *>(name);
    }

    static QString accessibleName(QObject *object)
    {
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(object);
        return iface ? iface->text(QAccessible::Name) : QString();
    }
    static QString accessibleDescription(QObject *object)
    {
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(object);
        return iface ? iface->text(QAccessible::Description) : QString();
    }

    // The letter after a single '&' ("&&" is a literal ampersand), lower case; null when none.
    static QChar mnemonic(const QString &text)
    {
        for (qsizetype i = 0; i + 1 < text.size(); ++i) {
            if (text.at(i) != u'&')
                continue;
            if (text.at(i + 1) == u'&') {
                ++i;
                continue;
            }
            return text.at(i + 1).toLower();
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_empty.start({}, &error), qPrintable(error));
        m_settings = std::make_unique<ui::AppSettings>(m_dir.filePath(u"truths.ini"_s));
        m_console = std::make_unique<sd::console::Console>(*m_settings);
        m_window = &m_console->window();
        m_window->resize(1366, 768);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window));
        m_demo = std::make_unique<ui::DemoSession>(m_window->shell());
        m_demo->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_demo->allLoaded() || !m_demo->error().isEmpty(), 90000);
        QVERIFY2(m_demo->error().isEmpty(), qPrintable(m_demo->error()));
        m_source = m_demo->connectionId(u"source"_s);

        registry::ConnectionProfile p;
        p.name = u"fresh"_s;
        p.urls = {m_empty.url()};
        m_window->workspace()->openConnection(p, {});
        m_emptyId = p.id.toString(QUuid::WithoutBraces);
        m_window->workspace()->load(m_emptyId);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->workspace()->connection(m_emptyId)->state ==
                                     items::RegistryWorkspace::State::Ready,
                                 15000);
    }

    // Keyboard focus needs the window to be the active one, as it is for a user at the keyboard.
    void init()
    {
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window));
    }

    void cleanup() { ui::Dialogs::clearAnswerer(); }

    // (c) The demo page speaks to a first-time user: no Java exception text.
    void demoPageHasNoJavaText()
    {
        auto *page = m_window->findChild<QTextBrowser *>(u"demoPage"_s);
        QVERIFY(page);
        const QString text = page->toPlainText();
        QVERIFY2(!text.contains(u"Exception"_s) && !text.contains(u"io.confluent"_s), qPrintable(text));
    }

    // (a) The schema tab's "New version…" button opens the editor, which names its registry.
    void newVersionButtonOpensTheEditor()
    {
        ui::SchemaView *view = m_window->openSchema(m_source, u"pageviews-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(view->isLoaded(), 10000);
        auto *button = view->findChild<QPushButton *>(u"schemaNewVersion"_s);
        QVERIFY(button && button->isVisible());
        button->click();
        auto *editor = currentTab<ui::RegisterView>();
        QVERIFY2(editor, "the button opened no New version tab");
        QCOMPARE(editor->subject(), u"pageviews-value"_s);
        const QString target = editor->findChild<QLabel *>(u"registerTarget"_s)->text();
        QVERIFY2(target.contains(u"source"_s), qPrintable(target));
        QVERIFY(m_window->tabs()->tabText(m_window->tabs()->currentIndex()).contains(u"source"_s));
    }

    // (a) The first subject of an empty registry: Registry menu, the registry's menu, the empty context.
    void newSubjectIsReachableOnAnEmptyRegistry()
    {
        const QModelIndex connection = tree()->connectionIndex(m_emptyId);
        QVERIFY(connection.isValid());
        QMenu menu;
        QAction *fromTree = treeAction(connection, u"treeNewSubjectInRegistry"_s, menu);
        QVERIFY2(fromTree, "the registry's context menu offers no New subject");
        fromTree->trigger();
        auto *editor = currentTab<ui::RegisterView>();
        QVERIFY(editor);
        QVERIFY(editor->subject().isEmpty());
        QVERIFY(editor->findChild<QLabel *>(u"registerTarget"_s)->text().contains(u"fresh"_s));
        QVERIFY(m_window->tabs()->tabText(m_window->tabs()->currentIndex()).startsWith(u"New subject"_s));
        m_window->tabs()->tabCloseRequested(m_window->tabs()->currentIndex());

        QAction *fromMenu =
            m_window->menuNamed(u"menuRegistry"_s)->findChild<QAction *>(u"actionNewSubject"_s);
        QVERIFY2(fromMenu, "the Registry menu has no New subject");
        m_window->registryTree()->setCurrentIndex(connection);
        fromMenu->trigger();
        editor = currentTab<ui::RegisterView>();
        QVERIFY(editor);
        QCOMPARE(editor->connectionId(), m_emptyId);
        m_window->tabs()->tabCloseRequested(m_window->tabs()->currentIndex());

        // Enter on the empty default context starts its first subject too.
        m_window->registryTree()->expand(connection);
        const QModelIndex context = tree()->contextIndex(m_emptyId, u"."_s);
        QVERIFY(context.isValid());
        Q_EMIT m_window->registryTree()->activated(context);
        editor = currentTab<ui::RegisterView>();
        QVERIFY(editor);
        QCOMPARE(editor->connectionId(), m_emptyId);
        m_window->tabs()->tabCloseRequested(m_window->tabs()->currentIndex());
    }

    // (a) "What changed for readers" on a subject with references (customers-value → com.acme.Address).
    void semanticSummaryResolvesReferences()
    {
        ui::DiffView *view = ui::openPreviousVersionDiff(window().shell(), m_source, u"customers-value"_s, 0);
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(view->isReady(), 15000);
        const QString header = view->findChild<QLabel *>(u"diffSemanticHeader"_s)->text();
        QVERIFY2(!header.contains(u"Not summarised"_s), qPrintable(header));
        auto *changes = view->findChild<QTreeWidget *>(u"diffSemantic"_s);
        QStringList rows;
        for (int i = 0; i < changes->topLevelItemCount(); ++i) {
            const QTreeWidgetItem *item = changes->topLevelItem(i);
            rows << item->text(0) + u" | "_s + item->text(1) + u" | "_s + item->text(2) + u" | "_s +
                        item->text(3);
        }
        // customers-value v2 adds shipping_address (of the referenced com.acme.Address type), and the
        // Address it references changed too (v1 → v2 adds region): both are judged.
        QVERIFY2(rows.filter(u"shipping_address"_s).size() == 1, qPrintable(rows.join(u'\n')));
        QVERIFY2(rows.filter(u"billing_address.region"_s).size() == 1, qPrintable(rows.join(u'\n')));
    }

    // (c) Check and a refused Register explain the same way: field, old → new type, version, level,
    // a link to the line and the obvious fix.
    void incompatibilityIsExplained()
    {
        const QString v1 =
            uR"({"type":"record","name":"Payment","fields":[{"name":"id","type":"string"},{"name":"amount","type":"double"}]})"_s;
        const QString v2 =
            uR"({"type":"record","name":"Payment","fields":[{"name":"id","type":"string"},{"name":"amount","type":"string"}]})"_s;
        ui::RegisterView *view = m_window->openRegister(m_emptyId, u"payments-value"_s);
        view->setDraft(u"AVRO"_s, v1);
        QSignalSpy registered(view, &ui::RegisterView::registerFinished);
        view->registerSchema();
        QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 1, 10000);
        QVERIFY2(registered.at(0).at(0).toBool(), qPrintable(view->resultText()));

        view->setDraft(u"AVRO"_s, v2);
        const auto explained = [view] {
            const QString text = view->resultText();
            return text.contains(u"amount"_s) && text.contains(u"double"_s) && text.contains(u"string"_s) &&
                   text.contains(u"version 1"_s) && text.contains(u"BACKWARD"_s) && text.contains(u"Fix:"_s);
        };
        view->checkCompatibility();
        QTRY_VERIFY2_WITH_TIMEOUT(explained(), qPrintable(view->resultText()), 10000);
        view->registerSchema();
        QTRY_COMPARE_WITH_TIMEOUT(registered.size(), 2, 10000);
        QVERIFY(!registered.at(1).at(0).toBool());
        QTRY_VERIFY2_WITH_TIMEOUT(explained() && view->resultText().contains(u"Nothing was registered"_s),
                                  qPrintable(view->resultText()), 10000);
        QVERIFY2(!view->resultText().contains(u"Check compatibility"_s), qPrintable(view->resultText()));
        // the link goes to the field's line in the editor
        auto *result = view->findChild<QTextBrowser *>(u"registerResult"_s);
        const QString html = result->toHtml();
        const QRegularExpression link(u"href=\"line:(\\d+)\""_s);
        const QRegularExpressionMatch m = link.match(html);
        QVERIFY2(m.hasMatch(), qPrintable(html));
        Q_EMIT result->anchorClicked(QUrl(u"line:"_s + m.captured(1)));
        auto *editor = view->findChild<QPlainTextEdit *>(u"registerEditor"_s);
        QVERIFY(editor->textCursor().block().text().contains(u"amount"_s));
        m_window->tabs()->tabCloseRequested(m_window->tabs()->currentIndex());
    }

    // (b) Opening another version of an open subject moves the Version box with it.
    void versionBoxFollowsTheShownVersion()
    {
        ui::SchemaView *view = m_window->openSchema(m_source, u"customers-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(view->isLoaded(), 10000);
        auto *box = view->findChild<QComboBox *>(u"versionCombo"_s);
        QTRY_VERIFY_WITH_TIMEOUT(box->count() >= 3, 10000);
        QCOMPARE(box->currentData().toInt(), 0);
        const QModelIndex subject = tree()->subjectIndex(m_source, u"customers-value"_s);
        QVERIFY(subject.isValid());
        m_window->openSchema(m_source, u"customers-value"_s, 1); // what double-clicking v1 does
        QTRY_VERIFY_WITH_TIMEOUT(view->isLoaded() && view->version() == 1, 10000);
        QCOMPARE(box->currentData().toInt(), 1);
        QCOMPARE(box->currentText(), u"1"_s);
    }

    // (b) A subject's own settings are not known until read: the tree does not claim the inherited
    // value is the subject's; once the subject is opened it says what was read.
    void unreadSubjectSettingsAreNotClaimed()
    {
        QModelIndex shipments = tree()->subjectIndex(m_source, u"shipments-value"_s);
        QVERIFY(shipments.isValid());
        const QString before = shipments.data(Qt::ToolTipRole).toString();
        QVERIFY2(before.contains(u"not read yet"_s), qPrintable(before));
        ui::SchemaView *view = m_window->openSchema(m_source, u"shipments-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(view->isLoaded(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!tree()
                                      ->subjectIndex(m_source, u"shipments-value"_s)
                                      .data(Qt::ToolTipRole)
                                      .toString()
                                      .contains(u"not read yet"_s),
                                 10000);
        // the badges read as words
        const QModelIndex context = tree()->contextIndex(m_source, u"."_s).siblingAtColumn(1);
        QVERIFY(context.data(Qt::AccessibleTextRole).toString().startsWith(u"compatibility "_s));
    }

    // (b) "Problems (N)" counts the list; Enter on a problem opens the exporter.
    void problemsCountTheListAndOpenTheExporter()
    {
        QListWidget *problems = m_window->problemsView();
        QTRY_VERIFY_WITH_TIMEOUT(problems->count() >= 1, 20000);
        m_window->setProblem(u"test:one"_s, u"a problem that goes away"_s);
        const int count = problems->count();
        QCOMPARE(m_window->problemsDock()->windowTitle(), u"Problems (%1)"_s.arg(count));
        m_window->setProblem(u"test:one"_s, {});
        QCOMPARE(problems->count(), count - 1);
        QCOMPARE(m_window->problemsDock()->windowTitle(), u"Problems (%1)"_s.arg(count - 1));

        m_window->problemsDock()->show();
        problems->setFocus();
        int row = 0;
        while (row < problems->count() && !problems->item(row)->text().contains(u"src-to-tgt-link"_s))
            ++row;
        QVERIFY(row < problems->count());
        problems->setCurrentRow(row);
        QTest::keyClick(problems, Qt::Key_Return);
        auto *detail = currentTab<ui::ExporterDetailView>();
        QVERIFY2(detail, "Enter on the problem opened no exporter");
        m_window->problemsDock()->hide();
    }

    // (b) A CUSTOM exporter's page never shows the AUTO mapping while its config is on the way.
    void customExporterPageShowsItsOwnMapping()
    {
        const QString target = m_demo->connectionId(u"target"_s);
        ui::ExporterDetailView *view = ui::openExporterDetail(window().shell(), target, u"tgt-to-src-link"_s);
        QVERIFY(view);
        auto *note = view->findChild<QLabel *>(u"mappingNote"_s);
        QVERIFY(note);
        QStringList seen;
        connect(view, &ui::ExporterDetailView::refreshed, this, [&] { seen << note->text(); });
        QTRY_VERIFY_WITH_TIMEOUT(!note->text().isEmpty(), 15000);
        seen << note->text();
        for (const QString &text : std::as_const(seen)) {
            if (!text.isEmpty())
                QVERIFY2(text.startsWith(u"CUSTOM"_s), qPrintable(text));
        }
        m_window->tabs()->tabCloseRequested(m_window->tabs()->currentIndex());
    }

    // (b) After a mode change the tab says it was done, not "changes … 0 subject(s)".
    void modeChangeSaysItWasDone()
    {
        ui::ModesView *view = ui::openModes(window().shell(), m_emptyId, modes::Level::ofContext(u"."_s));
        QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading(), 15000);
        QVERIFY(view->selectLevel(modes::Level::ofContext(u"."_s)));
        view->findChild<QComboBox *>(u"modeCombo"_s)->setCurrentText(u"READONLY"_s);
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        QSignalSpy done(view, &ui::ModesView::changeFinished);
        view->applyMode();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 15000);
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(done.at(0).at(1).toString()));
        const QString preview = view->findChild<QLabel *>(u"previewLabel"_s)->text();
        QVERIFY2(preview.startsWith(u"✓"_s) && preview.contains(u"READONLY"_s), qPrintable(preview));
        QVERIFY2(!preview.contains(u"0 subject"_s), qPrintable(preview));
        // back to READWRITE for the other checks
        view->findChild<QComboBox *>(u"modeCombo"_s)->setCurrentText(u"READWRITE"_s);
        view->applyMode();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 15000);
        m_window->tabs()->tabCloseRequested(m_window->tabs()->currentIndex());
    }

    // (b) A context an exporter creates on its destination shows without a manual refresh: after the
    // exporters' states are read again, the other registries' contexts are compared with the tree.
    void exportedContextAppears()
    {
        registry::ConnectionProfile p;
        p.name = u"exporter"_s;
        p.urls = {m_empty.url()};
        registry::RegistryClient client(p, {});
        registry::SchemaSubmission submission;
        submission.schema = uR"({"type":"record","name":"T","fields":[{"name":"a","type":"string"}]})"_s;
        bool done = false;
        client.registerSchema(u":.exported.here:trades-value"_s, submission, false, this,
                              [&](const registry::Result<registry::SchemaVersion> &r) {
                                  done = true;
                                  QVERIFY(r.ok());
                              });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY(!tree()->contextIndex(m_emptyId, u".exported.here"_s).isValid());
        m_window->workspace()->reloadExporters(m_source);
        QTRY_VERIFY_WITH_TIMEOUT(tree()->subjectIndex(m_emptyId, u":.exported.here:trades-value"_s).isValid(),
                                 15000);
    }

    // (d) A new tab takes focus in its main widget; Ctrl+Tab / Ctrl+PgDn switch tabs from the tree.
    void tabsTakeFocusAndSwitchFromAnywhere()
    {
        ui::DiffView *diff = ui::openPreviousVersionDiff(window().shell(), m_source, u"users-value"_s, 0);
        QTRY_VERIFY_WITH_TIMEOUT(diff->isReady(), 15000);
        QTRY_VERIFY(diff->isAncestorOf(QApplication::focusWidget()));
        const int before = m_window->tabs()->currentIndex();
        QVERIFY(m_window->tabs()->count() >= 2);
        m_window->registryTree()->setFocus();
        QTRY_VERIFY(m_window->registryTree()->hasFocus());
        QTest::keyClick(m_window->registryTree(), Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(m_window->tabs()->currentIndex(), (before + 1) % m_window->tabs()->count());
        m_window->registryTree()->setFocus();
        QTest::keyClick(m_window->registryTree(), Qt::Key_PageUp, Qt::ControlModifier);
        QCOMPARE(m_window->tabs()->currentIndex(), before);
        QTRY_VERIFY(diff->isAncestorOf(QApplication::focusWidget()));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_PageDown, Qt::ControlModifier);
        QCOMPARE(m_window->tabs()->currentIndex(), (before + 1) % m_window->tabs()->count());
    }

    // (d) Down in the filter moves into the results; Escape clears it and keeps the subject in view.
    void filterKeys()
    {
        QLineEdit *filter = m_window->filterEdit();
        filter->setFocus();
        QTest::keyClicks(filter, u"customers"_s);
        QTest::keyClick(filter, Qt::Key_Down);
        QTreeView *view = m_window->registryTree();
        QVERIFY(view->hasFocus());
        QCOMPARE(view->currentIndex().data(Model::QualifiedSubjectRole).toString(), u"customers-value"_s);
        filter->setFocus();
        QTest::keyClick(filter, Qt::Key_Escape);
        QVERIFY(filter->text().isEmpty());
        QCOMPARE(view->currentIndex().data(Model::QualifiedSubjectRole).toString(), u"customers-value"_s);
        QVERIFY(view->isExpanded(view->currentIndex().parent()));
        QVERIFY(view->visualRect(view->currentIndex()).intersects(view->viewport()->rect()));
    }

    // (d) Shift+F10 opens the current item's context menu.
    void shiftF10OpensTheTreeMenu()
    {
        QTreeView *view = m_window->registryTree();
        view->setCurrentIndex(tree()->subjectIndex(m_source, u"orders-value"_s));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_F10, Qt::ShiftModifier);
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY2(menu, "no context menu");
        QVERIFY(menu->findChild<QAction *>(u"treeComparePrevious"_s));
        menu->close();
    }

    // (d) Every menu's mnemonics are unique; toolbar buttons, the diff's gutters and overview strip have
    // accessible names and descriptions.
    void mnemonicsAndAccessibleNames()
    {
        const auto menus = m_window->menuBar()->findChildren<QMenu *>();
        for (QMenu *menu : menus) {
            QHash<QChar, QString> seen;
            for (QAction *action : menu->actions()) {
                const QString text = action->text();
                const QChar key = mnemonic(text);
                if (key.isNull() || action->isSeparator() || !action->isVisible())
                    continue;
                QVERIFY2(!seen.contains(key), qPrintable(u"%1: '%2' and '%3' share &%4"_s.arg(
                                                  menu->title(), seen.value(key), text, QString(key))));
                seen.insert(key, text);
            }
        }
        for (QToolButton *button : m_window->mainToolBar()->findChildren<QToolButton *>()) {
            if (!button->isVisible() || !button->defaultAction())
                continue;
            QVERIFY2(!accessibleName(button).isEmpty(), qPrintable(button->objectName()));
        }
        ui::DiffView *diff = ui::openPreviousVersionDiff(window().shell(), m_source, u"users-value"_s, 0);
        QTRY_VERIFY_WITH_TIMEOUT(diff->isReady(), 15000);
        for (const QString &name : {u"diffLeftGutter"_s, u"diffRightGutter"_s, u"diffOverview"_s}) {
            auto *child = diff->findChild<QWidget *>(name);
            QVERIFY2(child, qPrintable(name));
            QVERIFY2(!accessibleName(child).isEmpty(), qPrintable(name));
            QVERIFY2(!accessibleDescription(child).isEmpty(), qPrintable(name));
        }
        QVERIFY(!accessibleName(m_window->registryTree()).isEmpty());
        QVERIFY(!accessibleName(m_window->filterEdit()).isEmpty());
    }

    // (e) 1024 × 700: the tree keeps a usable width and gets its room back; the connection dialog fits;
    // the New version editor shows ten lines; the Modes table's last column is whole.
    void smallScreens()
    {
        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->width(), 1024);
        QTest::qWait(50);
        QVERIFY2(m_window->registryDock()->width() >= 220,
                 qPrintable(QString::number(m_window->registryDock()->width())));
        m_window->resize(1366, 768);
        QTRY_VERIFY2(m_window->registryDock()->width() >= 380,
                     qPrintable(QString::number(m_window->registryDock()->width())));

        m_window->resize(1024, 700);
        QTRY_COMPARE(m_window->height(), 700);
        ui::RegisterView *view = m_window->openRegister(m_source, u"orders-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!view->schemaText().isEmpty(), 10000);
        QTest::qWait(50);
        auto *editor = view->findChild<QPlainTextEdit *>(u"registerEditor"_s);
        QVERIFY2(editor->viewport()->height() >= 10 * editor->fontMetrics().lineSpacing(),
                 qPrintable(QString::number(editor->viewport()->height())));
        m_window->tabs()->tabCloseRequested(m_window->tabs()->currentIndex());

        ui::ModesView *modes = ui::openModes(window().shell(), m_source);
        QTRY_VERIFY_WITH_TIMEOUT(!modes->isLoading(), 15000);
        QTest::qWait(50);
        auto *table = modes->findChild<QTableWidget *>(u"modesLevelsTable"_s);
        const int last = ui::ModesView::OtherColumn;
        const int wanted = static_cast<QAbstractItemView *>(table)->sizeHintForColumn(last);
        QVERIFY2(table->horizontalHeader()->sectionSize(last) >= wanted,
                 qPrintable(u"%1 < %2"_s.arg(table->horizontalHeader()->sectionSize(last)).arg(wanted)));
        m_window->tabs()->tabCloseRequested(m_window->tabs()->currentIndex());

        ui::ConnectionDialog dialog(m_window);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.findChild<QScrollArea *>(u"connectionScroll"_s));
        const int available = dialog.screen()->availableGeometry().height();
        QVERIFY2(dialog.frameGeometry().height() <= available - 40,
                 qPrintable(u"%1 of %2"_s.arg(dialog.frameGeometry().height()).arg(available)));
        dialog.reject();
        m_window->resize(1366, 768);
    }

    // (d) The demo by keyboard alone: filter → open the schema → compare with the previous version →
    // F7 → open the paused exporter from the Problems dock → apply the fix. No mouse event is sent.
    void keyboardOnlyWalkthrough()
    {
        // A clean start (not part of the walk): customers-value's tab shows v1 since an earlier check.
        for (int i = m_window->tabs()->count() - 1; i >= 0; --i) {
            if (qobject_cast<ui::SchemaView *>(m_window->tabs()->widget(i)) ||
                qobject_cast<ui::ExporterDetailView *>(m_window->tabs()->widget(i)))
                Q_EMIT m_window->tabs()->tabCloseRequested(i);
        }
        QTest::qWait(50);
        MouseCounter mice;
        qApp->installEventFilter(&mice);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window));
        // Keys go where a keyboard sends them: to the focus widget of the active window. The window stays
        // active throughout (no stray window takes the activation), so window shortcuts work.
        const auto press = [this, &mice](Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
            QCOMPARE(QApplication::activeWindow(), m_window);
            QVERIFY2(mice.strayWindows.isEmpty(), qPrintable(mice.strayWindows.join(u", "_s)));
            QWidget *focus = QApplication::focusWidget();
            QVERIFY(focus);
            QTest::keyClick(focus, key, modifiers);
        };
        m_window->registryTree()->setFocus();
        press(Qt::Key_K, Qt::ControlModifier);
        QVERIFY(m_window->filterEdit()->hasFocus());
        QTest::keyClicks(m_window->filterEdit(), u"customers"_s);
        press(Qt::Key_Down);
        press(Qt::Key_Return);
        auto *schema = currentTab<ui::SchemaView>();
        QVERIFY(schema);
        QCOMPARE(schema->qualifiedSubject(), u"customers-value"_s);
        QTRY_VERIFY_WITH_TIMEOUT(schema->isLoaded(), 10000);
        QTRY_VERIFY(schema->isAncestorOf(QApplication::focusWidget()));
        QTRY_VERIFY(schema->findChild<QPushButton *>(u"schemaComparePrevious"_s)->isEnabled());
        // "Compare with &previous": its mnemonic, from the schema text that has the focus. A mnemonic
        // clicks the button with a short animation, so the diff opens a moment later.
        press(Qt::Key_P, Qt::AltModifier);
        ui::DiffView *diff = nullptr;
        QTRY_VERIFY2((diff = currentTab<ui::DiffView>()) != nullptr, "Alt+P opened no diff");
        QTRY_VERIFY_WITH_TIMEOUT(diff->isReady(), 15000);
        QTRY_VERIFY(diff->isAncestorOf(QApplication::focusWidget()));
        QCOMPARE(diff->leftSide().subject, u"customers-value"_s);
        QCOMPARE(diff->currentChange(), -1);
        press(Qt::Key_F7);
        QCOMPARE(diff->currentChange(), 0);

        press(Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier); // Go to problems
        QListWidget *problems = m_window->problemsView();
        QVERIFY(problems->hasFocus());
        while (problems->currentItem() && !problems->currentItem()->text().contains(u"src-to-tgt-link"_s) &&
               problems->currentRow() + 1 < problems->count())
            press(Qt::Key_Down);
        QVERIFY(problems->currentItem()->text().contains(u"src-to-tgt-link"_s));
        press(Qt::Key_Return);
        auto *detail = currentTab<ui::ExporterDetailView>();
        QVERIFY(detail);
        auto *fix = detail->findChild<QPushButton *>(u"applyFixButton"_s);
        QTRY_VERIFY_WITH_TIMEOUT(fix->isVisible() && fix->isEnabled(), 15000);
        QTRY_VERIFY(detail->isAncestorOf(QApplication::focusWidget()));
        for (int i = 0; i < 80 && QApplication::focusWidget() != fix; ++i)
            press(Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), fix);
        QList<ui::Dialogs::Question> asked;
        ui::Dialogs::setAnswerer([&asked](const ui::Dialogs::Question &q, QString *typed) {
            asked << q;
            if (typed)
                *typed = q.mustType;
            return true;
        });
        QSignalSpy watched(detail, &ui::ExporterDetailView::watchFinished);
        press(Qt::Key_Space);
        QTRY_COMPARE_WITH_TIMEOUT(watched.size(), 1, 20000);
        QVERIFY(watched.first().first().toBool());
        QCOMPARE(asked.size(), 1);
        // the confirmation is in words; the request is a detail line
        QVERIFY2(
            asked.first().text.startsWith(u"Set the mode of context :.source.target: on target to IMPORT"_s),
            qPrintable(asked.first().text));
        qApp->removeEventFilter(&mice);
        QCOMPARE(mice.count, 0);
        QVERIFY2(mice.strayWindows.isEmpty(), qPrintable(mice.strayWindows.join(u", "_s)));
    }
};

QTEST_MAIN(TestTruths)
#include "tst_truths.moc"
