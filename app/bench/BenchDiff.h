#pragma once

// The diff figures of bench_scale, next to `git diff --no-index` on the same inputs.

#include <QString>

namespace sd::bench {

void benchDiff(int runs, const QString &keepDir, const QString &gitPath);

} // namespace sd::bench
