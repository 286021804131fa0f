#pragma once

#include "exporters/ExportersListLoader.h"

#include <QAbstractTableModel>

namespace sd::exporters {

// The exporters list as a table: one row per exporter, connection and destination by name where the
// connection is open. Qt::UserRole holds the raw value (connection id, name, state) of those columns.
class ExportersTableModel : public QAbstractTableModel
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

    explicit ExportersTableModel(const items::RegistryWorkspace &workspace, QObject *parent = nullptr);

    void setRows(const QList<ExporterRow> &rows);
    const QList<ExporterRow> &rows() const { return m_rows; }
    // The row of an exporter (in any connection when connectionId is empty), or -1.
    int rowOf(const QString &connectionId, const QString &name) const;

    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;

private:
    QString text(const ExporterRow &row, int column) const;

    const items::RegistryWorkspace &m_workspace;
    QList<ExporterRow> m_rows;
};

} // namespace sd::exporters
