#pragma once

#include "ConnectionProfile.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace sd::registry {

class SecretStore;

// An exported list read for import, before anything is added.
struct ImportReview
{
    QList<ConnectionProfile> profiles; // the usable ones; ids already taken here are replaced
    QStringList rejected;              // "name: why" for entries that are not usable connections
    QStringList tlsVerificationOff;    // names of usable ones that turn TLS verification off
};

// The user's connection profiles, in a JSON file in the standard config location (QSaveFile: a crash
// never leaves half a file). Secrets are never part of it; removing a profile also removes its secrets
// from the SecretStore given.
class ConnectionStore : public QObject
{
    Q_OBJECT
public:
    // Empty path = <AppConfigLocation>/connections.json.
    explicit ConnectionStore(const QString &filePath = {}, QObject *parent = nullptr);

    static QString defaultFilePath();
    QString filePath() const { return m_filePath; }
    void setSecretStore(SecretStore *secrets) { m_secrets = secrets; }

    // Reads the file; a missing file is an empty list, not an error. On error the list is left unchanged
    // and the file is not overwritten by later saves (so a damaged file is not lost).
    bool load(QString *error = nullptr);
    bool save(QString *error = nullptr);

    const QList<ConnectionProfile> &profiles() const { return m_profiles; }
    const ConnectionProfile *find(const QUuid &id) const;
    // Adds or replaces (by id) and saves.
    bool upsert(const ConnectionProfile &profile, QString *error = nullptr);
    // Removes, saves, and deletes the profile's secrets.
    bool remove(const QUuid &id, QString *error = nullptr);

    // Sharing a team's registries: lists without any secret.
    static QByteArray exportProfiles(const QList<ConnectionProfile> &profiles);
    // Parses and validates an exported list. Profiles whose id already exists here get a new id (and
    // " (imported)"). `error` is set when the data is not a connection list at all.
    ImportReview reviewImport(const QByteArray &data, QString *error = nullptr) const;
    // Adds reviewed profiles and saves; returns how many were added.
    int addImported(const QList<ConnectionProfile> &profiles, QString *error = nullptr);
    // reviewImport + addImported of the usable ones; returns how many were added.
    int importProfiles(const QByteArray &data, QString *error = nullptr);

Q_SIGNALS:
    void changed();

private:
    static QByteArray serialize(const QList<ConnectionProfile> &profiles);
    // `problems`, when given, receives each entry's validation problem (empty when usable), in order.
    static QList<ConnectionProfile> parseList(const QByteArray &data, QString *error,
                                              QStringList *problems = nullptr);

    QString m_filePath;
    QList<ConnectionProfile> m_profiles;
    QPointer<SecretStore> m_secrets;
    bool m_loadFailed = false;
};

} // namespace sd::registry
