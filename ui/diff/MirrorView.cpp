#include "MirrorView.h"

#include "diff/LoadedSnapshot.h"
#include "diff/SchemaFolder.h"
#include "DiffFeature.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/BulkLoader.h"
#include "registry/RegistryClient.h"
#include "ui/Dialogs.h"
#include "ui/MainWindow.h"
#include "ui/PlainText.h"
#include "ui/Theme.h"

#include <QAbstractTableModel>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QtConcurrentRun>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

namespace {

QString statusText(diff::MirrorStatus status)
{
    switch (status) {
    case diff::MirrorStatus::OnlyInA:
        return QObject::tr("only in A");
    case diff::MirrorStatus::OnlyInB:
        return QObject::tr("only in B");
    case diff::MirrorStatus::Differing:
        return QObject::tr("differing");
    case diff::MirrorStatus::Identical:
        return QObject::tr("identical");
    }
    return {};
}

constexpr int ContextRole = Qt::UserRole + 3;

QString contextLabel(const diff::MirrorContextTally &tally)
{
    const QString name = tally.contextName() == u"." ? QObject::tr("default context") : tally.contextName();
    return tally.onlyOnB() ? QObject::tr("%1 (only on B)").arg(name) : name;
}

// The comparator's snapshot of a registry, part one (GUI thread): its label and the context-level
// settings the tree has loaded.
diff::RegistrySnapshot contextSettingsSnapshot(const registry::RegistrySnapshot &loaded, const QString &label,
                                               const items::RegistryTreeModel *tree,
                                               const QString &connectionId)
{
    diff::RegistrySnapshot snapshot;
    snapshot.label = label;
    for (int c = 0; c < loaded.contextCount(); ++c) {
        const QString context = loaded.context(c).name;
        const items::ScopeSettings settings =
            tree->scopeSettings(connectionId, context == u"." ? QString() : u':' + context + u':');
        if (!settings.compatibility.isEmpty())
            snapshot.contextCompatibility.insert(context, settings.compatibility);
        if (!settings.mode.isEmpty())
            snapshot.contextMode.insert(context, settings.mode);
    }
    return snapshot;
}

} // namespace

class MirrorResultModel : public QAbstractTableModel
{
public:
    enum Column {
        StatusColumn,
        SubjectAColumn,
        SubjectBColumn,
        DifferencesColumn,
        DetailsColumn,
        ColumnCount
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setReport(const diff::MirrorReport *report)
    {
        beginResetModel();
        m_report = report;
        endResetModel();
    }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() || !m_report ? 0 : int(m_report->entries.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : ColumnCount;
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!m_report || !index.isValid())
            return {};
        const diff::MirrorEntry &entry = m_report->entries.at(index.row());
        if (role == MirrorView::EntryIndexRole)
            return index.row();
        if (role == Qt::UserRole + 2)
            return int(entry.status);
        if (role == ContextRole)
            return diff::mirrorContextOf(entry);
        if (role == Qt::DisplayRole) {
            switch (index.column()) {
            case StatusColumn:
                return statusText(entry.status);
            case SubjectAColumn:
                return entry.status == diff::MirrorStatus::OnlyInB ? u"—"_s : entry.subjectA;
            case SubjectBColumn:
                return entry.status == diff::MirrorStatus::OnlyInA
                           ? QObject::tr("(expected %1)").arg(entry.subjectB)
                           : entry.subjectB;
            case DifferencesColumn:
                return diff::mirrorDifferenceNames(entry.differences).join(u", "_s);
            case DetailsColumn:
                return entry.details.value(0);
            }
        }
        if (role == Qt::ToolTipRole)
            return plainToolTip(entry.details.join(u'\n'));
        if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
            const bool dark = isDarkPalette(QPalette());
            switch (entry.status) {
            case diff::MirrorStatus::OnlyInA:
            case diff::MirrorStatus::Differing:
                return QColor(QRgb(dark ? 0xef9a9a : 0xc62828));
            case diff::MirrorStatus::OnlyInB:
                return QColor(QRgb(dark ? 0xffcc80 : 0xb25e00));
            case diff::MirrorStatus::Identical:
                return QColor(QRgb(dark ? 0xa5d6a7 : 0x2e7d32));
            }
        }
        return {};
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        switch (section) {
        case StatusColumn:
            return QObject::tr("Status");
        case SubjectAColumn:
            return QObject::tr("Subject on A");
        case SubjectBColumn:
            return QObject::tr("Subject on B");
        case DifferencesColumn:
            return QObject::tr("Differs in");
        case DetailsColumn:
            return QObject::tr("Details");
        }
        return {};
    }

private:
    const diff::MirrorReport *m_report = nullptr;
};

class MirrorFilterModel : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setContext(const QString &context)
    {
        m_context = context;
        invalidateRowsFilter();
    }
    void setStatus(int status)
    {
        m_status = status;
        invalidateRowsFilter();
    }
    void setText(const QString &text)
    {
        m_text = text.trimmed();
        invalidateRowsFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QModelIndex index = sourceModel()->index(row, 0, parent);
        if (!m_context.isEmpty() && index.data(ContextRole).toString() != m_context)
            return false;
        if (m_status >= 0 && index.data(Qt::UserRole + 2).toInt() != m_status)
            return false;
        if (m_status == -2 && index.data(Qt::UserRole + 2).toInt() == int(diff::MirrorStatus::Identical))
            return false;
        if (m_text.isEmpty())
            return true;
        for (int column : {MirrorResultModel::SubjectAColumn, MirrorResultModel::SubjectBColumn}) {
            if (sourceModel()
                    ->index(row, column, parent)
                    .data()
                    .toString()
                    .contains(m_text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }

private:
    int m_status = -1; // -1 all, -2 all but identical, else one status
    QString m_text;
    QString m_context; // a diff::mirrorContextOf(); empty = every context
};

QString MirrorView::tabKey(const QString &connectionA, const QString &connectionB)
{
    return u"mirror:"_s + connectionA + u'|' + connectionB;
}

MirrorView::MirrorView(MainWindow &window, QWidget *parent)
    : QWidget(parent)
    , m_window(window)
    , m_watcher(new QFutureWatcher<diff::MirrorReport>(this))
{
    setObjectName(u"mirrorView"_s);
    items::RegistryWorkspace *workspace = window.workspace();

    auto connectionCombo = [this, workspace](const QString &name) {
        auto *combo = new QComboBox(this);
        combo->setObjectName(name);
        for (const QString &id : workspace->connectionIds()) {
            const auto *connection = workspace->connection(id);
            combo->addItem(connection ? connection->profile.name : id, id);
        }
        return combo;
    };
    m_connectionA = connectionCombo(u"mirrorConnectionA"_s);
    m_connectionB = connectionCombo(u"mirrorConnectionB"_s);
    m_connectionB->addItem(tr("A folder of schema files…"), folderChoice());
    m_folder = new QLineEdit(this);
    m_folder->setObjectName(u"mirrorFolder"_s);
    m_folder->setPlaceholderText(tr("a checkout of the schema repository, or an export"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    browse->setObjectName(u"mirrorFolderBrowse"_s);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen =
            QFileDialog::getExistingDirectory(this, tr("Folder of schema files"), m_folder->text());
        if (!chosen.isEmpty())
            m_folder->setText(chosen);
    });
    auto *folderRow = new QWidget(this);
    auto *folderLayout = new QHBoxLayout(folderRow);
    folderLayout->setContentsMargins(0, 0, 0, 0);
    folderLayout->addWidget(m_folder, 1);
    folderLayout->addWidget(browse);
    m_subjects = new QLineEdit(u"*"_s, this);
    m_subjects->setObjectName(u"mirrorSubjects"_s);
    m_subjects->setToolTip(
        tr("Which subjects of A: * (all), names, a context (:.ctx:*) or a prefix (orders-*), "
           "separated by commas — as an exporter's \"subjects\""));
    m_contextType = new QComboBox(this);
    m_contextType->setObjectName(u"mirrorContextType"_s);
    m_contextType->addItem(tr("NONE — names kept as on A"), int(diff::ContextType::None));
    m_contextType->addItem(tr("CUSTOM — under a context on B"), int(diff::ContextType::Custom));
    m_contextType->addItem(tr("AUTO — under the context B assigned"), int(diff::ContextType::Auto));
    m_context = new QLineEdit(this);
    m_context->setObjectName(u"mirrorContext"_s);
    m_context->setPlaceholderText(tr("e.g. source (CUSTOM) or .lsrc-abc123 (AUTO)"));
    m_renameFormat = new QLineEdit(u"${subject}"_s, this);
    m_renameFormat->setObjectName(u"mirrorRenameFormat"_s);
    m_compareIds = new QCheckBox(tr("Schema &ids must match"), this);
    m_compareIds->setObjectName(u"mirrorCompareIds"_s);
    m_compareIds->setChecked(true);
    m_compareSettings = new QCheckBox(tr("Compatibility and &mode must match"), this);
    m_compareSettings->setObjectName(u"mirrorCompareSettings"_s);
    m_compareSettings->setChecked(true);
    m_canonical = new QCheckBox(tr("Equal when only &formatting differs"), this);
    m_canonical->setObjectName(u"mirrorCanonical"_s);
    m_canonical->setToolTip(tr("Parses every schema and compares their normalised forms: key order, "
                               "whitespace and formatting do not count."));
    m_includeDeleted = new QCheckBox(tr("Soft-deleted versions count too"), this);
    m_includeDeleted->setObjectName(u"mirrorIncludeDeleted"_s);
    m_includeDeleted->setToolTip(
        tr("Off: only live versions are compared; subjects deleted as a whole are left "
           "out on both sides."));
    m_includeDeleted->setChecked(true);

    auto *sideA = new QGroupBox(tr("Registry A (source)"), this);
    auto *formA = new QFormLayout(sideA);
    formA->addRow(tr("Connection:"), m_connectionA);
    formA->addRow(tr("Subjects:"), m_subjects);
    auto *sideB = new QGroupBox(tr("Registry B (mirror)"), this);
    auto *formB = new QFormLayout(sideB);
    formB->addRow(tr("Connection:"), m_connectionB);
    formB->addRow(tr("Folder:"), folderRow);
    formB->addRow(tr("Context type:"), m_contextType);
    formB->addRow(tr("Context:"), m_context);
    formB->addRow(tr("Rename format:"), m_renameFormat);
    // A folder holds one file per subject under its own name: no exporter rule, no ids, no settings.
    auto showFolderRows = [this, formB, folderRow] {
        const bool folder = comparesFolder();
        formB->setRowVisible(folderRow, folder);
        for (QWidget *w : std::initializer_list<QWidget *>{m_contextType, m_context, m_renameFormat})
            formB->setRowVisible(w, !folder);
        m_compareIds->setVisible(!folder);
        m_compareSettings->setVisible(!folder);
        m_includeDeleted->setVisible(!folder);
    };
    connect(m_connectionB, &QComboBox::currentIndexChanged, this, showFolderRows);
    showFolderRows();
    auto *options = new QGroupBox(tr("Compare"), this);
    auto *optionsLayout = new QVBoxLayout(options);
    optionsLayout->addWidget(m_compareIds);
    optionsLayout->addWidget(m_compareSettings);
    optionsLayout->addWidget(m_canonical);
    optionsLayout->addWidget(m_includeDeleted);
    optionsLayout->addStretch(1);
    // Combo boxes as wide as their longest entry would make the tab, and so the window, wide.
    for (QComboBox *combo : {m_connectionA, m_connectionB, m_contextType}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
    }
    auto *setup = new QHBoxLayout;
    setup->addWidget(sideA, 2);
    setup->addWidget(sideB, 3);
    setup->addWidget(options, 2);

    m_run = new QPushButton(tr("&Verify"), this);
    m_run->setObjectName(u"mirrorRun"_s);
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(u"mirrorCancel"_s);
    m_cancel->setEnabled(false);
    m_exportJson = new QPushButton(tr("Export &JSON…"), this);
    m_exportJson->setObjectName(u"mirrorExportJson"_s);
    m_exportMarkdown = new QPushButton(tr("Export Mar&kdown…"), this);
    m_exportMarkdown->setObjectName(u"mirrorExportMarkdown"_s);
    m_exportJson->setEnabled(false);
    m_exportMarkdown->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"mirrorProgress"_s);
    m_progress->setVisible(false);
    m_status = plainLabel(this);
    m_status->setObjectName(u"mirrorStatus"_s);
    m_status->setWordWrap(true); // long texts must not widen the tab (and squeeze the registry tree)
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_run);
    actions->addWidget(m_cancel);
    actions->addWidget(m_progress, 1);
    actions->addWidget(m_status, 2);
    actions->addWidget(m_exportJson);
    actions->addWidget(m_exportMarkdown);

    m_counts = new QLabel(this);
    m_counts->setObjectName(u"mirrorCounts"_s);
    m_counts->setTextFormat(Qt::RichText);
    m_counts->setWordWrap(true);
    m_contexts = plainLabel(this);
    m_contexts->setObjectName(u"mirrorContexts"_s);
    m_contexts->setWordWrap(true);
    m_contexts->hide();

    m_statusFilter = new QComboBox(this);
    m_statusFilter->setObjectName(u"mirrorStatusFilter"_s);
    m_statusFilter->addItem(tr("All subjects"), -1);
    m_statusFilter->addItem(tr("Everything not identical"), -2);
    m_statusFilter->addItem(tr("Only in A"), int(diff::MirrorStatus::OnlyInA));
    m_statusFilter->addItem(tr("Only in B"), int(diff::MirrorStatus::OnlyInB));
    m_statusFilter->addItem(tr("Differing"), int(diff::MirrorStatus::Differing));
    m_statusFilter->addItem(tr("Identical"), int(diff::MirrorStatus::Identical));
    m_textFilter = new QLineEdit(this);
    m_textFilter->setObjectName(u"mirrorTextFilter"_s);
    m_textFilter->setPlaceholderText(tr("Filter subjects…"));
    m_textFilter->setClearButtonEnabled(true);
    m_contextFilter = new QComboBox(this);
    m_contextFilter->setObjectName(u"mirrorContextFilter"_s);
    m_contextFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_contextFilter->setMinimumContentsLength(16);
    m_contextFilter->setToolTip(tr("One context of A: its subjects and how each is on B"));
    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Show:"), this));
    filters->addWidget(m_statusFilter);
    filters->addWidget(m_contextFilter);
    filters->addWidget(m_textFilter, 1);

    m_model = new MirrorResultModel(this);
    m_filter = new MirrorFilterModel(this);
    m_filter->setSourceModel(m_model);
    m_view = new QTreeView(this);
    m_view->setObjectName(u"mirrorResults"_s);
    m_view->setModel(m_filter);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder);
    m_view->header()->setStretchLastSection(true);
    m_details = new QLabel(this);
    m_details->setObjectName(u"mirrorDetails"_s);
    m_details->setTextFormat(Qt::RichText); // subject names and details escaped
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setText(tr("Double-click a subject to compare its two sides."));

    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<b>Mirror verification</b> — is B an exact copy of A?"), this);
    layout->addWidget(title);
    layout->addLayout(setup);
    layout->addLayout(actions);
    layout->addWidget(m_counts);
    layout->addWidget(m_contexts);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_details);

    connect(m_run, &QPushButton::clicked, this, &MirrorView::start);
    connect(m_cancel, &QPushButton::clicked, this, &MirrorView::cancel);
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportWithDialog(false); });
    connect(m_exportMarkdown, &QPushButton::clicked, this, [this] { exportWithDialog(true); });
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setStatus(m_statusFilter->currentData().toInt()); });
    connect(m_textFilter, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_filter->setText(text); });
    connect(m_contextFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setContext(m_contextFilter->currentData().toString()); });
    connect(m_view, &QTreeView::doubleClicked, this,
            [this](const QModelIndex &index) { openEntry(index.data(EntryIndexRole).toInt()); });
    connect(m_view, &QTreeView::activated, this,
            [this](const QModelIndex &index) { openEntry(index.data(EntryIndexRole).toInt()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid() || !m_hasReport)
                    return;
                const diff::MirrorEntry &entry = m_report.entries.at(current.data(EntryIndexRole).toInt());
                QStringList lines{u"<b>%1</b> — %2"_s.arg(
                    (entry.subjectA.isEmpty() ? entry.subjectB : entry.subjectA).toHtmlEscaped(),
                    statusText(entry.status))};
                for (const QString &detail : entry.details)
                    lines << u"• "_s + detail.toHtmlEscaped();
                m_details->setText(lines.join(u"<br>"_s));
            });
    connect(m_contextType, &QComboBox::currentIndexChanged, this, [this] {
        m_context->setEnabled(m_contextType->currentData().toInt() != int(diff::ContextType::None));
    });
    m_context->setEnabled(false);
    connect(m_watcher, &QFutureWatcher<diff::MirrorReport>::progressValueChanged, this, [this](int value) {
        m_progress->setRange(m_watcher->progressMinimum(), m_watcher->progressMaximum());
        m_progress->setValue(value);
    });
    connect(m_watcher, &QFutureWatcher<diff::MirrorReport>::finished, this, [this] {
        const QFuture<diff::MirrorReport> future = m_watcher->future();
        if (!m_running)
            return;
        if (future.isCanceled() || future.resultCount() == 0) {
            setRunning(false);
            m_status->setText(tr("Cancelled."));
            Q_EMIT finished();
            return;
        }
        m_report = m_watcher->future().takeResult(); // 100k entries: moved, not copied
        setRunning(false);
        showReport();
        Q_EMIT finished();
    });

    if (m_connectionB->count() > 1)
        m_connectionB->setCurrentIndex(1);
}

MirrorView::~MirrorView()
{
    m_watcher->future().cancel();
    m_watcher->waitForFinished();
}

QString MirrorView::folderChoice()
{
    return u"folder:"_s;
}

bool MirrorView::comparesFolder() const
{
    return m_connectionB->currentData().toString() == folderChoice();
}

void MirrorView::setFolderB(const QString &directory)
{
    m_connectionB->setCurrentIndex(m_connectionB->findData(folderChoice()));
    m_folder->setText(directory);
}

void MirrorView::setConnections(const QString &connectionA, const QString &connectionB)
{
    if (const int a = m_connectionA->findData(connectionA); a >= 0)
        m_connectionA->setCurrentIndex(a);
    if (const int b = m_connectionB->findData(connectionB); b >= 0)
        m_connectionB->setCurrentIndex(b);
}

QString MirrorView::connectionA() const
{
    return m_connectionA->currentData().toString();
}

QString MirrorView::connectionB() const
{
    return m_connectionB->currentData().toString();
}

void MirrorView::setMapping(const diff::SubjectMapping &mapping)
{
    m_subjects->setText(mapping.subjects.join(u", "_s));
    m_contextType->setCurrentIndex(m_contextType->findData(int(mapping.contextType)));
    m_context->setText(mapping.contextType == diff::ContextType::Auto ? mapping.autoContext
                                                                      : mapping.context);
    m_renameFormat->setText(mapping.subjectRenameFormat);
}

diff::SubjectMapping MirrorView::mapping() const
{
    diff::SubjectMapping mapping;
    mapping.subjects.clear();
    for (const QString &part : m_subjects->text().split(u',', Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            mapping.subjects << part.trimmed();
    }
    if (mapping.subjects.isEmpty())
        mapping.subjects << u"*"_s;
    if (comparesFolder())
        return mapping; // a file is named after its subject
    mapping.contextType = diff::ContextType(m_contextType->currentData().toInt());
    if (mapping.contextType == diff::ContextType::Auto)
        mapping.autoContext = m_context->text().trimmed();
    else
        mapping.context = m_context->text().trimmed();
    mapping.subjectRenameFormat =
        m_renameFormat->text().trimmed().isEmpty() ? u"${subject}"_s : m_renameFormat->text().trimmed();
    return mapping;
}

QString MirrorView::labelOf(const QString &connectionId) const
{
    const auto *connection = m_window.workspace()->connection(connectionId);
    if (!connection)
        return connectionId;
    return connection->profile.urls.isEmpty()
               ? connection->profile.name
               : u"%1 (%2)"_s.arg(connection->profile.name, connection->profile.urls.first().toString());
}

void MirrorView::setRunning(bool running)
{
    m_running = running;
    m_run->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_progress->setVisible(running);
    for (QWidget *w : std::initializer_list<QWidget *>{m_connectionA, m_connectionB, m_subjects,
                                                       m_contextType, m_renameFormat, m_compareIds,
                                                       m_compareSettings, m_canonical, m_includeDeleted})
        w->setEnabled(!running);
    m_context->setEnabled(!running && m_contextType->currentData().toInt() != int(diff::ContextType::None));
    m_exportJson->setEnabled(!running && m_hasReport);
    m_exportMarkdown->setEnabled(!running && m_hasReport);
}

void MirrorView::start()
{
    if (m_running)
        return;
    m_error.clear();
    m_runA = connectionA();
    m_runB = connectionB();
    m_runFolder = comparesFolder() ? QDir(m_folder->text().trimmed()).absolutePath() : QString();
    items::RegistryWorkspace *workspace = m_window.workspace();
    registry::RegistryClient *clientA = workspace->client(m_runA);
    registry::RegistryClient *clientB = m_runFolder.isEmpty() ? workspace->client(m_runB) : nullptr;
    if (!m_runFolder.isEmpty() && (m_folder->text().trimmed().isEmpty() || !QDir(m_runFolder).exists())) {
        fail(tr("Choose an existing folder of schema files for B."));
        return;
    }
    if (!clientA || (!clientB && m_runFolder.isEmpty())) {
        fail(tr("Choose two open connections."));
        return;
    }
    if (m_runFolder.isEmpty() && m_contextType->currentData().toInt() != int(diff::ContextType::None) &&
        m_context->text().trimmed().isEmpty()) {
        fail(tr("Name the context on B (CUSTOM: the exporter's context; AUTO: the context B assigned)."));
        return;
    }
    if (const int tab = m_window.tabs()->indexOf(this); tab >= 0)
        m_window.tabs()->setTabText(
            tab, literalCaption(tr("mirror: %1 → %2")
                                    .arg(labelOf(m_runA), m_runFolder.isEmpty()
                                                              ? labelOf(m_runB)
                                                              : QDir(m_runFolder).dirName() + u'/')));
    ++m_runSerial;
    m_requests = 0;
    m_runTimer.start();
    m_loadedA = m_loadedB = {0, 0};
    setRunning(true);
    m_progress->setRange(0, 0);
    m_status->setText(tr("Loading both registries…"));
    delete m_loaderA;
    delete m_loaderB;
    m_loaderA = new registry::BulkLoader(clientA, this);
    m_loaderB =
        clientB ? new registry::BulkLoader(clientB, this) : nullptr; // a folder is read when comparing
    for (registry::BulkLoader *loader : {m_loaderA.data(), m_loaderB.data()}) {
        if (!loader)
            continue;
        connect(loader, &registry::BulkLoader::finished, this, &MirrorView::loaderFinished);
        const bool isA = loader == m_loaderA;
        connect(loader, &registry::BulkLoader::progress, this, [this, isA](qint64 done, qint64 total) {
            (isA ? m_loadedA : m_loadedB) = {done, total};
            m_status->setText(tr("Loading: A %1 of %2 versions · B %3 of %4 versions")
                                  .arg(m_loadedA.first)
                                  .arg(m_loadedA.second)
                                  .arg(m_loadedB.first)
                                  .arg(m_loadedB.second));
        });
        loader->start();
    }
}

void MirrorView::loaderFinished()
{
    const bool folder = !m_runFolder.isEmpty();
    if (!m_running || !m_loaderA || (!folder && !m_loaderB) || m_loaderA->isRunning() ||
        (m_loaderB && m_loaderB->isRunning()))
        return;
    m_requests = m_loaderA->requestCount() + (m_loaderB ? m_loaderB->requestCount() : 0);
    m_loadMs = m_runTimer.elapsed();
    for (registry::BulkLoader *loader : {m_loaderA.data(), m_loaderB.data()}) {
        if (!loader)
            continue;
        if (loader->error().isError() || !loader->snapshot()) {
            if (loader->error().kind == registry::ErrorKind::Aborted) {
                setRunning(false);
                m_status->setText(tr("Cancelled."));
                Q_EMIT finished();
                return;
            }
            fail(tr("Loading %1 failed: %2")
                     .arg(labelOf(loader == m_loaderA ? m_runA : m_runB), loader->error().toDisplayString()));
            return;
        }
    }
    compareLoaded();
}

void MirrorView::compareLoaded()
{
    const items::RegistryTreeModel *tree = m_window.workspace()->tree();
    const registry::SnapshotPtr loadedA = m_loaderA->snapshot();
    const registry::SnapshotPtr loadedB = m_loaderB ? m_loaderB->snapshot() : nullptr;
    const QString folder = m_runFolder;
    diff::RegistrySnapshot a = contextSettingsSnapshot(*loadedA, labelOf(m_runA), tree, m_runA);
    diff::RegistrySnapshot b = loadedB ? contextSettingsSnapshot(*loadedB, labelOf(m_runB), tree, m_runB)
                                       : diff::RegistrySnapshot{folder, {}, {}, {}};
    diff::MirrorOptions options;
    options.compareIds = m_compareIds->isChecked();
    options.compareConfig = m_compareSettings->isChecked();
    options.compareMode = m_compareSettings->isChecked();
    options.includeDeleted = m_includeDeleted->isChecked();
    options.fingerprint =
        m_canonical->isChecked() ? diff::FingerprintMode::Canonical : diff::FingerprintMode::SchemaText;
    if (!folder.isEmpty()) {
        // Files hold each subject's latest schema as someone formatted it, with no id or settings.
        options.latestOnly = true;
        options.includeDeleted = false;
        options.compareIds = options.compareConfig = options.compareMode = false;
        if (!m_canonical->isChecked())
            options.fingerprint = diff::FingerprintMode::Formatting;
    }
    m_status->setText(folder.isEmpty() ? tr("Comparing (%n request(s) to load both)…", "", m_requests)
                                       : tr("Reading the folder and comparing…"));
    // The worker holds the loaded snapshots as long as it needs them; the view keeps only the report
    // (two registries of 300k versions are gigabytes of schema text).
    m_loaderA->deleteLater();
    if (m_loaderB)
        m_loaderB->deleteLater();
    auto folderFiles = std::make_shared<diff::schemafolder::LoadResult>();
    m_folderFiles = folderFiles;
    // Converting, reading the folder and comparing all run off the GUI thread.
    m_watcher->setFuture(QtConcurrent::run([a = std::move(a), b = std::move(b), loadedA, loadedB, folder,
                                            folderFiles, rule = mapping(),
                                            options](QPromise<diff::MirrorReport> &promise) mutable {
        diff::RegistrySnapshot loaded = diff::snapshotFromLoaded(loadedA, a.label);
        a.subjects = std::move(loaded.subjects);
        a.texts = std::move(loaded.texts);
        if (promise.isCanceled())
            return;
        if (loadedB) {
            diff::RegistrySnapshot loaded = diff::snapshotFromLoaded(loadedB, b.label);
            b.subjects = std::move(loaded.subjects);
            b.texts = std::move(loaded.texts);
        } else {
            *folderFiles = diff::schemafolder::load(folder, folder);
            b.subjects = folderFiles->snapshot.subjects;
        }
        const qint64 total = a.subjects.size() + b.subjects.size();
        promise.setProgressRange(0, int(qMin<qint64>(total, INT_MAX)));
        diff::MirrorReport report = diff::MirrorComparator::compare(
            a, b, rule, options, [&promise] { return promise.isCanceled(); },
            [&promise](qint64 done, qint64) { promise.setProgressValue(int(qMin<qint64>(done, INT_MAX))); });
        if (!report.cancelled)
            promise.addResult(std::move(report));
    }));
}

void MirrorView::cancel()
{
    if (!m_running)
        return;
    if (m_loaderA && m_loaderA->isRunning())
        m_loaderA->cancel();
    if (m_loaderB && m_loaderB->isRunning())
        m_loaderB->cancel();
    if (m_watcher->isRunning())
        m_watcher->future().cancel();
}

void MirrorView::fail(const QString &message)
{
    m_error = message;
    setRunning(false);
    m_status->setText(message);
    Q_EMIT finished();
}

QString MirrorView::countsText() const
{
    return m_counts->text();
}

void MirrorView::showReport()
{
    m_hasReport = true;
    m_model->setReport(&m_report);
    m_exportJson->setEnabled(true);
    m_exportMarkdown->setEnabled(true);
    const diff::MirrorCounts &c = m_report.counts;
    const bool identical = c.differing == 0 && c.onlyInA == 0 && c.onlyInB == 0;
    m_counts->setText(
        tr("%1 <b>%2</b> · A: %3 subjects (%4 versions) · B: %5 subjects in scope (%6 versions)<br>"
           "<b>%7</b> identical · <b>%8</b> differing · <b>%9</b> only in A · <b>%10</b> only in B")
            .arg(identical ? u"✔"_s : u"✖"_s, identical ? tr("B mirrors A.") : tr("B differs from A."))
            .arg(c.subjectsA)
            .arg(c.versionsA)
            .arg(c.subjectsB)
            .arg(c.versionsB)
            .arg(c.identical)
            .arg(c.differing)
            .arg(c.onlyInA)
            .arg(c.onlyInB));
    QStringList contextNotes;
    for (const diff::MirrorContext &context : std::as_const(m_report.contexts)) {
        if (m_runFolder.isEmpty() && context.importModeMissingOnB())
            contextNotes << tr("%1 on B is in %2 mode, not IMPORT: an exporter cannot write there.")
                                .arg(context.contextB == u"." ? tr("The default context")
                                                              : tr("Context %1").arg(context.contextB),
                                     context.modeB.isEmpty() ? tr("its default") : context.modeB);
    }
    if (!m_runFolder.isEmpty() && m_folderFiles)
        contextNotes << m_folderFiles->errors.mid(0, 10); // unreadable files, a damaged manifest
    m_contexts->setText(contextNotes.join(u'\n'));
    m_contexts->setVisible(!contextNotes.isEmpty());
    m_status->setText(
        tr("Loaded both in %1 (%n request(s)) · compared in %2 ms.", "", m_requests)
            .arg(m_loadMs < 1000 ? tr("%1 ms").arg(m_loadMs) : tr("%1 s").arg(m_loadMs / 1000.0, 0, 'f', 1))
            .arg(qRound(m_report.elapsedMs)));
    // Per context: how many subjects, how many need attention.
    const QList<diff::MirrorContextTally> tallies = m_report.byContext();
    {
        const QSignalBlocker blocker(m_contextFilter);
        m_contextFilter->clear();
        m_contextFilter->addItem(tr("Every context"), QString());
        for (const diff::MirrorContextTally &tally : tallies) {
            m_contextFilter->addItem(
                tally.notIdentical() == 0
                    ? tr("%1 — %n subject(s), identical", "", tally.subjects()).arg(contextLabel(tally))
                    : tr("%1 — %2 of %n subject(s) not identical", "", tally.subjects())
                          .arg(contextLabel(tally))
                          .arg(tally.notIdentical()),
                tally.context);
        }
        m_contextFilter->setVisible(tallies.size() > 1);
        m_filter->setContext({});
    }
    // Show what needs attention first.
    m_statusFilter->setCurrentIndex(identical ? 0 : 1);
    m_filter->setStatus(m_statusFilter->currentData().toInt());
    for (int column = 0; column < MirrorResultModel::DetailsColumn; ++column)
        m_view->resizeColumnToContents(column);
}

QSortFilterProxyModel *MirrorView::rows() const
{
    return m_filter;
}

void MirrorView::setStatusFilter(int statusFilter)
{
    m_statusFilter->setCurrentIndex(qMax(0, m_statusFilter->findData(statusFilter)));
}

void MirrorView::setContextFilter(const QString &context)
{
    m_contextFilter->setCurrentIndex(qMax(0, m_contextFilter->findData(context)));
}

QStringList MirrorView::contextFilterItems() const
{
    QStringList items;
    for (int i = 0; i < m_contextFilter->count(); ++i)
        items << m_contextFilter->itemText(i);
    return items;
}

void MirrorView::setTextFilter(const QString &text)
{
    m_textFilter->setText(text);
}

void MirrorView::openEntry(int entryIndex)
{
    if (!m_hasReport || entryIndex < 0 || entryIndex >= m_report.entries.size())
        return;
    const diff::MirrorEntry &entry = m_report.entries.at(entryIndex);
    if (entry.status == diff::MirrorStatus::OnlyInA) {
        m_window.openSchema(m_runA, entry.subjectA);
        return;
    }
    if (!m_runFolder.isEmpty()) {
        const QString file = m_folderFiles ? m_folderFiles->filesBySubject.value(entry.subjectB) : QString();
        if (entry.status == diff::MirrorStatus::OnlyInB) {
            Dialogs::information(
                this, tr("Only in the folder"),
                tr("%1 is not on %2: nothing to compare it with.").arg(file, labelOf(m_runA)));
            return;
        }
        DiffSide registered;
        registered.connectionId = m_runA;
        registered.subject = entry.subjectA;
        openFileDiff(m_window, registered, file);
        return;
    }
    if (entry.status == diff::MirrorStatus::OnlyInB) {
        m_window.openSchema(m_runB, entry.subjectB);
        return;
    }
    DiffSide left;
    left.connectionId = m_runA;
    left.subject = entry.subjectA;
    DiffSide right;
    right.connectionId = m_runB;
    right.subject = entry.subjectB;
    if (!entry.schemaDiffersVersions.isEmpty())
        left.version = right.version = entry.schemaDiffersVersions.first();
    openDiff(m_window, left, right);
}

static bool writeFile(const QString &path, const QByteArray &bytes, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

bool MirrorView::exportJson(const QString &path, QString *error) const
{
    if (!m_hasReport) {
        if (error)
            *error = tr("There is no report yet.");
        return false;
    }
    return writeFile(path, QJsonDocument(m_report.toJson()).toJson(QJsonDocument::Indented), error);
}

bool MirrorView::exportMarkdown(const QString &path, QString *error) const
{
    if (!m_hasReport) {
        if (error)
            *error = tr("There is no report yet.");
        return false;
    }
    return writeFile(path, m_report.toMarkdown().toUtf8(), error);
}

void MirrorView::exportWithDialog(bool markdown)
{
    const QString path = QFileDialog::getSaveFileName(
        this, markdown ? tr("Export the report as Markdown") : tr("Export the report as JSON"),
        markdown ? u"mirror-report.md"_s : u"mirror-report.json"_s,
        markdown ? tr("Markdown (*.md)") : tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!(markdown ? exportMarkdown(path, &error) : exportJson(path, &error)))
        Dialogs::warning(this, tr("Report not exported"), tr("%1 could not be written: %2").arg(path, error));
    else
        m_status->setText(tr("Exported to %1").arg(path));
}

MirrorView *openMirrorVerification(MainWindow &window, const QString &sourceConnectionId,
                                   const QString &targetConnectionId, const diff::SubjectMapping &mapping,
                                   bool startNow)
{
    const QString key = MirrorView::tabKey(sourceConnectionId, targetConnectionId);
    for (int i = 0; i < window.tabs()->count(); ++i) {
        auto *open = qobject_cast<MirrorView *>(window.tabs()->widget(i));
        if (open && open->property("sdMirrorKey").toString() == key) {
            window.tabs()->setCurrentIndex(i);
            if (!open->isRunning()) {
                open->setMapping(mapping);
                if (startNow)
                    open->start();
            }
            return open;
        }
    }
    auto *view = new MirrorView(window);
    view->setProperty("sdMirrorKey", key);
    view->setConnections(sourceConnectionId, targetConnectionId);
    view->setMapping(mapping);
    window.openTab(key, view,
                   QObject::tr("mirror: %1 → %2")
                       .arg(view->findChild<QComboBox *>(u"mirrorConnectionA"_s)->currentText(),
                            view->findChild<QComboBox *>(u"mirrorConnectionB"_s)->currentText()));
    if (startNow && !sourceConnectionId.isEmpty() && !targetConnectionId.isEmpty())
        view->start();
    return view;
}

} // namespace sd::ui
