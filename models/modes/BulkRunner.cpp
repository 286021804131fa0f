#include "BulkRunner.h"

#include "ModesLogging.h"
#include "registry/EnumNames.h"

#include <memory>

using namespace Qt::StringLiterals;

namespace sd::modes {

QString bulkStatusName(BulkOutcome::Status status)
{
    static constexpr registry::EnumNames<BulkOutcome::Status::Skipped> names(
        {u"changed", u"unchanged", u"failed", u"compatible", u"incompatible", u"skipped"});
    return names.name(status);
}

QString BulkTotals::summary() const
{
    QStringList parts{u"%1 checked"_s.arg(checked)};
    if (changed || unchanged || (!compatible && !incompatible))
        parts << u"%1 changed"_s.arg(changed) << u"%1 unchanged"_s.arg(unchanged);
    if (compatible || incompatible)
        parts << u"%1 compatible"_s.arg(compatible) << u"%1 incompatible"_s.arg(incompatible);
    parts << u"%1 failed"_s.arg(failed);
    if (skipped)
        parts << u"%1 skipped"_s.arg(skipped);
    parts << u"%1 ms"_s.arg(durationMs);
    return parts.join(u" · "_s);
}

BulkRunner::BulkRunner(QObject *parent)
    : QObject(parent)
{}

void BulkRunner::start(const QList<Item> &items, Task task, int concurrency)
{
    m_requests.start();
    m_items = items;
    m_task = std::move(task);
    m_concurrency = qMax(1, concurrency);
    m_next = 0;
    m_active = 0;
    m_peak = 0;
    m_outcomes.clear();
    m_running = true;
    m_durationMs = 0;
    m_clock.start();
    qCDebug(lcModes) << "bulk run over" << items.size() << "items, concurrency" << m_concurrency;
    if (m_items.isEmpty()) {
        m_running = false;
        Q_EMIT finished(totals());
        return;
    }
    launchMore();
}

void BulkRunner::cancel()
{
    if (!m_running)
        return;
    while (m_next < m_items.size()) {
        const Item &item = m_items.at(m_next++);
        record({item.connectionId, item.subject, BulkOutcome::Status::Skipped, u"cancelled"_s});
    }
}

void BulkRunner::launchMore()
{
    while (m_running && m_active < m_concurrency && m_next < m_items.size()) {
        const Item item = m_items.at(m_next++);
        ++m_active;
        m_peak = qMax(m_peak, m_active);
        auto reported = std::make_shared<bool>(false);
        m_task(item, m_requests.guard([this, reported, item](BulkOutcome outcome) {
            if (*reported)
                return;
            *reported = true;
            --m_active;
            if (outcome.subject.isEmpty())
                outcome.subject = item.subject;
            if (outcome.connectionId.isEmpty())
                outcome.connectionId = item.connectionId;
            record(std::move(outcome));
            launchMore();
        }));
    }
}

void BulkRunner::record(BulkOutcome outcome)
{
    m_outcomes.append(outcome);
    Q_EMIT itemFinished(outcome);
    if (m_running && m_outcomes.size() == m_items.size()) {
        m_running = false;
        m_durationMs = m_clock.elapsed();
        Q_EMIT finished(totals());
    }
}

BulkTotals BulkRunner::totals() const
{
    BulkTotals t;
    t.total = int(m_items.size());
    t.checked = int(m_outcomes.size());
    // In the order of BulkOutcome::Status.
    int *const counters[] = {&t.changed, &t.unchanged, &t.failed, &t.compatible, &t.incompatible, &t.skipped};
    for (const BulkOutcome &o : m_outcomes) {
        ++*counters[int(o.status)];
        if (o.status == BulkOutcome::Status::Skipped)
            --t.checked; // never started
    }
    t.durationMs = m_running ? m_clock.elapsed() : m_durationMs;
    return t;
}

} // namespace sd::modes
