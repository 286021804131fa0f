#include "Demo.h"

#include "demo/DemoEnvironment.h"
#include "Dialogs.h"
#include "items/RegistryWorkspace.h"
#include "registry/ConnectionProfile.h"
#include "Shell.h"

#include <QLabel>
#include <QRegularExpression>
#include <QTextBrowser>

namespace sd::ui {

static QString colourFor(const QString &registry)
{
    if (registry == u"source")
        return QStringLiteral("#2e7d32");
    if (registry == u"target")
        return QStringLiteral("#1565c0");
    if (registry == u"platform")
        return QStringLiteral("#ef6c00");
    return QStringLiteral("#6a1b9a");
}

// A part of a scenario the sandbox did not play, in words for a first-time user: the registry's own
// error text (a Java exception's class and message) stays in the log.
static QString readableParts(const QStringList &parts)
{
    static const QRegularExpression java(
        QStringLiteral(R"(\s*:?\s*\b(?:[a-z][\w$]*\.){2,}[A-Z][\w$]*(?:Exception|Error)\b.*$)"),
        QRegularExpression::DotMatchesEverythingOption);
    QStringList readable;
    for (QString text : parts) {
        if (text.contains(java)) {
            text.remove(java);
            text += QObject::tr(" (the registry's message is in the log)");
        }
        readable << text;
    }
    return readable.join(QStringLiteral("; "));
}

DemoSession::DemoSession(Shell &shell, QObject *parent)
    : QObject(parent)
    , m_shell(shell)
    , m_demo(new demo::DemoEnvironment(this))
{
    connect(m_demo, &demo::DemoEnvironment::progress, this,
            [this](const QString &step) { m_shell.showStatus(tr("Demo: %1").arg(step), 3000); });
    connect(m_demo, &demo::DemoEnvironment::failed, this, [this](const QString &error) {
        m_error = error;
        Dialogs::warning(m_shell.window(), tr("The demo did not start"), error);
        Q_EMIT failed(error);
    });
    connect(m_demo, &demo::DemoEnvironment::ready, this, [this] {
        items::RegistryWorkspace *workspace = m_shell.workspace();
        for (const demo::DemoRegistry &registry : m_demo->registries()) {
            registry::ConnectionProfile profile;
            profile.name = registry.name;
            profile.tag = tr("demo");
            profile.colour = colourFor(registry.name);
            profile.urls = {registry.url};
            const QString id = profile.id.toString(QUuid::WithoutBraces);
            m_connectionIds.insert(registry.name, id);
            workspace->openConnection(profile, {});
            workspace->load(id);
        }
        auto *page = new QTextBrowser;
        page->setObjectName(QStringLiteral("demoPage"));
        QString html =
            tr("<h2>The SchemaDesk demo</h2><p>Four local sandbox registries, seeded over their REST API "
               "with the situations of real Schema Linking users:</p><table cellpadding=4>");
        for (const demo::DemoRegistry &registry : m_demo->registries())
            html += QStringLiteral(
                        "<tr><td><b style=\"color:%1\">■ %2</b></td><td><code>%3</code></td><td>%4</td></tr>")
                        .arg(colourFor(registry.name), registry.name.toHtmlEscaped(),
                             registry.url.toString().toHtmlEscaped(), registry.role.toHtmlEscaped());
        html += QStringLiteral("</table>");
        html += tr(
            "<p>Try: open <i>source → Exporters</i> — <b>src-to-tgt-link</b> is PAUSED exactly as in the "
            "walkthrough; compare <i>pageviews-value</i> on source with <i>:.source:pageviews-value</i> on "
            "target; filter the tree with Ctrl+K.</p>");
        if (!m_demo->missingParts().isEmpty())
            html += tr("<p><i>Not played by this sandbox build:</i> %1</p>")
                        .arg(readableParts(m_demo->missingParts()).toHtmlEscaped());
        page->setHtml(html);
        m_shell.openTab(QStringLiteral("demo"), page, tr("Demo"));
        m_shell.showStatus(
            m_demo->missingParts().isEmpty()
                ? tr("Demo ready in %1 ms: source, target, platform, cloud").arg(m_demo->seedingMs())
                : tr("Demo ready; not played: %1").arg(readableParts(m_demo->missingParts())),
            10000);
        m_ready = true;
        Q_EMIT ready();
    });
    connect(m_shell.workspace(), &items::RegistryWorkspace::connectionLoaded, this,
            [this](const QString &connectionId) {
                if (m_connectionIds.values().contains(connectionId))
                    m_shell.expandConnection(connectionId);
            });
}

void DemoSession::start()
{
    m_shell.showStatus(tr("Starting the demo registries…"));
    m_demo->start();
}

QString DemoSession::connectionId(const QString &registryName) const
{
    return m_connectionIds.value(registryName);
}

bool DemoSession::allLoaded() const
{
    if (!m_ready)
        return false;
    for (const QString &id : m_connectionIds) {
        const auto *connection = m_shell.workspace()->connection(id);
        if (!connection || connection->state != items::RegistryWorkspace::State::Ready)
            return false;
    }
    return true;
}

} // namespace sd::ui
