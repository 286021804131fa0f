#include "SearchResultModel.h"

#include "registry/PlainText.h"

#include <QFont>

namespace sd::search {

SearchResultModel::SearchResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void SearchResultModel::setMatches(const QList<SearchMatch> &matches, QHash<QString, QString> labels)
{
    beginResetModel();
    m_matches = matches; // shared, not copied
    m_labels = std::move(labels);
    endResetModel();
}

void SearchResultModel::appendMatches(const QList<SearchMatch> &all, qsizetype first)
{
    if (first != m_matches.size() || first >= all.size())
        return;
    beginInsertRows({}, int(first), int(all.size()) - 1);
    m_matches.append(all.sliced(first));
    endInsertRows();
}

int SearchResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_matches.size());
}

int SearchResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SearchResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchMatch &match = m_matches.at(index.row());
    if (role == Qt::DisplayRole)
        return display(match, index.column());
    if (role == Qt::ToolTipRole && index.column() == TextColumn)
        return registry::plainToolTip(
            tr("%1 · id %2 · double-click to open it at this line").arg(match.schemaType).arg(match.id));
    if (role == Qt::FontRole && index.column() == TextColumn)
        return QFont(QStringLiteral("monospace"));
    return {};
}

QVariant SearchResultModel::display(const SearchMatch &match, int column) const
{
    switch (column) {
    case RegistryColumn:
        return m_labels.value(match.connectionId);
    case SubjectColumn:
        return match.subject;
    case VersionColumn:
        return match.deleted ? tr("%1 (soft-deleted)").arg(match.version) : QString::number(match.version);
    case LineColumn:
        return match.line > 0 ? QVariant(match.line) : QVariant(tr("as stored"));
    case TextColumn:
        return match.lineText;
    }
    return {};
}

QVariant SearchResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    const QString titles[ColumnCount] = {tr("Registry"), tr("Subject"), tr("Version"), tr("Line"),
                                         tr("Text")};
    return titles[section];
}

} // namespace sd::search
