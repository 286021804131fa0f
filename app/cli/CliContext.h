#pragma once
#include "items/RegistryWorkspace.h"
#include "registry/ConnectionProfile.h"

#include <functional>
#include <QObject>
#include <QString>
#include <QStringList>

namespace sd::cli {

// What every command's exit status means, for CI scripts.
enum ExitStatus : int {
    Same = 0,      // identical, applied, found
    Different = 1, // differences found (or nothing matched a search)
    Failed = 2,    // the command could not do its job: bad arguments, unreachable registry, …
};

enum class OutputFormat { Markdown, Json };

// The shared state of one command line run: the connections it opened (a RegistryWorkspace, as the
// console's), the output, progress on standard error when that is a terminal, and the exit status.
class CliContext : public QObject
{
    Q_OBJECT
public:
    explicit CliContext(QObject *parent = nullptr);

    items::RegistryWorkspace &workspace() { return m_workspace; }

    // connections.json to read saved connections from (empty: the console's own).
    void setConnectionsFile(const QString &path) { m_connectionsFile = path; }
    void setFormat(OutputFormat format) { m_format = format; }
    OutputFormat format() const { return m_format; }
    void setOutputFile(const QString &path) { m_outputFile = path; }
    void setProgressShown(bool shown) { m_progress = shown; }

    // Opens `spec` — a saved connection's name or id, or an http(s) URL — and calls back with the
    // connection id, or fails the run. A URL takes its credentials from the environment:
    // <prefix>USER and <prefix>PASSWORD (HTTP Basic, e.g. a Confluent Cloud API key) or <prefix>TOKEN
    // (Bearer), with prefix SCHEMADESK_ for the first connection of a command and SCHEMADESK_B_ for the
    // second. A saved connection reads its secrets from the keychain; the same variables fill those it
    // lacks. Passwords on the command line (user:password@host) are refused: `ps` shows them.
    void open(const QString &spec, const QString &envPrefix, std::function<void(const QString &id)> then);
    // open(), then the console's load of the connection (capabilities, subjects, settings of every
    // context), as the mirror verification reads context settings from it.
    void openLoaded(const QString &spec, const QString &envPrefix,
                    std::function<void(const QString &id)> then);

    // Writes the command's result (to --output or standard output) and ends the run with `status`.
    void finish(ExitStatus status, const QString &markdown, const QByteArray &json);
    // Ends the run with an error on standard error (and as JSON on the output when asked for JSON).
    void fail(const QString &message);
    void progress(const QString &line); // standard error, when it is a terminal (or --progress)
    void note(const QString &line);     // standard error, always

    bool isFinished() const { return m_finished; }
    int exitStatus() const { return m_status; }

Q_SIGNALS:
    void finished(int status);

private:
    static registry::ConnectionProfile profileForUrl(const QString &spec, const QString &envPrefix,
                                                     registry::ConnectionSecrets *secrets, QString *error);
    static void fillFromEnvironment(registry::ConnectionProfile &profile,
                                    registry::ConnectionSecrets &secrets, const QString &envPrefix);
    void openProfile(const registry::ConnectionProfile &profile, const registry::ConnectionSecrets &secrets,
                     const std::function<void(const QString &id)> &then);

    items::RegistryWorkspace m_workspace;
    QString m_connectionsFile;
    QString m_outputFile;
    OutputFormat m_format = OutputFormat::Markdown;
    bool m_progress = false;
    bool m_finished = false;
    int m_status = Failed;
};

} // namespace sd::cli
