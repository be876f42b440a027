// tests/quality/validator_test.cpp — one rule of the streaming gate per test.
#include <gtest/gtest.h>

#include "robo/data/quality/corporate_actions.hpp"
#include "robo/data/quality/history.hpp"
#include "robo/data/quality/validator.hpp"

namespace robo::data::quality {
namespace {

using namespace std::chrono;

const Symbol aapl{"AAPL"};
const Timestamp t0 = from_civil(2024, 6, 3, 14, 0);  // 10:00 New York, a Monday
const Timestamp now = t0 + hours{1};

Tick trade(double price, double size, Timestamp t = t0) {
    return Tick{aapl, t, Price::from_double(price), Quantity::from_double(size)};
}
Quote quote(double bid, double ask, Timestamp t = t0) {
    return Quote{aapl,
                 t,
                 Price::from_double(bid),
                 Price::from_double(ask),
                 Quantity::from_units(100),
                 Quantity::from_units(100)};
}
Bar bar(Timestamp start, double o, double h, double l, double c, double volume = 1000,
        Timeframe tf = Timeframe::m1) {
    return Bar{aapl,
               tf,
               start,
               Price::from_double(o),
               Price::from_double(h),
               Price::from_double(l),
               Price::from_double(c),
               Quantity::from_double(volume),
               false};
}
Bar day_bar(std::chrono::year_month_day d, double close, double volume = 1e6) {
    return bar(Timestamp{sys_days{d}}, close, close * 1.01, close * 0.99, close, volume, Timeframe::day);
}

// A tape of `n` trades wiggling around 100 a second apart, to warm the bands up.
Validator warmed_up(int n = 40) {
    Validator v;
    for (int i = 0; i < n; ++i) v.check(trade(100 + 0.01 * (i % 5), 100, t0 + seconds{i}), now);
    return v;
}

bool found(const Validator& v, Check c) { return v.log().count(c) > 0; }

TEST(Validator, QuarantinesTradesWithNonPositivePriceOrSize) {
    Validator v;
    EXPECT_EQ(v.check(trade(0, 100), now), Action::quarantined);
    EXPECT_EQ(v.check(trade(100, 0), now), Action::quarantined);
    EXPECT_EQ(v.log().count(Check::non_positive_price), 1u);
    EXPECT_EQ(v.log().count(Check::non_positive_size), 1u);
}

TEST(Validator, QuarantinesAbsurdPricesAndSizes) {
    Validator v;
    EXPECT_EQ(v.check(trade(5'000'000, 100), now), Action::quarantined);
    EXPECT_EQ(v.check(trade(100, 1e9), now), Action::quarantined);
    EXPECT_TRUE(found(v, Check::absurd_price));
    EXPECT_TRUE(found(v, Check::absurd_size));
}

TEST(Validator, QuarantinesCrossedQuotesAndFlagsLockedOnes) {
    Validator v;
    EXPECT_EQ(v.check(quote(100.02, 100.01), now), Action::quarantined);
    EXPECT_EQ(v.check(quote(100.01, 100.01, t0 + seconds{1}), now), Action::flagged);
    EXPECT_EQ(v.check(quote(100.00, 100.01, t0 + seconds{2}), now), Action::passed);
    EXPECT_EQ(v.log().count(Check::crossed_quote), 1u);
    EXPECT_EQ(v.log().count(Check::locked_quote), 1u);
}

TEST(Validator, QuarantinesOutOfOrderAndDuplicateTrades) {
    Validator v;
    v.check(trade(100, 10, t0 + seconds{5}), now);
    EXPECT_EQ(v.check(trade(100, 10, t0 + seconds{4}), now), Action::quarantined);
    EXPECT_EQ(v.check(trade(100, 10, t0 + seconds{5}), now), Action::quarantined);
    // Same time, different size: a second print, not a duplicate.
    EXPECT_EQ(v.check(trade(100, 20, t0 + seconds{5}), now), Action::passed);
    EXPECT_EQ(v.log().count(Check::out_of_order), 1u);
    EXPECT_EQ(v.log().count(Check::duplicate), 1u);
}

TEST(Validator, QuarantinesTimestampsBeyondTheClockTolerance) {
    Validator v;
    EXPECT_EQ(v.check(trade(100, 10, now + seconds{4}), now), Action::passed);
    EXPECT_EQ(v.check(trade(100, 10, now + seconds{60}), now), Action::quarantined);
    EXPECT_EQ(v.log().count(Check::future_timestamp), 1u);
}

TEST(Validator, FlagsStaleArrivalsWhenConfigured) {
    QualityRules rules;
    rules.stale_after = seconds{10};
    Validator v(rules);
    EXPECT_EQ(v.check(trade(100, 10, now - seconds{30}), now), Action::flagged);
    EXPECT_EQ(v.log().count(Check::stale), 1u);
}

TEST(Validator, QuarantinesASpikeButAcceptsAPersistentJump) {
    auto v = warmed_up();
    EXPECT_EQ(v.check(trade(108, 100, t0 + seconds{50}), now), Action::quarantined);  // spike
    EXPECT_EQ(v.check(trade(100.02, 100, t0 + seconds{51}), now), Action::passed);
    // A real jump to 104: the first prints are held back, then the new level is confirmed.
    EXPECT_EQ(v.check(trade(104, 100, t0 + seconds{52}), now), Action::quarantined);
    EXPECT_EQ(v.check(trade(104.01, 100, t0 + seconds{53}), now), Action::quarantined);
    EXPECT_EQ(v.check(trade(104.02, 100, t0 + seconds{54}), now), Action::passed);
    EXPECT_EQ(v.check(trade(104.00, 100, t0 + seconds{55}), now), Action::passed);
}

TEST(Validator, QuarantinesBarsWhoseHighAndLowContradictOpenAndClose) {
    Validator v;
    EXPECT_EQ(v.check(bar(t0, 100, 99, 101, 100.5), now), Action::quarantined);  // high/low swapped
    EXPECT_EQ(v.log().count(Check::ohlc_inconsistent), 1u);
}

TEST(Validator, FlagsZeroVolumeInsideTheRegularSessionOnceTheSeriesHasVolume) {
    Validator v;
    v.check(bar(t0, 100, 101, 99, 100, 500), now);
    EXPECT_EQ(v.check(bar(t0 + minutes{1}, 100, 101, 99, 100, 0), now), Action::flagged);
    // An index has no volume at all: zero is normal there.
    Validator index;
    const Bar b = bar(t0, 100, 101, 99, 100, 0);
    EXPECT_EQ(index.check(b, now), Action::passed);
}

TEST(Validator, CountsMissingMinuteBarsOnlyInsideTheSession) {
    Validator v;
    // 15:58 and 15:59 New York, then 09:30 the next day: the night is not a gap.
    const Timestamp close_minus_2 = from_civil(2024, 6, 3, 19, 58);
    v.check(bar(close_minus_2, 100, 101, 99, 100), now + hours{24});
    v.check(bar(close_minus_2 + minutes{1}, 100, 101, 99, 100), now + hours{24});
    v.check(bar(from_civil(2024, 6, 4, 13, 30), 100, 101, 99, 100), now + hours{24});
    EXPECT_EQ(v.log().count(Check::gap), 0u);
    // 09:31 then 09:35: 09:32, 09:33 and 09:34 are missing.
    v.check(bar(from_civil(2024, 6, 4, 13, 31), 100, 101, 99, 100), now + hours{24});
    v.check(bar(from_civil(2024, 6, 4, 13, 35), 100, 101, 99, 100), now + hours{24});
    ASSERT_EQ(v.log().count(Check::gap), 1u);
    EXPECT_EQ(v.log().findings().back().value, 3);
}

TEST(Validator, CountsMissingTradingDaysAgainstTheCalendar) {
    Validator v;
    // Thursday 2024-07-03, then Monday 07-08: July 4 is a holiday, Friday 07-05 is missing.
    v.check(day_bar(2024y / 7 / 3, 100), now + days{60});
    v.check(day_bar(2024y / 7 / 8, 100), now + days{60});
    ASSERT_EQ(v.log().count(Check::gap), 1u);
    EXPECT_EQ(v.log().findings().back().value, 1);
}

TEST(Validator, FlagsADailyBarOnAClosedDay) {
    Validator v;
    EXPECT_EQ(v.check(day_bar(2024y / 12 / 25, 100), now + days{300}), Action::flagged);
    EXPECT_EQ(v.log().count(Check::outside_session), 1u);
}

TEST(Validator, QualityScoreIsUsableRecordsOverAllRecords) {
    Validator v;
    v.check(trade(100, 10, t0), now);
    v.check(trade(0, 10, t0 + seconds{1}), now);
    v.check(trade(100, 10, t0 + seconds{2}), now);
    v.check(trade(100.01, 10, t0 + seconds{3}), now);
    EXPECT_DOUBLE_EQ(v.counts(aapl).quality_score(), 0.75);
    EXPECT_EQ(v.counts(aapl).quarantined, 1u);
}

TEST(Validator, EveryFindingDescribesWhereWhatAndTheAction) {
    Validator v;
    v.check(quote(100.02, 100.01), now);
    const auto text = v.log().findings().front().describe();
    EXPECT_NE(text.find("AAPL"), std::string::npos);
    EXPECT_NE(text.find("2024-06-03T14:00:00"), std::string::npos);
    EXPECT_NE(text.find("crossed_quote"), std::string::npos);
    EXPECT_NE(text.find("quarantined"), std::string::npos);
}

// A daily history with a 2-for-1 split left in: the ratio shows overnight, volume doubles and
// Adj Close (already adjusted by the vendor) stays smooth.
struct SplitHistory {
    std::vector<Bar> bars;
    std::vector<double> adj;
};
SplitHistory history_with_split(double ratio, size_t split_at = 40) {
    SplitHistory h;
    sys_days d{2024y / 1 / 2};
    for (size_t i = 0; i < 80; ++i, d += days{1}) {
        while (!ExchangeCalendar::nyse().is_trading_day(year_month_day{d})) d += days{1};
        const double fair = 100 + 0.1 * static_cast<double>(i % 7);
        const double m = i < split_at ? ratio : 1.0;
        h.bars.push_back(
            day_bar(year_month_day{d}, fair * m, 1e6 / m * (1 + 0.05 * static_cast<double>(i % 3))));
        h.adj.push_back(fair);
    }
    return h;
}

TEST(CorporateActions, FindsATwoForOneSplitWithItsDateAndRatio) {
    const auto h = history_with_split(2.0);
    const auto actions = detect_corporate_actions(h.bars, h.adj);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, CorporateAction::Kind::split);
    EXPECT_EQ(actions[0].index, 40u);
    EXPECT_EQ(actions[0].date, h.bars[40].start);
    EXPECT_DOUBLE_EQ(actions[0].ratio, 2.0);
}

TEST(CorporateActions, FindsAOneForTenReverseSplit) {
    const auto h = history_with_split(0.1);
    const auto actions = detect_corporate_actions(h.bars, h.adj);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, CorporateAction::Kind::reverse_split);
    EXPECT_DOUBLE_EQ(actions[0].ratio, 0.1);
}

TEST(CorporateActions, AHalvingPriceWithoutTheVolumeOrAdjCloseSignIsNotASplit) {
    auto h = history_with_split(2.0);
    for (size_t i = 0; i < 40; ++i) {
        h.bars[i].volume = h.bars[60].volume;  // volume unchanged across the "split"
        h.adj[i] *= 2;                         // and Adj Close drops with the price: a crash
    }
    EXPECT_TRUE(detect_corporate_actions(h.bars, h.adj).empty());
}

TEST(CorporateActions, FindsADividendFromTheAdjCloseFactorStep) {
    auto h = history_with_split(1.0);
    // Ex-date at bar 50: every earlier Adj Close is scaled by (1 - 0.5 / close[49]).
    const double close49 = h.bars[49].close.to_double(), f = 1 - 0.5 / close49;
    for (size_t i = 0; i < 50; ++i) h.adj[i] *= f;
    const auto actions = detect_corporate_actions(h.bars, h.adj);
    ASSERT_EQ(actions.size(), 1u);
    EXPECT_EQ(actions[0].kind, CorporateAction::Kind::dividend);
    EXPECT_EQ(actions[0].index, 50u);
    EXPECT_NEAR(actions[0].amount, 0.5, 1e-9);
}

TEST(CorporateActions, AdjustingForASplitPutsTheWholeHistoryOnTheLatestBasis) {
    auto h = history_with_split(2.0);
    const auto actions = detect_corporate_actions(h.bars, h.adj);
    adjust_for_splits(h.bars, actions);
    for (size_t i = 0; i < h.bars.size(); ++i) EXPECT_NEAR(h.bars[i].close.to_double(), h.adj[i], 1e-6) << i;
    EXPECT_TRUE(detect_corporate_actions(h.bars, h.adj).empty());
}

TEST(History, ASplitInADailyFileIsReportedAndFlagged) {
    const auto h = history_with_split(3.0);
    const auto report = validate_bars(h.bars, h.adj, HistoryRules{}, now + days{400});
    EXPECT_EQ(report.findings.count(Check::split), 1u);
    EXPECT_EQ(report.actions[40], Action::flagged);
    EXPECT_EQ(report.counts.quarantined, 0u);
}

TEST(History, AdjustingSplitsOnRequestGivesASmoothHistory) {
    const auto h = history_with_split(2.0);
    HistoryRules rules;
    rules.adjust_splits = true;
    const auto report = validate_bars(h.bars, h.adj, rules, now + days{400});
    ASSERT_EQ(report.adjusted.size(), h.bars.size());
    for (size_t i = 0; i < h.bars.size(); ++i)
        EXPECT_NEAR(report.adjusted[i].close.to_double(), h.adj[i], 1e-6) << i;
}

}  // namespace
}  // namespace robo::data::quality
