#include "ConfigFieldsDialog.h"

#include "ui/PlainText.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sd::ui {

namespace {

QComboBox *choice(QWidget *parent, const QString &name, const QStringList &values, const QString &current)
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(name);
    combo->addItem(ConfigFieldsDialog::tr("(not set)"), QString());
    for (const QString &value : values)
        combo->addItem(value, value);
    combo->setCurrentIndex(qMax(0, combo->findData(current)));
    return combo;
}

QString boolText(const std::optional<bool> &value)
{
    return value ? (*value ? u"true"_s : u"false"_s) : QString();
}

QPlainTextEdit *jsonEdit(QWidget *parent, const QString &name, const QJsonObject &current, bool ruleSet)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    if (ruleSet)
        edit->setPlaceholderText(ConfigFieldsDialog::tr(
            "not set — a JSON object, e.g. {\"domainRules\": [{\"name\": \"checkSsn\", \"kind\": "
            "\"CONDITION\", "
            "\"type\": \"CEL\", \"mode\": \"WRITE\", \"expr\": \"message.ssn != ''\"}]}"));
    else
        edit->setPlaceholderText(
            QObject::tr("not set — a JSON object, e.g. {\"properties\": {\"owner\": \"team-a\"}}"));
    if (!current.isEmpty())
        edit->setPlainText(
            QString::fromUtf8(QJsonDocument(current).toJson(QJsonDocument::Indented)).trimmed());
    edit->setMaximumHeight(80);
    edit->setTabChangesFocus(true);
    return edit;
}

// The JSON fields: name → what is set now.
QList<std::pair<QString, QJsonObject>> jsonFields(const registry::RegistryConfig &config)
{
    return {{u"defaultMetadata"_s, config.defaultMetadata},
            {u"overrideMetadata"_s, config.overrideMetadata},
            {u"defaultRuleSet"_s, config.defaultRuleSet},
            {u"overrideRuleSet"_s, config.overrideRuleSet}};
}

QString shown(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QObject::tr("not set");
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    return value.toString();
}

QJsonValue currentValue(const registry::RegistryConfig &config, const QString &field)
{
    if (field == u"compatibilityGroup")
        return config.compatibilityGroup.isEmpty() ? QJsonValue() : QJsonValue(config.compatibilityGroup);
    if (field == u"compatibilityPolicy")
        return config.compatibilityPolicy.isEmpty() ? QJsonValue() : QJsonValue(config.compatibilityPolicy);
    if (field == u"alias")
        return config.alias.isEmpty() ? QJsonValue() : QJsonValue(config.alias);
    const auto flag = [](const std::optional<bool> &value) {
        return value ? QJsonValue(*value) : QJsonValue();
    };
    if (field == u"normalize")
        return flag(config.normalize);
    if (field == u"validateFields")
        return flag(config.validateFields);
    if (field == u"validateRules")
        return flag(config.validateRules);
    for (const auto &[name, object] : jsonFields(config)) {
        if (name == field)
            return object.isEmpty() ? QJsonValue() : QJsonValue(object);
    }
    return {};
}

} // namespace

ConfigFieldsDialog::ConfigFieldsDialog(const QString &levelLabel, const registry::RegistryConfig &current,
                                       QWidget *parent)
    : QDialog(parent)
    , m_current(current)
{
    setObjectName(u"configFieldsDialog"_s);
    setWindowTitle(tr("Config of the %1").arg(levelLabel));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("What is set at the %1. A field set to \"(not set)\" or left empty is "
                                "cleared here and inherited again; compatibility is changed in the tab.")
                                 .arg(levelLabel),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    m_group = new QLineEdit(current.compatibilityGroup, this);
    m_group->setObjectName(u"configGroup"_s);
    m_group->setPlaceholderText(tr("not set — a metadata property name, e.g. application.major.version"));
    m_policy = choice(this, u"configPolicy"_s, {u"STRICT"_s, u"LENIENT"_s, u"LOGICAL"_s},
                      current.compatibilityPolicy);
    m_normalize = choice(this, u"configNormalize"_s, {u"true"_s, u"false"_s}, boolText(current.normalize));
    m_validateFields =
        choice(this, u"configValidateFields"_s, {u"true"_s, u"false"_s}, boolText(current.validateFields));
    m_validateRules =
        choice(this, u"configValidateRules"_s, {u"true"_s, u"false"_s}, boolText(current.validateRules));
    m_alias = new QLineEdit(current.alias, this);
    m_alias->setObjectName(u"configAlias"_s);
    m_alias->setPlaceholderText(tr("not set — the subject this one is an alias for"));
    m_defaultMetadata = jsonEdit(this, u"configDefaultMetadata"_s, current.defaultMetadata, false);
    m_overrideMetadata = jsonEdit(this, u"configOverrideMetadata"_s, current.overrideMetadata, false);
    m_defaultRuleSet = jsonEdit(this, u"configDefaultRuleSet"_s, current.defaultRuleSet, true);
    m_overrideRuleSet = jsonEdit(this, u"configOverrideRuleSet"_s, current.overrideRuleSet, true);
    form->addRow(tr("Compatibility &group:"), m_group);
    form->addRow(tr("Compatibility &policy:"), m_policy);
    form->addRow(tr("&Normalize:"), m_normalize);
    form->addRow(tr("Validate &fields:"), m_validateFields);
    form->addRow(tr("Validate &rules:"), m_validateRules);
    form->addRow(tr("&Alias for:"), m_alias);
    form->addRow(tr("Default &metadata:"), m_defaultMetadata);
    form->addRow(tr("&Override metadata:"), m_overrideMetadata);
    form->addRow(tr("Default rule &set:"), m_defaultRuleSet);
    form->addRow(tr("Override rule s&et:"), m_overrideRuleSet);
    layout->addLayout(form);

    m_error = plainLabel(this);
    m_error->setObjectName(u"configFieldsError"_s);
    m_error->setWordWrap(true);
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Apply…"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QPlainTextEdit *edit : {m_defaultMetadata, m_overrideMetadata, m_defaultRuleSet, m_overrideRuleSet})
        connect(edit, &QPlainTextEdit::textChanged, this, &ConfigFieldsDialog::validate);
    validate();
    resize(620, sizeHint().height());
}

QString ConfigFieldsDialog::validationError() const
{
    const QList<std::pair<QString, QPlainTextEdit *>> edits{{tr("Default metadata"), m_defaultMetadata},
                                                            {tr("Override metadata"), m_overrideMetadata},
                                                            {tr("Default rule set"), m_defaultRuleSet},
                                                            {tr("Override rule set"), m_overrideRuleSet}};
    for (const auto &[label, edit] : edits) {
        const QString text = edit->toPlainText().trimmed();
        if (text.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError)
            return tr("%1: not valid JSON (%2 at character %3).")
                .arg(label, error.errorString())
                .arg(error.offset);
        if (!document.isObject())
            return tr("%1: must be a JSON object.").arg(label);
    }
    return {};
}

void ConfigFieldsDialog::validate()
{
    m_error->setText(validationError());
}

void ConfigFieldsDialog::accept()
{
    validate();
    if (validationError().isEmpty())
        QDialog::accept();
}

QJsonObject ConfigFieldsDialog::changes() const
{
    QJsonObject wanted;
    const auto text = [](const QString &value) { return value.isEmpty() ? QJsonValue() : QJsonValue(value); };
    const auto flag = [](const QComboBox *combo) {
        const QString value = combo->currentData().toString();
        return value.isEmpty() ? QJsonValue() : QJsonValue(value == u"true");
    };
    const auto object = [](const QPlainTextEdit *edit) {
        const QString value = edit->toPlainText().trimmed();
        return value.isEmpty() ? QJsonValue() : QJsonValue(QJsonDocument::fromJson(value.toUtf8()).object());
    };
    const QList<std::pair<QString, QJsonValue>> fields{
        {u"compatibilityGroup"_s, text(m_group->text().trimmed())},
        {u"compatibilityPolicy"_s, text(m_policy->currentData().toString())},
        {u"normalize"_s, flag(m_normalize)},
        {u"validateFields"_s, flag(m_validateFields)},
        {u"validateRules"_s, flag(m_validateRules)},
        {u"alias"_s, text(m_alias->text().trimmed())},
        {u"defaultMetadata"_s, object(m_defaultMetadata)},
        {u"overrideMetadata"_s, object(m_overrideMetadata)},
        {u"defaultRuleSet"_s, object(m_defaultRuleSet)},
        {u"overrideRuleSet"_s, object(m_overrideRuleSet)}};
    for (const auto &[field, value] : fields) {
        const QJsonValue before = currentValue(m_current, field);
        if (value == before || (value.isNull() && before.isUndefined()) ||
            (value.isUndefined() && before.isNull()))
            continue;
        wanted.insert(field, value.isUndefined() ? QJsonValue(QJsonValue::Null) : value);
    }
    return wanted;
}

QStringList ConfigFieldsDialog::describe(const QJsonObject &changes, const registry::RegistryConfig &current)
{
    QStringList lines;
    for (auto it = changes.begin(); it != changes.end(); ++it)
        lines << tr("%1: %2 → %3").arg(it.key(), shown(currentValue(current, it.key())), shown(it.value()));
    return lines;
}

} // namespace sd::ui
