#pragma once

#include "registry/EnumNames.h"
#include "registry/RegistryTypes.h"

#include <optional>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace sd::glue {

using registry::ApiError;
using registry::Result;

// Glue's compatibility modes, in the API's spelling:
// https://docs.aws.amazon.com/glue/latest/dg/schema-registry.html#schema-registry-compatibility
enum class GlueCompatibility { None, Disabled, Backward, BackwardAll, Forward, ForwardAll, Full, FullAll };
inline constexpr registry::EnumNames<GlueCompatibility::FullAll> glueCompatibilityNames(
    {u"NONE", u"DISABLED", u"BACKWARD", u"BACKWARD_ALL", u"FORWARD", u"FORWARD_ALL", u"FULL", u"FULL_ALL"});
// One line for a tooltip or a combo box: what the mode checks a new version against.
QString describeCompatibility(GlueCompatibility compatibility);

enum class GlueDataFormat { Avro, Json, Protobuf };
inline constexpr registry::EnumNames<GlueDataFormat::Protobuf> glueDataFormatNames({u"AVRO", u"JSON",
                                                                                    u"PROTOBUF"});

// A schema by registry and name, or by ARN (then the names may stay empty).
struct GlueSchemaId
{
    QString registryName;
    QString schemaName;
    QString schemaArn;
    QJsonObject toJson() const;
};

// Which version of a schema: the latest, a number, or (without a schema) a version id.
struct GlueVersionSelector
{
    bool latest = false;
    qint64 number = 0;
    QString versionId;

    static GlueVersionSelector latestVersion() { return {true, 0, {}}; }
    static GlueVersionSelector versionNumber(qint64 number) { return {false, number, {}}; }
    static GlueVersionSelector byId(const QString &id) { return {false, 0, id}; }
    // Adds SchemaVersionNumber or SchemaVersionId to a request body.
    void addTo(QJsonObject &body) const;
};

struct GlueRegistry
{
    QString name;
    QString arn;
    QString description;
    QString status; // AVAILABLE, DELETING
    QString createdTime;
    QString updatedTime;
};

// GetSchema's and CreateSchema's answer, or a row of ListSchemas (which has names, ARN, status and times).
struct GlueSchema
{
    QString registryName;
    QString registryArn;
    QString schemaName;
    QString schemaArn;
    QString description;
    std::optional<GlueDataFormat> dataFormat;
    std::optional<GlueCompatibility> compatibility;
    QString compatibilityText; // as the server wrote it, also when it is a name this build does not know
    qint64 schemaCheckpoint = 0;
    qint64 latestSchemaVersion = 0;
    qint64 nextSchemaVersion = 0;
    QString status; // AVAILABLE, PENDING, DELETING
    QString createdTime;
    QString updatedTime;
    QString firstVersionId;     // CreateSchema only: its first version
    QString firstVersionStatus; // CreateSchema only
};

// GetSchemaVersion's answer, a row of ListSchemaVersions (no definition, no format) or
// RegisterSchemaVersion's (id, number, status).
struct GlueSchemaVersion
{
    QString versionId;
    QString schemaArn;
    QString definition;
    std::optional<GlueDataFormat> dataFormat;
    qint64 versionNumber = 0;
    QString status; // AVAILABLE, PENDING, FAILURE, DELETING
    QString createdTime;
};

struct GlueValidity
{
    bool valid = false;
    QString error; // Glue's words when not valid
};

struct GlueMetadataValue
{
    QString value;
    QString createdTime;
};

// QuerySchemaVersionMetadata: each key with its newest value and the older ones.
struct GlueMetadataEntry
{
    GlueMetadataValue current;
    QList<GlueMetadataValue> others;
};

struct GlueVersionMetadata
{
    QString versionId;
    QMap<QString, GlueMetadataEntry> entries;
};

// PutSchemaVersionMetadata's echo.
struct GlueMetadataPut
{
    QString schemaArn;
    QString schemaName;
    QString registryName;
    QString versionId;
    qint64 versionNumber = 0;
    bool latestVersion = false;
    QString key;
    QString value;
};

// A whole listing, every page read; `warning` says why it may be incomplete (a repeated NextToken).
template<typename T> struct GlueList
{
    QList<T> items;
    int pages = 0;
    QString warning;
};

// Parsers of one answer each; a missing required member is a malformed answer, in words.
namespace parse {
Result<GlueRegistry> registry(const QJsonObject &json);
Result<GlueSchema> schema(const QJsonObject &json);
Result<GlueSchemaVersion> schemaVersion(const QJsonObject &json);
Result<GlueValidity> validity(const QJsonObject &json);
Result<GlueVersionMetadata> versionMetadata(const QList<QJsonObject> &pages);
Result<GlueMetadataPut> metadataPut(const QJsonObject &json);
Result<QString> versionsDiff(const QJsonObject &json);
Result<GlueSchemaId> schemaIdentity(const QJsonObject &json); // UpdateSchema's answer
// Every page's `arrayName` rows through `row`.
template<typename T>
Result<GlueList<T>> list(const QList<QJsonObject> &pages, const QString &arrayName,
                         Result<T> (*row)(const QJsonObject &))
{
    GlueList<T> all;
    all.pages = int(pages.size());
    for (const QJsonObject &page : pages) {
        const QJsonValue rows = page.value(arrayName);
        if (!rows.isUndefined() && !rows.isNull() && !rows.isArray())
            return Result<GlueList<T>>::failure(
                ApiError::malformed(QStringLiteral("The answer's %1 is not a list").arg(arrayName)));
        for (const QJsonValue &value : rows.toArray()) {
            Result<T> item = row(value.toObject());
            if (!item)
                return Result<GlueList<T>>::failure(item.error);
            all.items.append(std::move(item.value));
        }
    }
    return Result<GlueList<T>>::success(std::move(all));
}
} // namespace parse

} // namespace sd::glue
