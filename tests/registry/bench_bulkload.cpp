// Benchmark: bulk-load the sandbox's large data set over HTTP and print the requests it took.
// Fails when a load needs more than 2 + ⌈versions / 1000⌉ requests. Size: SD_BENCH_SUBJECTS (default
// 20000 subjects × 3 versions; the design target is 100000).
#include "registry/BulkLoader.h"
#include "registry/RegistryClient.h"
#include "RegistryTestSupport.h"
#include "sandboxserver/SandboxServer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::registry;
using namespace sd::registry::test;

namespace {

QString recordSchema(const QString &name, int fields)
{
    QStringList list;
    for (int f = 0; f < fields; ++f)
        list << u"{\"name\":\"f%1\",\"type\":\"string\",\"default\":\"\"}"_s.arg(f);
    return u"{\"type\":\"record\",\"name\":\"%1\",\"fields\":[%2]}"_s.arg(name, list.join(u','));
}

// The sandbox's data-file format: a default context and two more, three versions per subject, one
// schema (id) per version per subject, so nothing is shared by accident.
QJsonObject largeRegistry(int subjects)
{
    const QStringList contextNames{u"."_s, u".source"_s, u".target"_s};
    QJsonArray contexts;
    for (int c = 0; c < contextNames.size(); ++c) {
        QJsonArray schemas;
        QJsonArray subjectArray;
        int nextId = 1;
        for (int i = c; i < subjects; i += int(contextNames.size())) {
            QJsonArray versions;
            for (int v = 1; v <= 3; ++v) {
                schemas.append(QJsonObject{{u"id"_s, nextId},
                                           {u"schemaType"_s, u"AVRO"_s},
                                           {u"schema"_s, recordSchema(u"Topic%1"_s.arg(i), v)}});
                versions.append(QJsonObject{{u"version"_s, v}, {u"id"_s, nextId}, {u"ts"_s, 0}});
                ++nextId;
            }
            subjectArray.append(QJsonObject{{u"name"_s, u"topic-%1-value"_s.arg(i, 6, 10, QLatin1Char('0'))},
                                            {u"versions"_s, versions}});
        }
        contexts.append(QJsonObject{{u"name"_s, contextNames.at(c)},
                                    {u"listed"_s, true},
                                    {u"maxId"_s, nextId - 1},
                                    {u"schemas"_s, schemas},
                                    {u"subjects"_s, subjectArray}});
    }
    return QJsonObject{
        {u"format"_s, u"schemadesk-sandbox"_s}, {u"formatVersion"_s, 1}, {u"contexts"_s, contexts}};
}

} // namespace

class BenchBulkLoad : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void loadLargeRegistry()
    {
        const int subjects = qEnvironmentVariableIsSet("SD_BENCH_SUBJECTS")
                                 ? qEnvironmentVariableIntValue("SD_BENCH_SUBJECTS")
                                 : 20000;
        sd::sandbox::SandboxServer server;
        QString error;
        QVERIFY2(server.start({}, &error), qPrintable(error));
        QElapsedTimer seed;
        seed.start();
        QVERIFY2(server.store()->fromJson(largeRegistry(subjects), &error), qPrintable(error));
        const int versions = server.store()->versionCount();
        QCOMPARE(versions, 3 * subjects);
        qInfo("seeded %d subjects × 3 versions in %lld ms", subjects, seed.elapsed());

        ConnectionProfile profile;
        profile.name = u"bench"_s;
        profile.urls = {server.url()};
        RegistryClient client(profile, {});
        BulkLoader loader(&client);
        bool finished = false;
        connect(&loader, &BulkLoader::finished, this, [&] { finished = true; });
        loader.start();
        QVERIFY(waitUntil([&] { return finished; }, 280000));
        QVERIFY2(!loader.error().isError(), qPrintable(loader.error().toDisplayString()));
        const SnapshotPtr snapshot = loader.snapshot();
        QVERIFY(snapshot);
        QCOMPARE(snapshot->versionCount(), versions);
        QCOMPARE(snapshot->subjectCount(), subjects);
        QCOMPARE(snapshot->contextCount(), 3);
        const int bound = 2 + (versions + 999) / 1000;
        qInfo(
            "bulk load: %d subjects, %d versions, %d requests (bound 2 + ceil(versions/1000) = %d), %lld ms, "
            "snapshot ~%lld MiB",
            subjects, versions, loader.requestCount(), bound, loader.elapsedMs(),
            qint64(snapshot->approximateBytes() / (1024 * 1024)));
        QVERIFY2(loader.requestCount() <= bound, "more requests than 2 + ceil(versions / 1000)");
    }
};

QTEST_GUILESS_MAIN(BenchBulkLoad)
#include "bench_bulkload.moc"
