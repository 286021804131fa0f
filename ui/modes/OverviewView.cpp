#include "OverviewView.h"

#include "items/RegistryWorkspace.h"
#include "ModesUi.h"
#include "registry/RegistryClient.h"
#include "ui/CommonWidgets.h"
#include "ui/PlainText.h"
#include "ui/Shell.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

using modes::Field;
using modes::Level;

namespace {

QString withSource(const items::EffectiveValue &value, items::SettingSource own)
{
    if (value.source == own)
        return value.value;
    if (value.source == items::SettingSource::Global)
        return value.value + u" (from global)"_s;
    return value.value + u" (default)"_s;
}

} // namespace

OverviewView::OverviewView(Shell &shell, QWidget *parent)
    : QWidget(parent)
    , m_shell(shell)
    , m_overview(new modes::RegistryOverview(this))
{
    setObjectName(u"overviewView"_s);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_status = addStatusLabel(top, this, u"overviewStatus"_s);
    auto *refreshButton = addNamedButton(top, this, tr("Refresh"), u"overviewRefresh"_s);
    layout->addLayout(top);
    m_table = modesui::resultTable(this, u"overviewTable"_s,
                                   {tr("Registry"), tr("Reachable"), tr("Latency"), tr("Server version"),
                                    tr("Global mode"), tr("Global compatibility"), tr("Default-context mode"),
                                    tr("Default-context compatibility"), tr("Contexts with own settings")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(ContextsColumn, QHeaderView::Stretch);
    m_table->setWordWrap(true);
    layout->addWidget(m_table, 1);
    connect(refreshButton, &QPushButton::clicked, this, &OverviewView::refresh);
    connect(m_overview, &modes::RegistryOverview::rowChanged, this, &OverviewView::showRow);
    connect(m_overview, &modes::RegistryOverview::refreshed, this, [this] {
        onRefreshed();
        Q_EMIT refreshed();
    });
    refresh();
}

int OverviewView::rowOf(const QString &connectionId) const
{
    return int(m_ids.indexOf(connectionId));
}

void OverviewView::setCell(int row, int column, const QString &text, const QString &toolTip)
{
    auto *item = new QTableWidgetItem(text);
    item->setToolTip(plainToolTip(toolTip.isEmpty() ? text : toolTip));
    m_table->setItem(row, column, item);
}

void OverviewView::refresh()
{
    m_ids = m_shell.workspace()->connectionIds();
    m_table->setRowCount(int(m_ids.size()));
    m_status->setText(tr("Asking %1 registries…").arg(m_ids.size()));
    modes::ConnectionTargets targets;
    for (int row = 0; row < m_ids.size(); ++row) {
        setCell(row, RegistryColumn, connectionName(m_shell.workspace(), m_ids.at(row)));
        for (int column = ReachableColumn; column < ColumnCount; ++column)
            setCell(row, column, tr("…"));
        targets.append({m_ids.at(row), m_shell.workspace()->client(m_ids.at(row))});
    }
    if (m_ids.isEmpty())
        m_status->setText(tr("No connections."));
    m_overview->refresh(targets);
}

int OverviewView::pending() const
{
    return m_overview->pending();
}

void OverviewView::onRefreshed()
{
    if (m_ids.isEmpty())
        return;
    m_table->resizeRowsToContents();
    m_status->setText(tr("Registries checked: %1.").arg(m_ids.size()));
}

void OverviewView::showRow(int row)
{
    const modes::OverviewRow &o = m_overview->rows().at(row);
    if (!o.hasClient) {
        setCell(row, ReachableColumn, tr("no client"));
        return;
    }
    if (!o.probed)
        return;
    setCell(row, LatencyColumn, o.reachable ? tr("%1 ms").arg(o.latencyMs) : u"—"_s);
    if (!o.reachable) {
        setCell(row, ReachableColumn, tr("no — %1").arg(registry::errorKindName(o.probeError.kind)),
                o.probeError.toDisplayString());
        for (int column = VersionColumn; column < ColumnCount; ++column)
            setCell(row, column, u"—"_s);
        return;
    }
    setCell(row, ReachableColumn, tr("yes"));
    setCell(row, VersionColumn, o.version ? *o.version : tr("unknown (%1)").arg(o.probeError.summary()));
    if (!o.settingsRead)
        return;
    if (!o.settingsError.isEmpty()) {
        for (int column = GlobalModeColumn; column < ColumnCount; ++column)
            setCell(row, column, tr("error"), o.settingsError);
        return;
    }
    showSettings(row, o);
}

void OverviewView::showSettings(int row, const modes::OverviewRow &o)
{
    const modes::SettingsSnapshot &s = o.settings;
    using items::SettingSource;
    setCell(row, GlobalModeColumn,
            withSource(s.effectiveAt(Level::global(), Field::Mode), SettingSource::Global));
    setCell(row, GlobalCompatibilityColumn,
            withSource(s.effectiveAt(Level::global(), Field::Compatibility), SettingSource::Global));
    setCell(row, DefaultModeColumn,
            withSource(s.effectiveAt(Level::topLevel(), Field::Mode), SettingSource::Context));
    setCell(row, DefaultCompatibilityColumn,
            withSource(s.effectiveAt(Level::topLevel(), Field::Compatibility), SettingSource::Context));
    QStringList own;
    QStringList contexts = o.contexts;
    contexts.sort();
    for (const QString &context : std::as_const(contexts)) {
        if (context == u".")
            continue;
        const items::ScopeSettings set = s.settingsAt(Level::ofContext(context));
        QStringList values;
        if (!set.mode.isEmpty())
            values << set.mode;
        if (!set.compatibility.isEmpty())
            values << set.compatibility;
        if (!values.isEmpty())
            own << u"%1: %2"_s.arg(context, values.join(u" · "_s));
    }
    QString errors;
    for (auto it = o.levelErrors.cbegin(); it != o.levelErrors.cend(); ++it)
        errors += u"\n%1 %2"_s.arg(it.key(), it.value());
    setCell(row, ContextsColumn,
            (own.isEmpty() ? tr("none") : own.join(u"; "_s)) +
                (errors.isEmpty() ? QString() : tr(" (some levels unreadable)")),
            own.join(u'\n') + errors);
}

} // namespace sd::ui
