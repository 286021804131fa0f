// SigV4Signer against AWS's published Signature Version 4 test suite and worked examples.
#include "glue/SigV4Signer.h"

#include <QTest>

using namespace Qt::StringLiterals;
using sd::glue::AwsCredentials;
using sd::glue::HeaderList;
using sd::glue::SigV4Request;
using sd::glue::SigV4Signer;

namespace {
// The suite's credentials, scope and instant:
// https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html
const AwsCredentials suiteKeys{u"AKIDEXAMPLE"_s, u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s, {}};
const QDateTime suiteTime(QDate(2015, 8, 30), QTime(12, 36), QTimeZone::UTC);
// The suite's post-sts-token session token.
const QString suiteToken =
    u"AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="_s;
const QByteArray emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
} // namespace

class tst_SigV4Signer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void suite_data();
    void suite();
    void vanillaSteps();
    void iamWorkedExample();
    void signingKeyExample();
    void sessionTokenAndContentHash();
    void hostCarriesOnlyAnOtherPort();
};

void tst_SigV4Signer::suite_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("sessionToken");
    QTest::addColumn<QByteArray>("signedHeaders");
    QTest::addColumn<QByteArray>("signature");

    // Each row: a case of the suite (its .req as input, its .authz as the expected result).
    const QString host = u"https://example.amazonaws.com"_s;
    const QByteArray plain = "host;x-amz-date";
    const QByteArray vanilla = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    const QByteArray myHeader = "host;my-header1;x-amz-date";
    const QByteArray form = "content-type;host;x-amz-date";
    const QString unreserved = u"-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"_s;
    auto row = [](const char *name) -> QTestData & { return QTest::newRow(name); };
    row("get-vanilla") << QByteArray("GET") << host + u'/' << HeaderList{} << QByteArray() << false << plain
                       << vanilla;
    row("get-vanilla-query") << QByteArray("GET") << host + u"/?Param1=value1"_s << HeaderList{}
                             << QByteArray() << false << plain
                             << QByteArray(
                                    "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb");
    row("get-vanilla-query-order-key-case")
        << QByteArray("GET") << host + u"/?Param2=value2&Param1=value1"_s << HeaderList{} << QByteArray()
        << false << plain << QByteArray("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    row("get-vanilla-query-order-key")
        << QByteArray("GET") << host + u"/?Param1=value2&Param1=value1"_s << HeaderList{} << QByteArray()
        << false << plain << QByteArray("5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694");
    row("get-vanilla-query-order-value")
        << QByteArray("GET") << host + u"/?Param1=value2&Param1=Value1"_s << HeaderList{} << QByteArray()
        << false << plain << QByteArray("eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1");
    row("get-vanilla-query-unreserved")
        << QByteArray("GET") << host + u"/?"_s + unreserved + u'=' + unreserved << HeaderList{}
        << QByteArray() << false << plain
        << QByteArray("9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197");
    row("get-vanilla-utf8-query") << QByteArray("GET") << host + u"/?%E1%88%B4=bar"_s << HeaderList{}
                                  << QByteArray() << false << plain
                                  << QByteArray(
                                         "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04");
    row("get-unreserved") << QByteArray("GET") << host + u'/' + unreserved << HeaderList{} << QByteArray()
                          << false << plain
                          << QByteArray("07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f");
    row("get-relative") << QByteArray("GET") << host + u"/example/.."_s << HeaderList{} << QByteArray()
                        << false << plain << vanilla;
    row("get-relative-relative") << QByteArray("GET") << host + u"/example1/example2/../.."_s << HeaderList{}
                                 << QByteArray() << false << plain << vanilla;
    row("get-slash-dot-slash") << QByteArray("GET") << host + u"/./"_s << HeaderList{} << QByteArray()
                               << false << plain << vanilla;
    row("get-slash-pointless-dot") << QByteArray("GET") << host + u"/./example"_s << HeaderList{}
                                   << QByteArray() << false << plain
                                   << QByteArray(
                                          "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5");
    row("get-slashes") << QByteArray("GET") << host + u"//example//"_s << HeaderList{} << QByteArray()
                       << false << plain
                       << QByteArray("9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84");
    row("get-header-value-trim") << QByteArray("GET") << host + u'/'
                                 << HeaderList{{"My-Header1", " value1"}, {"My-Header2", " \"a   b   c\""}}
                                 << QByteArray() << false
                                 << QByteArray("host;my-header1;my-header2;x-amz-date")
                                 << QByteArray(
                                        "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
    row("get-header-key-duplicate")
        << QByteArray("GET") << host + u'/'
        << HeaderList{{"My-Header1", "value2"}, {"My-Header1", "value2"}, {"My-Header1", "value1"}}
        << QByteArray() << false << myHeader
        << QByteArray("c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea");
    row("get-header-value-order") << QByteArray("GET") << host + u'/'
                                  << HeaderList{{"My-Header1", "value4"},
                                                {"My-Header1", "value1"},
                                                {"My-Header1", "value3"},
                                                {"My-Header1", "value2"}}
                                  << QByteArray() << false << myHeader
                                  << QByteArray(
                                         "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01");
    row("post-vanilla") << QByteArray("POST") << host + u'/' << HeaderList{} << QByteArray() << false << plain
                        << QByteArray("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    row("post-vanilla-query") << QByteArray("POST") << host + u"/?Param1=value1"_s << HeaderList{}
                              << QByteArray() << false << plain
                              << QByteArray(
                                     "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11");
    row("post-header-key-sort") << QByteArray("POST") << host + u'/' << HeaderList{{"My-Header1", "value1"}}
                                << QByteArray() << false << myHeader
                                << QByteArray(
                                       "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c");
    row("post-header-value-case") << QByteArray("POST") << host + u'/' << HeaderList{{"My-Header1", "VALUE1"}}
                                  << QByteArray() << false << myHeader
                                  << QByteArray(
                                         "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d");
    row("post-x-www-form-urlencoded")
        << QByteArray("POST") << host + u'/'
        << HeaderList{{"Content-Type", "application/x-www-form-urlencoded"}} << QByteArray("Param1=value1")
        << false << form << QByteArray("ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
    row("post-x-www-form-urlencoded-parameters")
        << QByteArray("POST") << host + u'/'
        << HeaderList{{"Content-Type", "application/x-www-form-urlencoded; charset=utf8"}}
        << QByteArray("Param1=value1") << false << form
        << QByteArray("1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe");
    row("post-sts-header-before") << QByteArray("POST") << host + u'/' << HeaderList{} << QByteArray() << true
                                  << QByteArray("host;x-amz-date;x-amz-security-token")
                                  << QByteArray(
                                         "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead");
}

void tst_SigV4Signer::suite()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, url);
    QFETCH(HeaderList, headers);
    QFETCH(QByteArray, body);
    QFETCH(bool, sessionToken);
    QFETCH(QByteArray, signedHeaders);
    QFETCH(QByteArray, signature);

    AwsCredentials keys = suiteKeys;
    if (sessionToken)
        keys.sessionToken = suiteToken;
    const SigV4Signer signer(keys, u"us-east-1"_s, u"service"_s);
    const auto signedRequest = signer.sign({method, QUrl(url), headers, body}, suiteTime);
    QCOMPARE(signedRequest.signedHeaders, signedHeaders);
    QCOMPARE(signedRequest.signature, signature);
    QCOMPARE(
        signedRequest.authorization,
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=" +
            signedHeaders + ", Signature=" + signature);
}

void tst_SigV4Signer::vanillaSteps()
{
    // get-vanilla's .creq and .sts, step by step.
    const SigV4Signer signer(suiteKeys, u"us-east-1"_s, u"service"_s);
    const auto result = signer.sign({"GET", QUrl(u"https://example.amazonaws.com/"_s), {}, {}}, suiteTime);
    QCOMPARE(result.canonicalRequest, "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                                      "host;x-amz-date\n" +
                                          emptyHash);
    QCOMPARE(result.stringToSign,
             "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" +
                 SigV4Signer::hexSha256(result.canonicalRequest));
    QCOMPARE(result.headersToAdd.constFirst(),
             (QPair<QByteArray, QByteArray>("X-Amz-Date", "20150830T123600Z")));
    QCOMPARE(result.headersToAdd.constLast().first, QByteArray("Authorization"));
}

void tst_SigV4Signer::iamWorkedExample()
{
    // The worked example of AWS's documentation (IAM ListUsers):
    // https://docs.aws.amazon.com/general/latest/gr/sigv4-create-canonical-request.html and the pages after
    // it.
    const SigV4Signer signer(suiteKeys, u"us-east-1"_s, u"iam"_s);
    const auto result =
        signer.sign({"GET",
                     QUrl(u"https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"_s),
                     {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}},
                     {}},
                    suiteTime);
    QCOMPARE(result.canonicalRequest,
             "GET\n/\nAction=ListUsers&Version=2010-05-08\ncontent-type:application/x-www-form-urlencoded; "
             "charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-"
             "date\n" +
                 emptyHash);
    QCOMPARE(SigV4Signer::hexSha256(result.canonicalRequest),
             QByteArray("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"));
    QCOMPARE(SigV4Signer::signingKey(suiteKeys.secretAccessKey, "20150830", u"us-east-1"_s, u"iam"_s).toHex(),
             QByteArray("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"));
    QCOMPARE(result.signature,
             QByteArray("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"));
}

void tst_SigV4Signer::signingKeyExample()
{
    // "Examples of how to derive a signing key":
    // https://docs.aws.amazon.com/general/latest/gr/signature-v4-examples.html
    QCOMPARE(SigV4Signer::signingKey(u"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"_s, "20120215",
                                     u"us-east-1"_s, u"iam"_s)
                 .toHex(),
             QByteArray("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"));
}

void tst_SigV4Signer::sessionTokenAndContentHash()
{
    AwsCredentials keys = suiteKeys;
    keys.sessionToken = u"token"_s;
    const SigV4Signer signer(keys, u"eu-west-1"_s, u"glue"_s);
    const auto result = signer.sign({"POST",
                                     QUrl(u"https://glue.eu-west-1.amazonaws.com/"_s),
                                     {{"X-Amz-Target", "AWSGlue.ListRegistries"}},
                                     "{}"},
                                    suiteTime, true);
    QCOMPARE(result.signedHeaders, QByteArray("host;x-amz-content-sha256;x-amz-date;x-amz-security-token;"
                                              "x-amz-target"));
    QVERIFY(result.headersToAdd.contains(QPair<QByteArray, QByteArray>("X-Amz-Security-Token", "token")));
    QVERIFY(result.headersToAdd.contains(
        QPair<QByteArray, QByteArray>("X-Amz-Content-Sha256", SigV4Signer::hexSha256("{}"))));
    QVERIFY(result.authorization.contains("/20150830/eu-west-1/glue/aws4_request"));
}

void tst_SigV4Signer::hostCarriesOnlyAnOtherPort()
{
    QCOMPARE(SigV4Signer::hostHeader(QUrl(u"https://example.amazonaws.com:443/"_s)), "example.amazonaws.com");
    QCOMPARE(SigV4Signer::hostHeader(QUrl(u"http://127.0.0.1:5000/"_s)), "127.0.0.1:5000");
    QCOMPARE(SigV4Signer::hostHeader(QUrl(u"http://[::1]:5000/"_s)), "[::1]:5000");
    QCOMPARE(SigV4Signer::canonicalUri(QUrl(u"https://h/a%20b/"_s)), "/a%20b/");
}

QTEST_GUILESS_MAIN(tst_SigV4Signer)
#include "tst_sigv4signer.moc"
