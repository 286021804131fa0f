// bench_browse: loading a large registry into the console's tree, next to the floor (the same pages
// fetched with a plain HTTP client and only parsed) and to the usual approach of web consoles (one
// request per subject and per version, capped in time and extrapolated).
//
//   bench_browse [--subjects N] [--contexts C] [--usual-seconds S]
//
// The sandbox runs as its own process (schemadesk-sandbox next to this program), so the console side
// is measured alone. Prints one line per figure with its unit.
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/HttpLog.h"
#include "sandbox/LargeRegistry.h"

#include <algorithm>
#include <cstdio>
#include <QAbstractEventDispatcher>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <QUrlQuery>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {

void line(const QString &text)
{
    std::printf("%s\n", qPrintable(text));
    std::fflush(stdout);
}

long peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

// Resident memory now, from /proc/self/statm (pages).
long currentRssMiB()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLong() * 4096 / (1024 * 1024) : -1;
}

// Measures the longest gap between ticks of a 1 ms timer: how long the GUI thread was busy at once.
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

// `path` is already percent-encoded where it needs to be (qualified subjects: %3A).
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

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Benchmark: loading a large registry into the console's tree"_s);
    parser.addHelpOption();
    parser.addOption({u"subjects"_s, u"Subjects to generate (default 100000)."_s, u"n"_s, u"100000"_s});
    parser.addOption({u"contexts"_s, u"Contexts (default 5)."_s, u"n"_s, u"5"_s});
    parser.addOption(
        {u"usual-seconds"_s, u"Cap for the one-request-per-item run (default 20)."_s, u"s"_s, u"20"_s});
    parser.process(app);
    const int subjects = parser.value(u"subjects"_s).toInt();
    const int contexts = parser.value(u"contexts"_s).toInt();
    const int usualSeconds = parser.value(u"usual-seconds"_s).toInt();
    const int versions = 3;

    // --- data and the sandbox process
    QTemporaryDir dir;
    const QString dataFile = dir.filePath(u"large.json"_s);
    QElapsedTimer clock;
    clock.start();
    {
        QFile file(dataFile);
        if (!file.open(QIODevice::WriteOnly)) {
            line(u"error: cannot write "_s + dataFile);
            return 1;
        }
        file.write(QJsonDocument(sd::sandbox::generateLargeRegistry(subjects, contexts, versions))
                       .toJson(QJsonDocument::Compact));
    }
    line(u"data: %1 subjects × %2 versions in %3 contexts, generated in %4 ms"_s.arg(subjects)
             .arg(versions)
             .arg(contexts)
             .arg(clock.elapsed()));
    QProcess sandbox;
    sandbox.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    sandbox.start(QDir(QCoreApplication::applicationDirPath()).filePath(u"schemadesk-sandbox"_s),
                  {u"--port"_s, u"0"_s, u"--data"_s, dataFile});
    QUrl base;
    clock.restart();
    while (base.isEmpty() && sandbox.waitForReadyRead(300000)) {
        const QString first = QString::fromUtf8(sandbox.readLine()).trimmed();
        if (first.startsWith(u"listening on "_s))
            base = QUrl(first.mid(13).section(u' ', 0, 0));
    }
    if (base.isEmpty()) {
        line(u"error: the sandbox did not start"_s);
        return 1;
    }
    line(u"sandbox: started with the data in %1 ms at %2"_s.arg(clock.elapsed()).arg(base.toString()));

    // --- the floor: the same pages with a plain HTTP client, only parsed
    QNetworkAccessManager nam;
    int floorRequests = 0;
    clock.restart();
    QJsonDocument::fromJson(
        get(nam, endpoint(base, u"/subjects"_s, {{u"subjectPrefix"_s, u":*:"_s}, {u"deleted"_s, u"true"_s}}),
            &floorRequests));
    QJsonDocument::fromJson(get(nam, endpoint(base, u"/contexts"_s), &floorRequests));
    const qint64 floorSkeleton = clock.elapsed();
    int loadedVersions = 0;
    for (int offset = 0;; offset += 1000) {
        const QJsonArray page = QJsonDocument::fromJson(get(nam,
                                                            endpoint(base, u"/schemas"_s,
                                                                     {{u"subjectPrefix"_s, u":*:"_s},
                                                                      {u"deleted"_s, u"true"_s},
                                                                      {u"offset"_s, QString::number(offset)},
                                                                      {u"limit"_s, u"1000"_s}}),
                                                            &floorRequests))
                                    .array();
        loadedVersions += int(page.size());
        if (page.size() < 1000)
            break;
    }
    const qint64 floorFull = clock.elapsed();
    line(u"floor: skeleton in %1 ms, all %2 versions in %3 ms, %4 requests"_s.arg(floorSkeleton)
             .arg(loadedVersions)
             .arg(floorFull)
             .arg(floorRequests));

    // --- the console: workspace + tree model + a real tree view
    const long rssBefore = currentRssMiB();
    sd::items::RegistryWorkspace workspace;
    QTreeView view;
    view.setUniformRowHeights(true);
    view.setModel(workspace.tree());
    QObject::connect(workspace.tree(), &sd::items::RegistryTreeModel::summariesChanged, view.viewport(),
                     qOverload<>(&QWidget::update));
    view.resize(420, 900);
    view.show();
    sd::registry::ConnectionProfile profile;
    profile.name = u"large"_s;
    profile.urls = {base};
    workspace.openConnection(profile, {});
    const QString id = profile.id.toString(QUuid::WithoutBraces);
    qint64 firstShown = -1;
    QObject::connect(workspace.tree(), &QAbstractItemModel::rowsInserted, &app,
                     [&](const QModelIndex &parent) {
                         if (firstShown < 0 && parent == workspace.tree()->connectionIndex(id)) {
                             view.expand(workspace.tree()->index(0, 0, parent));
                             firstShown = clock.elapsed();
                         }
                     });
    bool loaded = false;
    QObject::connect(&workspace, &sd::items::RegistryWorkspace::connectionLoaded, &app,
                     [&] { loaded = true; });
    StallMeter stalls;
    clock.restart();
    stalls.start();
    workspace.load(id);
    view.expand(workspace.tree()->connectionIndex(id));
    QElapsedTimer guard;
    guard.start();
    while (!loaded && guard.elapsed() < 600000) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        if (workspace.connection(id)->state == sd::items::RegistryWorkspace::State::Failed) {
            line(u"error: "_s + workspace.connection(id)->error);
            return 1;
        }
    }
    const qint64 consoleFull = clock.elapsed();
    const double longestStall = stalls.stop();
    const int consoleRequests = workspace.httpLog()->size();
    line(u"console: first subjects shown after %1 ms (floor's skeleton alone: %2 ms; target ≤ 2×)"_s
             .arg(firstShown)
             .arg(floorSkeleton));
    line(u"console: fully loaded tree after %1 ms (floor: %2 ms; target ≤ 1.5×) = %3× the floor"_s
             .arg(consoleFull)
             .arg(floorFull)
             .arg(double(consoleFull) / std::max<qint64>(1, floorFull), 0, 'f', 2));
    line(u"console: %1 requests in all, %2 of them for the tree (floor: %3; capability probe and settings "
         u"make "
         "the rest)"_s.arg(consoleRequests)
             .arg(workspace.connection(id)->requestsUsed)
             .arg(floorRequests));
    line(u"console: longest GUI-thread stall during the load %1 ms (target ≤ 50 ms)"_s.arg(longestStall, 0,
                                                                                           'f', 1));

    // --- filtering, one keystroke at a time, including the view's relayout
    QList<double> keystrokes;
    const QString typed = u"topic-01234"_s;
    for (int i = 1; i <= typed.size(); ++i) {
        QElapsedTimer key;
        key.start();
        workspace.tree()->setFilterText(typed.left(i));
        QCoreApplication::processEvents();
        keystrokes.append(key.nsecsElapsed() / 1e6);
    }
    QList<double> sorted = keystrokes;
    std::sort(sorted.begin(), sorted.end());
    line(
        u"filter: %1 keystrokes over %2 subjects: median %3 ms, max %4 ms (target median ≤ 16 ms); %5 match"_s
            .arg(keystrokes.size())
            .arg(subjects)
            .arg(sorted.at(sorted.size() / 2), 0, 'f', 2)
            .arg(sorted.last(), 0, 'f', 2)
            .arg(workspace.tree()->matchingSubjectCount()));
    workspace.tree()->setFilterText({});
    line(u"memory: the loaded tree adds %1 MiB resident (%2 → %3 MiB; schema bodies are fetched per view); "
         u"peak "
         "RSS of this process %4 MiB, which includes generating the data and the floor's parsed pages"_s
             .arg(currentRssMiB() - rssBefore)
             .arg(rssBefore)
             .arg(currentRssMiB())
             .arg(peakRssMiB()));

    // --- the usual approach: one request per subject and per version, 6 at a time like a browser
    const QJsonArray all =
        QJsonDocument::fromJson(
            get(nam, endpoint(base, u"/subjects"_s, {{u"subjectPrefix"_s, u":*:"_s}}), &floorRequests))
            .array();
    int usualRequests = 0;
    int subjectsDone = 0;
    clock.restart();
    int next = 0;
    int inFlight = 0;
    std::function<void()> pump;
    pump = [&] {
        while (inFlight < 6 && next < all.size() && clock.elapsed() < usualSeconds * 1000) {
            const QString subject = all.at(next++).toString();
            ++inFlight;
            QNetworkReply *reply = nam.get(QNetworkRequest(
                endpoint(base, u"/subjects/"_s + QString::fromLatin1(QUrl::toPercentEncoding(subject)) +
                                   u"/versions"_s)));
            QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply, subject] {
                reply->deleteLater();
                ++usualRequests;
                const QJsonArray versionsOf = QJsonDocument::fromJson(reply->readAll()).array();
                auto remaining = std::make_shared<int>(int(versionsOf.size()));
                if (*remaining == 0) {
                    --inFlight;
                    ++subjectsDone;
                    pump();
                    return;
                }
                for (const QJsonValue &v : versionsOf) {
                    QNetworkReply *versionReply = nam.get(QNetworkRequest(endpoint(
                        base, u"/subjects/"_s + QString::fromLatin1(QUrl::toPercentEncoding(subject)) +
                                  u"/versions/"_s + QString::number(v.toInt()))));
                    QObject::connect(versionReply, &QNetworkReply::finished, &app,
                                     [&, versionReply, remaining] {
                                         versionReply->deleteLater();
                                         ++usualRequests;
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
    while ((inFlight > 0 || (next < all.size() && clock.elapsed() < usualSeconds * 1000)))
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    const qint64 usualMs = clock.elapsed();
    const double perSubject = subjectsDone > 0 ? double(usualMs) / subjectsDone : 0;
    line(u"usual approach: %1 of %2 subjects (%3 requests) in %4 ms; extrapolated to all: %5 s and %6 "
         u"requests "
         "(capped at %7 s, extrapolated linearly)"_s.arg(subjectsDone)
             .arg(all.size())
             .arg(usualRequests)
             .arg(usualMs)
             .arg(perSubject * all.size() / 1000.0, 0, 'f', 0)
             .arg(all.size() * (1 + versions))
             .arg(usualSeconds));
    sandbox.kill();
    sandbox.waitForFinished();
    return 0;
}
