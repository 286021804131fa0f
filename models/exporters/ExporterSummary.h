#pragma once

#include "registry/RegistryTypes.h"

#include <QString>
#include <QStringList>

namespace sd::exporters {

// What the exporter wizard's last page says before Finish, in words: the exporter, where it runs,
// what it takes, where the copies land, where they go and how it authenticates (secrets masked), and
// the rest of its config. Plain text (names come from registries and users; shown as they are).
struct ExporterSummaryInput
{
    registry::ExporterInfo exporter;
    QString sourceName;
    QString sourceClusterId;    // AUTO names the destination context after it
    QString destinationName;    // the open connection's name, empty for a typed URL
    QStringList sourceSubjects; // what the source holds now, for the count and the example
    bool edit = false;
};

QStringList summarizeExporter(const ExporterSummaryInput &input);

// The subjects filter in words: "every subject in every context", "the subjects of context .ctx", …
QString describeSubjects(const QStringList &filters);

// A config value as the summary shows it: secrets as ********, a user-info's user kept ("key:********").
QString maskedConfigValue(const QString &key, const QString &value);

} // namespace sd::exporters
