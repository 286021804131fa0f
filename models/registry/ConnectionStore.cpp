#include "ConnectionStore.h"

#include "RegistryLog.h"
#include "SecretStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {
constexpr auto formatName = "schemadesk-connections"_L1;
constexpr int formatVersion = 1;
} // namespace

ConnectionStore::ConnectionStore(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_filePath(filePath.isEmpty() ? defaultFilePath() : filePath)
{}

QString ConnectionStore::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/connections.json"_s;
}

QByteArray ConnectionStore::serialize(const QList<ConnectionProfile> &profiles)
{
    QJsonArray array;
    for (const ConnectionProfile &profile : profiles)
        array.append(profile.toJson());
    QJsonObject root;
    root.insert("format"_L1, formatName);
    root.insert("version"_L1, formatVersion);
    root.insert("connections"_L1, array);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool ConnectionStore::load(QString *error)
{
    QFile file(m_filePath);
    if (!file.exists()) {
        m_profiles.clear();
        m_loadFailed = false;
        Q_EMIT changed();
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        m_loadFailed = true;
        if (error)
            *error = u"Cannot read %1: %2"_s.arg(m_filePath, file.errorString());
        return false;
    }
    QString parseError;
    QList<ConnectionProfile> loaded = parseList(file.readAll(), &parseError);
    if (!parseError.isEmpty()) {
        m_loadFailed = true;
        if (error)
            *error = u"%1 is damaged (%2); it is left untouched."_s.arg(m_filePath, parseError);
        return false;
    }
    m_profiles = std::move(loaded);
    m_loadFailed = false;
    Q_EMIT changed();
    return true;
}

bool ConnectionStore::save(QString *error)
{
    if (m_loadFailed) {
        if (error)
            *error = u"Not saving: %1 could not be read and would be overwritten."_s.arg(m_filePath);
        return false;
    }
    QDir().mkpath(QFileInfo(m_filePath).absolutePath());
    QSaveFile file(m_filePath);
    // Profiles hold no secret, but host names and user names are nobody else's business either: the
    // (temporary) file is the owner's only before a byte is in it, and the rename keeps that mode.
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        if (error)
            *error = u"Cannot write %1: %2"_s.arg(m_filePath, file.errorString());
        return false;
    }
    file.write(serialize(m_profiles));
    if (!file.commit()) {
        if (error)
            *error = u"Cannot write %1: %2"_s.arg(m_filePath, file.errorString());
        return false;
    }
    return true;
}

const ConnectionProfile *ConnectionStore::find(const QUuid &id) const
{
    for (const ConnectionProfile &profile : m_profiles) {
        if (profile.id == id)
            return &profile;
    }
    return nullptr;
}

bool ConnectionStore::upsert(const ConnectionProfile &profile, QString *error)
{
    bool replaced = false;
    for (ConnectionProfile &existing : m_profiles) {
        if (existing.id == profile.id) {
            existing = profile;
            replaced = true;
            break;
        }
    }
    if (!replaced)
        m_profiles.append(profile);
    // Values of secret headers never go to the file, whatever the caller left in the profile.
    for (ConnectionProfile &p : m_profiles) {
        for (ExtraHeader &header : p.extraHeaders) {
            if (looksSecretHeader(header.name))
                header.value.clear();
        }
    }
    const bool ok = save(error);
    Q_EMIT changed();
    return ok;
}

bool ConnectionStore::remove(const QUuid &id, QString *error)
{
    const auto it = std::find_if(m_profiles.begin(), m_profiles.end(),
                                 [&id](const ConnectionProfile &p) { return p.id == id; });
    if (it == m_profiles.end())
        return true;
    const ConnectionProfile removed = *it;
    m_profiles.erase(it);
    const bool ok = save(error);
    if (m_secrets)
        m_secrets->removeAll(removed.id, removed.requiredSecrets() + SecretStore::allSecretNames(), nullptr,
                             {});
    Q_EMIT changed();
    return ok;
}

QByteArray ConnectionStore::exportProfiles(const QList<ConnectionProfile> &profiles)
{
    return serialize(profiles);
}

QList<ConnectionProfile> ConnectionStore::parseList(const QByteArray &data, QString *error,
                                                    QStringList *problems)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = u"not valid JSON (%1)"_s.arg(parseError.errorString());
        return {};
    }
    const QJsonObject root = doc.object();
    if (root.value("format"_L1).toString() != formatName || !root.value("connections"_L1).isArray()) {
        if (error)
            *error = u"not a SchemaDesk connection list"_s;
        return {};
    }
    if (root.value("version"_L1).toInt() > formatVersion) {
        if (error)
            *error =
                u"written by a newer SchemaDesk (format version %1)"_s.arg(root.value("version"_L1).toInt());
        return {};
    }
    QList<ConnectionProfile> result;
    for (const QJsonValue &value : root.value("connections"_L1).toArray()) {
        QString problem;
        result.append(ConnectionProfile::fromJson(value.toObject(), &problem));
        if (problems)
            problems->append(value.isObject() ? problem : u"not a connection object"_s);
    }
    return result;
}

ImportReview ConnectionStore::reviewImport(const QByteArray &data, QString *error) const
{
    ImportReview review;
    QStringList problems;
    const QList<ConnectionProfile> parsed = parseList(data, error, &problems);
    QSet<QUuid> ids;
    for (qsizetype i = 0; i < parsed.size(); ++i) {
        ConnectionProfile profile = parsed.at(i);
        const QString name = profile.name.isEmpty() ? u"entry %1"_s.arg(i + 1) : profile.name;
        if (!problems.value(i).isEmpty()) {
            review.rejected << u"%1: %2"_s.arg(name, problems.value(i));
            continue;
        }
        if (find(profile.id) || ids.contains(profile.id)) {
            profile.id = QUuid::createUuid();
            profile.name += u" (imported)"_s;
        }
        ids.insert(profile.id);
        if (!profile.verifyTls)
            review.tlsVerificationOff << profile.name;
        review.profiles.append(profile);
    }
    return review;
}

int ConnectionStore::addImported(const QList<ConnectionProfile> &profiles, QString *error)
{
    for (const ConnectionProfile &profile : profiles)
        m_profiles.append(profile);
    save(error);
    Q_EMIT changed();
    return int(profiles.size());
}

int ConnectionStore::importProfiles(const QByteArray &data, QString *error)
{
    QString parseError;
    const ImportReview review = reviewImport(data, &parseError);
    if (!parseError.isEmpty()) {
        if (error)
            *error = parseError;
        return 0;
    }
    return addImported(review.profiles, error);
}

} // namespace sd::registry
