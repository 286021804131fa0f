#include "ExporterWizard.h"

#include "ExporterActions.h"
#include "exporters/ExporterDiagnosis.h"
#include "exporters/ExporterNaming.h"
#include "exporters/ExporterPreflight.h"
#include "exporters/ExporterSummary.h"
#include "exporters/MappingPreview.h"
#include "ExporterSupport.h"
#include "items/DefaultRegistry.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/RegistryClient.h"
#include "registry/SecretStore.h"
#include "ui/AppContext.h"
#include "ui/CommonWidgets.h"
#include "ui/Dialogs.h"
#include "ui/PlainText.h"
#include "ui/Shell.h"
#include "ui/SubjectActions.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSet>
#include <QTableWidget>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using sd::registry::LinkKind;
using sd::registry::Result;
using Model = sd::items::RegistryTreeModel;

namespace sd::ui {

namespace {

// A wizard page with its title and subtitle, laid out top to bottom.
std::pair<QWizardPage *, QVBoxLayout *> newPage(QWizard *wizard, const QString &objectName,
                                                const QString &title, const QString &subTitle)
{
    auto *page = new QWizardPage(wizard);
    page->setObjectName(objectName);
    page->setTitle(title);
    page->setSubTitle(subTitle);
    return {page, new QVBoxLayout(page)};
}

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    return label;
}

} // namespace

ExporterWizard::ExporterWizard(Shell &shell, const QString &sourceConnectionId, const QString &existingName,
                               QWidget *parent)
    : QWizard(parent ? parent : shell.window())
    , m_shell(shell)
    , m_existingName(existingName)
    , m_preflight(new exporters::ExporterPreflight(*shell.workspace(), this))
{
    connect(m_preflight, &exporters::ExporterPreflight::checkAdded, this,
            [this](const exporters::ExporterPreflight::Check &check) { addCheck(check.text, check.kind); });
    connect(m_preflight, &exporters::ExporterPreflight::finished, this, &ExporterWizard::finishPreflight);
    connect(m_preflight, &exporters::ExporterPreflight::importSet, this, &ExporterWizard::importSet);
    setObjectName(u"exporterWizard"_s);
    setWindowTitle(isEdit() ? tr("Edit exporter %1").arg(existingName) : tr("New exporter"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    buildSubjectsPage();
    buildMappingPage();
    buildDestinationPage();
    buildPreflightPage();
    buildSummaryPage();

    QStringList writable;
    for (const QString &id : m_shell.workspace()->connectionIds()) {
        if (SubjectActions::canWrite(m_shell.workspace(), id)) {
            m_source->addItem(connectionName(m_shell.workspace(), id), id);
            writable << id;
        }
    }
    // Where the user is: the registry asked for, else the one selected in the tree (or the origin of
    // a copy selected on a read-only mirror).
    const QModelIndex selected = m_shell.currentTreeIndex();
    const QString source =
        items::DefaultRegistry(*m_shell.workspace()->tree())
            .exporterSource(writable, sourceConnectionId, selected.data(Model::ConnectionIdRole).toString(),
                            selected.data(Model::QualifiedSubjectRole).toString());
    const int index = m_source->findData(source);
    if (index >= 0)
        m_source->setCurrentIndex(index);
    m_source->setEnabled(!isEdit());
    m_contextEdited = isEdit();
    connect(m_source, &QComboBox::currentIndexChanged, this, [this] {
        loadSourceSubjects();
        destinationChosen();
        sourceChosen();
    });
    loadSourceSubjects();
    if (isEdit())
        loadExisting();
    else
        sourceChosen();
    resize(820, 620);
}

void ExporterWizard::sourceChosen()
{
    const QString source = sourceConnectionId();
    const QString sourceName = connectionName(m_shell.workspace(), source);
    if (!m_contextEdited) {
        const QSignalBlocker block(m_context);
        m_context->setText(exporters::contextNameFor(sourceName));
        updatePreview();
    }
    m_sourceExporters = treeExporterNames(source);
    updateSuggestedName();
    // The tree may not have listed them yet, or be out of date: the source says which names are taken.
    if (registry::RegistryClient *client = m_shell.workspace()->client(source)) {
        client->listLinks(LinkKind::Exporter, this, [this, source](const Result<QStringList> &names) {
            if (!names || source != sourceConnectionId())
                return;
            for (const QString &name : names.value) {
                if (!m_sourceExporters.contains(name))
                    m_sourceExporters << name;
            }
            updateSuggestedName();
        });
    }
}

QStringList ExporterWizard::treeExporterNames(const QString &connectionId) const
{
    QStringList names;
    const Model *tree = m_shell.workspace()->tree();
    const QModelIndex connection = tree->connectionIndex(connectionId);
    for (const QModelIndex &group : tree->childRows(connection, Model::Kind::Exporters)) {
        for (const QModelIndex &exporter : tree->childRows(group))
            names << exporter.data(Qt::DisplayRole).toString().section(u' ', 0, 0);
    }
    return names;
}

QString ExporterWizard::suggestedName() const
{
    return m_name->placeholderText();
}

void ExporterWizard::updateSuggestedName()
{
    if (isEdit())
        return;
    // The destination the next page starts on, or the one chosen there.
    QString destination = m_destination->currentData().toString();
    if (destination.isEmpty() && m_destination->count() == 0) {
        for (const QString &id : m_shell.workspace()->connectionIds()) {
            if (id != sourceConnectionId()) {
                destination = id;
                break;
            }
        }
    }
    const QString destinationName =
        destination.isEmpty() ? QString() : connectionName(m_shell.workspace(), destination);
    m_name->setPlaceholderText(exporters::suggestExporterName(
        connectionName(m_shell.workspace(), sourceConnectionId()), destinationName, m_sourceExporters));
    if (currentId() == SummaryPage)
        refreshSummary();
}

ExporterWizard::~ExporterWizard() = default;

QString ExporterWizard::sourceConnectionId() const
{
    return m_source->currentData().toString();
}

void ExporterWizard::buildSubjectsPage()
{
    const auto [page, layout] =
        newPage(this, u"subjectsPage"_s, tr("Name and subjects"),
                tr("The exporter runs on the source registry and copies the subjects you pick."));
    auto *form = new QFormLayout;
    m_source = named<QComboBox>(u"sourceCombo"_s, page);
    form->addRow(tr("Source registry:"), m_source);
    m_name = named<QLineEdit>(u"nameEdit"_s, page);
    m_name->setToolTip(tr("Left empty, the exporter takes the name shown in grey"));
    form->addRow(tr("Name:"), m_name);
    m_subjects = new QLineEdit(u"*"_s, page);
    m_subjects->setObjectName(u"subjectsEdit"_s);
    form->addRow(tr("Subjects:"), m_subjects);
    layout->addLayout(form);
    layout->addWidget(
        note(tr("Comma-separated. <code>*</code> = everything in every context, <code>:.:*</code> = "
                "the default context only, <code>:.ctx:*</code> = one context, <code>orders-*</code> "
                "= a prefix, or subject names. Tick subjects below to add them."),
             page));
    auto *quick = new QHBoxLayout;
    auto *everything = new QPushButton(tr("Everything (*)"), page);
    everything->setObjectName(u"subjectsEverything"_s);
    auto *defaultOnly = new QPushButton(tr("Default context only (:.:*)"), page);
    defaultOnly->setObjectName(u"subjectsDefaultContext"_s);
    quick->addWidget(everything);
    quick->addWidget(defaultOnly);
    quick->addStretch(1);
    layout->addLayout(quick);
    m_subjectPicker = new QListWidget(page);
    m_subjectPicker->setObjectName(u"subjectPicker"_s);
    layout->addWidget(m_subjectPicker, 1);
    connect(everything, &QPushButton::clicked, this, [this] { m_subjects->setText(u"*"_s); });
    connect(defaultOnly, &QPushButton::clicked, this, [this] { m_subjects->setText(u":.:*"_s); });
    connect(m_subjectPicker, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        QStringList filters = subjectFilters();
        filters.removeAll(u"*"_s);
        if (item->checkState() == Qt::Checked)
            filters.append(item->text());
        else
            filters.removeAll(item->text());
        filters.removeDuplicates();
        m_subjects->setText(filters.isEmpty() ? u"*"_s : filters.join(u", "_s));
    });
    connect(m_subjects, &QLineEdit::textChanged, this, &ExporterWizard::updatePreview);
    setPage(SubjectsPage, page);
}

void ExporterWizard::buildMappingPage()
{
    const auto [page, layout] =
        newPage(this, u"mappingPage"_s, tr("Where the subjects land"),
                tr("How the destination names the copies. The preview follows every change."));
    m_contextTypes = new QButtonGroup(page);
    const auto addType = [this, page, layout](const QString &type, const QString &label) {
        auto *radio = new QRadioButton(label, page);
        radio->setObjectName(u"contextType"_s + type);
        m_contextTypes->addButton(radio);
        layout->addWidget(radio);
        auto *explanation = note(ExporterSupport::markdownToHtml(exporters::explainContextType(type)), page);
        explanation->setContentsMargins(24, 0, 0, 4);
        layout->addWidget(explanation);
        return radio;
    };
    m_auto = addType(u"AUTO"_s, tr("AUTO — a context named after the source registry"));
    m_custom = addType(u"CUSTOM"_s, tr("CUSTOM — a context you name"));
    m_none = addType(u"NONE"_s, tr("NONE — same names, no extra context"));
    m_custom->setChecked(true);
    auto *form = new QFormLayout;
    m_context = named<QLineEdit>(u"contextEdit"_s, page);
    m_context->setToolTip(tr("Starts as the source registry's name"));
    connect(m_context, &QLineEdit::textEdited, this, [this] { m_contextEdited = true; });
    form->addRow(tr("Context (CUSTOM):"), m_context);
    m_rename = named<QLineEdit>(u"renameEdit"_s, page);
    m_rename->setPlaceholderText(u"${subject}"_s);
    form->addRow(tr("Subject rename format:"), m_rename);
    layout->addLayout(form);
    m_previewNote = note({}, page);
    m_previewNote->setObjectName(u"previewNote"_s);
    layout->addWidget(m_previewNote);
    m_preview = ExporterSupport::readOnlyTable(
        page, u"mappingPreview"_s,
        {tr("Subject on the source"), tr("Lands on the destination as"), tr("Destination context")});
    layout->addWidget(m_preview, 1);
    connect(m_contextTypes, &QButtonGroup::buttonToggled, this, [this] {
        m_context->setEnabled(m_custom->isChecked());
        updatePreview();
    });
    connect(m_context, &QLineEdit::textChanged, this, &ExporterWizard::updatePreview);
    connect(m_rename, &QLineEdit::textChanged, this, &ExporterWizard::updatePreview);
    setPage(MappingPage, page);
}

void ExporterWizard::buildDestinationPage()
{
    const auto [page, layout] =
        newPage(this, u"destinationPage"_s, tr("Destination"), tr("The registry that receives the copies."));
    auto *form = new QFormLayout;
    m_destination = named<QComboBox>(u"destinationCombo"_s, page);
    form->addRow(tr("Registry:"), m_destination);
    m_url = named<QLineEdit>(u"destinationUrlEdit"_s, page);
    m_url->setPlaceholderText(u"https://psrc-xxxxx.region.provider.confluent.cloud"_s);
    form->addRow(tr("schema.registry.url:"), m_url);
    m_userInfo = named<QLineEdit>(u"userInfoEdit"_s, page);
    m_userInfo->setEchoMode(QLineEdit::Password);
    m_userInfo->setPlaceholderText(tr("key:secret (empty = no authentication)"));
    form->addRow(tr("basic.auth.user.info:"), m_userInfo);
    layout->addLayout(form);
    m_destinationNote =
        note(tr("Choosing an open connection fills its URL and credentials. The credential is "
                "sent to the source registry inside the exporter's config (the exporter needs "
                "it); SchemaDesk does not store it anywhere."),
             page);
    layout->addWidget(m_destinationNote);
    layout->addStretch(1);
    connect(m_destination, &QComboBox::currentIndexChanged, this, &ExporterWizard::destinationChosen);
    setPage(DestinationPage, page);
}

void ExporterWizard::buildPreflightPage()
{
    const auto [page, layout] =
        newPage(this, u"preflightPage"_s, tr("Pre-flight checks"),
                tr("Checked from this desktop with the exporter's URL and credentials."));
    m_checks = named<QListWidget>(u"preflightList"_s, page);
    m_checks->setWordWrap(true);
    layout->addWidget(m_checks, 1);
    auto *row = new QHBoxLayout;
    m_setImport = new QPushButton(page);
    m_setImport->setObjectName(u"setImportButton"_s);
    m_setImport->setVisible(false);
    row->addWidget(m_setImport);
    m_rerun = new QPushButton(tr("Check again"), page);
    m_rerun->setObjectName(u"rerunChecks"_s);
    row->addWidget(m_rerun);
    row->addStretch(1);
    layout->addLayout(row);
    connect(m_setImport, &QPushButton::clicked, this, &ExporterWizard::setImportOnContexts);
    connect(m_rerun, &QPushButton::clicked, this, &ExporterWizard::runPreflight);
    setPage(PreflightPage, page);
}

void ExporterWizard::buildSummaryPage()
{
    const auto [page, layout] =
        newPage(this, u"summaryPage"_s, tr("Summary"), tr("What Finish does. Back changes any of it."));
    // Names and config values come from registries and users: plain text, never markup.
    m_summary = plainLabel(page);
    m_summary->setObjectName(u"summaryText"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_summary->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_summary->setAccessibleName(tr("Summary of the exporter"));
    layout->addWidget(m_summary, 1);
    m_saveStatus = note({}, page);
    m_saveStatus->setObjectName(u"saveStatus"_s);
    layout->addWidget(m_saveStatus);
    setPage(SummaryPage, page);
}

QStringList ExporterWizard::summaryLines() const
{
    exporters::ExporterSummaryInput input;
    input.exporter = exporterInfo();
    input.edit = isEdit();
    input.sourceName = connectionName(m_shell.workspace(), sourceConnectionId());
    input.sourceClusterId = m_sourceClusterId;
    const QString destination = m_destination->currentData().toString();
    input.destinationName =
        destination.isEmpty() ? QString() : connectionName(m_shell.workspace(), destination);
    input.sourceSubjects = m_sourceSubjects;
    return exporters::summarizeExporter(input);
}

void ExporterWizard::loadSourceSubjects()
{
    registry::RegistryClient *client = m_shell.workspace()->client(sourceConnectionId());
    if (!client)
        return;
    registry::SubjectQuery query;
    query.subjectPrefix = u":*:"_s;
    client->listSubjects(query, this, [this](const Result<QStringList> &r) {
        m_sourceSubjects = r ? r.value : QStringList();
        QSignalBlocker block(m_subjectPicker);
        m_subjectPicker->clear();
        const QStringList filters = subjectFilters();
        for (const QString &s : std::as_const(m_sourceSubjects)) {
            auto *item = new QListWidgetItem(s, m_subjectPicker);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(filters.contains(s) ? Qt::Checked : Qt::Unchecked);
        }
        updatePreview();
    });
    client->getClusterId(this, [this](const Result<registry::ClusterId> &r) {
        m_sourceClusterId = r ? r.value.id : QString();
        updatePreview();
    });
}

void ExporterWizard::loadExisting()
{
    registry::RegistryClient *client = m_shell.workspace()->client(sourceConnectionId());
    if (!client)
        return;
    m_name->setText(m_existingName);
    m_name->setReadOnly(true);
    client->getLink(
        LinkKind::Exporter, m_existingName, this, [this](const Result<registry::ExporterInfo> &r) {
            if (!r) {
                Dialogs::warning(this, windowTitle(), r.error.toDisplayString());
                return;
            }
            m_existing = r.value;
            m_subjects->setText(r.value.subjects.join(u", "_s));
            const QString type = r.value.contextType.isEmpty() ? u"AUTO"_s : r.value.contextType;
            (type == u"NONE" ? m_none : type == u"CUSTOM" ? m_custom : m_auto)->setChecked(true);
            m_context->setText(r.value.context);
            m_rename->setText(r.value.subjectRenameFormat == u"${subject}" ? QString()
                                                                           : r.value.subjectRenameFormat);
            const QString url = exporters::destinationUrl(r.value);
            const QString conn = ExporterSupport::connectionForUrl(m_shell.workspace(), url);
            const int index = m_destination->findData(conn);
            if (!conn.isEmpty() && index >= 0)
                m_destination->setCurrentIndex(index);
            m_url->setText(url);
            m_userInfo->setText(r.value.config.value(u"basic.auth.user.info"_s));
        });
}

QStringList ExporterWizard::subjectFilters() const
{
    QStringList filters;
    for (const QString &part : m_subjects->text().split(u',', Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            filters.append(part.trimmed());
    }
    return filters;
}

QString ExporterWizard::contextType() const
{
    return m_none->isChecked() ? u"NONE"_s : m_custom->isChecked() ? u"CUSTOM"_s : u"AUTO"_s;
}

registry::ExporterInfo ExporterWizard::exporterInfo() const
{
    registry::ExporterInfo info;
    info.name = m_name->text().trimmed();
    if (info.name.isEmpty() && !isEdit())
        info.name = m_name->placeholderText();
    info.subjects = subjectFilters();
    if (info.subjects.isEmpty())
        info.subjects = {u"*"_s};
    info.contextType = contextType();
    if (info.contextType == u"CUSTOM")
        info.context = m_context->text().trimmed();
    info.subjectRenameFormat =
        m_rename->text().trimmed().isEmpty() ? u"${subject}"_s : m_rename->text().trimmed();
    if (isEdit())
        info.config = m_existing.config;
    info.config.insert(u"schema.registry.url"_s, m_url->text().trimmed());
    if (!m_userInfo->text().isEmpty()) {
        info.config.insert(u"basic.auth.credentials.source"_s, u"USER_INFO"_s);
        info.config.insert(u"basic.auth.user.info"_s, m_userInfo->text());
    } else {
        info.config.remove(u"basic.auth.user.info"_s);
        info.config.remove(u"basic.auth.credentials.source"_s);
    }
    return info;
}

void ExporterWizard::updatePreview()
{
    if (!m_preview)
        return;
    exporters::ExporterMapping mapping =
        exporters::ExporterMapping::fromInfo(exporterInfo(), m_sourceClusterId);
    if (mapping.sourceClusterId.isEmpty())
        mapping.sourceClusterId = u"<source cluster id>"_s;
    const QList<exporters::MappingRow> rows = exporters::previewMapping(mapping, m_sourceSubjects);
    m_preview->setRowCount(int(rows.size()));
    for (int r = 0; r < rows.size(); ++r) {
        m_preview->setItem(r, 0, new QTableWidgetItem(rows[r].source));
        m_preview->setItem(r, 1, new QTableWidgetItem(rows[r].destination));
        m_preview->setItem(r, 2, new QTableWidgetItem(rows[r].destinationContext));
    }
    m_preview->resizeColumnsToContents();
    const QString example = mapping.destinationSubject(u"pageviews-value"_s);
    m_previewNote->setText(
        tr("%n subject(s) on the source match. Subjects registered later land the same way, e.g. "
           "<code>pageviews-value</code> → <code>%1</code>.",
           nullptr, int(rows.size()))
            .arg(example.toHtmlEscaped()));
    if (currentId() == SummaryPage)
        refreshSummary(); // the source's subjects or cluster id arrived
}

void ExporterWizard::destinationChosen()
{
    const QString source = sourceConnectionId();
    // Refill the list without the source itself.
    {
        QSignalBlocker block(m_destination);
        const QString current = m_destination->currentData().toString();
        m_destination->clear();
        for (const QString &id : m_shell.workspace()->connectionIds()) {
            if (id != source)
                m_destination->addItem(connectionName(m_shell.workspace(), id), id);
        }
        m_destination->addItem(tr("Another registry (type its URL)"), QString());
        const int index = m_destination->findData(current);
        m_destination->setCurrentIndex(index >= 0 && !current.isEmpty() ? index : 0);
    }
    updateSuggestedName();
    const QString conn = m_destination->currentData().toString();
    m_url->setReadOnly(!conn.isEmpty());
    if (conn.isEmpty())
        return;
    const auto *c = m_shell.workspace()->connection(conn);
    if (!c)
        return;
    m_url->setText(c->profile.urls.isEmpty() ? QString() : c->profile.urls.first().toString());
    m_userInfo->clear();
    if (c->profile.authType == registry::AuthType::Basic && m_shell.context().secretStore()) {
        const registry::ConnectionProfile profile = c->profile;
        m_shell.context().secretStore()->readSecrets(
            profile, this,
            [this, profile, conn](const registry::ConnectionSecrets &secrets, const QStringList &,
                                  const QString &) {
                if (m_destination->currentData().toString() != conn)
                    return;
                const QString password = secrets.value(registry::SecretName::basicPassword);
                m_userInfo->setText(password.isEmpty() ? QString() : profile.basicUser + u':' + password);
                m_destinationNote->setText(
                    password.isEmpty()
                        ? tr("%1 uses Basic authentication, but its secret is not in the keychain: type "
                             "key:secret.")
                              .arg(profile.name.toHtmlEscaped())
                        : tr("Credentials of %1 filled in (user %2). They are sent to the source registry "
                             "inside "
                             "the exporter's config; SchemaDesk does not store them.")
                              .arg(profile.name.toHtmlEscaped(), profile.basicUser.toHtmlEscaped()));
            });
    }
}

void ExporterWizard::initializePage(int id)
{
    QWizard::initializePage(id);
    if (id == MappingPage)
        updatePreview();
    if (id == DestinationPage && m_url->text().isEmpty())
        destinationChosen();
    if (id == PreflightPage)
        runPreflight();
    if (id == SummaryPage) {
        refreshSummary();
        m_saveStatus->clear();
    }
}

void ExporterWizard::refreshSummary()
{
    QStringList bullets;
    for (const QString &line : summaryLines())
        bullets << u"• "_s + line;
    m_summary->setText(bullets.join(u"\n\n"_s));
}

bool ExporterWizard::validateCurrentPage()
{
    switch (currentId()) {
    case SubjectsPage:
        if (sourceConnectionId().isEmpty()) {
            Dialogs::warning(this, windowTitle(), tr("Choose the source registry (a writable connection)."));
            return false;
        }
        if (exporterInfo().name.isEmpty()) {
            Dialogs::warning(this, windowTitle(), tr("Give the exporter a name."));
            return false;
        }
        if (!isEdit() && m_sourceExporters.contains(exporterInfo().name, Qt::CaseInsensitive)) {
            Dialogs::warning(this, windowTitle(),
                             tr("%1 already has an exporter named %2: choose another name (or edit that one "
                                "from the Exporters tab).")
                                 .arg(m_source->currentText(), exporterInfo().name));
            return false;
        }
        return true;
    case MappingPage:
        if (m_custom->isChecked() && m_context->text().trimmed().isEmpty()) {
            Dialogs::warning(this, windowTitle(),
                             tr("CUSTOM needs a context name (for example \"source\")."));
            return false;
        }
        return true;
    case DestinationPage: {
        const QUrl url(m_url->text().trimmed());
        if (!url.isValid() || url.host().isEmpty() || !url.scheme().startsWith(u"http"_s)) {
            Dialogs::warning(this, windowTitle(), tr("Type the destination's URL (http:// or https://)."));
            return false;
        }
        return true;
    }
    case PreflightPage:
        return true;
    case SummaryPage:
        if (m_saved)
            return true;
        if (!m_saving)
            save();
        return false;
    default:
        return true;
    }
}

std::pair<registry::ConnectionProfile, registry::ConnectionSecrets> ExporterWizard::destinationProbe() const
{
    registry::ConnectionProfile profile;
    profile.name = tr("exporter destination");
    profile.urls = {QUrl(m_url->text().trimmed())};
    profile.maxRetries = 0;
    profile.requestTimeoutMs = 10000;
    registry::ConnectionSecrets secrets;
    const QString userInfo = m_userInfo->text();
    if (!userInfo.isEmpty()) {
        profile.authType = registry::AuthType::Basic;
        profile.basicUser = userInfo.section(u':', 0, 0);
        secrets.set(registry::SecretName::basicPassword, userInfo.section(u':', 1));
    }
    const QString conn = m_destination->currentData().toString();
    if (const auto *c = m_shell.workspace()->connection(conn)) {
        // Same TLS settings as the saved connection (CA bundle, client certificate).
        profile.caBundleFile = c->profile.caBundleFile;
        profile.clientCertFile = c->profile.clientCertFile;
        profile.clientKeyFile = c->profile.clientKeyFile;
        profile.verifyTls = c->profile.verifyTls;
    }
    return {profile, secrets};
}

void ExporterWizard::addCheck(const QString &text, const QString &kind)
{
    auto *item = new QListWidgetItem(kind + u' ' + text, m_checks);
    item->setData(Qt::UserRole, kind);
    if (kind == u"✗")
        item->setForeground(QColor(0xc0, 0x39, 0x2b));
    else if (kind == u"!")
        item->setForeground(QColor(0xb9, 0x77, 0x0e));
}

void ExporterWizard::finishPreflight()
{
    const QStringList needImport = m_preflight->needImport();
    m_setImport->setVisible(!needImport.isEmpty());
    m_setImport->setText(tr("Set %1 on the destination to IMPORT").arg(needImport.join(u", "_s)));
    Q_EMIT preflightFinished();
}

void ExporterWizard::runPreflight()
{
    m_checks->clear();
    m_setImport->setVisible(false);
    exporters::ExporterPreflight::Input in;
    in.exporter = exporterInfo();
    in.sourceConnectionId = sourceConnectionId();
    in.sourceSubjects = m_sourceSubjects;
    in.sourceClusterId = m_sourceClusterId;
    in.destinationConnectionId = m_destination->currentData().toString();
    in.destinationName =
        in.destinationConnectionId.isEmpty() ? m_url->text().trimmed() : m_destination->currentText();
    std::tie(in.probe, in.probeSecrets) = destinationProbe();
    in.credentials = !m_userInfo->text().isEmpty();
    m_preflight->run(in);
}

void ExporterWizard::setImportOnContexts()
{
    const QStringList needImport = m_preflight->needImport();
    if (needImport.isEmpty())
        return;
    const QString conn = m_destination->currentData().toString();
    const QString destName = conn.isEmpty() ? m_url->text().trimmed() : m_destination->currentText();
    const QString scopes = needImport.join(u", "_s);
    const QString text =
        tr("Set the mode of %2 on %1 to IMPORT.\nThose contexts then accept only copies that carry ids "
           "(what exporters write); normal registrations there are refused. A context that already "
           "holds subjects is refused by the registry (42205).\n\n"
           "Request, for each: PUT /mode/<context> {\"mode\":\"IMPORT\"}")
            .arg(destName, scopes);
    registry::WriteConfirmation confirmation;
    const bool ok =
        conn.isEmpty() ? Dialogs::confirm(this, tr("Set IMPORT mode"), text, tr("Set IMPORT"))
                       : ExporterSupport::confirmWrite(this, m_shell.workspace(), conn, tr("Set IMPORT mode"),
                                                       text, tr("Set IMPORT"), scopes, &confirmation);
    if (!ok)
        return;
    // Through the user's own connection when there is one (its rights), else with the exporter's.
    registry::RegistryClient *client =
        conn.isEmpty() ? m_preflight->probe() : m_shell.workspace()->client(conn);
    if (!client)
        return;
    m_importConnection = conn;
    m_preflight->setImport(client, confirmation);
}

void ExporterWizard::importSet(const QStringList &failures)
{
    if (!failures.isEmpty())
        Dialogs::warning(this, tr("Set IMPORT mode"), failures.join(u'\n'));
    if (!m_importConnection.isEmpty())
        m_shell.workspace()->reloadSettings(m_importConnection);
    runPreflight();
}

void ExporterWizard::save()
{
    const QString source = sourceConnectionId();
    registry::RegistryClient *client = m_shell.workspace()->client(source);
    if (!client)
        return;
    const registry::ExporterInfo info = exporterInfo();
    const QString sourceName = connectionName(m_shell.workspace(), source);
    // Creating asks like every other change (typed on a protected connection); editing asks in whilePaused.
    registry::WriteConfirmation confirmation;
    if (!isEdit() && !ExporterSupport::confirmWrite(
                         this, m_shell.workspace(), source, tr("Create exporter %1").arg(info.name),
                         tr("Create exporter %1 on %2? It starts copying schemas to %3 at once.")
                             .arg(info.name, sourceName, exporters::destinationUrl(info)),
                         tr("Create"), info.name, &confirmation))
        return;
    m_saving = true;
    button(QWizard::FinishButton)->setEnabled(false);
    m_saveStatus->setText(
        isEdit() ? tr("Saving…")
                 : tr("Creating %1 on %2…").arg(info.name.toHtmlEscaped(), sourceName.toHtmlEscaped()));
    const auto succeeded = [this, source, info] {
        m_saving = false;
        m_saved = true;
        m_shell.workspace()->reloadExporters(source);
        Q_EMIT exporterSaved(source, info.name);
        accept();
    };
    const auto failed = [this, sourceName](const registry::ApiError &error) {
        m_saving = false;
        button(QWizard::FinishButton)->setEnabled(true);
        const exporters::Diagnosis d = exporters::diagnoseError(error, sourceName);
        QString text = d.explanation;
        if (!d.fixText.isEmpty())
            text += u"\n"_s + tr("Fix: %1").arg(d.fixText);
        m_saveStatus->setText(ExporterSupport::markdownToHtml(text));
        Dialogs::warning(this, windowTitle(), text);
    };
    if (!isEdit()) {
        client->createLink(
            LinkKind::Exporter, info, this,
            [succeeded, failed](const Result<QString> &r) {
                if (r)
                    succeeded();
                else
                    failed(r.error);
            },
            confirmation);
        return;
    }
    registry::ExporterInfo update = info;
    update.name.clear();
    ExporterActions::whilePaused(
        m_shell, this, source, m_existingName, tr("Edit exporter %1").arg(m_existingName),
        tr("Save the changes to exporter %1 on %2?").arg(m_existingName, sourceName),
        [this, source, update, failed](const registry::WriteConfirmation &writeConfirmation,
                                       std::function<void(bool)> finished) {
            m_shell.workspace()->client(source)->updateLink(
                LinkKind::Exporter, m_existingName, update, this,
                [finished, failed](const Result<QString> &r) {
                    if (!r)
                        failed(r.error);
                    finished(r.ok());
                },
                writeConfirmation);
        },
        [this, succeeded](bool ok) {
            if (ok)
                succeeded();
            else {
                m_saving = false;
                button(QWizard::FinishButton)->setEnabled(true);
            }
        });
}

} // namespace sd::ui

namespace sd::ui {

QStringList ExporterWizard::preflightResults() const
{
    QStringList results;
    for (int i = 0; i < m_checks->count(); ++i)
        results.append(m_checks->item(i)->text());
    return results;
}

} // namespace sd::ui
