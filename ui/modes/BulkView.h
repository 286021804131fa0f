#pragma once

#include "modes/BulkRunner.h"
#include "modes/BulkSettings.h"
#include "registry/RegistryClient.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace sd::ui {

class Shell;

// Bulk settings across connections and contexts: pick subjects (tree selection or a filter), then set
// compatibility or mode (dry run first), or check whether they would stay compatible under a level
// or accept a candidate schema. Per-subject results and totals; bounded concurrency per run.
class BulkView : public QWidget
{
    Q_OBJECT
public:
    using Action = sd::modes::BulkAction;
    enum Column { RegistryColumn, SubjectColumn, ResultColumn, DetailColumn, ColumnCount };

    explicit BulkView(Shell &shell, QWidget *parent = nullptr);

    void addSubjects(const QList<sd::modes::BulkRunner::Item> &items);
    // Every live subject in the tree (all connections) whose qualified name contains `text`.
    int addMatching(const QString &text);
    void addTreeSelection();
    void clearSubjects();
    QList<sd::modes::BulkRunner::Item> subjects() const { return m_items; }

    void setAction(Action action, const QString &value = {});
    void setCandidateSchema(const QString &schemaType, const QString &schema);
    void setConcurrency(int concurrency);
    void dryRun();
    void run();
    sd::modes::BulkRunner *runner() const { return m_runner; }
    bool lastRunWasDry() const { return m_dry; }
    QString totalsText() const;

Q_SIGNALS:
    void finished(const sd::modes::BulkTotals &totals);

private:
    Shell &m_shell;
    QList<sd::modes::BulkRunner::Item> m_items;
    sd::modes::BulkSettings *m_bulk = nullptr;  // runs the requests; this widget picks, confirms and shows
    sd::modes::BulkRunner *m_runner = nullptr;  // m_bulk's
    registry::WriteConfirmation m_confirmation; // what was typed for the running change
    bool m_dry = false;

    // The request start() sends; onActionChanged() enables what the chosen action uses.
    void onActionChanged();
    QComboBox *m_action = nullptr;
    QComboBox *m_value = nullptr;
    QComboBox *m_schemaType = nullptr;
    QPlainTextEdit *m_schema = nullptr;
    QSpinBox *m_concurrency = nullptr;

    // Disabled while a run goes, Cancel enabled; the runner's finished switches them back.
    void start(bool dry);
    QPushButton *m_dryRun = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;

    void showOutcome(const sd::modes::BulkOutcome &outcome);
    void setSubjectsRows();
    QTableWidget *m_table = nullptr;
    QLabel *m_totals = nullptr;
};

} // namespace sd::ui
