#include "BenchDiff.h"

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
#include "BenchReport.h"
#include "BenchSupport.h"

using namespace Qt::StringLiterals;

namespace sd::bench {

// Diff inputs (the same shapes as tests/diff/bench_diff): a pretty-printed Avro record, 5 lines a field.

QString avroRecord(int fieldCount, const QString &prefix, const QString &type, const QString &docWord)
{
    QString text =
        u"{\n  \"type\": \"record\",\n  \"name\": \"Generated\",\n  \"namespace\": \"bench\",\n  \"fields\": [\n"_s;
    for (int i = 0; i < fieldCount; ++i) {
        text += u"    {\n      \"name\": \""_s + prefix + QString::number(i) + u"\",\n"_s;
        text += u"      \"type\": \""_s + type + u"\",\n"_s;
        text +=
            u"      \"doc\": \""_s + docWord + u' ' + QString::number(i) + u" of the generated record\"\n"_s;
        text += (i + 1 < fieldCount) ? u"    },\n"_s : u"    }\n"_s;
    }
    return text + u"  ]\n}\n"_s;
}

// About `hunks` scattered edits: renames, whitespace, inserted and removed fields.
QString scatterEdits(const QString &text, int hunks)
{
    QStringList lines = text.split(u'\n');
    const int step = int(lines.size()) / (hunks + 1);
    for (int h = hunks; h >= 1; --h) {
        const int at = h * step;
        switch (h % 4) {
        case 0:
            lines[at] += u" "_s;
            break;
        case 1:
            lines[at] = u"      \"name\": \"edited_"_s + QString::number(h) + u"\","_s;
            break;
        case 2:
            lines.insert(at, u"    {\n      \"name\": \"inserted\",\n      \"type\": \"int\"\n    },"_s);
            break;
        default:
            lines.removeAt(at);
            lines.removeAt(at);
            break;
        }
    }
    return lines.join(u'\n');
}

// A registry without a bulk listing (the sandbox's --profile redpanda): the tree from the skeleton, one
// subject's versions on demand, then the whole registry subject by subject as search and mirror
// verification load it.

double timeGit(const QString &git, const QString &left, const QString &right, int runs)
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
    return median(times);
}

void benchDiff(int runs, const QString &keepDir, const QString &gitPath)
{
    QTemporaryDir temporary;
    const QString dirPath = keepDir.isEmpty() ? temporary.path() : keepDir;
    QDir().mkpath(dirPath);
    const QDir dir(dirPath);
    const QString git = gitPath.isEmpty() ? QStandardPaths::findExecutable(u"git"_s) : gitPath;
    const QString base10k = avroRecord(2000, u"field_"_s, u"string"_s, u"Field"_s);
    const QString base50k = avroRecord(10000, u"field_"_s, u"string"_s, u"Field"_s);
    struct Case
    {
        QString name;
        QString left;
        QString right;
        QString target;
        std::function<bool(double ours, double git)> pass;
    };
    const QList<Case> cases{
        {u"10k lines, ~100 hunks"_s, base10k, scatterEdits(base10k, 100), u"≤ git diff --no-index"_s,
         [](double ours, double gitMs) { return gitMs > 0 && ours <= gitMs; }},
        {u"10k lines, rewritten"_s,
         base10k,
         avroRecord(2000, u"renamed_"_s, u"long"_s, u"Renamed"_s),
         u"(none)"_s,
         {}},
        {u"50k lines, rewritten"_s, base50k, avroRecord(10000, u"renamed_"_s, u"long"_s, u"Renamed"_s),
         u"≤ 100 ms"_s, [](double ours, double) { return ours <= 100; }},
    };
    int index = 0;
    for (const Case &c : cases) {
        const QString left = dir.filePath(u"%1.left.avsc"_s.arg(index));
        const QString right = dir.filePath(u"%1.right.avsc"_s.arg(index++));
        for (const auto &[path, text] : {std::pair{left, c.left}, std::pair{right, c.right}}) {
            QFile file(path);
            if (file.open(QIODevice::WriteOnly))
                file.write(text.toUtf8());
        }
        QList<double> times;
        sd::diff::DiffStats stats;
        for (int r = 0; r < runs; ++r) {
            QElapsedTimer timer;
            timer.start();
            const sd::diff::DiffResult result = sd::diff::TextDiffer::diff(c.left, c.right, {});
            times << timer.nsecsElapsed() / 1e6;
            stats = result.stats;
        }
        const double ours = median(times);
        const double gitMs = git.isEmpty() ? -1 : timeGit(git, left, right, runs);
        row(0, u"diff "_s + c.name, ms(ours),
            gitMs < 0 ? u"git not found here (give --git PATH, or keep the inputs with --diff-files DIR and "
                        u"run git "
                        "diff --no-index on them)"_s
                      : ms(gitMs) + u" (git diff --no-index, incl. process start)"_s,
            u"n/a"_s,
            c.target + u"; %1 lines, %2 hunks, -%3 +%4, with intraline, median of %5"_s.arg(stats.leftLines)
                           .arg(stats.hunks)
                           .arg(stats.removedLines)
                           .arg(stats.addedLines)
                           .arg(runs),
            c.pass && !(gitMs < 0 && c.target.contains(u"git"_s)) ? std::optional<bool>(c.pass(ours, gitMs))
                                                                  : std::nullopt);
    }
}

} // namespace sd::bench
