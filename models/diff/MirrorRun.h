#pragma once

#include "diff/MirrorComparator.h"
#include "diff/SchemaFolder.h"
#include "registry/LoaderPair.h"
#include "registry/RequestGroup.h"

#include <memory>
#include <QElapsedTimer>
#include <QFuture>
#include <QObject>
#include <QPointer>
#include <utility>

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::diff {

// What one mirror verification compares: registry A against registry B, or against a folder of files.
struct MirrorRunRequest
{
    QString connectionA;
    QString connectionB;
    bool compareFolder = false; // B is `folder`, not a connection
    QString folder;             // as typed
    SubjectMapping mapping;
    MirrorOptions options; // for a folder, narrowed to what files hold (see MirrorRun::start)
};

// The mirror-verification workflow, without widgets: bulk-load both registries through the workspace's
// clients (or read a folder), compare them off the GUI thread with progress, cancel, and keep the
// report. A newer start() replaces a running one (registry::RequestGroup drops the older deliveries).
class MirrorRun : public QObject
{
    Q_OBJECT
public:
    enum class Outcome { Report, Cancelled, Failed };
    Q_ENUM(Outcome)

    explicit MirrorRun(items::RegistryWorkspace &workspace, QObject *parent = nullptr);
    ~MirrorRun() override;

    // Why `request` cannot run (no open connection, no folder, no context named), or empty.
    QString check(const MirrorRunRequest &request) const;
    // Starts a run, replacing one still going; false (and finished(Failed)) when check() refuses it.
    bool start(const MirrorRunRequest &request);
    void cancel(); // finishes with Outcome::Cancelled
    bool isRunning() const { return m_running; }

    const MirrorReport &report() const { return m_report; }
    bool hasReport() const { return m_hasReport; }
    QString errorText() const { return m_error; }
    int requestCount() const { return m_requests; } // HTTP requests of the last run's loading
    qint64 loadMs() const { return m_loadMs; }
    QString connectionA() const { return m_request.connectionA; } // of the last run
    QString connectionB() const { return m_request.connectionB; }
    QString folder() const { return m_folder; } // the last run's folder (absolute); empty for a registry
    // The files the last folder run read (by subject), and what could not be read.
    const schemafolder::LoadResult *folderFiles() const { return m_folderFiles.get(); }
    // "name (first URL)" of a connection, as reports and captions name it.
    QString labelOf(const QString &connectionId) const;

Q_SIGNALS:
    void loading(qint64 doneA, qint64 totalA, qint64 doneB, qint64 totalB); // versions
    void comparing();
    void progress(int minimum, int maximum, int value);
    void finished(sd::diff::MirrorRun::Outcome outcome);

private:
    void loaderFinished();
    void compareLoaded();
    void finish(Outcome outcome, const QString &error = {});
    RegistrySnapshot settingsSnapshot(const registry::RegistrySnapshot &loaded,
                                      const QString &connectionId) const;

    items::RegistryWorkspace &m_workspace;
    registry::RequestGroup m_group;
    MirrorRunRequest m_request;
    QString m_folder;
    registry::LoaderPair m_loads; // B only when comparing with a registry
    QFuture<MirrorReport> m_future;
    std::shared_ptr<schemafolder::LoadResult> m_folderFiles;
    MirrorReport m_report;
    bool m_running = false;
    bool m_hasReport = false;
    QString m_error;
    int m_requests = 0;
    QElapsedTimer m_runTimer;
    qint64 m_loadMs = 0;
};

} // namespace sd::diff
