// Response shapes of the sandbox, field by field, for --profile cp8 and cp7: each answer's fields (in
// order) are pinned, and every field must be a property of the entity in Confluent's OpenAPI spec
// (confluentinc/schema-registry, core/generated/swagger-ui/schema-registry-api-spec.yaml; read from
// SD_SHARED_DIR when present), in the spec's order. Also the registration of a schema that already
// exists under the subject with the same id and version (Confluent's registerOrForward).

#include "common/RestClient.h"
#include "sandboxserver/SandboxServer.h"

#include <memory>
#include <QFile>
#include <QHash>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::sandbox::SandboxOptions;
using sd::sandbox::SandboxServer;
using sd::sandbox::VersionProfile;
using sd::testing::RestClient;
using sd::testing::RestReply;

namespace {

const QString kUserV1 =
    uR"({"type":"record","name":"User","fields":[{"name":"name","type":"string"},{"name":"age","type":"int"}]})"_s;
const QString kUserV2 =
    uR"({"type":"record","name":"User","fields":[{"name":"name","type":"string"},{"name":"age","type":"int"},{"name":"email","type":"string","default":""}]})"_s;
const QString kProto = u"syntax = \"proto3\";\nmessage Ping {\n  int32 n = 1;\n}\n"_s;

QJsonObject bobsMetadata()
{
    return QJsonObject{
        {u"properties"_s, QJsonObject{{u"owner"_s, u"Bob Jones"_s}, {u"email"_s, u"bob@acme.com"_s}}}};
}

// The top-level keys of a JSON object, in the order they were written.
QStringList keysInOrder(const QByteArray &json)
{
    QStringList keys;
    int depth = 0;
    bool inString = false, escaped = false, expectKey = false;
    QByteArray current;
    for (const char ch : json) {
        if (inString) {
            if (escaped)
                escaped = false;
            else if (ch == '\\')
                escaped = true;
            else if (ch == '"') {
                inString = false;
                if (depth == 1 && expectKey) {
                    keys.append(QString::fromUtf8(current));
                    expectKey = false;
                }
                continue;
            }
            current += ch;
            continue;
        }
        if (ch == '"') {
            inString = true;
            current.clear();
        } else if (ch == '{' || ch == '[') {
            ++depth;
            expectKey = depth == 1;
        } else if (ch == '}' || ch == ']') {
            --depth;
        } else if (ch == ',' && depth == 1) {
            expectKey = true;
        }
    }
    return keys;
}

// components.schemas.<Name>.properties of the OpenAPI spec, in file order (a line scan: the spec is
// generated with a fixed two-space indentation).
QHash<QString, QStringList> specProperties()
{
    QHash<QString, QStringList> result;
    QFile file(QStringLiteral(SD_SHARED_DIR "/reference/sr-openapi.yaml"));
    if (!file.open(QIODevice::ReadOnly))
        return result;
    bool inComponents = false, inProperties = false;
    QString entity;
    for (const QByteArray &raw : file.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith(u"components:"_s)) {
            inComponents = true;
            continue;
        }
        if (!inComponents)
            continue;
        const qsizetype indent = line.size() - line.trimmed().size() - (line.endsWith(u' ') ? 1 : 0);
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty())
            continue;
        if (indent == 4 && trimmed.endsWith(u':')) {
            entity = trimmed.chopped(1);
            inProperties = false;
        } else if (indent == 6) {
            inProperties = trimmed == u"properties:"_s;
        } else if (indent == 8 && inProperties && trimmed.endsWith(u':')) {
            result[entity].append(trimmed.chopped(1));
        }
    }
    return result;
}

} // namespace

class TestResponseShapes : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<SandboxServer> m_server;
    std::unique_ptr<RestClient> m_client;
    QHash<QString, QStringList> m_spec;
    RestClient &c() { return *m_client; }
    void start(VersionProfile profile)
    {
        m_client.reset();
        m_server = std::make_unique<SandboxServer>();
        SandboxOptions options;
        options.versionProfile = profile;
        QString error;
        QVERIFY2(m_server->start(options, &error), qPrintable(error));
        m_client = std::make_unique<RestClient>(m_server->url());
    }
    // Pins the answer's fields and checks them against the spec's entity, order included.
    void expectShape(const RestReply &reply, const QString &entity, const QStringList &expected)
    {
        QVERIFY2(reply.status == 200, reply.body.constData());
        const QStringList keys = keysInOrder(reply.body);
        QCOMPARE(keys, expected);
        if (m_spec.isEmpty())
            return; // no spec under SD_SHARED_DIR: the pinned field lists above still hold
        const QStringList properties = m_spec.value(entity);
        qsizetype at = 0;
        for (const QString &key : keys) {
            const qsizetype index = properties.indexOf(key, at);
            QVERIFY2(index >= 0, qPrintable(u"%1.%2 is not in the spec's order %3"_s.arg(
                                     entity, key, properties.join(u", "_s))));
            at = index + 1;
        }
    }
    RestReply registerUser(const QString &subject, const QString &schema, bool withMetadata)
    {
        QJsonObject body{{u"schema"_s, schema}};
        if (withMetadata)
            body.insert(u"metadata"_s, bobsMetadata());
        return c().post(u"/subjects/%1/versions"_s.arg(subject), body);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_spec = specProperties();
        if (m_spec.isEmpty()) {
            qInfo("no sr-openapi.yaml beside the checkout: field lists pinned, spec order not checked");
            return;
        }
        QVERIFY2(m_spec.value(u"SchemaString"_s).contains(u"maxId"_s), "sr-openapi.yaml not read");
        QVERIFY(m_spec.value(u"Schema"_s).contains(u"guid"_s));
        QVERIFY(m_spec.value(u"RegisterSchemaResponse"_s).contains(u"ts"_s));
    }
    void cleanup()
    {
        m_client.reset();
        m_server.reset();
    }

    void schemaByIdCp8();
    void schemaByIdCp7();
    void versionAndRegisterShapes();
    void latestWithMetadata();
    void reRegisteringExistingVersionInReadWrite();
};

void TestResponseShapes::schemaByIdCp8()
{
    start(VersionProfile::Cp8);
    QCOMPARE(registerUser(u"integ-test-subject"_s, kUserV1, true).status, 200);
    // KafkaSchemaRegistry.get (v8.0.0): subject and version only when ?subject= was given; guid always.
    expectShape(c().get(u"/schemas/ids/1"_s), u"SchemaString"_s,
                {u"guid"_s, u"schemaType"_s, u"schema"_s, u"metadata"_s, u"deleted"_s});
    const RestReply scoped = c().get(u"/schemas/ids/1?subject=integ-test-subject"_s);
    expectShape(
        scoped, u"SchemaString"_s,
        {u"subject"_s, u"version"_s, u"guid"_s, u"schemaType"_s, u"schema"_s, u"metadata"_s, u"deleted"_s});
    QCOMPARE(scoped.object().value(u"schemaType"_s).toString(), u"AVRO"_s);
    QCOMPARE(scoped.object().value(u"deleted"_s), QJsonValue(false));
    expectShape(c().get(u"/schemas/ids/1?fetchMaxId=true"_s), u"SchemaString"_s,
                {u"guid"_s, u"schemaType"_s, u"schema"_s, u"metadata"_s, u"maxId"_s, u"deleted"_s});
    // By guid: a SchemaString with subject and version cleared.
    const QString guid = scoped.object().value(u"guid"_s).toString();
    expectShape(c().get(u"/schemas/guids/"_s + guid), u"SchemaString"_s,
                {u"guid"_s, u"schemaType"_s, u"schema"_s, u"metadata"_s, u"deleted"_s});
}

void TestResponseShapes::schemaByIdCp7()
{
    start(VersionProfile::Cp7);
    QCOMPARE(registerUser(u"integ-test-subject"_s, kUserV1, true).status, 200);
    // SchemaString (v7.6.0, v7.9.0): schemaType (not for AVRO), schema, references, metadata, ruleSet,
    // maxId — never subject, version or guid, with or without ?subject=. This is exactly what
    // Confluent's JavaScript client's end-to-end suite compares getBySubjectAndId's answer with.
    const RestReply reply = c().get(u"/schemas/ids/1?subject=integ-test-subject"_s);
    expectShape(reply, u"SchemaString"_s, {u"schema"_s, u"metadata"_s});
    const QJsonObject schemaInfo{{u"schema"_s, kUserV1}, {u"metadata"_s, bobsMetadata()}};
    QCOMPARE(reply.object(), schemaInfo);
    expectShape(c().get(u"/schemas/ids/1"_s), u"SchemaString"_s, {u"schema"_s, u"metadata"_s});
    expectShape(c().get(u"/schemas/ids/1?fetchMaxId=true"_s), u"SchemaString"_s,
                {u"schema"_s, u"metadata"_s, u"maxId"_s});
    // Not AVRO: schemaType is written.
    const RestReply proto = c().post(u"/subjects/ping-value/versions"_s,
                                     QJsonObject{{u"schema"_s, kProto}, {u"schemaType"_s, u"PROTOBUF"_s}});
    QCOMPARE(proto.status, 200);
    const int id = proto.object().value(u"id"_s).toInt();
    expectShape(c().get(u"/schemas/ids/%1?subject=ping-value"_s.arg(id)), u"SchemaString"_s,
                {u"schemaType"_s, u"schema"_s});
}

void TestResponseShapes::versionAndRegisterShapes()
{
    start(VersionProfile::Cp8);
    expectShape(
        registerUser(u"s"_s, kUserV1, true), u"RegisterSchemaResponse"_s,
        {u"id"_s, u"version"_s, u"guid"_s, u"schemaType"_s, u"metadata"_s, u"schema"_s, u"deleted"_s});
    const QStringList version8 = {u"subject"_s,    u"version"_s,  u"id"_s,     u"guid"_s,
                                  u"schemaType"_s, u"metadata"_s, u"schema"_s, u"deleted"_s};
    expectShape(c().get(u"/subjects/s/versions/1"_s), u"Schema"_s, version8);
    expectShape(
        c().post(u"/subjects/s"_s, QJsonObject{{u"schema"_s, kUserV1}, {u"metadata"_s, bobsMetadata()}}),
        u"Schema"_s, version8);

    start(VersionProfile::Cp7);
    expectShape(registerUser(u"s"_s, kUserV1, true), u"RegisterSchemaResponse"_s, {u"id"_s});
    expectShape(c().get(u"/subjects/s/versions/1"_s), u"Schema"_s,
                {u"subject"_s, u"version"_s, u"id"_s, u"metadata"_s, u"schema"_s});
}

void TestResponseShapes::latestWithMetadata()
{
    for (const VersionProfile profile : {VersionProfile::Cp8, VersionProfile::Cp7}) {
        start(profile);
        QCOMPARE(registerUser(u"integ-test-subject"_s, kUserV1, true).status, 200);
        QJsonObject v2{
            {u"schema"_s, kUserV2},
            {u"schemaType"_s, u"AVRO"_s},
            {u"metadata"_s, QJsonObject{{u"properties"_s, QJsonObject{{u"owner"_s, u"Bob Jones2"_s},
                                                                      {u"email"_s, u"bob@acme.com"_s}}}}}};
        QCOMPARE(c().post(u"/subjects/integ-test-subject/versions"_s, v2).status, 200);
        // The newest version holding every pair: version 1 for owner=Bob Jones, version 2 for email only.
        RestReply reply = c().get(
            u"/subjects/integ-test-subject/metadata?key=owner&value=Bob%20Jones&key=email&value=bob@acme.com"_s);
        const bool cp8 = profile == VersionProfile::Cp8;
        expectShape(reply, u"Schema"_s,
                    cp8 ? QStringList{u"subject"_s, u"version"_s, u"id"_s, u"guid"_s, u"schemaType"_s,
                                      u"metadata"_s, u"schema"_s, u"deleted"_s}
                        : QStringList{u"subject"_s, u"version"_s, u"id"_s, u"metadata"_s, u"schema"_s});
        QCOMPARE(reply.object().value(u"version"_s).toInt(), 1);
        if (cp8)
            QCOMPARE(reply.object().value(u"schemaType"_s).toString(), u"AVRO"_s);
        reply = c().get(u"/subjects/integ-test-subject/metadata?key=email&value=bob@acme.com"_s);
        QCOMPARE(reply.object().value(u"version"_s).toInt(), 2);
        // No match: 40403; no such subject: 40401; soft-deleted versions only with deleted=true.
        QCOMPARE(c().get(u"/subjects/integ-test-subject/metadata?key=owner&value=nobody"_s).errorCode(),
                 40403);
        QCOMPARE(c().get(u"/subjects/nowhere/metadata?key=owner&value=x"_s).errorCode(), 40401);
        QCOMPARE(c().del(u"/subjects/integ-test-subject/versions/1"_s).status, 200);
        QCOMPARE(c().get(u"/subjects/integ-test-subject/metadata?key=owner&value=Bob%20Jones"_s).errorCode(),
                 40403);
        QCOMPARE(c().get(u"/subjects/integ-test-subject/metadata?key=owner&value=Bob%20Jones&deleted=true"_s)
                     .object()
                     .value(u"version"_s)
                     .toInt(),
                 1);
        QCOMPARE(c().call("POST", u"/subjects/integ-test-subject/metadata"_s, "{}").status, 405);
    }
}

void TestResponseShapes::reRegisteringExistingVersionInReadWrite()
{
    start(VersionProfile::Cp8);
    QCOMPARE(registerUser(u"orders-value"_s, kUserV1, false).status, 200);
    QCOMPARE(registerUser(u"orders-value"_s, kUserV2, false).status, 200);
    QCOMPARE(c().get(u"/mode/orders-value?defaultToGlobal=true"_s).object().value(u"mode"_s).toString(),
             u"READWRITE"_s);
    // What an exporter sends: the schema with its id and version. Already there under the subject with
    // that id and version: 200 and that version, in READWRITE too (registerOrForward answers it before
    // checkRegisterMode would refuse an id-carrying write outside IMPORT).
    RestReply reply = c().post(u"/subjects/orders-value/versions"_s,
                               QJsonObject{{u"schema"_s, kUserV1}, {u"id"_s, 1}, {u"version"_s, 1}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"id"_s).toInt(), 1);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 1);
    reply = c().post(u"/subjects/orders-value/versions"_s,
                     QJsonObject{{u"schema"_s, kUserV2}, {u"id"_s, 2}, {u"version"_s, 2}});
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 2);
    // Same schema with the id but no version: the existing version too.
    reply = c().post(u"/subjects/orders-value/versions"_s, QJsonObject{{u"schema"_s, kUserV2}, {u"id"_s, 2}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 2);
    QCOMPARE(c().get(u"/subjects/orders-value/versions"_s).array(), QJsonArray({1, 2}));
    // Anything else that carries an id is still an import, refused outside IMPORT mode: another id,
    // another version, or a schema the subject does not hold.
    reply = c().post(u"/subjects/orders-value/versions"_s,
                     QJsonObject{{u"schema"_s, kUserV1}, {u"id"_s, 7}, {u"version"_s, 1}});
    QCOMPARE(reply.status, 422);
    QCOMPARE(reply.errorCode(), 42205);
    reply = c().post(u"/subjects/orders-value/versions"_s,
                     QJsonObject{{u"schema"_s, kUserV1}, {u"id"_s, 1}, {u"version"_s, 3}});
    QCOMPARE(reply.errorCode(), 42205);
    reply = c().post(u"/subjects/other-value/versions"_s,
                     QJsonObject{{u"schema"_s, kUserV1}, {u"id"_s, 1}, {u"version"_s, 1}});
    QCOMPARE(reply.errorCode(), 42205);
    QCOMPARE(reply.message(), u"Subject other-value is not in import mode"_s);
    // A soft-deleted version is not "already there".
    QCOMPARE(c().del(u"/subjects/orders-value/versions/1"_s).status, 200);
    reply = c().post(u"/subjects/orders-value/versions"_s,
                     QJsonObject{{u"schema"_s, kUserV1}, {u"id"_s, 1}, {u"version"_s, 1}});
    QCOMPARE(reply.errorCode(), 42205);
    // READONLY answers an existing registration too (the lookup comes first), and refuses new ones.
    QCOMPARE(c().put(u"/mode/orders-value"_s, QJsonObject{{u"mode"_s, u"READONLY"_s}}).status, 200);
    reply = c().post(u"/subjects/orders-value/versions"_s, QJsonObject{{u"schema"_s, kUserV2}});
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.object().value(u"version"_s).toInt(), 2);
    reply = registerUser(u"orders-value"_s, kUserV1, true);
    QCOMPARE(reply.errorCode(), 42205);
    // Default metadata in scope: no shortcut (the registration may change the schema).
    QCOMPARE(c().put(u"/mode/orders-value"_s, QJsonObject{{u"mode"_s, u"READWRITE"_s}}).status, 200);
    QCOMPARE(c().put(u"/config/orders-value"_s,
                     QJsonObject{{u"defaultMetadata"_s,
                                  QJsonObject{{u"properties"_s, QJsonObject{{u"team"_s, u"a"_s}}}}}})
                 .status,
             200);
    reply = c().post(u"/subjects/orders-value/versions"_s,
                     QJsonObject{{u"schema"_s, kUserV2}, {u"id"_s, 2}, {u"version"_s, 2}});
    QCOMPARE(reply.errorCode(), 42205);
}

QTEST_GUILESS_MAIN(TestResponseShapes)
#include "tst_sandbox_responseshapes.moc"
