#pragma once

#include <QJsonObject>

namespace sd::sandbox {

// A large, realistic registry in the sandbox's data-file format, for benchmarks and scale tests:
// `subjects` subjects spread over `contexts` contexts (".", ".ctx1", …), `versions` versions each,
// one schema id per version. Every 50th subject is JSON Schema and every 70th Protobuf; every 500th
// subject's schema is large (~5k lines). Deterministic: the same arguments give the same registry.
QJsonObject generateLargeRegistry(int subjects, int contexts = 5, int versions = 3);

} // namespace sd::sandbox
