// AwsCredentialResolver: the connection's keys, the environment and the shared profile files, in the
// order the AWS CLI uses, with temporary files for ~/.aws.
#include "glue/AwsCredentials.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using sd::glue::AwsCredentialResolver;
using sd::glue::AwsCredentials;
using sd::glue::AwsEnvironment;

class tst_AwsCredentials : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void explicitKeysWin();
    void environmentVariables();
    void defaultProfileFromCredentialsFile();
    void namedProfileFromConfigFile();
    void awsProfileVariableAndFileOverrides();
    void profileAskedSkipsEnvironment();
    void regionOrder();
    void unsupportedProfileSaysWhy();
    void nothingFound();
    void iniParsing();

private:
    void write(const QString &relative, const QByteArray &text);
    AwsEnvironment environment() const;

    std::unique_ptr<QTemporaryDir> m_home;
};

void tst_AwsCredentials::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
    QVERIFY(QDir(m_home->path()).mkpath(u".aws"_s));
}

void tst_AwsCredentials::write(const QString &relative, const QByteArray &text)
{
    QFile file(m_home->filePath(relative));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

AwsEnvironment tst_AwsCredentials::environment() const
{
    return {{}, m_home->path()};
}

void tst_AwsCredentials::explicitKeysWin()
{
    AwsEnvironment env = environment();
    env.variables.insert(u"AWS_ACCESS_KEY_ID"_s, u"ENVKEY"_s);
    env.variables.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    const auto resolved =
        AwsCredentialResolver::resolve({{u"KEYCHAIN"_s, u"secret"_s, {}}, {}, u"eu-central-1"_s}, env);
    QVERIFY(resolved.ok());
    QCOMPARE(resolved.credentials.accessKeyId, u"KEYCHAIN"_s);
    QCOMPARE(resolved.region, u"eu-central-1"_s);
    QCOMPARE(resolved.credentialsSource, u"the connection's own keys"_s);
}

void tst_AwsCredentials::environmentVariables()
{
    write(u".aws/credentials"_s,
          "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n");
    AwsEnvironment env = environment();
    env.variables.insert(u"AWS_ACCESS_KEY_ID"_s, u"ENVKEY"_s);
    env.variables.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    env.variables.insert(u"AWS_SESSION_TOKEN"_s, u"envtoken"_s);
    env.variables.insert(u"AWS_REGION"_s, u"ap-south-1"_s);
    const auto resolved = AwsCredentialResolver::resolve({}, env);
    QVERIFY(resolved.ok());
    QCOMPARE(resolved.credentials, (AwsCredentials{u"ENVKEY"_s, u"envsecret"_s, u"envtoken"_s}));
    QCOMPARE(resolved.region, u"ap-south-1"_s);
    QVERIFY(resolved.credentialsSource.contains(u"environment"_s));
}

void tst_AwsCredentials::defaultProfileFromCredentialsFile()
{
    write(u".aws/credentials"_s, "# keys\n[default]\naws_access_key_id=AKIADEFAULT\n"
                                 "aws_secret_access_key = s3cr3t/with+chars ; old key below\n"
                                 "[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other\n");
    write(u".aws/config"_s, "[default]\nregion = eu-west-1\noutput = json\n");
    const auto resolved = AwsCredentialResolver::resolve({}, environment());
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials, (AwsCredentials{u"AKIADEFAULT"_s, u"s3cr3t/with+chars"_s, {}}));
    QCOMPARE(resolved.profile, u"default"_s);
    QCOMPARE(resolved.region, u"eu-west-1"_s);
    QVERIFY(resolved.credentialsSource.contains(u"profile 'default'"_s));
    QVERIFY(resolved.regionSource.contains(u".aws/config"_s));
}

void tst_AwsCredentials::namedProfileFromConfigFile()
{
    // Keys may live in the config file too, under [profile name].
    write(u".aws/config"_s, "[profile dev]\nregion = us-west-2\naws_access_key_id = AKIADEV\n"
                            "aws_secret_access_key = devsecret\naws_session_token = devtoken\n"
                            "[dev]\naws_access_key_id = WRONG\naws_secret_access_key = wrong\n");
    const auto resolved = AwsCredentialResolver::resolve({{}, u"dev"_s, {}}, environment());
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.credentials, (AwsCredentials{u"AKIADEV"_s, u"devsecret"_s, u"devtoken"_s}));
    QCOMPARE(resolved.region, u"us-west-2"_s);
}

void tst_AwsCredentials::awsProfileVariableAndFileOverrides()
{
    write(u"elsewhere-credentials"_s, "[ci]\naws_access_key_id = AKIACI\naws_secret_access_key = cisecret\n");
    write(u"elsewhere-config"_s, "[profile ci]\nregion = sa-east-1\n");
    write(u".aws/credentials"_s, "[ci]\naws_access_key_id = NOTTHIS\naws_secret_access_key = notthis\n");
    AwsEnvironment env = environment();
    env.variables.insert(u"AWS_PROFILE"_s, u"ci"_s);
    env.variables.insert(u"AWS_SHARED_CREDENTIALS_FILE"_s, m_home->filePath(u"elsewhere-credentials"_s));
    env.variables.insert(u"AWS_CONFIG_FILE"_s, u"~/elsewhere-config"_s);
    const auto resolved = AwsCredentialResolver::resolve({}, env);
    QVERIFY2(resolved.ok(), qPrintable(resolved.error));
    QCOMPARE(resolved.profile, u"ci"_s);
    QCOMPARE(resolved.credentials.accessKeyId, u"AKIACI"_s);
    QCOMPARE(resolved.region, u"sa-east-1"_s);
}

void tst_AwsCredentials::profileAskedSkipsEnvironment()
{
    write(u".aws/credentials"_s, "[prod]\naws_access_key_id = AKIAPROD\naws_secret_access_key = prod\n");
    AwsEnvironment env = environment();
    env.variables.insert(u"AWS_ACCESS_KEY_ID"_s, u"ENVKEY"_s);
    env.variables.insert(u"AWS_SECRET_ACCESS_KEY"_s, u"envsecret"_s);
    const auto resolved = AwsCredentialResolver::resolve({{}, u"prod"_s, {}}, env);
    QCOMPARE(resolved.credentials.accessKeyId, u"AKIAPROD"_s);
}

void tst_AwsCredentials::regionOrder()
{
    write(u".aws/config"_s, "[default]\nregion = eu-west-1\n");
    AwsEnvironment env = environment();
    QCOMPARE(AwsCredentialResolver::resolve({}, env).region, u"eu-west-1"_s);
    env.variables.insert(u"AWS_DEFAULT_REGION"_s, u"us-east-2"_s);
    QCOMPARE(AwsCredentialResolver::resolve({}, env).region, u"us-east-2"_s);
    env.variables.insert(u"AWS_REGION"_s, u"ca-central-1"_s);
    QCOMPARE(AwsCredentialResolver::resolve({}, env).region, u"ca-central-1"_s);
    QCOMPARE(AwsCredentialResolver::resolve({{}, {}, u"me-south-1"_s}, env).region, u"me-south-1"_s);
}

void tst_AwsCredentials::unsupportedProfileSaysWhy()
{
    write(u".aws/config"_s, "[profile sso]\nsso_session = corp\nregion = eu-west-1\n");
    const auto resolved = AwsCredentialResolver::resolve({{}, u"sso"_s, {}}, environment());
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(u"sso_session"_s), qPrintable(resolved.error));
    QVERIFY(resolved.error.contains(u"export-credentials"_s));
}

void tst_AwsCredentials::nothingFound()
{
    auto resolved = AwsCredentialResolver::resolve({}, environment());
    QVERIFY(!resolved.ok());
    QVERIFY2(resolved.error.contains(u"AWS_ACCESS_KEY_ID"_s), qPrintable(resolved.error));
    resolved = AwsCredentialResolver::resolve({{}, u"missing"_s, {}}, environment());
    QVERIFY(resolved.error.contains(u"'missing'"_s));
}

void tst_AwsCredentials::iniParsing()
{
    const auto sections = AwsCredentialResolver::parseIni("stray = line\n[ a ]\nKey = v # note\n"
                                                          "weird#key = x#y\n[profile  b]\n; comment\n"
                                                          "s3 =\n  max_concurrent_requests = 20\n");
    QCOMPARE(sections.value(u"a"_s).value(u"key"_s), u"v"_s);
    QCOMPARE(sections.value(u"a"_s).value(u"weird#key"_s), u"x#y"_s);
    QVERIFY(sections.contains(u"profile b"_s));
    QVERIFY(!sections.contains(QString()));
}

QTEST_GUILESS_MAIN(tst_AwsCredentials)
#include "tst_awscredentials.moc"
