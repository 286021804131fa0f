#pragma once

// What every role of bench_scale shares: printing figures, memory readings, a GUI stall meter and
// plain HTTP helpers.

#include "registry/ConnectionProfile.h"

#include <functional>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <utility>

namespace sd::bench {

using Figures = QHash<QString, double>;

void out(const QString &text);
// A figure for the parent: one "@fig KEY VALUE" line on standard output.
void figure(const QString &key, double value);
double peakRssMiB();
double currentRssMiB();
double median(QList<double> values);

// The longest gap between ticks of a 1 ms timer: how long the GUI thread was busy at once.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_longest = std::max(m_longest, now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_longest = 0;
        m_timer.start();
    }
    double stop()
    {
        m_timer.stop();
        return m_longest / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longest = 0;
};

// `path` is percent-encoded already where needed.
QUrl endpoint(const QUrl &base, const QString &path, const QList<std::pair<QString, QString>> &query = {});
QByteArray get(QNetworkAccessManager &nam, const QUrl &url, int *requests);
QList<std::pair<QString, QString>> pageQuery(int page);
bool waitFor(const std::function<bool()> &done, int timeoutMs);
registry::ConnectionProfile profileFor(const QUrl &url, const QString &name);

} // namespace sd::bench
