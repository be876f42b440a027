// Batch mode is the streaming code run over an array: results are bit-identical, on random
// series (rapidcheck) and on real ones, however the series is split between the two.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstring>

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
