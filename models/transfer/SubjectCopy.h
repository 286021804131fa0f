#pragma once

#include "diff/MirrorComparator.h"
#include "registry/LoaderPair.h"
#include "registry/RegistryClient.h"
#include "registry/RequestGroup.h"
#include "transfer/CopyPlan.h"
#include "transfer/CopyWriter.h"

#include <deque>
#include <functional>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::diff {
class MirrorRun;
}

namespace sd::transfer {

// What to copy: the source's subjects the mapping selects (all, a context ":.ctx:*", or names), written
// to the destination under the names the mapping gives (NONE keeps them; CUSTOM puts them under a
// context, as Schema Linking does).
struct CopyRequest
{
    QString source;      // connection id
    QString destination; // connection id (may be the source, with a CUSTOM context)
    diff::SubjectMapping mapping;
    CopyOptions options;
};

// What a finished copy did, for the caller's report.
struct CopyResult
{
    CopyOutcome writes;
    int readRequests = 0; // loading both registries and the modes and settings the plan needed
    qint64 planMs = 0;
    qint64 verifyMs = 0;
    bool verified = false; // a mirror verification ran
    diff::MirrorCounts verification;
    QStringList verificationProblems; // subjects that differ or are missing after the copy
    int textFormsDiffer = 0;          // subjects whose texts differ as written (then compared canonically)
    QString error;

    bool complete() const
    {
        return writes.failures.isEmpty() && writes.notDone.isEmpty() && !writes.cancelled;
    }
    // Written, refused (with the destination's answer), not written, then the verification.
    QString toMarkdown(const CopyPlan &plan) const;
};

// The copy workflow without widgets: plan() loads both registries in bulk (and the modes and settings
// it needs) and makes the plan, writing nothing; copy() runs the plan the caller confirmed, then
// verifies the result as a mirror. A protected destination takes a copy only with the typed
// confirmation (requiredConfirmation()); RegistryClient refuses every write without it.
class SubjectCopy : public QObject
{
    Q_OBJECT
public:
    enum class Outcome { Planned, Copied, Cancelled, Failed };
    Q_ENUM(Outcome)

    explicit SubjectCopy(items::RegistryWorkspace &workspace, QObject *parent = nullptr);
    ~SubjectCopy() override;

    // Why `request` cannot be planned, or empty.
    QString check(const CopyRequest &request) const;
    bool plan(const CopyRequest &request); // finished(Planned) or finished(Failed)
    // Runs the last plan; finished(Copied), (Cancelled) or (Failed).
    bool copy(const registry::WriteConfirmation &confirmation = {});
    void cancel();
    bool isRunning() const { return m_running; }

    const CopyRequest &request() const { return m_request; }
    const CopyPlan &currentPlan() const { return m_plan; }
    bool hasPlan() const { return m_hasPlan; }
    const CopyResult &result() const { return m_result; }
    QString errorText() const { return m_error; }
    // What the user must type on a protected destination (its name), or empty.
    QString requiredConfirmation() const;
    int maxInFlight() const;

Q_SIGNALS:
    void loading(qint64 done, qint64 total); // versions of both registries
    void progress(int done, int total);      // write actions of the copy
    void verifying();
    void finished(sd::transfer::SubjectCopy::Outcome outcome);

private:
    using Read = std::function<registry::RequestJob *(std::function<void(const registry::ApiError &)>)>;

    void loaderFinished();
    void readModes(const PlanInput &input);
    void readSubjectModes();
    void makePlan();
    void queueRead(Read read);
    void pumpReads();
    void writerFinished();
    void verify(diff::FingerprintMode fingerprint = diff::FingerprintMode::SchemaText);
    void finish(Outcome outcome, const QString &error = {});

    items::RegistryWorkspace &m_workspace;
    registry::RequestGroup m_group;
    CopyRequest m_request;
    PlanInput m_input;
    CopyPlan m_plan;
    bool m_hasPlan = false;
    bool m_running = false;
    QString m_error;
    CopyResult m_result;
    QElapsedTimer m_timer;
    registry::LoaderPair m_loads; // A the source, B the destination
    std::deque<Read> m_reads;
    int m_readsInFlight = 0;
    bool m_readFailed = false;
    std::function<void()> m_afterReads;
    QPointer<CopyWriter> m_writer;
    QPointer<diff::MirrorRun> m_mirror;
};

} // namespace sd::transfer
