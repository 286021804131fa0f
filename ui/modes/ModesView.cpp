#include "ModesView.h"

#include "ConfigFieldsDialog.h"
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
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

using modes::Field;
using modes::Level;
using registry::Result;

namespace {

bool setHere(const Level &level, items::SettingSource source)
{
    switch (level.kind) {
    case Level::Kind::Global:
        return source == items::SettingSource::Global;
    case Level::Kind::TopLevel:
    case Level::Kind::Context:
        return source == items::SettingSource::Context;
    case Level::Kind::Subject:
        return source == items::SettingSource::Subject;
    }
    return false;
}

QString sourceText(const Level &level, const items::EffectiveValue &value)
{
    if (setHere(level, value.source))
        return u"set here"_s;
    if (value.source == items::SettingSource::Context && level.context == u".")
        return u"inherited from the default context (top level)"_s;
    if (value.source == items::SettingSource::Context)
        return u"inherited from context "_s + level.context;
    return items::settingSourceName(value.source);
}

QTableWidgetItem *cell(const QString &text, bool inherited = false)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (inherited) {
        QFont font = item->font();
        font.setItalic(true);
        item->setFont(font);
    }
    return item;
}

} // namespace

ModesView::ModesView(Shell &shell, const QString &connectionId, QWidget *parent)
    : QWidget(parent)
    , m_shell(shell)
    , m_connectionId(connectionId)
    , m_loader(new modes::SettingsLoader(this))
{
    setObjectName(u"modesView"_s);
    auto *layout = new QVBoxLayout(this);
    setupHeader(layout);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    setupTable(splitter);
    auto *bottom = new QWidget(splitter);
    auto *bottomLayout = new QHBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    m_details = new QPlainTextEdit(bottom);
    m_details->setObjectName(u"modesDetails"_s);
    m_details->setReadOnly(true);
    bottomLayout->addWidget(m_details, 1);
    m_editBox = new QGroupBox(tr("Change this level"), bottom);
    m_editBox->setObjectName(u"modesEditBox"_s);
    auto *edit = new QVBoxLayout(m_editBox);
    setupModeEditing(edit);
    setupCompatibilityEditing(edit);
    bottomLayout->addWidget(m_editBox, 2);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    const bool canWrite = writable();
    m_editBox->setVisible(canWrite);
    m_header->setText(
        tr("Modes & compatibility of %1%2")
            .arg(connectionName(m_shell.workspace(), m_connectionId),
                 canWrite ? QString() : tr(" — read-only connection: values only, no changes")));

    applyCapabilities();
    setupConnections();
    reload();
}

void ModesView::setupHeader(QVBoxLayout *layout)
{
    auto *top = new QHBoxLayout;
    m_header = new QLabel(this);
    m_header->setObjectName(u"modesHeader"_s);
    m_header->setTextFormat(Qt::PlainText);
    top->addWidget(m_header, 1);
    m_subjectEdit = new QLineEdit(this);
    m_subjectEdit->setObjectName(u"modesSubjectEdit"_s);
    m_subjectEdit->setPlaceholderText(tr("Subject (qualified, e.g. :.ctx:orders-value)"));
    top->addWidget(m_subjectEdit);
    auto *showSubjectButton = addNamedButton(top, this, tr("Show subject"), u"modesShowSubject"_s);
    auto *refresh = addNamedButton(top, this, tr("Reload"), u"modesReload"_s);
    layout->addLayout(top);

    m_status = plainLabel(this);
    m_status->setObjectName(u"modesStatus"_s);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_capabilityNote = plainLabel(this);
    m_capabilityNote->setObjectName(u"modesCapabilityNote"_s);
    m_capabilityNote->setWordWrap(true);
    m_capabilityNote->hide();
    layout->addWidget(m_capabilityNote);
    connect(refresh, &QPushButton::clicked, this, &ModesView::reload);
    connect(showSubjectButton, &QPushButton::clicked, this,
            [this] { showSubject(m_subjectEdit->text().trimmed()); });
    connect(m_subjectEdit, &QLineEdit::returnPressed, this,
            [this] { showSubject(m_subjectEdit->text().trimmed()); });
}

void ModesView::setupTable(QWidget *parent)
{
    m_table = new QTableWidget(0, ColumnCount, parent);
    m_table->setObjectName(u"modesLevelsTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Level"), tr("Mode set here"), tr("Effective mode"),
                                        tr("Mode from"), tr("Compatibility set here"),
                                        tr("Effective compatibility"), tr("Compatibility from"),
                                        tr("Subjects"), tr("Other settings set here")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Every column as wide as its contents, the table scrolls sideways on a small screen: a stretched
    // last column was cut to nothing at 1024 px.
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
}

QHBoxLayout *ModesView::addEditRow(QVBoxLayout *edit, EditRow &row, const QString &label,
                                   const QString &comboName, const QStringList &applyButton,
                                   const QStringList &resetButton)
{
    auto *layout = new QHBoxLayout;
    layout->addWidget(new QLabel(label, m_editBox));
    row.combo = new QComboBox(m_editBox);
    row.combo->setObjectName(comboName);
    layout->addWidget(row.combo, 1);
    row.apply = addNamedButton(layout, m_editBox, applyButton.at(0), applyButton.at(1));
    row.reset = addNamedButton(layout, m_editBox, resetButton.at(0), resetButton.at(1));
    edit->addLayout(layout);
    return layout;
}

void ModesView::setupModeEditing(QVBoxLayout *edit)
{
    QHBoxLayout *row =
        addEditRow(edit, m_mode, tr("Mode:"), u"modeCombo"_s, {tr("Set mode…"), u"applyModeButton"_s},
                   {tr("Reset to inherited…"), u"resetModeButton"_s});
    m_recursiveReset =
        addNamedButton(row, m_editBox, tr("Reset modes recursively…"), u"recursiveResetButton"_s);
    m_recursiveReset->setToolTip(tr("DELETE /mode with recursive=true: also clears the subjects' own modes"));
    m_modeHint = plainLabel(m_editBox);
    m_modeHint->setObjectName(u"modeHint"_s);
    m_modeHint->setWordWrap(true);
    edit->addWidget(m_modeHint);
}

void ModesView::setupCompatibilityEditing(QVBoxLayout *edit)
{
    QHBoxLayout *row = addEditRow(edit, m_compatibility, tr("Compatibility:"), u"compatibilityCombo"_s,
                                  {tr("Set compatibility…"), u"applyCompatibilityButton"_s},
                                  {tr("Reset config to inherited…"), u"resetConfigButton"_s});
    m_compatibility.combo->addItems(modes::compatibilityLevels());
    m_otherSettings = addNamedButton(row, m_editBox, tr("Other settings…"), u"otherConfigButton"_s);
    m_otherSettings->setToolTip(
        tr("Compatibility group and policy, normalize, validation, alias, default and "
           "override metadata and rule sets at this level"));
    m_previewLabel = plainLabel(m_editBox);
    m_previewLabel->setObjectName(u"previewLabel"_s);
    m_previewLabel->setWordWrap(true);
    edit->addWidget(m_previewLabel);
    m_previewList = new QListWidget(m_editBox);
    m_previewList->setObjectName(u"previewList"_s);
    edit->addWidget(m_previewList, 1);
}

void ModesView::setupConnections()
{
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ModesView::onLevelSelected);
    connect(m_mode.combo, &QComboBox::currentTextChanged, this, [this] { updatePreview(Field::Mode); });
    connect(m_compatibility.combo, &QComboBox::currentTextChanged, this,
            [this] { updatePreview(Field::Compatibility); });
    connect(m_mode.apply, &QPushButton::clicked, this, &ModesView::applyMode);
    connect(m_mode.reset, &QPushButton::clicked, this, [this] { resetMode(false); });
    connect(m_recursiveReset, &QPushButton::clicked, this, [this] { resetMode(true); });
    connect(m_compatibility.apply, &QPushButton::clicked, this, &ModesView::applyCompatibility);
    connect(m_compatibility.reset, &QPushButton::clicked, this, &ModesView::resetConfig);
    connect(m_otherSettings, &QPushButton::clicked, this, &ModesView::editOtherSettings);
    connect(m_loader, &modes::SettingsLoader::loaded, this, [this] {
        if (m_shell.isClosing())
            return; // requests aborted while the window is being destroyed
        applyCapabilities();
        rebuildTable();
        const QHash<QString, QString> &errors = m_loader->errors();
        QStringList lines;
        for (auto it = errors.cbegin(); it != errors.cend(); ++it)
            lines << u"%1 — %2"_s.arg(it.key().isEmpty() ? u"top level"_s : it.key(), it.value());
        m_status->setText(lines.isEmpty() ? tr("%n subject(s); settings loaded.", nullptr,
                                               int(m_loader->snapshot().subjectNames.size()))
                                          : tr("Some levels could not be read:\n") + lines.join(u'\n'));
        if (!m_lastResult.isEmpty()) {
            // What was just done stays in view until the next choice, instead of a preview of nothing.
            m_previewLabel->setText(u"✓ "_s + m_lastResult);
            m_status->setText(u"✓ "_s + m_lastResult + u' ' + m_status->text());
            m_lastResult.clear();
        }
        Q_EMIT loaded();
    });
    connect(m_loader, &modes::SettingsLoader::failed, this, [this](const QString &error) {
        m_status->setText(tr("Could not read the settings: %1").arg(error));
        Q_EMIT loaded();
    });
}

const registry::ServerCapabilities *ModesView::capabilities() const
{
    const items::RegistryWorkspace::Connection *c = m_shell.workspace()->connection(m_connectionId);
    return c && c->capabilities.flavor != registry::ServerFlavor::Unknown ? &c->capabilities : nullptr;
}

void ModesView::applyCapabilities()
{
    const registry::ServerCapabilities *caps = capabilities();
    QStringList lines;
    bool canChangeModes = true;
    if (caps) {
        const QString name = registry::ServerCapabilities::flavorName(caps->flavor);
        if (caps->modes == registry::Support::No) {
            lines << tr("%1 has no modes: the mode columns show what a Confluent registry would assume.")
                         .arg(name);
            canChangeModes = false;
        } else if (caps->modeChanges == registry::Support::No) {
            lines << tr("%1: modes cannot be changed here; every subject is always READWRITE.").arg(name);
            canChangeModes = false;
        } else if (caps->modesEnforced == registry::Support::No) {
            lines << tr("%1 stores modes but does not enforce them: READONLY and IMPORT do not stop writes "
                        "here, whatever this table says.")
                         .arg(name);
        }
        if (canChangeModes && caps->forwardMode == registry::Support::No)
            lines << tr("FORWARD mode is not offered by %1.").arg(name);
        if (caps->flavor == registry::ServerFlavor::Redpanda && canChangeModes)
            lines << tr("Redpanda allows IMPORT only where no schema was ever registered (soft-deleted ones "
                        "count), unless forced.");
        if (caps->contexts == registry::Support::No)
            lines << tr("No contexts: only the global and the top level apply.");
    }
    m_capabilityNote->setText(lines.join(u'\n'));
    m_capabilityNote->setVisible(!lines.isEmpty());
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_mode.combo, m_mode.apply, m_mode.reset, m_recursiveReset})
        w->setVisible(canChangeModes);
}

bool ModesView::writable() const
{
    return SubjectActions::canWrite(m_shell.workspace(), m_connectionId);
}

bool ModesView::isLoading() const
{
    return m_loader->isLoading();
}

void ModesView::reload()
{
    m_status->setText(tr("Loading the settings…"));
    m_loader->load(m_shell.workspace()->client(m_connectionId));
}

void ModesView::showSubject(const QString &qualifiedSubject)
{
    if (qualifiedSubject.isEmpty())
        return;
    m_subject = qualifiedSubject;
    m_subjectEdit->setText(qualifiedSubject);
    if (!m_loader->isLoading())
        rebuildTable();
    selectLevel(Level::ofSubject(qualifiedSubject));
}

int ModesView::rowOf(const Level &level) const
{
    return int(m_levels.indexOf(level));
}

bool ModesView::selectLevel(const Level &level)
{
    m_selected = level;
    const int row = rowOf(level);
    if (row < 0)
        return false;
    m_table->selectRow(row);
    return true;
}

Level ModesView::currentLevel() const
{
    return m_selected;
}

void ModesView::rebuildTable()
{
    const modes::SettingsSnapshot &snapshot = m_loader->snapshot();
    m_levels = {Level::global(), Level::topLevel()};
    QStringList contexts = m_loader->contexts();
    contexts.removeAll(u"."_s);
    contexts.sort();
    for (const QString &context : std::as_const(contexts))
        m_levels << Level::ofContext(context);
    if (!m_subject.isEmpty())
        m_levels << Level::ofSubject(m_subject);

    const QSignalBlocker blocker(m_table);
    m_table->setRowCount(int(m_levels.size()));
    for (int row = 0; row < m_levels.size(); ++row) {
        const Level &level = m_levels.at(row);
        const items::ScopeSettings &set = snapshot.settingsAt(level);
        const items::EffectiveValue mode = snapshot.effectiveAt(level, Field::Mode);
        const items::EffectiveValue compatibility = snapshot.effectiveAt(level, Field::Compatibility);
        m_table->setItem(row, LevelColumn, cell(level.label()));
        m_table->setItem(row, ModeSetColumn, cell(set.mode.isEmpty() ? u"—"_s : set.mode));
        m_table->setItem(row, ModeEffectiveColumn, cell(mode.value, !setHere(level, mode.source)));
        m_table->setItem(row, ModeSourceColumn, cell(sourceText(level, mode)));
        m_table->setItem(row, CompatibilitySetColumn,
                         cell(set.compatibility.isEmpty() ? u"—"_s : set.compatibility));
        m_table->setItem(row, CompatibilityEffectiveColumn,
                         cell(compatibility.value, !setHere(level, compatibility.source)));
        m_table->setItem(row, CompatibilitySourceColumn, cell(sourceText(level, compatibility)));
        const auto config = m_loader->configs().constFind(level.scope());
        m_table->setItem(
            row, OtherColumn,
            cell(config == m_loader->configs().cend() ? QString() : modesui::configSummary(*config)));
        int subjects = 0;
        switch (level.kind) {
        case Level::Kind::Global:
            subjects = int(snapshot.subjectNames.size());
            break;
        case Level::Kind::TopLevel:
        case Level::Kind::Context:
            subjects = int(snapshot.subjectsIn(level.context).size());
            break;
        case Level::Kind::Subject:
            subjects = snapshot.subjectNames.contains(level.subject) ? 1 : 0;
            break;
        }
        m_table->setItem(row, SubjectsColumn, cell(QString::number(subjects)));
    }
    int row = rowOf(m_selected);
    if (row < 0)
        row = 0;
    m_table->selectRow(row);
    onLevelSelected();
}

void ModesView::onLevelSelected()
{
    const QList<QTableWidgetItem *> selected = m_table->selectedItems();
    if (!selected.isEmpty() && selected.first()->row() < m_levels.size())
        m_selected = m_levels.at(selected.first()->row());
    const Level level = m_selected;
    const modes::SettingsSnapshot &snapshot = m_loader->snapshot();

    const auto config = m_loader->configs().constFind(level.scope());
    QString details = tr("%1 — scope \"%2\"\n\n").arg(level.label(), level.scope());
    details += tr("Mode set here: %1\n")
                   .arg(snapshot.settingsAt(level).mode.isEmpty() ? tr("(not set)")
                                                                  : snapshot.settingsAt(level).mode);
    details +=
        config == m_loader->configs().cend() ? tr("No config set here.") : modesui::configDetails(*config);
    if (level.kind == Level::Kind::TopLevel)
        details += tr("\n\nThe top-level /config and /mode apply to the default context only; other contexts "
                      "fall back to their own entry, then the global level.");
    m_details->setPlainText(details);

    const QSignalBlocker modeBlocker(m_mode.combo);
    const QSignalBlocker compatibilityBlocker(m_compatibility.combo);
    m_mode.combo->clear();
    QStringList offered = modes::offeredModes(level);
    if (const registry::ServerCapabilities *caps = capabilities();
        caps && caps->forwardMode == registry::Support::No)
        offered.removeAll(u"FORWARD"_s);
    m_mode.combo->addItems(offered);
    m_mode.combo->setCurrentText(snapshot.effectiveAt(level, Field::Mode).value);
    m_compatibility.combo->setCurrentText(snapshot.effectiveAt(level, Field::Compatibility).value);
    const bool contextLike = level.kind == Level::Kind::Context || level.kind == Level::Kind::TopLevel;
    m_recursiveReset->setEnabled(contextLike);
    m_mode.reset->setEnabled(!snapshot.settingsAt(level).mode.isEmpty() || contextLike);
    m_compatibility.reset->setEnabled(config != m_loader->configs().cend());
    updatePreview(Field::Mode);
}

QStringList ModesView::liveSubjectsIn(const Level &level) const
{
    const modes::SettingsSnapshot &snapshot = m_loader->snapshot();
    switch (level.kind) {
    case Level::Kind::Global:
        return snapshot.subjectNames;
    case Level::Kind::TopLevel:
    case Level::Kind::Context:
        return snapshot.subjectsIn(level.context);
    case Level::Kind::Subject:
        return snapshot.subjectNames.contains(level.subject) ? QStringList{level.subject} : QStringList{};
    }
    return {};
}

QList<modes::SettingChange> ModesView::preview(Field field, const QString &value, bool recursive) const
{
    return modes::previewChange(m_loader->snapshot(), m_selected, field, value, recursive);
}

QString ModesView::previewText(const QList<modes::SettingChange> &changes, int limit) const
{
    QStringList lines;
    for (const modes::SettingChange &change : changes.mid(0, limit))
        lines << u"  %1: %2 → %3"_s.arg(change.subject, change.before.value, change.after.value);
    if (changes.size() > limit)
        lines << tr("  … and %n more", nullptr, int(changes.size() - limit));
    return lines.join(u'\n');
}

void ModesView::updatePreview(Field field)
{
    const QString value =
        field == Field::Mode ? m_mode.combo->currentText() : m_compatibility.combo->currentText();
    const QString what = field == Field::Mode ? tr("mode") : tr("compatibility");
    const QList<modes::SettingChange> changes = preview(field, value);
    m_previewList->clear();
    for (const modes::SettingChange &change : changes)
        m_previewList->addItem(u"%1: %2 → %3"_s.arg(change.subject, change.before.value, change.after.value));
    m_previewLabel->setText(
        (changes.isEmpty() ? tr("Setting the %1 of the %2 to %3 would change no subject's effective %1.")
                                 .arg(what, m_selected.label(), value)
                           : tr("Setting the %1 of the %2 to %3 changes the effective %1 of %n subject(s).",
                                nullptr, int(changes.size()))
                                 .arg(what, m_selected.label(), value)) +
        (m_loader->subjectsSkipped()
             ? tr(" (Subject-level settings were not read for this many subjects: the count "
                  "assumes none has its own.)")
             : QString()));
    QString hint = modes::modeExplanation(m_mode.combo->currentText());
    const registry::ServerCapabilities *caps = capabilities();
    if (m_selected.kind != Level::Kind::Global && !(caps && caps->forwardMode == registry::Support::No))
        hint += tr(" FORWARD is only accepted at the global level.");
    if (caps && caps->modesEnforced == registry::Support::No)
        hint += tr(" Not enforced by %1.").arg(registry::ServerCapabilities::flavorName(caps->flavor));
    m_modeHint->setText(hint);
}

void ModesView::afterWrite(bool ok, const QString &message)
{
    m_status->setText(message);
    if (!ok)
        Dialogs::warning(this, tr("Settings not changed"), message);
    else
        m_lastResult = message;
    m_shell.workspace()->reloadSettings(m_connectionId);
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(this, &ModesView::loaded, this, [this, connection, ok, message] {
        disconnect(*connection);
        Q_EMIT changeFinished(ok, message);
    });
    reload();
}

void ModesView::applyMode()
{
    if (!writable())
        return;
    const Level level = m_selected;
    const QString mode = m_mode.combo->currentText();
    if (mode == u"FORWARD" && level.kind != Level::Kind::Global) {
        Dialogs::warning(this, tr("FORWARD only globally"),
                         tr("The server accepts FORWARD only at the global level (:.__GLOBAL:)."));
        return;
    }
    const QList<modes::SettingChange> changes = preview(Field::Mode, mode);
    const QString current = m_loader->snapshot().effectiveAt(level, Field::Mode).value;
    const QStringList live = liveSubjectsIn(level);
    QString text =
        tr("Set the mode of the %1 on %2 to %3?\n\n%4\n\nThe effective mode of %n subject(s) changes",
           nullptr, int(changes.size()))
            .arg(level.label(), connectionName(m_shell.workspace(), m_connectionId), mode,
                 modes::modeExplanation(mode));
    text += changes.isEmpty() ? u"."_s : u":\n"_s + previewText(changes);
    if (!modes::importNeedsForce(mode, current, int(live.size()))) {
        registry::WriteConfirmation confirmation;
        if (modesui::confirmSettingsChange(this, m_shell.workspace(), m_connectionId, tr("Change the mode"),
                                           text, tr("Set %1").arg(mode), &confirmation))
            setMode(level, mode, false, confirmation);
        return;
    }
    // IMPORT on a scope with live subjects: the server wants force, and purges soft-deleted versions.
    registry::SchemaQuery query;
    if (level.kind == Level::Kind::Global)
        query.subjectPrefix = u":*:"_s;
    else if (level.kind == Level::Kind::Context)
        query.subjectPrefix = level.scope();
    else if (level.kind == Level::Kind::Subject)
        query.subjectPrefix = level.subject;
    query.deleted = true;
    QPointer<ModesView> self(this);
    m_status->setText(tr("Counting soft-deleted versions in the %1…").arg(level.label()));
    m_shell.workspace()
        ->client(m_connectionId)
        ->listSchemas(
            query, this, [self, level, mode, text, live](const Result<QList<registry::SchemaVersion>> &r) {
                if (!self)
                    return;
                QStringList purged;
                for (const registry::SchemaVersion &v : r.value)
                    if (v.deleted && (level.kind != Level::Kind::Subject || v.subject == level.subject))
                        purged << u"%1 v%2"_s.arg(v.subject).arg(v.version);
                QString warning = text;
                warning +=
                    tr("\n\nThe %1 still holds %n live subject(s), so the server refuses IMPORT unless it is "
                       "forced (force=true).",
                       nullptr, int(live.size()))
                        .arg(level.label());
                if (!r)
                    warning += tr("\n\nThe soft-deleted versions could not be counted (%1): any soft-deleted "
                                  "version in this scope will be permanently deleted.")
                                   .arg(r.error.summary());
                else if (purged.isEmpty())
                    warning += tr("\n\nNo soft-deleted versions are in this scope, so nothing is purged.");
                else
                    warning +=
                        tr("\n\nForcing IMPORT permanently deletes the %n soft-deleted version(s) in this "
                           "scope:\n",
                           nullptr, int(purged.size())) +
                        purged.mid(0, 30).join(u", "_s) +
                        (purged.size() > 30 ? tr(" … and %1 more").arg(purged.size() - 30) : QString());
                registry::WriteConfirmation confirmation;
                if (modesui::confirmSettingsChange(self, self->m_shell.workspace(), self->m_connectionId,
                                                   tr("Force IMPORT mode"), warning, tr("Force IMPORT"),
                                                   &confirmation))
                    self->setMode(level, mode, true, confirmation);
                else
                    self->m_status->setText(tr("IMPORT not set."));
            });
}

void ModesView::setMode(const Level &level, const QString &mode, bool force,
                        const registry::WriteConfirmation &confirmation)
{
    m_shell.workspace()
        ->client(m_connectionId)
        ->setMode(level.scope(), mode, force, this,
                  reportWrite<QString>(tr("Mode of the %1 set to %2.").arg(level.label(), mode)),
                  confirmation);
}

void ModesView::resetMode(bool recursive)
{
    if (!writable())
        return;
    const Level level = m_selected;
    const modes::SettingsSnapshot &snapshot = m_loader->snapshot();
    const QList<modes::SettingChange> changes = preview(Field::Mode, QString(), recursive);
    QString text = tr("Reset the mode of the %1 on %2 to inherited (DELETE)?")
                       .arg(level.label(), connectionName(m_shell.workspace(), m_connectionId));
    if (recursive) {
        const QStringList own = snapshot.subjectsWithOwn(level.context, Field::Mode);
        text += tr("\n\nRecursive: the own modes of %n subject(s) in this context are cleared too", nullptr,
                   int(own.size()));
        text += own.isEmpty() ? u"."_s : u": "_s + own.mid(0, 30).join(u", "_s);
    }
    text += tr("\n\nThe effective mode of %n subject(s) changes", nullptr, int(changes.size()));
    text += changes.isEmpty() ? u"."_s : u":\n"_s + previewText(changes);
    registry::WriteConfirmation confirmation;
    if (!modesui::confirmSettingsChange(this, m_shell.workspace(), m_connectionId, tr("Reset the mode"), text,
                                        recursive ? tr("Reset recursively") : tr("Reset mode"),
                                        &confirmation))
        return;
    m_shell.workspace()
        ->client(m_connectionId)
        ->deleteMode(level.scope(), recursive, this,
                     reportWrite<QString>(tr("Mode of the %1 reset.").arg(level.label())), confirmation);
}

void ModesView::applyCompatibility()
{
    if (!writable())
        return;
    const Level level = m_selected;
    const QString value = m_compatibility.combo->currentText();
    const QList<modes::SettingChange> changes = preview(Field::Compatibility, value);
    QString text = tr("Set the compatibility of the %1 on %2 to %3?\n\nThe effective compatibility of %n "
                      "subject(s) changes",
                      nullptr, int(changes.size()))
                       .arg(level.label(), connectionName(m_shell.workspace(), m_connectionId), value);
    text += changes.isEmpty() ? u"."_s : u":\n"_s + previewText(changes);
    registry::WriteConfirmation confirmation;
    if (!modesui::confirmSettingsChange(this, m_shell.workspace(), m_connectionId, tr("Change compatibility"),
                                        text, tr("Set %1").arg(value), &confirmation))
        return;
    registry::ConfigUpdate update;
    update.compatibility = value;
    m_shell.workspace()
        ->client(m_connectionId)
        ->setConfig(level.scope(), update, this,
                    reportWrite<registry::RegistryConfig>(
                        tr("Compatibility of the %1 set to %2.").arg(level.label(), value)),
                    confirmation);
}

void ModesView::resetConfig()
{
    if (!writable())
        return;
    const Level level = m_selected;
    const QList<modes::SettingChange> changes = preview(Field::Compatibility, QString());
    QString text = tr("Remove the config set at the %1 on %2 (DELETE), so it inherits again? This removes "
                      "every config field set there (compatibility, group, metadata, rule sets).\n\nThe "
                      "effective compatibility of %n subject(s) changes",
                      nullptr, int(changes.size()))
                       .arg(level.label(), connectionName(m_shell.workspace(), m_connectionId));
    text += changes.isEmpty() ? u"."_s : u":\n"_s + previewText(changes);
    registry::WriteConfirmation confirmation;
    if (!modesui::confirmSettingsChange(this, m_shell.workspace(), m_connectionId, tr("Reset the config"),
                                        text, tr("Reset config"), &confirmation))
        return;
    m_shell.workspace()
        ->client(m_connectionId)
        ->deleteConfig(
            level.scope(), this,
            reportWrite<registry::RegistryConfig>(tr("Config of the %1 reset.").arg(level.label())),
            confirmation);
}

ConfigFieldsDialog *ModesView::editOtherSettings()
{
    if (!writable())
        return nullptr;
    const Level level = m_selected;
    const registry::RegistryConfig current = m_loader->configs().value(level.scope());
    auto *dialog = new ConfigFieldsDialog(level.label(), current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, level, current] {
        const QJsonObject changes = dialog->changes();
        if (changes.isEmpty()) {
            m_status->setText(tr("Nothing changed at the %1.").arg(level.label()));
            return;
        }
        const QString text = tr("Change the config of the %1 on %2?\n\n%3\n\nFields not listed keep their "
                                "values.")
                                 .arg(level.label(), connectionName(m_shell.workspace(), m_connectionId),
                                      ConfigFieldsDialog::describe(changes, current).join(u'\n'));
        registry::WriteConfirmation confirmation;
        if (!modesui::confirmSettingsChange(this, m_shell.workspace(), m_connectionId,
                                            tr("Change the config"), text, tr("Change config"),
                                            &confirmation))
            return;
        registry::ConfigUpdate update;
        update.extra = changes; // null = clear; the server keeps what is left out
        m_shell.workspace()
            ->client(m_connectionId)
            ->setConfig(
                level.scope(), update, this,
                reportWrite<registry::RegistryConfig>(tr("Config of the %1 changed.").arg(level.label())),
                confirmation);
    });
    dialog->open();
    return dialog;
}

} // namespace sd::ui
