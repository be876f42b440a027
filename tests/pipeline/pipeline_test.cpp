// tests/pipeline — sources to subscribers through the quality gate: what is delivered, what
// is held back and counted, how backfill meets live data, and when health events fire.
#include <gtest/gtest.h>

#include <set>

#include "robo/data/pipeline/pipeline.hpp"
#include "robo/data/pipeline/replay_source.hpp"
#include "robo/data/pipeline/synthetic_source.hpp"

namespace robo::data::pipeline {
namespace {

using namespace std::chrono;
using quality::Check;

const Symbol aapl{"AAPL"};
const Symbol msft{"MSFT"};
const Timestamp open_0603 = from_civil(2024, 6, 3, 13, 30);  // 09:30 New York

// A clock the test moves by hand; by default far after every event (nothing is "future").
struct TestClock {
    Timestamp now = from_civil(2030, 1, 1);
    Pipeline::Clock fn() {
        return [this] { return now; };
    }
};

MarketEvent trade(const Symbol& s, Timestamp t, double price, double size = 100) {
    return MarketEvent{Tick{s, t, Price::from_double(price), Quantity::from_double(size)}};
}
MarketEvent quote(const Symbol& s, Timestamp t, double bid, double ask) {
    return MarketEvent{Quote{s, t, Price::from_double(bid), Price::from_double(ask), Quantity::from_units(1),
                             Quantity::from_units(1)}};
}

// `n` one-minute AAPL bars from 09:30 New York on 2024-06-03, a gentle wiggle around 190.
std::vector<MarketEvent> minute_bars(int n) {
    std::vector<MarketEvent> out;
    for (int i = 0; i < n; ++i) {
        const double c = 190 + 0.05 * (i % 7);
        out.push_back(MarketEvent{Bar{aapl, Timeframe::m1, open_0603 + minutes{i}, Price::from_double(c),
                                      Price::from_double(c + 0.1), Price::from_double(c - 0.1),
                                      Price::from_double(c), Quantity::from_units(1000 + i), false}});
    }
    return out;
}

struct Recorder {
    std::vector<MarketEvent> got;
    Pipeline::Handler handler() {
        return [this](const MarketEvent& e) { got.push_back(e); };
    }
    std::vector<Timestamp> times() const {
        std::vector<Timestamp> t;
        for (const auto& e : got) t.push_back(time_of(e));
        return t;
    }
};

TEST(Pipeline, QuarantinedEventsNeverReachSubscribersAndAreCounted) {
    TestClock clock;
    Pipeline p({}, clock.fn());
    Recorder r;
    p.subscribe(std::nullopt, all_kinds, r.handler());
    auto src = std::make_shared<ReplaySource>(
        "replay", std::vector<MarketEvent>{trade(aapl, open_0603, 190.0), trade(aapl, open_0603 + 1s, 0.0),
                                           quote(aapl, open_0603 + 2s, 190.02, 190.01),
                                           quote(aapl, open_0603 + 3s, 190.00, 190.01)});
    p.run_inline(p.add_source(src));
    ASSERT_EQ(r.got.size(), 2u);
    const auto* h = p.health(aapl);
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->messages, 4u);
    EXPECT_EQ(h->quarantined, 2u);
    EXPECT_EQ(h->delivered, 2u);
    EXPECT_DOUBLE_EQ(h->quality_score(), 0.5);
    EXPECT_EQ(p.findings().count(Check::crossed_quote), 1u);
    EXPECT_EQ(p.findings().count(Check::non_positive_price), 1u);
}

TEST(Pipeline, SubscribersReceiveOnlyTheirSymbolAndDataKind) {
    TestClock clock;
    Pipeline p({}, clock.fn());
    Recorder aapl_trades, all_quotes;
    p.subscribe(aapl, static_cast<DataKinds>(DataKind::tick), aapl_trades.handler());
    p.subscribe(std::nullopt, static_cast<DataKinds>(DataKind::quote), all_quotes.handler());
    auto src = std::make_shared<ReplaySource>(
        "replay",
        std::vector<MarketEvent>{trade(aapl, open_0603, 190), trade(msft, open_0603, 420),
                                 quote(aapl, open_0603, 189.99, 190), quote(msft, open_0603, 419.99, 420)});
    p.run_inline(p.add_source(src));
    ASSERT_EQ(aapl_trades.got.size(), 1u);
    EXPECT_EQ(symbol_of(aapl_trades.got[0]), aapl);
    EXPECT_EQ(all_quotes.got.size(), 2u);
}

TEST(Pipeline, BackfillBeforeLiveLeavesNoDuplicateAndNoHoleAtTheSeam) {
    TestClock clock;
    Pipeline p({}, clock.fn());
    Recorder r;
    p.subscribe(aapl, all_kinds, r.handler());
    const auto bars = minute_bars(300);
    auto src = std::make_shared<ReplaySource>("replay", bars);
    src->set_live_from(open_0603 + minutes{120});  // connected at 11:30; history before that
    const auto id = p.add_source(src);
    p.backfill_before_live(id, aapl, DataKind::bar, Timeframe::m1, open_0603);
    p.run_inline(id);

    ASSERT_EQ(r.got.size(), 300u);  // every minute exactly once
    for (size_t i = 0; i < r.got.size(); ++i) EXPECT_EQ(time_of(r.got[i]), open_0603 + minutes{i}) << i;
    EXPECT_EQ(r.got[120].origin, Origin::backfill);  // 11:30 came in both; history's copy won
    EXPECT_EQ(r.got[121].origin, Origin::live);
    const auto* h = p.health(aapl);
    EXPECT_EQ(h->backfilled, 121u);        // 09:30..11:30 inclusive: the request overlaps by one bar
    EXPECT_EQ(h->duplicates_dropped, 1u);  // ...and that bar was delivered once, from the history
    EXPECT_EQ(h->gaps, 0u);
    EXPECT_EQ(p.findings().count(Check::duplicate), 0u);
}

TEST(Pipeline, AGapInTheLiveStreamIsBackfilledFromTheSource) {
    TestClock clock;
    Pipeline p({}, clock.fn());
    Recorder r;
    p.subscribe(aapl, all_kinds, r.handler());
    auto src = std::make_shared<ReplaySource>("replay", minute_bars(60));
    src->withhold([](const MarketEvent& e) {
        const auto t = time_of(e);
        return t >= open_0603 + minutes{20} && t < open_0603 + minutes{25};
    });
    p.run_inline(p.add_source(src));

    const auto times = r.times();
    const std::set<Timestamp> seen(times.begin(), times.end());
    EXPECT_EQ(seen.size(), 60u);  // the five missing minutes arrived, late and tagged
    size_t backfilled = 0;
    for (const auto& e : r.got) backfilled += e.origin == Origin::backfill;
    EXPECT_EQ(backfilled, 5u);
    const auto* h = p.health(aapl);
    EXPECT_EQ(h->gaps, 1u);
    EXPECT_EQ(h->gaps_filled, 1u);
}

TEST(Pipeline, AGapIsOnlyMarkedWhenConfiguredSo) {
    TestClock clock;
    PipelineConfig config;
    config.on_gap = GapPolicy::mark;
    Pipeline p(config, clock.fn());
    Recorder r;
    p.subscribe(aapl, all_kinds, r.handler());
    auto src = std::make_shared<ReplaySource>("replay", minute_bars(60));
    src->withhold([](const MarketEvent& e) { return time_of(e) == open_0603 + minutes{30}; });
    p.run_inline(p.add_source(src));
    EXPECT_EQ(r.got.size(), 59u);
    EXPECT_EQ(p.health(aapl)->gaps, 1u);
    EXPECT_EQ(p.health(aapl)->gaps_filled, 0u);
    EXPECT_EQ(src->backfills_served(), 0u);
    ASSERT_EQ(p.findings().count(Check::gap), 1u);
}

TEST(Pipeline, AFullBufferUnderDropNewestRefusesCountsAndMarksAGap) {
    TestClock clock;
    PipelineConfig config;
    config.buffer_capacity = 16;
    config.overflow = OverflowPolicy::drop_newest;
    Pipeline p(config, clock.fn());
    std::vector<HealthEvent> events;
    p.on_health([&](const HealthEvent& e) { events.push_back(e); });
    SyntheticConfig sc;
    sc.symbols = {aapl};
    sc.events = 5000;
    sc.quotes = false;
    const auto id = p.add_source(std::make_shared<SyntheticSource>(sc));
    p.start();
    while (!p.sources_done()) std::this_thread::sleep_for(milliseconds(1));  // nobody drains yet
    while (p.drain() > 0) {
    }
    p.stop();
    const auto& buffer = p.buffer(id);
    EXPECT_GT(buffer.dropped(), 0u);
    EXPECT_EQ(buffer.dropped() + buffer.pushed(), 5000u);  // every event either queued or counted
    const auto* h = p.health(aapl);
    EXPECT_EQ(h->rejected, buffer.dropped());
    EXPECT_EQ(h->delivered + h->quarantined, buffer.pushed());
    EXPECT_GE(h->gaps, 1u);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().kind, HealthEvent::Kind::overflow);
}

TEST(Pipeline, ABlockingBufferLosesNothing) {
    TestClock clock;
    PipelineConfig config;
    config.buffer_capacity = 16;
    config.overflow = OverflowPolicy::block;
    Pipeline p(config, clock.fn());
    uint64_t delivered = 0;
    p.subscribe(std::nullopt, all_kinds, [&](const MarketEvent&) { ++delivered; });
    SyntheticConfig sc;
    sc.events = 5'000;
    const auto id = p.add_source(std::make_shared<SyntheticSource>(sc));
    p.start();
    while (!p.sources_done() || p.buffer(id).size_approx() > 0) p.drain();
    p.stop();
    EXPECT_EQ(p.buffer(id).dropped(), 0u);
    EXPECT_EQ(delivered, 10'000u);  // trades and quotes
}

TEST(Pipeline, AStalledFeedRaisesOneHealthEventAndRecovers) {
    TestClock clock;
    clock.now = open_0603 + minutes{5};
    PipelineConfig config;
    config.stall_after = seconds{10};
    Pipeline p(config, clock.fn());
    std::vector<HealthEvent> events;
    p.on_health([&](const HealthEvent& e) { events.push_back(e); });
    auto src =
        std::make_shared<ReplaySource>("replay", std::vector<MarketEvent>{trade(aapl, clock.now, 190)});
    p.run_inline(p.add_source(src));

    p.check_stalls(clock.now + seconds{5});
    EXPECT_TRUE(events.empty());
    p.check_stalls(clock.now + seconds{11});
    p.check_stalls(clock.now + seconds{12});
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, HealthEvent::Kind::stalled);
    EXPECT_EQ(events[0].silent_for, seconds{11});
    EXPECT_TRUE(p.health(aapl)->stalled);

    clock.now += seconds{20};
    auto more =
        std::make_shared<ReplaySource>("replay", std::vector<MarketEvent>{trade(aapl, clock.now, 190.01)});
    p.run_inline(p.add_source(more));
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[1].kind, HealthEvent::Kind::recovered);
    EXPECT_FALSE(p.health(aapl)->stalled);
}

TEST(Pipeline, SilenceWhileTheMarketIsClosedIsNotAStall) {
    TestClock clock;
    clock.now = from_civil(2024, 6, 3, 23, 59);  // 19:59 New York, post-market
    Pipeline p({}, clock.fn());
    std::vector<HealthEvent> events;
    p.on_health([&](const HealthEvent& e) { events.push_back(e); });
    p.run_inline(p.add_source(
        std::make_shared<ReplaySource>("r", std::vector<MarketEvent>{trade(aapl, clock.now, 190)})));
    p.check_stalls(from_civil(2024, 6, 4, 3, 0));  // 23:00 New York: closed
    EXPECT_TRUE(events.empty());
}

TEST(Pipeline, MessageRateFollowsTheArrivalRate) {
    TestClock clock;
    clock.now = open_0603;
    Pipeline p({}, clock.fn());
    std::vector<MarketEvent> ticks;
    for (int i = 0; i < 500; ++i) ticks.push_back(trade(aapl, open_0603 + milliseconds(10 * i), 190));
    // Each event arrives 10 ms after the previous one on the pipeline clock: 100 per second.
    struct Paced final : Source {
        std::vector<MarketEvent> events;
        TestClock* clock;
        std::string_view name() const override { return "paced"; }
        void run(EventSink& sink, std::stop_token) override {
            for (auto& e : events) {
                clock->now = time_of(e);
                sink.push(e);
            }
        }
    };
    auto src = std::make_shared<Paced>();
    src->events = ticks;
    src->clock = &clock;
    p.run_inline(p.add_source(src));
    EXPECT_NEAR(p.health(aapl)->message_rate, 100.0, 2.0);
}

TEST(SyntheticSource, TheSameSeedGivesTheSameStream) {
    SyntheticConfig c;
    c.events = 1000;
    const auto a = SyntheticSource::generate(c), b = SyntheticSource::generate(c);
    ASSERT_EQ(a.size(), 2000u);
    for (size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(time_of(a[i]), time_of(b[i]));
        if (a[i].data.index() == 0) {
            ASSERT_EQ(std::get<Tick>(a[i].data).price, std::get<Tick>(b[i].data).price);
        }
    }
}

TEST(SyntheticSource, ItsStreamPassesTheGateUntouched) {
    TestClock clock;
    Pipeline p({}, clock.fn());
    SyntheticConfig c;
    c.events = 20'000;
    p.run_inline(p.add_source(std::make_shared<SyntheticSource>(c)));
    for (const auto& h : p.health()) EXPECT_EQ(h.quarantined, 0u) << h.symbol.view();
}

}  // namespace
}  // namespace robo::data::pipeline

#include "support/paths.hpp"

namespace robo::data::pipeline {
namespace {

TEST(ReplaySource, RealDailyFilesReplayThroughTheGateInTimeOrder) {
    ROBO_REQUIRE_SHARED_DATA();
    std::vector<std::filesystem::path> files{test::shared_data_dir() / "daily" / "AAPL.csv",
                                             test::shared_data_dir() / "daily" / "MSFT.csv"};
    const auto loaded = load_data_files(files);
    const auto events = ReplaySource::events_from(loaded);
    ASSERT_EQ(events.size(), 2 * 1259u);
    TestClock clock;
    Pipeline p({}, clock.fn());
    Recorder r;
    p.subscribe(std::nullopt, all_kinds, r.handler());
    p.run_inline(p.add_source(std::make_shared<ReplaySource>("csv", events)));
    EXPECT_EQ(r.got.size(), events.size());
    EXPECT_TRUE(std::is_sorted(r.got.begin(), r.got.end(), [](const MarketEvent& a, const MarketEvent& b) {
        return time_of(a) < time_of(b);
    }));
    EXPECT_EQ(p.health(aapl)->quarantined, 0u);
    EXPECT_EQ(p.health(aapl)->gaps, 0u);
}

}  // namespace
}  // namespace robo::data::pipeline
