// Every indicator against TA-Lib C (and the two-pass references), on four daily symbols,
// 5-minute index bars and 1-minute future bars with real volume: 1e-9 relative, same
// first-output index.
#include <gtest/gtest.h>

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

using test::column;
using test::GoldenSeries;
using test::matches_golden;

class Golden : public ::testing::TestWithParam<std::string> {
protected:
    void SetUp() override { series_ = test::load_golden(GetParam()); }
    std::span<const double> closes() const { return series_.closes; }
    std::span<const Ohlcv> bars() const { return series_.bars; }
    const std::vector<std::optional<double>>& golden(const std::string& c) { return series_.expected.at(c); }
    GoldenSeries series_;
};

auto value = [](double v) { return v; };

TEST_P(Golden, SmaMatchesTaLib) {
    EXPECT_TRUE(matches_golden(column(batch(Sma(20), closes()), value), golden("sma_20")));
}
TEST_P(Golden, EmaMatchesTaLibSmaSeed) {
    EXPECT_TRUE(matches_golden(column(batch(Ema(20), closes()), value), golden("ema_20")));
}
TEST_P(Golden, RsiMatchesTaLibWilder) {
    EXPECT_TRUE(matches_golden(column(batch(Rsi(14), closes()), value), golden("rsi_14")));
}

TEST_P(Golden, MacdLineSignalAndHistogramMatchTaLib) {
    const auto out = batch(Macd(12, 26, 9), closes());
    EXPECT_TRUE(matches_golden(column(out, [](const MacdValue& v) { return v.line; }), golden("macd")));
    EXPECT_TRUE(
        matches_golden(column(out, [](const MacdValue& v) { return v.signal; }), golden("macd_signal")));
    EXPECT_TRUE(
        matches_golden(column(out, [](const MacdValue& v) { return v.histogram; }), golden("macd_hist")));
}

TEST_P(Golden, BollingerBandsMatchTaLibPopulationSd) {
    const auto out = batch(Bollinger(20, 2.0), closes());
    EXPECT_TRUE(
        matches_golden(column(out, [](const BollingerValue& v) { return v.upper; }), golden("bb_upper")));
    EXPECT_TRUE(
        matches_golden(column(out, [](const BollingerValue& v) { return v.middle; }), golden("bb_middle")));
    EXPECT_TRUE(
        matches_golden(column(out, [](const BollingerValue& v) { return v.lower; }), golden("bb_lower")));
    EXPECT_TRUE(
        matches_golden(column(out, [](const BollingerValue& v) { return v.percent_b; }), golden("bb_pctb")));
    EXPECT_TRUE(
        matches_golden(column(out, [](const BollingerValue& v) { return v.bandwidth; }), golden("bb_width")));
}

TEST_P(Golden, AtrMatchesTaLibFirstBarAndWilder) {
    EXPECT_TRUE(matches_golden(column(batch(Atr(14), bars()), value), golden("atr_14")));
}
TEST_P(Golden, ObvMatchesTaLib) {
    EXPECT_TRUE(matches_golden(column(batch(Obv(), bars()), value), golden("obv")));
}
TEST_P(Golden, SessionVwapMatchesTwoPass) {
    EXPECT_TRUE(matches_golden(column(batch(Vwap(), bars()), value), golden("vwap")));
}
TEST_P(Golden, RollingVwapMatchesTwoPass) {
    EXPECT_TRUE(matches_golden(column(batch(RollingVwap(20), bars()), value), golden("vwap_20")));
}
TEST_P(Golden, RollingStdMatchesTwoPass) {
    EXPECT_TRUE(matches_golden(column(batch(RollingStd(20), closes()), value), golden("std_20")));
}
TEST_P(Golden, ZScoreMatchesTwoPass) {
    EXPECT_TRUE(matches_golden(column(batch(ZScore(20), closes()), value), golden("zscore_20")));
}
TEST_P(Golden, SimpleReturnMatches) {
    EXPECT_TRUE(matches_golden(column(batch(Returns(1), closes()), value), golden("ret_1")));
}
TEST_P(Golden, LogReturnOverFiveBarsMatches) {
    EXPECT_TRUE(
        matches_golden(column(batch(Returns(5, ReturnKind::log), closes()), value), golden("logret_5")));
}

INSTANTIATE_TEST_SUITE_P(Series, Golden, ::testing::ValuesIn(test::golden_names()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                             std::string n = param.param;
                             for (auto& c : n)
                                 if (c == '-') c = '_';
                             return n;
                         });

// The golden files must actually exercise each indicator (a test against empty columns
// would prove nothing): every TA-Lib column has values on the daily series, and the 1-minute
// future bars have real volume so the VWAP columns are populated.
TEST(GoldenFiles, EveryColumnHasValuesWhereVolumeExists) {
    for (const auto& name : {std::string("daily-AAPL"), std::string("future-2006-1min")}) {
        const auto g = test::load_golden(name);
        for (const auto& [col, values] : g.expected) {
            size_t n = 0;
            for (const auto& v : values) n += v.has_value();
            EXPECT_GT(n, values.size() / 2) << name << " column " << col;
        }
    }
}

}  // namespace
}  // namespace robo::features
