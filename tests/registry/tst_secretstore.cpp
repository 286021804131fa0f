// SecretStore against a real Secret Service (gnome-keyring in a private D-Bus session, see
// with-secret-service.sh) and, with SD_EXPECT_NO_KEYCHAIN=1 and no reachable D-Bus, the memory-only path.
#include "registry/SecretStore.h"
#include "RegistryTestSupport.h"

#include <QDirIterator>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::registry;
using namespace sd::registry::test;

namespace {

bool expectNoKeychain()
{
    return qEnvironmentVariableIntValue("SD_EXPECT_NO_KEYCHAIN") == 1;
}

std::optional<SecretReadResult> readSecret(SecretStore &store, const QUuid &id, const QString &name,
                                           QObject *ctx)
{
    std::optional<SecretReadResult> out;
    store.read(id, name, ctx, [&](const SecretReadResult &r) { out = r; });
    waitUntil([&] { return out.has_value(); }, 20000);
    return out;
}

std::optional<QString> writeSecret(SecretStore &store, const QUuid &id, const QString &name,
                                   const QString &value, QObject *ctx)
{
    std::optional<QString> out;
    store.write(id, name, value, ctx, [&](const QString &error) { out = error; });
    waitUntil([&] { return out.has_value(); }, 20000);
    return out;
}

// True when some file under `dir` contains `needle` in plain text.
bool anyFileContains(const QString &dir, const QByteArray &needle)
{
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            return true;
    }
    return false;
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void probeSaysWhatIsAvailable()
    {
        SecretStore store;
        std::optional<bool> available;
        store.probe(this, [&](bool ok) { available = ok; });
        QVERIFY(waitUntil([&] { return available.has_value(); }, 20000));
        if (expectNoKeychain()) {
            QVERIFY(!*available);
            QVERIFY(store.isMemoryOnly());
            QVERIFY2(store.unavailableReason().contains(u"memory only"_s),
                     qPrintable(store.unavailableReason()));
        } else {
            QVERIFY2(*available, qPrintable(store.unavailableReason()));
            QVERIFY(!store.isMemoryOnly());
        }
    }

    void writeReadRemove()
    {
        const QUuid id = QUuid::createUuid();
        const QString name = QString::fromUtf16(SecretName::basicPassword);
        const QString secret = u"pw-%1-ü"_s.arg(QUuid::createUuid().toString(QUuid::Id128));
        {
            SecretStore store;
            const auto error = writeSecret(store, id, name, secret, this);
            QVERIFY(error);
            if (expectNoKeychain()) {
                QVERIFY2(error->contains(u"No keychain is available"_s), qPrintable(*error));
                const auto r = readSecret(store, id, name, this);
                QVERIFY(r && r->found);
                QCOMPARE(r->value, secret); // kept for this run
            } else {
                QVERIFY2(error->isEmpty(), qPrintable(*error));
            }
        }
        {
            // A fresh store (no memory cache) reads from the keychain, or finds nothing without one.
            SecretStore store;
            const auto r = readSecret(store, id, name, this);
            QVERIFY(r);
            if (expectNoKeychain()) {
                QVERIFY(!r->found);
            } else {
                QVERIFY2(r->found, qPrintable(r->error));
                QCOMPARE(r->value, secret);
                QVERIFY(r->error.isEmpty());
            }
            std::optional<QString> removed;
            store.removeAll(id, SecretStore::allSecretNames(), this, [&](const QString &e) { removed = e; });
            QVERIFY(waitUntil([&] { return removed.has_value(); }, 20000));
            QVERIFY2(removed->isEmpty(), qPrintable(*removed));
        }
        {
            SecretStore store;
            const auto r = readSecret(store, id, name, this);
            QVERIFY(r);
            QVERIFY(!r->found); // EntryNotFound is "empty", not an error
            if (!expectNoKeychain())
                QVERIFY2(r->error.isEmpty(), qPrintable(r->error));
        }
        // Never in plain text in the config or data locations.
        const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        const QString data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
        QVERIFY(!anyFileContains(config, secret.toUtf8()));
        QVERIFY(!anyFileContains(data, secret.toUtf8()));
    }

    void readSecretsForProfile()
    {
        ConnectionProfile profile;
        profile.name = u"cloud"_s;
        profile.urls = {QUrl(u"https://psrc-1.example.confluent.cloud"_s)};
        profile.authType = AuthType::Basic;
        profile.basicUser = u"KEY"_s;
        profile.extraHeaders = {{u"X-Api-Key"_s, {}}, {u"X-Team"_s, u"payments"_s}};
        SecretStore store;
        QVERIFY(writeSecret(store, profile.id, QString::fromUtf16(SecretName::basicPassword), u"p1"_s, this));
        QVERIFY(writeSecret(store, profile.id, SecretName::forHeader(u"X-Api-Key"_s), u"h1"_s, this));
        SecretStore fresh;
        if (expectNoKeychain())
            fresh.setMemoryOnly(u"test"_s);
        SecretStore &reader = expectNoKeychain() ? store : fresh;
        std::optional<ConnectionSecrets> secrets;
        QStringList missing;
        reader.readSecrets(profile, this,
                           [&](const ConnectionSecrets &s, const QStringList &m, const QString &) {
                               secrets = s;
                               missing = m;
                           });
        QVERIFY(waitUntil([&] { return secrets.has_value(); }, 20000));
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u',')));
        QCOMPARE(secrets->value(SecretName::basicPassword), u"p1"_s);
        QCOMPARE(secrets->value(SecretName::forHeader(u"X-Api-Key"_s)), u"h1"_s);
        std::optional<QString> removed;
        store.removeAll(profile.id, profile.requiredSecrets(), this, [&](const QString &e) { removed = e; });
        QVERIFY(waitUntil([&] { return removed.has_value(); }, 20000));
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
