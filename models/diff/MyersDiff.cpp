#include "diff/MyersDiff.h"

#include <algorithm>
#include <climits>
#include <cstdlib>

namespace sd::diff {

namespace {

constexpr long kSnakeCount = 20;    // a run of this many matches counts as a "real" snake
constexpr long kHeuristicMin = 256; // cost after which the snake heuristic may cut the search
constexpr long kHeuristicK = 4;
constexpr long kMinMaxCost = 256;

struct Split
{
    long i1 = 0;
    long i2 = 0;
    bool minLow = false;
    bool minHigh = false;
};

class Engine
{
public:
    Engine(const int *a, const int *b, long n, long m, bool minimal, const CancelCheck &cancel)
        : m_a(a)
        , m_b(b)
        , m_cancel(cancel)
        , m_minimal(minimal)
    {
        const long diagonals = n + m + 3;
        m_forwardStore.assign(size_t(diagonals), 0);
        m_backwardStore.assign(size_t(diagonals), 0);
        m_forward = m_forwardStore.data() + m + 1;
        m_backward = m_backwardStore.data() + m + 1;
        m_changedA.assign(size_t(n), 0);
        m_changedB.assign(size_t(m), 0);
        long root = 1;
        while (root * root < diagonals)
            root <<= 1; // a cheap sqrt bound, as git does
        m_maxCost = std::max(root, kMinMaxCost);
    }

    bool run(long n, long m) { return compare(0, n, 0, m, m_minimal); }

    std::vector<std::uint8_t> m_changedA;
    std::vector<std::uint8_t> m_changedB;

private:
    bool cancelled()
    {
        if (!m_cancel)
            return false;
        if (++m_polls % 256 != 0)
            return m_stopped;
        m_stopped = m_stopped || m_cancel();
        return m_stopped;
    }

    bool compare(long off1, long lim1, long off2, long lim2, bool needMin)
    {
        // Iterative on the upper half to keep recursion depth bounded by the lower halves.
        while (true) {
            if (cancelled())
                return false;
            while (off1 < lim1 && off2 < lim2 && m_a[off1] == m_b[off2]) {
                ++off1;
                ++off2;
            }
            while (off1 < lim1 && off2 < lim2 && m_a[lim1 - 1] == m_b[lim2 - 1]) {
                --lim1;
                --lim2;
            }
            if (off1 == lim1) {
                std::fill(m_changedB.begin() + off2, m_changedB.begin() + lim2, 1);
                return true;
            }
            if (off2 == lim2) {
                std::fill(m_changedA.begin() + off1, m_changedA.begin() + lim1, 1);
                return true;
            }
            Split cut;
            findSplit(off1, lim1, off2, lim2, needMin, cut);
            if (m_stopped)
                return false;
            if (!compare(off1, cut.i1, off2, cut.i2, cut.minLow))
                return false;
            off1 = cut.i1;
            off2 = cut.i2;
            needMin = cut.minHigh;
        }
    }

    // One search for where to cut [off1, lim1) x [off2, lim2): a forward path from the top left and a
    // backward path from the bottom right, each reaching as far as it can along the diagonals it has
    // explored (m_forward[d], m_backward[d]) until they meet.
    struct Search
    {
        long off1, lim1, off2, lim2;
        long dmin, dmax; // the box's diagonals
        long fmid, bmid; // the diagonals the forward and backward paths start on
        bool odd;        // the paths can meet only in a forward step (else only in a backward one)
        long fmin, fmax; // the diagonals the forward path has explored
        long bmin, bmax; // and the backward one
    };

    void findSplit(long off1, long lim1, long off2, long lim2, bool needMin, Split &spl)
    {
        const long fmid = off1 - off2, bmid = lim1 - lim2;
        Search search{.off1 = off1,
                      .lim1 = lim1,
                      .off2 = off2,
                      .lim2 = lim2,
                      .dmin = off1 - lim2,
                      .dmax = lim1 - off2,
                      .fmid = fmid,
                      .bmid = bmid,
                      .odd = ((fmid - bmid) & 1) != 0,
                      .fmin = fmid,
                      .fmax = fmid,
                      .bmin = bmid,
                      .bmax = bmid};
        m_forward[fmid] = off1;
        m_backward[bmid] = lim1;

        for (long ec = 1;; ++ec) {
            if ((ec & 63) == 0 && m_cancel && (m_stopped = m_stopped || m_cancel()))
                return;
            bool gotSnake = false;
            if (extendForward(search, gotSnake, spl) || extendBackward(search, gotSnake, spl))
                return;
            if (needMin)
                continue;
            // A long snake far along the diagonals is a good enough place to cut.
            if (gotSnake && ec > kHeuristicMin &&
                (forwardSnakeCut(search, ec, spl) || backwardSnakeCut(search, ec, spl)))
                return;
            if (ec >= m_maxCost) {
                spl = furthestReachCut(search);
                return;
            }
        }
    }

    // Extends the forward path by one edit on each diagonal it explores; true, with the cut in `spl`,
    // where it meets the backward path.
    bool extendForward(Search &search, bool &gotSnake, Split &spl)
    {
        long *kvdf = m_forward;
        const long *kvdb = m_backward;
        const int *ha1 = m_a;
        const int *ha2 = m_b;
        const long lim1 = search.lim1, lim2 = search.lim2;
        if (search.fmin > search.dmin)
            kvdf[--search.fmin - 1] = -1;
        else
            ++search.fmin;
        if (search.fmax < search.dmax)
            kvdf[++search.fmax + 1] = -1;
        else
            --search.fmax;
        const long fmin = search.fmin, fmax = search.fmax;
        const bool meetHere = search.odd;
        const long bmin = search.bmin, bmax = search.bmax;

        for (long d = fmax; d >= fmin; d -= 2) {
            long i1 = kvdf[d - 1] >= kvdf[d + 1] ? kvdf[d - 1] + 1 : kvdf[d + 1];
            const long prev1 = i1;
            long i2 = i1 - d;
            while (i1 < lim1 && i2 < lim2 && ha1[i1] == ha2[i2]) {
                ++i1;
                ++i2;
            }
            if (i1 - prev1 > kSnakeCount)
                gotSnake = true;
            kvdf[d] = i1;
            if (meetHere && bmin <= d && d <= bmax && kvdb[d] <= i1) {
                spl = {i1, i2, true, true};
                return true;
            }
        }
        return false;
    }

    // The same for the backward path.
    bool extendBackward(Search &search, bool &gotSnake, Split &spl)
    {
        const long *kvdf = m_forward;
        long *kvdb = m_backward;
        const int *ha1 = m_a;
        const int *ha2 = m_b;
        const long off1 = search.off1, off2 = search.off2;
        if (search.bmin > search.dmin)
            kvdb[--search.bmin - 1] = LONG_MAX;
        else
            ++search.bmin;
        if (search.bmax < search.dmax)
            kvdb[++search.bmax + 1] = LONG_MAX;
        else
            --search.bmax;
        const long bmin = search.bmin, bmax = search.bmax;
        const bool meetHere = !search.odd;
        const long fmin = search.fmin, fmax = search.fmax;

        for (long d = bmax; d >= bmin; d -= 2) {
            long i1 = kvdb[d - 1] < kvdb[d + 1] ? kvdb[d - 1] : kvdb[d + 1] - 1;
            const long prev1 = i1;
            long i2 = i1 - d;
            while (i1 > off1 && i2 > off2 && ha1[i1 - 1] == ha2[i2 - 1]) {
                --i1;
                --i2;
            }
            if (prev1 - i1 > kSnakeCount)
                gotSnake = true;
            kvdb[d] = i1;
            if (meetHere && fmin <= d && d <= fmax && i1 <= kvdf[d]) {
                spl = {i1, i2, true, true};
                return true;
            }
        }
        return false;
    }

    // Whether the kSnakeCount elements before (i1, i2) match, and so the ones from (i1, i2) on.
    bool snakeEndsAt(long i1, long i2) const
    {
        for (long k = 1; k <= kSnakeCount; ++k) {
            if (m_a[i1 - k] != m_b[i2 - k])
                return false;
        }
        return true;
    }
    bool snakeStartsAt(long i1, long i2) const { return snakeEndsAt(i1 + kSnakeCount, i2 + kSnakeCount); }

    // The forward path's best cut after a long snake: the diagonal that got furthest for its cost
    // (more than kHeuristicK times it), away from the box's edges. True with the cut in `spl`.
    bool forwardSnakeCut(const Search &search, long ec, Split &spl) const
    {
        long best = 0;
        for (long d = search.fmax; d >= search.fmin; d -= 2) {
            const long i1 = m_forward[d];
            const long i2 = i1 - d;
            const long v = (i1 - search.off1) + (i2 - search.off2) - std::abs(d - search.fmid);
            if (v > kHeuristicK * ec && v > best && search.off1 + kSnakeCount <= i1 && i1 < search.lim1 &&
                search.off2 + kSnakeCount <= i2 && i2 < search.lim2 && snakeEndsAt(i1, i2)) {
                best = v;
                spl = {i1, i2, true, false};
            }
        }
        return best > 0;
    }

    // The same for the backward path.
    bool backwardSnakeCut(const Search &search, long ec, Split &spl) const
    {
        long best = 0;
        for (long d = search.bmax; d >= search.bmin; d -= 2) {
            const long i1 = m_backward[d];
            const long i2 = i1 - d;
            const long v = (search.lim1 - i1) + (search.lim2 - i2) - std::abs(d - search.bmid);
            if (v > kHeuristicK * ec && v > best && search.off1 < i1 && i1 <= search.lim1 - kSnakeCount &&
                search.off2 < i2 && i2 <= search.lim2 - kSnakeCount && snakeStartsAt(i1, i2)) {
                best = v;
                spl = {i1, i2, false, true};
            }
        }
        return best > 0;
    }

    // When the cost bound is reached: cut where either path got furthest, whichever got further.
    Split furthestReachCut(const Search &search) const
    {
        long fbest = -1, fbest1 = -1;
        for (long d = search.fmax; d >= search.fmin; d -= 2) {
            long i1 = std::min(m_forward[d], search.lim1);
            long i2 = i1 - d;
            if (search.lim2 < i2) {
                i1 = search.lim2 + d;
                i2 = search.lim2;
            }
            if (fbest < i1 + i2) {
                fbest = i1 + i2;
                fbest1 = i1;
            }
        }
        long bbest = LONG_MAX, bbest1 = LONG_MAX;
        for (long d = search.bmax; d >= search.bmin; d -= 2) {
            long i1 = std::max(search.off1, m_backward[d]);
            long i2 = i1 - d;
            if (i2 < search.off2) {
                i1 = search.off2 + d;
                i2 = search.off2;
            }
            if (i1 + i2 < bbest) {
                bbest = i1 + i2;
                bbest1 = i1;
            }
        }
        if ((search.lim1 + search.lim2) - bbest < fbest - (search.off1 + search.off2))
            return {fbest1, fbest - fbest1, true, false};
        return {bbest1, bbest - bbest1, false, true};
    }

    const int *m_a;
    const int *m_b;
    const CancelCheck &m_cancel;
    bool m_minimal;
    bool m_stopped = false;
    unsigned m_polls = 0;
    long m_maxCost = kMinMaxCost;
    std::vector<long> m_forwardStore;
    std::vector<long> m_backwardStore;
    long *m_forward = nullptr;
    long *m_backward = nullptr;
};

// Which ids occur in `ids` (indexed by id), or nothing when idCount is 0 (the ids were not counted).
std::vector<std::uint8_t> presence(std::span<const int> ids, int idCount)
{
    std::vector<std::uint8_t> present(size_t(std::max(idCount, 0)), 0);
    if (idCount > 0) {
        for (int id : ids)
            present[size_t(id)] = 1;
    }
    return present;
}

// The elements of one side that the diff works on, and where each stands in the whole sequence.
struct Matchable
{
    std::vector<int> ids;
    std::vector<long> indexes;
};

// The elements of `mid` (standing from `offset` on) that occur on the other side (`onOtherSide`; all of
// them when it is empty); the others are marked in `changed`.
Matchable matchable(std::span<const int> mid, size_t offset, const std::vector<std::uint8_t> &onOtherSide,
                    std::vector<std::uint8_t> &changed)
{
    Matchable kept;
    kept.ids.reserve(mid.size());
    kept.indexes.reserve(mid.size());
    for (size_t i = 0; i < mid.size(); ++i) {
        if (onOtherSide.empty() || onOtherSide[size_t(mid[i])]) {
            kept.ids.push_back(mid[i]);
            kept.indexes.push_back(long(offset + i));
        } else {
            changed[offset + i] = 1;
        }
    }
    return kept;
}

} // namespace

MyersDiff::Result MyersDiff::diff(std::span<const int> a, std::span<const int> b, int idCount, bool minimal,
                                  const CancelCheck &cancel)
{
    Result result;
    result.changedA.assign(a.size(), 0);
    result.changedB.assign(b.size(), 0);

    const auto [prefix, suffix] = commonEnds(a, b);
    const std::span<const int> midA = a.subspan(prefix, a.size() - prefix - suffix);
    const std::span<const int> midB = b.subspan(prefix, b.size() - prefix - suffix);
    if (midA.empty() || midB.empty()) {
        markChanged(result.changedA, prefix, midA.size());
        markChanged(result.changedB, prefix, midB.size());
        return result;
    }

    // Elements that never occur on the other side cannot be matched: mark them and leave them out.
    // (Skipped when idCount is 0, for short sequences where the bookkeeping costs more than it saves.)
    const Matchable keptA = matchable(midA, prefix, presence(midB, idCount), result.changedA);
    const Matchable keptB = matchable(midB, prefix, presence(midA, idCount), result.changedB);

    const long n = long(keptA.ids.size());
    const long m = long(keptB.ids.size());
    if (n == 0 || m == 0) {
        for (long i : keptA.indexes)
            result.changedA[size_t(i)] = 1;
        for (long i : keptB.indexes)
            result.changedB[size_t(i)] = 1;
        return result;
    }

    Engine engine(keptA.ids.data(), keptB.ids.data(), n, m, minimal, cancel);
    if (!engine.run(n, m)) {
        result.cancelled = true;
        return result;
    }
    for (long i = 0; i < n; ++i)
        result.changedA[size_t(keptA.indexes[size_t(i)])] = engine.m_changedA[size_t(i)];
    for (long i = 0; i < m; ++i)
        result.changedB[size_t(keptB.indexes[size_t(i)])] = engine.m_changedB[size_t(i)];
    return result;
}

} // namespace sd::diff
