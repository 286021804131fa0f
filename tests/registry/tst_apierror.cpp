// Errors as values and the reply parsers: no network needed.
#include "registry/ApiError.h"
#include "registry/RegistryTypes.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::registry;

class TestApiError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void confluentBodyIsParsed()
    {
        const ApiError e = ApiError::fromHttp(
            404, "{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}", Intent::Read);
        QCOMPARE(e.kind, ErrorKind::Http);
        QCOMPARE(e.httpStatus, 404);
        QCOMPARE(e.errorCode, 40401);
        QCOMPARE(e.serverMessage, u"Subject 'x' not found."_s);
        QVERIFY(e.explanation.contains(u"subject does not exist"_s));
        QVERIFY(e.summary().contains(u"40401"_s));
        QVERIFY(!e.isUnsupportedEndpoint());
        QCOMPARE(e.rawBody, QByteArray("{\"error_code\":40401,\"message\":\"Subject 'x' not found.\"}"));
    }

    void explanationDependsOnIntent()
    {
        const QByteArray body = "{\"error_code\":42205,\"message\":\"Subject x is in read-only mode\"}";
        const ApiError onRegister = ApiError::fromHttp(422, body, Intent::Register);
        QVERIFY2(onRegister.explanation.contains(u"READONLY or IMPORT"_s),
                 qPrintable(onRegister.explanation));
        const ApiError onDelete = ApiError::fromHttp(422, body, Intent::SoftDelete);
        QVERIFY(onDelete.explanation.contains(u"READONLY or IMPORT"_s));
        const ApiError onMode = ApiError::fromHttp(422, body, Intent::ModeChange);
        QVERIFY(onMode.explanation.contains(u"IMPORT needs an empty scope"_s));
        QVERIFY(ApiError::fromHttp(404, "{\"error_code\":40401}", Intent::ConfigChange)
                    .explanation.contains(u"inherited"_s));
    }

    void everyDocumentedCodeIsExplained_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("status");
        const QList<QPair<int, int>> codes = {
            {40401, 404}, {40402, 404}, {40403, 404}, {40404, 404}, {40405, 404}, {40406, 404}, {40407, 404},
            {40408, 404}, {40409, 404}, {40410, 404}, {40301, 403}, {401, 401},   {403, 403},   {409, 409},
            {40901, 409}, {40902, 409}, {40908, 409}, {40450, 404}, {40950, 409}, {40951, 409}, {40952, 409},
            {40960, 409}, {40961, 409}, {40962, 409}, {40963, 409}, {40964, 409}, {42201, 422}, {42202, 422},
            {42203, 422}, {42204, 422}, {42205, 422}, {42206, 422}, {42207, 422}, {42208, 422}, {42209, 422},
            {42210, 422}, {42211, 422}, {42212, 422}, {422, 422},   {400, 400},   {50001, 500}, {50002, 500},
            {50003, 500}, {50004, 500}, {50005, 500}, {500, 500},   {429, 429},   {44302, 422}, {502, 502},
            {503, 503},   {504, 504},
        };
        for (const auto &[code, status] : codes)
            QTest::addRow("%d", code) << code << status;
    }
    void everyDocumentedCodeIsExplained()
    {
        QFETCH(int, code);
        QFETCH(int, status);
        const QString text = explainErrorCode(code, status, Intent::Read);
        QVERIFY2(!text.isEmpty(), "no explanation");
        QVERIFY(!text.contains(u'\n'));
    }

    void incompatibleInBothVersions()
    {
        QVERIFY(ApiError::fromHttp(409, "{\"error_code\":409,\"message\":\"incompatible\"}", Intent::Register)
                    .isIncompatible());
        QVERIFY(
            ApiError::fromHttp(409, "{\"error_code\":40901,\"message\":\"incompatible\"}", Intent::Register)
                .isIncompatible());
        QVERIFY(
            !ApiError::fromHttp(409, "{\"error_code\":40960,\"message\":\"exists\"}", Intent::ExporterChange)
                 .isIncompatible());
    }

    void unknownRouteIsUnsupported()
    {
        QVERIFY(
            ApiError::fromHttp(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}", Intent::Read)
                .isUnsupportedEndpoint());
        QVERIFY(ApiError::fromHttp(404, "<html>Not Found</html>", Intent::Read).isUnsupportedEndpoint());
        QVERIFY(ApiError::fromHttp(405, {}, Intent::Read).isUnsupportedEndpoint());
        const ApiError importer = ApiError::fromHttp(404, {}, Intent::ImporterRead);
        QVERIFY(importer.explanation.contains(u"not offered by this registry"_s));
    }

    void nonJsonBodyBecomesShortMessage()
    {
        const ApiError e = ApiError::fromHttp(
            502, QByteArray("<html><body>Bad Gateway</body></html>\n").repeated(20), Intent::Read);
        QVERIFY(e.serverMessage.size() <= 201);
        QVERIFY(!e.serverMessage.contains(u'\n'));
        QVERIFY(e.isRetryableStatus());
    }

    void schemaVersionDefaultsToAvro()
    {
        auto r = parse::schemaVersion(
            "{\"subject\":\"s\",\"version\":1,\"id\":7,\"schema\":\"\\\"string\\\"\",\"unknown\":{\"x\":1}}");
        QVERIFY(r.ok());
        QCOMPARE(r.value.schemaType, u"AVRO"_s);
        QCOMPARE(r.value.id, 7);
        QVERIFY(!r.value.deleted);
    }

    void wrongTypeIsMalformed()
    {
        auto r = parse::schemaVersion("{\"subject\":\"s\",\"version\":\"one\",\"id\":7,\"schema\":\"x\"}");
        QVERIFY(!r.ok());
        QCOMPARE(r.error.kind, ErrorKind::MalformedReply);
        QVERIFY2(r.error.serverMessage.contains(u"'version'"_s), qPrintable(r.error.serverMessage));
        QVERIFY(!parse::stringList("{not json").ok());
        QVERIFY(!parse::stringList("[\"a\", 1]").ok());
        QCOMPARE(parse::intList("[1,2,3]").value, (QList<int>{1, 2, 3}));
        QCOMPARE(parse::integer("2").value, 2);
    }

    // A number no 64-bit integer holds is said, not converted (undefined behaviour; found by fuzzing).
    void numberBeyond64BitsIsMalformed()
    {
        auto r = parse::schemaVersion("{\"subject\":\"s\",\"version\":1,\"id\":1e111,\"schema\":\"x\"}");
        QVERIFY(!r.ok());
        QCOMPARE(r.error.kind, ErrorKind::MalformedReply);
        QVERIFY2(r.error.serverMessage.contains(u"'id' is out of range"_s),
                 qPrintable(r.error.serverMessage));
    }

    void configAndModeShapes()
    {
        QCOMPARE(parse::config("{\"compatibilityLevel\":\"FULL\"}").value.compatibility, u"FULL"_s);
        QCOMPARE(parse::config("{\"compatibility\":\"NONE\",\"normalize\":true}").value.compatibility,
                 u"NONE"_s);
        QCOMPARE(parse::config("\"BACKWARD\"").value.compatibility, u"BACKWARD"_s);
        QCOMPARE(parse::mode("{\"mode\":\"IMPORT\"}").value, u"IMPORT"_s);
        QCOMPARE(parse::mode("\"READONLY\"").value, u"READONLY"_s);
        QVERIFY(parse::mode("{\"mode\":null}").ok());
        QVERIFY(parse::mode("{\"mode\":null}").value.isEmpty());
    }

    void exporterShapes()
    {
        auto status = parse::exporterStatus(
            "{\"name\":\"src-to-tgt-link\",\"state\":\"RUNNING\",\"offset\":-1,\"ts\":0}");
        QVERIFY(status.ok());
        QCOMPARE(status.value.state, u"RUNNING"_s);
        QCOMPARE(status.value.offset, -1);
        auto info = parse::exporterInfo(
            "{\"name\":\"src-to-tgt-link\",\"subjects\":[\"*\"],\"contextType\":\"CUSTOM\",\n"
            "            "
            "\"context\":\"source\",\"config\":{\"schema.registry.url\":\"http://schemaregistry2:8082\"}}");
        QVERIFY(info.ok());
        QCOMPARE(info.value.config.value(u"schema.registry.url"_s), u"http://schemaregistry2:8082"_s);
        QVERIFY(!parse::exporterStatus("{\"name\":\"x\"}").ok()); // state is required
    }

    void qualifiedSubjects()
    {
        const auto q = QualifiedSubject::parse(u":.source:pageviews-value"_s);
        QCOMPARE(q.context, u".source"_s);
        QCOMPARE(q.name, u"pageviews-value"_s);
        QCOMPARE(QualifiedSubject::parse(u"plain"_s).context, u"."_s);
        QCOMPARE(QualifiedSubject::parse(u":.ctx:a/b"_s).name, u"a/b"_s);
        QCOMPARE(q.toString(), u":.source:pageviews-value"_s);
        QCOMPARE(QualifiedSubject::parse(u"plain"_s).toString(), u"plain"_s);
    }

    void qualifiedSubjectsParseAsConfluent()
    {
        // ":." starts a context, up to the next ':'; without one the rest is the context alone.
        const auto ctx = QualifiedSubject::parse(u":.ctx"_s);
        QCOMPARE(ctx.context, u".ctx"_s);
        QVERIFY(ctx.name.isEmpty());
        QVERIFY(ctx.hasContextPrefix && ctx.isContextOnly());
        QCOMPARE(ctx.toString(), u":.ctx:"_s);
        QVERIFY(QualifiedSubject::parse(u":.:x"_s).isDefaultContext());
        QVERIFY(QualifiedSubject::parse(u":.:x"_s).hasContextPrefix);
        QVERIFY(QualifiedSubject::parse(u":.__GLOBAL:"_s).isGlobal());
        // ":*:" is the wildcard context.
        const auto any = QualifiedSubject::parse(u":*:orders"_s);
        QVERIFY(any.wildcard && any.hasContextPrefix);
        QCOMPARE(any.name, u"orders"_s);
        QCOMPARE(any.toString(), u":*:orders"_s);
        // Anything else is a name in the default context, a ':' without the '.' included.
        for (const QString &text : {u":ctx:x"_s, u"::x"_s, u":"_s, u"a:.b:c"_s}) {
            const auto plain = QualifiedSubject::parse(text);
            QVERIFY2(plain.isDefaultContext() && !plain.hasContextPrefix && !plain.wildcard,
                     qPrintable(text));
            QCOMPARE(plain.name, text);
            QCOMPARE(plain.toString(), text);
        }
        // References resolve against the referrer's context unless they name one.
        QCOMPARE(QualifiedSubject::parseRelative(u"x"_s, u".a"_s).context, u".a"_s);
        QCOMPARE(QualifiedSubject::parseRelative(u":.:x"_s, u".a"_s).context, u"."_s);
        QCOMPARE(QualifiedSubject::qualify(u"."_s, u"x"_s), u"x"_s);
        QCOMPARE(QualifiedSubject::qualify(u".a"_s, u"x"_s), u":.a:x"_s);
        QCOMPARE(QualifiedSubject::delimitedContext(u"."_s), u":.:"_s);
        // Context names from a URL are normalised leniently.
        for (const QString &text : {u":.ctx:"_s, u".ctx"_s, u"ctx"_s, u":ctx:"_s, u":.ctx"_s})
            QCOMPARE(QualifiedSubject::normalizeContext(text), u".ctx"_s);
        for (const QString &text : {QString(), u"."_s, u":.:"_s, u"::"_s})
            QCOMPARE(QualifiedSubject::normalizeContext(text), u"."_s);
    }
};

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
