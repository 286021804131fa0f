// Schema library benchmark: parse, canonicalise and check compatibility of typical and large
// schemas of the three types. Prints one line per figure with its unit.
//   bench_schema [--runs N]

#include "schema/OrderedJson.h"
#include "schema/Schema.h"

#include <cstdio>
#include <functional>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>

using namespace Qt::StringLiterals;
using namespace sd::schema;

namespace {

void print(const char *name, double value, const char *unit)
{
    std::printf("%-58s %10.2f %s\n", name, value, unit);
    std::fflush(stdout);
}

QString avroRecord(int fields, bool extraField)
{
    QStringList parts;
    for (int i = 0; i < fields; ++i) {
        parts << u"{\"name\":\"f%1\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"T%1\",\"fields\":[{"
                 u"\"name\":"
                 u"\"x\",\"type\":\"long\",\"default\":0},{\"name\":\"e\",\"type\":{\"type\":\"enum\","
                 u"\"name\":\"E%1\","
                 u"\"symbols\":[\"A\",\"B\"]}}]}],\"default\":null,\"doc\":\"field %1\"}"_s.arg(i);
    }
    if (extraField)
        parts << u"{\"name\":\"added\",\"type\":\"string\",\"default\":\"\"}"_s;
    return u"{\"type\":\"record\",\"name\":\"Big\",\"namespace\":\"bench\",\"fields\":[%1]}"_s.arg(
        parts.join(u','));
}

QString jsonObject(int properties, bool extraProperty)
{
    QStringList parts;
    for (int i = 0; i < properties; ++i) {
        parts << u"\"p%1\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\",\"minimum\":0},"
                 u"\"s\":{"
                 u"\"type\":[\"string\",\"null\"],\"maxLength\":64}},\"required\":[\"x\"]}"_s.arg(i);
    }
    if (extraProperty)
        parts << u"\"added\":{}"_s;
    return u"{\"type\":\"object\",\"properties\":{%1},\"additionalProperties\":false}"_s.arg(
        parts.join(u','));
}

QString protoFile(int messages, bool extraField)
{
    QString text = u"syntax = \"proto3\";\npackage bench;\n"_s;
    for (int m = 0; m < messages; ++m) {
        text += u"// message %1\nmessage M%1 {\n"_s.arg(m);
        for (int f = 1; f <= 20; ++f)
            text += u"  optional string f%1 = %1;\n"_s.arg(f);
        text += u"  map<string, int64> counts = 21;\n  oneof choice { string a = 22; int32 b = 23; }\n"_s;
        if (extraField)
            text += u"  bool added = 24;\n"_s;
        text += u"}\n"_s;
    }
    return text;
}

double perRunMicros(int runs, const std::function<void()> &work)
{
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < runs; ++i)
        work();
    return double(timer.nsecsElapsed()) / runs / 1000.0;
}

void benchType(SchemaType type, const char *label, const QString &typical, const QString &large,
               const QString &largeNext, int runs)
{
    char name[128];
    ParsedSchemaPtr parsed;
    std::snprintf(name, sizeof name, "%s typical (%lld chars) parse", label, qint64(typical.size()));
    print(name, perRunMicros(runs, [&] { parsed = parseSchema(type, typical).schema; }), "us");
    if (!parsed) {
        std::printf("%s typical schema did not parse: %s\n", label,
                    qPrintable(parseSchema(type, typical).error));
        return;
    }
    std::snprintf(name, sizeof name, "%s typical: JSON/text tokenising share", label);
    if (type != SchemaType::Protobuf)
        print(name, perRunMicros(runs, [&] { (void)parseJson(typical); }), "us");
    std::snprintf(name, sizeof name, "%s typical normalizedText", label);
    print(name, perRunMicros(runs, [&] { (void)parsed->normalizedText(); }), "us");

    ParsedSchemaPtr big;
    std::snprintf(name, sizeof name, "%s large (%lld chars) parse", label, qint64(large.size()));
    print(name, perRunMicros(3, [&] { big = parseSchema(type, large).schema; }) / 1000.0, "ms");
    const ParsedSchemaPtr next = parseSchema(type, largeNext).schema;
    if (!big || !next) {
        std::printf("%s large schema did not parse\n", label);
        return;
    }
    bool compatible = false;
    std::snprintf(name, sizeof name, "%s large FULL_TRANSITIVE check vs 3 versions", label);
    print(
        name,
        perRunMicros(
            3,
            [&] {
                compatible =
                    checkCompatibility(CompatibilityLevel::FullTransitive, *next, {big, big, big}).compatible;
            }) /
            1000.0,
        "ms");
    std::printf("%-58s %10s\n", "  (result)", compatible ? "compatible" : "incompatible");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int runs = 2000;
    const QStringList args = app.arguments();
    const qsizetype at = args.indexOf(u"--runs"_s);
    if (at >= 0 && at + 1 < args.size())
        runs = qMax(1, args[at + 1].toInt());
    benchType(SchemaType::Avro, "AVRO", avroRecord(8, false), avroRecord(5000, false), avroRecord(5000, true),
              runs);
    benchType(SchemaType::Json, "JSON", jsonObject(8, false), jsonObject(5000, false), jsonObject(5000, true),
              runs);
    benchType(SchemaType::Protobuf, "PROTOBUF", protoFile(2, false), protoFile(1000, false),
              protoFile(1000, true), runs);
    return 0;
}
