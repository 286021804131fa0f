#include "schema/JsonSchema.h"
#include "schema/Schema.h"

#include <algorithm>
#include <QElapsedTimer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::schema;

namespace {

std::shared_ptr<const JsonSchema> json(const QString &text, const QList<ResolvedReference> &refs = {})
{
    const ParseResult r = parseSchema(SchemaType::Json, text, refs);
    if (!r.ok()) {
        qWarning() << "parse failed:" << r.error;
        return nullptr;
    }
    return std::dynamic_pointer_cast<const JsonSchema>(r.schema);
}

QStringList types(const QList<JsonSchemaDifference> &diffs, bool onlyIncompatible)
{
    QStringList out;
    for (const JsonSchemaDifference &d : diffs) {
        if (!onlyIncompatible || !d.compatible)
            out << d.type + u' ' + d.path;
    }
    return out;
}

} // namespace

class TestJsonSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void canonicalAndNormalized()
    {
        const auto a =
            json(u"{ \"type\" : \"object\",\n \"properties\": {\"b\": {\"type\":\"string\"}, \"a\": "
                 u"{\"type\":\"integer\", \"minimum\": 1.50}} }"_s);
        QVERIFY(a);
        QCOMPARE(a->canonicalText(),
                 u"{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\"},\"a\":{\"type\":"
                 u"\"integer\",\"minimum\":1.50}}}"_s);
        QCOMPARE(a->normalizedText(),
                 u"{\"properties\":{\"a\":{\"minimum\":1.50,\"type\":\"integer\"},\"b\":{\"type\":"
                 u"\"string\"}},\"type\":\"object\"}"_s);
        const auto b = json(u"{\"properties\":{\"a\":{\"minimum\":1.50,\"type\":\"integer\"},\"b\":{\"type\":"
                            u"\"string\"}},\"type\":\"object\"}"_s);
        QVERIFY(b);
        QVERIFY(a->canonicalText() != b->canonicalText());
        QCOMPARE(a->normalizedText(), b->normalizedText());
        QVERIFY(a->prettyText().contains(u"\n  \"properties\": {"_s));
        QVERIFY(json(u"true"_s));
    }

    void model()
    {
        const auto s = json(
            u"{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"tags\":{\"type\":"
            u"\"array\",\"items\":{\"type\":\"string\"}},\"kind\":{\"enum\":[\"a\",\"b\"]},\"maybe\":"
            u"{\"type\":[\"string\",\"null\"]}},\"required\":[\"id\"],\"additionalProperties\":false}"_s);
        QVERIFY(s);
        const JsonSchemaNode *root = s->root();
        QCOMPARE(root->kind, JsonSchemaNode::Kind::Object);
        QCOMPARE(root->properties.size(), 4);
        QCOMPARE(root->required, QStringList{u"id"_s});
        QVERIFY(!root->permitsAdditionalProperties);
        QCOMPARE(root->property(u"id")->kind, JsonSchemaNode::Kind::Number);
        QVERIFY(root->property(u"id")->requiresInteger);
        QCOMPARE(root->property(u"tags")->allItems->kind, JsonSchemaNode::Kind::String);
        QCOMPARE(root->property(u"kind")->kind, JsonSchemaNode::Kind::Enum);
        QCOMPARE(root->property(u"maybe")->kind, JsonSchemaNode::Kind::Combined);
        QCOMPARE(root->property(u"maybe")->criterion, u"anyOf"_s);
    }

    void references()
    {
        const QString address =
            u"{\"$id\":\"https://example.com/address.json\",\"type\":\"object\",\"properties\":"
            u"{\"city\":{\"type\":\"string\"}}}"_s;
        const QString customer =
            u"{\"type\":\"object\",\"properties\":{\"home\":{\"$ref\":\"address.json\"},\"work\":"
            u"{\"$ref\":\"#/definitions/Work\"}},\"definitions\":{\"Work\":{\"type\":\"object\","
            u"\"properties\":{\"office\":{\"$ref\":\"address.json#/properties/city\"}}}}}"_s;
        QVERIFY(!parseSchema(SchemaType::Json, customer).ok());
        const auto s = json(customer, {{u"address.json"_s, SchemaType::Json, address}});
        QVERIFY(s);
        const JsonSchemaNode *home = s->root()->property(u"home");
        QCOMPARE(home->kind, JsonSchemaNode::Kind::Object);
        QCOMPARE(home->property(u"city")->kind, JsonSchemaNode::Kind::String);
        QCOMPARE(s->root()->property(u"work")->property(u"office")->kind, JsonSchemaNode::Kind::String);
        // Recursive structures load.
        QVERIFY(json(u"{\"type\":\"object\",\"properties\":{\"child\":{\"$ref\":\"#\"}}}"_s));
    }

    void invalidSchemas_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << u"{\"type\":"_s << u"Invalid JSON"_s;
        QTest::newRow("root is a number") << u"12"_s << u"must be an object or a boolean"_s;
        QTest::newRow("unknown type") << u"{\"type\":\"strin\"}"_s << u"Unknown type \"strin\""_s;
        QTest::newRow("type not a string") << u"{\"type\":5}"_s << u"\"type\" must be a type name"_s;
        QTest::newRow("properties not object")
            << u"{\"properties\":[]}"_s << u"\"properties\" must be an object"_s;
        QTest::newRow("property not a schema")
            << u"{\"properties\":{\"a\":5}}"_s
            << u"must be a schema (an object or a boolean) (at #/properties/a)"_s;
        QTest::newRow("required not strings")
            << u"{\"required\":[1]}"_s << u"\"required\" must be an array of strings"_s;
        QTest::newRow("negative minLength") << u"{\"type\":\"string\",\"minLength\":-1}"_s
                                            << u"\"minLength\" must be a non-negative integer"_s;
        QTest::newRow("maximum not a number")
            << u"{\"maximum\":\"5\"}"_s << u"\"maximum\" must be a number"_s;
        QTest::newRow("zero multipleOf")
            << u"{\"multipleOf\":0}"_s << u"\"multipleOf\" must be greater than 0"_s;
        QTest::newRow("bad pattern") << u"{\"pattern\":\"(\"}"_s << u"Invalid regular expression"_s;
        QTest::newRow("empty anyOf") << u"{\"anyOf\":[]}"_s << u"\"anyOf\" must be a non-empty array"_s;
        QTest::newRow("unresolvable ref") << u"{\"properties\":{\"a\":{\"$ref\":\"#/definitions/Nope\"}}}"_s
                                          << u"Could not resolve $ref \"#/definitions/Nope\""_s;
        QTest::newRow("missing external ref")
            << u"{\"$ref\":\"other.json\"}"_s << u"no reference named \"other.json\""_s;
        QTest::newRow("ref cycle")
            << u"{\"definitions\":{\"a\":{\"$ref\":\"#/definitions/b\"},\"b\":{\"$ref\":"
               u"\"#/definitions/a\"}},\"$ref\":\"#/definitions/a\"}"_s
            << u"Circular $ref"_s;
        QTest::newRow("invalid definition")
            << u"{\"definitions\":{\"x\":{\"type\":\"nope\"}}}"_s << u"(at #/definitions/x/type)"_s;
        QTest::newRow("uniqueItems not bool")
            << u"{\"uniqueItems\":1}"_s << u"\"uniqueItems\" must be a boolean"_s;
    }

    void invalidSchemas()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const ParseResult r = parseSchema(SchemaType::Json, input);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(expected), qPrintable(r.error));
    }

    // original = old schema, update = new schema; BACKWARD checks update against original.
    void differences_data()
    {
        QTest::addColumn<QString>("original");
        QTest::addColumn<QString>("update");
        QTest::addColumn<QStringList>("incompatible");
        QTest::addColumn<QStringList>("all");
        const QString open = u"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"_s;
        const QString closed =
            u"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"additionalProperties\":false}"_s;
        QTest::newRow("identical") << open << open << QStringList{} << QStringList{};
        QTest::newRow("property added to open model")
            << open
            << u"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"integer\"}}}"_s
            << QStringList{u"PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/b"_s}
            << QStringList{u"PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/b"_s};
        QTest::newRow("empty property added to open model")
            << open << u"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{}}}"_s
            << QStringList{}
            << QStringList{u"PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL #/properties/b"_s};
        QTest::newRow("optional property added to closed model")
            << closed
            << u"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":"
               u"\"integer\"}},"
               u"\"additionalProperties\":false}"_s
            << QStringList{}
            << QStringList{u"OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/b"_s};
        QTest::newRow("required property added to closed model")
            << closed
            << u"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":"
               u"\"integer\"}},"
               u"\"required\":[\"b\"],\"additionalProperties\":false}"_s
            << QStringList{u"REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/b"_s}
            << QStringList{u"REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/b"_s};
        QTest::newRow("property removed from open model")
            << open << u"{\"type\":\"object\",\"properties\":{}}"_s << QStringList{}
            << QStringList{u"PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/a"_s};
        QTest::newRow("property removed from closed model")
            << closed << u"{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}"_s
            << QStringList{u"PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a"_s}
            << QStringList{u"PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/a"_s};
        QTest::newRow("property removed, covered by additionalProperties schema")
            << closed
            << u"{\"type\":\"object\",\"properties\":{},\"additionalProperties\":{\"type\":\"string\"}}"_s
            << QStringList{}
            << QStringList{u"PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a"_s,
                           u"ADDITIONAL_PROPERTIES_ADDED #/additionalProperties"_s};
        QTest::newRow("property removed, not covered by additionalProperties schema")
            << closed
            << u"{\"type\":\"object\",\"properties\":{},\"additionalProperties\":{\"type\":\"integer\"}}"_s
            << QStringList{u"TYPE_CHANGED #/properties/a"_s,
                           u"PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/a"_s}
            << QStringList{};
        QTest::newRow("required added")
            << open
            << u"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]}"_s
            << QStringList{u"REQUIRED_ATTRIBUTE_ADDED #/required/a"_s}
            << QStringList{u"REQUIRED_ATTRIBUTE_ADDED #/required/a"_s};
        QTest::newRow("required removed")
            << u"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]}"_s
            << open << QStringList{} << QStringList{u"REQUIRED_ATTRIBUTE_REMOVED #/required/a"_s};
        QTest::newRow("type changed")
            << u"{\"type\":\"string\"}"_s << u"{\"type\":\"integer\"}"_s << QStringList{u"TYPE_CHANGED #/"_s}
            << QStringList{u"TYPE_CHANGED #/"_s};
        QTest::newRow("type narrowed")
            << u"{\"type\":\"number\"}"_s << u"{\"type\":\"integer\"}"_s
            << QStringList{u"TYPE_NARROWED #/type"_s} << QStringList{u"TYPE_NARROWED #/type"_s};
        QTest::newRow("type extended") << u"{\"type\":\"integer\"}"_s << u"{\"type\":\"number\"}"_s
                                       << QStringList{} << QStringList{u"TYPE_EXTENDED #/type"_s};
        QTest::newRow("made nullable") << u"{\"type\":\"string\"}"_s << u"{\"type\":[\"string\",\"null\"]}"_s
                                       << QStringList{} << QStringList{u"SUM_TYPE_EXTENDED #/"_s};
        QTest::newRow("nullable removed")
            << u"{\"type\":[\"string\",\"null\"]}"_s << u"{\"type\":\"string\"}"_s
            << QStringList{u"TYPE_CHANGED #/"_s} << QStringList{u"TYPE_CHANGED #/"_s};
        QTest::newRow("enum extended") << u"{\"enum\":[\"a\",\"b\"]}"_s << u"{\"enum\":[\"b\",\"a\",\"c\"]}"_s
                                       << QStringList{} << QStringList{u"ENUM_ARRAY_EXTENDED #/enum"_s};
        QTest::newRow("enum narrowed")
            << u"{\"enum\":[\"a\",\"b\"]}"_s << u"{\"enum\":[\"a\"]}"_s
            << QStringList{u"ENUM_ARRAY_NARROWED #/enum"_s} << QStringList{u"ENUM_ARRAY_NARROWED #/enum"_s};
        QTest::newRow("maxLength decreased")
            << u"{\"type\":\"string\",\"maxLength\":10}"_s << u"{\"type\":\"string\",\"maxLength\":5}"_s
            << QStringList{u"MAX_LENGTH_DECREASED #/maxLength"_s}
            << QStringList{u"MAX_LENGTH_DECREASED #/maxLength"_s};
        QTest::newRow("minimum added")
            << u"{\"type\":\"number\"}"_s << u"{\"type\":\"number\",\"minimum\":0}"_s
            << QStringList{u"MINIMUM_ADDED #/minimum"_s} << QStringList{u"MINIMUM_ADDED #/minimum"_s};
        QTest::newRow("maximum removed")
            << u"{\"type\":\"number\",\"maximum\":9}"_s << u"{\"type\":\"number\"}"_s << QStringList{}
            << QStringList{u"MAXIMUM_REMOVED #/maximum"_s};
        QTest::newRow("multipleOf reduced")
            << u"{\"type\":\"number\",\"multipleOf\":10}"_s << u"{\"type\":\"number\",\"multipleOf\":5}"_s
            << QStringList{} << QStringList{u"MULTIPLE_OF_REDUCED #/multipleOf"_s};
        QTest::newRow("items type changed")
            << u"{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"_s
            << u"{\"type\":\"array\",\"items\":{\"type\":\"boolean\"}}"_s
            << QStringList{u"TYPE_CHANGED #/items"_s} << QStringList{u"TYPE_CHANGED #/items"_s};
        QTest::newRow("minItems increased")
            << u"{\"type\":\"array\",\"minItems\":1}"_s << u"{\"type\":\"array\",\"minItems\":2}"_s
            << QStringList{u"MIN_ITEMS_INCREASED #/minItems"_s}
            << QStringList{u"MIN_ITEMS_INCREASED #/minItems"_s};
        QTest::newRow("additionalProperties closed")
            << open << closed << QStringList{u"ADDITIONAL_PROPERTIES_REMOVED #/additionalProperties"_s}
            << QStringList{u"ADDITIONAL_PROPERTIES_REMOVED #/additionalProperties"_s};
        QTest::newRow("description and default changes are compatible")
            << u"{\"type\":\"string\",\"description\":\"x\",\"default\":\"a\"}"_s
            << u"{\"type\":\"string\",\"description\":\"y\",\"default\":\"b\"}"_s << QStringList{}
            << QStringList{u"DESCRIPTION_CHANGED #/"_s, u"DEFAULT_CHANGED #/"_s};
        QTest::newRow("nested property type change")
            << u"{\"type\":\"object\",\"properties\":{\"o\":{\"type\":\"object\",\"properties\":{\"x\":{"
               u"\"type\":"
               u"\"string\"}}}}}"_s
            << u"{\"type\":\"object\",\"properties\":{\"o\":{\"type\":\"object\",\"properties\":{\"x\":{"
               u"\"type\":"
               u"\"number\"}}}}}"_s
            << QStringList{u"TYPE_CHANGED #/properties/o/properties/x"_s}
            << QStringList{u"TYPE_CHANGED #/properties/o/properties/x"_s};
        QTest::newRow("oneOf gains a branch")
            << u"{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}"_s
            << u"{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"},{\"type\":\"boolean\"}]}"_s
            << QStringList{} << QStringList{u"SUM_TYPE_EXTENDED #/"_s};
        QTest::newRow("oneOf loses a branch")
            << u"{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}"_s
            << u"{\"oneOf\":[{\"type\":\"string\"}]}"_s << QStringList{u"SUM_TYPE_NARROWED #/"_s}
            << QStringList{u"SUM_TYPE_NARROWED #/"_s};
        QTest::newRow("tuple item added to closed tuple (2020-12)")
            << u"{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}],\"items\":false}"_s
            << u"{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}],"
               u"\"items\":"
               u"false}"_s
            << QStringList{} << QStringList{u"ITEM_ADDED_TO_CLOSED_CONTENT_MODEL #/items/1"_s};
        QTest::newRow("tuple item added to open tuple")
            << u"{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}"_s
            << u"{\"type\":\"array\",\"items\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}"_s
            << QStringList{u"ITEM_ADDED_TO_OPEN_CONTENT_MODEL #/items/1"_s}
            << QStringList{u"ITEM_ADDED_TO_OPEN_CONTENT_MODEL #/items/1"_s};
        QTest::newRow("recursive") << u"{\"type\":\"object\",\"properties\":{\"c\":{\"$ref\":\"#\"}}}"_s
                                   << u"{\"type\":\"object\",\"properties\":{\"c\":{\"$ref\":\"#\"}}}"_s
                                   << QStringList{} << QStringList{};
    }

    void differences()
    {
        QFETCH(QString, original);
        QFETCH(QString, update);
        QFETCH(QStringList, incompatible);
        QFETCH(QStringList, all);
        const auto o = json(original);
        const auto u = json(update);
        QVERIFY(o && u);
        const auto diffs = jsonSchemaDifferences(*o, *u);
        QCOMPARE(types(diffs, true), incompatible);
        if (!all.isEmpty())
            QCOMPARE(types(diffs, false), all);
    }

    void truncatedAndCorruptedInputsNeverCrash()
    {
        const QString text =
            u"{\"$id\":\"x\",\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/definitions/A\"},"
            u"\"b\":{\"type\":[\"string\",\"null\"],\"maxLength\":3}},\"definitions\":{\"A\":{"
            u"\"oneOf\":[{\"type\":\"integer\"},{\"enum\":[1,2]}]}},\"required\":[\"a\"]}"_s;
        QVERIFY(parseSchema(SchemaType::Json, text).ok());
        const QString noise = u"{}[]\",:0a-#"_s;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const ParseResult prefix = parseSchema(SchemaType::Json, text.left(i));
            QVERIFY(prefix.ok() || !prefix.error.isEmpty());
            QString corrupted = text;
            corrupted[i] = noise[i % noise.size()];
            const ParseResult r = parseSchema(SchemaType::Json, corrupted);
            QVERIFY(r.ok() || !r.error.isEmpty());
            if (r.ok()) // whatever parses can be compared with the original
                QVERIFY(!checkReaderWriter(*r.schema, *parseSchema(SchemaType::Json, text).schema)
                             .messages.contains(QString()));
        }
    }

    // Nested anyOf over definitions that refer to each other: without memoisation the pairwise
    // comparison of combined schemas grows as 4^depth.
    void combinedRecursionStaysFast()
    {
        QString defs;
        const int depth = 30;
        for (int i = 0; i < depth; ++i) {
            defs +=
                u"\"D%1\":{\"anyOf\":[{\"$ref\":\"#/definitions/D%2\"},{\"type\":\"object\",\"properties\":{"
                u"\"n\":{\"$ref\":\"#/definitions/D%2\"}}}]},"_s.arg(i)
                    .arg(i + 1);
        }
        defs += u"\"D%1\":{\"type\":\"string\"}"_s.arg(depth);
        const QString text = u"{\"$ref\":\"#/definitions/D0\",\"definitions\":{%1}}"_s.arg(defs);
        const auto a = json(text);
        const auto b = json(QString(text).replace(u"{\"type\":\"string\"}"_s, u"{\"type\":\"integer\"}"_s));
        QVERIFY(a && b);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(jsonSchemaDifferences(*a, *a).isEmpty());
        const auto diffs = jsonSchemaDifferences(*a, *b);
        QVERIFY(!diffs.isEmpty());
        QVERIFY(std::any_of(diffs.begin(), diffs.end(),
                            [](const JsonSchemaDifference &d) { return !d.compatible; }));
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    }

    // Two references to the next definition at every level: 2^depth paths reach the leaf.
    void manyPathsToOneChangeStayBounded()
    {
        auto chain = [](const QString &leaf) {
            QString defs;
            for (int i = 0; i < 40; ++i)
                defs += u"\"D%1\":{\"type\":\"object\",\"properties\":{\"l\":{\"$ref\":\"#/definitions/"
                        u"D%2\"},\"r\":{"
                        u"\"$ref\":\"#/definitions/D%2\"}}},"_s.arg(i)
                            .arg(i + 1);
            defs += u"\"D40\":{\"type\":\"%1\"}"_s.arg(leaf);
            return u"{\"$ref\":\"#/definitions/D0\",\"definitions\":{%1}}"_s.arg(defs);
        };
        const auto a = json(chain(u"string"_s));
        const auto b = json(chain(u"integer"_s));
        QVERIFY(a && b);
        QElapsedTimer timer;
        timer.start();
        const auto diffs = jsonSchemaDifferences(*a, *b);
        QVERIFY(!diffs.isEmpty() && diffs.size() <= 1000);
        QVERIFY(!checkReaderWriter(*b, *a).compatible);
        QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
    }

    void compatibilityThroughReferences()
    {
        const QString text = u"{\"type\":\"object\",\"properties\":{\"home\":{\"$ref\":\"address.json\"}}}"_s;
        const auto oldSchema =
            json(text, {{u"address.json"_s, SchemaType::Json,
                         u"{\"type\":\"object\",\"properties\":{\"zip\":{\"type\":\"string\"}}}"_s}});
        const auto newSchema =
            json(text, {{u"address.json"_s, SchemaType::Json,
                         u"{\"type\":\"object\",\"properties\":{\"zip\":{\"type\":\"integer\"}}}"_s}});
        QVERIFY(oldSchema && newSchema);
        QCOMPARE(oldSchema->canonicalText(), newSchema->canonicalText());
        QCOMPARE(types(jsonSchemaDifferences(*oldSchema, *newSchema), true),
                 QStringList{u"TYPE_CHANGED #/properties/home/properties/zip"_s});
        QVERIFY(!checkCompatibility(CompatibilityLevel::Backward, *newSchema, {oldSchema}).compatible);
    }

    void levelsAndMessages()
    {
        const ParsedSchemaPtr v1 =
            json(u"{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}"_s);
        const ParsedSchemaPtr v2 = json(u"{\"type\":\"object\",\"properties\":{}}"_s);
        QVERIFY(v1 && v2);
        // Removing a property from an open model is backward compatible, adding one back is not.
        QVERIFY(checkCompatibility(CompatibilityLevel::Backward, *v2, {v1}).compatible);
        const auto forward = checkCompatibility(CompatibilityLevel::Forward, *v2, {v1});
        QVERIFY(!forward.compatible);
        QCOMPARE(
            forward.messages,
            QStringList{
                u"{errorType:\"PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL\", description:\"The old schema has an "
                u"open content model and has a property or item at path '#/properties/a' which is "
                u"missing in the new schema\"}"_s});
        QVERIFY(!checkCompatibility(CompatibilityLevel::Full, *v2, {v1}).compatible);
        const ParsedSchemaPtr avro = parseSchema(SchemaType::Avro, u"\"string\""_s).schema;
        QVERIFY(avro);
        QCOMPARE(checkCompatibility(CompatibilityLevel::Backward, *avro, {v1}).messages,
                 QStringList{u"Incompatible because of different schema type"_s});
    }
};

QTEST_GUILESS_MAIN(TestJsonSchema)
#include "tst_jsonschema.moc"
