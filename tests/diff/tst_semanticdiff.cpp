#include "diff/SemanticDiff.h"

#include <QTest>

using namespace Qt::StringLiterals;
using sd::diff::SemanticChange;
using sd::diff::SemanticChangeKind;
using sd::diff::SemanticDiff;
using sd::diff::SemanticSummary;
using sd::schema::CompatibilityLevel;
using sd::schema::SchemaType;

namespace {

// Fixtures use single quotes (moc trips over raw string literals).
QString json(const char *utf8)
{
    return QString::fromUtf8(utf8).replace(u'\'', u'"');
}

QString user(const char *fields)
{
    return json("{'type':'record','name':'User','namespace':'app','fields':[") + json(fields) + u"]}"_s;
}

const char *kBaseFields = "{'name':'id','type':'int'},{'name':'name','type':'string'}";

SemanticSummary avro(const QString &before, const QString &after, CompatibilityLevel level)
{
    SemanticSummary summary = SemanticDiff::compare(SchemaType::Avro, before, after, level);
    if (!summary.ok())
        qWarning("%s", qPrintable(summary.error));
    return summary;
}

SemanticSummary jsonSchema(const QString &before, const QString &after, CompatibilityLevel level)
{
    SemanticSummary summary = SemanticDiff::compare(SchemaType::Json, before, after, level);
    if (!summary.ok())
        qWarning("%s", qPrintable(summary.error));
    return summary;
}

const SemanticChange *only(const SemanticSummary &summary, SemanticChangeKind kind)
{
    const SemanticChange *found = nullptr;
    for (const SemanticChange &change : summary.changes) {
        if (change.kind == kind) {
            if (found)
                return nullptr; // more than one
            found = &change;
        }
    }
    return found;
}

} // namespace

class TestSemanticDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identicalHasNoChanges()
    {
        const SemanticSummary summary = avro(user(kBaseFields), user(kBaseFields), CompatibilityLevel::Full);
        QVERIFY(summary.ok());
        QVERIFY(summary.changes.isEmpty());
        QVERIFY(summary.compatible());
    }

    void fieldAddedWithDefaultIsBackwardCompatible()
    {
        const QString after = user("{'name':'id','type':'int'},{'name':'name','type':'string'},"
                                   "{'name':'email','type':'string','default':''}");
        const SemanticSummary summary = avro(user(kBaseFields), after, CompatibilityLevel::Backward);
        QCOMPARE(summary.changes.size(), 1);
        const SemanticChange *added = only(summary, SemanticChangeKind::FieldAdded);
        QVERIFY(added);
        QCOMPARE(added->path, u"email"_s);
        QCOMPARE(added->after, u"string"_s);
        QVERIFY(added->compatible);
        QVERIFY(added->forwardCompatible);
        QVERIFY(avro(user(kBaseFields), after, CompatibilityLevel::Full).compatible());
    }

    void fieldAddedWithoutDefaultBreaksBackward()
    {
        const QString after = user("{'name':'id','type':'int'},{'name':'name','type':'string'},"
                                   "{'name':'email','type':'string'}");
        QVERIFY(!avro(user(kBaseFields), after, CompatibilityLevel::Backward).compatible());
        QVERIFY(avro(user(kBaseFields), after, CompatibilityLevel::Forward).compatible());
        QVERIFY(avro(user(kBaseFields), after, CompatibilityLevel::None).compatible());
    }

    void fieldRemovedWithoutDefault()
    {
        // Under BACKWARD the new reader just skips the field the old writer wrote; under FORWARD the
        // old reader has no default to fill it from data the new writer produces.
        const QString after = user("{'name':'id','type':'int'}");
        const SemanticSummary backward = avro(user(kBaseFields), after, CompatibilityLevel::Backward);
        const SemanticChange *removed = only(backward, SemanticChangeKind::FieldRemoved);
        QVERIFY(removed);
        QCOMPARE(removed->path, u"name"_s);
        QVERIFY(removed->compatible);
        QVERIFY(!removed->forwardCompatible);
        QVERIFY(!avro(user(kBaseFields), after, CompatibilityLevel::Forward).compatible());
        QVERIFY(!avro(user(kBaseFields), after, CompatibilityLevel::FullTransitive).compatible());

        const QString withDefault =
            user("{'name':'id','type':'int'},{'name':'name','type':'string','default':'x'}");
        QVERIFY(avro(withDefault, after, CompatibilityLevel::Full).compatible());
    }

    void intToLongPromotion()
    {
        const QString after = user("{'name':'id','type':'long'},{'name':'name','type':'string'}");
        const SemanticSummary backward = avro(user(kBaseFields), after, CompatibilityLevel::Backward);
        const SemanticChange *changed = only(backward, SemanticChangeKind::TypeChanged);
        QVERIFY(changed);
        QCOMPARE(changed->path, u"id"_s);
        QCOMPARE(changed->before, u"int"_s);
        QCOMPARE(changed->after, u"long"_s);
        QVERIFY(changed->compatible);
        QVERIFY(!changed->forwardCompatible);
        QVERIFY(!avro(user(kBaseFields), after, CompatibilityLevel::Forward).compatible());
        // Narrowing is the mirror image.
        QVERIFY(!avro(after, user(kBaseFields), CompatibilityLevel::Backward).compatible());
        QVERIFY(avro(after, user(kBaseFields), CompatibilityLevel::Forward).compatible());
    }

    void enumSymbolAdded()
    {
        const QString before = json("{'type':'enum','name':'Status','symbols':['NEW','DONE']}");
        const QString after = json("{'type':'enum','name':'Status','symbols':['NEW','DONE','FAILED']}");
        const SemanticSummary forward = avro(before, after, CompatibilityLevel::Forward);
        const SemanticChange *added = only(forward, SemanticChangeKind::SymbolAdded);
        QVERIFY(added);
        QCOMPARE(added->after, u"FAILED"_s);
        QVERIFY(!added->compatible);
        QVERIFY(added->backwardCompatible);
        QVERIFY(avro(before, after, CompatibilityLevel::Backward).compatible());
        // An enum default on the old reader absorbs unknown symbols.
        const QString beforeWithDefault =
            json("{'type':'enum','name':'Status','symbols':['NEW','DONE'],'default':'NEW'}");
        QVERIFY(avro(beforeWithDefault, after, CompatibilityLevel::Forward).compatible());
        // Removing a symbol is the reverse.
        QVERIFY(!avro(after, before, CompatibilityLevel::Backward).compatible());
    }

    void nestedRecordsByPath()
    {
        const QString before =
            user("{'name':'id','type':'int'},{'name':'address','type':{'type':'record','name':'Address',"
                 "'fields':[{'name':'street','type':'string'},{'name':'zip','type':'int'}]}}");
        const QString after =
            user("{'name':'id','type':'int'},{'name':'address','type':{'type':'record','name':'Address',"
                 "'fields':[{'name':'street','type':'string'},{'name':'zip','type':'string'},"
                 "{'name':'city','type':'string','default':''}]}}");
        const SemanticSummary summary = avro(before, after, CompatibilityLevel::Backward);
        QCOMPARE(summary.changes.size(), 2);
        const SemanticChange *typeChange = only(summary, SemanticChangeKind::TypeChanged);
        QVERIFY(typeChange);
        QCOMPARE(typeChange->path, u"address.zip"_s);
        QVERIFY(!typeChange->compatible);
        const SemanticChange *added = only(summary, SemanticChangeKind::FieldAdded);
        QCOMPARE(added->path, u"address.city"_s);
        QVERIFY(added->compatible);
        QCOMPARE(summary.breakingCount(), 1);
    }

    void defaultChanged()
    {
        const QString before = user("{'name':'id','type':'int','default':0},{'name':'name','type':'string'}");
        const QString after = user("{'name':'id','type':'int','default':-1},{'name':'name','type':'string'}");
        const SemanticSummary summary = avro(before, after, CompatibilityLevel::Full);
        const SemanticChange *changed = only(summary, SemanticChangeKind::DefaultChanged);
        QVERIFY(changed);
        QCOMPARE(changed->path, u"id"_s);
        QCOMPARE(changed->before, u"0"_s);
        QCOMPARE(changed->after, u"-1"_s);
        QVERIFY(summary.compatible());
    }

    void unionsAndCollections()
    {
        const QString before = user("{'name':'id','type':'int'},{'name':'name','type':'string'},"
                                    "{'name':'scores','type':{'type':'array','items':'int'}},"
                                    "{'name':'home','type':['null',{'type':'record','name':'Place','fields':["
                                    "{'name':'x','type':'int'}]}]}");
        const QString after =
            user("{'name':'id','type':'int'},{'name':'name','type':['null','string'],'default':null},"
                 "{'name':'scores','type':{'type':'array','items':'long'}},"
                 "{'name':'home','type':['null',{'type':'record','name':'Place','fields':[{'name':'x','type':"
                 "'int'},"
                 "{'name':'y','type':'int'}]}]}");
        const SemanticSummary summary = avro(before, after, CompatibilityLevel::Backward);
        QStringList seen;
        for (const SemanticChange &change : summary.changes)
            seen << sd::diff::semanticChangeKindName(change.kind) + u' ' + change.path + u' ' +
                        (change.backwardCompatible ? u"B"_s : u"-"_s) +
                        (change.forwardCompatible ? u"F"_s : u"-"_s);
        seen.sort();
        QCOMPARE(seen, QStringList({u"default changed name BF"_s, u"field added home.y -F"_s,
                                    u"type changed name B-"_s, u"type changed scores[] B-"_s}));
    }

    // The summary's overall verdict agrees with the schema library's compatibility checker.
    void agreesWithCompatibilityChecker()
    {
        const QStringList schemas{
            user(kBaseFields),
            user("{'name':'id','type':'long'},{'name':'name','type':'string'}"),
            user("{'name':'id','type':'int'}"),
            user("{'name':'id','type':'int'},{'name':'name','type':'string','default':'x'}"),
            user("{'name':'id','type':'int'},{'name':'name','type':'string'},{'name':'e','type':'string'}"),
            user("{'name':'id','type':'int'},{'name':'name','type':['null','string'],'default':null}"),
            user("{'name':'id','type':'int'},{'name':'name','type':'bytes'}"),
            user("{'name':'id','type':'float'},{'name':'name','type':'string'}"),
        };
        const QList<CompatibilityLevel> levels{CompatibilityLevel::Backward, CompatibilityLevel::Forward,
                                               CompatibilityLevel::Full};
        for (const QString &before : schemas) {
            for (const QString &after : schemas) {
                const auto oldParsed = sd::schema::parseSchema(SchemaType::Avro, before);
                const auto newParsed = sd::schema::parseSchema(SchemaType::Avro, after);
                QVERIFY(oldParsed.ok() && newParsed.ok());
                for (CompatibilityLevel level : levels) {
                    const bool expected =
                        sd::schema::checkCompatibility(level, *newParsed.schema, {oldParsed.schema})
                            .compatible;
                    QVERIFY2(avro(before, after, level).compatible() == expected,
                             qPrintable(sd::schema::compatibilityLevelName(level) + u": "_s + before +
                                        u" -> "_s + after));
                }
            }
        }
    }

    void parseErrorsAreReported()
    {
        const SemanticSummary summary =
            avro(user(kBaseFields), u"{\"type\":"_s, CompatibilityLevel::Backward);
        QVERIFY(!summary.ok());
        QVERIFY(summary.error.startsWith(u"new schema: "_s));
        QVERIFY(!summary.compatible());
        QVERIFY(!SemanticDiff::compare(SchemaType::Protobuf, {}, {}, CompatibilityLevel::Backward).ok());
    }

    void jsonSchemaProperties()
    {
        const QString closed =
            json("{'type':'object','additionalProperties':false,'properties':{'id':{'type':'integer'}},"
                 "'required':['id']}");
        const QString closedPlusOptional =
            json("{'type':'object','additionalProperties':false,'properties':"
                 "{'id':{'type':'integer'},'note':{'type':'string'}},'required':['id']}");
        SemanticSummary summary = jsonSchema(closed, closedPlusOptional, CompatibilityLevel::Backward);
        const SemanticChange *added = only(summary, SemanticChangeKind::FieldAdded);
        QVERIFY(added);
        QCOMPARE(added->path, u"note"_s);
        QVERIFY(added->compatible);         // old data never had "note"
        QVERIFY(!added->forwardCompatible); // the old closed schema rejects it

        const QString open = json("{'type':'object','properties':{'id':{'type':'integer'}}}");
        const QString openPlus =
            json("{'type':'object','properties':{'id':{'type':'integer'},'note':{'type':'string'}}}");
        QVERIFY(!jsonSchema(open, openPlus, CompatibilityLevel::Backward)
                     .compatible()); // old data may have note: 5
        QVERIFY(
            jsonSchema(openPlus, open, CompatibilityLevel::Backward).compatible()); // removed from open model
        QVERIFY(!jsonSchema(openPlus, open, CompatibilityLevel::Forward).compatible());
    }

    void jsonSchemaTypesRequiredEnumsAndPaths()
    {
        const QString before =
            json("{'type':'object','properties':{'amount':{'type':'integer'},'state':{'enum':['a','b']},"
                 "'address':{'type':'object','properties':{'city':{'type':'string'}}}}}");
        const QString after =
            json("{'type':'object','properties':{'amount':{'type':'number'},'state':{'enum':['a','b','c']},"
                 "'address':{'type':'object','properties':{'city':{'type':'string'}},'required':['city']}}}");
        const SemanticSummary summary = jsonSchema(before, after, CompatibilityLevel::Backward);
        QStringList seen;
        for (const SemanticChange &change : summary.changes)
            seen << sd::diff::semanticChangeKindName(change.kind) + u' ' + change.path + u' ' +
                        (change.backwardCompatible ? u"B"_s : u"-"_s) +
                        (change.forwardCompatible ? u"F"_s : u"-"_s);
        seen.sort();
        QCOMPARE(seen, QStringList({u"required changed address.city -F"_s, u"symbol added state B-"_s,
                                    u"type changed amount B-"_s}));
        // Reordered keys mean nothing.
        const QString reordered =
            json("{'properties':{'address':{'properties':{'city':{'type':'string'}},'type':'object'},"
                 "'state':{'enum':['a','b']},'amount':{'type':'integer'}},'type':'object'}");
        QVERIFY(jsonSchema(before, reordered, CompatibilityLevel::Full).changes.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSemanticDiff)
#include "tst_semanticdiff.moc"
