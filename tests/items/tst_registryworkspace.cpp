// RegistryWorkspace's load against a real sandbox on loopback: the tree it builds (skeleton and schema
// pages parsed on worker threads) equals the tree built the plain way, with the requests the issue
// allows, and a cancel in the middle of the pages stops it for good.
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/FaultInjector.h"
#include "sandboxserver/LargeRegistry.h"
#include "sandboxserver/RegistryStore.h"
#include "sandboxserver/SandboxServer.h"

#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using Model = items::RegistryTreeModel;
using State = items::RegistryWorkspace::State;

namespace {

struct Row
{
    QString details;
    int versions = 0;
    bool deleted = false;
    bool operator==(const Row &) const = default;
};

// Every subject of a connection with what the tree shows of it (soft-deleted ones included).
std::map<QString, Row> rowsOf(Model &tree, const QString &connectionId)
{
    tree.setShowDeleted(true);
    std::map<QString, Row> rows;
    const QModelIndex connection = tree.connectionIndex(connectionId);
    for (int c = 0; c < tree.rowCount(connection); ++c) {
        const QModelIndex context = tree.index(c, 0, connection);
        if (context.data(Model::KindRole).value<Model::Kind>() != Model::Kind::Context)
            continue;
        for (int s = 0; s < tree.rowCount(context); ++s) {
            const QModelIndex subject = tree.index(s, 0, context);
            rows[subject.data(Model::QualifiedSubjectRole).toString()] = {
                subject.siblingAtColumn(Model::DetailsColumn).data().toString(),
                subject.data(Model::VersionCountRole).toInt(), subject.data(Model::DeletedRole).toBool()};
        }
    }
    tree.setShowDeleted(false);
    return rows;
}

} // namespace

class TestRegistryWorkspace : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    std::unique_ptr<sandbox::SandboxServer> startWith(const QJsonObject &data, const QString &name)
    {
        const QString path = m_dir.filePath(name + u".json"_s);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return nullptr;
        file.write(QJsonDocument(data).toJson(QJsonDocument::Compact));
        file.close();
        auto server = std::make_unique<sandbox::SandboxServer>();
        sandbox::SandboxOptions options;
        options.dataFile = path;
        QString error;
        if (!server->start(options, &error)) {
            qWarning("sandbox: %s", qPrintable(error));
            return nullptr;
        }
        return server;
    }

    static registry::ConnectionProfile profile(const sandbox::SandboxServer &server, const QString &name)
    {
        registry::ConnectionProfile p;
        p.name = name;
        p.urls = {server.url()};
        return p;
    }

    // GET /schemas with `query`, page by page (1000 rows), one after the other; false on a timeout.
    static bool forEachSchemaPage(registry::RegistryClient &client, registry::SchemaQuery query,
                                  const std::function<void(const QList<registry::SchemaVersion> &)> &use)
    {
        query.limit = 1000;
        for (query.offset = 0;; query.offset += 1000) {
            QList<registry::SchemaVersion> page;
            bool done = false;
            client.listSchemas(query, nullptr, [&](const auto &r) {
                page = r.value;
                done = true;
            });
            if (!QTest::qWaitFor([&] { return done; }, 20000))
                return false;
            use(page);
            if (page.size() < 1000)
                return true;
        }
    }

    // The reference: the same data fetched the plain way (typed client calls, parsed on this thread,
    // one page after another) and given to a tree model directly.
    static std::map<QString, Row> referenceRows(sandbox::SandboxServer &server)
    {
        registry::RegistryClient client(profile(server, u"reference"_s), {});
        QStringList subjects;
        QStringList contexts;
        int pending = 2;
        registry::SubjectQuery subjectQuery;
        subjectQuery.subjectPrefix = u":*:"_s;
        subjectQuery.deleted = true;
        client.listSubjects(subjectQuery, nullptr, [&](const auto &r) {
            subjects = r.value;
            --pending;
        });
        client.listContexts(nullptr, [&](const auto &r) {
            contexts = r.value;
            --pending;
        });
        if (!QTest::qWaitFor([&] { return pending == 0; }, 20000))
            return {};
        Model tree;
        tree.addConnection({u"ref"_s, u"ref"_s, {}, {}, false, false, false, {}});
        tree.setSubjects(u"ref"_s, subjects, contexts);
        registry::SchemaQuery query;
        query.subjectPrefix = u":*:"_s;
        query.deleted = true;
        const bool complete =
            forEachSchemaPage(client, query, [&](const QList<registry::SchemaVersion> &page) {
                QList<Model::SchemaSummary> rows;
                for (const registry::SchemaVersion &v : page)
                    rows.append({v.subject, v.version, v.id, v.schemaType, v.deleted});
                tree.addSchemaSummaries(u"ref"_s, rows);
            });
        if (!complete)
            return {};
        tree.finishSchemaSummaries(u"ref"_s);
        return rowsOf(tree, u"ref"_s);
    }

    // GET /schemas?latestOnly=true, page by page: each subject's newest live version.
    static QHash<QString, registry::SchemaVersion> latestVersions(sandbox::SandboxServer &server)
    {
        registry::RegistryClient client(profile(server, u"reference"_s), {});
        QHash<QString, registry::SchemaVersion> newest;
        registry::SchemaQuery query;
        query.subjectPrefix = u":*:"_s;
        query.latestOnly = true;
        const bool complete =
            forEachSchemaPage(client, query, [&](const QList<registry::SchemaVersion> &page) {
                for (const registry::SchemaVersion &v : page)
                    newest.insert(v.subject, v);
            });
        return complete ? newest : QHash<QString, registry::SchemaVersion>();
    }

    static bool loadAndWait(items::RegistryWorkspace &workspace, const QString &id)
    {
        workspace.load(id);
        return QTest::qWaitFor(
                   [&] {
                       const State state = workspace.connection(id)->state;
                       return state == State::Ready || state == State::Failed;
                   },
                   60000) &&
               workspace.connection(id)->state == State::Ready;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void loadBuildsTheSameTreeWithFewRequests()
    {
        // 1200 subjects × 2 versions in 2 contexts, plus 3 shared types per context: 2406 versions.
        auto server = startWith(sandbox::generateLargeRegistry(1200, 2, 2), u"pages"_s);
        QVERIFY(server);
        const std::map<QString, Row> expected = referenceRows(*server);
        QCOMPARE(expected.size(), size_t(1206));

        // (The model's consistency checks run in tst_registrytreemodel and tst_browse: with 1206
        // subjects QAbstractItemModelTester makes this test 20 s long.)
        items::RegistryWorkspace workspace;
        const registry::ConnectionProfile p = profile(*server, u"pages"_s);
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace.openConnection(p, {});
        QSignalSpy progress(&workspace, &items::RegistryWorkspace::loadProgress);
        QVERIFY(loadAndWait(workspace, id));
        // skeleton (subjects, contexts) + ⌈2406 / 1000⌉ pages, nothing per subject
        QCOMPARE(workspace.connection(id)->requestsUsed, 2 + 3);
        QCOMPARE(progress.size(), 3);
        QCOMPARE(progress.last().at(1).toInt(), 2406);
        QCOMPARE(workspace.tree()->subjectCount(id), 1206);
        const std::map<QString, Row> actual = rowsOf(*workspace.tree(), id);
        QCOMPARE(actual.size(), expected.size());
        QVERIFY(actual == expected);
        QCOMPARE(actual.at(u"topic-000000-value"_s).details, expected.at(u"topic-000000-value"_s).details);
        QVERIFY2(actual.at(u"topic-000000-value"_s).details.startsWith(u"JSON"_s),
                 qPrintable(actual.at(u"topic-000000-value"_s).details));
        QCOMPARE(actual.at(u":.ctx1:topic-000001-value"_s).versions, 2);

        // The newest schema texts came with the pages: each subject's is the registry's latest version.
        const registry::LatestSchemasPtr latest = workspace.connection(id)->latestSchemas;
        QVERIFY(latest);
        QCOMPARE(latest->size(), 1206);
        const QHash<QString, registry::SchemaVersion> newest = latestVersions(*server);
        QCOMPARE(newest.size(), 1206);
        registry::LatestSchemas::Reader reader(*latest);
        for (int i = 0; i < latest->size(); ++i) {
            const registry::LatestSchemas::Entry &entry = latest->entry(i);
            const registry::SchemaVersion expected = newest.value(entry.subject);
            QCOMPARE(entry.version, expected.version);
            QCOMPARE(entry.id, expected.id);
            QCOMPARE(entry.schemaType, expected.schemaType);
            QCOMPARE(reader.text(i), expected.schema);
        }
        QVERIFY2(latest->approximateBytes() * 4 < latest->rawBytes() * 2,
                 qPrintable(u"%1 bytes held for %2 bytes of text"_s.arg(latest->approximateBytes())
                                .arg(latest->rawBytes())));

        // A reload keeps the tree as it was and costs the same.
        QVERIFY(loadAndWait(workspace, id));
        QCOMPARE(workspace.connection(id)->requestsUsed, 2 + 3);
        QVERIFY(rowsOf(*workspace.tree(), id) == expected);
    }

    // A first load of more than 2000 subjects shows the first 2000 before the other nodes are made,
    // then appends them; the tree ends as the plain way builds it, and a reload replaces it whole.
    void bigFirstLoadShowsItsFirstSubjectsEarly()
    {
        auto server = startWith(sandbox::generateLargeRegistry(3000, 3, 1), u"big"_s);
        QVERIFY(server);
        const std::map<QString, Row> expected = referenceRows(*server);
        QCOMPARE(expected.size(), size_t(3009));
        items::RegistryWorkspace workspace;
        const registry::ConnectionProfile p = profile(*server, u"big"_s);
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace.openConnection(p, {});
        QList<int> countsWhenRowsCame;
        connect(workspace.tree(), &QAbstractItemModel::rowsInserted, this, [&](const QModelIndex &parent) {
            // (The Exporters node may come first, from the capability probe.)
            if (parent.isValid() && workspace.tree()->subjectCount(id) > 0)
                countsWhenRowsCame << workspace.tree()->subjectCount(id);
        });
        QVERIFY(loadAndWait(workspace, id));
        QVERIFY(!countsWhenRowsCame.isEmpty());
        QCOMPARE(countsWhenRowsCame.first(), 2000);
        QCOMPARE(workspace.tree()->subjectCount(id), 3009);
        QVERIFY(rowsOf(*workspace.tree(), id) == expected);
        QCOMPARE(workspace.connection(id)->requestsUsed, 2 + 4);

        countsWhenRowsCame.clear();
        QVERIFY(loadAndWait(workspace, id));
        QVERIFY(rowsOf(*workspace.tree(), id) == expected);
        QVERIFY(!countsWhenRowsCame.contains(2000));
    }

    void exactMultipleOfThePageSize()
    {
        // 997 subjects + 3 shared types = 1000 versions: a full page, then the empty one that says so.
        auto server = startWith(sandbox::generateLargeRegistry(997, 1, 1), u"exact"_s);
        QVERIFY(server);
        items::RegistryWorkspace workspace;
        const registry::ConnectionProfile p = profile(*server, u"exact"_s);
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace.openConnection(p, {});
        QVERIFY(loadAndWait(workspace, id));
        QCOMPARE(workspace.connection(id)->requestsUsed, 2 + 2);
        QCOMPARE(workspace.tree()->subjectCount(id), 1000);
        QCOMPARE(workspace.tree()->matchingSubjectCount(), 1000); // none left without versions (= deleted)
    }

    void cancelInTheMiddleOfThePages()
    {
        auto server = startWith(sandbox::generateLargeRegistry(2000, 2, 2), u"cancel"_s);
        QVERIFY(server);
        const std::map<QString, Row> expected = referenceRows(*server);
        const int rule = server->faults()->addRule(sandbox::FaultRule::latency(300, u"GET /schemas*"_s));
        items::RegistryWorkspace workspace;
        const registry::ConnectionProfile p = profile(*server, u"cancel"_s);
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace.openConnection(p, {});
        QSignalSpy progress(&workspace, &items::RegistryWorkspace::loadProgress);
        QSignalSpy loaded(&workspace, &items::RegistryWorkspace::connectionLoaded);
        workspace.load(id);
        QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 1, 20000); // a page is in the tree, more are coming
        QVERIFY(progress.size() < 5);
        workspace.cancelLoad(id);
        QCOMPARE(workspace.connection(id)->state, State::Failed);
        QVERIFY(
            workspace.tree()->connectionIndex(id).data(Model::ErrorRole).toString().contains(u"cancelled"_s));
        const qsizetype pagesBeforeCancel = progress.size();
        const std::map<QString, Row> partial = rowsOf(*workspace.tree(), id);
        // Answers and parses still under way are dropped: nothing changes after the cancel.
        QTest::qWait(1500);
        QCOMPARE(progress.size(), pagesBeforeCancel);
        QCOMPARE(loaded.size(), 0);
        QCOMPARE(workspace.connection(id)->state, State::Failed);
        QVERIFY(rowsOf(*workspace.tree(), id) == partial);
        QVERIFY(partial != expected);

        // Loading again completes.
        server->faults()->removeRule(rule);
        QVERIFY(loadAndWait(workspace, id));
        QCOMPARE(workspace.connection(id)->requestsUsed, 2 + 5);
        QVERIFY(rowsOf(*workspace.tree(), id) == expected);
    }

    void generatedRegistryHasReferencesAndBigSchemas()
    {
        auto server = startWith(sandbox::generateLargeRegistry(600, 2, 2), u"generated"_s);
        QVERIFY(server);
        registry::RegistryClient client(profile(*server, u"generated"_s), {});
        // subject 3 is in .ctx1 (3 % 2) and is an Avro record using the shared Envelope (3 % 7 == 3)
        registry::SchemaVersion referencing;
        bool done = false;
        client.getVersion(u":.ctx1:topic-000003-value"_s, u"latest"_s, false, nullptr, [&](const auto &r) {
            QVERIFY(r.ok());
            referencing = r.value;
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QCOMPARE(referencing.references.size(), 1);
        QCOMPARE(referencing.references.first().name, u"com.acme.common.Envelope"_s);
        QCOMPARE(referencing.references.first().subject, u"com.acme.common.Envelope"_s);
        QVERIFY(referencing.schema.contains(u"\"type\":\"com.acme.common.Envelope\""_s));
        // the registry knows who uses the shared type
        QList<int> users;
        done = false;
        client.getReferencedBy(u":.ctx1:com.acme.common.Envelope"_s, u"1"_s, nullptr, [&](const auto &r) {
            users = r.value;
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QVERIFY2(users.size() >= 40,
                 qPrintable(QString::number(users.size()))); // 2 versions of 1 in 7 of 300
        // subject 1 (every 500th) is big: thousands of lines pretty-printed
        registry::SchemaVersion big;
        done = false;
        client.getVersion(u":.ctx1:topic-000001-value"_s, u"1"_s, false, nullptr, [&](const auto &r) {
            big = r.value;
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        const QByteArray pretty =
            QJsonDocument::fromJson(big.schema.toUtf8()).toJson(QJsonDocument::Indented);
        QVERIFY2(pretty.count('\n') >= 5000, QByteArray::number(pretty.count('\n')).constData());
        // the same arguments give the same registry
        QCOMPARE(sandbox::generateLargeRegistry(50, 2, 2), sandbox::generateLargeRegistry(50, 2, 2));
    }

    void subjectNamesThatNeedEscaping()
    {
        // A quote or a backslash in a name takes the skeleton off the fast path onto the typed parser.
        auto server = startWith(sandbox::generateLargeRegistry(20, 1, 1), u"escaped"_s);
        QVERIFY(server);
        const QString odd = u"odd\"quote\\slash-é-value"_s;
        sandbox::RegisterRequest request;
        request.schema = u"\"string\""_s;
        sandbox::RegistryError error;
        server->store()->registerSchema(odd, request, {}, &error);
        QVERIFY2(!error.isError(), qPrintable(error.message));
        items::RegistryWorkspace workspace;
        const registry::ConnectionProfile p = profile(*server, u"escaped"_s);
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace.openConnection(p, {});
        QVERIFY(loadAndWait(workspace, id));
        QCOMPARE(workspace.tree()->subjectCount(id), 24);
        QVERIFY(workspace.tree()->subjectIndex(id, odd).isValid());
        QVERIFY(workspace.tree()->subjectIndex(id, u"topic-000007-value"_s).isValid());
        QVERIFY(rowsOf(*workspace.tree(), id) == referenceRows(*server));
    }

    void unreachableRegistryFails()
    {
        items::RegistryWorkspace workspace;
        registry::ConnectionProfile p;
        p.name = u"nowhere"_s;
        p.urls = {QUrl(u"http://127.0.0.1:1"_s)};
        p.requestTimeoutMs = 3000;
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace.openConnection(p, {});
        workspace.load(id);
        QTRY_COMPARE_WITH_TIMEOUT(workspace.connection(id)->state, State::Failed, 30000);
        QVERIFY(!workspace.connection(id)->error.isEmpty());
        QCOMPARE(workspace.tree()->subjectCount(id), 0);
    }
};

QTEST_GUILESS_MAIN(TestRegistryWorkspace)
#include "tst_registryworkspace.moc"
