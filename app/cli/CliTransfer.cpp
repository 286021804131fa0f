// The commands that write: copy (registry → registry), plan and apply (folder → registry), and the
// Terraform export. Nothing is written without --yes; a protected connection also needs --confirm NAME.
#include "cli/CliCommands.h"
#include "plan/FolderPlanner.h"
#include "plan/PlanApply.h"
#include "plan/TerraformExport.h"
#include "transfer/SubjectCopy.h"

#include <memory>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sd::cli {

namespace {

QJsonObject copyPlanJson(const transfer::CopyPlan &plan)
{
    QJsonArray actions;
    for (const transfer::CopyAction &action : plan.actions) {
        actions.append(QJsonObject{{u"action"_s, transfer::actionKindName(action.kind)},
                                   {u"subject"_s, action.subject},
                                   {u"target"_s, action.target},
                                   {u"version"_s, action.version},
                                   {u"id"_s, action.id},
                                   {u"value"_s, action.value},
                                   {u"reason"_s, action.reason},
                                   {u"description"_s, action.describe()}});
    }
    return {{u"summary"_s, plan.summary()}, {u"idsKept"_s, plan.idsKept},
            {u"blocker"_s, plan.blocker},   {u"notes"_s, QJsonArray::fromStringList(plan.notes)},
            {u"writes"_s, plan.writes()},   {u"modeChanges"_s, plan.modeChanges()},
            {u"actions"_s, actions}};
}

QJsonObject copyResultJson(const transfer::CopyPlan &plan, const transfer::CopyResult &result)
{
    auto describe = [&plan](const QList<int> &indexes) {
        QJsonArray list;
        for (int index : indexes)
            list.append(plan.actions.value(index).describe());
        return list;
    };
    QJsonArray failures;
    for (auto it = result.writes.failures.cbegin(); it != result.writes.failures.cend(); ++it)
        failures.append(
            QJsonObject{{u"action"_s, plan.actions.value(it.key()).describe()}, {u"answer"_s, it.value()}});
    return {{u"complete"_s, result.complete()},
            {u"written"_s, describe(result.writes.done)},
            {u"refused"_s, failures},
            {u"notWritten"_s, describe(result.writes.notDone)},
            {u"cancelled"_s, result.writes.cancelled},
            {u"writeRequests"_s, result.writes.writeRequests},
            {u"modeChanges"_s, result.writes.modeChanges},
            {u"modesRestored"_s, result.writes.modesRestored},
            {u"elapsedMs"_s, result.writes.elapsedMs},
            {u"verified"_s, result.verified},
            {u"verificationProblems"_s, QJsonArray::fromStringList(result.verificationProblems)},
            {u"error"_s, result.error}};
}

registry::WriteConfirmation confirmationFrom(const Arguments &arguments, const QString &expected)
{
    return {expected, arguments.value(u"confirm"_s)};
}

// A protected connection takes writes only with its name typed: --confirm NAME.
bool confirmed(CliContext &context, const Arguments &arguments, const QString &expected)
{
    if (expected.isEmpty() || arguments.value(u"confirm"_s) == expected)
        return true;
    context.fail(
        u"\"%1\" is a protected connection: nothing was written. Add --confirm \"%1\" to write to it."_s.arg(
            expected));
    return false;
}

} // namespace

void runCopy(CliContext &context, const Arguments &arguments)
{
    const QString synopsis =
        u"schemadesk-cli copy SOURCE DESTINATION [--subjects F,…] [--context-type T] "
        u"[--context NAME] [--rename FORMAT] [--new-ids] [--include-deleted] [--settings] "
        u"[--no-verify] [--yes] [--confirm NAME]"_s;
    QStringList known = mappingOptions();
    known << u"new-ids"_s << u"include-deleted"_s << u"settings"_s << u"no-verify"_s << u"yes"_s
          << u"confirm"_s;
    known.removeAll(u"exporter"_s);
    if (!checkArguments(context, arguments, known, 2, 2, synopsis))
        return;
    QString error;
    const auto mapping = mappingFrom(arguments, &error);
    if (!mapping)
        return context.fail(error);
    auto request = std::make_shared<transfer::CopyRequest>();
    request->mapping = *mapping;
    request->options.newIdsIfNeeded = arguments.has(u"new-ids"_s);
    request->options.includeDeleted = arguments.has(u"include-deleted"_s);
    request->options.copySettings = arguments.has(u"settings"_s);
    request->options.verify = !arguments.has(u"no-verify"_s);
    const bool write = arguments.has(u"yes"_s);

    auto begin = [&context, request, write, arguments] {
        auto *copy = new transfer::SubjectCopy(context.workspace(), &context);
        QObject::connect(copy, &transfer::SubjectCopy::loading, &context,
                         [&context](qint64 done, qint64 total) {
                             context.progress(u"loading: %1 of %2 versions"_s.arg(done).arg(total));
                         });
        QObject::connect(copy, &transfer::SubjectCopy::progress, &context, [&context](int done, int total) {
            context.progress(u"copying: %1 of %2 writes"_s.arg(done).arg(total));
        });
        QObject::connect(copy, &transfer::SubjectCopy::verifying, &context,
                         [&context] { context.progress(u"verifying the copy…"_s); });
        QObject::connect(copy, &transfer::SubjectCopy::finished, &context,
                         [&context, copy, write, arguments](transfer::SubjectCopy::Outcome outcome) {
                             const transfer::CopyPlan &plan = copy->currentPlan();
                             if (outcome == transfer::SubjectCopy::Outcome::Failed && !copy->hasPlan())
                                 return context.fail(copy->errorText());
                             if (outcome == transfer::SubjectCopy::Outcome::Planned) {
                                 if (!plan.blocker.isEmpty()) {
                                     context.note(plan.toMarkdown());
                                     return context.fail(plan.blocker);
                                 }
                                 if (!write || plan.nothingToDo()) {
                                     QString markdown = plan.toMarkdown();
                                     if (!plan.nothingToDo())
                                         markdown +=
                                             u"\nDry run: nothing was written. Add --yes to copy.\n"_s;
                                     QJsonObject json{{u"dryRun"_s, true}, {u"plan"_s, copyPlanJson(plan)}};
                                     return context.finish(plan.nothingToDo() ? Same : Different, markdown,
                                                           QJsonDocument(json).toJson());
                                 }
                                 if (!confirmed(context, arguments, copy->requiredConfirmation()))
                                     return;
                                 context.progress(plan.summary());
                                 if (!copy->copy(confirmationFrom(arguments, copy->requiredConfirmation())) &&
                                     !context.isFinished())
                                     context.fail(copy->errorText());
                                 return;
                             }
                             const transfer::CopyResult &result = copy->result();
                             const QJsonObject json{{u"dryRun"_s, false},
                                                    {u"plan"_s, copyPlanJson(plan)},
                                                    {u"result"_s, copyResultJson(plan, result)}};
                             const bool verifiedClean =
                                 !result.verified || result.verificationProblems.isEmpty();
                             context.finish(result.complete() && verifiedClean &&
                                                    outcome == transfer::SubjectCopy::Outcome::Copied
                                                ? Same
                                                : Failed,
                                            result.toMarkdown(plan), QJsonDocument(json).toJson());
                         });
        if (!copy->plan(*request) && !context.isFinished())
            context.fail(copy->errorText().isEmpty() ? copy->check(*request) : copy->errorText());
    };
    const QString destination = arguments.positional.at(1);
    context.openLoaded(arguments.positional.at(0), u"SCHEMADESK_"_s,
                       [&context, request, begin, destination](const QString &source) {
                           request->source = source;
                           context.openLoaded(destination, u"SCHEMADESK_B_"_s,
                                              [request, begin](const QString &id) {
                                                  request->destination = id;
                                                  begin();
                                              });
                       });
}

// plan and apply: the folder against the registry, then (apply, --yes) the plan's actions in order.
void runPlan(CliContext &context, const Arguments &arguments, bool apply)
{
    const QString synopsis = u"schemadesk-cli %1 CONNECTION FOLDER [--delete-missing] [--permanent] "
                             u"[--no-precheck]%2"_s.arg(apply ? u"apply"_s : u"plan"_s,
                                                        apply ? u" [--yes] [--confirm NAME]"_s : QString());
    QStringList known{u"delete-missing"_s, u"permanent"_s, u"no-precheck"_s};
    if (apply)
        known << u"yes"_s << u"confirm"_s;
    if (!checkArguments(context, arguments, known, 2, 2, synopsis))
        return;
    plan::FolderPlanRequest request;
    request.folder = QFileInfo(arguments.positional.at(1)).absoluteFilePath();
    request.deleteMissing = arguments.has(u"delete-missing"_s);
    request.permanentDelete = arguments.has(u"permanent"_s);
    request.precheck = !arguments.has(u"no-precheck"_s);
    if (!QFileInfo(request.folder).isDir())
        return context.fail(u"%1 is not a folder."_s.arg(request.folder));
    const bool write = apply && arguments.has(u"yes"_s);

    context.open(
        arguments.positional.at(0), u"SCHEMADESK_"_s,
        [&context, request, write, apply, arguments](const QString &id) {
            registry::RegistryClient *client = context.workspace().client(id);
            auto *planner = new plan::FolderPlanner(client, &context);
            QObject::connect(planner, &plan::FolderPlanner::stepChanged, &context,
                             [&context](const QString &step) { context.progress(step); });
            QObject::connect(
                planner, &plan::FolderPlanner::finished, &context,
                [&context, planner, client, write, apply, arguments, id](bool ok) {
                    if (!ok)
                        return context.fail(planner->errorText());
                    const plan::FolderPlan &plan = planner->plan();
                    if (!write || plan.selectedCount() == 0) {
                        QString markdown = plan.toMarkdown();
                        if (apply && plan.selectedCount() > 0)
                            markdown += u"\nNothing was written. Add --yes to apply the plan.\n"_s;
                        QJsonObject json = plan.toJson();
                        json.insert(u"applied"_s, false);
                        return context.finish(plan.selectedCount() == 0 ? Same : Different, markdown,
                                              QJsonDocument(json).toJson());
                    }
                    const registry::ConnectionProfile &profile = context.workspace().connection(id)->profile;
                    const QString expected =
                        profile.isProtected ? plan::PlanApply::confirmationText(profile) : QString();
                    if (!confirmed(context, arguments, expected))
                        return;
                    auto *applier = new plan::PlanApply(client, &context);
                    QObject::connect(
                        applier, &plan::PlanApply::actionFinished, &context, [&context, applier](int index) {
                            const plan::PlanAction &action = applier->plan().actions.at(index);
                            context.progress(u"%1 %2: %3"_s.arg(plan::kindName(action.kind), action.subject,
                                                                plan::stateName(action.state)));
                        });
                    QObject::connect(applier, &plan::PlanApply::finished, &context,
                                     [&context, applier](bool allApplied) {
                                         QJsonObject json = applier->plan().toJson();
                                         json.insert(u"applied"_s, true);
                                         json.insert(u"allApplied"_s, allApplied);
                                         QString markdown = applier->plan().toMarkdown();
                                         if (!allApplied && !applier->errorText().isEmpty())
                                             markdown += u"\n"_s + applier->errorText() + u"\n"_s;
                                         context.finish(allApplied ? Same : Failed, markdown,
                                                        QJsonDocument(json).toJson());
                                     });
                    const registry::WriteConfirmation confirmation = confirmationFrom(arguments, expected);
                    if (const QString refused = applier->check(plan, confirmation); !refused.isEmpty())
                        return context.fail(refused);
                    applier->start(plan, confirmation);
                });
            planner->start(request);
        });
}

void runTerraform(CliContext &context, const Arguments &arguments)
{
    const QString synopsis = u"schemadesk-cli terraform CONNECTION DIRECTORY [--subjects FILTER,…]"_s;
    const auto target = exportTarget(context, arguments, synopsis);
    if (!target)
        return;
    const diff::SubjectMapping filter = target->filter;
    const QString directory = target->directory;
    context.open(
        arguments.positional.at(0), u"SCHEMADESK_"_s, [&context, filter, directory](const QString &id) {
            auto *job = new plan::TerraformExport(context.workspace().client(id), &context);
            QObject::connect(
                job, &plan::TerraformExport::finished, &context, [&context, job, directory](bool ok) {
                    if (!ok)
                        return context.fail(job->errorText());
                    QString markdown = u"Wrote %1 and the schema files of %2 subjects to %3.\n"_s
                                           .arg(job->configurationPath())
                                           .arg(job->subjectCount())
                                           .arg(directory);
                    for (const QString &problem : job->errors())
                        markdown += u"- not written: %1\n"_s.arg(problem);
                    const QJsonObject json{{u"directory"_s, directory},
                                           {u"configuration"_s, job->configurationPath()},
                                           {u"subjects"_s, job->subjectCount()},
                                           {u"errors"_s, QJsonArray::fromStringList(job->errors())}};
                    context.finish(job->errors().isEmpty() ? Same : Failed, markdown,
                                   QJsonDocument(json).toJson());
                });
            if (!job->start(directory, filter) && !context.isFinished())
                context.fail(job->errorText());
        });
}

} // namespace sd::cli
