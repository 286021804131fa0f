#include "plan/PlanApply.h"

#include "plan/PlanLogging.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sd::plan {

PlanApply::PlanApply(registry::RegistryClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

PlanApply::~PlanApply() = default;

QString PlanApply::confirmationText(const registry::ConnectionProfile &profile)
{
    return profile.name;
}

QString PlanApply::check(const FolderPlan &plan, const registry::WriteConfirmation &confirmation) const
{
    if (!m_client)
        return tr("The connection is closed.");
    const registry::ConnectionProfile &profile = m_client->profile();
    if (profile.readOnly)
        return tr("%1 is read-only: a plan cannot be applied to it.").arg(profile.name);
    if (profile.isProtected &&
        (!confirmation.matches() || confirmation.expected != confirmationText(profile)))
        return tr("%1 is protected: type its name to confirm the plan.").arg(profile.name);
    if (plan.selectedCount() == 0)
        return tr("No action is selected.");
    return {};
}

bool PlanApply::start(const FolderPlan &plan, const registry::WriteConfirmation &confirmation)
{
    m_group.cancel();
    m_plan = plan;
    for (PlanAction &action : m_plan.actions) {
        action.state = PlanAction::State::Pending;
        action.result.clear();
    }
    if (const QString refusal = check(plan, confirmation); !refusal.isEmpty()) {
        finish(false, refusal);
        return false;
    }
    m_confirmation = confirmation;
    m_group.start();
    m_running = true;
    m_error.clear();
    m_current = -1;
    next();
    return true;
}

void PlanApply::cancel()
{
    if (!m_running)
        return;
    m_group.cancel();
    for (PlanAction &action : m_plan.actions) {
        if (action.selected && action.state == PlanAction::State::Pending) {
            action.state = PlanAction::State::Cancelled;
            action.result = tr("cancelled before it ran");
        }
    }
    if (m_current >= 0 && m_current < m_plan.actions.size()) {
        m_plan.actions[m_current].result = tr("cancelled while it ran: it may or may not have been written");
        Q_EMIT actionFinished(m_current);
    }
    finish(false, tr("Cancelled."));
}

int PlanApply::count(PlanAction::State state) const
{
    return int(std::count_if(m_plan.actions.cbegin(), m_plan.actions.cend(),
                             [state](const PlanAction &a) { return a.selected && a.state == state; }));
}

QString PlanApply::blockedBy(const PlanAction &action) const
{
    for (int index : action.dependsOn) {
        const PlanAction &before = m_plan.actions.at(index);
        if (!before.selected)
            return tr("skipped: #%1 (%2) was not selected").arg(index + 1).arg(before.subject);
        if (before.state != PlanAction::State::Ok)
            return tr("skipped: #%1 (%2) did not succeed").arg(index + 1).arg(before.subject);
    }
    return {};
}

void PlanApply::next()
{
    while (++m_current < m_plan.actions.size()) {
        PlanAction &action = m_plan.actions[m_current];
        if (!action.selected)
            continue;
        if (const QString blocked = blockedBy(action); !blocked.isEmpty()) {
            done(m_current, PlanAction::State::Skipped, blocked);
            continue;
        }
        Q_EMIT actionStarted(m_current);
        switch (action.kind) {
        case PlanAction::Kind::SetCompatibility:
            runSetCompatibility(m_current);
            return;
        case PlanAction::Kind::Register:
            runRegister(m_current);
            return;
        case PlanAction::Kind::Delete:
            runDelete(m_current, false);
            return;
        }
    }
    const bool allOk = count(PlanAction::State::Ok) == m_plan.selectedCount();
    finish(allOk, allOk ? QString() : tr("Not every action succeeded."));
}

void PlanApply::done(int index, PlanAction::State state, const QString &result)
{
    PlanAction &action = m_plan.actions[index];
    action.state = state;
    action.result = result;
    if (state != PlanAction::State::Ok)
        qCInfo(lcPlan) << "action" << index + 1 << action.subject << stateName(state) << result;
    Q_EMIT actionFinished(index);
}

void PlanApply::runSetCompatibility(int index)
{
    const PlanAction &action = m_plan.actions.at(index);
    registry::ConfigUpdate update;
    update.compatibility = action.compatibility;
    m_group.track(m_client->setConfig(
        action.subject, update, m_group.context(),
        [this, index](const registry::Result<registry::RegistryConfig> &result) {
            if (result.ok())
                done(index, PlanAction::State::Ok,
                     tr("compatibility set to %1").arg(m_plan.actions.at(index).compatibility));
            else
                done(index, PlanAction::State::Refused, result.error.toDisplayString());
            next();
        },
        m_confirmation));
}

void PlanApply::runRegister(int index)
{
    PlanAction &action = m_plan.actions[index];
    // A reference to a version this plan registers: the version it got.
    for (registry::SchemaReference &reference : action.references) {
        if (reference.version != 0)
            continue;
        for (int before : std::as_const(action.dependsOn)) {
            const PlanAction &referenced = m_plan.actions.at(before);
            if (referenced.kind == PlanAction::Kind::Register &&
                registry::QualifiedSubject::parseRelative(
                    reference.subject, registry::QualifiedSubject::parse(action.subject).context)
                        .toString() == referenced.subject)
                reference.version = referenced.registeredVersion;
        }
    }
    registry::SchemaSubmission submission = registry::SchemaSubmission::of(action.schema, action.schemaType);
    submission.references = action.references;
    m_group.track(m_client->registerSchema(
        action.subject, submission, false, m_group.context(),
        [this, index, submission](const registry::Result<registry::SchemaVersion> &registered) {
            if (!registered.ok()) {
                done(index, PlanAction::State::Refused, registered.error.toDisplayString());
                next();
                return;
            }
            m_plan.actions[index].registeredId = registered.value.id;
            // The version number: a referrer later in the plan names it.
            m_group.track(m_client->lookupSchema(
                m_plan.actions.at(index).subject, submission, false, false, m_group.context(),
                [this, index](const registry::Result<registry::SchemaVersion> &found) {
                    PlanAction &action = m_plan.actions[index];
                    action.registeredVersion = found.ok() ? found.value.version : 0;
                    done(index, PlanAction::State::Ok,
                         found.ok() ? tr("registered as version %1 (id %2)")
                                          .arg(action.registeredVersion)
                                          .arg(action.registeredId)
                                    : tr("registered (id %1)").arg(action.registeredId));
                    next();
                }));
        },
        m_confirmation));
}

void PlanApply::runDelete(int index, bool permanent)
{
    const PlanAction &action = m_plan.actions.at(index);
    m_group.track(m_client->deleteSubject(
        action.subject, permanent, m_group.context(),
        [this, index, permanent](const registry::Result<QList<int>> &result) {
            if (!result.ok()) {
                done(index, PlanAction::State::Refused, result.error.toDisplayString());
                next();
                return;
            }
            if (!permanent && m_plan.actions.at(index).permanent) {
                runDelete(index, true);
                return;
            }
            QStringList versions;
            for (int version : result.value)
                versions << QString::number(version);
            done(index, PlanAction::State::Ok,
                 (permanent ? tr("deleted permanently: versions %1") : tr("soft-deleted: versions %1"))
                     .arg(versions.join(u", "_s)));
            next();
        },
        m_confirmation));
}

void PlanApply::finish(bool ok, const QString &error)
{
    m_running = false;
    m_error = error;
    Q_EMIT finished(ok);
}

} // namespace sd::plan
