#pragma once

#include "registry/RegistryClient.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace sd::plan {
class FolderPlanner;
class PlanApply;
class PlanModel;
} // namespace sd::plan

namespace sd::ui {

class Shell;

// Plan from a folder, as a tab: choose the folder and the options, review the actions with their
// pre-check verdicts (uncheck what should not run), then Apply — confirmed with a text naming what is
// written and deleted, typed on a protected connection — and read each action's result. The work is
// done by plan::FolderPlanner and plan::PlanApply; this only lays out and renders.
class PlanView : public QWidget
{
    Q_OBJECT
public:
    PlanView(Shell &shell, const QString &connectionId, QWidget *parent = nullptr);

    QString connectionId() const { return m_connectionId; }
    void setFolder(const QString &folder);
    void setDeleteMissing(bool deleteMissing, bool permanent = false);
    bool isBusy() const;
    void runPlan();
    void apply();
    bool saveJson(const QString &path); // the plan as plan::FolderPlan::toJson writes it
    plan::PlanModel *model() const { return m_model; }
    // What the Apply confirmation says, for the plan as it stands.
    QString confirmationText() const;

private:
    void setupControls();

    Shell &m_shell;
    QString m_connectionId;
    plan::PlanModel *m_model = nullptr;
    plan::FolderPlanner *m_planner = nullptr;
    plan::PlanApply *m_apply = nullptr;
    // The request runPlan() reads.
    QLineEdit *m_folder = nullptr;
    QCheckBox *m_deleteMissing = nullptr;
    QCheckBox *m_permanent = nullptr;

    // Enables each button for the plan as it stands and the work in hand.
    void updateButtons();
    QPushButton *m_planButton = nullptr;
    QPushButton *m_applyButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_saveButton = nullptr;

    void planFinished(bool ok);
    void applyFinished(bool ok);
    QLabel *m_status = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace sd::ui
