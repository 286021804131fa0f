#include "diff/SchemaDiff.h"
#include "diff/SchemaNormalizer.h"
#include "diff/TextDiffer.h"
#include "schema/OrderedJson.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::diff::Normalization;
using sd::diff::SchemaNormalizer;
using sd::schema::SchemaType;

namespace {

// Fixtures use single quotes (moc trips over raw string literals).
QString json(const char *utf8)
{
    return QString::fromUtf8(utf8).replace(u'\'', u'"');
}

QString compact(const QString &text)
{
    const auto parsed = sd::schema::parseJson(text);
    return parsed.value ? sd::schema::writeJson(*parsed.value) : u"<invalid: "_s + parsed.error + u'>';
}

QString canonical(SchemaType type, const QString &text)
{
    const auto result = SchemaNormalizer::normalize(type, text, Normalization::Canonical);
    return result.ok() ? result.text : u"<error: "_s + result.error + u'>';
}

} // namespace

class TestSchemaNormalizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void asStoredIsUntouched()
    {
        const QString text = json("{'b':1,  'a':2}");
        const auto result = SchemaNormalizer::normalize(SchemaType::Json, text, Normalization::AsStored);
        QVERIFY(result.ok());
        QCOMPARE(result.text, text);
    }

    void prettyKeepsKeyOrder()
    {
        const auto result = SchemaNormalizer::normalize(
            SchemaType::Json, json("{'b':1,'a':{'y':true,'x':null}}"), Normalization::Pretty);
        QVERIFY(result.ok());
        QVERIFY(result.text.count(u'\n') >= 5);
        QVERIFY(result.text.indexOf(u"\"b\"") < result.text.indexOf(u"\"a\""));
        QVERIFY(result.text.indexOf(u"\"y\"") < result.text.indexOf(u"\"x\""));
        QCOMPARE(compact(result.text), json("{'b':1,'a':{'y':true,'x':null}}"));
    }

    void reorderedJsonKeysEqualWhenCanonical()
    {
        const QString left =
            json("{'type':'object','properties':{'id':{'type':'integer'},'name':{'type':'string'}},"
                 "'required':['id']}");
        const QString right =
            json("{'required':['id'],'properties':{'name':{'type':'string'},'id':{'type':'integer'}},"
                 "'type':'object'}");
        QCOMPARE(canonical(SchemaType::Json, left), canonical(SchemaType::Json, right));
        const auto pretty = [](const QString &text) {
            return SchemaNormalizer::normalize(SchemaType::Json, text, Normalization::Pretty).text;
        };
        QVERIFY(pretty(left) != pretty(right));
        const auto diff =
            sd::diff::TextDiffer::diff(canonical(SchemaType::Json, left), canonical(SchemaType::Json, right));
        QVERIFY(diff.stats.identical());
        // Array order is data, not formatting.
        QVERIFY(canonical(SchemaType::Json, json("{'enum':['a','b']}")) !=
                canonical(SchemaType::Json, json("{'enum':['b','a']}")));
    }

    void avroCanonicalDropsWhatDoesNotMatter()
    {
        const QString stored =
            json("{'type':'record','name':'pageviews','namespace':'ksql','doc':'views',"
                 "'fields':[{'name':'viewtime','type':'long','doc':'ms'},"
                 "{'name':'userid','type':{'type':'string'},'default':'x','order':'descending'}],"
                 "'connect.name':'ksql.pageviews'}");
        const QString plain =
            json("{'namespace':'ksql','name':'pageviews','type':'record',"
                 "'fields':[{'type':'long','name':'viewtime'},{'name':'userid','type':'string'}]}");
        QCOMPARE(canonical(SchemaType::Avro, stored), canonical(SchemaType::Avro, plain));
        QCOMPARE(compact(canonical(SchemaType::Avro, plain)),
                 json("{'name':'ksql.pageviews','type':'record','fields':[{'name':'viewtime','type':'long'},"
                      "{'name':'userid','type':'string'}]}"));
        const QString changedType = QString(plain).replace(u"\"long\""_s, u"\"int\""_s);
        QVERIFY(canonical(SchemaType::Avro, changedType) != canonical(SchemaType::Avro, plain));
        // Pretty keeps everything.
        const auto pretty = SchemaNormalizer::normalize(SchemaType::Avro, stored, Normalization::Pretty);
        QVERIFY(pretty.text.contains(u"connect.name"_s));
    }

    void avroCanonicalMatchesSpecificationVectors()
    {
        QFile file(QStringLiteral(SD_SHARED_DIR "/reference/avro-canonical-form-tests.txt"));
        if (!file.open(QIODevice::ReadOnly))
            QSKIP("shared reference vectors not available");
        const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
        int checked = 0;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (!lines[i].startsWith(u"<<INPUT"))
                continue;
            QString input;
            if (lines[i] == u"<<INPUT") {
                for (++i; i < lines.size() && lines[i] != u"INPUT"; ++i)
                    input += lines[i] + u'\n';
            } else {
                input = lines[i].mid(8);
            }
            while (i < lines.size() && !lines[i].startsWith(u"<<canonical "))
                ++i;
            QVERIFY(i < lines.size());
            const QString expected = lines[i].mid(12);
            const auto result =
                SchemaNormalizer::normalize(SchemaType::Avro, input, Normalization::Canonical);
            QVERIFY2(result.ok(), qPrintable(input + u": "_s + result.error));
            QCOMPARE(compact(result.text), expected);
            ++checked;
        }
        QVERIFY(checked > 20);
    }

    void schemaDiffAsyncNormalisesAndSummarises()
    {
        sd::diff::SchemaDiffRequest request;
        request.type = SchemaType::Avro;
        request.left =
            json("{'type':'record','name':'R','doc':'old doc','fields':[{'name':'a','type':'int'}]}");
        request.right = json("{'name':'R','type':'record','fields':[{'name':'a','type':'long'}]}");
        request.normalization = Normalization::Canonical;
        request.semantic = true;
        request.level = sd::schema::CompatibilityLevel::Backward;
        QFuture<sd::diff::SchemaDiffResult> future = sd::diff::runSchemaDiffAsync(request);
        future.waitForFinished();
        QCOMPARE(future.resultCount(), 1);
        const sd::diff::SchemaDiffResult result = future.result();
        QVERIFY(result.leftError.isEmpty() && result.rightError.isEmpty());
        // Only the type line differs once doc and key order are normalised away.
        QCOMPARE(result.diff.stats.changedRows, 1);
        QCOMPARE(result.diff.stats.addedRows + result.diff.stats.removedRows, 0);
        QVERIFY(result.semantic.has_value());
        QCOMPARE(result.semantic->changes.size(), 1);
        QVERIFY(result.semantic->compatible());

        request.right = u"{ broken"_s;
        const sd::diff::SchemaDiffResult broken = sd::diff::SchemaDiff::run(request);
        QVERIFY(!broken.rightError.isEmpty());
        QCOMPARE(broken.diff.right, u"{ broken"_s);
        QVERIFY(!broken.semantic->ok());
    }

    void failuresKeepTheText()
    {
        const QString broken = u"{\"type\": \"record\", "_s;
        for (Normalization mode : {Normalization::Pretty, Normalization::Canonical}) {
            const auto result = SchemaNormalizer::normalize(SchemaType::Avro, broken, mode);
            QVERIFY(!result.ok());
            QCOMPARE(result.text, broken);
        }
        const auto proto = SchemaNormalizer::normalize(
            SchemaType::Protobuf, u"syntax = \"proto3\"; message {"_s, Normalization::Canonical);
        QVERIFY(!proto.ok());
        QCOMPARE(proto.text, u"syntax = \"proto3\"; message {"_s);
    }
};

QTEST_GUILESS_MAIN(TestSchemaNormalizer)
#include "tst_schemanormalizer.moc"
