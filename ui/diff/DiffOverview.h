#pragma once

#include "diff/DiffTypes.h"

#include <functional>
#include <QPointer>
#include <QWidget>

class QScrollBar;

namespace sd::ui {

// A narrow strip beside the editors: where the changes are in the whole text, and which part is in
// view. A click scrolls there.
class DiffOverview : public QWidget
{
public:
    explicit DiffOverview(QWidget *parent);

    void setRows(const QList<diff::RowKind> &kinds); // one entry per row
    void setScrollBar(QScrollBar *bar);
    std::function<void(int row)> onJump;

protected:
    void paintEvent(QPaintEvent *) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    QList<diff::RowKind> m_kinds;
    QPointer<QScrollBar> m_bar;
};

} // namespace sd::ui
