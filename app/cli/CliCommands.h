#pragma once
#include "cli/CliContext.h"
#include "diff/SubjectMapping.h"
#include "registry/RegistrySnapshot.h"

#include <optional>
#include <QHash>
#include <QString>
#include <QStringList>

namespace sd::cli {

// Command line arguments after the command's name: options (--name value, --name=value, flags) and the
// positional arguments, in order.
class Arguments
{
public:
    // `flags` are the options that take no value; any other option takes one.
    static std::optional<Arguments> parse(const QStringList &arguments, const QStringList &flags,
                                          QString *error);

    QStringList positional;
    bool has(const QString &name) const { return m_values.contains(name); }
    QString value(const QString &name, const QString &fallback = {}) const;
    QStringList values(const QString &name) const
    {
        return m_values.value(name);
    } // repeated or comma-separated
    // The option names given that `known` does not list (a typo must not be ignored silently).
    QStringList unknown(const QStringList &known) const;

private:
    QHash<QString, QStringList> m_values;
};

QString usage();

// The mapping options (an exporter's subject filter and context rule) of verify and copy.
QStringList mappingOptions();
std::optional<diff::SubjectMapping> mappingFrom(const Arguments &arguments, QString *error);

// Refuses (and ends the run) unknown options and a wrong number of positional arguments.
bool checkArguments(CliContext &context, const Arguments &arguments, const QStringList &known, int minimum,
                    int maximum, const QString &synopsis);
// CONNECTION DIRECTORY [--subjects FILTER,…] of export and terraform: the filter and the folder, created.
struct ExportTarget
{
    diff::SubjectMapping filter;
    QString directory; // absolute
};
std::optional<ExportTarget> exportTarget(CliContext &context, const Arguments &arguments,
                                         const QString &synopsis);
// Loads every version of an open connection in bulk (GET /schemas pages where the registry offers them).
void loadSnapshot(CliContext &context, const QString &connectionId,
                  std::function<void(const registry::SnapshotPtr &)> then);

// Parses the whole command line (without the program's name) and starts its command on `context`,
// which emits finished() when it is done — possibly before this returns (usage errors, --help).
void start(CliContext &context, const QStringList &arguments);

// The commands (CliCommands.cpp, CliSearchDiff.cpp, CliTransfer.cpp).
void runConnections(CliContext &context, const Arguments &arguments);
void runExport(CliContext &context, const Arguments &arguments);
void runVerify(CliContext &context, const Arguments &arguments);
void runDiff(CliContext &context, const Arguments &arguments);
void runSearch(CliContext &context, const Arguments &arguments);
void runCopy(CliContext &context, const Arguments &arguments);             // CliTransfer.cpp
void runPlan(CliContext &context, const Arguments &arguments, bool apply); // plan, or apply
void runTerraform(CliContext &context, const Arguments &arguments);

} // namespace sd::cli
