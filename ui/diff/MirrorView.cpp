#include "MirrorView.h"

#include "DiffFeature.h"
#include "items/RegistryWorkspace.h"
#include "ui/CommonWidgets.h"
#include "ui/Dialogs.h"
#include "ui/PlainText.h"
#include "ui/Shell.h"

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
#include <QPushButton>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

namespace {

QString contextLabel(const diff::MirrorContextTally &tally)
{
    const QString name = tally.contextName() == u"." ? QObject::tr("default context") : tally.contextName();
    return tally.onlyOnB() ? QObject::tr("%1 (only on B)").arg(name) : name;
}

} // namespace

QString MirrorView::tabKey(const QString &connectionA, const QString &connectionB)
{
    return u"mirror:"_s + connectionA + u'|' + connectionB;
}

MirrorView::MirrorView(Shell &shell, QWidget *parent)
    : QWidget(parent)
    , m_shell(shell)
    , m_run(new diff::MirrorRun(*shell.workspace(), this))
{
    setObjectName(u"mirrorView"_s);
    QHBoxLayout *setup = setupSides();
    QHBoxLayout *actions = setupActions();
    m_counts = named<QLabel>(u"mirrorCounts"_s, this);
    m_counts->setTextFormat(Qt::RichText);
    m_counts->setWordWrap(true);
    m_contexts = plainLabel(this);
    m_contexts->setObjectName(u"mirrorContexts"_s);
    m_contexts->setWordWrap(true);
    m_contexts->hide();
    QHBoxLayout *filters = setupFilters();
    setupResults();

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
    setupRun();

    if (m_connectionB->count() > 1)
        m_connectionB->setCurrentIndex(1);
}

MirrorView::~MirrorView() = default;

QCheckBox *MirrorView::makeCheckBox(const QString &name, const QString &text, bool checked,
                                    const QString &tip)
{
    auto *box = named<QCheckBox>(name, text, this);
    box->setChecked(checked);
    box->setToolTip(tip);
    return box;
}

QPushButton *MirrorView::makeButton(const QString &name, const QString &text, bool enabled)
{
    auto *button = named<QPushButton>(name, text, this);
    button->setEnabled(enabled);
    return button;
}

QWidget *MirrorView::setupFolderRow()
{
    m_folder = named<QLineEdit>(u"mirrorFolder"_s, this);
    m_folder->setPlaceholderText(tr("a checkout of the schema repository, or an export"));
    QPushButton *browse = makeButton(u"mirrorFolderBrowse"_s, tr("Browse…"));
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
    return folderRow;
}

QHBoxLayout *MirrorView::setupSides()
{
    items::RegistryWorkspace *workspace = m_shell.workspace();
    auto connectionCombo = [this, workspace](const QString &name) {
        auto *combo = named<QComboBox>(name, this);
        for (const QString &id : workspace->connectionIds()) {
            const auto *connection = workspace->connection(id);
            combo->addItem(connection ? connection->profile.name : id, id);
        }
        return combo;
    };
    m_connectionA = connectionCombo(u"mirrorConnectionA"_s);
    m_connectionB = connectionCombo(u"mirrorConnectionB"_s);
    m_connectionB->addItem(tr("A folder of schema files…"), folderChoice());
    QWidget *folderRow = setupFolderRow();
    m_subjects = named<QLineEdit>(u"mirrorSubjects"_s, u"*"_s, this);
    m_subjects->setToolTip(
        tr("Which subjects of A: * (all), names, a context (:.ctx:*) or a prefix (orders-*), "
           "separated by commas — as an exporter's \"subjects\""));
    m_contextType = choiceBox(this, u"mirrorContextType"_s,
                              {{tr("NONE — names kept as on A"), int(diff::ContextType::None)},
                               {tr("CUSTOM — under a context on B"), int(diff::ContextType::Custom)},
                               {tr("AUTO — under the context B assigned"), int(diff::ContextType::Auto)}});
    m_context = named<QLineEdit>(u"mirrorContext"_s, this);
    m_context->setPlaceholderText(tr("e.g. source (CUSTOM) or .lsrc-abc123 (AUTO)"));
    m_context->setEnabled(false);
    connect(m_contextType, &QComboBox::currentIndexChanged, this, [this] {
        m_context->setEnabled(m_contextType->currentData().toInt() != int(diff::ContextType::None));
    });
    m_renameFormat = named<QLineEdit>(u"mirrorRenameFormat"_s, u"${subject}"_s, this);

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
    QGroupBox *options = setupOptions();
    // A folder holds one file per subject under its own name: no exporter rule, no ids, no settings.
    auto showFolderRows = [this, formB, folderRow] {
        const bool folder = comparesFolder();
        formB->setRowVisible(folderRow, folder);
        for (QWidget *w : std::initializer_list<QWidget *>{m_contextType, m_context, m_renameFormat})
            formB->setRowVisible(w, !folder);
        for (QWidget *w : std::initializer_list<QWidget *>{m_compareIds, m_compareSettings, m_includeDeleted})
            w->setVisible(!folder);
    };
    connect(m_connectionB, &QComboBox::currentIndexChanged, this, showFolderRows);
    showFolderRows();
    // Combo boxes as wide as their longest entry would make the tab, and so the shell, wide.
    for (QComboBox *combo : {m_connectionA, m_connectionB, m_contextType}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(10);
    }
    auto *setup = new QHBoxLayout;
    setup->addWidget(sideA, 2);
    setup->addWidget(sideB, 3);
    setup->addWidget(options, 2);
    return setup;
}

QGroupBox *MirrorView::setupOptions()
{
    m_compareIds = makeCheckBox(u"mirrorCompareIds"_s, tr("Schema &ids must match"), true);
    m_compareSettings =
        makeCheckBox(u"mirrorCompareSettings"_s, tr("Compatibility and &mode must match"), true);
    m_canonical = makeCheckBox(u"mirrorCanonical"_s, tr("Equal when only &formatting differs"), false,
                               tr("Parses every schema and compares their normalised forms: key order, "
                                  "whitespace and formatting do not count."));
    m_includeDeleted = makeCheckBox(u"mirrorIncludeDeleted"_s, tr("Soft-deleted versions count too"), true,
                                    tr("Off: only live versions are compared; subjects deleted as a whole "
                                       "are left out on both sides."));
    auto *options = new QGroupBox(tr("Compare"), this);
    auto *optionsLayout = new QVBoxLayout(options);
    for (QCheckBox *box : {m_compareIds, m_compareSettings, m_canonical, m_includeDeleted})
        optionsLayout->addWidget(box);
    optionsLayout->addStretch(1);
    return options;
}

QHBoxLayout *MirrorView::setupActions()
{
    m_runButton = makeButton(u"mirrorRun"_s, tr("&Verify"));
    m_runButton->setDefault(true);
    m_cancel = makeButton(u"mirrorCancel"_s, tr("Cancel"), false);
    m_exports = new ButtonRow(u"mirrorExports"_s, this);
    m_exports->setEnabled(false); // until there is a report
    QPushButton *exportJson = m_exports->addButton(tr("Export &JSON…"), u"mirrorExportJson"_s);
    QPushButton *exportMarkdown = m_exports->addButton(tr("Export Mar&kdown…"), u"mirrorExportMarkdown"_s);
    m_progress = named<QProgressBar>(u"mirrorProgress"_s, this);
    m_progress->setVisible(false);
    m_status = plainLabel(this);
    m_status->setObjectName(u"mirrorStatus"_s);
    m_status->setWordWrap(true); // long texts must not widen the tab (and squeeze the registry tree)
    connect(m_runButton, &QPushButton::clicked, this, &MirrorView::start);
    connect(m_cancel, &QPushButton::clicked, this, &MirrorView::cancel);
    connect(exportJson, &QPushButton::clicked, this, [this] { exportWithDialog(false); });
    connect(exportMarkdown, &QPushButton::clicked, this, [this] { exportWithDialog(true); });
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_runButton);
    actions->addWidget(m_cancel);
    actions->addWidget(m_progress, 1);
    actions->addWidget(m_status, 2);
    actions->addWidget(m_exports);
    return actions;
}

QHBoxLayout *MirrorView::setupFilters()
{
    m_statusFilter = choiceBox(this, u"mirrorStatusFilter"_s,
                               {{tr("All subjects"), diff::MirrorFilterModel::AllStatuses},
                                {tr("Everything not identical"), diff::MirrorFilterModel::NotIdentical},
                                {tr("Only in A"), int(diff::MirrorStatus::OnlyInA)},
                                {tr("Only in B"), int(diff::MirrorStatus::OnlyInB)},
                                {tr("Differing"), int(diff::MirrorStatus::Differing)},
                                {tr("Identical"), int(diff::MirrorStatus::Identical)}});
    m_textFilter = named<QLineEdit>(u"mirrorTextFilter"_s, this);
    m_textFilter->setPlaceholderText(tr("Filter subjects…"));
    m_textFilter->setClearButtonEnabled(true);
    m_contextFilter = named<QComboBox>(u"mirrorContextFilter"_s, this);
    m_contextFilter->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_contextFilter->setMinimumContentsLength(16);
    m_contextFilter->setToolTip(tr("One context of A: its subjects and how each is on B"));
    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Show:"), this));
    filters->addWidget(m_statusFilter);
    filters->addWidget(m_contextFilter);
    filters->addWidget(m_textFilter, 1);
    return filters;
}

void MirrorView::setupResults()
{
    m_model = new diff::MirrorResultModel(this);
    m_filter = new diff::MirrorFilterModel(this);
    m_filter->setSourceModel(m_model);
    m_view = named<QTreeView>(u"mirrorResults"_s, this);
    m_view->setModel(m_filter);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder);
    m_view->header()->setStretchLastSection(true);
    m_details = named<QLabel>(u"mirrorDetails"_s, this);
    m_details->setTextFormat(Qt::RichText); // subject names and details escaped
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setText(tr("Double-click a subject to compare its two sides."));

    connect(m_statusFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setStatus(m_statusFilter->currentData().toInt()); });
    connect(m_textFilter, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_filter->setText(text); });
    connect(m_contextFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setContext(m_contextFilter->currentData().toString()); });
    for (auto signal : {&QTreeView::doubleClicked, &QTreeView::activated})
        connect(m_view, signal, this,
                [this](const QModelIndex &index) { openEntry(index.data(EntryIndexRole).toInt()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MirrorView::showDetails);
}

void MirrorView::showDetails(const QModelIndex &current)
{
    if (!current.isValid() || !hasReport())
        return;
    const diff::MirrorEntry &entry = report().entries.at(current.data(EntryIndexRole).toInt());
    QStringList lines{
        u"<b>%1</b> — %2"_s.arg((entry.subjectA.isEmpty() ? entry.subjectB : entry.subjectA).toHtmlEscaped(),
                                diff::MirrorResultModel::statusText(entry.status))};
    for (const QString &detail : entry.details)
        lines << u"• "_s + detail.toHtmlEscaped();
    m_details->setText(lines.join(u"<br>"_s));
}

void MirrorView::setupRun()
{
    connect(m_run, &diff::MirrorRun::loading, this,
            [this](qint64 doneA, qint64 totalA, qint64 doneB, qint64 totalB) {
                m_status->setText(tr("Loading: A %1 of %2 versions · B %3 of %4 versions")
                                      .arg(doneA)
                                      .arg(totalA)
                                      .arg(doneB)
                                      .arg(totalB));
            });
    connect(m_run, &diff::MirrorRun::comparing, this, [this] {
        m_status->setText(m_run->folder().isEmpty()
                              ? tr("Comparing (%n request(s) to load both)…", "", m_run->requestCount())
                              : tr("Reading the folder and comparing…"));
    });
    connect(m_run, &diff::MirrorRun::progress, this, [this](int minimum, int maximum, int value) {
        m_progress->setRange(minimum, maximum);
        m_progress->setValue(value);
    });
    connect(m_run, &diff::MirrorRun::finished, this, [this](diff::MirrorRun::Outcome outcome) {
        if (!m_running)
            return;
        if (outcome == diff::MirrorRun::Outcome::Failed) {
            fail(m_run->errorText());
            return;
        }
        setRunning(false);
        if (outcome == diff::MirrorRun::Outcome::Report)
            showReport();
        else
            m_status->setText(tr("Cancelled."));
        Q_EMIT finished();
    });
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
    return m_run->labelOf(connectionId);
}

void MirrorView::setRunning(bool running)
{
    m_running = running;
    m_runButton->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_progress->setVisible(running);
    for (QWidget *w : std::initializer_list<QWidget *>{m_connectionA, m_connectionB, m_subjects,
                                                       m_contextType, m_renameFormat, m_compareIds,
                                                       m_compareSettings, m_canonical, m_includeDeleted})
        w->setEnabled(!running);
    m_context->setEnabled(!running && m_contextType->currentData().toInt() != int(diff::ContextType::None));
    m_exports->setEnabled(!running && hasReport());
}

diff::MirrorRunRequest MirrorView::runRequest() const
{
    diff::MirrorRunRequest request;
    request.connectionA = connectionA();
    request.connectionB = connectionB();
    request.compareFolder = comparesFolder();
    request.folder = m_folder->text();
    request.mapping = mapping();
    request.options.compareIds = m_compareIds->isChecked();
    request.options.compareConfig = m_compareSettings->isChecked();
    request.options.compareMode = m_compareSettings->isChecked();
    request.options.includeDeleted = m_includeDeleted->isChecked();
    request.options.fingerprint =
        m_canonical->isChecked() ? diff::FingerprintMode::Canonical : diff::FingerprintMode::SchemaText;
    return request;
}

void MirrorView::start()
{
    if (m_running)
        return;
    m_error.clear();
    const diff::MirrorRunRequest request = runRequest();
    if (const QString error = m_run->check(request); !error.isEmpty()) {
        fail(error);
        return;
    }
    setRunning(true);
    m_progress->setRange(0, 0);
    m_status->setText(tr("Loading both registries…"));
    m_run->start(request);
    m_shell.setTabTitle(this,
                        literalCaption(tr("mirror: %1 → %2")
                                           .arg(labelOf(request.connectionA),
                                                request.compareFolder ? QDir(m_run->folder()).dirName() + u'/'
                                                                      : labelOf(request.connectionB))));
}

void MirrorView::cancel()
{
    if (m_running)
        m_run->cancel();
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
    const diff::MirrorReport &report = m_run->report();
    const qint64 loadMs = m_run->loadMs();
    m_model->setReport(&report);
    m_exports->setEnabled(true);
    const diff::MirrorCounts &c = report.counts;
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
    for (const diff::MirrorContext &context : std::as_const(report.contexts)) {
        if (m_run->folder().isEmpty() && context.importModeMissingOnB())
            contextNotes << tr("%1 on B is in %2 mode, not IMPORT: an exporter cannot write there.")
                                .arg(context.contextB == u"." ? tr("The default context")
                                                              : tr("Context %1").arg(context.contextB),
                                     context.modeB.isEmpty() ? tr("its default") : context.modeB);
    }
    if (!m_run->folder().isEmpty() && m_run->folderFiles())
        contextNotes << m_run->folderFiles()->errors.mid(0, 10); // unreadable files, a damaged manifest
    m_contexts->setText(contextNotes.join(u'\n'));
    m_contexts->setVisible(!contextNotes.isEmpty());
    m_status->setText(
        tr("Loaded both in %1 (%n request(s)) · compared in %2 ms.", "", m_run->requestCount())
            .arg(loadMs < 1000 ? tr("%1 ms").arg(loadMs) : tr("%1 s").arg(loadMs / 1000.0, 0, 'f', 1))
            .arg(qRound(report.elapsedMs)));
    // Per context: how many subjects, how many need attention.
    const QList<diff::MirrorContextTally> tallies = report.byContext();
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
    for (int column = 0; column < diff::MirrorResultModel::DetailsColumn; ++column)
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
    if (!hasReport() || entryIndex < 0 || entryIndex >= report().entries.size())
        return;
    const diff::MirrorEntry &entry = report().entries.at(entryIndex);
    if (entry.status == diff::MirrorStatus::OnlyInA) {
        m_shell.openSchema(m_run->connectionA(), entry.subjectA);
        return;
    }
    if (!m_run->folder().isEmpty()) {
        const QString file =
            m_run->folderFiles() ? m_run->folderFiles()->filesBySubject.value(entry.subjectB) : QString();
        if (entry.status == diff::MirrorStatus::OnlyInB) {
            Dialogs::information(
                this, tr("Only in the folder"),
                tr("%1 is not on %2: nothing to compare it with.").arg(file, labelOf(m_run->connectionA())));
            return;
        }
        DiffSide registered;
        registered.connectionId = m_run->connectionA();
        registered.subject = entry.subjectA;
        openFileDiff(m_shell, registered, file);
        return;
    }
    if (entry.status == diff::MirrorStatus::OnlyInB) {
        m_shell.openSchema(m_run->connectionB(), entry.subjectB);
        return;
    }
    DiffSide left;
    left.connectionId = m_run->connectionA();
    left.subject = entry.subjectA;
    DiffSide right;
    right.connectionId = m_run->connectionB();
    right.subject = entry.subjectB;
    if (!entry.schemaDiffersVersions.isEmpty())
        left.version = right.version = entry.schemaDiffersVersions.first();
    openDiff(m_shell, left, right);
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
    if (!hasReport()) {
        if (error)
            *error = tr("There is no report yet.");
        return false;
    }
    return writeFile(path, QJsonDocument(report().toJson()).toJson(QJsonDocument::Indented), error);
}

bool MirrorView::exportMarkdown(const QString &path, QString *error) const
{
    if (!hasReport()) {
        if (error)
            *error = tr("There is no report yet.");
        return false;
    }
    return writeFile(path, report().toMarkdown().toUtf8(), error);
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

MirrorView *openMirrorVerification(Shell &shell, const QString &sourceConnectionId,
                                   const QString &targetConnectionId, const diff::SubjectMapping &mapping,
                                   bool startNow)
{
    const QString key = MirrorView::tabKey(sourceConnectionId, targetConnectionId);
    if (auto *open = shell.focusOpenTab<MirrorView>(
            [&key](MirrorView *view) { return view->property("sdMirrorKey").toString() == key; })) {
        if (!open->isRunning()) {
            open->setMapping(mapping);
            if (startNow)
                open->start();
        }
        return open;
    }
    auto *view = new MirrorView(shell);
    view->setProperty("sdMirrorKey", key);
    view->setConnections(sourceConnectionId, targetConnectionId);
    view->setMapping(mapping);
    shell.openTab(key, view,
                  QObject::tr("mirror: %1 → %2")
                      .arg(view->findChild<QComboBox *>(u"mirrorConnectionA"_s)->currentText(),
                           view->findChild<QComboBox *>(u"mirrorConnectionB"_s)->currentText()));
    if (startNow && !sourceConnectionId.isEmpty() && !targetConnectionId.isEmpty())
        view->start();
    return view;
}

} // namespace sd::ui
