#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace sd::glue {

// An AWS access key, with the session token of temporary credentials.
struct AwsCredentials
{
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken; // empty for long-term keys
    bool isValid() const { return !accessKeyId.isEmpty() && !secretAccessKey.isEmpty(); }
    bool operator==(const AwsCredentials &) const = default;
};

// The process environment and home folder the lookup reads; tests pass their own.
struct AwsEnvironment
{
    QMap<QString, QString> variables;
    QString homeDir;

    QString value(const QString &name) const { return variables.value(name); }
    static AwsEnvironment system();
};

// What a connection ends up using, and where each part came from, in words for the connection test.
struct AwsResolved
{
    AwsCredentials credentials;
    QString region;
    QString profile;           // the profile read, or empty
    QString credentialsSource; // "environment variables", "profile 'dev' in /home/u/.aws/credentials", …
    QString regionSource;
    QString error; // non-empty when no usable credentials were found: what was tried and what to do
    bool ok() const { return error.isEmpty() && credentials.isValid(); }
};

// Finds credentials and a region the way the AWS CLI and SDKs do, for the parts SchemaDesk supports:
// given explicitly (the keychain's), else AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
// (unless a profile is asked for), else the profile (the one named, else AWS_PROFILE, else "default")
// in the shared credentials file (~/.aws/credentials or AWS_SHARED_CREDENTIALS_FILE, sections `[name]`)
// or the config file (~/.aws/config or AWS_CONFIG_FILE, sections `[profile name]` and `[default]`).
// The region: the one given, else AWS_REGION, AWS_DEFAULT_REGION, the profile's `region` in the config.
// https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html
class AwsCredentialResolver
{
public:
    struct Request
    {
        AwsCredentials explicitCredentials; // used when valid
        QString profile;                    // empty = AWS_PROFILE, else "default"
        QString region;                     // empty = from the environment or the profile
    };

    static AwsResolved resolve(const Request &request, const AwsEnvironment &environment);

    // One INI file: section → key → value (keys lower-cased; '#' and ';' start comments).
    using Sections = QMap<QString, QMap<QString, QString>>;
    static Sections parseIni(const QByteArray &text);
    static QString credentialsFile(const AwsEnvironment &environment);
    static QString configFile(const AwsEnvironment &environment);
};

} // namespace sd::glue
