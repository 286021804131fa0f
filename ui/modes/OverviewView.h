#pragma once

#include <QWidget>

class QLabel;
class QTableWidget;

namespace sd::ui {

class MainWindow;

// Tools → Registry overview (scenario E): one row per connection with its health (reachable,
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

    explicit OverviewView(MainWindow &window, QWidget *parent = nullptr);

    void refresh();
    // Connections whose row is still waiting for answers.
    int pending() const { return m_pending; }
    int rowOf(const QString &connectionId) const;

Q_SIGNALS:
    void refreshed();

private:
    void probe(const QString &connectionId, int row);
    void setCell(int row, int column, const QString &text, const QString &toolTip = {});
    void rowDone();

    MainWindow &m_window;
    QStringList m_ids;
    QTableWidget *m_table = nullptr;
    QLabel *m_status = nullptr;
    int m_pending = 0;
    quint64 m_generation = 0;
};

} // namespace sd::ui
