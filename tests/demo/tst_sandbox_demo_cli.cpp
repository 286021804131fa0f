// `schemadesk-sandbox --demo`: one "listening on URL (NAME)" line per registry once seeded, and the
// registries answer with the demo's data.

#include "common/RestClient.h"
#include "demo/DemoSchemas.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

using namespace Qt::StringLiterals;
using sd::testing::RestClient;

class TestSandboxDemoCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void printsEveryRegistryAndServesTheDemo();
};

void TestSandboxDemoCli::printsEveryRegistryAndServesTheDemo()
{
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    QElapsedTimer clock;
    clock.start();
    process.start(QStringLiteral(SD_BINARY_DIR "/bin/schemadesk-sandbox"), {u"--demo"_s});
    QVERIFY2(process.waitForStarted(10000), qPrintable(process.errorString()));

    const QRegularExpression line(uR"(^listening on (http://127\.0\.0\.1:\d+) \((\w+)\)$)"_s);
    QStringList names;
    QHash<QString, QUrl> urls;
    while (names.size() < 4 && clock.elapsed() < 30000) {
        if (!process.canReadLine() && !process.waitForReadyRead(1000)) {
            QVERIFY2(process.state() == QProcess::Running, process.readAllStandardError().constData());
            continue;
        }
        while (process.canReadLine() && names.size() < 4) {
            const QString text = QString::fromUtf8(process.readLine()).trimmed();
            const QRegularExpressionMatch match = line.match(text);
            QVERIFY2(match.hasMatch(), qPrintable(text));
            names.append(match.captured(2));
            urls.insert(match.captured(2), QUrl(match.captured(1)));
        }
    }
    qInfo().noquote() << "--demo printed its registries after" << clock.elapsed() << "ms";
    QCOMPARE(names, (QStringList{u"source"_s, u"target"_s, u"platform"_s, u"cloud"_s}));

    RestClient rest;
    const auto pageviews = rest.get(urls.value(u"source"_s), u"/subjects/pageviews-value/versions/1"_s);
    QCOMPARE(pageviews.status, 200);
    QCOMPARE(pageviews.object().value(u"schema"_s).toString(), sd::demo::schemas::pageviews());
    QCOMPARE(rest.get(urls.value(u"target"_s), u"/subjects/stock_trades-value/versions/1"_s).status, 200);
    QCOMPARE(rest.get(urls.value(u"cloud"_s), u"/contexts"_s).strings(),
             (QStringList{u"."_s, u".analytics"_s, u".fraud"_s}));
    QCOMPARE(rest.get(urls.value(u"platform"_s), u"/mode/:.__GLOBAL:"_s).object().value(u"mode"_s).toString(),
             u"FORWARD"_s);

    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(5000);
    }
}

QTEST_GUILESS_MAIN(TestSandboxDemoCli)
#include "tst_sandbox_demo_cli.moc"
