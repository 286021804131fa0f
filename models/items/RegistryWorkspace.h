#pragma once

#include "registry/ConnectionProfile.h"
#include "registry/LatestSchemas.h"
#include "registry/RegistryTypes.h"
#include "registry/RequestGroup.h"
#include "registry/ServerCapabilities.h"
#include "RegistryTreeModel.h"

#include <map>
#include <memory>
#include <QObject>
#include <QPointer>

namespace sd::registry {
class HttpLog;
class RegistryClient;
} // namespace sd::registry

namespace sd::items {

// The registries the console is connected to, and the loading that fills the tree: per connection a
// RegistryClient, its detected capabilities, and the bulk load (the subject skeleton in one request,
// schema summaries in pages of 1000, config and mode per context, exporters). Screens ask it for a
// connection's client; nothing here touches widgets. Big answers (the skeleton, the schema pages) are
// parsed on worker threads; the GUI thread only links the results into the tree.
class RegistryWorkspace : public QObject
{
    Q_OBJECT
public:
    enum class State { Connecting, Loading, Ready, Failed };
    Q_ENUM(State)

    struct Connection
    {
        registry::ConnectionProfile profile;
        registry::RegistryClient *client = nullptr;
        registry::ServerCapabilities capabilities;
        State state = State::Connecting;
        QString error;
        qint64 latencyMs = -1;
        int requestsUsed = 0; // by the tree's loading, for the benchmarks and the status line
        // The newest schema text of every subject, kept from the load's pages (no extra request) and
        // updated when a subject's versions are reloaded; null until a load finished, or when the
        // registry has no bulk endpoint. Searches read it off the GUI thread.
        registry::LatestSchemasPtr latestSchemas;
        // A newer reload of the settings or the exporters drops the answers of the previous one.
        registry::RequestGroup settingsReads;
        registry::RequestGroup exporterReads;
    };

    explicit RegistryWorkspace(QObject *parent = nullptr);
    ~RegistryWorkspace() override;

    RegistryTreeModel *tree() const { return m_tree; }
    registry::HttpLog *httpLog() const { return m_log; }

    // Connects with the secrets given (read from the keychain by the caller, typed by the user, or
    // the demo's). The tree gets the connection at once; loading starts when it is expanded or
    // when load() is called.
    void openConnection(const registry::ConnectionProfile &profile,
                        const registry::ConnectionSecrets &secrets);
    void closeConnection(const QString &connectionId);
    QStringList connectionIds() const; // in the tree's order
    const Connection *connection(const QString &connectionId) const;
    registry::RegistryClient *client(const QString &connectionId) const;

    // (Re)loads everything of a connection: capabilities, skeleton, schema summaries, settings, exporters.
    void load(const QString &connectionId);
    void reloadSettings(const QString &connectionId);
    void reloadExporters(const QString &connectionId);
    // Stops a load in flight; the connection shows that it was cancelled and loads again on Refresh.
    void cancelLoad(const QString &connectionId);
    // Loads one subject's versions (with their ids) into the tree.
    void loadVersions(const QString &connectionId, const QString &qualifiedSubject);

    int requestsInFlight() const;

Q_SIGNALS:
    void requestsInFlightChanged(int count);
    void connectionStateChanged(const QString &connectionId, sd::items::RegistryWorkspace::State state);
    // Everything of the connection is in the tree.
    void connectionLoaded(const QString &connectionId);
    void loadProgress(const QString &connectionId, int versionsLoaded);
    void exportersChanged(const QString &connectionId);

private:
    struct LoadState;
    Connection *find(const QString &connectionId);
    void loadVersionsOneByOne(const QString &connectionId, const QString &qualifiedSubject);
    void applyVersions(const QString &connectionId, const QString &qualifiedSubject,
                       const QList<registry::SchemaVersion> &loaded);
    static RegistryTreeModel::ConnectionInfo connectionInfo(const registry::ConnectionProfile &profile,
                                                            const registry::ServerCapabilities *caps);
    void setState(Connection &connection, State state, const QString &error = {});
    // Ends a load with an error on the connection node; later answers of that load are dropped.
    void failLoad(const QString &connectionId, const std::shared_ptr<LoadState> &load, const QString &error);
    void loadSkeleton(const QString &connectionId, const std::shared_ptr<LoadState> &load);
    void loadContexts(const QString &connectionId, const std::shared_ptr<LoadState> &load);
    void resolveContexts(const QString &connectionId, const std::shared_ptr<LoadState> &load);
    void showSkeleton(const QString &connectionId, const std::shared_ptr<LoadState> &load);
    void finishSkeleton(const QString &connectionId, const std::shared_ptr<LoadState> &load);
    void startSchemaPages(const QString &connectionId, const std::shared_ptr<LoadState> &load);
    void requestLiveKeys(const QString &connectionId, const std::shared_ptr<LoadState> &load, int page);
    void requestSchemaPage(const QString &connectionId, const std::shared_ptr<LoadState> &load);
    void requestProvenPages(const QString &connectionId, const std::shared_ptr<LoadState> &load);
    void applySchemaPages(const QString &connectionId, const std::shared_ptr<LoadState> &load);
    void onFetchRequested(const QString &connectionId, RegistryTreeModel::Kind kind,
                          const QString &qualifiedSubject);
    void updateActivity();

    RegistryTreeModel *m_tree = nullptr;
    registry::HttpLog *m_log = nullptr;
    std::map<QString, std::unique_ptr<Connection>> m_connections;
    QHash<QString, quint64> m_generation; // a newer load makes older answers stale
    int m_lastActivity = 0;
};

} // namespace sd::items
