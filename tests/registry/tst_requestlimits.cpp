// Every request ends, and says why in words: the rules of RequestJob, the listing parsers and the bulk
// loader against MisbehavingRegistry on loopback — Retry-After parsing and clamping, redirects, HTML
// instead of JSON, bodies cut short, wrong shapes, the size cap, the absolute deadline, the bounded
// queue, duplicate names, and paging that stops.
#include "registry/BulkLoader.h"
#include "registry/RegistryClient.h"
#include "registry/Transport.h"
#include "RegistryTestSupport.h"
#include "sandboxserver/MisbehavingRegistry.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace sd::registry;
using namespace sd::registry::test;
using sd::sandbox::MisbehavingRegistry;
using Behaviour = MisbehavingRegistry::Behaviour;

namespace {

ConnectionProfile profileFor(const MisbehavingRegistry &server)
{
    ConnectionProfile p;
    p.name = u"misbehaving"_s;
    p.urls = {server.url()};
    p.requestTimeoutMs = 5000;
    return p;
}

using Adjust = std::function<void(ConnectionProfile &)>;

// The subject list of a registry behaving as `behaviour`, read through the client; elapsed in *ms.
Result<QStringList> listSubjects(Behaviour behaviour, qint64 *ms = nullptr, const Adjust &adjust = Adjust())
{
    MisbehavingRegistry server(behaviour);
    if (!server.listen())
        return Result<QStringList>::failure(ApiError::make(ErrorKind::Network, u"no listen"_s));
    ConnectionProfile p = profileFor(server);
    if (adjust)
        adjust(p);
    RegistryClient client(p, {});
    client.transport()->setRetryBaseDelayMs(10);
    QElapsedTimer timer;
    timer.start();
    SubjectQuery query;
    query.subjectPrefix = u":*:"_s;
    auto r = await<QStringList>([&](auto cb) { client.listSubjects(query, nullptr, cb); }, 30000);
    if (ms)
        *ms = timer.elapsed();
    return r ? *r : Result<QStringList>::failure(ApiError::make(ErrorKind::Network, u"no answer"_s));
}

} // namespace

// The peak resident memory of this process so far (VmHWM), in KiB; 0 when unknown.
static qint64 peakResidentKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

class TestRequestLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // First, while this process's peak is still low: an endless body at loopback speed with the default
    // 96 MiB cap is refused; the peak memory on the way is printed.
    void endlessBodyAtTheDefaultCapIsRefused()
    {
        const qint64 before = peakResidentKiB();
        QVERIFY(before > 0);
        const auto r = listSubjects(Behaviour::EndlessBody);
        QVERIFY(!r.ok());
        QCOMPARE(r.error.kind, ErrorKind::Limit);
        const qint64 grownMiB = (peakResidentKiB() - before) / 1024;
        qInfo() << "peak grew by" << grownMiB << "MiB for a 96 MiB cap";
        // The pieces held up to the cap, Qt's 4 MiB read-ahead and the allocator's slack: 109-117 MiB
        // measured, also at a load average of 11. Before the read-ahead limit reached Qt's network thread
        // (a GET sent with an empty body never had it), a loaded machine grew by GiBs here.
#if !defined(__SANITIZE_ADDRESS__)
        QVERIFY2(grownMiB < 96 + 48, QByteArray::number(grownMiB).constData());
#endif
    }

    void retryAfterParsing_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("expected"); // -1 = not a Retry-After (back off as usual)
        const QDateTime now(QDate(2026, 12, 2), QTime(12, 0), QTimeZone::UTC);
        const auto date = [](const QDateTime &when) {
            return QLocale::c().toString(when, u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s).toLatin1();
        };
        QTest::newRow("seconds") << QByteArray("5") << qint64(5000);
        QTest::newRow("zero") << QByteArray("0") << qint64(0);
        QTest::newRow("spaces") << QByteArray(" 7 ") << qint64(7000);
        QTest::newRow("past 2^31/1000 s (was an int overflow)")
            << QByteArray("2147484") << RequestJob::maxRetryAfterMs;
        QTest::newRow("an hour") << QByteArray("3600") << qint64(3600000);
        QTest::newRow("clamped at a day") << QByteArray("90000") << RequestJob::maxRetryAfterMs;
        QTest::newRow("past 2^63") << QByteArray("99999999999999999999999999") << RequestJob::maxRetryAfterMs;
        QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
        QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
        QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
        QTest::newRow("empty") << QByteArray() << qint64(-1);
        QTest::newRow("HTTP-date ahead") << date(now.addSecs(10)) << qint64(10000);
        QTest::newRow("HTTP-date past") << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << qint64(0);
        QTest::newRow("HTTP-date far ahead") << date(now.addYears(300)) << RequestJob::maxRetryAfterMs;
        QTest::newRow("broken date") << QByteArray("Wed, 99 Foo 2015 77:28:00 GMT") << qint64(-1);
    }

    void retryAfterParsing()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, expected);
        const QDateTime now(QDate(2026, 12, 2), QTime(12, 0), QTimeZone::UTC);
        const std::optional<qint64> parsed = RequestJob::parseRetryAfter(value, now);
        QCOMPARE(parsed.value_or(-1), expected);
    }

    void hugeRetryAfterIsReportedAtOnce()
    {
        qint64 ms = 0;
        const auto r = listSubjects(Behaviour::HugeRetryAfter, &ms);
        QVERIFY(!r.ok());
        QCOMPARE(r.error.httpStatus, 429);
        QVERIFY2(r.error.explanation.contains(u"more than a day"_s), qPrintable(r.error.explanation));
        QVERIFY2(ms < 2000, QByteArray::number(ms).constData());
    }

    void serverErrorStormIsRetriedThenReported()
    {
        qint64 ms = 0;
        const auto r = listSubjects(Behaviour::ServerErrorStorm, &ms);
        QVERIFY(!r.ok());
        QCOMPARE(r.error.httpStatus, 503);
        // Retry-After: 1, three retries.
        QVERIFY2(ms >= 2900 && ms < 10000, QByteArray::number(ms).constData());
    }

    void redirectIsAnErrorNamingLocation()
    {
        const auto r = listSubjects(Behaviour::RedirectLoop);
        QVERIFY(!r.ok());
        QCOMPARE(r.error.httpStatus, 302);
        QVERIFY2(r.error.serverMessage.startsWith(u"Redirected to http://127.0.0.1:"_s),
                 qPrintable(r.error.serverMessage));
        QVERIFY2(r.error.serverMessage.contains(u"/subjects?subjectPrefix="_s),
                 qPrintable(r.error.serverMessage));
        QVERIFY(r.error.explanation.contains(u"not followed"_s));
    }

    void failuresSaidInWords_data()
    {
        QTest::addColumn<Behaviour>("behaviour");
        QTest::addColumn<QString>("words");
        QTest::newRow("html") << Behaviour::HtmlLoginPage
                              << u"The registry answered HTML, not JSON — probably a proxy's login page "
                                 u"(first "
                                 u"line: <!DOCTYPE html>)"_s;
        QTest::newRow("truncated") << Behaviour::TruncatedBody << u"ended after 25 of 100,000 bytes"_s;
        QTest::newRow("object") << Behaviour::WrongShape
                                << u"The subject list is not a list of names (got an object)"_s;
        QTest::newRow("numbers") << Behaviour::NumbersForNames
                                 << u"The subject list holds a number where a name belongs (entry 1 of 3)"_s;
        QTest::newRow("null") << Behaviour::NullNames
                              << u"The subject list holds null where a name belongs (entry 2 of 2)"_s;
        QTest::newRow("deep") << Behaviour::DeepNesting << u"nests arrays or objects too deeply"_s;
        QTest::newRow("empty") << Behaviour::EmptyBody << u"an empty body where JSON was expected"_s;
        QTest::newRow("broken") << Behaviour::BrokenJson << u"not valid JSON"_s;
    }

    void failuresSaidInWords()
    {
        QFETCH(Behaviour, behaviour);
        QFETCH(QString, words);
        qint64 ms = 0;
        const auto r = listSubjects(behaviour, &ms);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.toDisplayString().contains(words), qPrintable(r.error.toDisplayString()));
        QVERIFY2(ms < 3000, QByteArray::number(ms).constData());
    }

    void declaredOversizedAnswerIsRefusedAtItsHeader()
    {
        qint64 ms = 0;
        const auto r = listSubjects(Behaviour::OversizedAnswer, &ms);
        QVERIFY(!r.ok());
        QCOMPARE(r.error.kind, ErrorKind::Limit);
        QVERIFY2(r.error.serverMessage.contains(
                     u"declared as 190.7 MiB, more than this connection's limit of 96.0 MiB"_s),
                 qPrintable(r.error.serverMessage));
        QVERIFY(r.error.explanation.contains(u"maxResponseBytes"_s));
        QVERIFY2(ms < 2000, QByteArray::number(ms).constData());
    }

    void endlessBodyStopsAtTheCap()
    {
        const auto r = listSubjects(Behaviour::EndlessBody, nullptr,
                                    [](ConnectionProfile &p) { p.maxResponseBytes = 4 * 1024 * 1024; });
        QVERIFY(!r.ok());
        QCOMPARE(r.error.kind, ErrorKind::Limit);
        QVERIFY2(r.error.serverMessage.contains(u"is at least "_s) &&
                     r.error.serverMessage.contains(u"more than this connection's limit of 4.0 MiB"_s),
                 qPrintable(r.error.serverMessage));
    }

    void slowDripEndsAtTheDeadline()
    {
        qint64 ms = 0;
        const auto r = listSubjects(Behaviour::SlowDrip, &ms, [](ConnectionProfile &p) {
            p.requestTimeoutMs = 1000; // a byte every 100 ms keeps this one from ever firing
            p.requestDeadlineMs = 1500;
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error.kind, ErrorKind::Timeout);
        QVERIFY2(r.error.serverMessage.contains(u"within the 1.5 s deadline"_s),
                 qPrintable(r.error.serverMessage));
        QVERIFY2(ms >= 1400 && ms < 3000, QByteArray::number(ms).constData());
    }

    void deadlineCoversRetries()
    {
        qint64 ms = 0;
        const auto r = listSubjects(Behaviour::NeverAnswers, &ms, [](ConnectionProfile &p) {
            p.requestTimeoutMs = 500; // four attempts would take over 2 s
            p.requestDeadlineMs = 1200;
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error.kind, ErrorKind::Timeout);
        QVERIFY2(ms >= 1140 && ms < 1900, QByteArray::number(ms).constData());
    }

    void resetMidPageIsSaid()
    {
        MisbehavingRegistry server(Behaviour::ResetMidPage);
        QVERIFY(server.listen());
        RegistryClient client(profileFor(server), {});
        client.transport()->setRetryBaseDelayMs(10);
        RequestSpec spec =
            RequestSpec::get({u"schemas"_s}, QUrlQuery{{u"offset"_s, u"0"_s}, {u"limit"_s, u"1000"_s}});
        auto r = await<QByteArray>([&](auto cb) { client.send(spec, this, cb); });
        QVERIFY(r && !r->ok());
        QVERIFY2(r->error.serverMessage.contains(u"ended after"_s), qPrintable(r->error.toDisplayString()));
        QVERIFY(r->value.isEmpty()); // the half page is never handed on
        QCOMPARE(server.requestCount(), 1 + client.profile().maxRetries);
    }

    void tlsFailureIsSaid()
    {
        const auto r = listSubjects(Behaviour::NotTls);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.kind == ErrorKind::Tls || r.error.kind == ErrorKind::Network,
                 qPrintable(r.error.toDisplayString()));
    }

    void queueIsBounded()
    {
        MisbehavingRegistry server(Behaviour::NeverAnswers);
        QVERIFY(server.listen());
        ConnectionProfile p = profileFor(server);
        p.maxConcurrentRequests = 1;
        p.maxQueuedRequests = 5;
        RegistryClient client(p, {});
        int refused = 0;
        QString words;
        for (int i = 0; i < 10; ++i) {
            client.listContexts(this, [&](const Result<QStringList> &r) {
                if (r.error.kind == ErrorKind::Limit) {
                    ++refused;
                    words = r.error.serverMessage;
                }
            });
        }
        QCOMPARE(client.transport()->activeCount(), 1);
        QCOMPARE(client.transport()->queuedCount(), 5);
        QTRY_COMPARE(refused, 4);
        QCOMPARE(words, u"5 requests are already waiting for this connection"_s);
        client.abortAll();
    }

    void duplicateNamesCollapse()
    {
        auto list = parse::nameList(R"(["b","a","b","a","c"])", u"The subject list"_s);
        QVERIFY(list.ok());
        QCOMPARE(list.value.names, (QStringList{u"a"_s, u"b"_s, u"c"_s}));
        QCOMPARE(list.value.duplicates, 2);
        list = parse::nameList(R"(["z","x","y"])", u"The subject list"_s); // unsorted, no repeats: as listed
        QCOMPARE(list.value.names, (QStringList{u"z"_s, u"x"_s, u"y"_s}));
        QCOMPARE(list.value.duplicates, 0);
        list = parse::nameList("[\"esc\\\"aped\",\"esc\\\"aped\"]", u"The subject list"_s); // the typed path
        QCOMPARE(list.value.names, QStringList{u"esc\"aped"_s});
        QCOMPARE(list.value.duplicates, 1);

        const auto r = listSubjects(Behaviour::TwoMillionNames);
        QVERIFY2(r.ok(), qPrintable(r.error.toDisplayString()));
        QCOMPARE(r.value, QStringList{u"dup-subject-value"_s});
    }

    void bulkPagingStops_data()
    {
        QTest::addColumn<Behaviour>("behaviour");
        QTest::addColumn<QString>("words");
        QTest::newRow("offset ignored") << Behaviour::PageIgnoresOffset << u"ignores offset"_s;
        QTest::newRow("limit ignored") << Behaviour::PageIgnoresLimit << u"ignores limit"_s;
        QTest::newRow("endless pages")
            << Behaviour::EndlessPages << u"run past what the subject list implies"_s;
    }

    void bulkPagingStops()
    {
        QFETCH(Behaviour, behaviour);
        QFETCH(QString, words);
        MisbehavingRegistry server(behaviour);
        QVERIFY(server.listen());
        RegistryClient client(profileFor(server), {});
        BulkLoader loader(&client);
        QSignalSpy finished(&loader, &BulkLoader::finished);
        loader.start();
        QVERIFY(finished.wait(20000));
        QVERIFY(loader.error().isError());
        QVERIFY2(loader.error().serverMessage.contains(words), qPrintable(loader.error().toDisplayString()));
        QVERIFY2(loader.requestCount() <= 14, QByteArray::number(loader.requestCount()).constData());
    }
};

QTEST_GUILESS_MAIN(TestRequestLimits)
#include "tst_requestlimits.moc"
