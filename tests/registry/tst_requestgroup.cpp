// RequestGroup against the sandbox registry over real HTTP: only the latest generation is delivered,
// older jobs are aborted, fan-outs join once, and a hanging request never blocks the next generation.
#include "registry/RegistryClient.h"
#include "registry/RequestGroup.h"
#include "RegistryTestSupport.h"
#include "sandboxserver/SandboxServer.h"

#include <QPointer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::registry;
using namespace sd::registry::test;
using sd::sandbox::FaultRule;
using sd::sandbox::SandboxServer;

namespace {

ConnectionProfile profileFor(const QUrl &url)
{
    ConnectionProfile p;
    p.name = u"sandbox"_s;
    p.urls = {url};
    p.requestTimeoutMs = 60000;
    p.maxRetries = 0;
    return p;
}

SchemaSubmission avro(const QString &name)
{
    SchemaSubmission s;
    s.schema = uR"({"type":"record","name":")"_s + name + uR"(","fields":[{"name":"a","type":"long"}]})"_s;
    return s;
}

} // namespace

class TestRequestGroup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_sandbox.start({}, &error), qPrintable(error));
        m_client = std::make_unique<RegistryClient>(profileFor(m_sandbox.url()), ConnectionSecrets{});
        for (const QString &subject : {u"orders-value"_s, u"payments-value"_s, u"users-value"_s}) {
            auto r = await<SchemaVersion>([&](auto cb) {
                m_client->registerSchema(subject, avro(subject.section(u'-', 0, 0)), false, this, cb);
            });
            QVERIFY(r && r->ok());
        }
    }

    void cleanup() { m_sandbox.faults()->clear(); }

    // Three searches typed in a row, each slower than the next keystroke: only the last one shows.
    void latestGenerationWins()
    {
        m_sandbox.faults()->addRule(FaultRule::latency(150));
        RequestGroup group;
        QStringList shown;
        int deliveries = 0;
        for (const QString &prefix : {u"o"_s, u"p"_s, u"u"_s}) {
            group.start();
            SubjectQuery q;
            q.subjectPrefix = prefix;
            group.track(m_client->listSubjects(q, group.context(), [&](const Result<QStringList> &r) {
                ++deliveries;
                if (r.ok())
                    shown = r.value;
            }));
        }
        QVERIFY(group.isBusy());
        QVERIFY(waitUntil([&] { return deliveries > 0; }));
        QTest::qWait(300);
        QCOMPARE(deliveries, 1);
        QCOMPARE(shown, QStringList{u"users-value"_s});
        QVERIFY(!group.isBusy());
    }

    // A request that never answers is aborted by the next generation, which is delivered at once.
    void hangingRequestIsAbortedByTheNextGeneration()
    {
        m_sandbox.faults()->addRule(FaultRule::latency(600000, u"GET /subjects"_s, 1));
        RequestGroup group;
        group.start();
        QPointer<RequestJob> hanging =
            group.track(m_client->listSubjects({}, group.context(), [](const Result<QStringList> &) {
                QFAIL("an aborted generation was delivered");
            }));
        QTest::qWait(50);
        QVERIFY(hanging && !hanging->isFinished());
        group.start();
        QVERIFY(hanging.isNull() || hanging->isFinished());
        std::optional<Result<QStringList>> answer;
        group.track(
            m_client->listSubjects({}, group.context(), [&](const Result<QStringList> &r) { answer = r; }));
        QVERIFY(waitUntil([&] { return answer.has_value(); }, 5000));
        QVERIFY(answer->ok());
        QCOMPARE(answer->value.size(), 3);
    }

    // A fan-out (one request per subject) joins once, after the last part, in its own generation only.
    void joinRunsOnceAfterEveryPart()
    {
        m_sandbox.faults()->addRule(FaultRule::latency(30));
        RequestGroup group;
        group.start();
        const QStringList subjects{u"orders-value"_s, u"payments-value"_s, u"users-value"_s};
        QStringList versions;
        int joined = 0;
        auto arrived = group.join(int(subjects.size()), [&] { ++joined; });
        for (const QString &subject : subjects) {
            group.track(m_client->getVersion(subject, u"latest"_s, false, group.context(),
                                             [&, arrived](const Result<SchemaVersion> &r) mutable {
                                                 if (r.ok())
                                                     versions << r.value.subject;
                                                 arrived();
                                             }));
        }
        QVERIFY(waitUntil([&] { return joined > 0; }));
        QTest::qWait(50);
        QCOMPARE(joined, 1);
        versions.sort();
        QCOMPARE(versions, subjects);
    }

    // A join whose generation was replaced never runs, even when its parts all arrive.
    void joinOfAnOldGenerationNeverRuns()
    {
        RequestGroup group;
        group.start();
        bool joined = false;
        auto arrived = group.join(2, [&] { joined = true; });
        arrived();
        group.start();
        arrived();
        QVERIFY(!joined);
        bool empty = false;
        group.join(0, [&] { empty = true; });
        QVERIFY(empty);
    }

    // guard() drops results computed elsewhere (a thread, a timer) after the group moved on or died.
    void guardedCallbacksFollowTheGeneration()
    {
        auto group = std::make_unique<RequestGroup>();
        group->start();
        int calls = 0;
        auto first = group->guard([&](int n) { calls += n; });
        first(1);
        QCOMPARE(calls, 1);
        group->cancel();
        first(10);
        QCOMPARE(calls, 1);
        group->start();
        auto second = group->guard([&](int n) { calls += n; });
        group.reset();
        second(100);
        QCOMPARE(calls, 1);
    }

private:
    SandboxServer m_sandbox;
    std::unique_ptr<RegistryClient> m_client;
};

QTEST_GUILESS_MAIN(TestRequestGroup)
#include "tst_requestgroup.moc"
