#pragma once

#include "BulkRunner.h"
#include "registry/RegistryClient.h"
#include "registry/RequestGroup.h"

#include <functional>
#include <QObject>

namespace sd::modes {

enum class BulkAction { SetCompatibility, SetMode, CheckUnderLevel, CheckSchema };

// What a bulk run does to every subject it is given.
struct BulkRequest
{
    BulkAction action = BulkAction::SetCompatibility;
    QString value;                            // the level or mode to set, or the level to check under
    registry::SchemaSubmission candidate;     // for CheckSchema
    bool dry = false;                         // reads only and reports what would change
    registry::WriteConfirmation confirmation; // what the user typed for a change on protected connections
};

// Bulk settings across connections and contexts: sets compatibility or mode at the subject level (a dry
// run first), or checks whether subjects would stay compatible under a level or accept a candidate
// schema, through a BulkRunner with bounded concurrency.
class BulkSettings : public QObject
{
    Q_OBJECT
public:
    using ClientFor = std::function<registry::RegistryClient *(const QString &connectionId)>;
    using CanWrite = std::function<bool(const QString &connectionId)>;

    BulkSettings(ClientFor clientFor, CanWrite canWrite, QObject *parent = nullptr);

    static bool writes(BulkAction action)
    {
        return action == BulkAction::SetCompatibility || action == BulkAction::SetMode;
    }

    // Does nothing while a run is going on.
    void start(const QList<BulkRunner::Item> &items, const BulkRequest &request, int concurrency);
    BulkRunner *runner() const { return m_runner; }
    const BulkRequest &request() const { return m_request; }

private:
    void runTask(const BulkRunner::Item &item, BulkRunner::Finish finish);
    void checkUnderLevel(const BulkRunner::Item &item, BulkRunner::Finish finish);

    ClientFor m_clientFor;
    CanWrite m_canWrite;
    BulkRunner *m_runner = nullptr;
    BulkRequest m_request;
    registry::RequestGroup m_requests;
};

} // namespace sd::modes
