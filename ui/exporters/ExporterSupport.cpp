#include "ExporterSupport.h"

#include "exporters/StatusText.h"
#include "exporters/WorkspaceRegistries.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "ui/CommonWidgets.h"
#include "ui/Dialogs.h"
#include "ui/Shell.h"
#include "ui/SubjectActions.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>

using namespace Qt::StringLiterals;

namespace sd::ui::ExporterSupport {

ActionButtons addActionButtons(QWidget *parent, QHBoxLayout *row)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("sd::ui", text); };
    ActionButtons b;
    b.pause = addNamedButton(row, parent, tr("Pause"), u"pauseExporter"_s);
    b.resume = addNamedButton(row, parent, tr("Resume"), u"resumeExporter"_s);
    b.reset = addNamedButton(row, parent, tr("Reset"), u"resetExporter"_s);
    b.edit = addNamedButton(row, parent, tr("Edit…"), u"editExporter"_s);
    b.config = addNamedButton(row, parent, tr("Config…"), u"editExporterConfig"_s);
    b.remove = addNamedButton(row, parent, tr("Delete…"), u"deleteExporter"_s);
    return b;
}

QTableWidget *readOnlyTable(QWidget *parent, const QString &objectName, const QStringList &headers)
{
    QTableWidget *table = ui::readOnlyTable(parent, objectName, headers);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QList<exporters::KnownRegistry> knownRegistries(items::RegistryWorkspace *workspace)
{
    return exporters::knownRegistries(*workspace);
}

QString connectionForUrl(items::RegistryWorkspace *workspace, const QString &url)
{
    return exporters::connectionForUrl(*workspace, url);
}

QString markdownToHtml(const QString &text)
{
    QString html = text.toHtmlEscaped();
    static const QRegularExpression codeSpan(u"`([^`]*)`"_s);
    html.replace(codeSpan, u"<code>\\1</code>"_s);
    return html;
}

QColor stateColour(const QString &state)
{
    return exporters::stateColour(state);
}

QString problemKey(const QString &connectionId, const QString &name)
{
    return u"exporter:%1:%2"_s.arg(connectionId, name);
}

bool parseProblemKey(const QString &key, QString *connectionId, QString *name)
{
    static const QRegularExpression shape(u"^exporter:([^:]+):(.+)$"_s);
    const QRegularExpressionMatch m = shape.match(key);
    if (!m.hasMatch())
        return false;
    *connectionId = m.captured(1);
    *name = m.captured(2);
    return true;
}

void reportState(Shell &shell, const QString &connectionId, const QString &name, const QString &state,
                 const QString &traceHeadline)
{
    if (state != u"PAUSED") {
        shell.setProblem(problemKey(connectionId, name), {});
        return;
    }
    const QString where = connectionName(shell.workspace(), connectionId);
    QString text = QCoreApplication::translate("sd::ui", "Exporter %1 on %2 is PAUSED").arg(name, where);
    if (!traceHeadline.isEmpty())
        text += u": "_s + traceHeadline.section(u": "_s, 1).left(160);
    shell.setProblem(problemKey(connectionId, name), text);
}

bool confirmWrite(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                  const QString &title, const QString &text, const QString &acceptLabel,
                  const QString &mustType, registry::WriteConfirmation *confirmation)
{
    if (confirmation)
        *confirmation = {};
    if (!SubjectActions::canWrite(workspace, connectionId)) {
        Dialogs::warning(parent, title,
                         QCoreApplication::translate("sd::ui",
                                                     "%1 is a read-only connection: the console makes no "
                                                     "changes there.")
                             .arg(connectionName(workspace, connectionId)));
        return false;
    }
    return confirmChangeOn(parent, workspace, connectionId, title, text, acceptLabel, mustType, confirmation);
}

} // namespace sd::ui::ExporterSupport
