#include "OverviewView.h"

#include "items/RegistryWorkspace.h"
#include "modes/SettingsLoader.h"
#include "ModesUi.h"
#include "registry/RegistryClient.h"
#include "ui/MainWindow.h"
#include "ui/PlainText.h"

#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

using modes::Field;
using modes::Level;
using registry::Result;

namespace {

QString withSource(const items::EffectiveValue &value, items::SettingSource own)
{
    if (value.source == own)
        return value.value;
    if (value.source == items::SettingSource::Global)
        return value.value + u" (from global)"_s;
    return value.value + u" (default)"_s;
}

} // namespace

OverviewView::OverviewView(MainWindow &window, QWidget *parent)
    : QWidget(parent)
    , m_window(window)
{
    setObjectName(u"overviewView"_s);
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    m_status = plainLabel(this);
    m_status->setObjectName(u"overviewStatus"_s);
    top->addWidget(m_status, 1);
    auto *refreshButton = new QPushButton(tr("Refresh"), this);
    refreshButton->setObjectName(u"overviewRefresh"_s);
    top->addWidget(refreshButton);
    layout->addLayout(top);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(u"overviewTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Registry"), tr("Reachable"), tr("Latency"), tr("Server version"),
                                        tr("Global mode"), tr("Global compatibility"),
                                        tr("Default-context mode"), tr("Default-context compatibility"),
                                        tr("Contexts with own settings")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ContextsColumn, QHeaderView::Stretch);
    m_table->setWordWrap(true);
    layout->addWidget(m_table, 1);
    connect(refreshButton, &QPushButton::clicked, this, &OverviewView::refresh);
    refresh();
}

int OverviewView::rowOf(const QString &connectionId) const
{
    return int(m_ids.indexOf(connectionId));
}

void OverviewView::setCell(int row, int column, const QString &text, const QString &toolTip)
{
    auto *item = new QTableWidgetItem(text);
    item->setToolTip(plainToolTip(toolTip.isEmpty() ? text : toolTip));
    m_table->setItem(row, column, item);
}

void OverviewView::refresh()
{
    ++m_generation;
    m_ids = m_window.workspace()->connectionIds();
    m_table->setRowCount(int(m_ids.size()));
    m_pending = int(m_ids.size());
    m_status->setText(tr("Asking %1 registries…").arg(m_ids.size()));
    for (int row = 0; row < m_ids.size(); ++row) {
        setCell(row, RegistryColumn, modesui::connectionName(m_window.workspace(), m_ids.at(row)));
        for (int column = ReachableColumn; column < ColumnCount; ++column)
            setCell(row, column, tr("…"));
        probe(m_ids.at(row), row);
    }
    if (m_ids.isEmpty()) {
        m_status->setText(tr("No connections."));
        Q_EMIT refreshed();
    }
}

void OverviewView::rowDone()
{
    if (--m_pending > 0)
        return;
    m_table->resizeRowsToContents();
    m_status->setText(tr("Registries checked: %1.").arg(m_ids.size()));
    Q_EMIT refreshed();
}

void OverviewView::probe(const QString &connectionId, int row)
{
    registry::RegistryClient *client = m_window.workspace()->client(connectionId);
    if (!client) {
        setCell(row, ReachableColumn, tr("no client"));
        rowDone();
        return;
    }
    const quint64 generation = m_generation;
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    QPointer<OverviewView> self(this);
    client->getServerVersion(this, [self, generation, row, clock,
                                    client](const Result<registry::ServerVersion> &r) {
        if (!self || generation != self->m_generation)
            return;
        const qint64 latency = clock->elapsed();
        // An HTTP error is still an answer: the registry is up but lacks the endpoint.
        const bool reachable = r.ok() || r.error.kind == registry::ErrorKind::Http;
        self->setCell(row, LatencyColumn, reachable ? tr("%1 ms").arg(latency) : u"—"_s);
        if (!reachable) {
            self->setCell(row, ReachableColumn, tr("no — %1").arg(registry::errorKindName(r.error.kind)),
                          r.error.toDisplayString());
            for (int column = VersionColumn; column < ColumnCount; ++column)
                self->setCell(row, column, u"—"_s);
            self->rowDone();
            return;
        }
        self->setCell(row, ReachableColumn, tr("yes"));
        self->setCell(row, VersionColumn, r ? r.value.version : tr("unknown (%1)").arg(r.error.summary()));
        auto *loader = new modes::SettingsLoader(self);
        QObject::connect(loader, &modes::SettingsLoader::failed, self,
                         [self, loader, row, generation](const QString &error) {
                             loader->deleteLater();
                             if (generation != self->m_generation)
                                 return;
                             for (int column = GlobalModeColumn; column < ColumnCount; ++column)
                                 self->setCell(row, column, tr("error"), error);
                             self->rowDone();
                         });
        QObject::connect(loader, &modes::SettingsLoader::loaded, self, [self, loader, row, generation] {
            loader->deleteLater();
            if (generation != self->m_generation)
                return;
            const modes::SettingsSnapshot &s = loader->snapshot();
            using items::SettingSource;
            self->setCell(row, GlobalModeColumn,
                          withSource(s.effectiveAt(Level::global(), Field::Mode), SettingSource::Global));
            self->setCell(
                row, GlobalCompatibilityColumn,
                withSource(s.effectiveAt(Level::global(), Field::Compatibility), SettingSource::Global));
            self->setCell(row, DefaultModeColumn,
                          withSource(s.effectiveAt(Level::topLevel(), Field::Mode), SettingSource::Context));
            self->setCell(
                row, DefaultCompatibilityColumn,
                withSource(s.effectiveAt(Level::topLevel(), Field::Compatibility), SettingSource::Context));
            QStringList own;
            QStringList contexts = loader->contexts();
            contexts.sort();
            for (const QString &context : std::as_const(contexts)) {
                if (context == u".")
                    continue;
                const items::ScopeSettings set = s.settingsAt(Level::ofContext(context));
                QStringList values;
                if (!set.mode.isEmpty())
                    values << set.mode;
                if (!set.compatibility.isEmpty())
                    values << set.compatibility;
                if (!values.isEmpty())
                    own << u"%1: %2"_s.arg(context, values.join(u" · "_s));
            }
            QString errors;
            for (auto it = loader->errors().cbegin(); it != loader->errors().cend(); ++it)
                errors += u"\n%1 %2"_s.arg(it.key(), it.value());
            self->setCell(row, ContextsColumn,
                          (own.isEmpty() ? tr("none") : own.join(u"; "_s)) +
                              (errors.isEmpty() ? QString() : tr(" (some levels unreadable)")),
                          own.join(u'\n') + errors);
            self->rowDone();
        });
        loader->load(client, false);
    });
}

} // namespace sd::ui
