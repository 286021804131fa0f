// RegistryStore semantics without HTTP: change log, persistence round trip, reference edges,
// IMPORT purge, and the scale target (100k subjects × 3 versions, pages cost the page).

#include "common/RestClient.h"
#include "sandboxserver/RegistryStore.h"
#include "sandboxserver/SandboxServer.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::sandbox::ChangeLogEntry;
using sd::sandbox::RegisterOptions;
using sd::sandbox::RegisterRequest;
using sd::sandbox::RegistryError;
using sd::sandbox::RegistryMode;
using sd::sandbox::RegistryStore;
using sd::sandbox::SchemaListOptions;
using sd::sandbox::SubjectListOptions;

namespace {

QString recordSchema(const QString &name, int fields)
{
    QStringList parts;
    for (int i = 0; i < fields; ++i) {
        parts << (i == 0 ? uR"({"name":"f0","type":"int"})"_s
                         : uR"({"name":"f%1","type":"string","default":""})"_s.arg(i));
    }
    return uR"({"type":"record","name":"%1","fields":[%2]})"_s.arg(name, parts.join(u','));
}

RegisterRequest request(const QString &schema)
{
    RegisterRequest r;
    r.schema = schema;
    return r;
}

// A registry document for fromJson with `subjects` subjects of 3 versions each, sharing three
// schemas per context the way generated topics often do.
QJsonObject bigRegistry(int subjects)
{
    QJsonArray schemas;
    for (int id = 1; id <= 3; ++id)
        schemas.append(QJsonObject{
            {u"id"_s, id}, {u"schemaType"_s, u"AVRO"_s}, {u"schema"_s, recordSchema(u"Event"_s, id)}});
    QJsonArray subjectArray;
    for (int i = 0; i < subjects; ++i) {
        QJsonArray versions;
        for (int v = 1; v <= 3; ++v)
            versions.append(QJsonObject{{u"version"_s, v}, {u"id"_s, v}, {u"ts"_s, 0}});
        subjectArray.append(QJsonObject{{u"name"_s, u"topic-%1-value"_s.arg(i, 6, 10, QLatin1Char('0'))},
                                        {u"versions"_s, versions}});
    }
    QJsonObject context{{u"name"_s, u"."_s},
                        {u"listed"_s, true},
                        {u"maxId"_s, 3},
                        {u"schemas"_s, schemas},
                        {u"subjects"_s, subjectArray}};
    return QJsonObject{{u"format"_s, u"schemadesk-sandbox"_s},
                       {u"formatVersion"_s, 1},
                       {u"contexts"_s, QJsonArray{context}}};
}

} // namespace

class TestRegistryStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void changeLogRecordsEveryChange();
    void persistenceRoundTrip();
    void importPurgesSoftDeletedAndGuardsReferences();
    void directRegistrationAndParsedCache();
    void scale100kSubjectsPagesCostThePage();
};

void TestRegistryStore::changeLogRecordsEveryChange()
{
    RegistryStore store;
    RegistryError error;
    QSignalSpy changed(&store, &RegistryStore::changed);
    store.registerSchema(u"a"_s, request(recordSchema(u"A"_s, 1)), {}, &error);
    QVERIFY(!error.isError());
    store.registerSchema(u"a"_s, request(recordSchema(u"A"_s, 1)), {}, &error); // no change
    store.registerSchema(u":.ctx:b"_s, request(recordSchema(u"B"_s, 1)), {}, &error);
    store.deleteVersion(u"a"_s, u"1"_s, false, &error);
    store.deleteVersion(u"a"_s, u"1"_s, true, &error);
    store.updateConfig(u":.ctx:"_s, QJsonObject{{u"compatibility"_s, u"NONE"_s}}, &error);
    store.setMode(u":.__GLOBAL:"_s, RegistryMode::ReadOnly, false, &error);
    store.deleteMode(u":.__GLOBAL:"_s, false, &error);
    store.deleteSubject(u":.ctx:b"_s, false, &error);
    QVERIFY(!error.isError());
    const QList<ChangeLogEntry> log = store.changesSince(0);
    QList<ChangeLogEntry::Kind> kinds;
    for (const ChangeLogEntry &entry : log)
        kinds << entry.kind;
    using K = ChangeLogEntry::Kind;
    QCOMPARE(kinds,
             QList<K>({K::SchemaRegistered, K::SchemaRegistered, K::VersionSoftDeleted, K::VersionHardDeleted,
                       K::ConfigChanged, K::ModeChanged, K::ModeDeleted, K::SubjectSoftDeleted}));
    for (qsizetype i = 0; i < log.size(); ++i)
        QCOMPARE(log[i].offset, qint64(i));
    QCOMPARE(log[1].context, u".ctx"_s);
    QCOMPARE(log[1].subject, u"b"_s);
    QCOMPARE(log[1].id, 1);
    QCOMPARE(log[1].version, 1);
    QCOMPARE(log[5].context, u".__GLOBAL"_s);
    QCOMPARE(log[5].payload.value(u"mode"_s).toString(), u"READONLY"_s);
    QCOMPARE(store.changesSince(6).size(), 2);
    QCOMPARE(store.changesSince(3, 2).size(), 2);
    QCOMPARE(store.changeLogEnd(), qint64(8));
    QCOMPARE(changed.size(), 8);
    // Failed operations log nothing.
    store.deleteSubject(u"nope"_s, false, &error);
    QCOMPARE(error.code, 40401);
    QCOMPARE(store.changeLogEnd(), qint64(8));
}

void TestRegistryStore::persistenceRoundTrip()
{
    RegistryStore store;
    RegistryError error;
    store.registerSchema(u"address"_s, request(recordSchema(u"Address"_s, 2)), {}, &error);
    RegisterRequest customer =
        request(uR"({"type":"record","name":"Customer","fields":[{"name":"a","type":"Address"}]})"_s);
    customer.references = {{u"Address"_s, u"address"_s, 1}};
    customer.metadata = QJsonObject{{u"properties"_s, QJsonObject{{u"owner"_s, u"x"_s}}}};
    store.registerSchema(u"customer"_s, customer, {}, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    store.registerSchema(u":.ctx:c"_s, request(recordSchema(u"C"_s, 1)), {}, &error);
    store.deleteVersion(u":.ctx:c"_s, u"1"_s, false, &error);
    store.updateConfig(u"customer"_s, QJsonObject{{u"compatibility"_s, u"FULL"_s}, {u"normalize"_s, true}},
                       &error);
    store.setMode(u":.ctx:"_s, RegistryMode::ReadOnly, false, &error);
    store.updateConfig(u":.__GLOBAL:"_s, QJsonObject{{u"compatibility"_s, u"NONE"_s}}, &error);
    const QJsonObject json = store.toJson();

    RegistryStore loaded;
    QString why;
    QVERIFY2(loaded.fromJson(json, &why), qPrintable(why));
    QCOMPARE(loaded.toJson(), json);
    // Derived indexes are rebuilt: references block deletes, ids resolve, the log continues.
    loaded.deleteVersion(u"address"_s, u"1"_s, false, &error);
    QCOMPARE(error.code, 42206);
    QCOMPARE(loaded.referencedBy(u"address"_s, u"1"_s, false, &error), QList<int>({2}));
    QVERIFY(loaded.schemaById(2, {}, nullptr, &error));
    QCOMPARE(loaded.changeLogEnd(), store.changeLogEnd());
    QCOMPARE(loaded.effectiveMode(u":.ctx:c"_s), RegistryMode::ReadOnly);
    QCOMPARE(loaded.effectiveConfig(u":.ctx:c"_s).value(u"compatibility"_s).toString(), u"NONE"_s);
    // The identical schema still maps to its id after reload.
    const auto view = loaded.registerSchema(u"again"_s, request(recordSchema(u"Address"_s, 2)), {}, &error);
    QCOMPARE(view.schema->id, 1);

    QVERIFY(!loaded.fromJson(QJsonObject{{u"format"_s, u"other"_s}}, &why));
    QVERIFY(why.contains(u"schemadesk-sandbox"_s));
}

void TestRegistryStore::importPurgesSoftDeletedAndGuardsReferences()
{
    RegistryStore store;
    RegistryError error;
    store.registerSchema(u":.x:base"_s, request(recordSchema(u"Base"_s, 1)), {}, &error);
    RegisterRequest user =
        request(uR"({"type":"record","name":"User","fields":[{"name":"b","type":"Base"}]})"_s);
    user.references = {{u"Base"_s, u"base"_s, 1}}; // relative to .x
    store.registerSchema(u":.x:user"_s, user, {}, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    QCOMPARE(store.referencedBy(u":.x:base"_s, u"1"_s, false, &error), QList<int>({2}));
    store.deleteSubject(u":.x:user"_s, false, &error);
    store.deleteSubject(u":.x:base"_s, false, &error);
    QVERIFY(!error.isError());
    // Both soft-deleted: entering IMPORT purges them together.
    QVERIFY(store.setMode(u":.x:"_s, RegistryMode::Import, false, &error));
    QCOMPARE(store.listSubjects({u":.x:"_s, true, false, 0, -1}), QStringList());

    // A soft-deleted schema still referenced from outside the scope blocks the purge (42206).
    store.registerSchema(u":.y:base"_s, request(recordSchema(u"Base"_s, 1)), {}, &error);
    RegisterRequest outside =
        request(uR"({"type":"record","name":"Out","fields":[{"name":"b","type":"Base"}]})"_s);
    outside.references = {{u"Base"_s, u":.y:base"_s, 1}};
    store.registerSchema(u"outside"_s, outside, {}, &error);
    QVERIFY2(!error.isError(), qPrintable(error.message));
    store.deleteSubject(u"outside"_s, false, &error);
    store.deleteSubject(u":.y:base"_s, false, &error);
    QVERIFY(!error.isError());
    QVERIFY(!store.setMode(u":.y:"_s, RegistryMode::Import, false, &error));
    QCOMPARE(error.code, 42206);
}

void TestRegistryStore::directRegistrationAndParsedCache()
{
    RegistryStore store;
    RegistryError error;
    const auto first = store.registerSchema(u"s"_s, request(recordSchema(u"S"_s, 1)), {}, &error);
    QVERIFY(first.schema && first.schema->parsed);
    const auto again = store.getVersion(u"s"_s, u"latest"_s, false, &error);
    QCOMPARE(again.schema.get(), first.schema.get()); // one StoredSchema, parsed once
    QCOMPARE(store.parsedSchema(*again.schema).get(), first.schema->parsed.get());
    // normalize=true stores the normalised text.
    RegisterOptions normalize;
    normalize.normalize = true;
    const auto normalized = store.registerSchema(u"n"_s, request(recordSchema(u"N"_s, 1)), normalize, &error);
    QVERIFY(!error.isError());
    QCOMPARE(normalized.schema->text, normalized.schema->parsed->normalizedText());
}

void TestRegistryStore::scale100kSubjectsPagesCostThePage()
{
    constexpr int kSubjects = 100000;
    QElapsedTimer timer;
    timer.start();
    RegistryStore store;
    QString why;
    QVERIFY2(store.fromJson(bigRegistry(kSubjects), &why), qPrintable(why));
    const qint64 loadMs = timer.elapsed();
    QCOMPARE(store.subjectCount(), kSubjects);
    QCOMPARE(store.versionCount(), 3 * kSubjects);

    auto timePage = [&store](int offset, const QString &prefix, int *count) {
        QElapsedTimer t;
        t.start();
        SchemaListOptions options;
        options.prefix = prefix;
        options.offset = offset;
        options.limit = 1000;
        *count = int(store.listSchemas(options).size());
        return t.nsecsElapsed() / 1000;
    };
    int count = 0;
    const qint64 coldPageUs = timePage(0, {}, &count); // first touch of freshly loaded memory
    const qint64 firstPageUs = timePage(0, {}, &count);
    QCOMPARE(count, 1000);
    const qint64 prefixPageUs = timePage(0, u"topic-09"_s, &count);
    QCOMPARE(count, 1000);
    const qint64 deepPageUs = timePage(3 * kSubjects - 1000, {}, &count);
    QCOMPARE(count, 1000);
    QElapsedTimer t;
    t.start();
    SubjectListOptions prefixed;
    prefixed.prefix = u"topic-09999"_s;
    QCOMPARE(store.listSubjects(prefixed).size(), 10);
    const qint64 subjectPrefixUs = t.nsecsElapsed() / 1000;
    qInfo("scale: loaded %d subjects x 3 versions in %lld ms; /schemas first page %lld us (cold %lld us), "
          "prefix "
          "page %lld us, last page (offset %d) %lld us; /subjects prefix lookup %lld us",
          kSubjects, loadMs, firstPageUs, coldPageUs, prefixPageUs, 3 * kSubjects - 1000, deepPageUs,
          subjectPrefixUs);
    // Generous bounds for a shared debug build; a sort of 300k entries per request would blow them.
    QVERIFY2(firstPageUs < 150000, "a first page must not cost the whole registry");
    QVERIFY2(prefixPageUs < 150000, "a prefix page must start by binary search");
    QVERIFY2(subjectPrefixUs < 20000, "a prefix lookup must not scan the registry");

    // And over HTTP.
    sd::sandbox::SandboxServer server;
    QVERIFY(server.start({}));
    QVERIFY(server.store()->fromJson(bigRegistry(kSubjects), &why));
    sd::testing::RestClient client(server.url());
    timer.restart();
    const auto reply = client.get(u"/schemas?subjectPrefix=topic-05&limit=1000"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.array().size(), 1000);
    qInfo("scale: GET /schemas page of 1000 over HTTP in %lld ms", timer.elapsed());
    QCOMPARE(client.get(u"/subjects?subjectPrefix=topic-00000"_s).array().size(), 10);
}

QTEST_GUILESS_MAIN(TestRegistryStore)
#include "tst_sandbox_store.moc"
