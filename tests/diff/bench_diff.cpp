// Diff and mirror-comparison benchmark (issue 9). Prints one line per figure with its unit.
//   bench_diff [--files DIR] [--runs N] [--git PATH]
// The generated inputs are written to DIR (kept) or a temporary directory, and timed with
// `git diff --no-index` too when git is on PATH (or given with --git).

#include "diff/MirrorComparator.h"
#include "diff/TextDiffer.h"

#include <algorithm>
#include <cstdio>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

void print(const QString &name, double value, const QString &unit, const QString &note = {})
{
    std::printf("%-44s %10.2f %s%s\n", qPrintable(name), value, qPrintable(unit),
                note.isEmpty() ? "" : qPrintable(u"  ("_s + note + u')'));
    std::fflush(stdout);
}

void printText(const QString &name, const QString &text)
{
    std::printf("%-44s %s\n", qPrintable(name), qPrintable(text));
    std::fflush(stdout);
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values[values.size() / 2];
}

struct Timing
{
    double median = 0;
    double min = 0;
};

Timing timing(const QList<double> &values)
{
    return {median(values), values.isEmpty() ? 0 : *std::min_element(values.begin(), values.end())};
}

QString minNote(const Timing &t)
{
    return u"min "_s + QString::number(t.min, 'f', 2) + u" ms"_s;
}

// A pretty-printed Avro record with `fieldCount` fields, 6 lines per field.
QString avroRecord(int fieldCount, const QString &prefix, const QString &type, const QString &docWord)
{
    QString text;
    text.reserve(fieldCount * 130);
    text +=
        u"{\n  \"type\": \"record\",\n  \"name\": \"Generated\",\n  \"namespace\": \"bench\",\n  \"fields\": [\n"_s;
    for (int i = 0; i < fieldCount; ++i) {
        text += u"    {\n      \"name\": \""_s + prefix + QString::number(i) + u"\",\n"_s;
        text += u"      \"type\": \""_s + type + u"\",\n"_s;
        text +=
            u"      \"doc\": \""_s + docWord + u' ' + QString::number(i) + u" of the generated record\"\n"_s;
        text += (i + 1 < fieldCount) ? u"    },\n"_s : u"    }\n"_s;
    }
    text += u"  ]\n}\n"_s;
    return text;
}

// About `hunks` scattered edits: renames, type changes, inserted and removed fields.
QString scatterEdits(const QString &text, int hunks)
{
    QStringList lines = text.split(u'\n');
    const int step = int(lines.size()) / (hunks + 1);
    for (int h = hunks; h >= 1; --h) {
        const int at = h * step;
        switch (h % 4) {
        case 0:
            lines[at] = lines[at] + u" "_s; // whitespace-only change
            break;
        case 1:
            lines[at] = u"      \"name\": \"edited_"_s + QString::number(h) + u"\","_s;
            break;
        case 2:
            lines.insert(at, u"    {\n      \"name\": \"inserted\",\n      \"type\": \"int\"\n    },"_s);
            break;
        case 3:
            lines.removeAt(at);
            lines.removeAt(at);
            break;
        }
    }
    return lines.join(u'\n');
}

// The same lines in a random order: every line matches somewhere, so the edit distance is huge.
QString shuffledLines(const QString &text)
{
    QStringList lines = text.split(u'\n');
    QRandomGenerator random(7);
    for (qsizetype i = lines.size() - 1; i > 0; --i)
        lines.swapItemsAt(i, random.bounded(i + 1));
    return lines.join(u'\n');
}

bool writeFile(const QString &path, const QString &text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    file.write(text.toUtf8());
    return true;
}

struct Case
{
    QString name;
    QString left;
    QString right;
};

Timing timeOurs(const Case &c, int runs, const sd::diff::DiffOptions &options, sd::diff::DiffStats *stats)
{
    QList<double> times;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer timer;
        timer.start();
        const sd::diff::DiffResult result = sd::diff::TextDiffer::diff(c.left, c.right, options);
        times << timer.nsecsElapsed() / 1e6;
        *stats = result.stats;
    }
    return timing(times);
}

Timing timeGit(const QString &git, const QString &left, const QString &right, int runs)
{
    QList<double> times;
    for (int r = 0; r < runs; ++r) {
        QProcess process;
        process.setStandardOutputFile(QProcess::nullDevice());
        QElapsedTimer timer;
        timer.start();
        process.start(git, {u"diff"_s, u"--no-index"_s, u"--no-color"_s, left, right});
        process.waitForFinished(-1);
        times << timer.nsecsElapsed() / 1e6;
    }
    return timing(times);
}

// A registry of `subjects` x `versions` distinct Avro records of mixed size (3..12 fields).
sd::diff::RegistrySnapshot makeRegistry(int subjects, int versions, const QString &contextPrefix)
{
    sd::diff::RegistrySnapshot snapshot;
    snapshot.subjects.reserve(subjects);
    int id = 1;
    for (int s = 0; s < subjects; ++s) {
        sd::diff::SnapshotSubject subject;
        subject.name = contextPrefix + u"topic-"_s + QString::number(s) + u"-value"_s;
        for (int v = 1; v <= versions; ++v) {
            QString schema = u"{\"type\":\"record\",\"name\":\"Topic"_s + QString::number(s) +
                             u"\",\"namespace\":\"com.example.bench\",\"fields\":["_s;
            const int fields = 3 + (s + v) % 10;
            for (int f = 0; f < fields; ++f) {
                if (f > 0)
                    schema += u',';
                schema += u"{\"name\":\"field_"_s + QString::number(f) + u"\",\"type\":\""_s +
                          (f % 3 == 0 ? u"long"_s : u"string"_s) + u"\"}"_s;
            }
            schema += u"]}"_s;
            sd::diff::SnapshotVersion version;
            version.version = v;
            version.id = id++;
            version.schema = schema;
            subject.versions << version;
        }
        snapshot.subjects << subject;
    }
    return snapshot;
}

void benchMirror(int runs)
{
    constexpr int kSubjects = 100000;
    constexpr int kVersions = 3;
    sd::diff::RegistrySnapshot a = makeRegistry(kSubjects, kVersions, {});
    a.label = u"source"_s;
    // B holds separately allocated copies under the ".source" context, as an exporter with
    // contextType CUSTOM writes them, plus three real differences.
    sd::diff::RegistrySnapshot b = makeRegistry(kSubjects, kVersions, u":.source:"_s);
    b.label = u"target"_s;
    b.subjects[10].versions[2].schema += u" "_s;
    b.subjects.removeAt(20);
    b.subjects[30].versions[0].id = 0;
    sd::diff::SubjectMapping mapping;
    mapping.contextType = sd::diff::ContextType::Custom;
    mapping.context = u"source"_s;

    QList<double> times;
    sd::diff::MirrorReport report;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer timer;
        timer.start();
        report = sd::diff::MirrorComparator::compare(a, b, mapping);
        times << timer.nsecsElapsed() / 1e6;
    }
    print(u"mirror.classify.2x%1_versions"_s.arg(kSubjects * kVersions), median(times), u"ms"_s,
          u"%1 identical, %2 differing, %3 only in A, %4 only in B; target <= 500 ms"_s
              .arg(report.counts.identical)
              .arg(report.counts.differing)
              .arg(report.counts.onlyInA)
              .arg(report.counts.onlyInB));
    // The loader can fingerprint each distinct schema while it parses pages on its worker threads;
    // then classification compares 64-bit numbers instead of texts.
    QElapsedTimer fingerprintTimer;
    fingerprintTimer.start();
    for (sd::diff::RegistrySnapshot *snapshot : {&a, &b}) {
        for (sd::diff::SnapshotSubject &subject : snapshot->subjects) {
            for (sd::diff::SnapshotVersion &version : subject.versions)
                version.fingerprint = sd::diff::MirrorComparator::fingerprint(version);
        }
    }
    const double fingerprintMs = fingerprintTimer.nsecsElapsed() / 1e6;
    QList<double> precomputedTimes;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer timer;
        timer.start();
        report = sd::diff::MirrorComparator::compare(a, b, mapping);
        precomputedTimes << timer.nsecsElapsed() / 1e6;
    }
    print(u"mirror.classify_precomputed_fingerprints.2x%1_versions"_s.arg(kSubjects * kVersions),
          median(precomputedTimes), u"ms"_s,
          u"fingerprinting both sides took %1 ms, done by the loader while pages arrive; %2 differing"_s
              .arg(fingerprintMs, 0, 'f', 1)
              .arg(report.counts.differing));

    sd::diff::MirrorOptions canonical;
    canonical.fingerprint = sd::diff::FingerprintMode::Canonical;
    QElapsedTimer canonicalTimer;
    canonicalTimer.start();
    const sd::diff::MirrorReport canonicalReport =
        sd::diff::MirrorComparator::compare(a, b, mapping, canonical);
    print(u"mirror.classify_canonical.2x%1_versions"_s.arg(kSubjects * kVersions),
          canonicalTimer.nsecsElapsed() / 1e6, u"ms"_s,
          u"1 run; parses every distinct schema text; %1 differing"_s.arg(canonicalReport.counts.differing));
    QElapsedTimer exportTimer;
    exportTimer.start();
    const qsizetype markdownSize = report.toMarkdown().size();
    print(u"mirror.export_markdown"_s, exportTimer.nsecsElapsed() / 1e6, u"ms"_s,
          QString::number(markdownSize) + u" chars"_s);
    printText(u"mirror.requests"_s,
              u"0 (works on snapshots from the bulk loader; its requests are counted there)"_s);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"schemadesk.*.debug=false"_s);
    QStringList args = app.arguments();
    QString filesDir;
    QString gitPath;
    int runs = 11;
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == u"--files")
            filesDir = args[i + 1];
        else if (args[i] == u"--runs")
            runs = qMax(1, args[i + 1].toInt());
        else if (args[i] == u"--git")
            gitPath = args[i + 1];
    }
    QTemporaryDir temp;
    if (filesDir.isEmpty())
        filesDir = temp.path();
    QDir().mkpath(filesDir);

    const QString base10k = avroRecord(2000, u"field_"_s, u"string"_s, u"Field"_s);
    const QString base50k = avroRecord(10000, u"field_"_s, u"string"_s, u"Field"_s);
    const QList<Case> cases{
        {u"10k_few_changes"_s, base10k, scatterEdits(base10k, 100)},
        {u"10k_rewritten"_s, base10k, avroRecord(2000, u"renamed_"_s, u"long"_s, u"Renamed"_s)},
        {u"50k_rewritten"_s, base50k, avroRecord(10000, u"renamed_"_s, u"long"_s, u"Renamed"_s)},
        {u"50k_shuffled"_s, base50k, shuffledLines(base50k)},
    };

    const QString git = gitPath.isEmpty() ? QStandardPaths::findExecutable(u"git"_s) : gitPath;
    printText(u"diff.runs"_s, QString::number(runs) + u" (median reported)"_s);
    for (const Case &c : cases) {
        const QString leftPath = filesDir + u'/' + c.name + u".left.avsc"_s;
        const QString rightPath = filesDir + u'/' + c.name + u".right.avsc"_s;
        writeFile(leftPath, c.left);
        writeFile(rightPath, c.right);

        sd::diff::DiffStats stats;
        sd::diff::DiffOptions lineOnly;
        lineOnly.intraline = false;
        const Timing lineMs = timeOurs(c, runs, lineOnly, &stats);
        const Timing fullMs = timeOurs(c, runs, {}, &stats);
        const QString shape = u"%1 lines, %2 hunks, -%3 +%4"_s.arg(stats.leftLines)
                                  .arg(stats.hunks)
                                  .arg(stats.removedLines)
                                  .arg(stats.addedLines);
        print(u"diff."_s + c.name + u".lines_only"_s, lineMs.median, u"ms"_s,
              shape + u"; "_s + minNote(lineMs));
        print(u"diff."_s + c.name + u".with_intraline"_s, fullMs.median, u"ms"_s, minNote(fullMs));
        if (git.isEmpty()) {
            printText(u"diff."_s + c.name + u".git_diff_no_index"_s,
                      u"n/a (git not on PATH here; inputs kept in "_s + filesDir + u')');
        } else {
            const Timing gitMs = timeGit(git, leftPath, rightPath, runs);
            print(u"diff."_s + c.name + u".git_diff_no_index"_s, gitMs.median, u"ms"_s,
                  u"wall time incl. process start; "_s + minNote(gitMs));
        }
    }
    benchMirror(qMin(runs, 5));
    return 0;
}
