#include "DiffGutter.h"

#include "DiffColours.h"
#include "ui/SchemaEditor.h"
#include "ui/Theme.h"

#include <QPainter>
#include <QPaintEvent>
#include <QTextBlock>

using namespace Qt::StringLiterals;

namespace sd::ui {

namespace {

QChar markerOf(diff::RowKind kind)
{
    switch (kind) {
    case diff::RowKind::Added:
        return u'+';
    case diff::RowKind::Removed:
        return u'\x2212';
    case diff::RowKind::Changed:
        return u'~';
    case diff::RowKind::Equal:
        break;
    }
    return u' ';
}

} // namespace

DiffGutter::DiffGutter(SchemaEditor *editor, const QList<int> *lineOfRow, const QList<diff::RowKind> *kinds)
    : QWidget(editor)
    , m_editor(editor)
    , m_lineOfRow(lineOfRow)
    , m_kinds(kinds)
{
    setObjectName(u"diffGutter"_s);
    setAttribute(Qt::WA_OpaquePaintEvent);
    editor->installEventFilter(this);
    connect(editor, &QPlainTextEdit::updateRequest, this, [this](const QRect &, int) { update(); });
    connect(editor, &QPlainTextEdit::blockCountChanged, this, [this] { place(); });
    place();
}

void DiffGutter::place()
{
    const QRect r = m_editor->contentsRect();
    setGeometry(QRect(r.left(), r.top(), m_editor->lineNumberAreaWidth(), r.height()));
    raise();
}

bool DiffGutter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        place();
    return false;
}

void DiffGutter::paintEvent(QPaintEvent *event)
{
    QPainter painter(this);
    const QPalette palette = m_editor->viewport()->palette();
    const DiffColours colours = DiffColours::forPalette(palette);
    painter.fillRect(event->rect(), palette.color(QPalette::Base).darker(isDarkPalette(palette) ? 90 : 104));
    // The block at the top of the viewport, then downwards (the viewport starts where we do).
    QTextBlock block = m_editor->cursorForPosition(QPoint(0, 0)).block();
    const int lineHeight = m_editor->fontMetrics().height();
    const int markerWidth = m_editor->fontMetrics().horizontalAdvance(u'~') + 4;
    painter.setFont(m_editor->font());
    for (; block.isValid(); block = block.next()) {
        if (!block.isVisible()) // folded
            continue;
        const int top = m_editor->cursorRect(QTextCursor(block)).top();
        if (top > event->rect().bottom())
            break;
        const int row = block.blockNumber();
        if (row >= m_lineOfRow->size())
            continue;
        const diff::RowKind kind = m_kinds->value(row, diff::RowKind::Equal);
        const int line = m_lineOfRow->at(row);
        if (kind != diff::RowKind::Equal) {
            painter.fillRect(QRect(0, top, 3, lineHeight), colours.strongFor(kind));
            painter.setPen(palette.color(QPalette::Text));
            if (line >= 0)
                painter.drawText(QRect(4, top, markerWidth, lineHeight), Qt::AlignLeft,
                                 QString(markerOf(kind)));
        }
        if (line >= 0) {
            painter.setPen(palette.color(QPalette::PlaceholderText));
            painter.drawText(QRect(0, top, width() - 4, lineHeight), Qt::AlignRight,
                             QString::number(line + 1));
        }
    }
}

} // namespace sd::ui
