#include "DiffView.h"

#include "DiffColours.h"
#include "DiffGutter.h"
#include "DiffOverview.h"
#include "FoldMarkers.h"
#include "ui/CommonWidgets.h"
#include "ui/PlainText.h"
#include "ui/Theme.h"

#include <algorithm>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMouseEvent>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

namespace {} // namespace

QString DiffView::tabKey(const DiffSide &left, const DiffSide &right)
{
    return u"diff:"_s + left.key() + u" <> "_s + right.key();
}

DiffView::DiffView(diff::DiffSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    m_session->setParent(this);
    setObjectName(u"diffView"_s);
    QHBoxLayout *titleRow = setupTitleRow();
    QHBoxLayout *controls = setupControls();
    m_banner = plainLabel(this);
    m_banner->setObjectName(u"diffBanner"_s);
    m_banner->setWordWrap(true);
    m_banner->hide();
    setupEditors();

    auto *sides = new QWidget(this);
    auto *sidesLayout = new QGridLayout(sides);
    sidesLayout->setContentsMargins(0, 0, 0, 0);
    sidesLayout->setHorizontalSpacing(4);
    sidesLayout->addWidget(m_left.header, 0, 0);
    sidesLayout->addWidget(m_right.header, 0, 1);
    sidesLayout->addWidget(m_left.editor, 1, 0);
    sidesLayout->addWidget(m_right.editor, 1, 1);
    sidesLayout->addWidget(m_overview, 1, 2);
    sidesLayout->setColumnStretch(0, 1);
    sidesLayout->setColumnStretch(1, 1);

    // The summary sits under the editors, full width: its before → after column needs the room.
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(sides);
    splitter->addWidget(setupSemanticPanel());
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addLayout(controls);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);

    setupActions();
    setupSession();
    reload();
}

DiffView::~DiffView() = default;

QToolButton *DiffView::makeButton(const QString &name, const QString &text, const QString &tip)
{
    auto *button = named<QToolButton>(name, this);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

QHBoxLayout *DiffView::setupTitleRow()
{
    m_title = plainLabel(this);
    m_title->setObjectName(u"diffTitle"_s);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QToolButton *swap = makeButton(u"diffSwap"_s, tr("⇄ Swap"), tr("Swap the sides"));
    QToolButton *copyLeft = makeButton(u"diffCopyLeft"_s, tr("Copy left"), tr("Copy the left text as shown"));
    QToolButton *copyRight =
        makeButton(u"diffCopyRight"_s, tr("Copy right"), tr("Copy the right text as shown"));
    connect(swap, &QToolButton::clicked, this, &DiffView::swapSides);
    connect(copyLeft, &QToolButton::clicked, this, [this] { copySide(true); });
    connect(copyRight, &QToolButton::clicked, this, [this] { copySide(false); });

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(swap);
    titleRow->addWidget(copyLeft);
    titleRow->addWidget(copyRight);
    return titleRow;
}

QHBoxLayout *DiffView::setupControls()
{
    m_normalization = choiceBox(this, u"diffNormalization"_s,
                                {{tr("As stored"), int(diff::Normalization::AsStored)},
                                 {tr("Pretty"), int(diff::Normalization::Pretty)},
                                 {tr("Canonical"), int(diff::Normalization::Canonical)}});
    m_normalization->setCurrentIndex(1); // registries store one-line JSON: pretty is what reads well
    m_normalization->setToolTip(
        tr("As stored: the text exactly as held.\nPretty: re-indented only.\nCanonical: only what "
           "matters for identity (Avro Parsing Canonical Form; JSON with sorted keys; Protobuf "
           "normalised)."));
    m_ignoreWhitespace = named<QCheckBox>(u"diffIgnoreWhitespace"_s, tr("Ignore &whitespace"), this);
    m_foldUnchanged = named<QCheckBox>(u"diffFoldUnchanged"_s, tr("Only &changes"), this);
    m_foldUnchanged->setToolTip(tr("Fold the unchanged lines between changes, keeping %n line(s) of context "
                                   "around each (on by itself for long schemas)",
                                   "", diff::DiffOptions{}.contextLines));
    QToolButton *previous = makeButton(u"diffPrevious"_s, tr("▲ Previous"), tr("Previous change (Shift+F7)"));
    QToolButton *next = makeButton(u"diffNext"_s, tr("▼ Next"), tr("Next change (F7)"));
    m_counts = plainLabel(this);
    m_counts->setObjectName(u"diffCounts"_s);
    // Long titles and counts are cut, not the window: the diff fits beside the tree on a 1024 px screen.
    for (QLabel *label : {m_title, m_counts})
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto options = [this] { m_session->setOptions(normalization(), m_ignoreWhitespace->isChecked()); };
    connect(m_normalization, &QComboBox::currentIndexChanged, this, options);
    connect(m_ignoreWhitespace, &QCheckBox::toggled, this, options);
    connect(m_foldUnchanged, &QCheckBox::toggled, this, [this] {
        m_foldDecided = true;
        if (m_ready)
            present();
    });
    connect(next, &QToolButton::clicked, this, &DiffView::nextChange);
    connect(previous, &QToolButton::clicked, this, &DiffView::previousChange);

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Compare:"), this));
    controls->addWidget(m_normalization);
    controls->addWidget(m_ignoreWhitespace);
    controls->addWidget(m_foldUnchanged);
    controls->addSpacing(12);
    controls->addWidget(previous);
    controls->addWidget(next);
    controls->addWidget(m_counts, 1);
    return controls;
}

void DiffView::setupEditors()
{
    m_left.header = plainLabel(this);
    m_left.header->setObjectName(u"diffLeftHeader"_s);
    m_right.header = plainLabel(this);
    m_right.header->setObjectName(u"diffRightHeader"_s);
    for (QLabel *header : {m_left.header, m_right.header}) {
        header->setTextInteractionFlags(Qt::TextSelectableByMouse);
        header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    m_left.editor = named<SchemaEditor>(u"diffLeftEditor"_s, this);
    m_right.editor = named<SchemaEditor>(u"diffRightEditor"_s, this);
    for (SchemaEditor *editor : {m_left.editor, m_right.editor}) {
        editor->setReadOnly(true);
        editor->setUndoRedoEnabled(false); // filled in chunks; nothing to undo
        editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        new FoldMarkers(editor, &m_folded.shownRows);
        editor->viewport()->installEventFilter(this);
    }
    m_left.gutter = new DiffGutter(m_left.editor, &m_left.lineOfRow, &m_rowKinds);
    m_right.gutter = new DiffGutter(m_right.editor, &m_right.lineOfRow, &m_rowKinds);
    // A screen reader hears what the colours and markers show.
    m_left.editor->setAccessibleName(tr("Left schema (old)"));
    m_right.editor->setAccessibleName(tr("Right schema (new)"));
    m_left.gutter->setObjectName(u"diffLeftGutter"_s);
    m_right.gutter->setObjectName(u"diffRightGutter"_s);
    m_left.gutter->setAccessibleName(tr("Left line numbers and change markers"));
    m_right.gutter->setAccessibleName(tr("Right line numbers and change markers"));
    for (QWidget *gutter : {m_left.gutter, m_right.gutter})
        gutter->setAccessibleDescription(
            tr("+ marks an added line, − a removed one, ~ a changed one; F7 and Shift+F7 move between "
               "changes"));
    setFocusProxy(m_right.editor); // a new diff tab takes keys at once: F7 works without a click

    // One scroll position for both sides (rows are aligned, so both have the same number of blocks).
    auto sync = [](QScrollBar *from, QScrollBar *to) {
        connect(from, &QScrollBar::valueChanged, to, &QScrollBar::setValue);
    };
    sync(m_left.editor->verticalScrollBar(), m_right.editor->verticalScrollBar());
    sync(m_right.editor->verticalScrollBar(), m_left.editor->verticalScrollBar());
    sync(m_left.editor->horizontalScrollBar(), m_right.editor->horizontalScrollBar());
    sync(m_right.editor->horizontalScrollBar(), m_left.editor->horizontalScrollBar());
    m_right.editor->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_left.editor->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_overview = new DiffOverview(this);
    m_overview->setAccessibleName(tr("Overview of the changes"));
    m_overview->setAccessibleDescription(
        tr("Where the changes are in the whole schema; a click scrolls there. The counts next to Next "
           "and Previous say how many there are."));
    m_overview->setScrollBar(m_right.editor->verticalScrollBar());
    m_overview->onJump = [this](int row) {
        const QTextBlock block = m_right.editor->document()->findBlockByNumber(row);
        m_right.editor->verticalScrollBar()->setValue(
            qMax(0, block.firstLineNumber() - m_right.editor->height() / (2 * fontMetrics().height())));
    };
}

QWidget *DiffView::setupSemanticPanel()
{
    auto *semanticPanel = named<QWidget>(u"diffSemanticPanel"_s, this);
    auto *semanticLayout = new QVBoxLayout(semanticPanel);
    semanticLayout->setContentsMargins(0, 0, 0, 0);
    m_semanticHeader = plainLabel(semanticPanel);
    m_semanticHeader->setObjectName(u"diffSemanticHeader"_s);
    m_semanticHeader->setWordWrap(true);
    m_semantic = named<QTreeWidget>(u"diffSemantic"_s, semanticPanel);
    m_semantic->setHeaderLabels({tr("Change"), tr("Field"), tr("Before → after"), tr("Verdict")});
    m_semantic->setRootIsDecorated(false);
    m_semantic->setAlternatingRowColors(true);
    m_semantic->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    semanticLayout->addWidget(new QLabel(tr("<b>What changed for readers</b>"), semanticPanel));
    semanticLayout->addWidget(m_semanticHeader);
    semanticLayout->addWidget(m_semantic, 1);
    return semanticPanel;
}

void DiffView::setupActions()
{
    auto addShortcut = [this](const QString &name, const QString &text, const QKeySequence &keys,
                              void (DiffView::*slot)()) {
        auto *action = named<QAction>(name, text, this);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
    };
    addShortcut(u"actionNextChange"_s, tr("Next change"), QKeySequence(Qt::Key_F7), &DiffView::nextChange);
    addShortcut(u"actionPreviousChange"_s, tr("Previous change"), QKeySequence(Qt::SHIFT | Qt::Key_F7),
                &DiffView::previousChange);
}

void DiffView::setupSession()
{
    m_session->setOptions(normalization(), m_ignoreWhitespace->isChecked());
    connect(m_session, &diff::DiffSession::sideLoaded, this, &DiffView::sideLoaded);
    connect(m_session, &diff::DiffSession::failed, this, &DiffView::sideFailed);
    connect(m_session, &diff::DiffSession::computing, this, &DiffView::computing);
    connect(m_session, &diff::DiffSession::computed, this, [this] {
        m_result = m_session->result();
        present();
    });
}

QString DiffView::title() const
{
    return m_session->title();
}

void DiffView::reload()
{
    m_ready = false;
    m_banner->hide();
    m_counts->setText(tr("Loading…"));
    m_session->reload();
}

void DiffView::sideLoaded(bool leftSide, const QString &label)
{
    (leftSide ? m_left.header : m_right.header)->setText(label);
    (leftSide ? m_left.header : m_right.header)->setToolTip(plainToolTip(label));
    if (m_session->sidesLoaded())
        m_title->setText(title());
}

void DiffView::sideFailed(const QString &message)
{
    m_banner->setText(tr("Cannot compare: %1").arg(message));
    m_banner->show();
    m_counts->setText(QString());
    m_title->setText(title());
}

void DiffView::computing()
{
    m_ready = false;
    m_counts->setText(tr("Comparing…"));
}

diff::Normalization DiffView::normalization() const
{
    return diff::Normalization(m_normalization->currentData().toInt());
}

void DiffView::setNormalization(diff::Normalization normalization)
{
    m_normalization->setCurrentIndex(m_normalization->findData(int(normalization)));
}

void DiffView::setIgnoreWhitespace(bool ignore)
{
    m_ignoreWhitespace->setChecked(ignore);
}

void DiffView::setFoldUnchanged(bool fold)
{
    m_foldDecided = true; // the reader's choice stands
    m_foldUnchanged->setChecked(fold);
}

bool DiffView::foldUnchanged() const
{
    return m_foldUnchanged->isChecked();
}

void DiffView::present()
{
    const diff::DiffResult &d = m_result.diff;
    const bool protobuf = m_session->leftLoaded().schemaType == u"PROTOBUF";
    for (SchemaEditor *editor : {m_left.editor, m_right.editor})
        editor->setLanguage(protobuf ? SchemaEditor::Language::Protobuf : SchemaEditor::Language::Json);

    // Long schemas open folded to their changes; the reader can unfold.
    if (!m_foldDecided && !d.blocks.isEmpty()) {
        m_foldDecided = true;
        if (d.rows.size() > foldRowsFrom) {
            const QSignalBlocker blocker(m_foldUnchanged);
            m_foldUnchanged->setChecked(true);
        }
    }
    m_folded = diff::foldRows(d, m_foldUnchanged->isChecked());
    m_ready = false;
    fillEditors();
}

void DiffView::fillEditors()
{
    const diff::DiffResult &d = m_result.diff;
    auto fill = std::make_shared<Fill>();
    fill->leftRows.reserve(m_folded.shownRows.size());
    fill->rightRows.reserve(m_folded.shownRows.size());
    m_left.lineOfRow.clear();
    m_right.lineOfRow.clear();
    m_rowKinds.clear();
    for (const int shown : std::as_const(m_folded.shownRows)) {
        // A fold's marker row is empty on both sides (FoldMarkers paints it).
        const diff::DiffRow row = shown < 0 ? diff::DiffRow{} : d.rows[shown];
        fill->leftRows << (row.leftLine >= 0 ? d.leftLine(row.leftLine).toString() : QString());
        fill->rightRows << (row.rightLine >= 0 ? d.rightLine(row.rightLine).toString() : QString());
        m_left.lineOfRow << row.leftLine;
        m_right.lineOfRow << row.rightLine;
        m_rowKinds << row.kind;
    }
    fill->scroll = m_right.editor->verticalScrollBar()->value();
    const int largestLine = qMax(d.leftLineCount(), d.rightLineCount());
    m_left.editor->setLargestLineNumber(largestLine);
    m_right.editor->setLargestLineNumber(largestLine);
    // Long texts go in by chunks from the event loop: highlighting and layout of 50k lines at once
    // would freeze the window for a second.
    fill->next = int(qMin(fill->leftRows.size(), qsizetype(rowsPerChunk)));
    m_left.editor->setPlainText(QStringList(fill->leftRows.mid(0, fill->next)).join(u'\n'));
    m_right.editor->setPlainText(QStringList(fill->rightRows.mid(0, fill->next)).join(u'\n'));
    hideFoldedRows(0, fill->next);
    QObject *generation = m_fill.start(); // a newer presentation takes over from an unfinished fill
    if (fill->next < fill->leftRows.size()) {
        m_counts->setText(tr("Showing… %1 of %2 rows").arg(fill->next).arg(fill->leftRows.size()));
        QTimer::singleShot(0, generation, [this, fill] { appendRows(fill); });
        return;
    }
    finishPresent(fill->scroll);
}

void DiffView::appendRows(const std::shared_ptr<Fill> &fill)
{
    const int total = int(fill->leftRows.size());
    const int end = qMin(total, fill->next + rowsPerChunk);
    const int count = end - fill->next;
    for (SchemaEditor *editor : {m_left.editor, m_right.editor}) {
        const QStringList &rows = editor == m_left.editor ? fill->leftRows : fill->rightRows;
        QTextCursor cursor(editor->document());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(u'\n' + QStringList(rows.mid(fill->next, count)).join(u'\n'));
    }
    hideFoldedRows(fill->next, end);
    fill->next = end;
    if (end < total) {
        m_counts->setText(tr("Showing… %1 of %2 rows").arg(end).arg(total));
        QTimer::singleShot(0, m_fill.context(), [this, fill] { appendRows(fill); });
        return;
    }
    finishPresent(fill->scroll);
}

bool DiffView::unfoldAt(int editorRow)
{
    const auto fold = std::ranges::find_if(m_folded.hiddenRows, [editorRow](const std::pair<int, int> &run) {
        return run.first == editorRow + 1;
    });
    if (m_folded.shownRows.value(editorRow, 0) >= 0 || fold == m_folded.hiddenRows.end())
        return false;
    const int count = fold->second;
    m_folded.hiddenRows.erase(fold); // rows still to come from a chunked fill stay visible too
    // The first unfolded row takes the marker's place on screen.
    QScrollBar *bar = m_right.editor->verticalScrollBar();
    const QTextBlock marker = m_right.editor->document()->findBlockByNumber(editorRow);
    const int offset = marker.firstLineNumber() - bar->value();
    for (SchemaEditor *editor : {m_left.editor, m_right.editor}) {
        QTextDocument *document = editor->document();
        QTextBlock block = document->findBlockByNumber(editorRow);
        const int start = block.position();
        block.setVisible(false);
        block = block.next();
        for (int row = 0; row < count && block.isValid(); ++row, block = block.next())
            block.setVisible(true);
        const int stop = block.isValid() ? block.position() : document->characterCount();
        document->markContentsDirty(start, stop - start);
    }
    const QTextBlock first = m_right.editor->document()->findBlockByNumber(editorRow + 1);
    bar->setValue(qMax(0, first.firstLineNumber() - offset));
    m_left.editor->viewport()->update();
    m_right.editor->viewport()->update();
    return true;
}

bool DiffView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        for (SchemaEditor *editor : {m_left.editor, m_right.editor}) {
            if (watched != editor->viewport())
                continue;
            const auto *mouse = static_cast<QMouseEvent *>(event);
            if (mouse->button() == Qt::LeftButton && !editor->textCursor().hasSelection())
                unfoldAt(editor->cursorForPosition(mouse->position().toPoint()).blockNumber());
        }
    }
    return QWidget::eventFilter(watched, event);
}

void DiffView::hideFoldedRows(int from, int to)
{
    for (const auto &[first, count] : std::as_const(m_folded.hiddenRows)) {
        const int begin = qMax(first, from);
        const int end = qMin(first + count, to);
        if (begin >= end)
            continue;
        for (SchemaEditor *editor : {m_left.editor, m_right.editor}) {
            QTextDocument *document = editor->document();
            QTextBlock block = document->findBlockByNumber(begin);
            const int start = block.position();
            for (int row = begin; row < end && block.isValid(); ++row, block = block.next())
                block.setVisible(false);
            const int stop = block.isValid() ? block.position() : document->characterCount();
            document->markContentsDirty(start, stop - start); // relayout only: no re-highlighting
        }
    }
}

void DiffView::applyMarks()
{
    const diff::DiffResult &d = m_result.diff;
    const DiffColours colours = DiffColours::forPalette(m_right.editor->viewport()->palette());
    m_left.marks.clear();
    m_right.marks.clear();
    for (int i = 0; i < m_folded.shownRows.size(); ++i) {
        if (m_folded.shownRows[i] < 0) {
            m_left.marks << SchemaEditor::LineMark{i, colours.padding};
            m_right.marks << SchemaEditor::LineMark{i, colours.padding};
            continue;
        }
        const diff::DiffRow &row = d.rows[m_folded.shownRows[i]];
        switch (row.kind) {
        case diff::RowKind::Equal:
            break;
        case diff::RowKind::Changed:
            m_left.marks << SchemaEditor::LineMark{i, colours.changed};
            m_right.marks << SchemaEditor::LineMark{i, colours.changed};
            break;
        case diff::RowKind::Added:
            m_left.marks << SchemaEditor::LineMark{i, colours.padding};
            m_right.marks << SchemaEditor::LineMark{i, colours.added};
            break;
        case diff::RowKind::Removed:
            m_left.marks << SchemaEditor::LineMark{i, colours.removed};
            m_right.marks << SchemaEditor::LineMark{i, colours.padding};
            break;
        }
    }
    m_left.editor->setLineMarks(m_left.marks);
    m_right.editor->setLineMarks(m_right.marks);

    // Intraline: the changed characters of changed rows, on top of the row colour.
    auto addInline = [this, &d](SchemaEditor *editor, bool left, const QColor &colour) {
        QList<QTextEdit::ExtraSelection> selections = editor->extraSelections();
        QTextDocument *document = editor->document();
        for (int i = 0; i < m_folded.shownRows.size(); ++i) {
            if (m_folded.shownRows[i] < 0)
                continue;
            const diff::DiffRow &row = d.rows[m_folded.shownRows[i]];
            if (row.kind != diff::RowKind::Changed)
                continue;
            const QList<diff::TextRange> ranges = left ? d.leftRangesOf(row) : d.rightRangesOf(row);
            if (ranges.isEmpty())
                continue;
            const QTextBlock block = document->findBlockByNumber(i);
            for (const diff::TextRange &range : ranges) {
                QTextEdit::ExtraSelection selection;
                selection.cursor = QTextCursor(block);
                selection.cursor.setPosition(block.position() + range.start);
                selection.cursor.setPosition(block.position() +
                                                 qMin(range.start + range.length, block.length() - 1),
                                             QTextCursor::KeepAnchor);
                selection.format.setBackground(colour);
                selections << selection;
            }
        }
        editor->setExtraSelections(selections);
    };
    addInline(m_left.editor, true, colours.removedInline);
    addInline(m_right.editor, false, colours.addedInline);
    m_left.gutter->update();
    m_right.gutter->update();
    m_overview->update();
}

void DiffView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The colours follow the palette, once the editors have taken the new theme.
    if (event->type() == QEvent::PaletteChange)
        QTimer::singleShot(0, this, [this] {
            if (m_ready)
                applyMarks();
        });
}

void DiffView::updateCounts()
{
    const diff::DiffStats &s = m_result.diff.stats;
    if (s.identical()) {
        m_counts->setText(
            normalization() == diff::Normalization::AsStored && !m_ignoreWhitespace->isChecked()
                ? tr("Identical")
                : tr("Identical (%1%2)")
                      .arg(diff::normalizationName(normalization()),
                           m_ignoreWhitespace->isChecked() ? tr(", whitespace ignored") : QString()));
        return;
    }
    const int blocks = int(m_result.diff.blocks.size());
    const QString position = m_currentBlock >= 0 ? tr("change %1 of %2").arg(m_currentBlock + 1).arg(blocks)
                                                 : tr("%n change(s)", "", blocks);
    m_counts->setText(tr("%1 · %2 added, %3 removed, %4 changed lines")
                          .arg(position)
                          .arg(s.addedRows)
                          .arg(s.removedRows)
                          .arg(s.changedRows));
}

QString DiffView::summaryText() const
{
    return m_counts->text();
}

void DiffView::jumpToBlock(int block)
{
    const QList<diff::ChangeBlock> &blocks = m_result.diff.blocks;
    if (blocks.isEmpty())
        return;
    m_currentBlock = qBound(0, block, int(blocks.size()) - 1);
    const int row = shownRowOf(blocks[m_currentBlock].firstRow);
    for (SchemaEditor *editor : {m_right.editor, m_left.editor}) {
        QTextCursor cursor(editor->document()->findBlockByNumber(row));
        editor->setTextCursor(cursor);
    }
    scrollToRow(row);
    updateCounts();
}

void DiffView::nextChange()
{
    if (!m_ready)
        return;
    jumpToBlock(m_currentBlock < 0 ? 0 : qMin(m_currentBlock + 1, int(m_result.diff.blocks.size()) - 1));
}

void DiffView::previousChange()
{
    if (!m_ready)
        return;
    jumpToBlock(m_currentBlock < 0 ? int(m_result.diff.blocks.size()) - 1 : qMax(0, m_currentBlock - 1));
}

void DiffView::swapSides()
{
    m_session->swapSides();
    m_left.header->setText(m_session->leftLoaded().label);
    m_right.header->setText(m_session->rightLoaded().label);
    m_title->setText(title());
}

void DiffView::scrollToRow(int row)
{
    // Scroll positions count visible lines: folded rows take none. A few rows of context above.
    const QTextBlock block = m_right.editor->document()->findBlockByNumber(row);
    m_right.editor->verticalScrollBar()->setValue(qMax(0, block.firstLineNumber() - 3));
}

int DiffView::shownRowOf(int row) const
{
    return m_folded.editorRowOf(row);
}

void DiffView::copySide(bool leftSide)
{
    const QString &text = leftSide ? m_result.diff.left : m_result.diff.right;
    QApplication::clipboard()->setText(text);
}

void DiffView::finishPresent(int scroll)
{
    const diff::DiffResult &d = m_result.diff;
    m_right.editor->verticalScrollBar()->setValue(scroll);
    m_overview->setRows(m_rowKinds);
    applyMarks();
    presentNotes();
    presentSemantic();
    m_currentBlock = -1;
    // Open on the first change (a few rows of context above it), as a reader would scroll to it.
    if (!d.blocks.isEmpty() && !std::exchange(m_openedOnFirstChange, true))
        scrollToRow(shownRowOf(d.blocks.first().firstRow));
    updateCounts();
    m_title->setText(title());
    m_ready = true;
    Q_EMIT ready();
}

void DiffView::presentNotes()
{
    const diff::DiffSide &left = m_session->left();
    const diff::DiffSide &right = m_session->right();
    const diff::LoadedSide &leftLoaded = m_session->leftLoaded();
    const diff::LoadedSide &rightLoaded = m_session->rightLoaded();
    QStringList notes;
    if (!m_result.leftError.isEmpty())
        notes << tr("Left side shown as stored: %1").arg(m_result.leftError);
    if (!m_result.rightError.isEmpty())
        notes << tr("Right side shown as stored: %1").arg(m_result.rightError);
    if (!m_session->sidesOfOneKind())
        notes << tr("The sides are different kinds of schema (%1 and %2).")
                     .arg(leftLoaded.schemaType, rightLoaded.schemaType);
    if (m_result.diff.stats.identical() && left.isRegistry() && right.isRegistry() &&
        left.subject != right.subject) {
        // The mirror question: the same schema under another (context-qualified) name.
        if (leftLoaded.text == rightLoaded.text)
            notes << tr("✔ The same schema, byte for byte: only the subject's name differs (%1 and %2).")
                         .arg(left.subject, right.subject);
        else
            notes << tr("✔ The same schema (%1): only the subject's name and the formatting differ (%2 and "
                        "%3).")
                         .arg(diff::normalizationName(normalization()), left.subject, right.subject);
    }
    m_banner->setText(notes.join(u'\n'));
    m_banner->setVisible(!notes.isEmpty());
}

void DiffView::presentSemantic()
{
    m_semantic->clear();
    const QString levelName = schema::compatibilityLevelName(m_session->level());
    if (!m_result.semantic) {
        m_semanticHeader->setText(
            tr("Field-level changes are summarised for AVRO and JSON schemas of the same kind."));
    } else if (!m_result.semantic->ok()) {
        m_semanticHeader->setText(tr("Not summarised: %1").arg(m_result.semantic->error));
    } else {
        const diff::SemanticSummary &summary = *m_result.semantic;
        const int breaking = summary.breakingCount();
        if (summary.changes.isEmpty())
            m_semanticHeader->setText(tr("No field-level changes (left → right)."));
        else if (breaking == 0)
            m_semanticHeader->setText(tr("✔ Compatible under %1: %n change(s), none breaking (left → right).",
                                         "", int(summary.changes.size()))
                                          .arg(levelName));
        else
            m_semanticHeader->setText(
                tr("✖ Breaking under %1: %n of %2 change(s) (left → right).", "", breaking)
                    .arg(levelName)
                    .arg(summary.changes.size()));
        for (const diff::SemanticChange &change : summary.changes) {
            auto *item = new QTreeWidgetItem(m_semantic);
            item->setText(0, diff::semanticChangeKindName(change.kind));
            item->setText(1, change.path.isEmpty() ? tr("(root)") : change.path);
            QString beforeAfter;
            if (!change.before.isEmpty() || !change.after.isEmpty())
                beforeAfter = (change.before.isEmpty() ? u"—"_s : change.before) + u" → "_s +
                              (change.after.isEmpty() ? u"—"_s : change.after);
            item->setText(2, beforeAfter);
            item->setText(3, change.compatible ? tr("compatible") : tr("breaking"));
            item->setToolTip(0, plainToolTip(change.explanation));
            item->setToolTip(3, plainToolTip(change.explanation));
            QFont font = item->font(3);
            font.setBold(!change.compatible);
            item->setFont(3, font);
        }
    }
}

} // namespace sd::ui
