// features/branchless.hpp — max without a branch, for indicator updates on noisy series.
//
// Why: on a random walk, "did the close rise?" is a coin flip, and a mispredicted branch
// costs more than the whole update. g++ keeps std::max on doubles as a compare-and-jump
// (it must honour -0.0 and NaN ordering), so the SSE2 instruction is named directly.
// Semantics are the instruction's: a > b ? a : b (b when equal or unordered). Callers only
// pass finite values, and use the result where a zero of either sign changes no bits.
#pragma once
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace robo::features {

inline double max_without_branch(double a, double b) noexcept {
#if defined(__SSE2__)
    return _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(a), _mm_set_sd(b)));
#else
    return a > b ? a : b;
#endif
}

}  // namespace robo::features
