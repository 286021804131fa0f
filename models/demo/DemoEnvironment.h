#pragma once

#include "registry/RequestGroup.h"

#include <functional>
#include <memory>
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace sd::sandbox {
class SandboxServer;
}

namespace sd::demo {

namespace detail {

// One HTTP exchange of the seeding script.
struct DemoReply
{
    int status = 0;
    QByteArray body;
    QString networkError;
};

struct DemoStep
{
    QString description;
    QString registry;
    QByteArray method = "GET";
    QString path;  // decoded; may contain ':'
    QString query; // decoded "key=value&..."
    QByteArray body;
    QList<int> expected = {200};
    // Run only when this feature is (or, with a leading '!', is not) supported.
    QString needs;
    // Repeat the request until this is true, at most the wait timeout.
    std::function<bool(const DemoReply &)> until;
    // What a timed-out wait means; empty = the seeding fails.
    QString onTimeoutMissing;
    // Inspect the answer: set features, note missing parts; return an error text to fail.
    std::function<QString(const DemoReply &)> onReply;
};

} // namespace detail

// One registry of the demo, as the console lists it.
struct DemoRegistry
{
    QString name; // "source", "target", "platform", "cloud"
    QUrl url;     // http://127.0.0.1:PORT
    QString role; // one sentence: which scenario it plays and what to look at
};

// The built-in demo: sandbox registries for Schema Linking and Platform/Cloud mirroring, started in
// this process on free loopback ports and seeded through the REST API over real HTTP, exactly as a
// producer or an operator would (register, delete, config, mode, exporters, importers).
//
//   auto *demo = new sd::demo::DemoEnvironment(this);
//   connect(demo, &DemoEnvironment::ready, this, [demo] { for (auto &r : demo->registries()) ...; });
//   connect(demo, &DemoEnvironment::failed, this, [](const QString &why) { ... });
//   demo->start();
//
// What it holds once ready() is emitted (fixed data, no randomness; only exporter timestamps vary):
//  - source: pageviews-value (id 1, byte for byte as datagen registers it), users-value (v3 soft-deleted),
//    com.acme.Address v1/v2 referenced by customers-value v1/v2 (compatibility FULL on the subject),
//    orders-value (JSON), shipments-value (PROTOBUF), clickstream-test-value (soft-deleted subject);
//    contexts [".", ".target"], :.target: in IMPORT holding target's subjects; exporter
//    src-to-tgt-link (["*"], CUSTOM "source") PAUSED with the 42205 "not in import mode" trace for
//    :.source.target:stock_trades-value.
//  - target: stock_trades-value (id 1), accounts-value (v3 soft-deleted), stock_quotes-value (JSON),
//    positions-value (PROTOBUF); top-level compatibility FULL_TRANSITIVE; contexts [".", ".source"],
//    :.source: in IMPORT holding source's subjects; exporter tgt-to-src-link (["*"], CUSTOM "target"),
//    settled (the sandbox pauses it too, on :.target.source:pageviews-value, same 42205 cause).
//  - cloud: payments-value, invoices-value (JSON), :.analytics:page_events-value (context compatibility
//    FULL_TRANSITIVE), :.fraud:fraud_alerts-value (PROTOBUF), test-mirroring-subject (registered on
//    platform and forwarded here, or registered here where the sandbox does not forward); ids from 100001;
//    default context and both contexts READWRITE.
//  - platform: global mode FORWARD to cloud, exporter schema-exporter ([":*:"], NONE) to cloud,
//    importer schema-importer (":*:", NONE) from cloud, so it holds cloud's subjects with their ids.
// Scenario parts the sandbox cannot play are skipped and named in missingParts().
class DemoEnvironment : public QObject
{
    Q_OBJECT
public:
    explicit DemoEnvironment(QObject *parent = nullptr);
    ~DemoEnvironment() override; // stops everything

    // Starts the registries and seeds them asynchronously; emits ready() or failed() exactly once.
    // Calling start() while running restarts from scratch. After failed(), the registries that
    // started keep serving (to look at) until stop().
    void start();
    // Aborts any seeding in flight and stops every registry. Safe to call at any time, repeatedly.
    void stop();

    bool isReady() const { return m_state == State::Ready; }
    bool isRunning() const { return m_state != State::Stopped; }

    // In a fixed order: source, target, platform, cloud. Empty before start().
    QList<DemoRegistry> registries() const;
    QUrl url(const QString &registryName) const;
    // The in-process server behind a registry (for tests and diagnostics), nullptr if unknown.
    sandbox::SandboxServer *server(const QString &registryName) const;

    // Scenario parts the sandbox does not support yet, one readable sentence each (empty = complete).
    QStringList missingParts() const { return m_missing; }
    // Wall time of the last seeding, start() to ready(), in milliseconds (-1 before).
    qint64 seedingMs() const { return m_seedingMs; }

    // Upper bound for each wait on an exporter or importer (default 10 s).
    void setWaitTimeoutMs(int ms) { m_waitTimeoutMs = ms; }
    // Scripted faults for one registry from the next start() on, in the sandbox's --fault syntax
    // (sandboxserver/FaultInjector.h), e.g. "latency=300" for a slow registry in GUI tests.
    void setFaults(const QString &registryName, const QStringList &faultSpecs);

Q_SIGNALS:
    void ready();
    void failed(const QString &error);
    void progress(const QString &step); // a short description of each seeding step, for a status bar

private:
    enum class State { Stopped, Seeding, Ready, Failed };
    using Reply = detail::DemoReply;
    using Step = detail::DemoStep;

    struct Registry
    {
        QString name;
        QString role;
        std::unique_ptr<sandbox::SandboxServer> server;
    };

    // Seeding runs in phases, one after the other; the lanes of a phase run in parallel (independent
    // registries), the steps of a lane in order.
    using Lane = QList<Step>;
    using Phase = QList<Lane>;
    struct LaneRun;

    bool startServers(QString *error);
    QList<Phase> buildScript();
    void startPhase();
    void runNextStep(LaneRun *lane);
    void sendStep(LaneRun *lane);
    void onStepFinished(LaneRun *lane, QNetworkReply *reply);
    void finish();
    void fail(const QString &error);
    bool featureAllows(const QString &needs) const;
    void noteMissing(const QString &part);

    // Script pieces.
    Lane sourceData() const;
    Lane targetData() const;
    Lane cloudData() const;
    Lane linkScenario();
    Lane mirroringScenario();
    // Paused or caught up; a pause counts as a missing scenario part when missingIfPaused is given.
    Step waitForSettledExporter(const QString &registry, const QString &name,
                                const QString &missingIfPaused = {});

    std::vector<Registry> m_registries;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QList<Phase> m_phases;
    int m_phaseIndex = 0;
    std::vector<std::unique_ptr<LaneRun>> m_lanes; // of the current phase
    int m_stepCount = 0;
    QElapsedTimer m_seedClock;
    qint64 m_seedingMs = -1;
    int m_waitTimeoutMs = 10000;
    State m_state = State::Stopped;
    QHash<QString, QStringList> m_faults;
    QSet<QString> m_features;
    QStringList m_missing;
    registry::RequestGroup m_requests; // answers of an earlier start() are dropped
};

} // namespace sd::demo
