#include "BulkView.h"

#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "modes/ModeRules.h"
#include "ModesUi.h"
#include "registry/RegistryClient.h"
#include "ui/CommonWidgets.h"
#include "ui/Dialogs.h"
#include "ui/PlainText.h"
#include "ui/Shell.h"
#include "ui/SubjectActions.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QTableWidget>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

using modes::BulkOutcome;
using modes::BulkRunner;
using Model = items::RegistryTreeModel;
using Status = BulkOutcome::Status;

BulkView::BulkView(Shell &shell, QWidget *parent)
    : QWidget(parent)
    , m_shell(shell)
    , m_bulk(new modes::BulkSettings(
          [&shell](const QString &id) { return shell.workspace()->client(id); },
          [&shell](const QString &id) { return SubjectActions::canWrite(shell.workspace(), id); }, this))
    , m_runner(m_bulk->runner())
{
    setObjectName(u"bulkView"_s);
    auto *layout = new QVBoxLayout(this);

    auto *pick = new QHBoxLayout;
    auto *filter = modesui::addLineEdit(pick, this, u"bulkFilter"_s,
                                        tr("Subjects containing… (all connections, all contexts)"));
    auto *addMatchingButton = addNamedButton(pick, this, tr("Add matching"), u"bulkAddMatching"_s);
    auto *addSelection = addNamedButton(pick, this, tr("Add tree selection"), u"bulkAddSelection"_s);
    auto *clear = addNamedButton(pick, this, tr("Clear"), u"bulkClear"_s);
    layout->addLayout(pick);

    auto *form = new QFormLayout;
    m_action =
        choiceBox(this, u"bulkAction"_s,
                  {{tr("Set compatibility"), int(Action::SetCompatibility)},
                   {tr("Set mode"), int(Action::SetMode)},
                   {tr("Check: would they stay compatible under level…"), int(Action::CheckUnderLevel)},
                   {tr("Check: would they accept this schema"), int(Action::CheckSchema)}});
    form->addRow(tr("Action:"), m_action);
    m_value = new QComboBox(this);
    m_value->setObjectName(u"bulkValue"_s);
    form->addRow(tr("Value:"), m_value);
    m_schemaType = new QComboBox(this);
    m_schemaType->setObjectName(u"bulkSchemaType"_s);
    m_schemaType->addItems({u"AVRO"_s, u"JSON"_s, u"PROTOBUF"_s});
    form->addRow(tr("Schema type:"), m_schemaType);
    m_schema = new QPlainTextEdit(this);
    m_schema->setObjectName(u"bulkSchema"_s);
    m_schema->setMaximumHeight(100);
    form->addRow(tr("Candidate schema:"), m_schema);
    m_concurrency = new QSpinBox(this);
    m_concurrency->setObjectName(u"bulkConcurrency"_s);
    m_concurrency->setRange(1, 16);
    m_concurrency->setValue(4);
    m_concurrency->setToolTip(tr("Requests in flight at once (per run, across connections)"));
    form->addRow(tr("Concurrency:"), m_concurrency);
    layout->addLayout(form);

    auto *buttons = new QHBoxLayout;
    m_dryRun = addNamedButton(buttons, this, tr("Dry run (preview)"), u"bulkDryRun"_s);
    m_run = addNamedButton(buttons, this, tr("Run…"), u"bulkRun"_s);
    m_cancel = addNamedButton(buttons, this, tr("Cancel"), u"bulkCancel"_s);
    m_cancel->setEnabled(false);
    m_totals = plainLabel(this);
    m_totals->setObjectName(u"bulkTotals"_s);
    buttons->addWidget(m_totals, 1);
    layout->addLayout(buttons);

    m_table = modesui::resultTable(this, u"bulkSubjects"_s,
                                   {tr("Registry"), tr("Subject"), tr("Result"), tr("Detail")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);

    connect(addMatchingButton, &QPushButton::clicked, this,
            [this, filter] { addMatching(filter->text().trimmed()); });
    connect(filter, &QLineEdit::returnPressed, this,
            [this, filter] { addMatching(filter->text().trimmed()); });
    connect(addSelection, &QPushButton::clicked, this, &BulkView::addTreeSelection);
    connect(clear, &QPushButton::clicked, this, &BulkView::clearSubjects);
    connect(m_action, &QComboBox::currentIndexChanged, this, &BulkView::onActionChanged);
    connect(m_dryRun, &QPushButton::clicked, this, &BulkView::dryRun);
    connect(m_run, &QPushButton::clicked, this, &BulkView::run);
    connect(m_cancel, &QPushButton::clicked, m_runner, &BulkRunner::cancel);
    connect(m_runner, &BulkRunner::itemFinished, this, &BulkView::showOutcome);
    connect(m_runner, &BulkRunner::finished, this, [this](const modes::BulkTotals &totals) {
        m_cancel->setEnabled(false);
        m_run->setEnabled(true);
        m_dryRun->setEnabled(true);
        m_totals->setText(totalsText());
        QSet<QString> touched;
        for (const BulkOutcome &o : m_runner->outcomes())
            if (!m_dry && o.status == Status::Changed)
                touched.insert(o.connectionId);
        for (const QString &id : std::as_const(touched))
            m_shell.workspace()->reloadSettings(id);
        Q_EMIT finished(totals);
    });
    onActionChanged();
}

QString BulkView::totalsText() const
{
    return (m_dry ? tr("Dry run — nothing written: ") : QString()) + m_runner->totals().summary();
}

void BulkView::onActionChanged()
{
    const auto action = Action(m_action->currentData().toInt());
    m_value->clear();
    if (action == Action::SetMode)
        m_value->addItems(modes::offeredModes(modes::Level::ofSubject(u"x"_s)));
    else if (action != Action::CheckSchema)
        m_value->addItems(modes::compatibilityLevels());
    m_value->setEnabled(action != Action::CheckSchema);
    m_schema->setEnabled(action == Action::CheckSchema);
    m_schemaType->setEnabled(action == Action::CheckSchema);
    const bool writes = modes::BulkSettings::writes(action);
    m_dryRun->setEnabled(writes);
    m_run->setText(writes ? tr("Run…") : tr("Check"));
}

void BulkView::setAction(Action action, const QString &value)
{
    m_action->setCurrentIndex(m_action->findData(int(action)));
    if (!value.isEmpty())
        m_value->setCurrentText(value);
}

void BulkView::setCandidateSchema(const QString &schemaType, const QString &schema)
{
    m_schemaType->setCurrentText(schemaType);
    m_schema->setPlainText(schema);
}

void BulkView::setConcurrency(int concurrency)
{
    m_concurrency->setValue(concurrency);
}

void BulkView::addSubjects(const QList<BulkRunner::Item> &items)
{
    for (const BulkRunner::Item &item : items) {
        const bool known = std::any_of(m_items.cbegin(), m_items.cend(), [&](const BulkRunner::Item &i) {
            return i.connectionId == item.connectionId && i.subject == item.subject;
        });
        if (!known)
            m_items.append(item);
    }
    setSubjectsRows();
}

int BulkView::addMatching(const QString &text)
{
    Model *tree = m_shell.workspace()->tree();
    QList<BulkRunner::Item> found;
    for (const QString &id : m_shell.workspace()->connectionIds()) {
        for (const QModelIndex &context : tree->childRows(tree->connectionIndex(id), Model::Kind::Context)) {
            for (const QModelIndex &subject : tree->childRows(context, Model::Kind::Subject)) {
                if (subject.data(Model::DeletedRole).toBool())
                    continue;
                const QString name = subject.data(Model::QualifiedSubjectRole).toString();
                if (text.isEmpty() || name.contains(text, Qt::CaseInsensitive))
                    found.append({id, name});
            }
        }
    }
    addSubjects(found);
    m_totals->setText(tr("%n subject(s) matched.", nullptr, int(found.size())));
    return int(found.size());
}

void BulkView::addTreeSelection()
{
    QList<BulkRunner::Item> found;
    const QModelIndexList selected = m_shell.registryTree()->selectionModel()->selectedRows();
    for (const QModelIndex &index : selected) {
        const auto kind = index.data(Model::KindRole).value<Model::Kind>();
        const QString id = index.data(Model::ConnectionIdRole).toString();
        if (kind == Model::Kind::Subject && !index.data(Model::DeletedRole).toBool()) {
            found.append({id, index.data(Model::QualifiedSubjectRole).toString()});
        } else if (kind == Model::Kind::Context) {
            const QAbstractItemModel *model = index.model();
            for (int s = 0; s < model->rowCount(index); ++s) {
                const QModelIndex subject = model->index(s, 0, index);
                if (subject.data(Model::KindRole).value<Model::Kind>() == Model::Kind::Subject &&
                    !subject.data(Model::DeletedRole).toBool())
                    found.append({id, subject.data(Model::QualifiedSubjectRole).toString()});
            }
        }
    }
    addSubjects(found);
}

void BulkView::clearSubjects()
{
    m_items.clear();
    setSubjectsRows();
}

void BulkView::setSubjectsRows()
{
    m_table->setRowCount(int(m_items.size()));
    for (int row = 0; row < m_items.size(); ++row) {
        m_table->setItem(
            row, RegistryColumn,
            new QTableWidgetItem(connectionName(m_shell.workspace(), m_items.at(row).connectionId)));
        m_table->setItem(row, SubjectColumn, new QTableWidgetItem(m_items.at(row).subject));
        m_table->setItem(row, ResultColumn, new QTableWidgetItem());
        m_table->setItem(row, DetailColumn, new QTableWidgetItem());
    }
}

void BulkView::showOutcome(const BulkOutcome &outcome)
{
    for (int row = 0; row < m_items.size(); ++row) {
        if (m_items.at(row).connectionId != outcome.connectionId ||
            m_items.at(row).subject != outcome.subject)
            continue;
        QString status = modes::bulkStatusName(outcome.status);
        if (m_dry && outcome.status == Status::Changed)
            status = tr("would change");
        m_table->item(row, ResultColumn)->setText(status);
        m_table->item(row, DetailColumn)->setText(outcome.detail);
        m_table->item(row, DetailColumn)->setToolTip(plainToolTip(outcome.detail));
        break;
    }
    m_totals->setText(totalsText());
}

void BulkView::dryRun()
{
    start(true);
}

void BulkView::run()
{
    const auto action = Action(m_action->currentData().toInt());
    if (modes::BulkSettings::writes(action)) {
        QHash<QString, int> perConnection;
        for (const BulkRunner::Item &item : std::as_const(m_items))
            ++perConnection[item.connectionId];
        QStringList lines;
        QStringList protectedNames;
        for (auto it = perConnection.cbegin(); it != perConnection.cend(); ++it) {
            const auto *connection = m_shell.workspace()->connection(it.key());
            const bool readOnly = !SubjectActions::canWrite(m_shell.workspace(), it.key());
            lines << tr("%1: %n subject(s)%2", nullptr, it.value())
                         .arg(connectionName(m_shell.workspace(), it.key()),
                              readOnly ? tr(" (read-only connection: skipped, reported failed)") : QString());
            if (connection && connection->profile.isProtected && !readOnly)
                protectedNames << connection->profile.name;
        }
        const QString what = action == Action::SetCompatibility ? tr("compatibility") : tr("mode");
        const QString text =
            tr("Set the %1 of %n subject(s) to %2 (at the subject level)?\n\n", nullptr, int(m_items.size()))
                .arg(what, m_value->currentText()) +
            lines.join(u'\n');
        protectedNames.sort();
        m_confirmation = {};
        const bool ok =
            protectedNames.isEmpty()
                ? Dialogs::confirm(this, tr("Bulk change"), text, tr("Set %1").arg(m_value->currentText()))
                : Dialogs::confirmTyped(this, tr("Bulk change on protected connections"),
                                        text + tr("\n\nProtected connections are involved: type "
                                                  "their names to go ahead."),
                                        protectedNames.join(u", "_s), &m_confirmation);
        if (!ok)
            return;
    }
    start(false);
}

void BulkView::start(bool dry)
{
    if (m_bulk->runner()->isRunning())
        return;
    m_dry = dry;
    setSubjectsRows();
    modes::BulkRequest request;
    request.action = Action(m_action->currentData().toInt());
    request.value = m_value->currentText();
    request.dry = dry;
    if (request.action == Action::CheckSchema)
        request.candidate =
            registry::SchemaSubmission::of(m_schema->toPlainText(), m_schemaType->currentText());
    request.confirmation = m_confirmation;
    m_run->setEnabled(false);
    m_dryRun->setEnabled(false);
    m_cancel->setEnabled(true);
    m_bulk->start(m_items, request, m_concurrency->value());
}

} // namespace sd::ui
