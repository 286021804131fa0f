#pragma once

#include "registry/LatestSchemas.h"
#include "registry/RegistrySnapshot.h"

#include <functional>
#include <QFuture>
#include <QList>
#include <QString>

namespace sd::search {

struct SearchQuery
{
    QString text;
    bool regularExpression = false;
    bool caseSensitive = false;
    bool latestOnly = true;      // the newest live version of each subject; else every version
    bool includeDeleted = false; // soft-deleted versions (and subjects) too
    int maxMatches = 10000;      // lines reported; the counts still cover everything
};

// One registry's loaded contents: a bulk-loaded snapshot (every version), or else the newest texts the
// tree's load kept (enough for a search of the newest live versions, without a request).
struct SearchSource
{
    QString connectionId;
    QString label;
    registry::SnapshotPtr snapshot;
    registry::LatestSchemasPtr latest;
};

// Whether the newest texts kept by the tree's load answer this query (newest live versions only).
inline bool latestTextsSuffice(const SearchQuery &query)
{
    return query.latestOnly && !query.includeDeleted;
}

// One matching line. Lines are those of the text as the schema view shows it (JSON-based schemas
// pretty-printed in the author's key order, Protobuf as stored), so a match can be revealed there.
struct SearchMatch
{
    QString connectionId;
    QString subject; // qualified
    int version = 0;
    int id = -1;
    QString schemaType;
    bool deleted = false;
    int line =
        0; // 1-based; 0 when the match is only in the stored text (it spans what pretty-printing splits)
    int column = 0;
    int length = 0;
    QString lineText; // trimmed, shortened around the match when long
};

struct SearchResult
{
    QList<SearchMatch> matches;
    qint64 versionsSearched = 0;
    qint64 versionsMatched = 0;
    int subjectsMatched = 0;
    bool truncated = false; // more lines matched than maxMatches
    bool cancelled = false;
    QString error; // an invalid regular expression
    double elapsedMs = 0;
};

// Why the query cannot run (empty, or an invalid regular expression); empty when it can.
QString validateQuery(const SearchQuery &query);

using CancelCheck = std::function<bool()>;
SearchResult searchSchemas(const QList<SearchSource> &sources, const SearchQuery &query,
                           const CancelCheck &cancelled = {});
// "Every version" queries only (latestOnly is not decided by a part of a registry): the versions of one
// load as they arrived (BulkLoader::versionsArrived), for first results before the load ends. Matches
// are in the versions' order; `maxMatches` bounds the lines listed.
SearchResult searchArrivedVersions(const QString &connectionId,
                                   const registry::RegistrySnapshot::Page &versions, const SearchQuery &query,
                                   const CancelCheck &cancelled = {});
// The same on a worker thread; cancelling the future stops it.
QFuture<SearchResult> searchSchemasAsync(const QList<SearchSource> &sources, const SearchQuery &query);

} // namespace sd::search
