#pragma once

#include <QPlainTextEdit>

namespace KSyntaxHighlighting {
class Repository;
class SyntaxHighlighter;
} // namespace KSyntaxHighlighting

namespace sd::ui {

// The one syntax-definition repository of the process (loading it is not free).
KSyntaxHighlighting::Repository &syntaxRepository();

// A highlighted schema text editor with a line-number gutter. The theme follows the palette and
// changes with it. Serves the schema view (read-only), the register editor and both diff sides.
class SchemaEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    enum class Language { Json, Protobuf, PlainText };

    explicit SchemaEditor(QWidget *parent = nullptr);
    ~SchemaEditor() override;

    void setLanguage(Language language);
    Language language() const { return m_language; }
    // The definition in use ("JSON", "Protobuf", or "None"), for tests and the status line.
    QString definitionName() const;
    QString themeName() const;

    // Marks whole lines with a background colour (diff rows, error lines); empty list clears.
    struct LineMark
    {
        int line = 0; // 0-based block number
        QColor background;
    };
    void setLineMarks(const QList<LineMark> &marks);

    int lineNumberAreaWidth() const;
    // The gutter is made wide enough for numbers up to this (a diff numbers real lines, not blocks).
    void setLargestLineNumber(int largest);
    void paintLineNumbers(QPaintEvent *event);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void applyTheme();
    void updateGutterWidth();
    void updateGutter(const QRect &rect, int dy);
    void refreshSelections();

    Language m_language = Language::Json;
    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter = nullptr;
    QWidget *m_gutter = nullptr;
    QList<LineMark> m_marks;
    QColor m_gutterBackground;
    QColor m_gutterForeground;
    int m_largestLineNumber = 0;
};

} // namespace sd::ui
