#pragma once

#include "diff/MirrorFilterModel.h"
#include "diff/MirrorResultModel.h"
#include "diff/MirrorRun.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;

namespace sd::ui {

class ButtonRow;
class Shell;

// "Is my mirror identical?": registry A (+ a subject filter such as ":.ctx:*") against registry B,
// names mapped the way an exporter maps them (contextType / context / subjectRenameFormat). Both
// registries are bulk-loaded (GET /subjects once, GET /schemas in pages: never one request per
// subject), compared off the GUI thread with progress and cancel, and the report is shown as counts
// and a filterable list whose rows open side-by-side diffs; it exports as JSON and Markdown.
class MirrorView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int EntryIndexRole = diff::MirrorResultModel::EntryIndexRole;

    explicit MirrorView(Shell &shell, QWidget *parent = nullptr);
    ~MirrorView() override;

    void setConnections(const QString &connectionA, const QString &connectionB);
    // B as a folder of schema files (the schemas kept in Git), compared latest to latest.
    void setFolderB(const QString &directory);
    bool comparesFolder() const;
    static QString folderChoice(); // the B item that stands for a folder
    void setMapping(const diff::SubjectMapping &mapping);
    diff::SubjectMapping mapping() const;
    QString connectionA() const;
    QString connectionB() const;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    bool hasReport() const { return m_run->hasReport(); }
    QString errorText() const { return m_error; }
    const diff::MirrorReport &report() const { return m_run->report(); }
    int requestCount() const { return m_run->requestCount(); } // HTTP requests of the last run's loading
    QString countsText() const;

    // The rows as shown (after the filters); EntryIndexRole gives the report entry behind a row.
    QSortFilterProxyModel *rows() const;
    void setStatusFilter(int statusFilter); // -1 = everything, else a diff::MirrorStatus
    void setTextFilter(const QString &text);
    // One context of A ("." for the default one; "B .ctx" for subjects only on B), empty for all.
    void setContextFilter(const QString &context);
    QStringList contextFilterItems() const; // as listed, with each context's counts
    // What a double-click does: the side-by-side diff of the entry (or the schema of a one-sided one).
    void openEntry(int entryIndex);

    bool exportJson(const QString &path, QString *error = nullptr) const;
    bool exportMarkdown(const QString &path, QString *error = nullptr) const;

    static QString tabKey(const QString &connectionA, const QString &connectionB);

Q_SIGNALS:
    void finished(); // a run ended: with a report, cancelled, or failed (errorText())

private:
    QCheckBox *makeCheckBox(const QString &name, const QString &text, bool checked, const QString &tip = {});
    QPushButton *makeButton(const QString &name, const QString &text, bool enabled = true);
    QHBoxLayout *setupSides();
    QWidget *setupFolderRow();
    QGroupBox *setupOptions();
    QHBoxLayout *setupActions();
    QHBoxLayout *setupFilters();
    void setupResults();
    void setupRun();
    void showDetails(const QModelIndex &current);
    diff::MirrorRunRequest runRequest() const;
    void fail(const QString &message);
    void showReport();
    void setRunning(bool running);
    void exportWithDialog(bool markdown);
    QString labelOf(const QString &connectionId) const;

    Shell &m_shell;
    diff::MirrorRun *m_run = nullptr;
    QComboBox *m_connectionA = nullptr;
    QComboBox *m_connectionB = nullptr;
    QLineEdit *m_subjects = nullptr;
    QLineEdit *m_folder = nullptr;
    QComboBox *m_contextType = nullptr;
    QLineEdit *m_context = nullptr;
    QLineEdit *m_renameFormat = nullptr;
    QCheckBox *m_compareIds = nullptr;
    QCheckBox *m_compareSettings = nullptr;
    QCheckBox *m_canonical = nullptr;
    QCheckBox *m_includeDeleted = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_cancel = nullptr;
    ButtonRow *m_exports = nullptr; // JSON and Markdown, once there is a report
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_contexts = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_contextFilter = nullptr;
    QLineEdit *m_textFilter = nullptr;
    QTreeView *m_view = nullptr;
    QLabel *m_details = nullptr;
    diff::MirrorResultModel *m_model = nullptr;
    diff::MirrorFilterModel *m_filter = nullptr;
    bool m_running = false;
    QString m_error;
};

// Opens (or focuses) the mirror-verification tab for two connections, pre-filled with a mapping (e.g.
// SubjectMapping::fromExporter() of the exporter that feeds B); `startNow` runs it at once.
MirrorView *openMirrorVerification(Shell &shell, const QString &sourceConnectionId,
                                   const QString &targetConnectionId, const diff::SubjectMapping &mapping,
                                   bool startNow = true);

} // namespace sd::ui
