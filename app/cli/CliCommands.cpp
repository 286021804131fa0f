#include "cli/CliCommands.h"

#include "diff/MirrorRun.h"
#include "diff/SchemaFolder.h"
#include "registry/BulkLoader.h"
#include "registry/ConnectionStore.h"
#include "registry/RegistryClient.h"
#include "registry/SecretStore.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace sd::cli {

namespace {

const QStringList globalOptions{u"format"_s,   u"output"_s,      u"connections"_s,
                                u"progress"_s, u"no-progress"_s, u"help"_s};
const QStringList flagOptions{
    u"progress"_s,       u"no-progress"_s,    u"help"_s,        u"every-version"_s, u"include-deleted"_s,
    u"regex"_s,          u"case-sensitive"_s, u"latest-only"_s, u"no-deleted"_s,    u"canonical"_s,
    u"formatting"_s,     u"new-ids"_s,        u"settings"_s,    u"no-verify"_s,     u"yes"_s,
    u"delete-missing"_s, u"permanent"_s,      u"no-precheck"_s};

QString grouped(qint64 value)
{
    return QLocale::c().toString(value).replace(u',', u',');
}

} // namespace

// The mapping options of verify (the exporter's subject filter and context rule, as in its config).
QStringList mappingOptions()
{
    return {u"subjects"_s, u"context-type"_s, u"context"_s, u"rename"_s, u"exporter"_s};
}

std::optional<diff::SubjectMapping> mappingFrom(const Arguments &arguments, QString *error)
{
    diff::SubjectMapping mapping;
    if (arguments.has(u"subjects"_s))
        mapping.subjects = arguments.values(u"subjects"_s);
    if (arguments.has(u"context-type"_s)) {
        const auto type = diff::contextTypeFromName(arguments.value(u"context-type"_s).toUpper());
        if (!type) {
            *error = u"--context-type is NONE, CUSTOM or AUTO, not \"%1\"."_s.arg(
                arguments.value(u"context-type"_s));
            return std::nullopt;
        }
        mapping.contextType = *type;
    }
    if (arguments.has(u"context"_s))
        mapping.context = arguments.value(u"context"_s);
    if (arguments.has(u"rename"_s))
        mapping.subjectRenameFormat = arguments.value(u"rename"_s);
    return mapping;
}

bool checkArguments(CliContext &context, const Arguments &arguments, const QStringList &known, int minimum,
                    int maximum, const QString &synopsis)
{
    const QStringList unknown = arguments.unknown(known + globalOptions);
    if (!unknown.isEmpty()) {
        context.fail(u"unknown option --%1. Usage: %2"_s.arg(unknown.join(u", --"_s), synopsis));
        return false;
    }
    const qsizetype given = arguments.positional.size();
    if (given < minimum || given > maximum) {
        context.fail(u"usage: %1"_s.arg(synopsis));
        return false;
    }
    return true;
}

// Loads every version of a connection in bulk (GET /schemas pages where the registry offers them).
void loadSnapshot(CliContext &context, const QString &connectionId,
                  std::function<void(const registry::SnapshotPtr &)> then)
{
    registry::RegistryClient *client = context.workspace().client(connectionId);
    auto *loader = new registry::BulkLoader(client, &context);
    const QString label = context.workspace().connection(connectionId)->profile.name;
    QObject::connect(
        loader, &registry::BulkLoader::progress, &context, [&context, label](qint64 done, qint64 total) {
            context.progress(u"%1: %2 of %3 versions"_s.arg(label, grouped(done), grouped(total)));
        });
    QObject::connect(loader, &registry::BulkLoader::finished, &context, [&context, loader, label, then] {
        loader->deleteLater();
        if (loader->error().isError() || !loader->snapshot())
            return context.fail(u"%1: %2"_s.arg(label, loader->error().toDisplayString()));
        context.progress(u"%1: loaded with %2 requests in %3 ms"_s.arg(label)
                             .arg(loader->requestCount())
                             .arg(loader->elapsedMs()));
        then(loader->snapshot());
    });
    loader->start();
}

std::optional<Arguments> Arguments::parse(const QStringList &arguments, const QStringList &flags,
                                          QString *error)
{
    Arguments parsed;
    bool optionsEnded = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (optionsEnded || !argument.startsWith(u"--"_s) || argument == u"--"_s) {
            if (argument == u"--"_s && !optionsEnded)
                optionsEnded = true;
            else
                parsed.positional << argument;
            continue;
        }
        QString name = argument.mid(2);
        QString value;
        const qsizetype equals = name.indexOf(u'=');
        if (equals >= 0) {
            value = name.mid(equals + 1);
            name = name.left(equals);
        } else if (!flags.contains(name)) {
            if (i + 1 >= arguments.size()) {
                *error = u"--%1 needs a value."_s.arg(name);
                return std::nullopt;
            }
            value = arguments.at(++i);
        }
        QStringList &values = parsed.m_values[name];
        if (flags.contains(name))
            continue;
        for (const QString &part : value.split(u',', Qt::SkipEmptyParts))
            values << part.trimmed();
        if (value.isEmpty())
            values << QString();
    }
    return parsed;
}

QString Arguments::value(const QString &name, const QString &fallback) const
{
    const QStringList all = m_values.value(name);
    return all.isEmpty() ? fallback : all.join(u',');
}

QStringList Arguments::unknown(const QStringList &known) const
{
    QStringList names;
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        if (!known.contains(it.key()))
            names << it.key();
    }
    names.sort();
    return names;
}

QString usage()
{
    return uR"(schemadesk-cli — the SchemaDesk console's engines from a command line.

Usage: schemadesk-cli [--format markdown|json] [--output FILE] [--connections FILE] [--progress] COMMAND …

Commands:
  connections                         the saved connections (names to use below)
  export CONNECTION DIRECTORY         each subject's latest schema as a file, with a manifest
         [--subjects FILTER,…]
  verify A B                          is B an identical mirror of A? (registry or --folder)
  verify A --folder DIRECTORY         does the registry hold what the folder holds (latest versions)?
         [--subjects FILTER,…] [--context-type NONE|CUSTOM|AUTO] [--context NAME] [--rename FORMAT]
         [--exporter NAME: A's exporter's mapping] [--ignore ids,config,mode] [--latest-only]
         [--no-deleted] [--canonical | --formatting]
  diff CONNECTION SUBJECT [FROM [TO]] two versions (default: the one before TO, and the latest)
         [--to CONNECTION] [--to-subject SUBJECT]  TO read from another registry or subject
         [--file PATH]                           the right side is a schema file
  search TEXT [--connection NAME]…    schema texts containing TEXT (default: newest live versions)
         [--every-version] [--include-deleted] [--regex] [--case-sensitive] [--max LINES]
  copy SOURCE DESTINATION             copy subjects with their ids (IMPORT mode, restored afterwards);
         [mapping options] [--new-ids] [--include-deleted] [--settings] [--no-verify]
         [--yes] [--confirm NAME]     a dry run (the plan) unless --yes
  plan CONNECTION FOLDER              what would make the registry hold the folder's schemas
         [--delete-missing] [--permanent] [--no-precheck]
  apply CONNECTION FOLDER             the plan, written with --yes (--confirm NAME if protected)
  terraform CONNECTION DIRECTORY      the subjects as Confluent Terraform resources beside their files
         [--subjects FILTER,…]

A CONNECTION is a saved connection's name (its secrets from the keychain) or an http(s) URL with
credentials in SCHEMADESK_USER / SCHEMADESK_PASSWORD (Basic) or SCHEMADESK_TOKEN (Bearer); the second
connection of a command reads SCHEMADESK_B_USER, SCHEMADESK_B_PASSWORD, SCHEMADESK_B_TOKEN.

Exit status: 0 identical / applied / found, 1 differences found (a plan or dry run with work to
do) / nothing found, 2 error.
)"_s;
}

void start(CliContext &context, const QStringList &arguments)
{
    QString error;
    const auto parsed = Arguments::parse(arguments, flagOptions, &error);
    if (!parsed)
        return context.fail(error + u"\n\n"_s + usage());
    Arguments args = *parsed;
    if (args.has(u"help"_s) || args.positional.isEmpty() || args.positional.first() == u"help"_s) {
        context.setFormat(OutputFormat::Markdown);
        return context.finish(args.has(u"help"_s) || !args.positional.isEmpty() ? Same : Failed, usage(), {});
    }
    const QString format = args.value(u"format"_s, u"markdown"_s).toLower();
    if (format != u"markdown"_s && format != u"md"_s && format != u"json"_s)
        return context.fail(u"--format is markdown or json, not \"%1\"."_s.arg(format));
    context.setFormat(format == u"json"_s ? OutputFormat::Json : OutputFormat::Markdown);
    context.setOutputFile(args.value(u"output"_s));
    context.setConnectionsFile(args.value(u"connections"_s));
    if (args.has(u"progress"_s))
        context.setProgressShown(true);
    if (args.has(u"no-progress"_s))
        context.setProgressShown(false);

    const QString command = args.positional.takeFirst();
    if (command == u"connections"_s)
        return runConnections(context, args);
    if (command == u"export"_s)
        return runExport(context, args);
    if (command == u"verify"_s)
        return runVerify(context, args);
    if (command == u"diff"_s)
        return runDiff(context, args);
    if (command == u"search"_s)
        return runSearch(context, args);
    if (command == u"copy"_s)
        return runCopy(context, args);
    if (command == u"plan"_s || command == u"apply"_s)
        return runPlan(context, args, command == u"apply"_s);
    if (command == u"terraform"_s)
        return runTerraform(context, args);
    context.fail(u"unknown command \"%1\".\n\n%2"_s.arg(command, usage()));
}

std::optional<ExportTarget> exportTarget(CliContext &context, const Arguments &arguments,
                                         const QString &synopsis)
{
    if (!checkArguments(context, arguments, {u"subjects"_s}, 2, 2, synopsis))
        return std::nullopt;
    ExportTarget target;
    if (arguments.has(u"subjects"_s))
        target.filter.subjects = arguments.values(u"subjects"_s);
    target.directory = QFileInfo(arguments.positional.at(1)).absoluteFilePath();
    if (!QDir().mkpath(target.directory)) {
        context.fail(u"Cannot create the folder %1."_s.arg(target.directory));
        return std::nullopt;
    }
    return target;
}

void runConnections(CliContext &context, const Arguments &arguments)
{
    if (!checkArguments(context, arguments, {}, 0, 0, u"schemadesk-cli connections"_s))
        return;
    registry::ConnectionStore store(arguments.value(u"connections"_s));
    QString error;
    if (!store.load(&error))
        return context.fail(u"Cannot read the saved connections (%1): %2"_s.arg(store.filePath(), error));
    QString markdown =
        u"| connection | URL | authentication | protected | read-only |\n|---|---|---|---|---|\n"_s;
    QJsonArray json;
    for (const registry::ConnectionProfile &profile : store.profiles()) {
        const QString url =
            profile.urls.isEmpty() ? QString() : profile.urls.first().toDisplayString(QUrl::RemoveUserInfo);
        markdown += u"| %1 | %2 | %3 | %4 | %5 |\n"_s.arg(
            profile.name, url, registry::authTypeName(profile.authType),
            profile.isProtected ? u"yes"_s : u"no"_s, profile.readOnly ? u"yes"_s : u"no"_s);
        json.append(QJsonObject{{u"name"_s, profile.name},
                                {u"id"_s, profile.id.toString(QUuid::WithoutBraces)},
                                {u"url"_s, url},
                                {u"auth"_s, registry::authTypeName(profile.authType)},
                                {u"protected"_s, profile.isProtected},
                                {u"readOnly"_s, profile.readOnly}});
    }
    if (store.profiles().isEmpty())
        markdown = u"No saved connections in %1.\n"_s.arg(store.filePath());
    context.finish(Same, markdown, QJsonDocument(json).toJson());
}

void runExport(CliContext &context, const Arguments &arguments)
{
    const QString synopsis = u"schemadesk-cli export CONNECTION DIRECTORY [--subjects FILTER,…]"_s;
    const auto target = exportTarget(context, arguments, synopsis);
    if (!target)
        return;
    const diff::SubjectMapping filter = target->filter;
    const QString directory = target->directory;
    context.open(
        arguments.positional.at(0), u"SCHEMADESK_"_s, [&context, filter, directory](const QString &id) {
            loadSnapshot(
                context, id, [&context, filter, directory, id](const registry::SnapshotPtr &snapshot) {
                    const QString label = context.workspace().connection(id)->profile.name;
                    const auto result = diff::schemafolder::exportLatest(*snapshot, directory, filter, label);
                    QString markdown =
                        u"Exported %1 subjects of %2 to %3.\n"_s.arg(result.written).arg(label, directory);
                    for (const QString &problem : result.errors)
                        markdown += u"- not written: %1\n"_s.arg(problem);
                    const QJsonObject json{{u"connection"_s, label},
                                           {u"directory"_s, directory},
                                           {u"written"_s, result.written},
                                           {u"errors"_s, QJsonArray::fromStringList(result.errors)}};
                    context.finish(result.errors.isEmpty() ? Same : Failed, markdown,
                                   QJsonDocument(json).toJson());
                });
        });
}

void runVerify(CliContext &context, const Arguments &arguments)
{
    const QString synopsis = u"schemadesk-cli verify A (B | --folder DIRECTORY) [mapping options]"_s;
    QStringList known = mappingOptions();
    known << u"folder"_s << u"ignore"_s << u"latest-only"_s << u"no-deleted"_s << u"canonical"_s
          << u"formatting"_s;
    const bool folder = arguments.has(u"folder"_s);
    if (!checkArguments(context, arguments, known, folder ? 1 : 2, folder ? 1 : 2, synopsis))
        return;
    QString error;
    auto mapping = mappingFrom(arguments, &error);
    if (!mapping)
        return context.fail(error);

    auto request = std::make_shared<diff::MirrorRunRequest>();
    request->mapping = *mapping;
    request->compareFolder = folder;
    request->folder = arguments.value(u"folder"_s);
    for (const QString &ignored : arguments.values(u"ignore"_s)) {
        if (ignored == u"ids"_s)
            request->options.compareIds = false;
        else if (ignored == u"config"_s)
            request->options.compareConfig = false;
        else if (ignored == u"mode"_s)
            request->options.compareMode = false;
        else
            return context.fail(u"--ignore takes ids, config and mode, not \"%1\"."_s.arg(ignored));
    }
    request->options.latestOnly = arguments.has(u"latest-only"_s);
    request->options.includeDeleted = !arguments.has(u"no-deleted"_s);
    if (arguments.has(u"canonical"_s))
        request->options.fingerprint = diff::FingerprintMode::Canonical;
    if (arguments.has(u"formatting"_s))
        request->options.fingerprint = diff::FingerprintMode::Formatting;

    auto compare = [&context, request] {
        auto *run = new diff::MirrorRun(context.workspace(), &context);
        QObject::connect(run, &diff::MirrorRun::loading, &context,
                         [&context](qint64 doneA, qint64 totalA, qint64 doneB, qint64 totalB) {
                             context.progress(u"loading: A %1 of %2, B %3 of %4 versions"_s.arg(
                                 grouped(doneA), grouped(totalA), grouped(doneB), grouped(totalB)));
                         });
        QObject::connect(run, &diff::MirrorRun::comparing, &context,
                         [&context] { context.progress(u"comparing…"_s); });
        QObject::connect(
            run, &diff::MirrorRun::finished, &context, [&context, run](diff::MirrorRun::Outcome outcome) {
                run->deleteLater();
                if (outcome != diff::MirrorRun::Outcome::Report)
                    return context.fail(run->errorText().isEmpty() ? u"The verification was cancelled."_s
                                                                   : run->errorText());
                const diff::MirrorReport &report = run->report();
                const diff::MirrorCounts &counts = report.counts;
                const bool identical = counts.differing == 0 && counts.onlyInA == 0 && counts.onlyInB == 0;
                QJsonObject json = report.toJson();
                json.insert(u"identical"_s, identical);
                json.insert(u"requests"_s, run->requestCount());
                context.finish(identical ? Same : Different, report.toMarkdown(),
                               QJsonDocument(json).toJson());
            });
        if (!run->start(*request) && !context.isFinished())
            context.fail(run->check(*request));
    };

    const QString exporter = arguments.value(u"exporter"_s);
    const QString b = folder ? QString() : arguments.positional.at(1);
    context.openLoaded(
        arguments.positional.at(0), u"SCHEMADESK_"_s,
        [&context, request, compare, exporter, b](const QString &a) {
            request->connectionA = a;
            auto withMapping = [&context, request, compare, exporter, a] {
                if (exporter.isEmpty())
                    return compare();
                context.workspace().client(a)->getLink(
                    registry::LinkKind::Exporter, exporter, &context,
                    [&context, request, compare,
                     exporter](const registry::Result<registry::ExporterInfo> &info) {
                        if (!info.ok())
                            return context.fail(
                                u"exporter %1: %2"_s.arg(exporter, info.error.toDisplayString()));
                        request->mapping = diff::SubjectMapping::fromExporter(info.value.raw);
                        compare();
                    });
            };
            if (b.isEmpty())
                return withMapping();
            context.openLoaded(b, u"SCHEMADESK_B_"_s, [request, withMapping](const QString &bId) {
                request->connectionB = bId;
                withMapping();
            });
        });
}

} // namespace sd::cli
