// GlueClient over real HTTP against recorded answers on loopback: the calls moto does not answer
// (ListSchemas, ListSchemaVersions, CheckSchemaVersionValidity, GetSchemaVersionsDiff,
// QuerySchemaVersionMetadata) with answers shaped as AWS's API reference documents them, paging and a
// repeated NextToken, throttling retried with a new signature, errors in words, and RequestJob's limits
// (size cap, deadline, abort). The server checks every request's signature.
#include "GlueTestSupport.h"
#include "RecordedGlueServer.h"

using namespace Qt::StringLiterals;
using namespace sd::glue;
using sd::glue::test::await;
using sd::glue::test::RecordedGlueServer;
using sd::registry::ErrorKind;
using Answer = RecordedGlueServer::Answer;

namespace {
const AwsCredentials keys{u"AKIDEXAMPLE"_s, u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s,
                          u"session-token"_s};
const GlueSchemaId orders{u"platform"_s, u"orders-value"_s, {}};

// Response syntax: https://docs.aws.amazon.com/glue/latest/webapi/API_ListSchemas.html
QByteArray schemasPage(const QStringList &names, const QByteArray &nextToken)
{
    QByteArray rows;
    for (const QString &name : names)
        rows +=
            (rows.isEmpty() ? "" : ",") +
            u"{\"CreatedTime\":\"2026-11-02T09:14:03.123Z\",\"Description\":\"%1\",\"RegistryName\":"
            u"\"platform\","
            u"\"SchemaArn\":\"arn:aws:glue:eu-west-1:123456789012:schema/platform/%1\",\"SchemaName\":\"%1\","
            u"\"SchemaStatus\":\"AVAILABLE\",\"Tags\":{},\"UpdatedTime\":\"2026-11-03T10:00:00.000Z\"}"_s
                .arg(name)
                .toUtf8();
    return "{" + (nextToken.isEmpty() ? QByteArray() : "\"NextToken\":\"" + nextToken + "\",") +
           "\"Schemas\":[" + rows + "]}";
}
} // namespace

class tst_GlueRecorded : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void listSchemasReadsEveryPage();
    void repeatedTokenStops();
    void listSchemaVersions();
    void getSchemaVersionAsDocumented();
    void checkValidity();
    void versionsDiff();
    void queryMetadata();
    void throttlingIsRetriedWithAFreshSignature();
    void throttlingThatLastsIsReported();
    void accessDeniedFromTheHeader();
    void malformedAnswer();
    void answerTooLarge();
    void deadline();
    void abort();

private:
    void verifySigned();

    std::unique_ptr<RecordedGlueServer> m_server;
    std::unique_ptr<GlueClient> m_client;
};

void tst_GlueRecorded::init()
{
    m_client.reset();
    m_server = std::make_unique<RecordedGlueServer>(keys, u"eu-west-1"_s);
    GlueConnection connection;
    connection.region = u"eu-west-1"_s;
    connection.endpoint = m_server->url();
    connection.credentials = keys;
    connection.network.requestTimeoutMs = 2000;
    connection.network.requestDeadlineMs = 10000;
    m_client = std::make_unique<GlueClient>(connection);
    m_client->setRetryBaseDelayMs(20);
}

void tst_GlueRecorded::verifySigned()
{
    QVERIFY(!m_server->received().isEmpty());
    for (const auto &request : m_server->received()) {
        QVERIFY2(request.signatureValid, qPrintable(request.signatureProblem));
        QCOMPARE(request.headers.value("content-type"), QByteArray("application/x-amz-json-1.1"));
        QCOMPARE(request.headers.value("x-amz-security-token"), QByteArray("session-token"));
    }
}

void tst_GlueRecorded::listSchemasReadsEveryPage()
{
    m_server->script("ListSchemas",
                     {{200, schemasPage({u"orders-value"_s, u"payments-value"_s}, "page-2"), {}},
                      {200, schemasPage({u"refunds-value"_s}, "page-3"), {}},
                      {200, schemasPage({u"shipments-value"_s}, {}), {}}});
    const auto listed =
        await<GlueList<GlueSchema>>([&](auto done) { m_client->listSchemas(u"platform"_s, this, done); });
    QVERIFY2(listed.ok(), qPrintable(listed.error.toDisplayString()));
    QCOMPARE(listed.value.pages, 3);
    QCOMPARE(listed.value.items.size(), 4);
    QCOMPARE(listed.value.items.at(2).schemaName, u"refunds-value"_s);
    QCOMPARE(listed.value.items.at(0).status, u"AVAILABLE"_s);
    QCOMPARE(listed.value.items.at(0).registryName, u"platform"_s);
    QVERIFY(listed.value.warning.isEmpty());
    const auto &received = m_server->received();
    QCOMPARE(received.size(), 3);
    QCOMPARE(received[0].target, QByteArray("AWSGlue.ListSchemas"));
    QCOMPARE(QJsonDocument::fromJson(received[0].body).object().value("RegistryId"_L1).toObject(),
             QJsonObject({{"RegistryName"_L1, u"platform"_s}}));
    QCOMPARE(QJsonDocument::fromJson(received[2].body).object().value("NextToken"_L1).toString(),
             u"page-3"_s);
    verifySigned();
}

void tst_GlueRecorded::repeatedTokenStops()
{
    m_server->script("ListSchemas", {{200, schemasPage({u"a"_s}, "same"), {}}});
    const auto listed =
        await<GlueList<GlueSchema>>([&](auto done) { m_client->listSchemas(u"platform"_s, this, done); });
    QVERIFY2(listed.ok(), qPrintable(listed.error.toDisplayString()));
    QCOMPARE(m_server->received().size(), 2);
    QCOMPARE(listed.value.pages, 2);
    QVERIFY2(listed.value.warning.contains(u"NextToken it had given before"_s),
             qPrintable(listed.value.warning));
}

void tst_GlueRecorded::listSchemaVersions()
{
    // https://docs.aws.amazon.com/glue/latest/webapi/API_ListSchemaVersions.html
    m_server->script(
        "ListSchemaVersions",
        {{200,
          "{\"Schemas\":[{\"CreatedTime\":\"2026-11-02T09:14:03.123Z\",\"SchemaArn\":\"arn:aws:glue:"
          "eu-west-1:123456789012:schema/platform/orders-value\",\"SchemaVersionId\":\"6a1b2c3d-0000-4000-"
          "8000-000000000001\",\"Status\":\"AVAILABLE\",\"VersionNumber\":1},{\"CreatedTime\":\"2026-11-"
          "05T16:40:00.000Z\",\"SchemaArn\":\"arn:aws:glue:eu-west-1:123456789012:schema/platform/"
          "orders-value\",\"SchemaVersionId\":\"6a1b2c3d-0000-4000-8000-000000000002\",\"Status\":"
          "\"FAILURE\",\"VersionNumber\":2}]}",
          {}}});
    const auto versions = await<GlueList<GlueSchemaVersion>>(
        [&](auto done) { m_client->listSchemaVersions(orders, this, done); });
    QVERIFY2(versions.ok(), qPrintable(versions.error.toDisplayString()));
    QCOMPARE(versions.value.items.size(), 2);
    QCOMPARE(versions.value.items.at(1).versionNumber, 2);
    QCOMPARE(versions.value.items.at(1).status, u"FAILURE"_s);
    QVERIFY(versions.value.items.at(1).definition.isEmpty());
    verifySigned();
}

void tst_GlueRecorded::getSchemaVersionAsDocumented()
{
    // https://docs.aws.amazon.com/glue/latest/webapi/API_GetSchemaVersion.html
    m_server->script(
        "GetSchemaVersion",
        {{200,
          "{\"CreatedTime\":\"2026-11-05T16:40:00.000Z\",\"DataFormat\":\"PROTOBUF\",\"SchemaArn\":"
          "\"arn:aws:glue:eu-west-1:123456789012:schema/platform/orders-value\",\"SchemaDefinition\":"
          "\"syntax = \\\"proto3\\\";\\nmessage Order { string id = 1; }\",\"SchemaVersionId\":"
          "\"6a1b2c3d-0000-4000-8000-000000000002\",\"Status\":\"AVAILABLE\",\"VersionNumber\":2}",
          {}}});
    const auto version = await<GlueSchemaVersion>([&](auto done) {
        m_client->getSchemaVersion(orders, GlueVersionSelector::latestVersion(), this, done);
    });
    QVERIFY2(version.ok(), qPrintable(version.error.toDisplayString()));
    QCOMPARE(version.value.dataFormat, GlueDataFormat::Protobuf);
    QVERIFY(version.value.definition.startsWith(u"syntax = \"proto3\";\nmessage Order"_s));
    QCOMPARE(version.value.createdTime, u"2026-11-05T16:40:00.000Z"_s);
    const QJsonObject sent = QJsonDocument::fromJson(m_server->received().constFirst().body).object();
    QCOMPARE(sent.value("SchemaVersionNumber"_L1).toObject(), QJsonObject({{"LatestVersion"_L1, true}}));
    QCOMPARE(sent.value("SchemaId"_L1).toObject().value("SchemaName"_L1).toString(), u"orders-value"_s);
}

void tst_GlueRecorded::checkValidity()
{
    // https://docs.aws.amazon.com/glue/latest/webapi/API_CheckSchemaVersionValidity.html
    m_server->script(
        "CheckSchemaVersionValidity",
        {{200, "{\"Error\":\"Schema definition is not valid Avro: no type\",\"Valid\":false}", {}}});
    const auto validity = await<GlueValidity>([&](auto done) {
        m_client->checkSchemaVersionValidity(GlueDataFormat::Avro, u"{\"name\":\"x\"}"_s, this, done);
    });
    QVERIFY2(validity.ok(), qPrintable(validity.error.toDisplayString()));
    QVERIFY(!validity.value.valid);
    QVERIFY(validity.value.error.contains(u"not valid Avro"_s));
    QCOMPARE(QJsonDocument::fromJson(m_server->received().constFirst().body).object().value("DataFormat"_L1),
             QJsonValue(u"AVRO"_s));
}

void tst_GlueRecorded::versionsDiff()
{
    // https://docs.aws.amazon.com/glue/latest/webapi/API_GetSchemaVersionsDiff.html
    m_server->script("GetSchemaVersionsDiff", {{200, "{\"Diff\":\"@@ -1 +1,2 @@\\n+  note\"}", {}}});
    const auto diff =
        await<QString>([&](auto done) { m_client->getSchemaVersionsDiff(orders, 1, 2, this, done); });
    QVERIFY2(diff.ok(), qPrintable(diff.error.toDisplayString()));
    QCOMPARE(diff.value, u"@@ -1 +1,2 @@\n+  note"_s);
    const QJsonObject sent = QJsonDocument::fromJson(m_server->received().constFirst().body).object();
    QCOMPARE(sent.value("SchemaDiffType"_L1).toString(), u"SYNTAX_DIFF"_s);
    QCOMPARE(sent.value("SecondSchemaVersionNumber"_L1).toObject().value("VersionNumber"_L1).toInt(), 2);
}

void tst_GlueRecorded::queryMetadata()
{
    // https://docs.aws.amazon.com/glue/latest/webapi/API_QuerySchemaVersionMetadata.html
    m_server->script(
        "QuerySchemaVersionMetadata",
        {{200,
          "{\"MetadataInfoMap\":{\"owner\":{\"CreatedTime\":\"2026-11-06T08:00:00.000Z\",\"MetadataValue\":"
          "\"team-checkout\",\"OtherMetadataValueList\":[{\"CreatedTime\":\"2026-11-02T09:14:03.123Z\","
          "\"MetadataValue\":\"team-payments\"}]}},\"NextToken\":\"m2\",\"SchemaVersionId\":"
          "\"6a1b2c3d-0000-4000-8000-000000000001\"}",
          {}},
         {200, "{\"MetadataInfoMap\":{\"pii\":{\"CreatedTime\":1762416000,\"MetadataValue\":\"no\"}}}", {}}});
    const auto metadata = await<GlueVersionMetadata>([&](auto done) {
        m_client->querySchemaVersionMetadata(orders, GlueVersionSelector::versionNumber(1), this, done);
    });
    QVERIFY2(metadata.ok(), qPrintable(metadata.error.toDisplayString()));
    QCOMPARE(metadata.value.versionId, u"6a1b2c3d-0000-4000-8000-000000000001"_s);
    QCOMPARE(metadata.value.entries.size(), 2);
    const GlueMetadataEntry owner = metadata.value.entries.value(u"owner"_s);
    QCOMPARE(owner.current.value, u"team-checkout"_s);
    QCOMPARE(owner.others.size(), 1);
    QCOMPARE(owner.others.constFirst().value, u"team-payments"_s);
    // Epoch seconds, as the JSON protocol sends timestamps, read as ISO text.
    QCOMPARE(metadata.value.entries.value(u"pii"_s).current.createdTime, u"2025-11-06T08:00:00.000Z"_s);
}

void tst_GlueRecorded::throttlingIsRetriedWithAFreshSignature()
{
    const Answer throttled{400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}", {}};
    m_server->script("ListRegistries",
                     {throttled,
                      throttled,
                      {200,
                       "{\"Registries\":[{\"RegistryName\":\"platform\",\"RegistryArn\":\"arn:aws:"
                       "glue:eu-west-1:123456789012:registry/platform\",\"Status\":\"AVAILABLE\"}]}",
                       {}}});
    const auto listed =
        await<GlueList<GlueRegistry>>([&](auto done) { m_client->listRegistries(this, done); });
    QVERIFY2(listed.ok(), qPrintable(listed.error.toDisplayString()));
    QCOMPARE(listed.value.items.size(), 1);
    QCOMPARE(m_server->received().size(), 3);
    verifySigned();
}

void tst_GlueRecorded::throttlingThatLastsIsReported()
{
    // A write is retried on throttling too: Glue refused it before doing anything.
    m_server->script(
        "RegisterSchemaVersion",
        {{400, "{\"__type\":\"com.amazonaws.glue#ThrottlingException\",\"Message\":\"Rate exceeded\"}", {}}});
    const auto result = await<GlueSchemaVersion>(
        [&](auto done) { m_client->registerSchemaVersion(orders, u"{}"_s, this, done); });
    QVERIFY(!result.ok());
    QCOMPARE(m_server->received().size(), 1 + m_client->maxRetries());
    QCOMPARE(result.error.serverMessage, u"ThrottlingException: Rate exceeded"_s);
    QVERIFY2(result.error.explanation.contains(u"throttling"_s), qPrintable(result.error.explanation));
    QVERIFY(result.error.explanation.contains(u"(4 attempts)"_s));
}

void tst_GlueRecorded::accessDeniedFromTheHeader()
{
    m_server->script("GetSchema",
                     {{403,
                       "{\"message\":\"User is not authorized to perform: glue:GetSchema\"}",
                       {{"X-Amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/"}}}});
    const auto result = await<GlueSchema>([&](auto done) { m_client->getSchema(orders, this, done); });
    QCOMPARE(result.error.httpStatus, 403);
    QVERIFY(result.error.serverMessage.startsWith(u"AccessDeniedException: User is not authorized"_s));
    QVERIFY2(result.error.explanation.contains(u"glue:GetSchema"_s), qPrintable(result.error.explanation));
}

void tst_GlueRecorded::malformedAnswer()
{
    m_server->script("GetSchema", {{200, "[1,2,3]", {}}});
    auto result = await<GlueSchema>([&](auto done) { m_client->getSchema(orders, this, done); });
    QCOMPARE(result.error.kind, ErrorKind::MalformedReply);
    m_server->script("GetSchema", {{200, "{\"Compatibility\":\"BACKWARD\"}", {}}});
    result = await<GlueSchema>([&](auto done) { m_client->getSchema(orders, this, done); });
    QCOMPARE(result.error.kind, ErrorKind::MalformedReply);
    QVERIFY(result.error.serverMessage.contains(u"SchemaName"_s));
}

void tst_GlueRecorded::answerTooLarge()
{
    GlueConnection connection = m_client->connection();
    connection.network.maxResponseBytes = 1024;
    GlueClient small(connection);
    m_server->script("ListSchemas", {{200, schemasPage(QStringList(40, u"orders-value"_s), {}), {}}});
    const auto result =
        await<GlueList<GlueSchema>>([&](auto done) { small.listSchemas(u"platform"_s, this, done); });
    QCOMPARE(result.error.kind, ErrorKind::Limit);
}

void tst_GlueRecorded::deadline()
{
    GlueConnection connection = m_client->connection();
    connection.network.requestTimeoutMs = 200;
    connection.network.requestDeadlineMs = 700;
    GlueClient impatient(connection);
    m_server->script("GetSchema", {{200, {}, {}, true}});
    QElapsedTimer clock;
    clock.start();
    const auto result = await<GlueSchema>([&](auto done) { impatient.getSchema(orders, this, done); });
    QCOMPARE(result.error.kind, ErrorKind::Timeout);
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
}

void tst_GlueRecorded::abort()
{
    m_server->script("GetSchema", {{200, {}, {}, true}});
    std::optional<Result<GlueSchema>> result;
    GlueCall *call = m_client->getSchema(orders, this, [&](const Result<GlueSchema> &r) { result = r; });
    QTRY_COMPARE(m_server->received().size(), 1);
    call->abort();
    QTRY_VERIFY(result.has_value());
    QCOMPARE(result->error.kind, ErrorKind::Aborted);
}

QTEST_GUILESS_MAIN(tst_GlueRecorded)
#include "tst_gluerecorded.moc"
