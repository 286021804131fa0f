#include "sandboxserver/JsonBinding.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

// One field's binding failure, worded like Jackson's MismatchedInputException.
QString mismatch(const QString &path, const QString &expected)
{
    return u"Cannot deserialize value of field \"%1\": %2 expected"_s.arg(path, expected);
}

// A String field: text as is, numbers and booleans coerced to text.
std::optional<QString> bindString(const QJsonValue &value, const QString &path, QJsonValue *bound)
{
    if (value.isString())
        *bound = value;
    else if (value.isBool())
        *bound = value.toBool() ? u"true"_s : u"false"_s;
    else if (value.isDouble())
        *bound = QString::number(value.toDouble(), 'g', 17);
    else if (value.isNull())
        *bound = QJsonValue::Null;
    else
        return mismatch(path, u"a string"_s);
    return std::nullopt;
}

// A Boolean field: true/false, the texts "true"/"false" and numbers (non-zero is true).
std::optional<QString> bindBoolean(const QJsonValue &value, const QString &path, QJsonValue *bound)
{
    if (value.isBool() || value.isNull())
        *bound = value;
    else if (value.isDouble())
        *bound = value.toDouble() != 0;
    else if (value.isString() && (value.toString() == u"true" || value.toString() == u"false"))
        *bound = value.toString() == u"true";
    else
        return mismatch(path, u"a boolean"_s);
    return std::nullopt;
}

// An enum field: one of its names, or an ordinal (Jackson accepts numbers for enums by default).
std::optional<QString> bindEnum(const QJsonValue &value, const QStringList &names, const QString &path,
                                QJsonValue *bound)
{
    if (value.isNull()) {
        *bound = QJsonValue::Null;
        return std::nullopt;
    }
    if (value.isString() && names.contains(value.toString())) {
        *bound = value;
        return std::nullopt;
    }
    if (value.isDouble()) {
        const double ordinal = value.toDouble();
        if (ordinal >= 0 && ordinal < names.size() && ordinal == double(qsizetype(ordinal))) {
            *bound = names[qsizetype(ordinal)];
            return std::nullopt;
        }
    }
    return mismatch(path, u"one of %1"_s.arg(names.join(u", "_s)));
}

// A Set<String> field: duplicates collapse, nulls are left out.
std::optional<QString> bindStringSet(const QJsonValue &value, const QString &path, QJsonValue *bound)
{
    if (value.isNull()) {
        *bound = QJsonValue::Null;
        return std::nullopt;
    }
    if (!value.isArray())
        return mismatch(path, u"an array of strings"_s);
    QJsonArray out;
    for (const QJsonValue &item : value.toArray()) {
        QJsonValue text;
        if (auto error = bindString(item, path, &text))
            return error;
        if (!text.isNull() && !out.contains(text))
            out.append(text);
    }
    *bound = out;
    return std::nullopt;
}

using FieldBinder = std::optional<QString> (*)(const QJsonValue &, const QString &, QJsonValue *);

// A Map<String, V> field (`expected` names it in a mismatch), each value bound by `bindValue`; null values
// are left out.
std::optional<QString> bindMap(const QJsonValue &value, const QString &path, const QString &expected,
                               FieldBinder bindValue, QJsonValue *bound)
{
    if (value.isNull()) {
        *bound = QJsonValue::Null;
        return std::nullopt;
    }
    if (!value.isObject())
        return mismatch(path, expected);
    const QJsonObject object = value.toObject();
    QJsonObject out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        QJsonValue entry;
        if (auto error = bindValue(it.value(), path + u'.' + it.key(), &entry))
            return error;
        if (!entry.isNull())
            out.insert(it.key(), entry);
    }
    *bound = out;
    return std::nullopt;
}

// A Map<String, String> field.
std::optional<QString> bindTextMap(const QJsonValue &value, const QString &path, QJsonValue *bound)
{
    return bindMap(value, path, u"an object of strings"_s, bindString, bound);
}

// A bean: its known fields bound, unknown ones ignored, nulls left out.
std::optional<QString> bindBean(const QJsonValue &value, const QString &path,
                                const QList<std::pair<QString, FieldBinder>> &fields, QJsonValue *bound)
{
    if (value.isNull()) {
        *bound = QJsonValue::Null;
        return std::nullopt;
    }
    if (!value.isObject())
        return mismatch(path, u"an object"_s);
    const QJsonObject object = value.toObject();
    QJsonObject out;
    for (const auto &[name, bind] : fields) {
        if (!object.contains(name))
            continue;
        QJsonValue field;
        if (auto error = bind(object.value(name), path + u'.' + name, &field))
            return error;
        if (!field.isNull())
            out.insert(name, field);
    }
    *bound = out;
    return std::nullopt;
}

// Metadata: tags Map<String, Set<String>>, properties Map<String, String>, sensitive Set<String>.
std::optional<QString> bindMetadata(const QJsonValue &value, const QString &path, QJsonValue *bound)
{
    auto bindTags = [](const QJsonValue &tags, const QString &at, QJsonValue *out) {
        return bindMap(tags, at, u"an object of string arrays"_s, bindStringSet, out);
    };
    return bindBean(value, path,
                    {{u"tags"_s, bindTags}, {u"properties"_s, bindTextMap}, {u"sensitive"_s, bindStringSet}},
                    bound);
}

// Rule: kind and mode stay text here; RuleSetValidator::check answers 42210 for bad ones.
std::optional<QString> bindRule(const QJsonValue &value, const QString &path, QJsonValue *bound)
{
    return bindBean(value, path,
                    {{u"name"_s, bindString},
                     {u"doc"_s, bindString},
                     {u"kind"_s, bindString},
                     {u"mode"_s, bindString},
                     {u"type"_s, bindString},
                     {u"tags"_s, bindStringSet},
                     {u"params"_s, bindTextMap},
                     {u"expr"_s, bindString},
                     {u"onSuccess"_s, bindString},
                     {u"onFailure"_s, bindString},
                     {u"disabled"_s, bindBoolean}},
                    bound);
}

std::optional<QString> bindRules(const QJsonValue &value, const QString &path, QJsonValue *bound)
{
    if (value.isNull()) {
        *bound = QJsonValue::Null;
        return std::nullopt;
    }
    if (!value.isArray())
        return mismatch(path, u"an array of rules"_s);
    QJsonArray out;
    for (const QJsonValue &item : value.toArray()) {
        QJsonValue rule;
        if (auto error = bindRule(item, path, &rule))
            return error;
        out.append(rule);
    }
    *bound = out;
    return std::nullopt;
}

// RuleSet; enableAt is an enum in the server's spec (components.schemas.RuleSet).
std::optional<QString> bindRuleSet(const QJsonValue &value, const QString &path, QJsonValue *bound)
{
    auto bindEnableAt = [](const QJsonValue &v, const QString &at, QJsonValue *out) {
        return bindEnum(v, {u"ALL"_s, u"CLIENT"_s, u"GATEWAY"_s, u"SERVER"_s, u"NONE"_s}, at, out);
    };
    return bindBean(value, path,
                    {{u"migrationRules"_s, bindRules},
                     {u"domainRules"_s, bindRules},
                     {u"encodingRules"_s, bindRules},
                     {u"enableAt"_s, bindEnableAt}},
                    bound);
}

std::optional<QString> bindEntityType(const QJsonValue &value, const QString &path, QJsonValue *bound)
{
    return bindEnum(value, {u"sr_record"_s, u"sr_field"_s}, path, bound);
}

std::optional<QString> bindSchemaEntity(const QJsonValue &value, const QString &path, QJsonValue *bound)
{
    return bindBean(value, path, {{u"entityPath"_s, bindString}, {u"entityType"_s, bindEntityType}}, bound);
}

// SchemaTags: schemaEntity (entityPath, entityType sr_record|sr_field) and its tags.
std::optional<QString> bindSchemaTags(const QJsonValue &value, const QString &path, QJsonValue *bound)
{
    if (value.isNull()) {
        *bound = QJsonValue::Null;
        return std::nullopt;
    }
    if (!value.isArray())
        return mismatch(path, u"an array of schema tags"_s);
    QJsonArray out;
    for (const QJsonValue &item : value.toArray()) {
        QJsonValue tags;
        if (auto error = bindBean(item, path,
                                  {{u"schemaEntity"_s, bindSchemaEntity}, {u"tags"_s, bindStringSet}}, &tags))
            return error;
        out.append(tags);
    }
    *bound = out;
    return std::nullopt;
}

} // namespace

std::optional<QString> bindConfigUpdate(const QJsonObject &body, QJsonObject *bound)
{
    static const QList<std::pair<QString, FieldBinder>> fields = {
        {u"compatibility"_s, bindString},       {u"compatibilityGroup"_s, bindString},
        {u"compatibilityPolicy"_s, bindString}, {u"alias"_s, bindString},
        {u"aliasForDeks"_s, bindString},        {u"normalize"_s, bindBoolean},
        {u"validateFields"_s, bindBoolean},     {u"validateRules"_s, bindBoolean},
        {u"validateNewSchemas"_s, bindBoolean}, {u"defaultMetadata"_s, bindMetadata},
        {u"overrideMetadata"_s, bindMetadata},  {u"defaultRuleSet"_s, bindRuleSet},
        {u"overrideRuleSet"_s, bindRuleSet},
    };
    QJsonObject out = body; // unknown top-level properties pass; the store ignores them
    for (const auto &[name, bind] : fields) {
        if (!body.contains(name))
            continue;
        QJsonValue field;
        if (auto error = bind(body.value(name), name, &field))
            return error;
        out.insert(name, field);
    }
    *bound = out;
    return std::nullopt;
}

std::optional<QString> bindRegisterMembers(const QJsonObject &body, QJsonObject *metadata,
                                           QJsonObject *ruleSet)
{
    QJsonValue bound;
    // Schema tags are not kept (they need Stream Catalog), but their types are checked all the same.
    for (const QString &field : {u"schemaTagsToAdd"_s, u"schemaTagsToRemove"_s}) {
        if (auto error = bindSchemaTags(body.value(field).isUndefined() ? QJsonValue() : body.value(field),
                                        field, &bound))
            return error;
    }
    if (body.contains(u"propagateSchemaTags"_s)) {
        if (auto error = bindBoolean(body.value(u"propagateSchemaTags"_s), u"propagateSchemaTags"_s, &bound))
            return error;
    }
    if (body.contains(u"metadata"_s)) {
        if (auto error = bindMetadata(body.value(u"metadata"_s), u"metadata"_s, &bound))
            return error;
        *metadata = bound.toObject();
    }
    if (body.contains(u"ruleSet"_s)) {
        if (auto error = bindRuleSet(body.value(u"ruleSet"_s), u"ruleSet"_s, &bound))
            return error;
        *ruleSet = bound.toObject();
    }
    return std::nullopt;
}

std::optional<QString> bindStringMap(const QJsonObject &body)
{
    QJsonValue ignored;
    return bindTextMap(body, u"body"_s, &ignored);
}

bool isBlankJson(const QByteArray &body)
{
    for (const char c : body) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return false;
    }
    return true;
}

} // namespace sd::sandbox
