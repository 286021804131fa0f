// FolderPlanner against a sandbox registry over real HTTP: a folder laid out as a team keeps it (files
// by naming convention, a hand-written manifest with compatibility and references) planned into every
// action kind, references before referrers, deletes only when asked, nothing for what is identical; the
// plan as JSON and Markdown, and its item model under QAbstractItemModelTester.
#include "plan/FolderPlanner.h"
#include "plan/PlanModel.h"
#include "PlanTestSupport.h"
#include "sandboxserver/FaultInjector.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using namespace sd;
using plan::PlanAction;
using Kind = PlanAction::Kind;
using Verdict = PlanAction::Verdict;

class TestFolderPlan : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<sandbox::SandboxServer> m_server;
    std::unique_ptr<registry::RegistryClient> m_client;
    std::unique_ptr<QTemporaryDir> m_folder;

    QString dir() const { return m_folder->path(); }

    plan::FolderPlan makePlan(plan::FolderPlanRequest request)
    {
        request.folder = dir();
        plan::FolderPlanner planner(m_client.get());
        QSignalSpy finished(&planner, &plan::FolderPlanner::finished);
        if (!planner.start(request) || !finished.wait(15000) || !finished.first().first().toBool()) {
            qWarning() << "planning failed:" << planner.errorText();
            return {};
        }
        return planner.plan();
    }

    static const PlanAction *find(const plan::FolderPlan &plan, Kind kind, const QString &subject)
    {
        for (const PlanAction &action : plan.actions) {
            if (action.kind == kind && action.subject == subject)
                return &action;
        }
        return nullptr;
    }

    static int indexOf(const plan::FolderPlan &plan, Kind kind, const QString &subject)
    {
        for (int i = 0; i < plan.actions.size(); ++i) {
            if (plan.actions.at(i).kind == kind && plan.actions.at(i).subject == subject)
                return i;
        }
        return -1;
    }

    // The registry: same, changed, broken, gone, and a subject in another context. The folder: same
    // (formatted differently), changed (compatible), broken (incompatible), new, and a referrer with what
    // it refers to, both new; the manifest sets changed-value's compatibility.
    void seed()
    {
        using namespace plan::test;
        const QString id = field(u"id"_s, u"\"string\""_s);
        QCOMPARE(registerSchema(*m_server, u"same-value"_s, record(u"Same"_s, id)).status, 200);
        QCOMPARE(registerSchema(*m_server, u"changed-value"_s, record(u"Changed"_s, id)).status, 200);
        QCOMPARE(registerSchema(*m_server, u"broken-value"_s, record(u"Broken"_s, id)).status, 200);
        QCOMPARE(registerSchema(*m_server, u"gone-value"_s, record(u"Gone"_s, id)).status, 200);
        QCOMPARE(registerSchema(*m_server, u":.other:kept-value"_s, record(u"Kept"_s, id)).status, 200);

        const QString same =
            u"{\n  \"type\": \"record\",\n  \"name\": \"Same\",\n  \"namespace\": \"com.acme\",\n"
            "  \"fields\": [ { \"name\": \"id\", \"type\": \"string\" } ]\n}\n"_s;
        QVERIFY(writeFile(dir(), u"same-value.avsc"_s, same.toUtf8()));
        QVERIFY(writeFile(
            dir(), u"changed-value.avsc"_s,
            record(u"Changed"_s, id + u","_s + field(u"note"_s, u"[\"null\",\"string\"],\"default\":null"_s))
                .toUtf8()));
        QVERIFY(writeFile(dir(), u"broken-value.avsc"_s,
                          record(u"Broken"_s, field(u"id"_s, u"\"int\""_s)).toUtf8()));
        QVERIFY(writeFile(dir(), u"new-value.avsc"_s, record(u"New"_s, id).toUtf8()));
        QVERIFY(writeFile(dir(), u"schemas/common.avsc"_s, record(u"Common"_s, id).toUtf8()));
        QVERIFY(writeFile(dir(), u"schemas/order.avsc"_s,
                          record(u"Order"_s, field(u"common"_s, u"\"com.acme.Common\""_s)).toUtf8()));
        QVERIFY(writeManifest(
            dir(), QJsonArray{QJsonObject{{u"file"_s, u"changed-value.avsc"_s},
                                          {u"subject"_s, u"changed-value"_s},
                                          {u"compatibility"_s, u"full"_s}},
                              QJsonObject{{u"file"_s, u"schemas/order.avsc"_s},
                                          {u"subject"_s, u"order-value"_s},
                                          {u"references"_s,
                                           QJsonArray{reference(u"com.acme.Common"_s, u"common-value"_s)}}},
                              QJsonObject{{u"file"_s, u"schemas/common.avsc"_s},
                                          {u"subject"_s, u"common-value"_s}}}));
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<sandbox::SandboxServer>();
        QString error;
        QVERIFY2(m_server->start({}, &error), qPrintable(error));
        m_client = std::make_unique<registry::RegistryClient>(plan::test::profileOf(u"plan"_s, *m_server),
                                                              registry::ConnectionSecrets{});
        m_folder = std::make_unique<QTemporaryDir>();
        QVERIFY(m_folder->isValid());
    }

    void cleanup()
    {
        m_client.reset();
        m_server.reset();
        m_folder.reset();
    }

    void everyActionKind()
    {
        seed();
        plan::FolderPlanRequest request;
        request.deleteMissing = true;
        const plan::FolderPlan plan = makePlan(request);
        QVERIFY2(plan.warnings.isEmpty(), qPrintable(plan.warnings.join(u'\n')));
        QCOMPARE(plan.unchanged, 1); // same-value, formatting ignored
        QVERIFY(!find(plan, Kind::Register, u"same-value"_s));

        const PlanAction *compatibility = find(plan, Kind::SetCompatibility, u"changed-value"_s);
        QVERIFY(compatibility);
        QCOMPARE(compatibility->compatibility, u"FULL"_s);
        QCOMPARE(compatibility->currentCompatibility, QString());

        const PlanAction *changed = find(plan, Kind::Register, u"changed-value"_s);
        QVERIFY(changed);
        QCOMPARE(changed->verdict, Verdict::Compatible);
        QVERIFY(changed->selected);
        QCOMPARE(changed->file, u"changed-value.avsc"_s);

        const PlanAction *broken = find(plan, Kind::Register, u"broken-value"_s);
        QVERIFY(broken);
        QCOMPARE(broken->verdict, Verdict::Incompatible);
        QVERIFY(!broken->selected); // refused by the pre-check: not confirmed by default
        QVERIFY(!broken->messages.isEmpty());

        const PlanAction *fresh = find(plan, Kind::Register, u"new-value"_s);
        QVERIFY(fresh);
        QCOMPARE(fresh->verdict, Verdict::NewSubject);

        const PlanAction *gone = find(plan, Kind::Delete, u"gone-value"_s);
        QVERIFY(gone);
        QVERIFY(!gone->permanent);
        QVERIFY(!find(plan, Kind::Delete, u":.other:kept-value"_s)); // a context the folder does not hold

        // Compatibility first, then registrations, then deletes.
        QCOMPARE(plan.actions.first().kind, Kind::SetCompatibility);
        QCOMPARE(plan.actions.last().kind, Kind::Delete);
        QCOMPARE(plan.actions.size(), 7);
    }

    void referencesBeforeReferrers()
    {
        seed();
        const plan::FolderPlan plan = makePlan({});
        const int common = indexOf(plan, Kind::Register, u"common-value"_s);
        const int order = indexOf(plan, Kind::Register, u"order-value"_s);
        QVERIFY(common >= 0 && order >= 0);
        QVERIFY(common < order);
        const PlanAction &referrer = plan.actions.at(order);
        QCOMPARE(referrer.dependsOn, QList<int>{common});
        QCOMPARE(referrer.verdict, Verdict::NewSubject); // nothing to check it against
        QCOMPARE(referrer.references.size(), 1);
        QCOMPARE(referrer.references.first().version, 0);    // the version this plan registers
        QVERIFY(!find(plan, Kind::Delete, u"gone-value"_s)); // deletes only when asked
    }

    void referenceToAnUnchangedSubjectTakesItsLatest()
    {
        using namespace plan::test;
        const QString id = field(u"id"_s, u"\"string\""_s);
        QCOMPARE(registerSchema(*m_server, u"common-value"_s, record(u"Common"_s, id)).status, 200);
        QVERIFY(writeFile(dir(), u"common-value.avsc"_s, record(u"Common"_s, id).toUtf8()));
        QVERIFY(writeFile(dir(), u"order-value.avsc"_s,
                          record(u"Order"_s, field(u"common"_s, u"\"com.acme.Common\""_s)).toUtf8()));
        QVERIFY(writeManifest(
            dir(), QJsonArray{QJsonObject{
                       {u"file"_s, u"order-value.avsc"_s},
                       {u"references"_s, QJsonArray{reference(u"com.acme.Common"_s, u"common-value"_s)}}}}));
        const plan::FolderPlan plan = makePlan({});
        QCOMPARE(plan.actions.size(), 1);
        const PlanAction &order = plan.actions.first();
        QCOMPARE(order.subject, u"order-value"_s); // the subject from the file name
        QCOMPARE(order.references.first().version, 1);
        QCOMPARE(order.verdict, Verdict::NewSubject);
    }

    void aChangedReferrerIsCheckedAfterItsReference()
    {
        using namespace plan::test;
        const QString id = field(u"id"_s, u"\"string\""_s);
        const QString note = field(u"note"_s, u"[\"null\",\"string\"],\"default\":null"_s);
        const QString common = field(u"common"_s, u"\"com.acme.Common\""_s);
        QCOMPARE(registerSchema(*m_server, u"common-value"_s, record(u"Common"_s, id)).status, 200);
        QCOMPARE(registerSchema(*m_server, u"order-value"_s, record(u"Order"_s, common), u"AVRO"_s,
                                QJsonArray{reference(u"com.acme.Common"_s, u"common-value"_s, 1)})
                     .status,
                 200);
        QVERIFY(writeFile(dir(), u"common-value.avsc"_s, record(u"Common"_s, id + u","_s + note).toUtf8()));
        QVERIFY(writeFile(dir(), u"order-value.avsc"_s, record(u"Order"_s, common + u","_s + note).toUtf8()));
        QVERIFY(writeManifest(
            dir(), QJsonArray{QJsonObject{
                       {u"file"_s, u"order-value.avsc"_s},
                       {u"references"_s, QJsonArray{reference(u"com.acme.Common"_s, u"common-value"_s)}}}}));
        const plan::FolderPlan plan = makePlan({});
        QCOMPARE(plan.actions.size(), 2);
        QCOMPARE(plan.actions.at(0).subject, u"common-value"_s);
        QCOMPARE(plan.actions.at(0).verdict, Verdict::Compatible);
        QCOMPARE(plan.actions.at(1).subject, u"order-value"_s);
        QCOMPARE(plan.actions.at(1).verdict, Verdict::AfterReferences);
        QCOMPARE(plan.actions.at(1).dependsOn, QList<int>{0});
    }

    void unlistedFilesIgnoredWhenTheManifestSaysSo()
    {
        using namespace plan::test;
        const QString schema = record(u"Order"_s, field(u"id"_s, u"\"string\""_s));
        QVERIFY(writeFile(dir(), u"src/main/avro/order.avsc"_s, schema.toUtf8()));
        QVERIFY(writeFile(dir(), u"package.json"_s, "{\"name\": \"schemas\"}"));
        const QJsonObject manifest{
            {u"format"_s, u"schemadesk-schemas"_s},
            {u"unlisted"_s, u"ignore"_s},
            {u"subjects"_s, QJsonArray{QJsonObject{{u"file"_s, u"src/main/avro/order.avsc"_s},
                                                   {u"subject"_s, u"orders-value"_s}}}}};
        QVERIFY(writeFile(dir(), u"schemadesk-schemas.json"_s, QJsonDocument(manifest).toJson()));
        const plan::FolderPlan plan = makePlan({});
        QCOMPARE(plan.actions.size(), 1);
        QCOMPARE(plan.actions.first().subject, u"orders-value"_s);
        QCOMPARE(plan.actions.first().file, u"src/main/avro/order.avsc"_s);
    }

    void aFileOfAnOlderVersionIsNotRegisteredAgain()
    {
        using namespace plan::test;
        const QString v1 = record(u"Order"_s, field(u"id"_s, u"\"string\""_s));
        const QString v2 =
            record(u"Order"_s, field(u"id"_s, u"\"string\""_s) + u","_s +
                                   field(u"note"_s, u"[\"null\",\"string\"],\"default\":null"_s));
        QCOMPARE(registerSchema(*m_server, u"orders-value"_s, v1).status, 200);
        QCOMPARE(registerSchema(*m_server, u"orders-value"_s, v2).status, 200);
        QVERIFY(writeFile(dir(), u"orders-value.avsc"_s, v1.toUtf8()));
        const plan::FolderPlan plan = makePlan({});
        QVERIFY(plan.isEmpty()); // the registry would answer with version 1's id and add nothing
        QCOMPARE(plan.warnings.size(), 1);
        QVERIFY2(plan.warnings.first().contains(u"version 1, not the latest (2)"_s),
                 qPrintable(plan.warnings.first()));
    }

    void permanentDeleteWhenAsked()
    {
        seed();
        plan::FolderPlanRequest request;
        request.deleteMissing = true;
        request.permanentDelete = true;
        const plan::FolderPlan plan = makePlan(request);
        const PlanAction *gone = find(plan, Kind::Delete, u"gone-value"_s);
        QVERIFY(gone);
        QVERIFY(gone->permanent);
    }

    void identicalFolderPlansNothing()
    {
        using namespace plan::test;
        const QString schema = record(u"Same"_s, field(u"id"_s, u"\"string\""_s));
        QCOMPARE(registerSchema(*m_server, u"same-value"_s, schema).status, 200);
        QCOMPARE(registerSchema(*m_server, u":.eu:same-value"_s, schema).status, 200);
        QVERIFY(writeFile(dir(), u"same-value.avsc"_s, schema.toUtf8()));
        QVERIFY(writeFile(dir(), u"contexts/eu/same-value.avsc"_s, schema.toUtf8()));
        plan::FolderPlanRequest request;
        request.deleteMissing = true;
        const plan::FolderPlan plan = makePlan(request);
        QVERIFY(plan.isEmpty());
        QCOMPARE(plan.unchanged, 2);
    }

    void aRegistryThatFailsIsReported()
    {
        seed();
        m_server->faults()->addRule(sandbox::FaultRule::errorStatus(500));
        plan::FolderPlanner planner(m_client.get());
        QSignalSpy finished(&planner, &plan::FolderPlanner::finished);
        plan::FolderPlanRequest request;
        request.folder = dir();
        QVERIFY(planner.start(request));
        QVERIFY(finished.wait(15000));
        QVERIFY(!finished.first().first().toBool());
        QVERIFY2(planner.errorText().startsWith(u"Loading plan ("_s), qPrintable(planner.errorText()));
        QVERIFY(planner.plan().isEmpty());
    }

    void refusesAMissingFolder()
    {
        plan::FolderPlanner planner(m_client.get());
        QSignalSpy finished(&planner, &plan::FolderPlanner::finished);
        plan::FolderPlanRequest request;
        request.folder = dir() + u"/nope"_s;
        QVERIFY(!planner.start(request));
        QCOMPARE(finished.size(), 1);
        QVERIFY(!finished.first().first().toBool());
        QVERIFY(!planner.errorText().isEmpty());
    }

    void cancelDeliversNothingLate()
    {
        seed();
        plan::FolderPlanner planner(m_client.get());
        QSignalSpy finished(&planner, &plan::FolderPlanner::finished);
        plan::FolderPlanRequest request;
        request.folder = dir();
        QVERIFY(planner.start(request));
        planner.cancel();
        QCOMPARE(finished.size(), 1);
        QVERIFY(!finished.first().first().toBool());
        QCOMPARE(planner.errorText(), u"Cancelled."_s);
        QTest::qWait(300);
        QCOMPARE(finished.size(), 1);
        QVERIFY(planner.plan().isEmpty());
        // A new start after a cancel plans as usual.
        QVERIFY(planner.start(request));
        QVERIFY(finished.wait(15000));
        QVERIFY(finished.last().first().toBool());
        QCOMPARE(planner.plan().actions.size(), 6);
    }

    void jsonMarkdownAndModel()
    {
        seed();
        plan::FolderPlanRequest request;
        request.deleteMissing = true;
        const plan::FolderPlan plan = makePlan(request);
        const QJsonObject json = plan.toJson();
        QCOMPARE(json.value(u"format"_s).toString(), u"schemadesk-plan"_s);
        const QJsonArray actions = json.value(u"actions"_s).toArray();
        QCOMPARE(actions.size(), plan.actions.size());
        QCOMPARE(actions.first().toObject().value(u"action"_s).toString(), u"setCompatibility"_s);
        const QString markdown = plan.toMarkdown();
        QVERIFY(markdown.contains(u"| `broken-value` | register AVRO"_s));
        QVERIFY(markdown.contains(u"incompatible"_s));
        QVERIFY(markdown.contains(u"delete (soft)"_s));

        plan::PlanModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPlan(plan);
        QCOMPARE(model.rowCount(), plan.actions.size());
        const int broken = indexOf(plan, Kind::Register, u"broken-value"_s);
        const QModelIndex check = model.index(broken, plan::PlanModel::ActionColumn);
        QCOMPARE(check.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QSignalSpy selection(&model, &plan::PlanModel::selectionChanged);
        QVERIFY(model.setData(check, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(selection.size(), 1);
        QVERIFY(model.plan().actions.at(broken).selected);
        QVERIFY(model.index(broken, plan::PlanModel::CheckColumn)
                    .data()
                    .toString()
                    .startsWith(u"incompatible"_s));
        PlanAction applied = plan.actions.at(broken);
        applied.state = PlanAction::State::Refused;
        applied.result = u"<b>no</b>"_s;
        model.updateAction(broken, applied);
        QCOMPARE(model.index(broken, plan::PlanModel::ResultColumn).data().toString(),
                 u"refused: <b>no</b>"_s);
        model.setAllSelected(false);
        QCOMPARE(model.plan().selectedCount(), 0);
        model.setPlan({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFolderPlan)
#include "tst_folderplan.moc"
