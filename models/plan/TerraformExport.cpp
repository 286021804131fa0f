#include "plan/TerraformExport.h"

#include "diff/SchemaFolder.h"
#include "plan/PlanLogging.h"
#include "plan/TerraformWriter.h"
#include "registry/BulkLoader.h"
#include "registry/RegistryClient.h"

#include <memory>
#include <QDir>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace sd::plan {

TerraformExport::TerraformExport(registry::RegistryClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

TerraformExport::~TerraformExport() = default;

QString TerraformExport::configurationPath() const
{
    return QDir(m_directory).filePath(QString::fromLatin1(fileName));
}

bool TerraformExport::start(const QString &directory, const diff::SubjectMapping &filter)
{
    m_group.cancel();
    m_directory = QDir(directory).absolutePath();
    m_filter = filter;
    m_subjects = 0;
    m_errors.clear();
    if (directory.trimmed().isEmpty() || !QDir().mkpath(m_directory)) {
        finish(false, tr("Choose a folder to write into."));
        return false;
    }
    if (!m_client) {
        finish(false, tr("The connection is closed."));
        return false;
    }
    m_running = true;
    m_error.clear();
    m_loader = new registry::BulkLoader(m_client, m_group.start());
    connect(m_loader, &registry::BulkLoader::finished, this, &TerraformExport::loaded);
    m_loader->start();
    return true;
}

void TerraformExport::cancel()
{
    if (!m_running)
        return;
    m_group.cancel();
    finish(false, tr("Cancelled."));
}

void TerraformExport::loaded()
{
    if (!m_running || !m_loader || m_loader->isRunning())
        return;
    const registry::SnapshotPtr snapshot = m_loader->snapshot();
    if (m_loader->error().isError() || !snapshot) {
        finish(false, tr("Loading the registry failed: %1").arg(m_loader->error().toDisplayString()));
        return;
    }
    m_loader->deleteLater();
    const registry::ConnectionProfile &profile = m_client->profile();
    const diff::schemafolder::ExportResult written =
        diff::schemafolder::exportLatest(*snapshot, m_directory, m_filter, profile.name);
    m_errors << written.errors;
    readSettings(snapshot);
}

void TerraformExport::readSettings(const registry::SnapshotPtr &snapshot)
{
    auto subjects = std::make_shared<QList<terraform::Subject>>();
    for (int s = 0; s < snapshot->subjectCount(); ++s) {
        const QString name = snapshot->qualifiedName(s);
        const int latest = snapshot->latestLiveVersion(s);
        if (!m_filter.selects(name) || latest < 0)
            continue;
        const registry::RegistrySnapshot::Version &version = snapshot->version(latest);
        terraform::Subject subject;
        subject.subject = name;
        subject.schemaType = snapshot->typeName(version).isEmpty() ? registry::defaultSchemaType()
                                                                   : snapshot->typeName(version);
        subject.file = diff::schemafolder::relativePathFor(name, subject.schemaType);
        subject.version = version.version;
        subject.references = snapshot->references(version);
        subjects->append(subject);
    }
    m_subjects = int(subjects->size());
    const auto arrived = m_group.join(2 * m_subjects, [this, subjects] { write(*subjects); });
    for (int i = 0; i < m_subjects; ++i) {
        const QString name = subjects->at(i).subject;
        // Only what the subject sets itself (no defaultToGlobal): "not set" answers 404.
        m_group.track(
            m_client->getConfig(name, false, m_group.context(),
                                [subjects, i, arrived](const registry::Result<registry::RegistryConfig> &r) {
                                    if (r.ok())
                                        (*subjects)[i].compatibility = r.value.compatibility;
                                    arrived();
                                }));
        m_group.track(m_client->getMode(name, false, m_group.context(),
                                        [subjects, i, arrived](const registry::Result<QString> &r) {
                                            if (r.ok())
                                                (*subjects)[i].mode = r.value;
                                            arrived();
                                        }));
    }
}

void TerraformExport::write(const QList<terraform::Subject> &subjects)
{
    const QString endpoint = m_client && !m_client->profile().urls.isEmpty()
                                 ? m_client->profile().urls.first().toString()
                                 : QString();
    const QByteArray text = terraform::render(subjects, endpoint).toUtf8();
    QSaveFile file(configurationPath());
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        finish(false, tr("%1: %2").arg(configurationPath(), file.errorString()));
        return;
    }
    finish(m_errors.isEmpty(), m_errors.isEmpty() ? QString() : m_errors.join(u'\n'));
}

void TerraformExport::finish(bool ok, const QString &error)
{
    qCInfo(lcPlan) << "Terraform export to" << m_directory << (ok ? "written:" : "failed:") << m_subjects
                   << "subject(s)" << error;
    m_running = false;
    m_error = error;
    Q_EMIT finished(ok);
}

} // namespace sd::plan
