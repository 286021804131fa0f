#include "HttpLogModel.h"

#include "HttpLog.h"
#include "PlainText.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace sd::registry {

HttpLogModel::HttpLogModel(HttpLog *log, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(log)
{
    if (!m_log)
        return;
    connect(m_log, &HttpLog::aboutToDropOldest, this, [this] { beginRemoveRows({}, 0, 0); });
    connect(m_log, &HttpLog::droppedOldest, this, [this] { endRemoveRows(); });
    connect(m_log, &HttpLog::aboutToAppend, this,
            [this] { beginInsertRows({}, m_log->size(), m_log->size()); });
    connect(m_log, &HttpLog::appended, this, [this] { endInsertRows(); });
    connect(m_log, &HttpLog::cleared, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int HttpLogModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_log)
        return 0;
    return m_log->size();
}

int HttpLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HttpLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_log)
        return {};
    const HttpLogEntry &e = m_log->at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return e.time.toLocalTime().toString(u"HH:mm:ss.zzz"_s);
        case Connection:
            return e.connectionName;
        case Method:
            return QString::fromLatin1(e.method);
        case Url:
            return e.url.toString(QUrl::PrettyDecoded);
        case Status:
            return e.status > 0 ? QVariant(e.status) : QVariant(u"—"_s);
        case Duration:
            return e.durationMs;
        case Size:
            return QLocale().formattedDataSize(e.responseSize);
        case Error:
            return e.error;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return plainToolTip(e.error.isEmpty() ? e.url.toString(QUrl::PrettyDecoded) : e.error);
    case Qt::TextAlignmentRole:
        if (index.column() == Status || index.column() == Duration || index.column() == Size)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case CurlRole:
        return e.toCurl();
    case RequestIdRole:
        return e.requestId;
    case FailedRole:
        return !e.error.isEmpty();
    default:
        return {};
    }
}

QVariant HttpLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    // In Column order.
    static constexpr const char *titles[ColumnCount] = {
        QT_TR_NOOP("Time"),   QT_TR_NOOP("Connection"), QT_TR_NOOP("Method"), QT_TR_NOOP("URL"),
        QT_TR_NOOP("Status"), QT_TR_NOOP("ms"),         QT_TR_NOOP("Size"),   QT_TR_NOOP("Error")};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    return tr(titles[section]);
}

QString HttpLogModel::curlForRow(int row) const
{
    if (!m_log || row < 0 || row >= rowCount())
        return {};
    return m_log->at(row).toCurl();
}

} // namespace sd::registry
