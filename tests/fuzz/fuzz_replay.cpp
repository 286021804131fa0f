// fuzz_replay TARGET PATH...: runs the fuzz target TARGET on every file under each PATH (a file or a
// directory of files), the way libFuzzer would, and fails on a crash (the process dies) or on an
// input slower than one second. Built with the normal compiler; the sanitizer build runs it under
// ASan and UBSan.

#include "FuzzTarget.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <string>

namespace {
std::map<std::string, sd::fuzz::TargetFunction> &targets()
{
    static std::map<std::string, sd::fuzz::TargetFunction> table;
    return table;
}
} // namespace

bool sd::fuzz::registerTarget(const char *name, TargetFunction function)
{
    targets()[name] = function;
    return true;
}

int main(int argc, char *argv[])
{
    if (argc < 3 || !targets().count(argv[1])) {
        std::fprintf(stderr, "usage: fuzz_replay TARGET PATH...\ntargets:");
        for (const auto &[name, function] : targets())
            std::fprintf(stderr, " %s", name.c_str());
        std::fprintf(stderr, "\n");
        return 2;
    }
    const sd::fuzz::TargetFunction run = targets()[argv[1]];
    QStringList files;
    for (int i = 2; i < argc; ++i) {
        const QString path = QString::fromLocal8Bit(argv[i]);
        if (QFileInfo(path).isDir()) {
            QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files.append(it.next());
        } else {
            files.append(path);
        }
    }
    files.sort();
    if (files.isEmpty()) {
        std::fprintf(stderr, "no corpus files under the given paths\n");
        return 1;
    }
    int slow = 0;
    for (const QString &path : std::as_const(files)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
            return 1;
        }
        const QByteArray data = file.readAll();
        const auto start = std::chrono::steady_clock::now();
        run(reinterpret_cast<const std::uint8_t *>(data.constData()), std::size_t(data.size()));
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
                .count();
        if (ms > 1000) {
            std::fprintf(stderr, "SLOW: %s took %lld ms (limit 1000)\n", qPrintable(path),
                         static_cast<long long>(ms));
            ++slow;
        }
    }
    std::printf("%s: %lld inputs replayed, %d slower than 1 s\n", argv[1],
                static_cast<long long>(files.size()), slow);
    return slow ? 1 : 0;
}
