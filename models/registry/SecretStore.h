#pragma once

#include "ConnectionProfile.h"
#include "RequestGroup.h"

#include <functional>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUuid>

namespace sd::registry {

struct SecretReadResult
{
    QString value;
    bool found = false; // EntryNotFound is not an error: found=false, error empty
    QString error;      // the keychain failed (then the store switches to memory-only)
};

// Connection secrets in the OS keychain through QtKeychain, under keys "schemadesk/<profile-id>/<name>".
// When no keychain works (no Secret Service, no D-Bus session, locked and refused) it says so in
// unavailableReason() and keeps secrets in memory only, for this run; nothing is written to disk.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    explicit SecretStore(const QString &service = QStringLiteral("schemadesk"), QObject *parent = nullptr);

    static QString keyFor(const QUuid &profileId, const QString &secretName);
    static QStringList allSecretNames(); // the fixed names; header secrets come from the profile
    // After an edit from `before` (null: a new connection) to `after` with `kept` secrets: the names whose
    // keychain entries are stale (a secret the connection no longer uses, or one cleared in the form).
    static QStringList staleSecrets(const ConnectionProfile *before, const ConnectionProfile &after,
                                    const ConnectionSecrets &kept);

    bool isMemoryOnly() const { return m_memoryOnly; }
    // A sentence the UI can show as is, e.g. "No keychain is available (…): secrets are kept in memory only
    // and asked for again after a restart."
    QString unavailableReason() const { return m_reason; }
    void setMemoryOnly(const QString &reason);

    // Finds out whether the keychain works (reads a key that does not exist). Calls back with the result.
    void probe(QObject *context, std::function<void(bool available)> callback);

    void read(const QUuid &profileId, const QString &name, QObject *context,
              std::function<void(const SecretReadResult &)> callback);
    // Calls back with an empty string on success, or with why it is only in memory / failed.
    void write(const QUuid &profileId, const QString &name, const QString &value, QObject *context,
               std::function<void(const QString &error)> callback);
    void remove(const QUuid &profileId, const QString &name, QObject *context,
                std::function<void(const QString &error)> callback);
    void removeAll(const QUuid &profileId, const QStringList &names, QObject *context,
                   std::function<void(const QString &error)> callback);
    // Everything a profile needs to connect; `missing` names the secrets that were not found.
    void readSecrets(const ConnectionProfile &profile, QObject *context,
                     std::function<void(const ConnectionSecrets &secrets, const QStringList &missing,
                                        const QString &error)>
                         callback);

Q_SIGNALS:
    void availabilityChanged(bool memoryOnly);

private:
    enum class Op { Read, Write, Delete };
    void runJob(Op op, const QString &key, const QString &value, int attempt,
                std::function<void(int error, const QString &text, const QString &value)> done);
    void fallBack(const QString &keychainError);

    QString m_service;
    bool m_memoryOnly = false;
    QString m_reason;
    QHash<QString, QString> m_memory; // key → value; the only copy when memory-only, a cache otherwise
    RequestGroup m_jobs;              // joins the keychain jobs of one call
};

} // namespace sd::registry
