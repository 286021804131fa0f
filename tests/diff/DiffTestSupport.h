#pragma once

// Helpers of the diff workflow tests: a connection to a sandbox registry, seeding over HTTP, and a
// workspace that has loaded it.

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

// Registers `schema` under `subject` through the real client; true when the registry took it.
inline bool registerSchema(const sandbox::SandboxServer &server, const QString &subject,
                           const QString &schema)
{
    registry::RegistryClient client(profileOf(QStringLiteral("seed"), server), {});
    registry::SchemaSubmission submission;
    submission.schema = schema;
    bool done = false;
    bool ok = false;
    QObject context;
    client.registerSchema(subject, submission, false, &context,
                          [&](const registry::Result<registry::SchemaVersion> &r) {
                              done = true;
                              ok = r.ok();
                          });
    return QTest::qWaitFor([&] { return done; }, 10000) && ok;
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
