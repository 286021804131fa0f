#include "ConnectionProfile.h"

#include "EnumNames.h"
#include "RegistryTypes.h"

#include <QJsonArray>
#include <utility>

using namespace Qt::StringLiterals;

namespace sd::registry {

QString SecretName::forHeader(const QString &headerName)
{
    return u"header:"_s + headerName.toLower();
}

bool looksSecretKey(QStringView key)
{
    static const QLatin1StringView needles[] = {
        "secret"_L1,        "password"_L1,   "passwd"_L1,     "token"_L1,   "user.info"_L1,
        "userinfo"_L1,      "credential"_L1, "apikey"_L1,     "api_key"_L1, "api-key"_L1,
        "authorization"_L1, "private"_L1,    "passphrase"_L1, "cookie"_L1,  "sasl.jaas"_L1,
    };
    for (const auto needle : needles) {
        if (key.contains(needle, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool looksSecretHeader(QStringView name)
{
    return looksSecretKey(name) || name.compare(u"x-api-key", Qt::CaseInsensitive) == 0 ||
           name.contains(u"auth", Qt::CaseInsensitive);
}

namespace {

constexpr EnumNames<AuthType::MutualTls> kAuthTypeNames({u"none", u"basic", u"bearer",
                                                         u"oauth-client-credentials", u"mtls"});

} // namespace

QString authTypeName(AuthType type)
{
    return kAuthTypeNames.name(type, u"none");
}

AuthType authTypeFromName(const QString &name)
{
    return kAuthTypeNames.valueOf(name, AuthType::None);
}

namespace {

constexpr EnumNames<ProxyMode::Manual> kProxyModeNames({u"system", u"none", u"manual"});

QString proxyModeName(ProxyMode mode)
{
    return kProxyModeNames.name(mode, u"system");
}

ProxyMode proxyModeFromName(const QString &name)
{
    return kProxyModeNames.valueOf(name, ProxyMode::System);
}

QUrl stripPassword(QUrl url)
{
    url.setPassword({});
    return url;
}

// The whole-number fields of the "limits" object, as they are saved and read back (maxResponseBytes,
// 64 bits, beside them).
constexpr std::pair<QLatin1StringView, int ConnectionProfile::*> kIntLimits[] = {
    {"requestTimeoutMs"_L1, &ConnectionProfile::requestTimeoutMs},
    {"bulkTimeoutMs"_L1, &ConnectionProfile::bulkTimeoutMs},
    {"requestDeadlineMs"_L1, &ConnectionProfile::requestDeadlineMs},
    {"bulkDeadlineMs"_L1, &ConnectionProfile::bulkDeadlineMs},
    {"maxQueuedRequests"_L1, &ConnectionProfile::maxQueuedRequests},
    {"maxConcurrentRequests"_L1, &ConnectionProfile::maxConcurrentRequests},
    {"maxRetries"_L1, &ConnectionProfile::maxRetries},
    {"maxRetryDelayMs"_L1, &ConnectionProfile::maxRetryDelayMs},
};

} // namespace

QStringList ConnectionProfile::requiredSecrets() const
{
    QStringList names;
    switch (authType) {
    case AuthType::Basic:
        names << QString::fromUtf16(SecretName::basicPassword);
        break;
    case AuthType::Bearer:
        names << QString::fromUtf16(SecretName::bearerToken);
        break;
    case AuthType::OAuthClientCredentials:
        names << QString::fromUtf16(SecretName::oauthClientSecret);
        break;
    case AuthType::None:
    case AuthType::MutualTls:
        break;
    }
    for (const ExtraHeader &header : extraHeaders) {
        if (looksSecretHeader(header.name))
            names << SecretName::forHeader(header.name);
    }
    return names;
}

QStringList ConnectionProfile::storedSecrets() const
{
    QStringList names = requiredSecrets();
    if (!clientKeyFile.isEmpty())
        names << QString::fromUtf16(SecretName::tlsKeyPassphrase);
    return names;
}

QString ConnectionProfile::validate() const
{
    if (name.trimmed().isEmpty())
        return u"The connection needs a name."_s;
    if (urls.isEmpty())
        return u"The connection needs at least one registry URL."_s;
    for (const QUrl &url : urls) {
        if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1) ||
            url.host().isEmpty())
            return u"'%1' is not an http:// or https:// URL."_s.arg(
                url.toDisplayString(QUrl::RemoveUserInfo));
    }
    if (authType == AuthType::Basic && basicUser.isEmpty())
        return u"Basic authentication needs a user name (for Confluent Cloud: the API key)."_s;
    if (authType == AuthType::OAuthClientCredentials) {
        if (!tokenUrl.isValid() || tokenUrl.host().isEmpty())
            return u"OAuth needs a token URL."_s;
        if (tokenUrl.scheme() != "https"_L1 && !(tokenUrl.scheme() == "http"_L1 && allowHttpTokenUrl))
            return u"The OAuth token URL must be https:// (the client secret is sent to it); allow http:// "
                   u"explicitly for a local test identity provider."_s;
        if (clientId.isEmpty())
            return u"OAuth needs a client id."_s;
    }
    if (authType == AuthType::MutualTls && (clientCertFile.isEmpty() || clientKeyFile.isEmpty()))
        return u"mTLS needs a client certificate file and a key file."_s;
    if (clientCertFile.isEmpty() != clientKeyFile.isEmpty())
        return u"A client certificate needs both the certificate file and the key file."_s;
    if (proxyMode == ProxyMode::Manual && (!proxyUrl.isValid() || proxyUrl.host().isEmpty()))
        return u"A manual proxy needs a URL such as http://proxy:3128."_s;
    for (const ExtraHeader &header : extraHeaders) {
        if (header.name.isEmpty() || header.name.contains(u':') || header.name.contains(u' '))
            return u"'%1' is not a valid header name."_s.arg(header.name);
    }
    if (requestTimeoutMs <= 0 || bulkTimeoutMs <= 0 || maxConcurrentRequests <= 0 || requestDeadlineMs <= 0 ||
        bulkDeadlineMs <= 0 || maxResponseBytes <= 0 || maxQueuedRequests <= 0)
        return u"Timeouts, deadlines, the largest answer and the number of requests must be positive."_s;
    return {};
}

QString ConnectionProfile::plainHttpWarning() const
{
    bool sendsSecret = authType == AuthType::Basic || authType == AuthType::Bearer ||
                       authType == AuthType::OAuthClientCredentials;
    for (const ExtraHeader &header : extraHeaders)
        sendsSecret = sendsSecret || looksSecretHeader(header.name);
    if (!sendsSecret)
        return {};
    for (const QUrl &url : urls) {
        if (url.scheme() == "http"_L1)
            return u"⚠ %1 is plain http://: the credentials of this connection travel unencrypted, readable "
                   u"by anyone on the network path. Use https:// unless the registry is on this machine."_s
                       .arg(url.toDisplayString(QUrl::RemoveUserInfo));
    }
    return {};
}

bool ConnectionProfile::takeUrlCredentials(QString *password)
{
    bool found = false;
    for (QUrl &url : urls) {
        if (url.userInfo().isEmpty())
            continue;
        found = true;
        if (basicUser.isEmpty() || authType != AuthType::Basic)
            basicUser = url.userName();
        if (password && !url.password().isEmpty())
            *password = url.password();
        url.setUserInfo({});
    }
    if (found)
        authType = AuthType::Basic;
    return found;
}

QJsonObject ConnectionProfile::toJson() const
{
    QJsonObject json;
    json.insert("id"_L1, id.toString(QUuid::WithoutBraces));
    json.insert("name"_L1, name);
    insertUnlessEmpty(json, "colour"_L1, colour);
    insertUnlessEmpty(json, "tag"_L1, tag);
    QJsonArray urlArray;
    for (const QUrl &url : urls)
        urlArray.append(stripPassword(url).toString());
    json.insert("urls"_L1, urlArray);

    QJsonObject auth;
    auth.insert("type"_L1, authTypeName(authType));
    insertUnlessEmpty(auth, "user"_L1, basicUser);
    if (!tokenUrl.isEmpty())
        auth.insert("tokenUrl"_L1, stripPassword(tokenUrl).toString());
    if (allowHttpTokenUrl)
        auth.insert("allowHttpTokenUrl"_L1, true);
    insertUnlessEmpty(auth, "clientId"_L1, clientId);
    insertUnlessEmpty(auth, "scope"_L1, scope);
    insertUnlessEmpty(auth, "logicalCluster"_L1, logicalCluster);
    insertUnlessEmpty(auth, "identityPoolId"_L1, identityPoolId);
    json.insert("auth"_L1, auth);

    QJsonObject tls;
    insertUnlessEmpty(tls, "clientCertFile"_L1, clientCertFile);
    insertUnlessEmpty(tls, "clientKeyFile"_L1, clientKeyFile);
    insertUnlessEmpty(tls, "caBundleFile"_L1, caBundleFile);
    tls.insert("verify"_L1, verifyTls);
    json.insert("tls"_L1, tls);

    QJsonObject proxy;
    proxy.insert("mode"_L1, proxyModeName(proxyMode));
    if (!proxyUrl.isEmpty())
        proxy.insert("url"_L1, stripPassword(proxyUrl).toString());
    json.insert("proxy"_L1, proxy);

    QJsonArray headers;
    for (const ExtraHeader &header : extraHeaders) {
        QJsonObject h;
        h.insert("name"_L1, header.name);
        if (looksSecretHeader(header.name))
            h.insert("secret"_L1, true); // the value lives in the keychain
        else
            h.insert("value"_L1, header.value);
        headers.append(h);
    }
    json.insert("headers"_L1, headers);

    QJsonObject limits;
    for (const auto &[key, limit] : kIntLimits)
        limits.insert(key, this->*limit);
    limits.insert("maxResponseBytes"_L1, maxResponseBytes);
    json.insert("limits"_L1, limits);

    json.insert("protected"_L1, isProtected);
    json.insert("readOnly"_L1, readOnly);
    return json;
}

ConnectionProfile ConnectionProfile::fromJson(const QJsonObject &json, QString *error)
{
    ConnectionProfile p;
    const QUuid parsedId = QUuid::fromString(json.value("id"_L1).toString());
    if (!parsedId.isNull())
        p.id = parsedId;
    p.name = json.value("name"_L1).toString();
    p.colour = json.value("colour"_L1).toString();
    p.tag = json.value("tag"_L1).toString();
    for (const QJsonValue &v : json.value("urls"_L1).toArray()) {
        const QUrl url(v.toString());
        if (url.isValid() && !url.isEmpty())
            p.urls.append(stripPassword(url));
    }
    const QJsonObject auth = json.value("auth"_L1).toObject();
    p.authType = authTypeFromName(auth.value("type"_L1).toString());
    p.basicUser = auth.value("user"_L1).toString();
    p.tokenUrl = QUrl(auth.value("tokenUrl"_L1).toString());
    p.allowHttpTokenUrl = auth.value("allowHttpTokenUrl"_L1).toBool(false);
    p.clientId = auth.value("clientId"_L1).toString();
    p.scope = auth.value("scope"_L1).toString();
    p.logicalCluster = auth.value("logicalCluster"_L1).toString();
    p.identityPoolId = auth.value("identityPoolId"_L1).toString();

    const QJsonObject tls = json.value("tls"_L1).toObject();
    p.clientCertFile = tls.value("clientCertFile"_L1).toString();
    p.clientKeyFile = tls.value("clientKeyFile"_L1).toString();
    p.caBundleFile = tls.value("caBundleFile"_L1).toString();
    p.verifyTls = tls.value("verify"_L1).toBool(true);

    const QJsonObject proxy = json.value("proxy"_L1).toObject();
    p.proxyMode = proxyModeFromName(proxy.value("mode"_L1).toString());
    p.proxyUrl = QUrl(proxy.value("url"_L1).toString());

    for (const QJsonValue &v : json.value("headers"_L1).toArray()) {
        const QJsonObject h = v.toObject();
        ExtraHeader header{h.value("name"_L1).toString(), QString()};
        if (!looksSecretHeader(header.name))
            header.value = h.value("value"_L1).toString();
        if (!header.name.isEmpty())
            p.extraHeaders.append(header);
    }

    const QJsonObject limits = json.value("limits"_L1).toObject();
    for (const auto &[key, limit] : kIntLimits)
        p.*limit = limits.value(key).toInt(p.*limit);
    p.maxResponseBytes = limits.value("maxResponseBytes"_L1).toInteger(p.maxResponseBytes);

    p.isProtected = json.value("protected"_L1).toBool(false);
    p.readOnly = json.value("readOnly"_L1).toBool(false);
    if (error)
        *error = p.validate();
    return p;
}

} // namespace sd::registry
