// The batch indicators give the same bits as before they were made faster: a fingerprint of
// every output's bit pattern over a fixed series is pinned per indicator. The fingerprints
// were recorded with the straightforward implementations (commit d8676d2); a rewrite for
// speed that changes any last bit (an FMA, a reciprocal instead of a division, a reordered
// sum) fails here even where the TA-Lib comparisons, which allow a tolerance, still pass.
//
// Re-pinned on purpose (branch hot-features): RSI, ATR and EMA changed their recurrence to
// a shorter chain of roundings, so their last bits moved (at most 1.5e-15 relative to the
// old values on the golden series; the golden tests against TA-Lib still hold):
//  * RSI and ATR: avg * keep + x * weight, keep = (n-1)/n and weight = 1/n rounded once,
//    instead of TA-Lib's (avg * (n-1) + x) / n; a multiply and an add carry a bar to the
//    next instead of a multiply, an add and a divide.
//  * EMA: two bars per step from the pair's start, ema0 * keep^2 + (x1 * k*keep + x2 * k),
//    with the first bar's ema0 * keep + x1 * k beside it, instead of (x - ema) * k + ema.
// SMA, BBANDS, OBV and MACD keep their d8676d2 fingerprints. These bits also pin that g++
// does not contract a product and a sum into an FMA (no FMA on the default x86-64 target):
// a build with -march that has FMA and without -ffp-contract=off fails here.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "robo/features/atr.hpp"
#include "robo/features/batch.hpp"
#include "robo/features/bollinger.hpp"
#include "robo/features/ema.hpp"
#include "robo/features/macd.hpp"
#include "robo/features/obv.hpp"
#include "robo/features/rsi.hpp"
#include "robo/features/sma.hpp"

namespace robo::features {
namespace {

// 200,000 bars of a random walk on a one-cent grid: about one close in seven is unchanged (the
// zero-change path of RSI and OBV), and some bars have high == low.
std::vector<Ohlcv> cent_grid_walk() {
    std::uint64_t state = 7;
    auto next = [&] {  // splitmix64
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    std::vector<Ohlcv> bars;
    std::int64_t cents = 5000;
    for (int i = 0; i < 200'000; ++i) {
        const std::int64_t open = cents;
        cents = std::max<std::int64_t>(100, cents + static_cast<std::int64_t>(next() % 7) - 3);
        const std::int64_t high = std::max(open, cents) + static_cast<std::int64_t>(next() % 3);
        const std::int64_t low = std::min(open, cents) - static_cast<std::int64_t>(next() % 3);
        const double volume = static_cast<double>(1000 + next() % 100'000);
        bars.push_back(Ohlcv{static_cast<double>(open) / 100, static_cast<double>(high) / 100,
                             static_cast<double>(low) / 100, static_cast<double>(cents) / 100, volume,
                             i / 390});
    }
    return bars;
}

const std::vector<Ohlcv>& bars() {
    static const auto b = cent_grid_walk();
    return b;
}
const std::vector<double>& closes() {
    static const auto c = [] {
        std::vector<double> out;
        for (const auto& b : bars()) out.push_back(b.close);
        return out;
    }();
    return c;
}

// FNV-1a over the raw bits of each value (warm-up outputs count as one marker).
struct Fingerprint {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    void add(double v) {
        std::uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        for (int k = 0; k < 8; ++k) {
            hash ^= (bits >> (8 * k)) & 0xff;
            hash *= 0x100000001b3ULL;
        }
    }
    void add(const std::optional<double>& v) { v ? add(*v) : add(-1.0); }
    void add(const std::optional<MacdValue>& v) {
        if (!v) return add(-1.0);
        add(v->line), add(v->signal), add(v->histogram);
    }
    void add(const std::optional<BollingerValue>& v) {
        if (!v) return add(-1.0);
        add(v->upper), add(v->middle), add(v->lower), add(v->percent_b), add(v->bandwidth);
    }
};

template <class Indicator, class Input>
std::uint64_t fingerprint(Indicator fresh, const std::vector<Input>& inputs) {
    Fingerprint f;
    for (const auto& v : batch(fresh, std::span<const Input>(inputs))) f.add(v);
    return f.hash;
}

TEST(PinnedBits, Rsi) { EXPECT_EQ(fingerprint(Rsi(14), closes()), 10355523275466137712ULL); }
TEST(PinnedBits, Macd) { EXPECT_EQ(fingerprint(Macd(12, 26, 9), closes()), 3682315980416013529ULL); }
TEST(PinnedBits, Bollinger) { EXPECT_EQ(fingerprint(Bollinger(20, 2.0), closes()), 17387746186098815673ULL); }
TEST(PinnedBits, Atr) { EXPECT_EQ(fingerprint(Atr(14), bars()), 16289412305802486560ULL); }
TEST(PinnedBits, Obv) { EXPECT_EQ(fingerprint(Obv(), bars()), 5103691909218895006ULL); }
TEST(PinnedBits, Sma) { EXPECT_EQ(fingerprint(Sma(20), closes()), 5492469322764737964ULL); }
TEST(PinnedBits, Ema) { EXPECT_EQ(fingerprint(Ema(20), closes()), 3733310840664444520ULL); }

}  // namespace
}  // namespace robo::features
