// The console's own paths against a live Apicurio Registry 3.3.3 (its Confluent-compatible API), started
// by the `apicurio` ctest fixture (apicurio-fixture.sh): capability detection, the tree, opening
// schemas, registering with the compatibility check, soft and hard deletes, config and mode, search of
// every version, a diff against a sandbox, and mirror verification sandbox → Apicurio after copying.
// Each quirk the console relies on is observed here first, so the Compatibility table in the README
// is what these tests saw. Every test uses its own subjects: the instance lives for the whole run.

#include "diff/LoadedSnapshot.h"
#include "diff/MirrorComparator.h"
#include "diff/TextDiffer.h"
#include "items/RegistryWorkspace.h"
#include "registry/BulkLoader.h"
#include "registry/RegistryClient.h"
#include "registry/ServerCapabilities.h"
#include "sandboxserver/SandboxServer.h"
#include "search/SchemaSearch.h"

#include <memory>
#include <optional>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using registry::Support;

namespace {

const QString kV1 = uR"({"type":"record","name":"Order","fields":[{"name":"id","type":"int"}]})"_s;
const QString kV2 =
    uR"({"type":"record","name":"Order","fields":[{"name":"id","type":"int"},{"name":"note","type":"string","default":""}]})"_s;
// A field without a default: not BACKWARD compatible.
const QString kBad =
    uR"({"type":"record","name":"Order","fields":[{"name":"id","type":"int"},{"name":"qty","type":"int"}]})"_s;

QUrl apicurioUrl()
{
    QFile file(QStringLiteral(SD_APICURIO_STATE "/url"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QUrl(QString::fromUtf8(file.readAll().trimmed()));
}

registry::ConnectionProfile profileFor(const QUrl &url, const QString &name)
{
    registry::ConnectionProfile profile;
    profile.name = name;
    profile.urls = {url};
    return profile;
}

// Runs one RegistryClient call to its end and hands back its result.
template<typename T, typename Call> registry::Result<T> wait(Call &&call)
{
    std::optional<registry::Result<T>> result;
    call([&result](const registry::Result<T> &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
        qWarning("no answer in 30 s");
    return result.value_or(registry::Result<T>::failure(
        registry::ApiError::make(registry::ErrorKind::Timeout, u"no answer in 30 s"_s)));
}

registry::SchemaSubmission avro(const QString &text)
{
    registry::SchemaSubmission submission;
    submission.schema = text;
    return submission;
}

// Raw HTTP for what the console does not ask itself (observing the quirks).
QByteArray rawGet(const QUrl &base, const QString &path, int *status = nullptr)
{
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(QNetworkRequest(QUrl(base.toString() + path)));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(20000);
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

registry::SnapshotPtr bulkLoad(registry::RegistryClient &client)
{
    registry::BulkLoader loader(&client);
    bool finished = false;
    QObject::connect(&loader, &registry::BulkLoader::finished, [&finished] { finished = true; });
    loader.start();
    if (!QTest::qWaitFor([&] { return finished; }, 60000))
        qWarning("the bulk load did not finish in 60 s");
    if (!finished || loader.error().isError()) {
        qWarning("bulk load failed: %s", qPrintable(loader.error().toDisplayString()));
        return nullptr;
    }
    return loader.snapshot();
}

} // namespace

class TestApicurioPeer : public QObject
{
    Q_OBJECT

private:
    QUrl m_url;
    std::unique_ptr<registry::RegistryClient> m_client;
    registry::RegistryClient &client() { return *m_client; }
    registry::Result<registry::SchemaVersion> registerSchema(const QString &subject, const QString &text)
    {
        return wait<registry::SchemaVersion>(
            [&](auto done) { client().registerSchema(subject, avro(text), false, nullptr, done); });
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_url = apicurioUrl();
        if (!m_url.isValid() || m_url.isEmpty())
            QSKIP("no live Apicurio (the apicurio fixture was skipped: see its output)");
        m_client = std::make_unique<registry::RegistryClient>(profileFor(m_url, u"apicurio"_s),
                                                              registry::ConnectionSecrets{});
    }

    // The connection test names the flavour and every limitation, each observed below.
    void capabilitiesDetected()
    {
        registry::ConnectionTester tester(profileFor(m_url, u"apicurio"_s), {});
        std::optional<registry::ConnectionTestResult> result;
        connect(&tester, &registry::ConnectionTester::finished, this,
                [&](const registry::ConnectionTestResult &r) { result = r; });
        tester.start();
        QVERIFY(QTest::qWaitFor([&] { return result.has_value(); }, 30000));
        QVERIFY2(result->ok, qPrintable(result->report().join(u'\n')));
        const registry::ServerCapabilities &caps = result->capabilities;
        QCOMPARE(caps.flavor, registry::ServerFlavor::Apicurio);
        QCOMPARE(caps.contexts, Support::No);
        QCOMPARE(caps.bulkSchemas, Support::No);
        QCOMPARE(caps.exporters, Support::No);
        QCOMPARE(caps.modes, Support::Yes);
        QCOMPARE(caps.modesEnforced, Support::No);
        QCOMPARE(caps.forwardMode, Support::No);
        QCOMPARE(caps.dataContracts, Support::No);
        QVERIFY(caps.schemaTypes.contains(u"AVRO"_s));
        const QString report = result->report().join(u'\n');
        QVERIFY2(report.contains(u"not enforced"_s), qPrintable(report));
        QVERIFY2(caps.summary().contains(u"modes (not enforced)"_s), qPrintable(caps.summary()));
        QVERIFY(caps.limitations().join(u'\n').contains(u"not stored"_s));

        // The same detection without the /apis/ccompat path (behind a proxy): [":.:"] gives it away.
        int status = 0;
        QCOMPARE(QJsonDocument::fromJson(rawGet(m_url, u"/contexts"_s, &status)).array(),
                 QJsonArray({u":.:"_s}));
        QCOMPARE(status, 200);
    }

    // The quirks, observed: what the console's words above are based on.
    void quirksObserved()
    {
        QVERIFY(registerSchema(u"peer-quirks-value"_s, kV1).ok());
        // GET /schemas rows: the schema text only.
        const QJsonArray rows = QJsonDocument::fromJson(rawGet(m_url, u"/schemas?limit=1"_s)).array();
        QCOMPARE(rows.size(), 1);
        QVERIFY(!rows.first().toObject().contains(u"subject"_s));
        QVERIFY(!rows.first().toObject().contains(u"version"_s));
        // ... and its subjectPrefix is matched literally: ":*:" lists nothing.
        QCOMPARE(QJsonDocument::fromJson(rawGet(m_url, u"/schemas?subjectPrefix=:*:"_s)).array(),
                 QJsonArray());
        // An id sent with a registration is ignored (no IMPORT needed, none honoured).
        registry::SchemaSubmission withId =
            avro(uR"({"type":"record","name":"WithId","fields":[{"name":"id","type":"int"}]})"_s);
        withId.id = 987654;
        withId.version = 1;
        const auto imported = wait<registry::SchemaVersion>(
            [&](auto done) { client().registerSchema(u"peer-id-value"_s, withId, false, nullptr, done); });
        QVERIFY2(imported.ok(), qPrintable(imported.error.toDisplayString()));
        QVERIFY(imported.value.id != 987654);
        // FORWARD is refused.
        const auto forward = wait<QString>(
            [&](auto done) { client().setMode(u":.__GLOBAL:"_s, u"FORWARD"_s, false, nullptr, done); });
        QVERIFY(!forward.ok());
        QCOMPARE(forward.error.httpStatus, 422);
        // subjectPrefix is ignored on /subjects: a prefix that matches nothing still lists our subject.
        const QJsonArray listed =
            QJsonDocument::fromJson(rawGet(m_url, u"/subjects?subjectPrefix=:.nowhere:"_s)).array();
        QVERIFY(listed.contains(u"peer-quirks-value"_s));
        // Modes are stored but not enforced: a READONLY subject still takes a new version.
        auto mode = wait<QString>([&](auto done) {
            client().setMode(u"peer-quirks-value"_s, u"READONLY"_s, false, nullptr, done);
        });
        QVERIFY2(mode.ok(), qPrintable(mode.error.toDisplayString()));
        const auto readBack =
            wait<QString>([&](auto done) { client().getMode(u"peer-quirks-value"_s, false, nullptr, done); });
        QCOMPARE(readBack.value, u"READONLY"_s);
        const auto written = registerSchema(u"peer-quirks-value"_s, kV2);
        QVERIFY2(written.ok(), "Apicurio now enforces READONLY: update the capability probe");
        // Metadata is accepted and dropped.
        registry::SchemaSubmission withMetadata =
            avro(uR"({"type":"record","name":"Meta","fields":[{"name":"id","type":"int"}]})"_s);
        withMetadata.metadata = QJsonObject{{u"properties"_s, QJsonObject{{u"owner"_s, u"peers"_s}}}};
        const auto meta = wait<registry::SchemaVersion>([&](auto done) {
            client().registerSchema(u"peer-meta-value"_s, withMetadata, false, nullptr, done);
        });
        QVERIFY(meta.ok());
        const auto stored = wait<registry::SchemaVersion>(
            [&](auto done) { client().getVersion(u"peer-meta-value"_s, u"1"_s, false, nullptr, done); });
        QVERIFY(stored.ok());
        QVERIFY(stored.value.metadata.isEmpty());
        // References resolve and are listed back; paging is honoured on GET /subjects.
        QVERIFY(
            registerSchema(
                u"peer-address-value"_s,
                uR"({"type":"record","name":"Address","namespace":"shop","fields":[{"name":"street","type":"string"}]})"_s)
                .ok());
        registry::SchemaSubmission customer = avro(
            uR"({"type":"record","name":"Customer","namespace":"shop","fields":[{"name":"home","type":"shop.Address"}]})"_s);
        customer.references = {{u"shop.Address"_s, u"peer-address-value"_s, 1}};
        const auto referencing = wait<registry::SchemaVersion>([&](auto done) {
            client().registerSchema(u"peer-customer-value"_s, customer, false, nullptr, done);
        });
        QVERIFY2(referencing.ok(), qPrintable(referencing.error.toDisplayString()));
        const auto readCustomer = wait<registry::SchemaVersion>(
            [&](auto done) { client().getVersion(u"peer-customer-value"_s, u"1"_s, false, nullptr, done); });
        QCOMPARE(readCustomer.value.references, customer.references);
        const auto referrers = wait<QList<int>>(
            [&](auto done) { client().getReferencedBy(u"peer-address-value"_s, u"1"_s, nullptr, done); });
        QCOMPARE(referrers.value, QList<int>({referencing.value.id}));
        QCOMPARE(QJsonDocument::fromJson(rawGet(m_url, u"/subjects?limit=1"_s)).array().size(), 1);
        // The default compatibility, unless configured, is NONE; exporters are listed as none.
        const auto config = wait<registry::RegistryConfig>(
            [&](auto done) { client().getConfig(QString(), false, nullptr, done); });
        QVERIFY(config.ok());
        QCOMPARE(config.value.compatibility, u"NONE"_s);
        QCOMPARE(QJsonDocument::fromJson(rawGet(m_url, u"/exporters"_s)).array(), QJsonArray());
        int status = 0;
        rawGet(m_url, u"/exporters/none"_s, &status);
        QVERIFY(status >= 400);
    }

    // The tree: subjects in the default context only; versions per subject; the newest is the latest.
    void treeAndSchemas()
    {
        QVERIFY(registerSchema(u"peer-tree-value"_s, kV1).ok());
        QVERIFY(registerSchema(u"peer-tree-value"_s, kV2).ok());
        items::RegistryWorkspace workspace;
        const registry::ConnectionProfile p = profileFor(m_url, u"apicurio"_s);
        const QString id = p.id.toString(QUuid::WithoutBraces);
        workspace.openConnection(p, {});
        workspace.load(id);
        QVERIFY(QTest::qWaitFor(
            [&] {
                return workspace.connection(id)->state != items::RegistryWorkspace::State::Connecting &&
                       workspace.connection(id)->state != items::RegistryWorkspace::State::Loading;
            },
            60000));
        QCOMPARE(workspace.connection(id)->state, items::RegistryWorkspace::State::Ready);
        items::RegistryTreeModel &tree = *workspace.tree();
        const QModelIndex connection = tree.connectionIndex(id);
        // The connection's tooltip says what it is and what it cannot do.
        const QString tip = connection.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(u"Apicurio"_s) && tip.contains(u"not enforced"_s), qPrintable(tip));
        QStringList contexts;
        QModelIndex subject;
        for (int row = 0; row < tree.rowCount(connection); ++row) {
            const QModelIndex child = tree.index(row, 0, connection);
            if (child.data(items::RegistryTreeModel::KindRole).value<items::RegistryTreeModel::Kind>() !=
                items::RegistryTreeModel::Kind::Context)
                continue;
            contexts << child.data(Qt::DisplayRole).toString();
            for (int s = 0; s < tree.rowCount(child); ++s) {
                const QModelIndex candidate = tree.index(s, 0, child);
                if (candidate.data(items::RegistryTreeModel::QualifiedSubjectRole).toString() ==
                    u"peer-tree-value"_s)
                    subject = candidate;
            }
        }
        QCOMPARE(contexts.size(), 1); // [":.:"] is not taken for a context named ":.:"
        QVERIFY(subject.isValid());
        workspace.loadVersions(id, u"peer-tree-value"_s);
        QVERIFY(QTest::qWaitFor([&] { return tree.rowCount(subject) == 2; }, 20000));
        // Opening the latest: version 2, never an older one.
        const auto latest = wait<registry::SchemaVersion>(
            [&](auto done) { client().getVersion(u"peer-tree-value"_s, u"latest"_s, false, nullptr, done); });
        QVERIFY(latest.ok());
        QCOMPARE(latest.value.version, 2);
        QCOMPARE(latest.value.schema, kV2);
        QCOMPARE(latest.value.schemaType, u"AVRO"_s);
    }

    void registerWithCompatibilityCheck()
    {
        QVERIFY(registerSchema(u"peer-compat-value"_s, kV1).ok());
        registry::ConfigUpdate update;
        update.compatibility = u"BACKWARD"_s;
        QVERIFY(wait<registry::RegistryConfig>([&](auto done) {
                    client().setConfig(u"peer-compat-value"_s, update, nullptr, done);
                }).ok());
        const auto bad = wait<registry::CompatibilityResult>([&](auto done) {
            client().checkCompatibility(u"peer-compat-value"_s, u"latest"_s, avro(kBad), true, nullptr, done);
        });
        QVERIFY2(bad.ok(), qPrintable(bad.error.toDisplayString()));
        QVERIFY(!bad.value.compatible);
        const auto refused = registerSchema(u"peer-compat-value"_s, kBad);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error.httpStatus, 409);
        QVERIFY2(!refused.error.toDisplayString().isEmpty(), "the refusal is shown in words");
        const auto good = wait<registry::CompatibilityResult>([&](auto done) {
            client().checkCompatibility(u"peer-compat-value"_s, u"latest"_s, avro(kV2), true, nullptr, done);
        });
        QVERIFY(good.ok() && good.value.compatible);
        const auto registered = registerSchema(u"peer-compat-value"_s, kV2);
        QVERIFY(registered.ok());
        const auto versions = wait<QList<int>>(
            [&](auto done) { client().listVersions(u"peer-compat-value"_s, false, false, nullptr, done); });
        QCOMPARE(versions.value, QList<int>({1, 2}));
    }

    void softAndHardDelete()
    {
        QVERIFY(registerSchema(u"peer-delete-value"_s, kV1).ok());
        QVERIFY(registerSchema(u"peer-delete-value"_s, kV2).ok());
        auto soft = wait<int>(
            [&](auto done) { client().deleteVersion(u"peer-delete-value"_s, u"2"_s, false, nullptr, done); });
        QVERIFY2(soft.ok(), qPrintable(soft.error.toDisplayString()));
        auto live = wait<QList<int>>(
            [&](auto done) { client().listVersions(u"peer-delete-value"_s, false, false, nullptr, done); });
        QCOMPARE(live.value, QList<int>({1}));
        auto all = wait<QList<int>>(
            [&](auto done) { client().listVersions(u"peer-delete-value"_s, true, false, nullptr, done); });
        QCOMPARE(all.value, QList<int>({1, 2}));
        // The latest is the newest live version, not the soft-deleted one.
        const auto latest = wait<registry::SchemaVersion>([&](auto done) {
            client().getVersion(u"peer-delete-value"_s, u"latest"_s, false, nullptr, done);
        });
        QCOMPARE(latest.value.version, 1);
        auto hard = wait<int>(
            [&](auto done) { client().deleteVersion(u"peer-delete-value"_s, u"2"_s, true, nullptr, done); });
        QVERIFY2(hard.ok(), qPrintable(hard.error.toDisplayString()));
        all = wait<QList<int>>(
            [&](auto done) { client().listVersions(u"peer-delete-value"_s, true, false, nullptr, done); });
        QCOMPARE(all.value, QList<int>({1}));
        const auto subject = wait<QList<int>>(
            [&](auto done) { client().deleteSubject(u"peer-delete-value"_s, false, nullptr, done); });
        QCOMPARE(subject.value, QList<int>({1}));
        const auto gone = wait<QList<int>>(
            [&](auto done) { client().deleteSubject(u"peer-delete-value"_s, true, nullptr, done); });
        QVERIFY2(gone.ok(), qPrintable(gone.error.toDisplayString()));
    }

    // Search of every version and mirror verification load the registry with the BulkLoader: Apicurio's
    // GET /schemas rows do not name their versions, so it reads them subject by subject.
    void searchAndMirrorAgainstSandbox()
    {
        sandbox::SandboxServer sandbox;
        QString error;
        QVERIFY2(sandbox.start({}, &error), qPrintable(error));
        registry::RegistryClient sandboxClient(profileFor(sandbox.url(), u"sandbox"_s), {});
        // The schemas of a sandbox copied over to Apicurio (the same subjects and versions).
        const QStringList subjects = {u"peer-mirror-a-value"_s, u"peer-mirror-b-value"_s};
        for (const QString &subject : subjects) {
            for (const QString &text : {kV1, kV2}) {
                QVERIFY(wait<registry::SchemaVersion>([&](auto done) {
                            sandboxClient.registerSchema(subject, avro(text), false, nullptr, done);
                        }).ok());
                QVERIFY(registerSchema(subject, text).ok());
            }
        }
        const registry::SnapshotPtr onSandbox = bulkLoad(sandboxClient);
        const registry::SnapshotPtr onApicurio = bulkLoad(client());
        QVERIFY(onSandbox && onApicurio);

        // Search: every version of Apicurio's copy that mentions "note".
        search::SearchQuery query;
        query.text = u"note"_s;
        query.latestOnly = false;
        const search::SearchResult found =
            search::searchSchemas({{u"apicurio"_s, u"apicurio"_s, onApicurio, nullptr}}, query);
        QStringList hits;
        for (const search::SearchMatch &match : found.matches) {
            if (subjects.contains(match.subject))
                hits << u"%1 v%2"_s.arg(match.subject).arg(match.version);
        }
        QCOMPARE(hits, QStringList({u"peer-mirror-a-value v2"_s, u"peer-mirror-b-value v2"_s}));

        // Mirror verification sandbox → Apicurio: identical, ids aside (Apicurio assigns its own).
        diff::MirrorOptions options;
        options.compareIds = false;
        options.compareConfig = false;
        options.compareMode = false;
        const diff::RegistrySnapshot a = diff::snapshotFromLoaded(onSandbox, u"sandbox"_s);
        diff::RegistrySnapshot b = diff::snapshotFromLoaded(onApicurio, u"apicurio"_s);
        b.subjects.removeIf([&subjects](const auto &entry) { return !subjects.contains(entry.name); });
        const diff::MirrorReport report =
            diff::MirrorComparator::compare(a, b, diff::SubjectMapping{}, options);
        QCOMPARE(report.counts.identical, 2);
        QCOMPARE(report.counts.differing + report.counts.onlyInA + report.counts.onlyInB, 0);

        // A diff of the same subject across the two registries: nothing differs.
        const auto left = wait<registry::SchemaVersion>(
            [&](auto done) { sandboxClient.getVersion(subjects.first(), u"2"_s, false, nullptr, done); });
        const auto right = wait<registry::SchemaVersion>(
            [&](auto done) { client().getVersion(subjects.first(), u"2"_s, false, nullptr, done); });
        QVERIFY(left.ok() && right.ok());
        const diff::DiffResult same = diff::runDiffAsync(left.value.schema, right.value.schema).result();
        QVERIFY(same.hunks.isEmpty());
        const diff::DiffResult changed = diff::runDiffAsync(left.value.schema, kV1).result();
        QVERIFY(!changed.hunks.isEmpty());
    }
};

QTEST_MAIN(TestApicurioPeer)
#include "tst_peers_apicurio.moc"
