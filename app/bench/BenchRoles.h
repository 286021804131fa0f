#pragma once

// The roles bench_scale runs in child processes, so each peak RSS belongs to one side only. Each
// prints its figures with figure() and returns the process's exit code.

#include <QString>
#include <QUrl>

namespace sd::bench {

// A's data file, and B's: A's subjects under ".mirror", with one schema changed, one subject missing
// and one extra subject.
int roleGenerate(int subjects, int contexts, int versions, const QString &fileA, const QString &fileB);
// The same pages as the console, fetched with a plain QNetworkAccessManager and only parsed.
int roleFloor(const QUrl &base, int inFlight);
// The workspace, tree model and a real QTreeView; then the latest bodies and every version's body.
int roleConsole(const QUrl &base);
// One request per subject and per version, 6 at a time like a browser, capped in time.
int roleUsual(const QUrl &base, int capSeconds);
// Two registries loaded at once and classified by MirrorComparator.
int roleMirror(const QUrl &a, const QUrl &b);
// "Search every version", alone, and as results stream in.
int roleSearch(const QUrl &base);
// A registry without a bulk listing (the sandbox's --profile redpanda).
int roleNoBulk(const QUrl &base);

} // namespace sd::bench
