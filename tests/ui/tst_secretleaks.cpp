// No secret leaks: every credential path (Basic against the sandbox with users, a bearer token, OAuth
// client credentials with token renewal, a secret extra header, a password typed into a URL in the
// connection form, saving and editing a connection) runs with every logging category at debug level,
// and no test secret may appear in any message, in the HTTP log as shown or copied as curl, in the
// form's labels, or in any file the run wrote.
#include "items/RegistryWorkspace.h"
#include "registry/ConnectionStore.h"
#include "registry/HttpLog.h"
#include "registry/HttpLogModel.h"
#include "registry/RegistryClient.h"
#include "registry/SecretStore.h"
#include "sandboxserver/HttpServer.h"
#include "sandboxserver/SandboxServer.h"
#include "ui/ConnectionDialog.h"
#include "ui/ConnectionManager.h"
#include "ui/Dialogs.h"

#include <QApplication>
#include <QComboBox>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMutex>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using registry::AuthType;
using registry::ConnectionProfile;
using registry::ConnectionSecrets;
using sandbox::HttpRequest;
using sandbox::HttpResponse;
namespace SecretName = registry::SecretName;

namespace {

const QString kBasic = u"pw-LEAK-1f3a"_s;
const QString kBearer = u"bearer-LEAK-77b"_s;
const QString kClientSecret = u"oauth-LEAK-5e0"_s;
const QString kHeader = u"hdr-LEAK-9c2"_s;
const QString kUrlPassword = u"urlpw-LEAK-42d"_s;
const QString kToken = u"tok-LEAK-0d1"_s;
const QStringList kSecrets{kBasic, kBearer, kClientSecret, kHeader, kUrlPassword, kToken};

QMutex g_mutex;
QStringList g_messages;
QtMessageHandler g_previous = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_mutex);
        g_messages << QString::fromLatin1(context.category ? context.category : "") + u": "_s + message;
    }
    if (g_previous)
        g_previous(type, context, message);
}

// The secrets found in `text`, in every spelling a log or a file could use.
QStringList leaks(const QString &text)
{
    QStringList found;
    for (const QString &secret : kSecrets) {
        const QByteArray utf8 = secret.toUtf8();
        if (text.contains(secret) || text.contains(QString::fromLatin1(utf8.toBase64())) ||
            text.contains(QString::fromLatin1(QUrl::toPercentEncoding(secret))))
            found << secret;
    }
    return found;
}

QStringList leaksInBytes(const QByteArray &bytes)
{
    QStringList found = leaks(QString::fromUtf8(bytes));
    // Basic credentials travel as base64 of "user:password", for each user of this test.
    for (const QString &secret : kSecrets) {
        for (const QString &user : {u"alice"_s, u"bob"_s, u"sd-client"_s}) {
            for (const QString &password : {secret, secret + u"-wrong"_s}) {
                if (bytes.contains((user + u':' + password).toUtf8().toBase64()))
                    found << secret + u" (as Basic credentials)"_s;
            }
        }
    }
    found.removeDuplicates();
    return found;
}

} // namespace

class TestSecretLeaks : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    registry::HttpLog m_log;

    template<typename T, typename Start> std::optional<registry::Result<T>> await(Start start)
    {
        std::optional<registry::Result<T>> out;
        start([&out](const registry::Result<T> &r) { out = r; });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 15000))
            qWarning("no answer");
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        g_previous = qInstallMessageHandler(capture);
    }

    void basicAgainstTheSandbox()
    {
        sandbox::SandboxServer server;
        sandbox::SandboxOptions options;
        options.users = {{u"alice"_s, kBasic, true}};
        QString error;
        QVERIFY2(server.start(options, &error), qPrintable(error));
        ConnectionProfile p;
        p.name = u"basic"_s;
        p.urls = {server.url()};
        p.authType = AuthType::Basic;
        p.basicUser = u"alice"_s;
        ConnectionSecrets secrets;
        secrets.set(SecretName::basicPassword, kBasic);
        registry::RegistryClient client(p, secrets, &m_log);
        auto listed = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
        QVERIFY(listed && listed->ok());
        auto registered = await<registry::SchemaVersion>([&](auto cb) {
            client.registerSchema(u"s-value"_s, registry::SchemaSubmission::of(u"\"string\""_s), false, this,
                                  cb);
        });
        QVERIFY2(registered && registered->ok(),
                 registered ? qPrintable(registered->error.toDisplayString()) : "");
        secrets.set(SecretName::basicPassword, kBasic + u"-wrong"_s);
        registry::RegistryClient wrong(p, secrets, &m_log);
        auto refused = await<QStringList>([&](auto cb) { wrong.listSubjects({}, this, cb); });
        QVERIFY(refused && !refused->ok());
        QCOMPARE(refused->error.httpStatus, 401);
    }

    void bearerOauthAndSecretHeader()
    {
        sandbox::HttpServer server;
        int tokens = 0;
        server.setHandler([&](const HttpRequest &r) {
            if (r.pathSegments.value(0) == u"token") {
                ++tokens;
                return HttpResponse::json(200,
                                          QJsonObject{{"access_token"_L1, kToken}, {"expires_in"_L1, 1}});
            }
            if (r.header("Authorization").isEmpty() || r.header("X-Api-Key") != kHeader.toUtf8())
                return HttpResponse::error(401, 401, u"Unauthorized"_s);
            return HttpResponse::json(200, QJsonArray{}, "application/vnd.schemaregistry.v1+json");
        });
        QVERIFY(server.listen());
        ConnectionProfile p;
        p.name = u"bearer"_s;
        p.urls = {server.url()};
        p.authType = AuthType::Bearer;
        p.extraHeaders = {{u"X-Api-Key"_s, QString()}};
        ConnectionSecrets secrets;
        secrets.set(SecretName::bearerToken, kBearer);
        secrets.set(SecretName::forHeader(u"X-Api-Key"_s), kHeader);
        {
            registry::RegistryClient client(p, secrets, &m_log);
            auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
            QVERIFY2(r && r->ok(), r ? qPrintable(r->error.toDisplayString()) : "");
        }
        p.authType = AuthType::OAuthClientCredentials;
        p.tokenUrl = server.url().resolved(QUrl(u"/token"_s));
        p.allowHttpTokenUrl = true;
        p.clientId = u"sd-client"_s;
        secrets.set(SecretName::oauthClientSecret, kClientSecret);
        registry::RegistryClient client(p, secrets, &m_log);
        for (int i = 0; i < 2; ++i) { // the second after the token's renewal time
            auto r = await<QStringList>([&](auto cb) { client.listSubjects({}, this, cb); });
            QVERIFY2(r && r->ok(), r ? qPrintable(r->error.toDisplayString()) : "");
            QTest::qWait(600);
        }
        QVERIFY(tokens >= 2);
    }

    // The form: a password typed into a URL goes to the Basic fields and to the keychain, never into the
    // profile, the form's labels or connections.json; an edit removes what the connection stopped using.
    void connectionFormAndStore()
    {
        // "Kept in memory only" and similar notices are answered here, not shown.
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        registry::ConnectionStore store(m_dir.filePath(u"config/connections.json"_s));
        QVERIFY(store.load());
        registry::SecretStore secretStore;
        secretStore.setMemoryOnly(u"test"_s);
        store.setSecretStore(&secretStore);
        items::RegistryWorkspace workspace;

        ui::ConnectionDialog dialog;
        dialog.findChild<QLineEdit *>(u"connectionName"_s)->setText(u"typed-url"_s);
        dialog.findChild<QPlainTextEdit *>(u"connectionUrls"_s)
            ->setPlainText(u"http://bob:"_s + kUrlPassword + u"@127.0.0.1:9/"_s);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const ConnectionProfile profile = dialog.profile();
        QCOMPARE(profile.authType, AuthType::Basic);
        QCOMPARE(profile.basicUser, u"bob"_s);
        QCOMPARE(profile.urls.first().toString(), u"http://127.0.0.1:9/"_s);
        QCOMPARE(dialog.secrets().value(SecretName::basicPassword), kUrlPassword);
        auto *notice = dialog.findChild<QLabel *>(u"urlCredentialsNotice"_s);
        QVERIFY(!notice->isHidden());
        QVERIFY(notice->text().contains(u"bob"_s));
        auto *httpWarning = dialog.findChild<QLabel *>(u"plainHttpWarning"_s);
        QVERIFY2(!httpWarning->isHidden() && httpWarning->text().contains(u"http://127.0.0.1:9/"_s),
                 qPrintable(httpWarning->text()));
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            QVERIFY2(leaks(label->text()).isEmpty(), qPrintable(label->objectName()));

        // Test connection says it too, whatever the outcome.
        dialog.testConnection();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.testResult().startsWith(u"Testing"_s), 15000);
        QVERIFY2(dialog.testResult().contains(u"plain http://"_s), qPrintable(dialog.testResult()));
        QVERIFY(leaks(dialog.testResult()).isEmpty());

        QVERIFY(ui::ConnectionManager::saveAndConnect(nullptr, profile, dialog.secrets(), &store,
                                                      &secretStore, &workspace));
        const auto readSecret = [&](const QString &name) {
            std::optional<registry::SecretReadResult> out;
            secretStore.read(profile.id, name, this, [&](const registry::SecretReadResult &r) { out = r; });
            if (!QTest::qWaitFor([&] { return out.has_value(); }, 5000))
                qWarning("the secret store did not answer");
            return out.value_or(registry::SecretReadResult{});
        };
        QTRY_VERIFY(readSecret(QString::fromUtf16(SecretName::basicPassword)).found);

        // Edit: Basic → bearer. The password leaves the keychain; the token goes in.
        ConnectionProfile edited = profile;
        edited.authType = AuthType::Bearer;
        ConnectionSecrets editedSecrets;
        editedSecrets.set(SecretName::bearerToken, kBearer);
        QVERIFY(ui::ConnectionManager::saveAndConnect(nullptr, edited, editedSecrets, &store, &secretStore,
                                                      &workspace));
        QTRY_VERIFY(!readSecret(QString::fromUtf16(SecretName::basicPassword)).found);
        QTRY_VERIFY(readSecret(QString::fromUtf16(SecretName::bearerToken)).found);
        // Delete: nothing is left.
        QVERIFY(store.remove(edited.id));
        QTRY_VERIFY(!readSecret(QString::fromUtf16(SecretName::bearerToken)).found);
        workspace.closeConnection(edited.id.toString(QUuid::WithoutBraces));
        ui::Dialogs::clearAnswerer();
    }

    void nothingLeaked()
    {
        // The HTTP log as shown (every column, tooltips) and as copied.
        registry::HttpLogModel model(&m_log);
        QVERIFY(model.rowCount() >= 6);
        for (int row = 0; row < model.rowCount(); ++row) {
            for (int column = 0; column < model.columnCount(); ++column) {
                for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)}) {
                    const QString text = model.index(row, column).data(role).toString();
                    QVERIFY2(leaks(text).isEmpty(), qPrintable(text));
                }
            }
            const QString curl = m_log.at(row).toCurl();
            QVERIFY2(leaksInBytes(curl.toUtf8()).isEmpty(), qPrintable(curl));
        }
        // Every message of every category, at debug level.
        QStringList messages;
        {
            QMutexLocker lock(&g_mutex);
            messages = g_messages;
        }
        QVERIFY2(messages.size() > 10, "debug logging was not on");
        for (const QString &message : std::as_const(messages))
            QVERIFY2(leaksInBytes(message.toUtf8()).isEmpty(), qPrintable(message));
        // Every file this run wrote: its temporary directory and the test's own XDG homes.
        QStringList roots{m_dir.path()};
        for (auto location : {QStandardPaths::GenericConfigLocation, QStandardPaths::GenericDataLocation,
                              QStandardPaths::GenericCacheLocation})
            roots << QStandardPaths::writableLocation(location);
        int files = 0;
        for (const QString &root : std::as_const(roots)) {
            QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile file(it.next());
                if (file.size() > 64 * 1024 * 1024 || !file.open(QIODevice::ReadOnly))
                    continue;
                ++files;
                const QStringList found = leaksInBytes(file.readAll());
                QVERIFY2(found.isEmpty(), qPrintable(file.fileName() + u": "_s + found.join(u", "_s)));
            }
        }
        QVERIFY(files >= 1); // connections.json at least
    }

    void cleanupTestCase() { qInstallMessageHandler(g_previous); }
};

// Every category at debug level, whatever the environment says: QT_LOGGING_RULES outranks
// QLoggingCategory::setFilterRules(), and ctest sets it to "*.debug=false" for every test.
int main(int argc, char **argv)
{
    qputenv("QT_LOGGING_RULES", "*.debug=true");
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    QTEST_SET_MAIN_SOURCE_PATH
    TestSecretLeaks test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretleaks.moc"
