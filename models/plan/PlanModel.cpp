#include "plan/PlanModel.h"

#include <QBrush>
#include <QColor>

using namespace Qt::StringLiterals;

namespace sd::plan {

void PlanModel::setPlan(const FolderPlan &plan)
{
    beginResetModel();
    m_plan = plan;
    endResetModel();
}

void PlanModel::updateAction(int row, const PlanAction &applied)
{
    if (row < 0 || row >= m_plan.actions.size())
        return;
    PlanAction &action = m_plan.actions[row];
    action.state = applied.state;
    action.result = applied.result;
    action.registeredVersion = applied.registeredVersion;
    action.registeredId = applied.registeredId;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void PlanModel::setAllSelected(bool selected)
{
    if (m_plan.actions.isEmpty())
        return;
    for (PlanAction &action : m_plan.actions)
        action.selected = selected;
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    Q_EMIT selectionChanged();
}

QString PlanModel::actionText(const PlanAction &action)
{
    switch (action.kind) {
    case PlanAction::Kind::SetCompatibility:
        return tr("Set compatibility");
    case PlanAction::Kind::Register:
        return tr("Register");
    case PlanAction::Kind::Delete:
        return action.permanent ? tr("Delete permanently") : tr("Delete (soft)");
    }
    return {};
}

QString PlanModel::verdictText(const PlanAction &action)
{
    QString text;
    switch (action.verdict) {
    case PlanAction::Verdict::NotApplicable:
        return action.kind == PlanAction::Kind::Register ? tr("not checked") : QString();
    case PlanAction::Verdict::NewSubject:
        text = tr("new subject");
        break;
    case PlanAction::Verdict::Compatible:
        text = tr("compatible");
        break;
    case PlanAction::Verdict::Incompatible:
        text = tr("incompatible");
        break;
    case PlanAction::Verdict::AfterReferences:
        text = tr("checked when applied (after its references)");
        break;
    case PlanAction::Verdict::CheckFailed:
        text = tr("check failed");
        break;
    }
    return action.messages.isEmpty() ? text : text + u": "_s + action.messages.join(u"; "_s);
}

QString PlanModel::resultText(const PlanAction &action)
{
    switch (action.state) {
    case PlanAction::State::Pending:
        return action.selected ? QString() : tr("not selected");
    case PlanAction::State::Ok:
        return tr("ok: %1").arg(action.result);
    case PlanAction::State::Refused:
        return tr("refused: %1").arg(action.result);
    case PlanAction::State::Skipped:
    case PlanAction::State::Cancelled:
        return action.result;
    }
    return {};
}

int PlanModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_plan.actions.size());
}

int PlanModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PlanModel::display(const PlanAction &action, int column) const
{
    switch (column) {
    case ActionColumn:
        return actionText(action);
    case SubjectColumn:
        return action.subject;
    case DetailColumn:
        if (action.kind == PlanAction::Kind::SetCompatibility)
            return tr("%1 → %2").arg(action.currentCompatibility.isEmpty() ? tr("(inherited)")
                                                                           : action.currentCompatibility,
                                     action.compatibility);
        if (action.kind == PlanAction::Kind::Register)
            return tr("%1 from %2 — %3").arg(action.schemaType, action.file, action.reason);
        return action.reason;
    case CheckColumn:
        return verdictText(action);
    case ResultColumn:
        return resultText(action);
    }
    return {};
}

QVariant PlanModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PlanAction &action = m_plan.actions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(action, index.column());
    case Qt::ToolTipRole:
        return index.column() >= CheckColumn ? display(action, index.column()) : QVariant(); // long texts
    case Qt::CheckStateRole:
        return index.column() == ActionColumn ? QVariant(action.selected ? Qt::Checked : Qt::Unchecked)
                                              : QVariant();
    case Qt::ForegroundRole:
        if (index.column() == CheckColumn && action.verdict == PlanAction::Verdict::Incompatible)
            return QBrush(QColor(0xc0, 0x39, 0x2b));
        if (index.column() == ResultColumn && action.state == PlanAction::State::Refused)
            return QBrush(QColor(0xc0, 0x39, 0x2b));
        return {};
    case KindRole:
        return int(action.kind);
    case VerdictRole:
        return int(action.verdict);
    case StateRole:
        return int(action.state);
    }
    return {};
}

bool PlanModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || index.column() != ActionColumn ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    m_plan.actions[index.row()].selected = value.toInt() == Qt::Checked;
    Q_EMIT dataChanged(index.siblingAtColumn(0), index.siblingAtColumn(ColumnCount - 1));
    Q_EMIT selectionChanged();
    return true;
}

Qt::ItemFlags PlanModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == ActionColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant PlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ActionColumn:
        return tr("Action");
    case SubjectColumn:
        return tr("Subject");
    case DetailColumn:
        return tr("What");
    case CheckColumn:
        return tr("Pre-check");
    case ResultColumn:
        return tr("Result");
    }
    return {};
}

} // namespace sd::plan
