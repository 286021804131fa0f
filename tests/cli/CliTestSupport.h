#pragma once

// schemadesk-cli started as a process, for the command line's tests: its exit status and both outputs.

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QTest>

namespace sd::cli::test {

struct CliRun
{
    int exitCode = -1; // -1: did not start, crashed or was killed
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

// Runs the program with `environment` added; the test's sandboxes keep answering while it runs (the wait
// spins the event loop instead of blocking it).
inline CliRun runCli(const QStringList &arguments, const QMap<QString, QString> &environment = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = environment.cbegin(); it != environment.cend(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SD_BINARY_DIR "/bin/schemadesk-cli"), arguments);
    CliRun result;
    if (!process.waitForStarted(10000))
        return result;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 90000)) {
        process.kill();
        process.waitForFinished();
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace sd::cli::test
