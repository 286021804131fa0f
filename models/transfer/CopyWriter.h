#pragma once

#include "registry/RegistryClient.h"
#include "transfer/CopyPlan.h"

#include <list>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

namespace sd::transfer {

// What a copy wrote and what it did not, by action index into its plan.
struct CopyOutcome
{
    QList<int> done;              // actions that succeeded (mode changes included)
    QHash<int, QString> failures; // actions the destination refused, with its answer
    QList<int> notDone;           // write actions not attempted (stopped, cancelled, a reference failed)
    bool cancelled = false;
    int writeRequests = 0; // registrations, soft-deletes and settings sent
    int modeChanges = 0;   // IMPORT entered and restored
    int maxInFlight = 0;
    qint64 elapsedMs = 0;
    bool modesRestored = true; // every IMPORT entered was undone
};

// Runs a confirmed CopyPlan against the destination: IMPORT where the plan says, every version in
// dependency order with at most `maxInFlight` writes at a time, the soft-deletes, then the previous
// modes back — also after a failure or a cancel —, then the settings. The first refused write stops
// new ones; what is in flight is let finish so the report says what the destination holds.
class CopyWriter : public QObject
{
    Q_OBJECT
public:
    CopyWriter(registry::RegistryClient *destination, CopyPlan plan, registry::WriteConfirmation confirmation,
               int maxInFlight, QObject *parent = nullptr);

    void start();
    void cancel(); // stops after the writes in flight; modes are restored
    bool isRunning() const { return m_running; }
    const CopyOutcome &outcome() const { return m_outcome; }
    const CopyPlan &plan() const { return m_plan; }

Q_SIGNALS:
    void progress(int done, int total); // write actions
    void finished();

private:
    enum class Phase { EnterImport, Versions, Restore, Settings, Done };

    void runPhase(Phase phase);
    void pump();
    bool ready(int index, bool *blocked) const;
    void send(int index);
    void sendRegister(int index);
    void settle(int index, const registry::ApiError &error);
    void stop();
    void phaseDone();
    void finish();
    registry::SchemaSubmission submission(const CopyAction &action) const;

    QPointer<registry::RegistryClient> m_client;
    CopyPlan m_plan;
    registry::WriteConfirmation m_confirmation;
    int m_maxInFlight = 6;
    Phase m_phase = Phase::EnterImport;
    bool m_running = false;
    bool m_stopping = false;
    bool m_pumpQueued = false;
    std::list<int> m_pending; // this phase's actions not yet sent
    int m_inFlight = 0;
    int m_total = 0;
    int m_progress = 0;
    QHash<int, int> m_state;            // action → 1 done, 2 failed or not done
    QHash<QString, int> m_destVersions; // "source subject\nversion" → the destination's version
    QHash<int, int> m_answered;         // Register → the version the destination answered
    QElapsedTimer m_timer;
    CopyOutcome m_outcome;
};

} // namespace sd::transfer
