#include "ExporterDetailView.h"

#include "diff/SubjectMapping.h"
#include "ExporterActions.h"
#include "Exporters.h"
#include "exporters/ExporterWatch.h"
#include "exporters/MappingPreview.h"
#include "exporters/StatusText.h"
#include "ExporterSupport.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "registry/SecretStore.h"
#include "ui/AppContext.h"
#include "ui/Commands.h"
#include "ui/CommonWidgets.h"
#include "ui/Dialogs.h"
#include "ui/PlainText.h"
#include "ui/Shell.h"

#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using sd::registry::LinkKind;
using sd::registry::Result;

namespace sd::ui {

namespace {

QLabel *wrapped(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QFont boldFont(QFont font, qreal scale = 1.0)
{
    font.setBold(true);
    if (scale != 1.0)
        font.setPointSizeF(font.pointSizeF() * scale);
    return font;
}

QString secretMask(const QString &key, const QString &value)
{
    return registry::looksSecretKey(key) || key.contains(u"user.info"_s) ? u"••••••"_s : value;
}

} // namespace

ExporterDetailView::ExporterDetailView(Shell &shell, const QString &connectionId, const QString &name,
                                       QWidget *parent)
    : QWidget(parent)
    , m_shell(shell)
    , m_connectionId(connectionId)
    , m_name(name)
    , m_loader(new exporters::ExporterStatusLoader(*shell.workspace(), connectionId, name, this))
    , m_watcher(new exporters::ExporterWatch(*shell.workspace(), connectionId, name, this))
{
    setObjectName(u"exporterDetail"_s);
    QWidget *content = setupContent();
    auto *layout = new QVBoxLayout(content);
    setupHeader(content, layout);
    setupTroubleshooting(content, layout);
    setupTables(content, layout);
    layout->addStretch(1);
    setupConnections();
    m_trouble->setVisible(false);
    refresh();
}

QWidget *ExporterDetailView::setupContent()
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);
    auto *content = new QWidget(scroll);
    scroll->setWidget(content);
    return content;
}

void ExporterDetailView::setupHeader(QWidget *content, QVBoxLayout *layout)
{
    m_header = wrapped(content, u"exporterHeader"_s);
    layout->addWidget(m_header);
    auto *stateRow = new QHBoxLayout;
    m_state = plainLabel(content);
    m_state->setObjectName(u"exporterState"_s);
    m_state->setFont(boldFont(m_state->font(), 1.2));
    stateRow->addWidget(m_state);
    m_statusLine = wrapped(content, u"exporterStatusLine"_s);
    stateRow->addWidget(m_statusLine, 1);
    layout->addLayout(stateRow);

    auto *buttons = new QHBoxLayout;
    m_actions = ExporterSupport::addActionButtons(content, buttons);
    m_verify = addNamedButton(buttons, content, tr("Verify mirror"), u"verifyMirror"_s);
    m_refresh = addNamedButton(buttons, content, tr("Refresh"), u"refreshExporter"_s);
    buttons->addStretch(1);
    layout->addLayout(buttons);
}

void ExporterDetailView::setupTroubleshooting(QWidget *content, QVBoxLayout *layout)
{
    m_trouble = new QGroupBox(tr("Troubleshooting"), content);
    m_trouble->setObjectName(u"troubleshooting"_s);
    auto *t = new QVBoxLayout(m_trouble);
    m_diagnosisTitle = wrapped(m_trouble, u"diagnosisTitle"_s);
    m_diagnosisTitle->setFont(boldFont(m_diagnosisTitle->font()));
    t->addWidget(m_diagnosisTitle);
    m_diagnosisText = wrapped(m_trouble, u"diagnosisText"_s);
    t->addWidget(m_diagnosisText);
    m_fixWhere = wrapped(m_trouble, u"fixWhere"_s);
    t->addWidget(m_fixWhere);
    auto *fixRow = new QHBoxLayout;
    m_fix = addNamedButton(fixRow, m_trouble, {}, u"applyFixButton"_s);
    m_addConnection =
        addNamedButton(fixRow, m_trouble, tr("Add a connection to it…"), u"addDestinationConnection"_s);
    fixRow->addStretch(1);
    t->addLayout(fixRow);
    m_watch = wrapped(m_trouble, u"watchLabel"_s);
    m_watch->setTextFormat(Qt::PlainText);
    t->addWidget(m_watch);
    m_loopText = wrapped(m_trouble, u"loopText"_s);
    t->addWidget(m_loopText);
    auto *loopRow = new QHBoxLayout;
    m_narrow = addNamedButton(loopRow, m_trouble, {}, u"narrowSubjectsButton"_s);
    loopRow->addStretch(1);
    t->addLayout(loopRow);
    auto *traceTitle = new QLabel(tr("Trace (as the registry reports it):"), m_trouble);
    t->addWidget(traceTitle);
    m_traceHeadline = wrapped(m_trouble, u"traceHeadline"_s);
    m_traceHeadline->setTextFormat(Qt::PlainText);
    m_traceHeadline->setStyleSheet(u"font-family: monospace;"_s);
    t->addWidget(m_traceHeadline);
    m_stackToggle = new QToolButton(m_trouble);
    m_stackToggle->setObjectName(u"stackToggle"_s);
    m_stackToggle->setCheckable(true);
    m_stackToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_stackToggle->setArrowType(Qt::RightArrow);
    t->addWidget(m_stackToggle);
    m_stack = new QPlainTextEdit(m_trouble);
    m_stack->setObjectName(u"traceStack"_s);
    m_stack->setReadOnly(true);
    m_stack->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_stack->setFont(QFont(u"monospace"_s));
    m_stack->setVisible(false);
    m_stack->setMinimumHeight(120);
    t->addWidget(m_stack);
    layout->addWidget(m_trouble);
}

void ExporterDetailView::setupTables(QWidget *content, QVBoxLayout *layout)
{
    auto *configBox = new QGroupBox(tr("Config"), content);
    auto *c = new QVBoxLayout(configBox);
    m_configTable = ExporterSupport::readOnlyTable(configBox, u"configTable"_s, {tr("Key"), tr("Value")});
    m_configTable->setMaximumHeight(150);
    c->addWidget(m_configTable);
    layout->addWidget(configBox);

    auto *mappingBox = new QGroupBox(tr("Where the subjects land"), content);
    auto *m = new QVBoxLayout(mappingBox);
    m_mappingNote = wrapped(mappingBox, u"mappingNote"_s);
    m->addWidget(m_mappingNote);
    m_mapping = ExporterSupport::readOnlyTable(
        mappingBox, u"mappingPreview"_s,
        {tr("Subject on the source"), tr("On the destination"), tr("Context there")});
    m_mapping->setMinimumHeight(120);
    m->addWidget(m_mapping);
    layout->addWidget(mappingBox);
}

void ExporterDetailView::setupConnections()
{
    connect(m_loader, &exporters::ExporterStatusLoader::loaded, this, &ExporterDetailView::loaded);
    connect(m_loader, &exporters::ExporterStatusLoader::mappingLoaded, this,
            &ExporterDetailView::renderMapping);
    connect(m_watcher, &exporters::ExporterWatch::unavailable, this, [this](const registry::ApiError &error) {
        setWatchText(tr("Status unavailable: %1").arg(error.summary()));
    });
    connect(m_watcher, &exporters::ExporterWatch::finished, this, &ExporterDetailView::watchEnded);
    connect(m_watcher, &exporters::ExporterWatch::timedOut, this, [this](const QString &state) {
        setWatchText(
            tr("%1 is still %2 after a minute.").arg(m_name, state.isEmpty() ? tr("unknown") : state));
        Q_EMIT watchFinished(false);
    });
    m_autoRefresh = new QTimer(this);
    m_autoRefresh->start(10000);
    connect(m_autoRefresh, &QTimer::timeout, this, [this] {
        if (!m_watcher->isWatching())
            refresh();
    });

    connect(m_stackToggle, &QToolButton::toggled, this, [this](bool open) {
        m_stack->setVisible(open);
        m_stackToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    connect(m_refresh, &QPushButton::clicked, this, &ExporterDetailView::refresh);
    const auto after = [this](bool) { refresh(); };
    connect(m_actions.pause, &QPushButton::clicked, this,
            [this, after] { ExporterActions::pause(m_shell, this, m_connectionId, m_name, after); });
    connect(m_actions.resume, &QPushButton::clicked, this, [this] {
        ExporterActions::resume(m_shell, this, m_connectionId, m_name, [this](bool ok) {
            if (ok)
                startWatching();
        });
    });
    connect(m_actions.reset, &QPushButton::clicked, this,
            [this, after] { ExporterActions::reset(m_shell, this, m_connectionId, m_name, after); });
    connect(m_actions.config, &QPushButton::clicked, this,
            [this, after] { ExporterActions::editConfig(m_shell, this, m_connectionId, m_name, after); });
    connect(m_actions.edit, &QPushButton::clicked, this,
            [this] { openExporterWizard(m_shell, m_connectionId, m_name); });
    connect(m_actions.remove, &QPushButton::clicked, this, [this] {
        ExporterActions::remove(m_shell, this, m_connectionId, m_name, [this](bool ok) {
            if (ok)
                m_state->setText(tr("deleted"));
        });
    });
    connect(m_fix, &QPushButton::clicked, this, &ExporterDetailView::applyFix);
    connect(m_narrow, &QPushButton::clicked, this, &ExporterDetailView::applyNarrowing);
    connect(m_addConnection, &QPushButton::clicked, this, [this] { m_shell.addConnection(); });
    connect(m_verify, &QPushButton::clicked, this, [this] {
        const QString dest =
            ExporterSupport::connectionForUrl(m_shell.workspace(), exporters::destinationUrl(info()));
        if (dest.isEmpty()) {
            Dialogs::information(this, tr("Verify mirror"),
                                 tr("The destination %1 is not among the open connections: open it first.")
                                     .arg(exporters::destinationUrl(info())));
            return;
        }
        m_shell.commands().run(commands::verifyMirror, {{u"sourceConnectionId"_s, m_connectionId},
                                                        {u"targetConnectionId"_s, dest},
                                                        {u"exporter"_s, info().raw},
                                                        {u"startNow"_s, true}});
    });
    connect(m_shell.workspace(), &items::RegistryWorkspace::connectionLoaded, this, [this](const QString &) {
        if (!m_watcher->isWatching())
            refresh();
    });
}

void ExporterDetailView::refresh()
{
    m_loader->refresh();
}

void ExporterDetailView::loaded()
{
    if (m_loader->error().isError()) {
        m_state->setText(tr("? unavailable"));
        m_statusLine->setText(m_loader->error().toDisplayString().toHtmlEscaped());
        Q_EMIT refreshed();
        return;
    }
    ExporterSupport::reportState(m_shell, m_connectionId, m_name, status().state, status().trace);
    render();
    Q_EMIT refreshed();
}

void ExporterDetailView::render()
{
    using ExporterSupport::markdownToHtml;
    items::RegistryWorkspace *ws = m_shell.workspace();
    const QString source = connectionName(ws, m_connectionId);
    const QString destUrl = exporters::destinationUrl(info());
    const QString destConn = ExporterSupport::connectionForUrl(ws, destUrl);
    const QString destName = destConn.isEmpty() ? destUrl : connectionName(ws, destConn);
    m_header->setText(tr("<b>Exporter %1</b> on %2 → %3 <span style='color:gray'>(%4)</span>")
                          .arg(m_name.toHtmlEscaped(), source.toHtmlEscaped(), destName.toHtmlEscaped(),
                               destUrl.toHtmlEscaped()));
    m_state->setText(exporters::stateLabel(status().state));
    m_state->setStyleSheet(u"color: %1;"_s.arg(ExporterSupport::stateColour(status().state).name()));
    m_statusLine->setText(
        tr("offset %1 · last update %2 · subjects %3 · context type %4%5")
            .arg(status().offset)
            .arg(exporters::describeTimestamp(status().ts), info().subjects.join(u", "_s).toHtmlEscaped(),
                 info().contextType.toHtmlEscaped(),
                 info().context.isEmpty() ? QString()
                                          : tr(", context %1").arg(info().context.toHtmlEscaped())));

    const bool writable = ws->connection(m_connectionId) && !ws->connection(m_connectionId)->profile.readOnly;
    const bool paused = status().state == u"PAUSED";
    for (QPushButton *b : m_actions.all())
        b->setVisible(writable);
    m_actions.pause->setEnabled(!paused);
    m_actions.resume->setEnabled(paused);
    m_actions.reset->setEnabled(paused);
    if (m_verify)
        m_verify->setEnabled(!destConn.isEmpty());

    m_configTable->setRowCount(0);
    for (auto it = info().config.cbegin(); it != info().config.cend(); ++it) {
        const int row = m_configTable->rowCount();
        m_configTable->insertRow(row);
        m_configTable->setItem(row, 0, new QTableWidgetItem(it.key()));
        m_configTable->setItem(row, 1, new QTableWidgetItem(secretMask(it.key(), it.value())));
    }
    m_configTable->resizeColumnToContents(0);

    const exporters::Diagnosis &d = diagnosis();
    const bool show = paused || d.loop || !m_watch->text().isEmpty();
    m_trouble->setVisible(show);
    if (!show)
        return;
    m_diagnosisTitle->setText(paused   ? (d.title.isEmpty() ? tr("Paused") : d.title).toHtmlEscaped()
                              : d.loop ? tr("%1, but it loops").arg(status().state).toHtmlEscaped()
                                       : status().state.toHtmlEscaped());
    m_diagnosisText->setText(markdownToHtml(d.explanation));
    m_diagnosisText->setVisible(!d.explanation.isEmpty());
    if (paused && !d.fixText.isEmpty()) {
        const QString place =
            d.fixOnSource ? tr("<b>%1</b> (the exporter's own registry)").arg(source.toHtmlEscaped())
            : d.fixRegistryKnown
                ? tr("<b>%1</b> (%2)")
                      .arg(d.fixRegistryName.toHtmlEscaped(), d.fixRegistryUrl.toHtmlEscaped())
                : tr("the registry at <b>%1</b>, which is not among your connections")
                      .arg(d.fixRegistryUrl.toHtmlEscaped());
        m_fixWhere->setText(tr("Fix on %1: %2").arg(place, markdownToHtml(d.fixText)));
        m_fixWhere->setVisible(true);
    } else {
        m_fixWhere->setVisible(false);
    }

    QString fixLabel;
    bool fixEnabled = writable;
    switch (d.action) {
    case exporters::FixAction::SetImportMode:
        fixLabel = tr("Set %1 on %2 to IMPORT, then resume").arg(d.modeScope, d.fixRegistryName);
        fixEnabled = fixEnabled && !d.fixConnectionId.isEmpty();
        break;
    case exporters::FixAction::UpdateCredentials:
        fixLabel = tr("Use %1's credentials, then resume").arg(d.fixRegistryName);
        fixEnabled = fixEnabled && !d.fixConnectionId.isEmpty();
        break;
    case exporters::FixAction::Resume:
        fixLabel = tr("Resume %1").arg(m_name);
        break;
    default:
        break;
    }
    m_fix->setVisible(paused && !fixLabel.isEmpty());
    m_fix->setText(literalCaption(fixLabel));
    m_fix->setEnabled(fixEnabled);
    m_addConnection->setVisible(paused && d.action == exporters::FixAction::SetImportMode &&
                                d.fixConnectionId.isEmpty());

    m_loopText->setVisible(d.loop);
    m_narrow->setVisible(d.loop && writable);
    if (d.loop) {
        m_loopText->setText(
            markdownToHtml(d.loopExplanation) + u"<br>"_s + markdownToHtml(d.loopFix) +
            (paused ? tr("<br>The quick fix above lets the nested copies in; the lasting fix stops "
                         "sending them.")
                    : QString()));
        m_narrow->setText(literalCaption(tr("Narrow subjects to %1").arg(d.narrowedSubjects.join(u", "_s))));
    }

    m_traceHeadline->setVisible(!d.trace.isEmpty());
    m_traceHeadline->setText(d.trace.headline);
    m_stackToggle->setVisible(!d.trace.stack.isEmpty());
    m_stackToggle->setText(tr("Stack (%n line(s))", nullptr, int(d.trace.stack.size())));
    m_stack->setPlainText(d.trace.stack.join(u'\n'));
}

void ExporterDetailView::renderMapping()
{
    const exporters::ExporterMapping mapping =
        exporters::ExporterMapping::fromInfo(info(), m_loader->sourceClusterId());
    const QList<exporters::MappingRow> rows = exporters::previewMapping(mapping, m_loader->sourceSubjects());
    const int shown = int(qMin<qsizetype>(rows.size(), 500));
    m_mapping->setRowCount(shown);
    for (int r = 0; r < shown; ++r) {
        m_mapping->setItem(r, 0, new QTableWidgetItem(rows[r].source));
        m_mapping->setItem(r, 1, new QTableWidgetItem(rows[r].destination));
        m_mapping->setItem(r, 2, new QTableWidgetItem(rows[r].destinationContext));
    }
    m_mapping->resizeColumnsToContents();
    m_mappingNote->setText(
        ExporterSupport::markdownToHtml(exporters::explainContextType(mapping.contextType)) + u"<br>"_s +
        tr("%n subject(s) of the source match %1.", nullptr, int(rows.size()))
            .arg(mapping.subjects.join(u", "_s).toHtmlEscaped()) +
        (shown < rows.size() ? tr(" The first %1 are shown.").arg(shown) : QString()));
}

bool ExporterDetailView::applyFix()
{
    const exporters::Diagnosis d = diagnosis();
    items::RegistryWorkspace *ws = m_shell.workspace();
    const QString source = connectionName(ws, m_connectionId);
    if (d.action == exporters::FixAction::Resume) {
        ExporterActions::resume(m_shell, this, m_connectionId, m_name, [this](bool ok) {
            if (ok)
                startWatching();
        });
        return true;
    }
    if (d.fixConnectionId.isEmpty() || !ws->client(d.fixConnectionId))
        return false;
    registry::RegistryClient *dest = ws->client(d.fixConnectionId);
    if (d.action == exporters::FixAction::SetImportMode) {
        const QString text = tr("Set the mode of context %3 on %1 to IMPORT.\n%3 then accepts the copies the "
                                "exporter writes with the source's ids and versions, and only those (normal "
                                "registrations there are refused).\n"
                                "Then resume exporter %4 on %5 and watch it until it is RUNNING.\n\n"
                                "Request: PUT /mode/%3 {\"mode\":\"IMPORT\"} on %2")
                                 .arg(d.fixRegistryName, d.fixRegistryUrl, d.modeScope, m_name, source);
        // The mode is set on the destination, the resume on the source: each asks its own connection.
        registry::WriteConfirmation onDestination;
        if (!ExporterSupport::confirmWrite(this, ws, d.fixConnectionId, tr("Fix exporter %1").arg(m_name),
                                           text, tr("Set IMPORT and resume"), d.modeScope, &onDestination))
            return false;
        registry::WriteConfirmation onSource;
        const auto *sourceConnection = ws->connection(m_connectionId);
        if (sourceConnection && sourceConnection->profile.isProtected &&
            !ExporterSupport::confirmWrite(this, ws, m_connectionId, tr("Fix exporter %1").arg(m_name),
                                           tr("Then resume exporter %1 on %2?").arg(m_name, source),
                                           tr("Resume"), m_name, &onSource))
            return false;
        setWatchText(tr("Setting %1 on %2 to IMPORT…").arg(d.modeScope, d.fixRegistryName));
        dest->setMode(
            d.modeScope, u"IMPORT"_s, false, this,
            [this, d, onSource](const Result<QString> &r) {
                if (!r) {
                    setWatchText(tr("%1 refused: %2").arg(d.fixRegistryName, r.error.toDisplayString()));
                    Dialogs::warning(this, tr("Fix exporter %1").arg(m_name), r.error.toDisplayString());
                    return;
                }
                m_shell.workspace()->reloadSettings(d.fixConnectionId);
                setWatchText(tr("%1 on %2 is in IMPORT mode. Resuming %3…")
                                 .arg(d.modeScope, d.fixRegistryName, m_name));
                m_shell.workspace()
                    ->client(m_connectionId)
                    ->resumeLink(
                        LinkKind::Exporter, m_name, this,
                        [this](const Result<QString> &resumed) {
                            if (!resumed && resumed.error.errorCode != 40961) { // 40961: already running
                                setWatchText(resumed.error.toDisplayString());
                                return;
                            }
                            startWatching();
                        },
                        onSource);
            },
            onDestination);
        return true;
    }
    if (d.action == exporters::FixAction::UpdateCredentials) {
        const auto *c = ws->connection(d.fixConnectionId);
        if (!c || !m_shell.context().secretStore())
            return false;
        const registry::ConnectionProfile profile = c->profile;
        registry::WriteConfirmation confirmation;
        if (!ExporterSupport::confirmWrite(
                this, ws, m_connectionId, tr("Fix exporter %1").arg(m_name),
                tr("Put %1's credentials (user %2) into exporter %3's config on %4 "
                   "(basic.auth.user.info; they are sent to %4 only), then resume it and watch it until it "
                   "is RUNNING.")
                    .arg(d.fixRegistryName, profile.basicUser, m_name, source),
                tr("Update credentials and resume"), m_name, &confirmation))
            return false;
        m_shell.context().secretStore()->readSecrets(
            profile, this,
            [this, profile, confirmation](const registry::ConnectionSecrets &secrets, const QStringList &,
                                          const QString &) {
                QMap<QString, QString> config = info().config;
                config.insert(u"basic.auth.credentials.source"_s, u"USER_INFO"_s);
                config.insert(u"basic.auth.user.info"_s,
                              profile.basicUser + u':' + secrets.value(registry::SecretName::basicPassword));
                m_shell.workspace()
                    ->client(m_connectionId)
                    ->updateLinkConfig(
                        LinkKind::Exporter, m_name, config, this,
                        [this, confirmation](const Result<QString> &r) {
                            if (!r) {
                                Dialogs::warning(this, tr("Fix exporter %1").arg(m_name),
                                                 r.error.toDisplayString());
                                return;
                            }
                            m_shell.workspace()
                                ->client(m_connectionId)
                                ->resumeLink(
                                    LinkKind::Exporter, m_name, this,
                                    [this](const Result<QString> &) { startWatching(); }, confirmation);
                        },
                        confirmation);
            });
        return true;
    }
    return false;
}

bool ExporterDetailView::applyNarrowing()
{
    if (!diagnosis().loop || diagnosis().narrowedSubjects.isEmpty())
        return false;
    const QStringList narrowed = diagnosis().narrowedSubjects;
    ExporterActions::whilePaused(
        m_shell, this, m_connectionId, m_name, tr("Narrow the subjects of %1").arg(m_name),
        tr("Change exporter %1's subjects from %2 to %3?")
            .arg(m_name, info().subjects.join(u", "_s), narrowed.join(u", "_s)),
        [this, narrowed](const registry::WriteConfirmation &confirmation,
                         std::function<void(bool)> finished) {
            registry::ExporterInfo update;
            update.subjects = narrowed;
            m_shell.workspace()
                ->client(m_connectionId)
                ->updateLink(
                    LinkKind::Exporter, m_name, update, this,
                    [this, finished](const Result<QString> &r) {
                        if (!r)
                            Dialogs::warning(this, tr("Narrow subjects"), r.error.toDisplayString());
                        finished(r.ok());
                    },
                    confirmation);
        },
        [this](bool) { refresh(); });
    return true;
}

void ExporterDetailView::startWatching()
{
    setWatchText(tr("Resumed. Watching %1 until it is RUNNING…").arg(m_name));
    m_watcher->start();
}

void ExporterDetailView::watchEnded(bool running, const registry::ExporterStatus &status)
{
    if (running) {
        setWatchText(tr("✔ %1 is RUNNING again (offset %2, %3).")
                         .arg(m_name)
                         .arg(status.offset)
                         .arg(QDateTime::currentDateTime().toString(u"HH:mm:ss"_s)));
        ExporterSupport::reportState(m_shell, m_connectionId, m_name, u"RUNNING"_s);
    } else {
        setWatchText(tr("✗ %1 paused again: %2").arg(m_name, status.trace.section(u'\n', 0, 0)));
    }
    m_shell.workspace()->reloadExporters(m_connectionId);
    refresh();
    Q_EMIT watchFinished(running);
}

void ExporterDetailView::setWatchText(const QString &text)
{
    m_watch->setText(text);
    m_watch->setVisible(!text.isEmpty());
}

} // namespace sd::ui
