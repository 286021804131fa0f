#pragma once

// Helpers of the copy tests: two sandbox registries, seeding them over HTTP through the real client,
// and a workspace that has loaded them.

#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/SandboxServer.h"

#include <memory>
#include <QTest>

namespace sd::transfer::test {

inline registry::ConnectionProfile profileOf(const QString &name, const sandbox::SandboxServer &server)
{
    registry::ConnectionProfile p;
    p.name = name;
    p.urls = {server.url()};
    p.maxRetries = 0; // a scripted error answers at once
    return p;
}

// Runs one client call and waits for its answer.
template<typename T, typename Call> registry::Result<T> wait(Call call)
{
    registry::Result<T> result;
    bool done = false;
    QObject context;
    call(&context, [&](const registry::Result<T> &r) {
        result = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 15000))
        result.error = registry::ApiError::make(registry::ErrorKind::Network, QStringLiteral("timed out"));
    return result;
}

// A client for seeding and checking, outside the workspace under test.
struct Seeder
{
    explicit Seeder(const sandbox::SandboxServer &server)
        : client(profileOf(QStringLiteral("seed"), server), {})
    {}

    registry::Result<registry::SchemaVersion> add(const QString &subject, const QString &schema,
                                                  const QList<registry::SchemaReference> &references = {})
    {
        registry::SchemaSubmission s;
        s.schema = schema;
        s.references = references;
        return wait<registry::SchemaVersion>(
            [&](QObject *c, auto cb) { client.registerSchema(subject, s, false, c, cb); });
    }
    bool softDelete(const QString &subject, int version)
    {
        return wait<int>([&](QObject *c, auto cb) {
                   client.deleteVersion(subject, QString::number(version), false, c, cb);
               })
            .ok();
    }
    registry::Result<registry::SchemaVersion> version(const QString &subject, int version,
                                                      bool deleted = false)
    {
        return wait<registry::SchemaVersion>([&](QObject *c, auto cb) {
            client.getVersion(subject, QString::number(version), deleted, c, cb);
        });
    }
    registry::Result<QList<int>> versions(const QString &subject, bool deleted)
    {
        return wait<QList<int>>(
            [&](QObject *c, auto cb) { client.listVersions(subject, deleted, false, c, cb); });
    }
    registry::Result<QString> mode(const QString &scope, bool effective)
    {
        return wait<QString>([&](QObject *c, auto cb) { client.getMode(scope, effective, c, cb); });
    }
    bool setMode(const QString &scope, const QString &mode)
    {
        return wait<QString>([&](QObject *c, auto cb) { client.setMode(scope, mode, false, c, cb); }).ok();
    }
    registry::Result<registry::RegistryConfig> config(const QString &subject)
    {
        return wait<registry::RegistryConfig>(
            [&](QObject *c, auto cb) { client.getConfig(subject, false, c, cb); });
    }
    bool setCompatibility(const QString &subject, const QString &level)
    {
        registry::ConfigUpdate update;
        update.compatibility = level;
        return wait<registry::RegistryConfig>(
                   [&](QObject *c, auto cb) { client.setConfig(subject, update, c, cb); })
            .ok();
    }

    registry::RegistryClient client;
};

// A record with a string field `f`, and a second one with a default when `extra` is named (a compatible
// next version).
inline QString record(const QString &name, const QString &extra = {})
{
    const QString more =
        extra.isEmpty()
            ? QString()
            : QStringLiteral(",{\"name\":\"%1\",\"type\":\"string\",\"default\":\"\"}").arg(extra);
    return QStringLiteral(
               "{\"type\":\"record\",\"name\":\"%1\",\"fields\":[{\"name\":\"f\",\"type\":\"string\"}%2]}")
        .arg(name, more);
}

// Opens and loads a connection in `workspace`; returns its id, empty when the load failed.
inline QString openLoaded(items::RegistryWorkspace &workspace, const registry::ConnectionProfile &p)
{
    const QString id = p.id.toString(QUuid::WithoutBraces);
    workspace.openConnection(p, {});
    workspace.load(id);
    using State = items::RegistryWorkspace::State;
    const bool ready = QTest::qWaitFor(
                           [&] {
                               const State s = workspace.connection(id)->state;
                               return s == State::Ready || s == State::Failed;
                           },
                           15000) &&
                       workspace.connection(id)->state == State::Ready;
    return ready ? id : QString();
}

} // namespace sd::transfer::test
