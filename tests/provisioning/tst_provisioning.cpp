// The provisioning script installs packaging/debian-packages.txt; CMake requires find_package()s.
// This test keeps the two in step: every required CMake package must come from a listed Debian
// package, and every listed library package must be needed by CMake or the tests.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;

class TestProvisioning : public QObject
{
    Q_OBJECT

private:
    static QString readSource(const QString &relative)
    {
        QFile file(QStringLiteral(SD_SOURCE_DIR "/") + relative);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll());
    }

    static QSet<QString> listedPackages()
    {
        QSet<QString> packages;
        const QStringList lines = readSource(u"packaging/debian-packages.txt"_s).split(u'\n');
        for (QString line : lines) {
            line = line.section(u'#', 0, 0).trimmed();
            if (!line.isEmpty())
                packages.insert(line.section(u' ', 0, 0));
        }
        return packages;
    }

    // find_package(<name> [version] REQUIRED [COMPONENTS a b c]) → "<name>" and "<name>::<component>"
    static QStringList requiredCMakePackages()
    {
        QStringList required;
        static const QRegularExpression call(uR"(find_package\(\s*(\w+)([^)]*)\))"_s);
        auto it = call.globalMatch(readSource(u"CMakeLists.txt"_s));
        while (it.hasNext()) {
            const auto match = it.next();
            const QString name = match.captured(1);
            const QString rest = match.captured(2);
            if (!rest.contains(u"REQUIRED"))
                continue;
            const qsizetype components = rest.indexOf(u"COMPONENTS");
            if (components < 0) {
                required.append(name);
                continue;
            }
            const QStringList parts = rest.mid(components + 10).simplified().split(u' ', Qt::SkipEmptyParts);
            for (const QString &component : parts)
                required.append(name + u"::"_s + component);
        }
        return required;
    }

    // Which Debian package provides each CMake package (Debian 13 names).
    static QString debianPackageFor(const QString &cmakePackage)
    {
        static const QHash<QString, QString> map{
            {u"Qt6::Core"_s, u"qt6-base-dev"_s},
            {u"Qt6::Gui"_s, u"qt6-base-dev"_s},
            {u"Qt6::Widgets"_s, u"qt6-base-dev"_s},
            {u"Qt6::Network"_s, u"qt6-base-dev"_s},
            {u"Qt6::Concurrent"_s, u"qt6-base-dev"_s},
            {u"Qt6::Test"_s, u"qt6-base-dev"_s},
            {u"Qt6::DBus"_s, u"qt6-base-dev"_s},
            {u"Qt6::HttpServer"_s, u"qt6-httpserver-dev"_s},
            {u"Qt6::Svg"_s, u"qt6-svg-dev"_s},
            {u"KF6SyntaxHighlighting"_s, u"libkf6syntaxhighlighting-dev"_s},
            {u"Qt6Keychain"_s, u"qtkeychain-qt6-dev"_s},
        };
        return map.value(cmakePackage);
    }

private Q_SLOTS:
    void everyRequiredCMakePackageIsProvisioned()
    {
        const QStringList required = requiredCMakePackages();
        QVERIFY2(required.contains(u"Qt6::Widgets"_s), "CMakeLists.txt no longer requires Qt6 Widgets?");
        QVERIFY(required.contains(u"KF6SyntaxHighlighting"_s));
        QVERIFY(required.contains(u"Qt6Keychain"_s));
        const QSet<QString> listed = listedPackages();
        for (const QString &cmakePackage : required) {
            const QString debian = debianPackageFor(cmakePackage);
            QVERIFY2(!debian.isEmpty(),
                     qPrintable(u"no Debian package known for CMake package "_s + cmakePackage +
                                u": add it to the map in this test and to packaging/debian-packages.txt"_s));
            QVERIFY2(listed.contains(debian), qPrintable(u"packaging/debian-packages.txt lacks "_s + debian +
                                                         u" (needed for "_s + cmakePackage + u")"_s));
        }
    }

    void everyListedLibraryIsRequired()
    {
        const QStringList required = requiredCMakePackages();
        QSet<QString> needed;
        for (const QString &cmakePackage : required)
            needed.insert(debianPackageFor(cmakePackage));
        for (const QString &package : listedPackages()) {
            if (!package.endsWith(u"-dev") || package == u"libclang-rt-dev")
                continue; // tools and runtime packages (clang's libFuzzer runtime) are not CMake packages
            QVERIFY2(needed.contains(package),
                     qPrintable(package + u" is listed but CMakeLists.txt does not require it"_s));
        }
    }

    // The tests run where the dependencies are installed (natively, or inside the Debian 13 root), so
    // the script must recognise this system as one that builds natively, with nothing to install.
    void scriptDetectsThisSystemAsNative()
    {
        QProcess script;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"SCHEMADESK_ENV_MODE"_s);
        env.remove(u"SCHEMADESK_ENV"_s);
        env.insert(u"SCHEMADESK_CACHE"_s, QDir::temp().filePath(u"schemadesk-provisioning-test"_s));
        script.setProcessEnvironment(env);
        script.start(u"bash"_s, {QStringLiteral(SD_SOURCE_DIR "/packaging/schemadesk-env"), u"setup"_s});
        QVERIFY(script.waitForFinished(60000));
        const QString err = QString::fromUtf8(script.readAllStandardError());
        QCOMPARE(script.exitCode(), 0);
        QVERIFY2(err.contains(u"run natively"_s), qPrintable(err));
    }

    void qtVersionFloorMatchesTheScript()
    {
        const QString cmake = readSource(u"CMakeLists.txt"_s);
        QVERIFY(cmake.contains(u"find_package(Qt6 6.5 REQUIRED"_s));
        const QString script = readSource(u"packaging/schemadesk-env"_s);
        QVERIFY2(script.contains(u"version_at_least \"$qt\" 6.5"_s),
                 "the provisioning script's Qt floor must match CMakeLists.txt");
    }
};

QTEST_GUILESS_MAIN(TestProvisioning)
#include "tst_provisioning.moc"
