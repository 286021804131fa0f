#include "RegisterView.h"

#include "CommonWidgets.h"
#include "Dialogs.h"
#include "diff/Incompatibility.h"
#include "items/ReferenceResolver.h"
#include "items/RegistryWorkspace.h"
#include "items/SchemaReferences.h"
#include "PlainText.h"
#include "registry/RegistryClient.h"
#include "schema/OrderedJson.h"
#include "schema/Schema.h"
#include "SchemaEditor.h"
#include "SubjectSettingsLabel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

using registry::Result;

RegisterView::RegisterView(items::RegistryWorkspace *workspace, const QString &connectionId,
                           const QString &qualifiedSubject, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_connectionId(connectionId)
    , m_schemaReferences(new items::SchemaReferences(this))
{
    setObjectName(QStringLiteral("registerView"));
    connect(m_schemaReferences, &items::SchemaReferences::fetched, this, &RegisterView::scheduleValidation);
    auto *layout = new QVBoxLayout(this);

    auto *top = new QHBoxLayout;
    m_subject = new QLineEdit(qualifiedSubject);
    m_subject->setObjectName(QStringLiteral("registerSubject"));
    m_subject->setPlaceholderText(tr("subject, e.g. orders-value or :.ctx:orders-value"));
    m_type = new QComboBox;
    m_type->setObjectName(QStringLiteral("registerType"));
    m_type->addItems({QStringLiteral("AVRO"), QStringLiteral("JSON"), QStringLiteral("PROTOBUF")});
    m_normalize = new QCheckBox(tr("Normalize"));
    m_normalize->setObjectName(QStringLiteral("registerNormalize"));
    m_normalize->setToolTip(tr("Ask the server to normalise the schema before comparing and storing it"));
    top->addWidget(new QLabel(tr("Subject:")));
    top->addWidget(m_subject, 1);
    top->addWidget(new QLabel(tr("Type:")));
    top->addWidget(m_type);
    top->addWidget(m_normalize);
    layout->addLayout(top);
    // Which registry this tab writes to, named before anything is registered.
    auto *target = new QLabel(this);
    target->setObjectName(QStringLiteral("registerTarget"));
    target->setTextFormat(Qt::PlainText);
    target->setText(tr("Registers into: %1").arg(registryName(workspace, connectionId)));
    layout->addWidget(target);
    auto *settings = new SubjectSettingsLabel(workspace, this);
    settings->setObjectName(QStringLiteral("registerSettings"));
    settings->setToolTip(tr("What \"Check compatibility\" and registering are judged by"));
    settings->setSubject(connectionId, qualifiedSubject);
    connect(m_subject, &QLineEdit::textChanged, settings, [settings, connectionId](const QString &subject) {
        settings->setSubject(connectionId, subject.trimmed());
    });
    layout->addWidget(settings);

    auto *splitter = new QSplitter(Qt::Vertical);
    auto *editorPane = new QWidget;
    auto *editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    m_editor = new SchemaEditor;
    m_editor->setObjectName(QStringLiteral("registerEditor"));
    m_editor->setAccessibleName(tr("New schema text"));
    // A new subject starts at its name; a new version at the text.
    setFocusProxy(qualifiedSubject.isEmpty() || qualifiedSubject.endsWith(u':')
                      ? static_cast<QWidget *>(m_subject)
                      : m_editor);
    m_validation = plainLabel();
    m_validation->setObjectName(QStringLiteral("registerValidation"));
    m_validation->setWordWrap(true);
    // At least ten lines of schema on a 700 px screen; the details and the result give way first.
    m_editor->setMinimumHeight(m_editor->fontMetrics().lineSpacing() * 10 + 2 * m_editor->frameWidth() + 4);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addWidget(m_validation);
    splitter->addWidget(editorPane);

    auto *details = new QWidget;
    auto *detailsLayout = new QFormLayout(details);
    m_references = new QTableWidget(0, 3);
    m_references->setObjectName(QStringLiteral("registerReferences"));
    m_references->setHorizontalHeaderLabels({tr("Name"), tr("Subject"), tr("Version")});
    m_references->horizontalHeader()->setStretchLastSection(true);
    m_references->setMaximumHeight(90);
    auto *refButtons = new QHBoxLayout;
    auto *addRef = new QPushButton(tr("Add reference"));
    addRef->setObjectName(QStringLiteral("addReference"));
    auto *removeRef = new QPushButton(tr("Remove"));
    refButtons->addWidget(addRef);
    refButtons->addWidget(removeRef);
    refButtons->addStretch(1);
    auto *refPane = new QVBoxLayout;
    refPane->addWidget(m_references);
    refPane->addLayout(refButtons);
    m_metadata = new QPlainTextEdit;
    m_metadata->setObjectName(QStringLiteral("registerMetadata"));
    m_metadata->setPlaceholderText(tr("{\"properties\": {\"owner\": \"team-orders\"}}  (optional)"));
    m_metadata->setMaximumHeight(48);
    detailsLayout->addRow(tr("References:"), refPane);
    detailsLayout->addRow(tr("Metadata:"), m_metadata);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    layout->addWidget(splitter, 1);

    auto *actions = new QHBoxLayout;
    auto *compare = new QPushButton(tr("Compare with &latest"));
    compare->setObjectName(QStringLiteral("compareDraft"));
    compare->setToolTip(tr("Side-by-side diff of the registered latest version and this draft"));
    compare->setEnabled(!qualifiedSubject.isEmpty() && !qualifiedSubject.endsWith(u':'));
    connect(compare, &QPushButton::clicked, this, &RegisterView::compareWithLatestRequested);
    actions->addWidget(compare);
    actions->addStretch(1);
    m_serverActions = new ButtonRow(QStringLiteral("registerServerActions"));
    QPushButton *check =
        m_serverActions->addButton(tr("&Check compatibility"), QStringLiteral("checkCompatibility"));
    QPushButton *registerButton =
        m_serverActions->addButton(tr("&Register"), QStringLiteral("registerButton"));
    actions->addWidget(m_serverActions);
    layout->addLayout(actions);
    m_result = new QTextBrowser;
    m_result->setObjectName(QStringLiteral("registerResult"));
    m_result->setMaximumHeight(150);
    m_result->setMinimumHeight(m_result->fontMetrics().lineSpacing() * 3);
    m_result->setOpenLinks(false);
    connect(m_result, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == u"line")
            jumpToLine(url.path().toInt());
    });
    layout->addWidget(m_result);

    m_validateTimer.setSingleShot(true);
    m_validateTimer.setInterval(250);
    connect(&m_validateTimer, &QTimer::timeout, this, &RegisterView::validateNow);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &RegisterView::scheduleValidation);
    connect(m_type, &QComboBox::currentTextChanged, this, [this](const QString &type) {
        m_editor->setLanguage(type == u"PROTOBUF" ? SchemaEditor::Language::Protobuf
                                                  : SchemaEditor::Language::Json);
        scheduleValidation();
    });
    connect(addRef, &QPushButton::clicked, this, [this] {
        const int row = m_references->rowCount();
        m_references->insertRow(row);
        m_references->setItem(row, 2, new QTableWidgetItem(QStringLiteral("1")));
    });
    connect(removeRef, &QPushButton::clicked, this, [this] {
        if (m_references->currentRow() >= 0)
            m_references->removeRow(m_references->currentRow());
        resolveReferences();
    });
    connect(m_references, &QTableWidget::cellChanged, this, &RegisterView::resolveReferences);
    connect(check, &QPushButton::clicked, this, &RegisterView::checkCompatibility);
    connect(registerButton, &QPushButton::clicked, this, &RegisterView::registerSchema);

    const auto *connection = workspace ? workspace->connection(connectionId) : nullptr;
    if (connection && connection->profile.readOnly) {
        // Read-only connections never write: the form stays for drafting and checking only.
        registerButton->hide();
    }
}

QString RegisterView::registryName(const items::RegistryWorkspace *workspace, const QString &connectionId)
{
    const auto *connection = workspace ? workspace->connection(connectionId) : nullptr;
    if (!connection)
        return connectionId;
    const QString url = connection->profile.urls.isEmpty()
                            ? QString()
                            : connection->profile.urls.first().toString(QUrl::RemoveUserInfo);
    return url.isEmpty() ? connection->profile.name
                         : connection->profile.name + QStringLiteral(" (") + url + u')';
}

QString RegisterView::tabKey(const QString &connectionId, const QString &qualifiedSubject)
{
    return QStringLiteral("register:") + connectionId + u'/' + qualifiedSubject;
}

void RegisterView::setDraft(const QString &schemaType, const QString &text,
                            const QList<registry::SchemaReference> &references)
{
    m_type->setCurrentText(schemaType.isEmpty() ? QStringLiteral("AVRO") : schemaType);
    QString shown = text;
    if (schemaType != u"PROTOBUF") {
        const schema::JsonParseResult parsed = schema::parseJson(text);
        if (parsed.value)
            shown = schema::writeJson(*parsed.value, schema::JsonFormat::Pretty);
    }
    m_references->blockSignals(true);
    m_references->setRowCount(0);
    for (const registry::SchemaReference &ref : references) {
        const int row = m_references->rowCount();
        m_references->insertRow(row);
        m_references->setItem(row, 0, new QTableWidgetItem(ref.name));
        m_references->setItem(row, 1, new QTableWidgetItem(ref.subject));
        m_references->setItem(row, 2, new QTableWidgetItem(QString::number(ref.version)));
    }
    m_references->blockSignals(false);
    m_editor->setPlainText(shown);
    resolveReferences();
}

QString RegisterView::subject() const
{
    return m_subject->text().trimmed();
}

QString RegisterView::schemaText() const
{
    return m_editor->toPlainText();
}

QString RegisterView::schemaType() const
{
    return m_type->currentText();
}

QList<registry::SchemaReference> RegisterView::references() const
{
    QList<registry::SchemaReference> refs;
    for (int row = 0; row < m_references->rowCount(); ++row) {
        const auto text = [this, row](int column) {
            const QTableWidgetItem *item = m_references->item(row, column);
            return item ? item->text().trimmed() : QString();
        };
        if (text(0).isEmpty() || text(1).isEmpty())
            continue;
        refs.append({text(0), text(1), text(2).toInt()});
    }
    return refs;
}

registry::SchemaSubmission RegisterView::submission() const
{
    registry::SchemaSubmission s;
    s.schema = schemaText();
    s.schemaType = m_type->currentText();
    s.references = references();
    const QJsonDocument metadata = QJsonDocument::fromJson(m_metadata->toPlainText().toUtf8());
    if (metadata.isObject())
        s.metadata = metadata.object();
    return s;
}

void RegisterView::scheduleValidation()
{
    m_validateTimer.start();
}

void RegisterView::resolveReferences()
{
    // Referenced schemas are fetched once so that local validation knows their named types.
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_connectionId) : nullptr;
    if (!client)
        return;
    m_schemaReferences->fetch(client, subject(), references());
    scheduleValidation();
}

QList<schema::ResolvedReference> RegisterView::resolvedReferences() const
{
    return m_schemaReferences->resolved(references());
}

void RegisterView::validateNow()
{
    const QString text = schemaText();
    if (text.trimmed().isEmpty()) {
        m_validationError = tr("The schema is empty.");
        m_validation->setText(QString());
        return;
    }
    const auto type = schema::schemaTypeFromName(m_type->currentText()).value_or(schema::SchemaType::Avro);
    const schema::ParseResult parsed = schema::parseSchema(type, text, resolvedReferences());
    m_validationError = parsed.ok() ? QString() : parsed.error;
    if (parsed.ok()) {
        m_validation->setStyleSheet(QStringLiteral("color: #2e7d32;"));
        m_validation->setText(tr("✓ Valid %1 schema").arg(m_type->currentText()));
    } else {
        m_validation->setStyleSheet(QStringLiteral("color: #c62828;"));
        m_validation->setText(tr("✗ %1").arg(parsed.error));
    }
}

QStringList RegisterView::readableMessages(const QStringList &messages)
{
    return diff::parseCompatibilityMessages(messages).lines;
}

void RegisterView::showResult(const QString &html, bool good)
{
    m_result->setHtml(QStringLiteral("<div style=\"color:%1\">%2</div>")
                          .arg(good ? QStringLiteral("#2e7d32") : QStringLiteral("#c62828"), html));
}

QString RegisterView::resultText() const
{
    return m_result->toPlainText();
}

void RegisterView::setBusy(bool busy)
{
    m_serverActions->setEnabled(!busy);
}

void RegisterView::checkCompatibility()
{
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_connectionId) : nullptr;
    if (!client || subject().isEmpty())
        return;
    setBusy(true);
    // Against all versions, exactly as registering would check (transitive or not is the server's call).
    client->checkCompatibility(subject(), std::nullopt, submission(), true, this,
                               [this](const Result<registry::CompatibilityResult> &r) {
                                   setBusy(false);
                                   if (!r) {
                                       m_lastCompatible = false;
                                       showResult(r.error.toDisplayString().toHtmlEscaped(), false);
                                       Q_EMIT checkFinished(false);
                                       return;
                                   }
                                   m_lastCompatible = r.value.compatible;
                                   QString html = r.value.compatible
                                                      ? tr("✓ Compatible with the subject's versions.")
                                                      : tr("✗ Not compatible:");
                                   const QStringList lines = readableMessages(r.value.messages);
                                   if (!lines.isEmpty()) {
                                       html += QStringLiteral("<ul>");
                                       for (const QString &line : lines)
                                           html += QStringLiteral("<li>") + line.toHtmlEscaped() +
                                                   QStringLiteral("</li>");
                                       html += QStringLiteral("</ul>");
                                   }
                                   showResult(html, r.value.compatible);
                                   if (!r.value.compatible)
                                       explainIncompatibility(r.value.messages, tr("✗ Not compatible."));
                                   Q_EMIT checkFinished(r.value.compatible);
                               });
}

void RegisterView::registerSchema()
{
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_connectionId) : nullptr;
    const auto *connection = m_workspace ? m_workspace->connection(m_connectionId) : nullptr;
    if (!client || !connection || subject().isEmpty())
        return;
    if (connection->profile.readOnly)
        return;
    const QString target = subject();
    const QString question = tr("Register a new version of %1 on %2?").arg(target, connection->profile.name);
    registry::WriteConfirmation confirmation;
    if (connection->profile.isProtected &&
        !Dialogs::confirmTyped(this, tr("Register on a protected registry"), question, target, &confirmation))
        return;
    setBusy(true);
    client->registerSchema(
        target, submission(), m_normalize->isChecked(), this,
        [this, target](const Result<registry::SchemaVersion> &r) {
            setBusy(false);
            if (!r) {
                if (r.error.isIncompatible()) {
                    // The same explanation as Check gives, asked for with the server's verbose reasons.
                    const QString heading = tr("✗ Nothing was registered: this version is not compatible.");
                    showResult(heading.toHtmlEscaped() + QStringLiteral("<br>") + tr("Finding out why…"),
                               false);
                    recheckToExplain(heading);
                } else {
                    showResult(r.error.toDisplayString().toHtmlEscaped(), false);
                }
                Q_EMIT registerFinished(false);
                return;
            }
            m_registered = r.value;
            showResult(tr("✓ Registered: %1 version %2, schema id %3.")
                           .arg(target.toHtmlEscaped())
                           .arg(r.value.version)
                           .arg(r.value.id),
                       true);
            if (m_workspace)
                m_workspace->loadVersions(m_connectionId, target);
            Q_EMIT registerFinished(true);
        },
        confirmation);
}

void RegisterView::recheckToExplain(const QString &heading)
{
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_connectionId) : nullptr;
    if (!client)
        return;
    client->checkCompatibility(subject(), std::nullopt, submission(), true, this,
                               [this, heading](const Result<registry::CompatibilityResult> &r) {
                                   if (r && !r.value.compatible)
                                       explainIncompatibility(r.value.messages, heading);
                               });
}

void RegisterView::explainIncompatibility(const QStringList &messages, const QString &heading)
{
    registry::RegistryClient *client = m_workspace ? m_workspace->client(m_connectionId) : nullptr;
    const diff::ServerVerdict verdict = diff::parseCompatibilityMessages(messages);
    if (!client)
        return;
    QObject *context = m_explanation.start(); // a newer explanation drops this one
    const QString draft = schemaText();
    const QString type = m_type->currentText();
    const QString target = subject();
    const QString version =
        verdict.againstVersion > 0 ? QString::number(verdict.againstVersion) : u"latest"_s;
    // The version judged against, with its own references, compared field by field with the draft.
    m_explanation.track(client->getVersion(
        target, version, false, context,
        [this, context, verdict, draft, type, target, heading,
         client = QPointer<registry::RegistryClient>(client)](const Result<registry::SchemaVersion> &old) {
            if (!client)
                return;
            if (!old) {
                renderExplanation(heading, {}, old.error.summary(), verdict.againstVersion, verdict.level,
                                  verdict.lines);
                return;
            }
            items::resolveReferenceClosure(
                client, target, old.value.references, context,
                [this, verdict, draft, type, heading,
                 old = old.value](const QList<schema::ResolvedReference> &oldRefs, const QString &) {
                    QString level = verdict.level;
                    if (level.isEmpty())
                        level = findChild<SubjectSettingsLabel *>()->compatibility();
                    const auto parsedLevel = schema::compatibilityLevelFromName(level).value_or(
                        schema::CompatibilityLevel::Backward);
                    QString why;
                    const QList<diff::Incompatibility> items = diff::explainIncompatibilities(
                        schema::schemaTypeFromName(type).value_or(schema::SchemaType::Avro), old.schema,
                        draft, parsedLevel, oldRefs, resolvedReferences(), draft, &why);
                    renderExplanation(heading, items, why, old.version,
                                      schema::compatibilityLevelName(parsedLevel), verdict.lines);
                });
        }));
}

void RegisterView::renderExplanation(const QString &heading, const QList<diff::Incompatibility> &items,
                                     const QString &why, int againstVersion, const QString &level,
                                     const QStringList &serverLines)
{
    QString html = heading.toHtmlEscaped();
    const QString judged = againstVersion > 0
                               ? tr("Judged against version %1 under %2.").arg(againstVersion).arg(level)
                               : tr("Judged under %1.").arg(level);
    html += u' ' + judged.toHtmlEscaped();
    if (!items.isEmpty()) {
        html += QStringLiteral("<ul>");
        for (const diff::Incompatibility &item : items) {
            const diff::SemanticChange &c = item.change;
            QString line = QStringLiteral("<b>%1</b>: %2")
                               .arg((item.field.isEmpty() ? tr("the record") : item.field).toHtmlEscaped(),
                                    diff::semanticChangeKindName(c.kind).toHtmlEscaped());
            if (!c.before.isEmpty() || !c.after.isEmpty())
                line += QStringLiteral(", <code>%1</code> → <code>%2</code>")
                            .arg((c.before.isEmpty() ? u"–"_s : c.before).toHtmlEscaped(),
                                 (c.after.isEmpty() ? u"–"_s : c.after).toHtmlEscaped());
            if (item.line > 0)
                line += QStringLiteral(" (<a href=\"line:%1\">%2</a>)")
                            .arg(item.line)
                            .arg(tr("line %1").arg(item.line));
            if (!c.explanation.isEmpty())
                line += QStringLiteral("<br>") + c.explanation.toHtmlEscaped();
            if (!item.suggestion.isEmpty())
                line += QStringLiteral("<br><i>%1</i> %2").arg(tr("Fix:"), item.suggestion.toHtmlEscaped());
            html += QStringLiteral("<li>") + line + QStringLiteral("</li>");
        }
        html += QStringLiteral("</ul>");
    } else if (!why.isEmpty()) {
        html += QStringLiteral("<br>") + why.toHtmlEscaped();
    }
    if (!serverLines.isEmpty()) {
        html += QStringLiteral("<p>%1</p><ul>").arg(tr("The server's words:").toHtmlEscaped());
        for (const QString &line : serverLines)
            html += QStringLiteral("<li>") + line.toHtmlEscaped() + QStringLiteral("</li>");
        html += QStringLiteral("</ul>");
    }
    showResult(html, false);
}

void RegisterView::jumpToLine(int line)
{
    const QTextBlock block = m_editor->document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    m_editor->setTextCursor(cursor);
    m_editor->centerCursor();
    m_editor->setFocus(Qt::OtherFocusReason);
}

} // namespace sd::ui
