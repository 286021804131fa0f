#pragma once

#include "diff/SchemaDiff.h"
#include "registry/RequestGroup.h"

#include <QFuture>
#include <QObject>
#include <QPointer>

namespace sd::items {
class RegistryWorkspace;
}

namespace sd::diff {

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

// What one side holds once loaded.
struct LoadedSide
{
    QString text; // as stored
    QString schemaType;
    QList<schema::ResolvedReference> references;
    QString label;
    int version = 0;
};

// The workflow behind a side-by-side diff, without widgets: resolve "previous version", load both sides
// through the workspace's RegistryClient (references resolved), then diff them off the GUI thread. Only
// the latest load and the latest computation are delivered (registry::RequestGroup).
class DiffSession : public QObject
{
    Q_OBJECT
public:
    // `workspace` may be null when both sides are texts.
    DiffSession(items::RegistryWorkspace *workspace, const DiffSide &left, const DiffSide &right,
                QObject *parent = nullptr);
    ~DiffSession() override;

    const DiffSide &left() const { return m_left; }
    const DiffSide &right() const { return m_right; }
    const LoadedSide &leftLoaded() const { return m_leftLoaded; }
    const LoadedSide &rightLoaded() const { return m_rightLoaded; }
    bool sidesLoaded() const { return m_leftDone && m_rightDone; }
    bool isLoading() const { return m_loads.isBusy(); } // the sides' requests (not their references')
    bool isComputing() const { return m_future.isRunning(); }
    QString errorText() const { return m_error; }
    const SchemaDiffResult &result() const { return m_result; }
    QString title() const;       // "diff: a v1 ↔ b v2"
    bool sidesOfOneKind() const; // both AVRO, both JSON or both PROTOBUF

    Normalization normalization() const { return m_normalization; }
    bool ignoresWhitespace() const { return m_ignoreWhitespace; }
    // Sets the comparison options and recomputes when both sides are loaded.
    void setOptions(Normalization normalization, bool ignoreWhitespace);
    // The compatibility level the semantic summary judges under: the subject's effective one.
    schema::CompatibilityLevel level() const;

    void reload();    // drops what is loaded and loads both sides again
    void recompute(); // diffs the loaded sides again (a newer computation replaces an older one)
    void swapSides();
    void cancel(); // stops loading and computing; nothing more is delivered until reload()

Q_SIGNALS:
    void sideLoaded(bool leftSide, const QString &label);
    void failed(const QString &message);
    void computing();
    void computed(); // result() holds the newest diff

private:
    void resolvePreviousThenLoad();
    void loadSide(bool leftSide);
    void setLoaded(bool leftSide, const LoadedSide &loaded);
    void fail(const QString &message);

    QPointer<items::RegistryWorkspace> m_workspace;
    DiffSide m_left;
    DiffSide m_right;
    LoadedSide m_leftLoaded;
    LoadedSide m_rightLoaded;
    bool m_leftDone = false;
    bool m_rightDone = false;
    QString m_error;
    Normalization m_normalization = Normalization::Pretty;
    bool m_ignoreWhitespace = false;
    registry::RequestGroup m_loads;
    registry::RequestGroup m_computations;
    QFuture<SchemaDiffResult> m_future;
    SchemaDiffResult m_result;
};

// The rows a side-by-side view shows when unchanged runs between hunks are folded: each gap gets an
// empty marker row (minus the number of rows it hides) followed by its rows, hidden.
struct FoldedRows
{
    QList<int> shownRows;                  // per editor row: a diff row, or -hidden for a marker
    QList<int> shownRowOfRow;              // the reverse; empty when nothing is folded
    QList<std::pair<int, int>> hiddenRows; // folded runs of editor rows: first, count
    int editorRowOf(int row) const
    {
        return shownRowOfRow.isEmpty() ? row : qMax(0, shownRowOfRow.value(row, 0));
    }
};
FoldedRows foldRows(const DiffResult &diff, bool fold);

} // namespace sd::diff
