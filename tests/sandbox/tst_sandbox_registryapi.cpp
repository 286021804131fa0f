// The sandbox's Schema Registry REST API over real HTTP on loopback, following the reference's
// section 15 checklist and its error-code table.

#include "common/RestClient.h"
#include "sandboxserver/SandboxServer.h"

#include <memory>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::sandbox::SandboxOptions;
using sd::sandbox::SandboxServer;
using sd::sandbox::VersionProfile;
using sd::testing::RestClient;
using sd::testing::RestReply;

namespace {

const QString kOrderV1 =
    uR"({"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"int"}]})"_s;
const QString kOrderV2 =
    uR"({"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"int"},{"name":"note","type":"string","default":""}]})"_s;
// Adds a field without a default: not BACKWARD compatible with V1/V2.
const QString kOrderBad =
    uR"({"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"int"},{"name":"qty","type":"int"}]})"_s;
const QString kAddress =
    uR"({"type":"record","name":"Address","namespace":"shop","fields":[{"name":"street","type":"string"}]})"_s;
const QString kCustomer =
    uR"({"type":"record","name":"Customer","namespace":"shop","fields":[{"name":"home","type":"shop.Address"}]})"_s;

QJsonObject schemaBody(const QString &schema)
{
    return QJsonObject{{u"schema"_s, schema}};
}

} // namespace

class TestRegistryApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<RestClient> m_client;
    RestClient &c() { return *m_client; }
    int registerSchema(const QString &subject, const QString &schema, const QJsonObject &extra = {})
    {
        QJsonObject body = schemaBody(schema);
        for (auto it = extra.begin(); it != extra.end(); ++it)
            body.insert(it.key(), it.value());
        const RestReply reply = c().post(u"/subjects/%1/versions"_s.arg(subject), body);
        if (reply.status != 200) {
            qWarning() << "register failed" << reply.status << reply.body;
            return -1;
        }
        return reply.object().value(u"id"_s).toInt();
    }
    void startServer(const SandboxOptions &options = {})
    {
        m_server = std::make_unique<SandboxServer>();
        QString error;
        QVERIFY2(m_server->start(options, &error), qPrintable(error));
        m_client = std::make_unique<RestClient>(m_server->url());
    }

private Q_SLOTS:
    void init() { startServer(); }
    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    void rootAndUnknownRoutes();
    void registerSameSchemaAndIdReuse();
    void versionsNeverReused();
    void getVersionLatestAndInvalidVersions();
    void rawSchemaEndpoints();
    void lookupUnderSubject();
    void deleteOrderAndCodes();
    void referencesAndReferencedBy();
    void contextsAndQualifiedSubjects();
    void subjectListing();
    void schemasListing();
    void schemasById();
    void schemaTypesAndMetadata();
    void configEndpoints();
    void configInheritance();
    void modeEndpointsAndReadOnly();
    void importMode();
    void forwardOnlyGlobal();
    void compatibilityEndpoints();
    void incompatibleRegisterAndProfiles();
    void contentNegotiation();
    void malformedBodies();
    void invalidSubjects();
    void subjectInOtherContextFoundByUnqualifiedName();
    void jsonAndProtobufSchemas();
};

void TestRegistryApi::rootAndUnknownRoutes()
{
    RestReply reply = c().get(u"/"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, QByteArray("{}"));
    QCOMPARE(c().call("POST", u"/"_s, "{}").body, QByteArray("{}"));
    reply = c().get(u"/nowhere"_s);
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 404);
    QCOMPARE(reply.message(), u"HTTP 404 Not Found"_s);
    reply = c().call("PATCH", u"/subjects"_s);
    QCOMPARE(reply.status, 405);
    QCOMPARE(reply.errorCode(), 405);
    reply = c().get(u"/schemas/ids/notanumber"_s);
    QCOMPARE(reply.status, 404);
    reply = c().get(u"/subjects?limit=abc"_s);
    QCOMPARE(reply.status, 404);
}

void TestRegistryApi::registerSameSchemaAndIdReuse()
{
    RestReply reply = c().post(u"/subjects/orders-value/versions"_s, schemaBody(kOrderV1));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 1);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 1);
    QCOMPARE(reply.object().value(u"schemaType"_s).toString(), u"AVRO"_s);
    // Same schema, same subject → same id and version, not an error (whitespace does not matter).
    reply = c().post(u"/subjects/orders-value/versions"_s, schemaBody(u"  "_s + kOrderV1 + u"\n"_s));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 1);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 1);
    // Same schema in another subject → same id, version 1 there.
    reply = c().post(u"/subjects/orders-copy/versions"_s, schemaBody(kOrderV1));
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 1);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 1);
    // New schema → new id, next version.
    reply = c().post(u"/subjects/orders-value/versions"_s, schemaBody(kOrderV2));
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 2);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 2);
    QCOMPARE(c().get(u"/subjects/orders-value/versions"_s).array(), QJsonArray({1, 2}));
    // Register returns 200, not 201, and the canonical (compact) text is stored.
    QCOMPARE(c().get(u"/subjects/orders-value/versions/1"_s).object().value(u"schema"_s).toString(),
             kOrderV1);
}

void TestRegistryApi::versionsNeverReused()
{
    QCOMPARE(registerSchema(u"s"_s, kOrderV1), 1);
    QCOMPARE(registerSchema(u"s"_s, kOrderV2), 2);
    QCOMPARE(c().del(u"/subjects/s/versions/2"_s).body, QByteArray("2"));
    // Next version is max(all versions incl. soft-deleted)+1.
    const RestReply reply = c().post(u"/subjects/s/versions"_s, schemaBody(kOrderV2));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 3);
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 2);
    QCOMPARE(c().get(u"/subjects/s/versions"_s).array(), QJsonArray({1, 3}));
    QCOMPARE(c().get(u"/subjects/s/versions?deleted=true"_s).array(), QJsonArray({1, 2, 3}));
    QCOMPARE(c().get(u"/subjects/s/versions?deletedOnly=true"_s).array(), QJsonArray({2}));
    QCOMPARE(c().get(u"/subjects/s/versions?deleted=true&deletedAsNegative=true"_s).array(),
             QJsonArray({1, -2, 3}));
    QCOMPARE(c().get(u"/subjects/s/versions?deleted=true&offset=1&limit=1"_s).array(), QJsonArray({2}));
    // Explicit version outside IMPORT must be the next one.
    RestReply bad =
        c().post(u"/subjects/s/versions"_s, QJsonObject{{u"schema"_s, kOrderBad}, {u"version"_s, 9}});
    QCOMPARE(bad.status, 422);
    QCOMPARE(bad.errorCode(), 42201);
    QCOMPARE(bad.message(), u"Version is not one more than previous version"_s);
}

void TestRegistryApi::getVersionLatestAndInvalidVersions()
{
    registerSchema(u"s"_s, kOrderV1);
    registerSchema(u"s"_s, kOrderV2);
    RestReply reply = c().get(u"/subjects/s/versions/latest"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 2);
    QCOMPARE(reply.object().value(u"subject"_s).toString(), u"s"_s);
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 2);
    QVERIFY(!reply.object().value(u"guid"_s).toString().isEmpty());
    QCOMPARE(c().get(u"/subjects/s/versions/LATEST"_s).object().value(u"version"_s).toInt(), 2);
    QCOMPARE(c().get(u"/subjects/s/versions/-1"_s).object().value(u"version"_s).toInt(), 2);
    // latest skips soft-deleted versions, even with deleted=true.
    c().del(u"/subjects/s/versions/2"_s);
    QCOMPARE(c().get(u"/subjects/s/versions/latest?deleted=true"_s).object().value(u"version"_s).toInt(), 1);
    reply = c().get(u"/subjects/s/versions/2"_s);
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 40402);
    reply = c().get(u"/subjects/s/versions/2?deleted=true"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"deleted"_s).toBool(), true);
    for (const QString &bad : {u"0"_s, u"-2"_s, u"abc"_s, u"2147483648"_s}) {
        reply = c().get(u"/subjects/s/versions/"_s + bad);
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.errorCode(), 42202);
        QVERIFY(
            reply.message().startsWith(u"The specified version '%1' is not a valid version id"_s.arg(bad)));
    }
    reply = c().get(u"/subjects/s/versions/7"_s);
    QCOMPARE(reply.errorCode(), 40402);
    QCOMPARE(reply.message(), u"Version 7 not found."_s);
    reply = c().get(u"/subjects/nope/versions/1"_s);
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 40401);
    QCOMPARE(reply.message(), u"Subject 'nope' not found."_s);
    QCOMPARE(c().get(u"/subjects/nope/versions"_s).errorCode(), 40401);
}

void TestRegistryApi::rawSchemaEndpoints()
{
    registerSchema(u"s"_s, kOrderV1);
    RestReply reply = c().get(u"/subjects/s/versions/1/schema"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(QString::fromUtf8(reply.body), kOrderV1);
    reply = c().get(u"/schemas/ids/1/schema"_s);
    QCOMPARE(QString::fromUtf8(reply.body), kOrderV1);
    QCOMPARE(c().get(u"/subjects/s/versions/0/schema"_s).errorCode(), 42202);
}

void TestRegistryApi::lookupUnderSubject()
{
    registerSchema(u"s"_s, kOrderV1);
    registerSchema(u"s"_s, kOrderV2);
    RestReply reply = c().post(u"/subjects/s"_s, schemaBody(kOrderV1));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 1);
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 1);
    QCOMPARE(reply.object().value(u"subject"_s).toString(), u"s"_s);
    reply = c().post(u"/subjects/s"_s, schemaBody(kAddress));
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 40403);
    reply = c().post(u"/subjects/unknown"_s, schemaBody(kOrderV1));
    QCOMPARE(reply.errorCode(), 40401);
    reply = c().post(u"/subjects/s"_s, schemaBody(u"{not avro"_s));
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42201);
    // Soft-deleted versions match only with deleted=true.
    c().del(u"/subjects/s/versions/1"_s);
    QCOMPARE(c().post(u"/subjects/s"_s, schemaBody(kOrderV1)).errorCode(), 40403);
    QCOMPARE(
        c().post(u"/subjects/s?deleted=true"_s, schemaBody(kOrderV1)).object().value(u"version"_s).toInt(),
        1);
}

void TestRegistryApi::deleteOrderAndCodes()
{
    registerSchema(u"s"_s, kOrderV1);
    registerSchema(u"s"_s, kOrderV2);
    // Version deletes.
    RestReply reply = c().del(u"/subjects/s/versions/1?permanent=true"_s);
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 40407);
    QCOMPARE(reply.message(),
             u"Subject 's' Version 1 was not deleted first before being permanently deleted"_s);
    QCOMPARE(c().del(u"/subjects/s/versions/1"_s).body, QByteArray("1"));
    reply = c().del(u"/subjects/s/versions/1"_s);
    QCOMPARE(reply.errorCode(), 40406);
    QCOMPARE(reply.message(),
             u"Subject 's' Version 1 was soft deleted.Set permanent=true to delete permanently"_s);
    QCOMPARE(c().del(u"/subjects/s/versions/1?permanent=true"_s).body, QByteArray("1"));
    QCOMPARE(c().del(u"/subjects/s/versions/1?permanent=true"_s).errorCode(), 40402);
    QCOMPARE(c().del(u"/subjects/s/versions/abc"_s).errorCode(), 42202);
    QCOMPARE(c().del(u"/subjects/nope/versions/1"_s).errorCode(), 40401);
    // Soft-deleted schema ids stay readable.
    registerSchema(u"t"_s, kOrderBad);
    const int badId = c().get(u"/subjects/t/versions/1"_s).object().value(u"id"_s).toInt();
    c().del(u"/subjects/t/versions/latest"_s);
    QCOMPARE(c().get(u"/schemas/ids/%1"_s.arg(badId)).status, 200);

    // Subject deletes.
    reply = c().del(u"/subjects/s?permanent=true"_s);
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 40405);
    QCOMPARE(reply.message(), u"Subject 's' was not deleted first before being permanently deleted"_s);
    reply = c().del(u"/subjects/s"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.array(), QJsonArray({2}));
    reply = c().del(u"/subjects/s"_s);
    QCOMPARE(reply.errorCode(), 40404);
    QCOMPARE(reply.message(), u"Subject 's' was soft deleted.Set permanent=true to delete permanently"_s);
    QCOMPARE(c().get(u"/subjects/s/versions"_s).errorCode(), 40401);
    QCOMPARE(c().get(u"/subjects"_s).array(), QJsonArray());
    QCOMPARE(c().get(u"/subjects?deleted=true"_s).array(), QJsonArray({u"s"_s, u"t"_s}));
    QCOMPARE(c().get(u"/subjects?deletedOnly=true"_s).array(), QJsonArray({u"s"_s, u"t"_s}));
    reply = c().del(u"/subjects/s?permanent=true"_s);
    QCOMPARE(reply.array(), QJsonArray({2}));
    QCOMPARE(c().del(u"/subjects/s"_s).errorCode(), 40401);
    QCOMPARE(c().get(u"/subjects?deleted=true"_s).array(), QJsonArray({u"t"_s}));
}

void TestRegistryApi::referencesAndReferencedBy()
{
    const int addressId = registerSchema(u"address-value"_s, kAddress);
    QVERIFY(addressId > 0);
    const QJsonArray references{
        QJsonObject{{u"name"_s, u"shop.Address"_s}, {u"subject"_s, u"address-value"_s}, {u"version"_s, 1}}};
    RestReply reply = c().post(u"/subjects/customer-value/versions"_s,
                               QJsonObject{{u"schema"_s, kCustomer}, {u"references"_s, references}});
    QCOMPARE(reply.status, 200);
    const int customerId = reply.object().value(u"id"_s).toInt();
    QCOMPARE(c().get(u"/subjects/customer-value/versions/1"_s).object().value(u"references"_s).toArray(),
             references);
    QCOMPARE(c().get(u"/schemas/ids/%1"_s.arg(customerId)).object().value(u"references"_s).toArray(),
             references);
    QCOMPARE(c().get(u"/subjects/address-value/versions/1/referencedby"_s).array(), QJsonArray({customerId}));
    // Without the reference the schema does not parse.
    reply = c().post(u"/subjects/other/versions"_s, schemaBody(kCustomer));
    QCOMPARE(reply.errorCode(), 42201);
    // A missing referenced version is an invalid schema too.
    reply = c().post(u"/subjects/other/versions"_s,
                     QJsonObject{{u"schema"_s, kCustomer},
                                 {u"references"_s, QJsonArray{QJsonObject{{u"name"_s, u"shop.Address"_s},
                                                                          {u"subject"_s, u"address-value"_s},
                                                                          {u"version"_s, 5}}}}});
    QCOMPARE(reply.errorCode(), 42201);
    // Referenced versions cannot be deleted.
    reply = c().del(u"/subjects/address-value/versions/1"_s);
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42206);
    QVERIFY(reply.message().startsWith(u"One or more references exist to the schema"_s));
    QCOMPARE(c().del(u"/subjects/address-value"_s).errorCode(), 42206);
    // Once the referrer is soft-deleted, a soft delete passes but a hard delete still counts it.
    QCOMPARE(c().del(u"/subjects/customer-value"_s).status, 200);
    QCOMPARE(c().get(u"/subjects/address-value/versions/1/referencedby"_s).array(), QJsonArray());
    QCOMPARE(c().get(u"/subjects/address-value/versions/1/referencedby?deleted=true"_s).array(),
             QJsonArray({customerId}));
    QCOMPARE(c().del(u"/subjects/address-value/versions/1"_s).status, 200);
    QCOMPARE(c().del(u"/subjects/address-value/versions/1?permanent=true"_s).errorCode(), 42206);
    QCOMPARE(c().del(u"/subjects/customer-value?permanent=true"_s).status, 200);
    QCOMPARE(c().del(u"/subjects/address-value/versions/1?permanent=true"_s).status, 200);
}

void TestRegistryApi::contextsAndQualifiedSubjects()
{
    QCOMPARE(registerSchema(u"orders-value"_s, kOrderV1), 1);
    QCOMPARE(registerSchema(u"orders-value"_s, kOrderV2), 2);
    // Every context has its own id space; colons may arrive encoded or raw.
    QCOMPARE(registerSchema(u"%3A.ctx%3Aorders-value"_s, kOrderV2), 1);
    QCOMPARE(registerSchema(u":.ctx:payments-value"_s, kAddress), 2);
    RestReply reply = c().get(u"/subjects/:.ctx:orders-value/versions/1"_s);
    QCOMPARE(reply.object().value(u"subject"_s).toString(), u":.ctx:orders-value"_s);
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 1);
    // ":.:x" is the default-context subject x.
    QCOMPARE(c().get(u"/subjects/:.:orders-value/versions/1"_s).object().value(u"subject"_s).toString(),
             u"orders-value"_s);
    QCOMPARE(c().get(u"/contexts"_s).array(), QJsonArray({u"."_s, u".ctx"_s}));
    QCOMPARE(c().get(u"/contexts?contextPrefix=.c"_s).array(), QJsonArray({u".ctx"_s}));
    QCOMPARE(c().get(u"/contexts?offset=1"_s).array(), QJsonArray({u".ctx"_s}));
    // Subject names with a slash travel encoded.
    QCOMPARE(registerSchema(u":.ctx:a%2Fb"_s, kOrderV1), 3);
    QCOMPARE(c().get(u"/subjects/%3A.ctx%3Aa%2Fb/versions/1"_s).object().value(u"subject"_s).toString(),
             u":.ctx:a/b"_s);

    reply = c().del(u"/contexts/:.ctx:"_s);
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42211);
    QCOMPARE(reply.message(), u"The specified context ':.ctx:' is not empty."_s);
    for (const QString &subject : {u":.ctx:orders-value"_s, u":.ctx:payments-value"_s, u":.ctx:a%2Fb"_s}) {
        QCOMPARE(c().del(u"/subjects/"_s + subject).status, 200);
        // Soft-deleted subjects still keep the context.
        if (subject == u":.ctx:orders-value")
            QCOMPARE(c().del(u"/contexts/:.ctx:"_s).errorCode(), 42211);
        QCOMPARE(c().del(u"/subjects/"_s + subject + u"?permanent=true"_s).status, 200);
    }
    // A context is not removed when its subjects go, only by DELETE /contexts.
    QCOMPARE(c().get(u"/contexts"_s).array(), QJsonArray({u"."_s, u".ctx"_s}));
    reply = c().del(u"/contexts/%3A.ctx%3A"_s);
    QCOMPARE(reply.status, 204);
    QCOMPARE(c().get(u"/contexts"_s).array(), QJsonArray({u"."_s}));
    // Ids in a re-created context are not handed out twice.
    QCOMPARE(registerSchema(u":.ctx:new"_s, kOrderBad), 4);
}

void TestRegistryApi::subjectListing()
{
    registerSchema(u"alpha-value"_s, kOrderV1);
    registerSchema(u"beta-value"_s, kOrderV1);
    registerSchema(u":.ctx:alpha-value"_s, kOrderV1);
    registerSchema(u":.other:gamma"_s, kOrderV1);
    registerSchema(u"0-first"_s, kOrderV1);
    // Sorted by qualified name, as Confluent Platform lists them: ':' sorts before letters and after
    // digits.
    const QJsonArray all{u"0-first"_s, u":.ctx:alpha-value"_s, u":.other:gamma"_s, u"alpha-value"_s,
                         u"beta-value"_s};
    QCOMPARE(c().get(u"/subjects"_s).array(), all);
    QCOMPARE(c().get(u"/subjects?subjectPrefix=%3A*%3A"_s).array(), all);
    QCOMPARE(c().get(u"/subjects?subjectPrefix=:*:alpha"_s).array(),
             QJsonArray({u":.ctx:alpha-value"_s, u"alpha-value"_s}));
    QCOMPARE(c().get(u"/subjects?subjectPrefix=:.ctx:"_s).array(), QJsonArray({u":.ctx:alpha-value"_s}));
    QCOMPARE(c().get(u"/subjects?subjectPrefix=be"_s).array(), QJsonArray({u"beta-value"_s}));
    QCOMPARE(c().get(u"/subjects?subjectPrefix="_s).array(),
             QJsonArray({u"0-first"_s, u"alpha-value"_s, u"beta-value"_s}));
    QCOMPARE(c().get(u"/subjects?offset=1&limit=2"_s).array(),
             QJsonArray({u":.ctx:alpha-value"_s, u":.other:gamma"_s}));
    QCOMPARE(c().get(u"/subjects?subjectPrefix=:.none:"_s).array(), QJsonArray());
}

void TestRegistryApi::schemasListing()
{
    registerSchema(u"a"_s, kOrderV1);
    registerSchema(u"a"_s, kOrderV2);
    registerSchema(u"b"_s, kAddress);
    registerSchema(u":.ctx:c"_s, kOrderV1);
    c().del(u"/subjects/a/versions/2"_s);
    auto keys = [](const QJsonArray &array) {
        QStringList out;
        for (const QJsonValue &value : array) {
            const QJsonObject o = value.toObject();
            out << u"%1@%2#%3"_s.arg(o.value(u"subject"_s).toString())
                       .arg(o.value(u"version"_s).toInt())
                       .arg(o.value(u"id"_s).toInt());
        }
        return out;
    };
    // The default "" means the default context only.
    QCOMPARE(keys(c().get(u"/schemas"_s).array()), QStringList({u"a@1#1"_s, u"b@1#3"_s}));
    QCOMPARE(keys(c().get(u"/schemas?deleted=true"_s).array()),
             QStringList({u"a@1#1"_s, u"a@2#2"_s, u"b@1#3"_s}));
    QCOMPARE(keys(c().get(u"/schemas?subjectPrefix=:*:"_s).array()),
             QStringList({u":.ctx:c@1#1"_s, u"a@1#1"_s, u"b@1#3"_s}));
    QCOMPARE(keys(c().get(u"/schemas?subjectPrefix=:.ctx:"_s).array()), QStringList({u":.ctx:c@1#1"_s}));
    QCOMPARE(keys(c().get(u"/schemas?latestOnly=true&deleted=true"_s).array()),
             QStringList({u"a@2#2"_s, u"b@1#3"_s}));
    QCOMPARE(keys(c().get(u"/schemas?latestOnly=true"_s).array()), QStringList({u"a@1#1"_s, u"b@1#3"_s}));
    QCOMPARE(keys(c().get(u"/schemas?offset=1&limit=1"_s).array()), QStringList({u"b@1#3"_s}));
    // A limit above the max falls back to the default (1000), not an error.
    QCOMPARE(keys(c().get(u"/schemas?limit=5000"_s).array()).size(), 2);
    const QJsonObject first = c().get(u"/schemas"_s).array().first().toObject();
    QCOMPARE(first.value(u"schemaType"_s).toString(), u"AVRO"_s);
    QCOMPARE(first.value(u"schema"_s).toString(), kOrderV1);
}

void TestRegistryApi::schemasById()
{
    registerSchema(u"a"_s, kOrderV1);
    registerSchema(u"b"_s, kOrderV1);
    registerSchema(u":.ctx:c"_s, kAddress); // id 1 in .ctx
    RestReply reply = c().get(u"/schemas/ids/1"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"schema"_s).toString(), kOrderV1);
    QCOMPARE(reply.object().value(u"schemaType"_s).toString(), u"AVRO"_s);
    QVERIFY(!reply.object().contains(u"subject"_s));
    QVERIFY(!reply.object().contains(u"maxId"_s));
    // Scoped to a context.
    reply = c().get(u"/schemas/ids/1?subject=:.ctx:"_s);
    QCOMPARE(reply.object().value(u"schema"_s).toString(), kAddress);
    reply = c().get(u"/schemas/ids/1?subject=:.ctx:c"_s);
    QCOMPARE(reply.object().value(u"subject"_s).toString(), u":.ctx:c"_s);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 1);
    // An unqualified subject not in the default context is searched in every context.
    QCOMPARE(c().get(u"/schemas/ids/1?subject=c"_s).object().value(u"schema"_s).toString(), kAddress);
    QCOMPARE(c().get(u"/schemas/ids/1?fetchMaxId=true"_s).object().value(u"maxId"_s).toInt(), 1);
    reply = c().get(u"/schemas/ids/99"_s);
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 40403);
    QCOMPARE(reply.message(), u"Schema 99 not found"_s);
    QCOMPARE(c().get(u"/schemas/ids/99/schema"_s).errorCode(), 40403);
    QCOMPARE(c().get(u"/schemas/ids/1/subjects"_s).array(), QJsonArray({u"a"_s, u"b"_s}));
    QCOMPARE(c().get(u"/schemas/ids/1/subjects?subject=:.ctx:"_s).array(), QJsonArray({u":.ctx:c"_s}));
    QCOMPARE(c().get(u"/schemas/ids/1/subjects?limit=1&offset=1"_s).array(), QJsonArray({u"b"_s}));
    QCOMPARE(c().get(u"/schemas/ids/1/versions"_s).array(),
             QJsonArray({QJsonObject{{u"subject"_s, u"a"_s}, {u"version"_s, 1}},
                         QJsonObject{{u"subject"_s, u"b"_s}, {u"version"_s, 1}}}));
    QCOMPARE(c().get(u"/schemas/ids/99/versions"_s).errorCode(), 40403);
    // GUIDs (8.x): the same schema in two contexts shares a guid.
    const QString guid = c().get(u"/subjects/a/versions/1"_s).object().value(u"guid"_s).toString();
    QVERIFY(!guid.isEmpty());
    reply = c().get(u"/schemas/guids/"_s + guid);
    QCOMPARE(reply.object().value(u"schema"_s).toString(), kOrderV1);
    registerSchema(u":.ctx:d"_s, kOrderV1);
    QCOMPARE(c().get(u"/schemas/guids/%1/ids"_s.arg(guid)).array(),
             QJsonArray({QJsonObject{{u"context"_s, u"."_s}, {u"id"_s, 1}},
                         QJsonObject{{u"context"_s, u".ctx"_s}, {u"id"_s, 2}}}));
    QCOMPARE(c().get(u"/schemas/guids/00000000-0000-0000-0000-000000000000"_s).errorCode(), 40403);
    c().del(u"/subjects/b"_s);
    QCOMPARE(c().get(u"/schemas/ids/1/subjects"_s).array(), QJsonArray({u"a"_s}));
    QCOMPARE(c().get(u"/schemas/ids/1/subjects?deleted=true"_s).array(), QJsonArray({u"a"_s, u"b"_s}));
}

void TestRegistryApi::schemaTypesAndMetadata()
{
    QStringList types;
    for (const QJsonValue &value : c().get(u"/schemas/types"_s).array())
        types << value.toString();
    types.sort();
    QCOMPARE(types, QStringList({u"AVRO"_s, u"JSON"_s, u"PROTOBUF"_s}));
    RestReply reply = c().get(u"/v1/metadata/id"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"id"_s).toString(), u"schemadesk-sandbox"_s);
    QVERIFY(reply.object().value(u"scope"_s).isObject());
    reply = c().get(u"/v1/metadata/version"_s);
    QVERIFY(!reply.object().value(u"version"_s).toString().isEmpty());
    QVERIFY(!reply.object().value(u"commitId"_s).toString().isEmpty());
}

void TestRegistryApi::configEndpoints()
{
    RestReply reply = c().get(u"/config"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object(), QJsonObject({{u"compatibilityLevel"_s, u"BACKWARD"_s}}));
    // PUT uses "compatibility", answers in request form; GET answers "compatibilityLevel".
    reply = c().put(u"/config"_s, QJsonObject{{u"compatibility"_s, u"full"_s}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object(), QJsonObject({{u"compatibility"_s, u"FULL"_s}}));
    QCOMPARE(c().get(u"/config"_s).object(), QJsonObject({{u"compatibilityLevel"_s, u"FULL"_s}}));
    // Partial merge: a field left out keeps its value, null clears it.
    reply = c().put(u"/config"_s, QJsonObject{{u"normalize"_s, true}});
    QCOMPARE(reply.object(), QJsonObject({{u"compatibility"_s, u"FULL"_s}, {u"normalize"_s, true}}));
    reply = c().put(u"/config"_s, QJsonObject{{u"normalize"_s, QJsonValue::Null}});
    QCOMPARE(reply.object(), QJsonObject({{u"compatibility"_s, u"FULL"_s}}));
    reply = c().put(u"/config"_s, QJsonObject{{u"compatibility"_s, u"SIDEWAYS"_s}});
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42203);
    // Subject level.
    reply = c().get(u"/config/orders-value"_s);
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 40408);
    QCOMPARE(reply.message(),
             u"Subject 'orders-value' does not have subject-level compatibility configured"_s);
    QCOMPARE(c().get(u"/config/orders-value?defaultToGlobal=true"_s)
                 .object()
                 .value(u"compatibilityLevel"_s)
                 .toString(),
             u"FULL"_s);
    // The subject need not exist.
    reply = c().put(u"/config/orders-value"_s, QJsonObject{{u"compatibility"_s, u"NONE"_s}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(c().get(u"/config/orders-value"_s).object().value(u"compatibilityLevel"_s).toString(),
             u"NONE"_s);
    reply = c().del(u"/config/orders-value"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object(), QJsonObject({{u"compatibilityLevel"_s, u"NONE"_s}}));
    reply = c().del(u"/config/orders-value"_s);
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 40401);
    reply = c().del(u"/config"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object(), QJsonObject({{u"compatibilityLevel"_s, u"FULL"_s}}));
    QCOMPARE(c().get(u"/config"_s).object().value(u"compatibilityLevel"_s).toString(), u"BACKWARD"_s);
    // Unknown properties are ignored.
    QCOMPARE(
        c().put(u"/config"_s, QJsonObject{{u"compatibility"_s, u"NONE"_s}, {u"colour"_s, u"red"_s}}).object(),
        QJsonObject({{u"compatibility"_s, u"NONE"_s}}));
}

void TestRegistryApi::configInheritance()
{
    // Top-level config applies to the default context only; other contexts fall back to
    // :.__GLOBAL: and then the built-in default.
    c().put(u"/config"_s, QJsonObject{{u"compatibility"_s, u"NONE"_s}});
    registerSchema(u"x"_s, kOrderV1);
    registerSchema(u":.ctx:x"_s, kOrderV1);
    QCOMPARE(c().post(u"/subjects/x/versions"_s, schemaBody(kOrderBad)).status, 200); // NONE
    RestReply reply = c().post(u"/subjects/:.ctx:x/versions"_s, schemaBody(kOrderBad));
    QCOMPARE(reply.status, 409); // BACKWARD by default in .ctx
    QCOMPARE(
        c().get(u"/config/:.ctx:x?defaultToGlobal=true"_s).object().value(u"compatibilityLevel"_s).toString(),
        u"BACKWARD"_s);
    c().put(u"/config/:.__GLOBAL:"_s, QJsonObject{{u"compatibility"_s, u"FORWARD"_s}});
    QCOMPARE(
        c().get(u"/config/:.ctx:x?defaultToGlobal=true"_s).object().value(u"compatibilityLevel"_s).toString(),
        u"FORWARD"_s);
    QCOMPARE(c().get(u"/config/:.__GLOBAL:"_s).object().value(u"compatibilityLevel"_s).toString(),
             u"FORWARD"_s);
    c().put(u"/config/:.ctx:"_s, QJsonObject{{u"compatibility"_s, u"NONE"_s}});
    QCOMPARE(c().get(u"/config/:.ctx:"_s).object().value(u"compatibilityLevel"_s).toString(), u"NONE"_s);
    QCOMPARE(
        c().get(u"/config/:.ctx:x?defaultToGlobal=true"_s).object().value(u"compatibilityLevel"_s).toString(),
        u"NONE"_s);
    QCOMPARE(c().post(u"/subjects/:.ctx:x/versions"_s, schemaBody(kOrderBad)).status, 200);
    // Subject level wins over the context.
    c().put(u"/config/:.ctx:x"_s, QJsonObject{{u"compatibility"_s, u"FULL_TRANSITIVE"_s}});
    QCOMPARE(
        c().get(u"/config/:.ctx:x?defaultToGlobal=true"_s).object().value(u"compatibilityLevel"_s).toString(),
        u"FULL_TRANSITIVE"_s);
    // The top-level GET reports the default context only.
    QCOMPARE(c().get(u"/config"_s).object().value(u"compatibilityLevel"_s).toString(), u"NONE"_s);
    QCOMPARE(c().get(u"/config/:.other:"_s).errorCode(), 40408);
}

void TestRegistryApi::modeEndpointsAndReadOnly()
{
    QCOMPARE(c().get(u"/mode"_s).object(), QJsonObject({{u"mode"_s, u"READWRITE"_s}}));
    RestReply reply = c().get(u"/mode/s"_s);
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 40409);
    QCOMPARE(reply.message(), u"Subject 's' does not have subject-level mode configured"_s);
    QCOMPARE(c().get(u"/mode/s?defaultToGlobal=true"_s).object().value(u"mode"_s).toString(), u"READWRITE"_s);
    reply = c().put(u"/mode"_s, QJsonObject{{u"mode"_s, u"SOMETIMES"_s}});
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42204);
    QCOMPARE(reply.message(), u"Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD."_s);

    registerSchema(u"s"_s, kOrderV1);
    reply = c().put(u"/mode"_s, QJsonObject{{u"mode"_s, u"readonly"_s}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object(), QJsonObject({{u"mode"_s, u"READONLY"_s}}));
    reply = c().post(u"/subjects/s/versions"_s, schemaBody(kOrderV2));
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42205);
    QCOMPARE(reply.message(), u"Subject s is in read-only mode"_s);
    QCOMPARE(c().del(u"/subjects/s/versions/1"_s).errorCode(), 42205);
    QCOMPARE(c().del(u"/subjects/s"_s).errorCode(), 42205);
    QCOMPARE(c().put(u"/config/s"_s, QJsonObject{{u"compatibility"_s, u"NONE"_s}}).errorCode(), 42205);
    QCOMPARE(c().put(u"/config"_s, QJsonObject{{u"compatibility"_s, u"NONE"_s}}).errorCode(), 42205);
    QCOMPARE(c().del(u"/config"_s).errorCode(), 42205);
    // Reads still work, and the mode can always be changed back.
    QCOMPARE(c().get(u"/subjects/s/versions/1"_s).status, 200);
    // READONLY at the top level does not reach other contexts.
    QCOMPARE(registerSchema(u":.ctx:s"_s, kOrderV1), 1);
    // Subject level overrides the context.
    QCOMPARE(c().put(u"/mode/s"_s, QJsonObject{{u"mode"_s, u"READWRITE"_s}}).status, 200);
    QCOMPARE(c().post(u"/subjects/s/versions"_s, schemaBody(kOrderV2)).status, 200);
    reply = c().del(u"/mode?recursive=true"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object(), QJsonObject({{u"mode"_s, u"READONLY"_s}}));
    QCOMPARE(c().get(u"/mode/s"_s).errorCode(), 40409);
    QCOMPARE(c().del(u"/mode/s"_s).errorCode(), 40401);
    // READONLY_OVERRIDE behaves as READONLY.
    c().put(u"/mode/:.ctx:"_s, QJsonObject{{u"mode"_s, u"READONLY_OVERRIDE"_s}});
    QCOMPARE(c().post(u"/subjects/:.ctx:s/versions"_s, schemaBody(kOrderV2)).errorCode(), 42205);
    QCOMPARE(c().get(u"/mode/:.ctx:"_s).object().value(u"mode"_s).toString(), u"READONLY_OVERRIDE"_s);
    c().put(u"/mode/:.ctx:x"_s, QJsonObject{{u"mode"_s, u"READONLY"_s}});
    reply = c().del(u"/mode/:.ctx:?recursive=true"_s);
    QCOMPARE(reply.object().value(u"mode"_s).toString(), u"READONLY_OVERRIDE"_s);
    QCOMPARE(c().get(u"/mode/:.ctx:x"_s).errorCode(), 40409);
    // READONLY on :.__GLOBAL: reaches every context without its own mode.
    c().put(u"/mode/:.__GLOBAL:"_s, QJsonObject{{u"mode"_s, u"READONLY"_s}});
    QCOMPARE(c().post(u"/subjects/:.ctx:s/versions"_s, schemaBody(kOrderV2)).errorCode(), 42205);
    QCOMPARE(c().get(u"/mode?defaultToGlobal=true"_s).object().value(u"mode"_s).toString(), u"READONLY"_s);
}

void TestRegistryApi::importMode()
{
    registerSchema(u"live"_s, kOrderV1);
    // IMPORT needs an empty scope unless forced.
    RestReply reply = c().put(u"/mode"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}});
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42205);
    QCOMPARE(reply.message(), u"Cannot import since found existing subjects"_s);
    // A write carrying an id outside IMPORT is refused.
    reply = c().post(u"/subjects/live/versions"_s, QJsonObject{{u"schema"_s, kOrderV2}, {u"id"_s, 50}});
    QCOMPARE(reply.errorCode(), 42205);
    QCOMPARE(reply.message(), u"Subject live is not in import mode"_s);

    // A context holding only soft-deleted data may enter IMPORT; the soft-deleted data is purged.
    registerSchema(u":.imp:old"_s, kOrderV1);
    c().del(u"/subjects/:.imp:old"_s);
    QCOMPARE(c().get(u"/subjects?deleted=true&subjectPrefix=:.imp:"_s).array().size(), 1);
    reply = c().put(u"/mode/:.imp:"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(c().get(u"/subjects?deleted=true&subjectPrefix=:.imp:"_s).array(), QJsonArray());
    // In IMPORT every write needs an id; the id and version are kept.
    reply = c().post(u"/subjects/:.imp:orders/versions"_s, schemaBody(kOrderV1));
    QCOMPARE(reply.errorCode(), 42205);
    QCOMPARE(reply.message(), u"Subject :.imp:orders is not in read-write mode"_s);
    reply = c().post(u"/subjects/:.imp:orders/versions"_s,
                     QJsonObject{{u"schema"_s, kOrderV1}, {u"id"_s, 100}, {u"version"_s, 7}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 100);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 7);
    // Compatibility is not checked in IMPORT.
    reply =
        c().post(u"/subjects/:.imp:orders/versions"_s, QJsonObject{{u"schema"_s, kOrderBad}, {u"id"_s, 101}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 8);
    // An id that belongs to another schema cannot be overwritten.
    reply =
        c().post(u"/subjects/:.imp:other/versions"_s, QJsonObject{{u"schema"_s, kAddress}, {u"id"_s, 100}});
    QCOMPARE(reply.errorCode(), 42205);
    QCOMPARE(reply.message(), u"Overwrite new schema with id 100 in context .imp is not permitted."_s);
    // Same schema already under the subject with another id → 42207.
    reply =
        c().post(u"/subjects/:.imp:orders/versions"_s, QJsonObject{{u"schema"_s, kOrderV1}, {u"id"_s, 555}});
    QCOMPARE(reply.errorCode(), 42207);
    // New ids continue after the highest imported one.
    c().put(u"/mode/:.imp:"_s, QJsonObject{{u"mode"_s, u"READWRITE"_s}});
    QCOMPARE(registerSchema(u":.imp:fresh"_s, kAddress), 102);
    // force=true skips the guard.
    QCOMPARE(c().put(u"/mode?force=true"_s, QJsonObject{{u"mode"_s, u"IMPORT"_s}}).status, 200);
    QCOMPARE(c().get(u"/subjects/live/versions"_s).array(), QJsonArray({1}));
    // Deletes are still allowed in IMPORT.
    QCOMPARE(c().del(u"/subjects/live"_s).status, 200);
}

void TestRegistryApi::forwardOnlyGlobal()
{
    RestReply reply = c().put(u"/mode"_s, QJsonObject{{u"mode"_s, u"FORWARD"_s}});
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42204);
    QCOMPARE(reply.message(), u"Forward mode only supported on global level"_s);
    QCOMPARE(c().put(u"/mode/:.ctx:"_s, QJsonObject{{u"mode"_s, u"FORWARD"_s}}).errorCode(), 42204);
    QCOMPARE(c().put(u"/mode/s"_s, QJsonObject{{u"mode"_s, u"FORWARD"_s}}).errorCode(), 42204);
    reply = c().put(u"/mode/:.__GLOBAL:"_s, QJsonObject{{u"mode"_s, u"FORWARD"_s}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(c().get(u"/mode/:.__GLOBAL:"_s).object().value(u"mode"_s).toString(), u"FORWARD"_s);
    // FORWARD lets id-carrying writes through like IMPORT.
    reply = c().post(u"/subjects/f/versions"_s, QJsonObject{{u"schema"_s, kOrderV1}, {u"id"_s, 42}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 42);
}

void TestRegistryApi::compatibilityEndpoints()
{
    registerSchema(u"s"_s, kOrderV1);
    RestReply reply = c().post(u"/compatibility/subjects/s/versions/latest"_s, schemaBody(kOrderV2));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object(), QJsonObject({{u"is_compatible"_s, true}}));
    reply = c().post(u"/compatibility/subjects/s/versions/1"_s, schemaBody(kOrderBad));
    QCOMPARE(reply.object(), QJsonObject({{u"is_compatible"_s, false}}));
    reply = c().post(u"/compatibility/subjects/s/versions/-1?verbose=true"_s, schemaBody(kOrderBad));
    QCOMPARE(reply.object().value(u"is_compatible"_s).toBool(), false);
    const QJsonArray messages = reply.object().value(u"messages"_s).toArray();
    QVERIFY(messages.size() >= 3);
    QVERIFY(messages.contains(u"{oldSchemaVersion: 1}"_s));
    QVERIFY(messages.contains(u"{validateFields: 'false', compatibility: 'BACKWARD'}"_s));
    // All versions.
    reply = c().post(u"/compatibility/subjects/s/versions"_s, schemaBody(kOrderV2));
    QCOMPARE(reply.object().value(u"is_compatible"_s).toBool(), true);
    // A missing numeric version is 40402, even for a missing subject.
    reply = c().post(u"/compatibility/subjects/s/versions/9"_s, schemaBody(kOrderV2));
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.errorCode(), 40402);
    QCOMPARE(c().post(u"/compatibility/subjects/none/versions/1"_s, schemaBody(kOrderV2)).errorCode(), 40402);
    // latest on an empty subject: nothing to compare, compatible.
    QCOMPARE(c().post(u"/compatibility/subjects/none/versions/latest"_s, schemaBody(kOrderV2))
                 .object()
                 .value(u"is_compatible"_s)
                 .toBool(),
             true);
    QCOMPARE(c().post(u"/compatibility/subjects/s/versions/0"_s, schemaBody(kOrderV2)).errorCode(), 42202);
    // Invalid schema: 42201, or with verbose a 200 carrying the parse error.
    reply = c().post(u"/compatibility/subjects/s/versions/latest"_s, schemaBody(u"{\"type\":\"nope\"}"_s));
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42201);
    reply = c().post(u"/compatibility/subjects/s/versions/latest?verbose=true"_s,
                     schemaBody(u"{\"type\":\"nope\"}"_s));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"is_compatible"_s).toBool(), false);
    QCOMPARE(reply.object().value(u"messages"_s).toArray().size(), 1);
    // Transitive levels: the versions endpoint checks every live version, the single-version one
    // only that version.
    const QString qtyWithDefault =
        uR"({"type":"record","name":"Order","namespace":"shop","fields":[{"name":"id","type":"int"},{"name":"qty","type":"int","default":0}]})"_s;
    QCOMPARE(registerSchema(u"t"_s, kOrderV1), 1);
    QVERIFY(registerSchema(u"t"_s, qtyWithDefault) > 0);
    QCOMPARE(c().post(u"/compatibility/subjects/t/versions"_s, schemaBody(kOrderBad))
                 .object()
                 .value(u"is_compatible"_s)
                 .toBool(),
             true); // BACKWARD: latest only
    c().put(u"/config/t"_s, QJsonObject{{u"compatibility"_s, u"BACKWARD_TRANSITIVE"_s}});
    QCOMPARE(c().post(u"/compatibility/subjects/t/versions"_s, schemaBody(kOrderBad))
                 .object()
                 .value(u"is_compatible"_s)
                 .toBool(),
             false);
    QCOMPARE(c().post(u"/compatibility/subjects/t/versions/latest"_s, schemaBody(kOrderBad))
                 .object()
                 .value(u"is_compatible"_s)
                 .toBool(),
             true);
    QCOMPARE(c().post(u"/subjects/t/versions"_s, schemaBody(kOrderBad)).errorCode(), 40901);
}

void TestRegistryApi::incompatibleRegisterAndProfiles()
{
    registerSchema(u"s"_s, kOrderV1);
    RestReply reply = c().post(u"/subjects/s/versions"_s, schemaBody(kOrderBad));
    QCOMPARE(reply.status, 409);
    QCOMPARE(reply.errorCode(), 40901);
    QVERIFY2(
        reply.message().startsWith(
            u"Schema being registered is incompatible with an earlier schema for subject \"s\", details: ["_s),
        qPrintable(reply.message()));
    // force=true skips the check.
    QCOMPARE(c().post(u"/subjects/s/versions?force=true"_s, schemaBody(kOrderBad)).status, 200);

    // The 7.x profile: AVRO schemaType omitted, 409 with error_code 409, register answers {"id":N}.
    SandboxOptions options;
    options.versionProfile = VersionProfile::Cp7;
    startServer(options);
    reply = c().post(u"/subjects/s/versions"_s, schemaBody(kOrderV1));
    QCOMPARE(reply.body, QByteArray("{\"id\":1}"));
    reply = c().get(u"/subjects/s/versions/1"_s);
    QVERIFY(!reply.object().contains(u"schemaType"_s));
    QVERIFY(!reply.object().contains(u"schemaType"_s));
    QVERIFY(!c().get(u"/schemas/ids/1"_s).object().contains(u"schemaType"_s));
    reply = c().post(u"/subjects/s/versions"_s, schemaBody(kOrderBad));
    QCOMPARE(reply.status, 409);
    QCOMPARE(reply.errorCode(), 409);
}

void TestRegistryApi::contentNegotiation()
{
    registerSchema(u"s"_s, kOrderV1);
    RestReply reply = c().get(u"/subjects"_s);
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/vnd.schemaregistry.v1+json"));
    reply = c().call("GET", u"/subjects"_s, {}, {{"Accept", "application/json"}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/json"));
    reply = c().call("GET", u"/subjects"_s, {}, {{"Accept", "application/vnd.schemaregistry+json"}});
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/vnd.schemaregistry+json"));
    reply = c().call("GET", u"/subjects"_s, {}, {{"Accept", "*/*"}});
    QCOMPARE(reply.header("Content-Type"), QByteArray("application/vnd.schemaregistry.v1+json"));
    reply = c().call("GET", u"/subjects"_s, {}, {{"Accept", "text/html"}});
    QCOMPARE(reply.status, 406);
    QCOMPARE(reply.errorCode(), 406);
    const QByteArray body = QJsonDocument(schemaBody(kOrderV2)).toJson();
    for (const QByteArray &type :
         {QByteArray("application/json"), QByteArray("application/vnd.schemaregistry+json"),
          QByteArray("application/octet-stream"),
          QByteArray("application/vnd.schemaregistry.v1+json; charset=utf-8")}) {
        reply = c().call("POST", u"/subjects/s/versions"_s, body, {{"Content-Type", type}});
        QCOMPARE(reply.status, 200);
    }
    reply = c().call("POST", u"/subjects/s/versions"_s, body, {{"Content-Type", "text/plain"}});
    QCOMPARE(reply.status, 415);
    QCOMPARE(reply.errorCode(), 415);
}

void TestRegistryApi::malformedBodies()
{
    RestReply reply = c().call("POST", u"/subjects/s/versions"_s, "{\"schema\": ");
    QCOMPARE(reply.status, 400);
    QCOMPARE(reply.errorCode(), 400);
    reply = c().call("POST", u"/subjects/s/versions"_s, "[1,2]");
    QCOMPARE(reply.status, 400);
    reply = c().call("POST", u"/subjects/s/versions"_s, "{\"schema\":\"x\",\"id\":\"abc\"}");
    QCOMPARE(reply.status, 400);
    reply = c().call("PUT", u"/config"_s, "{oops");
    QCOMPARE(reply.status, 400);
    reply = c().call("POST", u"/subjects/s/versions"_s, {});
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 422);
    // Empty schema with no previous version.
    reply = c().post(u"/subjects/s/versions"_s, schemaBody(QString()));
    QCOMPARE(reply.errorCode(), 42201);
    QCOMPARE(reply.message(), u"Empty schema"_s);
    reply = c().post(u"/subjects/s/versions"_s, schemaBody(u"{\"type\":\"record\"}"_s));
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42201);
    reply = c().post(u"/subjects/s/versions"_s,
                     QJsonObject{{u"schema"_s, kOrderV1}, {u"schemaType"_s, u"XML"_s}});
    QCOMPARE(reply.errorCode(), 42201);
    // Schema too large (42209) and malformed rule sets (42210).
    reply = c().post(u"/subjects/s/versions"_s, schemaBody(u"\""_s + QString(1000001, u'x') + u"\""_s));
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42209);
    const QJsonObject badRules{
        {u"domainRules"_s,
         QJsonArray{QJsonObject{{u"name"_s, u"r"_s}, {u"kind"_s, u"MAYBE"_s}, {u"type"_s, u"CEL"_s}}}}};
    reply =
        c().post(u"/subjects/s/versions"_s, QJsonObject{{u"schema"_s, kOrderV1}, {u"ruleSet"_s, badRules}});
    QCOMPARE(reply.errorCode(), 42210);
    QCOMPARE(c().put(u"/config"_s, QJsonObject{{u"defaultRuleSet"_s, badRules}}).errorCode(), 42210);
    const QJsonObject goodRules{
        {u"domainRules"_s, QJsonArray{QJsonObject{{u"name"_s, u"checkId"_s},
                                                  {u"kind"_s, u"CONDITION"_s},
                                                  {u"type"_s, u"CEL"_s},
                                                  {u"mode"_s, u"WRITE"_s},
                                                  {u"expr"_s, u"message.id > 0"_s}}}}};
    reply = c().post(u"/subjects/rules/versions"_s,
                     QJsonObject{{u"schema"_s, kOrderV1}, {u"ruleSet"_s, goodRules}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(c().get(u"/subjects/rules/versions/1"_s).object().value(u"ruleSet"_s).toObject(), goodRules);
    // An empty schema with a previous version re-uses it (metadata updates).
    registerSchema(u"s"_s, kOrderV1);
    reply = c().post(
        u"/subjects/s/versions"_s,
        QJsonObject{{u"schema"_s, QString()},
                    {u"metadata"_s, QJsonObject{{u"properties"_s, QJsonObject{{u"owner"_s, u"team-a"_s}}}}}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 2);
    QCOMPARE(c().get(u"/subjects/s/versions/2"_s)
                 .object()
                 .value(u"metadata"_s)
                 .toObject()
                 .value(u"properties"_s)
                 .toObject()
                 .value(u"owner"_s)
                 .toString(),
             u"team-a"_s);
}

void TestRegistryApi::invalidSubjects()
{
    for (const QString &subject : {u"__GLOBAL"_s, u"__EMPTY"_s, u":.__GLOBAL:x"_s, u"bad%01name"_s}) {
        const RestReply reply = c().post(u"/subjects/%1/versions"_s.arg(subject), schemaBody(kOrderV1));
        QCOMPARE(reply.status, 422);
        QCOMPARE(reply.errorCode(), 42208);
        QVERIFY(reply.message().endsWith(u"is not a valid."_s));
    }
    QCOMPARE(c().put(u"/config/__GLOBAL"_s, QJsonObject{{u"compatibility"_s, u"NONE"_s}}).errorCode(), 42208);
    QCOMPARE(c().put(u"/mode/__EMPTY"_s, QJsonObject{{u"mode"_s, u"READONLY"_s}}).errorCode(), 42208);
}

void TestRegistryApi::subjectInOtherContextFoundByUnqualifiedName()
{
    registerSchema(u":.ctx:only-here"_s, kOrderV1);
    RestReply reply = c().get(u"/subjects/only-here/versions/1"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"subject"_s).toString(), u":.ctx:only-here"_s);
    reply = c().post(u"/subjects/only-here"_s, schemaBody(kOrderV1));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"subject"_s).toString(), u":.ctx:only-here"_s);
}

void TestRegistryApi::jsonAndProtobufSchemas()
{
    const QString json =
        uR"({"type":"object","properties":{"id":{"type":"integer"}},"additionalProperties":false})"_s;
    RestReply reply = c().post(u"/subjects/j-value/versions"_s,
                               QJsonObject{{u"schema"_s, json}, {u"schemaType"_s, u"JSON"_s}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(c().get(u"/subjects/j-value/versions/1"_s).object().value(u"schemaType"_s).toString(),
             u"JSON"_s);
    // schemaType is case-insensitive.
    QCOMPARE(c().post(u"/subjects/j-value"_s, QJsonObject{{u"schema"_s, json}, {u"schemaType"_s, u"json"_s}})
                 .status,
             200);

    const QString address =
        u"syntax = \"proto3\";\npackage shop;\nmessage Address { string street = 1; }\n"_s;
    const QString customer = u"syntax = \"proto3\";\npackage shop;\nimport \"address.proto\";\n"
                             u"message Customer { Address home = 1; }\n"_s;
    reply = c().post(u"/subjects/address-proto/versions"_s,
                     QJsonObject{{u"schema"_s, address}, {u"schemaType"_s, u"PROTOBUF"_s}});
    QCOMPARE(reply.status, 200);
    reply = c().post(u"/subjects/customer-proto/versions"_s,
                     QJsonObject{{u"schema"_s, customer},
                                 {u"schemaType"_s, u"PROTOBUF"_s},
                                 {u"references"_s, QJsonArray{QJsonObject{{u"name"_s, u"address.proto"_s},
                                                                          {u"subject"_s, u"address-proto"_s},
                                                                          {u"version"_s, 1}}}}});
    QVERIFY2(reply.status == 200, reply.body.constData());
    const int id = reply.object().value(u"id"_s).toInt();
    QCOMPARE(c().get(u"/schemas/ids/%1"_s.arg(id)).object().value(u"schemaType"_s).toString(), u"PROTOBUF"_s);
    QCOMPARE(c().get(u"/subjects/address-proto/versions/1/referencedby"_s).array(), QJsonArray({id}));
    reply = c().post(u"/subjects/p/versions"_s,
                     QJsonObject{{u"schema"_s, u"message {"_s}, {u"schemaType"_s, u"PROTOBUF"_s}});
    QCOMPARE(reply.errorCode(), 42201);
}

QTEST_GUILESS_MAIN(TestRegistryApi)
#include "tst_sandbox_registryapi.moc"
