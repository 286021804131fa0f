// The tree filter's name index: the same answers as a plain scan, typed on, backed out of, after names
// are added and removed; and the tree model filtering through it, kept current by registers and deletes.
#include "items/RegistryTreeModel.h"
#include "items/SubjectNameIndex.h"
#include "registry/RegistryTypes.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::items::RegistryTreeModel;
using sd::items::SubjectNameIndex;

namespace {

std::vector<int> scanned(const QStringList &names, const std::vector<bool> &removed, const QString &needle)
{
    std::vector<int> found;
    for (int i = 0; i < names.size(); ++i) {
        if (!removed[size_t(i)] && names.at(i).contains(needle))
            found.push_back(i);
    }
    return found;
}

QStringList sampleNames()
{
    // Repeats and near-repeats: a first occurrence that stops matching while a later one goes on
    // ("abxab-abc" typed "ab" then "abc"), names shorter than the query, non-ASCII, empty.
    QStringList names{u"abxab-abc"_s,    u"ab"_s,         u"a"_s,
                      QString(),         u"ababab"_s,     u"zürich-orders"_s,
                      u"orders-value"_s, u"orders-key"_s, u"xorders-value-orders"_s,
                      u"aaa"_s,          u"aa"_s};
    QRandomGenerator random(20);
    const QString alphabet = u"abco-ü"_s;
    for (int i = 0; i < 3000; ++i) {
        QString name;
        const int length = int(random.bounded(1, 14));
        for (int c = 0; c < length; ++c)
            name += alphabet.at(int(random.bounded(qsizetype(alphabet.size()))));
        names << name;
    }
    return names;
}

QStringList typedQueries()
{
    return {u"a"_s,    u"ab"_s,  u"abc"_s,          u"ab"_s,  u"a"_s,         u"aa"_s,        u"aaa"_s,
            u"aaaa"_s, u"b"_s,   u"ba"_s,           u"bab"_s, u"ü"_s,         u"ür"_s,        u"o"_s,
            u"or"_s,   u"ord"_s, u"ord"_s,          u"rde"_s, u"-"_s,         u"-a"_s,        u"-ab"_s,
            u"c-"_s,   u"zz"_s,  u"orders-value"_s, u"s-v"_s, u"abxab-abc"_s, u"abxab-abcd"_s};
}

} // namespace

class TestSubjectNameIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersAsAPlainScan()
    {
        const QStringList names = sampleNames();
        SubjectNameIndex index;
        index.reserve(names.size(), 0);
        for (const QString &name : names)
            index.add(name);
        std::vector<bool> removed(size_t(names.size()), false);
        for (const QString &query : typedQueries())
            QCOMPARE(index.match(query), scanned(names, removed, query));
        // Every prefix of a few random queries, forwards then backwards (Backspace).
        QRandomGenerator random(7);
        for (int q = 0; q < 40; ++q) {
            const QString query = names.at(int(random.bounded(qsizetype(names.size())))).mid(1, 6);
            if (query.isEmpty())
                continue;
            for (qsizetype n = 1; n <= query.size(); ++n)
                QCOMPARE(index.match(query.left(n)), scanned(names, removed, query.left(n)));
            for (qsizetype n = query.size(); n >= 1; --n)
                QCOMPARE(index.match(query.left(n)), scanned(names, removed, query.left(n)));
        }
    }

    void followsAddsAndRemoves()
    {
        QStringList names = sampleNames();
        SubjectNameIndex index;
        for (const QString &name : names)
            index.add(name);
        std::vector<bool> removed(size_t(names.size()), false);
        QCOMPARE(index.match(u"orders"_s), scanned(names, removed, u"orders"_s));
        // A cached answer extended.
        QCOMPARE(index.match(u"orders-"_s), scanned(names, removed, u"orders-"_s));
        // A subject registered: found by the next keystroke and by the answers cached before.
        QCOMPARE(index.add(u"new-orders-value"_s), int(names.size()));
        names << u"new-orders-value"_s;
        removed.push_back(false);
        QCOMPARE(index.slotCount(), int(names.size()));
        for (const QString &query : {u"orders"_s, u"orders-"_s, u"orders-v"_s, u"new"_s})
            QCOMPARE(index.match(query), scanned(names, removed, query));
        // Subjects deleted for good: gone from every answer, cached ones too.
        for (const int slot : {6, 8, int(names.size()) - 1}) {
            index.remove(slot);
            removed[size_t(slot)] = true;
        }
        index.remove(6); // twice: no harm
        for (const QString &query : {u"orders"_s, u"orders-"_s, u"orders-v"_s, u"new"_s, u"a"_s})
            QCOMPARE(index.match(query), scanned(names, removed, query));
        QVERIFY(index.match(u"new"_s).empty());
    }

    // The tree filters through the index once the skeleton brought it: the same rows as the scan,
    // registers and deletes included, and a keystroke that changes no row resets nothing.
    void treeFiltersThroughTheIndex()
    {
        RegistryTreeModel model;
        model.addConnection({u"c"_s, u"c"_s, {}, {}, false, false, false, {}});
        QStringList subjects;
        for (int i = 0; i < 5000; ++i)
            subjects << (i % 3 ? u":.ctx%1:Topic-%2-value"_s.arg(i % 3).arg(i, 5, 10, QChar(u'0'))
                               : u"topic-%1-value"_s.arg(i, 5, 10, QChar(u'0')));
        std::sort(subjects.begin(), subjects.end());
        // In two parts, as a big first load makes it: the index comes with the second.
        const qsizetype split = 1000;
        model.setSubjects(u"c"_s, RegistryTreeModel::prepareSortedRange(subjects, 0, split));
        model.setFilterText(u"topic-00"_s); // before the index: the scan
        const auto inFirstPart =
            std::count_if(subjects.cbegin(), subjects.cbegin() + split, [](const QString &n) {
                return sd::registry::QualifiedSubject::parse(n).name.toLower().contains(u"topic-00"_s);
            });
        QVERIFY(inFirstPart > 0);
        QCOMPARE(model.matchingSubjectCount(), int(inFirstPart));
        model.appendSubjects(u"c"_s, RegistryTreeModel::prepareSortedRange(subjects, split, subjects.size()));
        QCOMPARE(model.matchingSubjectCount(), 1000);
        model.setFilterText({});
        const auto shown = [&model] {
            QStringList rows;
            const QModelIndex connection = model.connectionIndex(u"c"_s);
            for (int c = 0; c < model.rowCount(connection); ++c) {
                const QModelIndex context = model.index(c, 0, connection);
                for (int s = 0; s < model.rowCount(context); ++s)
                    rows << model.index(s, 0, context)
                                .data(RegistryTreeModel::QualifiedSubjectRole)
                                .toString();
            }
            return rows;
        };
        const auto expected = [&subjects](const QString &needle) {
            QStringList rows;
            for (const QString &name : subjects) {
                if (sd::registry::QualifiedSubject::parse(name).name.toLower().contains(needle))
                    rows << name;
            }
            std::stable_sort(rows.begin(), rows.end(), [](const QString &a, const QString &b) {
                const auto qa = sd::registry::QualifiedSubject::parse(a);
                const auto qb = sd::registry::QualifiedSubject::parse(b);
                if (qa.context != qb.context)
                    return qa.context == u"."_s || (qb.context != u"."_s && qa.context < qb.context);
                return qa.name < qb.name;
            });
            return rows;
        };
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        for (const QString &typed : {u"t"_s, u"to"_s, u"top"_s, u"topic-"_s, u"topic-01"_s, u"topic-012"_s,
                                     u"topic-01"_s, u"topic-0"_s, u"value"_s}) {
            model.setFilterText(typed);
            QCOMPARE(shown(), expected(typed));
        }
        // "t" → "to" → "top" → "topic-" show every subject: one reset for the first of them only; the
        // next four each show other rows; "value" shows every subject, as "topic-0" did.
        QCOMPARE(resets.count(), 1 + 4);
        // A subject registered (a page or a register brings a name the skeleton did not have), and one
        // deleted for good: the filter follows both.
        model.setVersions(u"c"_s, u":.ctx1:topic-00001-extra"_s, {{1, 10, false}});
        model.addSchemaSummaries(u"c"_s, {{u"a-topic-00012-new"_s, 1, 11, u"AVRO"_s, false}});
        model.removeSubject(u"c"_s, u"topic-00012-value"_s);
        subjects << u":.ctx1:topic-00001-extra"_s << u"a-topic-00012-new"_s;
        subjects.removeAll(u"topic-00012-value"_s);
        for (const QString &typed : {u"topic-0001"_s, u"topic-00012"_s, u"extra"_s, u"new"_s, u"t"_s}) {
            model.setFilterText(typed);
            QCOMPARE(shown(), expected(typed));
        }
    }
};

QTEST_GUILESS_MAIN(TestSubjectNameIndex)
#include "tst_subjectnameindex.moc"
