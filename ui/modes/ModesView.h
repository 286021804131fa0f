#pragma once

#include "modes/SettingsLoader.h"
#include "modes/SettingsPreview.h"

#include <QWidget>

class QComboBox;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace sd::registry {
struct ServerCapabilities;
struct WriteConfirmation;
} // namespace sd::registry

namespace sd::ui {

class ConfigFieldsDialog;
class Shell;

// "Modes & compatibility" of one connection: for the global level, the top level (default context),
// every context and a chosen subject, the mode and config set there, the effective value and where
// it comes from; editing with a preview of the subjects whose effective value changes.
class ModesView : public QWidget
{
    Q_OBJECT
public:
    enum Column {
        LevelColumn,
        ModeSetColumn,
        ModeEffectiveColumn,
        ModeSourceColumn,
        CompatibilitySetColumn,
        CompatibilityEffectiveColumn,
        CompatibilitySourceColumn,
        SubjectsColumn,
        OtherColumn,
        ColumnCount
    };

    ModesView(Shell &shell, const QString &connectionId, QWidget *parent = nullptr);

    QString connectionId() const { return m_connectionId; }
    void reload();
    bool isLoading() const;
    // Adds the subject's row (and selects it).
    void showSubject(const QString &qualifiedSubject);
    // Selects the row of a level (a context: ".ctx"; "." = top level).
    bool selectLevel(const sd::modes::Level &level);
    sd::modes::Level currentLevel() const;
    const sd::modes::SettingsSnapshot &snapshot() const { return m_loader->snapshot(); }
    // The subjects whose effective value changes if the selected level gets `value` ("" = reset).
    QList<sd::modes::SettingChange> preview(sd::modes::Field field, const QString &value,
                                            bool recursive = false) const;
    // Row of a level in the table, -1 when absent.
    int rowOf(const sd::modes::Level &level) const;

    void applyMode();
    void resetMode(bool recursive);
    void applyCompatibility();
    void resetConfig();
    // "Other settings…": the config fields other than compatibility at the selected level, in a dialog
    // (returned, open) whose Apply confirms and writes the changed fields.
    ConfigFieldsDialog *editOtherSettings();

Q_SIGNALS:
    void loaded();
    // A write finished (after the reload it triggers).
    void changeFinished(bool ok, const QString &message);

private:
    // The callback of a settings write: afterWrite() with `done`, or with the error.
    template<typename T> auto reportWrite(const QString &done)
    {
        return [this, done](const registry::Result<T> &r) {
            afterWrite(r.ok(), r ? done : r.error.toDisplayString());
        };
    }
    void setupHeader(QVBoxLayout *layout);
    void setupTable(QWidget *parent);
    struct EditRow;
    // Adds a row to the edit box; the buttons as {text, object name}. Returns the row for more buttons.
    QHBoxLayout *addEditRow(QVBoxLayout *edit, EditRow &row, const QString &label, const QString &comboName,
                            const QStringList &applyButton, const QStringList &resetButton);
    void setupModeEditing(QVBoxLayout *edit);
    void setupCompatibilityEditing(QVBoxLayout *edit);
    void setupConnections();
    void rebuildTable();
    void onLevelSelected();
    QStringList liveSubjectsIn(const sd::modes::Level &level) const;
    QString previewText(const QList<sd::modes::SettingChange> &changes, int limit = 20) const;
    void afterWrite(bool ok, const QString &message);
    void setMode(const sd::modes::Level &level, const QString &mode, bool force,
                 const registry::WriteConfirmation &confirmation);
    bool writable() const;
    // What this registry does with modes, from the connection's detected capabilities: a note above the
    // table, and no mode editing where modes cannot be changed.
    void applyCapabilities();
    const registry::ServerCapabilities *capabilities() const;

    Shell &m_shell;
    QString m_connectionId;
    sd::modes::SettingsLoader *m_loader = nullptr;
    QList<sd::modes::Level> m_levels;
    QString m_subject;
    sd::modes::Level m_selected = sd::modes::Level::global();

    QLabel *m_header = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_capabilityNote = nullptr;
    QString m_lastResult; // the write just done, shown once the settings are read again
    QTableWidget *m_table = nullptr;
    QLineEdit *m_subjectEdit = nullptr;
    QPlainTextEdit *m_details = nullptr;

    // The edit box: a "Change this level" row per setting (the value, "Set…" and "Reset…").
    QGroupBox *m_editBox = nullptr;
    struct EditRow
    {
        QComboBox *combo = nullptr;
        QPushButton *apply = nullptr;
        QPushButton *reset = nullptr;
    };
    EditRow m_mode;
    QPushButton *m_recursiveReset = nullptr;
    QLabel *m_modeHint = nullptr;
    EditRow m_compatibility;
    QPushButton *m_otherSettings = nullptr;

    // The subjects whose effective value the edit would change.
    void updatePreview(sd::modes::Field field);
    QLabel *m_previewLabel = nullptr;
    QListWidget *m_previewList = nullptr;
};

} // namespace sd::ui
