// The HTTP log's table under QAbstractItemModelTester: rows appended, the oldest dropped when the ring
// is full, a clear, and the columns and roles the bottom dock reads.
#include "registry/HttpLog.h"
#include "registry/HttpLogModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::registry;

namespace {

HttpLogEntry entry(int status, const QString &path, const QString &error = {})
{
    HttpLogEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.connectionName = u"sandbox"_s;
    e.method = "GET";
    e.url = QUrl(u"http://127.0.0.1:8081"_s + path);
    e.status = status;
    e.durationMs = 12;
    e.responseSize = 2048;
    e.error = error;
    e.requestId = u"req-"_s + path;
    return e;
}

} // namespace

class TestHttpLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ringUnderTester()
    {
        HttpLog log(3);
        HttpLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(HttpLogModel::ColumnCount));
        for (int i = 1; i <= 5; ++i)
            log.append(entry(200, u"/subjects/%1"_s.arg(i)));
        QCOMPARE(model.rowCount(), 3);
        // The two oldest were dropped: the first row is the third request.
        QCOMPARE(model.index(0, HttpLogModel::Url).data().toString(), u"http://127.0.0.1:8081/subjects/3"_s);
        QCOMPARE(model.index(2, HttpLogModel::Time).data(HttpLogModel::RequestIdRole),
                 QVariant(u"req-/subjects/5"_s));
        log.clear();
        QCOMPARE(model.rowCount(), 0);
        log.append(entry(0, u"/config"_s, u"connection refused"_s));
        QCOMPARE(model.rowCount(), 1);
    }

    void columnsAndRoles()
    {
        HttpLog log(10);
        HttpLogModel model(&log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        log.append(entry(404, u"/subjects/x/versions"_s, u"HTTP 404"_s));
        log.append(entry(0, u"/config"_s, u"connection refused"_s));
        QCOMPARE(model.headerData(HttpLogModel::Url, Qt::Horizontal).toString(), u"URL"_s);
        QCOMPARE(model.headerData(HttpLogModel::Duration, Qt::Horizontal).toString(), u"ms"_s);
        QVERIFY(!model.headerData(HttpLogModel::ColumnCount, Qt::Horizontal).isValid());
        QVERIFY(!model.headerData(0, Qt::Vertical).isValid());
        QCOMPARE(model.index(0, HttpLogModel::Status).data().toInt(), 404);
        QCOMPARE(model.index(1, HttpLogModel::Status).data().toString(), u"—"_s);
        QCOMPARE(model.index(0, HttpLogModel::Method).data().toString(), u"GET"_s);
        QVERIFY(model.index(1, HttpLogModel::Time).data(HttpLogModel::FailedRole).toBool());
        QCOMPARE(model.index(1, HttpLogModel::Error).data(Qt::ToolTipRole).toString(),
                 u"connection refused"_s);
        QVERIFY(model.curlForRow(0).contains(u"/subjects/x/versions"_s));
        QVERIFY(model.curlForRow(2).isEmpty());
    }

    void logGoneMeansNoRows()
    {
        auto *log = new HttpLog(5);
        HttpLogModel model(log);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        log->append(entry(200, u"/"_s));
        QCOMPARE(model.rowCount(), 1);
        log->clear();
        delete log;
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.curlForRow(0), QString());
    }
};

QTEST_GUILESS_MAIN(TestHttpLogModel)
#include "tst_httplogmodel.moc"
