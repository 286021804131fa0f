// What Schemathesis (tests/api) found in the sandbox, pinned: request bodies bound as Confluent's
// server binds them with Jackson (400 for a value of the wrong JSON type, nothing stored; unknown
// members and nulls of nested entities dropped), and the Allow header that every 405 must carry.

#include "common/RestClient.h"
#include "sandboxserver/SandboxServer.h"

#include <memory>
#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::sandbox::SandboxServer;
using sd::testing::RestClient;
using sd::testing::RestReply;

class TestRequestBinding : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<RestClient> m_client;
    RestClient &c() { return *m_client; }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<SandboxServer>();
        QString error;
        QVERIFY2(m_server->start({}, &error), qPrintable(error));
        m_client = std::make_unique<RestClient>(m_server->url());
    }
    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    void mistypedConfigFieldsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("string field given an object") << QByteArray(R"({"alias":{}})");
        QTest::newRow("boolean field given an object") << QByteArray(R"({"normalize":{}})");
        QTest::newRow("boolean field given other text") << QByteArray(R"({"validateRules":"maybe"})");
        QTest::newRow("metadata given an array") << QByteArray(R"({"overrideMetadata":[null,null]})");
        QTest::newRow("sensitive holding an object")
            << QByteArray(R"({"defaultMetadata":{"sensitive":[{}]}})");
        QTest::newRow("sensitive given an object") << QByteArray(R"({"defaultMetadata":{"sensitive":{}}})");
        QTest::newRow("properties given an array") << QByteArray(R"({"defaultMetadata":{"properties":[1]}})");
        QTest::newRow("property value an object")
            << QByteArray(R"({"defaultMetadata":{"properties":{"owner":{}}}})");
        QTest::newRow("tags holding objects") << QByteArray(R"({"defaultMetadata":{"tags":{"t":[{}]}}})");
        QTest::newRow("enableAt not one of its values")
            << QByteArray(R"({"overrideRuleSet":{"enableAt":"AAA"}})");
        QTest::newRow("rules given an object") << QByteArray(R"({"defaultRuleSet":{"domainRules":{}}})");
    }

    void mistypedConfigFieldsAreRefused()
    {
        QFETCH(QByteArray, body);
        for (const QString &path : {u"/config"_s, u"/config/orders-value"_s}) {
            const RestReply reply = c().call("PUT", path, body);
            QCOMPARE(reply.status, 400);
            QCOMPARE(reply.errorCode(), 400);
        }
        // Nothing was stored: the level is still the server default, the subject has no config.
        QCOMPARE(c().get(u"/config"_s).object(), QJsonObject({{u"compatibilityLevel"_s, u"BACKWARD"_s}}));
        QCOMPARE(c().get(u"/config/orders-value"_s).errorCode(), 40408);
    }

    void configValuesAreBoundLikeJackson()
    {
        // Scalars coerce into text and booleans; sets collapse duplicates; nulls inside nested entities
        // are not echoed.
        const RestReply reply = c().call(
            "PUT", u"/config"_s,
            R"({"normalize":"true","compatibilityGroup":7,"defaultMetadata":{"properties":{"v":1,"w":null},)"
            R"("sensitive":["a","a",null],"tags":{"t":["x","x"]}},)"
            R"("overrideRuleSet":{"encodingRules":null,"enableAt":"CLIENT"}})");
        QCOMPARE(reply.status, 200);
        const QJsonObject config = reply.object();
        QCOMPARE(config.value(u"normalize"_s), QJsonValue(true));
        QCOMPARE(config.value(u"compatibilityGroup"_s), QJsonValue(u"7"_s));
        QCOMPARE(config.value(u"defaultMetadata"_s).toObject(),
                 QJsonObject({{u"properties"_s, QJsonObject{{u"v"_s, u"1"_s}}},
                              {u"sensitive"_s, QJsonArray{u"a"_s}}, // Set<String>
                              {u"tags"_s, QJsonObject{{u"t"_s, QJsonArray{u"x"_s}}}}}));
        QCOMPARE(config.value(u"overrideRuleSet"_s).toObject(), QJsonObject({{u"enableAt"_s, u"CLIENT"_s}}));
        QCOMPARE(c().get(u"/config"_s).object().value(u"normalize"_s), QJsonValue(true));
        // A top-level null still clears the field (partial update).
        QCOMPARE(c().call("PUT", u"/config"_s, R"({"normalize":null})").object().contains(u"normalize"_s),
                 false);
    }

    void registeredMetadataAndRuleSetAreBound()
    {
        // Unknown members and nulls are not kept (Schemathesis saw them echoed by GET and register).
        const QJsonObject metadata{
            {u"odd"_s, QJsonObject{{u"x"_s, 1}}},
            {u"properties"_s, QJsonValue::Null},
            {u"tags"_s, QJsonObject{{u"t"_s, QJsonValue::Null}, {u"u"_s, QJsonArray{u"PII"_s}}}}};
        const QJsonObject ruleSet{{u"odd"_s, QJsonArray{QJsonArray{QJsonObject()}, QJsonObject()}},
                                  {u"domainRules"_s, QJsonValue::Null}};
        RestReply reply =
            c().post(u"/subjects/s/versions"_s,
                     {{u"schema"_s, u"\"string\""_s}, {u"metadata"_s, metadata}, {u"ruleSet"_s, ruleSet}});
        QCOMPARE(reply.status, 200);
        const QJsonObject stored = c().get(u"/subjects/s/versions/1"_s).object();
        QCOMPARE(stored.value(u"metadata"_s).toObject(),
                 QJsonObject({{u"tags"_s, QJsonObject{{u"u"_s, QJsonArray{u"PII"_s}}}}}));
        QVERIFY(!stored.contains(u"ruleSet"_s)); // empty, so left out
        // A member of the wrong type is refused before anything is registered.
        reply = c().post(
            u"/subjects/s/versions"_s,
            {{u"schema"_s, u"\"int\""_s}, {u"metadata"_s, QJsonObject{{u"properties"_s, QJsonArray{1}}}}});
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), 400);
        QCOMPARE(c().get(u"/subjects/s/versions"_s).array(), QJsonArray({1}));
    }

    void schemaTagsAreCheckedThoughNotKept()
    {
        const QJsonObject entity{{u"entityPath"_s, u"Order.id"_s}, {u"entityType"_s, u"sr_field"_s}};
        RestReply reply = c().post(
            u"/subjects/s/versions"_s,
            {{u"schema"_s, u"\"string\""_s},
             {u"schemaTagsToAdd"_s,
              QJsonArray{QJsonObject{{u"schemaEntity"_s, entity}, {u"tags"_s, QJsonArray{u"PII"_s}}}}}});
        QCOMPARE(reply.status, 200);
        for (const QJsonValue &wrong :
             {QJsonValue(false), QJsonValue(QJsonObject{{u"entityType"_s, u"sr_table"_s}})}) {
            reply =
                c().post(u"/subjects/s/versions"_s,
                         {{u"schema"_s, u"\"int\""_s},
                          {u"schemaTagsToRemove"_s, QJsonArray{QJsonObject{{u"schemaEntity"_s, wrong}}}}});
            QCOMPARE(reply.status, 400);
        }
        QCOMPARE(c().post(u"/subjects/s/versions"_s,
                          {{u"schema"_s, u"\"int\""_s}, {u"propagateSchemaTags"_s, QJsonObject()}})
                     .status,
                 400);
        QCOMPARE(c().get(u"/subjects/s/versions"_s).array(), QJsonArray({1}));
    }

    void onlyJsonWhitespaceIsNoBody()
    {
        QCOMPARE(c().call("POST", u"/"_s, "\n ").status, 200);
        QCOMPARE(c().call("POST", u"/"_s, "\x0b").status, 400); // not JSON whitespace (RFC 8259 §2)
        QCOMPARE(c().call("POST", u"/subjects/s/versions"_s, "\f").status, 400);
        QCOMPARE(c().call("POST", u"/subjects/s/versions"_s, "\r\n").status, 422); // no body at all
    }

    void rootPostTakesAMapOfStrings()
    {
        QCOMPARE(c().call("POST", u"/"_s, R"({"a":"b","n":1})").status, 200);
        const RestReply reply = c().call("POST", u"/"_s, R"({"x":{}})");
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.errorCode(), 400);
        QCOMPARE(c().call("POST", u"/"_s, "[1]").status, 400);
    }

    void methodNotAllowedSaysWhatIs_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("allow");
        QTest::newRow("root") << QByteArray("PATCH") << u"/"_s << QByteArray("GET, POST");
        QTest::newRow("subjects") << QByteArray("PATCH") << u"/subjects"_s << QByteArray("GET");
        QTest::newRow("subject") << QByteArray("PUT") << u"/subjects/s"_s << QByteArray("POST, DELETE");
        QTest::newRow("versions") << QByteArray("DELETE") << u"/subjects/s/versions"_s
                                  << QByteArray("GET, POST");
        QTest::newRow("version") << QByteArray("PUT") << u"/subjects/s/versions/1"_s
                                 << QByteArray("GET, DELETE");
        QTest::newRow("schema by id") << QByteArray("DELETE") << u"/schemas/ids/1"_s << QByteArray("GET");
        QTest::newRow("contexts") << QByteArray("POST") << u"/contexts"_s << QByteArray("GET");
        QTest::newRow("context") << QByteArray("GET") << u"/contexts/.ctx"_s << QByteArray("DELETE");
        QTest::newRow("config") << QByteArray("POST") << u"/config"_s << QByteArray("GET, PUT, DELETE");
        QTest::newRow("mode") << QByteArray("PATCH") << u"/mode/s"_s << QByteArray("GET, PUT, DELETE");
        QTest::newRow("compatibility")
            << QByteArray("GET") << u"/compatibility/subjects/s/versions"_s << QByteArray("POST");
        QTest::newRow("metadata") << QByteArray("POST") << u"/v1/metadata/id"_s << QByteArray("GET");
        QTest::newRow("exporters") << QByteArray("DELETE") << u"/exporters"_s << QByteArray("GET, POST");
        QTest::newRow("exporter pause") << QByteArray("GET") << u"/exporters/e/pause"_s << QByteArray("PUT");
    }

    void methodNotAllowedSaysWhatIs()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, allow);
        const RestReply reply = c().call(method, path);
        QCOMPARE(reply.status, 405);
        QCOMPARE(reply.errorCode(), 405);
        QCOMPARE(reply.header("Allow"), allow);
    }
};

QTEST_GUILESS_MAIN(TestRequestBinding)
#include "tst_sandbox_requestbinding.moc"
