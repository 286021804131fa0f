#pragma once

#include "plan/FolderPlan.h"
#include "registry/RegistryClient.h"
#include "registry/RequestGroup.h"

#include <QObject>
#include <QPointer>

namespace sd::plan {

// Runs a plan's selected actions in order on a RegistryClient, one request at a time, and records each
// result: ok, refused (with the server's message), skipped (an action it depends on did not succeed,
// or was not selected), cancelled. Independent actions still run after a failure. Widget-free, for the
// console and a command line alike; the typed confirmation of a protected connection is an input.
class PlanApply : public QObject
{
    Q_OBJECT
public:
    explicit PlanApply(registry::RegistryClient *client, QObject *parent = nullptr);
    ~PlanApply() override;

    // What must be typed to apply a plan on a protected connection: the connection's name.
    static QString confirmationText(const registry::ConnectionProfile &profile);
    // Why `plan` cannot be applied with `confirmation` (read-only, protected without the typed name,
    // nothing selected), or empty. Nothing is sent when this refuses.
    QString check(const FolderPlan &plan, const registry::WriteConfirmation &confirmation) const;
    bool start(const FolderPlan &plan, const registry::WriteConfirmation &confirmation = {});
    void cancel(); // the running request is aborted; what has not run is marked cancelled
    bool isRunning() const { return m_running; }

    const FolderPlan &plan() const { return m_plan; } // with each action's result
    QString errorText() const { return m_error; }
    int count(PlanAction::State state) const;

Q_SIGNALS:
    void actionStarted(int index);
    void actionFinished(int index);
    void finished(bool allApplied); // false on a refusal, a failure or cancel

private:
    void next();
    void runRegister(int index);
    void runSetCompatibility(int index);
    void runDelete(int index, bool permanent);
    void done(int index, PlanAction::State state, const QString &result);
    QString blockedBy(const PlanAction &action) const;
    void finish(bool ok, const QString &error = {});

    QPointer<registry::RegistryClient> m_client;
    registry::RequestGroup m_group;
    registry::WriteConfirmation m_confirmation;
    FolderPlan m_plan;
    int m_current = -1;
    bool m_running = false;
    QString m_error;
};

} // namespace sd::plan
