#include "ExportersView.h"

#include "ExporterActions.h"
#include "Exporters.h"
#include "exporters/ExporterDiagnosis.h"
#include "exporters/StatusText.h"
#include "ExporterSupport.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "ui/CommonWidgets.h"
#include "ui/PlainText.h"
#include "ui/Shell.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using sd::registry::LinkKind;
using sd::registry::Result;

namespace sd::ui {

ExportersView::ExportersView(Shell &shell, const QString &connectionId, QWidget *parent)
    : QWidget(parent)
    , m_shell(shell)
    , m_connectionId(connectionId)
    , m_model(new exporters::ExportersTableModel(*shell.workspace(), this))
    , m_loader(new exporters::ExportersListLoader(*shell.workspace(), connectionId, this))
{
    setObjectName(u"exportersView"_s);
    auto *layout = new QVBoxLayout(this);

    auto *top = new QHBoxLayout;
    m_status = addStatusLabel(top, this, u"exportersStatus"_s);
    top->addWidget(new QLabel(tr("Refresh every"), this));
    m_interval = new QComboBox(this);
    m_interval->setObjectName(u"refreshInterval"_s);
    for (int seconds : {0, 2, 5, 10, 30, 60, 300})
        m_interval->addItem(seconds == 0   ? tr("off")
                            : seconds < 60 ? tr("%1 s").arg(seconds)
                                           : tr("%1 min").arg(seconds / 60),
                            seconds);
    m_interval->setCurrentIndex(m_interval->findData(10));
    top->addWidget(m_interval);
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setObjectName(u"refreshExporters"_s);
    top->addWidget(refreshButton);
    layout->addLayout(top);

    setupTables(layout);
    setupConnections(refreshButton);
    updateButtons();
    setRefreshInterval(10);
    refresh();
}

void ExportersView::setupTables(QVBoxLayout *layout)
{
    m_table = new QTableView(this);
    m_table->setObjectName(u"exportersTable"_s);
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setColumnHidden(ConnectionColumn, !m_connectionId.isEmpty());
    layout->addWidget(m_table, 3);

    setupButtons(layout);
    auto *importersLabel = new QLabel(tr("Importers"), this);
    QFont bold = importersLabel->font();
    bold.setBold(true);
    importersLabel->setFont(bold);
    layout->addWidget(importersLabel);
    m_importers = ExporterSupport::readOnlyTable(
        this, u"importersTable"_s,
        {tr("Connection"), tr("Name"), tr("State"), tr("Offset"), tr("Last update"), tr("Source")});
    layout->addWidget(m_importers, 1);
}

void ExportersView::setupButtons(QVBoxLayout *layout)
{
    auto *buttons = new QHBoxLayout;
    m_new = addNamedButton(buttons, this, tr("New exporter…"), u"newExporter"_s);
    m_open = addNamedButton(buttons, this, tr("Open"), u"openExporter"_s);
    m_actions = ExporterSupport::addActionButtons(this, buttons);
    buttons->addStretch(1);
    layout->addLayout(buttons);
}

void ExportersView::setupConnections(QPushButton *refreshButton)
{
    connect(m_loader, &exporters::ExportersListLoader::loaded, this, [this] {
        rebuild();
        Q_EMIT refreshed();
    });
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &ExportersView::refresh);
    connect(m_interval, &QComboBox::currentIndexChanged, this,
            [this] { setRefreshInterval(m_interval->currentData().toInt()); });
    connect(refreshButton, &QPushButton::clicked, this, &ExportersView::refresh);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ExportersView::updateButtons);
    connect(m_table, &QTableView::doubleClicked, this, &ExportersView::openSelected);
    connect(m_open, &QPushButton::clicked, this, &ExportersView::openSelected);
    connect(m_new, &QPushButton::clicked, this, [this] {
        const QString conn = m_connectionId.isEmpty() ? selectedConnection() : m_connectionId;
        openExporterWizard(m_shell, conn);
    });
    const auto after = [this](bool) { refresh(); };
    connect(m_actions.pause, &QPushButton::clicked, this, [this, after] {
        ExporterActions::pause(m_shell, this, selectedConnection(), selectedName(), after);
    });
    connect(m_actions.resume, &QPushButton::clicked, this, [this, after] {
        ExporterActions::resume(m_shell, this, selectedConnection(), selectedName(), after);
    });
    connect(m_actions.reset, &QPushButton::clicked, this, [this, after] {
        ExporterActions::reset(m_shell, this, selectedConnection(), selectedName(), after);
    });
    connect(m_actions.remove, &QPushButton::clicked, this, [this, after] {
        ExporterActions::remove(m_shell, this, selectedConnection(), selectedName(), after);
    });
    connect(m_actions.config, &QPushButton::clicked, this, [this, after] {
        ExporterActions::editConfig(m_shell, this, selectedConnection(), selectedName(), after);
    });
    connect(m_actions.edit, &QPushButton::clicked, this,
            [this] { openExporterWizard(m_shell, selectedConnection(), selectedName()); });
    connect(m_shell.workspace(), &items::RegistryWorkspace::connectionLoaded, this,
            [this](const QString &id) {
                if (m_connectionId.isEmpty() || id == m_connectionId)
                    refresh();
            });
}

void ExportersView::setRefreshInterval(int seconds)
{
    const int index = m_interval->findData(seconds);
    if (index >= 0 && index != m_interval->currentIndex()) {
        m_interval->setCurrentIndex(index); // comes back here through the signal
        return;
    }
    if (seconds <= 0)
        m_timer->stop();
    else
        m_timer->start(seconds * 1000);
}

void ExportersView::refresh()
{
    m_loader->refresh();
}

void ExportersView::rebuild()
{
    const QString selConn = selectedConnection();
    const QString selName = selectedName();
    m_model->setRows(m_loader->exporters());
    int paused = 0;
    for (const exporters::ExporterRow &row : rows()) {
        if (row.state == u"PAUSED")
            ++paused;
        // A new PAUSED: the Problems dock and the tree's badge; back to running clears it.
        const QString key = row.connectionId + u'|' + row.name;
        const QString before = m_lastState.value(key);
        if (before != row.state) {
            ExporterSupport::reportState(m_shell, row.connectionId, row.name, row.state, row.trace);
            if (before == u"PAUSED" || row.state == u"PAUSED")
                m_shell.workspace()->reloadExporters(row.connectionId);
        }
        m_lastState.insert(key, row.state);
    }
    if (const int selected = m_model->rowOf(selConn, selName); selected >= 0 && !selName.isEmpty())
        m_table->selectRow(selected);
    m_table->resizeColumnsToContents();

    rebuildImporters();

    m_status->setText(tr("%n exporter(s), %1 paused · updated %2", nullptr, int(rows().size()))
                          .arg(paused)
                          .arg(QDateTime::currentDateTime().toString(u"HH:mm:ss"_s)));
    updateButtons();
}

void ExportersView::rebuildImporters()
{
    m_importers->setRowCount(int(m_loader->importers().size()));
    for (int r = 0; r < m_loader->importers().size(); ++r) {
        const exporters::ImporterRow &row = m_loader->importers().at(r);
        m_importers->setItem(r, 0,
                             new QTableWidgetItem(connectionName(m_shell.workspace(), row.connectionId)));
        if (!row.text.isEmpty()) {
            m_importers->setItem(r, 1, new QTableWidgetItem(row.text));
            m_importers->setSpan(r, 1, 1, 5);
            continue;
        }
        m_importers->setSpan(r, 1, 1, 1);
        m_importers->setItem(r, 1, new QTableWidgetItem(row.name));
        auto *state = new QTableWidgetItem(exporters::stateLabel(row.state));
        state->setForeground(ExporterSupport::stateColour(row.state));
        m_importers->setItem(r, 2, state);
        m_importers->setItem(r, 3, new QTableWidgetItem(QString::number(row.offset)));
        m_importers->setItem(r, 4, new QTableWidgetItem(exporters::describeTimestamp(row.ts)));
        m_importers->setItem(r, 5, new QTableWidgetItem(row.source));
    }
    m_importers->resizeColumnsToContents();
}

int ExportersView::selectedRow() const
{
    const int row = m_table->currentIndex().row();
    if (row < 0 || row >= rows().size() || !m_table->selectionModel()->hasSelection())
        return -1;
    return row;
}

QString ExportersView::selectedConnection() const
{
    const int row = selectedRow();
    return row < 0 ? m_connectionId : rows().at(row).connectionId;
}

QString ExportersView::selectedName() const
{
    const int row = selectedRow();
    return row < 0 ? QString() : rows().at(row).name;
}

QString ExportersView::selectedState() const
{
    const int row = selectedRow();
    return row < 0 ? QString() : rows().at(row).state;
}

void ExportersView::updateButtons()
{
    const bool selected = !selectedName().isEmpty();
    const QString state = selectedState();
    const QString conn = selectedConnection();
    const auto *c = m_shell.workspace()->connection(conn);
    const bool writable = c && !c->profile.readOnly;
    m_new->setEnabled(writable || m_connectionId.isEmpty());
    m_new->setVisible(m_connectionId.isEmpty() || writable);
    m_open->setEnabled(selected);
    for (QPushButton *b : m_actions.all())
        b->setVisible(writable || !selected);
    m_actions.pause->setEnabled(selected && writable && state != u"PAUSED");
    m_actions.resume->setEnabled(selected && writable && state == u"PAUSED");
    m_actions.reset->setEnabled(selected && writable &&
                                state == u"PAUSED"); // the server resets paused ones only
    m_actions.edit->setEnabled(selected && writable);
    m_actions.config->setEnabled(selected && writable);
    m_actions.remove->setEnabled(selected && writable);
}

void ExportersView::openSelected()
{
    const QString name = selectedName();
    if (!name.isEmpty())
        openExporterDetail(m_shell, selectedConnection(), name);
}

} // namespace sd::ui
