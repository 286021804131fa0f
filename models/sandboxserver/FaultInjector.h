#pragma once

#include "sandboxserver/HttpMessage.h"

#include <optional>
#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>

namespace sd::sandbox {

// One scripted fault. Spec syntax (command line `--fault SPEC`, FaultRule::parse):
//   KIND[,route=[METHOD ]PATTERN][,times=N][,body=TEXT]
// KIND is one of
//   latency=MS          delay the answer by MS milliseconds
//   error=STATUS        answer STATUS with body TEXT (default: {"error_code":STATUS,"message":...})
//   ratelimit=SECONDS   answer 429 with Retry-After: SECONDS
//   drop                close the connection without answering
// PATTERN is matched against the decoded path; '*' matches any run of characters (also '/').
// METHOD is optional (any method when left out). times=N limits the fault to N occurrences.
// body= must come last: everything after it, commas included, is the body.
// Examples: "latency=300", "error=503,route=GET /subjects*,times=2",
//           "ratelimit=7,times=1", "drop,route=POST /subjects/*/versions,times=1".
struct FaultRule
{
    enum class Kind {
        Latency,
        Error,
        RateLimit,
        Drop,
    };

    Kind kind = Kind::Error;
    QByteArray method;   // empty: any method
    QString pathPattern; // empty: every path
    int latencyMs = 0;
    int status = 500;
    QByteArray body;           // Error only; empty → a Schema Registry style error body
    int retryAfterSeconds = 1; // RateLimit only
    int remaining = -1;        // occurrences left; -1 = unlimited

    bool matches(QByteArrayView requestMethod, const QString &path) const;
    QString toString() const;

    static std::optional<FaultRule> parse(const QString &spec, QString *error);
    static FaultRule latency(int ms, const QString &route = {}, int times = -1);
    static FaultRule errorStatus(int status, const QString &route = {}, int times = -1,
                                 const QByteArray &body = {});
    static FaultRule rateLimit(int retryAfterSeconds, const QString &route = {}, int times = -1);
    static FaultRule drop(const QString &route = {}, int times = -1);
};

// What the injector decided for one request.
struct FaultDecision
{
    int latencyMs = 0;
    bool drop = false;
    std::optional<HttpResponse> response; // replaces the handler's answer
};

// Thread-safe list of fault rules consulted by HttpServer before each request is handled.
// Latency rules add up; the first matching error, rate-limit or drop rule answers the request.
class FaultInjector
{
public:
    int addRule(const FaultRule &rule); // returns an id for removeRule
    bool addRule(const QString &spec, QString *error);
    void removeRule(int id);
    void clear();
    QList<FaultRule> rules() const;
    int triggeredCount() const; // requests that some rule touched since creation

    FaultDecision evaluate(QByteArrayView method, const QString &path);

private:
    struct Entry
    {
        int id;
        FaultRule rule;
    };
    mutable QMutex m_mutex;
    QList<Entry> m_entries;
    int m_nextId = 1;
    int m_triggered = 0;
};

} // namespace sd::sandbox
