// The feature engine: spec parsing, per-symbol per-timeframe indicators, snapshots on bar
// close, microstructure on each quote, queries, and refused inputs counted.
#include <gtest/gtest.h>

#include <cmath>

#include "golden.hpp"
#include "robo/features/feature_engine.hpp"

namespace robo::features {
namespace {

Timestamp ny(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
    return from_civil(y, m, d, hh, mm, ss) + std::chrono::hours(5);  // EST
}
Tick trade(const char* sym, Timestamp t, double price) {
    return Tick{Symbol(sym), t, Price::from_double(price), Quantity::from_units(100)};
}

TEST(FeatureSpec, ParsesPeriodsTimeframesAndDefaults) {
    const auto specs = parse_feature_spec("rsi:14@5m,1d; macd bbands:20,2.5 vwap vwap:30", {Timeframe::m1});
    ASSERT_EQ(specs.size(), 5u);
    EXPECT_EQ(specs[0].kind, IndicatorKind::rsi);
    EXPECT_EQ(specs[0].timeframes, (std::vector<Timeframe>{Timeframe::m5, Timeframe::day}));
    EXPECT_EQ(specs[1].params, (std::vector<double>{12, 26, 9}));
    EXPECT_EQ(specs[1].timeframes, std::vector<Timeframe>{Timeframe::m1});
    EXPECT_EQ(output_names(specs[2]),
              (std::vector<std::string>{"bb_upper_20_2.5", "bb_middle_20_2.5", "bb_lower_20_2.5",
                                        "bb_pctb_20_2.5", "bb_width_20_2.5"}));
    EXPECT_EQ(specs[3].kind, IndicatorKind::vwap);
    EXPECT_EQ(specs[4].kind, IndicatorKind::rolling_vwap);
    EXPECT_EQ(output_names(specs[4]), std::vector<std::string>{"vwap_30"});
}

TEST(FeatureSpec, RefusesUnknownNamesBadPeriodsAndTimeframesNamingTheItem) {
    auto message = [](const char* spec) {
        try {
            parse_feature_spec(spec, {Timeframe::m5});
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    EXPECT_EQ(message("rsx:14"),
              "feature spec: item \"rsx:14\": unknown indicator \"rsx\"; expected one of sma, ema, "
              "rsi, macd, bbands, atr, obv, vwap, std, ret, logret, zscore");
    EXPECT_EQ(message("rsi:14.5"),
              "feature spec: item \"rsi:14.5\": expected a whole period between 1 and 1000000, "
              "found 14.5");
    EXPECT_EQ(message("rsi@7m"),
              "feature spec: item \"rsi@7m\": unknown timeframe \"7m\"; expected 1s 5s 1m 5m 15m "
              "30m 1h 1d session");
    EXPECT_EQ(message("rsi:14,3"),
              "feature spec: item \"rsi:14,3\": rsi takes at most 1 parameter(s), found 2");
    EXPECT_EQ(message(" ; "), "feature spec: no indicators given (e.g. \"rsi:14@5m\")");
    EXPECT_THROW(FeatureEngine(FeatureEngineConfig{"macd:26,12,9", {Timeframe::m5}}), std::invalid_argument);
}

TEST(FeatureEngine, DefaultSetOnRealDailyBarsEqualsEachIndicatorRunAlone) {
    const auto g = test::load_golden("daily-AAPL");
    FeatureEngine engine(FeatureEngineConfig{std::string(kDefaultFeatureSpec), {Timeframe::day}});
    const Symbol aapl("AAPL");
    Rsi rsi_alone(14);
    Macd macd_alone;
    std::optional<double> rsi;
    std::optional<MacdValue> macd;
    for (size_t i = 0; i < g.bars.size(); ++i) {
        const auto& b = g.bars[i];
        Bar bar{aapl,
                Timeframe::day,
                from_civil(2015, 1, 12) + std::chrono::hours(24 * static_cast<int>(i)),
                Price::from_double(b.close),
                Price::from_double(b.high),
                Price::from_double(b.low),
                Price::from_double(b.close),
                Quantity::from_double(b.volume),
                false};
        ASSERT_TRUE(engine.on_bar(bar)) << engine.last_error();
        rsi = rsi_alone.update(bar.close.to_double());
        macd = macd_alone.update(bar.close.to_double());
    }
    EXPECT_EQ(engine.latest(aapl, Timeframe::day, "rsi_14"), rsi);
    EXPECT_EQ(engine.latest(aapl, Timeframe::day, "macd_hist_12_26_9"), macd->histogram);
    // Golden inputs have more decimals than Price keeps, so compare loosely here; the
    // indicators themselves are checked at 1e-9 in golden_test.
    EXPECT_NEAR(*engine.latest(aapl, Timeframe::day, "rsi_14"), *g.expected.at("rsi_14").back(), 1e-4);
    EXPECT_NEAR(*engine.latest(aapl, Timeframe::day, "macd_hist_12_26_9"), *g.expected.at("macd_hist").back(),
                1e-4);
    EXPECT_NEAR(*engine.latest(aapl, Timeframe::day, "atr_14"), *g.expected.at("atr_14").back(), 1e-4);
    EXPECT_TRUE(engine.ready(aapl, Timeframe::day));
    EXPECT_EQ(engine.features(aapl, Timeframe::day)->names().size(),
              18u);  // 10 single outputs + 3 MACD + 5 Bollinger
}

TEST(FeatureEngine, PublishesASnapshotWhenEachConfiguredBarCloses) {
    std::vector<std::pair<Timeframe, double>> published;
    FeatureEngine engine(FeatureEngineConfig{"sma:2@1m,5m", {}}, [&](const FeatureSnapshot& s) {
        published.emplace_back(s.bar.timeframe, s.features.values()[0]);
    });
    const Timestamp open = ny(2021, 3, 10, 9, 30);
    for (int m = 0; m < 11; ++m) engine.on_tick(trade("AAPL", open + std::chrono::minutes(m), 100.0 + m));
    // Closed so far: ten 1m bars (09:30..09:39) and two 5m bars (09:30, 09:35).
    ASSERT_EQ(published.size(), 12u);
    EXPECT_TRUE(std::isnan(published[0].second));  // sma:2 needs two bars
    EXPECT_EQ(published[1], std::make_pair(Timeframe::m1, 100.5));
    size_t five = 0;
    for (auto& p : published) five += p.first == Timeframe::m5;
    EXPECT_EQ(five, 2u);
    EXPECT_DOUBLE_EQ(*engine.latest(Symbol("AAPL"), Timeframe::m5, "sma_2"), (104.0 + 109.0) / 2);
    EXPECT_DOUBLE_EQ(*engine.latest(Symbol("AAPL"), Timeframe::m1, "sma_2"), 108.5);
}

TEST(FeatureEngine, SymbolsAreIndependent) {
    FeatureEngine engine(FeatureEngineConfig{"ret:1@1m", {}});
    const Timestamp open = ny(2021, 3, 10, 9, 30);
    for (int m = 0; m < 3; ++m) {
        engine.on_tick(trade("AAPL", open + std::chrono::minutes(m), 100.0 * (m + 1)));
        engine.on_tick(trade("MSFT", open + std::chrono::minutes(m), 50.0));
    }
    EXPECT_DOUBLE_EQ(*engine.latest(Symbol("AAPL"), Timeframe::m1, "ret_1"),
                     1.0);  // 200 -> 100... 100 -> 200
    EXPECT_DOUBLE_EQ(*engine.latest(Symbol("MSFT"), Timeframe::m1, "ret_1"), 0.0);
    EXPECT_EQ(engine.symbols(), 2u);
    EXPECT_FALSE(engine.latest(Symbol("IBM"), Timeframe::m1, "ret_1"));
}

TEST(FeatureEngine, ReadinessIsPerFeatureAndPerTimeframe) {
    FeatureEngine engine(FeatureEngineConfig{"sma:2@1m ret:3@1m", {}});
    const Symbol s("AAPL");
    const Timestamp open = ny(2021, 3, 10, 9, 30);
    for (int m = 0; m < 3; ++m) engine.on_tick(trade("AAPL", open + std::chrono::minutes(m), 10.0 + m));
    engine.advance_to(open + std::chrono::minutes(3));  // closes the 09:32 bar: three bars in
    EXPECT_TRUE(engine.ready(s, Timeframe::m1, "sma_2"));
    EXPECT_FALSE(engine.ready(s, Timeframe::m1, "ret_3"));  // needs four closes
    EXPECT_FALSE(engine.ready(s, Timeframe::m1));
    EXPECT_FALSE(engine.ready(s, Timeframe::m5));  // not configured
}

TEST(FeatureEngine, PublishesMicrostructureOnEveryQuote) {
    std::vector<QuoteSnapshot> quotes;
    FeatureEngine engine(FeatureEngineConfig{"rsi@1m", {}}, {},
                         [&](const QuoteSnapshot& q) { quotes.push_back(q); });
    const Symbol s("AAPL");
    engine.on_quote(Quote{s, ny(2021, 3, 10, 9, 30), Price::parse("10.00"), Price::parse("10.02"),
                          Quantity::from_units(3), Quantity::from_units(1)});
    engine.on_quote(Quote{s, ny(2021, 3, 10, 9, 31), Price::parse("10.01"), Price::parse("10.02"),
                          Quantity::from_units(1), Quantity::from_units(1)});
    ASSERT_EQ(quotes.size(), 2u);
    EXPECT_DOUBLE_EQ(*quotes[0].features.imbalance, 0.5);
    EXPECT_DOUBLE_EQ(engine.latest_quote(s)->mid, 10.015);
    engine.on_tick(Tick{s, ny(2021, 3, 10, 9, 31, 1), Price::parse("10.02"), Quantity::from_units(5)});
    EXPECT_EQ(engine.latest_trade(s)->sign, 1);
}

TEST(FeatureEngine, RefusedInputsAreCountedWithAClearMessageAndChangeNothing) {
    FeatureEngine engine(FeatureEngineConfig{"sma:2@1m", {}});
    const Timestamp open = ny(2021, 3, 10, 9, 30);
    EXPECT_TRUE(engine.on_tick(trade("AAPL", open + std::chrono::seconds(30), 10.0)));
    EXPECT_FALSE(engine.on_tick(trade("AAPL", open, 11.0)));  // out of order
    EXPECT_NE(engine.last_error().find("out of order"), std::string::npos) << engine.last_error();
    EXPECT_FALSE(
        engine.on_quote(Quote{Symbol("AAPL"), open, Price::parse("10.05"), Price::parse("10.00"), {}, {}}));
    EXPECT_FALSE(engine.on_bar(Bar{Symbol("AAPL"),
                                   Timeframe::day,
                                   open,
                                   Price::parse("1"),
                                   Price::parse("1"),
                                   Price::parse("1"),
                                   Price::parse("1"),
                                   {},
                                   false}));  // 1d not configured
    EXPECT_EQ(engine.rejected(), 3u);
    EXPECT_FALSE(engine.latest_trade(Symbol("AAPL"))->tick_rule_sign);  // still the first trade's
}

}  // namespace
}  // namespace robo::features

#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

namespace robo::features {
namespace {

// Any text either parses or is refused with std::invalid_argument: never a crash or another
// exception (the spec comes from users' configuration files).
RC_GTEST_PROP(FeatureSpec, AnyTextParsesOrIsRefusedCleanly, (std::string text)) {
    try {
        const auto specs = parse_feature_spec(text, {Timeframe::m5});
        RC_ASSERT(!specs.empty());
        for (const auto& s : specs) RC_ASSERT(!output_names(s).empty());
    } catch (const std::invalid_argument&) {
    }
}

RC_GTEST_PROP(FeatureSpec, ParsesAnyWellFormedItem, (unsigned period, bool with_timeframe)) {
    const unsigned p = period % 500 + 2;
    const std::string text = "rsi:" + std::to_string(p) + (with_timeframe ? "@1h,1d" : "");
    const auto specs = parse_feature_spec(text, {Timeframe::m5});
    RC_ASSERT(specs.size() == 1u);
    RC_ASSERT(specs[0].params[0] == static_cast<double>(p));
    RC_ASSERT(specs[0].timeframes.size() == (with_timeframe ? 2u : 1u));
}

}  // namespace
}  // namespace robo::features
