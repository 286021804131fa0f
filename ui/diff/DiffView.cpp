#include "DiffView.h"

#include "DiffColours.h"
#include "items/ReferenceResolver.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
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
#include <QPainter>
#include <QScrollBar>
#include <QSplitter>
#include <QtConcurrent>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

namespace {

schema::SchemaType typeOf(const QString &name)
{
    return schema::schemaTypeFromName(name).value_or(schema::SchemaType::Avro);
}

// A text without a declared type: JSON Schema and Avro are both JSON; proto files are not.
QString guessType(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (!trimmed.startsWith(u'{') && !trimmed.startsWith(u'[') && !trimmed.startsWith(u'"'))
        return u"PROTOBUF"_s;
    if (trimmed.contains(u"\"$schema\""_s) || trimmed.contains(u"\"properties\""_s))
        return u"JSON"_s;
    return u"AVRO"_s;
}

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

// Real line numbers (blank on padding rows) and a +/−/~ marker per row, drawn over the editor's own
// gutter, which numbers the padded blocks.
class DiffGutter : public QWidget
{
public:
    DiffGutter(SchemaEditor *editor, const QList<int> *lineOfRow, const QList<diff::RowKind> *kinds)
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

    void place()
    {
        const QRect r = m_editor->contentsRect();
        setGeometry(QRect(r.left(), r.top(), m_editor->lineNumberAreaWidth(), r.height()));
        raise();
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_editor && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
            place();
        return false;
    }

    void paintEvent(QPaintEvent *event) override
    {
        QPainter painter(this);
        const QPalette palette = m_editor->viewport()->palette();
        const DiffColours colours = DiffColours::forPalette(palette);
        painter.fillRect(event->rect(),
                         palette.color(QPalette::Base).darker(isDarkPalette(palette) ? 90 : 104));
        // The block at the top of the viewport, then downwards (the viewport starts where we do).
        QTextBlock block = m_editor->cursorForPosition(QPoint(0, 0)).block();
        const int lineHeight = m_editor->fontMetrics().height();
        const int markerWidth = m_editor->fontMetrics().horizontalAdvance(u'~') + 4;
        painter.setFont(m_editor->font());
        while (block.isValid()) {
            if (!block.isVisible()) { // folded
                block = block.next();
                continue;
            }
            const int top = m_editor->cursorRect(QTextCursor(block)).top();
            if (top > event->rect().bottom())
                break;
            const int row = block.blockNumber();
            if (row < m_lineOfRow->size()) {
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
            block = block.next();
        }
    }

private:
    SchemaEditor *m_editor;
    const QList<int> *m_lineOfRow;
    const QList<diff::RowKind> *m_kinds;
};

// Paints "⋯ N unchanged lines ⋯" on the (empty) marker rows of folds. The marker rows stay empty and
// the folded rows stay in the document, hidden, so the highlighter still sees the whole schema.
class FoldMarkers : public QWidget
{
public:
    FoldMarkers(SchemaEditor *editor, const QList<int> *shownRows)
        : QWidget(editor->viewport())
        , m_editor(editor)
        , m_shownRows(shownRows)
    {
        setAttribute(Qt::WA_TransparentForMouseEvents);
        editor->viewport()->installEventFilter(this);
        connect(editor, &QPlainTextEdit::updateRequest, this, [this](const QRect &, int) { update(); });
        setGeometry(editor->viewport()->rect());
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_editor->viewport() && event->type() == QEvent::Resize)
            setGeometry(m_editor->viewport()->rect());
        return false;
    }

    void paintEvent(QPaintEvent *event) override
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

private:
    SchemaEditor *m_editor;
    const QList<int> *m_shownRows;
};

// A narrow strip beside the editors: where the changes are in the whole text, and which part is in
// view. A click scrolls there.
class DiffOverview : public QWidget
{
public:
    explicit DiffOverview(QWidget *parent)
        : QWidget(parent)
    {
        setObjectName(u"diffOverview"_s);
        setFixedWidth(14);
        setToolTip(tr("Where the changes are; click to go there"));
    }

    void setRows(const QList<diff::RowKind> &kinds) // one entry per row
    {
        m_kinds = kinds;
        update();
    }
    void setScrollBar(QScrollBar *bar)
    {
        m_bar = bar;
        connect(bar, &QScrollBar::valueChanged, this, [this] { update(); });
        connect(bar, &QScrollBar::rangeChanged, this, [this] { update(); });
    }
    std::function<void(int row)> onJump;

protected:
    void paintEvent(QPaintEvent *) override
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
    void mousePressEvent(QMouseEvent *event) override
    {
        if (onJump && !m_kinds.isEmpty())
            onJump(
                qBound(0, int(event->position().y() / height() * m_kinds.size()), int(m_kinds.size()) - 1));
    }

private:
    QList<diff::RowKind> m_kinds;
    QPointer<QScrollBar> m_bar;
};

QString DiffSide::key() const
{
    if (isRegistry())
        return connectionId + u'|' + subject + u'|' + QString::number(version);
    return u"text|"_s + label + u'|' + QString::number(qHash(text), 16);
}

QString DiffView::tabKey(const DiffSide &left, const DiffSide &right)
{
    return u"diff:"_s + left.key() + u" <> "_s + right.key();
}

DiffView::DiffView(items::RegistryWorkspace *workspace, const DiffSide &left, const DiffSide &right,
                   QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_left(left)
    , m_right(right)
    , m_watcher(new QFutureWatcher<diff::SchemaDiffResult>(this))
{
    setObjectName(u"diffView"_s);

    m_title = plainLabel(this);
    m_title->setObjectName(u"diffTitle"_s);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_normalization = new QComboBox(this);
    m_normalization->setObjectName(u"diffNormalization"_s);
    m_normalization->addItem(tr("As stored"), int(diff::Normalization::AsStored));
    m_normalization->addItem(tr("Pretty"), int(diff::Normalization::Pretty));
    m_normalization->addItem(tr("Canonical"), int(diff::Normalization::Canonical));
    m_normalization->setCurrentIndex(1); // registries store one-line JSON: pretty is what reads well
    m_normalization->setToolTip(
        tr("As stored: the text exactly as held.\nPretty: re-indented only.\nCanonical: only what "
           "matters for identity (Avro Parsing Canonical Form; JSON with sorted keys; Protobuf "
           "normalised)."));
    m_ignoreWhitespace = new QCheckBox(tr("Ignore &whitespace"), this);
    m_ignoreWhitespace->setObjectName(u"diffIgnoreWhitespace"_s);
    m_foldUnchanged = new QCheckBox(tr("Only &changes"), this);
    m_foldUnchanged->setObjectName(u"diffFoldUnchanged"_s);
    m_foldUnchanged->setToolTip(tr("Fold the unchanged lines between changes, keeping %n line(s) of context "
                                   "around each (on by itself for long schemas)",
                                   "", diff::DiffOptions{}.contextLines));

    auto makeButton = [this](const QString &name, const QString &text, const QString &tip) {
        auto *button = new QToolButton(this);
        button->setObjectName(name);
        button->setText(text);
        button->setToolTip(tip);
        button->setAutoRaise(true);
        return button;
    };
    QToolButton *previous = makeButton(u"diffPrevious"_s, tr("▲ Previous"), tr("Previous change (Shift+F7)"));
    QToolButton *next = makeButton(u"diffNext"_s, tr("▼ Next"), tr("Next change (F7)"));
    QToolButton *swap = makeButton(u"diffSwap"_s, tr("⇄ Swap"), tr("Swap the sides"));
    QToolButton *copyLeft = makeButton(u"diffCopyLeft"_s, tr("Copy left"), tr("Copy the left text as shown"));
    QToolButton *copyRight =
        makeButton(u"diffCopyRight"_s, tr("Copy right"), tr("Copy the right text as shown"));
    m_counts = plainLabel(this);
    m_counts->setObjectName(u"diffCounts"_s);
    // Long titles and counts are cut, not the window: the diff fits beside the tree on a 1024 px screen.
    for (QLabel *label : {m_title, m_counts})
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Compare:"), this));
    controls->addWidget(m_normalization);
    controls->addWidget(m_ignoreWhitespace);
    controls->addWidget(m_foldUnchanged);
    controls->addSpacing(12);
    controls->addWidget(previous);
    controls->addWidget(next);
    controls->addWidget(m_counts, 1);

    m_banner = plainLabel(this);
    m_banner->setObjectName(u"diffBanner"_s);
    m_banner->setWordWrap(true);
    m_banner->hide();

    m_leftHeader = plainLabel(this);
    m_leftHeader->setObjectName(u"diffLeftHeader"_s);
    m_rightHeader = plainLabel(this);
    m_rightHeader->setObjectName(u"diffRightHeader"_s);
    for (QLabel *header : {m_leftHeader, m_rightHeader}) {
        header->setTextInteractionFlags(Qt::TextSelectableByMouse);
        header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    m_leftEditor = new SchemaEditor(this);
    m_leftEditor->setObjectName(u"diffLeftEditor"_s);
    m_rightEditor = new SchemaEditor(this);
    m_rightEditor->setObjectName(u"diffRightEditor"_s);
    for (SchemaEditor *editor : {m_leftEditor, m_rightEditor}) {
        editor->setReadOnly(true);
        editor->setUndoRedoEnabled(false); // filled in chunks; nothing to undo
        editor->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    }
    m_leftGutter = new DiffGutter(m_leftEditor, &m_leftLineOfRow, &m_rowKinds);
    m_rightGutter = new DiffGutter(m_rightEditor, &m_rightLineOfRow, &m_rowKinds);
    // A screen reader hears what the colours and markers show.
    m_leftEditor->setAccessibleName(tr("Left schema (old)"));
    m_rightEditor->setAccessibleName(tr("Right schema (new)"));
    m_leftGutter->setObjectName(u"diffLeftGutter"_s);
    m_rightGutter->setObjectName(u"diffRightGutter"_s);
    m_leftGutter->setAccessibleName(tr("Left line numbers and change markers"));
    m_rightGutter->setAccessibleName(tr("Right line numbers and change markers"));
    for (QWidget *gutter : {m_leftGutter, m_rightGutter})
        gutter->setAccessibleDescription(
            tr("+ marks an added line, − a removed one, ~ a changed one; F7 and Shift+F7 move between "
               "changes"));
    setFocusProxy(m_rightEditor); // a new diff tab takes keys at once: F7 works without a click
    new FoldMarkers(m_leftEditor, &m_shownRows);
    new FoldMarkers(m_rightEditor, &m_shownRows);
    m_leftEditor->viewport()->installEventFilter(this);
    m_rightEditor->viewport()->installEventFilter(this);

    // One scroll position for both sides (rows are aligned, so both have the same number of blocks).
    auto sync = [](QScrollBar *from, QScrollBar *to) {
        connect(from, &QScrollBar::valueChanged, to, &QScrollBar::setValue);
    };
    sync(m_leftEditor->verticalScrollBar(), m_rightEditor->verticalScrollBar());
    sync(m_rightEditor->verticalScrollBar(), m_leftEditor->verticalScrollBar());
    sync(m_leftEditor->horizontalScrollBar(), m_rightEditor->horizontalScrollBar());
    sync(m_rightEditor->horizontalScrollBar(), m_leftEditor->horizontalScrollBar());
    m_rightEditor->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_leftEditor->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_overview = new DiffOverview(this);
    m_overview->setAccessibleName(tr("Overview of the changes"));
    m_overview->setAccessibleDescription(
        tr("Where the changes are in the whole schema; a click scrolls there. The counts next to Next "
           "and Previous say how many there are."));
    m_overview->setScrollBar(m_rightEditor->verticalScrollBar());
    m_overview->onJump = [this](int row) {
        const QTextBlock block = m_rightEditor->document()->findBlockByNumber(row);
        m_rightEditor->verticalScrollBar()->setValue(
            qMax(0, block.firstLineNumber() - m_rightEditor->height() / (2 * fontMetrics().height())));
    };

    auto *sides = new QWidget(this);
    auto *sidesLayout = new QGridLayout(sides);
    sidesLayout->setContentsMargins(0, 0, 0, 0);
    sidesLayout->setHorizontalSpacing(4);
    sidesLayout->addWidget(m_leftHeader, 0, 0);
    sidesLayout->addWidget(m_rightHeader, 0, 1);
    sidesLayout->addWidget(m_leftEditor, 1, 0);
    sidesLayout->addWidget(m_rightEditor, 1, 1);
    sidesLayout->addWidget(m_overview, 1, 2);
    sidesLayout->setColumnStretch(0, 1);
    sidesLayout->setColumnStretch(1, 1);

    auto *semanticPanel = new QWidget(this);
    semanticPanel->setObjectName(u"diffSemanticPanel"_s);
    auto *semanticLayout = new QVBoxLayout(semanticPanel);
    semanticLayout->setContentsMargins(0, 0, 0, 0);
    m_semanticHeader = plainLabel(semanticPanel);
    m_semanticHeader->setObjectName(u"diffSemanticHeader"_s);
    m_semanticHeader->setWordWrap(true);
    m_semantic = new QTreeWidget(semanticPanel);
    m_semantic->setObjectName(u"diffSemantic"_s);
    m_semantic->setHeaderLabels({tr("Change"), tr("Field"), tr("Before → after"), tr("Verdict")});
    m_semantic->setRootIsDecorated(false);
    m_semantic->setAlternatingRowColors(true);
    m_semantic->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    semanticLayout->addWidget(new QLabel(tr("<b>What changed for readers</b>"), semanticPanel));
    semanticLayout->addWidget(m_semanticHeader);
    semanticLayout->addWidget(m_semantic, 1);

    // The summary sits under the editors, full width: its before → after column needs the room.
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(sides);
    splitter->addWidget(semanticPanel);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(true);

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(swap);
    titleRow->addWidget(copyLeft);
    titleRow->addWidget(copyRight);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addLayout(controls);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);

    auto *nextAction = new QAction(tr("Next change"), this);
    nextAction->setObjectName(u"actionNextChange"_s);
    nextAction->setShortcut(QKeySequence(Qt::Key_F7));
    nextAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(nextAction, &QAction::triggered, this, &DiffView::nextChange);
    addAction(nextAction);
    auto *previousAction = new QAction(tr("Previous change"), this);
    previousAction->setObjectName(u"actionPreviousChange"_s);
    previousAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F7));
    previousAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(previousAction, &QAction::triggered, this, &DiffView::previousChange);
    addAction(previousAction);

    connect(next, &QToolButton::clicked, this, &DiffView::nextChange);
    connect(previous, &QToolButton::clicked, this, &DiffView::previousChange);
    connect(swap, &QToolButton::clicked, this, &DiffView::swapSides);
    connect(copyLeft, &QToolButton::clicked, this, [this] { copySide(true); });
    connect(copyRight, &QToolButton::clicked, this, [this] { copySide(false); });
    connect(m_normalization, &QComboBox::currentIndexChanged, this, [this] { recompute(); });
    connect(m_ignoreWhitespace, &QCheckBox::toggled, this, [this] { recompute(); });
    connect(m_foldUnchanged, &QCheckBox::toggled, this, [this] {
        m_foldDecided = true;
        if (m_ready)
            present();
    });
    connect(m_watcher, &QFutureWatcher<diff::SchemaDiffResult>::finished, this, [this] {
        const QFuture<diff::SchemaDiffResult> future = m_watcher->future();
        if (future.isCanceled() || future.resultCount() == 0)
            return; // superseded by a newer request
        m_result = future.result();
        if (m_result.cancelled)
            return;
        present();
    });

    reload();
}

DiffView::~DiffView()
{
    m_watcher->future().cancel();
}

QString DiffView::title() const
{
    auto name = [](const DiffSide &side, const Loaded &loaded) {
        if (!side.isRegistry())
            return side.label.isEmpty() ? tr("text") : side.label;
        const int version = loaded.version > 0 ? loaded.version : side.version;
        return side.subject + (version > 0 ? u" v"_s + QString::number(version) : tr(" latest"));
    };
    return tr("diff: %1 ↔ %2").arg(name(m_left, m_leftLoaded), name(m_right, m_rightLoaded));
}

void DiffView::reload()
{
    ++m_loadSerial;
    m_ready = false;
    m_error.clear();
    m_leftDone = m_rightDone = false;
    m_banner->hide();
    m_counts->setText(tr("Loading…"));
    if (m_left.isRegistry() && m_left.version == DiffSide::previousVersion) {
        resolvePreviousThenLoad();
        return;
    }
    loadSide(true);
    loadSide(false);
}

// "Compare with previous": the version listed before the right side's (versions may have gaps).
void DiffView::resolvePreviousThenLoad()
{
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_left.connectionId) : nullptr;
    if (!client) {
        sideFailed(tr("The connection is closed."));
        return;
    }
    const quint64 serial = m_loadSerial;
    // "Latest" means the latest live version, as the registry's /versions/latest does; a version named
    // explicitly may be soft-deleted, and so may the one before it.
    const bool withDeleted = m_right.version > 0;
    auto *job = client->listVersions(
        m_left.subject, withDeleted, false, this, [this, serial](const registry::Result<QList<int>> &result) {
            if (serial != m_loadSerial)
                return;
            if (!result) {
                sideFailed(result.error.toDisplayString());
                return;
            }
            QList<int> versions = result.value;
            std::sort(versions.begin(), versions.end());
            const int target =
                m_right.version > 0 ? m_right.version : (versions.isEmpty() ? 0 : versions.last());
            const auto it = std::lower_bound(versions.cbegin(), versions.cend(), target);
            if (it == versions.cbegin()) {
                sideFailed(tr("%1 v%2 is the first version: there is nothing before it to compare with.")
                               .arg(m_left.subject)
                               .arg(target));
                return;
            }
            m_left.version = *(it - 1);
            if (m_right.version <= 0)
                m_right.version = target;
            loadSide(true);
            loadSide(false);
        });
    Q_UNUSED(job);
}

void DiffView::loadSide(bool leftSide)
{
    const DiffSide &side = leftSide ? m_left : m_right;
    if (!side.isRegistry()) {
        Loaded loaded;
        loaded.text = side.text;
        loaded.schemaType = side.schemaType.isEmpty() ? guessType(side.text) : side.schemaType;
        loaded.label = side.label;
        sideLoaded(leftSide, loaded);
        return;
    }
    registry::RegistryClient *client = m_workspace ? m_workspace->client(side.connectionId) : nullptr;
    if (!client) {
        sideFailed(tr("The connection of %1 is closed.").arg(side.subject));
        return;
    }
    const quint64 serial = m_loadSerial;
    const QString version = side.version > 0 ? QString::number(side.version) : u"latest"_s;
    const auto *connection = m_workspace->connection(side.connectionId);
    const QString connectionName = connection ? connection->profile.name : side.connectionId;
    client->getVersion(
        side.subject, version, true, this,
        [this, serial, leftSide, connectionName](const registry::Result<registry::SchemaVersion> &r) {
            if (serial != m_loadSerial)
                return;
            if (!r) {
                sideFailed(r.error.toDisplayString());
                return;
            }
            Loaded loaded;
            loaded.text = r.value.schema;
            loaded.schemaType = r.value.schemaType.isEmpty() ? u"AVRO"_s : r.value.schemaType;
            loaded.version = r.value.version;
            loaded.label =
                tr("%1 · %2 v%3 · id %4%5")
                    .arg(connectionName,
                         r.value.subject.isEmpty() ? (leftSide ? m_left : m_right).subject : r.value.subject)
                    .arg(r.value.version)
                    .arg(r.value.id)
                    .arg(r.value.deleted ? tr(" (soft-deleted)") : QString());
            if (r.value.references.isEmpty()) {
                sideLoaded(leftSide, loaded);
                return;
            }
            // Named types from references are resolved as the schema view links them, so the semantic
            // summary and the canonical forms know them.
            const QString subject = r.value.subject.isEmpty() ? (leftSide ? m_left : m_right).subject
                                                              : r.value.subject;
            items::resolveReferenceClosure(
                m_workspace ? m_workspace->client((leftSide ? m_left : m_right).connectionId) : nullptr,
                subject, r.value.references, this,
                [this, serial, leftSide, loaded](const QList<schema::ResolvedReference> &resolved,
                                                 const QString &) mutable {
                    if (serial != m_loadSerial)
                        return;
                    loaded.references = resolved;
                    sideLoaded(leftSide, loaded);
                });
        });
}

void DiffView::sideLoaded(bool leftSide, const Loaded &loaded)
{
    (leftSide ? m_leftLoaded : m_rightLoaded) = loaded;
    (leftSide ? m_leftDone : m_rightDone) = true;
    (leftSide ? m_leftHeader : m_rightHeader)->setText(loaded.label);
    (leftSide ? m_leftHeader : m_rightHeader)->setToolTip(plainToolTip(loaded.label));
    if (!m_leftDone || !m_rightDone)
        return;
    m_leftText = m_leftLoaded.text;
    m_rightText = m_rightLoaded.text;
    m_title->setText(title());
    recompute();
}

void DiffView::sideFailed(const QString &message)
{
    m_error = message;
    m_banner->setText(tr("Cannot compare: %1").arg(message));
    m_banner->show();
    m_counts->setText(QString());
    m_title->setText(title());
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

schema::CompatibilityLevel DiffView::levelOfSubject() const
{
    const DiffSide &side = m_right.isRegistry() ? m_right : m_left;
    if (m_workspace && side.isRegistry()) {
        const QModelIndex index = m_workspace->tree()->subjectIndex(side.connectionId, side.subject);
        const QString level = index.data(items::RegistryTreeModel::EffectiveCompatibilityRole).toString();
        if (const auto parsed = schema::compatibilityLevelFromName(level))
            return *parsed;
    }
    return schema::CompatibilityLevel::Backward;
}

void DiffView::recompute()
{
    if (!m_leftDone || !m_rightDone)
        return;
    m_ready = false;
    ++m_diffSerial;
    diff::SchemaDiffRequest request;
    request.left = m_leftLoaded.text;
    request.right = m_rightLoaded.text;
    request.type = typeOf(m_leftLoaded.schemaType);
    request.leftReferences = m_leftLoaded.references;
    request.rightReferences = m_rightLoaded.references;
    request.normalization = normalization();
    request.options.whitespace =
        m_ignoreWhitespace->isChecked() ? diff::WhitespaceMode::IgnoreAll : diff::WhitespaceMode::Exact;
    const schema::SchemaType rightType = typeOf(m_rightLoaded.schemaType);
    request.semantic = request.type == rightType && request.type != schema::SchemaType::Protobuf;
    request.level = levelOfSubject();
    if (request.type != rightType && request.normalization != diff::Normalization::AsStored) {
        // Two kinds of schema: normalise each as itself by diffing the normalised texts directly.
        request.normalization = diff::Normalization::AsStored;
        request.left =
            diff::SchemaNormalizer::normalize(request.type, m_leftLoaded.text, normalization()).text;
        request.right =
            diff::SchemaNormalizer::normalize(rightType, m_rightLoaded.text, normalization()).text;
    }
    m_counts->setText(tr("Comparing…"));
    // The newest request wins: the older one is cancelled and its result dropped.
    m_watcher->future().cancel();
    m_watcher->setFuture(diff::runSchemaDiffAsync(request));
}

void DiffView::present()
{
    const diff::DiffResult &d = m_result.diff;
    const bool protobuf = m_leftLoaded.schemaType == u"PROTOBUF";
    for (SchemaEditor *editor : {m_leftEditor, m_rightEditor})
        editor->setLanguage(protobuf ? SchemaEditor::Language::Protobuf : SchemaEditor::Language::Json);

    // Long schemas open folded to their changes; the reader can unfold.
    if (!m_foldDecided && !d.blocks.isEmpty()) {
        m_foldDecided = true;
        if (d.rows.size() > foldRowsFrom) {
            const QSignalBlocker blocker(m_foldUnchanged);
            m_foldUnchanged->setChecked(true);
        }
    }
    buildShownRows();
    auto fill = std::make_shared<Fill>();
    fill->serial = ++m_fillSerial;
    m_ready = false;
    QStringList &leftRows = fill->leftRows;
    QStringList &rightRows = fill->rightRows;
    leftRows.reserve(m_shownRows.size());
    rightRows.reserve(m_shownRows.size());
    m_leftLineOfRow.clear();
    m_rightLineOfRow.clear();
    QList<diff::RowKind> &kinds = m_rowKinds;
    kinds.clear();
    for (const int shown : std::as_const(m_shownRows)) {
        if (shown < 0) {
            leftRows << QString(); // painted by FoldMarkers
            rightRows << QString();
            m_leftLineOfRow << -1;
            m_rightLineOfRow << -1;
            kinds << diff::RowKind::Equal;
            continue;
        }
        const diff::DiffRow &row = d.rows[shown];
        leftRows << (row.leftLine >= 0 ? d.leftLine(row.leftLine).toString() : QString());
        rightRows << (row.rightLine >= 0 ? d.rightLine(row.rightLine).toString() : QString());
        m_leftLineOfRow << row.leftLine;
        m_rightLineOfRow << row.rightLine;
        kinds << row.kind;
    }
    fill->scroll = m_rightEditor->verticalScrollBar()->value();
    const int largestLine = qMax(d.leftLineCount(), d.rightLineCount());
    m_leftEditor->setLargestLineNumber(largestLine);
    m_rightEditor->setLargestLineNumber(largestLine);
    // Long texts go in by chunks from the event loop: highlighting and layout of 50k lines at once
    // would freeze the window for a second.
    fill->next = int(qMin(leftRows.size(), qsizetype(rowsPerChunk)));
    m_leftEditor->setPlainText(QStringList(leftRows.mid(0, fill->next)).join(u'\n'));
    m_rightEditor->setPlainText(QStringList(rightRows.mid(0, fill->next)).join(u'\n'));
    hideFoldedRows(0, fill->next);
    if (fill->next < leftRows.size()) {
        m_counts->setText(tr("Showing… %1 of %2 rows").arg(fill->next).arg(leftRows.size()));
        QTimer::singleShot(0, this, [this, fill] { appendRows(fill); });
        return;
    }
    finishPresent(fill->scroll);
}

void DiffView::appendRows(const std::shared_ptr<Fill> &fill)
{
    if (fill->serial != m_fillSerial)
        return; // a newer presentation took over
    const int total = int(fill->leftRows.size());
    const int end = qMin(total, fill->next + rowsPerChunk);
    const int count = end - fill->next;
    for (SchemaEditor *editor : {m_leftEditor, m_rightEditor}) {
        const QStringList &rows = editor == m_leftEditor ? fill->leftRows : fill->rightRows;
        QTextCursor cursor(editor->document());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(u'\n' + QStringList(rows.mid(fill->next, count)).join(u'\n'));
    }
    hideFoldedRows(fill->next, end);
    fill->next = end;
    if (end < total) {
        m_counts->setText(tr("Showing… %1 of %2 rows").arg(end).arg(total));
        QTimer::singleShot(0, this, [this, fill] { appendRows(fill); });
        return;
    }
    finishPresent(fill->scroll);
}

bool DiffView::unfoldAt(int editorRow)
{
    const auto fold = std::ranges::find_if(
        m_hiddenRows, [editorRow](const std::pair<int, int> &run) { return run.first == editorRow + 1; });
    if (m_shownRows.value(editorRow, 0) >= 0 || fold == m_hiddenRows.end())
        return false;
    const int count = fold->second;
    m_hiddenRows.erase(fold); // rows still to come from a chunked fill stay visible too
    // The first unfolded row takes the marker's place on screen.
    QScrollBar *bar = m_rightEditor->verticalScrollBar();
    const QTextBlock marker = m_rightEditor->document()->findBlockByNumber(editorRow);
    const int offset = marker.firstLineNumber() - bar->value();
    for (SchemaEditor *editor : {m_leftEditor, m_rightEditor}) {
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
    const QTextBlock first = m_rightEditor->document()->findBlockByNumber(editorRow + 1);
    bar->setValue(qMax(0, first.firstLineNumber() - offset));
    m_leftEditor->viewport()->update();
    m_rightEditor->viewport()->update();
    return true;
}

bool DiffView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        for (SchemaEditor *editor : {m_leftEditor, m_rightEditor}) {
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
    for (const auto &[first, count] : std::as_const(m_hiddenRows)) {
        const int begin = qMax(first, from);
        const int end = qMin(first + count, to);
        if (begin >= end)
            continue;
        for (SchemaEditor *editor : {m_leftEditor, m_rightEditor}) {
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

void DiffView::finishPresent(int scroll)
{
    const diff::DiffResult &d = m_result.diff;
    m_rightEditor->verticalScrollBar()->setValue(scroll);
    m_overview->setRows(m_rowKinds);
    applyMarks();

    QStringList notes;
    if (!m_result.leftError.isEmpty())
        notes << tr("Left side shown as stored: %1").arg(m_result.leftError);
    if (!m_result.rightError.isEmpty())
        notes << tr("Right side shown as stored: %1").arg(m_result.rightError);
    if (typeOf(m_leftLoaded.schemaType) != typeOf(m_rightLoaded.schemaType))
        notes << tr("The sides are different kinds of schema (%1 and %2).")
                     .arg(m_leftLoaded.schemaType, m_rightLoaded.schemaType);
    if (d.stats.identical() && m_left.isRegistry() && m_right.isRegistry() &&
        m_left.subject != m_right.subject) {
        // The mirror question: the same schema under another (context-qualified) name.
        if (m_leftText == m_rightText)
            notes << tr("✔ The same schema, byte for byte: only the subject's name differs (%1 and %2).")
                         .arg(m_left.subject, m_right.subject);
        else
            notes << tr("✔ The same schema (%1): only the subject's name and the formatting differ (%2 and "
                        "%3).")
                         .arg(diff::normalizationName(normalization()), m_left.subject, m_right.subject);
    }
    m_banner->setText(notes.join(u'\n'));
    m_banner->setVisible(!notes.isEmpty());

    // The semantic summary.
    m_semantic->clear();
    const QString levelName = schema::compatibilityLevelName(levelOfSubject());
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

    m_currentBlock = -1;
    // Open on the first change (a few rows of context above it), as a reader would scroll to it.
    if (!d.blocks.isEmpty() && !std::exchange(m_openedOnFirstChange, true))
        scrollToRow(shownRowOf(d.blocks.first().firstRow));
    updateCounts();
    m_title->setText(title());
    m_ready = true;
    Q_EMIT ready();
}

void DiffView::applyMarks()
{
    const diff::DiffResult &d = m_result.diff;
    const DiffColours colours = DiffColours::forPalette(m_rightEditor->viewport()->palette());
    m_leftMarks.clear();
    m_rightMarks.clear();
    for (int i = 0; i < m_shownRows.size(); ++i) {
        if (m_shownRows[i] < 0) {
            m_leftMarks << SchemaEditor::LineMark{i, colours.padding};
            m_rightMarks << SchemaEditor::LineMark{i, colours.padding};
            continue;
        }
        const diff::DiffRow &row = d.rows[m_shownRows[i]];
        switch (row.kind) {
        case diff::RowKind::Equal:
            break;
        case diff::RowKind::Changed:
            m_leftMarks << SchemaEditor::LineMark{i, colours.changed};
            m_rightMarks << SchemaEditor::LineMark{i, colours.changed};
            break;
        case diff::RowKind::Added:
            m_leftMarks << SchemaEditor::LineMark{i, colours.padding};
            m_rightMarks << SchemaEditor::LineMark{i, colours.added};
            break;
        case diff::RowKind::Removed:
            m_leftMarks << SchemaEditor::LineMark{i, colours.removed};
            m_rightMarks << SchemaEditor::LineMark{i, colours.padding};
            break;
        }
    }
    m_leftEditor->setLineMarks(m_leftMarks);
    m_rightEditor->setLineMarks(m_rightMarks);

    // Intraline: the changed characters of changed rows, on top of the row colour.
    auto addInline = [this, &d](SchemaEditor *editor, bool left, const QColor &colour) {
        QList<QTextEdit::ExtraSelection> selections = editor->extraSelections();
        QTextDocument *document = editor->document();
        for (int i = 0; i < m_shownRows.size(); ++i) {
            if (m_shownRows[i] < 0)
                continue;
            const diff::DiffRow &row = d.rows[m_shownRows[i]];
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
    addInline(m_leftEditor, true, colours.removedInline);
    addInline(m_rightEditor, false, colours.addedInline);
    m_leftGutter->update();
    m_rightGutter->update();
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
    for (SchemaEditor *editor : {m_rightEditor, m_leftEditor}) {
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
    std::swap(m_left, m_right);
    std::swap(m_leftLoaded, m_rightLoaded);
    std::swap(m_leftDone, m_rightDone);
    std::swap(m_leftText, m_rightText);
    m_leftHeader->setText(m_leftLoaded.label);
    m_rightHeader->setText(m_rightLoaded.label);
    m_title->setText(title());
    recompute();
}

void DiffView::buildShownRows()
{
    const diff::DiffResult &d = m_result.diff;
    m_shownRows.clear();
    m_shownRowOfRow.clear();
    m_hiddenRows.clear();
    const int rowCount = int(d.rows.size());
    if (!m_foldUnchanged->isChecked() || d.hunks.isEmpty()) {
        m_shownRows.reserve(rowCount);
        for (int row = 0; row < rowCount; ++row)
            m_shownRows << row;
        return;
    }
    // Every row stays in the document (the highlighter needs the whole schema); each gap between
    // hunks gets an empty marker row (minus the rows it hides) followed by its rows, hidden.
    m_shownRowOfRow.fill(-1, rowCount);
    m_shownRows.reserve(rowCount + d.hunks.size() + 1);
    int next = 0;
    auto fold = [this](int first, int end) {
        m_shownRows << -(end - first);
        m_hiddenRows.append({int(m_shownRows.size()), end - first});
        for (int row = first; row < end; ++row) {
            m_shownRowOfRow[row] = int(m_shownRows.size());
            m_shownRows << row;
        }
    };
    for (const diff::DiffHunk &hunk : d.hunks) {
        if (hunk.firstRow > next)
            fold(next, hunk.firstRow);
        for (int row = hunk.firstRow; row < hunk.firstRow + hunk.rowCount; ++row) {
            m_shownRowOfRow[row] = int(m_shownRows.size());
            m_shownRows << row;
        }
        next = hunk.firstRow + hunk.rowCount;
    }
    if (next < rowCount)
        fold(next, rowCount);
}

void DiffView::scrollToRow(int row)
{
    // Scroll positions count visible lines: folded rows take none. A few rows of context above.
    const QTextBlock block = m_rightEditor->document()->findBlockByNumber(row);
    m_rightEditor->verticalScrollBar()->setValue(qMax(0, block.firstLineNumber() - 3));
}

int DiffView::shownRowOf(int row) const
{
    return m_shownRowOfRow.isEmpty() ? row : qMax(0, m_shownRowOfRow.value(row, 0));
}

void DiffView::copySide(bool leftSide)
{
    const QString &text = leftSide ? m_result.diff.left : m_result.diff.right;
    QApplication::clipboard()->setText(text);
}

} // namespace sd::ui
