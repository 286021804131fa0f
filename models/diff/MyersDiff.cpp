#include "diff/MyersDiff.h"

#include <algorithm>
#include <climits>

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

    void findSplit(long off1, long lim1, long off2, long lim2, bool needMin, Split &spl)
    {
        long *kvdf = m_forward;
        long *kvdb = m_backward;
        const int *ha1 = m_a;
        const int *ha2 = m_b;
        const long dmin = off1 - lim2, dmax = lim1 - off2;
        const long fmid = off1 - off2, bmid = lim1 - lim2;
        const bool odd = ((fmid - bmid) & 1) != 0;
        long fmin = fmid, fmax = fmid;
        long bmin = bmid, bmax = bmid;

        kvdf[fmid] = off1;
        kvdb[bmid] = lim1;

        for (long ec = 1;; ++ec) {
            if ((ec & 63) == 0 && m_cancel && (m_stopped = m_stopped || m_cancel()))
                return;
            bool gotSnake = false;

            // Extend the forward search by one edit.
            if (fmin > dmin)
                kvdf[--fmin - 1] = -1;
            else
                ++fmin;
            if (fmax < dmax)
                kvdf[++fmax + 1] = -1;
            else
                --fmax;

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
                if (odd && bmin <= d && d <= bmax && kvdb[d] <= i1) {
                    spl = {i1, i2, true, true};
                    return;
                }
            }

            // Extend the backward search by one edit.
            if (bmin > dmin)
                kvdb[--bmin - 1] = LONG_MAX;
            else
                ++bmin;
            if (bmax < dmax)
                kvdb[++bmax + 1] = LONG_MAX;
            else
                --bmax;

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
                if (!odd && fmin <= d && d <= fmax && i1 <= kvdf[d]) {
                    spl = {i1, i2, true, true};
                    return;
                }
            }

            if (needMin)
                continue;

            // A long snake far along the diagonals is a good enough place to cut.
            if (gotSnake && ec > kHeuristicMin) {
                long best = 0;
                for (long d = fmax; d >= fmin; d -= 2) {
                    const long dd = d > fmid ? d - fmid : fmid - d;
                    const long i1 = kvdf[d];
                    const long i2 = i1 - d;
                    const long v = (i1 - off1) + (i2 - off2) - dd;
                    if (v > kHeuristicK * ec && v > best && off1 + kSnakeCount <= i1 && i1 < lim1 &&
                        off2 + kSnakeCount <= i2 && i2 < lim2) {
                        for (long k = 1; ha1[i1 - k] == ha2[i2 - k]; ++k) {
                            if (k == kSnakeCount) {
                                best = v;
                                spl.i1 = i1;
                                spl.i2 = i2;
                                break;
                            }
                        }
                    }
                }
                if (best > 0) {
                    spl.minLow = true;
                    spl.minHigh = false;
                    return;
                }
                for (long d = bmax; d >= bmin; d -= 2) {
                    const long dd = d > bmid ? d - bmid : bmid - d;
                    const long i1 = kvdb[d];
                    const long i2 = i1 - d;
                    const long v = (lim1 - i1) + (lim2 - i2) - dd;
                    if (v > kHeuristicK * ec && v > best && off1 < i1 && i1 <= lim1 - kSnakeCount &&
                        off2 < i2 && i2 <= lim2 - kSnakeCount) {
                        for (long k = 0; ha1[i1 + k] == ha2[i2 + k]; ++k) {
                            if (k == kSnakeCount - 1) {
                                best = v;
                                spl.i1 = i1;
                                spl.i2 = i2;
                                break;
                            }
                        }
                    }
                }
                if (best > 0) {
                    spl.minLow = false;
                    spl.minHigh = true;
                    return;
                }
            }

            // Cost bound reached: cut at the furthest-reaching diagonal of either search.
            if (ec >= m_maxCost) {
                long fbest = -1, fbest1 = -1;
                for (long d = fmax; d >= fmin; d -= 2) {
                    long i1 = std::min(kvdf[d], lim1);
                    long i2 = i1 - d;
                    if (lim2 < i2) {
                        i1 = lim2 + d;
                        i2 = lim2;
                    }
                    if (fbest < i1 + i2) {
                        fbest = i1 + i2;
                        fbest1 = i1;
                    }
                }
                long bbest = LONG_MAX, bbest1 = LONG_MAX;
                for (long d = bmax; d >= bmin; d -= 2) {
                    long i1 = std::max(off1, kvdb[d]);
                    long i2 = i1 - d;
                    if (i2 < off2) {
                        i1 = off2 + d;
                        i2 = off2;
                    }
                    if (i1 + i2 < bbest) {
                        bbest = i1 + i2;
                        bbest1 = i1;
                    }
                }
                if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) {
                    spl = {fbest1, fbest - fbest1, true, false};
                } else {
                    spl = {bbest1, bbest - bbest1, false, true};
                }
                return;
            }
        }
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
    std::vector<std::uint8_t> inA(size_t(std::max(idCount, 0)), 0);
    std::vector<std::uint8_t> inB(size_t(std::max(idCount, 0)), 0);
    if (idCount > 0) {
        for (int id : midA)
            inA[size_t(id)] = 1;
        for (int id : midB)
            inB[size_t(id)] = 1;
    }
    std::vector<int> keptA, keptB;
    std::vector<long> indexA, indexB;
    keptA.reserve(midA.size());
    indexA.reserve(midA.size());
    keptB.reserve(midB.size());
    indexB.reserve(midB.size());
    for (size_t i = 0; i < midA.size(); ++i) {
        if (idCount <= 0 || inB[size_t(midA[i])]) {
            keptA.push_back(midA[i]);
            indexA.push_back(long(prefix + i));
        } else {
            result.changedA[prefix + i] = 1;
        }
    }
    for (size_t i = 0; i < midB.size(); ++i) {
        if (idCount <= 0 || inA[size_t(midB[i])]) {
            keptB.push_back(midB[i]);
            indexB.push_back(long(prefix + i));
        } else {
            result.changedB[prefix + i] = 1;
        }
    }

    const long n = long(keptA.size());
    const long m = long(keptB.size());
    if (n == 0 || m == 0) {
        for (long i : indexA)
            result.changedA[size_t(i)] = 1;
        for (long i : indexB)
            result.changedB[size_t(i)] = 1;
        return result;
    }

    Engine engine(keptA.data(), keptB.data(), n, m, minimal, cancel);
    if (!engine.run(n, m)) {
        result.cancelled = true;
        return result;
    }
    for (long i = 0; i < n; ++i)
        result.changedA[size_t(indexA[size_t(i)])] = engine.m_changedA[size_t(i)];
    for (long i = 0; i < m; ++i)
        result.changedB[size_t(indexB[size_t(i)])] = engine.m_changedB[size_t(i)];
    return result;
}

} // namespace sd::diff
