// GUI smoke test: the main window opens offscreen with its tabs, docks, status bar and menus.
#include "console/Console.h"
#include "ui/AboutDialog.h"
#include "ui/AppSettings.h"
#include "ui/MainWindow.h"
#include "ui/NetworkActivityIndicator.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace sd::ui;

class TestMainWindow : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString settingsPath() const { return m_dir.filePath(u"settings.ini"_s); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void hasEveryPart()
    {
        AppSettings settings(settingsPath());
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QCOMPARE(window.findChild<QTabWidget *>(u"centralTabs"_s), window.tabs());
        QVERIFY(window.findChild<QDockWidget *>(u"registryDock"_s)->isVisible());
        QVERIFY(window.findChild<QTreeView *>(u"registryTree"_s));
        QVERIFY(window.findChild<QLineEdit *>(u"filterEdit"_s));
        auto *httpLog = window.findChild<QDockWidget *>(u"httpLogDock"_s);
        QVERIFY(httpLog);
        QVERIFY2(!httpLog->isVisible(), "bottom docks are hidden by default");
        QVERIFY(window.findChild<QTableView *>(u"httpLogView"_s));
        QVERIFY(window.findChild<QDockWidget *>(u"problemsDock"_s));
        QVERIFY(window.findChild<QListWidget *>(u"problemsView"_s));
        QVERIFY(window.statusBar()->findChild<NetworkActivityIndicator *>(u"networkActivity"_s));
        QVERIFY(window.statusBar()->findChild<QLabel *>(u"connectionState"_s));

        QStringList menus;
        for (QAction *action : window.menuBar()->actions())
            menus << action->text().remove(u'&');
        QCOMPARE(menus, (QStringList{u"File"_s, u"Edit"_s, u"View"_s, u"Registry"_s, u"Exporters"_s,
                                     u"Tools"_s, u"Help"_s}));
        QCOMPARE(window.tabs()->count(), 1); // the welcome page
    }

    void ctrlKFocusesTheFilter()
    {
        AppSettings settings(settingsPath());
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.tabs()->setFocus();
        QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
        QTRY_VERIFY(window.filterEdit()->hasFocus());
    }

    void openTabFocusesAnExistingTab()
    {
        AppSettings settings(settingsPath());
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        const int first = window.openTab(u"schema:a"_s, new QLabel(u"a"_s), u"a"_s);
        window.openTab(u"schema:b"_s, new QLabel(u"b"_s), u"b"_s);
        QCOMPARE(window.tabs()->count(), 3);
        QCOMPARE(window.openTab(u"schema:a"_s, new QLabel(u"again"_s), u"a"_s), first);
        QCOMPARE(window.tabs()->count(), 3);
        QCOMPARE(window.tabs()->currentIndex(), first);
    }

    void themesSwitchThePalette()
    {
        AppSettings settings(settingsPath());
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.setThemeChoice(ThemeChoice::Dark);
        QVERIFY(isDarkPalette(QApplication::palette()));
        QVERIFY(window.findChild<QAction *>(u"actionTheme_dark"_s)->isChecked());
        window.findChild<QAction *>(u"actionTheme_light"_s)->trigger();
        QVERIFY(!isDarkPalette(QApplication::palette()));
        QCOMPARE(settings.value(settings::theme), u"light"_s);
    }

    void windowStateIsRestored()
    {
        {
            AppSettings settings(settingsPath());
            sd::console::Console console(settings);
            sd::ui::MainWindow &window = console.window();
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.httpLogDock()->show();
            window.registryDock()->hide();
            window.close();
        }
        AppSettings settings(settingsPath());
        sd::console::Console console(settings);
        sd::ui::MainWindow &window = console.window();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.httpLogDock()->isVisible());
        QVERIFY(!window.registryDock()->isVisible());
    }

    void aboutNamesTheComponentVersions()
    {
        const QString versions = AboutDialog::componentVersions();
        QVERIFY(versions.contains(u"Qt "_s + QLatin1String(qVersion())));
        QVERIFY(versions.contains(u"KSyntaxHighlighting 6."_s));
        QVERIFY(versions.contains(u"QtKeychain "_s));
    }

    void networkIndicatorCounts()
    {
        NetworkActivityIndicator indicator;
        QVERIFY(indicator.text().contains(u"idle"_s));
        indicator.setRequestsInFlight(3);
        QVERIFY(indicator.text().contains(u"3 requests"_s));
        indicator.setRequestsInFlight(0);
        QVERIFY(indicator.text().contains(u"idle"_s));
    }
};

int main(int argc, char **argv)
{
    QApplication::setAttribute(Qt::AA_Use96Dpi);
    QApplication app(argc, argv);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"
