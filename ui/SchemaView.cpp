#include "SchemaView.h"

#include "CommonWidgets.h"
#include "items/ReferenceResolver.h"
#include "items/RegistryWorkspace.h"
#include "PlainText.h"
#include "registry/RegistryClient.h"
#include "schema/OrderedJson.h"
#include "schema/Schema.h"
#include "SchemaEditor.h"
#include "SubjectActions.h"
#include "SubjectSettingsLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTextBlock>
#include <QTextBrowser>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace sd::ui {

using registry::Result;

SchemaView::SchemaView(items::RegistryWorkspace *workspace, const QString &connectionId,
                       const QString &qualifiedSubject, int version, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_connectionId(connectionId)
    , m_subject(qualifiedSubject)
    , m_requestedVersion(version)
    , m_schemaReferences(new items::SchemaReferences(this))
{
    setObjectName(QStringLiteral("schemaView"));
    auto *layout = new QVBoxLayout(this);

    auto *header = new QHBoxLayout;
    m_title = plainLabel();
    m_title->setObjectName(QStringLiteral("schemaTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setSizePolicy(QSizePolicy::Ignored,
                           QSizePolicy::Preferred); // a long name is cut, not the window
    m_versions = new QComboBox;
    m_versions->setObjectName(QStringLiteral("versionCombo"));
    m_versions->setToolTip(tr("Show another version of this subject"));
    m_versions->setAccessibleName(tr("Version"));
    m_pretty = named<QCheckBox>(QStringLiteral("prettyPrint"), tr("Pretty-print"));
    m_pretty->setChecked(true);
    header->addWidget(m_title, 1);
    header->addWidget(new QLabel(tr("Version:")));
    header->addWidget(m_versions);
    header->addWidget(m_pretty);
    m_comparePrevious =
        named<QPushButton>(QStringLiteral("schemaComparePrevious"), tr("Compare with &previous"));
    m_comparePrevious->setToolTip(tr("Side-by-side diff of this version and the one before it"));
    m_comparePrevious->setEnabled(false);
    header->addWidget(m_comparePrevious);
    connect(m_comparePrevious, &QPushButton::clicked, this, [this] {
        if (m_isLoaded)
            Q_EMIT compareWithPreviousRequested(m_connectionId, m_subject, m_loaded.version);
    });
    auto *newVersion = named<QPushButton>(QStringLiteral("schemaNewVersion"), tr("&New version…"));
    m_delete = named<QPushButton>(QStringLiteral("schemaDelete"), tr("Delete…"));
    header->addWidget(newVersion);
    header->addWidget(m_delete);
    layout->addLayout(header);
    connect(newVersion, &QPushButton::clicked, this,
            [this] { Q_EMIT newVersionRequested(m_connectionId, m_subject); });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (!m_isLoaded)
            return;
        const auto after = [this](bool ok) {
            if (ok)
                reload();
        };
        if (m_loaded.deleted)
            SubjectActions::permanentlyDeleteVersion(this, m_workspace, m_connectionId, m_subject,
                                                     m_loaded.version, after);
        else
            SubjectActions::softDeleteVersion(this, m_workspace, m_connectionId, m_subject, m_loaded.version,
                                              after);
    });
    // Read-only connections show no write actions at all.
    const bool writable = SubjectActions::canWrite(workspace, connectionId);
    newVersion->setVisible(writable);
    m_delete->setVisible(writable);

    m_facts = plainLabel();
    m_facts->setObjectName(QStringLiteral("schemaFacts"));
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts->setWordWrap(true);
    layout->addWidget(m_facts);
    m_settings = named<SubjectSettingsLabel>(QStringLiteral("schemaSettings"), m_workspace);
    m_settings->setWordWrap(true);
    // Parented at once: shown while parentless, it would open as a window of its own for a moment and
    // take the activation from the main window (then Alt+P and every window shortcut stop working).
    auto *changeSettings = named<QPushButton>(QStringLiteral("schemaChangeSettings"), tr("Change…"), this);
    changeSettings->setToolTip(tr("Set this subject's compatibility or mode (Modes and compatibility tab)"));
    changeSettings->setVisible(SubjectActions::canWrite(workspace, connectionId));
    connect(changeSettings, &QPushButton::clicked, this,
            [this] { Q_EMIT changeSettingsRequested(m_connectionId, m_subject); });
    auto *settingsRow = new QHBoxLayout;
    settingsRow->addWidget(m_settings);
    settingsRow->addWidget(changeSettings);
    settingsRow->addStretch(1);
    layout->addLayout(settingsRow);

    m_banner = plainLabel();
    m_banner->setObjectName(QStringLiteral("schemaBanner"));
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fff3cd; color: #5c4400; padding: 6px; "
                                           "border: 1px solid #e0c060; border-radius: 3px; }"));
    m_banner->hide();
    layout->addWidget(m_banner);

    auto *splitter = new QSplitter(Qt::Horizontal);
    m_editor = new SchemaEditor;
    m_editor->setObjectName(QStringLiteral("schemaText"));
    m_editor->setReadOnly(true);
    m_editor->setAccessibleName(tr("Schema text"));
    setFocusProxy(m_editor);
    splitter->addWidget(m_editor);

    auto *side = new QWidget;
    auto *sideLayout = new QFormLayout(side);
    m_references = named<QLabel>(QStringLiteral("schemaReferences"), tr("none"));
    m_references->setTextFormat(Qt::RichText); // links made here, names escaped
    m_references->setWordWrap(true);
    m_references->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_referencedBy = named<QLabel>(QStringLiteral("schemaReferencedBy"), tr("…"));
    m_referencedBy->setTextFormat(Qt::RichText);
    m_referencedBy->setWordWrap(true);
    m_referencedBy->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_metadata = new QTextBrowser;
    m_metadata->setObjectName(QStringLiteral("schemaMetadata"));
    sideLayout->addRow(tr("References:"), m_references);
    sideLayout->addRow(tr("Referenced by:"), m_referencedBy);
    sideLayout->addRow(tr("Metadata and rules:"), m_metadata);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    connect(m_references, &QLabel::linkActivated, this, &SchemaView::onLinkActivated);
    connect(m_referencedBy, &QLabel::linkActivated, this, &SchemaView::onLinkActivated);
    connect(m_schemaReferences, &items::SchemaReferences::referrersFound, this, &SchemaView::showReferrers);
    connect(m_pretty, &QCheckBox::toggled, this, &SchemaView::present);
    connect(m_versions, &QComboBox::activated, this,
            [this](int index) { showVersion(m_versions->itemData(index).toInt()); });

    m_title->setText(m_subject);
    loadVersionList();
    showVersion(version);
    m_settings->setSubject(connectionId, qualifiedSubject);
}

void SchemaView::revealMatch(int line, int column, int length)
{
    m_reveal = Reveal{line, column, length};
    if (!m_pretty->isChecked())
        m_pretty->setChecked(true); // the lines are those of the pretty-printed text; presents again
    else
        applyReveal();
}

void SchemaView::applyReveal()
{
    if (!m_reveal || !m_isLoaded || m_reveal->line <= 0)
        return;
    const QTextBlock block = m_editor->document()->findBlockByNumber(m_reveal->line - 1);
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + qMin(m_reveal->column, block.length() - 1));
    cursor.setPosition(block.position() + qMin(m_reveal->column + m_reveal->length, block.length() - 1),
                       QTextCursor::KeepAnchor);
    m_editor->setTextCursor(cursor);
    m_editor->centerCursor();
    m_reveal.reset();
}

QString SchemaView::settingsText() const
{
    return m_settings->text();
}

QString SchemaView::tabKey(const QString &connectionId, const QString &qualifiedSubject)
{
    return QStringLiteral("schema:") + connectionId + u'/' + qualifiedSubject;
}

void SchemaView::reload()
{
    loadVersionList();
    showVersion(m_requestedVersion);
}

void SchemaView::loadVersionList()
{
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_connectionId) : nullptr;
    if (!client)
        return;
    client->listVersions(m_subject, true, false, this, [this](const Result<QList<int>> &all) {
        if (!all)
            return;
        m_allVersions = all.value;
        m_comparePrevious->setEnabled(m_isLoaded && m_allVersions.indexOf(m_loaded.version) > 0);
        m_versions->clear();
        m_versions->addItem(tr("latest"), 0);
        for (int v : all.value)
            m_versions->addItem(QString::number(v), v);
        const int index = m_versions->findData(m_requestedVersion);
        m_versions->setCurrentIndex(index < 0 ? 0 : index);
    });
}

void SchemaView::showVersion(int version)
{
    m_requestedVersion = version;
    // The Version box says what is shown, whoever asked (the box itself, the tree, a search result).
    if (const int index = m_versions->findData(version); index >= 0)
        m_versions->setCurrentIndex(index);
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_connectionId) : nullptr;
    if (!client) {
        showError(tr("The connection is closed."));
        return;
    }
    // A version picked meanwhile drops this one's answers, and those about who references it.
    QObject *context = m_versionRead.start();
    m_schemaReferences->cancelReferrers();
    m_isLoaded = false;
    const QString versionText = version > 0 ? QString::number(version) : QStringLiteral("latest");
    // deleted=true so a soft-deleted version still opens (and says so).
    m_versionRead.track(client->getVersion(
        m_subject, versionText, true, context, [this](const Result<registry::SchemaVersion> &r) {
            if (!r) {
                showError(r.error.toDisplayString());
                return;
            }
            m_loaded = r.value;
            m_error.clear();
            m_isLoaded = true;
            m_comparePrevious->setEnabled(m_allVersions.indexOf(m_loaded.version) > 0);
            present();
            loadReferencedBy();
            Q_EMIT loaded();
        }));
}

QString SchemaView::fingerprintOf(const registry::SchemaVersion &version)
{
    const auto type = schema::schemaTypeFromName(version.schemaType).value_or(schema::SchemaType::Avro);
    if (type == schema::SchemaType::Avro) {
        const schema::ParseResult parsed = schema::parseSchema(type, version.schema);
        if (parsed.ok()) {
            const quint64 fp =
                schema::avroRabinFingerprint(schema::avroParsingCanonicalForm(*parsed.schema).toUtf8());
            return QStringLiteral("rabin:%1").arg(fp, 16, 16, QLatin1Char('0'));
        }
    }
    const QByteArray hash = QCryptographicHash::hash(version.schema.toUtf8(), QCryptographicHash::Sha256);
    return QStringLiteral("sha256:") + QString::fromLatin1(hash.toHex().left(16));
}

void SchemaView::present()
{
    if (!m_isLoaded)
        return;
    const registry::SchemaVersion &v = m_loaded;
    m_title->setText(v.subject.isEmpty() ? m_subject : v.subject);
    m_facts->setText(
        tr("version %1 · id %2 · %3 · %4").arg(v.version).arg(v.id).arg(v.schemaType, fingerprintOf(v)));
    m_delete->setText(v.deleted ? tr("Delete permanently…") : tr("Soft-delete version…"));
    if (v.deleted) {
        m_banner->setText(
            tr("Version %1 is soft-deleted: readers that know id %2 still resolve it, but it is not "
               "listed and compatibility checks ignore it. Register the same schema again to "
               "recover it, or delete it permanently.")
                .arg(v.version)
                .arg(v.id));
        m_banner->show();
    } else {
        m_banner->hide();
    }

    const bool isProtobuf = v.schemaType == u"PROTOBUF";
    m_editor->setLanguage(isProtobuf ? SchemaEditor::Language::Protobuf : SchemaEditor::Language::Json);
    QString text = v.schema;
    if (!isProtobuf && m_pretty->isChecked()) {
        // Indented, keeping the author's key order (QJsonDocument would sort the keys).
        const schema::JsonParseResult parsed = schema::parseJson(v.schema);
        if (parsed.value)
            text = schema::writeJson(*parsed.value, schema::JsonFormat::Pretty);
    }
    m_pretty->setEnabled(!isProtobuf);
    m_editor->setPlainText(text);
    applyReveal();

    if (v.references.isEmpty()) {
        m_references->setText(tr("none"));
    } else {
        QStringList links;
        for (const registry::SchemaReference &ref : v.references) {
            const QString target = items::referenceTarget(m_subject, ref.subject);
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("subject"), target);
            q.addQueryItem(QStringLiteral("version"), QString::number(ref.version));
            links << QStringLiteral("<a href=\"open:?%1\">%2</a> → %3 v%4")
                         .arg(q.toString(QUrl::FullyEncoded), ref.name.toHtmlEscaped(),
                              ref.subject.toHtmlEscaped())
                         .arg(ref.version);
        }
        m_references->setText(links.join(QStringLiteral("<br>")));
    }

    QStringList meta;
    if (!v.metadata.isEmpty())
        meta << tr("Metadata") + u'\n' +
                    QString::fromUtf8(QJsonDocument(v.metadata).toJson(QJsonDocument::Indented));
    if (!v.ruleSet.isEmpty())
        meta << tr("Rule set") + u'\n' +
                    QString::fromUtf8(QJsonDocument(v.ruleSet).toJson(QJsonDocument::Indented));
    m_metadata->setPlainText(meta.isEmpty() ? tr("none") : meta.join(u"\n\n"));
}

void SchemaView::loadReferencedBy()
{
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_connectionId) : nullptr;
    if (!client)
        return;
    m_referencedBy->setText(tr("…"));
    m_schemaReferences->findReferrers(client, m_subject, m_loaded.version);
}

void SchemaView::showReferrers(const QList<registry::SubjectVersionRef> &referrers, const QString &error)
{
    if (!error.isEmpty()) {
        m_referencedBy->setText(error.toHtmlEscaped());
        return;
    }
    QStringList links;
    for (const registry::SubjectVersionRef &ref : referrers) {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("subject"), ref.subject);
        q.addQueryItem(QStringLiteral("version"), QString::number(ref.version));
        links.append(QStringLiteral("<a href=\"open:?%1\">%2 v%3</a>")
                         .arg(q.toString(QUrl::FullyEncoded), ref.subject.toHtmlEscaped())
                         .arg(ref.version));
    }
    m_referencedBy->setText(links.isEmpty() ? tr("nobody") : links.join(QStringLiteral("<br>")));
}

void SchemaView::onLinkActivated(const QString &link)
{
    const QUrl url(link);
    const QUrlQuery query(url.query());
    const QString subject = query.queryItemValue(QStringLiteral("subject"), QUrl::FullyDecoded);
    const int version = query.queryItemValue(QStringLiteral("version")).toInt();
    if (!subject.isEmpty())
        Q_EMIT openSchemaRequested(m_connectionId, subject, version);
}

void SchemaView::showError(const QString &message)
{
    m_error = message;
    m_isLoaded = false;
    m_banner->setText(message);
    m_banner->show();
    m_editor->clear();
    Q_EMIT loaded();
}

} // namespace sd::ui
