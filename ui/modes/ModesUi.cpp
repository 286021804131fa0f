#include "ModesUi.h"

#include "items/RegistryWorkspace.h"
#include "ui/CommonWidgets.h"

#include <QBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QStringList>
#include <QTableWidget>

using namespace Qt::StringLiterals;

namespace sd::ui::modesui {

namespace {

QString boolText(bool value)
{
    return value ? u"true"_s : u"false"_s;
}

QString metadataSummary(const QJsonObject &metadata)
{
    QStringList keys = metadata.value(u"properties"_s).toObject().keys();
    const QJsonArray tags = metadata.value(u"tags"_s).toArray();
    if (!tags.isEmpty())
        keys << u"%1 tagged paths"_s.arg(tags.size());
    const QJsonArray sensitive = metadata.value(u"sensitive"_s).toArray();
    if (!sensitive.isEmpty())
        keys << u"%1 sensitive"_s.arg(sensitive.size());
    return u'{' + keys.join(u", "_s) + u'}';
}

QString ruleSetSummary(const QJsonObject &ruleSet)
{
    QStringList parts;
    for (const QString &kind : {u"migrationRules"_s, u"domainRules"_s, u"encodingRules"_s}) {
        const QJsonArray rules = ruleSet.value(kind).toArray();
        if (rules.isEmpty())
            continue;
        QStringList names;
        for (const QJsonValue &rule : rules)
            names << rule.toObject().value(u"name"_s).toString();
        parts << u"%1: %2"_s.arg(kind, names.join(u", "_s));
    }
    return u'(' + parts.join(u"; "_s) + u')';
}

} // namespace

QString configSummary(const registry::RegistryConfig &config)
{
    QStringList parts;
    if (!config.compatibilityGroup.isEmpty())
        parts << u"group=%1"_s.arg(config.compatibilityGroup);
    if (!config.compatibilityPolicy.isEmpty())
        parts << u"policy=%1"_s.arg(config.compatibilityPolicy);
    if (config.normalize)
        parts << u"normalize=%1"_s.arg(boolText(*config.normalize));
    if (config.validateFields)
        parts << u"validateFields=%1"_s.arg(boolText(*config.validateFields));
    if (config.validateRules)
        parts << u"validateRules=%1"_s.arg(boolText(*config.validateRules));
    if (!config.alias.isEmpty())
        parts << u"alias=%1"_s.arg(config.alias);
    if (!config.defaultMetadata.isEmpty())
        parts << u"defaultMetadata"_s + metadataSummary(config.defaultMetadata);
    if (!config.overrideMetadata.isEmpty())
        parts << u"overrideMetadata"_s + metadataSummary(config.overrideMetadata);
    if (!config.defaultRuleSet.isEmpty())
        parts << u"defaultRuleSet"_s + ruleSetSummary(config.defaultRuleSet);
    if (!config.overrideRuleSet.isEmpty())
        parts << u"overrideRuleSet"_s + ruleSetSummary(config.overrideRuleSet);
    return parts.join(u" · "_s);
}

QString configDetails(const registry::RegistryConfig &config)
{
    QStringList lines;
    auto line = [&lines](const QString &name, const QString &value) {
        lines << u"%1: %2"_s.arg(name, value.isEmpty() ? u"(not set)"_s : value);
    };
    auto optionalBool = [](const std::optional<bool> &value) { return value ? boolText(*value) : QString(); };
    auto json = [](const QJsonObject &object) {
        return object.isEmpty()
                   ? QString()
                   : u"\n"_s +
                         QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
    };
    line(u"compatibilityLevel"_s, config.compatibility);
    line(u"compatibilityGroup"_s, config.compatibilityGroup);
    line(u"compatibilityPolicy"_s, config.compatibilityPolicy);
    line(u"normalize"_s, optionalBool(config.normalize));
    line(u"validateFields"_s, optionalBool(config.validateFields));
    line(u"validateRules"_s, optionalBool(config.validateRules));
    line(u"alias"_s, config.alias);
    line(u"defaultMetadata"_s, json(config.defaultMetadata));
    line(u"overrideMetadata"_s, json(config.overrideMetadata));
    line(u"defaultRuleSet"_s, json(config.defaultRuleSet));
    line(u"overrideRuleSet"_s, json(config.overrideRuleSet));
    return lines.join(u'\n');
}

bool confirmSettingsChange(QWidget *parent, items::RegistryWorkspace *workspace, const QString &connectionId,
                           const QString &title, const QString &text, const QString &acceptLabel,
                           registry::WriteConfirmation *confirmation)
{
    const auto *connection = workspace ? workspace->connection(connectionId) : nullptr;
    const bool typed = connection && connection->profile.isProtected;
    return confirmChangeOn(parent, workspace, connectionId, title,
                           typed ? text + u"\n\nThis connection is protected: type its name to go ahead."_s
                                 : text,
                           acceptLabel, connection ? connection->profile.name : QString(), confirmation);
}

QLineEdit *addLineEdit(QBoxLayout *row, QWidget *parent, const QString &objectName,
                       const QString &placeholder)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    row->addWidget(edit, 1);
    return edit;
}

QTableWidget *resultTable(QWidget *parent, const QString &objectName, const QStringList &headers)
{
    QTableWidget *table = readOnlyTable(parent, objectName, headers);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return table;
}

} // namespace sd::ui::modesui
