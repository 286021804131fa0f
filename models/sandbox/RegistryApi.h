#pragma once

#include "sandbox/FlavourPolicy.h"
#include "sandbox/HttpServer.h"
#include "sandbox/RegistryStore.h"
#include "sandbox/ResponseShapes.h"

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
#include <QList>
#include <QString>
#include <QUrl>

namespace sd::sandbox {

class ExporterManager;

struct SandboxUser
{
    QString name;
    QString password;
    bool canWrite = false; // read-only users get 403/40301 on writes
};

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
    // Serves /importers the same way (scenario D); without it /importers answers 404.
    void setImporters(ExporterManager *importers) { m_importers = importers; }

    // Authentication and the body's Content-Type, decided from the head alone: the HTTP server asks
    // before reading a body, so an unauthenticated client cannot make it read 32 MB.
    std::optional<HttpResponse> admitHead(const HttpRequest &head) const;
    HttpResponse handle(const HttpRequest &request);
    // handle() plus FORWARD-mode forwarding, which answers later.
    void handleAsync(const HttpRequest &request, const HttpResponder &respond);

private:
    HttpResponse handleRequest(const HttpRequest &request);
    HttpResponse route(const HttpRequest &request, const QByteArray &contentType);
    HttpResponse listSchemas(const HttpRequest &request, const QByteArray &contentType);
    HttpResponse routeExporters(const HttpRequest &request, const QByteArray &contentType,
                                ExporterManager *manager);
    bool isWrite(const HttpRequest &request, QString *resource) const;
    HttpResponse authenticate(const HttpRequest &request, bool isWrite, const QString &resource) const;

    RegistryStore *m_store;
    RegistryApiOptions m_options;
    FlavourPolicy m_policy;
    std::function<bool(QString *)> m_persist;
    ExporterManager *m_exporters = nullptr;
    ExporterManager *m_importers = nullptr;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

} // namespace sd::sandbox
