#include "BulkSettings.h"

#include "schema/Schema.h"

#include <memory>

using namespace Qt::StringLiterals;

namespace sd::modes {

using registry::Result;
using Status = BulkOutcome::Status;

BulkSettings::BulkSettings(ClientFor clientFor, CanWrite canWrite, QObject *parent)
    : QObject(parent)
    , m_clientFor(std::move(clientFor))
    , m_canWrite(std::move(canWrite))
    , m_runner(new BulkRunner(this))
{}

void BulkSettings::start(const QList<BulkRunner::Item> &items, const BulkRequest &request, int concurrency)
{
    if (m_runner->isRunning())
        return;
    m_request = request;
    m_requests.start();
    m_runner->start(
        items,
        [this](const BulkRunner::Item &item, BulkRunner::Finish finish) { runTask(item, std::move(finish)); },
        concurrency);
}

void BulkSettings::runTask(const BulkRunner::Item &item, BulkRunner::Finish finish)
{
    registry::RegistryClient *client = m_clientFor(item.connectionId);
    if (!client)
        return finish({item.connectionId, item.subject, Status::Failed, tr("not connected")});
    const BulkRequest &request = m_request;
    const bool dry = request.dry;
    const QString value = request.value;
    if (writes(request.action) && !dry && !m_canWrite(item.connectionId))
        return finish({item.connectionId, item.subject, Status::Failed, tr("read-only connection")});
    auto fail = [item, finish](const registry::ApiError &error) {
        finish({item.connectionId, item.subject, Status::Failed, error.summary()});
    };
    auto changed = [item, finish, dry](const QString &before, const QString &after) {
        finish({item.connectionId, item.subject, Status::Changed,
                (dry ? tr("would change: %1 → %2") : tr("%1 → %2")).arg(before, after)});
    };
    auto unchanged = [item, finish](const QString &current) {
        finish({item.connectionId, item.subject, Status::Unchanged,
                tr("already %1 on the subject").arg(current)});
    };
    QObject *context = m_requests.context();
    switch (request.action) {
    case BulkAction::SetCompatibility:
        m_requests.track(client->getConfig(
            item.subject, false, context, [=, this](const Result<registry::RegistryConfig> &r) {
                if (!r && !r.error.isNotFound())
                    return fail(r.error);
                const QString before = r ? r.value.compatibility : QString();
                if (before == value)
                    return unchanged(value);
                const QString shown = before.isEmpty() ? tr("(inherited)") : before;
                if (dry)
                    return changed(shown, value);
                registry::ConfigUpdate update;
                update.compatibility = value;
                m_requests.track(client->setConfig(
                    item.subject, update, context,
                    [=](const Result<registry::RegistryConfig> &w) {
                        w ? changed(shown, value) : fail(w.error);
                    },
                    m_request.confirmation));
            }));
        return;
    case BulkAction::SetMode:
        m_requests.track(client->getMode(item.subject, false, context, [=, this](const Result<QString> &r) {
            if (!r && !r.error.isNotFound())
                return fail(r.error);
            const QString before = r ? r.value : QString();
            if (before == value)
                return unchanged(value);
            const QString shown = before.isEmpty() ? tr("(inherited)") : before;
            if (dry)
                return changed(shown, value);
            m_requests.track(client->setMode(
                item.subject, value, false, context,
                [=](const Result<QString> &w) { w ? changed(shown, value) : fail(w.error); },
                m_request.confirmation));
        }));
        return;
    case BulkAction::CheckSchema:
        m_requests.track(client->checkCompatibility(
            item.subject, std::nullopt, request.candidate, true, context,
            [=](const Result<registry::CompatibilityResult> &r) {
                if (!r)
                    return fail(r.error);
                finish({item.connectionId, item.subject,
                        r.value.compatible ? Status::Compatible : Status::Incompatible,
                        r.value.messages.join(u" | "_s)});
            }));
        return;
    case BulkAction::CheckUnderLevel:
        checkUnderLevel(item, std::move(finish));
        return;
    }
}

void BulkSettings::checkUnderLevel(const BulkRunner::Item &item, BulkRunner::Finish finish)
{
    // The server only checks under the subject's own level, so the history is checked here with the
    // same rules (sd::schema): the latest version against the earlier ones the level selects.
    const QString levelName = m_request.value;
    const auto level = schema::compatibilityLevelFromName(levelName);
    registry::RegistryClient *client = m_clientFor(item.connectionId);
    QObject *context = m_requests.context();
    m_requests.track(client->listVersions(
        item.subject, false, false, context, [=, this](const Result<QList<int>> &versions) {
            if (!versions)
                return finish({item.connectionId, item.subject, Status::Failed, versions.error.summary()});
            QList<int> wanted = versions.value;
            if (wanted.size() < 2)
                return finish({item.connectionId, item.subject, Status::Compatible, tr("only one version")});
            if (!level || !schema::isTransitive(*level))
                wanted = wanted.mid(wanted.size() - 2);
            auto fetched = std::make_shared<QList<registry::SchemaVersion>>();
            auto failed = std::make_shared<QString>();
            auto judge = [=] {
                if (!failed->isEmpty())
                    return finish({item.connectionId, item.subject, Status::Failed, *failed});
                std::sort(fetched->begin(), fetched->end(),
                          [](const auto &a, const auto &b) { return a.version < b.version; });
                QList<schema::ParsedSchemaPtr> parsed;
                schema::ParseOptions lenient;
                lenient.validateDefaults = false;
                for (const registry::SchemaVersion &sv : std::as_const(*fetched)) {
                    const auto type = schema::schemaTypeFromName(sv.schemaType);
                    if (!sv.references.isEmpty())
                        return finish({item.connectionId, item.subject, Status::Failed,
                                       tr("v%1 has references: check it with a candidate schema instead")
                                           .arg(sv.version)});
                    const schema::ParseResult p =
                        schema::parseSchema(type.value_or(schema::SchemaType::Avro), sv.schema, {}, lenient);
                    if (!p.ok())
                        return finish({item.connectionId, item.subject, Status::Failed,
                                       tr("v%1 does not parse: %2").arg(sv.version).arg(p.error)});
                    parsed << p.schema;
                }
                const schema::ParsedSchemaPtr latest = parsed.takeLast();
                const schema::CompatibilityResult result = schema::checkCompatibility(
                    level.value_or(schema::CompatibilityLevel::Backward), *latest, parsed);
                finish({item.connectionId, item.subject,
                        result.compatible ? Status::Compatible : Status::Incompatible,
                        result.compatible ? tr("v%1 is %2-compatible with v%3")
                                                .arg(fetched->last().version)
                                                .arg(levelName)
                                                .arg(fetched->first().version)
                                          : result.messages.join(u" | "_s)});
            };
            auto arrived = m_requests.join(int(wanted.size()), judge);
            for (int version : std::as_const(wanted)) {
                m_requests.track(client->getVersion(item.subject, QString::number(version), false, context,
                                                    [=](const Result<registry::SchemaVersion> &v) {
                                                        if (v)
                                                            fetched->append(v.value);
                                                        else
                                                            *failed = v.error.summary();
                                                        arrived();
                                                    }));
            }
        }));
}

} // namespace sd::modes
