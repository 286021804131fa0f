#pragma once

#include <QHash>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;
class QTimer;

namespace sd::ui {

class MainWindow;

// The exporters of one connection (or of all, connectionId empty): name, state with colour and text,
// offset, last update, subjects, context type and context, destination; refreshed at a chosen
// interval. An exporter that turns PAUSED gets a Problems-dock entry and the tree's badge. Below the
// table, the importers where the server offers them.
class ExportersView : public QWidget
{
    Q_OBJECT
public:
    enum Column {
        ConnectionColumn,
        NameColumn,
        StateColumn,
        OffsetColumn,
        UpdatedColumn,
        SubjectsColumn,
        ContextTypeColumn,
        ContextColumn,
        DestinationColumn,
        ColumnCount
    };

    ExportersView(MainWindow &window, const QString &connectionId, QWidget *parent = nullptr);

    QString connectionId() const { return m_connectionId; }
    QTableWidget *table() const { return m_table; }
    QTableWidget *importersTable() const { return m_importers; }
    // Seconds between refreshes; 0 = off.
    void setRefreshInterval(int seconds);
    void refresh();
    // The row of an exporter, or -1.
    int rowOf(const QString &connectionId, const QString &name) const;

Q_SIGNALS:
    void refreshed();

private:
    void rebuild();
    void updateButtons();
    QStringList connections() const;
    QString selectedConnection() const;
    QString selectedName() const;
    QString selectedState() const;
    void openSelected();

    struct Row
    {
        QString connectionId;
        QString name;
        QString state;
        qint64 offset = -1;
        qint64 ts = 0;
        QString trace;
        QStringList subjects;
        QString contextType;
        QString context;
        QString destination;
    };
    struct ImporterRow
    {
        QString connectionId;
        QString text; // "not offered by …" rows have only this
        QString name;
        QString state;
        qint64 offset = -1;
        qint64 ts = 0;
        QString source;
    };

    MainWindow &m_window;
    QString m_connectionId;
    QTableWidget *m_table = nullptr;
    QTableWidget *m_importers = nullptr;
    QLabel *m_status = nullptr;
    QComboBox *m_interval = nullptr;
    QTimer *m_timer = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_open = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_reset = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_config = nullptr;
    QList<Row> m_rows;
    QList<ImporterRow> m_importerRows;
    QHash<QString, QString> m_lastState; // "conn|name" → state seen at the previous refresh
    int m_pending = 0;
    quint64 m_generation = 0;
};

} // namespace sd::ui
