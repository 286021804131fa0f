#pragma once

#include "AwsCredentials.h"
#include "GlueCall.h"
#include "GlueTypes.h"
#include "registry/ConnectionProfile.h"
#include "SigV4Signer.h"

#include <functional>
#include <QObject>
#include <QPointer>
#include <QUrl>

namespace sd::registry {
class HttpLog;
class Transport;
} // namespace sd::registry

namespace sd::glue {

template<typename T> using Callback = std::function<void(const Result<T> &)>;

// Where and as whom to talk to Glue. `network` supplies what every connection has (timeouts, deadline,
// largest answer, proxy, CA bundle, retries); its URLs and authentication are replaced.
struct GlueConnection
{
    QString region = QStringLiteral("us-east-1");
    QUrl endpoint; // empty = https://glue.<region>.amazonaws.com; set for moto or LocalStack
    AwsCredentials credentials;
    registry::ConnectionProfile network;

    QUrl effectiveEndpoint() const;
};

// Fields of CreateSchema.
struct GlueNewSchema
{
    QString registryName;
    QString schemaName;
    GlueDataFormat dataFormat = GlueDataFormat::Avro;
    GlueCompatibility compatibility = GlueCompatibility::Backward;
    QString description;
    QString definition;
};

// A client of the AWS Glue Schema Registry API (JSON 1.1: POST / with X-Amz-Target: AWSGlue.<Action>),
// each call signed with SigV4:
// https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-schema-registry-api.html Every call is
// asynchronous: it returns its GlueCall (to abort it) and later calls `callback` exactly once, on this
// thread, unless `context` was destroyed meanwhile. Listings read every page.
class GlueClient : public QObject
{
    Q_OBJECT
public:
    explicit GlueClient(const GlueConnection &connection, registry::HttpLog *log = nullptr,
                        QObject *parent = nullptr);
    ~GlueClient() override;

    const GlueConnection &connection() const { return m_connection; }
    const QString &region() const { return m_connection.region; }
    registry::Transport *transport() const { return m_transport; }
    const SigV4Signer &signer() const { return m_signer; }
    // Non-empty when calls cannot be signed (no keys): every call then fails with it, unsent.
    QString credentialProblem() const;

    // Backoff after throttling doubles from this; tests shorten it.
    void setRetryBaseDelayMs(int ms) { m_retryBaseDelayMs = ms; }
    int retryBaseDelayMs() const { return m_retryBaseDelayMs; }
    int maxRetries() const { return m_connection.network.maxRetries; }
    int deadlineMs() const { return m_connection.network.requestDeadlineMs; }

    static QByteArray contentType() { return QByteArrayLiteral("application/x-amz-json-1.1"); }

    // --- registries
    GlueCall *listRegistries(QObject *context, Callback<GlueList<GlueRegistry>> callback);
    GlueCall *createRegistry(const QString &name, const QString &description, QObject *context,
                             Callback<GlueRegistry> callback);

    // --- schemas
    GlueCall *listSchemas(const QString &registryName, QObject *context,
                          Callback<GlueList<GlueSchema>> callback);
    GlueCall *getSchema(const GlueSchemaId &schema, QObject *context, Callback<GlueSchema> callback);
    GlueCall *createSchema(const GlueNewSchema &schema, QObject *context, Callback<GlueSchema> callback);
    // Sets the compatibility mode (the checkpoint stays where it is).
    GlueCall *updateCompatibility(const GlueSchemaId &schema, GlueCompatibility compatibility,
                                  QObject *context, Callback<GlueSchemaId> callback);

    // --- versions
    GlueCall *listSchemaVersions(const GlueSchemaId &schema, QObject *context,
                                 Callback<GlueList<GlueSchemaVersion>> callback);
    // By version id (schema ignored), or by schema and number / latest.
    GlueCall *getSchemaVersion(const GlueSchemaId &schema, const GlueVersionSelector &version,
                               QObject *context, Callback<GlueSchemaVersion> callback);
    GlueCall *registerSchemaVersion(const GlueSchemaId &schema, const QString &definition, QObject *context,
                                    Callback<GlueSchemaVersion> callback);
    GlueCall *checkSchemaVersionValidity(GlueDataFormat format, const QString &definition, QObject *context,
                                         Callback<GlueValidity> callback);
    // Glue's own text diff of two versions (SYNTAX_DIFF).
    GlueCall *getSchemaVersionsDiff(const GlueSchemaId &schema, qint64 firstVersion, qint64 secondVersion,
                                    QObject *context, Callback<QString> callback);

    // --- version metadata
    GlueCall *putSchemaVersionMetadata(const GlueSchemaId &schema, const GlueVersionSelector &version,
                                       const QString &key, const QString &value, QObject *context,
                                       Callback<GlueMetadataPut> callback);
    GlueCall *querySchemaVersionMetadata(const GlueSchemaId &schema, const GlueVersionSelector &version,
                                         QObject *context, Callback<GlueVersionMetadata> callback);

    // Lower level: any Glue action, every page's JSON handed over.
    GlueCall *call(const QString &operation, const QJsonObject &body, bool paged, bool idempotent,
                   QObject *context, Callback<QList<QJsonObject>> callback);

    void abortAll();

private:
    template<typename T>
    GlueCall *submit(const QString &operation, const QJsonObject &body, bool paged, bool idempotent,
                     QObject *context, Callback<T> callback,
                     std::function<Result<T>(const GlueCall &)> parser);

    GlueConnection m_connection;
    registry::Transport *m_transport = nullptr;
    SigV4Signer m_signer;
    int m_retryBaseDelayMs = 250;
};

} // namespace sd::glue
