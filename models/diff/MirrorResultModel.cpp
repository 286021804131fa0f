#include "MirrorResultModel.h"

#include "registry/PlainText.h"

#include <QColor>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace sd::diff {

void MirrorResultModel::setReport(const MirrorReport *report)
{
    beginResetModel();
    m_report = report;
    endResetModel();
}

QString MirrorResultModel::statusText(MirrorStatus status)
{
    // By MirrorStatus's values.
    const QString texts[] = {tr("only in A"), tr("only in B"), tr("differing"), tr("identical")};
    return int(status) < int(std::size(texts)) ? texts[int(status)] : QString();
}

int MirrorResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_report ? 0 : int(m_report->entries.size());
}

int MirrorResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MirrorResultModel::display(const MirrorEntry &entry, int column) const
{
    switch (column) {
    case StatusColumn:
        return statusText(entry.status);
    case SubjectAColumn:
        return entry.status == MirrorStatus::OnlyInB ? u"—"_s : entry.subjectA;
    case SubjectBColumn:
        return entry.status == MirrorStatus::OnlyInA ? tr("(expected %1)").arg(entry.subjectB)
                                                     : entry.subjectB;
    case DifferencesColumn:
        return mirrorDifferenceNames(entry.differences).join(u", "_s);
    case DetailsColumn:
        return entry.details.value(0);
    }
    return {};
}

QVariant MirrorResultModel::data(const QModelIndex &index, int role) const
{
    if (!m_report || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const MirrorEntry &entry = m_report->entries.at(index.row());
    switch (role) {
    case EntryIndexRole:
        return index.row();
    case StatusRole:
        return int(entry.status);
    case ContextRole:
        return mirrorContextOf(entry);
    case Qt::DisplayRole:
        return display(entry, index.column());
    case Qt::ToolTipRole:
        return registry::plainToolTip(entry.details.join(u'\n'));
    case Qt::ForegroundRole: {
        if (index.column() != StatusColumn)
            return {};
        // The application palette, judged as ui/Theme's isDarkPalette does (the model links no widgets).
        const QPalette palette;
        const bool dark =
            palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness();
        switch (entry.status) {
        case MirrorStatus::OnlyInA:
        case MirrorStatus::Differing:
            return QColor(QRgb(dark ? 0xef9a9a : 0xc62828));
        case MirrorStatus::OnlyInB:
            return QColor(QRgb(dark ? 0xffcc80 : 0xb25e00));
        case MirrorStatus::Identical:
            return QColor(QRgb(dark ? 0xa5d6a7 : 0x2e7d32));
        }
        return {};
    }
    }
    return {};
}

QVariant MirrorResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    // By Column.
    const QString titles[] = {tr("Status"), tr("Subject on A"), tr("Subject on B"), tr("Differs in"),
                              tr("Details")};
    return titles[section];
}

} // namespace sd::diff
