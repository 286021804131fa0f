// The exporter wizard's defaults and its summary before Finish, without a widget: the context named
// after the source, a name no exporter has, and the summary lines in words with secrets masked.
#include "exporters/ExporterNaming.h"
#include "exporters/ExporterSummary.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;

class TestExporterSummary : public QObject
{
    Q_OBJECT
private:
    static QString lineWith(const QStringList &lines, const QString &start)
    {
        for (const QString &line : lines) {
            if (line.startsWith(start))
                return line;
        }
        return {};
    }

private Q_SLOTS:
    void contextNamedAfterTheSource()
    {
        QCOMPARE(exporters::contextNameFor(u"source"_s), u"source"_s);
        QCOMPARE(exporters::contextNameFor(u"DC1 (primary)"_s), u"dc1-primary"_s);
        QCOMPARE(exporters::contextNameFor(u"prod.eu:8081/*"_s), u"prod-eu-8081"_s);
        QCOMPARE(exporters::contextNameFor(u"--Team_A--"_s), u"team_a"_s);
        QCOMPARE(exporters::contextNameFor(u"::.*"_s), u"source"_s);
        QCOMPARE(exporters::contextNameFor(QString()), u"source"_s);
    }

    void nameNoExporterHas()
    {
        QCOMPARE(exporters::uniqueName(u"a"_s, {}), u"a"_s);
        QCOMPARE(exporters::uniqueName(u"a"_s, {u"A"_s, u"a-2"_s}), u"a-3"_s);
        QCOMPARE(exporters::suggestExporterName(u"source"_s, u"target"_s, {u"src-to-tgt-link"_s}),
                 u"source-to-target-link"_s);
        QCOMPARE(exporters::suggestExporterName(u"source"_s, u"target"_s, {u"source-to-target-link"_s}),
                 u"source-to-target-link-2"_s);
        QCOMPARE(exporters::suggestExporterName(u"Cloud EU"_s, QString(), {}), u"cloud-eu-link"_s);
    }

    void summaryInWords()
    {
        exporters::ExporterSummaryInput in;
        in.exporter.name = u"source-to-target-link"_s;
        in.exporter.subjects = {u"*"_s};
        in.exporter.contextType = u"CUSTOM"_s;
        in.exporter.context = u"source"_s;
        in.exporter.subjectRenameFormat = u"${subject}"_s;
        in.exporter.config = {{u"schema.registry.url"_s, u"http://127.0.0.1:8082"_s},
                              {u"basic.auth.credentials.source"_s, u"USER_INFO"_s},
                              {u"basic.auth.user.info"_s, u"key:s3cr3t"_s},
                              {u"ssl.key.password"_s, u"hunter2"_s},
                              {u"poll.interval.ms"_s, u"500"_s}};
        in.sourceName = u"source"_s;
        in.destinationName = u"target"_s;
        in.sourceSubjects = {u":.target:accounts-value"_s, u"pageviews-value"_s, u"users-value"_s};
        const QStringList lines = exporters::summarizeExporter(in);
        QCOMPARE(lines.first(),
                 u"Create exporter source-to-target-link on source, the registry that runs it and sends the "
                 "copies."_s);
        QCOMPARE(lineWith(lines, u"Subjects:"_s),
                 u"Subjects: every subject in every context (*) — 3 subject(s) on source match now."_s);
        QCOMPARE(lineWith(lines, u"Context type"_s),
                 u"Context type CUSTOM: the copies land in the context .source on the destination "
                 "(pageviews-value → :.source:pageviews-value)."_s);
        QCOMPARE(lineWith(lines, u"Destination:"_s), u"Destination: target at http://127.0.0.1:8082."_s);
        QCOMPARE(lineWith(lines, u"Authentication:"_s),
                 u"Authentication: Basic, user key, secret ******** (sent to source inside the exporter's "
                 "config)."_s);
        QCOMPARE(lineWith(lines, u"Other config:"_s),
                 u"Other config: poll.interval.ms = 500, ssl.key.password = ********."_s);
        QVERIFY(lineWith(lines, u"Names are rewritten"_s).isEmpty());
        for (const QString &line : lines)
            QVERIFY2(!line.contains(u"s3cr3t"_s) && !line.contains(u"hunter2"_s), qPrintable(line));

        // Editing, other filters, AUTO and NONE, a rename, a typed URL without credentials.
        in.edit = true;
        in.exporter.subjects = {u":.:*"_s, u":.analytics:*"_s, u"orders-*"_s, u"users-value"_s};
        in.exporter.contextType = u"AUTO"_s;
        in.sourceClusterId = u"lsrc-123"_s;
        in.exporter.subjectRenameFormat = u"dc_${subject}"_s;
        in.exporter.config = {{u"schema.registry.url"_s, u"https://psrc-1.example"_s}};
        in.destinationName.clear();
        QStringList edited = exporters::summarizeExporter(in);
        QCOMPARE(edited.first(), u"Save the changes to exporter source-to-target-link on source."_s);
        QCOMPARE(lineWith(edited, u"Subjects:"_s),
                 u"Subjects: every subject of the default context; every subject of context .analytics; "
                 "subjects whose names start with orders-; users-value (:.:*, :.analytics:*, orders-*, "
                 "users-value) — 2 subject(s) on source match now."_s);
        QCOMPARE(lineWith(edited, u"Context type"_s),
                 u"Context type AUTO: the copies land in the context .lsrc-123, after source's cluster id "
                 "(pageviews-value → :.lsrc-123:dc_pageviews-value)."_s);
        QCOMPARE(lineWith(edited, u"Names are rewritten"_s), u"Names are rewritten with dc_${subject}."_s);
        QCOMPARE(lineWith(edited, u"Destination:"_s), u"Destination: https://psrc-1.example."_s);
        QCOMPARE(lineWith(edited, u"Authentication:"_s), u"Authentication: none."_s);
        QCOMPARE(lineWith(edited, u"Other config:"_s), u"Other config: none (the exporter's defaults)."_s);
        in.exporter.contextType = u"NONE"_s;
        in.exporter.subjectRenameFormat.clear();
        QCOMPARE(lineWith(exporters::summarizeExporter(in), u"Context type"_s),
                 u"Context type NONE: the copies keep their names and contexts (pageviews-value → "
                 "pageviews-value)."_s);
    }

    void masking()
    {
        QCOMPARE(exporters::maskedConfigValue(u"basic.auth.user.info"_s, u"key:secret"_s), u"key:********"_s);
        QCOMPARE(exporters::maskedConfigValue(u"bearer.auth.token"_s, u"t"_s), u"********"_s);
        QCOMPARE(exporters::maskedConfigValue(u"basic.auth.credentials.source"_s, u"USER_INFO"_s),
                 u"USER_INFO"_s);
        QCOMPARE(exporters::maskedConfigValue(u"schema.registry.url"_s, u"http://x"_s), u"http://x"_s);
    }
};

QTEST_GUILESS_MAIN(TestExporterSummary)
#include "tst_exportersummary.moc"
