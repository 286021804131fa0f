#pragma once

#include <QAbstractTableModel>
#include <QPointer>

namespace sd::registry {

class HttpLog;

// Table over the HTTP log for the bottom dock: time · connection · method · URL · status · ms · size · error.
class HttpLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Connection, Method, Url, Status, Duration, Size, Error, ColumnCount };
    enum Role { CurlRole = Qt::UserRole + 1, RequestIdRole, FailedRole };

    explicit HttpLogModel(HttpLog *log, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QString curlForRow(int row) const;

private:
    QPointer<HttpLog> m_log;
};

} // namespace sd::registry
