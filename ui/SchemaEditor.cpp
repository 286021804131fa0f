#include "SchemaEditor.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#include <QFontDatabase>
#include <QPainter>
#include <QTextBlock>

namespace sd::ui {

KSyntaxHighlighting::Repository &syntaxRepository()
{
    static KSyntaxHighlighting::Repository repository;
    return repository;
}

namespace {
class Gutter : public QWidget
{
public:
    explicit Gutter(SchemaEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    {
        setObjectName(QStringLiteral("lineNumberGutter"));
    }
    QSize sizeHint() const override { return {m_editor->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintLineNumbers(event); }

private:
    SchemaEditor *m_editor;
};
} // namespace

SchemaEditor::SchemaEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_highlighter(new KSyntaxHighlighting::SyntaxHighlighter(document()))
    , m_gutter(new Gutter(this))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(QFontMetricsF(font()).horizontalAdvance(QLatin1Char(' ')) * 4);
    connect(this, &QPlainTextEdit::blockCountChanged, this, &SchemaEditor::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &SchemaEditor::updateGutter);
    setLanguage(Language::Json);
    applyTheme();
    updateGutterWidth();
}

SchemaEditor::~SchemaEditor() = default;

void SchemaEditor::setLanguage(Language language)
{
    // Re-highlighting a long document costs as much as loading it: only when the language changes.
    if (language == m_language && m_highlighter->definition().isValid() == (language != Language::PlainText))
        return;
    m_language = language;
    const QString name = language == Language::Json       ? QStringLiteral("JSON")
                         : language == Language::Protobuf ? QStringLiteral("Protobuf")
                                                          : QString();
    m_highlighter->setDefinition(name.isEmpty() ? KSyntaxHighlighting::Definition()
                                                : syntaxRepository().definitionForName(name));
    m_highlighter->rehighlight();
}

QString SchemaEditor::definitionName() const
{
    const auto definition = m_highlighter->definition();
    return definition.isValid() ? definition.name() : QStringLiteral("None");
}

QString SchemaEditor::themeName() const
{
    return m_highlighter->theme().name();
}

void SchemaEditor::applyTheme()
{
    const KSyntaxHighlighting::Theme theme = syntaxRepository().themeForPalette(palette());
    m_highlighter->setTheme(theme);
    m_highlighter->rehighlight();
    m_gutterBackground = QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::IconBorder));
    m_gutterForeground = QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::LineNumbers));
    QPalette p = palette();
    p.setColor(QPalette::Base,
               QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::BackgroundColor)));
    p.setColor(QPalette::Text, QColor::fromRgba(theme.textColor(KSyntaxHighlighting::Theme::Normal)));
    p.setColor(QPalette::Highlight,
               QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::TextSelection)));
    viewport()->setPalette(p);
    m_gutter->update();
}

void SchemaEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

int SchemaEditor::lineNumberAreaWidth() const
{
    int digits = 2;
    for (int max = qMax(qMax(1, blockCount()), m_largestLineNumber); max >= 10; max /= 10)
        ++digits;
    return 8 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void SchemaEditor::setLargestLineNumber(int largest)
{
    m_largestLineNumber = largest;
    updateGutterWidth();
    const QRect r = contentsRect();
    m_gutter->setGeometry(QRect(r.left(), r.top(), lineNumberAreaWidth(), r.height()));
}

void SchemaEditor::updateGutterWidth()
{
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void SchemaEditor::updateGutter(const QRect &rect, int dy)
{
    if (dy != 0)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateGutterWidth();
}

void SchemaEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect r = contentsRect();
    m_gutter->setGeometry(QRect(r.left(), r.top(), lineNumberAreaWidth(), r.height()));
}

void SchemaEditor::paintLineNumbers(QPaintEvent *event)
{
    QPainter painter(m_gutter);
    painter.fillRect(event->rect(), m_gutterBackground);
    painter.setPen(m_gutterForeground);
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    const int lineHeight = fontMetrics().height();
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible())
            painter.drawText(0, top, m_gutter->width() - 4, lineHeight, Qt::AlignRight,
                             QString::number(block.blockNumber() + 1));
        top += qRound(blockBoundingRect(block).height());
        block = block.next();
    }
}

void SchemaEditor::setLineMarks(const QList<LineMark> &marks)
{
    m_marks = marks;
    refreshSelections();
}

void SchemaEditor::refreshSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    selections.reserve(m_marks.size());
    for (const LineMark &mark : std::as_const(m_marks)) {
        const QTextBlock block = document()->findBlockByNumber(mark.line);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection selection;
        selection.format.setBackground(mark.background);
        selection.format.setProperty(QTextFormat::FullWidthSelection, true);
        selection.cursor = QTextCursor(block);
        selections.append(selection);
    }
    setExtraSelections(selections);
}

} // namespace sd::ui
