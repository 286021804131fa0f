#pragma once

#include "BulkRunner.h"
#include "registry/RegistryTypes.h"
#include "registry/RequestGroup.h"
#include "SettingsPreview.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace sd::registry {
class RegistryClient;
}

namespace sd::modes {

// Reads what is set at every level of one registry: global, top level, each context, and (optionally)
// every live subject's own mode and config, the subjects with bounded concurrency. "Not set"
// (40408/40409/404) is not an error; any other failure is kept per scope in errors().
class SettingsLoader : public QObject
{
    Q_OBJECT
public:
    explicit SettingsLoader(QObject *parent = nullptr);

    void load(registry::RegistryClient *client, bool withSubjects = true, int concurrency = 6);
    bool isLoading() const { return m_loading; }
    // Registries with more subjects than this are not asked subject by subject (two requests each);
    // previews then assume no subject has its own value, and subjectsSkipped() says so.
    static constexpr int maxSubjectReads = 2000;
    bool subjectsSkipped() const { return m_subjectsSkipped; }

    const SettingsSnapshot &snapshot() const { return m_snapshot; }
    QStringList contexts() const { return m_contexts; }
    // The full config set at a scope (Level::scope()); absent = nothing set there.
    const QHash<QString, registry::RegistryConfig> &configs() const { return m_configs; }
    // scope → error text for reads that failed for another reason than "not set".
    const QHash<QString, QString> &errors() const { return m_errors; }

Q_SIGNALS:
    void loaded();
    void failed(const QString &error);

private:
    void readScope(const QString &scope, std::function<void(const items::ScopeSettings &)> done);
    void resolveTopLevel(std::function<void()> done);
    void loadSubjects(int concurrency);

    QPointer<registry::RegistryClient> m_client;
    registry::RequestGroup m_requests;
    bool m_loading = false;
    bool m_withSubjects = true;
    bool m_subjectsSkipped = false;
    SettingsSnapshot m_snapshot;
    QStringList m_contexts;
    QHash<QString, registry::RegistryConfig> m_configs;
    QHash<QString, QString> m_errors;
    BulkRunner *m_runner = nullptr;
};

} // namespace sd::modes
