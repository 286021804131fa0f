#pragma once

#include "ApiError.h"
#include "RegistrySnapshot.h"

#include <functional>
#include <optional>
#include <QPointer>
#include <utility>

namespace sd::registry {

class BulkLoader;
class RegistryClient;

// Two registries bulk-loaded side by side, A and B, for the workflows that compare or copy between them
// (B may be left out: a mirror of A against a folder loads only A). Starts both loaders, keeps each
// side's progress, and says when both are done and which side, if either, failed.
class LoaderPair
{
public:
    enum class Side { A, B };
    struct Failure
    {
        Side side;
        ApiError error;

        bool cancelled() const { return error.kind == ErrorKind::Aborted; }
        // "Loading <registryName> failed: <the error>".
        QString message(const QString &registryName) const;
    };

    // Starts a loader for `a` and, unless it is null, one for `b`, both children of `generation` (a newer
    // generation drops them). `finished` runs (in `receiver`) when either loader finishes, `progress`
    // when either reports versions (see loadedA(), loadedB()).
    void start(RegistryClient *a, RegistryClient *b, QObject *generation, QObject *receiver,
               const std::function<void()> &finished, const std::function<void()> &progress);
    // Both loaders started have finished (false when one went with its generation).
    bool isDone() const;
    void cancel();
    // Deletes the loaders (later), once their snapshots are taken.
    void release();

    int requestCount() const;
    // The first side whose load ended without a snapshot, or nothing when both have theirs.
    std::optional<Failure> failure() const;
    SnapshotPtr snapshotA() const;
    SnapshotPtr snapshotB() const; // null when B was left out
    // Versions loaded so far and the estimated total, of each side.
    std::pair<qint64, qint64> loadedA() const { return m_loadedA; }
    std::pair<qint64, qint64> loadedB() const { return m_loadedB; }

private:
    QPointer<BulkLoader> m_a;
    QPointer<BulkLoader> m_b;
    bool m_withB = false;
    std::pair<qint64, qint64> m_loadedA;
    std::pair<qint64, qint64> m_loadedB;
};

} // namespace sd::registry
