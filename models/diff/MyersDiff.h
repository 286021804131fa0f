#pragma once

#include "diff/DiffTypes.h"

#include <cstdint>
#include <span>
#include <vector>

namespace sd::diff {

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
