#include "cli/CliContext.h"

#include "registry/ConnectionStore.h"
#include "registry/SecretStore.h"

#include <cstdio>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QUrl>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace sd::cli {

namespace {

void writeStderr(const QString &line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

bool isUrl(const QString &spec)
{
    return spec.startsWith("http://"_L1, Qt::CaseInsensitive) ||
           spec.startsWith("https://"_L1, Qt::CaseInsensitive);
}

} // namespace

CliContext::CliContext(QObject *parent)
    : QObject(parent)
{}

void CliContext::fillFromEnvironment(registry::ConnectionProfile &profile,
                                     registry::ConnectionSecrets &secrets, const QString &envPrefix)
{
    using namespace registry;
    const QString user = qEnvironmentVariable(qPrintable(envPrefix + u"USER"_s));
    const QString password = qEnvironmentVariable(qPrintable(envPrefix + u"PASSWORD"_s));
    const QString token = qEnvironmentVariable(qPrintable(envPrefix + u"TOKEN"_s));
    if (profile.authType == AuthType::None) {
        if (!token.isEmpty())
            profile.authType = AuthType::Bearer;
        else if (!user.isEmpty())
            profile.authType = AuthType::Basic;
    }
    if (profile.authType == AuthType::Basic && profile.basicUser.isEmpty())
        profile.basicUser = user;
    if (profile.authType == AuthType::Basic && secrets.value(SecretName::basicPassword).isEmpty() &&
        !password.isEmpty())
        secrets.set(SecretName::basicPassword, password);
    if (profile.authType == AuthType::Bearer && secrets.value(SecretName::bearerToken).isEmpty() &&
        !token.isEmpty())
        secrets.set(SecretName::bearerToken, token);
}

registry::ConnectionProfile CliContext::profileForUrl(const QString &spec, const QString &envPrefix,
                                                      registry::ConnectionSecrets *secrets, QString *error)
{
    registry::ConnectionProfile profile;
    const QUrl url(spec, QUrl::StrictMode);
    profile.urls = {url};
    profile.name = url.host() + (url.port() > 0 ? u":"_s + QString::number(url.port()) : QString());
    if (!url.password().isEmpty()) {
        *error = u"The URL %1 carries a password, which any user of this machine can read in the process "
                 u"list. Put it in %2PASSWORD (and the user in %2USER) instead."_s.arg(
                     url.toDisplayString(QUrl::RemoveUserInfo), envPrefix);
        return profile;
    }
    QString ignored;
    profile.takeUrlCredentials(&ignored);
    fillFromEnvironment(profile, *secrets, envPrefix);
    if (const QString problem = profile.validate(); !problem.isEmpty())
        *error = problem;
    return profile;
}

void CliContext::open(const QString &spec, const QString &envPrefix,
                      std::function<void(const QString &id)> then)
{
    if (isUrl(spec)) {
        registry::ConnectionSecrets secrets;
        QString error;
        const registry::ConnectionProfile profile = profileForUrl(spec, envPrefix, &secrets, &error);
        if (!error.isEmpty())
            return fail(error);
        return openProfile(profile, secrets, then);
    }

    registry::ConnectionStore store(m_connectionsFile);
    QString error;
    if (!store.load(&error))
        return fail(u"Cannot read the saved connections (%1): %2"_s.arg(store.filePath(), error));
    const registry::ConnectionProfile *found = nullptr;
    for (const registry::ConnectionProfile &profile : store.profiles()) {
        if (profile.name == spec || profile.id.toString(QUuid::WithoutBraces) == spec)
            found = &profile;
    }
    if (!found) {
        QStringList names;
        for (const registry::ConnectionProfile &profile : store.profiles())
            names << profile.name;
        return fail(
            u"No saved connection is named \"%1\" in %2 (saved: %3). Give its name, or an http(s) URL."_s.arg(
                spec, store.filePath(), names.isEmpty() ? u"none"_s : names.join(u", "_s)));
    }
    auto *secrets = new registry::SecretStore(u"schemadesk"_s, this);
    const registry::ConnectionProfile profile = *found;
    secrets->readSecrets(
        profile, this,
        [this, profile, envPrefix, then, secrets](const registry::ConnectionSecrets &read,
                                                  const QStringList &, const QString &) {
            secrets->deleteLater();
            registry::ConnectionProfile filled = profile;
            registry::ConnectionSecrets all = read;
            fillFromEnvironment(filled, all, envPrefix);
            QStringList missing;
            for (const QString &name : filled.requiredSecrets()) {
                if (all.value(name).isEmpty())
                    missing << name;
            }
            if (!missing.isEmpty()) {
                return fail(u"The connection \"%1\" needs %2, which neither the keychain nor "
                            u"%3USER/%3PASSWORD/%3TOKEN provide."_s.arg(filled.name, missing.join(u", "_s),
                                                                        envPrefix));
            }
            openProfile(filled, all, then);
        });
}

void CliContext::openLoaded(const QString &spec, const QString &envPrefix,
                            std::function<void(const QString &id)> then)
{
    open(spec, envPrefix, [this, then](const QString &id) {
        auto *waiter = new QObject(this);
        connect(&m_workspace, &items::RegistryWorkspace::connectionStateChanged, waiter,
                [this, id, then, waiter](const QString &changed, items::RegistryWorkspace::State state) {
                    if (changed != id)
                        return;
                    if (state == items::RegistryWorkspace::State::Failed) {
                        waiter->deleteLater();
                        const auto *connection = m_workspace.connection(id);
                        return fail(u"%1: %2"_s.arg(connection->profile.name, connection->error));
                    }
                    if (state == items::RegistryWorkspace::State::Ready) {
                        waiter->deleteLater();
                        progress(u"%1: connected"_s.arg(m_workspace.connection(id)->profile.name));
                        then(id);
                    }
                });
        m_workspace.load(id);
    });
}

void CliContext::openProfile(const registry::ConnectionProfile &profile,
                             const registry::ConnectionSecrets &secrets,
                             const std::function<void(const QString &id)> &then)
{
    if (const QString warning = profile.plainHttpWarning(); !warning.isEmpty())
        note(warning);
    m_workspace.openConnection(profile, secrets);
    then(profile.id.toString(QUuid::WithoutBraces));
}

void CliContext::finish(ExitStatus status, const QString &markdown, const QByteArray &json)
{
    if (m_finished)
        return;
    const QByteArray bytes = m_format == OutputFormat::Json ? json : markdown.toUtf8();
    if (m_outputFile.isEmpty()) {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        if (!bytes.endsWith('\n'))
            std::fputc('\n', stdout);
        std::fflush(stdout);
    } else {
        QSaveFile file(m_outputFile);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
            writeStderr(u"Cannot write %1: %2"_s.arg(m_outputFile, file.errorString()));
            status = Failed;
        }
    }
    m_finished = true;
    m_status = status;
    Q_EMIT finished(status);
}

void CliContext::fail(const QString &message)
{
    if (m_finished)
        return;
    writeStderr(u"schemadesk-cli: "_s + message);
    if (m_format == OutputFormat::Json && m_outputFile.isEmpty()) {
        const QByteArray json =
            QJsonDocument(QJsonObject{{u"error"_s, message}}).toJson(QJsonDocument::Compact);
        std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
        std::fputc('\n', stdout);
        std::fflush(stdout);
    }
    m_finished = true;
    m_status = Failed;
    Q_EMIT finished(Failed);
}

void CliContext::progress(const QString &line)
{
    if (m_progress)
        writeStderr(line);
}

void CliContext::note(const QString &line)
{
    writeStderr(line);
}

} // namespace sd::cli
