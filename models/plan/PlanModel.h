#pragma once

#include "plan/FolderPlan.h"

#include <QAbstractTableModel>

namespace sd::plan {

// A plan as a reviewable table: one row per action in apply order, a check box to confirm it, the
// pre-check verdict and, once applied, its result. Server text is returned as plain strings; views
// show it as plain text.
class PlanModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // The verdict and the result before the long description, so a narrow table still shows them.
    enum Column { ActionColumn, SubjectColumn, CheckColumn, ResultColumn, DetailColumn, ColumnCount };
    enum Role {
        KindRole = Qt::UserRole + 1, // int(PlanAction::Kind)
        VerdictRole,                 // int(PlanAction::Verdict)
        StateRole,                   // int(PlanAction::State)
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setPlan(const FolderPlan &plan);
    const FolderPlan &plan() const { return m_plan; }
    // An action's result arrived (PlanApply::actionFinished): take it from `applied`.
    void updateAction(int row, const PlanAction &applied);
    void setAllSelected(bool selected);

    static QString actionText(const PlanAction &action); // "Register", "Set compatibility", …
    static QString verdictText(const PlanAction &action);
    static QString resultText(const PlanAction &action);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    void selectionChanged(); // an action was (un)checked

private:
    QVariant display(const PlanAction &action, int column) const;

    FolderPlan m_plan;
};

} // namespace sd::plan
