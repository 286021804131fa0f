#include "ExporterSupport.h"

#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "ui/Dialogs.h"
#include "ui/MainWindow.h"
#include "ui/SubjectActions.h"

#include <QCoreApplication>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sd::ui::ExporterSupport {

QList<exporters::KnownRegistry> knownRegistries(items::RegistryWorkspace *workspace)
{
    QList<exporters::KnownRegistry> known;
    for (const QString &id : workspace->connectionIds()) {
        const auto *c = workspace->connection(id);
        if (!c)
            continue;
        exporters::KnownRegistry r;
        r.connectionId = id;
        r.name = c->profile.name;
        r.urls = c->profile.urls;
        known.append(r);
    }
    return known;
}

QString connectionForUrl(items::RegistryWorkspace *workspace, const QString &url)
{
    const auto known = knownRegistries(workspace);
    const exporters::KnownRegistry *r = exporters::findRegistry(known, url);
    return r ? r->connectionId : QString();
}

QString connectionName(items::RegistryWorkspace *workspace, const QString &connectionId)
{
    const auto *c = workspace->connection(connectionId);
    return c ? c->profile.name : connectionId;
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
    if (state == u"RUNNING")
        return QColor(0x2e, 0x8b, 0x57);
    if (state == u"PAUSED")
        return QColor(0xd9, 0x53, 0x1e);
    if (state == u"STARTING")
        return QColor(0x2f, 0x6f, 0xb5);
    return QColor(0x80, 0x80, 0x80);
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

void reportState(MainWindow &window, const QString &connectionId, const QString &name, const QString &state,
                 const QString &traceHeadline)
{
    if (state != u"PAUSED") {
        window.setProblem(problemKey(connectionId, name), {});
        return;
    }
    const QString where = connectionName(window.workspace(), connectionId);
    QString text = QCoreApplication::translate("sd::ui", "Exporter %1 on %2 is PAUSED").arg(name, where);
    if (!traceHeadline.isEmpty())
        text += u": "_s + traceHeadline.section(u": "_s, 1).left(160);
    window.setProblem(problemKey(connectionId, name), text);
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
    const auto *c = workspace->connection(connectionId);
    return Dialogs::confirmChange(parent, c ? &c->profile : nullptr, title, text, acceptLabel, mustType,
                                  confirmation);
}

} // namespace sd::ui::ExporterSupport
