#pragma once

// Two sandbox registries on loopback, open in a RegistryWorkspace as the console opens them: a source
// with one subject and an exporter "link" into context .source of the destination, which is not in
// IMPORT mode, so the exporter pauses with 42205 — the case the exporter screens diagnose.

#include "common/RestClient.h"
#include "items/RegistryWorkspace.h"
#include "registry/ConnectionProfile.h"
#include "sandboxserver/SandboxServer.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace sd::exporters::fixture {

class ExporterFixture
{
public:
    bool start()
    {
        using namespace Qt::StringLiterals;
        sandbox::SandboxOptions sourceOptions;
        sourceOptions.clusterId = u"source-cluster"_s;
        QString error;
        if (!m_source.start(sourceOptions, &error) || !m_destination.start({}, &error)) {
            qWarning("sandbox did not start: %s", qPrintable(error));
            return false;
        }
        const QString schema = uR"({"type":"record","name":"Page","fields":[{"name":"id","type":"long"}]})"_s;
        if (m_rest
                .call(m_source.url(), "POST", u"/subjects/pageviews-value/versions"_s,
                      {{u"schema"_s, schema}})
                .status != 200)
            return false;
        if (!createExporter(m_source.url(), u"link"_s, u"source"_s, m_destination.url()))
            return false;
        if (m_rest.waitForExporterState(m_source.url(), u"link"_s, u"PAUSED"_s)
                .value(u"state"_s)
                .toString() != u"PAUSED")
            return false;
        sourceId = open(u"source"_s, m_source.url());
        destinationId = open(u"destination"_s, m_destination.url());
        return true;
    }

    bool createExporter(const QUrl &on, const QString &name, const QString &context, const QUrl &to)
    {
        using namespace Qt::StringLiterals;
        const QJsonObject body{{u"name"_s, name},
                               {u"subjects"_s, QJsonArray{u"*"_s}},
                               {u"contextType"_s, u"CUSTOM"_s},
                               {u"context"_s, context},
                               {u"config"_s, QJsonObject{{u"schema.registry.url"_s, to.toString()}}}};
        return m_rest.call(on, "POST", u"/exporters"_s, body).status == 200;
    }

    sandbox::SandboxServer &source() { return m_source; }
    sandbox::SandboxServer &destination() { return m_destination; }
    items::RegistryWorkspace &workspace() { return m_workspace; }
    sd::testing::RestClient &rest() { return m_rest; }

    QString sourceId;
    QString destinationId;

private:
    QString open(const QString &name, const QUrl &url)
    {
        registry::ConnectionProfile p;
        p.name = name;
        p.urls = {url};
        p.maxRetries = 0;
        m_workspace.openConnection(p, {});
        return p.id.toString(QUuid::WithoutBraces);
    }

    sandbox::SandboxServer m_source;
    sandbox::SandboxServer m_destination;
    items::RegistryWorkspace m_workspace;
    sd::testing::RestClient m_rest;
};

// A loader with a spy on its announcements.
template<typename Loader> struct Watched
{
    template<typename... Args>
    explicit Watched(Args &&...args)
        : loader(std::forward<Args>(args)...)
        , loaded(&loader, &Loader::loaded)
    {}
    Loader loader;
    QSignalSpy loaded;

    // Refreshes and waits for loaded().
    bool refreshed()
    {
        loader.refresh();
        return loaded.wait(10000);
    }
};

// The test case of a loader against the fixture: started once, faults cleared after every test.
class ExporterTestCase : public QObject
{
    Q_OBJECT
protected:
    ExporterFixture m_fixture;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_fixture.start()); }
    void cleanup() { m_fixture.source().faults()->clear(); }
};

} // namespace sd::exporters::fixture
