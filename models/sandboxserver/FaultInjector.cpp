#include "sandboxserver/FaultInjector.h"

using namespace Qt::StringLiterals;

namespace sd::sandbox {

namespace {

// Glob with '*' only, iterative so long paths cannot blow the stack.
bool globMatch(QStringView pattern, QStringView text)
{
    qsizetype p = 0, t = 0, star = -1, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == u'*') {
            star = p++;
            mark = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star >= 0) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == u'*')
        ++p;
    return p == pattern.size();
}

void applyRoute(FaultRule *rule, const QString &route)
{
    const QString trimmed = route.trimmed();
    const qsizetype space = trimmed.indexOf(u' ');
    if (space > 0) {
        rule->method = trimmed.left(space).toUpper().toLatin1();
        rule->pathPattern = trimmed.mid(space + 1).trimmed();
    } else if (!trimmed.isEmpty() && !trimmed.startsWith(u'/') && !trimmed.startsWith(u'*')) {
        rule->method = trimmed.toUpper().toLatin1(); // a bare method: every path
        rule->pathPattern.clear();
    } else {
        rule->method.clear();
        rule->pathPattern = trimmed;
    }
}

} // namespace

bool FaultRule::matches(QByteArrayView requestMethod, const QString &path) const
{
    if (remaining == 0)
        return false;
    if (!method.isEmpty() && requestMethod.compare(method, Qt::CaseInsensitive) != 0)
        return false;
    return pathPattern.isEmpty() || globMatch(pathPattern, path);
}

QString FaultRule::toString() const
{
    QString text;
    switch (kind) {
    case Kind::Latency:
        text = u"latency=%1"_s.arg(latencyMs);
        break;
    case Kind::Error:
        text = u"error=%1"_s.arg(status);
        break;
    case Kind::RateLimit:
        text = u"ratelimit=%1"_s.arg(retryAfterSeconds);
        break;
    case Kind::Drop:
        text = u"drop"_s;
        break;
    }
    if (!method.isEmpty() || !pathPattern.isEmpty()) {
        text += u",route="_s;
        if (!method.isEmpty())
            text += QString::fromLatin1(method) + (pathPattern.isEmpty() ? QString() : u" "_s);
        text += pathPattern;
    }
    if (remaining >= 0)
        text += u",times=%1"_s.arg(remaining);
    if (kind == Kind::Error && !body.isEmpty())
        text += u",body="_s + QString::fromUtf8(body);
    return text;
}

std::optional<FaultRule> FaultRule::parse(const QString &spec, QString *error)
{
    auto fail = [error, &spec](const QString &why) -> std::optional<FaultRule> {
        if (error)
            *error = u"invalid fault \"%1\": %2"_s.arg(spec, why);
        return std::nullopt;
    };
    FaultRule rule;
    bool haveKind = false;
    QString rest = spec.trimmed();
    while (!rest.isEmpty()) {
        QString item;
        if (rest.startsWith(u"body="_s)) {
            item = rest;
            rest.clear();
        } else {
            const qsizetype comma = rest.indexOf(u',');
            item = comma < 0 ? rest : rest.left(comma);
            rest = comma < 0 ? QString() : rest.mid(comma + 1);
        }
        item = item.trimmed();
        if (item.isEmpty())
            continue;
        const qsizetype eq = item.indexOf(u'=');
        const QString key = (eq < 0 ? item : item.left(eq)).trimmed().toLower();
        const QString value = eq < 0 ? QString() : item.mid(eq + 1);
        bool ok = true;
        auto number = [&](int minimum) {
            const int n = value.trimmed().toInt(&ok);
            if (ok && n < minimum)
                ok = false;
            return n;
        };
        if (key == u"latency" || key == u"error" || key == u"ratelimit" || key == u"drop") {
            if (haveKind)
                return fail(u"more than one kind (latency, error, ratelimit, drop)"_s);
            haveKind = true;
            if (key == u"latency") {
                rule.kind = Kind::Latency;
                rule.latencyMs = number(0);
            } else if (key == u"error") {
                rule.kind = Kind::Error;
                rule.status = number(100);
                if (ok && rule.status > 599)
                    ok = false;
            } else if (key == u"ratelimit") {
                rule.kind = Kind::RateLimit;
                rule.status = 429;
                rule.retryAfterSeconds = value.isEmpty() ? 1 : number(0);
            } else {
                rule.kind = Kind::Drop;
                ok = value.isEmpty();
            }
            if (!ok)
                return fail(u"bad value for %1"_s.arg(key));
        } else if (key == u"route") {
            applyRoute(&rule, value);
        } else if (key == u"times") {
            rule.remaining = number(1);
            if (!ok)
                return fail(u"times must be a positive number"_s);
        } else if (key == u"body") {
            rule.body = value.toUtf8();
        } else {
            return fail(u"unknown key \"%1\""_s.arg(key));
        }
    }
    if (!haveKind)
        return fail(u"say latency=MS, error=STATUS, ratelimit=SECONDS or drop"_s);
    if (!rule.body.isEmpty() && rule.kind != Kind::Error)
        return fail(u"body= only goes with error="_s);
    return rule;
}

FaultRule FaultRule::latency(int ms, const QString &route, int times)
{
    FaultRule rule;
    rule.kind = Kind::Latency;
    rule.latencyMs = ms;
    applyRoute(&rule, route);
    rule.remaining = times;
    return rule;
}

FaultRule FaultRule::errorStatus(int status, const QString &route, int times, const QByteArray &body)
{
    FaultRule rule;
    rule.kind = Kind::Error;
    rule.status = status;
    rule.body = body;
    applyRoute(&rule, route);
    rule.remaining = times;
    return rule;
}

FaultRule FaultRule::rateLimit(int retryAfterSeconds, const QString &route, int times)
{
    FaultRule rule;
    rule.kind = Kind::RateLimit;
    rule.status = 429;
    rule.retryAfterSeconds = retryAfterSeconds;
    applyRoute(&rule, route);
    rule.remaining = times;
    return rule;
}

FaultRule FaultRule::drop(const QString &route, int times)
{
    FaultRule rule;
    rule.kind = Kind::Drop;
    applyRoute(&rule, route);
    rule.remaining = times;
    return rule;
}

int FaultInjector::addRule(const FaultRule &rule)
{
    QMutexLocker locker(&m_mutex);
    const int id = m_nextId++;
    m_entries.append({id, rule});
    return id;
}

bool FaultInjector::addRule(const QString &spec, QString *error)
{
    const auto rule = FaultRule::parse(spec, error);
    if (!rule)
        return false;
    addRule(*rule);
    return true;
}

void FaultInjector::removeRule(int id)
{
    QMutexLocker locker(&m_mutex);
    m_entries.removeIf([id](const Entry &entry) { return entry.id == id; });
}

void FaultInjector::clear()
{
    QMutexLocker locker(&m_mutex);
    m_entries.clear();
}

QList<FaultRule> FaultInjector::rules() const
{
    QMutexLocker locker(&m_mutex);
    QList<FaultRule> result;
    for (const Entry &entry : m_entries)
        result.append(entry.rule);
    return result;
}

int FaultInjector::triggeredCount() const
{
    QMutexLocker locker(&m_mutex);
    return m_triggered;
}

FaultDecision FaultInjector::evaluate(QByteArrayView method, const QString &path)
{
    QMutexLocker locker(&m_mutex);
    FaultDecision decision;
    bool touched = false;
    bool answered = false;
    for (Entry &entry : m_entries) {
        FaultRule &rule = entry.rule;
        if (!rule.matches(method, path))
            continue;
        if (rule.kind == FaultRule::Kind::Latency) {
            decision.latencyMs += rule.latencyMs;
        } else if (answered) {
            continue; // an earlier rule already answers; leave this one's count alone
        } else if (rule.kind == FaultRule::Kind::Drop) {
            decision.drop = true;
            answered = true;
        } else if (rule.kind == FaultRule::Kind::RateLimit) {
            HttpResponse response = HttpResponse::error(429, 429, u"Rate Limit Exceeded"_s);
            const QByteArray seconds = QByteArray::number(rule.retryAfterSeconds);
            // The headers Confluent Cloud sends with a 429 (the reset is relative seconds).
            response.setHeader(QByteArrayLiteral("Retry-After"), seconds);
            response.setHeader(QByteArrayLiteral("X-RateLimit-Remaining"), QByteArrayLiteral("0"));
            response.setHeader(QByteArrayLiteral("X-RateLimit-Reset"), seconds);
            decision.response = response;
            answered = true;
        } else {
            decision.response =
                rule.body.isEmpty()
                    ? HttpResponse::error(
                          rule.status, rule.status,
                          u"Injected fault: HTTP %1 %2"_s.arg(rule.status)
                              .arg(QString::fromLatin1(HttpResponse::reasonPhrase(rule.status))))
                    : HttpResponse::make(rule.status, rule.body,
                                         rule.body.startsWith('{') || rule.body.startsWith('[')
                                             ? QByteArrayLiteral("application/json")
                                             : QByteArrayLiteral("text/plain"));
            answered = true;
        }
        touched = true;
        if (rule.remaining > 0)
            --rule.remaining;
    }
    // Spent rules stay listed (remaining 0) so tests can see what fired.
    if (touched)
        ++m_triggered;
    return decision;
}

} // namespace sd::sandbox
