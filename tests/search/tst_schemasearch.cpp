// The schema-text search engine on snapshots built as the bulk loader builds them.
#include "search/IncrementalSearch.h"
#include "search/SchemaSearch.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using search::SearchQuery;

namespace {

registry::RegistrySnapshot::Record record(const QString &subject, int version, int id, const QString &schema,
                                          const QString &type = u"AVRO"_s, bool deleted = false)
{
    registry::RegistrySnapshot::Record r;
    r.subject = subject;
    r.version = version;
    r.id = id;
    r.schemaType = type;
    r.schema = schema;
    r.deleted = deleted;
    return r;
}

QString avro(const QString &name, const QStringList &fields)
{
    QStringList list;
    for (const QString &field : fields)
        list << u"{\"name\":\"%1\",\"type\":\"string\"}"_s.arg(field);
    return u"{\"type\":\"record\",\"name\":\"%1\",\"fields\":[%2]}"_s.arg(name, list.join(u','));
}

} // namespace

class TestSchemaSearch : public QObject
{
    Q_OBJECT

    QList<search::SearchSource> m_sources;
    QList<registry::RegistrySnapshot::Record> m_records;

    static QStringList describe(const search::SearchResult &result)
    {
        QStringList lines;
        for (const search::SearchMatch &m : result.matches)
            lines << u"%1 v%2 #%3 %4 %5:%6+%7 %8"_s.arg(m.subject)
                         .arg(m.version)
                         .arg(m.id)
                         .arg(m.schemaType)
                         .arg(m.line)
                         .arg(m.column)
                         .arg(m.length)
                         .arg(m.lineText);
        lines.sort();
        return lines;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_records = {
            record(u"orders-value"_s, 1, 1, avro(u"Order"_s, {u"id"_s})),
            record(u"orders-value"_s, 2, 2, avro(u"Order"_s, {u"id"_s, u"customer_id"_s})),
            record(u"users-value"_s, 1, 3, avro(u"User"_s, {u"id"_s, u"Customer_ID"_s})),
            record(u"users-value"_s, 2, 4, avro(u"User"_s, {u"id"_s, u"email"_s}), u"AVRO"_s, true),
            record(u":.eu:users-value"_s, 1, 1, avro(u"User"_s, {u"customer_id"_s})),
            record(
                u"shipments-value"_s, 1, 5,
                u"syntax = \"proto3\";\npackage acme;\n\nmessage Shipment {\n  string customer_id = 1;\n}\n"_s,
                u"PROTOBUF"_s),
            record(u"gone-value"_s, 1, 6, avro(u"Gone"_s, {u"customer_id"_s}), u"AVRO"_s, true)};
        const auto source =
            registry::RegistrySnapshot::build({u"orders-value"_s, u"users-value"_s, u":.eu:users-value"_s,
                                               u"shipments-value"_s, u"gone-value"_s},
                                              m_records);
        m_sources = {{u"c1"_s, u"source"_s, source, nullptr}};
    }

    // Latest live versions, case-insensitive: the line numbers are those of the pretty-printed text.
    void latestLiveCaseInsensitive()
    {
        SearchQuery query;
        query.text = u"customer_id"_s;
        const search::SearchResult result = search::searchSchemas(m_sources, query);
        QVERIFY(result.error.isEmpty());
        QStringList subjects;
        for (const search::SearchMatch &match : result.matches)
            subjects << u"%1 v%2:%3"_s.arg(match.subject).arg(match.version).arg(match.line);
        // users-value: v2 (soft-deleted) is not the latest live one; v1 has Customer_ID. gone-value: deleted.
        QCOMPARE(subjects, QStringList({u"orders-value v2:10"_s, u"shipments-value v1:5"_s,
                                        u"users-value v1:10"_s, u":.eu:users-value v1:6"_s}));
        QCOMPARE(result.subjectsMatched, 4);
        QCOMPARE(result.versionsSearched, 4);
        const search::SearchMatch &orders = result.matches.first();
        QCOMPARE(orders.lineText, u"\"name\": \"customer_id\","_s);
        QCOMPARE(orders.column, 15); // in the untrimmed line, where the editor shows it
        QCOMPARE(orders.length, 11);
        QCOMPARE(result.matches.at(1).lineText, u"string customer_id = 1;"_s);
    }

    // The newest texts the tree's load keeps answer a search of the newest live versions exactly as
    // the bulk-loaded snapshot does; they are not used for other searches.
    void newestTextsKeptByTheTreeLoad()
    {
        registry::LatestSchemas::Chunk chunk;
        for (const registry::RegistrySnapshot::Record &r : std::as_const(m_records))
            chunk.add(r.subject, r.version, r.id, r.schemaType, r.deleted, r.schema);
        chunk.finish();
        auto latest = std::make_shared<registry::LatestSchemas>();
        latest->append(std::move(chunk));
        const QList<search::SearchSource> fromTree{{u"c1"_s, u"source"_s, nullptr, latest}};
        for (const QString &text : {u"customer_id"_s, u"name"_s, u"string"_s, u"\"fields\":[{"_s}) {
            SearchQuery query;
            query.text = text;
            const search::SearchResult expected = search::searchSchemas(m_sources, query);
            const search::SearchResult actual = search::searchSchemas(fromTree, query);
            QCOMPARE(describe(actual), describe(expected));
            QCOMPARE(actual.subjectsMatched, expected.subjectsMatched);
            QCOMPARE(actual.versionsSearched, expected.versionsSearched);
            QCOMPARE(actual.versionsMatched, expected.versionsMatched);
        }
        // Past the limit matches are counted as the snapshot counts them.
        for (const int limit : {1, 2, 3, 100}) {
            SearchQuery query;
            query.text = u"name"_s;
            query.maxMatches = limit;
            const search::SearchResult expected = search::searchSchemas(m_sources, query);
            const search::SearchResult actual = search::searchSchemas(fromTree, query);
            QCOMPARE(actual.matches.size(), expected.matches.size());
            QCOMPARE(actual.truncated, expected.truncated);
            QCOMPARE(actual.subjectsMatched, expected.subjectsMatched);
            QCOMPARE(actual.versionsMatched, expected.versionsMatched);
            QCOMPARE(actual.versionsSearched, expected.versionsSearched);
        }
        SearchQuery everyVersion;
        everyVersion.text = u"customer_id"_s;
        everyVersion.latestOnly = false;
        QVERIFY(!search::latestTextsSuffice(everyVersion));
        QCOMPARE(search::searchSchemas(fromTree, everyVersion).versionsSearched, 0);
    }

    // The byte-level prefilter of plain-text searches in the kept texts rules out only what the
    // expression would not match: Unicode case folding (K = KELVIN SIGN, s = LONG S), non-ASCII
    // needles and texts, case-sensitive or not — always the snapshot's answer.
    void prefilterAgreesWithTheExpression()
    {
        const QList<registry::RegistrySnapshot::Record> records{
            record(u"a"_s, 1, 1, avro(u"A"_s, {u"\u212Aey"_s})),    // KELVIN SIGN + "ey"
            record(u"b"_s, 1, 2, avro(u"B"_s, {u"\u017Ftatus"_s})), // LONG S + "tatus"
            record(u"c"_s, 1, 3, avro(u"C"_s, {u"Stra\u00DFe"_s, u"caf\u00E9"_s})),
            record(u"d"_s, 1, 4, avro(u"D"_s, {u"CUSTOMER_KEY"_s, u"status"_s})),
            record(u"e"_s, 1, 5, avro(u"E"_s, {u"plain"_s}))};
        registry::LatestSchemas::Chunk chunk;
        QStringList subjects;
        for (const registry::RegistrySnapshot::Record &r : records) {
            chunk.add(r.subject, r.version, r.id, r.schemaType, r.deleted, r.schema);
            subjects << r.subject;
        }
        chunk.finish();
        auto latest = std::make_shared<registry::LatestSchemas>();
        latest->append(std::move(chunk));
        const QList<search::SearchSource> fromTree{{u"c"_s, u"c"_s, nullptr, latest}};
        const QList<search::SearchSource> fromSnapshot{
            {u"c"_s, u"c"_s, registry::RegistrySnapshot::build(subjects, records), nullptr}};
        for (const QString &text :
             {u"key"_s, u"KEY"_s, u"status"_s, u"STATUS"_s, u"caf\u00E9"_s, u"CAF\u00C9"_s, u"stra\u00DFe"_s,
              u"customer_key"_s, u"plain"_s, u"nothing"_s, u"\"name\""_s}) {
            for (const bool caseSensitive : {false, true}) {
                SearchQuery query;
                query.text = text;
                query.caseSensitive = caseSensitive;
                const search::SearchResult expected = search::searchSchemas(fromSnapshot, query);
                const search::SearchResult actual = search::searchSchemas(fromTree, query);
                QVERIFY2(describe(actual) == describe(expected),
                         qPrintable(u"%1 (case-sensitive: %2)"_s.arg(text).arg(caseSensitive)));
                QCOMPARE(actual.versionsSearched, expected.versionsSearched);
            }
        }
        SearchQuery key;
        key.text = u"key"_s;
        QCOMPARE(search::searchSchemas(fromTree, key).subjectsMatched, 2); // a (KELVIN SIGN) and d
    }

    // Plain text is found in one pass over a text, regular expressions line by line: for the same needle
    // both list the same lines (the first match of each), columns and lengths.
    void plainTextListsWhatTheExpressionDoes()
    {
        const QList<registry::RegistrySnapshot::Record> records{
            record(u"a"_s, 1, 1, avro(u"A"_s, {u"id_id"_s, u"other"_s, u"id"_s})),
            record(u"b"_s, 1, 2,
                   u"syntax = \"proto3\";\nmessage B {\n  string id = 1; // id id\n  string x = 2;\n}\n"_s,
                   u"PROTOBUF"_s),
            record(u"c"_s, 1, 3, avro(u"C"_s, {u"ID"_s}))};
        const QList<search::SearchSource> sources{
            {u"c"_s, u"c"_s, registry::RegistrySnapshot::build({u"a"_s, u"b"_s, u"c"_s}, records), nullptr}};
        for (const QString &needle : {u"id"_s, u"ID"_s, u"id id"_s, u"\"name\""_s, u"string"_s, u"}"_s}) {
            for (const bool caseSensitive : {false, true}) {
                SearchQuery plain;
                plain.text = needle;
                plain.caseSensitive = caseSensitive;
                SearchQuery expression = plain;
                expression.text = QRegularExpression::escape(needle);
                expression.regularExpression = true;
                const search::SearchResult viaPlain = search::searchSchemas(sources, plain);
                QVERIFY(!viaPlain.matches.isEmpty());
                QCOMPARE(describe(viaPlain), describe(search::searchSchemas(sources, expression)));
            }
        }
    }

    void options()
    {
        SearchQuery query;
        query.text = u"customer_id"_s;
        query.caseSensitive = true;
        QCOMPARE(search::searchSchemas(m_sources, query).subjectsMatched, 3); // not Customer_ID
        query.caseSensitive = false;
        query.latestOnly = false;
        query.includeDeleted = true;
        const search::SearchResult all = search::searchSchemas(m_sources, query);
        QCOMPARE(all.versionsSearched, 7);
        QCOMPARE(all.versionsMatched, 5); // orders v2, users v1, eu v1, shipments v1, gone v1
        QCOMPARE(all.subjectsMatched, 5);
        query.text = uR"(customer_\w+ = \d+)"_s;
        query.regularExpression = true;
        const search::SearchResult regex = search::searchSchemas(m_sources, query);
        QCOMPARE(regex.matches.size(), 1);
        QCOMPARE(regex.matches.first().schemaType, u"PROTOBUF"_s);
    }

    // A match that pretty-printing splits across lines is still reported, from the stored text.
    void matchOnlyInTheStoredText()
    {
        SearchQuery query;
        query.text = u"\"fields\":[{\"name\":\"id\""_s;
        const search::SearchResult result = search::searchSchemas(m_sources, query);
        QVERIFY(!result.matches.isEmpty());
        QCOMPARE(result.matches.first().line, 0);
        QVERIFY(result.matches.first().lineText.contains(u"\"fields\":[{\"name\":\"id\""_s));
    }

    void limitsAndErrors()
    {
        SearchQuery query;
        query.text = u"name"_s;
        query.maxMatches = 3;
        const search::SearchResult limited = search::searchSchemas(m_sources, query);
        QCOMPARE(limited.matches.size(), 3);
        QVERIFY(limited.truncated);
        QCOMPARE(limited.subjectsMatched, 3); // counts go on past the limit (shipments has no "name")
        query.text = u"(unclosed"_s;
        query.regularExpression = true;
        QVERIFY(search::validateQuery(query).contains(u"regular expression"_s));
        QVERIFY(!search::searchSchemas(m_sources, query).error.isEmpty());
        query.text.clear();
        QVERIFY(!search::validateQuery(query).isEmpty());
    }

    // Versions as a loader announces them (a packed bulk page, or the per-subject fallback's records
    // with their texts): every version searched, the matches those of the whole snapshot.
    void arrivedVersionsMatchTheWholeSnapshot()
    {
        SearchQuery query;
        query.text = u"customer_id"_s;
        query.latestOnly = false;
        query.includeDeleted = true;
        const search::SearchResult whole = search::searchSchemas(m_sources, query);
        const registry::RegistrySnapshot::Page packed = registry::RegistrySnapshot::pack(m_records.mid(0, 4));
        const registry::RegistrySnapshot::Page unpacked{m_records.mid(4), {}};
        const search::SearchResult first = search::searchArrivedVersions(u"c1"_s, packed, query);
        const search::SearchResult second = search::searchArrivedVersions(u"c1"_s, unpacked, query);
        QCOMPARE(first.versionsSearched + second.versionsSearched, whole.versionsSearched);
        search::SearchResult both = first;
        both.matches += second.matches;
        QCOMPARE(describe(both), describe(whole));
        query.includeDeleted = false; // users-value v2 and gone-value v1 are soft-deleted
        QCOMPARE(search::searchArrivedVersions(u"c1"_s, packed, query).versionsSearched, 3);
        QCOMPARE(search::searchArrivedVersions(u"c1"_s, unpacked, query).versionsSearched, 2);
    }

    // The first results of an "every version" search come batch by batch, bounded by maxMatches; a
    // connection whose load starts over loses its matches; a search of the newest versions only
    // waits for the final result.
    void incrementalSearch()
    {
        search::IncrementalSearch incremental;
        QSignalSpy appended(&incremental, &search::IncrementalSearch::matchesAppended);
        QSignalSpy reset(&incremental, &search::IncrementalSearch::previewReset);
        SearchQuery query;
        query.text = u"customer_id"_s;
        query.latestOnly = false;
        query.maxMatches = 3;
        incremental.start(query);
        const registry::RegistrySnapshot::Page a = registry::RegistrySnapshot::pack(m_records.mid(0, 4));
        const registry::RegistrySnapshot::Page b{m_records.mid(4), {}};
        incremental.addVersions(u"c1"_s, a);
        incremental.addVersions(u"c2"_s, b);
        QTRY_VERIFY(!incremental.isBusy());
        QCOMPARE(appended.size(), 2);
        QCOMPARE(appended.at(0).at(0).toLongLong(), 0);
        QCOMPARE(appended.at(1).at(0).toLongLong(), 2);    // orders v2, users v1 came first
        QCOMPARE(incremental.preview().matches.size(), 3); // then eu users v1; shipments v1 only counted
        QVERIFY(incremental.preview().truncated);
        QCOMPARE(incremental.preview().versionsMatched, 4); // gone v1 is soft-deleted
        QVERIFY(incremental.firstMatchMs() >= 0);
        incremental.discard(u"c1"_s);
        QCOMPARE(incremental.preview().matches.size(), 1);
        QCOMPARE(incremental.preview().matches.first().connectionId, u"c2"_s);
        QCOMPARE(reset.size(), 2); // start, discard

        query.latestOnly = true;
        incremental.start(query);
        QVERIFY(!search::IncrementalSearch::applies(query));
        incremental.addVersions(u"c1"_s, a);
        QVERIFY(!incremental.isBusy());
        QVERIFY(incremental.preview().matches.isEmpty());
    }

    void cancellation()
    {
        QList<registry::RegistrySnapshot::Record> records;
        QStringList subjects;
        for (int i = 0; i < 20000; ++i) {
            subjects << u"s%1"_s.arg(i);
            records << record(subjects.last(), 1, i + 1, avro(u"R%1"_s.arg(i), {u"f"_s}));
        }
        const QList<search::SearchSource> big{
            {u"c"_s, u"big"_s, registry::RegistrySnapshot::build(subjects, records), nullptr}};
        SearchQuery query;
        query.text = u"nothing-like-this"_s;
        int polls = 0;
        const search::SearchResult result =
            search::searchSchemas(big, query, [&polls] { return ++polls > 2; });
        QVERIFY(result.cancelled);
        QVERIFY(result.versionsSearched < 20000);
    }
};

QTEST_GUILESS_MAIN(TestSchemaSearch)
#include "tst_schemasearch.moc"
