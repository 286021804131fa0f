// bench_copy: copies a generated registry (N subjects × 3 versions over 5 contexts) to an empty sandbox
// with transfer::SubjectCopy, ids kept, and prints the requests read, the writes, the mode changes and the
// times, next to the floor: the same registrations sent to a third, empty sandbox 6 at a time with a plain
// QNetworkAccessManager and nothing else (its contexts put in IMPORT first). Each sandbox runs in its own
// process. Built with the project, not part of ctest.
#include "BenchSupport.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "transfer/SubjectCopy.h"

#include <deque>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>

using namespace Qt::StringLiterals;
using namespace sd;
using bench::out;

namespace {

class Sandbox
{
public:
    bool start(const QStringList &arguments)
    {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setStandardErrorFile(QProcess::nullDevice());
        m_process.start(QDir(QCoreApplication::applicationDirPath()).filePath(u"schemadesk-sandbox"_s),
                        QStringList{u"--port"_s, u"0"_s} + arguments);
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

QString openLoaded(items::RegistryWorkspace &workspace, const QUrl &url, const QString &name)
{
    const registry::ConnectionProfile profile = bench::profileFor(url, name);
    const QString id = profile.id.toString(QUuid::WithoutBraces);
    workspace.openConnection(profile, {});
    workspace.load(id);
    using State = items::RegistryWorkspace::State;
    bench::waitFor(
        [&] {
            return workspace.connection(id)->state != State::Connecting &&
                   workspace.connection(id)->state != State::Loading;
        },
        600000);
    return workspace.connection(id)->state == State::Ready ? id : QString();
}

struct Write
{
    QByteArray method;
    QUrl url;
    QByteArray body;
};

// The registrations and mode changes of `plan`, as plain requests.
std::deque<Write> floorWrites(const transfer::CopyPlan &plan, const QUrl &base)
{
    std::deque<Write> writes;
    const registry::RegistrySnapshot &source = *plan.source;
    for (const transfer::CopyAction &a : plan.actions) {
        if (a.kind != transfer::ActionKind::Register)
            continue;
        const registry::RegistrySnapshot::Version &v = source.version(a.versionIndex);
        registry::SchemaSubmission s;
        s.schema = source.schemaText(v);
        s.schemaType = source.typeName(v);
        s.references = source.references(v);
        s.id = a.id;
        s.version = a.version;
        writes.push_back(
            {"POST",
             bench::endpoint(base, u"/subjects/"_s + QString::fromLatin1(QUrl::toPercentEncoding(a.target)) +
                                       u"/versions"_s),
             s.toJson()});
    }
    return writes;
}

// Sends `writes` `parallel` at a time; returns the failures.
int send(QNetworkAccessManager &nam, std::deque<Write> writes, int parallel)
{
    int inFlight = 0;
    int failures = 0;
    std::function<void()> pump = [&] {
        while (inFlight < parallel && !writes.empty()) {
            Write w = std::move(writes.front());
            writes.pop_front();
            QNetworkRequest request(w.url);
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              u"application/vnd.schemaregistry.v1+json"_s);
            QNetworkReply *reply = nam.sendCustomRequest(request, w.method, w.body);
            ++inFlight;
            QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply] {
                if (reply->error() != QNetworkReply::NoError) {
                    if (++failures <= 3)
                        out(u"floor write failed: %1 %2 %3"_s.arg(reply->url().toString())
                                .arg(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt())
                                .arg(reply->errorString() + QString::fromUtf8(reply->readAll().left(300))));
                }
                reply->deleteLater();
                --inFlight;
                pump();
            });
        }
    };
    pump();
    bench::waitFor([&] { return inFlight == 0 && writes.empty(); }, 1800000);
    return failures;
}

int copyBench(int subjects)
{
    Sandbox a;
    Sandbox b;
    Sandbox floor;
    if (!a.start({u"--generate"_s, u"%1,5,3"_s.arg(subjects)}) || !b.start({}) || !floor.start({})) {
        out(u"error: a sandbox did not start"_s);
        return 2;
    }
    items::RegistryWorkspace workspace;
    const QString idA = openLoaded(workspace, a.url(), u"a"_s);
    const QString idB = openLoaded(workspace, b.url(), u"b"_s);
    if (idA.isEmpty() || idB.isEmpty()) {
        out(u"error: a connection did not load"_s);
        return 2;
    }
    transfer::SubjectCopy copy(workspace);
    transfer::CopyRequest request;
    request.source = idA;
    request.destination = idB;
    QElapsedTimer clock;
    auto run = [&](const std::function<bool()> &start) {
        bool done = false;
        transfer::SubjectCopy::Outcome outcome{};
        auto c = QObject::connect(&copy, &transfer::SubjectCopy::finished, &copy, [&](auto o) {
            outcome = o;
            done = true;
        });
        clock.start();
        if (start())
            bench::waitFor([&] { return done; }, 3600000);
        QObject::disconnect(c);
        return outcome;
    };
    if (run([&] { return copy.plan(request); }) != transfer::SubjectCopy::Outcome::Planned) {
        out(u"error: planning failed: "_s + copy.errorText());
        return 2;
    }
    const transfer::CopyPlan plan = copy.currentPlan();
    out(u"copy %1 subjects × 3 versions (5 contexts), ids kept"_s.arg(subjects));
    out(u"  plan: %1"_s.arg(plan.summary()));
    out(u"  plan: %1 requests read, %2 ms"_s.arg(copy.result().readRequests).arg(copy.result().planMs));
    const auto outcome = run([&] { return copy.copy(); });
    const qint64 totalMs = clock.elapsed();
    const transfer::CopyResult r = copy.result(); // a copy: the second plan below resets it
    out(u"  copy: %1 writes, %2 mode changes, at most %3 at once, %4 ms writing, %5 refused, %6 not written"_s
            .arg(r.writes.writeRequests)
            .arg(r.writes.modeChanges)
            .arg(r.writes.maxInFlight)
            .arg(r.writes.elapsedMs)
            .arg(r.writes.failures.size())
            .arg(r.writes.notDone.size()));
    out(u"  verification: %1 identical, %2 differing, %3 only on the source, %4 ms; %5 requests read in all"_s
            .arg(r.verification.identical)
            .arg(r.verification.differing)
            .arg(r.verification.onlyInA)
            .arg(r.verifyMs)
            .arg(r.readRequests));
    if (r.textFormsDiffer > 0)
        out(u"  verification: %1 subjects written in another text form, compared again by canonical form"_s
                .arg(r.textFormsDiffer));
    for (const QString &problem : r.verificationProblems.mid(0, 3))
        out(u"  verification problem: "_s + problem);
    out(u"  copy + verification: %1 ms, outcome %2"_s.arg(totalMs).arg(int(outcome)));

    // Again: everything is there, so the plan is all skips and nothing is written.
    if (run([&] { return copy.plan(request); }) == transfer::SubjectCopy::Outcome::Planned)
        out(u"  second run: %1 skipped, %2 writes planned, %3 requests read, %4 ms"_s
                .arg(copy.currentPlan().count(transfer::ActionKind::Skip))
                .arg(copy.currentPlan().writes())
                .arg(copy.result().readRequests)
                .arg(copy.result().planMs));

    // The floor: IMPORT on the contexts, then the same registrations 6 at a time, nothing else.
    QNetworkAccessManager nam;
    std::deque<Write> modes;
    QSet<QString> contexts;
    for (const transfer::CopyAction &a : plan.actions) {
        if (a.kind == transfer::ActionKind::EnterImport)
            contexts.insert(a.target);
    }
    for (const QString &scope : contexts)
        modes.push_back({"PUT",
                         bench::endpoint(floor.url(),
                                         scope.isEmpty() ? u"/mode"_s
                                                         : u"/mode/"_s + QString::fromLatin1(
                                                                             QUrl::toPercentEncoding(scope))),
                         R"({"mode":"IMPORT"})"});
    send(nam, modes, 6);
    std::deque<Write> writes = floorWrites(plan, floor.url());
    const qsizetype count = writes.size();
    clock.start();
    const int failures = send(nam, std::move(writes), 6);
    const qint64 floorMs = clock.elapsed();
    out(u"  floor: the same %1 registrations, 6 at a time: %2 ms (%3 failed); copy writing / floor = %4×"_s
            .arg(count)
            .arg(floorMs)
            .arg(failures)
            .arg(floorMs > 0 ? double(r.writes.elapsedMs) / double(floorMs) : 0.0, 0, 'f', 2));
    return r.complete() && failures == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Benchmark: copy subjects between two sandboxes, next to the floor"_s);
    parser.addHelpOption();
    parser.addOption(
        {u"subjects"_s, u"Subjects to copy (3 versions each; default 10000)."_s, u"N"_s, u"10000"_s});
    parser.process(app);
    return copyBench(parser.value(u"subjects"_s).toInt());
}
