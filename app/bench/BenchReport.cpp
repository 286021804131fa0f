#include "BenchReport.h"

// PASS/MISS.
#include "diff/LoadedSnapshot.h"
#include "diff/MirrorComparator.h"
#include "diff/SubjectMapping.h"
#include "diff/TextDiffer.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/BulkLoader.h"
#include "registry/HttpLog.h"
#include "registry/RegistryClient.h"
#include "registry/Transport.h"
#include "sandboxserver/LargeRegistry.h"
#include "search/IncrementalSearch.h"
#include "search/SchemaSearch.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <QUrlQuery>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

using namespace Qt::StringLiterals;

namespace sd::bench {

QString ms(double value)
{
    if (value >= 100000)
        return QString::number(value / 1000, 'f', 0) + u" s"_s;
    if (value >= 10000)
        return QString::number(value / 1000, 'f', 1) + u" s"_s;
    return QString::number(value, 'f', value < 10 ? 2 : 0) + u" ms"_s;
}

// One line: figure | measured | floor | usual | target → PASS/MISS.
void reportNoBulk(int n, int versions, const Figures &f)
{
    const double subjects = f.value(u"nobulk_all_subjects"_s);
    const double all = f.value(u"nobulk_all_versions"_s);
    const double bound = 1 + subjects + all;
    out(u"N = %1 × %2 versions, --profile redpanda (no GET /schemas): detected Redpanda %3, bulk listing %4"_s
            .arg(n)
            .arg(versions)
            .arg(f.value(u"nobulk_detected_redpanda"_s) > 0 ? u"yes"_s : u"NO"_s,
                 f.value(u"nobulk_bulk_offered"_s) > 0 ? u"offered (unexpected)"_s : u"not offered"_s));
    out(u"  tree: %1 subjects shown after %2, ready after %3, %4 requests (probe, skeleton, contexts, "
        u"settings; "
        "no version read)"_s.arg(f.value(u"nobulk_subjects"_s))
            .arg(ms(f.value(u"nobulk_first_ms"_s)), ms(f.value(u"nobulk_ready_ms"_s)))
            .arg(f.value(u"nobulk_tree_requests"_s)));
    out(u"  one subject opened: %1 versions in %2, %3 requests (target ≤ 1 + versions)"_s
            .arg(f.value(u"nobulk_open_versions"_s))
            .arg(ms(f.value(u"nobulk_open_ms"_s)))
            .arg(f.value(u"nobulk_open_requests"_s)));
    out(u"  every version (search every version; each side of mirror verification): %1 versions of %2 "
        u"subjects "
        "in %3, %4 requests (target ≤ 1 + subjects + versions = %5) %6; at most %7 at once (limit %8); %9 "
        "progress signals; peak RSS %10 MiB"_s.arg(all)
            .arg(subjects)
            .arg(ms(f.value(u"nobulk_all_ms"_s)))
            .arg(f.value(u"nobulk_all_requests"_s))
            .arg(bound)
            .arg(f.value(u"nobulk_all_requests"_s) <= bound ? u"PASS"_s : u"MISS"_s)
            .arg(f.value(u"nobulk_all_max_active"_s))
            .arg(f.value(u"nobulk_limit"_s))
            .arg(f.value(u"nobulk_all_progress"_s))
            .arg(f.value(u"nobulk_peak_rss_mib"_s), 0, 'f', 0));
    out(u"  Cancel a quarter of the way: stopped in %1, %2 requests sent afterwards"_s
            .arg(ms(f.value(u"nobulk_cancel_ms"_s)))
            .arg(f.value(u"nobulk_cancel_later_requests"_s)));
}

void row(int n, const QString &name, const QString &measured, const QString &floor, const QString &usual,
         const QString &target, std::optional<bool> pass)
{
    out(u"%1 | %2 | %3 | floor: %4 | usual: %5 | target: %6 %7"_s
            .arg(n > 0 ? u"N=%1"_s.arg(n) : u"diff"_s, -8)
            .arg(name, -34)
            .arg(measured, -12)
            .arg(floor, usual, target, pass ? (*pass ? u"PASS"_s : u"MISS"_s) : QString()));
}

void report(int n, int versions, const Figures &f, const Figures &floor2, int usualSeconds, bool withMirror)
{
    const double totalVersions = f.value(u"floor_versions"_s);
    const double pageBound = 2 + std::ceil(totalVersions / 1000.0);
    // The strictest floor: the faster of the runs before and after the console.
    const double floorFull = floor2.isEmpty()
                                 ? f.value(u"floor_full_ms"_s)
                                 : std::min(f.value(u"floor_full_ms"_s), floor2.value(u"floor_full_ms"_s));
    const double floorSkeleton =
        floor2.isEmpty() ? f.value(u"floor_skeleton_ms"_s)
                         : std::min(f.value(u"floor_skeleton_ms"_s), floor2.value(u"floor_skeleton_ms"_s));
    // The usual approach, extrapolated linearly from what it did within its cap.
    const double usualDone = std::max(1.0, f.value(u"usual_subjects_done"_s));
    const double usualTotal = f.value(u"usual_subjects_total"_s);
    const double usualFullMs = f.value(u"usual_first_ms"_s) + f.value(u"usual_ms"_s) / usualDone * usualTotal;
    const double usualVersionsPerSubject = f.value(u"usual_versions_done"_s) / usualDone;
    const double usualRequests = 1 + usualTotal * (1 + usualVersionsPerSubject);
    const bool capped = f.value(u"usual_subjects_done"_s) < usualTotal;
    const QString usualNote =
        capped ? u" (extrapolated: %1 of %2 subjects in %3 s cap)"_s.arg(f.value(u"usual_subjects_done"_s))
                     .arg(usualTotal)
                     .arg(usualSeconds)
               : u" (measured, all subjects)"_s;

    out(u"--- N = %1 subjects × %2 versions; %3 subjects listed (incl. 3 shared types per context), %4 versions"_s
            .arg(n)
            .arg(versions)
            .arg(f.value(u"console_subjects"_s))
            .arg(totalVersions));
    row(n, u"requests, skeleton"_s, QString::number(f.value(u"console_requests_skeleton"_s)), u"2"_s, u"1"_s,
        u"≤ 2"_s, f.value(u"console_requests_skeleton"_s) <= 2);
    row(n, u"requests, whole tree"_s, QString::number(f.value(u"console_requests_tree"_s)),
        QString::number(f.value(u"floor_requests"_s)), QString::number(usualRequests, 'f', 0) + usualNote,
        u"≤ 2 + ⌈%1/1000⌉ = %2 (all requests incl. capability probe and settings: %3)"_s.arg(totalVersions)
            .arg(pageBound)
            .arg(f.value(u"console_requests_all"_s)),
        f.value(u"console_requests_tree"_s) <= pageBound);
    row(n, u"time to first subjects shown"_s, ms(f.value(u"console_first_ms"_s)),
        ms(floorSkeleton) + u" (skeleton alone)"_s, ms(f.value(u"usual_first_ms"_s)) + u" (GET /subjects)"_s,
        u"≤ 2 × floor = "_s + ms(2 * floorSkeleton), f.value(u"console_first_ms"_s) <= 2 * floorSkeleton);
    row(n, u"time to fully loaded tree"_s, ms(f.value(u"console_full_ms"_s)), ms(floorFull),
        ms(usualFullMs) + usualNote, u"≤ 1.5 × floor = "_s + ms(1.5 * floorFull),
        f.value(u"console_full_ms"_s) <= 1.5 * floorFull);
    row(n, u"pages: sequential vs two in flight"_s, ms(f.value(u"floor2_full_ms"_s)) + u" (two)"_s,
        ms(floorFull) + u" (sequential)"_s, u"n/a"_s,
        u"(none) two pages in flight where the skeleton proves they exist: %1 requests, %2× the sequential "
        "time (the console asks for two, never more than the connection's request limit)"_s
            .arg(f.value(u"floor2_requests"_s))
            .arg(f.value(u"floor2_full_ms"_s) / std::max(1.0, floorFull), 0, 'f', 2),
        std::nullopt);
    row(n, u"peak RSS, metadata + latest bodies"_s,
        QString::number(f.value(u"console_peak_rss_latest_mib"_s), 'f', 0) + u" MiB"_s,
        QString::number(f.value(u"floor_peak_rss_mib"_s), 'f', 0) + u" MiB (its pages parsed and dropped)"_s,
        u"n/a"_s,
        (n >= 1000000 ? u"≤ 1 GiB"_s : u"≤ 300 MB (= 286 MiB)"_s) +
            u". Resident after the load: %1 MiB, with the newest text of %2 subjects kept "
            "from its pages (no extra request): %3 MiB of UTF-8 held in %4 MiB (%5 MiB as QString)"_s
                .arg(f.value(u"console_rss_latest_mib"_s), 0, 'f', 0)
                .arg(f.value(u"latest_bodies"_s))
                .arg(f.value(u"latest_text_mib"_s), 0, 'f', 0)
                .arg(f.value(u"latest_store_mib"_s), 0, 'f', 1)
                .arg(f.value(u"latest_as_qstring_mib"_s), 0, 'f', 0),
        n >= 1000000 ? f.value(u"console_peak_rss_latest_mib"_s) <= 1024
                     : f.value(u"console_peak_rss_latest_mib"_s) * 1024 * 1024 <= 300e6);
    row(n, u"search of the latest bodies"_s, ms(f.value(u"search_latest_ms"_s)), u"-"_s, u"n/a"_s,
        u"(none) every text inflated and matched, no request; %1 subjects match (each pretty-printed for "
        "its line numbers); a term in none: %2; inflating and decoding alone: %3"_s
            .arg(f.value(u"search_latest_subjects"_s))
            .arg(ms(f.value(u"search_latest_nomatch_ms"_s)))
            .arg(ms(f.value(u"latest_read_all_ms"_s))),
        std::nullopt);
    row(n, u"peak RSS, + every version's body"_s,
        QString::number(f.value(u"console_peak_rss_mib"_s), 'f', 0) + u" MiB"_s, u"-"_s, u"n/a"_s,
        u"(none) BulkLoader snapshot as mirror verification holds it: %1 versions, %2 MiB of text, %3 "
        "requests, %4; resident after: %5 MiB"_s.arg(f.value(u"bodies_versions"_s))
            .arg(f.value(u"bodies_snapshot_mib"_s), 0, 'f', 0)
            .arg(f.value(u"bodies_requests"_s))
            .arg(ms(f.value(u"bodies_ms"_s)))
            .arg(f.value(u"console_rss_with_bodies_mib"_s), 0, 'f', 0),
        std::nullopt);
    row(n, u"search every version"_s, ms(f.value(u"search_all_ms"_s)), u"-"_s, u"n/a"_s,
        u"peak RSS ≤ 400 MiB: %1 MiB (the tree, the newest texts and every version's, compressed: %2 MiB of "
        "text); %3 versions match"_s.arg(f.value(u"console_peak_rss_search_all_mib"_s), 0, 'f', 0)
            .arg(f.value(u"bodies_text_mib"_s), 0, 'f', 0)
            .arg(f.value(u"search_all_versions"_s)),
        f.value(u"console_peak_rss_search_all_mib"_s) <= 400);
    row(n, u"search every version, alone"_s,
        QString::number(f.value(u"stream_peak_rss_mib"_s), 'f', 0) + u" MiB"_s, u"-"_s, u"n/a"_s,
        u"peak RSS ≤ 400 MiB (its own process: the load and the search, no tree); the first matches listed "
        "at %1, while the pages still arrive (all loaded at %2, final result at %3; %4 versions match; "
        "longest GUI-thread stall while loading %5)"_s.arg(ms(f.value(u"stream_first_ms"_s)))
            .arg(ms(f.value(u"stream_load_ms"_s)))
            .arg(ms(f.value(u"stream_total_ms"_s)))
            .arg(f.value(u"stream_versions_matched"_s))
            .arg(ms(f.value(u"stream_stall_ms"_s))),
        f.value(u"stream_peak_rss_mib"_s) <= 400 && f.value(u"stream_first_ms"_s) >= 0 &&
            f.value(u"stream_first_ms"_s) < f.value(u"stream_load_ms"_s));
    row(n, u"filter per keystroke, median"_s, ms(f.value(u"filter_median_ms"_s)),
        ms(f.value(u"filter_floor_median_ms"_s)) + u" (plain scan of the names)"_s, u"n/a"_s, u"≤ 16 ms"_s,
        f.value(u"filter_median_ms"_s) <= 16);
    row(n, u"filter per keystroke, max"_s, ms(f.value(u"filter_max_ms"_s)), u"-"_s, u"n/a"_s, u"≤ 50 ms"_s,
        f.value(u"filter_max_ms"_s) <= 50);
    row(n, u"longest GUI-thread stall, load"_s, ms(f.value(u"console_stall_ms"_s)),
        ms(f.value(u"floor_longest_parse_ms"_s)) + u" (its longest page parse)"_s,
        ms(f.value(u"usual_stall_ms"_s)) + u" (during its capped run)"_s, u"≤ 50 ms"_s,
        f.value(u"console_stall_ms"_s) <= 50);
    if (withMirror) {
        const double mirrorBound = 2 * f.value(u"console_requests_tree"_s);
        row(n, u"mirror: requests (2 registries)"_s, QString::number(f.value(u"mirror_requests"_s)),
            QString::number(f.value(u"floor_requests"_s) + f.value(u"floorB_requests"_s)),
            QString::number(2 * usualRequests, 'f', 0) + u" (2 × the above)"_s,
            u"≤ 2 × full-load requests = "_s + QString::number(mirrorBound),
            f.value(u"mirror_requests"_s) <= mirrorBound);
        row(n, u"mirror: time to load both"_s, ms(f.value(u"mirror_load_ms"_s)),
            ms(std::max(floorFull, f.value(u"floorB_full_ms"_s))) + u" (slower side alone)"_s,
            u"≥ "_s + ms(usualFullMs) + u" (each side as above, both at once)"_s,
            u"(none; %1 versions; converting to comparable snapshots %2)"_s.arg(f.value(u"mirror_versions"_s))
                .arg(ms(f.value(u"mirror_convert_ms"_s))),
            std::nullopt);
        row(n, u"mirror: peak RSS"_s, QString::number(f.value(u"mirror_peak_rss_mib"_s), 'f', 0) + u" MiB"_s,
            u"-"_s, u"n/a"_s,
            u"≤ 600 MiB (both registries loaded, converted and classified in one process)"_s,
            f.value(u"mirror_peak_rss_mib"_s) <= 600);
        row(n, u"mirror: classification"_s, ms(f.value(u"mirror_classify_ms"_s)), u"-"_s, u"n/a"_s,
            u"≤ 500 ms; found %1 identical, %2 differing, %3 only in A, %4 only in B (3 planted)"_s
                .arg(f.value(u"mirror_identical"_s))
                .arg(f.value(u"mirror_differing"_s))
                .arg(f.value(u"mirror_only_a"_s))
                .arg(f.value(u"mirror_only_b"_s)),
            f.value(u"mirror_classify_ms"_s) <= 500);
    }
}

} // namespace sd::bench
