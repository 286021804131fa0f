#include "SettingsLoader.h"

#include "ModesLogging.h"
#include "registry/RegistryClient.h"

#include <memory>

using namespace Qt::StringLiterals;

namespace sd::modes {

using registry::Result;

namespace {

bool isNotSet(const registry::ApiError &error)
{
    return error.isNotFound();
}

} // namespace

SettingsLoader::SettingsLoader(QObject *parent)
    : QObject(parent)
    , m_runner(new BulkRunner(this))
{}

void SettingsLoader::load(registry::RegistryClient *client, bool withSubjects, int concurrency)
{
    QObject *context = m_requests.start();
    m_client = client;
    m_withSubjects = withSubjects;
    m_subjectsSkipped = false;
    m_loading = true;
    m_snapshot = {};
    m_contexts.clear();
    m_configs.clear();
    m_errors.clear();
    if (!client) {
        m_loading = false;
        Q_EMIT failed(u"not connected"_s);
        return;
    }
    auto failure = std::make_shared<QString>();
    auto listed = m_requests.join(2, [this, failure, concurrency] {
        if (!failure->isEmpty()) {
            m_loading = false;
            Q_EMIT failed(*failure);
            return;
        }
        // The levels: global, top level, every other context.
        QList<Level> levels{Level::global(), Level::topLevel()};
        for (const QString &context : std::as_const(m_contexts))
            if (context != u".")
                levels << Level::ofContext(context);
        auto levelRead = m_requests.join(int(levels.size()), [this, concurrency] {
            resolveTopLevel([this, concurrency] {
                m_subjectsSkipped = m_withSubjects && m_snapshot.subjectNames.size() > maxSubjectReads;
                if (m_withSubjects && !m_subjectsSkipped)
                    loadSubjects(concurrency);
                else {
                    m_loading = false;
                    Q_EMIT loaded();
                }
            });
        });
        for (const Level &level : std::as_const(levels)) {
            readScope(level.scope(), [this, levelRead, level](const items::ScopeSettings &settings) {
                m_snapshot.settingsAt(level) = settings;
                levelRead();
            });
        }
    });
    m_requests.track(client->listContexts(context, [this, listed](const Result<QStringList> &r) {
        m_contexts = r ? r.value : QStringList{u"."_s};
        if (!m_contexts.contains(u"."_s))
            m_contexts.prepend(u"."_s);
        listed();
    }));
    registry::SubjectQuery query;
    query.subjectPrefix = u":*:"_s;
    m_requests.track(
        client->listSubjects(query, context, [this, listed, failure](const Result<QStringList> &r) {
            if (!r)
                *failure = r.error.toDisplayString();
            else
                m_snapshot.subjectNames = r.value;
            for (const QString &subject : std::as_const(m_snapshot.subjectNames)) {
                const QString context = registry::QualifiedSubject::parse(subject).context;
                if (!m_contexts.contains(context))
                    m_contexts << context;
            }
            listed();
        }));
}

void SettingsLoader::readScope(const QString &scope, std::function<void(const items::ScopeSettings &)> done)
{
    auto target = std::make_shared<items::ScopeSettings>();
    auto finish = m_requests.join(2, [done, target] { done(*target); });
    m_requests.track(
        m_client->getConfig(scope, false, m_requests.context(),
                            [this, scope, target, finish](const Result<registry::RegistryConfig> &r) {
                                if (r) {
                                    target->compatibility = r.value.compatibility;
                                    m_configs.insert(scope, r.value);
                                } else if (!isNotSet(r.error)) {
                                    m_errors.insert(scope, u"config: "_s + r.error.summary());
                                }
                                finish();
                            }));
    m_requests.track(m_client->getMode(scope, false, m_requests.context(),
                                       [this, scope, target, finish](const Result<QString> &r) {
                                           if (r)
                                               target->mode = r.value;
                                           else if (!isNotSet(r.error))
                                               m_errors.insert(scope, u"mode: "_s + r.error.summary());
                                           finish();
                                       }));
}

void SettingsLoader::resolveTopLevel(std::function<void()> done)
{
    // GET /config and /mode at the top level answer the server default when nothing is set there, so
    // "BACKWARD"/"READWRITE" may mean "not set". Asking again with defaultToGlobal=true tells them
    // apart when the global level is set: if that answer differs, the top level holds nothing.
    auto finish = m_requests.join(2, std::move(done));
    auto judge = [](QString &topLevel, const QString &withGlobal, const QString &global,
                    const QString &fallback) {
        if (topLevel.isEmpty() || topLevel != fallback)
            return; // a value other than the default was set on purpose
        if (withGlobal != topLevel || global.isEmpty() || global == fallback)
            topLevel.clear();
    };
    m_requests.track(m_client->getConfig(
        {}, true, m_requests.context(), [this, judge, finish](const Result<registry::RegistryConfig> &r) {
            if (r) {
                judge(m_snapshot.topLevel.compatibility, r.value.compatibility,
                      m_snapshot.global.compatibility, items::serverDefaultCompatibility());
                if (m_snapshot.topLevel.compatibility.isEmpty() && m_configs.contains(QString()))
                    m_configs[QString()].compatibility.clear();
            }
            finish();
        }));
    m_requests.track(
        m_client->getMode({}, true, m_requests.context(), [this, judge, finish](const Result<QString> &r) {
            if (r)
                judge(m_snapshot.topLevel.mode, r.value, m_snapshot.global.mode, items::serverDefaultMode());
            finish();
        }));
}

void SettingsLoader::loadSubjects(int concurrency)
{
    QList<BulkRunner::Item> items;
    for (const QString &subject : std::as_const(m_snapshot.subjectNames))
        items.append({{}, subject});
    connect(m_runner, &BulkRunner::finished, m_requests.context(), [this] {
        m_loading = false;
        qCDebug(lcModes) << "settings loaded:" << m_snapshot.subjectNames.size() << "subjects";
        Q_EMIT loaded();
    });
    m_runner->start(
        items,
        [this, current = QPointer<QObject>(m_requests.context())](const BulkRunner::Item &item,
                                                                  BulkRunner::Finish finish) {
            if (!current || !m_client)
                return finish({});
            readScope(item.subject, [this, finish, item](const items::ScopeSettings &settings) {
                if (!settings.mode.isEmpty() || !settings.compatibility.isEmpty())
                    m_snapshot.subjects.insert(item.subject, settings);
                finish({{}, item.subject, BulkOutcome::Status::Unchanged, {}});
            });
        },
        concurrency);
}

} // namespace sd::modes
