// GlueClient against moto's server over real HTTP, every request signed: registry → schema → versions →
// compatibility → metadata, and the calls moto does not answer (tst_gluerecorded covers those with
// AWS's documented answers). Run through with-moto.sh, which provides SD_MOTO_PYTHON.
#include "GlueTestSupport.h"

#include <QProcess>

using namespace Qt::StringLiterals;
using namespace sd::glue;
using sd::glue::test::await;
using sd::registry::ErrorKind;

namespace {
const QString avroV1 =
    u"{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}"_s;
const QString avroV2 =
    u"{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"},"
    u"{\"name\":\"note\",\"type\":\"string\",\"default\":\"\"}]}"_s;
} // namespace

class tst_GlueClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void registryLifecycle();
    void schemaAndVersions();
    void compatibilityAndMetadata();
    void errorsInWords();
    void callsMotoDoesNotAnswer_data();
    void callsMotoDoesNotAnswer();
    void noCredentialsNothingSent();

private:
    GlueClient &client() { return *m_client; }

    QProcess m_moto;
    QUrl m_endpoint;
    std::unique_ptr<GlueClient> m_client;
    const GlueSchemaId m_orders{u"platform"_s, u"orders-value"_s, {}};
};

void tst_GlueClient::initTestCase()
{
    const QString python = qEnvironmentVariable("SD_MOTO_PYTHON");
    if (python.isEmpty())
        QSKIP("SD_MOTO_PYTHON is not set: run through tests/glue/with-moto.sh");
    // moto prints a traceback for every call it lacks: kept out of the test output.
    m_moto.setStandardErrorFile(QStringLiteral(SD_BINARY_DIR "/tests/glue/moto.log"));
    m_moto.start(python, {u"-u"_s, QStringLiteral(SD_SOURCE_DIR "/tests/glue/moto_peer.py")});
    QVERIFY2(m_moto.waitForStarted(), qPrintable(m_moto.errorString()));
    QString line;
    QTRY_VERIFY_WITH_TIMEOUT((line += QString::fromUtf8(m_moto.readAll())).contains(u'\n'), 60000);
    const qsizetype at = line.indexOf(u"listening on "_s);
    QVERIFY2(at >= 0, qPrintable(line));
    m_endpoint = QUrl(line.mid(at + 13).section(u'\n', 0, 0).trimmed());
    QVERIFY(m_endpoint.port() > 0);

    GlueConnection connection;
    connection.region = u"eu-west-1"_s;
    connection.endpoint = m_endpoint;
    connection.credentials = {u"AKIDEXAMPLE"_s, u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s, u"session"_s};
    m_client = std::make_unique<GlueClient>(connection);
}

void tst_GlueClient::cleanupTestCase()
{
    m_client.reset();
    if (m_moto.state() == QProcess::NotRunning)
        return;
    m_moto.closeWriteChannel();
    if (!m_moto.waitForFinished(10000)) {
        m_moto.kill();
        m_moto.waitForFinished(5000);
    }
}

void tst_GlueClient::registryLifecycle()
{
    const auto created = await<GlueRegistry>([&](auto done) {
        client().createRegistry(u"platform"_s, u"Kafka topics of the platform team"_s, this, done);
    });
    QVERIFY2(created.ok(), qPrintable(created.error.toDisplayString()));
    QCOMPARE(created.value.name, u"platform"_s);
    // moto takes the region from the signature's scope: the ARN shows the request was signed for it.
    QVERIFY2(created.value.arn.startsWith(u"arn:aws:glue:eu-west-1:"_s), qPrintable(created.value.arn));

    for (const QString &name : {u"lakehouse"_s, u"legacy"_s})
        QVERIFY(await<GlueRegistry>([&](auto done) { client().createRegistry(name, {}, this, done); }).ok());
    const auto listed =
        await<GlueList<GlueRegistry>>([&](auto done) { client().listRegistries(this, done); });
    QVERIFY2(listed.ok(), qPrintable(listed.error.toDisplayString()));
    QStringList names;
    for (const GlueRegistry &registry : listed.value.items)
        names << registry.name;
    names.sort();
    QCOMPARE(names, (QStringList{u"lakehouse"_s, u"legacy"_s, u"platform"_s}));
    QVERIFY(listed.value.warning.isEmpty());
    QVERIFY(listed.value.pages >= 1);
}

void tst_GlueClient::schemaAndVersions()
{
    const auto created = await<GlueSchema>([&](auto done) {
        client().createSchema({u"platform"_s, u"orders-value"_s, GlueDataFormat::Avro,
                               GlueCompatibility::Backward, u"Orders as they leave checkout"_s, avroV1},
                              this, done);
    });
    QVERIFY2(created.ok(), qPrintable(created.error.toDisplayString()));
    QCOMPARE(created.value.schemaName, u"orders-value"_s);
    QCOMPARE(created.value.compatibility, GlueCompatibility::Backward);
    QCOMPARE(created.value.dataFormat, GlueDataFormat::Avro);
    QCOMPARE(created.value.latestSchemaVersion, 1);
    QVERIFY(!created.value.firstVersionId.isEmpty());

    const auto registered = await<GlueSchemaVersion>(
        [&](auto done) { client().registerSchemaVersion(m_orders, avroV2, this, done); });
    QVERIFY2(registered.ok(), qPrintable(registered.error.toDisplayString()));
    QCOMPARE(registered.value.versionNumber, 2);
    QCOMPARE(registered.value.status, u"AVAILABLE"_s);

    const auto latest = await<GlueSchemaVersion>([&](auto done) {
        client().getSchemaVersion(m_orders, GlueVersionSelector::latestVersion(), this, done);
    });
    QVERIFY2(latest.ok(), qPrintable(latest.error.toDisplayString()));
    QCOMPARE(latest.value.versionNumber, 2);
    QCOMPARE(latest.value.versionId, registered.value.versionId);
    QCOMPARE(QJsonDocument::fromJson(latest.value.definition.toUtf8()),
             QJsonDocument::fromJson(avroV2.toUtf8()));
    QCOMPARE(latest.value.dataFormat, GlueDataFormat::Avro);

    const auto first = await<GlueSchemaVersion>([&](auto done) {
        client().getSchemaVersion(m_orders, GlueVersionSelector::versionNumber(1), this, done);
    });
    QVERIFY2(first.ok(), qPrintable(first.error.toDisplayString()));
    QCOMPARE(first.value.versionId, created.value.firstVersionId);
    const auto byId = await<GlueSchemaVersion>([&](auto done) {
        client().getSchemaVersion({}, GlueVersionSelector::byId(created.value.firstVersionId), this, done);
    });
    QVERIFY2(byId.ok(), qPrintable(byId.error.toDisplayString()));
    QCOMPARE(byId.value.versionNumber, 1);

    const auto schema = await<GlueSchema>([&](auto done) { client().getSchema(m_orders, this, done); });
    QVERIFY2(schema.ok(), qPrintable(schema.error.toDisplayString()));
    QCOMPARE(schema.value.latestSchemaVersion, 2);
    QCOMPARE(schema.value.nextSchemaVersion, 3);
}

void tst_GlueClient::compatibilityAndMetadata()
{
    const auto updated = await<GlueSchemaId>(
        [&](auto done) { client().updateCompatibility(m_orders, GlueCompatibility::FullAll, this, done); });
    QVERIFY2(updated.ok(), qPrintable(updated.error.toDisplayString()));
    QCOMPARE(updated.value.schemaName, u"orders-value"_s);
    const auto schema = await<GlueSchema>([&](auto done) { client().getSchema(m_orders, this, done); });
    QCOMPARE(schema.value.compatibility, GlueCompatibility::FullAll);
    QCOMPARE(schema.value.compatibilityText, u"FULL_ALL"_s);

    const auto put = await<GlueMetadataPut>([&](auto done) {
        client().putSchemaVersionMetadata(m_orders, GlueVersionSelector::versionNumber(1), u"owner"_s,
                                          u"team-checkout"_s, this, done);
    });
    QVERIFY2(put.ok(), qPrintable(put.error.toDisplayString()));
    QCOMPARE(put.value.key, u"owner"_s);
    QCOMPARE(put.value.value, u"team-checkout"_s);
    QCOMPARE(put.value.versionNumber, 1);
}

void tst_GlueClient::errorsInWords()
{
    const auto missing = await<GlueSchema>(
        [&](auto done) { client().getSchema({u"platform"_s, u"no-such-schema"_s, {}}, this, done); });
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error.kind, ErrorKind::Http);
    QVERIFY2(missing.error.serverMessage.startsWith(u"EntityNotFoundException: "_s),
             qPrintable(missing.error.serverMessage));
    QVERIFY2(missing.error.explanation.contains(u"eu-west-1"_s), qPrintable(missing.error.explanation));

    const auto again =
        await<GlueRegistry>([&](auto done) { client().createRegistry(u"platform"_s, {}, this, done); });
    QVERIFY(again.error.serverMessage.startsWith(u"AlreadyExistsException"_s));
    QVERIFY(again.error.explanation.contains(u"exists already"_s));
}

void tst_GlueClient::callsMotoDoesNotAnswer_data()
{
    QTest::addColumn<QString>("operation");
    for (const char *operation : {"ListSchemas", "ListSchemaVersions", "CheckSchemaVersionValidity",
                                  "GetSchemaVersionsDiff", "QuerySchemaVersionMetadata"})
        QTest::newRow(operation) << QString::fromLatin1(operation);
}

void tst_GlueClient::callsMotoDoesNotAnswer()
{
    // Pinned so the README's list stays true: when moto starts answering one, this fails and the call
    // moves to the live tests.
    QFETCH(QString, operation);
    QString text;
    auto words = [&text](const auto &result) { text = result.error.serverMessage; };
    if (operation == "ListSchemas"_L1)
        words(
            await<GlueList<GlueSchema>>([&](auto done) { client().listSchemas(u"platform"_s, this, done); }));
    else if (operation == "ListSchemaVersions"_L1)
        words(await<GlueList<GlueSchemaVersion>>(
            [&](auto done) { client().listSchemaVersions(m_orders, this, done); }));
    else if (operation == "CheckSchemaVersionValidity"_L1)
        words(await<GlueValidity>([&](auto done) {
            client().checkSchemaVersionValidity(GlueDataFormat::Avro, avroV1, this, done);
        }));
    else if (operation == "GetSchemaVersionsDiff"_L1)
        words(await<QString>([&](auto done) { client().getSchemaVersionsDiff(m_orders, 1, 2, this, done); }));
    else
        words(await<GlueVersionMetadata>([&](auto done) {
            client().querySchemaVersionMetadata(m_orders, GlueVersionSelector::versionNumber(1), this, done);
        }));
    // moto answers a bare HTTP 500 page (its NotImplementedError) for calls it lacks.
    QCOMPARE(text, u"%1 failed with HTTP 500"_s.arg(operation));
}

void tst_GlueClient::noCredentialsNothingSent()
{
    GlueConnection connection = m_client->connection();
    connection.credentials = {};
    GlueClient unsigned_(connection);
    const auto result =
        await<GlueList<GlueRegistry>>([&](auto done) { unsigned_.listRegistries(this, done); });
    QCOMPARE(result.error.kind, ErrorKind::Configuration);
    QVERIFY(result.error.serverMessage.contains(u"No AWS access key"_s));
}

QTEST_GUILESS_MAIN(tst_GlueClient)
#include "tst_glueclient.moc"
