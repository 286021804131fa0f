#include "transfer/SubjectCopy.h"

#include "diff/MirrorRun.h"
#include "items/RegistryWorkspace.h"
#include "transfer/TransferLogging.h"

using namespace Qt::StringLiterals;

namespace sd::transfer {

namespace {

// A subject or scope without a setting of its own answers 404: that is "not set", not a failure.
registry::ApiError unlessNotFound(const registry::ApiError &error)
{
    return error.isNotFound() ? registry::ApiError{} : error;
}

} // namespace

QString CopyResult::toMarkdown(const CopyPlan &plan) const
{
    QString out = u"# Copy report\n\n"_s;
    out += u"%1 of %2 writes done, %3 refused, %4 not written%5.\n\n"_s.arg(writes.done.size())
               .arg(plan.writes())
               .arg(writes.failures.size())
               .arg(writes.notDone.size())
               .arg(writes.cancelled ? u" (cancelled)"_s : QString());
    if (!writes.modesRestored)
        out += u"**A mode could not be restored**: see the refused steps.\n\n"_s;
    auto list = [&](const QString &title, const QList<int> &indexes) {
        if (indexes.isEmpty())
            return;
        out += u"## "_s + title + u"\n\n"_s;
        for (int i : indexes) {
            out += u"- "_s + plan.actions.at(i).describe();
            if (writes.failures.contains(i))
                out += u": "_s + writes.failures.value(i);
            out += u'\n';
        }
        out += u'\n';
    };
    QList<int> refused = writes.failures.keys();
    std::sort(refused.begin(), refused.end());
    list(u"Refused"_s, refused);
    list(u"Not written"_s, writes.notDone);
    list(u"Written"_s, writes.done);
    if (verified) {
        if (textFormsDiffer > 0)
            out += u"%1 subjects are written in another text form on the destination; compared by canonical "
                   "form.\n\n"_s.arg(textFormsDiffer);
        out += u"## Verification\n\n%1 identical, %2 differing, %3 only on the source.\n"_s
                   .arg(verification.identical)
                   .arg(verification.differing)
                   .arg(verification.onlyInA);
        for (const QString &problem : verificationProblems)
            out += u"- "_s + problem + u'\n';
    }
    return out;
}

SubjectCopy::SubjectCopy(items::RegistryWorkspace &workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
{}

SubjectCopy::~SubjectCopy() = default;

QString SubjectCopy::check(const CopyRequest &request) const
{
    if (!m_workspace.client(request.source) || !m_workspace.client(request.destination))
        return tr("Choose two open connections.");
    if (m_workspace.connection(request.destination)->profile.readOnly)
        return tr("The destination connection is read-only: nothing can be written to it.");
    const diff::SubjectMapping &mapping = request.mapping;
    const QString context =
        mapping.contextType == diff::ContextType::Auto ? mapping.autoContext : mapping.context;
    if (mapping.contextType != diff::ContextType::None && context.trimmed().isEmpty())
        return tr("Name the destination context.");
    if (request.source == request.destination && mapping.contextType == diff::ContextType::None)
        return tr("A copy onto the same registry needs a destination context.");
    return {};
}

QString SubjectCopy::requiredConfirmation() const
{
    const auto *connection = m_workspace.connection(m_request.destination);
    return connection && connection->profile.isProtected ? connection->profile.name : QString();
}

int SubjectCopy::maxInFlight() const
{
    const auto *connection = m_workspace.connection(m_request.destination);
    return qBound(1, connection ? connection->profile.maxConcurrentRequests : 6, 6);
}

bool SubjectCopy::plan(const CopyRequest &request)
{
    m_request = request;
    m_hasPlan = false;
    m_plan = {};
    m_result = {};
    if (const QString error = check(request); !error.isEmpty()) {
        m_group.cancel();
        finish(Outcome::Failed, error);
        return false;
    }
    QObject *generation = m_group.start();
    m_running = true;
    m_error.clear();
    m_reads.clear();
    m_readsInFlight = 0;
    m_readFailed = false;
    m_timer.start();
    m_loads.start(
        m_workspace.client(request.source), m_workspace.client(request.destination), generation, this,
        [this] { loaderFinished(); },
        [this] {
            Q_EMIT loading(m_loads.loadedA().first + m_loads.loadedB().first,
                           m_loads.loadedA().second + m_loads.loadedB().second);
        });
    return true;
}

void SubjectCopy::loaderFinished()
{
    if (!m_running || !m_loads.isDone())
        return;
    m_result.readRequests = m_loads.requestCount();
    if (const auto failure = m_loads.failure()) {
        const bool source = failure->side == registry::LoaderPair::Side::A;
        if (failure->cancelled())
            finish(Outcome::Cancelled);
        else
            finish(
                Outcome::Failed,
                failure->message(
                    m_workspace.connection(source ? m_request.source : m_request.destination)->profile.name));
        return;
    }
    const auto &capabilities = m_workspace.connection(m_request.destination)->capabilities;
    PlanInput input;
    input.source = m_loads.snapshotA();
    input.destination = m_loads.snapshotB();
    input.mapping = m_request.mapping;
    input.options = m_request.options;
    input.importUnavailable = importUnavailableReason(capabilities);
    input.destinationHasContexts = capabilities.contexts != registry::Support::No;
    m_loads.release();
    readModes(input);
}

void SubjectCopy::queueRead(Read read)
{
    m_reads.push_back(std::move(read));
}

void SubjectCopy::pumpReads()
{
    while (m_readsInFlight < maxInFlight() && !m_reads.empty() && !m_readFailed) {
        Read read = std::move(m_reads.front());
        m_reads.pop_front();
        ++m_readsInFlight;
        ++m_result.readRequests;
        m_group.track(read(m_group.guard([this](const registry::ApiError &error) {
            --m_readsInFlight;
            if (error.isError() && !m_readFailed) {
                m_readFailed = true;
                m_error = error.toDisplayString();
            }
            pumpReads();
        })));
    }
    if (m_readsInFlight > 0 || !m_running)
        return;
    if (m_readFailed) {
        finish(Outcome::Failed, tr("Reading the modes and settings failed: %1").arg(m_error));
        return;
    }
    if (m_reads.empty() && m_afterReads) {
        auto next = std::exchange(m_afterReads, {});
        next();
    }
}

// The modes of the destination contexts (what to restore, and whether they are in IMPORT already) and,
// when settings are copied, the subject-level settings on both sides.
void SubjectCopy::readModes(const PlanInput &input)
{
    m_input = input;
    registry::RegistryClient *source = m_workspace.client(m_request.source);
    registry::RegistryClient *destination = m_workspace.client(m_request.destination);
    QObject *context = m_group.context();
    if (m_workspace.connection(m_request.destination)->capabilities.modes != registry::Support::No) {
        for (const QString &ctx : CopyPlanner::destinationContexts(m_input)) {
            const QString scope = contextScope(ctx);
            for (bool effective : {false, true}) {
                queueRead([this, destination, context, ctx, scope, effective](auto done) {
                    return destination->getMode(scope, effective, context,
                                                [this, ctx, effective, done](const auto &r) {
                                                    (effective ? m_input.contextModes[ctx].effective
                                                               : m_input.contextModes[ctx].set) = r.value;
                                                    done(unlessNotFound(r.error));
                                                });
                });
            }
        }
    }
    if (m_request.options.copySettings) {
        for (const QString &subject : CopyPlanner::selectedSubjects(*m_input.source, m_input.mapping)) {
            const QString target = m_input.mapping.mapToB(subject);
            const bool atDestination = m_input.destination->findSubject(target) >= 0;
            for (auto [client, name, settings] :
                 {std::tuple{source, subject, &m_input.sourceSettings},
                  std::tuple{destination, target, atDestination ? &m_input.destinationSettings : nullptr}}) {
                if (!settings)
                    continue;
                queueRead([client, name, settings, context](auto done) {
                    return client->getConfig(name, false, context, [name, settings, done](const auto &r) {
                        (*settings)[name].compatibility = r.value.compatibility;
                        done(unlessNotFound(r.error));
                    });
                });
                queueRead([client, name, settings, context](auto done) {
                    return client->getMode(name, false, context, [name, settings, done](const auto &r) {
                        (*settings)[name].mode = r.value;
                        done(unlessNotFound(r.error));
                    });
                });
            }
        }
    }
    m_afterReads = [this] { readSubjectModes(); };
    pumpReads();
}

// In a destination context that holds live subjects, IMPORT goes on the subjects written to: their own
// modes decide whether that is needed and what to restore.
void SubjectCopy::readSubjectModes()
{
    registry::RegistryClient *destination = m_workspace.client(m_request.destination);
    QObject *context = m_group.context();
    for (const QString &subject : CopyPlanner::subjectsNeedingModes(m_input)) {
        queueRead([this, destination, context, subject](auto done) {
            return destination->getMode(subject, false, context, [this, subject, done](const auto &r) {
                m_input.subjectModes[subject].set = r.value;
                done(unlessNotFound(r.error));
            });
        });
    }
    m_afterReads = [this] { makePlan(); };
    pumpReads();
}

void SubjectCopy::makePlan()
{
    m_plan = CopyPlanner::plan(m_input);
    m_input = {}; // the plan keeps the source snapshot; the destination's is not needed any more
    m_hasPlan = true;
    m_result.planMs = m_timer.elapsed();
    qCDebug(lcTransfer) << "copy planned:" << m_plan.summary() << m_result.readRequests << "reads";
    finish(Outcome::Planned);
}

bool SubjectCopy::copy(const registry::WriteConfirmation &confirmation)
{
    if (!m_hasPlan || m_running)
        return false;
    if (!m_plan.blocker.isEmpty()) {
        finish(Outcome::Failed, m_plan.blocker);
        return false;
    }
    const QString required = requiredConfirmation();
    if (!required.isEmpty() && (!confirmation.matches() || confirmation.expected != required)) {
        finish(Outcome::Failed,
               tr("The destination is protected: type its name (%1) to confirm the copy.").arg(required));
        return false;
    }
    registry::RegistryClient *destination = m_workspace.client(m_request.destination);
    if (!destination) {
        finish(Outcome::Failed, tr("The destination connection is closed."));
        return false;
    }
    const int reads = m_result.readRequests;
    const qint64 planMs = m_result.planMs;
    m_result = {};
    m_result.readRequests = reads;
    m_result.planMs = planMs;
    m_running = true;
    m_error.clear();
    m_writer = new CopyWriter(destination, m_plan, confirmation, maxInFlight(), this);
    connect(m_writer, &CopyWriter::progress, this, &SubjectCopy::progress);
    connect(m_writer, &CopyWriter::finished, this, &SubjectCopy::writerFinished);
    m_writer->start();
    return true;
}

void SubjectCopy::writerFinished()
{
    m_result.writes = m_writer->outcome();
    m_writer->deleteLater();
    if (m_result.writes.cancelled) {
        finish(Outcome::Cancelled);
        return;
    }
    if (!m_result.writes.failures.isEmpty()) {
        finish(Outcome::Failed, tr("%n write(s) refused; %1 not written. Run the copy again to complete it.",
                                   nullptr, int(m_result.writes.failures.size()))
                                    .arg(m_result.writes.notDone.size()));
        return;
    }
    if (m_request.options.verify)
        verify();
    else
        finish(Outcome::Copied);
}

// The copy as a mirror: schema texts first (fast: fingerprints taken while loading); only when some differ
// again by canonical form, since registries may store the same schema in different text forms (see
// CopyPlan's sameText).
void SubjectCopy::verify(diff::FingerprintMode fingerprint)
{
    Q_EMIT verifying();
    if (fingerprint == diff::FingerprintMode::SchemaText)
        m_timer.start();
    m_mirror = new diff::MirrorRun(m_workspace, this);
    diff::MirrorRunRequest request;
    request.connectionA = m_request.source;
    request.connectionB = m_request.destination;
    request.mapping = m_request.mapping;
    request.options.compareIds = m_plan.idsKept;
    request.options.fingerprint = fingerprint;
    request.options.includeDeleted = m_request.options.includeDeleted;
    request.options.compareConfig = false;
    request.options.compareMode = false;
    connect(m_mirror, &diff::MirrorRun::finished, this,
            [this, fingerprint](diff::MirrorRun::Outcome outcome) {
                m_result.verifyMs = m_timer.elapsed();
                m_result.readRequests += m_mirror->requestCount();
                m_mirror->deleteLater();
                if (outcome == diff::MirrorRun::Outcome::Cancelled) {
                    finish(Outcome::Cancelled);
                    return;
                }
                if (outcome == diff::MirrorRun::Outcome::Failed) {
                    finish(Outcome::Failed,
                           tr("The copy is done; verifying it failed: %1").arg(m_mirror->errorText()));
                    return;
                }
                const diff::MirrorReport &report = m_mirror->report();
                if (fingerprint == diff::FingerprintMode::SchemaText && report.counts.schemaDifferences > 0) {
                    m_result.textFormsDiffer = report.counts.schemaDifferences;
                    verify(diff::FingerprintMode::Canonical);
                    return;
                }
                m_result.verified = true;
                m_result.verification = report.counts;
                for (const diff::MirrorEntry &entry : report.entries) {
                    if (entry.status == diff::MirrorStatus::Differing ||
                        entry.status == diff::MirrorStatus::OnlyInA)
                        m_result.verificationProblems
                            << u"%1: %2"_s.arg(entry.subjectA, entry.details.join(u"; "));
                }
                finish(Outcome::Copied);
            });
    m_mirror->start(request);
}

void SubjectCopy::cancel()
{
    if (!m_running)
        return;
    if (m_writer && m_writer->isRunning()) {
        m_writer->cancel(); // the modes are restored before it finishes
        return;
    }
    if (m_mirror && m_mirror->isRunning()) {
        m_mirror->cancel();
        return;
    }
    m_group.cancel();
    finish(Outcome::Cancelled);
}

void SubjectCopy::finish(Outcome outcome, const QString &error)
{
    m_running = false;
    if (!error.isEmpty())
        m_error = error;
    m_result.error = m_error;
    Q_EMIT finished(outcome);
}

} // namespace sd::transfer
