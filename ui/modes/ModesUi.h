#pragma once

#include "registry/RegistryTypes.h"
#include "ui/CommonWidgets.h"

#include <QString>

class QLineEdit;

namespace sd::ui::modesui {

// A config as one readable line: "group=env · normalize=true · defaultMetadata{owner} · overrideRuleSet(2
// rules)".
QString configSummary(const registry::RegistryConfig &config);
// Every field of a config, one per line, metadata and rule sets as indented JSON.
QString configDetails(const registry::RegistryConfig &config);

// The confirmation for a settings change: typed (the connection's name) on a protected connection,
// refused on a read-only one.
bool confirmSettingsChange(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                           const QString &title, const QString &text, const QString &acceptLabel,
                           registry::WriteConfirmation *confirmation);

// A line edit that takes the row's spare width, named for the tests and the tour.
QLineEdit *addLineEdit(QBoxLayout *row, QWidget *parent, const QString &objectName,
                       const QString &placeholder);
// A table of results (readOnlyTable), columns as wide as their contents.
QTableWidget *resultTable(QWidget *parent, const QString &objectName, const QStringList &headers);

} // namespace sd::ui::modesui
