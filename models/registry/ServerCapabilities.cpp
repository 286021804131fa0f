#include "ServerCapabilities.h"

#include "Authenticator.h"
#include "EnumNames.h"
#include "RegistryClient.h"
#include "Transport.h"

#include <QRegularExpression>
#include <QVersionNumber>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {

QString supportWord(Support s)
{
    static constexpr EnumNames<Support::No> words({u"unknown", u"yes", u"no"});
    return words.name(s, u"unknown");
}

// FORWARD exists from CP 8.1 and in late 7.9.x patches (7.9.9 on), not in 8.0.x (storage/Mode.java on the
// release tags of confluentinc/schema-registry).
Support forwardFromVersion(const QString &version)
{
    const QVersionNumber v = QVersionNumber::fromString(version);
    if (v.segmentCount() < 2)
        return Support::Unknown;
    if (v >= QVersionNumber(8, 1))
        return Support::Yes;
    if (v.majorVersion() == 7 && v.minorVersion() == 9)
        return v.microVersion() >= 9 ? Support::Yes : Support::No;
    return Support::No;
}

} // namespace

QString ServerCapabilities::flavorName(ServerFlavor flavor)
{
    static constexpr EnumNames<ServerFlavor::Apicurio> names({u"Confluent-compatible", u"Confluent Platform",
                                                              u"Confluent Cloud", u"Karapace", u"Redpanda",
                                                              u"Apicurio (ccompat)"});
    return names.name(flavor, u"Confluent-compatible");
}

QString ServerCapabilities::summary() const
{
    QStringList parts{flavorName(flavor)};
    if (!serverVersion.isEmpty())
        parts << serverVersion;
    if (contexts == Support::Yes)
        parts << u"contexts"_s;
    if (bulkSchemas == Support::Yes)
        parts << u"bulk"_s;
    if (exporters == Support::Yes)
        parts << u"exporters"_s;
    if (importers == Support::Yes)
        parts << u"importers"_s;
    if (modes == Support::Yes)
        parts << (modeChanges == Support::No     ? u"modes (read-only)"_s
                  : modesEnforced == Support::No ? u"modes (not enforced)"_s
                                                 : u"modes"_s);
    if (forwardMode == Support::Yes)
        parts << u"FORWARD"_s;
    return parts.join(u" · "_s);
}

QStringList ServerCapabilities::describe() const
{
    QStringList lines;
    lines << u"Server: %1%2"_s.arg(flavorName(flavor),
                                   serverVersion.isEmpty() ? QString() : u" "_s + serverVersion);
    if (!schemaTypes.isEmpty())
        lines << u"Schema types: %1"_s.arg(schemaTypes.join(u", "_s));
    lines << u"Contexts: %1"_s.arg(supportWord(contexts))
          << u"Bulk loading (GET /schemas): %1"_s.arg(supportWord(bulkSchemas))
          << u"Exporters: %1"_s.arg(supportWord(exporters)) << u"Importers: %1"_s.arg(supportWord(importers))
          << u"Modes: %1"_s.arg(supportWord(modes)) << u"Mode changes: %1"_s.arg(supportWord(modeChanges))
          << u"FORWARD mode: %1"_s.arg(supportWord(forwardMode))
          << u"Modes enforced: %1"_s.arg(supportWord(modesEnforced))
          << u"Metadata and rule sets stored: %1"_s.arg(supportWord(dataContracts))
          << u"Soft-deleted versions marked in listings: %1"_s.arg(supportWord(deletedField));
    return lines + notes;
}

QStringList ServerCapabilities::limitations() const
{
    QStringList lines;
    if (contexts == Support::No)
        lines << u"No contexts: every subject is in the default context."_s;
    if (bulkSchemas == Support::No)
        lines << u"No bulk listing: versions are read subject by subject."_s;
    if (modes == Support::No)
        lines << u"No modes."_s;
    else if (modeChanges == Support::No)
        lines << u"Modes cannot be changed (always READWRITE)."_s;
    else if (modesEnforced == Support::No)
        lines << u"Modes are stored but not enforced: READONLY and IMPORT do not stop writes here."_s;
    if (exporters == Support::No)
        lines << u"No exporters (Schema Linking)."_s;
    if (dataContracts == Support::No)
        lines << u"Metadata and rule sets are accepted but not stored."_s;
    if (flavor == ServerFlavor::Redpanda && modeChanges == Support::Yes)
        lines << u"No FORWARD mode; IMPORT only where no schema was ever registered (soft-deleted ones "
                 "count), unless forced."_s;
    return lines;
}

CapabilityProbe::CapabilityProbe(RegistryClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

void CapabilityProbe::probe(const QStringList &path, const QList<std::pair<QString, QString>> &query,
                            std::function<void(RequestJob *job)> interpret)
{
    RequestSpec spec;
    spec.path = path;
    for (const auto &[key, value] : query)
        spec.query.addQueryItem(key, value);
    RequestJob *job = m_client->transport()->createJob(spec);
    job->setAutoDelete(false);
    ++m_pending;
    m_jobs.append(job);
    connect(job, &RequestJob::finished, this, [this, interpret = std::move(interpret)](RequestJob *finished) {
        if (finished->error().kind != ErrorKind::Aborted)
            interpret(finished);
        finished->deleteLater();
        done();
    });
    job->start();
}

Support CapabilityProbe::interpretOptional(RequestJob *job, const QString &feature)
{
    if (job->succeeded())
        return Support::Yes;
    const ApiError &e = job->error();
    if (e.isUnsupportedEndpoint()) {
        m_caps.notes << u"%1: not offered by this registry (HTTP %2)"_s.arg(feature).arg(e.httpStatus);
        return Support::No;
    }
    if (e.kind == ErrorKind::Http && e.httpStatus >= 500) {
        // Some servers (Redpanda, Apicurio) answer unknown routes with a server error.
        m_caps.notes << u"%1: the probe failed with HTTP %2; treated as not offered"_s.arg(feature).arg(
            e.httpStatus);
        return Support::No;
    }
    if (e.isAuthFailure()) {
        m_caps.notes << u"%1: not allowed for these credentials (HTTP %2)"_s.arg(feature).arg(e.httpStatus);
        return Support::Unknown;
    }
    m_caps.notes << u"%1: could not tell (%2)"_s.arg(feature, e.summary());
    return Support::Unknown;
}

void CapabilityProbe::start()
{
    m_caps = {};
    m_error = {};
    m_latencyMs = -1;
    if (!m_client) {
        m_error = ApiError::make(ErrorKind::Aborted, u"The connection was closed."_s);
        QMetaObject::invokeMethod(this, &CapabilityProbe::finished, Qt::QueuedConnection);
        return;
    }
    const QUrl base = m_client->transport()->currentBaseUrl();
    if (base.path().contains(u"/apis/ccompat"_s))
        m_caps.flavor = ServerFlavor::Apicurio;
    else if (base.host().endsWith(u".confluent.cloud"_s))
        m_caps.flavor = ServerFlavor::ConfluentCloud;

    // First a small authenticated call: it measures latency and says whether we may talk at all.
    QElapsedTimer timer;
    timer.start();
    probe({u"schemas"_s, u"types"_s}, {}, [this, timer](RequestJob *job) {
        m_latencyMs = timer.elapsed();
        if (job->error().kind != ErrorKind::Http && job->error().isError()) {
            m_error = job->error(); // unreachable, TLS, timeout, configuration
            return;
        }
        if (job->error().isAuthFailure()) {
            m_error = job->error();
            return;
        }
        const QByteArray server = job->responseHeader("Server").toLower();
        if (server.contains("aiohttp") || server.contains("karapace"))
            m_caps.flavor = ServerFlavor::Karapace;
        else if (server.contains("redpanda") || server.contains("seastar"))
            m_caps.flavor = ServerFlavor::Redpanda;
        if (job->succeeded()) {
            auto types = parse::stringList(job->body());
            if (types.ok())
                m_caps.schemaTypes = types.value;
        } else if (!job->error().isUnsupportedEndpoint()) {
            m_error = job->error();
            return;
        }
        probeFeatures();
    });
}

void CapabilityProbe::probeFeatures()
{
    probe({u"v1"_s, u"metadata"_s, u"version"_s}, {}, [this](RequestJob *job) {
        if (!job->succeeded()) {
            m_caps.notes << u"Server version: not published (GET /v1/metadata/version → %1)"_s.arg(
                job->error().summary());
            return;
        }
        auto v = parse::serverVersion(job->body());
        if (v.ok()) {
            m_caps.serverVersion = v.value.version;
            m_caps.commitId = v.value.commitId;
            if (m_caps.flavor == ServerFlavor::Unknown &&
                QVersionNumber::fromString(v.value.version).segmentCount() >= 2)
                m_caps.flavor = ServerFlavor::ConfluentPlatform;
            if (m_caps.flavor == ServerFlavor::ConfluentPlatform)
                m_caps.forwardMode = forwardFromVersion(v.value.version);
        }
    });
    probe({u"contexts"_s}, {}, [this](RequestJob *job) {
        m_caps.contexts = interpretOptional(job, u"Contexts"_s);
        // Confluent answers ["."]; Apicurio's ccompat API answers [":.:"] whatever it holds (also behind
        // a proxy that hides its /apis/ccompat path).
        const auto names = job->succeeded() ? parse::stringList(job->body()) : Result<QStringList>{};
        if (names.ok() && names.value == QStringList{u":.:"_s})
            m_caps.flavor = ServerFlavor::Apicurio;
    });
    // A prefix that matches nothing keeps the answer tiny even on servers that ignore limit.
    probe({u"schemas"_s},
          {{u"subjectPrefix"_s, u"schemadesk-capability-probe-"_s},
           {u"latestOnly"_s, u"true"_s},
           {u"limit"_s, u"1"_s}},
          [this](RequestJob *job) {
              m_caps.bulkSchemas = interpretOptional(job, u"Bulk loading (GET /schemas)"_s);
              const auto rows = parse::schemaVersions(job->body());
              if (m_caps.bulkSchemas == Support::Yes && !rows.ok()) {
                  m_caps.bulkSchemas = Support::No;
                  m_caps.notes
                      << u"Bulk loading: GET /schemas answers in an unexpected shape; loading per subject"_s;
              } else if (m_caps.bulkSchemas == Support::Yes && !rows.value.isEmpty()) {
                  // Rows for a prefix no subject has: the server ignores subjectPrefix (and, Karapace,
                  // offset and limit), so its pages cannot be trusted.
                  m_caps.bulkSchemas = Support::No;
                  m_caps.notes << u"Bulk loading: GET /schemas ignores subjectPrefix; loading per subject"_s;
              }
          });
    probe({u"exporters"_s}, {}, [this](RequestJob *job) {
        m_caps.exporters = interpretOptional(job, u"Exporters"_s);
        if (m_caps.exporters == Support::Yes && m_caps.flavor == ServerFlavor::Apicurio) {
            m_caps.exporters = Support::No; // Apicurio lists [] but supports nothing else
            m_caps.notes << u"Exporters: Apicurio lists none and supports no exporter operation"_s;
        }
    });
    // Karapace has a health route of its own; on other registries this is a 404 and says nothing.
    probe({u"_health"_s}, {}, [this](RequestJob *job) {
        if (job->succeeded() && job->body().contains("\"schema_registry_ready\""))
            m_caps.flavor = ServerFlavor::Karapace;
    });
    probe({u"importers"_s}, {},
          [this](RequestJob *job) { m_caps.importers = interpretOptional(job, u"Importers"_s); });
    probe({u"mode"_s}, {}, [this](RequestJob *job) {
        m_caps.modes = interpretOptional(job, u"Modes"_s);
        if (m_caps.modes == Support::Yes)
            m_caps.modeChanges = m_caps.flavor == ServerFlavor::Karapace ? Support::No : Support::Yes;
        else if (m_caps.modes == Support::No)
            m_caps.modeChanges = Support::No;
    });
}

void CapabilityProbe::done()
{
    if (--m_pending == 0)
        finishProbe();
}

void CapabilityProbe::finishProbe()
{
    m_jobs.clear();
    applyFlavourDefaults();
    if (m_caps.flavor == ServerFlavor::Apicurio)
        applyApicurioQuirks();
    if (m_caps.modes == Support::No || m_caps.modeChanges == Support::No)
        m_caps.forwardMode = Support::No;
    if (m_caps.modesEnforced == Support::Unknown && m_caps.modes == Support::Yes)
        m_caps.modesEnforced = Support::Yes;
    if (m_caps.dataContracts == Support::Unknown && m_caps.flavor != ServerFlavor::Unknown)
        m_caps.dataContracts =
            m_caps.flavor == ServerFlavor::ConfluentPlatform || m_caps.flavor == ServerFlavor::ConfluentCloud
                ? Support::Yes
                : Support::No;
    Q_EMIT finished();
}

// Apicurio Registry 3.x's Confluent-compatible API (source: github.com/Apicurio/apicurio-registry,
// app/src/main/java/io/apicurio/registry/ccompat/rest/), as the peers tests observe it live on 3.3.3:
// GET /contexts is always [":.:"] and subjectPrefix is ignored; GET /schemas rows carry only the
// schema text; modes are stored but never stop a write; metadata and rule sets are dropped; an id in
// a registration is ignored; FORWARD is refused; exporters are listed as [] and nothing else works.
void CapabilityProbe::applyApicurioQuirks()
{
    if (m_caps.contexts != Support::No)
        m_caps.notes << u"Contexts: Apicurio has only the default context (GET /contexts answers [\":.:\"] "
                        "and subjectPrefix is ignored)"_s;
    m_caps.contexts = Support::No;
    if (m_caps.bulkSchemas != Support::No)
        m_caps.notes << u"Bulk loading: Apicurio's GET /schemas rows carry no subject, version or id; "
                        "versions are read per subject"_s;
    m_caps.bulkSchemas = Support::No;
    if (m_caps.modes == Support::Yes) {
        m_caps.modesEnforced = Support::No;
        m_caps.notes << u"Modes: stored but not enforced by Apicurio (READONLY and IMPORT do not stop "
                        "writes); FORWARD is refused"_s;
    }
    if (m_caps.exporters == Support::Yes) // recognised by [":.:"] only after /exporters answered []
        m_caps.notes << u"Exporters: Apicurio lists none and supports no exporter operation"_s;
    m_caps.exporters = Support::No;
    m_caps.forwardMode = Support::No;
    m_caps.dataContracts = Support::No;
    m_caps.notes << u"Metadata and rule sets: accepted by Apicurio but not stored"_s
                 << u"Ids: Apicurio assigns its own; an id sent with a registration is ignored"_s;
}

// What the other flavours are known not to do, whatever a probe could not tell: Karapace
// (https://github.com/Aiven-Open/karapace, README "Compatibility details", src/karapace/api/routers)
// has no contexts, read-only modes, and a GET /schemas that ignores subjectPrefix, offset and limit;
// Redpanda (https://docs.redpanda.com/current/manage/schema-reg/schema-reg-api/) has no FORWARD mode.
// Neither writes "deleted" on versions, nor does Confluent before 8.0.
void CapabilityProbe::applyFlavourDefaults()
{
    switch (m_caps.flavor) {
    case ServerFlavor::Karapace:
        m_caps.contexts = Support::No;
        m_caps.forwardMode = Support::No;
        if (m_caps.modes == Support::Yes)
            m_caps.modeChanges = Support::No;
        if (m_caps.bulkSchemas != Support::No)
            m_caps.notes << u"Bulk loading: Karapace's GET /schemas ignores subjectPrefix, offset and limit; "
                            "loading per subject"_s;
        m_caps.bulkSchemas = Support::No;
        m_caps.deletedField = Support::No;
        break;
    case ServerFlavor::Redpanda:
        m_caps.forwardMode = Support::No;
        m_caps.deletedField = Support::No;
        break;
    case ServerFlavor::Apicurio:
        m_caps.deletedField = Support::No;
        break;
    case ServerFlavor::ConfluentCloud:
        m_caps.deletedField = Support::Yes;
        break;
    case ServerFlavor::ConfluentPlatform: {
        const QVersionNumber v = QVersionNumber::fromString(m_caps.serverVersion);
        if (v.segmentCount() > 0)
            m_caps.deletedField = v.majorVersion() >= 8 ? Support::Yes : Support::No;
        break;
    }
    case ServerFlavor::Unknown:
        break;
    }
}

void CapabilityProbe::abort()
{
    const auto jobs = m_jobs;
    for (const auto &job : jobs) {
        if (job)
            job->abort();
    }
}

QStringList ConnectionTestResult::report() const
{
    QStringList lines;
    if (ok)
        lines << u"Connected in %1 ms."_s.arg(latencyMs);
    else
        lines << u"Connection failed: %1"_s.arg(error.toDisplayString());
    if (!authentication.isEmpty())
        lines << u"Authentication: %1"_s.arg(authentication);
    if (ok) {
        lines += capabilities.describe();
        const QStringList limits = capabilities.limitations();
        if (!limits.isEmpty())
            lines << u"What %1 cannot do here:"_s.arg(ServerCapabilities::flavorName(capabilities.flavor))
                  << limits;
    }
    return lines;
}

ConnectionTester::ConnectionTester(const ConnectionProfile &profile, const ConnectionSecrets &secrets,
                                   HttpLog *log, QObject *parent)
    : QObject(parent)
    , m_client(new RegistryClient(profile, secrets, log, this))
    , m_probe(new CapabilityProbe(m_client, this))
{
    connect(m_probe, &CapabilityProbe::finished, this, [this] {
        m_result.latencyMs = m_probe->latencyMs();
        m_result.capabilities = m_probe->capabilities();
        m_result.error = m_probe->error();
        m_result.ok = !m_result.error.isError();
        const QString method = m_client->transport()->authenticator()->describe();
        if (m_result.ok)
            m_result.authentication = method + u" — accepted"_s;
        else if (m_result.error.isAuthFailure() || m_result.error.kind == ErrorKind::Http)
            m_result.authentication = method + u" — refused (HTTP %1)"_s.arg(m_result.error.httpStatus);
        else
            m_result.authentication = method + u" — not tried (the registry was not reached)"_s;
        Q_EMIT finished(m_result);
    });
}

ConnectionTester::~ConnectionTester()
{
    m_probe->abort();
}

void ConnectionTester::start()
{
    const QString problem = m_client->profile().validate();
    if (!problem.isEmpty()) {
        m_result = {};
        m_result.error = ApiError::make(ErrorKind::Configuration, problem);
        QMetaObject::invokeMethod(this, [this] { Q_EMIT finished(m_result); }, Qt::QueuedConnection);
        return;
    }
    m_probe->start();
}

} // namespace sd::registry
