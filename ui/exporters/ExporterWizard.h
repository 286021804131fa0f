#pragma once

#include "exporters/ExporterPreflight.h"
#include "registry/RegistryTypes.h"

#include <memory>
#include <QStringList>
#include <QWizard>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QRadioButton;
class QTableWidget;

namespace sd::registry {
class RegistryClient;
}

namespace sd::ui {

class Shell;

// Creates (or edits) an exporter: name and subjects, where they land (contextType explained, live
// preview), the destination (an open connection fills URL and credentials; the credential goes to the
// source registry only, never into our settings), and pre-flight checks against the destination with
// those credentials, then a summary in words before Finish. Defaults follow the user: the source is the
// registry selected in the tree (items::DefaultRegistry), the CUSTOM context is named after it and the
// name offered is none of its exporters' (exporters::suggestExporterName).
class ExporterWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { SubjectsPage, MappingPage, DestinationPage, PreflightPage, SummaryPage };

    ExporterWizard(Shell &shell, const QString &sourceConnectionId, const QString &existingName = {},
                   QWidget *parent = nullptr);
    ~ExporterWizard() override;

    QString sourceConnectionId() const;
    bool isEdit() const { return !m_existingName.isEmpty(); }
    // The exporter the wizard would create now.
    registry::ExporterInfo exporterInfo() const;
    // Pre-flight results as shown ("✔ …", "✗ …", "! …").
    QStringList preflightResults() const;
    bool preflightRunning() const { return m_preflight->isRunning(); }
    // Destination contexts the checks found outside IMPORT mode.
    QStringList contextsNeedingImport() const { return m_preflight->needImport(); }
    // The summary page's lines (what Finish will do).
    QStringList summaryLines() const;
    // The name offered while the name field is empty (and used if it stays empty).
    QString suggestedName() const;

    void initializePage(int id) override;
    bool validateCurrentPage() override;

Q_SIGNALS:
    void exporterSaved(const QString &connectionId, const QString &name);
    void preflightFinished();

private:
    void buildSubjectsPage();
    void buildMappingPage();
    void buildDestinationPage();
    void buildPreflightPage();
    void buildSummaryPage();
    void sourceChosen();
    void updateSuggestedName();
    void refreshSummary();
    QStringList treeExporterNames(const QString &connectionId) const;
    void loadSourceSubjects();
    void loadExisting();
    void updatePreview();
    void destinationChosen();
    void runPreflight();
    void addCheck(const QString &text, const QString &kind);
    void finishPreflight();
    void importSet(const QStringList &failures);
    void setImportOnContexts();
    void save();
    QStringList subjectFilters() const;
    QString contextType() const;
    // The exporter's URL and credentials, for checks made as the exporter would connect.
    std::pair<registry::ConnectionProfile, registry::ConnectionSecrets> destinationProbe() const;

    Shell &m_shell;
    QString m_existingName;
    registry::ExporterInfo m_existing;
    QStringList m_sourceSubjects;
    QString m_sourceClusterId;
    bool m_saving = false;
    bool m_saved = false;

    QComboBox *m_source = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_subjects = nullptr;
    QListWidget *m_subjectPicker = nullptr;
    QButtonGroup *m_contextTypes = nullptr;
    QRadioButton *m_auto = nullptr;
    QRadioButton *m_custom = nullptr;
    QRadioButton *m_none = nullptr;
    QLineEdit *m_context = nullptr;
    QLineEdit *m_rename = nullptr;
    QTableWidget *m_preview = nullptr;
    QLabel *m_previewNote = nullptr;
    QComboBox *m_destination = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_userInfo = nullptr;
    QLabel *m_destinationNote = nullptr;
    QListWidget *m_checks = nullptr;
    QPushButton *m_setImport = nullptr;
    QPushButton *m_rerun = nullptr;
    QLabel *m_saveStatus = nullptr;
    QLabel *m_summary = nullptr;
    QStringList m_sourceExporters; // names taken on the source
    bool m_contextEdited = false;  // typed by the user: no longer follows the source

    exporters::ExporterPreflight *m_preflight = nullptr;
    QString m_importConnection; // where the IMPORT fix was sent (its settings reload after)
};

} // namespace sd::ui
