// Strategies on different timeframes in one session: bars the data lacks are built from
// its finer bars, each strategy sees only its own timeframe, and their signals combine.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cmath>

#include "engine/fixtures.hpp"
#include "robo/engine/derived_bars.hpp"
#include "robo/engine/feature_stage.hpp"
#include "robo/engine/session.hpp"
#include "robo/log/memory_audit_sink.hpp"
#include "robo/strategy/registry.hpp"

using namespace robo;
using namespace robo::engine;
using namespace robo::test;
using strategy::Direction;

namespace {
// 2024-01-02 09:30 New York (EST) is 14:30 UTC.
const Timestamp kOpen = from_civil(2024, 1, 2) + std::chrono::hours(14) + std::chrono::minutes(30);

// Minute i: open 100 + i, high open + 2, low open - 1, close open + 1, volume 100 + i.
Bar minute(int i) {
    const int o = 100 + i;
    return Bar{Symbol("IDX"),
               Timeframe::m1,
               kOpen + std::chrono::minutes(i),
               Price::from_units(o),
               Price::from_units(o + 2),
               Price::from_units(o - 1),
               Price::from_units(o + 1),
               Quantity::from_units(100 + i),
               false};
}

VectorFeed minutes(int n) {
    VectorFeed feed;
    for (int i = 0; i < n; ++i) feed.add(minute(i));
    feed.seal();
    return feed;
}

// Records what it sees and when; optionally wants a direction from its k-th bar on.
class Probe final : public strategy::Strategy {
public:
    explicit Probe(int long_from = -1) : long_from_(long_from) {}
    std::string_view name() const noexcept override { return "probe"; }
    void on_bar(strategy::Context& ctx, const Bar& bar) override {
        bars.push_back(bar);
        seen_at.push_back(ctx.now());
        if (long_from_ >= 0)
            ctx.signal(want(bar, int(bars.size()) - 1 >= long_from_ ? Direction::long_ : Direction::flat));
    }
    void on_features(strategy::Context&, const strategy::FeatureUpdate& u) override {
        feature_updates.push_back({u.timeframe, u.derived});
    }
    std::vector<Bar> bars;
    std::vector<Timestamp> seen_at;
    std::vector<std::pair<Timeframe, bool>> feature_updates;

private:
    int long_from_;
};

// Two probes in one session on minute bars: one on the data's own bars, one on 5-minute
// bars the session builds from them; with `features`, the feature stage on minute bars
// (and so on the derived 5-minute bars too).
struct TwoTimeframes {
    explicit TwoTimeframes(int fast_long_from = -1, int slow_long_from = -1,
                           strategy::Combine combine = strategy::Combine::vote, double threshold = 0.5,
                           bool features = false)
        : fast_(std::make_shared<Probe>(fast_long_from)),
          slow_(std::make_shared<Probe>(slow_long_from)),
          rig([](strategy::Context&, const Bar&, int) {},
              {.configure =
                   [&](SessionConfig& c) {
                       c.strategy_objects = {{fast_, 1.0, std::nullopt},    // the data's own bars
                                             {slow_, 1.0, Timeframe::m5}};  // 5-minute bars
                       c.combine = combine;
                       c.weighted_threshold = threshold;
                       c.data_timeframes = {Timeframe::m1};
                       if (features) c.feature_timeframes = {Timeframe::m1};
                   }}),
          fast(fast_.get()),
          slow(slow_.get()) {}
    void run(VectorFeed& feed) { rig.run(feed); }

private:
    std::shared_ptr<Probe> fast_, slow_;

public:
    Rig rig;
    Probe* fast = nullptr;
    Probe* slow = nullptr;
};
}  // namespace

TEST(Timeframes, AFiveMinuteStrategySeesFiveMinuteBarsBuiltFromMinutesWhenTheyClose) {
    TwoTimeframes s;
    auto feed = minutes(30);
    s.run(feed);
    ASSERT_EQ(s.slow->bars.size(), 6u);
    const Bar& first = s.slow->bars[0];
    EXPECT_EQ(first.timeframe, Timeframe::m5);
    EXPECT_EQ(first.start, kOpen);
    EXPECT_EQ(first.open, Price::from_units(100));   // minute 0's open
    EXPECT_EQ(first.high, Price::from_units(106));   // minute 4's high
    EXPECT_EQ(first.low, Price::from_units(99));     // minute 0's low
    EXPECT_EQ(first.close, Price::from_units(105));  // minute 4's close
    EXPECT_EQ(first.volume, Quantity::from_units(100 + 101 + 102 + 103 + 104));
    for (size_t k = 0; k < 6; ++k) {
        EXPECT_EQ(s.slow->bars[k].start, kOpen + std::chrono::minutes(5 * k));
        // Delivered when its last minute became known: no earlier (look-ahead), no later.
        EXPECT_EQ(s.slow->seen_at[k], kOpen + std::chrono::minutes(5 * k + 5));
    }
}

TEST(Timeframes, AStrategyWithoutATimeframeSeesOnlyTheDatasOwnBars) {
    TwoTimeframes s;
    auto feed = minutes(30);
    s.run(feed);
    ASSERT_EQ(s.fast->bars.size(), 30u);
    for (const Bar& b : s.fast->bars) EXPECT_EQ(b.timeframe, Timeframe::m1);
}

// Both must agree (weighted, threshold 1): the minute strategy is long from its 3rd bar
// (known 09:33), the 5-minute one from its first (known 09:35). The entry is decided at
// 09:35, when the slower signal arrives, and not before.
TEST(Timeframes, SignalsFromDifferentTimeframesCombine) {
    TwoTimeframes s(/*fast_long_from=*/2, /*slow_long_from=*/0, strategy::Combine::weighted, 1.0);
    auto feed = minutes(30);
    s.run(feed);
    ASSERT_FALSE(s.rig.orders.all().empty());
    const auto& entry = s.rig.orders.all().front();
    EXPECT_EQ(entry.order.side, Side::buy);
    EXPECT_EQ(entry.order.created, kOpen + std::chrono::minutes(5));
}

TEST(Timeframes, FeaturesOnDerivedBarsReachOnlyTheStrategiesOnThatTimeframe) {
    TwoTimeframes s(-1, -1, strategy::Combine::vote, 0.5, /*features=*/true);
    auto feed = minutes(30);
    s.run(feed);
    ASSERT_EQ(s.slow->feature_updates.size(), 6u);
    for (auto [tf, derived] : s.slow->feature_updates) {
        EXPECT_EQ(tf, Timeframe::m5);
        EXPECT_TRUE(derived);
    }
    ASSERT_EQ(s.fast->feature_updates.size(), 30u);
    for (auto [tf, derived] : s.fast->feature_updates) EXPECT_EQ(tf, Timeframe::m1);
}

TEST(Timeframes, OnlyTimeframesTheDataLacksAreBuiltAndImpossibleOnesAreRefused) {
    EXPECT_EQ(timeframes_to_derive({Timeframe::m1}, {Timeframe::m5, Timeframe::h1, Timeframe::m5}),
              (std::vector<Timeframe>{Timeframe::m5, Timeframe::h1}));
    EXPECT_TRUE(timeframes_to_derive({Timeframe::m1, Timeframe::m5}, {Timeframe::m5}).empty());
    EXPECT_TRUE(timeframes_to_derive({Timeframe::day}, {Timeframe::day}).empty());
    try {
        timeframes_to_derive({Timeframe::day}, {Timeframe::m5});
        FAIL() << "5-minute bars cannot come from daily bars";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(),
                     "a strategy trades 5m bars, but the data has no intraday bars to build them from");
    }
    EXPECT_THROW(timeframes_to_derive({Timeframe::m5}, {Timeframe::m1}), std::invalid_argument);
}

TEST(Timeframes, StrategySpecsNameTheirTimeframe) {
    auto spec = strategy::parse_strategy_spec("sma_crossover:fast=5,timeframe=15m,slow=20");
    ASSERT_TRUE(spec.timeframe);
    EXPECT_EQ(*spec.timeframe, Timeframe::m15);
    EXPECT_EQ(spec.params.count("timeframe"), 0u);  // not a parameter of the strategy itself
    EXPECT_NO_THROW(strategy::make_strategy(spec));
    try {
        strategy::parse_strategy_spec("momentum:timeframe=7m");
        FAIL() << "7m is not a timeframe";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("timeframe=\"7m\""), std::string::npos) << e.what();
    }
}

// A whole session on real minute bars: a 5-minute momentum strategy beside a minute SMA
// crossover runs end to end, and twice gives the same fills.
TEST(Timeframes, SessionOnMinuteDataWithAFiveMinuteStrategyIsDeterministic) {
    auto once = [] {
        VectorFeed feed;
        Bar b = minute(0);
        for (int i = 0; i < 390; ++i) {
            // A slow wave so both strategies change their minds several times.
            const double mid = 100 + 5 * std::sin(i / 20.0);
            b = Bar{Symbol("IDX"),
                    Timeframe::m1,
                    kOpen + std::chrono::minutes(i),
                    Price::from_double(mid),
                    Price::from_double(mid + 0.3),
                    Price::from_double(mid - 0.3),
                    Price::from_double(mid + 0.1),
                    Quantity::from_units(1000),
                    false};
            feed.add(b);
        }
        feed.seal();
        SessionConfig sc;
        sc.engine.handle_signals = false;
        sc.engine.health_interval = std::chrono::milliseconds(0);
        sc.gate.allow_short = false;
        sc.gate.max_leverage = 1;
        sc.gate.max_position_share = 0.5;
        sc.trader.position_fraction = 0.1;
        sc.strategies = {strategy::parse_strategy_spec("sma_crossover:fast=5,slow=20"),
                         strategy::parse_strategy_spec("sma_crossover:fast=3,slow=8,timeframe=5m")};
        sc.combine = strategy::Combine::priority;
        sc.feature_timeframes = {Timeframe::m1};
        log::MemoryAuditSink audit;
        Session session(sc, feed, audit);
        session.run();
        EXPECT_NE(session.derived_bars(), nullptr);
        EXPECT_EQ(session.derived_bars()->built(), 78u);  // 390 minutes / 5
        std::string fills;
        for (const auto& f : session.portfolio().fills())
            fills += fmt::format("{} {} {}\n", format_iso_micros(f.time), f.quantity.to_string(),
                                 f.price.to_string());
        return fills;
    };
    const std::string a = once();
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, once());
}
