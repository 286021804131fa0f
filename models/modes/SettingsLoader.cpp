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
    const quint64 generation = ++m_generation;
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
    auto pending = std::make_shared<int>(2);
    auto failure = std::make_shared<QString>();
    auto listed = [this, generation, pending, failure, concurrency] {
        if (generation != m_generation || --*pending > 0)
            return;
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
        auto remaining = std::make_shared<int>(int(levels.size()));
        for (const Level &level : std::as_const(levels)) {
            readScope(level.scope(), [this, generation, remaining, concurrency,
                                      level](const items::ScopeSettings &settings) {
                if (generation != m_generation)
                    return;
                m_snapshot.settingsAt(level) = settings;
                if (--*remaining > 0)
                    return;
                resolveTopLevel(generation, [this, generation, concurrency] {
                    if (generation != m_generation)
                        return;
                    m_subjectsSkipped = m_withSubjects && m_snapshot.subjectNames.size() > maxSubjectReads;
                    if (m_withSubjects && !m_subjectsSkipped)
                        loadSubjects(concurrency);
                    else {
                        m_loading = false;
                        Q_EMIT loaded();
                    }
                });
            });
        }
    };
    client->listContexts(this, [this, generation, listed](const Result<QStringList> &r) {
        if (generation != m_generation)
            return;
        m_contexts = r ? r.value : QStringList{u"."_s};
        if (!m_contexts.contains(u"."_s))
            m_contexts.prepend(u"."_s);
        listed();
    });
    registry::SubjectQuery query;
    query.subjectPrefix = u":*:"_s;
    client->listSubjects(query, this, [this, generation, listed, failure](const Result<QStringList> &r) {
        if (generation != m_generation)
            return;
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
    });
}

void SettingsLoader::readScope(const QString &scope, std::function<void(const items::ScopeSettings &)> done)
{
    const quint64 generation = m_generation;
    auto pending = std::make_shared<int>(2);
    auto target = std::make_shared<items::ScopeSettings>();
    auto finish = [this, generation, pending, done, target] {
        if (generation == m_generation && --*pending == 0)
            done(*target);
    };
    m_client->getConfig(scope, false, this,
                        [this, generation, scope, target, finish](const Result<registry::RegistryConfig> &r) {
                            if (generation != m_generation)
                                return;
                            if (r) {
                                target->compatibility = r.value.compatibility;
                                m_configs.insert(scope, r.value);
                            } else if (!isNotSet(r.error)) {
                                m_errors.insert(scope, u"config: "_s + r.error.summary());
                            }
                            finish();
                        });
    m_client->getMode(scope, false, this,
                      [this, generation, scope, target, finish](const Result<QString> &r) {
                          if (generation != m_generation)
                              return;
                          if (r)
                              target->mode = r.value;
                          else if (!isNotSet(r.error))
                              m_errors.insert(scope, u"mode: "_s + r.error.summary());
                          finish();
                      });
}

void SettingsLoader::resolveTopLevel(quint64 generation, std::function<void()> done)
{
    // GET /config and /mode at the top level answer the server default when nothing is set there, so
    // "BACKWARD"/"READWRITE" may mean "not set". Asking again with defaultToGlobal=true tells them
    // apart when the global level is set: if that answer differs, the top level holds nothing.
    auto pending = std::make_shared<int>(2);
    auto finish = [this, generation, pending, done] {
        if (generation == m_generation && --*pending == 0)
            done();
    };
    auto judge = [](QString &topLevel, const QString &withGlobal, const QString &global,
                    const QString &fallback) {
        if (topLevel.isEmpty() || topLevel != fallback)
            return; // a value other than the default was set on purpose
        if (withGlobal != topLevel || global.isEmpty() || global == fallback)
            topLevel.clear();
    };
    m_client->getConfig(
        {}, true, this, [this, generation, judge, finish](const Result<registry::RegistryConfig> &r) {
            if (generation != m_generation)
                return;
            if (r) {
                judge(m_snapshot.topLevel.compatibility, r.value.compatibility,
                      m_snapshot.global.compatibility, items::serverDefaultCompatibility());
                if (m_snapshot.topLevel.compatibility.isEmpty() && m_configs.contains(QString()))
                    m_configs[QString()].compatibility.clear();
            }
            finish();
        });
    m_client->getMode({}, true, this, [this, generation, judge, finish](const Result<QString> &r) {
        if (generation != m_generation)
            return;
        if (r)
            judge(m_snapshot.topLevel.mode, r.value, m_snapshot.global.mode, items::serverDefaultMode());
        finish();
    });
}

void SettingsLoader::loadSubjects(int concurrency)
{
    QList<BulkRunner::Item> items;
    for (const QString &subject : std::as_const(m_snapshot.subjectNames))
        items.append({{}, subject});
    const quint64 generation = m_generation;
    disconnect(m_runner, nullptr, this, nullptr);
    connect(m_runner, &BulkRunner::finished, this, [this, generation] {
        if (generation != m_generation)
            return;
        m_loading = false;
        qCDebug(lcModes) << "settings loaded:" << m_snapshot.subjectNames.size() << "subjects";
        Q_EMIT loaded();
    });
    m_runner->start(
        items,
        [this, generation](const BulkRunner::Item &item, BulkRunner::Finish finish) {
            if (generation != m_generation || !m_client)
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
