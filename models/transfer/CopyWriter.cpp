#include "transfer/CopyWriter.h"

#include "transfer/TransferLogging.h"

using namespace Qt::StringLiterals;

namespace sd::transfer {

using registry::QualifiedSubject;

namespace {

QString versionKey(const QString &subject, int version)
{
    return subject + u'\n' + QString::number(version);
}

bool inPhase(ActionKind kind, int phase)
{
    switch (kind) {
    case ActionKind::EnterImport:
        return phase == 0;
    case ActionKind::Register:
    case ActionKind::SoftDelete:
        return phase == 1;
    case ActionKind::RestoreMode:
        return phase == 2;
    case ActionKind::SetCompatibility:
    case ActionKind::SetMode:
        return phase == 3;
    case ActionKind::Skip:
    case ActionKind::Conflict:
        return false;
    }
    return false;
}

} // namespace

CopyWriter::CopyWriter(registry::RegistryClient *destination, CopyPlan plan,
                       registry::WriteConfirmation confirmation, int maxInFlight, QObject *parent)
    : QObject(parent)
    , m_client(destination)
    , m_plan(std::move(plan))
    , m_confirmation(std::move(confirmation))
    , m_maxInFlight(qBound(1, maxInFlight, 6))
{
    for (const CopyAction &a : std::as_const(m_plan.actions)) {
        if (a.kind == ActionKind::Skip)
            m_destVersions.insert(versionKey(a.subject, a.version),
                                  a.value.isEmpty() ? a.version : a.value.toInt());
        if (a.kind == ActionKind::Register || a.kind == ActionKind::SoftDelete)
            ++m_total;
    }
}

void CopyWriter::start()
{
    m_running = true;
    m_timer.start();
    Q_EMIT progress(0, m_total);
    runPhase(Phase::EnterImport);
}

void CopyWriter::cancel()
{
    if (!m_running || m_outcome.cancelled)
        return;
    m_outcome.cancelled = true;
    stop();
    pump();
}

void CopyWriter::stop()
{
    m_stopping = true;
}

void CopyWriter::runPhase(Phase phase)
{
    m_phase = phase;
    m_pending.clear();
    if (phase == Phase::Done) {
        finish();
        return;
    }
    for (int i = 0; i < m_plan.actions.size(); ++i) {
        const CopyAction &a = m_plan.actions.at(i);
        if (!inPhase(a.kind, int(phase)))
            continue;
        if (phase == Phase::Restore) {
            // Only what this run put into IMPORT goes back.
            const bool entered = std::any_of(m_state.keyBegin(), m_state.keyEnd(), [&](int e) {
                const CopyAction &enter = m_plan.actions.at(e);
                return m_state.value(e) == 1 && enter.kind == ActionKind::EnterImport &&
                       enter.target == a.target;
            });
            if (!entered)
                continue;
        }
        m_pending.push_back(i);
    }
    pump();
}

bool CopyWriter::ready(int index, bool *blocked) const
{
    *blocked = false;
    for (int d : m_plan.actions.at(index).dependsOn) {
        const int state = m_state.value(d);
        if (state == 2) {
            *blocked = true;
            return false;
        }
        if (state == 0)
            return false;
    }
    return true;
}

void CopyWriter::pump()
{
    const bool mayStart = !m_stopping || m_phase == Phase::Restore;
    while (mayStart && m_inFlight < m_maxInFlight) {
        bool sent = false;
        for (auto it = m_pending.begin(); it != m_pending.end();) {
            bool blocked = false;
            if (ready(*it, &blocked)) {
                const int index = *it;
                m_pending.erase(it);
                send(index);
                sent = true;
                break;
            }
            if (blocked) {
                m_state.insert(*it, 2); // a version it refers to was not written
                it = m_pending.erase(it);
                continue;
            }
            ++it;
        }
        if (!sent)
            break;
    }
    if (m_inFlight == 0)
        phaseDone();
}

void CopyWriter::phaseDone()
{
    for (int index : m_pending)
        m_state.insert(index, 2);
    m_pending.clear();
    switch (m_phase) {
    case Phase::EnterImport:
        runPhase(m_stopping ? Phase::Restore : Phase::Versions);
        return;
    case Phase::Versions:
        runPhase(Phase::Restore);
        return;
    case Phase::Restore:
        runPhase(m_stopping ? Phase::Done : Phase::Settings);
        return;
    case Phase::Settings:
        runPhase(Phase::Done);
        return;
    case Phase::Done:
        return;
    }
}

registry::SchemaSubmission CopyWriter::submission(const CopyAction &action) const
{
    const registry::RegistrySnapshot &source = *m_plan.source;
    const registry::RegistrySnapshot::Version &v = source.version(action.versionIndex);
    registry::SchemaSubmission s;
    s.schema = source.schemaText(v);
    s.schemaType = source.typeName(v);
    const QList<registry::SchemaReference> references = source.references(v);
    s.references = mapReferences(references, m_plan.mapping);
    const QString context = QualifiedSubject::parse(action.subject).context;
    for (qsizetype i = 0; i < references.size(); ++i) {
        // With new ids, the referenced version may have another number at the destination.
        const QString key =
            versionKey(QualifiedSubject::parseRelative(references.at(i).subject, context).toString(),
                       references.at(i).version);
        s.references[i].version = m_destVersions.value(key, references.at(i).version);
    }
    if (m_plan.idsKept) {
        s.id = action.id;
        s.version = action.version;
    }
    return s;
}

void CopyWriter::sendRegister(int index)
{
    const CopyAction &a = m_plan.actions.at(index);
    ++m_outcome.writeRequests;
    m_client->registerSchema(
        a.target, submission(a), false, this,
        [this, index](const registry::Result<registry::SchemaVersion> &r) {
            const CopyAction &action = m_plan.actions.at(index);
            if (r.ok()) {
                const int version = r.value.version > 0 ? r.value.version : action.version;
                m_answered.insert(index, version);
                m_destVersions.insert(versionKey(action.subject, action.version), version);
            }
            settle(index, r.error);
        },
        m_confirmation);
}

void CopyWriter::send(int index)
{
    const CopyAction &a = m_plan.actions.at(index);
    ++m_inFlight;
    m_outcome.maxInFlight = qMax(m_outcome.maxInFlight, m_inFlight);
    if (!m_client) {
        settle(index, registry::ApiError::make(registry::ErrorKind::Configuration,
                                               u"The destination was closed."_s));
        return;
    }
    auto onMode = [this, index](const registry::Result<QString> &r) {
        const CopyAction &action = m_plan.actions.at(index);
        // Taking away a mode that is not set is what restoring asked for.
        const bool unset =
            action.kind == ActionKind::RestoreMode && action.value.isEmpty() && r.error.isNotFound();
        settle(index, unset ? registry::ApiError{} : r.error);
    };
    switch (a.kind) {
    case ActionKind::EnterImport:
        ++m_outcome.modeChanges;
        m_client->setMode(a.target, u"IMPORT"_s, a.force, this, onMode, m_confirmation);
        return;
    case ActionKind::RestoreMode:
        ++m_outcome.modeChanges;
        if (a.value.isEmpty())
            m_client->deleteMode(a.target, false, this, onMode, m_confirmation);
        else
            m_client->setMode(a.target, a.value, false, this, onMode, m_confirmation);
        return;
    case ActionKind::Register:
        sendRegister(index);
        return;
    case ActionKind::SoftDelete: {
        ++m_outcome.writeRequests;
        const int version = !a.value.isEmpty()       ? a.value.toInt()
                            : !a.dependsOn.isEmpty() ? m_answered.value(a.dependsOn.first(), a.version)
                                                     : a.version;
        m_client->deleteVersion(
            a.target, QString::number(version), false, this,
            [this, index](const registry::Result<int> &r) { settle(index, r.error); }, m_confirmation);
        return;
    }
    case ActionKind::SetCompatibility: {
        ++m_outcome.writeRequests;
        registry::ConfigUpdate update;
        update.compatibility = a.value;
        m_client->setConfig(
            a.target, update, this,
            [this, index](const registry::Result<registry::RegistryConfig> &r) { settle(index, r.error); },
            m_confirmation);
        return;
    }
    case ActionKind::SetMode:
        ++m_outcome.writeRequests;
        m_client->setMode(a.target, a.value, false, this, onMode, m_confirmation);
        return;
    case ActionKind::Skip:
    case ActionKind::Conflict:
        break;
    }
    settle(index, {});
}

void CopyWriter::settle(int index, const registry::ApiError &error)
{
    --m_inFlight;
    const CopyAction &a = m_plan.actions.at(index);
    if (!error.isError()) {
        m_state.insert(index, 1);
        m_outcome.done.append(index);
    } else {
        qCWarning(lcTransfer) << "copy step failed:" << a.describe() << error.summary();
        m_state.insert(index, 2);
        m_outcome.failures.insert(index, error.toDisplayString());
        if (a.kind == ActionKind::RestoreMode)
            m_outcome.modesRestored = false;
        else
            stop();
    }
    if (a.kind == ActionKind::Register || a.kind == ActionKind::SoftDelete)
        Q_EMIT progress(++m_progress, m_total);
    // Going on from the event loop: a refusal may be delivered inside send(), and pump() must not
    // re-enter itself.
    if (!m_pumpQueued) {
        m_pumpQueued = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_pumpQueued = false;
                if (m_running)
                    pump();
            },
            Qt::QueuedConnection);
    }
}

void CopyWriter::finish()
{
    for (int i = 0; i < m_plan.actions.size(); ++i) {
        const CopyAction &a = m_plan.actions.at(i);
        const bool unneeded = a.kind == ActionKind::RestoreMode && !m_state.contains(i);
        if (a.writes() && !unneeded && m_state.value(i) != 1 && !m_outcome.failures.contains(i))
            m_outcome.notDone.append(i);
    }
    m_outcome.elapsedMs = m_timer.elapsed();
    m_running = false;
    Q_EMIT finished();
}

} // namespace sd::transfer
