#pragma once

#include "RegistryClient.h"
#include "ServerCapabilities.h"

#include <functional>
#include <QObject>
#include <QString>

namespace sd::registry {

// Reads one version of a subject, soft-deleted or not, so that `deleted` can be trusted on every server.
// Confluent 8+ writes "deleted" when asked with deleted=true: one request. Servers that do not (CP 7,
// Redpanda, Karapace, Apicurio) are asked without deleted=true first — a live version answers — and a
// 404 means soft-deleted, read again with deleted=true: one request per live version, two per
// soft-deleted one. `done` gets the version (subject and number filled in even when a soft-deleted one
// cannot be read back), or the error, and how many requests were sent; `sent` sees each request as it
// goes out (to abort it on Cancel).
void readVersion(RegistryClient *client, const QString &subject, int version, Support deletedField,
                 QObject *context, std::function<void(const Result<SchemaVersion> &, int requests)> done,
                 std::function<void(RequestJob *)> sent = {});

} // namespace sd::registry
