// Glue's names in one table each, read both ways, and Glue errors turned into words.
#include "glue/GlueError.h"
#include "glue/GlueTypes.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::glue;

class tst_GlueTypes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void compatibilityNamesBothWays();
    void dataFormatNames();
    void versionSelectorBodies();
    void errorTypeSpellings();
    void explanationsNameOperationAndRegion();
    void notAGlueError();
};

void tst_GlueTypes::compatibilityNamesBothWays()
{
    const QStringList names{u"NONE"_s,    u"DISABLED"_s,    u"BACKWARD"_s, u"BACKWARD_ALL"_s,
                            u"FORWARD"_s, u"FORWARD_ALL"_s, u"FULL"_s,     u"FULL_ALL"_s};
    for (int i = 0; i < names.size(); ++i) {
        const auto value = GlueCompatibility(i);
        QCOMPARE(glueCompatibilityNames.name(value), names[i]);
        QCOMPARE(glueCompatibilityNames.find(names[i]), value);
        QVERIFY(!describeCompatibility(value).isEmpty());
    }
    QCOMPARE(glueCompatibilityNames.find(u"BACKWARD_TRANSITIVE"_s), std::nullopt);
}

void tst_GlueTypes::dataFormatNames()
{
    QCOMPARE(glueDataFormatNames.name(GlueDataFormat::Protobuf), u"PROTOBUF"_s);
    QCOMPARE(glueDataFormatNames.find(u"JSON"_s), GlueDataFormat::Json);
    // Schema registry answers keep a name this build does not know as text.
    const auto schema =
        parse::schema(QJsonObject{{"SchemaName"_L1, u"s"_s}, {"Compatibility"_L1, u"NEWER"_s}});
    QVERIFY(schema.ok());
    QCOMPARE(schema.value.compatibility, std::nullopt);
    QCOMPARE(schema.value.compatibilityText, u"NEWER"_s);
}

void tst_GlueTypes::versionSelectorBodies()
{
    QJsonObject body;
    GlueVersionSelector::versionNumber(3).addTo(body);
    QCOMPARE(body.value("SchemaVersionNumber"_L1).toObject(), QJsonObject({{"VersionNumber"_L1, 3}}));
    body = {};
    GlueVersionSelector::byId(u"6a1b2c3d-0000-4000-8000-000000000001"_s).addTo(body);
    QCOMPARE(body.value("SchemaVersionId"_L1).toString(), u"6a1b2c3d-0000-4000-8000-000000000001"_s);
    QVERIFY(!body.contains("SchemaVersionNumber"_L1));
    QCOMPARE(GlueSchemaId({u"r"_s, u"s"_s, {}}).toJson(),
             QJsonObject({{"RegistryName"_L1, u"r"_s}, {"SchemaName"_L1, u"s"_s}}));
}

void tst_GlueTypes::errorTypeSpellings()
{
    QCOMPARE(GlueError::typeOf("{\"__type\":\"EntityNotFoundException\"}", {}), u"EntityNotFoundException"_s);
    QCOMPARE(GlueError::typeOf("{\"__type\":\"com.amazonaws.glue#InvalidInputException\"}", {}),
             u"InvalidInputException"_s);
    QCOMPARE(GlueError::typeOf("{}", "ThrottlingException:http://internal.amazon.com/"),
             u"ThrottlingException"_s);
    QCOMPARE(GlueError::messageOf("{\"Message\":\"upper\"}"), u"upper"_s);
    QCOMPARE(GlueError::messageOf("{\"message\":\"lower\"}"), u"lower"_s);
    QVERIFY(GlueError::isRetryable(u"ThrottlingException"_s));
    QVERIFY(!GlueError::isRetryable(u"AccessDeniedException"_s));
}

void tst_GlueTypes::explanationsNameOperationAndRegion()
{
    // A text with only %2 must get the region there, not the operation.
    auto error = GlueError::fromHttp(
        400, "{\"__type\":\"EntityNotFoundException\",\"Message\":\"Schema is not found.\"}", {},
        u"GetSchema"_s, u"eu-west-1"_s);
    QCOMPARE(error.serverMessage, u"EntityNotFoundException: Schema is not found."_s);
    QVERIFY2(error.explanation.contains(u"in eu-west-1"_s), qPrintable(error.explanation));
    QVERIFY(!error.explanation.contains(u"GetSchema"_s));
    error = GlueError::fromHttp(400, "{\"__type\":\"ExpiredTokenException\"}", {}, u"ListRegistries"_s, {});
    QVERIFY(error.explanation.contains(u"session token has expired"_s));
    error = GlueError::fromHttp(400, "{\"__type\":\"SomethingNewException\"}", {}, u"ListRegistries"_s, {});
    QCOMPARE(error.explanation, u"Glue refused ListRegistries (SomethingNewException)."_s);
}

void tst_GlueTypes::notAGlueError()
{
    auto error = GlueError::fromHttp(502, "<html>Bad gateway</html>", {}, u"GetSchema"_s, {});
    QCOMPARE(error.serverMessage, u"GetSchema failed with HTTP 502"_s);
    QVERIFY(error.explanation.contains(u"without a Glue error"_s));
    error = GlueError::fromHttp(501, {}, {}, u"ListSchemas"_s, {});
    QCOMPARE(error.serverMessage, u"The endpoint does not implement AWSGlue.ListSchemas"_s);
}

QTEST_GUILESS_MAIN(tst_GlueTypes)
#include "tst_gluetypes.moc"
