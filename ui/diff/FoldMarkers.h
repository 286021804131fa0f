#pragma once

#include <QWidget>

namespace sd::ui {

class SchemaEditor;

// Paints "⋯ N unchanged lines ⋯" on the (empty) marker rows of folds. The marker rows stay empty and
// the folded rows stay in the document, hidden, so the highlighter still sees the whole schema.
class FoldMarkers : public QWidget
{
public:
    FoldMarkers(SchemaEditor *editor, const QList<int> *shownRows);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    SchemaEditor *m_editor;
    const QList<int> *m_shownRows;
};

} // namespace sd::ui
