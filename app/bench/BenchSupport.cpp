#include "BenchSupport.h"

// PASS/MISS.
#include "diff/LoadedSnapshot.h"
#include "diff/MirrorComparator.h"
#include "diff/SubjectMapping.h"
#include "diff/TextDiffer.h"
#include "items/RegistryTreeModel.h"
#include "items/RegistryWorkspace.h"
#include "registry/BulkLoader.h"
#include "registry/HttpLog.h"
#include "registry/RegistryClient.h"
#include "registry/Transport.h"
#include "sandboxserver/LargeRegistry.h"
#include "search/IncrementalSearch.h"
#include "search/SchemaSearch.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeView>
#include <QUrlQuery>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

using namespace Qt::StringLiterals;

namespace sd::bench {

// ---------------------------------------------------------------------------------------------------
// Shared helpers

void out(const QString &text)
{
    std::printf("%s\n", qPrintable(text));
    std::fflush(stdout);
}

// Children report figures to the parent as "@fig key value".
void figure(const QString &key, double value)
{
    out(u"@fig "_s + key + u' ' + QString::number(value, 'f', 3));
}

double peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

double currentRssMiB()
{
    QFile statm(u"/proc/self/statm"_s);
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLong() * 4096.0 / (1024 * 1024) : -1;
}

double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

// `path` is percent-encoded already where needed.
QUrl endpoint(const QUrl &base, const QString &path, const QList<std::pair<QString, QString>> &query)
{
    QUrl url =
        QUrl::fromEncoded(base.toEncoded(QUrl::RemovePath | QUrl::StripTrailingSlash) + path.toLatin1());
    QUrlQuery q;
    for (const auto &[key, value] : query)
        q.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    url.setQuery(q);
    return url;
}

QByteArray get(QNetworkAccessManager &nam, const QUrl &url, int *requests)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/vnd.schemaregistry.v1+json");
    QNetworkReply *reply = nam.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    ++*requests;
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    return body;
}

QList<std::pair<QString, QString>> pageQuery(int page)
{
    return {{u"subjectPrefix"_s, u":*:"_s},
            {u"deleted"_s, u"true"_s},
            {u"offset"_s, QString::number(qint64(page) * 1000)},
            {u"limit"_s, u"1000"_s}};
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer guard;
    guard.start();
    while (!done()) {
        if (guard.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

registry::ConnectionProfile profileFor(const QUrl &url, const QString &name)
{
    sd::registry::ConnectionProfile profile;
    profile.name = name;
    profile.urls = {url};
    return profile;
}

} // namespace sd::bench
