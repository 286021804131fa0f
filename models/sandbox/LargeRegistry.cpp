#include "LargeRegistry.h"

#include <QJsonArray>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

// Version v of a subject's schema: v fields more than the first, each with a default (a compatible
// evolution); big subjects get thousands of fields.
QString avroSchema(int subject, int version, bool big)
{
    const int fields = (big ? 2500 : 6) + version;
    QStringList list;
    list.reserve(fields);
    for (int f = 0; f < fields; ++f)
        list << u"{\"name\":\"field_%1\",\"type\":[\"null\",\"string\"],\"default\":null}"_s.arg(f);
    return u"{\"type\":\"record\",\"name\":\"Event%1\",\"namespace\":\"com.acme.events\",\"fields\":[%2]}"_s
        .arg(QString::number(subject), list.join(u','));
}

QString jsonSchema(int version)
{
    QStringList properties;
    for (int p = 0; p < 4 + version; ++p)
        properties << u"\"p%1\":{\"type\":\"string\"}"_s.arg(p);
    return u"{\"type\":\"object\",\"properties\":{%1}}"_s.arg(properties.join(u','));
}

QString protobufSchema(int subject, int version)
{
    QString fields;
    for (int f = 1; f <= 3 + version; ++f)
        fields += u"  string field_%1 = %1;\n"_s.arg(f);
    return u"syntax = \"proto3\";\npackage com.acme.p%1;\n\nmessage Record {\n%2}\n"_s.arg(
        QString::number(subject), fields);
}

} // namespace

QJsonObject generateLargeRegistry(int subjects, int contexts, int versions)
{
    QJsonArray contextArray;
    for (int c = 0; c < contexts; ++c) {
        QJsonArray schemas;
        QJsonArray subjectArray;
        int nextId = 1;
        for (int i = c; i < subjects; i += contexts) {
            const QString type = i % 50 == 0 ? u"JSON"_s : i % 70 == 0 ? u"PROTOBUF"_s : u"AVRO"_s;
            QJsonArray versionArray;
            for (int v = 1; v <= versions; ++v) {
                const QString text = type == u"JSON"       ? jsonSchema(v)
                                     : type == u"PROTOBUF" ? protobufSchema(i, v)
                                                           : avroSchema(i, v, i % 500 == 1);
                schemas.append(QJsonObject{{u"id"_s, nextId}, {u"schemaType"_s, type}, {u"schema"_s, text}});
                versionArray.append(QJsonObject{{u"version"_s, v}, {u"id"_s, nextId}, {u"ts"_s, 0}});
                ++nextId;
            }
            subjectArray.append(QJsonObject{{u"name"_s, u"topic-%1-value"_s.arg(i, 6, 10, QLatin1Char('0'))},
                                            {u"versions"_s, versionArray}});
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
