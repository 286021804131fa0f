#pragma once

#include "diff/DiffTypes.h"

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace sd::diff {

// The common prefix and suffix of two sequences (not overlapping), trimmed before any diff: the usual
// case is a few edits.
struct CommonEnds
{
    size_t prefix = 0;
    size_t suffix = 0;
};

template<typename T> CommonEnds commonEnds(std::span<const T> a, std::span<const T> b)
{
    CommonEnds ends;
    while (ends.prefix < a.size() && ends.prefix < b.size() && a[ends.prefix] == b[ends.prefix])
        ++ends.prefix;
    while (ends.suffix < a.size() - ends.prefix && ends.suffix < b.size() - ends.prefix &&
           a[a.size() - 1 - ends.suffix] == b[b.size() - 1 - ends.suffix])
        ++ends.suffix;
    return ends;
}

// Marks `count` elements from `from` as changed (what lies between the common ends when one side has
// nothing there).
inline void markChanged(std::vector<std::uint8_t> &changed, size_t from, size_t count)
{
    std::fill(changed.begin() + long(from), changed.begin() + long(from + count), 1);
}

// Myers' O(ND) difference algorithm (linear-space, divide and conquer on the middle snake) over
// interned element ids. Follows the shape of git's xdiff: common prefix/suffix trimming in every
// sub-box, elements absent from the other side are discarded up front (they can never match), and
// unless `minimal` is set a cost bound of about sqrt(N) edits per split makes pathological inputs
// fall back to a heuristic split, so the result may be slightly longer than minimal but stays fast.
class MyersDiff
{
public:
    struct Result
    {
        std::vector<std::uint8_t> changedA; // 1 = element of a is not part of the common subsequence
        std::vector<std::uint8_t> changedB;
        bool cancelled = false;
    };

    // Ids must lie in [0, idCount); idCount 0 skips discarding elements unique to one side.
    static Result diff(std::span<const int> a, std::span<const int> b, int idCount, bool minimal = false,
                       const CancelCheck &cancel = {});
};

} // namespace sd::diff
