#pragma once

#include "exporters/ExporterStatusLoader.h"
#include "ExporterSupport.h"

#include <QWidget>

class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTimer;
class QToolButton;
class QVBoxLayout;

namespace sd::exporters {
class ExporterWatch;
}

namespace sd::ui {

class Shell;

// One exporter: status, config, where its subjects land and — when PAUSED — the troubleshooting
// page: the trace readably (first line first, stack folded), the diagnosis (cause in plain words,
// where to fix it), the fix as one confirmed step, then resume and watch until RUNNING.
class ExporterDetailView : public QWidget
{
    Q_OBJECT
public:
    ExporterDetailView(Shell &shell, const QString &connectionId, const QString &name,
                       QWidget *parent = nullptr);

    QString connectionId() const { return m_connectionId; }
    QString name() const { return m_name; }
    const registry::ExporterStatus &status() const { return m_loader->status(); }
    const registry::ExporterInfo &info() const { return m_loader->info(); }
    const exporters::Diagnosis &diagnosis() const { return m_loader->diagnosis(); }
    bool isLoaded() const { return m_loader->isLoaded(); }

    void refresh();
    // The one-step fix (asks first). Returns false when there is nothing to apply here.
    bool applyFix();
    // The lasting fix of a loop: narrow the subjects (asks first; pauses a running exporter).
    bool applyNarrowing();

Q_SIGNALS:
    void refreshed();
    // The watch after a fix ended: RUNNING again, or paused again.
    void watchFinished(bool running);

private:
    QWidget *setupContent();
    void setupHeader(QWidget *content, QVBoxLayout *layout);
    void setupTroubleshooting(QWidget *content, QVBoxLayout *layout);
    void setupTables(QWidget *content, QVBoxLayout *layout);
    void setupConnections();
    void loaded();
    void render();
    void renderMapping();
    void startWatching();
    void watchEnded(bool running, const registry::ExporterStatus &status);
    void setWatchText(const QString &text);

    Shell &m_shell;
    QString m_connectionId;
    QString m_name;
    exporters::ExporterStatusLoader *m_loader = nullptr;
    exporters::ExporterWatch *m_watcher = nullptr;
    QTimer *m_autoRefresh = nullptr; // refreshes every 10 s unless watching

    QLabel *m_header = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_statusLine = nullptr;
    QPushButton *m_verify = nullptr;
    QPushButton *m_refresh = nullptr;

    QGroupBox *m_trouble = nullptr;
    QLabel *m_diagnosisTitle = nullptr;
    QLabel *m_diagnosisText = nullptr;
    QLabel *m_fixWhere = nullptr;
    QPushButton *m_fix = nullptr;
    QPushButton *m_addConnection = nullptr;
    QLabel *m_loopText = nullptr;
    QPushButton *m_narrow = nullptr;
    QLabel *m_traceHeadline = nullptr;
    QToolButton *m_stackToggle = nullptr;
    QPlainTextEdit *m_stack = nullptr;
    QLabel *m_watch = nullptr;

    QTableWidget *m_configTable = nullptr;
    QTableWidget *m_mapping = nullptr;
    QLabel *m_mappingNote = nullptr;

    ExporterSupport::ActionButtons m_actions; // shown only where the connection is writable
};

} // namespace sd::ui
