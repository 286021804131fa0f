#include "sandboxserver/RuleSetValidator.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace sd::sandbox {

RegistryError RuleSetValidator::check(const QJsonObject &ruleSet)
{
    auto invalid = [](const QString &why) {
        return RegistryError{422, 42210, u"Invalid rule set: %1"_s.arg(why)};
    };
    static const QStringList kinds = {u"CONDITION"_s, u"TRANSFORM"_s};
    static const QStringList modes = {u"UPGRADE"_s, u"DOWNGRADE"_s, u"UPDOWN"_s,
                                      u"WRITE"_s,   u"READ"_s,      u"WRITEREAD"_s};
    QSet<QString> names;
    for (const QString &group : {u"domainRules"_s, u"migrationRules"_s, u"encodingRules"_s}) {
        const QJsonValue rules = ruleSet.value(group);
        if (rules.isUndefined() || rules.isNull())
            continue;
        if (!rules.isArray())
            return invalid(u"%1 must be a list of rules"_s.arg(group));
        for (const QJsonValue &value : rules.toArray()) {
            const QJsonObject rule = value.toObject();
            const QString name = rule.value(u"name"_s).toString();
            if (!value.isObject() || name.isEmpty())
                return invalid(u"every rule in %1 needs a name"_s.arg(group));
            if (names.contains(name))
                return invalid(u"duplicate rule name '%1'"_s.arg(name));
            names.insert(name);
            const QString kind = rule.value(u"kind"_s).toString();
            if (!kind.isEmpty() && !kinds.contains(kind))
                return invalid(
                    u"rule '%1' has kind '%2'; valid kinds are CONDITION and TRANSFORM"_s.arg(name, kind));
            const QString mode = rule.value(u"mode"_s).toString();
            if (!mode.isEmpty() && !modes.contains(mode))
                return invalid(u"rule '%1' has an invalid mode '%2'"_s.arg(name, mode));
            if (rule.value(u"type"_s).toString().isEmpty())
                return invalid(u"rule '%1' needs a type"_s.arg(name));
        }
    }
    return {};
}

} // namespace sd::sandbox
