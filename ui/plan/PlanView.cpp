#include "PlanView.h"

#include "items/RegistryWorkspace.h"
#include "plan/FolderPlanner.h"
#include "plan/PlanApply.h"
#include "plan/PlanModel.h"
#include "ui/CommonWidgets.h"
#include "ui/Dialogs.h"
#include "ui/Shell.h"

#include <QCheckBox>
#include <QClipboard>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

using plan::PlanAction;

PlanView::PlanView(Shell &shell, const QString &connectionId, QWidget *parent)
    : QWidget(parent)
    , m_shell(shell)
    , m_connectionId(connectionId)
    , m_model(new plan::PlanModel(this))
{
    setObjectName(u"planView"_s);
    registry::RegistryClient *client = shell.workspace() ? shell.workspace()->client(connectionId) : nullptr;
    m_planner = new plan::FolderPlanner(client, this);
    m_apply = new plan::PlanApply(client, this);
    setupControls();
    connect(m_planner, &plan::FolderPlanner::stepChanged, m_status, &QLabel::setText);
    connect(m_planner, &plan::FolderPlanner::finished, this, &PlanView::planFinished);
    connect(m_apply, &plan::PlanApply::actionStarted, this, [this](int index) {
        m_status->setText(tr("Applying %1 of %2: %3")
                              .arg(index + 1)
                              .arg(m_model->rowCount())
                              .arg(m_model->plan().actions.at(index).subject));
    });
    connect(m_apply, &plan::PlanApply::actionFinished, this,
            [this](int index) { m_model->updateAction(index, m_apply->plan().actions.at(index)); });
    connect(m_apply, &plan::PlanApply::finished, this, &PlanView::applyFinished);
    connect(m_model, &plan::PlanModel::selectionChanged, this, &PlanView::updateButtons);
    updateButtons();
}

void PlanView::setupControls()
{
    auto *layout = new QVBoxLayout(this);
    auto *folderRow = new QHBoxLayout;
    auto *folderLabel = new QLabel(tr("F&older:"), this);
    folderRow->addWidget(folderLabel);
    m_folder = named<QLineEdit>(u"planFolder"_s, this);
    folderLabel->setBuddy(m_folder);
    m_folder->setPlaceholderText(tr("A folder of .avsc, .proto and .json files (a Git checkout)"));
    folderRow->addWidget(m_folder, 1);
    QPushButton *choose = addNamedButton(folderRow, this, tr("Choose…"), u"planChooseFolder"_s);
    connect(choose, &QPushButton::clicked, this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Plan from the folder"), m_folder->text());
        if (!folder.isEmpty())
            setFolder(folder);
    });
    layout->addLayout(folderRow);

    auto *optionsRow = new QHBoxLayout;
    m_deleteMissing =
        named<QCheckBox>(u"planDeleteMissing"_s, tr("&Delete subjects the folder does not have"), this);
    m_deleteMissing->setToolTip(tr("Only in the contexts the folder has files for"));
    m_permanent = named<QCheckBox>(u"planPermanent"_s, tr("perma&nently (soft delete, then hard)"), this);
    m_permanent->setEnabled(false);
    connect(m_deleteMissing, &QCheckBox::toggled, m_permanent, &QCheckBox::setEnabled);
    optionsRow->addWidget(m_deleteMissing);
    optionsRow->addWidget(m_permanent);
    optionsRow->addStretch(1);
    m_planButton = addNamedButton(optionsRow, this, tr("&Plan"), u"planRun"_s);
    connect(m_planButton, &QPushButton::clicked, this, &PlanView::runPlan);
    layout->addLayout(optionsRow);

    m_table = named<QTableView>(u"planTable"_s, this);
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);

    auto *applyRow = new QHBoxLayout;
    m_status = addStatusLabel(applyRow, this, u"planStatus"_s);
    // For a review elsewhere (a pull request, a ticket): the plan with its verdicts and results.
    m_copyButton = addNamedButton(applyRow, this, tr("Copy as &Markdown"), u"planCopyMarkdown"_s);
    connect(m_copyButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_model->plan().toMarkdown()); });
    m_saveButton = addNamedButton(applyRow, this, tr("Save as &JSON…"), u"planSaveJson"_s);
    connect(m_saveButton, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Save the plan"), u"plan.json"_s, tr("JSON (*.json)"));
        if (!path.isEmpty())
            saveJson(path);
    });
    m_applyButton = addNamedButton(applyRow, this, tr("&Apply…"), u"planApply"_s);
    connect(m_applyButton, &QPushButton::clicked, this, &PlanView::apply);
    m_cancelButton = addNamedButton(applyRow, this, tr("&Cancel"), u"planCancel"_s);
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        m_planner->cancel();
        m_apply->cancel();
    });
    layout->addLayout(applyRow);
}

bool PlanView::saveJson(const QString &path)
{
    QSaveFile file(path);
    const QByteArray data = QJsonDocument(m_model->plan().toJson()).toJson(QJsonDocument::Indented);
    if (file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit())
        return true;
    Dialogs::warning(window(), tr("Save the plan"), tr("%1: %2").arg(path, file.errorString()));
    return false;
}

void PlanView::setFolder(const QString &folder)
{
    m_folder->setText(folder);
}

void PlanView::setDeleteMissing(bool deleteMissing, bool permanent)
{
    m_deleteMissing->setChecked(deleteMissing);
    m_permanent->setChecked(permanent);
}

bool PlanView::isBusy() const
{
    return m_planner->isRunning() || m_apply->isRunning();
}

void PlanView::runPlan()
{
    plan::FolderPlanRequest request;
    request.folder = m_folder->text();
    request.deleteMissing = m_deleteMissing->isChecked();
    request.permanentDelete = m_permanent->isChecked();
    m_model->setPlan({});
    m_planner->start(request);
    updateButtons();
}

void PlanView::planFinished(bool ok)
{
    if (!ok) {
        m_status->setText(m_planner->errorText());
        updateButtons();
        return;
    }
    const plan::FolderPlan &plan = m_planner->plan();
    m_model->setPlan(plan);
    m_table->resizeColumnsToContents();
    for (int column = 0; column < plan::PlanModel::ColumnCount; ++column) {
        if (m_table->columnWidth(column) > 320) // long server messages: the tooltip has them whole
            m_table->setColumnWidth(column, 320);
    }
    QString text =
        plan.isEmpty()
            ? tr("The registry already matches the folder (%n subject(s)).", nullptr, plan.unchanged)
            : tr("%n action(s); %1 subject(s) unchanged.", nullptr, int(plan.actions.size()))
                  .arg(plan.unchanged);
    if (!plan.warnings.isEmpty())
        text += u' ' + tr("Warnings: %1").arg(plan.warnings.join(u"; "_s));
    m_status->setText(text);
    updateButtons();
}

QString PlanView::confirmationText() const
{
    const QString registry = connectionName(m_shell.workspace(), m_connectionId);
    QStringList lines{
        tr("Apply %n action(s) to %1:", nullptr, m_model->plan().selectedCount()).arg(registry)};
    for (const PlanAction &action : m_model->plan().actions) {
        if (!action.selected)
            continue;
        switch (action.kind) {
        case PlanAction::Kind::SetCompatibility:
            lines << tr("• set the compatibility of %1 to %2").arg(action.subject, action.compatibility);
            break;
        case PlanAction::Kind::Register:
            lines << tr("• register a new version of %1 from %2").arg(action.subject, action.file);
            break;
        case PlanAction::Kind::Delete:
            lines << (action.permanent ? tr("• delete %1 permanently (every version)")
                                       : tr("• soft-delete %1 (every version)"))
                         .arg(action.subject);
            break;
        }
    }
    return lines.join(u'\n');
}

void PlanView::apply()
{
    if (m_model->plan().selectedCount() == 0)
        return;
    const auto *connection = m_shell.workspace() ? m_shell.workspace()->connection(m_connectionId) : nullptr;
    if (!connection)
        return;
    registry::WriteConfirmation confirmation;
    if (!confirmChangeOn(window(), m_shell.workspace(), m_connectionId, tr("Apply the plan"),
                         confirmationText(), tr("Apply"),
                         plan::PlanApply::confirmationText(connection->profile), &confirmation))
        return;
    m_apply->start(m_model->plan(), confirmation);
    updateButtons();
}

void PlanView::applyFinished(bool ok)
{
    const QString counts = tr("%1 ok, %2 refused, %3 skipped, %4 cancelled.")
                               .arg(m_apply->count(PlanAction::State::Ok))
                               .arg(m_apply->count(PlanAction::State::Refused))
                               .arg(m_apply->count(PlanAction::State::Skipped))
                               .arg(m_apply->count(PlanAction::State::Cancelled));
    m_status->setText(ok ? tr("Applied: %1").arg(counts) : tr("%1 %2").arg(m_apply->errorText(), counts));
    if (m_apply->count(PlanAction::State::Ok) > 0 && m_shell.workspace())
        m_shell.workspace()->load(m_connectionId); // the tree shows what was written
    updateButtons();
}

void PlanView::updateButtons()
{
    const bool busy = isBusy();
    const bool applied =
        std::any_of(m_model->plan().actions.cbegin(), m_model->plan().actions.cend(),
                    [](const PlanAction &a) { return a.state != PlanAction::State::Pending; });
    m_planButton->setEnabled(!busy);
    const auto *connection = m_shell.workspace() ? m_shell.workspace()->connection(m_connectionId) : nullptr;
    const bool readOnly = !connection || connection->profile.readOnly;
    m_applyButton->setEnabled(!busy && !applied && !readOnly && m_model->plan().selectedCount() > 0);
    m_applyButton->setToolTip(
        readOnly ? tr("This connection is read-only: a plan can be made and shared, not applied")
                 : tr("Confirm, then run the ticked actions in order"));
    m_cancelButton->setEnabled(busy);
    m_copyButton->setEnabled(!busy && !m_model->plan().actions.isEmpty());
    m_saveButton->setEnabled(!busy && !m_model->plan().actions.isEmpty());
}

} // namespace sd::ui
