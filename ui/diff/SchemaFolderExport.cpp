#include "SchemaFolderExport.h"

#include "diff/SchemaFolder.h"
#include "items/RegistryWorkspace.h"
#include "registry/BulkLoader.h"
#include "ui/Dialogs.h"
#include "ui/Shell.h"

#include <QFileDialog>
#include <QFutureWatcher>
#include <QStatusBar>
#include <QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace sd::ui {

SchemaFolderExport::SchemaFolderExport(Shell &shell, const QString &connectionId,
                                       const diff::SubjectMapping &filter, const QString &directory,
                                       QObject *parent)
    : QObject(parent)
    , m_shell(shell)
    , m_connectionId(connectionId)
    , m_filter(filter)
    , m_directory(directory)
{}

void SchemaFolderExport::start()
{
    registry::RegistryClient *client = m_shell.workspace()->client(m_connectionId);
    if (!client) {
        done(false, tr("The connection is closed."));
        return;
    }
    m_shell.showStatus(tr("Exporting schemas to %1…").arg(m_directory));
    m_loader = new registry::BulkLoader(client, this);
    connect(m_loader, &registry::BulkLoader::finished, this, [this] {
        if (m_loader->error().isError() || !m_loader->snapshot()) {
            done(false, tr("The registry could not be read: %1").arg(m_loader->error().toDisplayString()));
            return;
        }
        const auto *connection = m_shell.workspace()->connection(m_connectionId);
        const QString label = connection ? connection->profile.name : m_connectionId;
        auto *watcher = new QFutureWatcher<diff::schemafolder::ExportResult>(this);
        connect(watcher, &QFutureWatcher<diff::schemafolder::ExportResult>::finished, this, [this, watcher] {
            const diff::schemafolder::ExportResult result = watcher->result();
            watcher->deleteLater();
            m_written = result.written;
            QString message = tr("Wrote %n schema file(s) and schemadesk-schemas.json to %1 (%2 requests).",
                                 "", result.written)
                                  .arg(m_directory)
                                  .arg(m_loader->requestCount());
            if (!result.errors.isEmpty())
                message += tr("\n\n%n file(s) could not be written:\n", "", int(result.errors.size())) +
                           result.errors.mid(0, 10).join(u'\n');
            done(result.errors.isEmpty(), message);
        });
        watcher->setFuture(QtConcurrent::run(
            [snapshot = m_loader->snapshot(), directory = m_directory, filter = m_filter, label] {
                return diff::schemafolder::exportLatest(*snapshot, directory, filter, label);
            }));
    });
    m_loader->start();
}

void SchemaFolderExport::done(bool ok, const QString &message)
{
    m_ok = ok;
    m_message = message;
    m_shell.showStatus(ok ? message.section(u'\n', 0, 0) : tr("Export failed."), 10000);
    Q_EMIT finished(ok, message, m_written);
}

SchemaFolderExport *exportSchemasToFolder(Shell &shell, const QString &connectionId,
                                          const diff::SubjectMapping &filter, QString directory)
{
    if (directory.isEmpty())
        directory =
            QFileDialog::getExistingDirectory(shell.window(), QObject::tr("Export the latest schemas to"));
    if (directory.isEmpty())
        return nullptr;
    auto *job = new SchemaFolderExport(shell, connectionId, filter, directory, &shell);
    QObject::connect(job, &SchemaFolderExport::finished, &shell, [&shell, job] {
        if (job->ok())
            Dialogs::information(shell.window(), QObject::tr("Schemas exported"), job->message());
        else
            Dialogs::warning(shell.window(), QObject::tr("Export failed"), job->message());
        job->deleteLater();
    });
    job->start();
    return job;
}

} // namespace sd::ui
