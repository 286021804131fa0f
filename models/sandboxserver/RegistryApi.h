#pragma once

#include "sandboxserver/BasicAuth.h"
#include "sandboxserver/FlavourPolicy.h"
#include "sandboxserver/HttpServer.h"
#include "sandboxserver/RegistryStore.h"
#include "sandboxserver/ResponseShapes.h"
#include "sandboxserver/UpstreamForwarder.h"

#include <functional>
#include <optional>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

namespace sd::sandbox {

class ExporterManager;

struct RegistryApiOptions
{
    VersionProfile profile = VersionProfile::Cp8;
    Flavour flavour = Flavour::Confluent; // with profile, gives the FlavourPolicy the API follows
    QList<SandboxUser> users;             // empty: no authentication
    QString clusterId = QStringLiteral("schemadesk-sandbox");
    // FORWARD mode: registrations without an id go to this upstream registry and its answer (with
    // the id it assigned) comes back; reads stay local. Empty: FORWARD only admits id-carrying writes.
    QUrl forwardUrl;
    QString forwardUserInfo; // "user:password" for the upstream, optional
};

// The Schema Registry REST API over a RegistryStore: routing, JSON, content negotiation, auth.
class RegistryApi
{
public:
    RegistryApi(RegistryStore *store, const RegistryApiOptions &options);
    ~RegistryApi();

    void setOptions(const RegistryApiOptions &options);
    const RegistryApiOptions &options() const { return m_options; }
    const FlavourPolicy &policy() const { return m_policy; }
    // Called after every successful write; returning false turns the answer into 500/50001.
    void setPersistHook(std::function<bool(QString *error)> hook) { m_persist = std::move(hook); }
    // Serves /exporters when set; without it /exporters answers 404 like registries without Schema Linking.
    void setExporters(ExporterManager *exporters) { m_exporters = exporters; }
    // Serves /importers the same way (a Platform/Cloud mirror's importer); without it /importers answers 404.
    void setImporters(ExporterManager *importers) { m_importers = importers; }

    // Authentication and the body's Content-Type, decided from the head alone: the HTTP server asks
    // before reading a body, so an unauthenticated client cannot make it read 32 MB.
    std::optional<HttpResponse> admitHead(const HttpRequest &head) const;
    HttpResponse handle(const HttpRequest &request);
    // handle() plus FORWARD-mode forwarding, which answers later.
    void handleAsync(const HttpRequest &request, const HttpResponder &respond);

private:
    struct Call;
    struct Route;
    using Handler = HttpResponse (RegistryApi::*)(const Call &);
    // The REST API, one row per method and path pattern, tried in order.
    static const QList<Route> &routes();
    static QByteArray allowedMethods(const QStringList &segments);

    HttpResponse handleRequest(const HttpRequest &request);
    HttpResponse route(const HttpRequest &request, const QByteArray &contentType);
    void applyPolicy(RegisterRequest *request) const;
    std::optional<HttpResponse> readRegisterRequest(const Call &call, RegisterRequest *request,
                                                    QJsonObject *body = nullptr) const;
    ExporterManager *managerFor(const Call &call) const;
    std::optional<HttpResponse> findById(const Call &call, StoredSchemaPtr *stored,
                                         SchemaVersionView *use) const;
    using ExporterUpdate = bool (ExporterManager::*)(const QString &, const QJsonObject &, RegistryError *);
    using ExporterAction = bool (ExporterManager::*)(const QString &, RegistryError *);
    HttpResponse updateExporterWith(const Call &call, ExporterUpdate update);
    HttpResponse actOnExporter(const Call &call, ExporterAction action);

    // When a route is served at all, beyond the flavour's absent routes.
    bool servesHealth() const;
    bool exportersListOnly() const;
    bool servesExporters() const;
    bool servesImporters() const;

    // The handlers the route table names.
    HttpResponse root(const Call &call);
    HttpResponse notFound(const Call &call);
    HttpResponse health(const Call &call);
    HttpResponse listSubjects(const Call &call);
    HttpResponse lookupSchema(const Call &call);
    HttpResponse deleteSubject(const Call &call);
    HttpResponse latestWithMetadata(const Call &call);
    HttpResponse listVersions(const Call &call);
    HttpResponse registerSchema(const Call &call);
    HttpResponse getVersion(const Call &call);
    HttpResponse deleteVersion(const Call &call);
    HttpResponse versionText(const Call &call);
    HttpResponse referencedBy(const Call &call);
    HttpResponse listSchemas(const Call &call);
    HttpResponse schemaTypes(const Call &call);
    HttpResponse schemaByGuid(const Call &call);
    HttpResponse idsByGuid(const Call &call);
    HttpResponse schemaById(const Call &call);
    HttpResponse schemaTextById(const Call &call);
    HttpResponse subjectsById(const Call &call);
    HttpResponse versionsById(const Call &call);
    HttpResponse listContexts(const Call &call);
    HttpResponse deleteContext(const Call &call);
    HttpResponse getConfig(const Call &call);
    HttpResponse putConfig(const Call &call);
    HttpResponse deleteConfig(const Call &call);
    HttpResponse getMode(const Call &call);
    HttpResponse putMode(const Call &call);
    HttpResponse deleteMode(const Call &call);
    HttpResponse testCompatibility(const Call &call);
    HttpResponse emptyExporterList(const Call &call);
    HttpResponse listExporters(const Call &call);
    HttpResponse createExporter(const Call &call);
    HttpResponse exporterInfo(const Call &call);
    HttpResponse updateExporter(const Call &call);
    HttpResponse deleteExporter(const Call &call);
    HttpResponse exporterStatus(const Call &call);
    HttpResponse exporterConfig(const Call &call);
    HttpResponse updateExporterConfig(const Call &call);
    HttpResponse pauseExporter(const Call &call);
    HttpResponse resumeExporter(const Call &call);
    HttpResponse resetExporter(const Call &call);
    HttpResponse clusterId(const Call &call);
    HttpResponse serverVersion(const Call &call);

    bool isWrite(const HttpRequest &request, QString *resource) const;
    HttpResponse authenticate(const HttpRequest &request, bool isWrite, const QString &resource) const;

    RegistryStore *m_store;
    RegistryApiOptions m_options;
    FlavourPolicy m_policy;
    std::function<bool(QString *)> m_persist;
    ExporterManager *m_exporters = nullptr;
    ExporterManager *m_importers = nullptr;
    UpstreamForwarder m_forwarder;
};

} // namespace sd::sandbox
