// Batch mode is the streaming code run over an array: results are bit-identical, on random
// series (rapidcheck) and on real ones, however the series is split between the two.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <tuple>

#include "golden.hpp"
#include "robo/features/atr.hpp"
#include "robo/features/batch.hpp"
#include "robo/features/bollinger.hpp"
#include "robo/features/ema.hpp"
#include "robo/features/macd.hpp"
#include "robo/features/obv.hpp"
#include "robo/features/rsi.hpp"
#include "robo/features/sma.hpp"
#include "robo/features/statistics.hpp"
#include "robo/features/vwap.hpp"

namespace robo::features {
namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
bool same_bits(const MacdValue& a, const MacdValue& b) {
    return same_bits(a.line, b.line) && same_bits(a.signal, b.signal) && same_bits(a.histogram, b.histogram);
}
bool same_bits(const BollingerValue& a, const BollingerValue& b) {
    return same_bits(a.upper, b.upper) && same_bits(a.middle, b.middle) && same_bits(a.lower, b.lower) &&
           same_bits(a.percent_b, b.percent_b) && same_bits(a.bandwidth, b.bandwidth);
}

// Streams the first `split` inputs one update() at a time, copies the indicator (state is a
// value), and finishes the series with batch_into on the copy; compares with one batch().
template <class Indicator, class Input>
bool streaming_equals_batch(const Indicator& fresh, const std::vector<Input>& inputs, size_t split) {
    const auto whole = batch(fresh, std::span<const Input>(inputs));
    Indicator streaming = fresh;
    std::vector<UpdateResult<Indicator, Input>> out(inputs.size());
    split = std::min(split, inputs.size());
    for (size_t i = 0; i < split; ++i) out[i] = streaming.update(inputs[i]);
    Indicator resumed = streaming;
    batch_into(resumed, std::span<const Input>(inputs).subspan(split), std::span(out).subspan(split));
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (whole[i].has_value() != out[i].has_value()) return false;
        if (whole[i] && !same_bits(*whole[i], *out[i])) return false;
    }
    return true;
}

template <class Input>
bool all_indicators_agree(const std::vector<double>& closes, const std::vector<Input>& bars, size_t split) {
    return streaming_equals_batch(Sma(20), closes, split) && streaming_equals_batch(Ema(20), closes, split) &&
           streaming_equals_batch(Rsi(14), closes, split) &&
           streaming_equals_batch(Macd(12, 26, 9), closes, split) &&
           streaming_equals_batch(Bollinger(20, 2.0), closes, split) &&
           streaming_equals_batch(RollingStd(20), closes, split) &&
           streaming_equals_batch(ZScore(20), closes, split) &&
           streaming_equals_batch(Returns(1), closes, split) &&
           streaming_equals_batch(Atr(14), bars, split) && streaming_equals_batch(Obv(), bars, split) &&
           streaming_equals_batch(Vwap(), bars, split) &&
           streaming_equals_batch(RollingVwap(20), bars, split);
}

// A random walk that stays positive, with random highs, lows, volume (sometimes zero) and
// session changes.
std::vector<Ohlcv> random_bars(const std::vector<int>& steps) {
    std::vector<Ohlcv> bars;
    double price = 100;
    int32_t session = 0;
    for (int s : steps) {
        price *= std::exp((s % 1000) * 1e-5);
        const double spread = std::abs(s % 97) * 0.01;
        bars.push_back({price, price + spread, price - spread / 2, price,
                        static_cast<double>(std::abs(s % 5) * 100), session});
        if (s % 37 == 0) ++session;
    }
    return bars;
}

RC_GTEST_PROP(BatchStreaming, BitIdenticalOnRandomSeriesWhereverTheSplitFalls,
              (std::vector<int> steps, size_t split)) {
    const auto bars = random_bars(steps);
    std::vector<double> closes;
    for (const auto& b : bars) closes.push_back(b.close);
    RC_ASSERT(all_indicators_agree(closes, bars, steps.empty() ? 0 : split % (steps.size() + 1)));
}

TEST(BatchStreaming, BitIdenticalOnEveryRealGoldenSeries) {
    for (const auto& name : test::golden_names()) {
        const auto g = test::load_golden(name);
        for (size_t split : {size_t{0}, size_t{1}, size_t{33}, g.bars.size() / 2, g.bars.size()})
            EXPECT_TRUE(all_indicators_agree(g.closes, g.bars, split)) << name << " split at " << split;
    }
}

// Three million updates of a random walk: the drift-free sums still give the two-pass answer.
TEST(RollingSums, StayExactOverMillionsOfUpdates) {
    Bollinger bands(20, 2.0);
    RollingStd sd(20);
    std::vector<double> last;
    double price = 250, x = 0.5;
    std::optional<BollingerValue> band;
    std::optional<double> dev;
    for (int i = 0; i < 3'000'000; ++i) {
        x = std::fmod(x * 9301.0 + 49297.0, 233280.0);  // deterministic pseudo-random step
        price *= 1.0 + (x / 233280.0 - 0.5) * 0.01;
        band = bands.update(price);
        dev = sd.update(price);
        if (i >= 3'000'000 - 20) last.push_back(price);
    }
    double mean = 0;
    for (double v : last) mean += v;
    mean /= 20;
    double var = 0;
    for (double v : last) var += (v - mean) * (v - mean);
    const double two_pass_sd = std::sqrt(var / 20);
    EXPECT_NEAR(band->middle, mean, 1e-12 * mean);
    EXPECT_NEAR(*dev, two_pass_sd, 1e-9 * two_pass_sd);
}

}  // namespace
}  // namespace robo::features

namespace robo::features {
namespace {

// A refused input ends a batch call exactly where a streaming loop would stop: the values
// before it are consumed, the error names the input's index, and the indicator continues
// from there as if the bad value had never come.
TEST(BatchStreaming, RefusedInputStopsTheBatchWhereStreamingWouldAndNamesItsIndex) {
    std::vector<double> closes;
    for (int i = 0; i < 60; ++i) closes.push_back(100 + std::sin(i));
    std::vector<double> with_nan = closes;
    with_nan.insert(with_nan.begin() + 40, std::nan(""));

    Rsi batched(14), streamed(14);
    std::vector<double> out(with_nan.size());
    try {
        batch_values_into(batched, std::span<const double>(with_nan), std::span(out));
        FAIL() << "accepted a NaN";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("RSI: close must be a finite price > 0, found nan"),
                  std::string::npos);
        EXPECT_NE(std::string(e.what()).find("[batch input 40]"), std::string::npos) << e.what();
    }
    for (int i = 0; i < 40; ++i) streamed.update(closes[static_cast<size_t>(i)]);
    for (size_t i = 40; i < closes.size(); ++i)
        EXPECT_EQ(batched.update(closes[i]), streamed.update(closes[i]));
}

}  // namespace
}  // namespace robo::features

namespace robo::features {
namespace {

// The batch kernels (apply_into: EMA's pairs, the rolling sums' runs, Bollinger's second
// pass) against update() one value at a time, to the bit: over a series several kernel
// blocks long (batch.hpp's kBlock), resumed after a streamed prefix of any length, so the
// warm-up, the EMA's pair phase, the ring's position and the recomputation of the sums fall
// at every place in a block.
std::vector<Ohlcv> long_walk(size_t n) {
    std::vector<Ohlcv> bars;
    double price = 80, x = 0.25;
    for (size_t i = 0; i < n; ++i) {
        x = std::fmod(x * 9301.0 + 49297.0, 233280.0);  // deterministic pseudo-random step
        const double step = x / 233280.0 - 0.5;
        price *= 1.0 + step * 0.02;
        const double close = std::round(price * 100) / 100;  // a cent grid: unchanged closes too
        bars.push_back({close, close * (1 + std::fabs(step) * 0.01), close * (1 - std::fabs(step) * 0.01),
                        close, std::floor(std::fabs(step) * 1e5), 0});
    }
    return bars;
}

std::vector<double> field(const std::vector<Ohlcv>& bars, double Ohlcv::*member) {
    std::vector<double> out;
    for (const auto& b : bars) out.push_back(b.*member);
    return out;
}

double or_nan(const std::optional<double>& v) { return v ? *v : std::nan(""); }

// Streams inputs [0, split) with update() (through `feed(indicator, i)`), then batches the
// rest of the columns, and compares every value with update() one at a time.
template <class Indicator, class Feed, class... Columns>
bool kernel_matches_streaming(const Indicator& fresh, size_t split, Feed feed, const Columns&... columns) {
    const size_t n = std::get<0>(std::tie(columns...)).size();
    Indicator reference = fresh, resumed = fresh;
    std::vector<double> expected(n), out(n);
    for (size_t i = 0; i < n; ++i) {
        expected[i] = or_nan(feed(reference, i));
        if (i < split) out[i] = or_nan(feed(resumed, i));
    }
    batch_columns_into(resumed, std::span(out).subspan(split),
                       std::span<const double>(columns).subspan(split)...);
    for (size_t i = 0; i < n; ++i)
        if (!same_bits(expected[i], out[i])) return false;
    // and the state it leaves streams on identically
    return same_bits(or_nan(feed(reference, n - 1)), or_nan(feed(resumed, n - 1)));
}

TEST(BatchKernels, BitIdenticalToStreamingWhereverTheBatchStarts) {
    const auto bars = long_walk(9000);
    const auto close = field(bars, &Ohlcv::close), high = field(bars, &Ohlcv::high),
               low = field(bars, &Ohlcv::low), volume = field(bars, &Ohlcv::volume);
    auto by_close = [&](auto& indicator, size_t i) { return indicator.update(close[i]); };
    auto by_bar = [&](auto& indicator, size_t i) { return indicator.update(bars[i]); };
    for (size_t split : {size_t{0}, size_t{1}, size_t{13}, size_t{19}, size_t{20}, size_t{21}, size_t{2047},
                         size_t{2048}, size_t{3001}, size_t{8999}}) {
        EXPECT_TRUE(kernel_matches_streaming(Sma(20), split, by_close, close)) << "SMA, split " << split;
        EXPECT_TRUE(kernel_matches_streaming(Ema(20), split, by_close, close)) << "EMA, split " << split;
        EXPECT_TRUE(kernel_matches_streaming(Ema(7), split, by_close, close)) << "EMA(7), split " << split;
        EXPECT_TRUE(kernel_matches_streaming(Rsi(14), split, by_close, close)) << "RSI, split " << split;
        EXPECT_TRUE(kernel_matches_streaming(Atr(14), split, by_bar, high, low, close))
            << "ATR, split " << split;
        EXPECT_TRUE(kernel_matches_streaming(Obv(), split, by_bar, close, volume)) << "OBV, split " << split;
    }
}

TEST(BatchKernels, BollingerBandsIntoArraysAreTheStreamingBits) {
    const auto close = field(long_walk(9000), &Ohlcv::close);
    for (size_t split : {size_t{0}, size_t{18}, size_t{19}, size_t{2050}, size_t{8999}}) {
        Bollinger reference(20, 2.0), resumed(20, 2.0);
        const size_t n = close.size();
        std::vector<double> upper(n), middle(n), lower(n);
        for (size_t i = 0; i < split; ++i) resumed.update(close[i]);
        batch_bands_into(resumed, std::span(close).subspan(split), std::span(upper).subspan(split),
                         std::span(middle).subspan(split), std::span(lower).subspan(split));
        for (size_t i = 0; i < n; ++i) {
            const auto v = reference.update(close[i]);
            if (i < split) continue;
            ASSERT_TRUE(same_bits(v ? v->upper : std::nan(""), upper[i]))
                << "upper at " << i << ", split " << split;
            ASSERT_TRUE(same_bits(v ? v->middle : std::nan(""), middle[i])) << "middle at " << i;
            ASSERT_TRUE(same_bits(v ? v->lower : std::nan(""), lower[i])) << "lower at " << i;
        }
        EXPECT_TRUE(same_bits(reference.update(100)->upper, resumed.update(100)->upper));
    }
}

// A refused value in the middle of a kernel's block: the block is run again one value at a
// time from the state before it, so the call stops exactly where a streaming loop would.
template <class Indicator>
void expect_refusal_at(const Indicator& fresh, size_t bad) {
    auto closes = field(long_walk(6000), &Ohlcv::close);
    closes[bad] = -1.0;
    Indicator batched = fresh, streamed = fresh;
    std::vector<double> out(closes.size());
    try {
        batch_values_into(batched, std::span<const double>(closes), std::span(out));
        FAIL() << "accepted a negative close";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("[batch input " + std::to_string(bad) + "]"), std::string::npos)
            << e.what();
    }
    for (size_t i = 0; i < bad; ++i) EXPECT_TRUE(same_bits(out[i], or_nan(streamed.update(closes[i])))) << i;
    for (size_t i = bad + 1; i < closes.size(); ++i)
        ASSERT_TRUE(same_bits(or_nan(batched.update(closes[i])), or_nan(streamed.update(closes[i])))) << i;
}

TEST(BatchKernels, RefusedCloseInsideABlockStopsWhereStreamingWould) {
    for (size_t bad : {size_t{5}, size_t{2047}, size_t{2048}, size_t{3500}}) {
        expect_refusal_at(Sma(20), bad);
        expect_refusal_at(Ema(20), bad);
    }
}

TEST(BatchKernels, RefusedCloseStopsTheBandsWhereStreamingWould) {
    auto closes = field(long_walk(5000), &Ohlcv::close);
    closes[3000] = std::nan("");
    Bollinger batched(20, 2.0), streamed(20, 2.0);
    std::vector<double> upper(closes.size()), middle(closes.size()), lower(closes.size());
    EXPECT_THROW(batch_bands_into(batched, std::span<const double>(closes), std::span(upper),
                                  std::span(middle), std::span(lower)),
                 std::invalid_argument);
    for (size_t i = 0; i < 3000; ++i) {
        const auto v = streamed.update(closes[i]);
        EXPECT_TRUE(same_bits(upper[i], v ? v->upper : std::nan(""))) << i;
    }
    for (size_t i = 3001; i < closes.size(); ++i)
        ASSERT_TRUE(same_bits(batched.update(closes[i])->lower, streamed.update(closes[i])->lower)) << i;
}

// The batch SMA and Bollinger runs check prices two at a time on their bits (price_refusal):
// every kind of refused close, at the start of a block, where the window first reads x, on
// either lane of a pair and at a block's last value, stops the call where streaming would;
// a subnormal and the largest double are prices as update() sees them.
TEST(BatchKernels, EveryKindOfRefusedCloseStopsWhereStreamingWould) {
    const double inf = std::numeric_limits<double>::infinity();
    for (double bad : {0.0, -0.0, -1.0, -1e-300, inf, -inf, std::nan(""), -std::nan("")}) {
        for (size_t at : {size_t{0}, size_t{19}, size_t{20}, size_t{2047}, size_t{2048}, size_t{2067},
                          size_t{2068}, size_t{2069}, size_t{3000}, size_t{3001}, size_t{4095}}) {
            SCOPED_TRACE("close " + std::to_string(bad) + " at " + std::to_string(at));
            auto closes = field(long_walk(4200), &Ohlcv::close);
            closes[at] = bad;
            Sma sma(20);
            std::vector<double> out(closes.size());
            try {
                batch_values_into(sma, std::span<const double>(closes), std::span(out));
                ADD_FAILURE() << "SMA accepted it";
            } catch (const std::invalid_argument& e) {
                EXPECT_NE(std::string(e.what()).find("[batch input " + std::to_string(at) + "]"),
                          std::string::npos)
                    << e.what();
            }
            Bollinger bands(20, 2.0);
            std::vector<double> upper(closes.size()), middle(closes.size()), lower(closes.size());
            EXPECT_THROW(batch_bands_into(bands, std::span<const double>(closes), std::span(upper),
                                          std::span(middle), std::span(lower)),
                         std::invalid_argument);
        }
    }
    for (double edge : {std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max()}) {
        auto closes = field(long_walk(4200), &Ohlcv::close);
        closes[3001] = edge;
        Sma batched(20), streamed(20);
        std::vector<double> out(closes.size());
        EXPECT_NO_THROW(batch_values_into(batched, std::span<const double>(closes), std::span(out))) << edge;
        for (size_t i = 0; i < closes.size(); ++i)
            ASSERT_TRUE(same_bits(out[i], or_nan(streamed.update(closes[i])))) << edge << " at " << i;
    }
}

TEST(PriceRefusal, TheTopBitIsPriceOkRefusingOnEveryBitPattern) {
    auto agrees = [](std::uint64_t bits) {
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return ((price_refusal(bits) >> 63) != 0) == !price_ok(v);
    };
    for (std::uint64_t bits : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{0x000FFFFFFFFFFFFF},
                               std::uint64_t{0x0010000000000000}, std::uint64_t{0x3FF0000000000000},
                               std::uint64_t{0x7FEFFFFFFFFFFFFF}, std::uint64_t{0x7FF0000000000000},
                               std::uint64_t{0x7FF0000000000001}, std::uint64_t{0x7FF8000000000000},
                               std::uint64_t{0x7FFFFFFFFFFFFFFF}, std::uint64_t{0x8000000000000000},
                               std::uint64_t{0x8000000000000001}, std::uint64_t{0xBFF0000000000000},
                               std::uint64_t{0xFFEFFFFFFFFFFFFF}, std::uint64_t{0xFFF0000000000000},
                               std::uint64_t{0xFFF8000000000000}, std::uint64_t{0xFFFFFFFFFFFFFFFF}})
        EXPECT_TRUE(agrees(bits)) << std::hex << bits;
    std::uint64_t state = 88172645463325252ull;  // xorshift64
    for (int i = 0; i < 1'000'000; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        ASSERT_TRUE(agrees(state)) << std::hex << state;
        // and the neighbourhood of the exponent's edges, where the carries happen
        ASSERT_TRUE(agrees((state & 0x800FFFFFFFFFFFFF) | 0x7FF0000000000000)) << std::hex << state;
        ASSERT_TRUE(agrees(state & 0x800FFFFFFFFFFFFF)) << std::hex << state;
    }
}

}  // namespace
}  // namespace robo::features
