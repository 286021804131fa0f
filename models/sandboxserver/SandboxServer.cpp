#include "sandboxserver/SandboxServer.h"

#include "sandboxserver/SandboxLogging.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

SandboxServer::SandboxServer(QObject *parent)
    : QObject(parent)
{
    // Members as children, so moveToThread() on the server takes everything along.
    for (QObject *member : std::initializer_list<QObject *>{&m_store, &m_exporters, &m_importers, &m_http})
        member->setParent(this);
    connect(&m_store, &RegistryStore::changed, this, &SandboxServer::scheduleSave);
    for (ExporterManager *manager : {&m_exporters, &m_importers}) {
        connect(manager, &ExporterManager::exporterChanged, this, [this] {
            m_exportersDirty = true;
            scheduleSave();
        });
    }
}

SandboxServer::~SandboxServer()
{
    if (isRunning() && m_savedLogEnd != m_store.changeLogEnd())
        save();
    stop();
}

bool SandboxServer::loadDataFile(const QString &path, RegistryStore *store, ExporterManager *exporters,
                                 ExporterManager *importers, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = u"cannot read the data file %1: %2"_s.arg(path, file.errorString());
        return false;
    }
    const QByteArray data = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        if (error)
            *error =
                u"the data file %1 is corrupt (%2 at byte %3); refusing to start so it is not overwritten"_s
                    .arg(path, parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                            : u"not a JSON object"_s)
                    .arg(parseError.offset);
        return false;
    }
    QString why;
    if (!store->fromJson(document.object(), &why) ||
        (exporters && !exporters->fromJson(document.object().value(u"exporters"_s).toArray(), &why)) ||
        (importers && !importers->fromJson(document.object().value(u"importers"_s).toArray(), &why))) {
        if (error)
            *error = u"the data file %1 is corrupt (%2); refusing to start so it is not overwritten"_s.arg(
                path, why);
        return false;
    }
    return true;
}

bool SandboxServer::start(const SandboxOptions &options, QString *error)
{
    stop();
    m_options = options;
    const FlavourPolicy policy = FlavourPolicy::of(options.flavour, options.versionProfile);
    StoreSettings settings;
    settings.firstSchemaId = options.firstSchemaId;
    settings.incompatibleCode40901 = policy.shapes == VersionProfile::Cp8;
    settings.defaultCompatibility = policy.defaultCompatibility;
    settings.modesEnforced = policy.modes == FlavourPolicy::Modes::Enforced;
    settings.importNeedsNeverRegistered = policy.importNeedsNeverRegistered;
    m_store.setSettings(settings);

    if (!options.dataFile.isEmpty() && QFileInfo::exists(options.dataFile)) {
        if (!loadDataFile(options.dataFile, &m_store, &m_exporters, &m_importers, error))
            return false;
        qCInfo(lcSandbox) << "loaded" << m_store.subjectCount() << "subjects from" << options.dataFile;
    }
    m_savedLogEnd = m_store.changeLogEnd();

    for (const QString &spec : options.faults) {
        if (!m_http.faults()->addRule(spec, error))
            return false;
    }

    RegistryApiOptions apiOptions;
    apiOptions.profile = options.versionProfile;
    apiOptions.flavour = options.flavour;
    apiOptions.users = options.users;
    apiOptions.clusterId = options.clusterId;
    apiOptions.forwardUrl = options.forwardUrl;
    apiOptions.forwardUserInfo = options.forwardUserInfo;
    m_api = std::make_unique<RegistryApi>(&m_store, apiOptions);
    m_api->setExporters(&m_exporters);
    m_api->setImporters(&m_importers);
    m_exporters.setSourceClusterId(options.clusterId);
    if (!options.dataFile.isEmpty())
        m_api->setPersistHook([this](QString *why) { return saveOrRollBack(why); });
    m_http.setLimits(options.limits);
    m_http.setTls(options.tls);
    m_originPolicy.setAllowedHosts(options.allowedHosts);
    RegistryApi *api = m_api.get();
    m_http.setHeadFilter([this, api](const HttpRequest &head) -> std::optional<HttpResponse> {
        if (std::optional<HttpResponse> refused = m_originPolicy.check(head))
            return refused;
        return api->admitHead(head);
    });
    m_http.setAsyncHandler([this, api](const HttpRequest &request, const HttpResponder &respond) {
        const bool mayWrite = request.method != "GET" && request.method != "HEAD";
        if (mayWrite && !m_options.dataFile.isEmpty())
            m_beforeWrite = Snapshot{m_store.toJson(), m_exporters.toJson(), m_importers.toJson()};
        api->handleAsync(request, respond);
        m_beforeWrite.reset();
    });
    if (!m_http.listen(options.bindAddress, options.port, error)) {
        m_api.reset();
        return false;
    }
    qCInfo(lcSandbox) << "sandbox registry listening on" << url().toString();
    return true;
}

void SandboxServer::stop()
{
    m_http.close();
}

bool SandboxServer::isRunning() const
{
    return m_http.isListening();
}

QUrl SandboxServer::url() const
{
    return m_http.url();
}

quint16 SandboxServer::port() const
{
    return m_http.serverPort();
}

bool SandboxServer::save(QString *error)
{
    if (m_options.dataFile.isEmpty())
        return true;
    QSaveFile file(m_options.dataFile);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = u"cannot write %1: %2"_s.arg(m_options.dataFile, file.errorString());
        return false;
    }
    QJsonObject json = m_store.toJson();
    json.insert(u"exporters"_s, m_exporters.toJson());
    json.insert(u"importers"_s, m_importers.toJson());
    file.write(QJsonDocument(json).toJson(QJsonDocument::Compact));
    // On the temporary file, before it replaces the old one: never readable by others, not even briefly.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!file.commit()) {
        if (error)
            *error = u"cannot write %1: %2"_s.arg(m_options.dataFile, file.errorString());
        return false;
    }
    m_savedLogEnd = m_store.changeLogEnd();
    m_exportersDirty = false;
    return true;
}

bool SandboxServer::saveOrRollBack(QString *error)
{
    if (save(error))
        return true;
    if (!m_beforeWrite)
        return false;
    QString why;
    const bool exportersChanged = m_exporters.toJson() != m_beforeWrite->exporters;
    const bool importersChanged = m_importers.toJson() != m_beforeWrite->importers;
    // Exporters are restored only when the write changed them: restoring restarts them.
    if (!m_store.fromJson(m_beforeWrite->store, &why) ||
        (exportersChanged && !m_exporters.fromJson(m_beforeWrite->exporters, &why)) ||
        (importersChanged && !m_importers.fromJson(m_beforeWrite->importers, &why))) {
        qCWarning(lcSandbox) << "undoing the unsaved change failed:" << why;
        if (error)
            *error += u"; undoing the change failed too (%1), so the registry in memory keeps it"_s.arg(why);
        return false;
    }
    if (error)
        *error += u"; the change was undone"_s;
    return false;
}

void SandboxServer::scheduleSave()
{
    // Writes through the REST API are saved before they are answered; this catches changes made
    // directly on the store (tests, exporters) a moment later.
    if (m_options.dataFile.isEmpty() || m_saveScheduled)
        return;
    m_saveScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_saveScheduled = false;
        if ((m_savedLogEnd == m_store.changeLogEnd() && !m_exportersDirty) || !m_api)
            return;
        QString error;
        if (!save(&error)) {
            qCWarning(lcSandbox) << "saving the registry failed:" << error;
            Q_EMIT saveFailed(error);
        }
    });
}

} // namespace sd::sandbox
