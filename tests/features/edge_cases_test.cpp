// Flat prices, zero volume, gaps, and refused inputs (NaN, zero, negative, infinite).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

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

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Ohlcv bar(double high, double low, double close, double volume = 1000, int32_t session = 0) {
    return Ohlcv{close, high, low, close, volume, session};
}
template <class Indicator>
std::optional<double> feed_flat(Indicator ind, double price, int n) {
    std::optional<double> last;
    for (int i = 0; i < n; ++i) last = ind.update(price);
    return last;
}

TEST(FlatPrices, RsiIsZeroAsInTaLibBecauseNeitherGainNorLossExists) {
    EXPECT_EQ(feed_flat(Rsi(14), 50.0, 40), 0.0);
}
TEST(FlatPrices, SmaAndEmaEqualThePrice) {
    EXPECT_DOUBLE_EQ(*feed_flat(Sma(20), 50.0, 40), 50.0);
    EXPECT_DOUBLE_EQ(*feed_flat(Ema(20), 50.0, 40), 50.0);
}
TEST(FlatPrices, DeviationZScoreAndReturnAreZero) {
    EXPECT_EQ(feed_flat(RollingStd(20), 50.0, 40), 0.0);
    EXPECT_EQ(feed_flat(ZScore(20), 50.0, 40), 0.0);
    EXPECT_EQ(feed_flat(Returns(1), 50.0, 40), 0.0);
}
TEST(FlatPrices, BollingerBandsCollapseOntoThePriceWithPercentBAtTheMiddle) {
    Bollinger bands(20, 2.0);
    std::optional<BollingerValue> v;
    for (int i = 0; i < 25; ++i) v = bands.update(50.0);
    ASSERT_TRUE(v);
    EXPECT_DOUBLE_EQ(v->upper, 50.0);
    EXPECT_DOUBLE_EQ(v->lower, 50.0);
    EXPECT_EQ(v->percent_b, 0.5);
    EXPECT_EQ(v->bandwidth, 0.0);
}
TEST(FlatPrices, MacdIsZero) {
    Macd macd;
    std::optional<MacdValue> v;
    for (int i = 0; i < 40; ++i) v = macd.update(50.0);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->line, 0.0);
    EXPECT_EQ(v->histogram, 0.0);
}
TEST(FlatPrices, AtrOfBarsWithNoRangeIsZero) {
    Atr atr(14);
    std::optional<double> v;
    for (int i = 0; i < 20; ++i) v = atr.update(bar(50, 50, 50));
    EXPECT_EQ(v, 0.0);
}

TEST(ZeroVolume, ObvDoesNotMoveAndVwapWaitsForTheFirstVolume) {
    Obv obv;
    Vwap vwap;
    EXPECT_EQ(obv.update(bar(11, 9, 10, 0)), 0.0);
    EXPECT_EQ(obv.update(bar(12, 10, 11, 0)), 0.0);
    EXPECT_FALSE(vwap.update(bar(11, 9, 10, 0)));
    EXPECT_FALSE(vwap.ready());
    EXPECT_DOUBLE_EQ(*vwap.update(bar(12, 9, 12, 500)), 11.0);  // typical price (12+9+12)/3
    EXPECT_DOUBLE_EQ(*vwap.update(bar(12, 9, 12, 0)), 11.0);    // a zero-volume bar changes nothing
}
TEST(ZeroVolume, RollingVwapHasNoValueWhileTheWholeWindowIsEmpty) {
    RollingVwap vwap(3);
    EXPECT_FALSE(vwap.update(bar(11, 9, 10, 100)));
    EXPECT_FALSE(vwap.update(bar(11, 9, 10, 0)));
    EXPECT_EQ(vwap.update(bar(11, 9, 10, 0)), 10.0);  // window volumes 100, 0, 0
    EXPECT_FALSE(vwap.update(bar(11, 9, 10, 0)));     // window volumes 0, 0, 0
    EXPECT_FALSE(vwap.ready());
    EXPECT_DOUBLE_EQ(*vwap.update(bar(14, 12, 13, 10)), 13.0);
}
TEST(Session, VwapRestartsAtEachSessionOpen) {
    Vwap vwap;
    vwap.update(bar(11, 9, 10, 100, 1));
    EXPECT_DOUBLE_EQ(*vwap.update(bar(21, 19, 20, 100, 1)), 15.0);
    EXPECT_DOUBLE_EQ(*vwap.update(bar(31, 29, 30, 100, 2)), 30.0);
}

TEST(Gaps, AtrCountsTheOvernightGapInTheTrueRange) {
    Atr atr(1);  // period 1: the ATR is the latest true range
    atr.update(bar(101, 99, 100));
    EXPECT_DOUBLE_EQ(*atr.update(bar(112, 110, 111)), 12.0);  // |prev close 100 - high 112|
    EXPECT_DOUBLE_EQ(*atr.update(bar(95, 90, 92)), 21.0);     // |prev close 111 - low 90|
}
TEST(Gaps, ObvAddsOnRiseSubtractsOnFallIgnoresUnchanged) {
    Obv obv;
    obv.update(bar(11, 9, 10, 100));
    EXPECT_EQ(obv.update(bar(21, 19, 20, 50)), 150.0);
    EXPECT_EQ(obv.update(bar(21, 19, 20, 70)), 150.0);
    EXPECT_EQ(obv.update(bar(6, 4, 5, 30)), 120.0);
}

TEST(WarmUp, FirstOutputIndexIsTaLibs) {
    std::vector<double> closes;
    for (int i = 0; i < 60; ++i) closes.push_back(100 + std::sin(i));
    auto first = [](const auto& out) {
        for (size_t i = 0; i < out.size(); ++i)
            if (out[i]) return static_cast<int>(i);
        return -1;
    };
    const std::span<const double> c(closes);
    EXPECT_EQ(first(batch(Sma(20), c)), 19);
    EXPECT_EQ(first(batch(Ema(20), c)), 19);
    EXPECT_EQ(first(batch(Rsi(14), c)), 14);
    EXPECT_EQ(first(batch(Macd(12, 26, 9), c)), 33);
    EXPECT_EQ(first(batch(Bollinger(20, 2), c)), 19);
    EXPECT_EQ(first(batch(Returns(5), c)), 5);
}

// A refused value throws a one-line error naming the indicator, the field and the value,
// and leaves the state exactly as it was: the indicator continues as if it never came.
template <class Indicator, class Input>
void expect_refused_without_trace(Indicator ind, const std::vector<Input>& good, const Input& bad,
                                  const std::string& expected_text) {
    Indicator twin = ind;
    for (size_t i = 0; i < good.size() / 2; ++i) {
        ind.update(good[i]);
        twin.update(good[i]);
    }
    try {
        ind.update(bad);
        ADD_FAILURE() << "accepted " << expected_text;
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find(expected_text), std::string::npos) << e.what();
    }
    for (size_t i = good.size() / 2; i < good.size(); ++i) {
        const auto a = ind.update(good[i]);
        const auto b = twin.update(good[i]);
        ASSERT_EQ(a.has_value(), b.has_value());
    }
    EXPECT_EQ(ind.ready(), twin.ready());
}

std::vector<double> closes_up_and_down() {
    std::vector<double> c;
    for (int i = 0; i < 80; ++i) c.push_back(100 + 5 * std::sin(i * 0.3));
    return c;
}
std::vector<Ohlcv> bars_up_and_down() {
    std::vector<Ohlcv> b;
    for (double c : closes_up_and_down()) b.push_back(bar(c + 1, c - 1, c, 1000));
    return b;
}

TEST(RefusedInput, NanCloseIsRefusedByEveryCloseIndicatorAndNotPropagated) {
    const auto good = closes_up_and_down();
    expect_refused_without_trace(Sma(20), good, kNaN, "SMA: close must be a finite price > 0, found nan");
    expect_refused_without_trace(Ema(20), good, kNaN, "EMA: close");
    expect_refused_without_trace(Rsi(14), good, kNaN, "RSI: close");
    expect_refused_without_trace(Macd(), good, kNaN, "MACD: close");
    expect_refused_without_trace(Bollinger(), good, kNaN, "BBANDS: close");
    expect_refused_without_trace(RollingStd(), good, kNaN, "STDDEV: close");
    expect_refused_without_trace(ZScore(), good, kNaN, "ZSCORE: close");
    expect_refused_without_trace(Returns(), good, kNaN, "RETURNS: close");
}
TEST(RefusedInput, ZeroNegativeAndInfinitePricesAreRefused) {
    const auto good = closes_up_and_down();
    expect_refused_without_trace(Rsi(14), good, 0.0, "found 0");
    expect_refused_without_trace(Rsi(14), good, -3.5, "found -3.5");
    expect_refused_without_trace(Rsi(14), good, std::numeric_limits<double>::infinity(), "found inf");
}
TEST(RefusedInput, BadBarsAreRefusedByBarIndicators) {
    const auto good = bars_up_and_down();
    expect_refused_without_trace(Atr(14), good, bar(kNaN, 99, 100), "ATR: high");
    expect_refused_without_trace(Atr(14), good, bar(99, 101, 100),
                                 "ATR: high must be at least the bar's low");
    expect_refused_without_trace(Obv(), good, bar(101, 99, 100, -5),
                                 "OBV: volume must be a finite volume >= 0, found -5");
    expect_refused_without_trace(Vwap(), good, bar(101, 99, 100, kNaN), "VWAP: volume");
    expect_refused_without_trace(RollingVwap(), good, bar(101, -1, 100), "RollingVWAP: low");
}
TEST(RefusedInput, BadParametersAreRefusedAtConstruction) {
    EXPECT_THROW(Rsi(0), std::invalid_argument);
    EXPECT_THROW(Macd(26, 12, 9), std::invalid_argument);
    EXPECT_THROW(Bollinger(20, -1), std::invalid_argument);
    EXPECT_THROW(Bollinger(20, kNaN), std::invalid_argument);
}

}  // namespace
}  // namespace robo::features
