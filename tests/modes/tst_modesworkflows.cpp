// The workflows behind Tools → Registry overview, Find subject and Bulk settings, without widgets,
// against sandbox registries over real HTTP: every registry answers on its own, a failing one never
// hides the others, a registry's refusal is the refused subject's outcome, and a newer request drops the
// answers of the previous one.
#include "../registry/RegistryTestSupport.h"
#include "modes/BulkSettings.h"
#include "modes/RegistryOverview.h"
#include "modes/SettingsLoader.h"
#include "modes/SubjectFinder.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/FaultInjector.h"
#include "sandboxserver/SandboxServer.h"

#include <memory>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using registry::test::await;
using registry::test::waitUntil;
using sandbox::FaultRule;
using sandbox::SandboxServer;

namespace {

registry::ConnectionProfile profileFor(const QUrl &url)
{
    registry::ConnectionProfile p;
    p.name = u"sandbox"_s;
    p.urls = {url};
    p.requestTimeoutMs = 60000;
    p.maxRetries = 0;
    return p;
}

registry::SchemaSubmission record(const QString &name, const QString &fields)
{
    registry::SchemaSubmission s;
    s.schema = uR"({"type":"record","name":")"_s + name + uR"(","fields":[)"_s + fields + u"]}"_s;
    return s;
}

} // namespace

class TestModesWorkflows : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<registry::RegistryClient> clientFor(SandboxServer &server)
    {
        return std::make_unique<registry::RegistryClient>(profileFor(server.url()),
                                                          registry::ConnectionSecrets{});
    }

    bool registerSchema(registry::RegistryClient *client, const QString &subject,
                        const registry::SchemaSubmission &schema)
    {
        auto r = await<registry::SchemaVersion>(
            [&](auto cb) { client->registerSchema(subject, schema, false, this, cb); });
        return r && r->ok();
    }

    QString subjectCompatibility(registry::RegistryClient *client, const QString &subject)
    {
        auto r =
            await<registry::RegistryConfig>([&](auto cb) { client->getConfig(subject, false, this, cb); });
        return r && r->ok() ? r->value.compatibility : QString();
    }

    // Runs a request over subjects of registry a; the outcomes by subject (empty if it did not finish).
    QHash<QString, modes::BulkOutcome> checkOnA(const QStringList &subjects,
                                                const modes::BulkRequest &request)
    {
        modes::BulkSettings bulk([this](const QString &) { return m_a.get(); },
                                 [](const QString &) { return true; });
        QSignalSpy finished(bulk.runner(), &modes::BulkRunner::finished);
        QList<modes::BulkRunner::Item> items;
        for (const QString &subject : subjects)
            items.append({u"a"_s, subject});
        bulk.start(items, request, 3);
        QHash<QString, modes::BulkOutcome> bySubject;
        if (!finished.wait(15000))
            return bySubject;
        for (const modes::BulkOutcome &o : bulk.runner()->outcomes())
            bySubject.insert(o.subject, o);
        return bySubject;
    }

    modes::ConnectionTargets targets() const
    {
        return {{u"a"_s, m_a.get()}, {u"b"_s, m_b.get()}, {u"none"_s, nullptr}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_serverA.start({}, &error), qPrintable(error));
        QVERIFY2(m_serverB.start({}, &error), qPrintable(error));
        m_a = clientFor(m_serverA);
        m_b = clientFor(m_serverB);
        const auto v1 = record(u"Order"_s, uR"({"name":"id","type":"long"})"_s);
        const auto v2 = record(
            u"Order"_s, uR"({"name":"id","type":"long"},{"name":"note","type":"string","default":""})"_s);
        QVERIFY(registerSchema(m_a.get(), u"orders-value"_s, v1));
        QVERIFY(registerSchema(m_a.get(), u"orders-value"_s, v2));
        QVERIFY(registerSchema(m_a.get(), u":.team:orders-key"_s,
                               record(u"Key"_s, uR"({"name":"k","type":"long"})"_s)));
        QVERIFY(registerSchema(m_b.get(), u"payments-value"_s,
                               record(u"Payment"_s, uR"({"name":"id","type":"long"})"_s)));
        auto set =
            await<QString>([&](auto cb) { m_a->setMode(u":.team:"_s, u"READONLY"_s, false, this, cb); });
        QVERIFY(set && set->ok());
    }

    void cleanup()
    {
        m_serverA.faults()->clear();
        m_serverB.faults()->clear();
    }

    void overviewAsksEveryRegistry()
    {
        modes::RegistryOverview overview;
        QSignalSpy refreshed(&overview, &modes::RegistryOverview::refreshed);
        overview.refresh(targets());
        QCOMPARE(overview.rows().size(), 3);
        QVERIFY(overview.rows().at(2).isDone()); // no client: nothing to wait for
        QVERIFY(refreshed.wait(15000));
        QCOMPARE(overview.pending(), 0);
        const modes::OverviewRow &a = overview.rows().at(0);
        QVERIFY(a.reachable);
        QVERIFY(a.version.has_value());
        QVERIFY(a.latencyMs >= 0);
        QVERIFY(a.settingsRead && a.settingsError.isEmpty());
        QVERIFY(a.contexts.contains(u".team"_s));
        QCOMPARE(a.settings.settingsAt(modes::Level::ofContext(u".team"_s)).mode, u"READONLY"_s);
        QVERIFY(overview.rows().at(1).reachable);
        QVERIFY(!overview.rows().at(1).contexts.contains(u".team"_s));
        QVERIFY(!overview.rows().at(2).hasClient);
    }

    void overviewKeepsTheOthersWhenOneIsDown()
    {
        m_serverB.faults()->addRule(FaultRule::drop());
        modes::RegistryOverview overview;
        QSignalSpy refreshed(&overview, &modes::RegistryOverview::refreshed);
        overview.refresh(targets());
        QVERIFY(refreshed.wait(30000));
        QVERIFY(overview.rows().at(0).reachable);
        QVERIFY(overview.rows().at(0).settingsRead);
        QVERIFY(overview.rows().at(1).probed);
        QVERIFY(!overview.rows().at(1).reachable);
        QVERIFY(!overview.rows().at(1).settingsRead);
    }

    void overviewRefreshDropsTheOlderOne()
    {
        m_serverA.faults()->addRule(FaultRule::latency(200));
        modes::RegistryOverview overview;
        QSignalSpy refreshed(&overview, &modes::RegistryOverview::refreshed);
        overview.refresh({{u"a"_s, m_a.get()}});
        overview.refresh({{u"b"_s, m_b.get()}});
        QVERIFY(refreshed.wait(15000));
        QTest::qWait(400);
        QCOMPARE(refreshed.size(), 1);
        QCOMPARE(overview.rows().size(), 1);
        QCOMPARE(overview.rows().at(0).connectionId, u"b"_s);
    }

    void findListsMatchesAndErrors()
    {
        m_serverB.faults()->addRule(FaultRule::errorStatus(500));
        modes::SubjectFinder finder;
        QSignalSpy finished(&finder, &modes::SubjectFinder::finished);
        finder.find(targets(), u"ORDERS"_s);
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.first().first().toInt(), 2);
        QCOMPARE(finder.matchCount(), 2);
        QStringList subjects;
        QStringList errors;
        for (const modes::SubjectMatch &line : finder.lines()) {
            if (line.error.isEmpty())
                subjects << line.subject;
            else
                errors << line.connectionId;
        }
        subjects.sort();
        QCOMPARE(subjects, (QStringList{u":.team:orders-key"_s, u"orders-value"_s}));
        QCOMPARE(errors, QStringList{u"b"_s});
        const auto team = std::find_if(finder.lines().cbegin(), finder.lines().cend(),
                                       [](const auto &l) { return l.subject == u":.team:orders-key"; });
        QCOMPARE(team->context, u".team"_s);
    }

    void findDropsTheOlderSearch()
    {
        m_serverA.faults()->addRule(FaultRule::latency(200));
        modes::SubjectFinder finder;
        QSignalSpy finished(&finder, &modes::SubjectFinder::finished);
        finder.find({{u"a"_s, m_a.get()}}, u"orders"_s);
        finder.find({{u"b"_s, m_b.get()}}, u"payments"_s);
        QVERIFY(finished.wait(15000));
        QTest::qWait(400);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finder.lines().size(), 1);
        QCOMPARE(finder.lines().at(0).subject, u"payments-value"_s);
        QVERIFY(!finder.isBusy());
    }

    void bulkDryRunWritesNothingThenRunWrites()
    {
        modes::BulkSettings bulk([this](const QString &id) { return id == u"a" ? m_a.get() : m_b.get(); },
                                 [](const QString &id) { return id != u"b"; });
        const QList<modes::BulkRunner::Item> items{{u"a"_s, u"orders-value"_s},
                                                   {u"b"_s, u"payments-value"_s}};
        QSignalSpy finished(bulk.runner(), &modes::BulkRunner::finished);
        modes::BulkRequest request;
        request.action = modes::BulkAction::SetCompatibility;
        request.value = u"FULL"_s;
        request.dry = true;
        bulk.start(items, request, 2);
        QVERIFY(finished.wait(15000));
        QCOMPARE(bulk.runner()->totals().changed, 2);
        QCOMPARE(bulk.runner()->outcomes().at(0).detail.startsWith(u"would change"_s), true);
        QCOMPARE(subjectCompatibility(m_a.get(), u"orders-value"_s), QString());

        request.dry = false;
        bulk.start(items, request, 2);
        QVERIFY(finished.wait(15000));
        const modes::BulkTotals totals = bulk.runner()->totals();
        QCOMPARE(totals.changed, 1);
        QCOMPARE(totals.failed, 1); // b is read-only here
        QCOMPARE(subjectCompatibility(m_a.get(), u"orders-value"_s), u"FULL"_s);
        QCOMPARE(subjectCompatibility(m_b.get(), u"payments-value"_s), QString());

        bulk.start(items.mid(0, 1), request, 1);
        QVERIFY(finished.wait(15000));
        QCOMPARE(bulk.runner()->totals().unchanged, 1);
    }

    void bulkChecksHistoryUnderALevel()
    {
        modes::BulkRequest request;
        request.action = modes::BulkAction::CheckUnderLevel;
        request.value = u"FORWARD"_s;
        const QHash<QString, modes::BulkOutcome> bySubject =
            checkOnA({u"orders-value"_s, u":.team:orders-key"_s, u"missing"_s}, request);
        // v2 adds a field with a default: readers of v1 can read v2 data.
        QCOMPARE(bySubject.value(u"orders-value"_s).status, modes::BulkOutcome::Status::Compatible);
        QCOMPARE(bySubject.value(u":.team:orders-key"_s).detail, u"only one version"_s);
        QCOMPARE(bySubject.value(u"missing"_s).status, modes::BulkOutcome::Status::Failed);
    }

    void bulkChecksACandidate()
    {
        modes::BulkRequest request;
        request.action = modes::BulkAction::CheckSchema;
        request.candidate = record(u"Order"_s, uR"({"name":"id","type":"string"})"_s);
        const modes::BulkOutcome outcome = checkOnA({u"orders-value"_s}, request).value(u"orders-value"_s);
        QCOMPARE(outcome.status, modes::BulkOutcome::Status::Incompatible);
        QVERIFY(!outcome.detail.isEmpty());
    }

    void settingsLoaderLatestLoadWins()
    {
        m_serverA.faults()->addRule(FaultRule::latency(150));
        modes::SettingsLoader loader;
        QSignalSpy loaded(&loader, &modes::SettingsLoader::loaded);
        loader.load(m_a.get());
        loader.load(m_b.get());
        QVERIFY(loaded.wait(15000));
        QTest::qWait(400);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loader.snapshot().subjectNames, QStringList{u"payments-value"_s});
        QVERIFY(!loader.isLoading());
    }

    // A subject whose own mode refuses writes (READONLY): the registry's 42205 is that subject's outcome
    // and its detail, and the others are written. (Runs last: it changes orders-value.)
    void bulkReportsTheRegistrysRefusal()
    {
        QVERIFY(registerSchema(m_a.get(), u"frozen-value"_s,
                               record(u"Frozen"_s, uR"({"name":"id","type":"long"})"_s)));
        auto frozen =
            await<QString>([&](auto cb) { m_a->setMode(u"frozen-value"_s, u"READONLY"_s, false, this, cb); });
        QVERIFY(frozen && frozen->ok());
        modes::BulkRequest request;
        request.action = modes::BulkAction::SetCompatibility;
        request.value = u"FULL_TRANSITIVE"_s;
        const QHash<QString, modes::BulkOutcome> bySubject =
            checkOnA({u"orders-value"_s, u"frozen-value"_s}, request);
        QCOMPARE(bySubject.value(u"orders-value"_s).status, modes::BulkOutcome::Status::Changed);
        const modes::BulkOutcome refused = bySubject.value(u"frozen-value"_s);
        QCOMPARE(refused.status, modes::BulkOutcome::Status::Failed);
        QVERIFY2(refused.detail.contains(u"42205"_s), qPrintable(refused.detail));
        QCOMPARE(subjectCompatibility(m_a.get(), u"orders-value"_s), u"FULL_TRANSITIVE"_s);
        QCOMPARE(subjectCompatibility(m_a.get(), u"frozen-value"_s), QString());
    }

private:
    SandboxServer m_serverA;
    SandboxServer m_serverB;
    std::unique_ptr<registry::RegistryClient> m_a;
    std::unique_ptr<registry::RegistryClient> m_b;
};

QTEST_GUILESS_MAIN(TestModesWorkflows)
#include "tst_modesworkflows.moc"
