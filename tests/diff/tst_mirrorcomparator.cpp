#include "diff/LoadedSnapshot.h"
#include "diff/MirrorComparator.h"
#include "registry/RegistrySnapshot.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::diff;

namespace {

// JSON fixtures are written with single quotes (moc trips over raw string literals).
QString json(const char *utf8)
{
    return QString::fromUtf8(utf8).replace(u'\'', u'"');
}

const QString kPageviews = json(
    "{'type':'record','name':'pageviews','namespace':'ksql','fields':[{'name':'viewtime','type':'long'},{'"
    "name':'userid','type':'string'},{'name':'pageid','type':'string'}],'connect.name':'ksql.pageviews'}");
const QString kStockTrades = json("{'type':'record','name':'StockTrade','namespace':'ksql','fields':[{'name':"
                                  "'side','type':'string'},{'name':'quantity','type':'int'}]}");

SnapshotVersion version(int number, int id, const QString &schema, bool deleted = false)
{
    SnapshotVersion v;
    v.version = number;
    v.id = id;
    v.schema = schema;
    v.deleted = deleted;
    return v;
}

SnapshotSubject subject(const QString &name, QList<SnapshotVersion> versions)
{
    SnapshotSubject s;
    s.name = name;
    s.versions = std::move(versions);
    return s;
}

QString record(int n, const QString &extraField = {})
{
    QString fields = json("{'name':'f','type':'string'}");
    if (!extraField.isEmpty())
        fields += u',' + extraField;
    return json("{'type':'record','name':'R%1','fields':[%2]}").arg(n).arg(fields);
}

const MirrorEntry *find(const MirrorReport &report, const QString &subjectA, const QString &subjectB = {})
{
    for (const MirrorEntry &entry : report.entries) {
        if ((subjectA.isEmpty() || entry.subjectA == subjectA) &&
            (subjectB.isEmpty() || entry.subjectB == subjectB))
            return &entry;
    }
    return nullptr;
}

SubjectMapping customContext(const QString &context, const QStringList &subjects = {u"*"_s})
{
    SubjectMapping mapping;
    mapping.contextType = ContextType::Custom;
    mapping.context = context;
    mapping.subjects = subjects;
    return mapping;
}

// The snapshot as a bulk load holds it: texts compressed in pages of `pageSize` versions, versions with
// fingerprints taken while loading.
RegistrySnapshot packed(const RegistrySnapshot &plain, int pageSize)
{
    QList<sd::registry::RegistrySnapshot::Record> records;
    QStringList names;
    for (const SnapshotSubject &s : plain.subjects) {
        names << s.name;
        for (const SnapshotVersion &v : s.versions) {
            QList<sd::registry::SchemaReference> references;
            for (const SnapshotReference &r : v.references)
                references.append({r.name, r.subject, r.version});
            records.append({s.name, v.version, v.id, v.schemaType, v.schema, references, v.deleted});
        }
    }
    QList<sd::registry::RegistrySnapshot::Page> pages;
    for (qsizetype at = 0; at < records.size(); at += pageSize)
        pages.append(sd::registry::RegistrySnapshot::pack(records.mid(at, pageSize)));
    RegistrySnapshot result =
        snapshotFromLoaded(sd::registry::RegistrySnapshot::build(names, std::move(pages)), plain.label);
    result.contextCompatibility = plain.contextCompatibility;
    result.contextMode = plain.contextMode;
    for (SnapshotSubject &s : result.subjects) {
        for (const SnapshotSubject &original : plain.subjects) {
            if (original.name == s.name) {
                s.compatibility = original.compatibility;
                s.mode = original.mode;
            }
        }
    }
    return result;
}

// A report's findings by subject, independent of the order subjects were listed in.
QMap<QString, QString> findings(const MirrorReport &report)
{
    QMap<QString, QString> out;
    for (const MirrorEntry &entry : report.entries) {
        QStringList versions;
        for (int v : entry.schemaDiffersVersions)
            versions << QString::number(v);
        const QString finding = mirrorStatusName(entry.status) + u' ' +
                                mirrorDifferenceNames(entry.differences).join(u',') + u' ' +
                                entry.details.join(u';') + u" v"_s + versions.join(u',');
        out.insert(entry.subjectA + u'|' + entry.subjectB, finding);
    }
    return out;
}

} // namespace

class TestMirrorComparator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void qualifiedSubjects()
    {
        QCOMPARE(sd::registry::QualifiedSubject::parse(u"orders"_s).context, u"."_s);
        QCOMPARE(sd::registry::QualifiedSubject::parse(u":.ctx:orders"_s).context, u".ctx"_s);
        QCOMPARE(sd::registry::QualifiedSubject::parse(u":.ctx:orders"_s).name, u"orders"_s);
        QCOMPARE(sd::registry::QualifiedSubject::parse(u":.:orders"_s).toString(), u"orders"_s);
        QCOMPARE(sd::registry::QualifiedSubject::parse(u":.a.b:x"_s).toString(), u":.a.b:x"_s);
    }

    void mappingRules()
    {
        SubjectMapping none;
        QCOMPARE(none.mapToB(u"pageviews-value"), u"pageviews-value"_s);
        QCOMPARE(none.mapToB(u":.x:orders"), u":.x:orders"_s);
        QCOMPARE(none.mapToA(u":.x:orders"), std::optional<QString>(u":.x:orders"_s));

        const SubjectMapping custom = customContext(u"source"_s);
        QCOMPARE(custom.mapToB(u"pageviews-value"), u":.source:pageviews-value"_s);
        QCOMPARE(custom.mapToB(u":.:pageviews-value"), u":.source:pageviews-value"_s);
        QCOMPARE(none.mapToB(u":.:pageviews-value"), u"pageviews-value"_s);
        QCOMPARE(custom.mapToB(u":.target:stock_trades-value"), u":.source.target:stock_trades-value"_s);
        QCOMPARE(custom.mapToA(u":.source:pageviews-value"), std::optional<QString>(u"pageviews-value"_s));
        QCOMPARE(custom.mapToA(u":.source.target:x"), std::optional<QString>(u":.target:x"_s));
        QCOMPARE(custom.mapToA(u"stock_trades-value"), std::nullopt); // B's own subject
        QCOMPARE(custom.mapToA(u":.sourcex:a"), std::nullopt); // contexts sharing a prefix are unrelated

        SubjectMapping renamed;
        renamed.subjectRenameFormat = u"dc_${subject}"_s;
        QCOMPARE(renamed.mapToB(u"orders"), u"dc_orders"_s);
        QCOMPARE(renamed.mapToB(u":.x:orders"), u":.x:dc_orders"_s);
        renamed.contextType = ContextType::Custom;
        renamed.context = u".dr"_s;
        QCOMPARE(renamed.mapToB(u":.x:orders"), u":.dr.x:dc_orders"_s);
        QCOMPARE(renamed.mapToA(u":.dr.x:dc_orders"), std::optional<QString>(u":.x:orders"_s));
        renamed = SubjectMapping{};
        renamed.subjectRenameFormat = u"dc_${subject}"_s;
        QCOMPARE(renamed.mapToA(u"dc_orders"), std::optional<QString>(u"orders"_s));
        QCOMPARE(renamed.mapToA(u"orders"), std::nullopt);

        SubjectMapping autoContext;
        autoContext.contextType = ContextType::Auto;
        autoContext.autoContext = u".lsrc-abc123"_s;
        QCOMPARE(autoContext.mapToB(u"orders-value"), u":.lsrc-abc123:orders-value"_s);
    }

    void subjectFilters()
    {
        SubjectMapping mapping;
        QVERIFY(mapping.selects(u":.any:thing"));
        mapping.subjects = {u"pageviews-value"_s};
        QVERIFY(mapping.selects(u"pageviews-value"));
        QVERIFY(!mapping.selects(u"stock_trades-value"));
        QVERIFY(!mapping.selects(u":.ctx:pageviews-value"));
        mapping.subjects = {u":.ctx:*"_s};
        QVERIFY(mapping.selects(u":.ctx:a"));
        QVERIFY(!mapping.selects(u"a"));
        QVERIFY(!mapping.selects(u":.ctx2:a"));
        mapping.subjects = {u"orders-*"_s};
        QVERIFY(mapping.selects(u"orders-value"));
        QVERIFY(!mapping.selects(u"payments-value"));
        // ":*:" before a name: that name in every context (it used to select nothing).
        mapping.subjects = {u":*:orders-value"_s};
        QVERIFY(mapping.selects(u"orders-value"));
        QVERIFY(mapping.selects(u":.eu:orders-value"));
        QVERIFY(!mapping.selects(u":.eu:payments-value"));
        mapping.subjects = {u":*:orders-*"_s};
        QVERIFY(mapping.selects(u":.us:orders-key"));
        QVERIFY(!mapping.selects(u":.us:payments-key"));
    }

    void fromExporterDescription()
    {
        const QJsonObject info =
            QJsonDocument::fromJson(
                json("{'name':'src-to-tgt-link','subjects':['*'],'contextType':'CUSTOM',"
                     "'context':'source','config':{'schema.registry.url':'http://schemaregistry2:8082'}}")
                    .toUtf8())
                .object();
        const SubjectMapping mapping = SubjectMapping::fromExporter(info);
        QCOMPARE(mapping.contextType, ContextType::Custom);
        QCOMPARE(mapping.context, u"source"_s);
        QCOMPARE(mapping.subjects, QStringList{u"*"_s});
        QCOMPARE(mapping.subjectRenameFormat, u"${subject}"_s);
        QCOMPARE(SubjectMapping::fromExporter(QJsonObject{}).contextType,
                 ContextType::Auto); // exporter default
    }

    void scenarioAIdentical()
    {
        RegistrySnapshot source{
            u"source"_s, {subject(u"pageviews-value"_s, {version(1, 1, kPageviews)})}, {}, {}};
        RegistrySnapshot target{
            u"target"_s, {subject(u"pageviews-value"_s, {version(1, 1, QString(kPageviews))})}, {}, {}};
        const MirrorReport report = MirrorComparator::compare(source, target, SubjectMapping{});
        QCOMPARE(report.counts.identical, 1);
        QCOMPARE(report.counts.differing + report.counts.onlyInA + report.counts.onlyInB, 0);
    }

    void scenarioBCopiesIdenticalDespiteQualifiedName()
    {
        RegistrySnapshot source{u"source"_s,
                                {subject(u":.target:stock_trades-value"_s, {version(1, 1, kStockTrades)}),
                                 subject(u"pageviews-value"_s, {version(1, 1, kPageviews)})},
                                {},
                                {}};
        RegistrySnapshot target{u"target"_s,
                                {subject(u":.source:pageviews-value"_s, {version(1, 1, kPageviews)}),
                                 subject(u"stock_trades-value"_s, {version(1, 1, kStockTrades)})},
                                {},
                                {}};
        const MirrorReport forward =
            MirrorComparator::compare(source, target, customContext(u"source"_s, {u"pageviews-value"_s}));
        QCOMPARE(forward.counts.identical, 1);
        QCOMPARE(forward.counts.onlyInA, 0);
        QCOMPARE(forward.counts.onlyInB, 0);
        QCOMPARE(forward.counts.outOfScopeB, 1);
        QVERIFY(find(forward, u"pageviews-value"_s, u":.source:pageviews-value"_s));

        const MirrorReport backward =
            MirrorComparator::compare(target, source, customContext(u"target"_s, {u"stock_trades-value"_s}));
        QCOMPARE(backward.counts.identical, 1);
        QCOMPARE(backward.counts.onlyInA + backward.counts.onlyInB + backward.counts.differing, 0);
    }

    void scenarioCNestedContextMissing()
    {
        // Source exports everything into ".source", including what it imported from target into
        // ".target"; the paused exporter never wrote ":.source.target:stock_trades-value".
        RegistrySnapshot source{u"source"_s,
                                {subject(u":.target:stock_trades-value"_s, {version(1, 1, kStockTrades)}),
                                 subject(u"pageviews-value"_s, {version(1, 1, kPageviews)})},
                                {},
                                {}};
        RegistrySnapshot target{u"target"_s,
                                {subject(u":.source:pageviews-value"_s, {version(1, 1, kPageviews)}),
                                 subject(u"stock_trades-value"_s, {version(1, 1, kStockTrades)})},
                                {},
                                {}};
        target.contextMode.insert(u".source"_s, u"IMPORT"_s);
        const MirrorReport report = MirrorComparator::compare(source, target, customContext(u"source"_s));
        QCOMPARE(report.counts.identical, 1);
        QCOMPARE(report.counts.onlyInA, 1);
        // ".source.target" on target was never put into IMPORT mode: the reason the exporter paused.
        QCOMPARE(report.contexts.size(), 2);
        QCOMPARE(report.contexts[0].contextA, u"."_s);
        QCOMPARE(report.contexts[0].contextB, u".source"_s);
        QVERIFY(!report.contexts[0].importModeMissingOnB());
        QCOMPARE(report.contexts[0].unmirrored, 0);
        QCOMPARE(report.contexts[1].unmirrored, 1);
        QVERIFY(report.contexts[1].likelyBlocksExport());
        QCOMPARE(report.contexts[1].contextA, u".target"_s);
        QCOMPARE(report.contexts[1].contextB, u".source.target"_s);
        QVERIFY(report.contexts[1].importModeMissingOnB());
        QVERIFY(report.toMarkdown().contains(
            u"| `.target` | `.source.target` | (not set) | (not set) | (not set) | (not set) ⚠ not IMPORT | 1 |"_s));
        QCOMPARE(report.toJson()[u"contexts"][1][u"likelyBlocksExport"].toBool(), true);
        const MirrorEntry *missing = find(report, u":.target:stock_trades-value"_s);
        QVERIFY(missing);
        QCOMPARE(missing->status, MirrorStatus::OnlyInA);
        QCOMPARE(missing->subjectB, u":.source.target:stock_trades-value"_s);
    }

    void exactlyTheThreeChanges()
    {
        RegistrySnapshot a{u"A"_s, {}, {}, {}};
        for (int i = 0; i < 10; ++i)
            a.subjects << subject(
                u"s%1-value"_s.arg(i),
                {version(1, 100 + i, record(i)),
                 version(2, 200 + i, record(i, json("{'name':'g','type':'int','default':0}")))});
        RegistrySnapshot b = a;
        b.label = u"B"_s;
        // Deep copies so nothing is compared by pointer.
        for (SnapshotSubject &s : b.subjects) {
            for (SnapshotVersion &v : s.versions)
                v.schema = QString(v.schema.constData(), v.schema.size());
        }
        b.subjects[3].versions[1].schema = record(3, json("{'name':'g','type':'long','default':0}"));
        b.subjects.removeAt(7);
        b.subjects << subject(u"new-value"_s, {version(1, 999, record(99))});

        const MirrorReport report = MirrorComparator::compare(a, b, SubjectMapping{});
        QCOMPARE(report.counts.differing, 1);
        QCOMPARE(report.counts.onlyInA, 1);
        QCOMPARE(report.counts.onlyInB, 1);
        QCOMPARE(report.counts.identical, 8);
        const MirrorEntry *changed = find(report, u"s3-value"_s);
        QCOMPARE(changed->status, MirrorStatus::Differing);
        QCOMPARE(changed->differences, MirrorDifferences(MirrorDifference::Schema));
        QCOMPARE(changed->schemaDiffersVersions, QList<int>{2});
        QCOMPARE(find(report, u"s7-value"_s)->status, MirrorStatus::OnlyInA);
        QCOMPARE(find(report, {}, u"new-value"_s)->status, MirrorStatus::OnlyInB);
    }

    void idDifferences()
    {
        RegistrySnapshot a{
            u"A"_s, {subject(u"x"_s, {version(1, 5, record(1)), version(2, 6, record(2))})}, {}, {}};
        RegistrySnapshot b{
            u"B"_s, {subject(u"x"_s, {version(1, 5, record(1)), version(2, 9, record(2))})}, {}, {}};
        MirrorReport report = MirrorComparator::compare(a, b, SubjectMapping{});
        QCOMPARE(report.counts.differing, 1);
        QCOMPARE(report.entries[0].differences, MirrorDifferences(MirrorDifference::Id));
        QCOMPARE(report.entries[0].details, QStringList{u"ids differ: v2 (A 6, B 9)"_s});
        MirrorOptions ignoreIds;
        ignoreIds.compareIds = false;
        report = MirrorComparator::compare(a, b, SubjectMapping{}, ignoreIds);
        QCOMPARE(report.counts.identical, 1);
    }

    void versionListDifferences()
    {
        RegistrySnapshot a{
            u"A"_s,
            {subject(u"x"_s, {version(1, 1, record(1)), version(2, 2, record(2)), version(3, 3, record(3))}),
             subject(u"y"_s, {version(1, 4, record(4)), version(2, 5, record(5), true)})},
            {},
            {}};
        RegistrySnapshot b{u"B"_s,
                           {subject(u"x"_s, {version(1, 1, record(1)), version(2, 2, record(2))}),
                            subject(u"y"_s, {version(1, 4, record(4)), version(2, 5, record(5))})},
                           {},
                           {}};
        MirrorReport report = MirrorComparator::compare(a, b, SubjectMapping{});
        QCOMPARE(report.counts.differing, 2);
        QCOMPARE(report.counts.versionListDifferences, 2);
        QCOMPARE(find(report, u"x"_s)->details, QStringList{u"version(s) only on A: 3"_s});
        QCOMPARE(find(report, u"y"_s)->details, QStringList{u"soft-deleted on A only: 2"_s});
        MirrorOptions liveOnly;
        liveOnly.includeDeleted = false;
        report = MirrorComparator::compare(a, b, SubjectMapping{}, liveOnly);
        QCOMPARE(find(report, u"y"_s)->details, QStringList{u"version(s) only on B: 2"_s});

        // A version rolled back (soft-deleted) on A that never reached B is named as such; a subject
        // deleted as a whole on A is out of a live-only comparison, on either side.
        a.subjects[0].versions[2].deleted = true;
        a.subjects << subject(u"z"_s, {version(1, 6, record(6), true)});
        b.subjects << subject(u"w"_s, {version(1, 7, record(7), true)});
        report = MirrorComparator::compare(a, b, SubjectMapping{});
        QCOMPARE(find(report, u"x"_s)->details, QStringList{u"soft-deleted version(s) only on A: 3"_s});
        QCOMPARE(report.counts.onlyInA, 1);
        QCOMPARE(report.counts.onlyInB, 1);
        report = MirrorComparator::compare(a, b, SubjectMapping{}, liveOnly);
        QCOMPARE(find(report, u"x"_s)->status, MirrorStatus::Identical);
        QCOMPARE(report.counts.onlyInA, 0);
        QCOMPARE(report.counts.onlyInB, 0);
        QCOMPARE(report.counts.subjectsA, 2);
    }

    void configAndModeDifferences()
    {
        RegistrySnapshot a{u"A"_s, {subject(u"x"_s, {version(1, 1, record(1))})}, {}, {}};
        RegistrySnapshot b = a;
        b.subjects[0].compatibility = u"FULL"_s;
        b.subjects[0].mode = u"IMPORT"_s;
        MirrorReport report = MirrorComparator::compare(a, b, SubjectMapping{});
        QCOMPARE(report.entries[0].differences, MirrorDifference::Config | MirrorDifference::Mode);
        QCOMPARE(report.entries[0].details,
                 QStringList({u"compatibility: A (not set), B FULL"_s, u"mode: A (not set), B IMPORT"_s}));
        MirrorOptions options;
        options.compareMode = false;
        report = MirrorComparator::compare(a, b, SubjectMapping{}, options);
        QCOMPARE(report.entries[0].differences, MirrorDifferences(MirrorDifference::Config));
    }

    void schemaTypeAndReferencesCount()
    {
        SnapshotVersion jsonVersion = version(1, 1, json("{'type':'object'}"));
        jsonVersion.schemaType = u"JSON"_s;
        SnapshotVersion avroSameText = version(1, 1, json("{'type':'object'}"));
        RegistrySnapshot a{u"A"_s, {subject(u"x"_s, {jsonVersion})}, {}, {}};
        RegistrySnapshot b{u"B"_s, {subject(u"x"_s, {avroSameText})}, {}, {}};
        QCOMPARE(MirrorComparator::compare(a, b, SubjectMapping{}).counts.schemaDifferences, 1);

        SnapshotVersion withRef = version(1, 1, record(1));
        withRef.references = {SnapshotReference{u"common.Id"_s, u"common-value"_s, 1}};
        SnapshotVersion withQualifiedRef = withRef;
        withQualifiedRef.references[0].subject = u":.source:common-value"_s;
        SnapshotVersion withOtherRefVersion = withRef;
        withOtherRefVersion.references[0].version = 2;
        a.subjects = {subject(u"r"_s, {withRef})};
        b.subjects = {subject(u":.source:r"_s, {withQualifiedRef})};
        QCOMPARE(MirrorComparator::compare(a, b, customContext(u"source"_s)).counts.identical, 1);
        b.subjects = {subject(u":.source:r"_s, {withOtherRefVersion})};
        QCOMPARE(MirrorComparator::compare(a, b, customContext(u"source"_s)).counts.schemaDifferences, 1);
    }

    void canonicalFingerprintsIgnoreFormatting()
    {
        const QString compactText = record(1);
        const QString spaced =
            json("{ 'type': 'record', 'name': 'R1',\n  'fields': [ { 'name': 'f', 'type': 'string' } ] }");
        RegistrySnapshot a{u"A"_s, {subject(u"x"_s, {version(1, 1, compactText)})}, {}, {}};
        RegistrySnapshot b{u"B"_s, {subject(u"x"_s, {version(1, 1, spaced)})}, {}, {}};
        QCOMPARE(MirrorComparator::compare(a, b, SubjectMapping{}).counts.schemaDifferences, 1);
        MirrorOptions canonical;
        canonical.fingerprint = FingerprintMode::Canonical;
        QCOMPARE(MirrorComparator::compare(a, b, SubjectMapping{}, canonical).counts.identical, 1);
        // A real change still shows.
        b.subjects[0].versions[0].schema = QString(spaced).replace(u"string"_s, u"bytes"_s);
        QCOMPARE(MirrorComparator::compare(a, b, SubjectMapping{}, canonical).counts.schemaDifferences, 1);

        // References resolve inside each snapshot.
        SnapshotVersion referencing =
            version(1, 2, json("{'type':'record','name':'Outer','fields':[{'name':'r','type':'R1'}]}"));
        referencing.references = {SnapshotReference{u"R1"_s, u"x"_s, 1}};
        SnapshotVersion referencingSpaced = referencing;
        referencingSpaced.schema =
            json("{'type':'record', 'name':'Outer', 'fields':[ {'name':'r', 'type':'R1'} ]}");
        b.subjects[0].versions[0].schema = spaced;
        a.subjects << subject(u"outer"_s, {referencing});
        b.subjects << subject(u"outer"_s, {referencingSpaced});
        QCOMPARE(MirrorComparator::compare(a, b, SubjectMapping{}, canonical).counts.identical, 2);
    }

    // Texts kept compressed with fingerprints from the load (what mirror verification compares since
    // issue 20) classify exactly as the texts themselves, in every fingerprint mode.
    void packedSnapshotsCompareAsTexts()
    {
        const QString spaced =
            json("{ 'type': 'record', 'name': 'R1',\n  'fields': [ { 'name': 'f', 'type': 'string' } ] }");
        SnapshotVersion jsonVersion = version(1, 7, json("{'type':'object','title':'é ünïcode'}"));
        jsonVersion.schemaType = u"JSON"_s;
        SnapshotVersion jsonSpaced = jsonVersion;
        jsonSpaced.schema = json("{ 'type': 'object', 'title': 'é ünïcode' }");
        SnapshotVersion referencing =
            version(2, 3, json("{'type':'record','name':'Outer','fields':[{'name':'r','type':'R1'}]}"));
        referencing.references = {SnapshotReference{u"R1"_s, u"x"_s, 1}};
        SnapshotVersion referencingSpaced = referencing;
        referencingSpaced.schema =
            json("{'type':'record', 'name':'Outer', 'fields':[ {'name':'r', 'type':'R1'} ]}");
        referencingSpaced.references[0].subject = u":.m:x"_s;
        RegistrySnapshot a{u"A"_s, {}, {}, {}};
        RegistrySnapshot b{u"B"_s, {}, {}, {}};
        const QString intField = json("{'name':'g','type':'int'}");
        const QString longField = json("{'name':'g','type':'long'}");
        a.subjects = {subject(u"x"_s, {version(1, 1, record(1)), version(2, 2, record(1, intField))}),
                      subject(u"outer"_s, {version(1, 2, record(9)), referencing}),
                      subject(u"j"_s, {jsonVersion}),
                      subject(u"same"_s, {version(1, 4, record(4)), version(2, 5, record(5), true)}),
                      subject(u"only-a"_s, {version(1, 6, record(6))})};
        b.subjects = {subject(u":.m:x"_s, {version(1, 1, spaced), version(2, 9, record(1, longField))}),
                      subject(u":.m:outer"_s, {version(1, 2, record(9)), referencingSpaced}),
                      subject(u":.m:j"_s, {jsonSpaced}),
                      subject(u":.m:same"_s, {version(1, 4, record(4)), version(2, 5, record(5), true)}),
                      subject(u":.m:only-b"_s, {version(1, 8, record(8))})};
        // More, so texts span several blocks and pages.
        for (int i = 0; i < 600; ++i) {
            const QString text =
                record(100 + i, json("{'name':'pad','type':'string','doc':'%1'}").arg(QString(200, u'x')));
            a.subjects << subject(u"bulk-%1"_s.arg(i), {version(1, 100 + i, text)});
            b.subjects << subject(u":.m:bulk-%1"_s.arg(i),
                                  {version(1, 100 + i, i == 123 ? text + u' ' : text)});
        }
        const RegistrySnapshot packedA = packed(a, 700);
        const RegistrySnapshot packedB = packed(b, 333);
        QVERIFY(packedA.subjects.constFirst().versions.constFirst().schema.isEmpty());
        QVERIFY(packedA.subjects.constFirst().versions.constFirst().fingerprint != 0);
        for (const FingerprintMode mode :
             {FingerprintMode::SchemaText, FingerprintMode::Canonical, FingerprintMode::Formatting}) {
            for (const bool latestOnly : {false, true}) {
                MirrorOptions options;
                options.fingerprint = mode;
                options.latestOnly = latestOnly;
                const MirrorReport plainReport =
                    MirrorComparator::compare(a, b, customContext(u"m"_s), options);
                const MirrorReport packedReport =
                    MirrorComparator::compare(packedA, packedB, customContext(u"m"_s), options);
                QCOMPARE(findings(packedReport), findings(plainReport));
                QCOMPARE(packedReport.counts.identical, plainReport.counts.identical);
                QCOMPARE(packedReport.counts.schemaDifferences, plainReport.counts.schemaDifferences);
                // As stored x, outer, j and bulk-123 differ; the other modes keep only x v2 (int → long).
                QCOMPARE(plainReport.counts.schemaDifferences, mode == FingerprintMode::SchemaText ? 4 : 1);
            }
        }
        // The fingerprint from the load's hash is the fingerprint of the text.
        const SnapshotVersion &loaded = packedA.subjects.constFirst().versions.constFirst();
        SnapshotVersion asText = loaded;
        asText.schema = packedA.schemaOf(loaded);
        asText.textIndex = -1;
        QCOMPARE(MirrorComparator::fingerprint(asText), loaded.fingerprint);
    }

    void reportExports()
    {
        RegistrySnapshot a{u"source"_s,
                           {subject(u"same"_s, {version(1, 1, record(1))}),
                            subject(u"diff|pipe"_s, {version(1, 2, record(2))}),
                            subject(u"gone"_s, {version(1, 3, record(3))})},
                           {},
                           {}};
        RegistrySnapshot b{u"target"_s,
                           {subject(u"same"_s, {version(1, 1, record(1))}),
                            subject(u"diff|pipe"_s, {version(1, 2, record(9))}),
                            subject(u"extra"_s, {version(1, 4, record(4))})},
                           {},
                           {}};
        const MirrorReport report = MirrorComparator::compare(a, b, SubjectMapping{});
        const QJsonObject json = report.toJson();
        QCOMPARE(json[u"counts"][u"identical"].toInt(), 1);
        QCOMPARE(json[u"counts"][u"differing"].toInt(), 1);
        QCOMPARE(json[u"counts"][u"onlyInA"].toInt(), 1);
        QCOMPARE(json[u"counts"][u"onlyInB"].toInt(), 1);
        QCOMPARE(json[u"mapping"][u"contextType"].toString(), u"NONE"_s);
        const QJsonArray subjects = json[u"subjects"].toArray();
        QCOMPARE(subjects.size(), 4);
        QCOMPARE(subjects[1][u"status"].toString(), u"differing"_s);
        QCOMPARE(subjects[1][u"differences"].toArray(), QJsonArray{u"schema"_s});
        QCOMPARE(subjects[1][u"schemaDiffersVersions"].toArray(), QJsonArray{1});

        const QString markdown = report.toMarkdown();
        QVERIFY(markdown.contains(u"| Identical | 1 |"_s));
        QVERIFY(markdown.contains(u"| Only in A | 1 |"_s));
        QVERIFY(markdown.contains(u"## Differing (1)"_s));
        QVERIFY(markdown.contains(
            u"| `diff\\|pipe` | `diff\\|pipe` | schema | schema differs in version(s) 1 |"_s));
        QVERIFY(markdown.contains(u"- `gone` (expected on B as `gone`)"_s));
        QVERIFY(markdown.contains(u"## Only in B (1)\n\n- `extra`"_s));
        // The default context, and the subject only on B counted apart.
        QVERIFY(
            markdown.contains(u"| `.` | 1 | 1 | 1 | 0 |\n| `.` (subjects only on B) | 0 | 0 | 0 | 1 |"_s));
        QCOMPARE(json[u"byContext"].toArray().size(), 2);
    }

    // Counted per context: A's contexts ("." first), then subjects only on B under B's context.
    void countsByContext()
    {
        RegistrySnapshot a{u"source"_s,
                           {subject(u"same"_s, {version(1, 1, record(1))}),
                            subject(u"gone"_s, {version(1, 2, record(2))}),
                            subject(u":.eu:same"_s, {version(1, 1, record(3))}),
                            subject(u":.eu:changed"_s, {version(1, 2, record(4))})},
                           {},
                           {}};
        RegistrySnapshot b{u"target"_s,
                           {subject(u"same"_s, {version(1, 1, record(1))}),
                            subject(u":.eu:same"_s, {version(1, 1, record(3))}),
                            subject(u":.eu:changed"_s, {version(1, 2, record(9))}),
                            subject(u":.us:extra"_s, {version(1, 5, record(5))})},
                           {},
                           {}};
        const MirrorReport report = MirrorComparator::compare(a, b, SubjectMapping{});
        const QList<MirrorContextTally> tallies = report.byContext();
        QCOMPARE(tallies.size(), 3);
        QCOMPARE(tallies[0].context, u"."_s);
        QCOMPARE(tallies[0].identical, 1);
        QCOMPARE(tallies[0].onlyInA, 1);
        QCOMPARE(tallies[1].context, u".eu"_s);
        QCOMPARE(tallies[1].identical, 1);
        QCOMPARE(tallies[1].differing, 1);
        QCOMPARE(tallies[2].context, u"B .us"_s);
        QCOMPARE(tallies[2].onlyInB, 1);
        QCOMPARE(tallies[2].notIdentical(), 1);
        const QString markdown = report.toMarkdown();
        QVERIFY2(markdown.contains(u"| `.` | 1 | 0 | 1 | 0 |\n| `.eu` | 1 | 1 | 0 | 0 |\n"
                                   "| `.us` (subjects only on B) | 0 | 0 | 0 | 1 |"_s),
                 qPrintable(markdown));
        const QJsonArray json = report.toJson()[u"byContext"].toArray();
        QCOMPARE(json.size(), 3);
        QCOMPARE(json[1][u"context"].toString(), u".eu"_s);
        QCOMPARE(json[1][u"differing"].toInt(), 1);
    }

    void largeInputsSplitAcrossWorkersKeepOrder()
    {
        // Big enough for several chunks on a multi-core machine; the report must not depend on the split.
        RegistrySnapshot a{u"A"_s, {}, {}, {}};
        const QString schema = record(1);
        for (int i = 0; i < 70000; ++i)
            a.subjects << subject(u"s%1"_s.arg(i, 6, 10, QChar(u'0')), {version(1, i, schema)});
        RegistrySnapshot b = a;
        b.subjects[12345].versions[0].id = -1;
        b.subjects[65000].versions[0].schema = record(2);
        b.subjects.removeAt(40000);
        b.subjects << subject(u"zz-extra"_s, {version(1, 1, schema)});
        const MirrorReport report = MirrorComparator::compare(a, b, SubjectMapping{});
        QCOMPARE(report.counts.subjectsA, 70000);
        QCOMPARE(report.counts.identical, 69997);
        QCOMPARE(report.counts.differing, 2);
        QCOMPARE(report.counts.idDifferences, 1);
        QCOMPARE(report.counts.schemaDifferences, 1);
        QCOMPARE(report.counts.onlyInA, 1);
        QCOMPARE(report.counts.onlyInB, 1);
        QCOMPARE(report.entries.size(), 70001);
        for (int i = 0; i < 70000; ++i)
            QCOMPARE(report.entries[i].indexA, i);
        QCOMPARE(report.entries[40000].status, MirrorStatus::OnlyInA);
        QCOMPARE(report.entries.last().subjectB, u"zz-extra"_s);

        // The same from a pool thread (chunks nest into the pool the async run occupies).
        QFuture<MirrorReport> future = compareMirrorsAsync(a, b, SubjectMapping{});
        future.waitForFinished();
        QCOMPARE(future.resultCount(), 1);
        QCOMPARE(future.result().counts.identical, 69997);

        int polls = 0;
        const MirrorReport stopped =
            MirrorComparator::compare(a, b, SubjectMapping{}, {}, [&polls] { return ++polls > 3; });
        QVERIFY(stopped.cancelled);
    }

    void asyncProgressAndCancel()
    {
        RegistrySnapshot a{u"A"_s, {}, {}, {}};
        for (int i = 0; i < 5000; ++i)
            a.subjects << subject(u"s%1"_s.arg(i), {version(1, i, record(i))});
        const RegistrySnapshot b = a;
        QFuture<MirrorReport> future = compareMirrorsAsync(a, b, SubjectMapping{});
        future.waitForFinished();
        QCOMPARE(future.resultCount(), 1);
        QCOMPARE(future.result().counts.identical, 5000);
        QCOMPARE(future.progressMaximum(), 10000);
        QCOMPARE(future.progressValue(), 10000);

        int polls = 0;
        const MirrorReport stopped =
            MirrorComparator::compare(a, b, SubjectMapping{}, {}, [&polls] { return ++polls > 2; });
        QVERIFY(stopped.cancelled);
        QVERIFY(stopped.entries.size() < 5000);
    }
};

QTEST_GUILESS_MAIN(TestMirrorComparator)
#include "tst_mirrorcomparator.moc"
