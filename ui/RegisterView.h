#pragma once

#include "registry/RegistryTypes.h"
#include "registry/RequestGroup.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;
class QTextBrowser;

namespace sd::diff {
struct Incompatibility;
}

namespace sd::schema {
struct ResolvedReference;
}

namespace sd::items {
class RegistryWorkspace;
class SchemaReferences;
} // namespace sd::items

namespace sd::ui {

class ButtonRow;
class SchemaEditor;

// "New version": an editor tab that validates AVRO and JSON Schema as you type, edits references and
// metadata, checks compatibility against the subject's versions (the server's verbose messages shown
// readably) and registers — showing the new id and version, or exactly what the server said.
class RegisterView : public QWidget
{
    Q_OBJECT
public:
    RegisterView(items::RegistryWorkspace *workspace, const QString &connectionId,
                 const QString &qualifiedSubject, QWidget *parent = nullptr);

    static QString tabKey(const QString &connectionId, const QString &qualifiedSubject);
    // "source (http://127.0.0.1:8081)": the registry a tab registers into.
    static QString registryName(const items::RegistryWorkspace *workspace, const QString &connectionId);

    // Fills the editor (e.g. from the latest version, a file, or a draft).
    void setDraft(const QString &schemaType, const QString &text,
                  const QList<registry::SchemaReference> &references = {});
    QString subject() const;
    QString schemaText() const;
    registry::SchemaSubmission submission() const;

    // Local validation of the editor's text: empty when valid.
    QString validationError() const { return m_validationError; }
    void validateNow();

    void checkCompatibility();
    void registerSchema();
    QString connectionId() const { return m_connectionId; }
    QString schemaType() const;

    QString resultText() const;
    bool lastCheckCompatible() const { return m_lastCompatible; }
    int registeredVersion() const { return m_registered.version; }
    int registeredId() const { return m_registered.id; }

    // Confluent's verbose messages ("{errorType:'X', description:'…'}", "{oldSchemaVersion: 1}", …) as
    // readable lines; unknown shapes are kept as they are.
    static QStringList readableMessages(const QStringList &messages);

Q_SIGNALS:
    void checkFinished(bool compatible);
    // "Compare with latest": the window opens the side-by-side diff of the latest version and the draft.
    void compareWithLatestRequested();
    void registerFinished(bool ok);

private:
    void scheduleValidation();
    void resolveReferences();
    QList<registry::SchemaReference> references() const;
    void showResult(const QString &html, bool good);
    void setBusy(bool busy);
    // The draft's references with their fetched schemas, as validation and the explanation use them.
    QList<schema::ResolvedReference> resolvedReferences() const;
    // Check and a refused register explain the same way: the field, old → new, the version judged
    // against, the level, a link to the line and the obvious fix, then the server's own words.
    void explainIncompatibility(const QStringList &messages, const QString &heading);
    void recheckToExplain(const QString &heading);
    void renderExplanation(const QString &heading, const QList<diff::Incompatibility> &items,
                           const QString &why, int againstVersion, const QString &level,
                           const QStringList &serverLines);
    void jumpToLine(int line);

    QPointer<items::RegistryWorkspace> m_workspace;
    QString m_connectionId;
    QLineEdit *m_subject = nullptr;
    QComboBox *m_type = nullptr;
    QCheckBox *m_normalize = nullptr;
    SchemaEditor *m_editor = nullptr;
    QLabel *m_validation = nullptr;
    QTableWidget *m_references = nullptr;
    QPlainTextEdit *m_metadata = nullptr;
    ButtonRow *m_serverActions = nullptr; // Check compatibility and Register, disabled while one runs
    QTextBrowser *m_result = nullptr;
    QTimer m_validateTimer;
    QString m_validationError;
    bool m_lastCompatible = false;
    registry::RequestGroup m_explanation;
    items::SchemaReferences *m_schemaReferences = nullptr; // the draft's referenced schemas
    registry::SchemaVersion m_registered;
};

} // namespace sd::ui
