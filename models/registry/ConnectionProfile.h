#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUuid>

namespace sd::registry {

enum class AuthType {
    None,
    Basic,                  // Confluent Cloud API key and secret, or any HTTP Basic user
    Bearer,                 // a static token
    OAuthClientCredentials, // token fetched from tokenUrl and refreshed automatically
    MutualTls,              // client certificate only
};

enum class ProxyMode { System, None, Manual };

// Names of the secrets a profile may need; the values live only in the keychain (or in memory).
namespace SecretName {
inline constexpr char16_t basicPassword[] = u"basic-password";
inline constexpr char16_t bearerToken[] = u"bearer-token";
inline constexpr char16_t oauthClientSecret[] = u"oauth-client-secret";
inline constexpr char16_t tlsKeyPassphrase[] = u"tls-key-passphrase";
// Extra headers whose name looks secret store their value as "header:<lower-case name>".
QString forHeader(const QString &headerName);
} // namespace SecretName

struct ExtraHeader
{
    QString name;
    QString value; // empty in the profile when the header is secret: the value is in the keychain
    bool operator==(const ExtraHeader &) const = default;
};

// True for header names and JSON/form keys that carry credentials (Authorization, *secret*, *token*, …).
bool looksSecretHeader(QStringView name);
bool looksSecretKey(QStringView key);

// A registry the user connects to. Holds no secret: see ConnectionSecrets and SecretStore.
struct ConnectionProfile
{
    QUuid id = QUuid::createUuid();
    QString name;
    QString colour;   // "#rrggbb"; empty = no colour
    QString tag;      // e.g. "production"
    QList<QUrl> urls; // failover order

    AuthType authType = AuthType::None;
    QString basicUser; // for Confluent Cloud: the Schema Registry API key
    QUrl tokenUrl;
    bool allowHttpTokenUrl = false; // the client secret over plain http:// only when asked for explicitly
    QString clientId;
    QString scope;
    QString logicalCluster; // sent as target-sr-cluster
    QString identityPoolId; // sent as Confluent-Identity-Pool-Id

    QString clientCertFile; // PEM; used with any auth type when set
    QString clientKeyFile;  // PEM
    QString caBundleFile;   // PEM, added to the system CAs
    bool verifyTls = true;  // off only by an explicit, visible per-connection choice

    ProxyMode proxyMode = ProxyMode::System;
    QUrl proxyUrl; // http://host:port, for ProxyMode::Manual

    QList<ExtraHeader> extraHeaders;

    int requestTimeoutMs = 30000; // inactivity timeout of one request
    int bulkTimeoutMs = 120000;   // for big pages of the bulk loader
    // Absolute deadlines, retries included: a slow drip that keeps the inactivity timeout at bay ends here.
    int requestDeadlineMs = 120000;
    int bulkDeadlineMs = 600000;
    // The largest answer read (96 MiB: a list of 1,000,000 subject names of up to 97 characters).
    qint64 maxResponseBytes = 96 * 1024 * 1024;
    int maxQueuedRequests = 10000; // beyond this many waiting requests a new one is refused
    int maxConcurrentRequests = 6;
    int maxRetries = 3;
    int maxRetryDelayMs = 60000; // a longer Retry-After is reported, not waited for

    bool isProtected = false; // every write needs typed confirmation (enforced by the UI)
    bool readOnly = false;    // no writes at all (enforced by RegistryClient)

    // Secrets this profile needs, by SecretName.
    QStringList requiredSecrets() const;
    // Secrets this profile may keep in the keychain: the required ones and the client key's passphrase.
    QStringList storedSecrets() const;
    // Empty when usable; otherwise a sentence naming the problem.
    QString validate() const;
    // A sentence when credentials would travel over plain http:// (a URL is http:// and the connection
    // sends a password, a token or a secret header), else empty.
    QString plainHttpWarning() const;
    // Moves user info written into a URL (https://user:password@host) out of the URLs: the user name into
    // basicUser (switching to Basic authentication), the password into `password`. Returns whether any URL
    // carried some.
    bool takeUrlCredentials(QString *password);

    QJsonObject toJson() const; // never contains a secret
    static ConnectionProfile fromJson(const QJsonObject &json, QString *error = nullptr);

    bool operator==(const ConnectionProfile &) const = default;
};

// Secrets for one profile, in memory only while connected.
struct ConnectionSecrets
{
    QMap<QString, QString> values; // SecretName → value

    QString value(QStringView name) const { return values.value(name.toString()); }
    void set(QStringView name, const QString &value) { values.insert(name.toString(), value); }
};

QString authTypeName(AuthType type);
AuthType authTypeFromName(const QString &name);

} // namespace sd::registry
