#include "SchemaSearch.h"

#include "schema/OrderedJson.h"

#include <algorithm>
#include <numeric>
#include <QElapsedTimer>
#include <QPromise>
#include <QRegularExpression>
#include <QtConcurrentMap>
#include <QtConcurrentRun>
#include <tuple>

using namespace Qt::StringLiterals;

namespace sd::search {

namespace {

constexpr int kLineTextLimit = 240;

QRegularExpression compile(const SearchQuery &query)
{
    QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
    if (!query.caseSensitive)
        options |= QRegularExpression::CaseInsensitiveOption;
    return QRegularExpression(query.regularExpression ? query.text : QRegularExpression::escape(query.text),
                              options);
}

// The text as the schema view shows it.
QString shownText(const QString &schemaType, const QString &stored)
{
    if (schemaType == u"PROTOBUF")
        return stored;
    const schema::JsonParseResult parsed = schema::parseJson(stored);
    return parsed.value ? schema::writeJson(*parsed.value, schema::JsonFormat::Pretty) : stored;
}

// The line without its indentation, shortened around `column` when long.
QString excerpt(QStringView line, int column)
{
    qsizetype lead = 0;
    while (lead < line.size() && line[lead].isSpace())
        ++lead;
    const QStringView text = line.mid(lead).trimmed();
    column = qMax(0, column - int(lead));
    if (text.size() <= kLineTextLimit)
        return text.toString();
    const int start = qBound(0, column - kLineTextLimit / 3, int(text.size()) - kLineTextLimit);
    return (start > 0 ? u"…"_s : QString()) + text.mid(start, kLineTextLimit).toString() +
           (start + kLineTextLimit < text.size() ? u"…"_s : QString());
}

// For a plain-text query: whether a stored text can match, decided on its UTF-8 bytes before it is
// decoded (most texts cannot, and decoding is most of a search). It only rules out texts the
// expression would not match; for anything it cannot decide exactly it answers yes.
class Prefilter
{
public:
    explicit Prefilter(const SearchQuery &query)
    {
        if (query.regularExpression)
            return;
        m_needle = query.text.toUtf8();
        for (const char c : std::as_const(m_needle)) {
            if (uchar(c) >= 0x80)
                return; // a non-ASCII needle is left to the expression
        }
        m_caseSensitive = query.caseSensitive;
        // Unicode case folding makes 'k' match U+212A KELVIN SIGN and 's' U+017F LONG S: with such a
        // needle a text with non-ASCII bytes is left to the expression.
        m_lowerNeedle = m_needle.toLower();
        m_foldsBeyondAscii = !m_caseSensitive && (m_lowerNeedle.contains('k') || m_lowerNeedle.contains('s'));
        m_active = true;
    }

    bool mayMatch(QByteArrayView text) const
    {
        if (!m_active)
            return true;
        if (m_caseSensitive)
            return text.indexOf(m_needle) >= 0;
        // ASCII lower case in one pass (bytes of multi-byte UTF-8 sequences are left alone and never
        // equal an ASCII byte), then a plain byte search.
        m_lowered.resize(text.size());
        char *out = m_lowered.data();
        uchar high = 0;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const uchar c = uchar(text[i]);
            high |= c;
            out[i] = char(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        if (m_foldsBeyondAscii && (high & 0x80))
            return true;
        return QByteArrayView(m_lowered).indexOf(m_lowerNeedle) >= 0;
    }

private:
    QByteArray m_needle;
    QByteArray m_lowerNeedle;
    mutable QByteArray m_lowered; // the text in ASCII lower case, reused
    bool m_caseSensitive = false;
    bool m_foldsBeyondAscii = false;
    bool m_active = false;
};

// Lists the lines of one matching version's text (`storedMatch`: the expression's first match in the
// text as stored). The match's details are made only here; `shownAlready` is the text as shown when it
// was made beforehand.
template<typename Describe>
void listMatch(SearchResult &result, const SearchQuery &query, const QRegularExpression &expression,
               const Describe &describe, const QString &stored, const QRegularExpressionMatch &storedMatch,
               const QString *shownAlready)
{
    ++result.versionsMatched;
    if (result.truncated)
        return; // counting only
    SearchMatch base = describe();
    const QString shown = shownAlready ? *shownAlready : shownText(base.schemaType, stored);
    bool onALine = false;
    // False once the limit is reached.
    const auto addLine = [&](int lineNumber, QStringView line, qsizetype column, qsizetype length) {
        onALine = true;
        if (result.matches.size() >= query.maxMatches) {
            result.truncated = true;
            return false;
        }
        SearchMatch hit = base;
        hit.line = lineNumber;
        hit.column = int(column);
        hit.length = int(length);
        hit.lineText = excerpt(line, hit.column);
        result.matches.append(hit);
        return true;
    };
    if (query.regularExpression) {
        int lineNumber = 0;
        for (const QStringView line : QStringView(shown).split(u'\n')) {
            ++lineNumber;
            const QRegularExpressionMatch match = expression.matchView(line);
            if (match.hasMatch() && !addLine(lineNumber, line, match.capturedStart(), match.capturedLength()))
                break;
        }
    } else {
        // Plain text cannot span lines, so the lines with a match are those where one of the text's
        // matches starts, found in one pass instead of one expression run per line.
        qsizetype lineStart = 0;
        qsizetype scanned = 0;
        int lineNumber = 1;
        int listedLine = 0;
        QRegularExpressionMatchIterator it = expression.globalMatch(shown);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            const qsizetype start = match.capturedStart();
            for (; scanned < start; ++scanned) {
                if (shown.at(scanned) == u'\n') {
                    ++lineNumber;
                    lineStart = scanned + 1;
                }
            }
            if (lineNumber == listedLine)
                continue; // the first match of a line is the one listed
            listedLine = lineNumber;
            qsizetype lineEnd = shown.indexOf(u'\n', start);
            if (lineEnd < 0)
                lineEnd = shown.size();
            if (!addLine(lineNumber, QStringView(shown).sliced(lineStart, lineEnd - lineStart),
                         start - lineStart, match.capturedLength()))
                break;
        }
    }
    if (!onALine && !result.truncated) {
        if (result.matches.size() >= query.maxMatches) {
            result.truncated = true;
            return;
        }
        base.column = int(storedMatch.capturedStart());
        base.length = int(storedMatch.capturedLength());
        base.lineText = excerpt(QStringView(stored), base.column);
        result.matches.append(base);
    }
}

} // namespace

QString validateQuery(const SearchQuery &query)
{
    if (query.text.isEmpty())
        return QStringLiteral("Type what to look for.");
    const QRegularExpression expression = compile(query);
    if (!expression.isValid())
        return QStringLiteral("Not a valid regular expression: %1 (at character %2).")
            .arg(expression.errorString())
            .arg(expression.patternErrorOffset());
    return {};
}

namespace {

// What every search starts with: the clock, the query checked (result.error) and compiled.
class Run
{
public:
    explicit Run(const SearchQuery &query)
    {
        m_timer.start();
        result.error = validateQuery(query);
        if (result.error.isEmpty())
            expression = compile(query);
    }
    bool valid() const { return result.error.isEmpty(); }
    SearchResult finish()
    {
        result.elapsedMs = m_timer.nsecsElapsed() / 1e6;
        return std::move(result);
    }

    SearchResult result;
    QRegularExpression expression;

private:
    QElapsedTimer m_timer;
};

} // namespace

SearchResult searchSchemas(const QList<SearchSource> &sources, const SearchQuery &query,
                           const CancelCheck &cancelled)
{
    int checked = 0;
    Run run(query);
    if (!run.valid())
        return run.result;
    SearchResult &result = run.result;
    const QRegularExpression &expression = run.expression;
    for (const SearchSource &source : sources) {
        if (!source.snapshot && source.latest && latestTextsSuffice(query)) {
            const registry::LatestSchemas &latest = *source.latest;
            registry::LatestSchemas::Reader reader(latest);
            const Prefilter prefilter(query);
            const qsizetype firstMatch = result.matches.size();
            // Matching texts first; every matching text gives at least one listed line, so beyond the
            // limit they are only counted.
            struct Candidate
            {
                int entry;
                QString text;
                QRegularExpressionMatch match;
            };
            QList<Candidate> candidates;
            bool overflow = false; // more matching texts than lines may be listed
            const qsizetype room = qMax<qsizetype>(0, query.maxMatches - result.matches.size());
            for (int i = 0; i < latest.size(); ++i) {
                if (++checked % 512 == 0 && cancelled && cancelled()) {
                    result.cancelled = true;
                    return result;
                }
                const registry::LatestSchemas::Entry &entry = latest.entry(i);
                if (entry.deleted || entry.removed)
                    continue;
                ++result.versionsSearched;
                const QByteArrayView stored = reader.utf8(i);
                if (!prefilter.mayMatch(stored))
                    continue;
                QString text = QString::fromUtf8(stored);
                QRegularExpressionMatch match = expression.match(text);
                if (!match.hasMatch())
                    continue;
                if (candidates.size() < room) {
                    candidates.append({i, std::move(text), std::move(match)});
                } else {
                    ++result.versionsMatched;
                    ++result.subjectsMatched;
                    overflow = true;
                }
            }
            // Pretty-printing them for their line numbers is most of the time when many match: on
            // every core.
            QList<QString> shown(candidates.size());
            QList<int> order(candidates.size());
            std::iota(order.begin(), order.end(), 0);
            QString *out = shown.data();
            const Candidate *in = candidates.constData();
            QtConcurrent::blockingMap(order, [out, in, &latest](int k) {
                out[k] = shownText(latest.entry(in[k].entry).schemaType, in[k].text);
            });
            for (qsizetype k = 0; k < candidates.size(); ++k) {
                const Candidate &candidate = candidates.at(k);
                const registry::LatestSchemas::Entry &entry = latest.entry(candidate.entry);
                const auto describe = [&] {
                    SearchMatch base;
                    base.connectionId = source.connectionId;
                    base.subject = entry.subject;
                    base.version = entry.version;
                    base.id = entry.id;
                    base.schemaType = entry.schemaType;
                    return base;
                };
                listMatch(result, query, expression, describe, candidate.text, candidate.match, &shown.at(k));
                ++result.subjectsMatched;
            }
            result.truncated = result.truncated || overflow;
            // The texts are in the registry's listing order (by qualified name); matches are listed in
            // the tree's (the default context first, then contexts by name).
            const auto key = [](const SearchMatch &m) {
                const registry::QualifiedSubject q = registry::QualifiedSubject::parse(m.subject);
                return std::make_tuple(q.context != u".", q.context, q.name);
            };
            std::stable_sort(result.matches.begin() + firstMatch, result.matches.end(),
                             [&key](const SearchMatch &a, const SearchMatch &b) { return key(a) < key(b); });
            continue;
        }
        if (!source.snapshot)
            continue;
        const registry::RegistrySnapshot &snapshot = *source.snapshot;
        for (int s = 0; s < snapshot.subjectCount(); ++s) {
            if (++checked % 512 == 0 && cancelled && cancelled()) {
                result.cancelled = true;
                return result;
            }
            const registry::RegistrySnapshot::Subject &subject = snapshot.subject(s);
            const int begin = subject.versionsBegin;
            const int end = begin + subject.versionsCount;
            // Versions are stored oldest first.
            int first = begin;
            if (query.latestOnly) {
                int latest = -1;
                for (int v = end - 1; v >= begin && latest < 0; --v) {
                    if (query.includeDeleted || !snapshot.version(v).deleted)
                        latest = v;
                }
                if (latest < 0)
                    continue;
                first = latest;
            }
            bool subjectMatched = false;
            for (int v = first; v < (query.latestOnly ? first + 1 : end); ++v) {
                const registry::RegistrySnapshot::Version &version = snapshot.version(v);
                if (version.deleted && !query.includeDeleted)
                    continue;
                ++result.versionsSearched;
                const QString &stored = snapshot.schemaText(version);
                const QRegularExpressionMatch match = expression.match(stored);
                if (!match.hasMatch())
                    continue;
                const auto describe = [&] {
                    SearchMatch base;
                    base.connectionId = source.connectionId;
                    base.subject = snapshot.qualifiedName(s);
                    base.version = version.version;
                    base.id = version.id;
                    base.schemaType = snapshot.typeName(version);
                    base.deleted = version.deleted;
                    return base;
                };
                listMatch(result, query, expression, describe, stored, match, nullptr);
                subjectMatched = true;
            }
            result.subjectsMatched += subjectMatched ? 1 : 0;
        }
    }
    return run.finish();
}

SearchResult searchArrivedVersions(const QString &connectionId,
                                   const registry::RegistrySnapshot::Page &versions, const SearchQuery &query,
                                   const CancelCheck &cancelled)
{
    Run run(query);
    if (!run.valid())
        return run.result;
    SearchResult &result = run.result;
    const QRegularExpression &expression = run.expression;
    const Prefilter prefilter(query);
    registry::TextBlocks::Reader reader(versions.texts);
    for (qsizetype i = 0; i < versions.records.size(); ++i) {
        if (i % 512 == 511 && cancelled && cancelled()) {
            result.cancelled = true;
            return result;
        }
        const registry::RegistrySnapshot::Record &record = versions.records.at(i);
        if (record.deleted && !query.includeDeleted)
            continue;
        ++result.versionsSearched;
        // A bulk page keeps its texts compressed; the per-subject fallback still holds them.
        QString stored;
        if (record.text.block >= 0) {
            const QByteArrayView utf8 = reader.utf8(record.text);
            if (!prefilter.mayMatch(utf8))
                continue;
            stored = QString::fromUtf8(utf8);
        } else {
            stored = record.schema;
        }
        const QRegularExpressionMatch match = expression.match(stored);
        if (!match.hasMatch())
            continue;
        const auto describe = [&] {
            SearchMatch base;
            base.connectionId = connectionId;
            base.subject = record.subject;
            base.version = record.version;
            base.id = record.id;
            base.schemaType = record.schemaType.isEmpty() ? registry::defaultSchemaType() : record.schemaType;
            base.deleted = record.deleted;
            return base;
        };
        listMatch(result, query, expression, describe, stored, match, nullptr);
    }
    return run.finish();
}

QFuture<SearchResult> searchSchemasAsync(const QList<SearchSource> &sources, const SearchQuery &query)
{
    return QtConcurrent::run(
        [](QPromise<SearchResult> &promise, const QList<SearchSource> &all, const SearchQuery &wanted) {
            SearchResult result = searchSchemas(all, wanted, [&promise] { return promise.isCanceled(); });
            if (!result.cancelled)
                promise.addResult(std::move(result));
        },
        sources, query);
}

} // namespace sd::search
