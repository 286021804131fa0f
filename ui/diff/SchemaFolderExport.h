#pragma once

#include "diff/SubjectMapping.h"

#include <QObject>
#include <QPointer>

namespace sd::registry {
class BulkLoader;
}

namespace sd::ui {

class Shell;

// Registry → Export schemas to a folder: bulk-loads the registry, then writes each selected subject's
// latest schema as a file (diff::schemafolder) off the GUI thread.
class SchemaFolderExport : public QObject
{
    Q_OBJECT
public:
    SchemaFolderExport(Shell &shell, const QString &connectionId, const diff::SubjectMapping &filter,
                       const QString &directory, QObject *parent = nullptr);
    void start();

    bool ok() const { return m_ok; }
    QString message() const { return m_message; }
    int written() const { return m_written; }

Q_SIGNALS:
    // The job deletes itself after this when started by exportSchemasToFolder().
    void finished(bool ok, const QString &message, int written);

private:
    void done(bool ok, const QString &message);

    Shell &m_shell;
    QString m_connectionId;
    diff::SubjectMapping m_filter;
    QString m_directory;
    QPointer<registry::BulkLoader> m_loader;
    bool m_ok = false;
    QString m_message;
    int m_written = 0;
};

// Asks for the folder (unless given), runs the export and says how it went.
SchemaFolderExport *exportSchemasToFolder(Shell &shell, const QString &connectionId,
                                          const diff::SubjectMapping &filter = {}, QString directory = {});

} // namespace sd::ui
