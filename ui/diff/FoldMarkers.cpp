#include "FoldMarkers.h"

#include "DiffView.h"
#include "ui/SchemaEditor.h"

#include <QPainter>
#include <QPaintEvent>
#include <QTextBlock>

namespace sd::ui {

FoldMarkers::FoldMarkers(SchemaEditor *editor, const QList<int> *shownRows)
    : QWidget(editor->viewport())
    , m_editor(editor)
    , m_shownRows(shownRows)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    editor->viewport()->installEventFilter(this);
    connect(editor, &QPlainTextEdit::updateRequest, this, [this](const QRect &, int) { update(); });
    setGeometry(editor->viewport()->rect());
}

bool FoldMarkers::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor->viewport() && event->type() == QEvent::Resize)
        setGeometry(m_editor->viewport()->rect());
    return false;
}

void FoldMarkers::paintEvent(QPaintEvent *event)
{
    QPainter painter(this);
    QFont font = m_editor->font();
    font.setItalic(true);
    painter.setFont(font);
    painter.setPen(m_editor->viewport()->palette().color(QPalette::PlaceholderText));
    const int lineHeight = m_editor->fontMetrics().height();
    const int left = int(m_editor->document()->documentMargin()) + 4;
    for (QTextBlock block = m_editor->cursorForPosition(QPoint(0, 0)).block(); block.isValid();
         block = block.next()) {
        if (!block.isVisible())
            continue;
        const int top = m_editor->cursorRect(QTextCursor(block)).top();
        if (top > event->rect().bottom())
            break;
        const int hidden = -m_shownRows->value(block.blockNumber(), 0);
        if (hidden > 0)
            painter.drawText(QRect(left, top, width() - left, lineHeight), Qt::AlignVCenter,
                             DiffView::tr("⋯ %n unchanged line(s) — click to show ⋯", "", hidden));
    }
}

} // namespace sd::ui
