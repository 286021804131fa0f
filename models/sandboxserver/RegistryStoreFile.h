#pragma once

#include "sandboxserver/RegistryStore.h"

namespace sd::sandbox {

// A RegistryStore's data as one JSON document ({"format":"schemadesk-sandbox","formatVersion":1}):
// contexts with their schemas and subjects, the global config and mode, and the change log. What can
// be derived (usages, reference edges, the guid index) is not written and is rebuilt on reading.
class RegistryStoreFile
{
public:
    static QJsonObject write(const RegistryStore &store);
    // Replaces the store's data; false with *error (the store unchanged) when the document is malformed.
    static bool read(const QJsonObject &json, RegistryStore *store, QString *error);

private:
    using ContextEntry = RegistryStore::ContextEntry;
    using SubjectEntry = RegistryStore::SubjectEntry;
    using VersionEntry = RegistryStore::VersionEntry;
};

} // namespace sd::sandbox
