// schemadesk-cli as CI runs it: the program itself, started as a process, against sandbox registries
// over loopback HTTP (served by this test's event loop). Outputs in Markdown and JSON and the exit
// statuses (0 identical / found, 1 differences / nothing found, 2 error) of verify, export, diff and
// search; saved connections by name; credentials from the environment, never from the command line.
#include "CliTestSupport.h"
#include "diff/DiffTestSupport.h"
#include "registry/ConnectionStore.h"
#include "registry/SecretStore.h"
#include "sandboxserver/SandboxServer.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using sd::cli::test::CliRun;

namespace {

QString order(bool withQuantity)
{
    return withQuantity ? uR"({"type":"record","name":"Order","fields":[{"name":"id","type":"string"},)"
                          uR"({"name":"qty","type":"int","default":0}]})"_s
                        : uR"({"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]})"_s;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private:
    sandbox::SandboxServer m_a;       // orders-value v1, v2 (qty); payments-value
    sandbox::SandboxServer m_b;       // orders-value v1 only; payments-value
    sandbox::SandboxServer m_guarded; // Basic authentication: ci / s3cret
    QTemporaryDir m_dir;

    CliRun run(const QStringList &arguments, const QMap<QString, QString> &environment = {})
    {
        return cli::test::runCli(arguments, environment);
    }

    QString a() const { return m_a.url().toString(); }
    QString b() const { return m_b.url().toString(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_a.start({}, &error), qPrintable(error));
        QVERIFY2(m_b.start({}, &error), qPrintable(error));
        sandbox::SandboxOptions guarded;
        guarded.users = {{u"ci"_s, u"s3cret"_s, true}};
        QVERIFY2(m_guarded.start(guarded, &error), qPrintable(error));
        const QString payments =
            uR"({"type":"record","name":"Payment","fields":[{"name":"amount","type":"long"}]})"_s;
        QVERIFY(diff::test::registerSchema(m_a, u"orders-value"_s, order(false)));
        QVERIFY(diff::test::registerSchema(m_a, u"orders-value"_s, order(true)));
        QVERIFY(diff::test::registerSchema(m_a, u"payments-value"_s, payments));
        QVERIFY(diff::test::registerSchema(m_b, u"orders-value"_s, order(false)));
        QVERIFY(diff::test::registerSchema(m_b, u"payments-value"_s, payments));
    }

    void verifyOfTheSameRegistryIsIdentical()
    {
        const CliRun r = run({u"--format"_s, u"json"_s, u"verify"_s, a(), a()});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value(u"identical"_s).toBool(), true);
        QCOMPARE(r.json().value(u"counts"_s).toObject().value(u"identical"_s).toInt(), 2);
    }

    void verifyFindsTheMissingVersion()
    {
        const CliRun r = run({u"verify"_s, a(), b()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(
            r.out.contains(u"| `orders-value` | `orders-value` | versions | version(s) only on A: 2 |"_s),
            qPrintable(r.out));
        // payments-value is the same schema under another id (A registered one more schema first).
        QVERIFY2(r.out.contains(u"| `payments-value` | `payments-value` | id |"_s), qPrintable(r.out));
        QVERIFY(r.out.contains(u"| Differing | 2 |"_s));
        const CliRun json = run({u"verify"_s, u"--format=json"_s, a(), b()});
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(json.json().value(u"counts"_s).toObject().value(u"differing"_s).toInt(), 2);
        // A mapping narrows what is compared, --ignore what counts: payments alone, ids aside, are identical.
        QCOMPARE(run({u"verify"_s, a(), b(), u"--subjects"_s, u"payments-value"_s}).exitCode, 1);
        QCOMPARE(run({u"verify"_s, a(), b(), u"--subjects"_s, u"payments-value"_s, u"--ignore"_s, u"ids"_s})
                     .exitCode,
                 0);
    }

    void exportThenVerifyAgainstTheFolder()
    {
        const QString folder = m_dir.filePath(u"schemas"_s);
        const CliRun exported = run({u"--format"_s, u"json"_s, u"export"_s, a(), folder});
        QCOMPARE(exported.exitCode, 0);
        QCOMPARE(exported.json().value(u"written"_s).toInt(), 2);
        QVERIFY(QFile::exists(folder + u"/orders-value.avsc"_s));
        QVERIFY(QFile::exists(folder + u"/schemadesk-schemas.json"_s));
        QCOMPARE(run({u"verify"_s, a(), u"--folder"_s, folder}).exitCode, 0);
        // B's latest orders-value lacks qty: the folder and B drift.
        const CliRun drift = run({u"verify"_s, b(), u"--folder"_s, folder});
        QCOMPARE(drift.exitCode, 1);
        QVERIFY2(drift.out.contains(u"latest schema differs"_s), qPrintable(drift.out));
    }

    void diffOfTwoVersions()
    {
        const CliRun r = run({u"diff"_s, a(), u"orders-value"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains(u"```diff\n"_s), qPrintable(r.out));
        QVERIFY(r.out.contains(u"+      \"name\": \"qty\","_s));
        QVERIFY(r.out.contains(u"| field added | qty |  | int | yes |"_s));
        const CliRun json =
            run({u"--format"_s, u"json"_s, u"diff"_s, a(), u"orders-value"_s, u"1"_s, u"2"_s});
        QCOMPARE(json.exitCode, 1);
        QCOMPARE(json.json().value(u"addedLines"_s).toInt(), 5);
        QCOMPARE(json.json().value(u"semantic"_s).toObject().value(u"breaking"_s).toInt(), 0);
        QCOMPARE(run({u"diff"_s, a(), u"orders-value"_s, u"2"_s, u"2"_s}).exitCode, 0);
        // The mirrored copy in another registry: B's latest is A's v1.
        QCOMPARE(run({u"diff"_s, a(), u"orders-value"_s, u"1"_s, u"--to"_s, b()}).exitCode, 0);
        QCOMPARE(run({u"diff"_s, a(), u"orders-value"_s, u"--to"_s, b()}).exitCode, 1);
        // A file on the right.
        const QString file = m_dir.filePath(u"draft.avsc"_s);
        QFile draft(file);
        QVERIFY(draft.open(QIODevice::WriteOnly));
        draft.write(order(true).toUtf8());
        draft.close();
        QCOMPARE(run({u"diff"_s, a(), u"orders-value"_s, u"2"_s, u"--file"_s, file}).exitCode, 0);
        // A subject that is not there is an error, in the registry's words.
        const CliRun missing = run({u"diff"_s, a(), u"nothing-value"_s, u"1"_s, u"2"_s});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(u"40401"_s), qPrintable(missing.err));
    }

    void searchAcrossRegistries()
    {
        const CliRun found = run({u"--format"_s, u"json"_s, u"search"_s, u"qty"_s, u"--connection"_s, a(),
                                  u"--connection"_s, b()});
        QCOMPARE(found.exitCode, 0);
        const QJsonArray matches = found.json().value(u"matches"_s).toArray();
        QCOMPARE(matches.size(), 1);
        QCOMPARE(matches.first().toObject().value(u"subject"_s).toString(), u"orders-value"_s);
        QCOMPARE(matches.first().toObject().value(u"version"_s).toInt(), 2);
        // Every version: the amount field in both registries.
        const CliRun every = run({u"--format"_s, u"json"_s, u"search"_s, u"amount"_s, u"--every-version"_s,
                                  u"--connection"_s, a(), u"--connection"_s, b()});
        QCOMPARE(every.json().value(u"versionsMatched"_s).toInt(), 2);
        QCOMPARE(run({u"search"_s, u"no-such-text"_s, u"--connection"_s, a()}).exitCode, 1);
        QCOMPARE(run({u"search"_s, u"(unclosed"_s, u"--regex"_s, u"--connection"_s, a()}).exitCode, 2);
    }

    void savedConnectionsByName()
    {
        const QString file = m_dir.filePath(u"connections.json"_s);
        {
            registry::ConnectionStore store(file);
            registry::ConnectionProfile source = diff::test::profileOf(u"source"_s, m_a);
            registry::ConnectionProfile mirror = diff::test::profileOf(u"mirror"_s, m_b);
            QVERIFY(store.upsert(source) && store.upsert(mirror));
        }
        const CliRun list = run({u"--connections"_s, file, u"connections"_s});
        QCOMPARE(list.exitCode, 0);
        QVERIFY2(list.out.contains(u"| source | "_s + a()), qPrintable(list.out));
        QCOMPARE(run({u"--connections"_s, file, u"verify"_s, u"source"_s, u"mirror"_s}).exitCode, 1);
        const CliRun unknown = run({u"--connections"_s, file, u"verify"_s, u"nosuch"_s, u"mirror"_s});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(u"No saved connection is named \"nosuch\""_s), qPrintable(unknown.err));
        QVERIFY(unknown.err.contains(u"source, mirror"_s));
    }

    void credentialsComeFromTheEnvironment()
    {
        const QString guarded = m_guarded.url().toString();
        const CliRun refused = run({u"search"_s, u"x"_s, u"--connection"_s, guarded});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(u"401"_s), qPrintable(refused.err));
        const CliRun allowed =
            run({u"search"_s, u"x"_s, u"--connection"_s, guarded},
                {{u"SCHEMADESK_USER"_s, u"ci"_s}, {u"SCHEMADESK_PASSWORD"_s, u"s3cret"_s}});
        QCOMPARE(allowed.exitCode, 1); // read, nothing registered there
        // The second connection of a command reads SCHEMADESK_B_*.
        const CliRun second = run({u"verify"_s, a(), guarded}, {{u"SCHEMADESK_B_USER"_s, u"ci"_s},
                                                                {u"SCHEMADESK_B_PASSWORD"_s, u"s3cret"_s}});
        QCOMPARE(second.exitCode, 1); // A has subjects the empty registry lacks
        // Over plain http:// the credentials travel readable: said on standard error.
        QVERIFY2(second.err.contains(u"plain http://"_s), qPrintable(second.err));
        // A password on the command line is refused: the process list shows it.
        QUrl withPassword = m_guarded.url();
        withPassword.setUserName(u"ci"_s);
        withPassword.setPassword(u"s3cret"_s);
        const CliRun visible = run({u"search"_s, u"x"_s, u"--connection"_s, withPassword.toString()});
        QCOMPARE(visible.exitCode, 2);
        QVERIFY2(visible.err.contains(u"SCHEMADESK_PASSWORD"_s), qPrintable(visible.err));
        QVERIFY(!visible.err.contains(u"s3cret"_s));
    }

    void errorsExitTwo()
    {
        QCOMPARE(run({u"frobnicate"_s}).exitCode, 2);
        const CliRun option = run({u"verify"_s, a(), b(), u"--colour"_s, u"red"_s});
        QCOMPARE(option.exitCode, 2);
        QVERIFY(option.err.contains(u"unknown option --colour"_s));
        QCOMPARE(run({u"verify"_s, a()}).exitCode, 2);
        const CliRun down = run({u"--format"_s, u"json"_s, u"verify"_s, u"http://127.0.0.1:1"_s, b()});
        QCOMPARE(down.exitCode, 2);
        QVERIFY2(down.json().value(u"error"_s).toString().contains(u"refused"_s, Qt::CaseInsensitive),
                 qPrintable(down.out));
        const CliRun help = run({u"--help"_s});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(u"Exit status: 0 identical"_s));
    }

    void outputToAFile()
    {
        const QString report = m_dir.filePath(u"report.json"_s);
        const CliRun r = run({u"--format"_s, u"json"_s, u"--output"_s, report, u"verify"_s, a(), b()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QFile file(report);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(file.readAll()).object().value(u"identical"_s).toBool(true), false);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
