// The sandbox's --profile redpanda, karapace and apicurio over real HTTP: each behaves as the public
// source and documentation cited in models/sandboxserver/FlavourPolicy.cpp say the real server does.
#include "common/RestClient.h"
#include "sandboxserver/FlavourPolicy.h"
#include "sandboxserver/SandboxServer.h"

#include <memory>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::sandbox::Flavour;
using sd::sandbox::FlavourPolicy;
using sd::sandbox::SandboxOptions;
using sd::sandbox::SandboxServer;
using sd::testing::RestClient;
using sd::testing::RestReply;

namespace {

const QString kV1 = uR"({"type":"record","name":"R","fields":[{"name":"a","type":"int"}]})"_s;
const QString kV2 =
    uR"({"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string","default":""}]})"_s;
// Under BACKWARD it reads kV2's data but not kV1's (b has no default): compatible with the latest
// version only.
const QString kV3 =
    uR"({"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"b","type":"string"}]})"_s;

QJsonObject avro(const QString &text)
{
    return {{u"schema"_s, text}};
}

} // namespace

class TestFlavours : public QObject
{
    Q_OBJECT

    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<RestClient> m_rest;

    bool start(const QString &profile)
    {
        m_rest.reset();
        m_server = std::make_unique<SandboxServer>();
        const std::optional<FlavourPolicy> policy = FlavourPolicy::fromName(profile);
        if (!policy)
            return false;
        SandboxOptions options;
        options.flavour = policy->flavour;
        options.versionProfile = policy->shapes;
        QString error;
        if (!m_server->start(options, &error))
            return false;
        m_rest = std::make_unique<RestClient>(m_server->url());
        return true;
    }
    RestClient &rest() { return *m_rest; }

private Q_SLOTS:
    void names()
    {
        for (const QString &name : FlavourPolicy::names())
            QCOMPARE(FlavourPolicy::fromName(name)->name(), name);
        QVERIFY(!FlavourPolicy::fromName(u"glue"_s));
    }

    void redpanda()
    {
        QVERIFY(start(u"redpanda"_s));
        const RestReply types = rest().get(u"/schemas/types"_s);
        QCOMPARE(types.status, 200);
        QCOMPARE(types.header("Server"), QByteArray("Seastar httpd"));
        // No bulk listing, no contexts, no exporters, no /v1/metadata.
        for (const QString &path :
             {u"/schemas"_s, u"/contexts"_s, u"/exporters"_s, u"/v1/metadata/version"_s})
            QCOMPARE(rest().get(path).status, 404);
        QCOMPARE(rest().del(u"/config"_s).status, 404);
        QCOMPARE(rest().post(u"/compatibility/subjects/orders-value/versions"_s, avro(kV1)).status, 404);
        // Metadata and rule sets are not kept; version bodies carry no "deleted".
        QJsonObject withMetadata = avro(kV1);
        withMetadata.insert(u"metadata"_s, QJsonObject{{u"properties"_s, QJsonObject{{u"owner"_s, u"x"_s}}}});
        const RestReply registered = rest().post(u"/subjects/orders-value/versions"_s, withMetadata);
        QCOMPARE(registered.status, 200);
        QCOMPARE(registered.object().keys(), QStringList{u"id"_s});
        const QJsonObject version = rest().get(u"/subjects/orders-value/versions/1"_s).object();
        QVERIFY(!version.contains(u"metadata"_s));
        QVERIFY(!version.contains(u"deleted"_s));
        QVERIFY(!version.contains(u"schemaType"_s)); // Avro
        QCOMPARE(rest().get(u"/config"_s).object().value(u"compatibilityLevel"_s).toString(), u"BACKWARD"_s);
        // Modes: READONLY is enforced; FORWARD does not exist; IMPORT only where nothing was ever
        // registered — a soft-deleted subject is not enough — unless forced.
        QCOMPARE(rest().put(u"/mode/orders-value"_s, {{u"mode"_s, u"READONLY"_s}}).status, 200);
        const RestReply refused = rest().post(u"/subjects/orders-value/versions"_s, avro(kV2));
        QCOMPARE(refused.status, 422);
        QCOMPARE(refused.errorCode(), 42205);
        QCOMPARE(rest().put(u"/mode"_s, {{u"mode"_s, u"FORWARD"_s}}).errorCode(), 42204);
        QCOMPARE(rest().post(u"/subjects/gone-value/versions"_s, avro(kV1)).status, 200);
        QCOMPARE(rest().del(u"/subjects/gone-value"_s).status, 200);
        QCOMPARE(rest().put(u"/mode/gone-value"_s, {{u"mode"_s, u"IMPORT"_s}}).errorCode(), 42205);
        QCOMPARE(rest().put(u"/mode/gone-value?force=true"_s, {{u"mode"_s, u"IMPORT"_s}}).status, 200);
        QCOMPARE(rest().put(u"/mode/fresh-value"_s, {{u"mode"_s, u"IMPORT"_s}}).status, 200);
    }

    void karapace()
    {
        QVERIFY(start(u"karapace"_s));
        QCOMPARE(rest().get(u"/schemas/types"_s).header("Server"), QByteArray("uvicorn"));
        QVERIFY(rest()
                    .get(u"/_health"_s)
                    .object()
                    .value(u"status"_s)
                    .toObject()
                    .contains(u"schema_registry_ready"_s));
        QCOMPARE(rest().get(u"/contexts"_s).status, 404);
        QCOMPARE(rest().get(u"/exporters"_s).status, 404);
        QCOMPARE(rest().get(u"/v1/metadata/version"_s).status, 404);
        // Mode is read-only and always READWRITE.
        QCOMPARE(rest().get(u"/mode"_s).object().value(u"mode"_s).toString(), u"READWRITE"_s);
        QCOMPARE(rest().put(u"/mode"_s, {{u"mode"_s, u"READONLY"_s}}).status, 405);
        QCOMPARE(rest().put(u"/mode/orders-value"_s, {{u"mode"_s, u"READONLY"_s}}).status, 405);
        QCOMPARE(rest().del(u"/config"_s).status, 405);
        QCOMPARE(rest().get(u"/config"_s).object().value(u"compatibilityLevel"_s).toString(), u"BACKWARD"_s);
        for (const QString &subject : {u"a-value"_s, u"b-value"_s, u"c-value"_s})
            QCOMPARE(rest().post(u"/subjects/%1/versions"_s.arg(subject), avro(kV1)).status, 200);
        // Register answers {"id":N}; metadata is not kept; Avro's schemaType is left out.
        QJsonObject withMetadata = avro(uR"({"type":"record","name":"M","fields":[]})"_s);
        withMetadata.insert(u"metadata"_s, QJsonObject{{u"properties"_s, QJsonObject{{u"owner"_s, u"x"_s}}}});
        const RestReply registered = rest().post(u"/subjects/m-value/versions"_s, withMetadata);
        QCOMPARE(registered.object().keys(), QStringList{u"id"_s});
        const QJsonObject version = rest().get(u"/subjects/m-value/versions/1"_s).object();
        QVERIFY(!version.contains(u"metadata"_s));
        QVERIFY(!version.contains(u"schemaType"_s));
        QJsonObject withId = avro(uR"({"type":"record","name":"Id","fields":[]})"_s);
        withId.insert(u"id"_s, 42);
        QCOMPARE(rest().post(u"/subjects/id-value/versions"_s, withId).status, 422);
        QCOMPARE(rest().del(u"/subjects/m-value"_s).status, 200);
        QCOMPARE(rest().del(u"/subjects/m-value?permanent=true"_s).status, 200);
        // No paging and no subjectPrefix, on /subjects and on /schemas.
        QCOMPARE(rest().get(u"/subjects?limit=1&subjectPrefix=b"_s).array().size(), 3);
        QCOMPARE(rest().get(u"/schemas?limit=1&offset=1&subjectPrefix=nothing"_s).array().size(), 3);
        // Compatibility: no check without a version, no verbose; "latest" under a transitive level
        // checks every version (Confluent checks only the latest).
        QCOMPARE(rest().post(u"/compatibility/subjects/a-value/versions"_s, avro(kV2)).status, 404);
        QCOMPARE(rest().put(u"/config/a-value"_s, {{u"compatibility"_s, u"BACKWARD_TRANSITIVE"_s}}).status,
                 200);
        QCOMPARE(rest().post(u"/subjects/a-value/versions"_s, avro(kV2)).status, 200);
        const RestReply check =
            rest().post(u"/compatibility/subjects/a-value/versions/latest?verbose=true"_s, avro(kV3));
        QCOMPARE(check.status, 200);
        QCOMPARE(check.object().value(u"is_compatible"_s).toBool(), false);
        QVERIFY(!check.object().contains(u"messages"_s));
    }

    void confluentChecksOnlyLatest()
    {
        // The counterpart of Karapace's rule above: Confluent checks "latest" against that version only.
        QVERIFY(start(u"cp8"_s));
        QCOMPARE(rest().put(u"/config/a-value"_s, {{u"compatibility"_s, u"BACKWARD_TRANSITIVE"_s}}).status,
                 200);
        QCOMPARE(rest().post(u"/subjects/a-value/versions"_s, avro(kV1)).status, 200);
        QCOMPARE(rest().post(u"/subjects/a-value/versions"_s, avro(kV2)).status, 200);
        const RestReply check = rest().post(u"/compatibility/subjects/a-value/versions/latest"_s, avro(kV3));
        QCOMPARE(check.object().value(u"is_compatible"_s).toBool(), true);
        QVERIFY(rest().get(u"/schemas/types"_s).header("Server").isEmpty());
    }

    void apicurio()
    {
        QVERIFY(start(u"apicurio"_s));
        QCOMPARE(rest().get(u"/contexts"_s).array(), QJsonArray{u":.:"_s});
        QCOMPARE(rest().get(u"/exporters"_s).array(), QJsonArray());
        QCOMPARE(rest().get(u"/exporters/none"_s).status, 404);
        QCOMPARE(rest().get(u"/v1/metadata/version"_s).status, 404);
        QCOMPARE(rest().get(u"/config"_s).object().value(u"compatibilityLevel"_s).toString(), u"NONE"_s);
        QCOMPARE(rest().post(u"/subjects/q-value/versions"_s, avro(kV1)).status, 200);
        QCOMPARE(rest().post(u"/subjects/q-value/versions"_s, avro(kV2)).status, 200);
        QCOMPARE(rest().post(u"/subjects/r-value/versions"_s, avro(kV1)).status, 200);
        // subjectPrefix is ignored on /subjects, matched literally on /schemas; rows are texts only.
        QCOMPARE(rest().get(u"/subjects?subjectPrefix=:.nowhere:"_s).array().size(), 2);
        QCOMPARE(rest().get(u"/schemas?subjectPrefix=:*:"_s).array(), QJsonArray());
        const QJsonArray rows = rest().get(u"/schemas"_s).array();
        QCOMPARE(rows.size(), 3);
        QVERIFY(!rows.first().toObject().contains(u"subject"_s));
        QVERIFY(!rows.first().toObject().contains(u"version"_s));
        // latestOnly only drops repeated content: q-value's version 1 is still listed.
        QCOMPARE(rest().get(u"/schemas?latestOnly=true"_s).array().size(), 2);
        // Modes are stored, read back, and stop nothing; FORWARD is refused; ids are ignored.
        QCOMPARE(rest().put(u"/mode/q-value"_s, {{u"mode"_s, u"READONLY"_s}}).status, 200);
        QCOMPARE(rest().get(u"/mode/q-value"_s).object().value(u"mode"_s).toString(), u"READONLY"_s);
        QCOMPARE(rest().post(u"/subjects/q-value/versions"_s, avro(kV3)).status, 200);
        QCOMPARE(rest().put(u"/mode"_s, {{u"mode"_s, u"FORWARD"_s}}).errorCode(), 42201);
        QJsonObject withId = avro(uR"({"type":"record","name":"Id","fields":[]})"_s);
        withId.insert(u"id"_s, 987654);
        withId.insert(u"version"_s, 1);
        const RestReply imported = rest().post(u"/subjects/id-value/versions"_s, withId);
        QCOMPARE(imported.status, 200);
        QVERIFY(imported.object().value(u"id"_s).toInt() != 987654);
        // Metadata is accepted and dropped.
        QJsonObject withMetadata = avro(uR"({"type":"record","name":"M","fields":[]})"_s);
        withMetadata.insert(u"metadata"_s, QJsonObject{{u"properties"_s, QJsonObject{{u"owner"_s, u"x"_s}}}});
        QCOMPARE(rest().post(u"/subjects/m-value/versions"_s, withMetadata).status, 200);
        QVERIFY(!rest().get(u"/subjects/m-value/versions/1"_s).object().contains(u"metadata"_s));
    }
};

QTEST_GUILESS_MAIN(TestFlavours)
#include "tst_sandbox_flavours.moc"
