#include "ui/CommandLine.h"

#include <QTest>

using namespace Qt::StringLiterals;
using sd::ui::parseCommandLine;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noArgumentsOpensTheConsole()
    {
        const auto options = parseCommandLine({u"schemadesk"_s});
        QVERIFY(options.error.isEmpty());
        QVERIFY(!options.demo);
        QVERIFY(options.tourDirectory.isEmpty());
        QVERIFY(!options.theme.has_value());
        QVERIFY(!options.showHelp && !options.showVersion);
    }
    void demoAndTour()
    {
        const auto options = parseCommandLine({u"schemadesk"_s, u"--demo"_s, u"--tour"_s, u"/tmp/shots"_s});
        QVERIFY(options.error.isEmpty());
        QVERIFY(options.demo);
        QCOMPARE(options.tourDirectory, u"/tmp/shots"_s);
    }
    void theme_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("expected");
        QTest::newRow("system") << u"system"_s << int(sd::ui::ThemeChoice::System);
        QTest::newRow("light") << u"Light"_s << int(sd::ui::ThemeChoice::Light);
        QTest::newRow("dark") << u"DARK"_s << int(sd::ui::ThemeChoice::Dark);
    }
    void theme()
    {
        QFETCH(QString, name);
        QFETCH(int, expected);
        const auto options = parseCommandLine({u"schemadesk"_s, u"--theme"_s, name});
        QVERIFY(options.error.isEmpty());
        QVERIFY(options.theme.has_value());
        QCOMPARE(int(*options.theme), expected);
    }
    void unknownThemeIsAnError()
    {
        const auto options = parseCommandLine({u"schemadesk"_s, u"--theme=purple"_s});
        QVERIFY(options.error.contains(u"purple"_s));
    }
    void unknownOptionIsAnError()
    {
        const auto options = parseCommandLine({u"schemadesk"_s, u"--frobnicate"_s});
        QVERIFY(options.error.contains(u"frobnicate"_s));
        QVERIFY(options.helpText.contains(u"--demo"_s));
    }
    void positionalArgumentIsAnError()
    {
        const auto options = parseCommandLine({u"schemadesk"_s, u"stray"_s});
        QVERIFY(options.error.contains(u"stray"_s));
    }
    void tourNeedsADirectory()
    {
        QVERIFY(!parseCommandLine({u"schemadesk"_s, u"--tour"_s}).error.isEmpty());
        QVERIFY(!parseCommandLine({u"schemadesk"_s, u"--tour="_s}).error.isEmpty());
    }
    void helpAndVersion()
    {
        QVERIFY(parseCommandLine({u"schemadesk"_s, u"--help"_s}).showHelp);
        QVERIFY(parseCommandLine({u"schemadesk"_s, u"-h"_s}).showHelp);
        QVERIFY(parseCommandLine({u"schemadesk"_s, u"--version"_s}).showVersion);
        QVERIFY(sd::ui::versionText().startsWith(u"schemadesk "_s));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
