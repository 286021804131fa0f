#include "ui/SchemaEditor.h"
#include "ui/Theme.h"

#include <KSyntaxHighlighting/Repository>
#include <QApplication>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace Qt::StringLiterals;
using sd::ui::SchemaEditor;

class TestSchemaEditor : public QObject
{
    Q_OBJECT
private:
    // True when the highlighter gave parts of the line different formats (keys, strings, keywords).
    static bool lineIsHighlighted(const SchemaEditor &editor, int line)
    {
        const QTextBlock block = editor.document()->findBlockByNumber(line);
        QSet<QRgb> colours;
        for (const QTextLayout::FormatRange &range : block.layout()->formats())
            colours.insert(range.format.foreground().color().rgba());
        return colours.size() >= 2;
    }

private Q_SLOTS:
    void jsonIsHighlighted()
    {
        SchemaEditor editor;
        editor.setPlainText(
            uR"({"type":"record","name":"pageviews","fields":[{"name":"viewtime","type":"long"}]})"_s);
        QCOMPARE(editor.definitionName(), u"JSON"_s);
        QVERIFY(lineIsHighlighted(editor, 0));
    }

    void protobufIsHighlighted()
    {
        SchemaEditor editor;
        editor.setLanguage(SchemaEditor::Language::Protobuf);
        editor.setPlainText(u"syntax = \"proto3\";\nmessage Order {\n  string id = 1;\n}\n"_s);
        QCOMPARE(editor.definitionName(), u"Protobuf"_s);
        QVERIFY(lineIsHighlighted(editor, 0));
        QVERIFY(lineIsHighlighted(editor, 2));
    }

    void plainTextIsNot()
    {
        SchemaEditor editor;
        editor.setLanguage(SchemaEditor::Language::PlainText);
        editor.setPlainText(u"{\"a\": 1}"_s);
        QCOMPARE(editor.definitionName(), u"None"_s);
        QVERIFY(!lineIsHighlighted(editor, 0));
    }

    void themeFollowsThePalette()
    {
        SchemaEditor editor;
        editor.setPalette(sd::ui::paletteFor(sd::ui::ThemeChoice::Light));
        const QString light = editor.themeName();
        editor.setPalette(sd::ui::paletteFor(sd::ui::ThemeChoice::Dark));
        const QString dark = editor.themeName();
        QVERIFY2(light != dark, qPrintable(light + u" / "_s + dark));
        QVERIFY(sd::ui::isDarkPalette(editor.viewport()->palette()));
    }

    void gutterGrowsWithTheLineCount()
    {
        SchemaEditor editor;
        editor.setPlainText(u"a"_s);
        const int narrow = editor.lineNumberAreaWidth();
        QString many;
        for (int i = 0; i < 12000; ++i)
            many += u"line\n"_s;
        editor.setPlainText(many);
        QVERIFY(editor.lineNumberAreaWidth() > narrow);
    }

    void lineMarksBecomeSelections()
    {
        SchemaEditor editor;
        editor.setPlainText(u"a\nb\nc\n"_s);
        editor.setLineMarks({{1, Qt::green}, {2, Qt::red}, {99, Qt::blue}});
        QCOMPARE(editor.extraSelections().size(), 2);
        QCOMPARE(editor.extraSelections().at(0).cursor.block().blockNumber(), 1);
        editor.setLineMarks({});
        QVERIFY(editor.extraSelections().isEmpty());
    }
};

int main(int argc, char **argv)
{
    QApplication::setAttribute(Qt::AA_Use96Dpi);
    QApplication app(argc, argv);
    TestSchemaEditor test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_schemaeditor.moc"
