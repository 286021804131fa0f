#pragma once

#include "diff/MirrorComparator.h"
#include "diff/SchemaFolder.h"

#include <memory>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>
#include <utility>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTreeView;

namespace sd::registry {
class BulkLoader;
}

namespace sd::ui {

class MainWindow;
class MirrorResultModel;
class MirrorFilterModel;

// "Is my mirror identical?": registry A (+ a subject filter such as ":.ctx:*") against registry B,
// names mapped the way an exporter maps them (contextType / context / subjectRenameFormat). Both
// registries are bulk-loaded (GET /subjects once, GET /schemas in pages: never one request per
// subject), compared off the GUI thread with progress and cancel, and the report is shown as counts
// and a filterable list whose rows open side-by-side diffs; it exports as JSON and Markdown.
class MirrorView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int EntryIndexRole = Qt::UserRole + 1;

    explicit MirrorView(MainWindow &window, QWidget *parent = nullptr);
    ~MirrorView() override;

    void setConnections(const QString &connectionA, const QString &connectionB);
    // B as a folder of schema files (scenario F: the schema repository), compared latest to latest.
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
    bool hasReport() const { return m_hasReport; }
    QString errorText() const { return m_error; }
    const diff::MirrorReport &report() const { return m_report; }
    int requestCount() const { return m_requests; } // HTTP requests of the last run's loading
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
    void loaderFinished();
    void compareLoaded();
    void fail(const QString &message);
    void showReport();
    void setRunning(bool running);
    void exportWithDialog(bool markdown);
    QString labelOf(const QString &connectionId) const;

    MainWindow &m_window;
    QComboBox *m_connectionA = nullptr;
    QComboBox *m_connectionB = nullptr;
    QLineEdit *m_subjects = nullptr;
    QLineEdit *m_folder = nullptr;
    QString m_runFolder; // the folder of the last run; empty when B is a registry
    std::shared_ptr<diff::schemafolder::LoadResult> m_folderFiles;
    QComboBox *m_contextType = nullptr;
    QLineEdit *m_context = nullptr;
    QLineEdit *m_renameFormat = nullptr;
    QCheckBox *m_compareIds = nullptr;
    QCheckBox *m_compareSettings = nullptr;
    QCheckBox *m_canonical = nullptr;
    QCheckBox *m_includeDeleted = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_exportJson = nullptr;
    QPushButton *m_exportMarkdown = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_contexts = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_contextFilter = nullptr;
    QLineEdit *m_textFilter = nullptr;
    QTreeView *m_view = nullptr;
    QLabel *m_details = nullptr;
    MirrorResultModel *m_model = nullptr;
    MirrorFilterModel *m_filter = nullptr;

    QPointer<registry::BulkLoader> m_loaderA;
    QPointer<registry::BulkLoader> m_loaderB;
    QString m_runA;
    QString m_runB;
    QFutureWatcher<diff::MirrorReport> *m_watcher = nullptr;
    diff::MirrorReport m_report;
    bool m_running = false;
    bool m_hasReport = false;
    QString m_error;
    int m_requests = 0;
    QElapsedTimer m_runTimer;
    qint64 m_loadMs = 0;
    quint64 m_runSerial = 0;
    std::pair<qint64, qint64> m_loadedA; // versions loaded, estimated total
    std::pair<qint64, qint64> m_loadedB;
};

// Opens (or focuses) the mirror-verification tab for two connections, pre-filled with a mapping (e.g.
// SubjectMapping::fromExporter() of the exporter that feeds B); `startNow` runs it at once.
MirrorView *openMirrorVerification(MainWindow &window, const QString &sourceConnectionId,
                                   const QString &targetConnectionId, const diff::SubjectMapping &mapping,
                                   bool startNow = true);

} // namespace sd::ui
