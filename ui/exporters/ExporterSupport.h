#pragma once

#include "exporters/ExporterDiagnosis.h"
#include "ui/CommonWidgets.h"

#include <functional>
#include <QColor>
#include <QString>

class QHBoxLayout;

namespace sd::ui {

class Shell;

namespace ExporterSupport {

// The actions on one exporter as both exporter screens lay them out, in this order.
struct ActionButtons
{
    QPushButton *pause = nullptr;
    QPushButton *resume = nullptr;
    QPushButton *reset = nullptr;
    QPushButton *edit = nullptr;
    QPushButton *config = nullptr;
    QPushButton *remove = nullptr;
    QList<QPushButton *> all() const { return {pause, resume, reset, edit, config, remove}; }
};
ActionButtons addActionButtons(QWidget *parent, QHBoxLayout *row);
// A readOnlyTable whose last column is stretched.
QTableWidget *readOnlyTable(QWidget *parent, const QString &objectName, const QStringList &headers);

// Every open connection as a KnownRegistry (exporters not filled).
QList<exporters::KnownRegistry> knownRegistries(items::RegistryWorkspace *workspace);
// The open connection one of whose URLs is `url`, or empty.
QString connectionForUrl(items::RegistryWorkspace *workspace, const QString &url);
// Text with `code` spans → HTML with <code>.
QString markdownToHtml(const QString &text);
QColor stateColour(const QString &state);
// The Problems-dock key of an exporter.
QString problemKey(const QString &connectionId, const QString &name);
// The exporter a problem key names; false for problems that are not an exporter's.
bool parseProblemKey(const QString &key, QString *connectionId, QString *name);
// Sets or clears the exporter's entry in the Problems dock.
void reportState(Shell &shell, const QString &connectionId, const QString &name, const QString &state,
                 const QString &traceHeadline = {});
// Asks (typed on protected connections); false on read-only connections.
bool confirmWrite(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                  const QString &title, const QString &text, const QString &acceptLabel,
                  const QString &mustType, registry::WriteConfirmation *confirmation);

} // namespace ExporterSupport
} // namespace sd::ui
