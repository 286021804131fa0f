// ConnectionStore: atomic JSON file, no secret ever in it (nor in the HTTP log), import/export, and
// secrets removed with the profile.
#include "registry/ConnectionStore.h"
#include "registry/HttpLog.h"
#include "registry/HttpLogModel.h"
#include "registry/RegistryClient.h"
#include "registry/SecretStore.h"
#include "RegistryTestSupport.h"
#include "sandboxserver/HttpServer.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::registry;
using namespace sd::registry::test;

namespace {

ConnectionProfile cloudProfile()
{
    ConnectionProfile p;
    p.name = u"prod-cloud"_s;
    p.colour = u"#d32f2f"_s;
    p.tag = u"production"_s;
    p.urls = {QUrl(u"https://psrc-abc.eu-central-1.aws.confluent.cloud"_s),
              QUrl(u"https://backup.example:8081"_s)};
    p.authType = AuthType::OAuthClientCredentials;
    p.tokenUrl = QUrl(u"https://idp.example/oauth2/token"_s);
    p.clientId = u"sd-client"_s;
    p.scope = u"registry"_s;
    p.logicalCluster = u"lsrc-abc123"_s;
    p.identityPoolId = u"pool-XyZ"_s;
    p.caBundleFile = u"/etc/ssl/team-ca.pem"_s;
    p.proxyMode = ProxyMode::Manual;
    p.proxyUrl = QUrl(u"http://proxy.example:3128"_s);
    p.extraHeaders = {{u"X-Team"_s, u"payments"_s}, {u"X-Api-Key"_s, u"hdr-secret-42"_s}};
    p.isProtected = true;
    p.requestTimeoutMs = 10000;
    return p;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestConnectionStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"connections.json"_s);
        ConnectionStore store(path);
        QVERIFY(store.load()); // missing file = empty list
        ConnectionProfile p = cloudProfile();
        QString error;
        QVERIFY2(store.upsert(p, &error), qPrintable(error));
        ConnectionProfile basic;
        basic.name = u"staging-cp"_s;
        basic.urls = {QUrl(u"http://127.0.0.1:8081"_s)};
        basic.authType = AuthType::Basic;
        basic.basicUser = u"alice"_s;
        basic.readOnly = true;
        basic.verifyTls = false;
        QVERIFY(store.upsert(basic));

        ConnectionStore reloaded(path);
        QVERIFY(reloaded.load(&error));
        QCOMPARE(reloaded.profiles().size(), 2);
        ConnectionProfile expected = p;
        expected.extraHeaders[1].value.clear(); // the secret header's value is not in the file
        QCOMPARE(reloaded.profiles().at(0), expected);
        QCOMPARE(reloaded.profiles().at(1), basic);
        QVERIFY(!reloaded.profiles().at(1).verifyTls);
        QVERIFY(reloaded.profiles().at(0).requiredSecrets().contains(SecretName::forHeader(u"X-Api-Key"_s)));
    }

    void defaultLocationIsAppConfig()
    {
        QVERIFY(ConnectionStore::defaultFilePath().endsWith(u"/connections.json"_s));
        QVERIFY(ConnectionStore::defaultFilePath().startsWith(
            QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation)));
    }

    void damagedFileIsNeverOverwritten()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"connections.json"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ this is not json");
        f.close();
        ConnectionStore store(path);
        QString error;
        QVERIFY(!store.load(&error));
        QVERIFY(error.contains(u"damaged"_s));
        QVERIFY(!store.upsert(cloudProfile(), &error));
        QCOMPARE(readAll(path), QByteArray("{ this is not json"));
    }

    void exportAndImport()
    {
        QTemporaryDir dir;
        ConnectionStore store(dir.filePath(u"a.json"_s));
        QVERIFY(store.load());
        const ConnectionProfile p = cloudProfile();
        QVERIFY(store.upsert(p));
        const QByteArray exported = ConnectionStore::exportProfiles(store.profiles());
        QVERIFY(!exported.contains("hdr-secret-42"));

        ConnectionStore other(dir.filePath(u"b.json"_s));
        QVERIFY(other.load());
        QString error;
        QCOMPARE(other.importProfiles(exported, &error), 1);
        QCOMPARE(other.profiles().at(0).id, p.id);
        // Importing the same list again does not clobber: new id, marked as imported.
        QCOMPARE(other.importProfiles(exported, &error), 1);
        QCOMPARE(other.profiles().size(), 2);
        QVERIFY(other.profiles().at(1).id != p.id);
        QVERIFY(other.profiles().at(1).name.endsWith(u"(imported)"_s));
        QCOMPARE(other.importProfiles("{\"format\":\"something-else\"}", &error), 0);
        QVERIFY(!error.isEmpty());
    }

    void removeDeletesSecrets()
    {
        QTemporaryDir dir;
        ConnectionStore store(dir.filePath(u"c.json"_s));
        SecretStore secrets;
        secrets.setMemoryOnly(u"test"_s);
        store.setSecretStore(&secrets);
        QVERIFY(store.load());
        ConnectionProfile p = cloudProfile();
        QVERIFY(store.upsert(p));
        bool written = false;
        secrets.write(p.id, QString::fromUtf16(SecretName::oauthClientSecret), u"cs"_s, this,
                      [&](const QString &) { written = true; });
        QVERIFY(waitUntil([&] { return written; }));
        QVERIFY(store.remove(p.id));
        QVERIFY(store.profiles().isEmpty());
        std::optional<SecretReadResult> r;
        secrets.read(p.id, QString::fromUtf16(SecretName::oauthClientSecret), this,
                     [&](const SecretReadResult &result) { r = result; });
        QVERIFY(waitUntil([&] { return r.has_value(); }));
        QVERIFY(!r->found);
    }

    // The promise of issue 4: no secret reaches the settings file or the HTTP log, whatever path it takes.
    void noSecretInSettingsFileOrHttpLog()
    {
        const QByteArray basicPassword = "pw-secret-99";
        const QByteArray headerSecret = "hdr-secret-42";
        const QByteArray exporterSecret = "exp-secret-77";

        sd::sandbox::HttpServer server;
        server.setHandler([](const sd::sandbox::HttpRequest &r) {
            if (r.method == "POST" && r.decodedPath() == "/exporters"_L1)
                return sd::sandbox::HttpResponse::json(200, QJsonObject{{"name"_L1, u"e"_s}});
            return sd::sandbox::HttpResponse::make(200, "[]", "application/json");
        });
        QVERIFY(server.listen());

        QTemporaryDir dir;
        const QString path = dir.filePath(u"connections.json"_s);
        ConnectionStore store(path);
        SecretStore secrets;
        secrets.setMemoryOnly(u"test"_s);
        store.setSecretStore(&secrets);
        QVERIFY(store.load());
        ConnectionProfile p;
        p.name = u"leaky?"_s;
        p.urls = {server.url()};
        p.authType = AuthType::Basic;
        p.basicUser = u"KEY"_s;
        p.extraHeaders = {{u"X-Api-Key"_s, QString::fromLatin1(headerSecret)}};
        QVERIFY(store.upsert(p));
        ConnectionSecrets connectionSecrets;
        connectionSecrets.set(SecretName::basicPassword, QString::fromLatin1(basicPassword));
        connectionSecrets.set(SecretName::forHeader(u"X-Api-Key"_s), QString::fromLatin1(headerSecret));
        for (auto it = connectionSecrets.values.cbegin(); it != connectionSecrets.values.cend(); ++it)
            secrets.write(p.id, it.key(), it.value(), nullptr, {});

        HttpLog log(100);
        HttpLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        RegistryClient client(*store.find(p.id), connectionSecrets, &log);
        auto list = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY(list && list->ok());
        ExporterInfo exporter;
        exporter.name = u"e"_s;
        exporter.config.insert(u"schema.registry.url"_s, u"https://dest.example"_s);
        exporter.config.insert(u"basic.auth.user.info"_s,
                               u"DESTKEY:"_s + QString::fromLatin1(exporterSecret));
        exporter.config.insert(u"bearer.auth.client.secret"_s, QString::fromLatin1(exporterSecret));
        auto created =
            await<QString>([&](auto cb) { client.createLink(LinkKind::Exporter, exporter, this, cb); });
        QVERIFY(created && created->ok());

        QCOMPARE(log.size(), 2);
        QCOMPARE(model.rowCount(), 2);
        for (const HttpLogEntry &e : log.entries()) {
            QByteArray everything =
                e.toCurl().toUtf8() + e.url.toString().toUtf8() + e.requestBody + e.error.toUtf8();
            for (const auto &[name, value] : e.requestHeaders)
                everything += name + value;
            for (const QByteArray &secret :
                 {basicPassword, headerSecret, exporterSecret, QByteArray("KEY:" + basicPassword).toBase64()})
                QVERIFY2(!everything.contains(secret), everything.constData());
        }
        // The curl line still shows what was sent, with placeholders.
        const QString curl = log.entries().at(1).toCurl();
        QVERIFY2(curl.contains(u"schema.registry.url"_s) && curl.contains(u"<redacted>"_s), qPrintable(curl));
        QVERIFY(model.data(model.index(1, HttpLogModel::Method)).toString() == u"POST"_s);

        const QByteArray file = readAll(path);
        QVERIFY(!file.isEmpty());
        for (const QByteArray &secret : {basicPassword, headerSecret, exporterSecret})
            QVERIFY(!file.contains(secret));
    }

    void profileValidation()
    {
        ConnectionProfile p;
        QVERIFY(p.validate().contains(u"name"_s));
        p.name = u"x"_s;
        QVERIFY(p.validate().contains(u"URL"_s));
        p.urls = {QUrl(u"ftp://h"_s)};
        QVERIFY(p.validate().contains(u"http"_s));
        p.urls = {QUrl(u"https://h:8081"_s)};
        QVERIFY(p.validate().isEmpty());
        QVERIFY(p.verifyTls); // on unless switched off explicitly
        p.authType = AuthType::Basic;
        QVERIFY(p.validate().contains(u"user name"_s));
        p.basicUser = u"KEY"_s;
        QVERIFY(p.validate().isEmpty());
        QCOMPARE(p.requiredSecrets(), QStringList{QString::fromUtf16(SecretName::basicPassword)});
        p.authType = AuthType::OAuthClientCredentials;
        QVERIFY(p.validate().contains(u"token URL"_s));
        p.tokenUrl = QUrl(u"https://idp/token"_s);
        QVERIFY(p.validate().contains(u"client id"_s));
        p.authType = AuthType::MutualTls;
        QVERIFY(p.validate().contains(u"client certificate"_s));
        p.authType = AuthType::None;
        p.extraHeaders = {{u"Bad Header"_s, u"v"_s}};
        QVERIFY(p.validate().contains(u"header"_s));
        // A URL with a password never keeps it.
        ConnectionProfile withPassword;
        withPassword.name = u"y"_s;
        withPassword.urls = {QUrl(u"https://user:hunter2@h"_s)};
        QVERIFY(!QJsonDocument(withPassword.toJson()).toJson().contains("hunter2"));
    }

    void redaction()
    {
        const QByteArray form =
            HttpLog::redactBody("grant_type=client_credentials&client_secret=abc123&scope=x");
        QVERIFY(!form.contains("abc123"));
        QVERIFY(form.contains("grant_type=client_credentials"));
        const QByteArray json = HttpLog::redactBody("{\"config\":{\"basic.auth.user.info\":\"k:s3\",\"schema."
                                                    "registry.url\":\"https://d\"},\"password\":\"p\"}");
        QVERIFY(!json.contains("k:s3"));
        QVERIFY(!json.contains("\"p\""));
        QVERIFY(json.contains("https://d"));
        const QUrl url = HttpLog::redactUrl(QUrl(u"https://u:pw9@h/x?access_token=tok9&a=b"_s));
        QVERIFY(!url.toString().contains(u"pw9"_s));
        QVERIFY(!url.toString().contains(u"tok9"_s));
        QVERIFY(url.toString().contains(u"a=b"_s));
        const auto headers =
            HttpLog::redactHeaders({{"Authorization", "Bearer abc"}, {"X-Api-Key", "k9"}, {"Accept", "x"}});
        QCOMPARE(headers.at(0).second, QByteArray("Bearer <redacted>"));
        QCOMPARE(headers.at(1).second, QByteArray("<redacted>"));
        QCOMPARE(headers.at(2).second, QByteArray("x"));
    }

    // The file is the owner's only from its first byte: QSaveFile's temporary file gets the mode before
    // anything is written, and an existing file readable by others is not kept that way.
    void fileIsOwnerOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"owner.json"_s);
        QFile existing(path);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write(ConnectionStore::exportProfiles({}));
        existing.close();
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ReadGroup | QFileDevice::ReadOther));
        ConnectionStore store(path);
        QVERIFY(store.load());
        QVERIFY(store.upsert(cloudProfile()));
        QCOMPARE(QFile::permissions(path) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const QString fresh = dir.filePath(u"fresh/connections.json"_s);
        ConnectionStore second(fresh);
        QVERIFY(second.load());
        QVERIFY(second.upsert(cloudProfile()));
        QCOMPARE(QFile::permissions(fresh) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    // Imports are validated one by one; TLS verification turned off is named for the user to confirm.
    void importIsReviewed()
    {
        ConnectionProfile good = cloudProfile();
        ConnectionProfile insecure = cloudProfile();
        insecure.id = QUuid::createUuid();
        insecure.name = u"lab"_s;
        insecure.verifyTls = false;
        ConnectionProfile broken = cloudProfile();
        broken.id = QUuid::createUuid();
        broken.name = u"broken"_s;
        broken.urls = {QUrl(u"ftp://files.example"_s)};
        QJsonObject root =
            QJsonDocument::fromJson(ConnectionStore::exportProfiles({good, insecure, broken})).object();
        QJsonArray list = root.value("connections"_L1).toArray();
        list.append(u"not an object"_s);
        QJsonObject zeroLimits = good.toJson();
        zeroLimits.insert("id"_L1, QUuid::createUuid().toString(QUuid::WithoutBraces));
        zeroLimits.insert("name"_L1, u"zero"_s);
        zeroLimits.insert("limits"_L1, QJsonObject{{"maxConcurrentRequests"_L1, 0}});
        list.append(zeroLimits);
        root.insert("connections"_L1, list);

        QTemporaryDir dir;
        ConnectionStore store(dir.filePath(u"import.json"_s));
        QVERIFY(store.load());
        QString error;
        const ImportReview review = store.reviewImport(QJsonDocument(root).toJson(), &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(review.profiles.size(), 2);
        QCOMPARE(review.tlsVerificationOff, QStringList{u"lab"_s});
        QCOMPARE(review.rejected.size(), 3);
        QVERIFY2(review.rejected.at(0).startsWith(u"broken: "_s), qPrintable(review.rejected.join(u'|')));
        QVERIFY(review.rejected.at(1).startsWith(u"entry 4: "_s));
        QVERIFY(review.rejected.at(2).startsWith(u"zero: "_s));
        QCOMPARE(store.addImported(review.profiles, &error), 2);
        QCOMPARE(store.profiles().size(), 2);
    }

    void staleSecretsAfterEdit()
    {
        ConnectionProfile before = cloudProfile(); // OAuth + secret header x-api-key
        ConnectionProfile after = before;
        after.authType = AuthType::Basic;
        after.basicUser = u"key"_s;
        after.extraHeaders = {{u"X-Team"_s, u"payments"_s}};
        ConnectionSecrets kept;
        kept.set(SecretName::basicPassword, u"pw"_s);
        QStringList stale = SecretStore::staleSecrets(&before, after, kept);
        stale.sort();
        QCOMPARE(stale, QStringList({u"bearer-token"_s, u"header:x-api-key"_s, u"oauth-client-secret"_s,
                                     u"tls-key-passphrase"_s}));
        // A secret cleared in the form is stale as well; a kept one never is.
        QVERIFY(SecretStore::staleSecrets(&after, after, {}).contains(u"basic-password"_s));
        QVERIFY(!SecretStore::staleSecrets(nullptr, after, kept).contains(u"basic-password"_s));
    }

    void urlCredentialsAndPlainHttp()
    {
        ConnectionProfile p;
        p.name = u"local"_s;
        p.urls = {QUrl(u"http://alice:s3cr%40t@registry.example:8081/base"_s)};
        QVERIFY(p.plainHttpWarning().isEmpty()); // no credentials configured yet
        QString password;
        QVERIFY(p.takeUrlCredentials(&password));
        QCOMPARE(password, u"s3cr@t"_s);
        QCOMPARE(p.basicUser, u"alice"_s);
        QCOMPARE(p.authType, AuthType::Basic);
        QCOMPARE(p.urls.first().toString(), u"http://registry.example:8081/base"_s);
        QVERIFY(!p.takeUrlCredentials(&password));
        const QString warning = p.plainHttpWarning();
        QVERIFY(warning.contains(u"http://registry.example:8081/base"_s));
        QVERIFY(!warning.contains(u"s3cr"_s));
        p.urls = {QUrl(u"https://registry.example"_s)};
        QVERIFY(p.plainHttpWarning().isEmpty());
        // A validation message never repeats a password written into a URL.
        p.urls = {QUrl(u"ftp://bob:hunter2@registry.example"_s)};
        QVERIFY(!p.validate().isEmpty());
        QVERIFY(!p.validate().contains(u"hunter2"_s));
    }

    void httpLogIsBounded()
    {
        HttpLog log(3);
        HttpLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 5; ++i) {
            HttpLogEntry e;
            e.method = "GET";
            e.url = QUrl(u"http://h/subjects/%1"_s.arg(i));
            log.append(e);
        }
        QCOMPARE(log.size(), 3);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(log.at(0).url.path(), u"/subjects/2"_s);
        QCOMPARE(log.at(2).serial, quint64(5));
    }
};

QTEST_GUILESS_MAIN(TestConnectionStore)
#include "tst_connectionstore.moc"
