#pragma once

#include "diff/MirrorComparator.h"

#include <QAbstractTableModel>

namespace sd::diff {

// The entries of a mirror report as a table: status, the subject on each side, what differs, details.
// The report is not copied (100k entries): it must outlive the model or be replaced by setReport().
class MirrorResultModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        StatusColumn,
        SubjectAColumn,
        SubjectBColumn,
        DifferencesColumn,
        DetailsColumn,
        ColumnCount
    };
    enum Role {
        EntryIndexRole = Qt::UserRole + 1, // the report entry behind a row
        StatusRole,                        // int(MirrorStatus)
        ContextRole,                       // mirrorContextOf() of the entry
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setReport(const MirrorReport *report);
    static QString statusText(MirrorStatus status); // "only in A", ...

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant display(const MirrorEntry &entry, int column) const;

    const MirrorReport *m_report = nullptr;
};

} // namespace sd::diff
