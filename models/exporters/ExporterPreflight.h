#pragma once

#include "exporters/MappingPreview.h"
#include "exporters/WorkspaceRegistries.h"
#include "registry/ConnectionProfile.h"
#include "registry/RegistryTypes.h"
#include "registry/RequestGroup.h"

#include <functional>
#include <memory>
#include <QObject>
#include <QPointer>

namespace sd::registry {
class RegistryClient;
struct WriteConfirmation;
} // namespace sd::registry

namespace sd::exporters {

// The checks before an exporter is created, made from this desktop with the exporter's own URL and
// credentials (a probe client): the destination answers and accepts them, the contexts the subjects
// land in are in IMPORT mode, subjects already there hold the same latest schema, and no exporter on
// the destination (when it is an open connection) would send them back (a loop). run() starts over;
// only the latest run is delivered. setImport() puts the contexts that need it into IMPORT mode.
class ExporterPreflight : public QObject
{
    Q_OBJECT
public:
    struct Input
    {
        registry::ExporterInfo exporter; // as it would be created
        QString sourceConnectionId;
        QStringList sourceSubjects; // every context of the source
        QString sourceClusterId;
        QString destinationConnectionId;   // the open connection chosen as destination, or empty
        QString destinationName;           // as the checks name it
        registry::ConnectionProfile probe; // the exporter's URL, its credentials in probeSecrets
        registry::ConnectionSecrets probeSecrets;
        bool credentials = false; // the exporter logs in (basic.auth.user.info)
    };
    // A check's outcome: ✔ fine, ! worth a look, ✗ the exporter would fail.
    struct Check
    {
        QString kind;
        QString text;
    };

    explicit ExporterPreflight(items::RegistryWorkspace &workspace, QObject *parent = nullptr);
    ~ExporterPreflight() override;

    void run(const Input &input);
    void cancel()
    {
        m_group.cancel();
        m_running = false;
    }
    bool isRunning() const { return m_running; }
    const QList<Check> &checks() const { return m_checks; }
    // The destination scopes (":.ctx:", ":.:" for the default context) not in IMPORT mode.
    const QStringList &needImport() const { return m_needImport; }
    // The client with the exporter's credentials, from the last run() (null before one).
    registry::RegistryClient *probe() const { return m_probe.get(); }
    // Sets every scope of needImport() to IMPORT through `client`; importSet() lists the refusals.
    void setImport(registry::RegistryClient *client, const registry::WriteConfirmation &confirmation);

Q_SIGNALS:
    void checkAdded(const sd::exporters::ExporterPreflight::Check &check);
    void finished();
    void importSet(const QStringList &failures);

private:
    void add(const QString &text, const QString &kind);
    void checkLoop(registry::RegistryClient *destClient, const std::function<void()> &done);
    void reportLoop(const QList<registry::ExporterInfo> &theirs);
    void probeDestination(const QList<MappingRow> &rows, const ExporterMapping &mapping,
                          const std::function<void()> &done);
    void checkDestination(const QList<MappingRow> &rows, const ExporterMapping &mapping,
                          const QStringList &subjects, const std::function<void()> &done);
    void checkMode(const QString &ctx, const std::function<void()> &done);
    void compareLatest(const MappingRow &row, const std::function<void()> &done);

    QPointer<items::RegistryWorkspace> m_workspace;
    registry::RequestGroup m_group; // the checks, or the IMPORT fix before the next ones
    std::unique_ptr<registry::RegistryClient> m_probe;
    Input m_input;
    QList<Check> m_checks;
    QStringList m_needImport;
    bool m_running = false;
};

} // namespace sd::exporters
