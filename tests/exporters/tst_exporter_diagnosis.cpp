// The diagnosis engine against real sandbox traces: every known cause is produced by a real exporter
// on a sandbox registry talking to another over loopback HTTP, then diagnosed.
#include "common/RestClient.h"
#include "exporters/ExporterDiagnosis.h"
#include "exporters/MappingPreview.h"
#include "exporters/TraceParser.h"
#include "sandboxserver/SandboxServer.h"

#include <memory>
#include <QJsonArray>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using sd::testing::RestClient;

namespace {

const QString kPageviews =
    uR"({"type":"record","name":"pageviews","namespace":"ksql","fields":[{"name":"viewtime","type":"long"},{"name":"userid","type":"string"},{"name":"pageid","type":"string"}],"connect.name":"ksql.pageviews"})"_s;
const QString kStockTrades =
    uR"({"type":"record","name":"StockTrade","namespace":"ksql","fields":[{"name":"side","type":"string"},{"name":"symbol","type":"string"}]})"_s;
const QString kOther = uR"({"type":"record","name":"Other","fields":[{"name":"x","type":"int"}]})"_s;

// The trace Confluent's exporter writes when it pauses on a context that is not in IMPORT mode.
const QString kConfluentTrace =
    u"io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Subject "
    u":.source.target:stock_trades-value is not in import mode; error code: 42205\n"
    "\tat io.confluent.kafka.schemaregistry.client.rest.RestService.sendHttpRequest(RestService.java:335)\n"
    "\tat io.confluent.kafka.schemaregistry.client.rest.RestService.httpRequest(RestService.java:408)\n"
    "\tat io.confluent.kafka.schemaregistry.client.rest.RestService.registerSchema(RestService.java:588)\n"
    "\tat java.base/java.lang.Thread.run(Thread.java:829)\n"_s;

std::unique_ptr<sandbox::SandboxServer> startSandbox(const QString &clusterId,
                                                     sandbox::SandboxOptions options = {})
{
    auto server = std::make_unique<sandbox::SandboxServer>();
    options.clusterId = clusterId;
    QString error;
    if (!server->start(options, &error))
        qFatal("sandbox did not start: %s", qPrintable(error));
    return server;
}

QJsonObject exporterBody(const QString &name, const QString &contextType, const QString &context,
                         const QUrl &destination, const QString &userInfo = {})
{
    QJsonObject config{{u"schema.registry.url"_s, destination.toString()}};
    if (!userInfo.isEmpty())
        config.insert(u"basic.auth.user.info"_s, userInfo);
    QJsonObject body{{u"name"_s, name},
                     {u"subjects"_s, QJsonArray{u"*"_s}},
                     {u"contextType"_s, contextType},
                     {u"config"_s, config}};
    if (!context.isEmpty())
        body.insert(u"context"_s, context);
    return body;
}

} // namespace

class TestDiagnosis : public QObject
{
    Q_OBJECT
private:
    RestClient m_rest;

    void registerSchema(const QUrl &base, const QString &subject, const QString &schema, int id = -1,
                        int version = -1)
    {
        QJsonObject body{{u"schema"_s, schema}};
        if (id > 0)
            body.insert(u"id"_s, id);
        if (version > 0)
            body.insert(u"version"_s, version);
        const auto answer = m_rest.call(base, "POST", u"/subjects/%1/versions"_s.arg(subject), body);
        QVERIFY2(answer.status == 200, answer.body.constData());
    }

    void setMode(const QUrl &base, const QString &scope, const QString &mode)
    {
        const auto answer = m_rest.call(base, "PUT", u"/mode/%1"_s.arg(scope), {{u"mode"_s, mode}});
        QVERIFY2(answer.status == 200, answer.body.constData());
    }

    void createExporter(const QUrl &base, const QJsonObject &body)
    {
        const auto answer = m_rest.call(base, "POST", u"/exporters"_s, body);
        QVERIFY2(answer.status == 200, answer.body.constData());
    }

    // The diagnosis input as the console builds it: GET /exporters/{name} and …/status, plus the
    // registries it knows.
    exporters::DiagnosisInput input(const QUrl &source, const QString &sourceName, const QString &exporter,
                                    const QList<exporters::KnownRegistry> &known)
    {
        exporters::DiagnosisInput in;
        in.exporter =
            registry::parse::exporterInfo(m_rest.call(source, "GET", u"/exporters/"_s + exporter).body).value;
        in.status = registry::parse::exporterStatus(
                        m_rest.call(source, "GET", u"/exporters/%1/status"_s.arg(exporter)).body)
                        .value;
        in.sourceName = sourceName;
        in.sourceUrls = {source};
        in.registries = known;
        return in;
    }

    exporters::KnownRegistry known(const QString &name, const QUrl &url,
                                   const QStringList &exporterNames = {})
    {
        exporters::KnownRegistry r;
        r.connectionId = name + u"-id"_s;
        r.name = name;
        r.urls = {url};
        for (const QString &e : exporterNames)
            r.exporters.append(
                registry::parse::exporterInfo(m_rest.call(url, "GET", u"/exporters/"_s + e).body).value);
        return r;
    }

    // Source with pageviews-value, an exporter to `destination`, waits for PAUSED and diagnoses.
    exporters::Diagnosis pausedAgainst(const QUrl &destination, const QString &destinationName,
                                       const QString &userInfo = {}, bool known = true)
    {
        auto source = startSandbox(u"source"_s);
        registerSchema(source->url(), u"pageviews-value"_s, kPageviews);
        createExporter(source->url(),
                       exporterBody(u"link"_s, u"CUSTOM"_s, u"source"_s, destination, userInfo));
        const QJsonObject status = m_rest.waitForExporterState(source->url(), u"link"_s, u"PAUSED"_s);
        if (status.value(u"state"_s).toString() != u"PAUSED")
            qWarning() << "not paused:" << status;
        QList<exporters::KnownRegistry> registries;
        if (known)
            registries.append(this->known(destinationName, destination));
        return exporters::diagnose(input(source->url(), u"source"_s, u"link"_s, registries));
    }

private Q_SLOTS:
    void parsesConfluentTrace()
    {
        const exporters::ParsedTrace t = exporters::parseTrace(kConfluentTrace);
        QCOMPARE(t.exceptionName(), u"RestClientException"_s);
        QCOMPARE(t.errorCode, 42205);
        QCOMPARE(t.message, u"Subject :.source.target:stock_trades-value is not in import mode"_s);
        QCOMPARE(t.stack.size(), 4);
        QVERIFY(t.stack.first().startsWith(u"at io.confluent"_s));
    }

    void diagnosesConfluentTraceWithLoop()
    {
        exporters::DiagnosisInput in;
        in.exporter.name = u"src-to-tgt-link"_s;
        in.exporter.subjects = {u"*"_s};
        in.exporter.contextType = u"CUSTOM"_s;
        in.exporter.context = u"source"_s;
        in.exporter.config.insert(u"schema.registry.url"_s, u"http://schemaregistry2:8082"_s);
        in.status = {u"src-to-tgt-link"_s, u"PAUSED"_s, 4, 1701292093264, kConfluentTrace};
        in.sourceName = u"source"_s;
        in.sourceUrls = {QUrl(u"http://schemaregistry:8081"_s)};
        exporters::KnownRegistry target;
        target.connectionId = u"t"_s;
        target.name = u"target"_s;
        target.urls = {QUrl(u"http://schemaregistry2:8082/"_s)};
        registry::ExporterInfo back;
        back.name = u"tgt-to-src-link"_s;
        back.subjects = {u"*"_s};
        back.contextType = u"CUSTOM"_s;
        back.context = u"target"_s;
        back.config.insert(u"schema.registry.url"_s, u"http://schemaregistry:8081"_s);
        target.exporters = {back};
        in.registries = {target};

        const exporters::Diagnosis d = exporters::diagnose(in);
        QCOMPARE(d.cause, exporters::Cause::NotImportMode);
        QCOMPARE(d.subject, u":.source.target:stock_trades-value"_s);
        QCOMPARE(d.modeScope, u":.source.target:"_s);
        QCOMPARE(d.fixRegistryName, u"target"_s);
        QCOMPARE(d.fixConnectionId, u"t"_s);
        QCOMPARE(d.action, exporters::FixAction::SetImportMode);
        QCOMPARE(d.fixText, u"set `:.source.target:` on target to IMPORT, then resume"_s);
        QVERIFY(d.explanation.contains(
            u"`:.source.target:stock_trades-value` on target is not in IMPORT mode (42205)"_s));
        QVERIFY(d.loop);
        QCOMPARE(d.loopingExporter, u"tgt-to-src-link"_s);
        QCOMPARE(d.loopContexts, QStringList{u".target"_s});
        QCOMPARE(d.narrowedSubjects, QStringList{u":.:*"_s});
        QVERIFY(d.loopExplanation.contains(u".source.target"_s));

        // Unknown destination: named by its URL, nothing to apply through.
        in.registries.clear();
        const exporters::Diagnosis unknown = exporters::diagnose(in);
        QCOMPARE(unknown.cause, exporters::Cause::NotImportMode);
        QVERIFY(!unknown.fixRegistryKnown);
        QCOMPARE(unknown.fixRegistryName, u"http://schemaregistry2:8082"_s);
        QVERIFY(!unknown.loop);
    }

    // The paused exporter for real: both registries export everything into custom contexts.
    void scenarioCFromRealSandboxes()
    {
        auto source = startSandbox(u"source"_s);
        auto target = startSandbox(u"target"_s);
        registerSchema(source->url(), u"pageviews-value"_s, kPageviews);
        registerSchema(target->url(), u"stock_trades-value"_s, kStockTrades);
        setMode(source->url(), u":.target:"_s, u"IMPORT"_s);
        setMode(target->url(), u":.source:"_s, u"IMPORT"_s);
        createExporter(target->url(),
                       exporterBody(u"tgt-to-src-link"_s, u"CUSTOM"_s, u"target"_s, source->url()));
        QTRY_COMPARE_WITH_TIMEOUT(
            m_rest.call(source->url(), "GET", u"/subjects/:.target:stock_trades-value/versions"_s).status,
            200, 10000);
        createExporter(source->url(),
                       exporterBody(u"src-to-tgt-link"_s, u"CUSTOM"_s, u"source"_s, target->url()));
        const QJsonObject status =
            m_rest.waitForExporterState(source->url(), u"src-to-tgt-link"_s, u"PAUSED"_s);
        QCOMPARE(status.value(u"state"_s).toString(), u"PAUSED"_s);

        const auto registries = QList{known(u"target"_s, target->url(), {u"tgt-to-src-link"_s})};
        const exporters::Diagnosis d =
            exporters::diagnose(input(source->url(), u"source"_s, u"src-to-tgt-link"_s, registries));
        QCOMPARE(d.cause, exporters::Cause::NotImportMode);
        QCOMPARE(d.trace.errorCode, 42205);
        QCOMPARE(d.modeScope, u":.source.target:"_s);
        QCOMPARE(d.fixText, u"set `:.source.target:` on target to IMPORT, then resume"_s);
        QVERIFY(d.loop);
        QCOMPARE(d.narrowedSubjects, QStringList{u":.:*"_s});

        // The suggested fix works: IMPORT on target's .source.target, resume, RUNNING, the copy arrives.
        setMode(target->url(), d.modeScope, u"IMPORT"_s);
        QCOMPARE(m_rest.call(source->url(), "PUT", u"/exporters/src-to-tgt-link/resume"_s).status, 200);
        QCOMPARE(m_rest.waitForExporterState(source->url(), u"src-to-tgt-link"_s, u"RUNNING"_s)
                     .value(u"state"_s)
                     .toString(),
                 u"RUNNING"_s);
        QTRY_COMPARE_WITH_TIMEOUT(
            m_rest.call(target->url(), "GET", u"/subjects/:.source.target:stock_trades-value/versions"_s)
                .status,
            200, 10000);

        // The lasting fix is a filter the sandbox accepts, and it leaves .target out.
        exporters::ExporterMapping narrowed;
        narrowed.subjects = d.narrowedSubjects;
        QVERIFY(narrowed.selects(u"pageviews-value"_s));
        QVERIFY(!narrowed.selects(u":.target:stock_trades-value"_s));
        QCOMPARE(m_rest.call(source->url(), "PUT", u"/exporters/src-to-tgt-link/pause"_s).status, 200);
        const auto update = m_rest.call(source->url(), "PUT", u"/exporters/src-to-tgt-link"_s,
                                        {{u"subjects"_s, QJsonArray::fromStringList(d.narrowedSubjects)}});
        QVERIFY2(update.status == 200, update.body.constData());
        QVERIFY(source->exporters()->matchesSubjects(d.narrowedSubjects, u"."_s, u"pageviews-value"_s));
        QVERIFY(
            !source->exporters()->matchesSubjects(d.narrowedSubjects, u".target"_s, u"stock_trades-value"_s));
    }

    void authFailed()
    {
        sandbox::SandboxOptions options;
        options.users = {{u"writer"_s, u"w-secret"_s, true}, {u"reader"_s, u"r-secret"_s, false}};
        auto target = startSandbox(u"target"_s, options);
        // No credentials: 401.
        exporters::Diagnosis d = pausedAgainst(target->url(), u"target"_s);
        QCOMPARE(d.cause, exporters::Cause::AuthFailed);
        QVERIFY(d.title.contains(u"401"_s));
        QCOMPARE(d.action, exporters::FixAction::UpdateCredentials);
        QVERIFY(d.fixOnSource);
        // Credentials that may only read: 403.
        d = pausedAgainst(target->url(), u"target"_s, u"reader:r-secret"_s);
        QCOMPARE(d.cause, exporters::Cause::AuthFailed);
        QVERIFY(d.title.contains(u"403"_s));
    }

    void unreachable()
    {
        QUrl closed;
        {
            auto gone = startSandbox(u"gone"_s);
            closed = gone->url();
        }
        const exporters::Diagnosis d = pausedAgainst(closed, u"gone"_s);
        QCOMPARE(d.cause, exporters::Cause::Unreachable);
        QCOMPARE(d.fixRegistryName, u"gone"_s);
        QCOMPARE(d.action, exporters::FixAction::Resume);
        QVERIFY(d.trace.headline.startsWith(u"java.io.IOException"_s));
    }

    void tlsFailure()
    {
        // A plain-text server where the exporter expects TLS: the handshake fails at once.
        QTcpServer plain;
        QVERIFY(plain.listen(QHostAddress::LocalHost));
        connect(&plain, &QTcpServer::newConnection, this, [&plain] {
            while (QTcpSocket *socket = plain.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                    socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
                    socket->disconnectFromHost();
                });
            }
        });
        const QUrl https(u"https://127.0.0.1:%1"_s.arg(plain.serverPort()));
        const exporters::Diagnosis d = pausedAgainst(https, u"target"_s);
        QVERIFY2(d.cause == exporters::Cause::TlsFailure, qPrintable(d.trace.headline));
        QCOMPARE(d.fixRegistryName, u"target"_s);
    }

    void schemaConflict()
    {
        auto target = startSandbox(u"target"_s);
        setMode(target->url(), u":.source:"_s, u"IMPORT"_s);
        // Someone imported another schema under the same id and version before.
        registerSchema(target->url(), u":.source:pageviews-value"_s, kOther, 1, 1);
        const exporters::Diagnosis d = pausedAgainst(target->url(), u"target"_s);
        QVERIFY2(d.cause == exporters::Cause::SchemaConflict, qPrintable(d.trace.headline));
        QCOMPARE(d.trace.errorCode, 42205);
        QCOMPARE(d.action, exporters::FixAction::None);
    }

    void incompatibleIsConflict()
    {
        exporters::DiagnosisInput in;
        in.exporter.name = u"link"_s;
        in.status.state = u"PAUSED"_s;
        in.status.trace =
            u"io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Schema being registered is incompatible with an earlier schema for subject \"orders\"; error code: 409\n"_s;
        QCOMPARE(exporters::diagnose(in).cause, exporters::Cause::SchemaConflict);
        in.status.trace =
            u"io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException: Schema already registered with id 3 instead of input id 1; error code: 42207"_s;
        QCOMPARE(exporters::diagnose(in).cause, exporters::Cause::SchemaConflict);
    }

    void tooManyExporters()
    {
        auto source = startSandbox(u"source"_s);
        source->exporters()->setMaxExporters(1);
        auto target = startSandbox(u"target"_s);
        createExporter(source->url(), exporterBody(u"one"_s, u"NONE"_s, {}, target->url()));
        const auto answer = m_rest.call(source->url(), "POST", u"/exporters"_s,
                                        exporterBody(u"two"_s, u"NONE"_s, {}, target->url()));
        QCOMPARE(answer.status, 409);
        const registry::ApiError error =
            registry::ApiError::fromHttp(answer.status, answer.body, registry::Intent::ExporterChange);
        const exporters::Diagnosis d = exporters::diagnoseError(error, u"source"_s);
        QCOMPARE(d.cause, exporters::Cause::TooManyExporters);
        QCOMPARE(d.action, exporters::FixAction::DeleteExporters);
    }

    void unknownShowsRawTrace()
    {
        sandbox::SandboxOptions options;
        options.faults = {u"error=500,route=POST /subjects/*/versions"_s};
        auto target = startSandbox(u"target"_s, options);
        const exporters::Diagnosis d = pausedAgainst(target->url(), u"target"_s);
        QCOMPARE(d.cause, exporters::Cause::Unknown);
        QVERIFY(d.explanation.contains(u"HTTP log"_s));
        QVERIFY(!d.trace.headline.isEmpty());
    }

    void notPausedIsNoProblem()
    {
        exporters::DiagnosisInput in;
        in.status.state = u"RUNNING"_s;
        QVERIFY(!exporters::diagnose(in).isProblem());
        in.status.state = u"PAUSED"_s; // paused by hand: no trace
        const exporters::Diagnosis d = exporters::diagnose(in);
        QVERIFY(!d.isProblem());
        QCOMPARE(d.action, exporters::FixAction::Resume);
    }

    void sameRegistry()
    {
        QVERIFY(exporters::sameRegistry(QUrl(u"http://localhost:8081/"_s), QUrl(u"http://127.0.0.1:8081"_s)));
        QVERIFY(!exporters::sameRegistry(QUrl(u"http://localhost:8081"_s), QUrl(u"http://localhost:8082"_s)));
        QVERIFY(!exporters::sameRegistry(QUrl(u"https://h:443"_s), QUrl(u"http://h:443"_s)));
        QVERIFY(exporters::sameRegistry(QUrl(u"https://h"_s), QUrl(u"https://h:443/"_s)));
    }

    void mappingPreview()
    {
        exporters::ExporterMapping m;
        m.contextType = u"CUSTOM"_s;
        m.context = u"source"_s;
        QCOMPARE(m.destinationSubject(u"pageviews-value"_s), u":.source:pageviews-value"_s);
        QCOMPARE(m.destinationSubject(u":.target:stock_trades-value"_s),
                 u":.source.target:stock_trades-value"_s);
        m.contextType = u"NONE"_s;
        QCOMPARE(m.destinationSubject(u"pageviews-value"_s), u"pageviews-value"_s);
        QCOMPARE(m.destinationSubject(u":.x:orders"_s), u":.x:orders"_s);
        m.contextType = u"AUTO"_s;
        m.sourceClusterId = u"lsrc-abc123"_s;
        QCOMPARE(m.destinationSubject(u"orders"_s), u":.lsrc-abc123:orders"_s);
        m.contextType = u"NONE"_s;
        m.subjectRenameFormat = u"dc_${subject}"_s;
        QCOMPARE(m.destinationSubject(u"orders"_s), u"dc_orders"_s);

        m.subjects = {u":.target:*"_s, u"page*"_s};
        QVERIFY(m.selects(u":.target:anything"_s));
        QVERIFY(m.selects(u"pageviews-value"_s));
        QVERIFY(!m.selects(u"orders"_s));
        m.subjects = {u":*:orders"_s};
        QVERIFY(m.selects(u":.a:orders"_s));
        QVERIFY(m.selects(u"orders"_s));

        exporters::ExporterMapping all;
        all.contextType = u"CUSTOM"_s;
        all.context = u"source"_s;
        const auto rows =
            exporters::previewMapping(all, {u"pageviews-value"_s, u":.target:stock_trades-value"_s});
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[1].destinationContext, u".source.target"_s);
    }

    // The engine's mapping and the sandbox's agree on every filter form and context type.
    void mappingMatchesSandbox()
    {
        auto source = startSandbox(u"lsrc-abc123"_s);
        const QStringList subjects{u"pageviews-value"_s, u":.target:stock_trades-value"_s, u":.a:orders"_s};
        const QList<QStringList> filters{
            {u"*"_s}, {u":.:*"_s}, {u":.target:*"_s}, {u"page*"_s}, {u":*:orders"_s}};
        for (const QString &type : {u"NONE"_s, u"CUSTOM"_s, u"AUTO"_s}) {
            sandbox::ExporterDefinition def;
            def.contextType = type;
            def.context = u"source"_s;
            def.subjectRenameFormat = u"x_${subject}"_s;
            exporters::ExporterMapping m;
            m.contextType = type;
            m.context = u"source"_s;
            m.subjectRenameFormat = u"x_${subject}"_s;
            m.sourceClusterId = u"lsrc-abc123"_s;
            for (const QStringList &f : filters) {
                m.subjects = f;
                for (const QString &s : subjects) {
                    const registry::QualifiedSubject q = registry::QualifiedSubject::parse(s);
                    QCOMPARE(m.selects(s), sandbox::ExporterManager::matchesSubjects(f, q.context, q.name));
                }
            }
            for (const QString &s : subjects) {
                const registry::QualifiedSubject q = registry::QualifiedSubject::parse(s);
                QCOMPARE(m.destinationSubject(s),
                         source->exporters()->destinationSubject(def, q.context, q.name));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestDiagnosis)
#include "tst_exporter_diagnosis.moc"
