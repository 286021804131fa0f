// The diff and search commands.
#include "cli/CliCommands.h"
#include "diff/DiffSession.h"
#include "registry/BulkLoader.h"
#include "search/SchemaSearch.h"

#include <memory>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sd::cli {

namespace {

QString lineOf(const QString &text, const QList<qsizetype> &starts, const QList<int> &lengths, int line)
{
    return line >= 0 && line < starts.size() ? text.mid(starts.at(line), lengths.at(line)) : QString();
}

// The diff as `diff -u` writes it: hunks with three lines of context, removed lines before added ones.
QString unifiedDiff(const diff::DiffResult &result, const QString &leftName, const QString &rightName)
{
    QString out = u"--- %1\n+++ %2\n"_s.arg(leftName, rightName);
    for (const diff::DiffHunk &hunk : result.hunks) {
        out += u"@@ -%1,%2 +%3,%4 @@\n"_s.arg(hunk.leftStart + 1)
                   .arg(hunk.leftCount)
                   .arg(hunk.rightStart + 1)
                   .arg(hunk.rightCount);
        QStringList removed;
        QStringList added;
        auto flush = [&] {
            for (const QString &line : std::as_const(removed))
                out += u'-' + line + u'\n';
            for (const QString &line : std::as_const(added))
                out += u'+' + line + u'\n';
            removed.clear();
            added.clear();
        };
        for (int r = hunk.firstRow; r < hunk.firstRow + hunk.rowCount; ++r) {
            const diff::DiffRow &row = result.rows.at(r);
            const QString left =
                lineOf(result.left, result.leftLineStarts, result.leftLineLengths, row.leftLine);
            const QString right =
                lineOf(result.right, result.rightLineStarts, result.rightLineLengths, row.rightLine);
            if (row.kind == diff::RowKind::Equal) {
                flush();
                out += u' ' + left + u'\n';
                continue;
            }
            if (row.leftLine >= 0)
                removed << left;
            if (row.rightLine >= 0)
                added << right;
        }
        flush();
    }
    return out;
}

QJsonObject semanticJson(const diff::SemanticSummary &summary)
{
    QJsonArray changes;
    for (const diff::SemanticChange &change : summary.changes) {
        changes.append(QJsonObject{{u"kind"_s, diff::semanticChangeKindName(change.kind)},
                                   {u"path"_s, change.path},
                                   {u"before"_s, change.before},
                                   {u"after"_s, change.after},
                                   {u"compatible"_s, change.compatible},
                                   {u"explanation"_s, change.explanation}});
    }
    return {{u"error"_s, summary.error}, {u"breaking"_s, summary.breakingCount()}, {u"changes"_s, changes}};
}

// "3" → 3; "latest" → 0 (DiffSide's latest); "previous" → the version before the other side's.
std::optional<int> versionArgument(const QString &text)
{
    if (text.compare(u"latest"_s, Qt::CaseInsensitive) == 0)
        return 0;
    if (text.compare(u"previous"_s, Qt::CaseInsensitive) == 0)
        return diff::DiffSide::previousVersion;
    bool ok = false;
    const int version = text.toInt(&ok);
    return ok && version > 0 ? std::optional<int>(version) : std::nullopt;
}

void reportDiff(CliContext &context, diff::DiffSession &session)
{
    const diff::SchemaDiffResult &result = session.result();
    const diff::DiffStats stats = result.diff.stats;
    const QString leftName = session.leftLoaded().label;
    const QString rightName = session.rightLoaded().label;
    QString markdown = u"%1\n\n%2 line(s) removed, %3 added.\n"_s.arg(session.title())
                           .arg(stats.removedLines)
                           .arg(stats.addedLines);
    if (!stats.identical())
        markdown += u"\n```diff\n"_s + unifiedDiff(result.diff, leftName, rightName) + u"```\n"_s;
    QJsonObject json{
        {u"left"_s, leftName},
        {u"right"_s, rightName},
        {u"identical"_s, stats.identical()},
        {u"removedLines"_s, stats.removedLines},
        {u"addedLines"_s, stats.addedLines},
        {u"unified"_s, stats.identical() ? QString() : unifiedDiff(result.diff, leftName, rightName)}};
    if (result.semantic) {
        json.insert(u"semantic"_s, semanticJson(*result.semantic));
        if (result.semantic->ok() && !result.semantic->changes.isEmpty()) {
            markdown += u"\n| change | where | before | after | compatible |\n|---|---|---|---|---|\n"_s;
            for (const diff::SemanticChange &change : result.semantic->changes) {
                markdown += u"| %1 | %2 | %3 | %4 | %5 |\n"_s.arg(
                    diff::semanticChangeKindName(change.kind),
                    change.path.isEmpty() ? u"(root)"_s : change.path, change.before, change.after,
                    change.compatible ? u"yes"_s : u"**no**"_s);
            }
        }
    }
    context.finish(stats.identical() ? Same : Different, markdown, QJsonDocument(json).toJson());
}

} // namespace

void runDiff(CliContext &context, const Arguments &arguments)
{
    const QString synopsis = u"schemadesk-cli diff CONNECTION SUBJECT [FROM [TO]] [--to CONNECTION] "
                             u"[--to-subject SUBJECT] [--file PATH]"_s;
    if (!checkArguments(context, arguments, {u"to"_s, u"to-subject"_s, u"file"_s}, 2, 4, synopsis))
        return;
    const QString subject = arguments.positional.at(1);
    const bool otherSide = arguments.has(u"to"_s) || arguments.has(u"to-subject"_s);
    const auto from = versionArgument(arguments.positional.value(2, otherSide ? u"latest"_s : u"previous"_s));
    const auto to = versionArgument(arguments.positional.value(3, u"latest"_s));
    if (!from || !to || *to == diff::DiffSide::previousVersion)
        return context.fail(
            u"versions are numbers, \"latest\" or (FROM only) \"previous\". Usage: %1"_s.arg(synopsis));

    auto right = std::make_shared<diff::DiffSide>();
    if (arguments.has(u"file"_s)) {
        QFile file(arguments.value(u"file"_s));
        if (!file.open(QIODevice::ReadOnly))
            return context.fail(u"Cannot read %1: %2"_s.arg(file.fileName(), file.errorString()));
        right->text = QString::fromUtf8(file.readAll());
        right->label = QFileInfo(file.fileName()).fileName();
        const QString suffix = QFileInfo(file.fileName()).suffix().toLower();
        right->schemaType = suffix == u"proto"_s  ? u"PROTOBUF"_s
                            : suffix == u"avsc"_s ? u"AVRO"_s
                                                  : QString();
    }

    auto begin = [&context, subject, from, to, right, arguments](const QString &leftId,
                                                                 const QString &rightId) {
        diff::DiffSide left;
        left.connectionId = leftId;
        left.subject = subject;
        left.version = *from;
        if (right->text.isEmpty() && right->label.isEmpty()) {
            right->connectionId = rightId;
            right->subject = arguments.value(u"to-subject"_s, subject);
            right->version = *to;
        }
        auto *session = new diff::DiffSession(&context.workspace(), left, *right, &context);
        QObject::connect(session, &diff::DiffSession::failed, &context,
                         [&context](const QString &message) { context.fail(message); });
        QObject::connect(session, &diff::DiffSession::computed, &context, [&context, session] {
            if (!context.isFinished())
                reportDiff(context, *session);
        });
        session->reload();
    };
    context.open(arguments.positional.at(0), u"SCHEMADESK_"_s,
                 [&context, arguments, begin](const QString &leftId) {
                     if (!arguments.has(u"to"_s))
                         return begin(leftId, leftId);
                     context.open(arguments.value(u"to"_s), u"SCHEMADESK_B_"_s,
                                  [begin, leftId](const QString &rightId) { begin(leftId, rightId); });
                 });
}

void runSearch(CliContext &context, const Arguments &arguments)
{
    const QString synopsis = u"schemadesk-cli search TEXT --connection NAME … [--every-version] "
                             u"[--include-deleted] [--regex] [--case-sensitive] [--max LINES]"_s;
    if (!checkArguments(context, arguments,
                        {u"connection"_s, u"every-version"_s, u"include-deleted"_s, u"regex"_s,
                         u"case-sensitive"_s, u"max"_s},
                        1, 1, synopsis))
        return;
    const QStringList connections = arguments.values(u"connection"_s);
    if (connections.isEmpty())
        return context.fail(u"name at least one --connection. Usage: %1"_s.arg(synopsis));
    search::SearchQuery query;
    query.text = arguments.positional.at(0);
    query.regularExpression = arguments.has(u"regex"_s);
    query.caseSensitive = arguments.has(u"case-sensitive"_s);
    query.latestOnly = !arguments.has(u"every-version"_s);
    query.includeDeleted = arguments.has(u"include-deleted"_s);
    query.maxMatches = arguments.value(u"max"_s, u"10000"_s).toInt();
    if (const QString problem = search::validateQuery(query); !problem.isEmpty())
        return context.fail(problem);

    auto sources = std::make_shared<QList<search::SearchSource>>();
    auto remaining = std::make_shared<qsizetype>(connections.size());
    auto done = [&context, sources, query] {
        const search::SearchResult result = search::searchSchemas(*sources, query);
        QHash<QString, QString> labels;
        for (const search::SearchSource &source : std::as_const(*sources))
            labels.insert(source.connectionId, source.label);
        QString markdown =
            u"%1 version(s) of %2 subject(s) match, of %3 searched.\n"_s.arg(result.versionsMatched)
                .arg(result.subjectsMatched)
                .arg(result.versionsSearched);
        if (!result.matches.isEmpty())
            markdown +=
                u"\n| registry | subject | version | id | line | text |\n|---|---|---|---|---|---|\n"_s;
        QJsonArray matches;
        for (const search::SearchMatch &match : result.matches) {
            QString text = match.lineText;
            text.replace(u'|', u"\\|"_s);
            markdown +=
                u"| %1 | %2 | %3 | %4 | %5 | `%6` |\n"_s.arg(labels.value(match.connectionId), match.subject)
                    .arg(match.version)
                    .arg(match.id)
                    .arg(match.line)
                    .arg(text);
            matches.append(QJsonObject{{u"registry"_s, labels.value(match.connectionId)},
                                       {u"subject"_s, match.subject},
                                       {u"version"_s, match.version},
                                       {u"id"_s, match.id},
                                       {u"deleted"_s, match.deleted},
                                       {u"line"_s, match.line},
                                       {u"column"_s, match.column},
                                       {u"text"_s, match.lineText}});
        }
        if (result.truncated)
            markdown += u"\nMore lines matched than --max lists.\n"_s;
        const QJsonObject json{{u"versionsSearched"_s, result.versionsSearched},
                               {u"versionsMatched"_s, result.versionsMatched},
                               {u"subjectsMatched"_s, result.subjectsMatched},
                               {u"truncated"_s, result.truncated},
                               {u"matches"_s, matches}};
        context.finish(result.versionsMatched > 0 ? Same : Different, markdown, QJsonDocument(json).toJson());
    };
    for (qsizetype i = 0; i < connections.size(); ++i) {
        const QString prefix = i == 1 ? u"SCHEMADESK_B_"_s : u"SCHEMADESK_"_s;
        context.open(connections.at(i), prefix, [&context, sources, remaining, done](const QString &id) {
            loadSnapshot(
                context, id, [&context, sources, remaining, done, id](const registry::SnapshotPtr &snapshot) {
                    sources->append({id, context.workspace().connection(id)->profile.name, snapshot, {}});
                    if (--*remaining == 0)
                        done();
                });
        });
    }
}

} // namespace sd::cli
