#pragma once

#include "diff/DiffTypes.h"

#include <QWidget>

namespace sd::ui {

class SchemaEditor;

// Real line numbers (blank on padding rows) and a +/−/~ marker per row, drawn over the editor's own
// gutter, which numbers the padded blocks.
class DiffGutter : public QWidget
{
public:
    DiffGutter(SchemaEditor *editor, const QList<int> *lineOfRow, const QList<diff::RowKind> *kinds);
    void place();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    SchemaEditor *m_editor;
    const QList<int> *m_lineOfRow;
    const QList<diff::RowKind> *m_kinds;
};

} // namespace sd::ui
