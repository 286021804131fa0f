// SchemaReferences against a sandbox registry over real HTTP: the schemas a draft's references point at
// (unqualified subjects resolve in the referrer's context), and the versions that reference a version.
#include "../registry/RegistryTestSupport.h"
#include "items/SchemaReferences.h"
#include "registry/RegistryClient.h"
#include "sandboxserver/FaultInjector.h"
#include "sandboxserver/SandboxServer.h"

#include <memory>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd;
using registry::test::await;
using registry::test::waitUntil;

class TestSchemaReferences : public QObject
{
    Q_OBJECT
private:
    bool registerSchema(const QString &subject, const QString &schema,
                        const QList<registry::SchemaReference> &references = {})
    {
        registry::SchemaSubmission s;
        s.schema = schema;
        s.references = references;
        auto r = await<registry::SchemaVersion>(
            [&](auto cb) { m_client->registerSchema(subject, s, false, this, cb); });
        return r && r->ok();
    }

    static QString address()
    {
        return uR"({"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"city","type":"string"}]})"_s;
    }
    static QString customer()
    {
        return uR"({"type":"record","name":"Customer","namespace":"com.acme","fields":[{"name":"home","type":"com.acme.Address"}]})"_s;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_sandbox.start({}, &error), qPrintable(error));
        registry::ConnectionProfile p;
        p.name = u"sandbox"_s;
        p.urls = {m_sandbox.url()};
        p.maxRetries = 0;
        m_client = std::make_unique<registry::RegistryClient>(p, registry::ConnectionSecrets{});
        QVERIFY(registerSchema(u":.crm:com.acme.Address"_s, address()));
        QVERIFY(registerSchema(u":.crm:customers-value"_s, customer(),
                               {{u"com.acme.Address"_s, u"com.acme.Address"_s, 1}}));
        // The same pair in the default context, for the referrers: SchemaView looks ids up without a
        // subject, so in the default context (see findReferrers()).
        QVERIFY(registerSchema(u"com.acme.Address"_s, address()));
        QVERIFY(registerSchema(u"customers-value"_s, customer(),
                               {{u"com.acme.Address"_s, u"com.acme.Address"_s, 1}}));
    }

    void cleanup() { m_sandbox.faults()->clear(); }

    void fetchesInTheReferrersContext()
    {
        items::SchemaReferences references;
        QSignalSpy fetched(&references, &items::SchemaReferences::fetched);
        const QList<registry::SchemaReference> refs{{u"com.acme.Address"_s, u"com.acme.Address"_s, 1}};
        QVERIFY(references.resolved(refs).isEmpty());
        references.fetch(m_client.get(), u":.crm:customers-value"_s, refs);
        references.fetch(m_client.get(), u":.crm:customers-value"_s, refs); // asked once
        QVERIFY(fetched.wait(15000));
        QTest::qWait(100);
        QCOMPARE(fetched.size(), 1);
        const QList<schema::ResolvedReference> resolved = references.resolved(refs);
        QCOMPARE(resolved.size(), 1);
        QCOMPARE(resolved.at(0).name, u"com.acme.Address"_s);
        QCOMPARE(resolved.at(0).type, schema::SchemaType::Avro);
        QVERIFY(resolved.at(0).schema.contains(u"\"city\""_s));
    }

    void aMissingReferenceIsAskedAgain()
    {
        items::SchemaReferences references;
        QSignalSpy fetched(&references, &items::SchemaReferences::fetched);
        const QList<registry::SchemaReference> refs{{u"Nope"_s, u"nope"_s, 1}};
        references.fetch(m_client.get(), u"x"_s, refs);
        QVERIFY(fetched.wait(15000));
        QVERIFY(references.resolved(refs).isEmpty());
        references.fetch(m_client.get(), u"x"_s, refs);
        QVERIFY(fetched.wait(15000));
        QCOMPARE(fetched.size(), 2);
    }

    void findsReferrers()
    {
        items::SchemaReferences references;
        QSignalSpy found(&references, &items::SchemaReferences::referrersFound);
        references.findReferrers(m_client.get(), u"com.acme.Address"_s, 1);
        QVERIFY(found.wait(15000));
        const auto referrers = found.at(0).at(0).value<QList<registry::SubjectVersionRef>>();
        QCOMPARE(referrers.size(), 1);
        QCOMPARE(referrers.at(0).subject, u"customers-value"_s);
        QCOMPARE(referrers.at(0).version, 1);
        QVERIFY(found.at(0).at(1).toString().isEmpty());

        found.clear();
        references.findReferrers(m_client.get(), u"customers-value"_s, 1);
        QVERIFY(found.wait(15000));
        QVERIFY(found.at(0).at(0).value<QList<registry::SubjectVersionRef>>().isEmpty()); // nobody

        found.clear();
        references.findReferrers(m_client.get(), u"missing"_s, 1);
        QVERIFY(found.wait(15000));
        QVERIFY(!found.at(0).at(1).toString().isEmpty());
    }

    void newerQuestionDropsTheOlder()
    {
        m_sandbox.faults()->addRule(sandbox::FaultRule::latency(150));
        items::SchemaReferences references;
        QSignalSpy found(&references, &items::SchemaReferences::referrersFound);
        references.findReferrers(m_client.get(), u"com.acme.Address"_s, 1);
        references.findReferrers(m_client.get(), u"customers-value"_s, 1);
        QVERIFY(found.wait(15000));
        QTest::qWait(400);
        QCOMPARE(found.size(), 1);
        QVERIFY(found.at(0).at(0).value<QList<registry::SubjectVersionRef>>().isEmpty());

        references.findReferrers(m_client.get(), u"com.acme.Address"_s, 1);
        references.cancelReferrers();
        QTest::qWait(400);
        QCOMPARE(found.size(), 1);
    }

private:
    sandbox::SandboxServer m_sandbox;
    std::unique_ptr<registry::RegistryClient> m_client;
};

QTEST_GUILESS_MAIN(TestSchemaReferences)
#include "tst_schemareferences.moc"
