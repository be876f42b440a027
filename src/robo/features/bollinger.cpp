#include "robo/features/bollinger.hpp"

#include <fmt/format.h>

#include <algorithm>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include <stdexcept>

#include "robo/features/batch.hpp"

namespace robo::features {

Bollinger::Bollinger(int period, double k) : window_((require_period("BBANDS", period, 2), period)), k_(k) {
    if (!(k > 0 && k < 100))
        throw std::invalid_argument(fmt::format("BBANDS: multiplier k must be in (0, 100), found {}", k));
}

// The second pass, where the square roots are. g++ does not vectorise std::sqrt (it may set
// errno), so the vector instructions are named. sqrtpd is correctly rounded like sqrtsd and
// each step is the scalar one in the scalar order (variance_of, then deviation()), so the
// bits are the same whichever width runs. The AVX copy (4 values an instruction, no FMA,
// chosen at run time) halves the square roots' cost, the largest in the loop.
namespace {
#if defined(__x86_64__) || defined(__i386__)
__attribute__((target("avx"))) size_t finish_bands_avx(double k, double inv, double* upper,
                                                       const double* middle, double* lower,
                                                       size_t n) noexcept {
    const __m256d kk = _mm256_set1_pd(k), ii = _mm256_set1_pd(inv), tiny = _mm256_set1_pd(1e-14);
    const __m256d zero = _mm256_setzero_pd();
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const __m256d sum = _mm256_loadu_pd(upper + i), sumsq = _mm256_loadu_pd(lower + i);
        const __m256d mean = _mm256_loadu_pd(middle + i);
        // (sumsq - sum * sum * inv) * inv, then v > 0 ? v : 0 (maxpd gives its second operand
        // when the first is NaN, as the ternary does)
        __m256d v = _mm256_mul_pd(_mm256_sub_pd(sumsq, _mm256_mul_pd(_mm256_mul_pd(sum, sum), ii)), ii);
        v = _mm256_max_pd(v, zero);
        // k * (v < 1e-14 ? 0.0 : sqrt(v))
        const __m256d sd = _mm256_andnot_pd(_mm256_cmp_pd(v, tiny, _CMP_LT_OQ), _mm256_sqrt_pd(v));
        const __m256d dev = _mm256_mul_pd(kk, sd);
        _mm256_storeu_pd(upper + i, _mm256_add_pd(mean, dev));
        _mm256_storeu_pd(lower + i, _mm256_sub_pd(mean, dev));
    }
    return i;
}
#endif
}  // namespace

void Bollinger::finish_bands(double k, double inv, double* upper, const double* middle, double* lower,
                             size_t n) noexcept {
    size_t i = 0;
#if defined(__x86_64__) || defined(__i386__)
    static const bool avx = __builtin_cpu_supports("avx");
    if (avx) i = finish_bands_avx(k, inv, upper, middle, lower, n);
#endif
    for (; i < n; ++i) {
        const double dev = deviation(k, RollingWindow<>::variance_of(lower[i], upper[i], inv));
        upper[i] = middle[i] + dev;
        lower[i] = middle[i] - dev;
    }
}

void batch_bands_into(Bollinger& bands, std::span<const double> closes, std::span<double> upper,
                      std::span<double> middle, std::span<double> lower) {
    const size_t n = closes.size();
    if (upper.size() != n || middle.size() != n || lower.size() != n)
        throw std::invalid_argument("batch_bands_into: every output must have the closes' size");
    Bollinger local = bands, saved = bands;
    for (size_t i = 0; i < n;) {
        const size_t end = i + std::min(detail::kBlock, n - i);
        saved = local;  // the kernel's rollback, as in batch.hpp
        if (local.apply_into(&upper[i], &middle[i], &lower[i], end - i, &closes[i])) {
            i = end;
            continue;
        }
        local = saved;
        for (; i < end; ++i) {
            if (!Bollinger::valid(closes[i])) {
                bands = std::move(local);
                detail::refuse_input<Bollinger>(i, closes[i]);
            }
            const auto v = local.apply(closes[i]);
            upper[i] = v ? v->upper : std::numeric_limits<double>::quiet_NaN();
            middle[i] = v ? v->middle : std::numeric_limits<double>::quiet_NaN();
            lower[i] = v ? v->lower : std::numeric_limits<double>::quiet_NaN();
        }
    }
    bands = std::move(local);
}

}  // namespace robo::features
