#include "GlueClient.h"

#include "registry/Transport.h"

using namespace Qt::StringLiterals;

namespace sd::glue {

namespace {
registry::ConnectionProfile transportProfile(const GlueConnection &connection)
{
    registry::ConnectionProfile profile = connection.network;
    profile.urls = {connection.effectiveEndpoint()};
    profile.authType = registry::AuthType::None;
    profile.extraHeaders.clear();
    if (profile.name.isEmpty())
        profile.name = u"Glue %1"_s.arg(connection.region);
    return profile;
}

template<typename T> using Row = Result<T> (*)(const QJsonObject &);

template<typename T> std::function<Result<T>(const GlueCall &)> first(Row<T> row)
{
    return [row](const GlueCall &call) { return row(call.pages().value(0)); };
}

template<typename T>
std::function<Result<GlueList<T>>(const GlueCall &)> every(const QString &arrayName, Row<T> row)
{
    return [arrayName, row](const GlueCall &call) {
        Result<GlueList<T>> list = parse::list<T>(call.pages(), arrayName, row);
        list.value.warning = call.pagingWarning();
        return list;
    };
}
} // namespace

QUrl GlueConnection::effectiveEndpoint() const
{
    if (!endpoint.isEmpty())
        return endpoint;
    return QUrl(u"https://glue.%1.amazonaws.com"_s.arg(region));
}

GlueClient::GlueClient(const GlueConnection &connection, registry::HttpLog *log, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_transport(new registry::Transport(transportProfile(connection), {}, log, this))
    , m_signer(connection.credentials, connection.region, u"glue"_s)
{}

GlueClient::~GlueClient()
{
    abortAll();
}

QString GlueClient::credentialProblem() const
{
    if (!m_connection.credentials.isValid())
        return u"No AWS access key for this Glue connection"_s;
    if (m_connection.region.isEmpty())
        return u"No AWS region for this Glue connection"_s;
    return {};
}

void GlueClient::abortAll()
{
    const QList<GlueCall *> calls = findChildren<GlueCall *>(Qt::FindDirectChildrenOnly);
    for (GlueCall *call : calls)
        call->abort();
}

template<typename T>
GlueCall *GlueClient::submit(const QString &operation, const QJsonObject &body, bool paged, bool idempotent,
                             QObject *context, Callback<T> callback,
                             std::function<Result<T>(const GlueCall &)> parser)
{
    auto *call = new GlueCall(this, operation, body, paged, idempotent);
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(call, &GlueCall::finished, context ? context : this,
            [guard, hasContext, callback = std::move(callback), parser = std::move(parser)](GlueCall *done) {
                if ((hasContext && !guard) || !callback)
                    return;
                if (!done->succeeded()) {
                    callback(Result<T>::failure(done->error()));
                    return;
                }
                callback(parser(*done));
            });
    call->start();
    return call;
}

GlueCall *GlueClient::call(const QString &operation, const QJsonObject &body, bool paged, bool idempotent,
                           QObject *context, Callback<QList<QJsonObject>> callback)
{
    return submit<QList<QJsonObject>>(
        operation, body, paged, idempotent, context, std::move(callback),
        [](const GlueCall &done) { return Result<QList<QJsonObject>>::success(done.pages()); });
}

GlueCall *GlueClient::listRegistries(QObject *context, Callback<GlueList<GlueRegistry>> callback)
{
    return submit<GlueList<GlueRegistry>>(u"ListRegistries"_s, {}, true, true, context, std::move(callback),
                                          every<GlueRegistry>(u"Registries"_s, &parse::registry));
}

GlueCall *GlueClient::createRegistry(const QString &name, const QString &description, QObject *context,
                                     Callback<GlueRegistry> callback)
{
    QJsonObject body{{"RegistryName"_L1, name}};
    registry::insertUnlessEmpty(body, "Description"_L1, description);
    return submit<GlueRegistry>(u"CreateRegistry"_s, body, false, false, context, std::move(callback),
                                first<GlueRegistry>(&parse::registry));
}

GlueCall *GlueClient::listSchemas(const QString &registryName, QObject *context,
                                  Callback<GlueList<GlueSchema>> callback)
{
    const QJsonObject body{{"RegistryId"_L1, QJsonObject{{"RegistryName"_L1, registryName}}}};
    return submit<GlueList<GlueSchema>>(u"ListSchemas"_s, body, true, true, context, std::move(callback),
                                        every<GlueSchema>(u"Schemas"_s, &parse::schema));
}

GlueCall *GlueClient::getSchema(const GlueSchemaId &schema, QObject *context, Callback<GlueSchema> callback)
{
    return submit<GlueSchema>(u"GetSchema"_s, {{"SchemaId"_L1, schema.toJson()}}, false, true, context,
                              std::move(callback), first<GlueSchema>(&parse::schema));
}

GlueCall *GlueClient::createSchema(const GlueNewSchema &schema, QObject *context,
                                   Callback<GlueSchema> callback)
{
    QJsonObject body{{"RegistryId"_L1, QJsonObject{{"RegistryName"_L1, schema.registryName}}},
                     {"SchemaName"_L1, schema.schemaName},
                     {"DataFormat"_L1, glueDataFormatNames.name(schema.dataFormat)},
                     {"Compatibility"_L1, glueCompatibilityNames.name(schema.compatibility)}};
    registry::insertUnlessEmpty(body, "Description"_L1, schema.description);
    registry::insertUnlessEmpty(body, "SchemaDefinition"_L1, schema.definition);
    return submit<GlueSchema>(u"CreateSchema"_s, body, false, false, context, std::move(callback),
                              first<GlueSchema>(&parse::schema));
}

GlueCall *GlueClient::updateCompatibility(const GlueSchemaId &schema, GlueCompatibility compatibility,
                                          QObject *context, Callback<GlueSchemaId> callback)
{
    const QJsonObject body{{"SchemaId"_L1, schema.toJson()},
                           {"Compatibility"_L1, glueCompatibilityNames.name(compatibility)}};
    return submit<GlueSchemaId>(u"UpdateSchema"_s, body, false, false, context, std::move(callback),
                                first<GlueSchemaId>(&parse::schemaIdentity));
}

GlueCall *GlueClient::listSchemaVersions(const GlueSchemaId &schema, QObject *context,
                                         Callback<GlueList<GlueSchemaVersion>> callback)
{
    return submit<GlueList<GlueSchemaVersion>>(u"ListSchemaVersions"_s, {{"SchemaId"_L1, schema.toJson()}},
                                               true, true, context, std::move(callback),
                                               every<GlueSchemaVersion>(u"Schemas"_s, &parse::schemaVersion));
}

GlueCall *GlueClient::getSchemaVersion(const GlueSchemaId &schema, const GlueVersionSelector &version,
                                       QObject *context, Callback<GlueSchemaVersion> callback)
{
    QJsonObject body;
    if (version.versionId.isEmpty())
        body.insert("SchemaId"_L1, schema.toJson());
    version.addTo(body);
    return submit<GlueSchemaVersion>(u"GetSchemaVersion"_s, body, false, true, context, std::move(callback),
                                     first<GlueSchemaVersion>(&parse::schemaVersion));
}

GlueCall *GlueClient::registerSchemaVersion(const GlueSchemaId &schema, const QString &definition,
                                            QObject *context, Callback<GlueSchemaVersion> callback)
{
    const QJsonObject body{{"SchemaId"_L1, schema.toJson()}, {"SchemaDefinition"_L1, definition}};
    return submit<GlueSchemaVersion>(u"RegisterSchemaVersion"_s, body, false, false, context,
                                     std::move(callback), first<GlueSchemaVersion>(&parse::schemaVersion));
}

GlueCall *GlueClient::checkSchemaVersionValidity(GlueDataFormat format, const QString &definition,
                                                 QObject *context, Callback<GlueValidity> callback)
{
    const QJsonObject body{{"DataFormat"_L1, glueDataFormatNames.name(format)},
                           {"SchemaDefinition"_L1, definition}};
    return submit<GlueValidity>(u"CheckSchemaVersionValidity"_s, body, false, true, context,
                                std::move(callback), first<GlueValidity>(&parse::validity));
}

GlueCall *GlueClient::getSchemaVersionsDiff(const GlueSchemaId &schema, qint64 firstVersion,
                                            qint64 secondVersion, QObject *context,
                                            Callback<QString> callback)
{
    const QJsonObject body{{"SchemaId"_L1, schema.toJson()},
                           {"FirstSchemaVersionNumber"_L1, QJsonObject{{"VersionNumber"_L1, firstVersion}}},
                           {"SecondSchemaVersionNumber"_L1, QJsonObject{{"VersionNumber"_L1, secondVersion}}},
                           {"SchemaDiffType"_L1, u"SYNTAX_DIFF"_s}};
    return submit<QString>(u"GetSchemaVersionsDiff"_s, body, false, true, context, std::move(callback),
                           first<QString>(&parse::versionsDiff));
}

GlueCall *GlueClient::putSchemaVersionMetadata(const GlueSchemaId &schema, const GlueVersionSelector &version,
                                               const QString &key, const QString &value, QObject *context,
                                               Callback<GlueMetadataPut> callback)
{
    QJsonObject body{
        {"MetadataKeyValue"_L1, QJsonObject{{"MetadataKey"_L1, key}, {"MetadataValue"_L1, value}}}};
    if (version.versionId.isEmpty())
        body.insert("SchemaId"_L1, schema.toJson());
    version.addTo(body);
    return submit<GlueMetadataPut>(u"PutSchemaVersionMetadata"_s, body, false, false, context,
                                   std::move(callback), first<GlueMetadataPut>(&parse::metadataPut));
}

GlueCall *GlueClient::querySchemaVersionMetadata(const GlueSchemaId &schema,
                                                 const GlueVersionSelector &version, QObject *context,
                                                 Callback<GlueVersionMetadata> callback)
{
    QJsonObject body;
    if (version.versionId.isEmpty())
        body.insert("SchemaId"_L1, schema.toJson());
    version.addTo(body);
    return submit<GlueVersionMetadata>(
        u"QuerySchemaVersionMetadata"_s, body, true, true, context, std::move(callback),
        [](const GlueCall &done) { return parse::versionMetadata(done.pages()); });
}

} // namespace sd::glue
