#pragma once

#include "sandboxserver/ExporterManager.h"
#include "sandboxserver/HttpServer.h"
#include "sandboxserver/OriginPolicy.h"
#include "sandboxserver/RegistryApi.h"
#include "sandboxserver/RegistryStore.h"

#include <memory>
#include <optional>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace sd::sandbox {

struct SandboxOptions
{
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;         // 0 = any free port
    QString dataFile;         // empty = in memory only
    QList<SandboxUser> users; // empty = no authentication
    HttpTlsOptions tls;       // certificate set = https; requireClientCertificate = mTLS
    VersionProfile versionProfile = VersionProfile::Cp8;
    Flavour flavour = Flavour::Confluent; // --profile redpanda|karapace|apicurio (FlavourPolicy)
    QStringList faults;                   // FaultRule specs, see FaultInjector.h
    QString clusterId = QStringLiteral("schemadesk-sandbox");
    int firstSchemaId = 1;
    HttpServerLimits limits;
    QUrl forwardUrl;          // upstream for FORWARD mode (see RegistryApiOptions)
    QString forwardUserInfo;  // "user:password" for the upstream
    QStringList allowedHosts; // host names accepted in Host/Origin besides local ones (OriginPolicy)
};

// One sandbox registry: HTTP server + REST API + store (+ persistence). Embeddable: create as many
// as you like in one process; each listens on its own port.
class SandboxServer : public QObject
{
    Q_OBJECT
public:
    explicit SandboxServer(QObject *parent = nullptr);
    ~SandboxServer() override;

    // Loads the data file (if any), then listens. On failure nothing is listening, the data file is
    // untouched, and *error says why.
    bool start(const SandboxOptions &options, QString *error = nullptr);
    void stop();
    bool isRunning() const;

    QUrl url() const; // http(s)://127.0.0.1:PORT
    quint16 port() const;
    const SandboxOptions &options() const { return m_options; }

    RegistryStore *store() { return &m_store; }
    FaultInjector *faults() { return m_http.faults(); }
    HttpServer *httpServer() { return &m_http; }
    RegistryApi *api() { return m_api.get(); }
    ExporterManager *exporters() { return &m_exporters; }
    ExporterManager *importers() { return &m_importers; }

    // Writes the data file now (atomically, mode 0600: exporter credentials are in it); true without
    // a data file.
    bool save(QString *error = nullptr);

    // Reads and validates a data file into store; false with a clear message for unreadable,
    // malformed or inconsistent files.
    static bool loadDataFile(const QString &path, RegistryStore *store, ExporterManager *exporters,
                             ExporterManager *importers, QString *error);

Q_SIGNALS:
    void saveFailed(const QString &error);

private:
    void scheduleSave();
    // A write that cannot be saved is undone, so memory never holds what the file does not: the state
    // before the request is kept while it runs (only with a data file) and restored if saving fails.
    bool saveOrRollBack(QString *error);

    struct Snapshot
    {
        QJsonObject store;
        QJsonArray exporters;
        QJsonArray importers;
    };
    std::optional<Snapshot> m_beforeWrite;
    OriginPolicy m_originPolicy;

    SandboxOptions m_options;
    RegistryStore m_store;
    ExporterManager m_exporters{&m_store};
    ExporterManager m_importers{&m_store, ExporterManager::Direction::Import};
    HttpServer m_http;
    std::unique_ptr<RegistryApi> m_api;
    qint64 m_savedLogEnd = -1;
    bool m_saveScheduled = false;
    bool m_exportersDirty = false;
};

} // namespace sd::sandbox
