#pragma once

#include "registry/RequestGroup.h"

#include <functional>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>

namespace sd::modes {

// One item's result in a bulk operation.
struct BulkOutcome
{
    enum class Status { Changed, Unchanged, Failed, Compatible, Incompatible, Skipped };
    QString connectionId;
    QString subject;
    Status status = Status::Failed;
    QString detail; // the reason for Failed, "FULL → NONE" for Changed, messages for Incompatible
};

QString bulkStatusName(BulkOutcome::Status status);

struct BulkTotals
{
    int total = 0;
    int checked = 0; // items finished, whatever their result
    int changed = 0;
    int unchanged = 0;
    int failed = 0;
    int compatible = 0;
    int incompatible = 0;
    int skipped = 0;
    qint64 durationMs = 0;
    QString summary() const;
};

// Runs one asynchronous task per item with at most `concurrency` running at once, so a bulk change
// over thousands of subjects never floods a registry. A task reports through `finish` exactly once.
class BulkRunner : public QObject
{
    Q_OBJECT
public:
    struct Item
    {
        QString connectionId;
        QString subject;
    };
    using Finish = std::function<void(BulkOutcome)>;
    using Task = std::function<void(const Item &item, Finish finish)>;

    explicit BulkRunner(QObject *parent = nullptr);

    void start(const QList<Item> &items, Task task, int concurrency = 4);
    // Items not started yet are reported Skipped; running ones finish normally.
    void cancel();
    bool isRunning() const { return m_running; }
    const QList<BulkOutcome> &outcomes() const { return m_outcomes; }
    BulkTotals totals() const;
    int peakConcurrency() const { return m_peak; }

Q_SIGNALS:
    void itemFinished(const sd::modes::BulkOutcome &outcome);
    void finished(const sd::modes::BulkTotals &totals);

private:
    void launchMore();
    void record(BulkOutcome outcome);

    QList<Item> m_items;
    Task m_task;
    int m_concurrency = 4;
    int m_next = 0;
    int m_active = 0;
    int m_peak = 0;
    bool m_running = false;
    registry::RequestGroup m_requests; // a new start() drops the reports of the previous run
    QList<BulkOutcome> m_outcomes;
    QElapsedTimer m_clock;
    qint64 m_durationMs = 0;
};

} // namespace sd::modes
