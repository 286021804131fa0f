#pragma once

#include "sandboxserver/RegistryStore.h"

namespace sd::sandbox {

// The checks Confluent's registry makes on a ruleSet (domainRules, migrationRules, encodingRules)
// before it keeps one with a schema or a config: unique names, known kinds and modes, a type.
class RuleSetValidator
{
public:
    // 422/42210 naming the first fault; no error when the rule set is well formed.
    static RegistryError check(const QJsonObject &ruleSet);
};

} // namespace sd::sandbox
