#include "CopyDialog.h"

#include "items/RegistryWorkspace.h"
#include "ui/CommonWidgets.h"
#include "ui/PlainText.h"
#include "ui/Shell.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

using transfer::ActionKind;
using Outcome = transfer::SubjectCopy::Outcome;

CopyDialog::CopyDialog(Shell &shell, const QString &sourceConnectionId, const QString &subjects,
                       QWidget *parent)
    : QDialog(parent)
    , m_shell(shell)
    , m_copy(*shell.workspace())
{
    setObjectName(u"copyDialog"_s);
    setWindowTitle(tr("Copy subjects"));
    resize(980, 640);
    setupForm();
    setupPlan();
    if (const int i = m_source->findData(sourceConnectionId); i >= 0)
        m_source->setCurrentIndex(i);
    for (int i = 0; i < m_destination->count(); ++i) {
        if (m_destination->itemData(i).toString() != sourceConnectionId) {
            m_destination->setCurrentIndex(i);
            break;
        }
    }
    m_subjects->setText(subjects.isEmpty() ? u"*"_s : subjects);
    connect(&m_copy, &transfer::SubjectCopy::loading, this, [this](qint64 done, qint64 total) {
        m_progress->setRange(0, int(qMin<qint64>(total, INT_MAX)));
        m_progress->setValue(int(qMin<qint64>(done, INT_MAX)));
        m_summary->setText(tr("Reading both registries… %1 versions").arg(done));
    });
    connect(&m_copy, &transfer::SubjectCopy::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_summary->setText(tr("Copying… %1 of %2 versions").arg(done).arg(total));
    });
    connect(&m_copy, &transfer::SubjectCopy::verifying, this,
            [this] { m_summary->setText(tr("Verifying the copy as a mirror…")); });
    connect(&m_copy, &transfer::SubjectCopy::finished, this, [this](Outcome outcome) {
        setBusy(false);
        if (outcome == Outcome::Planned)
            showPlan();
        else
            showResult(outcome);
    });
}

void CopyDialog::setupForm()
{
    auto *form = new QFormLayout;
    m_source = named<QComboBox>(u"copySource"_s, this);
    m_destination = named<QComboBox>(u"copyDestination"_s, this);
    for (const QString &id : m_shell.workspace()->connectionIds()) {
        m_source->addItem(connectionName(m_shell.workspace(), id), id);
        m_destination->addItem(connectionName(m_shell.workspace(), id), id);
    }
    m_subjects = named<QLineEdit>(u"copySubjects"_s, this);
    m_subjects->setToolTip(tr("* for every subject, :.ctx:* for a context, or names separated by commas"));
    m_context = named<QLineEdit>(u"copyContext"_s, this);
    m_context->setPlaceholderText(tr("empty: the same contexts as on the source"));
    form->addRow(tr("&From:"), m_source);
    form->addRow(tr("&Subjects:"), m_subjects);
    form->addRow(tr("&To:"), m_destination);
    form->addRow(tr("Into &context:"), m_context);
    m_keepIds = named<QCheckBox>(u"copyKeepIds"_s, tr("&Keep ids (IMPORT mode on the destination)"), this);
    m_keepIds->setChecked(true);
    m_newIds = named<QCheckBox>(u"copyNewIds"_s, tr("Copy with &new ids where ids cannot be kept"), this);
    m_deleted = named<QCheckBox>(u"copyDeleted"_s, tr("Include soft-&deleted versions"), this);
    m_settings = named<QCheckBox>(u"copySettings"_s, tr("Copy subject compatibility and &mode"), this);
    auto *options = new QVBoxLayout;
    for (QCheckBox *box : {m_keepIds, m_newIds, m_deleted, m_settings})
        options->addWidget(box);
    form->addRow(tr("Options:"), options);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
}

void CopyDialog::setupPlan()
{
    auto *layout = static_cast<QVBoxLayout *>(this->layout());
    m_summary = plainLabel(this);
    m_summary->setObjectName(u"copySummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Dry run lists what will be written; nothing is written before Copy."));
    layout->addWidget(m_summary);
    m_table = readOnlyTable(this, u"copyPlanTable"_s, {tr("Step"), tr("Subject"), tr("Detail")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);
    m_report = named<QPlainTextEdit>(u"copyReport"_s, this);
    m_report->setReadOnly(true);
    m_report->setMaximumHeight(140);
    m_report->hide();
    layout->addWidget(m_report);
    m_progress = named<QProgressBar>(u"copyProgress"_s, this);
    m_progress->hide();
    layout->addWidget(m_progress);
    auto *row = new QHBoxLayout;
    m_dryRun = addNamedButton(row, this, tr("D&ry run"), u"copyDryRun"_s);
    m_start = addNamedButton(row, this, tr("C&opy…"), u"copyStart"_s);
    m_cancel = addNamedButton(row, this, tr("C&ancel copy"), u"copyCancel"_s);
    row->addStretch(1);
    auto *close = addNamedButton(row, this, tr("C&lose"), u"copyClose"_s);
    layout->addLayout(row);
    m_start->setEnabled(false);
    m_cancel->setEnabled(false);
    connect(m_dryRun, &QPushButton::clicked, this, &CopyDialog::dryRun);
    connect(m_start, &QPushButton::clicked, this, &CopyDialog::startCopy);
    connect(m_cancel, &QPushButton::clicked, &m_copy, &transfer::SubjectCopy::cancel);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    // Any change of the request makes the shown plan stale.
    auto stale = [this] { m_start->setEnabled(false); };
    for (QComboBox *combo : {m_source, m_destination})
        connect(combo, &QComboBox::currentIndexChanged, this, stale);
    for (QLineEdit *edit : {m_subjects, m_context})
        connect(edit, &QLineEdit::textChanged, this, stale);
    for (QCheckBox *box : {m_keepIds, m_newIds, m_deleted, m_settings})
        connect(box, &QCheckBox::toggled, this, stale);
}

void CopyDialog::setDestination(const QString &connectionId, const QString &context)
{
    if (const int i = m_destination->findData(connectionId); i >= 0)
        m_destination->setCurrentIndex(i);
    m_context->setText(context);
}

transfer::CopyRequest CopyDialog::request() const
{
    transfer::CopyRequest r;
    r.source = m_source->currentData().toString();
    r.destination = m_destination->currentData().toString();
    QStringList subjects;
    for (const QString &part : m_subjects->text().split(u',', Qt::SkipEmptyParts))
        subjects << part.trimmed();
    r.mapping.subjects = subjects.isEmpty() ? QStringList{u"*"_s} : subjects;
    const QString context = m_context->text().trimmed();
    if (!context.isEmpty()) {
        r.mapping.contextType = diff::ContextType::Custom;
        r.mapping.context = context;
    }
    r.options.keepIds = m_keepIds->isChecked();
    r.options.newIdsIfNeeded = m_newIds->isChecked();
    r.options.includeDeleted = m_deleted->isChecked();
    r.options.copySettings = m_settings->isChecked();
    return r;
}

void CopyDialog::setBusy(bool busy)
{
    m_dryRun->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    if (busy)
        m_start->setEnabled(false);
    m_progress->setVisible(busy || m_copying);
    if (busy)
        m_progress->setRange(0, 0);
}

void CopyDialog::dryRun()
{
    m_copying = false;
    m_report->hide();
    m_table->setRowCount(0);
    setBusy(true);
    m_summary->setText(tr("Reading both registries…"));
    m_copy.plan(request());
}

void CopyDialog::showPlan()
{
    const transfer::CopyPlan &plan = m_copy.currentPlan();
    QStringList lines{plan.summary()};
    if (!plan.blocker.isEmpty())
        lines << tr("Cannot start: %1").arg(plan.blocker);
    lines << plan.notes;
    m_summary->setText(lines.join(u'\n'));
    const int rows = int(qMin<qsizetype>(plan.actions.size(), maxRowsShown));
    m_table->setUpdatesEnabled(false);
    m_table->setRowCount(rows);
    for (int i = 0; i < rows; ++i) {
        const transfer::CopyAction &a = plan.actions.at(i);
        const QStringList cells{transfer::actionKindName(a.kind), a.subject.isEmpty() ? a.target : a.subject,
                                a.describe()};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(i, c, new QTableWidgetItem(cells.at(c)));
    }
    m_table->resizeColumnsToContents();
    m_table->setUpdatesEnabled(true);
    if (plan.actions.size() > rows)
        m_summary->setText(m_summary->text() + u'\n' +
                           tr("The first %1 of %2 steps are listed.").arg(rows).arg(plan.actions.size()));
    m_start->setEnabled(plan.blocker.isEmpty() && !plan.nothingToDo());
}

QString CopyDialog::confirmationText() const
{
    const transfer::CopyPlan &plan = m_copy.currentPlan();
    QStringList changes;
    for (const transfer::CopyAction &a : plan.actions) {
        if (a.kind == ActionKind::EnterImport)
            changes << a.describe() + tr(", restored afterwards");
    }
    changes << tr("%1 versions written").arg(plan.count(ActionKind::Register));
    if (const int n = plan.count(ActionKind::SoftDelete))
        changes << tr("%1 versions soft-deleted").arg(n);
    if (const int n = plan.count(ActionKind::SetCompatibility) + plan.count(ActionKind::SetMode))
        changes << tr("%1 settings changed").arg(n);
    return tr("Copy to %1:\n• %2\n\n%3")
        .arg(connectionName(m_shell.workspace(), m_copy.request().destination), changes.join(u"\n• "_s),
             plan.idsKept ? tr("Ids are kept.") : tr("The destination assigns new ids."));
}

void CopyDialog::startCopy()
{
    registry::WriteConfirmation confirmation;
    const QString destination = m_copy.request().destination;
    if (!confirmChangeOn(this, m_shell.workspace(), destination, tr("Copy subjects"), confirmationText(),
                         tr("Copy"), connectionName(m_shell.workspace(), destination), &confirmation))
        return;
    m_copying = true;
    setBusy(true);
    m_copy.copy(confirmation);
}

void CopyDialog::showResult(Outcome outcome)
{
    const bool copied = m_copying;
    m_copying = false;
    m_progress->setVisible(copied);
    if (!copied) {
        m_summary->setText(outcome == Outcome::Cancelled ? tr("Cancelled.") : m_copy.errorText());
        return;
    }
    const transfer::CopyResult &result = m_copy.result();
    QString headline = outcome == Outcome::Copied      ? tr("Copied.")
                       : outcome == Outcome::Cancelled ? tr("Cancelled: the modes were put back.")
                                                       : m_copy.errorText();
    if (result.verified)
        headline += u' ' + tr("Verification: %1 identical, %2 differing, %3 missing on the destination.")
                               .arg(result.verification.identical)
                               .arg(result.verification.differing)
                               .arg(result.verification.onlyInA);
    m_summary->setText(headline);
    m_report->setPlainText(result.toMarkdown(m_copy.currentPlan()));
    m_report->show();
    m_start->setEnabled(false);
}

} // namespace sd::ui
