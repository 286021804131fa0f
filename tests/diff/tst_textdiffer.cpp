#include "diff/TextDiffer.h"

#include <atomic>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>
#include <QThread>
#include <thread>

using namespace Qt::StringLiterals;
using sd::diff::DiffOptions;
using sd::diff::DiffResult;
using sd::diff::RowKind;
using sd::diff::TextDiffer;
using sd::diff::TextRange;
using sd::diff::WhitespaceMode;

namespace {

QString lines(const QStringList &list)
{
    QString text;
    for (const QString &line : list)
        text += line + u'\n';
    return text;
}

// Row kinds as a compact string: '=' equal, '~' changed, '+' added, '-' removed.
QString shape(const DiffResult &result)
{
    QString out;
    for (const auto &row : result.rows) {
        switch (row.kind) {
        case RowKind::Equal:
            out += u'=';
            break;
        case RowKind::Changed:
            out += u'~';
            break;
        case RowKind::Added:
            out += u'+';
            break;
        case RowKind::Removed:
            out += u'-';
            break;
        }
    }
    return out;
}

// Every line of both sides appears exactly once, in order, and equal rows really are equal.
void verifyAlignment(const DiffResult &result, bool exact = true)
{
    int nextLeft = 0;
    int nextRight = 0;
    for (const auto &row : result.rows) {
        if (row.leftLine >= 0)
            QCOMPARE(row.leftLine, nextLeft++);
        if (row.rightLine >= 0)
            QCOMPARE(row.rightLine, nextRight++);
        switch (row.kind) {
        case RowKind::Equal:
            QVERIFY(row.leftLine >= 0 && row.rightLine >= 0);
            if (exact)
                QCOMPARE(result.leftLine(row.leftLine), result.rightLine(row.rightLine));
            break;
        case RowKind::Changed:
            QVERIFY(row.leftLine >= 0 && row.rightLine >= 0);
            break;
        case RowKind::Added:
            QVERIFY(row.leftLine < 0 && row.rightLine >= 0);
            break;
        case RowKind::Removed:
            QVERIFY(row.leftLine >= 0 && row.rightLine < 0);
            break;
        }
    }
    QCOMPARE(nextLeft, result.leftLineCount());
    QCOMPARE(nextRight, result.rightLineCount());
}

int equalRows(const DiffResult &result)
{
    int count = 0;
    for (const auto &row : result.rows)
        count += row.kind == RowKind::Equal ? 1 : 0;
    return count;
}

int lcsLength(const QStringList &a, const QStringList &b)
{
    QList<QList<int>> table(a.size() + 1, QList<int>(b.size() + 1, 0));
    for (qsizetype i = a.size() - 1; i >= 0; --i) {
        for (qsizetype j = b.size() - 1; j >= 0; --j)
            table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : qMax(table[i + 1][j], table[i][j + 1]);
    }
    return table[0][0];
}

// Many lines over a tiny alphabet: the worst case for O(ND) without a cost bound.
QString pathological(int count, quint32 seed)
{
    QRandomGenerator random(seed);
    QString text;
    text.reserve(count * 2);
    for (int i = 0; i < count; ++i) {
        text += QChar(u'a' + random.bounded(2));
        text += u'\n';
    }
    return text;
}

} // namespace

class TestTextDiffer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bothEmpty()
    {
        const DiffResult result = TextDiffer::diff(QString(), QString());
        QVERIFY(result.rows.isEmpty());
        QVERIFY(result.stats.identical());
        QCOMPARE(result.stats.hunks, 0);
    }

    void leftEmpty()
    {
        const DiffResult result = TextDiffer::diff(QString(), lines({u"a"_s, u"b"_s, u"c"_s}));
        QCOMPARE(shape(result), u"+++"_s);
        QCOMPARE(result.stats.addedLines, 3);
        QCOMPARE(result.stats.removedLines, 0);
        QCOMPARE(result.stats.blocks, 1);
        QCOMPARE(result.stats.hunks, 1);
        verifyAlignment(result);
        QCOMPARE(TextDiffer::toUnified(result), u"--- a\n+++ b\n@@ -0,0 +1,3 @@\n+a\n+b\n+c\n"_s);
    }

    void rightEmpty()
    {
        const DiffResult result = TextDiffer::diff(lines({u"a"_s, u"b"_s}), QString());
        QCOMPARE(shape(result), u"--"_s);
        QCOMPARE(result.stats.removedLines, 2);
        verifyAlignment(result);
    }

    void identical()
    {
        const QString text = lines({u"x"_s, u"y"_s, u"z"_s});
        const DiffResult result = TextDiffer::diff(text, text);
        QCOMPARE(shape(result), u"==="_s);
        QVERIFY(result.stats.identical());
        QVERIFY(result.hunks.isEmpty());
    }

    void insertOnly()
    {
        const DiffResult result =
            TextDiffer::diff(lines({u"a"_s, u"b"_s, u"c"_s}), lines({u"a"_s, u"b"_s, u"new"_s, u"c"_s}));
        QCOMPARE(shape(result), u"==+="_s);
        QCOMPARE(result.stats.addedLines, 1);
        QCOMPARE(result.stats.removedLines, 0);
        QCOMPARE(result.rows[2].rightLine, 2);
        QCOMPARE(result.rows[2].leftLine, -1);
        QCOMPARE(TextDiffer::toUnified(result), u"--- a\n+++ b\n@@ -1,3 +1,4 @@\n a\n b\n+new\n c\n"_s);
    }

    void deleteOnly()
    {
        const DiffResult result =
            TextDiffer::diff(lines({u"a"_s, u"b"_s, u"c"_s, u"d"_s}), lines({u"a"_s, u"d"_s}));
        QCOMPARE(shape(result), u"=--="_s);
        QCOMPARE(result.stats.removedLines, 2);
        QCOMPARE(result.stats.blocks, 1);
        verifyAlignment(result);
    }

    void changedLinePairedWithIntraline()
    {
        const DiffResult result = TextDiffer::diff(lines({u"head"_s, u"int value = 1;"_s, u"tail"_s}),
                                                   lines({u"head"_s, u"int value = 22;"_s, u"tail"_s}));
        QCOMPARE(shape(result), u"=~="_s);
        const auto &row = result.rows[1];
        QCOMPARE(result.leftRangesOf(row), QList<TextRange>({TextRange{12, 1}}));
        QCOMPARE(result.rightRangesOf(row), QList<TextRange>({TextRange{12, 2}}));
    }

    void dissimilarPairMarkedWhole()
    {
        const DiffResult result = TextDiffer::diff(lines({u"alpha beta gamma"_s}), lines({u"1234 5678"_s}));
        QCOMPARE(shape(result), u"~"_s);
        QCOMPARE(result.leftRangesOf(result.rows[0]), QList<TextRange>({TextRange{0, 16}}));
        QCOMPARE(result.rightRangesOf(result.rows[0]), QList<TextRange>({TextRange{0, 9}}));
    }

    void unequalBlockPadsRows()
    {
        const DiffResult result = TextDiffer::diff(lines({u"a"_s, u"x1"_s, u"x2"_s, u"x3"_s, u"z"_s}),
                                                   lines({u"a"_s, u"y1"_s, u"z"_s}));
        QCOMPARE(shape(result), u"=~--="_s);
        QCOMPARE(result.stats.changedRows, 1);
        QCOMPARE(result.stats.removedRows, 2);
        QCOMPARE(result.stats.removedLines, 3);
        QCOMPARE(result.stats.addedLines, 1);
        verifyAlignment(result);
    }

    void moveIsDeleteAndInsert()
    {
        const QStringList a{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s};
        const QStringList b{u"d"_s, u"e"_s, u"a"_s, u"b"_s, u"c"_s};
        const DiffResult result = TextDiffer::diff(lines(a), lines(b));
        verifyAlignment(result);
        QCOMPARE(equalRows(result), 3); // keeps a,b,c; moves d,e
        QCOMPARE(result.stats.addedLines, 2);
        QCOMPARE(result.stats.removedLines, 2);
    }

    void repeatedLines()
    {
        const DiffResult result = TextDiffer::diff(lines({u"a"_s, u"a"_s, u"a"_s, u"b"_s}),
                                                   lines({u"a"_s, u"a"_s, u"b"_s, u"a"_s}));
        verifyAlignment(result);
        QCOMPARE(equalRows(result), 3);
        QCOMPARE(result.stats.removedLines, 1);
        QCOMPARE(result.stats.addedLines, 1);
    }

    void insertedBlockCoversWholeBlock()
    {
        // Inserting a field into a pretty-printed list can be shown shifted by a line or two; the
        // compaction picks the shift that starts and ends at the block's own indentation.
        const QStringList before{u"  ["_s,    u"    {"_s, u"      \"name\": \"a\""_s,
                                 u"    },"_s, u"    {"_s, u"      \"name\": \"b\""_s,
                                 u"    }"_s,  u"  ]"_s};
        QStringList after = before;
        after.insert(4, u"    {"_s);
        after.insert(5, u"      \"name\": \"new\""_s);
        after.insert(6, u"    },"_s);
        const DiffResult result = TextDiffer::diff(lines(before), lines(after));
        verifyAlignment(result);
        QCOMPARE(shape(result), u"====+++===="_s);
        QCOMPARE(result.rightLine(result.rows[4].rightLine), u"    {"_s);
        QCOMPARE(result.rightLine(result.rows[6].rightLine), u"    },"_s);
    }

    void lastLineWithoutNewline()
    {
        const DiffResult result = TextDiffer::diff(u"a\nb"_s, u"a\nb\n"_s);
        QVERIFY(result.stats.identical());
        QCOMPARE(result.leftLineCount(), 2);
    }

    void whitespaceModes_data()
    {
        QTest::addColumn<QString>("left");
        QTest::addColumn<QString>("right");
        QTest::addColumn<bool>("exactEqual");
        QTest::addColumn<bool>("changeEqual");
        QTest::addColumn<bool>("allEqual");
        QTest::newRow("amount") << u"a  b"_s << u"a b"_s << false << true << true;
        QTest::newRow("tab") << u"a\tb"_s << u"a b"_s << false << true << true;
        QTest::newRow("trailing") << u"a b  "_s << u"a b"_s << false << true << true;
        QTest::newRow("inserted") << u"ab"_s << u"a b"_s << false << false << true;
        QTest::newRow("indent") << u"    \"x\": 1"_s << u"  \"x\": 1"_s << false << true << true;
        QTest::newRow("unindented") << u"  x"_s << u"x"_s << false << false << true;
        QTest::newRow("text") << u"a b"_s << u"a c"_s << false << false << false;
    }

    void whitespaceModes()
    {
        QFETCH(QString, left);
        QFETCH(QString, right);
        QFETCH(bool, exactEqual);
        QFETCH(bool, changeEqual);
        QFETCH(bool, allEqual);
        auto equalUnder = [&](WhitespaceMode mode) {
            DiffOptions options;
            options.whitespace = mode;
            return TextDiffer::diff(lines({u"same"_s, left, u"end"_s}), lines({u"same"_s, right, u"end"_s}),
                                    options)
                .stats.identical();
        };
        QCOMPARE(equalUnder(WhitespaceMode::Exact), exactEqual);
        QCOMPARE(equalUnder(WhitespaceMode::IgnoreChange), changeEqual);
        QCOMPARE(equalUnder(WhitespaceMode::IgnoreAll), allEqual);
    }

    void whitespaceOnlyLinesStayEqualRows()
    {
        DiffOptions options;
        options.whitespace = WhitespaceMode::IgnoreAll;
        const DiffResult result = TextDiffer::diff(lines({u"{"_s, u"  \"a\":1"_s, u"}"_s}),
                                                   lines({u"{"_s, u"\"a\": 1"_s, u"}"_s}), options);
        QCOMPARE(shape(result), u"==="_s);
        verifyAlignment(result, false);
    }

    void hunksFoldContext()
    {
        QStringList a;
        for (int i = 0; i < 30; ++i)
            a << u"line %1"_s.arg(i);
        QStringList b = a;
        b[5] = u"changed 5"_s;
        b[15] = u"changed 15"_s;
        b[27] = u"changed 27"_s;
        DiffOptions options;
        options.contextLines = 3;
        DiffResult result = TextDiffer::diff(lines(a), lines(b), options);
        QCOMPARE(result.stats.blocks, 3);
        QCOMPARE(result.stats.hunks, 3);
        QCOMPARE(result.hunks[0].firstRow, 2);
        QCOMPARE(result.hunks[0].rowCount, 7);
        QCOMPARE(result.hunks[0].leftStart, 2);
        QCOMPARE(result.hunks[0].leftCount, 7);
        QCOMPARE(result.hunks[2].firstRow, 24);
        QCOMPARE(result.hunks[2].rowCount, 6);
        options.contextLines = 5; // gap 15-5-1 = 9 <= 2*5: the first two merge
        result = TextDiffer::diff(lines(a), lines(b), options);
        QCOMPARE(result.stats.hunks, 2);
        QCOMPARE(result.hunks[0].blockCount, 2);
        QCOMPARE(result.hunks[1].firstBlock, 2);
        QCOMPARE(result.hunks[1].blockCount, 1);
    }

    void randomAgainstLcs()
    {
        QRandomGenerator random(42);
        for (int round = 0; round < 300; ++round) {
            QStringList a, b;
            const int sizeA = random.bounded(40);
            const int sizeB = random.bounded(40);
            const int alphabet = 1 + random.bounded(6);
            for (int i = 0; i < sizeA; ++i)
                a << QString(QChar(u'a' + random.bounded(alphabet)));
            for (int i = 0; i < sizeB; ++i)
                b << QString(QChar(u'a' + random.bounded(alphabet)));
            DiffOptions options;
            options.minimal = true;
            const DiffResult result = TextDiffer::diff(lines(a), lines(b), options);
            verifyAlignment(result);
            QCOMPARE(equalRows(result), lcsLength(a, b));
            const DiffResult bounded = TextDiffer::diff(lines(a), lines(b));
            verifyAlignment(bounded);
        }
    }

    void costBoundKeepsPathologicalInputFast()
    {
        const QString a = pathological(60000, 1);
        const QString b = pathological(60000, 2);
        QElapsedTimer timer;
        timer.start();
        const DiffResult result = TextDiffer::diff(a, b);
        const qint64 elapsed = timer.elapsed();
        verifyAlignment(result);
        QVERIFY2(elapsed < 5000, qPrintable(u"took %1 ms"_s.arg(elapsed)));
    }

    void cancellationStopsLongDiff()
    {
        // Exact minimal diff of two random binary sequences: O(N*D), many seconds when uncancelled.
        const QString a = pathological(200000, 3);
        const QString b = pathological(200000, 4);
        DiffOptions options;
        options.minimal = true;
        std::atomic_bool cancel = false;
        std::thread stopper([&cancel] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            cancel = true;
        });
        QElapsedTimer timer;
        timer.start();
        const DiffResult result = TextDiffer::diff(a, b, options, [&cancel] { return cancel.load(); });
        const qint64 elapsed = timer.elapsed();
        stopper.join();
        QVERIFY(result.cancelled);
        QVERIFY(result.rows.isEmpty());
        QVERIFY2(elapsed < 1500, qPrintable(u"stopped after %1 ms"_s.arg(elapsed)));
    }

    void asyncMatchesSyncAndCancels()
    {
        const QString a = lines({u"a"_s, u"b"_s, u"c"_s});
        const QString b = lines({u"a"_s, u"x"_s, u"c"_s});
        QFuture<DiffResult> future = sd::diff::runDiffAsync(a, b);
        future.waitForFinished();
        QCOMPARE(future.resultCount(), 1);
        QCOMPARE(shape(future.result()), u"=~="_s);

        DiffOptions slow;
        slow.minimal = true;
        QFuture<DiffResult> longRun =
            sd::diff::runDiffAsync(pathological(200000, 5), pathological(200000, 6), slow);
        QThread::msleep(50);
        QElapsedTimer timer;
        timer.start();
        longRun.cancel();
        longRun.waitForFinished();
        QVERIFY2(timer.elapsed() < 1500, qPrintable(u"stopped after %1 ms"_s.arg(timer.elapsed())));
        QVERIFY(longRun.isCanceled());
        QCOMPARE(longRun.resultCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTextDiffer)
#include "tst_textdiffer.moc"
