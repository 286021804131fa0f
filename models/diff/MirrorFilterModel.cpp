#include "MirrorFilterModel.h"

#include "MirrorResultModel.h"

namespace sd::diff {

void MirrorFilterModel::setContext(const QString &context)
{
    m_context = context;
    invalidateRowsFilter();
}

void MirrorFilterModel::setStatus(int status)
{
    m_status = status;
    invalidateRowsFilter();
}

void MirrorFilterModel::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateRowsFilter();
}

bool MirrorFilterModel::filterAcceptsRow(int row, const QModelIndex &parent) const
{
    const QModelIndex index = sourceModel()->index(row, 0, parent);
    const int status = index.data(MirrorResultModel::StatusRole).toInt();
    if (!m_context.isEmpty() && index.data(MirrorResultModel::ContextRole).toString() != m_context)
        return false;
    if (m_status >= 0 && status != m_status)
        return false;
    if (m_status == NotIdentical && status == int(MirrorStatus::Identical))
        return false;
    if (m_text.isEmpty())
        return true;
    for (int column : {MirrorResultModel::SubjectAColumn, MirrorResultModel::SubjectBColumn}) {
        if (sourceModel()->index(row, column, parent).data().toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace sd::diff
