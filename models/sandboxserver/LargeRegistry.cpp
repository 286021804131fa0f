#include "LargeRegistry.h"

#include <QJsonArray>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

// The shared types every context holds once (version 1), and how they are referenced.
const QString envelopeSubject = u"com.acme.common.Envelope"_s; // Avro: record name strategy
const QString moneySubject = u"acme/common/money.proto"_s;     // Protobuf: the import path
const QString addressSubject = u"common-address.json"_s;       // JSON Schema: the $ref target

// A deterministic spread of sizes: most schemas are small, some medium, every 500th large (700-1000
// fields, 5.6k-8k lines when pretty-printed).
int fieldCount(int subject, bool big)
{
    if (big)
        return 700 + (subject / 500 % 4) * 100;
    const quint32 h = quint32(subject) * 2654435761u;
    if (h % 100 < 5)
        return 40 + int(h / 100 % 160);
    return 4 + int(h / 100 % 20);
}

QString avroType(int field)
{
    switch (field % 5) {
    case 0:
        return u"[\"null\",\"string\"]"_s;
    case 1:
        return u"\"long\""_s;
    case 2:
        return u"[\"null\",\"double\"]"_s;
    case 3:
        return u"\"boolean\""_s;
    default:
        return u"[\"null\",\"int\"]"_s;
    }
}

// Version v of a subject's schema: v fields more than the first, each optional field with a default
// (a compatible evolution); with `envelope` the record refers to the shared Envelope type.
QString avroSchema(int subject, int version, bool big, bool envelope)
{
    const int fields = fieldCount(subject, big) + version;
    QStringList list;
    list.reserve(fields + 1);
    if (envelope)
        list << u"{\"name\":\"envelope\",\"type\":\"com.acme.common.Envelope\"}"_s;
    for (int f = 0; f < fields; ++f) {
        const QString type = avroType(f);
        list << u"{\"name\":\"field_%1\",\"type\":%2,%3\"doc\":\"Field %1 of event %4\"}"_s.arg(
            QString::number(f), type, type.startsWith(u'[') ? u"\"default\":null,"_s : QString(),
            QString::number(subject));
    }
    return u"{\"type\":\"record\",\"name\":\"Event%1\",\"namespace\":\"com.acme.events\",\"fields\":[%2]}"_s
        .arg(QString::number(subject), list.join(u','));
}

QString envelopeSchema()
{
    return u"{\"type\":\"record\",\"name\":\"Envelope\",\"namespace\":\"com.acme.common\",\"fields\":["
           "{\"name\":\"eventId\",\"type\":\"string\"},{\"name\":\"source\",\"type\":\"string\"},"
           "{\"name\":\"occurredAt\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}]}"_s;
}

QString jsonSchema(int subject, int version, bool address)
{
    QStringList properties;
    const int count = fieldCount(subject, false) + version;
    for (int p = 0; p < count; ++p)
        properties << u"\"p%1\":{\"type\":\"%2\"}"_s.arg(QString::number(p),
                                                         p % 3 == 0 ? u"integer"_s : u"string"_s);
    if (address)
        properties << u"\"address\":{\"$ref\":\"address.json\"}"_s;
    return u"{\"$schema\":\"http://json-schema.org/draft-07/"
           u"schema#\",\"title\":\"Doc%1\",\"type\":\"object\","
           "\"properties\":{%2}}"_s.arg(QString::number(subject), properties.join(u','));
}

QString addressSchema()
{
    return u"{\"$schema\":\"http://json-schema.org/draft-07/"
           u"schema#\",\"$id\":\"address.json\",\"type\":\"object\","
           "\"properties\":{\"street\":{\"type\":\"string\"},\"city\":{\"type\":\"string\"},"
           "\"country\":{\"type\":\"string\"}},\"required\":[\"city\"]}"_s;
}

QString protobufSchema(int subject, int version, bool money)
{
    QString fields;
    const int count = fieldCount(subject, false) + version;
    for (int f = 1; f <= count; ++f)
        fields += u"  %1 field_%2 = %2;\n"_s.arg(f % 2 ? u"string"_s : u"int64"_s, QString::number(f));
    if (money)
        fields += u"  acme.common.Money amount = %1;\n"_s.arg(count + 1);
    return u"syntax = \"proto3\";\npackage com.acme.p%1;\n%2\nmessage Record {\n%3}\n"_s.arg(
        QString::number(subject), money ? u"\nimport \"acme/common/money.proto\";\n"_s : QString(), fields);
}

QString moneySchema()
{
    return u"syntax = \"proto3\";\npackage acme.common;\n\nmessage Money {\n  string currency_code = 1;\n"
           "  int64 units = 2;\n  int32 nanos = 3;\n}\n"_s;
}

QJsonArray referenceTo(const QString &name, const QString &subject)
{
    return QJsonArray{QJsonObject{{u"name"_s, name}, {u"subject"_s, subject}, {u"version"_s, 1}}};
}

} // namespace

QJsonObject generateLargeRegistry(int subjects, int contexts, int versions)
{
    QJsonArray contextArray;
    for (int c = 0; c < contexts; ++c) {
        QJsonArray schemas;
        QJsonArray subjectArray;
        int nextId = 1;
        auto addSubject = [&](const QString &name, const QString &type, const QList<QString> &texts,
                              const QJsonArray &references) {
            QJsonArray versionArray;
            for (qsizetype v = 0; v < texts.size(); ++v) {
                QJsonObject schema{{u"id"_s, nextId}, {u"schemaType"_s, type}, {u"schema"_s, texts.at(v)}};
                if (!references.isEmpty())
                    schema.insert(u"references"_s, references);
                schemas.append(schema);
                versionArray.append(QJsonObject{{u"version"_s, int(v + 1)}, {u"id"_s, nextId}, {u"ts"_s, 0}});
                ++nextId;
            }
            subjectArray.append(QJsonObject{{u"name"_s, name}, {u"versions"_s, versionArray}});
        };
        addSubject(envelopeSubject, u"AVRO"_s, {envelopeSchema()}, {});
        addSubject(moneySubject, u"PROTOBUF"_s, {moneySchema()}, {});
        addSubject(addressSubject, u"JSON"_s, {addressSchema()}, {});
        for (int i = c; i < subjects; i += contexts) {
            const QString type = i % 50 == 0 ? u"JSON"_s : i % 70 == 0 ? u"PROTOBUF"_s : u"AVRO"_s;
            // Some subjects use the shared types: every 7th Avro record, every other JSON and Protobuf one.
            const bool referencing = type == u"AVRO" ? i % 7 == 3 : i % 100 == 0 || i % 140 == 0;
            QList<QString> texts;
            for (int v = 1; v <= versions; ++v) {
                texts << (type == u"JSON"       ? jsonSchema(i, v, referencing)
                          : type == u"PROTOBUF" ? protobufSchema(i, v, referencing)
                                                : avroSchema(i, v, i % 500 == 1, referencing));
            }
            QJsonArray references;
            if (referencing) {
                references = type == u"JSON"       ? referenceTo(u"address.json"_s, addressSubject)
                             : type == u"PROTOBUF" ? referenceTo(moneySubject, moneySubject)
                                                   : referenceTo(envelopeSubject, envelopeSubject);
            }
            addSubject(u"topic-%1-value"_s.arg(i, 6, 10, QLatin1Char('0')), type, texts, references);
        }
        contextArray.append(QJsonObject{{u"name"_s, c == 0 ? u"."_s : u".ctx%1"_s.arg(c)},
                                        {u"listed"_s, true},
                                        {u"maxId"_s, nextId - 1},
                                        {u"schemas"_s, schemas},
                                        {u"subjects"_s, subjectArray}});
    }
    return QJsonObject{
        {u"format"_s, u"schemadesk-sandbox"_s}, {u"formatVersion"_s, 1}, {u"contexts"_s, contextArray}};
}

} // namespace sd::sandbox
