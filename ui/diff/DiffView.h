#pragma once

#include "diff/DiffSession.h"
#include "registry/RequestGroup.h"
#include "ui/SchemaEditor.h"

#include <memory>
#include <QPointer>
#include <QWidget>
#include <utility>

class QCheckBox;
class QHBoxLayout;
class QComboBox;
class QLabel;
class QToolButton;
class QTreeWidget;

namespace sd::ui {

class DiffOverview;

using DiffSide = diff::DiffSide;

// The side-by-side diff tab: two synchronised, highlighted, read-only editors with aligned rows
// (padding where one side has no line), line and intraline change marks, an overview strip, change
// navigation (F7 / Shift+F7), normalisation and whitespace toggles, and for two versions of one AVRO
// or JSON schema the semantic summary judged under the subject's compatibility level.
class DiffView : public QWidget
{
    Q_OBJECT
public:
    // Renders `session` (and takes it over): loads it at once.
    explicit DiffView(diff::DiffSession *session, QWidget *parent = nullptr);
    ~DiffView() override;

    static QString tabKey(const DiffSide &left, const DiffSide &right);
    QString title() const;

    // --- state, for the window and tests
    bool isReady() const { return m_ready; }
    QString errorText() const { return m_session->errorText(); }
    const diff::SchemaDiffResult &result() const { return m_result; }
    diff::DiffSession *session() const { return m_session; }
    SchemaEditor *leftEditor() const { return m_left.editor; }
    SchemaEditor *rightEditor() const { return m_right.editor; }
    const QList<SchemaEditor::LineMark> &leftMarks() const { return m_left.marks; }
    const QList<SchemaEditor::LineMark> &rightMarks() const { return m_right.marks; }
    int changeCount() const { return int(m_result.diff.blocks.size()); }
    int currentChange() const { return m_currentBlock; } // -1 before the first jump
    QString summaryText() const;
    const DiffSide &leftSide() const { return m_session->left(); }
    const DiffSide &rightSide() const { return m_session->right(); }
    // The loaded schema texts (as stored) of each side.
    QString leftText() const { return m_session->leftLoaded().text; }
    QString rightText() const { return m_session->rightLoaded().text; }

    void setNormalization(diff::Normalization normalization);
    diff::Normalization normalization() const;
    void setIgnoreWhitespace(bool ignore);
    void setFoldUnchanged(bool fold);
    bool foldUnchanged() const;
    // Shows the rows of one fold (a click on its "⋯ N unchanged lines ⋯" row does this); false when
    // `editorRow` is not a folded marker row.
    bool unfoldAt(int editorRow);
    int foldedCount() const { return int(m_folded.hiddenRows.size()); }
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
    QToolButton *makeButton(const QString &name, const QString &text, const QString &tip);
    QHBoxLayout *setupTitleRow();
    QHBoxLayout *setupControls();
    void setupEditors();
    void setupActions();
    void setupSession();
    void sideLoaded(bool leftSide, const QString &label);
    void sideFailed(const QString &message);
    void computing();
    void present();
    void fillEditors();
    void presentNotes();
    void applyMarks();
    void jumpToBlock(int block);
    void updateCounts();
    void copySide(bool leftSide);
    struct Fill
    {
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

    diff::DiffSession *m_session = nullptr;
    diff::SchemaDiffResult m_result;
    bool m_ready = false;
    int m_currentBlock = -1;
    bool m_openedOnFirstChange = false;
    bool m_foldDecided = false;
    static constexpr int rowsPerChunk = 2000;
    registry::RequestGroup m_fill;           // the chunked fill of the editors: a newer presentation wins
    static constexpr int foldRowsFrom = 400; // longer diffs open folded to their changes
    diff::FoldedRows m_folded;
    QList<diff::RowKind> m_rowKinds;

    // One side's widgets and what they show.
    struct Side
    {
        QLabel *header = nullptr;
        SchemaEditor *editor = nullptr;
        QWidget *gutter = nullptr;
        QList<int> lineOfRow; // per shown row: the real line (0-based) or -1 for padding
        QList<SchemaEditor::LineMark> marks;
    };
    Side m_left;
    Side m_right;

    QLabel *m_title = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_banner = nullptr;
    QComboBox *m_normalization = nullptr;
    QCheckBox *m_ignoreWhitespace = nullptr;
    QCheckBox *m_foldUnchanged = nullptr;
    DiffOverview *m_overview = nullptr;

    // The semantic summary under the editors, for two versions of one AVRO or JSON schema.
    QWidget *setupSemanticPanel();
    void presentSemantic();
    QLabel *m_semanticHeader = nullptr;
    QTreeWidget *m_semantic = nullptr;
};

} // namespace sd::ui
