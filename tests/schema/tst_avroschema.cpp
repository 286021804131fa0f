#include "schema/AvroSchema.h"
#include "schema/Schema.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::schema;

namespace {

std::shared_ptr<const AvroSchema> avro(const QString &text, const QList<ResolvedReference> &refs = {})
{
    const ParseResult r = parseSchema(SchemaType::Avro, text, refs);
    if (!r.ok()) {
        qWarning() << "parse failed:" << r.error;
        return nullptr;
    }
    return std::dynamic_pointer_cast<const AvroSchema>(r.schema);
}

QString record(const QString &fields, const QString &name = u"R"_s)
{
    return u"{\"type\":\"record\",\"name\":\"%1\",\"fields\":[%2]}"_s.arg(name, fields);
}

} // namespace

class TestAvroSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names()
    {
        QCOMPARE(schemaTypeName(SchemaType::Protobuf), u"PROTOBUF"_s);
        QCOMPARE(schemaTypeFromName(u"avro"), SchemaType::Avro);
        QCOMPARE(schemaTypeFromName(u"Json"), SchemaType::Json);
        QVERIFY(!schemaTypeFromName(u"xml"));
        QCOMPARE(compatibilityLevelName(CompatibilityLevel::BackwardTransitive), u"BACKWARD_TRANSITIVE"_s);
        QCOMPARE(compatibilityLevelFromName(u"full_transitive"), CompatibilityLevel::FullTransitive);
        QCOMPARE(compatibilityLevelFromName(u"none"), CompatibilityLevel::None);
        QVERIFY(!compatibilityLevelFromName(u"SOMETIMES"));
    }

    // Apache Avro's own vectors (share/test/data/schema-tests.txt), read from the shared folder.
    void specificationCanonicalFormVectors()
    {
        QFile file(QStringLiteral(SD_SHARED_DIR "/reference/avro-canonical-form-tests.txt"));
        if (!file.open(QIODevice::ReadOnly))
            QSKIP("avro-canonical-form-tests.txt is not available");
        const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
        struct Case
        {
            QString id, input, canonical, fingerprint;
        };
        QList<Case> cases;
        Case current;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString &line = lines[i];
            if (line.startsWith(u"// ")) {
                current = Case{line.mid(3).trimmed(), {}, {}, {}};
            } else if (line == u"<<INPUT") {
                QStringList body;
                for (++i; i < lines.size() && lines[i] != u"INPUT"; ++i)
                    body << lines[i];
                current.input = body.join(u'\n');
            } else if (line.startsWith(u"<<INPUT ")) {
                current.input = line.mid(8);
            } else if (line.startsWith(u"<<canonical ")) {
                current.canonical = line.mid(12);
            } else if (line.startsWith(u"<<fingerprint ")) {
                current.fingerprint = line.mid(14).trimmed();
            }
            if (!current.id.isEmpty() && !current.input.isEmpty() && !current.canonical.isEmpty() &&
                (i + 1 >= lines.size() || lines[i + 1].trimmed().isEmpty())) {
                cases << current;
                current = Case{};
            }
        }
        QVERIFY(cases.size() >= 30);
        int fingerprints = 0;
        for (const Case &c : std::as_const(cases)) {
            // Java's test reads these with default validation off (case 026 has "default":"true" on a
            // boolean).
            const ParseResult r = parseSchema(SchemaType::Avro, c.input, {}, ParseOptions{false});
            QVERIFY2(r.ok(), qPrintable(c.id + u": "_s + r.error));
            QCOMPARE(avroParsingCanonicalForm(*r.schema), c.canonical);
            if (!c.fingerprint.isEmpty()) {
                const qint64 expected = c.fingerprint.toLongLong();
                QCOMPARE(qint64(avroRabinFingerprint(c.canonical.toUtf8())), expected);
                ++fingerprints;
            }
        }
        QVERIFY(fingerprints >= 20);
    }

    void ownParsingCanonicalForm_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("nested namespace inherited")
            << u"{\"type\":\"record\",\"name\":\"Outer\",\"namespace\":\"com.acme\",\"fields\":[{\"name\":"
               u"\"in\","
               u"\"type\":{\"type\":\"enum\",\"name\":\"Color\",\"symbols\":[\"RED\"]}},{\"name\":\"again\","
               u"\"type\":\"Color\"}]}"_s
            << u"{\"name\":\"com.acme.Outer\",\"type\":\"record\",\"fields\":[{\"name\":\"in\",\"type\":{"
               u"\"name\":"
               u"\"com.acme.Color\",\"type\":\"enum\",\"symbols\":[\"RED\"]}},{\"name\":\"again\",\"type\":"
               u"\"com.acme."
               u"Color\"}]}"_s;
        QTest::newRow("logical type stripped")
            << u"{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":4,\"scale\":2}"_s
            << u"\"bytes\""_s;
        QTest::newRow("null namespace inside namespace")
            << u"{\"type\":\"record\",\"name\":\"a.R\",\"fields\":[{\"name\":\"f\",\"type\":{\"type\":"
               u"\"fixed\","
               u"\"name\":\"F\",\"namespace\":\"\",\"size\":2}}]}"_s
            << u"{\"name\":\"a.R\",\"type\":\"record\",\"fields\":[{\"name\":\"f\",\"type\":{\"name\":\"F\","
               u"\"type\":"
               u"\"fixed\",\"size\":2}}]}"_s;
    }

    void ownParsingCanonicalForm()
    {
        QFETCH(QString, input);
        QFETCH(QString, canonical);
        const auto s = avro(input);
        QVERIFY(s);
        QCOMPARE(s->parsingCanonicalForm(), canonical);
    }

    void canonicalTextLikeJavaToString_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("primitive") << u" \"string\" "_s << u"\"string\""_s;
        QTest::newRow("primitive object") << u"{\"type\":\"int\"}"_s << u"\"int\""_s;
        QTest::newRow("primitive with props") << u"{\"logicalType\":\"date\", \"type\":\"int\"}"_s
                                              << u"{\"type\":\"int\",\"logicalType\":\"date\"}"_s;
        QTest::newRow("record attribute order")
            << u"{\"fields\":[{\"type\":\"string\",\"doc\":\"d\",\"name\":\"a\",\"default\":\"x\",\"order\":"
               u"\"descending\",\"aliases\":[\"b\"],\"custom\":1}],\"name\":\"R\",\"doc\":\"rd\",\"aliases\":"
               u"[\"Old\"],"
               u"\"type\":\"record\",\"namespace\":\"n\",\"owner\":\"me\"}"_s
            << u"{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"n\",\"doc\":\"rd\",\"fields\":[{"
               u"\"name\":\"a\","
               u"\"type\":\"string\",\"doc\":\"d\",\"default\":\"x\",\"order\":\"descending\",\"aliases\":["
               u"\"b\"],"
               u"\"custom\":1}],\"owner\":\"me\",\"aliases\":[\"Old\"]}"_s;
        QTest::newRow("enum and fixed")
            << u"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"e\",\"type\":{\"symbols\":["
               u"\"A\",\"B\"],"
               u"\"default\":\"A\",\"type\":\"enum\",\"name\":\"E\"}},{\"name\":\"f\",\"type\":{\"size\":4,"
               u"\"type\":"
               u"\"fixed\",\"name\":\"F\",\"namespace\":\"other\"}},{\"name\":\"g\",\"type\":\"E\"}]}"_s
            << u"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"e\",\"type\":{\"type\":\"enum\","
               u"\"name\":"
               u"\"E\",\"symbols\":[\"A\",\"B\"],\"default\":\"A\"}},{\"name\":\"f\",\"type\":{\"type\":"
               u"\"fixed\","
               u"\"name\":\"F\",\"namespace\":\"other\",\"size\":4}},{\"name\":\"g\",\"type\":\"E\"}]}"_s;
        QTest::newRow("short names in the enclosing namespace")
            << u"{\"type\":\"record\",\"name\":\"a.b.R\",\"fields\":[{\"name\":\"x\",\"type\":{\"type\":"
               u"\"enum\","
               u"\"name\":\"E\",\"symbols\":[\"A\"]}},{\"name\":\"y\",\"type\":\"a.b.E\"},{\"name\":\"z\","
               u"\"type\":{"
               u"\"type\":\"array\",\"items\":\"E\"}}]}"_s
            << u"{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"a.b\",\"fields\":[{\"name\":\"x\","
               u"\"type\":{"
               u"\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}},{\"name\":\"y\",\"type\":\"E\"},{"
               u"\"name\":\"z\","
               u"\"type\":{\"type\":\"array\",\"items\":\"E\"}}]}"_s;
        QTest::newRow("numbers as Jackson prints them")
            << record(
                   u"{\"name\":\"d\",\"type\":\"double\",\"default\":1.50},{\"name\":\"l\",\"type\":\"long\","
                   u"\"default\":1e0}"_s)
                   .replace(u"1e0"_s, u"10"_s)
            << u"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"d\",\"type\":\"double\","
               u"\"default\":1.5},"
               u"{\"name\":\"l\",\"type\":\"long\",\"default\":10}]}"_s;
        QTest::newRow("union and recursion") << u"{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{"
                                                u"\"name\":\"next\",\"type\":[\"null\",\"Node\"],"
                                                u"\"default\":null}]}"_s
                                             << u"{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{"
                                                u"\"name\":\"next\",\"type\":[\"null\",\"Node\"],"
                                                u"\"default\":null}]}"_s;
        QTest::newRow("error type") << u"{\"type\":\"error\",\"name\":\"Oops\",\"fields\":[]}"_s
                                    << u"{\"type\":\"error\",\"name\":\"Oops\",\"fields\":[]}"_s;
    }

    void canonicalTextLikeJavaToString()
    {
        QFETCH(QString, input);
        QFETCH(QString, canonical);
        const auto s = avro(input);
        QVERIFY(s);
        QCOMPARE(s->canonicalText(), canonical);
        // Canonical text parses to itself.
        const auto again = avro(canonical);
        QVERIFY(again);
        QCOMPARE(again->canonicalText(), canonical);
    }

    void sameSchemaDespiteWhitespaceAndKeyOrder()
    {
        // Avro's Java parser accepts comments.
        QVERIFY(avro(u"// a user\n{\"type\": /* inline */ \"string\"}"_s));
        const auto a =
            avro(u"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}"_s);
        const auto b =
            avro(u"{\n  \"fields\" : [ { \"type\" : \"int\", \"name\" : \"a\" } ],\n  \"name\" : \"R\", "
                 u"\"type\" : \"record\"\n}"_s);
        QVERIFY(a && b);
        QCOMPARE(a->canonicalText(), b->canonicalText());
        const auto c =
            avro(u"{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"long\"}]}"_s);
        QVERIFY(c);
        QVERIFY(a->canonicalText() != c->canonicalText());
    }

    void invalidSchemas_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << u"{\"type\":"_s << u"Invalid JSON"_s;
        QTest::newRow("unknown type") << u"\"strin\""_s << u"\"strin\" is not a defined name"_s;
        QTest::newRow("no type") << u"{\"name\":\"x\"}"_s << u"No type"_s;
        QTest::newRow("record without name") << u"{\"type\":\"record\",\"fields\":[]}"_s << u"No name"_s;
        QTest::newRow("record without fields")
            << u"{\"type\":\"record\",\"name\":\"R\"}"_s << u"Record has no fields"_s;
        QTest::newRow("bad record name")
            << u"{\"type\":\"record\",\"name\":\"1R\",\"fields\":[]}"_s << u"Illegal initial character: 1R"_s;
        QTest::newRow("bad field name") << record(u"{\"name\":\"a-b\",\"type\":\"int\"}"_s)
                                        << u"Illegal character in: a-b (at /fields/0/name)"_s;
        QTest::newRow("duplicate field")
            << record(u"{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"a\",\"type\":"
                      u"\"long\"}"_s)
            << u"Duplicate field a in record R (at /fields/1)"_s;
        QTest::newRow("field without type") << record(u"{\"name\":\"a\"}"_s) << u"No field type"_s;
        QTest::newRow("undefined field type")
            << record(u"{\"name\":\"a\",\"type\":\"Missing\"}"_s)
            << u"\"Missing\" is not a defined name. The type of the \"a\" field"_s;
        QTest::newRow("redefined name")
            << record(u"{\"name\":\"a\",\"type\":{\"type\":\"fixed\",\"name\":\"F\",\"size\":1}},{\"name\":"
                      u"\"b\","
                      u"\"type\":{\"type\":\"fixed\",\"name\":\"F\",\"size\":2}}"_s)
            << u"Can't redefine: F (at /fields/1/type)"_s;
        QTest::newRow("named after primitive") << u"{\"type\":\"fixed\",\"name\":\"int\",\"size\":1}"_s
                                               << u"may not be named after primitives"_s;
        QTest::newRow("nested union") << u"[\"null\",[\"int\"]]"_s << u"Nested union"_s;
        QTest::newRow("duplicate in union")
            << u"[\"int\",\"string\",{\"type\":\"int\"}]"_s << u"Duplicate in union: int (at /2)"_s;
        QTest::newRow("two arrays in union")
            << u"[{\"type\":\"array\",\"items\":\"int\"},{\"type\":\"array\",\"items\":\"long\"}]"_s
            << u"Duplicate in union: array"_s;
        QTest::newRow("enum duplicate symbol")
            << u"{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"A\"]}"_s
            << u"Duplicate enum symbol: A"_s;
        QTest::newRow("enum bad symbol") << u"{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A B\"]}"_s
                                         << u"Illegal character in: A B"_s;
        QTest::newRow("enum default not a symbol")
            << u"{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"],\"default\":\"B\"}"_s
            << u"The Enum Default: B is not in the enum symbol set: [A]"_s;
        QTest::newRow("enum without symbols")
            << u"{\"type\":\"enum\",\"name\":\"E\"}"_s << u"Enum has no symbols"_s;
        QTest::newRow("array without items") << u"{\"type\":\"array\"}"_s << u"Array has no items type"_s;
        QTest::newRow("map without values") << u"{\"type\":\"map\"}"_s << u"Map has no values type"_s;
        QTest::newRow("fixed without size")
            << u"{\"type\":\"fixed\",\"name\":\"F\"}"_s << u"Invalid or no size"_s;
        QTest::newRow("fixed fractional size")
            << u"{\"type\":\"fixed\",\"name\":\"F\",\"size\":1.5}"_s << u"Invalid or no size"_s;
        QTest::newRow("bad order") << record(u"{\"name\":\"a\",\"type\":\"int\",\"order\":\"up\"}"_s)
                                   << u"Invalid order"_s;
        QTest::newRow("aliases not array")
            << u"{\"type\":\"fixed\",\"name\":\"F\",\"size\":1,\"aliases\":\"G\"}"_s
            << u"aliases not an array"_s;
        QTest::newRow("default wrong type")
            << record(u"{\"name\":\"a\",\"type\":\"int\",\"default\":\"x\"}"_s)
            << u"Invalid default for field a: \"x\" not a int (at /fields/0/default)"_s;
        QTest::newRow("int default out of range")
            << record(u"{\"name\":\"a\",\"type\":\"int\",\"default\":3000000000}"_s)
            << u"Invalid default for field a"_s;
        QTest::newRow("union default must match first branch")
            << record(u"{\"name\":\"a\",\"type\":[\"null\",\"string\"],\"default\":\"x\"}"_s)
            << u"Invalid default for field a: \"x\" not a union [null, string]"_s;
        QTest::newRow("record default missing field")
            << record(u"{\"name\":\"a\",\"type\":{\"type\":\"record\",\"name\":\"In\",\"fields\":[{\"name\":"
                      u"\"x\","
                      u"\"type\":\"int\"}]},\"default\":{}}"_s)
            << u"Invalid default for field a"_s;
        QTest::newRow("array default element")
            << record(u"{\"name\":\"a\",\"type\":{\"type\":\"array\",\"items\":"
                      u"\"int\"},\"default\":[1,\"2\"]}"_s)
            << u"Invalid default for field a"_s;
        QTest::newRow("number is not a schema") << u"42"_s << u"Schema not a string, object or array"_s;
        QTest::newRow("forward reference")
            << record(u"{\"name\":\"a\",\"type\":\"Later\"},{\"name\":\"b\",\"type\":"
                      u"{\"type\":\"fixed\",\"name\":\"Later\",\"size\":1}}"_s)
            << u"\"Later\" is not a defined name"_s;
    }

    void invalidSchemas()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const ParseResult r = parseSchema(SchemaType::Avro, input);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(expected), qPrintable(r.error));
    }

    void validDefaults()
    {
        QVERIFY(avro(
            record(u"{\"name\":\"a\",\"type\":[\"null\",\"string\"],\"default\":null},"
                   u"{\"name\":\"b\",\"type\":[\"string\",\"null\"],\"default\":\"x\"},"
                   u"{\"name\":\"c\",\"type\":\"float\",\"default\":1},"
                   u"{\"name\":\"d\",\"type\":\"double\",\"default\":\"NaN\"},"
                   u"{\"name\":\"e\",\"type\":{\"type\":\"map\",\"values\":\"long\"},\"default\":{\"k\":5}},"
                   u"{\"name\":\"f\",\"type\":\"bytes\",\"default\":\"\\u00ff\"},"
                   u"{\"name\":\"g\",\"type\":{\"type\":\"record\",\"name\":\"In\",\"fields\":[{\"name\":"
                   u"\"x\",\"type\":"
                   u"\"int\",\"default\":1}]},\"default\":{}}"_s)));
        // Lenient parsing (stored schemas) keeps an invalid default.
        const ParseResult lenient =
            parseSchema(SchemaType::Avro, record(u"{\"name\":\"a\",\"type\":\"int\",\"default\":\"x\"}"_s),
                        {}, ParseOptions{false});
        QVERIFY2(lenient.ok(), qPrintable(lenient.error));
    }

    void logicalTypes()
    {
        const auto s = avro(
            record(u"{\"name\":\"a\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":"
                   u"9,\"scale\":2}},"
                   u"{\"name\":\"b\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
                   u"{\"name\":\"c\",\"type\":{\"type\":\"string\",\"logicalType\":\"timestamp-millis\"}},"
                   u"{\"name\":\"d\",\"type\":{\"type\":\"fixed\",\"name\":\"D\",\"size\":2,\"logicalType\":"
                   u"\"decimal\","
                   u"\"precision\":10}},"
                   u"{\"name\":\"e\",\"type\":{\"type\":\"long\",\"logicalType\":\"my-own\"}}"_s));
        QVERIFY(s);
        const AvroNode *root = s->root();
        QCOMPARE(root->fields[0].type->logicalType, u"decimal"_s);
        QCOMPARE(root->fields[0].type->precision, 9);
        QCOMPARE(root->fields[0].type->scale, 2);
        QCOMPARE(root->fields[1].type->logicalType, u"date"_s);
        // Invalid or unknown logical types are ignored, the attribute is kept.
        QVERIFY(root->fields[2].type->logicalType.isEmpty());
        QVERIFY(root->fields[3].type->logicalType.isEmpty()); // 2 bytes hold at most 4 digits
        QVERIFY(root->fields[4].type->logicalType.isEmpty());
        QVERIFY(s->canonicalText().contains(u"{\"type\":\"string\",\"logicalType\":\"timestamp-millis\"}"_s));
    }

    void ast()
    {
        const auto s = avro(u"{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"com.acme\",\"doc\":\"A "
                            u"user\",\"aliases\":"
                            u"[\"Person\"],\"fields\":[{\"name\":\"id\",\"type\":\"long\",\"x-pii\":false},{"
                            u"\"name\":\"tags\","
                            u"\"type\":{\"type\":\"array\",\"items\":\"string\"},\"default\":[]},{\"name\":"
                            u"\"kind\",\"type\":{\"type\":"
                            u"\"enum\",\"name\":\"Kind\",\"symbols\":[\"A\",\"B\"],\"default\":\"A\"}}]}"_s);
        QVERIFY(s);
        const AvroNode *root = s->root();
        QCOMPARE(root->type, AvroType::Record);
        QCOMPARE(root->fullName(), u"com.acme.User"_s);
        QCOMPARE(root->doc.value_or(QString()), u"A user"_s);
        QCOMPARE(root->aliases, QStringList{u"com.acme.Person"_s});
        QCOMPARE(root->fields.size(), 3);
        QCOMPARE(root->fields[0].properties.size(), 1);
        QCOMPARE(root->fields[0].properties[0].name, u"x-pii"_s);
        QCOMPARE(root->fields[1].type->type, AvroType::Array);
        QCOMPARE(root->fields[1].type->items->type, AvroType::String);
        QVERIFY(root->fields[1].defaultValue && root->fields[1].defaultValue->isArray());
        QCOMPARE(s->findNamed(u"com.acme.Kind"), root->fields[2].type);
        QCOMPARE(root->fields[2].type->enumDefault.value_or(QString()), u"A"_s);
        QCOMPARE(s->namedTypes().size(), 2);
        QVERIFY(s->prettyText().contains(u"\n  \"name\": \"User\""_s));
    }

    void references()
    {
        const QList<ResolvedReference> refs{{u"com.acme.Address"_s, SchemaType::Avro,
                                             u"{\"type\":\"record\",\"name\":\"Address\",\"namespace\":\"com."
                                             u"acme\",\"fields\":[{\"name\":\"city\","
                                             u"\"type\":\"string\"}]}"_s}};
        const QString text =
            u"{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"com.acme\",\"fields\":[{"
            u"\"name\":\"home\",\"type\":\"Address\"},{\"name\":\"work\",\"type\":\"com.acme."
            u"Address\"}]}"_s;
        QVERIFY(!parseSchema(SchemaType::Avro, text).ok());
        const auto s = avro(text, refs);
        QVERIFY(s);
        // Referenced types stay references in the canonical text, like Confluent's canonicalString().
        QCOMPARE(
            s->canonicalText(),
            u"{\"type\":\"record\",\"name\":\"Customer\",\"namespace\":\"com.acme\",\"fields\":[{\"name\":"
            u"\"home\",\"type\":\"Address\"},{\"name\":\"work\",\"type\":\"Address\"}]}"_s);
        // The Parsing Canonical Form inlines them.
        QVERIFY(s->parsingCanonicalForm().contains(u"{\"name\":\"com.acme.Address\",\"type\":\"record\""_s));
        QCOMPARE(s->root()->fields[0].type->fields[0].name, u"city"_s);
        // Redefining a referenced name is an error.
        const ParseResult clash = parseSchema(
            SchemaType::Avro, u"{\"type\":\"record\",\"name\":\"com.acme.Address\",\"fields\":[]}"_s, refs);
        QVERIFY(!clash.ok());
        QVERIFY2(clash.error.contains(u"by a reference"_s), qPrintable(clash.error));
        // A broken reference is reported with its name.
        const ParseResult broken =
            parseSchema(SchemaType::Avro, text, {{u"bad"_s, SchemaType::Avro, u"{"_s}});
        QVERIFY(!broken.ok());
        QVERIFY2(broken.error.startsWith(u"In reference \"bad\""_s), qPrintable(broken.error));
    }

    void normalized()
    {
        const auto s = avro(
            u"{\"type\":\"record\",\"namespace\":\"n\",\"name\":\"R\",\"doc\":\"\",\"fields\":[{\"name\":"
            u"\"b\","
            u"\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"scale\":0,\"precision\":4}},{"
            u"\"name\":\"a\","
            u"\"type\":\"double\",\"default\":1,\"zeta\":1,\"alpha\":2,\"aliases\":[\"z\",\"y\"]}],\"x\":1}"_s);
        QVERIFY(s);
        QCOMPARE(
            s->normalizedText(),
            u"{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"n\",\"fields\":[{\"name\":\"b\",\"type\":{"
            u"\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":4,\"scale\":0}},{\"name\":\"a\","
            u"\"type\":\"double\",\"default\":1.0,\"aliases\":[\"y\",\"z\"],\"alpha\":2,\"zeta\":1}],\"x\":1}"_s);
        // Property order does not matter after normalisation.
        const auto t =
            avro(u"{\"type\":\"record\",\"namespace\":\"n\",\"name\":\"R\",\"x\":1,\"fields\":[{\"name\":"
                 u"\"b\",\"type\":{"
                 u"\"type\":\"bytes\",\"precision\":4,\"logicalType\":\"decimal\",\"scale\":0}},{\"alpha\":2,"
                 u"\"zeta\":1,"
                 u"\"name\":\"a\",\"type\":\"double\",\"default\":1.0,\"aliases\":[\"y\",\"z\"]}]}"_s);
        QVERIFY(t);
        QVERIFY(s->canonicalText() != t->canonicalText());
        QCOMPARE(s->normalizedText(), t->normalizedText());
    }

    // ---- compatibility -------------------------------------------------------------------------

    void compatibility_data()
    {
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QString>("writer");
        QTest::addColumn<QStringList>("messages");
        const QString base = record(u"{\"name\":\"a\",\"type\":\"int\"}"_s);
        QTest::newRow("identical") << base << base << QStringList{};
        QTest::newRow("field added with default")
            << record(
                   u"{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"\"}"_s)
            << base << QStringList{};
        QTest::newRow("field added without default")
            << record(u"{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"x\",\"type\":\"string\"}"_s) << base
            << QStringList{
                   u"{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'x' at path "
                   u"'/fields/1' in the new schema has no default value and is missing in the old schema', "
                   u"additionalInfo:'x'}"_s};
        QTest::newRow("field removed") << record(QString()) << base << QStringList{};
        QTest::newRow("int to long promotion")
            << record(u"{\"name\":\"a\",\"type\":\"long\"}"_s) << base << QStringList{};
        QTest::newRow("long to int narrowing")
            << base << record(u"{\"name\":\"a\",\"type\":\"long\"}"_s)
            << QStringList{
                   u"{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field in "
                   u"the new schema does not match with the old schema', additionalInfo:'reader type: INT "
                   u"not "
                   u"compatible with writer type: LONG'}"_s};
        QTest::newRow("int to double")
            << record(u"{\"name\":\"a\",\"type\":\"double\"}"_s) << base << QStringList{};
        QTest::newRow("float to double") << record(u"{\"name\":\"a\",\"type\":\"double\"}"_s)
                                         << record(u"{\"name\":\"a\",\"type\":\"float\"}"_s) << QStringList{};
        QTest::newRow("string to bytes")
            << record(u"{\"name\":\"a\",\"type\":\"bytes\"}"_s)
            << record(u"{\"name\":\"a\",\"type\":\"string\"}"_s) << QStringList{};
        QTest::newRow("bytes to string") << record(u"{\"name\":\"a\",\"type\":\"string\"}"_s)
                                         << record(u"{\"name\":\"a\",\"type\":\"bytes\"}"_s) << QStringList{};
        QTest::newRow("record renamed")
            << record(u"{\"name\":\"a\",\"type\":\"int\"}"_s, u"S"_s) << base
            << QStringList{
                   u"{errorType:'NAME_MISMATCH', description:'The name of the schema has changed (path "
                   u"'/name')', additionalInfo:'expected: R'}"_s};
        QTest::newRow("record renamed with alias") << u"{\"type\":\"record\",\"name\":\"S\",\"aliases\":["
                                                      u"\"R\"],\"fields\":[{\"name\":\"a\",\"type\":"
                                                      u"\"int\"}]}"_s
                                                   << base << QStringList{};
        QTest::newRow("namespace change is fine")
            << u"{\"type\":\"record\",\"name\":\"x.R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}"_s
            << base << QStringList{};
        QTest::newRow("field renamed with alias")
            << record(u"{\"name\":\"b\",\"aliases\":[\"a\"],\"type\":\"int\"}"_s) << base << QStringList{};
        const QString enumAB = record(
            u"{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"]}}"_s);
        const QString enumABC = record(
            u"{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\",\"C\",\"D\"]}}"_s);
        QTest::newRow("enum symbol added") << enumABC << enumAB << QStringList{};
        QTest::newRow("enum symbols removed")
            << enumAB << enumABC
            << QStringList{
                   u"{errorType:'MISSING_ENUM_SYMBOLS', description:'The new schema is missing enum symbols "
                   u"'[C, D]' at path '/fields/0/type/symbols' in the old schema', additionalInfo:'[C, D]'}"_s};
        QTest::newRow("enum symbol removed with reader default")
            << record(u"{\"name\":\"e\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"B\"],"
                      u"\"default\":\"A\"}}"_s)
            << enumABC << QStringList{};
        QTest::newRow("fixed size")
            << u"{\"type\":\"fixed\",\"name\":\"F\",\"size\":4}"_s
            << u"{\"type\":\"fixed\",\"name\":\"F\",\"size\":8}"_s
            << QStringList{
                   u"{errorType:'FIXED_SIZE_MISMATCH', description:'The size of FIXED type field at path "
                   u"'/size' in the new schema does not match with the old schema', "
                   u"additionalInfo:'expected: "
                   u"8, found: 4'}"_s};
        QTest::newRow("union gains branch")
            << u"[\"null\",\"int\",\"string\"]"_s << u"[\"null\",\"int\"]"_s << QStringList{};
        QTest::newRow("union loses branch")
            << u"[\"null\",\"int\"]"_s << u"[\"null\",\"int\",\"string\"]"_s
            << QStringList{
                   u"{errorType:'MISSING_UNION_BRANCH', description:'The new schema is missing a type inside "
                   u"a union field at path '/2' in the old schema', additionalInfo:'reader union lacking "
                   u"writer "
                   u"type: STRING'}"_s};
        QTest::newRow("reader union contains writer")
            << u"[\"null\",\"long\"]"_s << u"\"int\""_s << QStringList{};
        QTest::newRow("reader union lacks writer")
            << record(u"{\"name\":\"a\",\"type\":[\"null\",\"string\"]}"_s) << base
            << QStringList{
                   u"{errorType:'MISSING_UNION_BRANCH', description:'The new schema is missing a type inside "
                   u"a union field at path '/fields/0/type' in the old schema', additionalInfo:'reader union "
                   u"lacking writer type: INT'}"_s};
        QTest::newRow("writer union into plain reader")
            << record(u"{\"name\":\"a\",\"type\":\"string\"}"_s)
            << record(u"{\"name\":\"a\",\"type\":[\"null\",\"string\"]}"_s)
            << QStringList{
                   u"{errorType:'TYPE_MISMATCH', description:'The type (path '/') of a field in the new "
                   u"schema "
                   u"does not match with the old schema', additionalInfo:'reader type: STRING not compatible "
                   u"with writer type: NULL'}"_s};
        QTest::newRow("array items promoted") << u"{\"type\":\"array\",\"items\":\"long\"}"_s
                                              << u"{\"type\":\"array\",\"items\":\"int\"}"_s << QStringList{};
        QTest::newRow("map values mismatch")
            << u"{\"type\":\"map\",\"values\":\"int\"}"_s << u"{\"type\":\"map\",\"values\":\"string\"}"_s
            << QStringList{
                   u"{errorType:'TYPE_MISMATCH', description:'The type (path '/values') of a field in the "
                   u"new "
                   u"schema does not match with the old schema', additionalInfo:'reader type: INT not "
                   u"compatible with writer type: STRING'}"_s};
        QTest::newRow("nested record field missing default")
            << record(u"{\"name\":\"in\",\"type\":{\"type\":\"record\",\"name\":\"In\",\"fields\":[{\"name\":"
                      u"\"x\","
                      u"\"type\":\"int\"},{\"name\":\"y\",\"type\":\"int\"}]}}"_s)
            << record(u"{\"name\":\"in\",\"type\":{\"type\":\"record\",\"name\":\"In\",\"fields\":[{\"name\":"
                      u"\"x\","
                      u"\"type\":\"int\"}]}}"_s)
            << QStringList{
                   u"{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'y' at path "
                   u"'/fields/0/type/fields/1' in the new schema has no default value and is missing in the "
                   u"old schema', additionalInfo:'y'}"_s};
        const QString recursive = u"{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"v\","
                                  u"\"type\":\"int\"},{\"name\":\"next\","
                                  u"\"type\":[\"null\",\"Node\"]}]}"_s;
        QTest::newRow("recursive types") << recursive << recursive << QStringList{};
        QTest::newRow("type changed to record")
            << record(u"{\"name\":\"a\",\"type\":{\"type\":\"record\",\"name\":\"X\",\"fields\":[]}}"_s)
            << base
            << QStringList{
                   u"{errorType:'TYPE_MISMATCH', description:'The type (path '/fields/0/type') of a field in "
                   u"the new schema does not match with the old schema', additionalInfo:'reader type: RECORD "
                   u"not compatible with writer type: INT'}"_s};
    }

    void compatibility()
    {
        QFETCH(QString, reader);
        QFETCH(QString, writer);
        QFETCH(QStringList, messages);
        const auto r = avro(reader);
        const auto w = avro(writer);
        QVERIFY(r && w);
        const CompatibilityResult result = checkReaderWriter(*r, *w);
        QCOMPARE(result.messages, messages);
        QCOMPARE(result.compatible, messages.isEmpty());
    }

    void levels()
    {
        const ParsedSchemaPtr v1 = avro(record(u"{\"name\":\"a\",\"type\":\"int\"}"_s));
        const ParsedSchemaPtr v2 = avro(record(u"{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":"
                                               u"\"int\",\"default\":0}"_s));
        // v3 drops a (no default in the old reader's eyes) and adds c without a default.
        const ParsedSchemaPtr v3 = avro(record(u"{\"name\":\"b\",\"type\":\"int\",\"default\":0}"_s));
        const ParsedSchemaPtr newWithoutDefault =
            avro(record(u"{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"c\",\"type\":\"int\"}"_s));
        QVERIFY(v1 && v2 && v3 && newWithoutDefault);

        QVERIFY(checkCompatibility(CompatibilityLevel::Backward, *v2, {v1}).compatible);
        QVERIFY(checkCompatibility(CompatibilityLevel::Forward, *v2, {v1}).compatible);
        QVERIFY(checkCompatibility(CompatibilityLevel::Full, *v2, {v1}).compatible);

        // Removing a field without default: backward fine, forward broken (old reader needs it).
        QVERIFY(checkCompatibility(CompatibilityLevel::Backward, *v3, {v2}).compatible);
        const auto forward = checkCompatibility(CompatibilityLevel::Forward, *v3, {v2});
        QVERIFY(!forward.compatible);
        QCOMPARE(forward.messages,
                 QStringList{
                     u"{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'a' at path "
                     u"'/fields/0' in the old schema has no default value and is missing in the new schema', "
                     u"additionalInfo:'a'}"_s});
        QVERIFY(!checkCompatibility(CompatibilityLevel::Full, *v3, {v2}).compatible);

        // Adding a field without default breaks backward only.
        QVERIFY(!checkCompatibility(CompatibilityLevel::Backward, *newWithoutDefault, {v1}).compatible);
        QVERIFY(checkCompatibility(CompatibilityLevel::Forward, *newWithoutDefault, {v1}).compatible);

        // Transitive levels look at every version given; plain levels at the latest only.
        const ParsedSchemaPtr onlyB = avro(record(u"{\"name\":\"b\",\"type\":\"int\"}"_s));
        QVERIFY(onlyB);
        QVERIFY(checkCompatibility(CompatibilityLevel::Backward, *onlyB, {v1, v2}).compatible);
        const auto transitive = checkCompatibility(CompatibilityLevel::BackwardTransitive, *onlyB, {v1, v2});
        QVERIFY(!transitive.compatible);
        QCOMPARE(transitive.messages.size(), 1);
        QVERIFY(transitive.messages[0].contains(u"'b'"_s));
        QVERIFY(checkCompatibility(CompatibilityLevel::None, *onlyB, {v1}).compatible);
        QVERIFY(!checkCompatibility(CompatibilityLevel::FullTransitive, *onlyB, {v1, v2}).compatible);
        QVERIFY(checkCompatibility(CompatibilityLevel::ForwardTransitive, *v2, {v1, v2}).compatible);
    }

    // Every level against the same history: v1 {a}, v2 {a, b=0}; candidates differ in direction.
    void everyLevel_data()
    {
        QTest::addColumn<QString>("candidate");
        QTest::addColumn<QString>("level");
        QTest::addColumn<bool>("compatible");
        // Adds c without default: new cannot read old (backward breaks), old can read new.
        const QString addsRequired =
            u"{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0},"
            u"{\"name\":\"c\",\"type\":\"int\"}"_s;
        // Drops a (no default in v1/v2): new reads old fine, old readers miss a (forward breaks).
        const QString dropsA = u"{\"name\":\"b\",\"type\":\"int\",\"default\":0}"_s;
        // Drops b, which has a default: compatible both ways with both versions.
        const QString onlyA = u"{\"name\":\"a\",\"type\":\"int\"}"_s;
        // Needs b without default: reads v2 but not v1 (transitive backward breaks only).
        const QString needsB = u"{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\"}"_s;
        const QList<std::tuple<const char *, QString, QList<bool>>> rows{
            // NONE, BACKWARD, BACKWARD_T, FORWARD, FORWARD_T, FULL, FULL_T
            {"adds required", addsRequired, {true, false, false, true, true, false, false}},
            {"drops a", dropsA, {true, true, true, false, false, false, false}},
            {"only a", onlyA, {true, true, true, true, true, true, true}},
            {"needs b", needsB, {true, true, false, true, true, true, false}},
        };
        const QStringList levels{u"NONE"_s,           u"BACKWARD"_s,           u"BACKWARD_TRANSITIVE"_s,
                                 u"FORWARD"_s,        u"FORWARD_TRANSITIVE"_s, u"FULL"_s,
                                 u"FULL_TRANSITIVE"_s};
        for (const auto &[name, fields, expected] : rows) {
            for (qsizetype i = 0; i < levels.size(); ++i) {
                QTest::addRow("%s %s", name, qPrintable(levels[i]))
                    << record(fields) << levels[i] << expected[i];
            }
        }
    }

    void everyLevel()
    {
        QFETCH(QString, candidate);
        QFETCH(QString, level);
        QFETCH(bool, compatible);
        const ParsedSchemaPtr v1 = avro(record(u"{\"name\":\"a\",\"type\":\"int\"}"_s));
        const ParsedSchemaPtr v2 = avro(
            record(u"{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}"_s));
        const ParsedSchemaPtr c = avro(candidate);
        QVERIFY(v1 && v2 && c);
        const auto l = compatibilityLevelFromName(level);
        QVERIFY(l);
        const QList<ParsedSchemaPtr> history =
            isTransitive(*l) ? QList<ParsedSchemaPtr>{v1, v2} : QList<ParsedSchemaPtr>{v2};
        const CompatibilityResult result = checkCompatibility(*l, *c, history);
        QCOMPARE(result.compatible, compatible);
        QCOMPARE(result.messages.isEmpty(), compatible);
    }

    // Each record holds the next one twice: reusing memoised results must not double the report
    // at every level.
    void deepTypeChainsStayFast()
    {
        auto chain = [](const QString &leafType) {
            QString text = u"\"%1\""_s.arg(leafType);
            for (int i = 40; i >= 0; --i) {
                text = u"{\"type\":\"record\",\"name\":\"R%1\",\"fields\":[{\"name\":\"left\",\"type\":%2},{"
                       u"\"name\":\"right\",\"type\":\"%3\"}]}"_s.arg(i)
                           .arg(text, i == 40 ? leafType : u"R%1"_s.arg(i + 1));
            }
            return text;
        };
        const auto reader = avro(chain(u"int"_s));
        const auto writer = avro(chain(u"string"_s));
        QVERIFY(reader && writer);
        QElapsedTimer timer;
        timer.start();
        const CompatibilityResult result = checkReaderWriter(*reader, *writer);
        QVERIFY(!result.compatible);
        QVERIFY2(result.messages.size() < 100, qPrintable(QString::number(result.messages.size())));
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    }

    void compatibilityThroughReferences()
    {
        const QList<ResolvedReference> oldRefs{
            {u"Address"_s, SchemaType::Avro,
             u"{\"type\":\"record\",\"name\":\"Address\",\"fields\":[{\"name\":\"city\",\"type\":\"string\"}]}"_s}};
        const QList<ResolvedReference> newRefs{{u"Address"_s, SchemaType::Avro,
                                                u"{\"type\":\"record\",\"name\":\"Address\",\"fields\":[{"
                                                u"\"name\":\"city\",\"type\":\"string\"},{"
                                                u"\"name\":\"zip\",\"type\":\"string\"}]}"_s}};
        const QString text = record(u"{\"name\":\"home\",\"type\":\"Address\"}"_s);
        const ParsedSchemaPtr oldSchema = avro(text, oldRefs);
        const ParsedSchemaPtr newSchema = avro(text, newRefs);
        QVERIFY(oldSchema && newSchema);
        QCOMPARE(oldSchema->canonicalText(), newSchema->canonicalText());
        const auto result = checkCompatibility(CompatibilityLevel::Backward, *newSchema, {oldSchema});
        QVERIFY(!result.compatible);
        QVERIFY2(result.messages[0].contains(u"'/fields/0/type/fields/1'"_s), qPrintable(result.messages[0]));
    }

    // Every prefix and a batch of single-character corruptions of a real schema: the parser
    // returns a schema or an error, never crashes (run under the sanitizer build too).
    void truncatedAndCorruptedInputsNeverCrash()
    {
        const QString text =
            u"{\"type\":\"record\",\"name\":\"R\",\"namespace\":\"n\",\"fields\":[{\"name\":\"a\",\"type\":"
            u"[\"null\",{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\"]}],\"default\":null},{\"name\":"
            u"\"b\",\"type\":{\"type\":\"map\",\"values\":\"E\"}},{\"name\":\"c\",\"type\":{\"type\":"
            u"\"fixed\","
            u"\"name\":\"F\",\"size\":2,\"logicalType\":\"decimal\",\"precision\":3}}]}"_s;
        int parsed = 0;
        for (qsizetype i = 0; i <= text.size(); ++i)
            parsed += parseSchema(SchemaType::Avro, text.left(i)).ok() ? 1 : 0;
        QCOMPARE(parsed, 1); // only the whole text is a schema
        const QString noise = u"{}[]\",:0a-"_s;
        for (qsizetype i = 0; i < text.size(); ++i) {
            QString corrupted = text;
            corrupted[i] = noise[i % noise.size()];
            const ParseResult r = parseSchema(SchemaType::Avro, corrupted);
            QVERIFY(r.ok() || !r.error.isEmpty());
        }
    }

    void parsesTypicalSchemasFast()
    {
        // A typical registered value schema (~1 KB); the sandbox parses hundreds of thousands.
        const QString text =
            u"{\"type\":\"record\",\"name\":\"PageView\",\"namespace\":\"com.acme.web\",\"doc\":\"A page "
            u"view\","
            u"\"fields\":[{\"name\":\"id\",\"type\":{\"type\":\"string\",\"logicalType\":\"uuid\"}},{"
            u"\"name\":"
            u"\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}},{\"name\":\"url\","
            u"\"type\":"
            u"\"string\"},{\"name\":\"referrer\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":"
            u"\"user\",\"type\":{\"type\":\"record\",\"name\":\"User\",\"fields\":[{\"name\":\"id\",\"type\":"
            u"\"long\"},{\"name\":\"segment\",\"type\":{\"type\":\"enum\",\"name\":\"Segment\",\"symbols\":["
            u"\"FREE\","
            u"\"PRO\",\"ENTERPRISE\"],\"default\":\"FREE\"}}]}},{\"name\":\"tags\",\"type\":{\"type\":"
            u"\"map\","
            u"\"values\":\"string\"},\"default\":{}},{\"name\":\"durationMs\",\"type\":\"int\",\"default\":0}]}"_s;
        constexpr int rounds = 2000;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < rounds; ++i)
            QVERIFY(parseSchema(SchemaType::Avro, text).ok());
        const double perParse = double(timer.nsecsElapsed()) / rounds / 1000.0;
        qInfo("typical %lld-character schema: %.1f us per parse", qint64(text.size()), perParse);
        QVERIFY(perParse < 2000);
    }

    void parsesLargeSchemasFast()
    {
        QString fields;
        for (int i = 0; i < 5000; ++i) {
            if (i)
                fields += u',';
            fields +=
                u"{\"name\":\"f%1\",\"type\":[\"null\",{\"type\":\"record\",\"name\":\"T%1\",\"fields\":[{"
                u"\"name\":\"x\",\"type\":\"long\",\"default\":0}]}],\"default\":null,\"doc\":\"field %1\"}"_s
                    .arg(i);
        }
        const QString text = record(fields, u"Big"_s);
        QElapsedTimer timer;
        timer.start();
        const auto s = avro(text);
        QVERIFY(s);
        const auto compat = checkCompatibility(CompatibilityLevel::FullTransitive, *s, {s, s});
        QVERIFY(compat.compatible);
        const qint64 ms = timer.elapsed();
        qInfo("parse + full transitive check of %lld characters, 10000 named types: %lld ms",
              qint64(text.size()), ms);
        QVERIFY2(ms < 5000, "parsing must stay fast");
    }
};

QTEST_GUILESS_MAIN(TestAvroSchema)
#include "tst_avroschema.moc"
