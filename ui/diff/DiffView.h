#pragma once

#include "diff/SchemaDiff.h"
#include "ui/SchemaEditor.h"

#include <memory>
#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>
#include <utility>

class QCheckBox;
class QComboBox;
class QLabel;
class QToolButton;
class QTreeWidget;

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::ui {

class DiffOverview;

// One side of a diff: a registered version, or text from a file or a draft.
struct DiffSide
{
    // Registry side: version 0 = latest; previousVersion = the version before the other side's.
    static constexpr int previousVersion = -2;

    QString connectionId; // empty: a text side
    QString subject;      // qualified
    int version = 0;
    QString text;       // text side
    QString schemaType; // text side: "AVRO", "JSON", "PROTOBUF" (guessed when empty)
    QString label;      // text side: what to call it (file name, "draft")

    bool isRegistry() const { return !connectionId.isEmpty(); }
    QString key() const;
};

// The side-by-side diff tab: two synchronised, highlighted, read-only editors with aligned rows
// (padding where one side has no line), line and intraline change marks, an overview strip, change
// navigation (F7 / Shift+F7), normalisation and whitespace toggles, and for two versions of one AVRO
// or JSON schema the semantic summary judged under the subject's compatibility level.
class DiffView : public QWidget
{
    Q_OBJECT
public:
    DiffView(items::RegistryWorkspace *workspace, const DiffSide &left, const DiffSide &right,
             QWidget *parent = nullptr);
    ~DiffView() override;

    static QString tabKey(const DiffSide &left, const DiffSide &right);
    QString title() const;

    // --- state, for the window and tests
    bool isReady() const { return m_ready; }
    QString errorText() const { return m_error; }
    const diff::SchemaDiffResult &result() const { return m_result; }
    SchemaEditor *leftEditor() const { return m_leftEditor; }
    SchemaEditor *rightEditor() const { return m_rightEditor; }
    const QList<SchemaEditor::LineMark> &leftMarks() const { return m_leftMarks; }
    const QList<SchemaEditor::LineMark> &rightMarks() const { return m_rightMarks; }
    int changeCount() const { return int(m_result.diff.blocks.size()); }
    int currentChange() const { return m_currentBlock; } // -1 before the first jump
    QString summaryText() const;
    const DiffSide &leftSide() const { return m_left; }
    const DiffSide &rightSide() const { return m_right; }
    // The loaded schema texts (as stored) of each side.
    QString leftText() const { return m_leftText; }
    QString rightText() const { return m_rightText; }

    void setNormalization(diff::Normalization normalization);
    diff::Normalization normalization() const;
    void setIgnoreWhitespace(bool ignore);
    void setFoldUnchanged(bool fold);
    bool foldUnchanged() const;
    // Shows the rows of one fold (a click on its "⋯ N unchanged lines ⋯" row does this); false when
    // `editorRow` is not a folded marker row.
    bool unfoldAt(int editorRow);
    int foldedCount() const { return int(m_hiddenRows.size()); }
    void nextChange();
    void previousChange();
    void swapSides();
    void reload();

Q_SIGNALS:
    void ready(); // a diff result is shown (after each recompute)

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Loaded
    {
        QString text;
        QString schemaType;
        QList<schema::ResolvedReference> references;
        QString label;
        int version = 0;
    };

    void loadSide(bool leftSide);
    void resolvePreviousThenLoad();
    void sideLoaded(bool leftSide, const Loaded &loaded);
    void sideFailed(const QString &message);
    void recompute();
    void present();
    void applyMarks();
    void jumpToBlock(int block);
    void updateCounts();
    void copySide(bool leftSide);
    void buildShownRows();
    struct Fill
    {
        quint64 serial = 0;
        QStringList leftRows;
        QStringList rightRows;
        int next = 0; // rows already in the editors
        int scroll = 0;
    };
    void appendRows(const std::shared_ptr<Fill> &fill);
    void finishPresent(int scroll);
    void hideFoldedRows(int from, int to); // editor rows [from, to) that are in a fold
    int shownRowOf(int row) const;         // the editor row showing the diff's row `row`
    void scrollToRow(int editorRow);
    schema::CompatibilityLevel levelOfSubject() const;

    QPointer<items::RegistryWorkspace> m_workspace;
    DiffSide m_left;
    DiffSide m_right;
    Loaded m_leftLoaded;
    Loaded m_rightLoaded;
    bool m_leftDone = false;
    bool m_rightDone = false;
    QString m_leftText;
    QString m_rightText;
    quint64 m_loadSerial = 0;
    quint64 m_diffSerial = 0;
    QFutureWatcher<diff::SchemaDiffResult> *m_watcher = nullptr;
    diff::SchemaDiffResult m_result;
    bool m_ready = false;
    QString m_error;
    int m_currentBlock = -1;
    bool m_openedOnFirstChange = false;
    bool m_foldDecided = false;
    static constexpr int rowsPerChunk = 2000;
    quint64 m_fillSerial = 0;
    static constexpr int foldRowsFrom = 400; // longer diffs open folded to their changes
    // Per editor row: the diff row shown there, or minus the number of unchanged rows a fold hides.
    QList<int> m_shownRows;
    QList<int> m_shownRowOfRow;              // the reverse; empty when nothing is folded
    QList<std::pair<int, int>> m_hiddenRows; // folded runs of editor rows: first, count
    QList<int> m_leftLineOfRow;              // per shown row: the real line (0-based) or -1 for padding
    QList<int> m_rightLineOfRow;
    QList<diff::RowKind> m_rowKinds;
    QList<SchemaEditor::LineMark> m_leftMarks;
    QList<SchemaEditor::LineMark> m_rightMarks;

    QLabel *m_title = nullptr;
    QLabel *m_leftHeader = nullptr;
    QLabel *m_rightHeader = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_banner = nullptr;
    QComboBox *m_normalization = nullptr;
    QCheckBox *m_ignoreWhitespace = nullptr;
    QCheckBox *m_foldUnchanged = nullptr;
    SchemaEditor *m_leftEditor = nullptr;
    SchemaEditor *m_rightEditor = nullptr;
    DiffOverview *m_overview = nullptr;
    QLabel *m_semanticHeader = nullptr;
    QTreeWidget *m_semantic = nullptr;
    QWidget *m_leftGutter = nullptr;
    QWidget *m_rightGutter = nullptr;
};

} // namespace sd::ui
