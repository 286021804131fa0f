#pragma once

#include "ApiError.h"
#include "ConnectionProfile.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace sd::registry {

class HttpLog;
class RegistryClient;
class RequestJob;

enum class Support { Unknown, Yes, No };

enum class ServerFlavor { Unknown, ConfluentPlatform, ConfluentCloud, Karapace, Redpanda, Apicurio };

// What a registry can do, so screens hide what it cannot (Karapace, Redpanda and Apicurio's ccompat API
// differ from Confluent's; see CapabilityProbe::applyFlavourDefaults).
struct ServerCapabilities
{
    ServerFlavor flavor = ServerFlavor::Unknown;
    QString serverVersion; // from /v1/metadata/version; empty when not offered
    QString commitId;
    QStringList schemaTypes;
    Support contexts = Support::Unknown;
    Support bulkSchemas = Support::Unknown; // GET /schemas with subjectPrefix/offset/limit
    Support exporters = Support::Unknown;
    Support importers = Support::Unknown;
    Support modes = Support::Unknown;         // GET /mode
    Support modeChanges = Support::Unknown;   // PUT /mode (Karapace: read-only)
    Support forwardMode = Support::Unknown;   // FORWARD on :.__GLOBAL: (CP 8.1+, 7.9 late patches)
    Support modesEnforced = Support::Unknown; // Apicurio: modes are stored, writes are not stopped
    Support dataContracts = Support::Unknown; // metadata and rule sets kept with schemas (Apicurio: dropped)
    // Versions carry "deleted" when read with deleted=true (Confluent 8+). Without it a soft-deleted
    // version looks live, so readers ask for the live versions too (CP 7, Redpanda, Karapace, Apicurio).
    Support deletedField = Support::Unknown;
    QStringList notes; // one line per finding, for the "detected" list shown to the user

    // "version 7.6.0 · contexts · bulk · exporters · modes" — for a status line.
    QString summary() const;
    // One line per capability: "Exporters: not offered (GET /exporters → 404)".
    QStringList describe() const;
    static QString flavorName(ServerFlavor flavor);
    // What this registry does not do that a Confluent registry does, one sentence each, for the places
    // that hide or qualify a feature (empty for a full Confluent registry).
    QStringList limitations() const;
};

// Probes a connected registry cheaply (a handful of small GETs in parallel) and interprets the answers.
class CapabilityProbe : public QObject
{
    Q_OBJECT
public:
    explicit CapabilityProbe(RegistryClient *client, QObject *parent = nullptr);

    void start();
    void abort();
    bool isRunning() const { return m_pending > 0; }

    const ServerCapabilities &capabilities() const { return m_caps; }
    // Set when the registry could not be used at all (unreachable, TLS, authentication).
    const ApiError &error() const { return m_error; }
    qint64 latencyMs() const { return m_latencyMs; }

Q_SIGNALS:
    void finished();

private:
    void probeFeatures();
    void probe(const QStringList &path, const QList<std::pair<QString, QString>> &query,
               std::function<void(RequestJob *job)> interpret);
    Support interpretOptional(RequestJob *job, const QString &feature);
    void done();
    void finishProbe();
    void applyApicurioQuirks();
    void applyFlavourDefaults();

    QPointer<RegistryClient> m_client;
    QList<QPointer<RequestJob>> m_jobs;
    ServerCapabilities m_caps;
    ApiError m_error;
    qint64 m_latencyMs = -1;
    int m_pending = 0;
    bool m_serverHeaderSeen = false;
};

// "Test connection": latency, server version, capabilities and authentication in one step.
struct ConnectionTestResult
{
    bool ok = false;
    qint64 latencyMs = -1;
    QString authentication; // what was used, and whether the registry accepted it
    ServerCapabilities capabilities;
    ApiError error;

    QStringList report() const; // lines for the connection dialog
};

class ConnectionTester : public QObject
{
    Q_OBJECT
public:
    ConnectionTester(const ConnectionProfile &profile, const ConnectionSecrets &secrets,
                     HttpLog *log = nullptr, QObject *parent = nullptr);
    ~ConnectionTester() override;

    void start();
    const ConnectionTestResult &result() const { return m_result; }

Q_SIGNALS:
    void finished(const sd::registry::ConnectionTestResult &result);

private:
    RegistryClient *m_client;
    CapabilityProbe *m_probe;
    ConnectionTestResult m_result;
};

} // namespace sd::registry
