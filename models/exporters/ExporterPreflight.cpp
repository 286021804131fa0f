#include "ExporterPreflight.h"

#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"

#include <QSet>

using namespace Qt::StringLiterals;
using sd::registry::LinkKind;
using sd::registry::Result;

namespace sd::exporters {

ExporterPreflight::ExporterPreflight(items::RegistryWorkspace &workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(&workspace)
{}

ExporterPreflight::~ExporterPreflight()
{
    m_group.cancel(); // before the probe goes: its aborted answers find no receiver
}

void ExporterPreflight::add(const QString &text, const QString &kind)
{
    m_checks.append({kind, text});
    Q_EMIT checkAdded(m_checks.constLast());
}

void ExporterPreflight::run(const Input &input)
{
    m_group.start(); // before the old probe goes: its answers are dropped, never delivered
    m_running = true;
    m_input = input;
    m_checks.clear();
    m_needImport.clear();
    m_probe = std::make_unique<registry::RegistryClient>(input.probe, input.probeSecrets,
                                                         m_workspace ? m_workspace->httpLog() : nullptr);
    const ExporterMapping mapping = ExporterMapping::fromInfo(input.exporter, input.sourceClusterId);
    const QList<MappingRow> rows = previewMapping(mapping, input.sourceSubjects);
    registry::RegistryClient *destClient = input.destinationConnectionId.isEmpty() || !m_workspace
                                               ? nullptr
                                               : m_workspace->client(input.destinationConnectionId);
    const auto done = m_group.join(destClient ? 2 : 1, [this] {
        m_running = false;
        Q_EMIT finished();
    });
    if (destClient)
        checkLoop(destClient, done);
    probeDestination(rows, mapping, done);
}

// A loop: an exporter on the destination fills a context of the source that this one would send back
// (nested, into a context not in IMPORT mode). Only visible when the destination is an open connection.
void ExporterPreflight::checkLoop(registry::RegistryClient *destClient, const std::function<void()> &done)
{
    m_group.track(destClient->listLinks(
        LinkKind::Exporter, m_group.context(), [this, destClient, done](const Result<QStringList> &names) {
            if (!names || names.value.isEmpty()) {
                done();
                return;
            }
            auto theirs = std::make_shared<QList<registry::ExporterInfo>>();
            const auto arrived = m_group.join(int(names.value.size()), [this, theirs, done] {
                reportLoop(*theirs);
                done();
            });
            for (const QString &n : names.value) {
                m_group.track(destClient->getLink(LinkKind::Exporter, n, m_group.context(),
                                                  [theirs, arrived](const Result<registry::ExporterInfo> &r) {
                                                      if (r)
                                                          theirs->append(r.value);
                                                      arrived();
                                                  }));
            }
        }));
}

void ExporterPreflight::reportLoop(const QList<registry::ExporterInfo> &theirs)
{
    DiagnosisInput in;
    in.exporter = m_input.exporter;
    in.status.state = u"RUNNING"_s;
    in.sourceConnectionId = m_input.sourceConnectionId;
    in.sourceName = connectionName(*m_workspace, in.sourceConnectionId);
    if (const auto *c = m_workspace->connection(in.sourceConnectionId))
        in.sourceUrls = c->profile.urls;
    for (auto known : knownRegistries(*m_workspace)) {
        if (known.connectionId == m_input.destinationConnectionId)
            known.exporters = theirs;
        if (known.connectionId != in.sourceConnectionId)
            in.registries.append(known);
    }
    const Diagnosis d = diagnose(in);
    if (d.loop)
        add(QString(d.loopExplanation + u' ' + d.loopFix).remove(u'`'), u"!"_s);
}

void ExporterPreflight::probeDestination(const QList<MappingRow> &rows, const ExporterMapping &mapping,
                                         const std::function<void()> &done)
{
    m_group.track(m_probe->getRoot(m_group.context(), [this, rows, mapping,
                                                       done](const Result<registry::Empty> &root) {
        if (!root && !root.error.isAuthFailure()) {
            add(tr("%1 is not reachable from here: %2").arg(m_input.destinationName, root.error.summary()),
                u"✗"_s);
            done();
            return;
        }
        add(tr("%1 answers (reachable from this desktop; the exporter connects from the source registry's "
               "host).")
                .arg(m_input.destinationName),
            u"✔"_s);
        registry::SubjectQuery query;
        query.subjectPrefix = u":*:"_s;
        m_group.track(m_probe->listSubjects(
            query, m_group.context(), [this, rows, mapping, done](const Result<QStringList> &subjects) {
                if (!subjects) {
                    add(subjects.error.isAuthFailure()
                            ? tr("%1 refuses these credentials: %2")
                                  .arg(m_input.destinationName, subjects.error.summary())
                            : tr("Listing subjects on %1 failed: %2")
                                  .arg(m_input.destinationName, subjects.error.summary()),
                        u"✗"_s);
                    done();
                    return;
                }
                add(!m_input.credentials
                        ? tr("%1 lets the exporter in without credentials.").arg(m_input.destinationName)
                        : tr("%1 accepts the credentials.").arg(m_input.destinationName),
                    u"✔"_s);
                checkDestination(rows, mapping, subjects.value, done);
            }));
    }));
}

void ExporterPreflight::checkDestination(const QList<MappingRow> &rows, const ExporterMapping &mapping,
                                         const QStringList &subjects, const std::function<void()> &done)
{
    // Destination contexts must be in IMPORT mode.
    QStringList contexts;
    for (const auto &row : rows)
        contexts.append(row.destinationContext);
    if (contexts.isEmpty())
        contexts.append(mapping.destinationContext(u"."_s));
    contexts.removeDuplicates();
    // Subjects already there with other content (the first 50).
    const QSet<QString> there(subjects.cbegin(), subjects.cend());
    QList<MappingRow> existing;
    for (const auto &row : rows) {
        if (there.contains(row.destination) && existing.size() < 50)
            existing.append(row);
    }
    if (existing.isEmpty())
        add(tr("None of the selected subjects exists on %1 yet.").arg(m_input.destinationName), u"✔"_s);
    const auto part = m_group.join(int(contexts.size() + existing.size()), done);
    for (const QString &ctx : std::as_const(contexts))
        checkMode(ctx, part);
    for (const auto &row : std::as_const(existing))
        compareLatest(row, part);
}

void ExporterPreflight::checkMode(const QString &ctx, const std::function<void()> &done)
{
    const QString scope = contextPrefix(ctx);
    m_group.track(m_probe->getMode(
        scope, true, m_group.context(), [this, scope, ctx, done](const Result<QString> &mode) {
            const QString shown = ctx == u"." ? tr("the default context") : ctx;
            if (!mode) {
                add(tr("Mode of %1 on %2 unknown: %3")
                        .arg(shown, m_input.destinationName, mode.error.summary()),
                    u"!"_s);
            } else if (mode.value == u"IMPORT") {
                add(tr("%1 on %2 is in IMPORT mode.").arg(shown, m_input.destinationName), u"✔"_s);
            } else {
                add(tr("%1 on %2 is %3, not IMPORT: the exporter would pause there (42205).")
                        .arg(shown, m_input.destinationName, mode.value),
                    u"✗"_s);
                m_needImport.append(scope.isEmpty() ? u":.:"_s : scope);
            }
            done();
        }));
}

void ExporterPreflight::compareLatest(const MappingRow &row, const std::function<void()> &done)
{
    auto texts = std::make_shared<std::pair<QString, QString>>(); // source's, destination's
    const auto compare = m_group.join(2, [this, row, texts, done] {
        if (texts->first == texts->second)
            add(tr("%1 already exists on %2 with the same latest schema.")
                    .arg(row.destination, m_input.destinationName),
                u"✔"_s);
        else
            add(tr("%1 already exists on %2 with different content: the export may conflict "
                   "(42205/42207).")
                    .arg(row.destination, m_input.destinationName),
                u"!"_s);
        done();
    });
    m_group.track(m_workspace->client(m_input.sourceConnectionId)
                      ->getVersion(row.source, u"latest"_s, false, m_group.context(),
                                   [texts, compare](const Result<registry::SchemaVersion> &v) {
                                       texts->first = v ? v.value.schema : QString();
                                       compare();
                                   }));
    m_group.track(m_probe->getVersion(row.destination, u"latest"_s, false, m_group.context(),
                                      [texts, compare](const Result<registry::SchemaVersion> &v) {
                                          texts->second = v ? v.value.schema : u"\x01"_s;
                                          compare();
                                      }));
}

void ExporterPreflight::setImport(registry::RegistryClient *client,
                                  const registry::WriteConfirmation &confirmation)
{
    m_group.start();
    auto failures = std::make_shared<QStringList>();
    const QStringList scopes = m_needImport;
    const auto arrived = m_group.join(int(scopes.size()), [this, failures] { Q_EMIT importSet(*failures); });
    for (const QString &scope : scopes) {
        const QString subject = scope == u":.:" ? QString() : scope;
        m_group.track(client->setMode(
            subject, u"IMPORT"_s, false, m_group.context(),
            [scope, failures, arrived](const Result<QString> &r) {
                if (!r)
                    failures->append(tr("%1: %2").arg(scope, r.error.toDisplayString()));
                arrived();
            },
            confirmation));
    }
}

} // namespace sd::exporters
