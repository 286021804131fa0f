// SubjectCopy against two sandbox registries over real HTTP: ids kept through IMPORT (and the modes put
// back), references before their referrers (a cycle stops the plan), soft-deleted versions and settings
// on request, a second run that writes nothing, cancel and failure mid-way (with the report and a re-run
// that completes), a destination without IMPORT, and a protected destination.
#include "transfer/CopyWriter.h"
#include "transfer/SubjectCopy.h"
#include "TransferTestSupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using sd::transfer::ActionKind;
using sd::transfer::SubjectCopy;
using Outcome = SubjectCopy::Outcome;

namespace {

// Two fresh registries and a workspace connected to both, per test.
struct Registries
{
    sandbox::SandboxServer a;
    sandbox::SandboxServer b;
    items::RegistryWorkspace workspace;
    QString idA;
    QString idB;

    bool start(const sandbox::SandboxOptions &optionsB = {})
    {
        sandbox::SandboxOptions optionsA;
        optionsA.firstSchemaId = 100; // the destination would give 1, 2, …: kept ids show
        return a.start(optionsA) && b.start(optionsB);
    }
    bool open(bool protectB = false)
    {
        idA = transfer::test::openLoaded(workspace, transfer::test::profileOf(u"a"_s, a));
        registry::ConnectionProfile p = transfer::test::profileOf(u"prod"_s, b);
        p.isProtected = protectB;
        idB = transfer::test::openLoaded(workspace, p);
        return !idA.isEmpty() && !idB.isEmpty();
    }
    transfer::CopyRequest request() const
    {
        transfer::CopyRequest r;
        r.source = idA;
        r.destination = idB;
        return r;
    }
};

Outcome await(SubjectCopy &copy, const std::function<bool()> &start)
{
    QSignalSpy finished(&copy, &SubjectCopy::finished);
    start();
    if (finished.isEmpty() && !finished.wait(60000))
        return Outcome::Failed;
    return finished.first().first().value<Outcome>();
}

Outcome plan(SubjectCopy &copy, const transfer::CopyRequest &request)
{
    return await(copy, [&] { return copy.plan(request); });
}

Outcome copyNow(SubjectCopy &copy, const registry::WriteConfirmation &confirmation = {})
{
    return await(copy, [&] { return copy.copy(confirmation); });
}

int indexOf(const transfer::CopyPlan &plan, ActionKind kind, const QString &subject)
{
    for (int i = 0; i < plan.actions.size(); ++i) {
        if (plan.actions.at(i).kind == kind && plan.actions.at(i).subject == subject)
            return i;
    }
    return -1;
}

} // namespace

class TestSubjectCopy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keepsIdsAndRestoresTheMode()
    {
        Registries r;
        QVERIFY(r.start());
        transfer::test::Seeder seedA(r.a);
        QVERIFY(seedA.add(u"orders-value"_s, transfer::test::record(u"Order"_s)).ok());
        QVERIFY(seedA.add(u"orders-value"_s, transfer::test::record(u"Order"_s, u"g"_s)).ok());
        QVERIFY(seedA.add(u"pay-value"_s, transfer::test::record(u"Pay"_s)).ok());
        QVERIFY(r.open());

        SubjectCopy copy(r.workspace);
        QCOMPARE(plan(copy, r.request()), Outcome::Planned);
        const transfer::CopyPlan &p = copy.currentPlan();
        QVERIFY2(p.blocker.isEmpty(), qPrintable(p.blocker));
        QVERIFY(p.idsKept);
        QCOMPARE(p.count(ActionKind::Register), 3);
        QCOMPARE(p.count(ActionKind::EnterImport), 1); // the empty default context as a whole
        QCOMPARE(p.actions.first().kind, ActionKind::EnterImport);
        QCOMPARE(p.actions.last().kind, ActionKind::RestoreMode);
        QVERIFY(p.summary().contains(u"3 versions to register"_s));
        QVERIFY(copy.currentPlan().toMarkdown().contains(u"with id 101"_s));
        // A plan writes nothing.
        QVERIFY(transfer::test::Seeder(r.b).versions(u"orders-value"_s, true).error.isNotFound());

        QSignalSpy progress(&copy, &SubjectCopy::progress);
        QCOMPARE(copyNow(copy), Outcome::Copied);
        const transfer::CopyResult &result = copy.result();
        QVERIFY(result.complete());
        QCOMPARE(result.writes.writeRequests, 3);
        QCOMPARE(result.writes.modeChanges, 2);
        QVERIFY(result.writes.maxInFlight <= 6);
        QVERIFY(!progress.isEmpty());
        QVERIFY(result.verified);
        QCOMPARE(result.verification.identical, 2);
        QCOMPARE(result.verification.differing, 0);
        QVERIFY(result.verificationProblems.isEmpty());

        transfer::test::Seeder b(r.b);
        QCOMPARE(b.version(u"orders-value"_s, 1).value.id, 100);
        QCOMPARE(b.version(u"orders-value"_s, 2).value.id, 101);
        QCOMPARE(b.version(u"pay-value"_s, 1).value.id, 102);
        QCOMPARE(b.mode({}, true).value, u"READWRITE"_s);
    }

    void intoAContextWithReferencesFirst()
    {
        Registries r;
        QVERIFY(r.start());
        transfer::test::Seeder seedA(r.a);
        QVERIFY(seedA.add(u"z-customer"_s, transfer::test::record(u"Customer"_s)).ok());
        const QString order =
            uR"({"type":"record","name":"Order","fields":[{"name":"c","type":"Customer"}]})"_s;
        QVERIFY(seedA.add(u"a-order"_s, order, {{u"Customer"_s, u"z-customer"_s, 1}}).ok());
        QVERIFY(r.open());

        transfer::CopyRequest request = r.request();
        request.mapping.contextType = diff::ContextType::Custom;
        request.mapping.context = u"copy"_s;
        SubjectCopy copy(r.workspace);
        QCOMPARE(plan(copy, request), Outcome::Planned);
        const transfer::CopyPlan &p = copy.currentPlan();
        const int customer = indexOf(p, ActionKind::Register, u"z-customer"_s);
        const int referrer = indexOf(p, ActionKind::Register, u"a-order"_s);
        QVERIFY(customer >= 0 && referrer > customer);
        QVERIFY(p.actions.at(referrer).dependsOn.contains(customer));
        QCOMPARE(p.actions.at(referrer).target, u":.copy:a-order"_s);
        QCOMPARE(p.actions.first().target, u":.copy:"_s);

        QCOMPARE(copyNow(copy), Outcome::Copied);
        QVERIFY(copy.result().complete());
        transfer::test::Seeder b(r.b);
        const auto copied = b.version(u":.copy:a-order"_s, 1);
        QVERIFY2(copied.ok(), qPrintable(copied.error.toDisplayString()));
        QCOMPARE(copied.value.id, 101);
        QCOMPARE(copied.value.references.size(), 1);
        QCOMPARE(copy.result().verification.differing, 0);
        QVERIFY(b.mode(u":.copy:"_s, false).error.isNotFound()); // no mode of its own, as before
    }

    void softDeletedOnRequestAndSettings()
    {
        Registries r;
        QVERIFY(r.start());
        transfer::test::Seeder seedA(r.a);
        QVERIFY(seedA.add(u"s"_s, transfer::test::record(u"S"_s)).ok());
        QVERIFY(seedA.add(u"s"_s, transfer::test::record(u"S"_s, u"g"_s)).ok());
        QVERIFY(seedA.add(u"s"_s, transfer::test::record(u"S"_s, u"h"_s)).ok());
        QVERIFY(seedA.softDelete(u"s"_s, 2));
        QVERIFY(seedA.setCompatibility(u"s"_s, u"NONE"_s));
        QVERIFY(r.open());

        SubjectCopy copy(r.workspace);
        QCOMPARE(plan(copy, r.request()), Outcome::Planned);
        QCOMPARE(copy.currentPlan().count(ActionKind::Register), 2); // v2 left out
        QCOMPARE(copy.currentPlan().count(ActionKind::SetCompatibility), 0);

        transfer::CopyRequest request = r.request();
        request.options.includeDeleted = true;
        request.options.copySettings = true;
        QCOMPARE(plan(copy, request), Outcome::Planned);
        const transfer::CopyPlan &p = copy.currentPlan();
        QCOMPARE(p.count(ActionKind::Register), 3);
        QCOMPARE(p.count(ActionKind::SoftDelete), 1);
        QCOMPARE(p.count(ActionKind::SetCompatibility), 1);
        QCOMPARE(copyNow(copy), Outcome::Copied);
        QVERIFY(copy.result().complete());
        transfer::test::Seeder b(r.b);
        QCOMPARE(b.versions(u"s"_s, false).value, (QList<int>{1, 3}));
        QCOMPARE(b.versions(u"s"_s, true).value, (QList<int>{1, 2, 3}));
        QCOMPARE(b.version(u"s"_s, 2, true).value.id, 101);
        QCOMPARE(b.config(u"s"_s).value.compatibility, u"NONE"_s);
        QCOMPARE(copy.result().verification.differing, 0);

        // Again: everything is identical, nothing is written.
        QCOMPARE(plan(copy, request), Outcome::Planned);
        QCOMPARE(copy.currentPlan().writes(), 0);
        QCOMPARE(copy.currentPlan().count(ActionKind::Skip), 3);
        QCOMPARE(copyNow(copy), Outcome::Copied);
        QCOMPARE(copy.result().writes.writeRequests, 0);
        QCOMPARE(copy.result().writes.modeChanges, 0);
    }

    void cancelMidwayRestoresTheMode()
    {
        Registries r;
        sandbox::SandboxOptions slow;
        slow.faults = {u"latency=40,route=POST /subjects/*"_s};
        QVERIFY(r.start(slow));
        transfer::test::Seeder seedA(r.a);
        for (int i = 0; i < 40; ++i)
            QVERIFY(seedA.add(u"s-%1"_s.arg(i, 2, 10, QChar(u'0')), transfer::test::record(u"S%1"_s.arg(i)))
                        .ok());
        QVERIFY(r.open());

        SubjectCopy copy(r.workspace);
        QCOMPARE(plan(copy, r.request()), Outcome::Planned);
        QSignalSpy finished(&copy, &SubjectCopy::finished);
        connect(&copy, &SubjectCopy::progress, &copy, [&copy](int done) {
            if (done == 8)
                copy.cancel();
        });
        QVERIFY(copy.copy());
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().first().value<Outcome>(), Outcome::Cancelled);
        const transfer::CopyResult &result = copy.result();
        QVERIFY(result.writes.cancelled);
        QVERIFY(result.writes.modesRestored);
        QVERIFY(result.writes.done.size() >= 8);
        QVERIFY(!result.writes.notDone.isEmpty());
        QVERIFY(copy.result().toMarkdown(copy.currentPlan()).contains(u"## Not written"_s));
        transfer::test::Seeder b(r.b);
        QCOMPARE(b.mode({}, true).value, u"READWRITE"_s);

        // The re-run writes the rest: the written subjects are skipped, the others get IMPORT one by one.
        r.b.faults()->clear();
        disconnect(&copy, &SubjectCopy::progress, &copy, nullptr);
        QCOMPARE(plan(copy, r.request()), Outcome::Planned);
        const transfer::CopyPlan &p = copy.currentPlan();
        QCOMPARE(p.count(ActionKind::Skip) + p.count(ActionKind::Register), 40);
        QVERIFY(p.count(ActionKind::Skip) >= 8);
        QCOMPARE(copyNow(copy), Outcome::Copied);
        QVERIFY(copy.result().complete());
        QCOMPARE(copy.result().verification.identical, 40);
        QCOMPARE(b.mode(u"s-39"_s, false).error.isNotFound(), true);
    }

    void failureMidwayIsReportedAndCompletedByARerun()
    {
        Registries r;
        QVERIFY(r.start());
        transfer::test::Seeder seedA(r.a);
        for (int i = 0; i < 12; ++i)
            QVERIFY(seedA.add(u"s-%1"_s.arg(i, 2, 10, QChar(u'0')), transfer::test::record(u"S%1"_s.arg(i)))
                        .ok());
        QVERIFY(r.open());
        r.b.faults()->addRule(sandbox::FaultRule::errorStatus(500, u"POST /subjects/s-05/versions"_s, 1));

        SubjectCopy copy(r.workspace);
        QCOMPARE(plan(copy, r.request()), Outcome::Planned);
        QCOMPARE(copyNow(copy), Outcome::Failed);
        const transfer::CopyResult &result = copy.result();
        QCOMPARE(result.writes.failures.size(), 1);
        const int failed = result.writes.failures.keys().first();
        QCOMPARE(copy.currentPlan().actions.at(failed).subject, u"s-05"_s);
        QVERIFY(!result.writes.done.isEmpty());
        QVERIFY(result.writes.modesRestored);
        QVERIFY(copy.errorText().contains(u"Run the copy again"_s));
        const QString report = result.toMarkdown(copy.currentPlan());
        QVERIFY(report.contains(u"## Refused"_s));
        QVERIFY(report.contains(u"## Written"_s));
        QCOMPARE(transfer::test::Seeder(r.b).mode({}, true).value, u"READWRITE"_s);

        QCOMPARE(plan(copy, r.request()), Outcome::Planned);
        QVERIFY(copy.currentPlan().count(ActionKind::Register) >= 1);
        QCOMPARE(copyNow(copy), Outcome::Copied);
        QVERIFY(copy.result().complete());
        QCOMPARE(copy.result().verification.identical, 12);
        QCOMPARE(transfer::test::Seeder(r.b).version(u"s-05"_s, 1).value.id, 105);
    }

    void aConflictAtTheDestinationIsInThePlan()
    {
        Registries r;
        QVERIFY(r.start());
        QVERIFY(transfer::test::Seeder(r.a).add(u"s"_s, transfer::test::record(u"S"_s)).ok());
        QVERIFY(transfer::test::Seeder(r.b).add(u"s"_s, transfer::test::record(u"Other"_s)).ok());
        QVERIFY(r.open());
        SubjectCopy copy(r.workspace);
        QCOMPARE(plan(copy, r.request()), Outcome::Planned);
        QCOMPARE(copy.currentPlan().count(ActionKind::Conflict), 1);
        QCOMPARE(copy.currentPlan().count(ActionKind::Register), 0);
        QVERIFY(copy.currentPlan().toMarkdown().contains(u"holds another schema"_s));
    }

    void withoutImportThePlanSaysSo()
    {
        Registries r;
        sandbox::SandboxOptions karapace;
        karapace.flavour = sandbox::Flavour::Karapace;
        QVERIFY(r.start(karapace));
        QVERIFY(transfer::test::Seeder(r.a).add(u"s"_s, transfer::test::record(u"S"_s)).ok());
        QVERIFY(r.open());
        SubjectCopy copy(r.workspace);
        QCOMPARE(plan(copy, r.request()), Outcome::Planned);
        QVERIFY(!copy.currentPlan().idsKept);
        QVERIFY(copy.currentPlan().blocker.contains(u"Karapace"_s));
        QVERIFY(!copy.copy()); // refused before anything is sent

        transfer::CopyRequest request = r.request();
        request.options.newIdsIfNeeded = true;
        QCOMPARE(plan(copy, request), Outcome::Planned);
        QVERIFY(copy.currentPlan().blocker.isEmpty());
        QVERIFY(copy.currentPlan().notes.join(u' ').contains(u"Ids cannot be kept"_s));
        QCOMPARE(copy.currentPlan().count(ActionKind::EnterImport), 0);
        QCOMPARE(copyNow(copy), Outcome::Copied);
        QCOMPARE(transfer::test::Seeder(r.b).version(u"s"_s, 1).value.id, 1); // the destination's own id
        QCOMPARE(copy.result().verification.differing, 0);
    }

    // A registry cannot hold a reference cycle, but a snapshot can say one: the plan refuses it.
    void aCycleOfReferencesStopsThePlan()
    {
        auto record = [](const QString &subject, const QString &refersTo) {
            registry::RegistrySnapshot::Record r;
            r.subject = subject;
            r.version = 1;
            r.id = subject == u"a"_s ? 1 : 2;
            r.schemaType = u"AVRO"_s;
            r.schema = transfer::test::record(subject.toUpper());
            r.references = {{refersTo.toUpper(), refersTo, 1}};
            return r;
        };
        transfer::PlanInput input;
        input.source =
            registry::RegistrySnapshot::build({}, QList{record(u"a"_s, u"b"_s), record(u"b"_s, u"a"_s)});
        input.destination =
            registry::RegistrySnapshot::build({}, QList<registry::RegistrySnapshot::Record>{});
        const transfer::CopyPlan plan = transfer::CopyPlanner::plan(input);
        QVERIFY2(plan.blocker.startsWith(u"References form a cycle: "_s), qPrintable(plan.blocker));
        QVERIFY(plan.blocker.contains(u"a v1"_s) && plan.blocker.contains(u"b v1"_s));
    }

    void protectedDestinationNeedsTheConfirmation()
    {
        Registries r;
        QVERIFY(r.start());
        QVERIFY(transfer::test::Seeder(r.a).add(u"s"_s, transfer::test::record(u"S"_s)).ok());
        QVERIFY(r.open(true));
        SubjectCopy copy(r.workspace);
        QCOMPARE(plan(copy, r.request()), Outcome::Planned);
        QCOMPARE(copy.requiredConfirmation(), u"prod"_s);
        QCOMPARE(copyNow(copy), Outcome::Failed);
        QVERIFY(copy.errorText().contains(u"protected"_s));

        // The client refuses too, whatever calls it without the confirmation.
        transfer::CopyWriter writer(r.workspace.client(r.idB), copy.currentPlan(), {}, 6);
        QSignalSpy done(&writer, &transfer::CopyWriter::finished);
        writer.start();
        QVERIFY(done.wait(10000));
        QVERIFY(!writer.outcome().failures.isEmpty());
        QVERIFY(writer.outcome().failures.begin().value().contains(u"protected"_s));
        QCOMPARE(writer.outcome().writeRequests, 0);
        QVERIFY(transfer::test::Seeder(r.b).versions(u"s"_s, true).error.isNotFound());

        QCOMPARE(copyNow(copy, {u"prod"_s, u"prod"_s}), Outcome::Copied);
        QVERIFY(copy.result().complete());
        QCOMPARE(transfer::test::Seeder(r.b).version(u"s"_s, 1).value.id, 100);
    }
};

QTEST_GUILESS_MAIN(TestSubjectCopy)
#include "tst_subjectcopy.moc"
