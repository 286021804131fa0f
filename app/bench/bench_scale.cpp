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

namespace {

// ---------------------------------------------------------------------------------------------------
// Shared helpers

void out(const QString &text)
{
    std::printf("%s\n", qPrintable(text));
    std::fflush(stdout);
}

// Children report figures to the parent as "@fig key value".
void figure(const QString &key, double value)
{
    out(u"@fig "_s + key + u' ' + QString::number(value, 'f', 3));
}

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

double currentRssMiB()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLong() * 4096.0 / (1024 * 1024) : -1;
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

// The longest gap between ticks of a 1 ms timer: how long the GUI thread was busy at once.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_longest = std::max(m_longest, now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_longest = 0;
        m_timer.start();
    }
    double stop()
    {
        m_timer.stop();
        return m_longest / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longest = 0;
};

// `path` is percent-encoded already where needed.
QUrl endpoint(const QUrl &base, const QString &path, const QList<std::pair<QString, QString>> &query = {})
{
    QUrl url =
        QUrl::fromEncoded(base.toEncoded(QUrl::RemovePath | QUrl::StripTrailingSlash) + path.toLatin1());
    QUrlQuery q;
    for (const auto &[key, value] : query)
        q.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    url.setQuery(q);
    return url;
}

QByteArray get(QNetworkAccessManager &nam, const QUrl &url, int *requests)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/vnd.schemaregistry.v1+json");
    QNetworkReply *reply = nam.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    ++*requests;
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

const QList<std::pair<QString, QString>> skeletonQuery{{u"subjectPrefix"_s, u":*:"_s},
                                                       {u"deleted"_s, u"true"_s}};

QList<std::pair<QString, QString>> pageQuery(int page)
{
    return {{u"subjectPrefix"_s, u":*:"_s},
            {u"deleted"_s, u"true"_s},
            {u"offset"_s, QString::number(qint64(page) * 1000)},
            {u"limit"_s, u"1000"_s}};
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer guard;
    guard.start();
    while (!done()) {
        if (guard.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

sd::registry::ConnectionProfile profileFor(const QUrl &url, const QString &name)
{
    sd::registry::ConnectionProfile profile;
    profile.name = name;
    profile.urls = {url};
    return profile;
}

// ---------------------------------------------------------------------------------------------------
// Roles (child processes)

const QString mirrorContext = u"mirror"_s;

// A's data file, and B's: A's subjects under ".mirror" (as an exporter with contextType CUSTOM writes
// them), with one schema changed, one subject missing and one extra subject.
int roleGenerate(int subjects, int contexts, int versions, const QString &fileA, const QString &fileB)
{
    QElapsedTimer clock;
    clock.start();
    QJsonObject registry = sd::sandbox::generateLargeRegistry(subjects, contexts, versions);
    {
        QFile file(fileA);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        file.write(QJsonDocument(registry).toJson(QJsonDocument::Compact));
    }
    figure(u"generate_ms"_s, clock.elapsed());
    if (fileB.isEmpty())
        return 0;
    sd::diff::SubjectMapping mapping;
    mapping.contextType = sd::diff::ContextType::Custom;
    mapping.context = mirrorContext;
    QJsonArray contextArray = registry.value(u"contexts"_s).toArray();
    for (qsizetype c = 0; c < contextArray.size(); ++c) {
        QJsonObject context = contextArray.at(c).toObject();
        context.insert(u"name"_s, mapping.targetContext(context.value(u"name"_s).toString()));
        if (c == 0) {
            QJsonArray schemas = context.value(u"schemas"_s).toArray();
            QJsonArray subjectArray = context.value(u"subjects"_s).toArray();
            int maxId = context.value(u"maxId"_s).toInt();
            // 1. the latest version of an Avro subject (the 2nd after the shared types) has a field renamed
            if (subjectArray.size() > 5) {
                QJsonObject subject = subjectArray.at(4).toObject();
                QJsonArray versionArray = subject.value(u"versions"_s).toArray();
                QJsonObject latest = versionArray.last().toObject();
                const int oldId = latest.value(u"id"_s).toInt();
                for (const QJsonValue &value : std::as_const(schemas)) {
                    if (value.toObject().value(u"id"_s).toInt() != oldId)
                        continue;
                    QJsonObject changed = value.toObject();
                    changed.insert(u"id"_s, ++maxId);
                    changed.insert(u"schema"_s,
                                   changed.value(u"schema"_s)
                                       .toString()
                                       .replace(u"\"name\":\"field_0\""_s, u"\"name\":\"field_zero\""_s));
                    schemas.append(changed);
                    break;
                }
                latest.insert(u"id"_s, maxId);
                versionArray.replace(versionArray.size() - 1, latest);
                subject.insert(u"versions"_s, versionArray);
                subjectArray.replace(4, subject);
                // 2. the next subject is missing
                subjectArray.removeAt(5);
            }
            // 3. one subject only in B
            schemas.append(QJsonObject{
                {u"id"_s, ++maxId}, {u"schemaType"_s, u"AVRO"_s}, {u"schema"_s, u"\"string\""_s}});
            subjectArray.append(QJsonObject{
                {u"name"_s, u"mirror-only-value"_s},
                {u"versions"_s, QJsonArray{QJsonObject{{u"version"_s, 1}, {u"id"_s, maxId}, {u"ts"_s, 0}}}}});
            context.insert(u"schemas"_s, schemas);
            context.insert(u"subjects"_s, subjectArray);
            context.insert(u"maxId"_s, maxId);
        }
        contextArray.replace(c, context);
    }
    registry.insert(u"contexts"_s, contextArray);
    QFile file(fileB);
    if (!file.open(QIODevice::WriteOnly))
        return 1;
    file.write(QJsonDocument(registry).toJson(QJsonDocument::Compact));
    return 0;
}

// The floor: the console's pages with a plain HTTP client, each parsed and dropped. With `inFlight` 2
// the pages the skeleton proves to exist (there are at least as many versions as subjects) are asked
// for two at a time, the rest one after the other (only a short page tells the end): the same request
// count, and what a client gains by keeping the server busy while an answer travels.
int roleFloor(const QUrl &base, int inFlight)
{
    QNetworkAccessManager nam;
    int requests = 0;
    QElapsedTimer clock;
    clock.start();
    const QByteArray skeleton = get(nam, endpoint(base, u"/subjects"_s, skeletonQuery), &requests);
    const qsizetype subjects = QJsonDocument::fromJson(skeleton).array().size();
    QJsonDocument::fromJson(get(nam, endpoint(base, u"/contexts"_s), &requests));
    const QString prefix = inFlight > 1 ? u"floor2_"_s : u"floor_"_s;
    figure(prefix + u"skeleton_ms"_s, clock.nsecsElapsed() / 1e6);
    double longestParse = 0;
    qint64 versions = 0;
    const int proven = int(subjects / 1000); // pages certainly full
    std::map<int, QNetworkReply *> pending;
    int next = 0;
    const auto ask = [&](int page) {
        QNetworkRequest request(endpoint(base, u"/schemas"_s, pageQuery(page)));
        request.setRawHeader("Accept", "application/vnd.schemaregistry.v1+json");
        pending[page] = nam.get(request);
        ++requests;
    };
    for (int page = 0;; ++page) {
        while (next <= page || (int(pending.size()) < inFlight && next < proven))
            ask(next++);
        QNetworkReply *reply = pending.at(page);
        if (!reply->isFinished()) {
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
        }
        pending.erase(page);
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        QElapsedTimer parse;
        parse.start();
        const qsizetype size = QJsonDocument::fromJson(body).array().size();
        longestParse = std::max(longestParse, parse.nsecsElapsed() / 1e6);
        versions += size;
        if (size < 1000)
            break;
    }
    figure(prefix + u"full_ms"_s, clock.nsecsElapsed() / 1e6);
    figure(prefix + u"requests"_s, requests);
    if (inFlight > 1)
        return 0;
    figure(u"floor_versions"_s, double(versions));
    figure(u"floor_longest_parse_ms"_s, longestParse);
    figure(u"floor_peak_rss_mib"_s, peakRssMiB());
    return 0;
}

// The console: workspace, tree model and a tree view, as the window has them.
int roleConsole(const QUrl &base)
{
    sd::items::RegistryWorkspace workspace;
    QTreeView view;
    view.setUniformRowHeights(true);
    view.setModel(workspace.tree());
    QObject::connect(workspace.tree(), &sd::items::RegistryTreeModel::summariesChanged, view.viewport(),
                     qOverload<>(&QWidget::update));
    view.resize(420, 900);
    view.show();
    const sd::registry::ConnectionProfile profile = profileFor(base, u"large"_s);
    workspace.openConnection(profile, {});
    const QString id = profile.id.toString(QUuid::WithoutBraces);
    QElapsedTimer clock;
    double firstShown = -1;
    QObject::connect(workspace.tree(), &QAbstractItemModel::rowsInserted, &view,
                     [&](const QModelIndex &parent) {
                         // Subjects, not the Exporters node (which can arrive first, from the capability
                         // probe).
                         if (firstShown < 0 && parent == workspace.tree()->connectionIndex(id) &&
                             workspace.tree()->subjectCount(id) > 0) {
                             view.expand(workspace.tree()->index(0, 0, parent));
                             firstShown = clock.nsecsElapsed() / 1e6;
                         }
                     });
    bool loaded = false;
    QObject::connect(&workspace, &sd::items::RegistryWorkspace::connectionLoaded, &view,
                     [&] { loaded = true; });
    StallMeter stalls;
    clock.start();
    stalls.start();
    workspace.load(id);
    view.expand(workspace.tree()->connectionIndex(id));
    const bool ok = waitFor(
        [&] {
            return loaded || workspace.connection(id)->state == sd::items::RegistryWorkspace::State::Failed;
        },
        900000);
    if (!ok || !loaded) {
        out(u"error: the console did not load: "_s + workspace.connection(id)->error);
        return 1;
    }
    const double full = clock.nsecsElapsed() / 1e6;
    const double stall = stalls.stop();
    int pages = 0;
    int all = 0;
    for (int i = 0; i < workspace.httpLog()->size(); ++i) {
        const QUrl url = workspace.httpLog()->at(i).url;
        ++all;
        if (url.path().endsWith(u"/schemas"_s) && QUrlQuery(url).hasQueryItem(u"offset"_s))
            ++pages;
    }
    const int treeRequests = workspace.connection(id)->requestsUsed;
    figure(u"console_first_ms"_s, firstShown);
    figure(u"console_full_ms"_s, full);
    figure(u"console_stall_ms"_s, stall);
    figure(u"console_requests_tree"_s, treeRequests);
    figure(u"console_requests_skeleton"_s, treeRequests - pages);
    figure(u"console_requests_all"_s, all);
    figure(u"console_subjects"_s, workspace.tree()->subjectCount(id));
    figure(u"console_rss_tree_mib"_s, currentRssMiB());

    // Filtering, one keystroke at a time, with the view's relayout; next to a plain scan of the same
    // lower-case names (the floor for a filter without an index).
    sd::items::RegistryTreeModel *tree = workspace.tree();
    QStringList names;
    const QModelIndex connection = tree->connectionIndex(id);
    for (int c = 0; c < tree->rowCount(connection); ++c) {
        const QModelIndex context = tree->index(c, 0, connection);
        for (int s = 0; s < tree->rowCount(context); ++s)
            names << tree->index(s, 0, context)
                         .data(sd::items::RegistryTreeModel::SubjectRole)
                         .toString()
                         .toLower();
    }
    const QString typed = u"topic-01234"_s;
    QList<double> keystrokes;
    QList<double> scans;
    for (int i = 1; i <= typed.size(); ++i) {
        QElapsedTimer key;
        key.start();
        tree->setFilterText(typed.left(i));
        QCoreApplication::processEvents();
        keystrokes.append(key.nsecsElapsed() / 1e6);
        key.restart();
        const QString needle = typed.left(i);
        int matches = 0;
        for (const QString &name : std::as_const(names))
            matches += name.contains(needle) ? 1 : 0;
        scans.append(key.nsecsElapsed() / 1e6);
        if (matches < 0)
            out(QString()); // keeps the scan from being optimised away
    }
    figure(u"filter_median_ms"_s, median(keystrokes));
    figure(u"filter_max_ms"_s, *std::max_element(keystrokes.begin(), keystrokes.end()));
    figure(u"filter_floor_median_ms"_s, median(scans));
    figure(u"filter_matches"_s, tree->matchingSubjectCount());
    tree->setFilterText({});

    // The latest bodies: the tree's load kept each subject's newest text (compressed) from the pages it
    // reads anyway, so they are in memory already, at no extra request. Then every version's body as
    // mirror verification and "all versions" searches load them (a BulkLoader snapshot), on top.
    const sd::registry::LatestSchemasPtr latest = workspace.connection(id)->latestSchemas;
    if (!latest) {
        out(u"error: the load kept no schema texts"_s);
        return 1;
    }
    figure(u"latest_bodies"_s, latest->size());
    figure(u"latest_text_mib"_s, latest->rawBytes() / (1024.0 * 1024.0));
    figure(u"latest_compressed_mib"_s, latest->compressedBytes() / (1024.0 * 1024.0));
    figure(u"latest_store_mib"_s, latest->approximateBytes() / (1024.0 * 1024.0));
    figure(u"console_rss_latest_mib"_s, currentRssMiB());
    figure(u"console_peak_rss_latest_mib"_s, peakRssMiB());
    clock.restart();
    qint64 characters = 0;
    sd::registry::LatestSchemas::Reader reader(*latest);
    for (int i = 0; i < latest->size(); ++i)
        characters += reader.text(i).size();
    figure(u"latest_read_all_ms"_s, clock.nsecsElapsed() / 1e6);
    figure(u"latest_as_qstring_mib"_s, characters * 2 / (1024.0 * 1024.0));
    sd::search::SearchQuery query;
    query.text = u"\"field_150\""_s; // in the big schemas only
    clock.restart();
    const sd::search::SearchResult found =
        sd::search::searchSchemas({{id, u"large"_s, nullptr, latest}}, query);
    figure(u"search_latest_ms"_s, clock.nsecsElapsed() / 1e6);
    figure(u"search_latest_subjects"_s, found.subjectsMatched);
    query.text = u"no_such_field"_s; // every text ruled out before it is decoded
    clock.restart();
    sd::search::searchSchemas({{id, u"large"_s, nullptr, latest}}, query);
    figure(u"search_latest_nomatch_ms"_s, clock.nsecsElapsed() / 1e6);

    sd::registry::BulkLoader loader(workspace.client(id));
    bool bulkDone = false;
    QObject::connect(&loader, &sd::registry::BulkLoader::finished, &view, [&] { bulkDone = true; });
    clock.restart();
    loader.start();
    waitFor([&] { return bulkDone; }, 900000);
    if (loader.error().isError() || !loader.snapshot()) {
        out(u"error: bulk load failed: "_s + loader.error().toDisplayString());
        return 1;
    }
    figure(u"bodies_ms"_s, clock.nsecsElapsed() / 1e6);
    figure(u"bodies_requests"_s, loader.requestCount());
    figure(u"bodies_versions"_s, loader.snapshot()->versionCount());
    figure(u"bodies_snapshot_mib"_s, loader.snapshot()->approximateBytes() / (1024.0 * 1024.0));
    figure(u"bodies_text_mib"_s, loader.snapshot()->rawTextBytes() / (1024.0 * 1024.0));
    figure(u"console_rss_with_bodies_mib"_s, currentRssMiB());
    figure(u"console_peak_rss_mib"_s, peakRssMiB());
    // "Search every version" of this registry, from the snapshot just loaded.
    query.latestOnly = false;
    query.text = u"\"field_150\""_s;
    clock.restart();
    const sd::search::SearchResult everyVersion =
        sd::search::searchSchemas({{id, u"large"_s, loader.snapshot(), nullptr}}, query);
    figure(u"search_all_ms"_s, clock.nsecsElapsed() / 1e6);
    figure(u"search_all_versions"_s, double(everyVersion.versionsMatched));
    figure(u"console_peak_rss_search_all_mib"_s, peakRssMiB());
    return 0;
}

// The usual approach of web consoles: the subject list, then per subject its versions and each version.
int roleUsual(const QUrl &base, int capSeconds)
{
    QNetworkAccessManager nam;
    int requests = 0;
    QElapsedTimer clock;
    clock.start();
    const QJsonArray all =
        QJsonDocument::fromJson(get(nam, endpoint(base, u"/subjects"_s), &requests)).array();
    figure(u"usual_first_ms"_s, clock.nsecsElapsed() / 1e6);
    int subjectsDone = 0;
    int versionsDone = 0;
    int next = 0;
    int inFlight = 0;
    StallMeter stalls;
    stalls.start();
    clock.restart();
    const qint64 capMs = qint64(capSeconds) * 1000;
    std::function<void()> pump;
    pump = [&] {
        while (inFlight < 6 && next < all.size() && clock.elapsed() < capMs) {
            const QString subject = QString::fromLatin1(QUrl::toPercentEncoding(all.at(next++).toString()));
            ++inFlight;
            QNetworkReply *reply =
                nam.get(QNetworkRequest(endpoint(base, u"/subjects/"_s + subject + u"/versions"_s)));
            QObject::connect(reply, &QNetworkReply::finished, &nam, [&, reply, subject] {
                reply->deleteLater();
                ++requests;
                const QJsonArray versions = QJsonDocument::fromJson(reply->readAll()).array();
                auto remaining = std::make_shared<int>(int(versions.size()));
                if (*remaining == 0) {
                    --inFlight;
                    ++subjectsDone;
                    pump();
                    return;
                }
                for (const QJsonValue &v : versions) {
                    QNetworkReply *versionReply = nam.get(QNetworkRequest(endpoint(
                        base, u"/subjects/"_s + subject + u"/versions/"_s + QString::number(v.toInt()))));
                    QObject::connect(versionReply, &QNetworkReply::finished, &nam,
                                     [&, versionReply, remaining] {
                                         versionReply->deleteLater();
                                         ++requests;
                                         ++versionsDone;
                                         QJsonDocument::fromJson(versionReply->readAll());
                                         if (--*remaining == 0) {
                                             --inFlight;
                                             ++subjectsDone;
                                             pump();
                                         }
                                     });
                }
            });
        }
    };
    pump();
    waitFor([&] { return inFlight == 0 && (next >= all.size() || clock.elapsed() >= capMs); }, capMs + 60000);
    figure(u"usual_ms"_s, clock.elapsed());
    figure(u"usual_stall_ms"_s, stalls.stop());
    figure(u"usual_subjects_done"_s, subjectsDone);
    figure(u"usual_versions_done"_s, versionsDone);
    figure(u"usual_requests"_s, requests);
    figure(u"usual_subjects_total"_s, double(all.size()));
    return 0;
}

// Mirror verification: both registries loaded at once, then classified.
int roleMirror(const QUrl &a, const QUrl &b)
{
    sd::registry::RegistryClient clientA(profileFor(a, u"A"_s), {});
    sd::registry::RegistryClient clientB(profileFor(b, u"B"_s), {});
    sd::registry::BulkLoader loaderA(&clientA);
    sd::registry::BulkLoader loaderB(&clientB);
    int finished = 0;
    QObject::connect(&loaderA, &sd::registry::BulkLoader::finished, &loaderA, [&] { ++finished; });
    QObject::connect(&loaderB, &sd::registry::BulkLoader::finished, &loaderB, [&] { ++finished; });
    QElapsedTimer clock;
    clock.start();
    loaderA.start();
    loaderB.start();
    waitFor([&] { return finished == 2; }, 900000);
    if (!loaderA.snapshot() || !loaderB.snapshot()) {
        out(u"error: mirror load failed: "_s + loaderA.error().toDisplayString() + u" / "_s +
            loaderB.error().toDisplayString());
        return 1;
    }
    figure(u"mirror_load_ms"_s, clock.nsecsElapsed() / 1e6);
    figure(u"mirror_requests"_s, loaderA.requestCount() + loaderB.requestCount());
    figure(u"mirror_versions"_s, loaderA.snapshot()->versionCount() + loaderB.snapshot()->versionCount());
    clock.restart();
    const sd::diff::RegistrySnapshot snapshotA = sd::diff::snapshotFromLoaded(loaderA.snapshot(), u"A"_s);
    const sd::diff::RegistrySnapshot snapshotB = sd::diff::snapshotFromLoaded(loaderB.snapshot(), u"B"_s);
    figure(u"mirror_convert_ms"_s, clock.nsecsElapsed() / 1e6);
    sd::diff::SubjectMapping mapping;
    mapping.contextType = sd::diff::ContextType::Custom;
    mapping.context = mirrorContext;
    QList<double> times;
    sd::diff::MirrorReport report;
    for (int run = 0; run < 3; ++run) {
        QElapsedTimer timer;
        timer.start();
        report = sd::diff::MirrorComparator::compare(snapshotA, snapshotB, mapping);
        times << timer.nsecsElapsed() / 1e6;
    }
    figure(u"mirror_classify_ms"_s, median(times));
    figure(u"mirror_identical"_s, report.counts.identical);
    figure(u"mirror_differing"_s, report.counts.differing);
    figure(u"mirror_only_a"_s, report.counts.onlyInA);
    figure(u"mirror_only_b"_s, report.counts.onlyInB);
    figure(u"mirror_peak_rss_mib"_s, peakRssMiB());
    return 0;
}

// "Search every version" as the search tab runs it on a registry not loaded yet, alone in its process:
// the bulk load with the first matches listed from each page as it arrives, then the final search.
int roleSearch(const QUrl &base)
{
    sd::registry::RegistryClient client(profileFor(base, u"large"_s), {});
    sd::registry::BulkLoader loader(&client);
    sd::search::IncrementalSearch incremental;
    sd::search::SearchQuery query;
    query.text = u"\"field_150\""_s; // in the big schemas only
    query.latestOnly = false;
    QObject::connect(&loader, &sd::registry::BulkLoader::versionsArrived, &incremental,
                     [&](const sd::registry::RegistrySnapshot::Page &versions) {
                         incremental.addVersions(u"large"_s, versions);
                     });
    bool done = false;
    QObject::connect(&loader, &sd::registry::BulkLoader::finished, &loader, [&] { done = true; });
    StallMeter stalls;
    stalls.start();
    QElapsedTimer clock;
    clock.start();
    incremental.start(query);
    loader.start();
    waitFor([&] { return done; }, 900000);
    if (loader.error().isError() || !loader.snapshot()) {
        out(u"error: bulk load failed: "_s + loader.error().toDisplayString());
        return 1;
    }
    figure(u"stream_load_ms"_s, clock.nsecsElapsed() / 1e6);
    figure(u"stream_stall_ms"_s, stalls.stop()); // the final search below is waited for here, not in the app
    figure(u"stream_first_ms"_s, double(incremental.firstMatchMs()));
    incremental.stop();
    const sd::search::SearchResult result =
        sd::search::searchSchemasAsync({{u"large"_s, u"large"_s, loader.snapshot(), nullptr}}, query)
            .result();
    figure(u"stream_total_ms"_s, clock.nsecsElapsed() / 1e6);
    figure(u"stream_versions_matched"_s, double(result.versionsMatched));
    figure(u"stream_peak_rss_mib"_s, peakRssMiB());
    return 0;
}

// ---------------------------------------------------------------------------------------------------
// Diff inputs (the same shapes as tests/diff/bench_diff): a pretty-printed Avro record, 5 lines a field.

QString avroRecord(int fieldCount, const QString &prefix, const QString &type, const QString &docWord)
{
    QString text =
        u"{\n  \"type\": \"record\",\n  \"name\": \"Generated\",\n  \"namespace\": \"bench\",\n  \"fields\": [\n"_s;
    for (int i = 0; i < fieldCount; ++i) {
        text += u"    {\n      \"name\": \""_s + prefix + QString::number(i) + u"\",\n"_s;
        text += u"      \"type\": \""_s + type + u"\",\n"_s;
        text +=
            u"      \"doc\": \""_s + docWord + u' ' + QString::number(i) + u" of the generated record\"\n"_s;
        text += (i + 1 < fieldCount) ? u"    },\n"_s : u"    }\n"_s;
    }
    return text + u"  ]\n}\n"_s;
}

// About `hunks` scattered edits: renames, whitespace, inserted and removed fields.
QString scatterEdits(const QString &text, int hunks)
{
    QStringList lines = text.split(u'\n');
    const int step = int(lines.size()) / (hunks + 1);
    for (int h = hunks; h >= 1; --h) {
        const int at = h * step;
        switch (h % 4) {
        case 0:
            lines[at] += u" "_s;
            break;
        case 1:
            lines[at] = u"      \"name\": \"edited_"_s + QString::number(h) + u"\","_s;
            break;
        case 2:
            lines.insert(at, u"    {\n      \"name\": \"inserted\",\n      \"type\": \"int\"\n    },"_s);
            break;
        default:
            lines.removeAt(at);
            lines.removeAt(at);
            break;
        }
    }
    return lines.join(u'\n');
}

// A registry without a bulk listing (the sandbox's --profile redpanda): the tree from the skeleton, one
// subject's versions on demand, then the whole registry subject by subject as search and mirror
// verification load it.
int roleNoBulk(const QUrl &base)
{
    sd::items::RegistryWorkspace workspace;
    int requests = 0;
    QObject::connect(workspace.httpLog(), &sd::registry::HttpLog::appended, [&requests] { ++requests; });
    QTreeView view;
    view.setUniformRowHeights(true);
    view.setModel(workspace.tree());
    view.resize(420, 900);
    view.show();
    const sd::registry::ConnectionProfile profile = profileFor(base, u"no-bulk"_s);
    workspace.openConnection(profile, {});
    const QString id = profile.id.toString(QUuid::WithoutBraces);
    QElapsedTimer clock;
    double firstShown = -1;
    QObject::connect(workspace.tree(), &QAbstractItemModel::rowsInserted, &view,
                     [&](const QModelIndex &parent) {
                         if (firstShown < 0 && parent == workspace.tree()->connectionIndex(id) &&
                             workspace.tree()->subjectCount(id) > 0)
                             firstShown = clock.nsecsElapsed() / 1e6;
                     });
    clock.start();
    workspace.load(id);
    view.expand(workspace.tree()->connectionIndex(id));
    if (!waitFor(
            [&] {
                return workspace.connection(id)->state == sd::items::RegistryWorkspace::State::Ready ||
                       workspace.connection(id)->state == sd::items::RegistryWorkspace::State::Failed;
            },
            900000) ||
        workspace.connection(id)->state != sd::items::RegistryWorkspace::State::Ready) {
        out(u"error: the console did not load: "_s + workspace.connection(id)->error);
        return 1;
    }
    const double ready = clock.nsecsElapsed() / 1e6;
    waitFor([&] { return workspace.requestsInFlight() == 0; }, 60000); // settings
    const sd::registry::ServerCapabilities &caps = workspace.connection(id)->capabilities;
    figure(u"nobulk_subjects"_s, workspace.tree()->subjectCount(id));
    figure(u"nobulk_first_ms"_s, firstShown);
    figure(u"nobulk_ready_ms"_s, ready);
    figure(u"nobulk_tree_requests"_s, requests);
    figure(u"nobulk_detected_redpanda"_s, caps.flavor == sd::registry::ServerFlavor::Redpanda ? 1 : 0);
    figure(u"nobulk_bulk_offered"_s, caps.bulkSchemas == sd::registry::Support::Yes ? 1 : 0);

    // One subject opened.
    const QModelIndex subject = workspace.tree()->subjectIndex(id, u"topic-000001-value"_s);
    const QModelIndex context = subject.parent();
    requests = 0;
    clock.restart();
    view.expand(context);
    view.expand(subject);
    waitFor([&] { return workspace.tree()->rowCount(subject) > 0 && workspace.requestsInFlight() == 0; },
            60000);
    figure(u"nobulk_open_ms"_s, clock.nsecsElapsed() / 1e6);
    figure(u"nobulk_open_requests"_s, requests);
    figure(u"nobulk_open_versions"_s, workspace.tree()->rowCount(subject));

    // Every version, subject by subject, with the connection's request limit sampled.
    sd::registry::RegistryClient *client = workspace.client(id);
    int maxActive = 0;
    QTimer sample;
    QObject::connect(&sample, &QTimer::timeout,
                     [&] { maxActive = std::max(maxActive, client->transport()->activeCount()); });
    sample.start(1);
    int progressSignals = 0;
    {
        sd::registry::BulkLoader loader(client);
        QObject::connect(&loader, &sd::registry::BulkLoader::progress,
                         [&](qint64, qint64) { ++progressSignals; });
        bool finished = false;
        QObject::connect(&loader, &sd::registry::BulkLoader::finished, [&] { finished = true; });
        clock.restart();
        loader.start();
        waitFor([&] { return finished; }, 1800000);
        if (loader.error().isError() || !loader.snapshot()) {
            out(u"error: the subject-by-subject load failed: "_s + loader.error().toDisplayString());
            return 1;
        }
        figure(u"nobulk_all_ms"_s, clock.nsecsElapsed() / 1e6);
        figure(u"nobulk_all_requests"_s, loader.requestCount());
        figure(u"nobulk_all_versions"_s, loader.snapshot()->versionCount());
        figure(u"nobulk_all_subjects"_s, loader.snapshot()->subjectCount());
        figure(u"nobulk_all_progress"_s, progressSignals);
        figure(u"nobulk_all_max_active"_s, maxActive);
        figure(u"nobulk_limit"_s, profile.maxConcurrentRequests);
        figure(u"nobulk_peak_rss_mib"_s, peakRssMiB());
    }
    // Cancel a quarter of the way: how soon it stops, and that nothing is sent afterwards.
    {
        sd::registry::BulkLoader loader(client);
        bool finished = false;
        qint64 done = 0;
        QObject::connect(&loader, &sd::registry::BulkLoader::finished, [&] { finished = true; });
        QObject::connect(&loader, &sd::registry::BulkLoader::progress,
                         [&](qint64 versions, qint64) { done = versions; });
        loader.start();
        const qint64 quarter = std::max<qint64>(1, workspace.tree()->subjectCount(id) * 3 / 4);
        waitFor([&] { return done >= quarter || finished; }, 1800000);
        requests = 0;
        clock.restart();
        loader.cancel();
        waitFor([&] { return finished; }, 60000);
        figure(u"nobulk_cancel_ms"_s, clock.nsecsElapsed() / 1e6);
        const int sentAtCancel = requests;
        waitFor([] { return false; }, 500);
        figure(u"nobulk_cancel_later_requests"_s, requests - sentAtCancel);
    }
    return 0;
}

// ---------------------------------------------------------------------------------------------------
// The parent: runs the children, prints the figures.

using Figures = QHash<QString, double>;

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

QString ms(double value)
{
    if (value >= 100000)
        return QString::number(value / 1000, 'f', 0) + u" s"_s;
    if (value >= 10000)
        return QString::number(value / 1000, 'f', 1) + u" s"_s;
    return QString::number(value, 'f', value < 10 ? 2 : 0) + u" ms"_s;
}

// One line: figure | measured | floor | usual | target → PASS/MISS.
void reportNoBulk(int n, int versions, const Figures &f)
{
    const double subjects = f.value(u"nobulk_all_subjects"_s);
    const double all = f.value(u"nobulk_all_versions"_s);
    const double bound = 1 + subjects + all;
    out(u"N = %1 × %2 versions, --profile redpanda (no GET /schemas): detected Redpanda %3, bulk listing %4"_s
            .arg(n)
            .arg(versions)
            .arg(f.value(u"nobulk_detected_redpanda"_s) > 0 ? u"yes"_s : u"NO"_s,
                 f.value(u"nobulk_bulk_offered"_s) > 0 ? u"offered (unexpected)"_s : u"not offered"_s));
    out(u"  tree: %1 subjects shown after %2, ready after %3, %4 requests (probe, skeleton, contexts, "
        u"settings; "
        "no version read)"_s.arg(f.value(u"nobulk_subjects"_s))
            .arg(ms(f.value(u"nobulk_first_ms"_s)), ms(f.value(u"nobulk_ready_ms"_s)))
            .arg(f.value(u"nobulk_tree_requests"_s)));
    out(u"  one subject opened: %1 versions in %2, %3 requests (target ≤ 1 + versions)"_s
            .arg(f.value(u"nobulk_open_versions"_s))
            .arg(ms(f.value(u"nobulk_open_ms"_s)))
            .arg(f.value(u"nobulk_open_requests"_s)));
    out(u"  every version (search every version; each side of mirror verification): %1 versions of %2 "
        u"subjects "
        "in %3, %4 requests (target ≤ 1 + subjects + versions = %5) %6; at most %7 at once (limit %8); %9 "
        "progress signals; peak RSS %10 MiB"_s.arg(all)
            .arg(subjects)
            .arg(ms(f.value(u"nobulk_all_ms"_s)))
            .arg(f.value(u"nobulk_all_requests"_s))
            .arg(bound)
            .arg(f.value(u"nobulk_all_requests"_s) <= bound ? u"PASS"_s : u"MISS"_s)
            .arg(f.value(u"nobulk_all_max_active"_s))
            .arg(f.value(u"nobulk_limit"_s))
            .arg(f.value(u"nobulk_all_progress"_s))
            .arg(f.value(u"nobulk_peak_rss_mib"_s), 0, 'f', 0));
    out(u"  Cancel a quarter of the way: stopped in %1, %2 requests sent afterwards"_s
            .arg(ms(f.value(u"nobulk_cancel_ms"_s)))
            .arg(f.value(u"nobulk_cancel_later_requests"_s)));
}

void row(int n, const QString &name, const QString &measured, const QString &floor, const QString &usual,
         const QString &target, std::optional<bool> pass)
{
    out(u"%1 | %2 | %3 | floor: %4 | usual: %5 | target: %6 %7"_s
            .arg(n > 0 ? u"N=%1"_s.arg(n) : u"diff"_s, -8)
            .arg(name, -34)
            .arg(measured, -12)
            .arg(floor, usual, target, pass ? (*pass ? u"PASS"_s : u"MISS"_s) : QString()));
}

void report(int n, int versions, const Figures &f, const Figures &floor2, int usualSeconds, bool withMirror)
{
    const double totalVersions = f.value(u"floor_versions"_s);
    const double pageBound = 2 + std::ceil(totalVersions / 1000.0);
    // The strictest floor: the faster of the runs before and after the console.
    const double floorFull = floor2.isEmpty()
                                 ? f.value(u"floor_full_ms"_s)
                                 : std::min(f.value(u"floor_full_ms"_s), floor2.value(u"floor_full_ms"_s));
    const double floorSkeleton =
        floor2.isEmpty() ? f.value(u"floor_skeleton_ms"_s)
                         : std::min(f.value(u"floor_skeleton_ms"_s), floor2.value(u"floor_skeleton_ms"_s));
    // The usual approach, extrapolated linearly from what it did within its cap.
    const double usualDone = std::max(1.0, f.value(u"usual_subjects_done"_s));
    const double usualTotal = f.value(u"usual_subjects_total"_s);
    const double usualFullMs = f.value(u"usual_first_ms"_s) + f.value(u"usual_ms"_s) / usualDone * usualTotal;
    const double usualVersionsPerSubject = f.value(u"usual_versions_done"_s) / usualDone;
    const double usualRequests = 1 + usualTotal * (1 + usualVersionsPerSubject);
    const bool capped = f.value(u"usual_subjects_done"_s) < usualTotal;
    const QString usualNote =
        capped ? u" (extrapolated: %1 of %2 subjects in %3 s cap)"_s.arg(f.value(u"usual_subjects_done"_s))
                     .arg(usualTotal)
                     .arg(usualSeconds)
               : u" (measured, all subjects)"_s;

    out(u"--- N = %1 subjects × %2 versions; %3 subjects listed (incl. 3 shared types per context), %4 versions"_s
            .arg(n)
            .arg(versions)
            .arg(f.value(u"console_subjects"_s))
            .arg(totalVersions));
    row(n, u"requests, skeleton"_s, QString::number(f.value(u"console_requests_skeleton"_s)), u"2"_s, u"1"_s,
        u"≤ 2"_s, f.value(u"console_requests_skeleton"_s) <= 2);
    row(n, u"requests, whole tree"_s, QString::number(f.value(u"console_requests_tree"_s)),
        QString::number(f.value(u"floor_requests"_s)), QString::number(usualRequests, 'f', 0) + usualNote,
        u"≤ 2 + ⌈%1/1000⌉ = %2 (all requests incl. capability probe and settings: %3)"_s.arg(totalVersions)
            .arg(pageBound)
            .arg(f.value(u"console_requests_all"_s)),
        f.value(u"console_requests_tree"_s) <= pageBound);
    row(n, u"time to first subjects shown"_s, ms(f.value(u"console_first_ms"_s)),
        ms(floorSkeleton) + u" (skeleton alone)"_s, ms(f.value(u"usual_first_ms"_s)) + u" (GET /subjects)"_s,
        u"≤ 2 × floor = "_s + ms(2 * floorSkeleton), f.value(u"console_first_ms"_s) <= 2 * floorSkeleton);
    row(n, u"time to fully loaded tree"_s, ms(f.value(u"console_full_ms"_s)), ms(floorFull),
        ms(usualFullMs) + usualNote, u"≤ 1.5 × floor = "_s + ms(1.5 * floorFull),
        f.value(u"console_full_ms"_s) <= 1.5 * floorFull);
    row(n, u"pages: sequential vs two in flight"_s, ms(f.value(u"floor2_full_ms"_s)) + u" (two)"_s,
        ms(floorFull) + u" (sequential)"_s, u"n/a"_s,
        u"(none) two pages in flight where the skeleton proves they exist: %1 requests, %2× the sequential "
        "time (the console asks for two, never more than the connection's request limit)"_s
            .arg(f.value(u"floor2_requests"_s))
            .arg(f.value(u"floor2_full_ms"_s) / std::max(1.0, floorFull), 0, 'f', 2),
        std::nullopt);
    row(n, u"peak RSS, metadata + latest bodies"_s,
        QString::number(f.value(u"console_peak_rss_latest_mib"_s), 'f', 0) + u" MiB"_s,
        QString::number(f.value(u"floor_peak_rss_mib"_s), 'f', 0) + u" MiB (its pages parsed and dropped)"_s,
        u"n/a"_s,
        (n >= 1000000 ? u"≤ 1 GiB"_s : u"≤ 300 MB (= 286 MiB)"_s) +
            u". Resident after the load: %1 MiB, with the newest text of %2 subjects kept "
            "from its pages (no extra request): %3 MiB of UTF-8 held in %4 MiB (%5 MiB as QString)"_s
                .arg(f.value(u"console_rss_latest_mib"_s), 0, 'f', 0)
                .arg(f.value(u"latest_bodies"_s))
                .arg(f.value(u"latest_text_mib"_s), 0, 'f', 0)
                .arg(f.value(u"latest_store_mib"_s), 0, 'f', 1)
                .arg(f.value(u"latest_as_qstring_mib"_s), 0, 'f', 0),
        n >= 1000000 ? f.value(u"console_peak_rss_latest_mib"_s) <= 1024
                     : f.value(u"console_peak_rss_latest_mib"_s) * 1024 * 1024 <= 300e6);
    row(n, u"search of the latest bodies"_s, ms(f.value(u"search_latest_ms"_s)), u"-"_s, u"n/a"_s,
        u"(none) every text inflated and matched, no request; %1 subjects match (each pretty-printed for "
        "its line numbers); a term in none: %2; inflating and decoding alone: %3"_s
            .arg(f.value(u"search_latest_subjects"_s))
            .arg(ms(f.value(u"search_latest_nomatch_ms"_s)))
            .arg(ms(f.value(u"latest_read_all_ms"_s))),
        std::nullopt);
    row(n, u"peak RSS, + every version's body"_s,
        QString::number(f.value(u"console_peak_rss_mib"_s), 'f', 0) + u" MiB"_s, u"-"_s, u"n/a"_s,
        u"(none) BulkLoader snapshot as mirror verification holds it: %1 versions, %2 MiB of text, %3 "
        "requests, %4; resident after: %5 MiB"_s.arg(f.value(u"bodies_versions"_s))
            .arg(f.value(u"bodies_snapshot_mib"_s), 0, 'f', 0)
            .arg(f.value(u"bodies_requests"_s))
            .arg(ms(f.value(u"bodies_ms"_s)))
            .arg(f.value(u"console_rss_with_bodies_mib"_s), 0, 'f', 0),
        std::nullopt);
    row(n, u"search every version"_s, ms(f.value(u"search_all_ms"_s)), u"-"_s, u"n/a"_s,
        u"peak RSS ≤ 400 MiB: %1 MiB (the tree, the newest texts and every version's, compressed: %2 MiB of "
        "text); %3 versions match"_s.arg(f.value(u"console_peak_rss_search_all_mib"_s), 0, 'f', 0)
            .arg(f.value(u"bodies_text_mib"_s), 0, 'f', 0)
            .arg(f.value(u"search_all_versions"_s)),
        f.value(u"console_peak_rss_search_all_mib"_s) <= 400);
    row(n, u"search every version, alone"_s,
        QString::number(f.value(u"stream_peak_rss_mib"_s), 'f', 0) + u" MiB"_s, u"-"_s, u"n/a"_s,
        u"peak RSS ≤ 400 MiB (its own process: the load and the search, no tree); the first matches listed "
        "at %1, while the pages still arrive (all loaded at %2, final result at %3; %4 versions match; "
        "longest GUI-thread stall while loading %5)"_s.arg(ms(f.value(u"stream_first_ms"_s)))
            .arg(ms(f.value(u"stream_load_ms"_s)))
            .arg(ms(f.value(u"stream_total_ms"_s)))
            .arg(f.value(u"stream_versions_matched"_s))
            .arg(ms(f.value(u"stream_stall_ms"_s))),
        f.value(u"stream_peak_rss_mib"_s) <= 400 && f.value(u"stream_first_ms"_s) >= 0 &&
            f.value(u"stream_first_ms"_s) < f.value(u"stream_load_ms"_s));
    row(n, u"filter per keystroke, median"_s, ms(f.value(u"filter_median_ms"_s)),
        ms(f.value(u"filter_floor_median_ms"_s)) + u" (plain scan of the names)"_s, u"n/a"_s, u"≤ 16 ms"_s,
        f.value(u"filter_median_ms"_s) <= 16);
    row(n, u"filter per keystroke, max"_s, ms(f.value(u"filter_max_ms"_s)), u"-"_s, u"n/a"_s, u"≤ 50 ms"_s,
        f.value(u"filter_max_ms"_s) <= 50);
    row(n, u"longest GUI-thread stall, load"_s, ms(f.value(u"console_stall_ms"_s)),
        ms(f.value(u"floor_longest_parse_ms"_s)) + u" (its longest page parse)"_s,
        ms(f.value(u"usual_stall_ms"_s)) + u" (during its capped run)"_s, u"≤ 50 ms"_s,
        f.value(u"console_stall_ms"_s) <= 50);
    if (withMirror) {
        const double mirrorBound = 2 * f.value(u"console_requests_tree"_s);
        row(n, u"mirror: requests (2 registries)"_s, QString::number(f.value(u"mirror_requests"_s)),
            QString::number(f.value(u"floor_requests"_s) + f.value(u"floorB_requests"_s)),
            QString::number(2 * usualRequests, 'f', 0) + u" (2 × the above)"_s,
            u"≤ 2 × full-load requests = "_s + QString::number(mirrorBound),
            f.value(u"mirror_requests"_s) <= mirrorBound);
        row(n, u"mirror: time to load both"_s, ms(f.value(u"mirror_load_ms"_s)),
            ms(std::max(floorFull, f.value(u"floorB_full_ms"_s))) + u" (slower side alone)"_s,
            u"≥ "_s + ms(usualFullMs) + u" (each side as above, both at once)"_s,
            u"(none; %1 versions; converting to comparable snapshots %2)"_s.arg(f.value(u"mirror_versions"_s))
                .arg(ms(f.value(u"mirror_convert_ms"_s))),
            std::nullopt);
        row(n, u"mirror: peak RSS"_s, QString::number(f.value(u"mirror_peak_rss_mib"_s), 'f', 0) + u" MiB"_s,
            u"-"_s, u"n/a"_s,
            u"≤ 600 MiB (both registries loaded, converted and classified in one process)"_s,
            f.value(u"mirror_peak_rss_mib"_s) <= 600);
        row(n, u"mirror: classification"_s, ms(f.value(u"mirror_classify_ms"_s)), u"-"_s, u"n/a"_s,
            u"≤ 500 ms; found %1 identical, %2 differing, %3 only in A, %4 only in B (3 planted)"_s
                .arg(f.value(u"mirror_identical"_s))
                .arg(f.value(u"mirror_differing"_s))
                .arg(f.value(u"mirror_only_a"_s))
                .arg(f.value(u"mirror_only_b"_s)),
            f.value(u"mirror_classify_ms"_s) <= 500);
    }
}

double timeGit(const QString &git, const QString &left, const QString &right, int runs)
{
    QList<double> times;
    for (int r = 0; r < runs; ++r) {
        QProcess process;
        process.setStandardOutputFile(QProcess::nullDevice());
        QElapsedTimer timer;
        timer.start();
        process.start(git, {u"diff"_s, u"--no-index"_s, u"--no-color"_s, left, right});
        process.waitForFinished(-1);
        times << timer.nsecsElapsed() / 1e6;
    }
    return median(times);
}

void benchDiff(int runs, const QString &keepDir, const QString &gitPath)
{
    QTemporaryDir temporary;
    const QString dirPath = keepDir.isEmpty() ? temporary.path() : keepDir;
    QDir().mkpath(dirPath);
    const QDir dir(dirPath);
    const QString git = gitPath.isEmpty() ? QStandardPaths::findExecutable(u"git"_s) : gitPath;
    const QString base10k = avroRecord(2000, u"field_"_s, u"string"_s, u"Field"_s);
    const QString base50k = avroRecord(10000, u"field_"_s, u"string"_s, u"Field"_s);
    struct Case
    {
        QString name;
        QString left;
        QString right;
        QString target;
        std::function<bool(double ours, double git)> pass;
    };
    const QList<Case> cases{
        {u"10k lines, ~100 hunks"_s, base10k, scatterEdits(base10k, 100), u"≤ git diff --no-index"_s,
         [](double ours, double gitMs) { return gitMs > 0 && ours <= gitMs; }},
        {u"10k lines, rewritten"_s,
         base10k,
         avroRecord(2000, u"renamed_"_s, u"long"_s, u"Renamed"_s),
         u"(none)"_s,
         {}},
        {u"50k lines, rewritten"_s, base50k, avroRecord(10000, u"renamed_"_s, u"long"_s, u"Renamed"_s),
         u"≤ 100 ms"_s, [](double ours, double) { return ours <= 100; }},
    };
    int index = 0;
    for (const Case &c : cases) {
        const QString left = dir.filePath(u"%1.left.avsc"_s.arg(index));
        const QString right = dir.filePath(u"%1.right.avsc"_s.arg(index++));
        for (const auto &[path, text] : {std::pair{left, c.left}, std::pair{right, c.right}}) {
            QFile file(path);
            if (file.open(QIODevice::WriteOnly))
                file.write(text.toUtf8());
        }
        QList<double> times;
        sd::diff::DiffStats stats;
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer timer;
            timer.start();
            const sd::diff::DiffResult result = sd::diff::TextDiffer::diff(c.left, c.right, {});
            times << timer.nsecsElapsed() / 1e6;
            stats = result.stats;
        }
        const double ours = median(times);
        const double gitMs = git.isEmpty() ? -1 : timeGit(git, left, right, runs);
        row(0, u"diff "_s + c.name, ms(ours),
            gitMs < 0 ? u"git not found here (give --git PATH, or keep the inputs with --diff-files DIR and "
                        u"run git "
                        "diff --no-index on them)"_s
                      : ms(gitMs) + u" (git diff --no-index, incl. process start)"_s,
            u"n/a"_s,
            c.target + u"; %1 lines, %2 hunks, -%3 +%4, with intraline, median of %5"_s.arg(stats.leftLines)
                           .arg(stats.hunks)
                           .arg(stats.removedLines)
                           .arg(stats.addedLines)
                           .arg(runs),
            c.pass && !(gitMs < 0 && c.target.contains(u"git"_s)) ? std::optional<bool>(c.pass(ours, gitMs))
                                                                  : std::nullopt);
    }
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"schemadesk.*=false\nqt.*=false"_s);
    QCommandLineParser parser;
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
    parser.process(app);
    const bool quick = parser.isSet(u"quick"_s);
    const int contexts = parser.value(u"contexts"_s).toInt();
    const int versions = parser.value(u"versions"_s).toInt();
    const int usualSeconds = parser.isSet(u"usual-seconds"_s) ? parser.value(u"usual-seconds"_s).toInt()
                             : quick                          ? 2
                                                              : 20;

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
    for (const int n : std::as_const(counts)) {
        QTemporaryDir dir;
        const QString fileA = dir.filePath(u"a.json"_s);
        const QString fileB = dir.filePath(u"b.json"_s);
        Figures f;
        QStringList generate{u"--role"_s,     u"generate"_s,
                             u"--subjects"_s, QString::number(n),
                             u"--contexts"_s, QString::number(contexts),
                             u"--versions"_s, QString::number(versions),
                             u"--out"_s,      fileA};
        if (withMirror)
            generate << u"--mirror-out"_s << fileB;
        // Beyond ~500k subjects the data file passes 2 GB, more than a JSON document can be: the sandbox
        // then makes the same registry in memory (the mirror needs the file).
        const bool inMemory = n >= 500000 && !withMirror;
        if (!inMemory && !runner.run(generate, &f))
            return 1;
        Sandbox sandboxA;
        const QString pageLatency = u"latency=%1,route=GET /schemas*"_s.arg(parser.value(u"latency"_s));
        const QStringList latency =
            parser.isSet(u"latency"_s) ? QStringList{u"--fault"_s, pageLatency} : QStringList{};
        const QStringList source =
            inMemory ? QStringList{u"--generate"_s, u"%1,%2,%3"_s.arg(n).arg(contexts).arg(versions)}
                     : QStringList{u"--data"_s, fileA};
        if (!sandboxA.start(source, latency)) {
            out(u"error: the sandbox did not start"_s);
            return 1;
        }
        const QString urlA = sandboxA.url().toString();
        Figures floorAgain;
        const bool ok =
            runner.run({u"--role"_s, u"floor"_s, u"--url"_s, urlA}, &f) &&
            runner.run({u"--role"_s, u"console"_s, u"--url"_s, urlA}, &f) &&
            runner.run({u"--role"_s, u"search"_s, u"--url"_s, urlA}, &f) &&
            (quick || runner.run({u"--role"_s, u"floor"_s, u"--url"_s, urlA}, &floorAgain)) &&
            runner.run({u"--role"_s, u"floor"_s, u"--url"_s, urlA, u"--in-flight"_s, u"2"_s}, &f) &&
            runner.run({u"--role"_s, u"usual"_s, u"--url"_s, urlA, u"--usual-seconds"_s,
                        QString::number(usualSeconds)},
                       &f);
        if (!ok)
            return 1;
        if (withMirror) {
            Sandbox sandboxB;
            if (!sandboxB.start({u"--data"_s, fileB})) {
                out(u"error: the mirror sandbox did not start"_s);
                return 1;
            }
            Figures floorB;
            if (!runner.run({u"--role"_s, u"floor"_s, u"--url"_s, sandboxB.url().toString()}, &floorB) ||
                !runner.run(
                    {u"--role"_s, u"mirror"_s, u"--url"_s, urlA, u"--url2"_s, sandboxB.url().toString()}, &f))
                return 1;
            f.insert(u"floorB_requests"_s, floorB.value(u"floor_requests"_s));
            f.insert(u"floorB_full_ms"_s, floorB.value(u"floor_full_ms"_s));
        }
        report(n, versions, f, floorAgain, usualSeconds, withMirror);
    }
    if (!parser.isSet(u"no-diff"_s))
        benchDiff(quick ? 3 : 11, parser.value(u"diff-files"_s), parser.value(u"git"_s));
    return 0;
}
