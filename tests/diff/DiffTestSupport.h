#pragma once

// Helpers of the diff workflow tests and the diff screens' test: a connection to a sandbox registry,
// seeding and deleting over HTTP, and a workspace that has loaded it.

#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/SandboxServer.h"

#include <QTest>

namespace sd::diff::test {

inline registry::ConnectionProfile profileOf(const QString &name, const sandbox::SandboxServer &server)
{
    registry::ConnectionProfile p;
    p.name = name;
    p.urls = {server.url()};
    p.maxRetries = 0; // a scripted error answers at once
    return p;
}

// One request through the real client, `call(client, context, callback)`; true when it succeeded.
template<typename T, typename Call> bool succeeds(const sandbox::SandboxServer &server, Call &&call)
{
    registry::RegistryClient client(profileOf(QStringLiteral("seed"), server), {});
    bool done = false;
    bool ok = false;
    QObject context;
    call(client, &context, [&](const registry::Result<T> &r) {
        done = true;
        ok = r.ok();
    });
    return QTest::qWaitFor([&] { return done; }, 10000) && ok;
}

// Registers `schema` under `subject`; true when the registry took it.
inline bool registerSchema(const sandbox::SandboxServer &server, const QString &subject,
                           const QString &schema)
{
    return succeeds<registry::SchemaVersion>(server, [&](auto &client, QObject *context, auto done) {
        registry::SchemaSubmission submission;
        submission.schema = schema;
        client.registerSchema(subject, submission, false, context, done);
    });
}

// Deletes one version of `subject`, soft: it stays readable with ?deleted=true.
inline bool deleteVersion(const sandbox::SandboxServer &server, const QString &subject, int version)
{
    return succeeds<int>(server, [&](auto &client, QObject *context, auto done) {
        client.deleteVersion(subject, QString::number(version), false, context, done);
    });
}

// Deletes `subject` soft, then permanently.
inline bool deleteSubject(const sandbox::SandboxServer &server, const QString &subject)
{
    for (bool permanent : {false, true}) {
        if (!succeeds<QList<int>>(server, [&](auto &client, QObject *context, auto done) {
                client.deleteSubject(subject, permanent, context, done);
            }))
            return false;
    }
    return true;
}

// Opens and loads a connection to `server` in `workspace`; returns its id, empty when the load failed.
inline QString openLoaded(items::RegistryWorkspace &workspace, const QString &name,
                          const sandbox::SandboxServer &server)
{
    const registry::ConnectionProfile p = profileOf(name, server);
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

} // namespace sd::diff::test
