#pragma once

#include <optional>
#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace sd::sandbox {

// Request bodies bound the way Confluent's server binds them with Jackson: a value of the wrong JSON
// type for its Java field (an object where a String or boolean is expected, a scalar where a list or map
// is) fails before the resource runs, which rest-utils answers 400 {"error_code":400}; scalars are
// coerced to String fields, "true"/"false" and numbers to booleans, unknown nested properties are
// ignored, and nulls inside nested entities are dropped as Jackson's NON_NULL/NON_EMPTY output does.
// https://github.com/FasterXML/jackson-databind/wiki/Deserialization-Features
// https://github.com/confluentinc/rest-utils/tree/master/core/src/main/java/io/confluent/rest/exceptions

// PUT /config[/{subject}]: ConfigUpdateRequest with its Metadata and RuleSet members. Top-level nulls
// stay (they clear a field in the partial update). Returns the 400 message, or fills *bound.
std::optional<QString> bindConfigUpdate(const QJsonObject &body, QJsonObject *bound);

// The members of a RegisterSchemaRequest (register, look up, check compatibility) that are entities:
// metadata and ruleSet (bound; absent or null ones come back empty), schemaTagsToAdd/Remove and
// propagateSchemaTags (only checked).
std::optional<QString> bindRegisterMembers(const QJsonObject &body, QJsonObject *metadata,
                                           QJsonObject *ruleSet);

// A body with nothing but JSON whitespace (RFC 8259 §2: space, tab, line feed, carriage return) is no
// body; anything else must parse.
bool isBlankJson(const QByteArray &body);

// POST /: RootResource.post takes a Map<String, String>.
std::optional<QString> bindStringMap(const QJsonObject &body);

} // namespace sd::sandbox
