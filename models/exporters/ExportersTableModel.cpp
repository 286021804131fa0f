#include "ExportersTableModel.h"

#include "exporters/StatusText.h"
#include "registry/PlainText.h"

using namespace Qt::StringLiterals;

namespace sd::exporters {

ExportersTableModel::ExportersTableModel(const items::RegistryWorkspace &workspace, QObject *parent)
    : QAbstractTableModel(parent)
    , m_workspace(workspace)
{}

void ExportersTableModel::setRows(const QList<ExporterRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int ExportersTableModel::rowOf(const QString &connectionId, const QString &name) const
{
    for (int r = 0; r < m_rows.size(); ++r) {
        if (m_rows.at(r).name == name &&
            (connectionId.isEmpty() || m_rows.at(r).connectionId == connectionId))
            return r;
    }
    return -1;
}

int ExportersTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ExportersTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ExportersTableModel::text(const ExporterRow &row, int column) const
{
    const auto nameOf = [this](const QString &id) { return connectionName(m_workspace, id); };
    switch (column) {
    case ConnectionColumn:
        return nameOf(row.connectionId);
    case NameColumn:
        return row.name;
    case StateColumn:
        return stateLabel(row.state);
    case OffsetColumn:
        return QString::number(row.offset);
    case UpdatedColumn:
        return describeTimestamp(row.ts);
    case SubjectsColumn:
        return row.subjects.join(u", "_s);
    case ContextTypeColumn:
        return row.contextType;
    case ContextColumn:
        return row.context;
    case DestinationColumn: {
        const QString dest = connectionForUrl(m_workspace, row.destination);
        return dest.isEmpty() ? row.destination : u"%1 (%2)"_s.arg(nameOf(dest), row.destination);
    }
    }
    return {};
}

QVariant ExportersTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ExporterRow &row = m_rows.at(index.row());
    const int column = index.column();
    if (role == Qt::DisplayRole)
        return text(row, column);
    if (role == Qt::UserRole) {
        if (column == ConnectionColumn)
            return row.connectionId;
        if (column == NameColumn)
            return row.name;
        if (column == StateColumn)
            return row.state;
        return {};
    }
    if (column != StateColumn)
        return {};
    if (role == Qt::ForegroundRole)
        return stateColour(row.state);
    if (role == Qt::ToolTipRole && !row.trace.isEmpty())
        return registry::plainToolTip(row.trace.section(u'\n', 0, 0));
    return {};
}

QVariant ExportersTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    const QString titles[ColumnCount] = {tr("Connection"),   tr("Name"),        tr("State"),
                                         tr("Offset"),       tr("Last update"), tr("Subjects"),
                                         tr("Context type"), tr("Context"),     tr("Destination")};
    return titles[section];
}

} // namespace sd::exporters
