#include "ExportersView.h"

#include "ExporterActions.h"
#include "Exporters.h"
#include "exporters/ExporterDiagnosis.h"
#include "exporters/StatusText.h"
#include "ExporterSupport.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "ui/MainWindow.h"
#include "ui/PlainText.h"

#include <memory>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using sd::registry::LinkKind;
using sd::registry::Result;

namespace sd::ui {

ExportersView::ExportersView(MainWindow &window, const QString &connectionId, QWidget *parent)
    : QWidget(parent)
    , m_window(window)
    , m_connectionId(connectionId)
{
    setObjectName(u"exportersView"_s);
    auto *layout = new QVBoxLayout(this);

    auto *top = new QHBoxLayout;
    m_status = plainLabel(this);
    m_status->setObjectName(u"exportersStatus"_s);
    top->addWidget(m_status, 1);
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

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(u"exportersTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Connection"), tr("Name"), tr("State"), tr("Offset"),
                                        tr("Last update"), tr("Subjects"), tr("Context type"), tr("Context"),
                                        tr("Destination")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setColumnHidden(ConnectionColumn, !connectionId.isEmpty());
    layout->addWidget(m_table, 3);

    auto *buttons = new QHBoxLayout;
    auto button = [this, buttons](const QString &text, const QString &name) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(name);
        buttons->addWidget(b);
        return b;
    };
    m_new = button(tr("New exporter…"), u"newExporter"_s);
    m_open = button(tr("Open"), u"openExporter"_s);
    m_pause = button(tr("Pause"), u"pauseExporter"_s);
    m_resume = button(tr("Resume"), u"resumeExporter"_s);
    m_reset = button(tr("Reset"), u"resetExporter"_s);
    m_edit = button(tr("Edit…"), u"editExporter"_s);
    m_config = button(tr("Config…"), u"editExporterConfig"_s);
    m_delete = button(tr("Delete…"), u"deleteExporter"_s);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    auto *importersLabel = new QLabel(tr("Importers"), this);
    QFont bold = importersLabel->font();
    bold.setBold(true);
    importersLabel->setFont(bold);
    layout->addWidget(importersLabel);
    m_importers = new QTableWidget(0, 6, this);
    m_importers->setObjectName(u"importersTable"_s);
    m_importers->setHorizontalHeaderLabels(
        {tr("Connection"), tr("Name"), tr("State"), tr("Offset"), tr("Last update"), tr("Source")});
    m_importers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_importers->horizontalHeader()->setStretchLastSection(true);
    m_importers->verticalHeader()->hide();
    layout->addWidget(m_importers, 1);

    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &ExportersView::refresh);
    connect(m_interval, &QComboBox::currentIndexChanged, this,
            [this] { setRefreshInterval(m_interval->currentData().toInt()); });
    connect(refreshButton, &QPushButton::clicked, this, &ExportersView::refresh);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ExportersView::updateButtons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &ExportersView::openSelected);
    connect(m_open, &QPushButton::clicked, this, &ExportersView::openSelected);
    connect(m_new, &QPushButton::clicked, this, [this] {
        const QString conn = m_connectionId.isEmpty() ? selectedConnection() : m_connectionId;
        openExporterWizard(m_window, conn);
    });
    const auto after = [this](bool) { refresh(); };
    connect(m_pause, &QPushButton::clicked, this, [this, after] {
        ExporterActions::pause(m_window, this, selectedConnection(), selectedName(), after);
    });
    connect(m_resume, &QPushButton::clicked, this, [this, after] {
        ExporterActions::resume(m_window, this, selectedConnection(), selectedName(), after);
    });
    connect(m_reset, &QPushButton::clicked, this, [this, after] {
        ExporterActions::reset(m_window, this, selectedConnection(), selectedName(), after);
    });
    connect(m_delete, &QPushButton::clicked, this, [this, after] {
        ExporterActions::remove(m_window, this, selectedConnection(), selectedName(), after);
    });
    connect(m_config, &QPushButton::clicked, this, [this, after] {
        ExporterActions::editConfig(m_window, this, selectedConnection(), selectedName(), after);
    });
    connect(m_edit, &QPushButton::clicked, this,
            [this] { openExporterWizard(m_window, selectedConnection(), selectedName()); });
    connect(m_window.workspace(), &items::RegistryWorkspace::connectionLoaded, this,
            [this](const QString &id) {
                if (m_connectionId.isEmpty() || id == m_connectionId)
                    refresh();
            });

    updateButtons();
    setRefreshInterval(10);
    refresh();
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

QStringList ExportersView::connections() const
{
    if (!m_connectionId.isEmpty())
        return {m_connectionId};
    return m_window.workspace()->connectionIds();
}

void ExportersView::refresh()
{
    const quint64 generation = ++m_generation;
    auto rows = std::make_shared<QList<Row>>();
    auto importers = std::make_shared<QList<ImporterRow>>();
    auto pending = std::make_shared<int>(1);
    auto done = [this, generation, rows, importers, pending] {
        if (--*pending > 0 || generation != m_generation)
            return;
        std::sort(rows->begin(), rows->end(), [](const Row &a, const Row &b) {
            return std::tie(a.connectionId, a.name) < std::tie(b.connectionId, b.name);
        });
        m_rows = *rows;
        m_importerRows = *importers;
        rebuild();
        Q_EMIT refreshed();
    };
    for (const QString &conn : connections()) {
        registry::RegistryClient *client = m_window.workspace()->client(conn);
        if (!client)
            continue;
        ++*pending;
        client->listLinks(
            LinkKind::Exporter, this,
            [this, client, conn, rows, pending, done](const Result<QStringList> &names) {
                if (names) {
                    for (const QString &name : names.value) {
                        const qsizetype index = rows->size();
                        rows->append(Row{conn, name, {}, -1, 0, {}, {}, {}, {}, {}});
                        *pending += 2;
                        client->getLinkStatus(LinkKind::Exporter, name, this,
                                              [rows, index, done](const Result<registry::ExporterStatus> &s) {
                                                  if (s) {
                                                      (*rows)[index].state = s.value.state;
                                                      (*rows)[index].offset = s.value.offset;
                                                      (*rows)[index].ts = s.value.ts;
                                                      (*rows)[index].trace = s.value.trace;
                                                  } else {
                                                      (*rows)[index].state = s.error.summary();
                                                  }
                                                  done();
                                              });
                        client->getLink(LinkKind::Exporter, name, this,
                                        [rows, index, done](const Result<registry::ExporterInfo> &info) {
                                            if (info) {
                                                Row &row = (*rows)[index];
                                                row.subjects = info.value.subjects;
                                                row.contextType = info.value.contextType;
                                                row.context = info.value.context;
                                                row.destination = exporters::destinationUrl(info.value);
                                            }
                                            done();
                                        });
                    }
                }
                done();
            });
        ++*pending;
        client->listLinks(
            LinkKind::Importer, this,
            [this, client, conn, importers, pending, done](const Result<QStringList> &names) {
                const QString where = ExporterSupport::connectionName(m_window.workspace(), conn);
                if (!names) {
                    importers->append({conn,
                                       names.error.isNotFound() || names.error.isUnsupportedEndpoint()
                                           ? tr("not offered by this registry (%1)").arg(where)
                                           : tr("%1: %2").arg(where, names.error.summary()),
                                       {},
                                       {},
                                       -1,
                                       0,
                                       {}});
                } else if (names.value.isEmpty()) {
                    importers->append({conn, tr("none on %1").arg(where), {}, {}, -1, 0, {}});
                } else {
                    for (const QString &name : names.value) {
                        const qsizetype index = importers->size();
                        importers->append({conn, {}, name, {}, -1, 0, {}});
                        *pending += 2;
                        client->getLinkStatus(
                            LinkKind::Importer, name, this,
                            [importers, index, done](const Result<registry::ExporterStatus> &s) {
                                if (s) {
                                    (*importers)[index].state = s.value.state;
                                    (*importers)[index].offset = s.value.offset;
                                    (*importers)[index].ts = s.value.ts;
                                }
                                done();
                            });
                        client->getLink(LinkKind::Importer, name, this,
                                        [importers, index, done](const Result<registry::ExporterInfo> &info) {
                                            if (info)
                                                (*importers)[index].source =
                                                    exporters::destinationUrl(info.value);
                                            done();
                                        });
                    }
                }
                done();
            });
    }
    done();
}

void ExportersView::rebuild()
{
    const QString selConn = selectedConnection();
    const QString selName = selectedName();
    m_table->setRowCount(int(m_rows.size()));
    int paused = 0;
    for (int r = 0; r < m_rows.size(); ++r) {
        const Row &row = m_rows.at(r);
        const auto set = [this, r](int column, const QString &text) {
            auto *item = new QTableWidgetItem(text);
            m_table->setItem(r, column, item);
            return item;
        };
        set(ConnectionColumn, ExporterSupport::connectionName(m_window.workspace(), row.connectionId))
            ->setData(Qt::UserRole, row.connectionId);
        set(NameColumn, row.name)->setData(Qt::UserRole, row.name);
        QTableWidgetItem *state = set(StateColumn, exporters::stateLabel(row.state));
        state->setData(Qt::UserRole, row.state);
        state->setForeground(ExporterSupport::stateColour(row.state));
        if (!row.trace.isEmpty())
            state->setToolTip(plainToolTip(row.trace.section(u'\n', 0, 0)));
        set(OffsetColumn, QString::number(row.offset));
        set(UpdatedColumn, exporters::describeTimestamp(row.ts));
        set(SubjectsColumn, row.subjects.join(u", "_s));
        set(ContextTypeColumn, row.contextType);
        set(ContextColumn, row.context);
        const QString destConn = ExporterSupport::connectionForUrl(m_window.workspace(), row.destination);
        set(DestinationColumn,
            destConn.isEmpty()
                ? row.destination
                : u"%1 (%2)"_s.arg(ExporterSupport::connectionName(m_window.workspace(), destConn),
                                   row.destination));
        if (row.state == u"PAUSED")
            ++paused;

        // A new PAUSED: the Problems dock and the tree's badge; back to running clears it.
        const QString key = row.connectionId + u'|' + row.name;
        const QString before = m_lastState.value(key);
        if (before != row.state) {
            ExporterSupport::reportState(m_window, row.connectionId, row.name, row.state, row.trace);
            if (before == u"PAUSED" || row.state == u"PAUSED")
                m_window.workspace()->reloadExporters(row.connectionId);
        }
        m_lastState.insert(key, row.state);
        if (row.connectionId == selConn && row.name == selName)
            m_table->selectRow(r);
    }
    m_table->resizeColumnsToContents();

    m_importers->setRowCount(int(m_importerRows.size()));
    for (int r = 0; r < m_importerRows.size(); ++r) {
        const ImporterRow &row = m_importerRows.at(r);
        m_importers->setItem(
            r, 0,
            new QTableWidgetItem(ExporterSupport::connectionName(m_window.workspace(), row.connectionId)));
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

    m_status->setText(tr("%n exporter(s), %1 paused · updated %2", nullptr, int(m_rows.size()))
                          .arg(paused)
                          .arg(QDateTime::currentDateTime().toString(u"HH:mm:ss"_s)));
    updateButtons();
}

int ExportersView::rowOf(const QString &connectionId, const QString &name) const
{
    for (int r = 0; r < m_rows.size(); ++r) {
        if (m_rows.at(r).name == name &&
            (connectionId.isEmpty() || m_rows.at(r).connectionId == connectionId))
            return r;
    }
    return -1;
}

QString ExportersView::selectedConnection() const
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_rows.size() || m_table->selectedItems().isEmpty())
        return m_connectionId;
    return m_rows.at(row).connectionId;
}

QString ExportersView::selectedName() const
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_rows.size() || m_table->selectedItems().isEmpty())
        return {};
    return m_rows.at(row).name;
}

QString ExportersView::selectedState() const
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_rows.size() || m_table->selectedItems().isEmpty())
        return {};
    return m_rows.at(row).state;
}

void ExportersView::updateButtons()
{
    const bool selected = !selectedName().isEmpty();
    const QString state = selectedState();
    const QString conn = selectedConnection();
    const auto *c = m_window.workspace()->connection(conn);
    const bool writable = c && !c->profile.readOnly;
    m_new->setEnabled(writable || m_connectionId.isEmpty());
    m_new->setVisible(m_connectionId.isEmpty() || writable);
    m_open->setEnabled(selected);
    for (QPushButton *b : {m_pause, m_resume, m_reset, m_edit, m_config, m_delete})
        b->setVisible(writable || !selected);
    m_pause->setEnabled(selected && writable && state != u"PAUSED");
    m_resume->setEnabled(selected && writable && state == u"PAUSED");
    m_reset->setEnabled(selected && writable && state == u"PAUSED"); // the server resets paused ones only
    m_edit->setEnabled(selected && writable);
    m_config->setEnabled(selected && writable);
    m_delete->setEnabled(selected && writable);
}

void ExportersView::openSelected()
{
    const QString name = selectedName();
    if (!name.isEmpty())
        openExporterDetail(m_window, selectedConnection(), name);
}

} // namespace sd::ui
