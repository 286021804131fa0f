// The schemadesk-sandbox program: command line, first stdout line, persistence across restarts.

#include "common/RestClient.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::testing::RestClient;

namespace {

QString programPath()
{
    return QStringLiteral(SD_BINARY_DIR "/bin/schemadesk-sandbox");
}

// Starts the program and returns the URL from its first line (empty on failure).
QUrl startProgram(QProcess *process, const QStringList &args)
{
    process->start(programPath(), args);
    if (!process->waitForStarted(10000))
        return {};
    if (!QTest::qWaitFor(
            [process] { return process->canReadLine() || process->state() == QProcess::NotRunning; }, 15000))
        return {};
    const QString line = QString::fromUtf8(process->readLine()).trimmed();
    const QRegularExpressionMatch match =
        QRegularExpression(u"^listening on (https?://[^ ]+:\\d+)$"_s).match(line);
    if (!match.hasMatch()) {
        qWarning() << "unexpected first line" << line << process->readAllStandardError();
        return {};
    }
    return QUrl(match.captured(1));
}

void stop(QProcess *process)
{
    process->terminate();
    if (!process->waitForFinished(5000))
        process->kill();
    process->waitForFinished(5000);
}

} // namespace

class TestSandboxProgram : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(QFile::exists(programPath()), qPrintable(programPath())); }
    void firstLineAndServing();
    void dataFileSurvivesRestart();
    void usersFromCommandLine();
    void usersFromFileAndEnvironment();
    void faultFromCommandLine();
    void badArgumentsAreClearErrors_data();
    void badArgumentsAreClearErrors();
    void corruptDataFileExitsWithoutTouchingIt();
    void helpAndVersion();
};

void TestSandboxProgram::firstLineAndServing()
{
    QProcess process;
    const QUrl url = startProgram(&process, {u"--port"_s, u"0"_s});
    QVERIFY(url.isValid());
    QCOMPARE(url.host(), u"127.0.0.1"_s);
    QVERIFY(url.port() > 0);
    RestClient client(url);
    QCOMPARE(client.get(u"/"_s).body, QByteArray("{}"));
    QCOMPARE(client
                 .post(u"/subjects/p/versions"_s,
                       QJsonObject{{u"schema"_s, uR"({"type":"record","name":"P","fields":[]})"_s}})
                 .status,
             200);
    stop(&process);
}

void TestSandboxProgram::dataFileSurvivesRestart()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(u"sandbox.json"_s);
    {
        QProcess process;
        const QUrl url = startProgram(&process, {u"--port"_s, u"0"_s, u"--data"_s, data});
        QVERIFY(url.isValid());
        RestClient client(url);
        QCOMPARE(client
                     .post(u"/subjects/kept/versions"_s,
                           QJsonObject{{u"schema"_s, uR"({"type":"record","name":"K","fields":[]})"_s}})
                     .status,
                 200);
        process.kill(); // even a hard kill loses nothing: writes are saved before they are answered
        process.waitForFinished(5000);
    }
    QProcess process;
    const QUrl url = startProgram(&process, {u"--port"_s, u"0"_s, u"--data"_s, data});
    QVERIFY(url.isValid());
    RestClient client(url);
    QCOMPARE(client.get(u"/subjects"_s).array(), QJsonArray({u"kept"_s}));
    stop(&process);
}

// Passwords kept out of the process list: --user-file and SCHEMADESK_SANDBOX_USERS.
void TestSandboxProgram::usersFromFileAndEnvironment()
{
    QTemporaryDir dir;
    const QString usersFile = dir.filePath(u"users"_s);
    {
        QFile file(usersFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# name:password:rights\nann:pw:with:colons:rw\n\n  bob:look:ro\n");
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"SCHEMADESK_SANDBOX_USERS"_s, u"carl:env-pw:rw"_s);
    process.setProcessEnvironment(environment);
    const QUrl url = startProgram(&process, {u"--port"_s, u"0"_s, u"--user-file"_s, usersFile});
    QVERIFY(url.isValid());
    auto status = [&url](const QByteArray &user, const QByteArray &password) {
        RestClient client(url);
        if (!user.isEmpty())
            client.headers = {{"Authorization", "Basic " + (user + ':' + password).toBase64()}};
        return client.post(u"/subjects/s/versions"_s, QJsonObject{{u"schema"_s, u"\"string\""_s}}).status;
    };
    QCOMPARE(status({}, {}), 401);
    QCOMPARE(status("ann", "pw:with:colons"), 200);
    QCOMPARE(status("bob", "look"), 403);
    QCOMPARE(status("carl", "env-pw"), 200);
    QCOMPARE(status("carl", "pw"), 401);
    stop(&process);
    // The password is not in the arguments (what ps shows).
    QVERIFY(!process.arguments().join(u' ').contains(u"pw:with"_s));

    // A bad line is named by its number, without echoing the password.
    {
        QFile file(usersFile);
        QVERIFY(file.open(QIODevice::Append));
        file.write("dave:secret-pw:admin\n");
    }
    QProcess bad;
    bad.start(programPath(), {u"--port"_s, u"0"_s, u"--user-file"_s, usersFile});
    QVERIFY(bad.waitForFinished(10000));
    QCOMPARE(bad.exitCode(), 2);
    const QString error = QString::fromUtf8(bad.readAllStandardError());
    QVERIFY2(error.contains(u"line 5"_s) && !error.contains(u"secret-pw"_s), qPrintable(error));
}

void TestSandboxProgram::usersFromCommandLine()
{
    QProcess process;
    const QUrl url = startProgram(
        &process, {u"--port"_s, u"0"_s, u"--user"_s, u"ann:pw:rw"_s, u"--user"_s, u"bob:a:b:ro"_s});
    QVERIFY(url.isValid());
    RestClient anonymous(url);
    QCOMPARE(anonymous.get(u"/subjects"_s).status, 401);
    RestClient bob(url);
    bob.headers = {{"Authorization", "Basic " + QByteArray("bob:a:b").toBase64()}}; // passwords may hold ':'
    QCOMPARE(bob.get(u"/subjects"_s).status, 200);
    QCOMPARE(bob.put(u"/mode"_s, QJsonObject{{u"mode"_s, u"READONLY"_s}}).status, 403);
    RestClient ann(url);
    ann.headers = {{"Authorization", "Basic " + QByteArray("ann:pw").toBase64()}};
    QCOMPARE(ann.put(u"/mode"_s, QJsonObject{{u"mode"_s, u"READONLY"_s}}).status, 200);
    stop(&process);
}

void TestSandboxProgram::faultFromCommandLine()
{
    QProcess process;
    const QUrl url = startProgram(
        &process, {u"--port"_s, u"0"_s, u"--fault"_s, u"error=503,route=GET /subjects,times=1"_s});
    QVERIFY(url.isValid());
    RestClient client(url);
    QCOMPARE(client.get(u"/subjects"_s).status, 503);
    QCOMPARE(client.get(u"/subjects"_s).status, 200);
    stop(&process);
}

void TestSandboxProgram::badArgumentsAreClearErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("port") << QStringList{u"--port"_s, u"99999"_s} << u"--port"_s;
    QTest::newRow("bind") << QStringList{u"--bind"_s, u"nowhere"_s} << u"--bind"_s;
    QTest::newRow("user") << QStringList{u"--user"_s, u"ann"_s} << u"--user"_s;
    QTest::newRow("tls half") << QStringList{u"--tls-cert"_s, u"/x.pem"_s} << u"--tls-key"_s;
    QTest::newRow("tls missing file")
        << QStringList{u"--tls-cert"_s, u"/nope.pem"_s, u"--tls-key"_s, u"/nope.key"_s} << u"/nope.pem"_s;
    QTest::newRow("fault") << QStringList{u"--fault"_s, u"boom"_s} << u"boom"_s;
    QTest::newRow("profile") << QStringList{u"--profile"_s, u"cp6"_s} << u"--profile"_s;
}

void TestSandboxProgram::badArgumentsAreClearErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QProcess process;
    process.start(programPath(), QStringList{u"--port"_s, u"0"_s} + args);
    QVERIFY(process.waitForFinished(10000));
    QVERIFY(process.exitCode() != 0);
    QVERIFY(process.readAllStandardOutput().isEmpty());
    const QString error = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestSandboxProgram::corruptDataFileExitsWithoutTouchingIt()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(u"broken.json"_s);
    {
        QFile file(data);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not json at all");
    }
    QProcess process;
    process.start(programPath(), {u"--port"_s, u"0"_s, u"--data"_s, data});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 1);
    QVERIFY(QString::fromUtf8(process.readAllStandardError()).contains(u"corrupt"_s));
    QFile file(data);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("not json at all"));
}

void TestSandboxProgram::helpAndVersion()
{
    QProcess process;
    process.start(programPath(), {u"--help"_s});
    QVERIFY(process.waitForFinished(10000));
    const QString help = QString::fromUtf8(process.readAllStandardOutput());
    for (const QString &option :
         {u"--port"_s, u"--bind"_s, u"--data"_s, u"--user"_s, u"--user-file"_s, u"--allow-host"_s,
          u"--tls-cert"_s, u"--tls-key"_s, u"--tls-client-ca"_s, u"--fault"_s})
        QVERIFY2(help.contains(option), qPrintable(option));
    process.start(programPath(), {u"--version"_s});
    QVERIFY(process.waitForFinished(10000));
    QVERIFY(process.readAllStandardOutput().contains("schemadesk-sandbox"));
}

QTEST_GUILESS_MAIN(TestSandboxProgram)
#include "tst_sandbox_program.moc"
