#pragma once

// One fuzz target per file, written once for two builds:
//  - the libFuzzer build (preset "fuzz", clang): SD_FUZZ_TARGET(name) is LLVMFuzzerTestOneInput and
//    each file becomes its own fuzzer executable (tests/fuzz/run-fuzzers);
//  - every other build: the body is registered under its name, and fuzz_replay (fuzz_replay.cpp) feeds
//    it each file of the committed corpus — the ctest entries fuzz_replay_<name>, no clang needed.

#include <cstddef>
#include <cstdint>
#include <QByteArray>
#include <QString>

namespace sd::fuzz {
using TargetFunction = int (*)(const std::uint8_t *data, std::size_t size);
bool registerTarget(const char *name, TargetFunction function);

inline QByteArray bytes(const std::uint8_t *data, std::size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}
inline QString text(const std::uint8_t *data, std::size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}
} // namespace sd::fuzz

#ifdef SD_FUZZ_LIBFUZZER
#define SD_FUZZ_TARGET(name) extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
#else
#define SD_FUZZ_TARGET(name)                                                                                 \
    static int sdFuzzTarget_##name(const std::uint8_t *data, std::size_t size);                              \
    [[maybe_unused]] static const bool sdFuzzRegistered_##name =                                             \
        sd::fuzz::registerTarget(#name, sdFuzzTarget_##name);                                                \
    static int sdFuzzTarget_##name(const std::uint8_t *data, std::size_t size)
#endif
