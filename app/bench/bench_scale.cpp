// bench_scale: the console at real scale, next to the floor and to the usual approach (issue 9).
//
//   bench_scale [--subjects 1000,10000,100000] [--contexts 5] [--versions 3] [--usual-seconds 20]
//               [--quick] [--no-mirror] [--no-diff] [--profile redpanda]
//
// --profile redpanda measures a registry without GET /schemas instead (issue 17, item 3): the sandbox
// runs with --profile redpanda (one context), and one child measures the tree (skeleton only), one
// subject opened, and the subject-by-subject load that "search every version" and each side of mirror
// verification run, with its requests, time, concurrency, progress and Cancel.
//
// For each N it generates a registry (sandbox/LargeRegistry), starts `schemadesk-sandbox` with it in its
// own process, and measures in separate child processes of this program, so each peak RSS belongs to
// one side only:
//   floor   — the same pages as the console, fetched with a plain QNetworkAccessManager and only parsed;
//   console — the workspace + tree model + a real QTreeView (offscreen); then the latest schema bodies
//             (GET /schemas?latestOnly=true), then every version's body as mirror verification loads
//             them (BulkLoader snapshot), for the memory figures;
//   usual   — one request per subject and per version, 6 at a time like a browser, capped in time and
//             extrapolated linearly;
//   mirror  — two sandbox processes (B: a copy of A under context ".mirror" with three differences),
//             loaded with two BulkLoaders at once, then classified by MirrorComparator.
// Diff figures do not depend on N and are measured once, next to `git diff --no-index`.
// Every figure is one line with its unit, the floor, the usual approach, the target and
#include "BenchDiff.h"
#include "BenchReport.h"
#include "BenchRoles.h"
#include "BenchSupport.h"

// PASS/MISS.
#include "diff/LoadedSnapshot.h"
#include "diff/MirrorComparator.h"
#include "diff/SubjectMapping.h"
#include "diff/TextDiffer.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/BulkLoader.h"
#include "registry/HttpLog.h"
#include "registry/RegistryClient.h"
#include "registry/Transport.h"
#include "sandboxserver/LargeRegistry.h"
#include "search/IncrementalSearch.h"
#include "search/SchemaSearch.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <QUrlQuery>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

using namespace Qt::StringLiterals;
using namespace sd::bench;

namespace {

// ---------------------------------------------------------------------------------------------------
// The parent: runs the children, prints the figures.

class Runner
{
public:
    bool run(const QStringList &arguments, Figures *figures, int timeoutMs = 1800000)
    {
        QProcess child;
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.setReadChannel(QProcess::StandardOutput);
        child.start(QCoreApplication::applicationFilePath(), arguments);
        if (!child.waitForFinished(timeoutMs)) {
            child.kill();
            child.waitForFinished();
            out(u"error: "_s + arguments.value(1) + u" timed out"_s);
            return false;
        }
        const QList<QByteArray> lines = child.readAllStandardOutput().split('\n');
        for (const QByteArray &line : lines) {
            if (line.startsWith("@fig ")) {
                const QList<QByteArray> parts = line.split(' ');
                if (parts.size() == 3)
                    figures->insert(QString::fromLatin1(parts.at(1)), parts.at(2).toDouble());
            } else if (!line.trimmed().isEmpty()) {
                out(QString::fromUtf8(line));
            }
        }
        if (child.exitCode() != 0)
            out(u"error: "_s + arguments.value(1) + u" failed: "_s +
                QString::fromUtf8(child.readAllStandardError().right(2000)));
        return child.exitCode() == 0;
    }
};

class Sandbox
{
public:
    // `source`: {"--data", FILE} or {"--generate", SPEC}.
    bool start(const QStringList &source, const QStringList &extra = {})
    {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setStandardErrorFile(QProcess::nullDevice());
        m_process.start(QDir(QCoreApplication::applicationDirPath()).filePath(u"schemadesk-sandbox"_s),
                        QStringList{u"--port"_s, u"0"_s} + source + extra);
        while (m_url.isEmpty() && m_process.waitForReadyRead(600000)) {
            while (m_process.canReadLine()) {
                const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                if (line.startsWith(u"listening on "_s))
                    m_url = QUrl(line.mid(13).section(u' ', 0, 0));
            }
        }
        return !m_url.isEmpty();
    }
    ~Sandbox()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    QUrl url() const { return m_url; }

private:
    QProcess m_process;
    QUrl m_url;
};

void addOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        u"Benchmark: the console at real scale, next to the floor and the usual approach"_s);
    parser.addHelpOption();
    parser.addOption(
        {u"subjects"_s, u"Comma-separated subject counts (default 1000,10000,100000)."_s, u"list"_s});
    parser.addOption({u"contexts"_s, u"Contexts (default 5)."_s, u"n"_s, u"5"_s});
    parser.addOption({u"versions"_s, u"Versions per subject (default 3)."_s, u"n"_s, u"3"_s});
    parser.addOption({u"usual-seconds"_s, u"Cap for the one-request-per-item run (default 20)."_s, u"s"_s});
    parser.addOption({u"quick"_s, u"1000 subjects, a 2 s cap for the usual approach, 3 diff runs."_s});
    parser.addOption({u"no-mirror"_s, u"Skip mirror verification (it needs a second sandbox)."_s});
    parser.addOption({u"no-diff"_s, u"Skip the diff figures."_s});
    parser.addOption({u"git"_s, u"git for the diff comparison (default: git on PATH)."_s, u"path"_s});
    parser.addOption({u"diff-files"_s, u"Keep the diff inputs in this directory."_s, u"dir"_s});
    // internal: the child processes
    parser.addOption({u"role"_s, u"(internal)"_s, u"role"_s});
    parser.addOption({u"url"_s, u"(internal)"_s, u"url"_s});
    parser.addOption({u"url2"_s, u"(internal)"_s, u"url"_s});
    parser.addOption({u"out"_s, u"(internal)"_s, u"file"_s});
    parser.addOption({u"mirror-out"_s, u"(internal)"_s, u"file"_s});
    parser.addOption({u"in-flight"_s, u"(internal)"_s, u"n"_s, u"1"_s});
    parser.addOption({u"profile"_s,
                      u"redpanda: measure a registry without GET /schemas (the sandbox's --profile redpanda, "
                      "one context) instead of the figures above."_s,
                      u"name"_s});
    parser.addOption(
        {u"latency"_s, u"Answer every GET /schemas page this much later (a WAN-like run)."_s, u"ms"_s});
}

// A child process: one role, its figures on standard output. Returns -1 when this is the parent.
int runRole(const QCommandLineParser &parser, int contexts, int versions, int usualSeconds)
{
    const QString role = parser.value(u"role"_s);
    if (role == u"generate")
        return roleGenerate(parser.value(u"subjects"_s).toInt(), contexts, versions, parser.value(u"out"_s),
                            parser.value(u"mirror-out"_s));
    if (role == u"floor")
        return roleFloor(QUrl(parser.value(u"url"_s)), parser.value(u"in-flight"_s).toInt());
    if (role == u"console")
        return roleConsole(QUrl(parser.value(u"url"_s)));
    if (role == u"usual")
        return roleUsual(QUrl(parser.value(u"url"_s)), usualSeconds);
    if (role == u"search")
        return roleSearch(QUrl(parser.value(u"url"_s)));
    if (role == u"mirror")
        return roleMirror(QUrl(parser.value(u"url"_s)), QUrl(parser.value(u"url2"_s)));
    if (role == u"nobulk")
        return roleNoBulk(QUrl(parser.value(u"url"_s)));
    return -1;
}

// --profile redpanda: a registry without GET /schemas, subject by subject.
int runNoBulk(Runner &runner, const QList<int> &counts, int versions)
{
    for (const int n : std::as_const(counts)) {
        QTemporaryDir dir;
        const QString file = dir.filePath(u"redpanda.json"_s);
        Figures f;
        if (!runner.run({u"--role"_s, u"generate"_s, u"--subjects"_s, QString::number(n), u"--contexts"_s,
                         u"1"_s, u"--versions"_s, QString::number(versions), u"--out"_s, file},
                        &f))
            return 1;
        Sandbox sandbox;
        if (!sandbox.start({u"--data"_s, file}, {u"--profile"_s, u"redpanda"_s})) {
            out(u"error: the sandbox did not start"_s);
            return 1;
        }
        if (!runner.run({u"--role"_s, u"nobulk"_s, u"--url"_s, sandbox.url().toString()}, &f))
            return 1;
        reportNoBulk(n, versions, f);
    }
    return 0;
}

struct ScaleRun
{
    int contexts = 5;
    int versions = 3;
    int usualSeconds = 20;
    bool quick = false;
    bool withMirror = true;
    QString latency; // ms, empty: none
};

// One N: generate, start the sandbox(es), run every role, print the report.
bool runScale(Runner &runner, int n, const ScaleRun &run)
{
    QTemporaryDir dir;
    const QString fileA = dir.filePath(u"a.json"_s);
    const QString fileB = dir.filePath(u"b.json"_s);
    Figures f;
    QStringList generate{u"--role"_s,     u"generate"_s,
                         u"--subjects"_s, QString::number(n),
                         u"--contexts"_s, QString::number(run.contexts),
                         u"--versions"_s, QString::number(run.versions),
                         u"--out"_s,      fileA};
    if (run.withMirror)
        generate << u"--mirror-out"_s << fileB;
    // Beyond ~500k subjects the data file passes 2 GB, more than a JSON document can be: the sandbox
    // then makes the same registry in memory (the mirror needs the file).
    const bool inMemory = n >= 500000 && !run.withMirror;
    if (!inMemory && !runner.run(generate, &f))
        return false;
    Sandbox sandboxA;
    const QString pageLatency = u"latency=%1,route=GET /schemas*"_s.arg(run.latency);
    const QStringList latency =
        run.latency.isEmpty() ? QStringList{} : QStringList{u"--fault"_s, pageLatency};
    const QStringList source =
        inMemory ? QStringList{u"--generate"_s, u"%1,%2,%3"_s.arg(n).arg(run.contexts).arg(run.versions)}
                 : QStringList{u"--data"_s, fileA};
    if (!sandboxA.start(source, latency)) {
        out(u"error: the sandbox did not start"_s);
        return false;
    }
    const QString urlA = sandboxA.url().toString();
    Figures floorAgain;
    const bool ok = runner.run({u"--role"_s, u"floor"_s, u"--url"_s, urlA}, &f) &&
                    runner.run({u"--role"_s, u"console"_s, u"--url"_s, urlA}, &f) &&
                    runner.run({u"--role"_s, u"search"_s, u"--url"_s, urlA}, &f) &&
                    (run.quick || runner.run({u"--role"_s, u"floor"_s, u"--url"_s, urlA}, &floorAgain)) &&
                    runner.run({u"--role"_s, u"floor"_s, u"--url"_s, urlA, u"--in-flight"_s, u"2"_s}, &f) &&
                    runner.run({u"--role"_s, u"usual"_s, u"--url"_s, urlA, u"--usual-seconds"_s,
                                QString::number(run.usualSeconds)},
                               &f);
    if (!ok)
        return false;
    if (run.withMirror) {
        Sandbox sandboxB;
        if (!sandboxB.start({u"--data"_s, fileB})) {
            out(u"error: the mirror sandbox did not start"_s);
            return false;
        }
        Figures floorB;
        if (!runner.run({u"--role"_s, u"floor"_s, u"--url"_s, sandboxB.url().toString()}, &floorB) ||
            !runner.run({u"--role"_s, u"mirror"_s, u"--url"_s, urlA, u"--url2"_s, sandboxB.url().toString()},
                        &f))
            return false;
        f.insert(u"floorB_requests"_s, floorB.value(u"floor_requests"_s));
        f.insert(u"floorB_full_ms"_s, floorB.value(u"floor_full_ms"_s));
    }
    report(n, run.versions, f, floorAgain, run.usualSeconds, run.withMirror);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"schemadesk.*=false\nqt.*=false"_s);
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app);
    const bool quick = parser.isSet(u"quick"_s);
    const int contexts = parser.value(u"contexts"_s).toInt();
    const int versions = parser.value(u"versions"_s).toInt();
    const int usualSeconds = parser.isSet(u"usual-seconds"_s) ? parser.value(u"usual-seconds"_s).toInt()
                             : quick                          ? 2
                                                              : 20;

    if (const int code = runRole(parser, contexts, versions, usualSeconds); code >= 0)
        return code;

    QList<int> counts;
    const QString list = parser.isSet(u"subjects"_s) ? parser.value(u"subjects"_s)
                         : quick                     ? u"1000"_s
                                                     : u"1000,10000,100000"_s;
    for (const QString &n : list.split(u',', Qt::SkipEmptyParts)) {
        if (n.toInt() > 0) // --subjects 0: the diff figures only
            counts << n.toInt();
    }
    const bool withMirror = !parser.isSet(u"no-mirror"_s);
    out(u"bench_scale: N = %1, %2 contexts, %3 versions; loopback; one child process per side (RSS is per "
        "process); the usual approach is capped at %4 s and extrapolated linearly"_s.arg(list)
            .arg(contexts)
            .arg(versions)
            .arg(usualSeconds));
    Runner runner;
    if (parser.isSet(u"profile"_s)) {
        if (parser.value(u"profile"_s) != u"redpanda") {
            out(u"error: --profile takes redpanda"_s);
            return 2;
        }
        return runNoBulk(runner, counts, versions);
    }
    const ScaleRun run{contexts, versions, usualSeconds, quick, withMirror, parser.value(u"latency"_s)};
    for (const int n : std::as_const(counts)) {
        if (!runScale(runner, n, run))
            return 1;
    }
    if (!parser.isSet(u"no-diff"_s))
        benchDiff(quick ? 3 : 11, parser.value(u"diff-files"_s), parser.value(u"git"_s));
    return 0;
}
