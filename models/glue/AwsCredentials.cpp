#include "AwsCredentials.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace sd::glue {

namespace {
AwsCredentialResolver::Sections readIni(const QString &path, bool *exists)
{
    QFile file(path);
    *exists = file.open(QIODevice::ReadOnly);
    return *exists ? AwsCredentialResolver::parseIni(file.readAll()) : AwsCredentialResolver::Sections{};
}

QString expandHome(const QString &path, const QString &home)
{
    if (path == "~"_L1 || path.startsWith("~/"_L1))
        return home + path.mid(1);
    return path;
}

AwsCredentials fromSection(const QMap<QString, QString> &section)
{
    return {section.value(u"aws_access_key_id"_s), section.value(u"aws_secret_access_key"_s),
            section.value(u"aws_session_token"_s)};
}

// Profiles that get their keys some other way (assume role, SSO, a helper program): named, so the
// error says why the profile gave nothing.
QString unsupportedWay(const QMap<QString, QString> &section)
{
    for (const QString &key : {u"role_arn"_s, u"sso_session"_s, u"sso_start_url"_s, u"credential_process"_s,
                               u"web_identity_token_file"_s}) {
        if (section.contains(key))
            return key;
    }
    return {};
}
} // namespace

AwsEnvironment AwsEnvironment::system()
{
    AwsEnvironment environment;
    const QProcessEnvironment process = QProcessEnvironment::systemEnvironment();
    for (const QString &name : process.keys()) {
        if (name.startsWith("AWS_"_L1))
            environment.variables.insert(name, process.value(name));
    }
    environment.homeDir = QDir::homePath();
    return environment;
}

AwsCredentialResolver::Sections AwsCredentialResolver::parseIni(const QByteArray &text)
{
    Sections sections;
    QString current;
    bool inSection = false;
    for (const QByteArray &rawLine : text.split('\n')) {
        const QString line = QString::fromUtf8(rawLine).trimmed();
        if (line.isEmpty() || line.startsWith(u'#') || line.startsWith(u';'))
            continue;
        if (line.startsWith(u'[') && line.endsWith(u']')) {
            current = line.mid(1, line.size() - 2).simplified();
            inSection = true;
            sections[current];
            continue;
        }
        const qsizetype equals = line.indexOf(u'=');
        if (!inSection || equals <= 0)
            continue; // nested values (s3 = …) and stray lines carry nothing SchemaDesk reads
        QString value = line.mid(equals + 1).trimmed();
        // An inline comment needs a space before it: keys may contain '#'.
        for (const auto marker : {" #"_L1, " ;"_L1}) {
            const qsizetype at = value.indexOf(marker);
            if (at >= 0)
                value = value.left(at).trimmed();
        }
        sections[current].insert(line.left(equals).trimmed().toLower(), value);
    }
    return sections;
}

QString AwsCredentialResolver::credentialsFile(const AwsEnvironment &environment)
{
    const QString set = environment.value(u"AWS_SHARED_CREDENTIALS_FILE"_s);
    return set.isEmpty() ? environment.homeDir + "/.aws/credentials"_L1
                         : expandHome(set, environment.homeDir);
}

QString AwsCredentialResolver::configFile(const AwsEnvironment &environment)
{
    const QString set = environment.value(u"AWS_CONFIG_FILE"_s);
    return set.isEmpty() ? environment.homeDir + "/.aws/config"_L1 : expandHome(set, environment.homeDir);
}

AwsResolved AwsCredentialResolver::resolve(const Request &request, const AwsEnvironment &environment)
{
    AwsResolved resolved;
    const bool profileAsked = !request.profile.isEmpty();
    resolved.profile = profileAsked ? request.profile : environment.value(u"AWS_PROFILE"_s);
    if (resolved.profile.isEmpty())
        resolved.profile = u"default"_s;

    const QString credentialsPath = credentialsFile(environment);
    const QString configPath = configFile(environment);
    bool haveCredentialsFile = false;
    bool haveConfigFile = false;
    const Sections credentialsIni = readIni(credentialsPath, &haveCredentialsFile);
    const Sections configIni = readIni(configPath, &haveConfigFile);
    const QString configSectionName =
        resolved.profile == "default"_L1 ? resolved.profile : "profile "_L1 + resolved.profile;
    // Some config files name the default profile [profile default] too.
    QMap<QString, QString> configSection = configIni.value(configSectionName);
    if (configSection.isEmpty() && resolved.profile == "default"_L1)
        configSection = configIni.value(u"profile default"_s);

    const AwsCredentials fromEnvironment{environment.value(u"AWS_ACCESS_KEY_ID"_s),
                                         environment.value(u"AWS_SECRET_ACCESS_KEY"_s),
                                         environment.value(u"AWS_SESSION_TOKEN"_s)};
    if (request.explicitCredentials.isValid()) {
        resolved.credentials = request.explicitCredentials;
        resolved.credentialsSource = u"the connection's own keys"_s;
    } else if (!profileAsked && fromEnvironment.isValid()) {
        resolved.credentials = fromEnvironment;
        resolved.credentialsSource = u"environment variables (AWS_ACCESS_KEY_ID)"_s;
    } else if (const AwsCredentials shared = fromSection(credentialsIni.value(resolved.profile));
               shared.isValid()) {
        resolved.credentials = shared;
        resolved.credentialsSource = u"profile '%1' in %2"_s.arg(resolved.profile, credentialsPath);
    } else if (const AwsCredentials config = fromSection(configSection); config.isValid()) {
        resolved.credentials = config;
        resolved.credentialsSource = u"profile '%1' in %2"_s.arg(resolved.profile, configPath);
    }

    if (!request.region.isEmpty()) {
        resolved.region = request.region;
        resolved.regionSource = u"the connection's setting"_s;
    } else if (const QString region = environment.value(u"AWS_REGION"_s); !region.isEmpty()) {
        resolved.region = region;
        resolved.regionSource = u"AWS_REGION"_s;
    } else if (const QString fallback = environment.value(u"AWS_DEFAULT_REGION"_s); !fallback.isEmpty()) {
        resolved.region = fallback;
        resolved.regionSource = u"AWS_DEFAULT_REGION"_s;
    } else if (const QString configured = configSection.value(u"region"_s); !configured.isEmpty()) {
        resolved.region = configured;
        resolved.regionSource = u"profile '%1' in %2"_s.arg(resolved.profile, configPath);
    }

    if (resolved.credentials.isValid())
        return resolved;
    const QString other = unsupportedWay(credentialsIni.value(resolved.profile)).isEmpty()
                              ? unsupportedWay(configSection)
                              : unsupportedWay(credentialsIni.value(resolved.profile));
    if (!other.isEmpty()) {
        resolved.error = u"The AWS profile '%1' gets its keys through %2, which SchemaDesk does not support "
                         u"yet: export temporary keys (e.g. `aws configure export-credentials --profile %1 "
                         u"--format env`) or give the keys in the connection."_s.arg(resolved.profile, other);
    } else if (profileAsked || haveCredentialsFile || haveConfigFile) {
        resolved.error =
            u"No AWS keys for profile '%1': neither %2 nor %3 has aws_access_key_id and "
            u"aws_secret_access_key for it%4."_s.arg(resolved.profile, credentialsPath, configPath,
                                                     profileAsked ? QString()
                                                                  : u", and AWS_ACCESS_KEY_ID "
                                                                    u"is not set"_s);
    } else {
        resolved.error = u"No AWS keys found: give them in the connection, set AWS_ACCESS_KEY_ID and "
                         u"AWS_SECRET_ACCESS_KEY, or write a profile to %1."_s.arg(credentialsPath);
    }
    return resolved;
}

} // namespace sd::glue
