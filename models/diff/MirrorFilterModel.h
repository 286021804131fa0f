#pragma once

#include <QSortFilterProxyModel>

namespace sd::diff {

// The rows of a MirrorResultModel a reader asked for: one status (or all but identical), one context,
// and a text the subject on either side contains.
class MirrorFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    static constexpr int AllStatuses = -1;
    static constexpr int NotIdentical = -2;

    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setContext(const QString &context); // a mirrorContextOf(); empty = every context
    void setStatus(int status);              // AllStatuses, NotIdentical, or an int(MirrorStatus)
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override;

private:
    int m_status = AllStatuses;
    QString m_text;
    QString m_context;
};

} // namespace sd::diff
