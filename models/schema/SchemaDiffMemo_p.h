#pragma once

#include "schema/Schema.h"

#include <QHash>
#include <QList>
#include <QSet>

namespace sd::schema {

// The differences of comparing the pair `key`, computed by `compute` on first use and kept in
// `memo` (Confluent's JSON Schema and Protobuf diffs memoise pairs the same way); nullptr while
// the pair is being compared further up the stack (`inProgress`): a recursive cycle, compatible
// unless proven otherwise.
template<typename Key, typename Compute>
const QList<SchemaDifference> *memoizedDifferences(QHash<Key, QList<SchemaDifference>> &memo,
                                                   const QSet<Key> &inProgress, const Key &key,
                                                   Compute compute)
{
    auto cached = memo.constFind(key);
    if (cached == memo.constEnd()) {
        if (inProgress.contains(key))
            return nullptr;
        cached = memo.insert(key, compute());
    }
    return &*cached;
}

} // namespace sd::schema
