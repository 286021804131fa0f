#pragma once

#include "diff/SubjectMapping.h"
#include "registry/RegistrySnapshot.h"
#include "registry/RequestGroup.h"

#include <QObject>
#include <QPointer>

namespace sd::registry {
class BulkLoader;
class RegistryClient;
} // namespace sd::registry

namespace sd::plan {

namespace terraform {
struct Subject;
}

// Exports a registry (or the subjects `filter` selects, e.g. ":.ctx:*" for a context) as a Terraform
// configuration for Confluent's provider: the folder export (diff::schemafolder: one file per subject
// with its latest schema, and the manifest) plus `main.tf` beside it (terraform::render). Reads the
// registry in bulk, then each exported subject's own compatibility and mode (two requests a subject).
// Widget-free, for the console and a command line alike.
class TerraformExport : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *fileName = "main.tf";

    explicit TerraformExport(registry::RegistryClient *client, QObject *parent = nullptr);
    ~TerraformExport() override;

    bool start(const QString &directory, const diff::SubjectMapping &filter = {});
    void cancel();
    bool isRunning() const { return m_running; }

    int subjectCount() const { return m_subjects; } // exported subjects
    QString errorText() const { return m_error; }
    QStringList errors() const { return m_errors; } // files that could not be written
    QString configurationPath() const;              // the directory's main.tf

Q_SIGNALS:
    void finished(bool ok);

private:
    void loaded();
    void readSettings(const registry::SnapshotPtr &snapshot);
    void write(const QList<terraform::Subject> &subjects);
    void finish(bool ok, const QString &error = {});

    QPointer<registry::RegistryClient> m_client;
    registry::RequestGroup m_group;
    QPointer<registry::BulkLoader> m_loader;
    QString m_directory;
    diff::SubjectMapping m_filter;
    bool m_running = false;
    int m_subjects = 0;
    QString m_error;
    QStringList m_errors;
};

} // namespace sd::plan
