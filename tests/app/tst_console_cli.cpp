// The console executable as a user runs it: options, errors, and the offscreen tour.
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestConsoleCli : public QObject
{
    Q_OBJECT
private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    static Run run(const QStringList &arguments, int timeoutMs = 60000)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(SD_CONSOLE_PATH), arguments);
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
        }
        return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

private Q_SLOTS:
    void version()
    {
        const Run r = run({u"--version"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(u"schemadesk "_s), qPrintable(r.out));
    }
    void help()
    {
        const Run r = run({u"--help"_s});
        QCOMPARE(r.exitCode, 0);
        for (const auto option : {u"--demo", u"--tour", u"--theme", u"--version"})
            QVERIFY2(r.out.contains(option), qPrintable(r.out));
    }
    void wrongOptionExitsWithAMessage()
    {
        const Run r = run({u"--no-such-option"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(u"no-such-option"_s));
    }
    void tourSavesScreenshots()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const Run r = run({u"--tour"_s, dir.path(), u"--demo"_s}, 180000);
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        const QStringList shots = QDir(dir.path()).entryList({u"*.png"_s}, QDir::Files, QDir::Name);
        QVERIFY2(shots.size() >= 3, qPrintable(r.out));
        for (const QString &shot : shots) {
            const QImage image(dir.filePath(shot));
            QVERIFY2(!image.isNull() && image.width() > 200 && image.height() > 100, qPrintable(shot));
            QVERIFY2(r.out.contains(shot), "the tour prints every screenshot it saved");
        }
    }
};

QTEST_GUILESS_MAIN(TestConsoleCli)
#include "tst_console_cli.moc"
