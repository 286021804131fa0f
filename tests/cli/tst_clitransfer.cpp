// schemadesk-cli's writing commands as CI runs them, against sandbox registries over loopback HTTP:
// copy (a dry run without --yes, ids kept, a re-run with nothing to do, a protected destination),
// plan and apply from a folder (nothing written without --yes, planned again: nothing), and the
// Terraform export. Exit statuses: 0 applied / nothing to do, 1 work to do, 2 error.
#include "CliTestSupport.h"
#include "common/RestClient.h"
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

QString record(const QString &name, bool withNote)
{
    return u"{\"type\":\"record\",\"name\":\""_s + name +
           u"\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}"_s +
           (withNote ? u",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}"_s
                     : QString()) +
           u"]}"_s;
}

bool writeFile(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) == text.toUtf8().size();
}

} // namespace

class TestCliTransfer : public QObject
{
    Q_OBJECT
private:
    sandbox::SandboxServer m_source;      // orders-value v1, v2; payments-value v1
    sandbox::SandboxServer m_destination; // empty
    sandbox::SandboxServer m_guarded;     // empty; saved as a protected connection
    sandbox::SandboxServer m_planned;     // orders-value v1, planned from a folder
    QTemporaryDir m_dir;

    CliRun run(const QStringList &arguments) { return cli::test::runCli(arguments); }

    static QStringList subjectsOf(const sandbox::SandboxServer &server)
    {
        testing::RestClient rest(server.url());
        return rest.get(u"/subjects"_s).strings();
    }

    static int idOf(const sandbox::SandboxServer &server, const QString &subject, int version)
    {
        testing::RestClient rest(server.url());
        return rest.get(u"/subjects/%1/versions/%2"_s.arg(subject).arg(version))
            .object()
            .value(u"id"_s)
            .toInt(-1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        for (sandbox::SandboxServer *server : {&m_source, &m_destination, &m_guarded, &m_planned})
            QVERIFY2(server->start({}, &error), qPrintable(error));
        QVERIFY(diff::test::registerSchema(m_source, u"payments-value"_s, record(u"Payment"_s, false)));
        QVERIFY(diff::test::registerSchema(m_source, u"orders-value"_s, record(u"Order"_s, false)));
        QVERIFY(diff::test::registerSchema(m_source, u"orders-value"_s, record(u"Order"_s, true)));
        QVERIFY(diff::test::registerSchema(m_planned, u"orders-value"_s, record(u"Order"_s, false)));
    }

    void copyIsADryRunUntilYes()
    {
        const QString source = m_source.url().toString();
        const QString destination = m_destination.url().toString();
        const CliRun dry = run({u"--format"_s, u"json"_s, u"copy"_s, source, destination});
        QCOMPARE(dry.exitCode, 1);
        QVERIFY2(dry.json().value(u"dryRun"_s).toBool(), qPrintable(dry.out + dry.err));
        QVERIFY(dry.json().value(u"plan"_s).toObject().value(u"writes"_s).toInt() >= 3);
        QVERIFY(subjectsOf(m_destination).isEmpty()); // nothing written
        const CliRun markdown = run({u"copy"_s, source, destination});
        QVERIFY(markdown.out.contains(u"Dry run: nothing was written. Add --yes to copy."_s));

        const CliRun copied = run({u"--format"_s, u"json"_s, u"copy"_s, source, destination, u"--yes"_s});
        QCOMPARE(copied.exitCode, 0);
        const QJsonObject result = copied.json().value(u"result"_s).toObject();
        QVERIFY2(result.value(u"complete"_s).toBool(), qPrintable(copied.out + copied.err));
        QVERIFY(result.value(u"modesRestored"_s).toBool());
        QCOMPARE(subjectsOf(m_destination), (QStringList{u"orders-value"_s, u"payments-value"_s}));
        // Ids kept.
        QCOMPARE(idOf(m_destination, u"orders-value"_s, 2), idOf(m_source, u"orders-value"_s, 2));
        QCOMPARE(idOf(m_destination, u"payments-value"_s, 1), idOf(m_source, u"payments-value"_s, 1));
        // Again: nothing to do, and the mirror verifies.
        QCOMPARE(run({u"copy"_s, source, destination}).exitCode, 0);
        QCOMPARE(run({u"verify"_s, source, destination}).exitCode, 0);
    }

    void aProtectedDestinationNeedsItsName()
    {
        const QString file = m_dir.filePath(u"connections.json"_s);
        {
            registry::ConnectionStore store(file);
            registry::ConnectionProfile source = diff::test::profileOf(u"source"_s, m_source);
            registry::ConnectionProfile guarded = diff::test::profileOf(u"prod"_s, m_guarded);
            guarded.isProtected = true;
            QVERIFY(store.upsert(source) && store.upsert(guarded));
        }
        const QStringList copy{u"--connections"_s, file, u"copy"_s, u"source"_s, u"prod"_s, u"--yes"_s};
        const CliRun refused = run(copy);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(u"protected connection"_s), qPrintable(refused.err));
        QVERIFY(subjectsOf(m_guarded).isEmpty());
        QCOMPARE(run(copy + QStringList{u"--confirm"_s, u"staging"_s}).exitCode, 2);
        const CliRun confirmed = run(copy + QStringList{u"--confirm"_s, u"prod"_s});
        QCOMPARE(confirmed.exitCode, 0);
        QCOMPARE(subjectsOf(m_guarded).size(), 2);
    }

    void planThenApplyFromAFolder()
    {
        const QString folder = m_dir.filePath(u"repo"_s);
        QVERIFY(writeFile(folder + u"/orders-value.avsc"_s, record(u"Order"_s, true)));
        QVERIFY(writeFile(folder + u"/shipments-value.avsc"_s, record(u"Shipment"_s, false)));
        const QString registry = m_planned.url().toString();

        const CliRun plan = run({u"--format"_s, u"json"_s, u"plan"_s, registry, folder});
        QCOMPARE(plan.exitCode, 1);
        const QJsonArray actions = plan.json().value(u"actions"_s).toArray();
        QCOMPARE(actions.size(), 2);
        const CliRun notApplied = run({u"apply"_s, registry, folder});
        QCOMPARE(notApplied.exitCode, 1);
        QVERIFY(notApplied.out.contains(u"Nothing was written. Add --yes to apply the plan."_s));
        QCOMPARE(subjectsOf(m_planned), QStringList{u"orders-value"_s});

        const CliRun applied = run({u"--format"_s, u"json"_s, u"apply"_s, registry, folder, u"--yes"_s});
        QCOMPARE(applied.exitCode, 0);
        QVERIFY2(applied.json().value(u"allApplied"_s).toBool(), qPrintable(applied.out + applied.err));
        QCOMPARE(subjectsOf(m_planned), (QStringList{u"orders-value"_s, u"shipments-value"_s}));
        QCOMPARE(run({u"plan"_s, registry, folder}).exitCode, 0);
        QCOMPARE(run({u"verify"_s, registry, u"--folder"_s, folder}).exitCode, 0);
        QCOMPARE(run({u"plan"_s, registry, m_dir.filePath(u"no-such-folder"_s)}).exitCode, 2);
    }

    void terraformBesideTheFiles()
    {
        const QString directory = m_dir.filePath(u"terraform"_s);
        const CliRun r = run({u"terraform"_s, m_source.url().toString(), directory});
        QCOMPARE(r.exitCode, 0);
        QFile main(directory + u"/main.tf"_s);
        QVERIFY(main.open(QIODevice::ReadOnly));
        const QString hcl = QString::fromUtf8(main.readAll());
        QVERIFY2(hcl.contains(u"resource \"confluent_schema\""_s), qPrintable(hcl));
        QVERIFY(hcl.contains(u"orders-value"_s));
        QVERIFY(QFile::exists(directory + u"/orders-value.avsc"_s));
    }
};

QTEST_GUILESS_MAIN(TestCliTransfer)
#include "tst_clitransfer.moc"
