#pragma once

#include "transfer/SubjectCopy.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace sd::ui {

class Shell;

// Copy subjects from a registry, a context or chosen subjects to another registry or context. Dry run
// shows the plan (transfer::SubjectCopy makes it; nothing is written); Copy asks a confirmation naming
// what changes, then shows progress, Cancel and the report with the verification.
class CopyDialog : public QDialog
{
    Q_OBJECT
public:
    CopyDialog(Shell &shell, const QString &sourceConnectionId, const QString &subjects,
               QWidget *parent = nullptr);

    transfer::SubjectCopy *engine() { return &m_copy; }
    // The registry and context to copy into (an empty context keeps the source's contexts).
    void setDestination(const QString &connectionId, const QString &context);
    void dryRun();
    void startCopy();

    static constexpr int maxRowsShown = 5000;

private:
    void setupForm();
    void setupPlan();
    transfer::CopyRequest request() const;
    void showPlan();
    void showResult(transfer::SubjectCopy::Outcome outcome);
    void setBusy(bool busy);
    QString confirmationText() const;

    Shell &m_shell;
    transfer::SubjectCopy m_copy;
    QComboBox *m_source = nullptr;
    QLineEdit *m_subjects = nullptr;
    QComboBox *m_destination = nullptr;
    QLineEdit *m_context = nullptr;
    QCheckBox *m_keepIds = nullptr;
    QCheckBox *m_newIds = nullptr;
    QCheckBox *m_deleted = nullptr;
    QCheckBox *m_settings = nullptr;
    QPushButton *m_dryRun = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_cancel = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
    QProgressBar *m_progress = nullptr;
    QPlainTextEdit *m_report = nullptr;
    bool m_copying = false;
};

} // namespace sd::ui
