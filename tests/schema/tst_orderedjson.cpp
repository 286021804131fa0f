#include "schema/OrderedJson.h"

#include <QTest>

using namespace Qt::StringLiterals;
using sd::schema::JsonFormat;
using sd::schema::JsonValue;

class TestOrderedJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsKeyOrder()
    {
        const auto r = sd::schema::parseJson(u"{ \"b\" : 1, \"a\" : [true, null, \"x\\ny\"] }");
        QVERIFY2(r.value, qPrintable(r.error));
        QCOMPARE(sd::schema::writeJson(*r.value), u"{\"b\":1,\"a\":[true,null,\"x\\ny\"]}"_s);
        QCOMPARE(sd::schema::writeJson(sd::schema::sortedJson(*r.value)),
                 u"{\"a\":[true,null,\"x\\ny\"],\"b\":1}"_s);
    }

    void duplicateKeysLastWinsAtFirstPosition()
    {
        const auto r = sd::schema::parseJson(u"{\"a\":1,\"b\":2,\"a\":3}");
        QVERIFY(r.value);
        QCOMPARE(sd::schema::writeJson(*r.value), u"{\"a\":3,\"b\":2}"_s);
    }

    void escapesLikeJackson()
    {
        QString out;
        sd::schema::writeJsonString(u"q\"b\\s/\u0001é"_s, out);
        QCOMPARE(out, u"\"q\\\"b\\\\s/\\u0001é\""_s);
    }

    void rejectsInvalidJson_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("trailing comma") << u"[1,]"_s;
        QTest::newRow("leading zero") << u"01"_s;
        QTest::newRow("unterminated") << u"{\"a\":"_s;
        QTest::newRow("single quotes") << u"{'a':1}"_s;
        QTest::newRow("garbage after") << u"{} x"_s;
        QTest::newRow("bad escape") << u"\"\\q\""_s;
        QTest::newRow("empty") << u""_s;
    }

    void rejectsInvalidJson()
    {
        QFETCH(QString, text);
        const auto r = sd::schema::parseJson(text);
        QVERIFY(!r.value);
        QVERIFY(r.error.contains(u"line"_s));
    }

    void commentsOnlyWhenAllowed()
    {
        const QString text = u"/* lead */ {\"a\": // note\n 1}"_s;
        QVERIFY(!sd::schema::parseJson(text).value);
        const auto r = sd::schema::parseJson(text, sd::schema::JsonSyntax::AllowComments);
        QVERIFY2(r.value, qPrintable(r.error));
        QCOMPARE(sd::schema::writeJson(*r.value), u"{\"a\":1}"_s);
        QVERIFY(!sd::schema::parseJson(u"{} /* open"_s, sd::schema::JsonSyntax::AllowComments).value);
    }

    void boundsNesting()
    {
        const QString deep = QString(u"["_s).repeated(100000) + QString(u"]"_s).repeated(100000);
        const auto r = sd::schema::parseJson(deep);
        QVERIFY(!r.value);
        QVERIFY2(r.error.contains(u"nesting deeper than"_s), qPrintable(r.error));
        QVERIFY(sd::schema::parseJson(QString(u"["_s).repeated(500) + QString(u"]"_s).repeated(500)).value);
    }

    void javaNumberFormatting()
    {
        QCOMPARE(sd::schema::jacksonNumberText(u"1.50"_s), u"1.5"_s);
        QCOMPARE(sd::schema::jacksonNumberText(u"1e2"_s), u"100.0"_s);
        QCOMPARE(sd::schema::jacksonNumberText(u"12"_s), u"12"_s);
        QCOMPARE(sd::schema::jacksonNumberText(u"1.0E10"_s), u"1.0E10"_s);
        QCOMPARE(sd::schema::jacksonNumberText(u"0.001"_s), u"0.001"_s);
        QCOMPARE(sd::schema::jacksonNumberText(u"0.0001"_s), u"1.0E-4"_s);
        QCOMPARE(sd::schema::jacksonNumberText(u"1234567.5"_s), u"1234567.5"_s);
        QCOMPARE(sd::schema::jacksonNumberText(u"12345678.5"_s), u"1.23456785E7"_s);
        QCOMPARE(sd::schema::javaFloatToString(0.1f), u"0.1"_s);
    }

    void prettyPrints()
    {
        const auto r = sd::schema::parseJson(u"{\"a\":[1,2],\"b\":{}}");
        QVERIFY(r.value);
        QCOMPARE(sd::schema::writeJson(*r.value, JsonFormat::Pretty),
                 u"{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}"_s);
    }
};

QTEST_GUILESS_MAIN(TestOrderedJson)
#include "tst_orderedjson.moc"
