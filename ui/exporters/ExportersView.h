#pragma once

#include "exporters/ExportersListLoader.h"
#include "exporters/ExportersTableModel.h"
#include "ExporterSupport.h"

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;
class QTimer;
class QVBoxLayout;

namespace sd::ui {

class Shell;

// The exporters of one connection (or of all, connectionId empty): name, state with colour and text,
// offset, last update, subjects, context type and context, destination; refreshed at a chosen
// interval. An exporter that turns PAUSED gets a Problems-dock entry and the tree's badge. Below the
// table, the importers where the server offers them.
class ExportersView : public QWidget
{
    Q_OBJECT
public:
    using enum exporters::ExportersTableModel::Column;

    ExportersView(Shell &shell, const QString &connectionId, QWidget *parent = nullptr);

    QString connectionId() const { return m_connectionId; }
    QTableView *table() const { return m_table; }
    QTableWidget *importersTable() const { return m_importers; }
    // Seconds between refreshes; 0 = off.
    void setRefreshInterval(int seconds);
    void refresh();
    // The row of an exporter, or -1.
    int rowOf(const QString &connectionId, const QString &name) const
    {
        return m_model->rowOf(connectionId, name);
    }

Q_SIGNALS:
    void refreshed();

private:
    void setupTables(QVBoxLayout *layout);
    void setupButtons(QVBoxLayout *layout);
    void setupConnections(QPushButton *refreshButton);
    const QList<exporters::ExporterRow> &rows() const { return m_model->rows(); }
    void rebuild();
    void rebuildImporters();
    void updateButtons();
    int selectedRow() const; // -1 without a selection
    QString selectedConnection() const;
    QString selectedName() const;
    QString selectedState() const;
    void openSelected();

    Shell &m_shell;
    QString m_connectionId;
    exporters::ExportersTableModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QTableWidget *m_importers = nullptr;
    QLabel *m_status = nullptr;
    QComboBox *m_interval = nullptr;
    QTimer *m_timer = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_open = nullptr;
    ExporterSupport::ActionButtons m_actions;
    QHash<QString, QString> m_lastState; // "conn|name" → state seen at the previous refresh
    exporters::ExportersListLoader *m_loader = nullptr;
};

} // namespace sd::ui
