#include "BenchRoles.h"

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
#include "BenchSupport.h"

using namespace Qt::StringLiterals;

namespace sd::bench {

const QString mirrorContext = u"mirror"_s;
const QList<std::pair<QString, QString>> skeletonQuery{{u"subjectPrefix"_s, u":*:"_s},
                                                       {u"deleted"_s, u"true"_s}};

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
namespace {

// The tree of one registry: first subjects shown, fully loaded, the longest GUI stall, the requests.
bool measureTreeLoad(sd::items::RegistryWorkspace &workspace, QTreeView &view, const QString &id)
{
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
        return false;
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
    return true;
}

// Filtering, one keystroke at a time, with the view's relayout; next to a plain scan of the same
// lower-case names (the floor for a filter without an index).
void measureFilter(sd::items::RegistryWorkspace &workspace, const QString &id)
{
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
}

// The latest bodies: the tree's load kept each subject's newest text (compressed) from the pages it
// reads anyway, so they are in memory already, at no extra request; and searching them.
bool measureLatestBodies(sd::items::RegistryWorkspace &workspace, const QString &id)
{
    QElapsedTimer clock;
    const sd::registry::LatestSchemasPtr latest = workspace.connection(id)->latestSchemas;
    if (!latest) {
        out(u"error: the load kept no schema texts"_s);
        return false;
    }
    figure(u"latest_bodies"_s, latest->size());
    figure(u"latest_text_mib"_s, latest->rawBytes() / (1024.0 * 1024.0));
    figure(u"latest_compressed_mib"_s, latest->compressedBytes() / (1024.0 * 1024.0));
    figure(u"latest_store_mib"_s, latest->approximateBytes() / (1024.0 * 1024.0));
    figure(u"console_rss_latest_mib"_s, currentRssMiB());
    figure(u"console_peak_rss_latest_mib"_s, peakRssMiB());
    clock.start();
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
    return true;
}

// Every version's body as mirror verification and "all versions" searches load them (a BulkLoader
// snapshot), on top of the latest bodies, and "search every version" from that snapshot.
bool measureAllBodies(sd::items::RegistryWorkspace &workspace, const QString &id)
{
    QElapsedTimer clock;
    sd::search::SearchQuery query;
    sd::registry::BulkLoader loader(workspace.client(id));
    bool bulkDone = false;
    QObject::connect(&loader, &sd::registry::BulkLoader::finished, &loader, [&] { bulkDone = true; });
    clock.start();
    loader.start();
    waitFor([&] { return bulkDone; }, 900000);
    if (loader.error().isError() || !loader.snapshot()) {
        out(u"error: bulk load failed: "_s + loader.error().toDisplayString());
        return false;
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
    return true;
}

} // namespace

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
    if (!measureTreeLoad(workspace, view, id))
        return 1;
    measureFilter(workspace, id);
    return measureLatestBodies(workspace, id) && measureAllBodies(workspace, id) ? 0 : 1;
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

} // namespace sd::bench
