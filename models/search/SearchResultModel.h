#pragma once

#include "search/SchemaSearch.h"

#include <QAbstractTableModel>
#include <QHash>

namespace sd::search {

// The matching lines of a schema search, one row each: registry, subject, version, line, text.
// Rows are appended while registries load (the first matches), then replaced by the final result.
class SearchResultModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { RegistryColumn, SubjectColumn, VersionColumn, LineColumn, TextColumn, ColumnCount };

    explicit SearchResultModel(QObject *parent = nullptr);

    // `labels`: connection id → the registry's name shown.
    void setMatches(const QList<SearchMatch> &matches, QHash<QString, QString> labels);
    // Appends all[first..]; ignored unless `first` is the current row count.
    void appendMatches(const QList<SearchMatch> &all, qsizetype first);
    const QList<SearchMatch> &matches() const { return m_matches; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const SearchMatch &match, int column) const;

    QList<SearchMatch> m_matches;
    QHash<QString, QString> m_labels;
};

} // namespace sd::search
