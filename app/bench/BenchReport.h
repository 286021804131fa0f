#pragma once

// bench_scale's report: one line per figure with the floor, the usual approach and the target.

#include "BenchSupport.h"

#include <optional>

namespace sd::bench {

QString ms(double value);
void row(int n, const QString &name, const QString &measured, const QString &floor, const QString &usual,
         const QString &target, std::optional<bool> pass);
void reportNoBulk(int n, int versions, const Figures &f);
void report(int n, int versions, const Figures &f, const Figures &floor2, int usualSeconds, bool withMirror);

} // namespace sd::bench
