#pragma once

#include <QJsonObject>

namespace sd::sandbox {

// A large, realistic registry in the sandbox's data-file format, for benchmarks and scale tests:
// `subjects` subjects ("topic-000042-value") spread over `contexts` contexts (".", ".ctx1", …),
// `versions` versions each, one schema id per version. Every 50th subject is JSON Schema and every 70th
// Protobuf, the rest Avro. Sizes are mixed: most schemas have 5-25 fields, one in twenty 40-200, and
// every 500th subject is large (700-1000 Avro fields: 5.6k-8k lines pretty-printed).
// Each context also holds three shared types at version 1 — "com.acme.common.Envelope" (Avro),
// "acme/common/money.proto" (Protobuf) and "common-address.json" (JSON Schema) — which every 7th Avro
// subject and every other JSON and Protobuf subject reference, with the references array filled as the
// registry returns it. So a context holds its share of `subjects` plus 3.
// Deterministic: the same arguments give the same registry.
QJsonObject generateLargeRegistry(int subjects, int contexts = 5, int versions = 3);

} // namespace sd::sandbox
