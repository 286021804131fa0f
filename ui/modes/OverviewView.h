#pragma once

#include "modes/RegistryOverview.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace sd::ui {

class Shell;

// Tools → Registry overview (many registries at a glance): one row per connection with its health (reachable,
// latency, server version), global and default-context mode and compatibility, and the contexts
// with settings of their own. Every registry is asked on its own, so one failing never hides the others.
class OverviewView : public QWidget
{
    Q_OBJECT
public:
    enum Column {
        RegistryColumn,
        ReachableColumn,
        LatencyColumn,
        VersionColumn,
        GlobalModeColumn,
        GlobalCompatibilityColumn,
        DefaultModeColumn,
        DefaultCompatibilityColumn,
        ContextsColumn,
        ColumnCount
    };

    explicit OverviewView(Shell &shell, QWidget *parent = nullptr);

    void refresh();
    // Connections whose row is still waiting for answers.
    int pending() const;
    int rowOf(const QString &connectionId) const;

Q_SIGNALS:
    void refreshed();

private:
    void setCell(int row, int column, const QString &text, const QString &toolTip = {});
    void showRow(int row);
    void showSettings(int row, const modes::OverviewRow &o);
    void onRefreshed();

    Shell &m_shell;
    QStringList m_ids;
    QTableWidget *m_table = nullptr;
    QLabel *m_status = nullptr;
    modes::RegistryOverview *m_overview = nullptr; // the asking; this widget only shows the rows
};

} // namespace sd::ui
