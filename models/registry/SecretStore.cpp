#include "SecretStore.h"

#include "RegistryLog.h"

#include <memory>
#include <qt6keychain/keychain.h>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace sd::registry {

namespace {

// The caller's callback, run only while its context lives (always when it gave none), never when empty.
template<typename Callback> auto deliverTo(QObject *context, Callback callback)
{
    return [guard = QPointer<QObject>(context), hasContext = context != nullptr,
            callback = std::move(callback)](const auto &...args) {
        if ((hasContext && !guard) || !callback)
            return;
        callback(args...);
    };
}

} // namespace

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
    m_jobs.start(); // never restarted: fan-outs are only dropped when the store goes away
}

QString SecretStore::keyFor(const QUuid &profileId, const QString &secretName)
{
    return u"schemadesk/"_s + profileId.toString(QUuid::WithoutBraces) + u'/' + secretName;
}

QStringList SecretStore::allSecretNames()
{
    return {QString::fromUtf16(SecretName::basicPassword), QString::fromUtf16(SecretName::bearerToken),
            QString::fromUtf16(SecretName::oauthClientSecret),
            QString::fromUtf16(SecretName::tlsKeyPassphrase)};
}

QStringList SecretStore::staleSecrets(const ConnectionProfile *before, const ConnectionProfile &after,
                                      const ConnectionSecrets &kept)
{
    QStringList candidates = allSecretNames() + after.storedSecrets();
    if (before)
        candidates += before->storedSecrets();
    candidates.removeDuplicates();
    QStringList stale;
    for (const QString &name : std::as_const(candidates)) {
        if (!after.storedSecrets().contains(name) || kept.value(name).isEmpty())
            stale << name;
    }
    return stale;
}

void SecretStore::setMemoryOnly(const QString &reason)
{
    const bool changed = !m_memoryOnly;
    m_memoryOnly = true;
    m_reason = u"No keychain is available (%1): secrets are kept in memory only and asked for again after a "
               u"restart."_s.arg(reason.trimmed().isEmpty() ? u"the keychain service did not answer"_s
                                                            : reason.trimmed());
    if (changed) {
        qCWarning(lcRegistry) << m_reason;
        Q_EMIT availabilityChanged(true);
    }
}

void SecretStore::fallBack(const QString &keychainError)
{
    setMemoryOnly(keychainError.isEmpty() ? u"the keychain service did not answer"_s : keychainError);
}

void SecretStore::runJob(Op op, const QString &key, const QString &value, int attempt,
                         std::function<void(int error, const QString &text, const QString &value)> done)
{
    QKeychain::Job *job = nullptr;
    switch (op) {
    case Op::Read:
        job = new QKeychain::ReadPasswordJob(m_service, this);
        break;
    case Op::Write: {
        auto *write = new QKeychain::WritePasswordJob(m_service, this);
        write->setTextData(value);
        job = write;
        break;
    }
    case Op::Delete:
        job = new QKeychain::DeletePasswordJob(m_service, this);
        break;
    }
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text file instead of the keychain
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this,
            [this, op, key, value, attempt, done = std::move(done)](QKeychain::Job *finished) {
                const int error = finished->error();
                const QString text = finished->errorString();
                QString readValue;
                if (op == Op::Read && error == QKeychain::NoError)
                    readValue = static_cast<QKeychain::ReadPasswordJob *>(finished)->textData();
                // The Secret Service may still be starting (e.g. right after login): one retry.
                if (error == QKeychain::OtherError && attempt == 0) {
                    QTimer::singleShot(300, this,
                                       [this, op, key, value, done] { runJob(op, key, value, 1, done); });
                    return;
                }
                done(error, text, readValue);
            });
    job->start();
}

void SecretStore::probe(QObject *context, std::function<void(bool)> callback)
{
    const QPointer<QObject> guard(context);
    if (m_memoryOnly) {
        QTimer::singleShot(0, this, [guard, callback] {
            if (guard && callback)
                callback(false);
        });
        return;
    }
    runJob(Op::Read, keyFor(QUuid(), u"probe"_s), {}, 0,
           [this, guard, callback](int error, const QString &text, const QString &) {
               const bool available = error == QKeychain::NoError || error == QKeychain::EntryNotFound;
               if (!available)
                   fallBack(text);
               if (guard && callback)
                   callback(available);
           });
}

void SecretStore::read(const QUuid &profileId, const QString &name, QObject *context,
                       std::function<void(const SecretReadResult &)> callback)
{
    const QString key = keyFor(profileId, name);
    auto deliver = deliverTo(context, std::move(callback));
    if (m_memoryOnly || m_memory.contains(key)) {
        SecretReadResult result;
        result.found = m_memory.contains(key);
        result.value = m_memory.value(key);
        QTimer::singleShot(0, this, [deliver, result] { deliver(result); });
        return;
    }
    runJob(Op::Read, key, {}, 0, [this, key, deliver](int error, const QString &text, const QString &value) {
        SecretReadResult result;
        if (error == QKeychain::NoError) {
            result.found = true;
            result.value = value;
            m_memory.insert(key, value);
        } else if (error != QKeychain::EntryNotFound) {
            fallBack(text);
            result.error = m_reason;
        }
        deliver(result);
    });
}

void SecretStore::write(const QUuid &profileId, const QString &name, const QString &value, QObject *context,
                        std::function<void(const QString &)> callback)
{
    const QString key = keyFor(profileId, name);
    auto deliver = deliverTo(context, std::move(callback));
    m_memory.insert(key, value);
    if (m_memoryOnly) {
        const QString reason = m_reason;
        QTimer::singleShot(0, this, [deliver, reason] { deliver(reason); });
        return;
    }
    runJob(Op::Write, key, value, 0, [this, deliver](int error, const QString &text, const QString &) {
        if (error == QKeychain::NoError) {
            deliver(QString());
            return;
        }
        fallBack(text); // the value stays in m_memory for this run
        deliver(m_reason);
    });
}

void SecretStore::remove(const QUuid &profileId, const QString &name, QObject *context,
                         std::function<void(const QString &)> callback)
{
    removeAll(profileId, {name}, context, std::move(callback));
}

void SecretStore::removeAll(const QUuid &profileId, const QStringList &names, QObject *context,
                            std::function<void(const QString &)> callback)
{
    QStringList unique = names;
    unique.removeDuplicates();
    for (const QString &name : std::as_const(unique))
        m_memory.remove(keyFor(profileId, name));
    auto deliver = deliverTo(context, std::move(callback));
    if (m_memoryOnly || unique.isEmpty()) {
        QTimer::singleShot(0, this, [deliver] { deliver(QString()); });
        return;
    }
    auto firstError = std::make_shared<QString>();
    auto removed = m_jobs.join(int(unique.size()), [firstError, deliver] { deliver(*firstError); });
    for (const QString &name : std::as_const(unique)) {
        runJob(Op::Delete, keyFor(profileId, name), {}, 0,
               [firstError, removed](int error, const QString &text, const QString &) {
                   if (error != QKeychain::NoError && error != QKeychain::EntryNotFound &&
                       firstError->isEmpty())
                       *firstError = text;
                   removed();
               });
    }
}

void SecretStore::readSecrets(
    const ConnectionProfile &profile, QObject *context,
    std::function<void(const ConnectionSecrets &, const QStringList &, const QString &)> callback)
{
    const QStringList names =
        profile.requiredSecrets() + (profile.clientKeyFile.isEmpty()
                                         ? QStringList()
                                         : QStringList{QString::fromUtf16(SecretName::tlsKeyPassphrase)});
    struct State
    {
        ConnectionSecrets secrets;
        QStringList missing;
        QString error;
    };
    auto state = std::make_shared<State>();
    auto deliver = deliverTo(context, std::move(callback));
    if (names.isEmpty()) {
        QTimer::singleShot(0, this, [deliver] { deliver(ConnectionSecrets(), QStringList(), QString()); });
        return;
    }
    auto arrived = m_jobs.join(int(names.size()),
                               [state, deliver] { deliver(state->secrets, state->missing, state->error); });
    const QString passphrase = QString::fromUtf16(SecretName::tlsKeyPassphrase);
    for (const QString &name : names) {
        read(profile.id, name, this, [state, name, passphrase, arrived](const SecretReadResult &r) {
            if (r.found)
                state->secrets.set(name, r.value);
            else if (name != passphrase) // most keys have no passphrase
                state->missing.append(name);
            if (!r.error.isEmpty() && state->error.isEmpty())
                state->error = r.error;
            arrived();
        });
    }
}

} // namespace sd::registry
