// PlanApply against a sandbox registry over real HTTP: a plan applied records each result in order (a
// referrer registered against the version its reference just got), a re-plan afterwards is empty, a
// refused registration skips what depends on it while independent actions still run, cancel, and a
// protected connection that refuses without its typed confirmation and proceeds with it.
#include "plan/FolderPlanner.h"
#include "plan/PlanApply.h"
#include "PlanTestSupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace sd;
using plan::PlanAction;
using Kind = PlanAction::Kind;
using State = PlanAction::State;

class TestPlanApply : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<registry::RegistryClient> m_client;
    std::unique_ptr<QTemporaryDir> m_folder;

    QString dir() const { return m_folder->path(); }

    void openClient(bool isProtected)
    {
        registry::ConnectionProfile profile = plan::test::profileOf(u"prod"_s, *m_server);
        profile.isProtected = isProtected;
        m_client = std::make_unique<registry::RegistryClient>(profile, registry::ConnectionSecrets{});
    }

    plan::FolderPlan makePlan(bool deleteMissing = true, bool permanent = false)
    {
        plan::FolderPlanRequest request;
        request.folder = dir();
        request.deleteMissing = deleteMissing;
        request.permanentDelete = permanent;
        plan::FolderPlanner planner(m_client.get());
        QSignalSpy finished(&planner, &plan::FolderPlanner::finished);
        if (!planner.start(request) || !finished.wait(15000) || !finished.first().first().toBool()) {
            qWarning() << "planning failed:" << planner.errorText();
            return {};
        }
        return planner.plan();
    }

    static bool apply(plan::PlanApply &apply, const plan::FolderPlan &plan,
                      const registry::WriteConfirmation &confirmation = {})
    {
        QSignalSpy finished(&apply, &plan::PlanApply::finished);
        if (!apply.start(plan, confirmation))
            return false;
        return finished.wait(15000) && finished.first().first().toBool();
    }

    static int indexOf(const plan::FolderPlan &plan, Kind kind, const QString &subject)
    {
        for (int i = 0; i < plan.actions.size(); ++i) {
            if (plan.actions.at(i).kind == kind && plan.actions.at(i).subject == subject)
                return i;
        }
        return -1;
    }

    // Registry: changed-value v1, gone-value. Folder: changed-value v2 with FULL in the manifest, new
    // common-value and order-value referring to it.
    void seed()
    {
        using namespace plan::test;
        const QString id = field(u"id"_s, u"\"string\""_s);
        QCOMPARE(registerSchema(*m_server, u"changed-value"_s, record(u"Changed"_s, id)).status, 200);
        QCOMPARE(registerSchema(*m_server, u"gone-value"_s, record(u"Gone"_s, id)).status, 200);
        QVERIFY(writeFile(
            dir(), u"changed-value.avsc"_s,
            record(u"Changed"_s, id + u","_s + field(u"note"_s, u"[\"null\",\"string\"],\"default\":null"_s))
                .toUtf8()));
        QVERIFY(writeFile(dir(), u"common-value.avsc"_s, record(u"Common"_s, id).toUtf8()));
        QVERIFY(writeFile(dir(), u"order-value.avsc"_s,
                          record(u"Order"_s, field(u"common"_s, u"\"com.acme.Common\""_s)).toUtf8()));
        QVERIFY(writeManifest(
            dir(),
            QJsonArray{QJsonObject{{u"file"_s, u"changed-value.avsc"_s}, {u"compatibility"_s, u"FULL"_s}},
                       QJsonObject{{u"file"_s, u"order-value.avsc"_s},
                                   {u"references"_s,
                                    QJsonArray{reference(u"com.acme.Common"_s, u"common-value"_s)}}}}));
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<sandbox::SandboxServer>();
        QString error;
        QVERIFY2(m_server->start({}, &error), qPrintable(error));
        openClient(false);
        m_folder = std::make_unique<QTemporaryDir>();
        QVERIFY(m_folder->isValid());
    }

    void cleanup()
    {
        m_client.reset();
        m_server.reset();
        m_folder.reset();
    }

    void appliesInOrderAndReplanIsEmpty()
    {
        seed();
        const plan::FolderPlan plan = makePlan();
        QCOMPARE(plan.actions.size(), 5);
        plan::PlanApply applier(m_client.get());
        QSignalSpy done(&applier, &plan::PlanApply::actionFinished);
        QVERIFY2(apply(applier, plan), qPrintable(applier.errorText()));
        QCOMPARE(done.size(), 5);
        for (int i = 0; i < done.size(); ++i)
            QCOMPARE(done.at(i).first().toInt(), i); // in the plan's order
        QCOMPARE(applier.count(State::Ok), 5);
        const plan::FolderPlan &result = applier.plan();
        const PlanAction &order = result.actions.at(indexOf(result, Kind::Register, u"order-value"_s));
        QCOMPARE(order.registeredVersion, 1);
        QVERIFY(order.result.startsWith(u"registered as version 1"_s));
        QCOMPARE(order.references.first().version, 1); // common-value's new version
        const PlanAction &changed = result.actions.at(indexOf(result, Kind::Register, u"changed-value"_s));
        QCOMPARE(changed.registeredVersion, 2);

        testing::RestClient rest(m_server->url());
        QCOMPARE(rest.get(u"/config/changed-value"_s).object().value(u"compatibilityLevel"_s).toString(),
                 u"FULL"_s);
        QVERIFY(!plan::test::subjects(*m_server).contains(u"gone-value"_s));
        QVERIFY(plan::test::subjects(*m_server, true).contains(u"gone-value"_s)); // soft

        const plan::FolderPlan again = makePlan();
        QVERIFY2(again.isEmpty(), qPrintable(again.toMarkdown()));
        QCOMPARE(again.unchanged, 3);
    }

    void hardDeleteWhenAsked()
    {
        seed();
        const plan::FolderPlan plan = makePlan(true, true);
        plan::PlanApply applier(m_client.get());
        QVERIFY2(apply(applier, plan), qPrintable(applier.errorText()));
        QVERIFY(!plan::test::subjects(*m_server, true).contains(u"gone-value"_s));
        const PlanAction &gone = applier.plan().actions.last();
        QCOMPARE(gone.kind, Kind::Delete);
        QVERIFY(gone.result.startsWith(u"deleted permanently"_s));
    }

    void aRefusalSkipsWhatDependsOnIt()
    {
        using namespace plan::test;
        seed();
        // common-value now exists with another type for id: the folder's version is incompatible.
        QCOMPARE(
            registerSchema(*m_server, u"common-value"_s, record(u"Common"_s, field(u"id"_s, u"\"int\""_s)))
                .status,
            200);
        plan::FolderPlan plan = makePlan(false);
        const int common = indexOf(plan, Kind::Register, u"common-value"_s);
        const int order = indexOf(plan, Kind::Register, u"order-value"_s);
        QVERIFY(common >= 0 && order > common);
        QCOMPARE(plan.actions.at(common).verdict, PlanAction::Verdict::Incompatible);
        QVERIFY(!plan.actions.at(common).selected);
        plan.actions[common].selected = true; // the user insists
        plan::PlanApply applier(m_client.get());
        QVERIFY(!apply(applier, plan));
        const plan::FolderPlan &result = applier.plan();
        QCOMPARE(result.actions.at(common).state, State::Refused);
        QVERIFY2(result.actions.at(common).result.contains(u"incompatible"_s, Qt::CaseInsensitive),
                 qPrintable(result.actions.at(common).result));
        QCOMPARE(result.actions.at(order).state, State::Skipped);
        QVERIFY(result.actions.at(order).result.contains(u"common-value"_s));
        // Independent actions still ran.
        QCOMPARE(result.actions.at(indexOf(result, Kind::Register, u"changed-value"_s)).state, State::Ok);
        QCOMPARE(result.actions.at(indexOf(result, Kind::SetCompatibility, u"changed-value"_s)).state,
                 State::Ok);
        QVERIFY(!plan::test::subjects(*m_server).contains(u"order-value"_s));
    }

    void anUnselectedReferenceSkipsItsReferrer()
    {
        seed();
        plan::FolderPlan plan = makePlan(false);
        plan.actions[indexOf(plan, Kind::Register, u"common-value"_s)].selected = false;
        plan::PlanApply applier(m_client.get());
        QVERIFY(!apply(applier, plan));
        const PlanAction &order = applier.plan().actions.at(indexOf(plan, Kind::Register, u"order-value"_s));
        QCOMPARE(order.state, State::Skipped);
        QVERIFY(order.result.contains(u"not selected"_s));
        QCOMPARE(applier.plan().actions.at(indexOf(plan, Kind::Register, u"common-value"_s)).state,
                 State::Pending);
    }

    void cancel()
    {
        seed();
        const plan::FolderPlan plan = makePlan();
        m_server->faults()->clear();
        plan::PlanApply applier(m_client.get());
        QSignalSpy finished(&applier, &plan::PlanApply::finished);
        QVERIFY(applier.start(plan));
        QVERIFY(applier.isRunning());
        applier.cancel();
        QCOMPARE(finished.size(), 1);
        QVERIFY(!finished.first().first().toBool());
        QVERIFY(!applier.isRunning());
        QCOMPARE(applier.count(State::Cancelled), plan.actions.size());
        QCOMPARE(applier.errorText(), u"Cancelled."_s);
        QTest::qWait(200); // an aborted request delivers nothing late
        QCOMPARE(finished.size(), 1);
    }

    void readOnlyIsRefused()
    {
        seed();
        const plan::FolderPlan plan = makePlan();
        registry::ConnectionProfile profile = plan::test::profileOf(u"mirror"_s, *m_server);
        profile.readOnly = true;
        registry::RegistryClient readOnly(profile, registry::ConnectionSecrets{});
        plan::PlanApply applier(&readOnly);
        QVERIFY(!applier.start(plan, {u"mirror"_s, u"mirror"_s}));
        QVERIFY(applier.errorText().contains(u"read-only"_s));
        QCOMPARE(applier.count(State::Ok), 0);
        QVERIFY(!plan::test::subjects(*m_server).contains(u"order-value"_s));
    }

    void protectedNeedsTheTypedName()
    {
        seed();
        openClient(true);
        const plan::FolderPlan plan = makePlan();
        QCOMPARE(plan.actions.size(), 5); // planning only reads
        plan::PlanApply applier(m_client.get());
        QSignalSpy finished(&applier, &plan::PlanApply::finished);
        QVERIFY(!applier.start(plan));
        QCOMPARE(finished.size(), 1);
        QVERIFY(applier.errorText().contains(u"protected"_s));
        QVERIFY(!applier.start(plan, {u"prod"_s, u"prd"_s}));
        QVERIFY(!applier.start(plan, {u"x"_s, u"x"_s}));                      // must be the connection's name
        QVERIFY(!plan::test::subjects(*m_server).contains(u"order-value"_s)); // nothing was sent
        QCOMPARE(plan::PlanApply::confirmationText(m_client->profile()), u"prod"_s);
        QVERIFY2(apply(applier, plan, {u"prod"_s, u"prod"_s}), qPrintable(applier.errorText()));
        QCOMPARE(applier.count(State::Ok), 5);
        QVERIFY(plan::test::subjects(*m_server).contains(u"order-value"_s));
    }
};

QTEST_GUILESS_MAIN(TestPlanApply)
#include "tst_planapply.moc"
