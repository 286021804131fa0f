#include "GlueTypes.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace sd::glue {

namespace {
template<typename T> Result<T> missing(const QString &what, const QJsonObject &json)
{
    return Result<T>::failure(ApiError::malformed(
        u"The answer has no %1"_s.arg(what), QJsonDocument(json).toJson(QJsonDocument::Compact).left(2000)));
}

QString text(const QJsonObject &json, QLatin1StringView key)
{
    return json.value(key).toString();
}

// Times come as epoch seconds on the wire (JSON 1.1 timestamps) or as strings from some servers.
QString time(const QJsonObject &json, QLatin1StringView key)
{
    const QJsonValue value = json.value(key);
    if (value.isDouble())
        return QDateTime::fromMSecsSinceEpoch(qint64(value.toDouble() * 1000), QTimeZone::UTC)
            .toString(Qt::ISODateWithMs);
    return value.toString();
}

std::optional<GlueDataFormat> format(const QJsonObject &json)
{
    return glueDataFormatNames.find(text(json, "DataFormat"_L1));
}
} // namespace

QString describeCompatibility(GlueCompatibility compatibility)
{
    static constexpr registry::EnumNames<GlueCompatibility::FullAll> descriptions(
        {u"No check: any change is accepted", u"No new versions can be registered",
         u"Readers of the new version can read data of the previous one",
         u"Readers of the new version can read data of every earlier one",
         u"Readers of the previous version can read data of the new one",
         u"Readers of every earlier version can read data of the new one",
         u"Backward and forward with the previous version",
         u"Backward and forward with every earlier version"});
    return descriptions.name(compatibility);
}

QJsonObject GlueSchemaId::toJson() const
{
    QJsonObject json;
    registry::insertUnlessEmpty(json, "SchemaArn"_L1, schemaArn);
    registry::insertUnlessEmpty(json, "RegistryName"_L1, registryName);
    registry::insertUnlessEmpty(json, "SchemaName"_L1, schemaName);
    return json;
}

void GlueVersionSelector::addTo(QJsonObject &body) const
{
    if (!versionId.isEmpty()) {
        body.insert("SchemaVersionId"_L1, versionId);
        return;
    }
    QJsonObject number;
    if (latest)
        number.insert("LatestVersion"_L1, true);
    else
        number.insert("VersionNumber"_L1, this->number);
    body.insert("SchemaVersionNumber"_L1, number);
}

namespace parse {

Result<GlueRegistry> registry(const QJsonObject &json)
{
    GlueRegistry registry;
    registry.name = text(json, "RegistryName"_L1);
    if (registry.name.isEmpty())
        return missing<GlueRegistry>(u"RegistryName"_s, json);
    registry.arn = text(json, "RegistryArn"_L1);
    registry.description = text(json, "Description"_L1);
    registry.status = text(json, "Status"_L1);
    registry.createdTime = time(json, "CreatedTime"_L1);
    registry.updatedTime = time(json, "UpdatedTime"_L1);
    return Result<GlueRegistry>::success(std::move(registry));
}

Result<GlueSchema> schema(const QJsonObject &json)
{
    GlueSchema schema;
    schema.schemaName = text(json, "SchemaName"_L1);
    schema.schemaArn = text(json, "SchemaArn"_L1);
    if (schema.schemaName.isEmpty() && schema.schemaArn.isEmpty())
        return missing<GlueSchema>(u"SchemaName or SchemaArn"_s, json);
    schema.registryName = text(json, "RegistryName"_L1);
    schema.registryArn = text(json, "RegistryArn"_L1);
    schema.description = text(json, "Description"_L1);
    schema.dataFormat = format(json);
    schema.compatibilityText = text(json, "Compatibility"_L1);
    schema.compatibility = glueCompatibilityNames.find(schema.compatibilityText);
    schema.schemaCheckpoint = json.value("SchemaCheckpoint"_L1).toInteger();
    schema.latestSchemaVersion = json.value("LatestSchemaVersion"_L1).toInteger();
    schema.nextSchemaVersion = json.value("NextSchemaVersion"_L1).toInteger();
    schema.status = text(json, "SchemaStatus"_L1);
    schema.createdTime = time(json, "CreatedTime"_L1);
    schema.updatedTime = time(json, "UpdatedTime"_L1);
    schema.firstVersionId = text(json, "SchemaVersionId"_L1);
    schema.firstVersionStatus = text(json, "SchemaVersionStatus"_L1);
    return Result<GlueSchema>::success(std::move(schema));
}

Result<GlueSchemaVersion> schemaVersion(const QJsonObject &json)
{
    GlueSchemaVersion version;
    version.versionId = text(json, "SchemaVersionId"_L1);
    if (version.versionId.isEmpty())
        return missing<GlueSchemaVersion>(u"SchemaVersionId"_s, json);
    version.schemaArn = text(json, "SchemaArn"_L1);
    version.definition = text(json, "SchemaDefinition"_L1);
    version.dataFormat = format(json);
    version.versionNumber = json.value("VersionNumber"_L1).toInteger();
    version.status = text(json, "Status"_L1);
    version.createdTime = time(json, "CreatedTime"_L1);
    return Result<GlueSchemaVersion>::success(std::move(version));
}

Result<GlueValidity> validity(const QJsonObject &json)
{
    if (!json.value("Valid"_L1).isBool())
        return missing<GlueValidity>(u"Valid"_s, json);
    return Result<GlueValidity>::success({json.value("Valid"_L1).toBool(), text(json, "Error"_L1)});
}

Result<GlueVersionMetadata> versionMetadata(const QList<QJsonObject> &pages)
{
    GlueVersionMetadata metadata;
    for (const QJsonObject &page : pages) {
        if (metadata.versionId.isEmpty())
            metadata.versionId = text(page, "SchemaVersionId"_L1);
        const QJsonObject map = page.value("MetadataInfoMap"_L1).toObject();
        for (auto it = map.begin(); it != map.end(); ++it) {
            const QJsonObject info = it.value().toObject();
            GlueMetadataEntry entry{{text(info, "MetadataValue"_L1), time(info, "CreatedTime"_L1)}, {}};
            for (const QJsonValue &other : info.value("OtherMetadataValueList"_L1).toArray())
                entry.others.append(
                    {text(other.toObject(), "MetadataValue"_L1), time(other.toObject(), "CreatedTime"_L1)});
            metadata.entries.insert(it.key(), entry);
        }
    }
    return Result<GlueVersionMetadata>::success(std::move(metadata));
}

Result<GlueMetadataPut> metadataPut(const QJsonObject &json)
{
    GlueMetadataPut put;
    put.key = text(json, "MetadataKey"_L1);
    if (put.key.isEmpty())
        return missing<GlueMetadataPut>(u"MetadataKey"_s, json);
    put.value = text(json, "MetadataValue"_L1);
    put.schemaArn = text(json, "SchemaArn"_L1);
    put.schemaName = text(json, "SchemaName"_L1);
    put.registryName = text(json, "RegistryName"_L1);
    put.versionId = text(json, "SchemaVersionId"_L1);
    put.versionNumber = json.value("VersionNumber"_L1).toInteger();
    put.latestVersion = json.value("LatestVersion"_L1).toBool();
    return Result<GlueMetadataPut>::success(std::move(put));
}

Result<QString> versionsDiff(const QJsonObject &json)
{
    if (!json.value("Diff"_L1).isString())
        return missing<QString>(u"Diff"_s, json);
    return Result<QString>::success(text(json, "Diff"_L1));
}

Result<GlueSchemaId> schemaIdentity(const QJsonObject &json)
{
    GlueSchemaId id{text(json, "RegistryName"_L1), text(json, "SchemaName"_L1), text(json, "SchemaArn"_L1)};
    if (id.schemaName.isEmpty() && id.schemaArn.isEmpty())
        return missing<GlueSchemaId>(u"SchemaName or SchemaArn"_s, json);
    return Result<GlueSchemaId>::success(std::move(id));
}

} // namespace parse

} // namespace sd::glue
