// The compressed store of each subject's newest schema text: which version it keeps, texts that come
// back exactly (blocks, big texts, non-ASCII), subjects straddling two pages, and updates.
#include "registry/LatestSchemas.h"

#include <QTest>

using namespace Qt::StringLiterals;
using sd::registry::LatestSchemas;

namespace {

QString body(int i, int fields)
{
    QString text = u"{\"type\":\"record\",\"name\":\"R%1\",\"fields\":["_s.arg(i);
    for (int f = 0; f < fields; ++f)
        text +=
            u"%1{\"name\":\"field_%2\",\"type\":\"string\",\"doc\":\"f %2 of %3\"}"_s.arg(f ? u","_s : u""_s)
                .arg(f)
                .arg(i);
    return text + u"]}"_s;
}

} // namespace

class TestLatestSchemas : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsTheNewestLiveVersion()
    {
        LatestSchemas store;
        LatestSchemas::Chunk chunk;
        chunk.add(u"a"_s, 1, 1, u"AVRO"_s, false, u"a1"_s);
        chunk.add(u"a"_s, 3, 3, u"AVRO"_s, true, u"a3 deleted"_s); // soft-deleted: not the newest live
        chunk.add(u"a"_s, 2, 2, u"AVRO"_s, false, u"a2"_s);
        chunk.add(u"gone"_s, 1, 4, u"JSON"_s, true, u"g1"_s);
        chunk.add(u"gone"_s, 2, 5, u"JSON"_s, true, u"g2"_s);    // all deleted: the newest deleted one
        chunk.add(u":.eu:a"_s, 1, 1, QString(), false, u"eu"_s); // no type: AVRO
        chunk.finish();
        store.append(std::move(chunk));
        QCOMPARE(store.size(), 3);
        const LatestSchemas::Entry &a = store.entry(store.find(u"a"_s));
        QCOMPARE(a.version, 2);
        QCOMPARE(a.id, 2);
        QVERIFY(!a.deleted);
        QCOMPARE(store.text(store.find(u"a"_s)), u"a2"_s);
        const LatestSchemas::Entry &gone = store.entry(store.find(u"gone"_s));
        QCOMPARE(gone.version, 2);
        QVERIFY(gone.deleted);
        QCOMPARE(gone.schemaType, u"JSON"_s);
        QCOMPARE(store.entry(store.find(u":.eu:a"_s)).schemaType, u"AVRO"_s);
        QCOMPARE(store.text(store.find(u":.eu:a"_s)), u"eu"_s);
        QCOMPARE(store.find(u"missing"_s), -1);
    }

    // A subject whose versions are split over two pages keeps the better one, in its first place.
    void subjectStraddlingTwoPages()
    {
        LatestSchemas store;
        LatestSchemas::Chunk first;
        first.add(u"a"_s, 1, 1, u"AVRO"_s, false, u"a1"_s);
        first.add(u"b"_s, 1, 2, u"AVRO"_s, false, u"b1"_s);
        first.finish();
        LatestSchemas::Chunk second;
        second.add(u"b"_s, 2, 3, u"AVRO"_s, false, u"b2"_s);
        second.add(u"c"_s, 1, 4, u"AVRO"_s, false, u"c1"_s);
        second.finish();
        store.append(std::move(first));
        store.append(std::move(second));
        QCOMPARE(store.size(), 3);
        QCOMPARE(store.find(u"b"_s), 1);
        QCOMPARE(store.text(1), u"b2"_s);
        QCOMPARE(store.entry(1).version, 2);
        QCOMPARE(store.text(2), u"c1"_s);
        // The other way round (the newer page first) keeps the newer too.
        LatestSchemas reversed;
        LatestSchemas::Chunk newer;
        newer.add(u"b"_s, 2, 3, u"AVRO"_s, false, u"b2"_s);
        newer.finish();
        LatestSchemas::Chunk older;
        older.add(u"b"_s, 1, 2, u"AVRO"_s, false, u"b1"_s);
        older.finish();
        reversed.append(std::move(newer));
        reversed.append(std::move(older));
        QCOMPARE(reversed.text(reversed.find(u"b"_s)), u"b2"_s);
    }

    // Thousands of texts over many blocks, one bigger than a block, and non-ASCII: every one comes back
    // byte for byte, read at random and in order; the store holds far less than the text.
    void textsComeBackExactly()
    {
        LatestSchemas store;
        QStringList expected;
        for (int page = 0; page < 4; ++page) {
            LatestSchemas::Chunk chunk;
            for (int i = 0; i < 500; ++i) {
                const int n = page * 500 + i;
                QString text = body(n, 5 + n % 40);
                if (n == 777)
                    text = body(n, 3000); // ~190 KB: a block of its own
                if (n % 100 == 3)
                    text += u" // café ✓ 𝄞 \"quoted\" \\ back"_s;
                expected << text;
                chunk.add(u"s%1"_s.arg(n, 5, 10, QChar(u'0')), 1, n + 1, u"AVRO"_s, false, text);
            }
            chunk.finish();
            store.append(std::move(chunk));
        }
        QCOMPARE(store.size(), 2000);
        qint64 raw = 0;
        for (const QString &text : std::as_const(expected))
            raw += text.toUtf8().size();
        QCOMPARE(store.rawBytes(), raw);
        QVERIFY2(store.compressedBytes() * 4 < raw,
                 qPrintable(u"%1 of %2 bytes"_s.arg(store.compressedBytes()).arg(raw)));
        QVERIFY(store.approximateBytes() < raw / 2);
        for (int i : {1999, 0, 777, 103, 1500, 776, 778})
            QCOMPARE(store.text(i), expected.at(i));
        LatestSchemas::Reader reader(store);
        for (int i = 0; i < store.size(); ++i)
            QCOMPARE(reader.text(i), expected.at(i));
        QVERIFY(store.entry(778).block != store.entry(777).block);
    }

    // After a register or a delete the subject's versions are read again: a new store, the old intact.
    void updatesMakeANewStore()
    {
        auto store = std::make_shared<LatestSchemas>();
        LatestSchemas::Chunk chunk;
        chunk.add(u"a"_s, 1, 1, u"AVRO"_s, false, u"a1"_s);
        chunk.add(u"b"_s, 1, 2, u"AVRO"_s, false, u"b1"_s);
        chunk.finish();
        store->append(std::move(chunk));
        const sd::registry::LatestSchemasPtr before = store;

        const auto registered =
            before->withSubject(u"a"_s, {{1, 1, u"AVRO"_s, false, u"a1"_s},
                                         {2, 7, u"PROTOBUF"_s, false, u"syntax = \"proto3\";"_s}});
        QCOMPARE(registered->find(u"a"_s), 0); // keeps its place
        QCOMPARE(registered->entry(0).version, 2);
        QCOMPARE(registered->entry(0).schemaType, u"PROTOBUF"_s);
        QCOMPARE(registered->text(0), u"syntax = \"proto3\";"_s);
        QCOMPARE(registered->text(1), u"b1"_s);
        QCOMPARE(before->text(0), u"a1"_s);

        // A soft-deleted newest version: the previous live one is the newest again.
        const auto softDeleted = registered->withSubject(
            u"a"_s, {{1, 1, u"AVRO"_s, false, u"a1"_s}, {2, 7, u"PROTOBUF"_s, true, u"x"_s}});
        QCOMPARE(softDeleted->entry(0).version, 1);
        QCOMPARE(softDeleted->text(0), u"a1"_s);

        const auto removed = softDeleted->withSubject(u"b"_s, {});
        QCOMPARE(removed->find(u"b"_s), -1);
        QVERIFY(removed->entry(1).removed);
        const auto added = removed->withSubject(u"new"_s, {{1, 9, u"JSON"_s, false, u"{}"_s}});
        QCOMPARE(added->text(added->find(u"new"_s)), u"{}"_s);
        QCOMPARE(added->size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestLatestSchemas)
#include "tst_latestschemas.moc"
