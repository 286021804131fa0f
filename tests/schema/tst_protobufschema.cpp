#include "schema/ProtobufSchema.h"
#include "schema/Schema.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::schema;

namespace {

std::shared_ptr<const ProtobufSchema> proto(const QString &text, const QList<ResolvedReference> &refs = {})
{
    const ParseResult r = parseSchema(SchemaType::Protobuf, text, refs);
    if (!r.ok()) {
        qWarning() << "parse failed:" << r.error;
        return nullptr;
    }
    return std::dynamic_pointer_cast<const ProtobufSchema>(r.schema);
}

QStringList types(const QList<ProtobufDifference> &diffs, bool onlyIncompatible)
{
    QStringList out;
    for (const ProtobufDifference &d : diffs) {
        if (!onlyIncompatible || !d.compatible)
            out << d.type + u' ' + d.path;
    }
    return out;
}

const QString sample = uR"(// Orders
syntax = "proto3";
package com.acme.orders;

import "google/protobuf/timestamp.proto";
option java_package = "com.acme.orders.v1";
option java_multiple_files = true;

/* An order. */
message Order {
  reserved 9, 20 to 29;
  reserved "legacy";
  string id = 1;
  repeated LineItem items = 2;
  map<string, string> labels = 3 [deprecated = true];
  google.protobuf.Timestamp created_at = 4;
  Status status = 5;
  oneof payment {
    string card_token = 6;
    Invoice invoice = 7;
  }
  message LineItem {
    string sku = 1;
    int32 quantity = 2;
  }
  message Invoice { string number = 1; }
  enum Status {
    STATUS_UNSPECIFIED = 0;
    PLACED = 1;
    SHIPPED = 2 [(com.acme.label) = "shipped"];
  }
}

service Orders {
  rpc Get (Order) returns (Order);
  rpc Watch (stream Order) returns (stream Order) { option deprecated = true; }
}
)"_s;

} // namespace

class TestProtobufSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesAndPrintsCanonically()
    {
        const auto s = proto(sample);
        QVERIFY(s);
        QCOMPARE(s->canonicalText(), uR"(syntax = "proto3";
package com.acme.orders;

import "google/protobuf/timestamp.proto";

option java_package = "com.acme.orders.v1";
option java_multiple_files = true;

message Order {
  reserved 9, 20 to 29;
  reserved "legacy";

  string id = 1;
  repeated LineItem items = 2;
  map<string, string> labels = 3 [deprecated = true];
  google.protobuf.Timestamp created_at = 4;
  Status status = 5;

  oneof payment {
    string card_token = 6;
    Invoice invoice = 7;
  }

  message LineItem {
    string sku = 1;
    int32 quantity = 2;
  }

  message Invoice {
    string number = 1;
  }

  enum Status {
    STATUS_UNSPECIFIED = 0;
    PLACED = 1;
    SHIPPED = 2 [(com.acme.label) = "shipped"];
  }
}

service Orders {
  rpc Get(Order) returns (Order);
  rpc Watch(stream Order) returns (stream Order) {
    option deprecated = true;
  }
}
)"_s);
        // The canonical text parses back to itself, and so does the normalised one.
        const auto reparsed = proto(s->canonicalText());
        QVERIFY(reparsed);
        QCOMPARE(reparsed->canonicalText(), s->canonicalText());
        QCOMPARE(reparsed->normalizedText(), s->normalizedText());
        const auto renormalized = proto(s->normalizedText());
        QVERIFY(renormalized);
        QCOMPARE(renormalized->normalizedText(), s->normalizedText());
        // Comments and layout do not matter.
        QString compact = sample;
        compact.replace(u"\n"_s, u" "_s).replace(u"// Orders"_s, QString());
        const auto t = proto(u"syntax=\"proto3\";"_s + compact.mid(compact.indexOf(u"package"_s)));
        QVERIFY(t);
        QCOMPARE(t->canonicalText(), s->canonicalText());
        // The AST.
        const ProtoFile &f = s->file();
        QCOMPARE(f.syntax, u"proto3"_s);
        QCOMPARE(f.package, u"com.acme.orders"_s);
        QCOMPARE(f.messages.size(), size_t(1));
        const ProtoMessage &order = f.messages[0];
        QCOMPARE(order.fullName, u"com.acme.orders.Order"_s);
        QCOMPARE(order.fields.size(), 5);
        QCOMPARE(order.fields[1].resolvedType, u".com.acme.orders.Order.LineItem"_s);
        QVERIFY(order.fields[2].isMap);
        QCOMPARE(order.fields[3].resolvedType, u".google.protobuf.Timestamp"_s);
        QVERIFY(order.fields[4].resolvedIsEnum);
        QCOMPARE(order.oneofs[0].fields.size(), 2);
        QCOMPARE(f.services[0].rpcs[1].requestStream, true);
        QVERIFY(s->findEnum(u"com.acme.orders.Order.Status"_s));
    }

    void normalized()
    {
        const auto a =
            proto(u"syntax = \"proto3\"; package p; import \"b.proto\"; import \"a.proto\";\n"
                  u"message M { int32 z = 2 [json_name = \"zz\", deprecated = true]; A a = 1; B b = 3; }"_s,
                  {{u"a.proto"_s, SchemaType::Protobuf, u"syntax = \"proto3\"; package p; message A {}"_s},
                   {u"b.proto"_s, SchemaType::Protobuf, u"syntax = \"proto3\"; package p; message B {}"_s}});
        QVERIFY(a);
        QCOMPARE(a->normalizedText(), uR"(syntax = "proto3";
package p;

import "a.proto";
import "b.proto";

message M {
  .p.A a = 1;
  int32 z = 2 [deprecated = true, json_name = "zz"];
  .p.B b = 3;
}
)"_s);
    }

    void proto2Features()
    {
        const auto s = proto(uR"(syntax = "proto2";
package legacy;
message Old {
  required string id = 1;
  optional int32 count = 2 [default = 5];
  extensions 100 to max;
  optional group Result = 3 { optional string url = 4; }
}
extend Old { optional string note = 100; }
)"_s);
        QVERIFY(s);
        QCOMPARE(s->file().messages[0].messages[0].name, u"Result"_s);
        QVERIFY(s->canonicalText().contains(u"extensions 100 to max;"_s));
        QVERIFY(s->canonicalText().contains(u"extend Old {\n  optional string note = 100;\n}"_s));
        // Groups keep their wire format: printed as groups, not as message fields.
        QVERIFY2(s->canonicalText().contains(
                     u"  optional group Result = 3 {\n    optional string url = 4;\n  }\n"_s),
                 qPrintable(s->canonicalText()));
        QVERIFY(!s->canonicalText().contains(u"message Result"_s));
        const auto again = proto(s->canonicalText());
        QVERIFY(again);
        QCOMPARE(again->canonicalText(), s->canonicalText());
    }

    void invalidSchemas_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        const QString p3 = u"syntax = \"proto3\";\n"_s;
        QTest::newRow("syntax error") << p3 + u"message M { string a = ; }"_s
                                      << u"line 2, column 24: expected an integer but found ';'"_s;
        QTest::newRow("bad syntax") << u"syntax = \"proto4\";"_s << u"unrecognized syntax \"proto4\""_s;
        QTest::newRow("unterminated") << p3 + u"message M { string a = 1;"_s << u"expected '}'"_s;
        QTest::newRow("duplicate number")
            << p3 + u"message M { string a = 1; int32 b = 1; }"_s
            << u"Field number 1 has already been used in \"M\" by field \"a\""_s;
        QTest::newRow("duplicate name")
            << p3 + u"message M { string a = 1; int32 a = 2; }"_s << u"\"a\" is already defined in \"M\""_s;
        QTest::newRow("undefined type")
            << p3 + u"message M { Missing a = 1; }"_s
            << u"\"Missing\" is not defined (type of field \"a\" in message \"M\")"_s;
        QTest::newRow("reserved number") << p3 + u"message M { reserved 2 to 4; string a = 3; }"_s
                                         << u"Field \"a\" uses reserved number 3"_s;
        QTest::newRow("reserved name")
            << p3 + u"message M { reserved \"a\"; string a = 3; }"_s << u"Field name \"a\" is reserved"_s;
        QTest::newRow("number zero") << p3 + u"message M { string a = 0; }"_s
                                     << u"Field numbers must be between 1 and 536870911"_s;
        QTest::newRow("implementation range")
            << p3 + u"message M { string a = 19001; }"_s << u"19000 through 19999 are reserved"_s;
        QTest::newRow("required in proto3") << p3 + u"message M { required string a = 1; }"_s
                                            << u"Required fields are not allowed in proto3"_s;
        QTest::newRow("first enum value")
            << p3 + u"enum E { A = 1; }"_s << u"The first enum value must be zero in proto3"_s;
        QTest::newRow("enum alias") << p3 + u"enum E { A = 0; B = 0; }"_s
                                    << u"\"B\" uses the same enum value as \"A\""_s;
        QTest::newRow("enum value scoping")
            << p3 + u"enum E { A = 0; } enum F { A = 0; }"_s << u"C++ scoping"_s;
        QTest::newRow("map key") << p3 + u"message M { map<double, string> m = 1; }"_s
                                 << u"Key in map fields cannot be float/double"_s;
        QTest::newRow("map in oneof") << p3 + u"message M { oneof o { map<string, string> m = 1; } }"_s
                                      << u"map fields are not allowed in oneofs"_s;
        QTest::newRow("empty oneof") << p3 + u"message M { oneof o { } }"_s
                                     << u"must have at least one field"_s;
        QTest::newRow("rpc scalar") << p3 + u"message M {} service S { rpc R(string) returns (M); }"_s
                                    << u"\"string\" is not a message type"_s;
        QTest::newRow("rpc enum")
            << p3 + u"enum E { A = 0; } message M {} service S { rpc R(E) returns (M); }"_s
            << u"\"E\" is not a message type"_s;
        QTest::newRow("missing import")
            << p3 + u"import \"other.proto\";"_s << u"Import \"other.proto\" was not found"_s;
        QTest::newRow("duplicate message")
            << p3 + u"message M {} message M {}"_s << u"\"M\" is already defined"_s;
        QTest::newRow("extensions in proto3") << p3 + u"message M { extensions 100 to 200; }"_s
                                              << u"extension ranges are not allowed in proto3"_s;
        QTest::newRow("extension range clash")
            << u"syntax = \"proto2\"; message M { optional string a = 150; extensions 100 to 200; }"_s
            << u"Extension range includes field \"a\""_s;
        QTest::newRow("field used as type")
            << p3 + u"message M { string a = 1; a b = 2; }"_s << u"\"a\" is not a type"_s;
        QTest::newRow("absurd nesting")
            << p3 + QString(u"message M { "_s).repeated(5000) << u"nested more than 100 levels deep"_s;
        QTest::newRow("unterminated comment") << p3 + u"/* never closed"_s << u"unterminated /* comment"_s;
    }

    void invalidSchemas()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const ParseResult r = parseSchema(SchemaType::Protobuf, input);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(expected), qPrintable(r.error));
    }

    void references()
    {
        const QList<ResolvedReference> refs{
            {u"acme/common.proto"_s, SchemaType::Protobuf,
             u"syntax = \"proto3\"; package acme.common; message Money { int64 units = 1; string currency = 2; }"_s}};
        const QString text = u"syntax = \"proto3\"; package acme.billing; import \"acme/common.proto\";\n"
                             u"message Bill { acme.common.Money total = 1; common.Money tax = 2; }"_s;
        QVERIFY(!parseSchema(SchemaType::Protobuf, text).ok());
        const auto s = proto(text, refs);
        QVERIFY(s);
        QCOMPARE(s->file().messages[0].fields[0].resolvedType, u".acme.common.Money"_s);
        QCOMPARE(s->file().messages[0].fields[1].resolvedType, u".acme.common.Money"_s);
        QVERIFY(s->findMessage(u"acme.common.Money"_s));
        // Scoping: an inner name shadows an outer one.
        const auto scoped = proto(u"syntax = \"proto3\"; package p; message X {}\n"
                                  u"message M { message X { } X inner = 1; .p.X outer = 2; }"_s);
        QVERIFY(scoped);
        QCOMPARE(scoped->file().messages[1].fields[0].resolvedType, u".p.M.X"_s);
        QCOMPARE(scoped->file().messages[1].fields[1].resolvedType, u".p.X"_s);
        // Fully qualified names after labels and stream.
        QVERIFY(proto(u"syntax = \"proto3\"; package p; message X {} message M { repeated .p.X xs = 1; }\n"
                      u"service S { rpc R(stream .p.X) returns (stream .p.M); }"_s));
    }

    void differences_data()
    {
        QTest::addColumn<QString>("original");
        QTest::addColumn<QString>("update");
        QTest::addColumn<QStringList>("incompatible");
        QTest::addColumn<QStringList>("all");
        const QString p3 = u"syntax = \"proto3\"; package p;\n"_s;
        const QString base = p3 + u"message M { string a = 1; int32 b = 2; }"_s;
        QTest::newRow("identical") << base << base << QStringList{} << QStringList{};
        QTest::newRow("field added") << base << p3 + u"message M { string a = 1; int32 b = 2; bool c = 3; }"_s
                                     << QStringList{} << QStringList{u"FIELD_ADDED #/M/3"_s};
        QTest::newRow("field removed") << base << p3 + u"message M { string a = 1; }"_s << QStringList{}
                                       << QStringList{u"FIELD_REMOVED #/M/2"_s};
        QTest::newRow("field renamed") << base << p3 + u"message M { string a = 1; int32 bee = 2; }"_s
                                       << QStringList{} << QStringList{u"FIELD_NAME_CHANGED #/M/2"_s};
        QTest::newRow("compatible scalar change")
            << base << p3 + u"message M { string a = 1; int64 b = 2; }"_s << QStringList{} << QStringList{};
        QTest::newRow("string to bytes")
            << base << p3 + u"message M { bytes a = 1; int32 b = 2; }"_s << QStringList{} << QStringList{};
        QTest::newRow("scalar kind changed") << base << p3 + u"message M { string a = 1; sint32 b = 2; }"_s
                                             << QStringList{u"FIELD_SCALAR_KIND_CHANGED #/M/2"_s}
                                             << QStringList{u"FIELD_SCALAR_KIND_CHANGED #/M/2"_s};
        QTest::newRow("enum is a general number")
            << base << p3 + u"enum E { Z = 0; } message M { string a = 1; E b = 2; }"_s << QStringList{}
            << QStringList{u"ENUM_ADDED #/E"_s};
        QTest::newRow("kind changed")
            << base << p3 + u"message N {} message M { string a = 1; N b = 2; }"_s
            << QStringList{u"FIELD_KIND_CHANGED #/M/2"_s}
            << QStringList{u"FIELD_KIND_CHANGED #/M/2"_s, u"MESSAGE_MOVED #/M"_s, u"MESSAGE_ADDED #/N"_s};
        QTest::newRow("message removed")
            << base + u" message N {}"_s << base << QStringList{u"MESSAGE_REMOVED #/N"_s} << QStringList{};
        QTest::newRow("package changed") << base << QString(base).replace(u"package p;"_s, u"package q;"_s)
                                         << QStringList{u"PACKAGE_CHANGED #/"_s} << QStringList{};
        QTest::newRow("field moved into new oneof")
            << base << p3 + u"message M { string a = 1; oneof o { int32 b = 2; } }"_s << QStringList{}
            << QStringList{u"ONEOF_ADDED #/M/o"_s};
        QTest::newRow("two fields moved into a oneof")
            << base << p3 + u"message M { oneof o { string a = 1; int32 b = 2; } }"_s
            << QStringList{u"MULTIPLE_FIELDS_MOVED_TO_ONEOF #/M/o"_s} << QStringList{};
        QTest::newRow("field moved to existing oneof")
            << p3 + u"message M { string a = 1; oneof o { int32 b = 2; } }"_s
            << p3 + u"message M { oneof o { string a = 1; int32 b = 2; } }"_s
            << QStringList{u"FIELD_MOVED_TO_EXISTING_ONEOF #/M/o"_s} << QStringList{};
        QTest::newRow("oneof field removed")
            << p3 + u"message M { oneof o { string a = 1; int32 b = 2; } }"_s
            << p3 + u"message M { oneof o { string a = 1; } }"_s
            << QStringList{u"ONEOF_FIELD_REMOVED #/M/o/2"_s} << QStringList{};
        QTest::newRow("required added (proto2)")
            << u"syntax = \"proto2\"; package p; message M { optional string a = 1; }"_s
            << u"syntax = \"proto2\"; package p; message M { optional string a = 1; required int32 b = 2; }"_s
            << QStringList{u"REQUIRED_FIELD_ADDED #/M/2"_s} << QStringList{};
        QTest::newRow("required removed (proto2)")
            << u"syntax = \"proto2\"; package p; message M { optional string a = 1; required int32 b = 2; }"_s
            << u"syntax = \"proto2\"; package p; message M { optional string a = 1; }"_s
            << QStringList{u"REQUIRED_FIELD_REMOVED #/M/2"_s} << QStringList{};
        QTest::newRow("enum constants")
            << p3 + u"enum E { A = 0; B = 1; C = 2; }"_s << p3 + u"enum E { A = 0; BEE = 1; D = 3; }"_s
            << QStringList{}
            << QStringList{u"ENUM_CONST_CHANGED #/E/1"_s, u"ENUM_CONST_REMOVED #/E/2"_s,
                           u"ENUM_CONST_ADDED #/E/3"_s};
        QTest::newRow("nested message field type changed")
            << p3 + u"message M { message In { string x = 1; } In in = 1; }"_s
            << p3 + u"message M { message In { double x = 1; } In in = 1; }"_s
            << QStringList{u"FIELD_SCALAR_KIND_CHANGED #/M.In/1"_s, u"FIELD_NAMED_TYPE_CHANGED #/M/1"_s}
            << QStringList{};
        QTest::newRow("named type changed")
            << p3 + u"message A { string x = 1; } message B { string x = 1; } message M { A f = 1; }"_s
            << p3 + u"message A { string x = 1; } message B { string x = 1; } message M { B f = 1; }"_s
            << QStringList{u"FIELD_NAMED_TYPE_CHANGED #/M/1"_s} << QStringList{};
        QTest::newRow("recursive message")
            << p3 + u"message Node { Node next = 1; string v = 2; }"_s
            << p3 + u"message Node { Node next = 1; string v = 2; int32 w = 3; }"_s << QStringList{}
            << QStringList{u"FIELD_ADDED #/Node/3"_s};
    }

    void differences()
    {
        QFETCH(QString, original);
        QFETCH(QString, update);
        QFETCH(QStringList, incompatible);
        QFETCH(QStringList, all);
        const auto o = proto(original);
        const auto u = proto(update);
        QVERIFY(o && u);
        const auto diffs = protobufDifferences(*o, *u);
        QCOMPARE(types(diffs, true), incompatible);
        if (!all.isEmpty())
            QCOMPARE(types(diffs, false), all);
    }

    // Each message refers to the next one through two fields: comparing by content must not
    // redo the whole chain for every path (2^depth).
    void deepTypeChainsStayFast()
    {
        QString text = u"syntax = \"proto3\"; package p;\n"_s;
        const int depth = 40;
        for (int i = 0; i < depth; ++i)
            text += u"message M%1 { M%2 left = 1; M%2 right = 2; }\n"_s.arg(i).arg(i + 1);
        text += u"message M%1 { string leaf = 1; }\n"_s.arg(depth);
        const auto a = proto(text);
        const auto b = proto(QString(text).replace(u"string leaf"_s, u"double leaf"_s));
        QVERIFY(a && b);
        QElapsedTimer timer;
        timer.start();
        const auto diffs = protobufDifferences(*a, *b);
        QVERIFY(types(diffs, true).contains(u"FIELD_SCALAR_KIND_CHANGED #/M40/1"_s));
        QVERIFY(types(diffs, true).contains(u"FIELD_NAMED_TYPE_CHANGED #/M0/1"_s));
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    }

    void compatibilityThroughReferences()
    {
        const QString text = u"syntax = \"proto3\"; package billing; import \"money.proto\";\n"
                             u"message Bill { common.Money total = 1; }"_s;
        const auto oldSchema =
            proto(text, {{u"money.proto"_s, SchemaType::Protobuf,
                          u"syntax = \"proto3\"; package common; message Money { int64 units = 1; }"_s}});
        const auto newSchema =
            proto(text, {{u"money.proto"_s, SchemaType::Protobuf,
                          u"syntax = \"proto3\"; package common; message Money { string units = 1; }"_s}});
        QVERIFY(oldSchema && newSchema);
        QCOMPARE(oldSchema->canonicalText(), newSchema->canonicalText());
        QCOMPARE(
            types(protobufDifferences(*oldSchema, *newSchema), true),
            (QStringList{u"FIELD_SCALAR_KIND_CHANGED #/Money/1"_s, u"FIELD_NAMED_TYPE_CHANGED #/Bill/1"_s}));
    }

    void levelsAndMessages()
    {
        const ParsedSchemaPtr v1 = proto(u"syntax = \"proto3\"; message M { string a = 1; }"_s);
        const ParsedSchemaPtr v2 = proto(u"syntax = \"proto3\"; message M { string a = 1; } message N {}"_s);
        QVERIFY(v1 && v2);
        QVERIFY(checkCompatibility(CompatibilityLevel::Backward, *v2, {v1}).compatible);
        const auto forward = checkCompatibility(CompatibilityLevel::Forward, *v2, {v1});
        QVERIFY(!forward.compatible);
        QCOMPARE(forward.messages,
                 QStringList{u"{errorType:'MESSAGE_REMOVED', description:'The old schema is missing "
                             u"a message at path '#/N' in the new schema'}"_s});
    }

    void truncatedAndCorruptedInputsNeverCrash()
    {
        const QString text = sample;
        QVERIFY(parseSchema(SchemaType::Protobuf, text).ok());
        const QString noise = u"{}[]();=<>\"'/*.a1-"_s;
        int parsed = 0;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const ParseResult prefix = parseSchema(SchemaType::Protobuf, text.left(i));
            QVERIFY(prefix.ok() || !prefix.error.isEmpty());
            parsed += prefix.ok() ? 1 : 0;
            QString corrupted = text;
            corrupted[i] = noise[i % noise.size()];
            const ParseResult r = parseSchema(SchemaType::Protobuf, corrupted);
            QVERIFY(r.ok() || !r.error.isEmpty());
        }
        QVERIFY(parsed > 0); // prefixes ending between declarations are valid files
    }

    void parsesLargeFilesFast()
    {
        QString text = u"syntax = \"proto3\";\npackage big;\n"_s;
        for (int m = 0; m < 500; ++m) {
            text += u"message M%1 {\n"_s.arg(m);
            for (int f = 1; f <= 40; ++f)
                text += u"  // field %1\n  optional string f%1 = %1 [deprecated = false];\n"_s.arg(f);
            text += u"  M%1 self = 41;\n}\n"_s.arg(m);
        }
        QElapsedTimer timer;
        timer.start();
        const auto s = proto(text);
        QVERIFY(s);
        const auto diffs = protobufDifferences(*s, *s);
        QVERIFY(diffs.isEmpty());
        qInfo("parse + self-diff of %lld characters, 20000 fields: %lld ms", qint64(text.size()),
              timer.elapsed());
        QVERIFY(timer.elapsed() < 5000);
    }
};

QTEST_GUILESS_MAIN(TestProtobufSchema)
#include "tst_protobufschema.moc"
