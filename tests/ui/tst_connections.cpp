// The connection form and manager as a user drives them, against real sandbox registries.
#include "items/RegistryWorkspace.h"
#include "registry/ConnectionStore.h"
#include "registry/SecretStore.h"
#include "sandboxserver/SandboxServer.h"
#include "ui/ConnectionDialog.h"
#include "ui/ConnectionManager.h"
#include "ui/Dialogs.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;

class TestConnections : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    sandbox::SandboxServer m_open;
    sandbox::SandboxServer m_guarded; // basic auth

    static void fill(ui::ConnectionDialog &dialog, const QString &name, const QString &url)
    {
        dialog.findChild<QLineEdit *>(u"connectionName"_s)->setText(name);
        dialog.findChild<QPlainTextEdit *>(u"connectionUrls"_s)->setPlainText(url);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_open.start({}, &error), qPrintable(error));
        sandbox::SandboxOptions guarded;
        guarded.users = {{u"alice"_s, u"s3cret"_s, true}};
        QVERIFY2(m_guarded.start(guarded, &error), qPrintable(error));
    }

    void cleanup() { ui::Dialogs::clearAnswerer(); }

    void formRoundTripsAndKeepsSecretsOut()
    {
        ui::ConnectionDialog dialog;
        fill(dialog, u"prod-cloud"_s,
             u"https://psrc-1.eu.confluent.cloud\nhttps://psrc-2.eu.confluent.cloud"_s);
        auto *auth = dialog.findChild<QComboBox *>(u"authType"_s);
        auth->setCurrentIndex(auth->findData(int(registry::AuthType::Basic)));
        dialog.findChild<QLineEdit *>(u"basicUser"_s)->setText(u"KEY123"_s);
        dialog.findChild<QLineEdit *>(u"basicPassword"_s)->setText(u"SECRET456"_s);
        dialog.findChild<QPlainTextEdit *>(u"extraHeaders"_s)
            ->setPlainText(u"X-Team: platform\nX-Api-Token: tok789"_s);
        dialog.findChild<QCheckBox *>(u"protectedFlag"_s)->setChecked(true);

        const registry::ConnectionProfile p = dialog.profile();
        QCOMPARE(p.name, u"prod-cloud"_s);
        QCOMPARE(p.urls.size(), 2);
        QCOMPARE(p.authType, registry::AuthType::Basic);
        QCOMPARE(p.basicUser, u"KEY123"_s);
        QVERIFY(p.isProtected);
        QCOMPARE(p.extraHeaders.size(), 2);
        QCOMPARE(p.extraHeaders.at(1).value, QString()); // the token-looking header's value is a secret
        const QByteArray json = QJsonDocument(p.toJson()).toJson();
        QVERIFY2(!json.contains("SECRET456") && !json.contains("tok789"), json.constData());

        const registry::ConnectionSecrets s = dialog.secrets();
        QCOMPARE(s.value(registry::SecretName::basicPassword), u"SECRET456"_s);
        QCOMPARE(s.value(registry::SecretName::forHeader(u"X-Api-Token"_s)), u"tok789"_s);

        // and back into a fresh form
        ui::ConnectionDialog again;
        again.setProfile(p, s);
        QCOMPARE(again.profile(), p);
        QCOMPARE(again.findChild<QLineEdit *>(u"basicPassword"_s)->text(), u"SECRET456"_s);
    }

    // The limits that end a misbehaving registry's answers are in the form, and only what the user
    // changes is changed.
    void limitsAreEditable()
    {
        registry::ConnectionProfile p;
        p.name = u"big"_s;
        p.urls = {QUrl(u"https://registry.example.com"_s)};
        p.requestDeadlineMs = 90500; // not a whole number of seconds: kept while untouched
        p.maxResponseBytes = 96 * 1024 * 1024 + 5;
        p.maxConcurrentRequests = 4;
        ui::ConnectionDialog dialog;
        dialog.setProfile(p, {});
        auto *deadline = dialog.findChild<QSpinBox *>(u"requestDeadline"_s);
        auto *largest = dialog.findChild<QSpinBox *>(u"maxResponseMiB"_s);
        auto *atOnce = dialog.findChild<QSpinBox *>(u"maxConcurrentRequests"_s);
        QVERIFY(deadline && largest && atOnce);
        QCOMPARE(deadline->value(), 90);
        QCOMPARE(largest->value(), 96);
        QCOMPARE(atOnce->value(), 4);
        QCOMPARE(dialog.profile(), p);
        // The row of limits keeps the form within a 1024-pixel screen.
        dialog.show();
        QVERIFY2(dialog.width() <= 1000, QByteArray::number(dialog.width()).constData());
        deadline->setValue(30);
        largest->setValue(512);
        atOnce->setValue(2);
        const registry::ConnectionProfile edited = dialog.profile();
        QCOMPARE(edited.requestDeadlineMs, 30000);
        QCOMPARE(edited.bulkDeadlineMs, 30000 * (p.bulkDeadlineMs / p.requestDeadlineMs));
        QCOMPARE(edited.maxResponseBytes, 512LL * 1024 * 1024);
        QCOMPARE(edited.maxConcurrentRequests, 2);
    }

    void tlsOffIsShoutedAbout()
    {
        ui::ConnectionDialog dialog;
        dialog.show();
        auto *warning = dialog.findChild<QLabel *>(u"tlsWarning"_s);
        QVERIFY(!warning->isVisible());
        dialog.findChild<QCheckBox *>(u"verifyTls"_s)->setChecked(false);
        QVERIFY(warning->isVisible());
        QVERIFY(!dialog.profile().verifyTls);
    }

    void invalidFormIsNotAccepted()
    {
        ui::ConnectionDialog dialog;
        fill(dialog, u"bad"_s, u"ftp://example.com"_s);
        dialog.show();
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.findChild<QLabel *>(u"validationMessage"_s)->text().contains(u"ftp://example.com"_s));
    }

    void testConnectionReportsSuccessAndAuthFailure()
    {
        ui::ConnectionDialog dialog;
        fill(dialog, u"open"_s, m_open.url().toString());
        QSignalSpy done(&dialog, &ui::ConnectionDialog::testFinished);
        dialog.findChild<QPushButton *>(u"testConnection"_s)->click();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 15000);
        QVERIFY2(done.at(0).at(0).toBool(), qPrintable(dialog.testResult()));
        QVERIFY2(dialog.testResult().contains(u"Connected in"_s), qPrintable(dialog.testResult()));

        fill(dialog, u"guarded"_s, m_guarded.url().toString());
        auto *auth = dialog.findChild<QComboBox *>(u"authType"_s);
        auth->setCurrentIndex(auth->findData(int(registry::AuthType::Basic)));
        dialog.findChild<QLineEdit *>(u"basicUser"_s)->setText(u"alice"_s);
        dialog.findChild<QLineEdit *>(u"basicPassword"_s)->setText(u"wrong"_s);
        dialog.testConnection();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 15000);
        QVERIFY(!done.at(1).at(0).toBool());
        QVERIFY2(dialog.testResult().contains(u"401"_s), qPrintable(dialog.testResult()));

        dialog.findChild<QLineEdit *>(u"basicPassword"_s)->setText(u"s3cret"_s);
        dialog.testConnection();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 3, 15000);
        QVERIFY2(done.at(2).at(0).toBool(), qPrintable(dialog.testResult()));
    }

    void managerAddsDuplicatesRemoves()
    {
        const QString file = m_dir.filePath(u"connections.json"_s);
        registry::ConnectionStore store(file);
        registry::SecretStore secrets;
        secrets.setMemoryOnly(u"no keychain in this test"_s);
        store.setSecretStore(&secrets);
        items::RegistryWorkspace workspace;

        registry::ConnectionProfile p;
        p.name = u"staging"_s;
        p.tag = u"staging"_s;
        p.colour = u"#1565c0"_s;
        p.urls = {m_guarded.url()};
        p.authType = registry::AuthType::Basic;
        p.basicUser = u"alice"_s;
        registry::ConnectionSecrets s;
        s.set(registry::SecretName::basicPassword, u"s3cret"_s);
        QVERIFY(ui::ConnectionManager::saveAndConnect(nullptr, p, s, &store, &secrets, &workspace));
        QCOMPARE(workspace.connectionIds(), QStringList{p.id.toString(QUuid::WithoutBraces)});

        QFile saved(file);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray contents = saved.readAll();
        QVERIFY(contents.contains("staging"));
        QVERIFY2(!contents.contains("s3cret"), "a secret reached the connections file");

        ui::ConnectionManager manager(&store, &secrets, &workspace);
        auto *list = manager.findChild<QListWidget *>(u"connectionList"_s);
        QCOMPARE(list->count(), 1);
        QVERIFY(list->item(0)->text().contains(u"staging · staging · "_s + m_guarded.url().toString()));
        manager.findChild<QPushButton *>(u"duplicateConnection"_s)->click();
        QCOMPARE(store.profiles().size(), 2);
        QCOMPARE(list->count(), 2);

        // removing asks, naming the connection; "no" keeps it
        list->setCurrentRow(0);
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return false; });
        manager.findChild<QPushButton *>(u"removeConnection"_s)->click();
        QCOMPARE(store.profiles().size(), 2);
        const auto asked = ui::Dialogs::takeAsked();
        QCOMPARE(asked.size(), 1);
        QVERIFY(asked.first().text.contains(u"“staging”"_s));
        ui::Dialogs::setAnswerer([](const ui::Dialogs::Question &, QString *) { return true; });
        manager.findChild<QPushButton *>(u"removeConnection"_s)->click();
        QCOMPARE(store.profiles().size(), 1);
        QVERIFY(workspace.connectionIds().isEmpty());
    }
};

int main(int argc, char **argv)
{
    QApplication::setAttribute(Qt::AA_Use96Dpi);
    QApplication app(argc, argv);
    TestConnections test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_connections.moc"
