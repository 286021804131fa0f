// A bulk load's snapshot with its texts compressed page by page: every text comes back exactly (block
// boundaries, big texts, non-ASCII, empty), hashes equal the texts' hashes, pages built separately give
// the same snapshot as one list of records, and reading is independent per store and per thread.
#include "registry/RegistrySnapshot.h"
#include "registry/TextBlocks.h"

#include <QtConcurrent/QtConcurrentRun>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::registry::RegistrySnapshot;
using sd::registry::TextBlocks;

namespace {

QString text(int i)
{
    if (i % 97 == 0)
        return QString(); // empty texts happen (a broken registry); they must not disturb their neighbours
    QString body = u"{\"type\":\"record\",\"name\":\"R%1\",\"doc\":\"ünïcødé ✓ %1\",\"fields\":["_s.arg(i);
    const int fields = i % 50 == 0 ? 3000 : 1 + i % 20; // some bigger than a block
    for (int f = 0; f < fields; ++f)
        body += u"%1{\"name\":\"f%2\",\"type\":\"string\"}"_s.arg(f ? u","_s : QString()).arg(f * i);
    return body + u"]}"_s;
}

QList<RegistrySnapshot::Record> records(int subjects)
{
    QList<RegistrySnapshot::Record> out;
    for (int s = 0; s < subjects; ++s) {
        const QString number = u"%1"_s.arg(s, 5, 10, QChar(u'0'));
        const QString subject = s % 3 == 0 ? u":.ctx:s"_s + number : u"s"_s + number;
        for (int v = 1; v <= 3; ++v) {
            const int id = s * 3 + v;
            out.append({subject, v, id, v == 2 ? u"JSON"_s : QString(), text(id),
                        v == 3 ? QList<sd::registry::SchemaReference>{{u"r"_s, u"s00000"_s, 1}}
                               : QList<sd::registry::SchemaReference>{},
                        v == 1 && s % 5 == 0});
        }
    }
    return out;
}

} // namespace

class TestRegistrySnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void textsComeBackExactly()
    {
        TextBlocks store;
        QList<TextBlocks::Span> spans;
        qint64 raw = 0;
        for (int i = 0; i < 2000; ++i) {
            spans << store.add(text(i));
            raw += text(i).toUtf8().size();
        }
        store.seal();
        QVERIFY(store.blockCount() > 10);
        QCOMPARE(store.rawBytes(), raw);
        QVERIFY2(store.compressedBytes() * 4 < raw,
                 qPrintable(u"%1 of %2 bytes"_s.arg(store.compressedBytes()).arg(raw)));
        // In order, backwards (a new block each time), and through a reader.
        for (int i = 0; i < 2000; ++i)
            QCOMPARE(store.text(spans.at(i)), text(i));
        TextBlocks::Reader reader(store);
        for (int i = 1999; i >= 0; --i) {
            QCOMPARE(store.text(spans.at(i)), text(i));
            QCOMPARE(reader.text(spans.at(i)), text(i));
        }
        QCOMPARE(store.text(TextBlocks::Span{}), QString());
    }

    // Two stores, and a copy that grew apart, never read each other's blocks through the per-thread
    // cache of the last block.
    void storesStayApart()
    {
        TextBlocks first;
        const TextBlocks::Span a = first.add(u"first store"_s);
        first.seal();
        TextBlocks copy = first;
        TextBlocks more;
        more.add(u"x"_s);
        more.seal();
        const int at = copy.adopt(more);
        QCOMPARE(at, 1);
        TextBlocks second;
        const TextBlocks::Span b = second.add(u"second store"_s);
        second.seal();
        QCOMPARE(first.text(a), u"first store"_s);
        QCOMPARE(second.text(b), u"second store"_s);
        QCOMPARE(copy.text(a), u"first store"_s);
        QCOMPARE(copy.text(TextBlocks::Span{1, 0, 1}), u"x"_s);
        QCOMPARE(first.text(a), u"first store"_s);
        // Another thread has its own cache.
        const QString other = QtConcurrent::run([&second, b] { return second.text(b); }).result();
        QCOMPARE(other, u"second store"_s);
    }

    // A snapshot built from pages packed separately (a subject straddling two pages, pages arriving out
    // of order) holds exactly what one built from the plain records does, texts and hashes included.
    void pagesBuildTheSameSnapshot()
    {
        const QList<RegistrySnapshot::Record> all = records(400);
        QStringList subjects;
        for (const RegistrySnapshot::Record &r : all) {
            if (subjects.isEmpty() || subjects.constLast() != r.subject)
                subjects << r.subject;
        }
        subjects << u"no-versions"_s;
        const auto whole = RegistrySnapshot::build(subjects, all);
        QList<RegistrySnapshot::Page> pages;
        for (qsizetype at = all.size() - all.size() % 100; at >= 0; at -= 100) // last page first
            pages.append(RegistrySnapshot::pack(all.mid(at, 100)));
        const auto paged = RegistrySnapshot::build(subjects, std::move(pages));
        QCOMPARE(paged->subjectCount(), 401);
        QCOMPARE(paged->versionCount(), whole->versionCount());
        QCOMPARE(paged->contextCount(), 2);
        QHash<QString, const RegistrySnapshot::Record *> byKey;
        for (const RegistrySnapshot::Record &r : all)
            byKey.insert(r.subject + u'#' + QString::number(r.version), &r);
        for (const auto &snapshot : {whole, paged}) {
            int checked = 0;
            for (int s = 0; s < snapshot->subjectCount(); ++s) {
                const RegistrySnapshot::Subject &subject = snapshot->subject(s);
                for (int v = subject.versionsBegin; v < subject.versionsBegin + subject.versionsCount; ++v) {
                    const RegistrySnapshot::Version &version = snapshot->version(v);
                    const RegistrySnapshot::Record *original =
                        byKey.value(snapshot->qualifiedName(s) + u'#' + QString::number(version.version));
                    QVERIFY(original);
                    QCOMPARE(snapshot->schemaText(version), original->schema);
                    QCOMPARE(snapshot->schemaHash(version), RegistrySnapshot::textHash(original->schema));
                    QCOMPARE(version.id, original->id);
                    QCOMPARE(version.deleted, original->deleted);
                    QCOMPARE(snapshot->typeName(version),
                             original->schemaType.isEmpty() ? u"AVRO"_s : original->schemaType);
                    QCOMPARE(snapshot->references(version), original->references);
                    ++checked;
                }
            }
            QCOMPARE(checked, all.size());
            QCOMPARE(snapshot->findSubject(u"no-versions"_s) >= 0, true);
        }
        QVERIFY(paged->approximateBytes() * 3 < paged->rawTextBytes());
    }

    // One id within a context names one text, stored once; the same id with another text (a registry
    // that reuses ids wrongly) keeps both.
    void schemasSharedByIdWithinAContext()
    {
        const QString shared = u"{\"type\":\"string\"}"_s;
        QList<RegistrySnapshot::Record> list{
            {u"a"_s, 1, 1, {}, shared, {}, false},
            {u"b"_s, 1, 1, {}, shared, {}, false},
            {u":.other:a"_s, 1, 1, {}, shared, {}, false},
            {u"c"_s, 1, 1, {}, u"\"int\""_s, {}, false},
        };
        const auto snapshot = RegistrySnapshot::build({}, list);
        QCOMPARE(snapshot->schemaCount(), 3);
        const int c = snapshot->latestLiveVersion(snapshot->findSubject(u"c"_s));
        QCOMPARE(snapshot->schemaText(snapshot->version(c)), u"\"int\""_s);
    }
};

QTEST_GUILESS_MAIN(TestRegistrySnapshot)
#include "tst_registrysnapshot.moc"
