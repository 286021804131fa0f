#include "DiffOverview.h"

#include "DiffColours.h"

#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

using namespace Qt::StringLiterals;

namespace sd::ui {

DiffOverview::DiffOverview(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"diffOverview"_s);
    setFixedWidth(14);
    setToolTip(tr("Where the changes are; click to go there"));
}

void DiffOverview::setRows(const QList<diff::RowKind> &kinds)
{
    m_kinds = kinds;
    update();
}

void DiffOverview::setScrollBar(QScrollBar *bar)
{
    m_bar = bar;
    connect(bar, &QScrollBar::valueChanged, this, [this] { update(); });
    connect(bar, &QScrollBar::rangeChanged, this, [this] { update(); });
}

void DiffOverview::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const DiffColours colours = DiffColours::forPalette(palette());
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const int rows = int(m_kinds.size());
    if (rows == 0)
        return;
    const double perRow = double(height()) / rows;
    for (int row = 0; row < rows;) {
        const diff::RowKind kind = m_kinds[row];
        int end = row + 1;
        while (end < rows && m_kinds[end] == kind)
            ++end;
        if (kind != diff::RowKind::Equal) {
            const int top = int(row * perRow);
            const int bottom = qMax(top + 2, int(end * perRow));
            painter.fillRect(QRect(1, top, width() - 2, bottom - top), colours.strongFor(kind));
        }
        row = end;
    }
    if (m_bar && m_bar->maximum() > 0) {
        const int visible = m_bar->pageStep();
        const int total = m_bar->maximum() + visible;
        const int top = int(double(m_bar->value()) / total * height());
        const int h = qMax(4, int(double(visible) / total * height()));
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawRect(QRect(0, top, width() - 1, h - 1));
    }
}

void DiffOverview::mousePressEvent(QMouseEvent *event)
{
    if (onJump && !m_kinds.isEmpty())
        onJump(qBound(0, int(event->position().y() / height() * m_kinds.size()), int(m_kinds.size()) - 1));
}

} // namespace sd::ui
