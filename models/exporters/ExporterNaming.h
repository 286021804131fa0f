#pragma once

#include <QString>
#include <QStringList>

namespace sd::exporters {

// A registry's name as a context name for CUSTOM: lower case, letters, digits, '-' and '_' kept,
// every other run of characters one '-' (no ':' that would end the qualifier, no '.' that would
// nest it, no '*' that a filter reads as a wildcard); "source" when nothing is left.
QString contextNameFor(const QString &registryName);

// `base`, or `base-2`, `base-3`, … : the first that is none of `taken` (compared without case).
QString uniqueName(const QString &base, const QStringList &taken);

// The name a new exporter is offered: "<source>-to-<destination>-link" (or "<source>-link" without
// a destination), made unique among the source's exporters.
QString suggestExporterName(const QString &sourceName, const QString &destinationName,
                            const QStringList &existingExporters);

} // namespace sd::exporters
