#include "demo/DemoEnvironment.h"

#include "demo/DemoLogging.h"
#include "demo/DemoSchemas.h"
#include "sandboxserver/SandboxServer.h"

#include <algorithm>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sd::demo {

namespace {

using detail::DemoReply;
using detail::DemoStep;

const QString kSource = u"source"_s;
const QString kTarget = u"target"_s;
const QString kPlatform = u"platform"_s;
const QString kCloud = u"cloud"_s;

const QString kExporters = u"exporters"_s;
const QString kImporters = u"importers"_s;
const QString kForwarding = u"forwarding"_s;

constexpr int kPollIntervalMs = 20;
constexpr int kRequestTimeoutMs = 5000;

// How src-to-tgt-link's trace starts when it pauses on a nested context nobody put into IMPORT mode.
const QString kPausedTracePrefix =
    u"io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Subject "
    ":.source.target:stock_trades-value is not in import mode; error code: 42205"_s;

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject objectOf(const DemoReply &reply)
{
    return QJsonDocument::fromJson(reply.body).object();
}

QStringList stringsOf(const DemoReply &reply)
{
    QStringList result;
    const QJsonArray array = QJsonDocument::fromJson(reply.body).array();
    for (const QJsonValue &value : array)
        result.append(value.toString());
    return result;
}

struct Reference
{
    QString name;
    QString subject;
    int version = 1;
};

DemoStep call(const QString &registry, const QByteArray &method, const QString &path,
              const QByteArray &body = {}, const QString &description = {})
{
    DemoStep step;
    step.registry = registry;
    step.method = method;
    step.path = path;
    step.body = body;
    step.description = description.isEmpty()
                           ? u"%1 %2 on %3"_s.arg(QString::fromLatin1(method), path, registry)
                           : description;
    return step;
}

DemoStep registerSchema(const QString &registry, const QString &subject, const QString &schema,
                        const QString &schemaType = {}, const QList<Reference> &references = {})
{
    QJsonObject body{{u"schema"_s, schema}};
    if (!schemaType.isEmpty())
        body.insert(u"schemaType"_s, schemaType);
    if (!references.isEmpty()) {
        QJsonArray refs;
        for (const Reference &reference : references) {
            refs.append(QJsonObject{{u"name"_s, reference.name},
                                    {u"subject"_s, reference.subject},
                                    {u"version"_s, reference.version}});
        }
        body.insert(u"references"_s, refs);
    }
    return call(registry, "POST", u"/subjects/%1/versions"_s.arg(subject), compact(body),
                u"register %1 on %2"_s.arg(subject, registry));
}

// Schemas registered one after the other in one registry: {subject, schema, schema type (empty: AVRO)}.
struct Registration
{
    QString subject;
    QString schema;
    QString schemaType;
};

QList<DemoStep> registerSchemas(const QString &registry, const QList<Registration> &registrations)
{
    QList<DemoStep> steps;
    for (const Registration &r : registrations)
        steps.append(registerSchema(registry, r.subject, r.schema, r.schemaType));
    return steps;
}

DemoStep setMode(const QString &registry, const QString &scope, const QString &mode)
{
    const QString path = scope.isEmpty() ? u"/mode"_s : u"/mode/%1"_s.arg(scope);
    return call(registry, "PUT", path, compact({{u"mode"_s, mode}}),
                u"set mode %1 on %2 %3"_s.arg(mode, registry, scope.isEmpty() ? u"(top level)"_s : scope));
}

DemoStep setCompatibility(const QString &registry, const QString &scope, const QString &level)
{
    const QString path = scope.isEmpty() ? u"/config"_s : u"/config/%1"_s.arg(scope);
    return call(
        registry, "PUT", path, compact({{u"compatibility"_s, level}}),
        u"set compatibility %1 on %2 %3"_s.arg(level, registry, scope.isEmpty() ? u"(top level)"_s : scope));
}

// Repeats GET path until every name in `expected` is listed.
DemoStep waitForSubjects(const QString &registry, const QString &prefix, const QStringList &expected,
                         const QString &missingIfTimeout)
{
    DemoStep step = call(registry, "GET", u"/subjects"_s, {},
                         u"wait until %1 lists %2"_s.arg(registry, expected.join(u", "_s)));
    step.query = u"subjectPrefix=%1"_s.arg(prefix);
    step.until = [expected](const DemoReply &reply) {
        const QStringList listed = stringsOf(reply);
        for (const QString &name : expected) {
            if (!listed.contains(name))
                return false;
        }
        return true;
    };
    step.onTimeoutMissing = missingIfTimeout;
    return step;
}

QStringList qualified(const QString &context, const QStringList &subjects)
{
    QStringList result;
    for (const QString &subject : subjects)
        result.append(u":%1:%2"_s.arg(context, subject));
    return result;
}

// Polls an exporter's status until it reports `state`; not getting there is the missing part `missing`.
DemoStep waitForExporterState(const QString &registry, const QString &name, const QString &state,
                              const QString &description, const QString &missing)
{
    DemoStep step = call(registry, "GET", u"/exporters/%1/status"_s.arg(name), {}, description);
    step.needs = kExporters;
    step.until = [state](const DemoReply &reply) {
        return objectOf(reply).value(u"state"_s).toString() == state;
    };
    step.onTimeoutMissing = missing;
    return step;
}

// Live subjects of each registry's own data, in the default context (what exporters copy).
const QStringList kSourceLiveSubjects = {u"com.acme.Address"_s, u"customers-value"_s, u"orders-value"_s,
                                         u"pageviews-value"_s,  u"shipments-value"_s, u"users-value"_s};
const QStringList kTargetLiveSubjects = {u"accounts-value"_s, u"positions-value"_s, u"stock_quotes-value"_s,
                                         u"stock_trades-value"_s};
const QStringList kCloudLiveSubjects = {u"invoices-value"_s, u"payments-value"_s,
                                        u":.analytics:page_events-value"_s, u":.fraud:fraud_alerts-value"_s};

} // namespace

// One lane of the current phase while it runs.
struct DemoEnvironment::LaneRun
{
    Lane steps;
    int index = 0;
    QPointer<QNetworkReply> inFlight;
    QTimer retry;
    QElapsedTimer waitClock;
    bool done = false;
};

DemoEnvironment::DemoEnvironment(QObject *parent)
    : QObject(parent)
{}

DemoEnvironment::~DemoEnvironment()
{
    stop();
}

void DemoEnvironment::start()
{
    stop();
    m_state = State::Seeding;
    m_missing.clear();
    m_features.clear();
    m_seedingMs = -1;
    m_seedClock.start();
    m_network = std::make_unique<QNetworkAccessManager>();
    // The demo talks to loopback only; a proxy from the environment must not get in between.
    m_network->setProxy(QNetworkProxy::NoProxy);

    QObject *current = m_requests.start();
    QString error;
    if (!startServers(&error)) {
        // Reported from the event loop, like every other outcome of start().
        QTimer::singleShot(0, current, [this, error] { fail(error); });
        return;
    }
    m_phases = buildScript();
    m_phaseIndex = 0;
    m_stepCount = 0;
    QTimer::singleShot(0, current, [this] { startPhase(); });
}

void DemoEnvironment::stop()
{
    m_requests.cancel();
    for (const auto &lane : m_lanes) {
        lane->retry.stop();
        if (lane->inFlight)
            lane->inFlight->abort();
    }
    m_lanes.clear();
    m_network.reset();
    for (Registry &registry : m_registries)
        registry.server->stop();
    m_registries.clear();
    m_phases.clear();
    m_phaseIndex = 0;
    m_state = State::Stopped;
}

void DemoEnvironment::setFaults(const QString &registryName, const QStringList &faultSpecs)
{
    m_faults.insert(registryName, faultSpecs);
}

QList<DemoRegistry> DemoEnvironment::registries() const
{
    QList<DemoRegistry> result;
    for (const Registry &registry : m_registries)
        result.append({registry.name, registry.server->url(), registry.role});
    return result;
}

QUrl DemoEnvironment::url(const QString &registryName) const
{
    const sandbox::SandboxServer *found = server(registryName);
    return found ? found->url() : QUrl();
}

sandbox::SandboxServer *DemoEnvironment::server(const QString &registryName) const
{
    for (const Registry &registry : m_registries) {
        if (registry.name == registryName)
            return registry.server.get();
    }
    return nullptr;
}

bool DemoEnvironment::startServers(QString *error)
{
    struct Spec
    {
        QString name;
        QString role;
        int firstSchemaId;
        QString forwardTo = {}; // upstream registry of FORWARD mode
    };
    const QList<Spec> specs = {
        {kSource,
         u"Schema Linking source (scenarios A–C): its own subjects in the default context, target's under "
         ".target (IMPORT mode). Exporter src-to-tgt-link is PAUSED: it re-exported "
         ":.target:stock_trades-value into target's .source.target, which is not in IMPORT mode (42205)."_s,
         1},
        {kTarget,
         u"Schema Linking target (scenarios B–C): its own subjects in the default context, source's under "
         ".source (IMPORT mode). Exporter tgt-to-src-link sends everything to source's .target context."_s,
         1},
        {kPlatform,
         u"Confluent Platform side of a mirror (scenario D): global mode FORWARD, exporter schema-exporter "
         "(:*:, contextType NONE) to cloud, importer schema-importer from cloud where the sandbox has one."_s,
         1, kCloud},
        {kCloud,
         u"Confluent Cloud side of a mirror (scenario D), the system of record: subjects in the default "
         "context and in .analytics and .fraud, all READWRITE; ids from 100001."_s,
         100001},
    };
    // Registries without an upstream first: platform's FORWARD mode needs cloud's URL.
    for (const bool withUpstream : {false, true}) {
        for (const Spec &spec : specs) {
            if (spec.forwardTo.isEmpty() == withUpstream)
                continue;
            Registry registry;
            registry.name = spec.name;
            registry.role = spec.role;
            registry.server = std::make_unique<sandbox::SandboxServer>();
            sandbox::SandboxOptions options;
            options.port = 0;
            options.clusterId = u"demo-%1"_s.arg(spec.name);
            options.firstSchemaId = spec.firstSchemaId;
            options.faults = m_faults.value(spec.name);
            if (!spec.forwardTo.isEmpty())
                options.forwardUrl = url(spec.forwardTo);
            QString why;
            if (!registry.server->start(options, &why)) {
                if (error)
                    *error = u"The demo registry \"%1\" could not start: %2"_s.arg(spec.name, why);
                return false;
            }
            m_registries.push_back(std::move(registry));
        }
    }
    const auto rank = [&specs](const Registry &registry) {
        for (qsizetype i = 0; i < specs.size(); ++i) {
            if (specs.at(i).name == registry.name)
                return i;
        }
        return specs.size();
    };
    std::stable_sort(m_registries.begin(), m_registries.end(),
                     [&rank](const Registry &a, const Registry &b) { return rank(a) < rank(b); });
    return true;
}

QList<DemoEnvironment::Phase> DemoEnvironment::buildScript()
{
    Lane probes;

    // What this sandbox build can play: Schema Linking and importers are probed, not assumed.
    const auto probe = [this](const QString &registry, const QString &feature, const QString &missing) {
        DemoStep step =
            call(registry, "GET", u"/"_s + feature, {}, u"check that the sandbox has %1"_s.arg(feature));
        step.expected = {200, 404, 405, 501};
        step.onReply = [this, feature, missing](const DemoReply &reply) {
            if (reply.status == 200)
                m_features.insert(feature);
            else
                noteMissing(missing);
            return QString();
        };
        return step;
    };
    probes.append(
        probe(kSource, kExporters,
              u"Schema Linking: the sandbox has no /exporters yet, so scenarios B–D run without "
              "exporters (no .source/.target contexts, no PAUSED exporter, no schema-exporter)."_s));
    probes.append(probe(kPlatform, kImporters,
                        u"Scenario D: the sandbox has no /importers yet, so platform does not import cloud's "
                        "subjects (schema-importer is missing)."_s));

    // First each registry's own data (independent registries, in parallel), then the links between them.
    return {Phase{probes + sourceData(), targetData(), cloudData()},
            Phase{linkScenario(), mirroringScenario()}};
}

DemoEnvironment::Lane DemoEnvironment::sourceData() const
{
    namespace s = schemas;
    const QString avro;
    const QString json = u"JSON"_s;
    const QString protobuf = u"PROTOBUF"_s;
    Lane steps;

    // source: producers register their schemas; pageviews-value first, so it gets id 1 (copies keep it).
    steps.append(registerSchema(kSource, u"pageviews-value"_s, s::pageviews()));
    steps.append(registerSchema(kSource, u"users-value"_s, s::usersV1()));
    steps.append(registerSchema(kSource, u"com.acme.Address"_s, s::addressV1()));
    steps.append(registerSchema(kSource, u"customers-value"_s, s::customersV1(), avro,
                                {{u"com.acme.Address"_s, u"com.acme.Address"_s, 1}}));
    steps.append(registerSchema(kSource, u"orders-value"_s, s::ordersJsonV1(), json));
    steps.append(registerSchema(kSource, u"shipments-value"_s, s::shipmentsProtoV1(), protobuf));
    steps.append(registerSchema(kSource, u"users-value"_s, s::usersV2()));
    steps.append(registerSchema(kSource, u"com.acme.Address"_s, s::addressV2()));
    steps.append(registerSchema(kSource, u"customers-value"_s, s::customersV2(), avro,
                                {{u"com.acme.Address"_s, u"com.acme.Address"_s, 2}}));
    steps.append(setCompatibility(kSource, u"customers-value"_s, u"FULL"_s));
    steps.append(registerSchema(kSource, u"orders-value"_s, s::ordersJsonV2(), json));
    steps.append(registerSchema(kSource, u"shipments-value"_s, s::shipmentsProtoV2(), protobuf));
    return steps;
}

DemoEnvironment::Lane DemoEnvironment::targetData() const
{
    namespace s = schemas;
    // target: stock_trades-value first, so it is the first copy src-to-tgt-link sends back (and pauses on).
    Lane steps = registerSchemas(kTarget, {{u"stock_trades-value"_s, s::stockTrades(), {}},
                                           {u"accounts-value"_s, s::accountsV1(), {}},
                                           {u"stock_quotes-value"_s, s::quotesJsonV1(), u"JSON"_s},
                                           {u"positions-value"_s, s::positionsProtoV1(), u"PROTOBUF"_s},
                                           {u"accounts-value"_s, s::accountsV2(), {}},
                                           {u"positions-value"_s, s::positionsProtoV2(), u"PROTOBUF"_s}});
    steps.append(setCompatibility(kTarget, QString(), u"FULL_TRANSITIVE"_s));
    return steps;
}

DemoEnvironment::Lane DemoEnvironment::linkScenario()
{
    Lane steps;

    // The receiving contexts go into IMPORT before the links start: an exporter's writes carry ids,
    // which only IMPORT accepts (42205 otherwise).
    steps.append(setMode(kSource, u":.target:"_s, u"IMPORT"_s));
    steps.append(setMode(kTarget, u":.source:"_s, u"IMPORT"_s));

    const auto exporterBody = [](const QString &name, const QString &context, const QUrl &destination) {
        return compact({{u"name"_s, name},
                        {u"subjects"_s, QJsonArray{u"*"_s}},
                        {u"contextType"_s, u"CUSTOM"_s},
                        {u"context"_s, context},
                        {u"config"_s, QJsonObject{{u"schema.registry.url"_s, destination.toString()}}}});
    };

    // target → source first and let it settle: source then holds :.target:stock_trades-value ...
    DemoStep tgtToSrc =
        call(kTarget, "POST", u"/exporters"_s, exporterBody(u"tgt-to-src-link"_s, u"target"_s, url(kSource)),
             u"create exporter tgt-to-src-link on target"_s);
    tgtToSrc.needs = kExporters;
    steps.append(tgtToSrc);
    DemoStep imported = waitForSubjects(kSource, u":.target:"_s, qualified(u".target"_s, kTargetLiveSubjects),
                                        u"Scenario C: tgt-to-src-link did not copy target's subjects into "
                                        "source's .target context."_s);
    imported.needs = kExporters;
    steps.append(imported);

    // ... which source → target sends on into target's .source.target, not in IMPORT mode: PAUSED, 42205.
    DemoStep srcToTgt =
        call(kSource, "POST", u"/exporters"_s, exporterBody(u"src-to-tgt-link"_s, u"source"_s, url(kTarget)),
             u"create exporter src-to-tgt-link on source"_s);
    srcToTgt.needs = kExporters;
    steps.append(srcToTgt);
    DemoStep paused = waitForExporterState(kSource, u"src-to-tgt-link"_s, u"PAUSED"_s,
                                           u"wait until src-to-tgt-link is PAUSED (scenario C)"_s,
                                           u"Scenario C: src-to-tgt-link did not go PAUSED."_s);
    paused.onReply = [this](const DemoReply &reply) {
        const QString trace = objectOf(reply).value(u"trace"_s).toString();
        if (!trace.startsWith(kPausedTracePrefix))
            noteMissing(u"Scenario C: src-to-tgt-link is PAUSED but its trace is not the 42205 one: %1"_s.arg(
                trace.left(200)));
        return QString();
    };
    steps.append(paused);
    DemoStep forwarded =
        waitForSubjects(kTarget, u":.source:"_s, qualified(u".source"_s, kSourceLiveSubjects),
                        u"Scenario C: src-to-tgt-link did not copy source's subjects into "
                        "target's .source context."_s);
    forwarded.needs = kExporters;
    steps.append(forwarded);
    // tgt-to-src-link sees those copies too; wait until it has dealt with them, so the end state is fixed.
    steps.append(waitForSettledExporter(kTarget, u"tgt-to-src-link"_s));

    // Soft deletes come last, once the links are settled: the sandbox's exporters copy registrations
    // only, so a link that was still running would hand the deleted versions on as live ones.
    namespace s = schemas;
    // A change that was rolled back: version 3 stays visible with ?deleted=true.
    steps.append(registerSchema(kSource, u"users-value"_s, s::usersV3()));
    steps.append(call(kSource, "DELETE", u"/subjects/users-value/versions/3"_s));
    // A test subject somebody cleaned up (soft-deleted, still resolvable by id).
    steps.append(registerSchema(kSource, u"clickstream-test-value"_s, s::clickstreamTest()));
    steps.append(call(kSource, "DELETE", u"/subjects/clickstream-test-value"_s));
    steps.append(registerSchema(kTarget, u"accounts-value"_s, s::accountsV3()));
    steps.append(call(kTarget, "DELETE", u"/subjects/accounts-value/versions/3"_s));
    steps.append(waitForSettledExporter(kTarget, u"tgt-to-src-link"_s));
    return steps;
}

DemoStep DemoEnvironment::waitForSettledExporter(const QString &registry, const QString &name,
                                                 const QString &missingIfPaused)
{
    DemoStep step = call(registry, "GET", u"/exporters/%1/status"_s.arg(name), {},
                         u"wait until %1 on %2 has nothing left to export"_s.arg(name, registry));
    step.needs = kExporters;
    const QPointer<sandbox::SandboxServer> owner = server(registry);
    // Settled = paused, or running at the end of its registry's change log (the log position is the
    // one thing REST does not show, so it is read from the in-process registry).
    step.until = [owner](const DemoReply &reply) {
        const QJsonObject status = objectOf(reply);
        const QString state = status.value(u"state"_s).toString();
        if (state == u"PAUSED"_s)
            return true;
        return state == u"RUNNING"_s && owner &&
               status.value(u"offset"_s).toInteger() >= owner->store()->changeLogEnd() - 1;
    };
    step.onTimeoutMissing = u"%1 on %2 did not settle."_s.arg(name, registry);
    if (!missingIfPaused.isEmpty()) {
        step.onReply = [this, missingIfPaused](const DemoReply &reply) {
            const QJsonObject status = objectOf(reply);
            if (status.value(u"state"_s).toString() == u"PAUSED"_s)
                noteMissing(u"%1: %2"_s.arg(missingIfPaused,
                                            status.value(u"trace"_s).toString().section(u'\n', 0, 0)));
            return QString();
        };
    }
    return step;
}

DemoEnvironment::Lane DemoEnvironment::cloudData() const
{
    namespace s = schemas;
    // cloud: the system of record, with subjects in contexts.
    Lane steps = registerSchemas(kCloud, {{u"payments-value"_s, s::paymentsV1(), {}},
                                          {u"invoices-value"_s, s::invoicesJsonV1(), u"JSON"_s},
                                          {u":.analytics:page_events-value"_s, s::pageEventsV1(), {}}});
    steps.append(setCompatibility(kCloud, u":.analytics:"_s, u"FULL_TRANSITIVE"_s));
    steps.append(
        registerSchemas(kCloud, {{u":.analytics:page_events-value"_s, s::pageEventsV2(), {}},
                                 {u":.fraud:fraud_alerts-value"_s, s::fraudAlertsProtoV1(), u"PROTOBUF"_s},
                                 {u"payments-value"_s, s::paymentsV2(), {}}}));
    return steps;
}

DemoEnvironment::Lane DemoEnvironment::mirroringScenario()
{
    namespace s = schemas;
    Lane steps;

    // platform: exporter of every context to cloud, as-is.
    DemoStep exporter =
        call(kPlatform, "POST", u"/exporters"_s,
             compact({{u"name"_s, u"schema-exporter"_s},
                      {u"subjects"_s, QJsonArray{u":*:"_s}},
                      {u"contextType"_s, u"NONE"_s},
                      {u"config"_s, QJsonObject{{u"schema.registry.url"_s, url(kCloud).toString()}}}}),
             u"create exporter schema-exporter on platform"_s);
    exporter.needs = kExporters;
    steps.append(exporter);
    // The importer automation's precondition: the named exporter exists and is RUNNING.
    steps.append(waitForExporterState(kPlatform, u"schema-exporter"_s, u"RUNNING"_s,
                                      u"wait until schema-exporter is RUNNING"_s,
                                      u"Scenario D: schema-exporter did not reach RUNNING."_s));

    // The automation's mode coordination: platform FORWARD (global), cloud's contexts READWRITE.
    steps.append(setMode(kPlatform, u":.__GLOBAL:"_s, u"FORWARD"_s));
    steps.append(setMode(kCloud, QString(), u"READWRITE"_s));
    steps.append(setMode(kCloud, u":.analytics:"_s, u"READWRITE"_s));
    steps.append(setMode(kCloud, u":.fraud:"_s, u"READWRITE"_s));

    DemoStep importer =
        call(kPlatform, "POST", u"/importers"_s,
             compact({{u"name"_s, u"schema-importer"_s},
                      {u"subjects"_s, QJsonArray{u":*:"_s}},
                      {u"contextType"_s, u"NONE"_s}, // an exact replica: cloud's contexts as they are
                      {u"config"_s, QJsonObject{{u"schema.registry.url"_s, url(kCloud).toString()},
                                                {u"poll.interval.ms"_s, u"500"_s}}}}),
             u"create importer schema-importer on platform"_s);
    importer.needs = kImporters;
    steps.append(importer);
    DemoStep imported =
        waitForSubjects(kPlatform, u":*:"_s, kCloudLiveSubjects,
                        u"Scenario D: schema-importer did not copy cloud's subjects to platform."_s);
    imported.needs = kImporters;
    steps.append(imported);

    // The operator's test subject, written to platform: forwarded to cloud if the sandbox forwards.
    DemoStep test = registerSchema(kPlatform, u"test-mirroring-subject"_s, s::testRecord());
    test.expected = {200, 422, 500};
    test.onReply = [this](const DemoReply &reply) {
        if (reply.status == 200) {
            m_features.insert(kForwarding);
        } else {
            noteMissing(
                u"Scenario D: platform in FORWARD mode does not forward writes to cloud (HTTP %1: %2); "
                "test-mirroring-subject was registered on cloud directly."_s.arg(reply.status)
                    .arg(QString::fromUtf8(reply.body)));
        }
        return QString();
    };
    steps.append(test);
    DemoStep direct = registerSchema(kCloud, u"test-mirroring-subject"_s, s::testRecord());
    direct.needs = u"!"_s + kForwarding;
    steps.append(direct);
    DemoStep mirrored = waitForSubjects(kCloud, u":*:"_s, {u"test-mirroring-subject"_s},
                                        u"Scenario D: test-mirroring-subject did not reach cloud."_s);
    steps.append(mirrored);
    DemoStep back = waitForSubjects(kPlatform, u":*:"_s, {u"test-mirroring-subject"_s},
                                    u"Scenario D: test-mirroring-subject did not come back to platform."_s);
    back.needs = kImporters;
    steps.append(back);
    steps.append(waitForSettledExporter(
        kPlatform, u"schema-exporter"_s,
        u"Scenario D: schema-exporter is PAUSED instead of RUNNING, the sandbox's exporter refused to "
        "re-export the imported copies to cloud, whose contexts are READWRITE"_s));
    return steps;
}

bool DemoEnvironment::featureAllows(const QString &needs) const
{
    if (needs.isEmpty())
        return true;
    if (needs.startsWith(u'!'))
        return !m_features.contains(needs.mid(1));
    return m_features.contains(needs);
}

void DemoEnvironment::noteMissing(const QString &part)
{
    if (m_missing.contains(part))
        return;
    qCWarning(lcDemo).noquote() << "demo incomplete:" << part;
    m_missing.append(part);
}

void DemoEnvironment::startPhase()
{
    m_lanes.clear();
    if (m_phaseIndex >= m_phases.size()) {
        finish();
        return;
    }
    for (const Lane &steps : m_phases.at(m_phaseIndex)) {
        auto lane = std::make_unique<LaneRun>();
        lane->steps = steps;
        lane->retry.setSingleShot(true);
        LaneRun *run = lane.get();
        connect(&lane->retry, &QTimer::timeout, this, [this, run] { sendStep(run); });
        m_lanes.push_back(std::move(lane));
    }
    // Copy the pointers: a lane may finish the phase (and clear m_lanes) synchronously.
    QList<LaneRun *> lanes;
    for (const auto &lane : m_lanes)
        lanes.append(lane.get());
    const QPointer<QObject> current = m_requests.context();
    const int phase = m_phaseIndex;
    for (LaneRun *lane : lanes) {
        if (!current || phase != m_phaseIndex || m_state != State::Seeding)
            return;
        runNextStep(lane);
    }
}

void DemoEnvironment::runNextStep(LaneRun *lane)
{
    while (lane->index < lane->steps.size() && !featureAllows(lane->steps.at(lane->index).needs))
        ++lane->index;
    if (lane->index >= lane->steps.size()) {
        lane->done = true;
        for (const auto &other : m_lanes) {
            if (!other->done)
                return;
        }
        ++m_phaseIndex;
        startPhase();
        return;
    }
    const Step &step = lane->steps.at(lane->index);
    ++m_stepCount;
    qCDebug(lcDemo).noquote() << m_seedClock.elapsed() << "ms:" << step.description;
    const QPointer<QObject> current = m_requests.context();
    Q_EMIT progress(step.description);
    if (!current)
        return; // a slot stopped or restarted the demo
    lane->waitClock.start();
    sendStep(lane);
}

void DemoEnvironment::sendStep(LaneRun *lane)
{
    const Step &step = lane->steps.at(lane->index);
    QUrl target = url(step.registry);
    target.setPath(step.path);
    if (!step.query.isEmpty())
        target.setQuery(step.query);
    QNetworkRequest request(target);
    request.setRawHeader("Accept", "application/vnd.schemaregistry.v1+json, application/json");
    if (!step.body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArray("application/vnd.schemaregistry.v1+json"));
    request.setTransferTimeout(kRequestTimeoutMs);
    QNetworkReply *reply = m_network->sendCustomRequest(request, step.method, step.body);
    lane->inFlight = reply;
    auto deliver = m_requests.guard([this, lane, reply] {
        lane->inFlight.clear();
        onStepFinished(lane, reply);
    });
    connect(reply, &QNetworkReply::finished, this, [reply, deliver]() mutable {
        reply->deleteLater();
        deliver();
    });
}

void DemoEnvironment::onStepFinished(LaneRun *lane, QNetworkReply *networkReply)
{
    Reply reply;
    reply.status = networkReply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply.body = networkReply->readAll();
    if (reply.status == 0)
        reply.networkError = networkReply->errorString();

    const Step &step = lane->steps.at(lane->index);
    const bool answered = reply.networkError.isEmpty() && step.expected.contains(reply.status);
    const QString last = reply.networkError.isEmpty()
                             ? u"HTTP %1 %2"_s.arg(reply.status).arg(QString::fromUtf8(reply.body.left(500)))
                             : reply.networkError;
    if (step.until) {
        if (!answered || !step.until(reply)) {
            if (lane->waitClock.elapsed() < m_waitTimeoutMs) {
                lane->retry.start(kPollIntervalMs);
                return;
            }
            if (step.onTimeoutMissing.isEmpty()) {
                fail(u"Demo seeding timed out: %1 (last answer: %2)"_s.arg(step.description, last));
                return;
            }
            noteMissing(u"%1 (waited %2 ms; last answer: %3)"_s.arg(step.onTimeoutMissing)
                            .arg(m_waitTimeoutMs)
                            .arg(last));
            ++lane->index;
            runNextStep(lane);
            return;
        }
    } else if (!answered) {
        fail(u"Demo seeding failed at \"%1\": %2"_s.arg(step.description, last));
        return;
    }
    if (step.onReply) {
        const QString error = step.onReply(reply);
        if (!error.isEmpty()) {
            fail(error);
            return;
        }
    }
    ++lane->index;
    runNextStep(lane);
}

void DemoEnvironment::finish()
{
    m_state = State::Ready;
    m_seedingMs = m_seedClock.elapsed();
    qCInfo(lcDemo).noquote() << "demo ready in" << m_seedingMs << "ms," << m_stepCount << "requests";
    Q_EMIT ready();
}

void DemoEnvironment::fail(const QString &error)
{
    m_state = State::Failed;
    m_requests.cancel(); // the other lanes stop too
    for (const auto &lane : m_lanes) {
        lane->retry.stop();
        if (lane->inFlight)
            lane->inFlight->abort();
    }
    qCWarning(lcDemo).noquote() << error;
    Q_EMIT failed(error);
}

} // namespace sd::demo
