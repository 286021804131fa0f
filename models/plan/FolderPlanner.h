#pragma once

#include "diff/MirrorComparator.h"
#include "diff/SchemaFolder.h"
#include "plan/FolderPlan.h"
#include "registry/RegistrySnapshot.h"
#include "registry/RequestGroup.h"

#include <QObject>
#include <QPointer>

namespace sd::registry {
class BulkLoader;
class RegistryClient;
} // namespace sd::registry

namespace sd::plan {

struct FolderPlanRequest
{
    QString folder;
    // Delete the registry's subjects that the folder has no file for, in the contexts the folder has
    // files in (other contexts are left alone).
    bool deleteMissing = false;
    bool permanentDelete = false; // soft delete, then hard
    bool precheck = true;         // ask the registry whether each new version is compatible
};

// Plans a folder of schema files (diff::schemafolder's layout and manifest) against a registry,
// without widgets, so the console and a command line drive it alike: bulk-loads the registry (a few
// requests), compares it with the folder latest to latest off the GUI thread (diff::MirrorComparator,
// formatting ignored; what still differs is looked up in the registry, which knows its own rewriting),
// turns the differences into ordered actions, reads the subject-level compatibility of the subjects
// the manifest sets one for, and pre-checks each new version with the registry's compatibility
// endpoint. Nothing is written. A newer start() replaces a running one.
class FolderPlanner : public QObject
{
    Q_OBJECT
public:
    explicit FolderPlanner(registry::RegistryClient *client, QObject *parent = nullptr);
    ~FolderPlanner() override;

    bool start(const FolderPlanRequest &request); // false (and finished(false)) for a missing folder
    void cancel();                                // finished(false), errorText() "Cancelled."
    bool isRunning() const { return m_running; }

    const FolderPlan &plan() const { return m_plan; }
    QString errorText() const { return m_error; }
    int requestCount() const { return m_requests; } // HTTP requests of the last run

Q_SIGNALS:
    void stepChanged(const QString &step); // "Loading the registry…", "Checking compatibility…"
    void finished(bool ok);

private:
    void loaded();
    struct Compared
    {
        diff::schemafolder::LoadResult files;
        diff::MirrorReport report;
    };
    void compared(const Compared &result, const registry::SnapshotPtr &loaded);
    void buildActions(const diff::RegistrySnapshot &folder, const diff::MirrorReport &report,
                      const registry::RegistrySnapshot &registry);
    void addDeletes(const diff::RegistrySnapshot &folder, const registry::RegistrySnapshot &registry,
                    const QStringList &onlyInRegistry);
    void resolveReferences(const registry::RegistrySnapshot &registry);
    void order();
    void confirmDifferences();
    void readSettings();
    void precheck();
    void finish(bool ok, const QString &error = {});
    QString label() const;

    QPointer<registry::RegistryClient> m_client;
    registry::RequestGroup m_group;
    QPointer<registry::BulkLoader> m_loader;
    FolderPlanRequest m_request;
    FolderPlan m_plan;
    QHash<QString, QString> m_wantedCompatibility; // subject -> the manifest's level
    QHash<QString, QString> m_files;               // subject -> its file, relative to the folder
    QHash<QString, int> m_latest;                  // differing subject -> the registry's latest version
    bool m_running = false;
    QString m_error;
    int m_requests = 0;
};

} // namespace sd::plan
