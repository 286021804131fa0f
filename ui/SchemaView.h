#pragma once

#include "items/SchemaReferences.h"
#include "registry/RegistryTypes.h"
#include "registry/RequestGroup.h"

#include <optional>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTextBrowser;

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::ui {

class SubjectSettingsLabel;

class SchemaEditor;

// A subject's version as a tab: header (subject, version, id, type, fingerprint), the highlighted
// schema, its references as links, who references it, metadata and rules, and the soft-deleted state.
class SchemaView : public QWidget
{
    Q_OBJECT
public:
    // version: a number, or 0 for the latest.
    SchemaView(items::RegistryWorkspace *workspace, const QString &connectionId,
               const QString &qualifiedSubject, int version, QWidget *parent = nullptr);

    static QString tabKey(const QString &connectionId, const QString &qualifiedSubject);

    QString connectionId() const { return m_connectionId; }
    QString qualifiedSubject() const { return m_subject; }
    int version() const { return m_loaded.version; }
    const registry::SchemaVersion &loadedVersion() const { return m_loaded; }
    bool isLoaded() const { return m_isLoaded; }
    QString errorText() const { return m_error; }
    SchemaEditor *editor() const { return m_editor; }
    // Selects `length` characters at `column` of `line` (1-based, as the pretty-printed text has them)
    // once the version is shown; a search result opens the schema this way.
    void revealMatch(int line, int column, int length);
    // "compatibility BACKWARD (inherited from the context) · mode READWRITE (the server's default)"
    QString settingsText() const;

    void showVersion(int version); // 0 = latest
    void reload();
    // "AVRO 64-bit Rabin fingerprint of the Parsing Canonical Form" for Avro, SHA-256 otherwise.
    static QString fingerprintOf(const registry::SchemaVersion &version);

Q_SIGNALS:
    void loaded();
    // A reference or a referrer was clicked.
    void openSchemaRequested(const QString &connectionId, const QString &qualifiedSubject, int version);
    void newVersionRequested(const QString &connectionId, const QString &qualifiedSubject);
    // "Compare with previous": the shown version against the one listed before it.
    // "Change…" next to the compatibility and mode: the modes tab at this subject's level.
    void changeSettingsRequested(const QString &connectionId, const QString &qualifiedSubject);
    void compareWithPreviousRequested(const QString &connectionId, const QString &qualifiedSubject,
                                      int version);

private:
    void loadVersionList();
    void present();
    void showError(const QString &message);
    void loadReferencedBy();
    void showReferrers(const QList<registry::SubjectVersionRef> &referrers, const QString &error);
    void onLinkActivated(const QString &link);

    QPointer<items::RegistryWorkspace> m_workspace;
    QString m_connectionId;
    QString m_subject;
    int m_requestedVersion = 0;
    registry::SchemaVersion m_loaded;
    bool m_isLoaded = false;
    QString m_error;
    registry::RequestGroup m_versionRead;
    items::SchemaReferences *m_schemaReferences = nullptr;
    QList<int> m_allVersions;

    QLabel *m_title = nullptr;
    QLabel *m_facts = nullptr;
    SubjectSettingsLabel *m_settings = nullptr;
    QPushButton *m_comparePrevious = nullptr;
    QLabel *m_banner = nullptr;
    QComboBox *m_versions = nullptr;
    QCheckBox *m_pretty = nullptr;
    QPushButton *m_delete = nullptr;
    QLabel *m_references = nullptr;
    QLabel *m_referencedBy = nullptr;
    QTextBrowser *m_metadata = nullptr;
    SchemaEditor *m_editor = nullptr;

    // The match revealMatch() asked for, selected in the editor once the text is shown.
    struct Reveal
    {
        int line = 0;
        int column = 0;
        int length = 0;
    };
    std::optional<Reveal> m_reveal;
    void applyReveal();
};

} // namespace sd::ui
