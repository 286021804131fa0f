#pragma once

#include "diff/DiffTypes.h"

#include <QFuture>

namespace sd::diff {

// Line diff of two texts, then intraline refinement of changed line pairs, aligned side-by-side rows,
// change blocks and hunks. Pure computation: safe to run on any thread.
class TextDiffer
{
public:
    // Returns a result with `cancelled` set (and no rows) when `cancel` reported true midway.
    static DiffResult diff(const QString &left, const QString &right, const DiffOptions &options = {},
                           const CancelCheck &cancel = {});

    // Unified diff text ("@@ -l,n +l,n @@" hunks) of a finished result, for copying and debugging.
    static QString toUnified(const DiffResult &result, const QString &leftName = QStringLiteral("a"),
                             const QString &rightName = QStringLiteral("b"));
};

// Runs TextDiffer::diff on the global thread pool. future.cancel() stops the work early; a cancelled
// future carries no result.
QFuture<DiffResult> runDiffAsync(const QString &left, const QString &right, const DiffOptions &options = {});

} // namespace sd::diff
