#pragma once

#include "sandboxserver/RegistryStore.h"

#include <optional>
#include <QByteArray>
#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace sd::sandbox {

// Which Confluent Platform generation the sandbox imitates where they differ visibly.
enum class VersionProfile {
    Cp8, // "schemaType":"AVRO" emitted, guid/ts/deleted, incompatible → 409/40901, full register response
    Cp7, // AVRO schemaType omitted, no guid/ts/deleted, incompatible → 409/409, register response {"id":N}
};

// A JSON object that keeps its fields in the order Confluent's entities write them.
class OrderedObject
{
public:
    OrderedObject &add(const QString &key, const QJsonValue &value);
    QByteArray toJson() const;

private:
    QList<std::pair<QString, QJsonValue>> m_fields;
};

QByteArray jsonScalar(const QJsonValue &value);
// A stored schema's references, metadata and ruleSet, those not empty, in the order the server writes them.
QList<std::pair<QString, QJsonValue>> contractMembers(const StoredSchema &stored);

// The response bodies of Confluent's REST entities, field by field as each generation writes them
// (Jackson, @JsonInclude(NON_EMPTY): null and empty fields are left out). Sources, in
// github.com/confluentinc/schema-registry at the tags v7.6.0, v7.9.0 and v8.0.0:
//   client/src/main/java/io/confluent/kafka/schemaregistry/client/rest/entities/Schema.java,
//   …/entities/SchemaString.java, …/entities/requests/RegisterSchemaResponse.java,
//   core/src/main/java/io/confluent/kafka/schemaregistry/storage/KafkaSchemaRegistry.java (get, getByGuid),
//   core/src/main/java/io/confluent/kafka/schemaregistry/rest/resources/SchemasResource.java.
class ResponseShapes
{
public:
    explicit ResponseShapes(VersionProfile profile)
        : m_profile(profile)
    {}

    // `Schema`: GET …/versions/{v}, POST /subjects/{s} (lookup), GET /subjects/{s}/metadata, /schemas rows.
    // 7.x: subject, version, id, schemaType (not for AVRO: SchemaTypeConverter), references, metadata,
    // ruleSet, schema. 8.x adds guid after id, schemaType "AVRO", and deleted at the end (see addTrailer
    // for ts).
    QByteArray schema(const SchemaVersionView &view) const;

    // `SchemaString`: GET /schemas/ids/{id}. 7.x: schemaType (not for AVRO), schema, references,
    // metadata, ruleSet, maxId — never subject, version or guid (what Confluent's JavaScript client's
    // end-to-end suite, run against cp-schema-registry 7.6.0, expects). 8.x
    // (KafkaSchemaRegistry.get: `subject != null ? new SchemaString(schemaEntity) : new
    // SchemaString(null, null, schemaEntity)`, then SchemasResource sets the guid): subject and version
    // when the `subject` parameter was given, guid, schemaType, schema, references, metadata, ruleSet,
    // maxId, deleted. `use` is the version the lookup found.
    QByteArray schemaString(const SchemaVersionView &use, bool subjectGiven, std::optional<int> maxId) const;

    // A GET /schemas row of a server that lists texts only (Apicurio's ccompat API): schemaType (not
    // for AVRO), references, schema — no subject, version or id.
    QByteArray schemaTextOnly(const SchemaVersionView &view) const;

    // GET /schemas/guids/{guid} (8.x only): a SchemaString with subject and version cleared.
    QByteArray schemaStringByGuid(const SchemaVersionView &use) const;

    // `RegisterSchemaResponse`: POST /subjects/{s}/versions. 7.x answers {"id":N}; 8.x id, version,
    // guid, schemaType, references, metadata, ruleSet, schema, deleted.
    QByteArray registerResponse(const SchemaVersionView &view) const;

private:
    bool cp8() const { return m_profile == VersionProfile::Cp8; }
    void addType(OrderedObject &object, schema::SchemaType type) const;
    void addContract(OrderedObject &object,
                     const StoredSchema &stored) const; // references, metadata, ruleSet
    void addTrailer(OrderedObject &object, const SchemaVersionView &view) const; // 8.x: deleted

    VersionProfile m_profile;
};

} // namespace sd::sandbox
