// A lost or garbled backfill answer never stalls the session: the request is asked again
// after IBKR_TIMEOUT (or at once, for an answer that cannot be decoded), and when every try
// fails it is reported (log, audit, alert, health) and live data reaches the engine
// without that symbol's history.
#include <thread>

#include "live_support.hpp"
#include "robo/engine/session.hpp"
#include "robo/log/memory_audit_sink.hpp"
#include "robo/strategy/registry.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::live_test;

namespace {
constexpr int64_t kSimStart = 1735828200;  // the simulator's default start, 2025-01-02 14:30 UTC

// The simulator with `faults` from its start, and a client with a short IBKR_TIMEOUT. A
// retry is an identical request: IBKR's 15 s rule for those, shortened on both sides.
Rig faulted_rig(std::vector<std::string> faults, std::chrono::milliseconds timeout = 300ms,
                int attempts = 3) {
    return Rig(
        [faults](sim::SimConfig& s) {
            s.identical_hist_window = 10ms;
            for (auto& f : faults) s.faults.push_back(sim::parse_fault(f));
        },
        [timeout, attempts](ClientConfig& c) {
            c.request_timeout = timeout;
            c.historical_attempts = attempts;
            c.historical_pacing.identical_window = 10ms;
        });
}

MarketDataConfig backfilled(std::vector<std::string> symbols, int bars = 12) {
    MarketDataConfig mc;
    for (auto& s : symbols) mc.symbols.push_back(Symbol(s));
    mc.backfill_bars = bars;
    mc.data_time_stamps = true;
    return mc;
}

// Collects the feed's events (as the engine would take them) until `done`.
struct Taker {
    IbkrMarketData& feed;
    std::vector<engine::MarketEvent> events;
    bool until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 5s) {
        auto end = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            engine::MarketEvent ev;
            while (feed.next(ev)) events.push_back(ev);
            if (done()) return true;
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(1ms);
        }
    }
    size_t backfill(std::string_view symbol) const {
        return size_t(std::count_if(events.begin(), events.end(),
                                    [&](auto& e) { return e.backfill && e.symbol().view() == symbol; }));
    }
    size_t live(std::string_view symbol) const {
        return size_t(std::count_if(events.begin(), events.end(),
                                    [&](auto& e) { return !e.backfill && e.symbol().view() == symbol; }));
    }
};
}  // namespace

TEST(BackfillFaults, LostAnswerIsAskedAgainAfterTheTimeoutAndTheHistoryStillComesFirst) {
    auto rig = faulted_rig({"drop-history:1"});
    auto& link = rig.make_link();
    IbkrMarketData feed(link, backfilled({"AAPL", "MSFT"}));
    rig.start();
    Taker t{feed};
    ASSERT_TRUE(t.until([&] { return feed.backfilled() && t.live("AAPL") > 0; })) << feed.status().text;
    EXPECT_EQ(t.backfill("AAPL"), 12u);
    EXPECT_EQ(t.backfill("MSFT"), 12u);
    EXPECT_TRUE(t.events.front().backfill) << "history first";
    EXPECT_EQ(feed.stats().backfill_retries, 1u);
    EXPECT_EQ(feed.stats().backfill_failures, 0u);
    EXPECT_TRUE(feed.take_notices().empty()) << "a retry that succeeds is no news for a person";
    EXPECT_EQ(feed.status().text, "1 backfill retries");
    rig.stop();
}

TEST(BackfillFaults, GarbledAnswerIsSkippedAndAskedAgainAtOnce) {
    auto rig = faulted_rig({"garble-history:1"}, 10s);  // no waiting for the timeout
    auto& link = rig.make_link();
    IbkrMarketData feed(link, backfilled({"AAPL", "MSFT"}));
    rig.start();
    Taker t{feed};
    ASSERT_TRUE(t.until([&] { return feed.backfilled() && t.live("AAPL") > 0 && t.live("MSFT") > 0; }, 3s))
        << feed.status().text;
    EXPECT_EQ(t.backfill("AAPL"), 12u);
    EXPECT_EQ(t.backfill("MSFT"), 12u);
    EXPECT_EQ(feed.stats().undecodable, 1u);
    EXPECT_EQ(feed.status().undecodable, 1u) << "the count in the health snapshot";
    EXPECT_EQ(feed.stats().backfill_retries, 1u);
    EXPECT_EQ(feed.stats().backfill_failures, 0u);
    EXPECT_NE(feed.status().text.find("1 undecodable messages skipped"), std::string::npos)
        << feed.status().text;
    rig.stop();
}

TEST(BackfillFaults, BackfillGivenUpIsReportedAndLiveDataGoesOnWithoutIt) {
    // Two tries each: AAPL's both lost, MSFT's first lost and its second answered.
    auto rig = faulted_rig({"drop-history:3"}, 300ms, 2);
    auto& link = rig.make_link();
    IbkrMarketData feed(link, backfilled({"AAPL", "MSFT"}));
    rig.start();
    Taker t{feed};
    ASSERT_TRUE(t.until([&] { return feed.backfilled() && t.live("AAPL") > 0; })) << feed.status().text;
    EXPECT_EQ(t.backfill("AAPL"), 0u);
    EXPECT_EQ(t.backfill("MSFT"), 12u) << "the other symbol keeps its history";
    EXPECT_EQ(feed.stats().backfill_failures, 1u);
    auto notices = feed.take_notices();
    ASSERT_EQ(notices.size(), 1u);
    EXPECT_EQ(notices[0].kind, "backfill_failed");
    EXPECT_EQ(notices[0].fields["symbol"], "AAPL");
    EXPECT_NE(notices[0].fields["reason"].get<std::string>().find("no answer within 0.3 s after 2 tries"),
              std::string::npos)
        << notices[0].fields.dump();
    EXPECT_NE(feed.status().text.find("backfill failed for AAPL"), std::string::npos) << feed.status().text;
    EXPECT_TRUE(feed.status().degraded) << "the end-of-session summary prints it";
    rig.stop();
}

TEST(BackfillFaults, SessionWhoseBackfillIsNeverAnsweredTradesOnLiveDataAndAuditsTheFailure) {
    // The session: the history never comes. The engine must still get live data.
    Rig rig(
        [](sim::SimConfig& s) {
            s.step = 2ms;
            s.identical_hist_window = 10ms;
            s.faults.push_back(sim::parse_fault("drop-history:100"));
        },
        [](ClientConfig& c) {
            c.request_timeout = 200ms;
            c.historical_pacing.identical_window = 10ms;
        });
    auto& link = rig.make_link();
    IbkrBroker broker(link);
    IbkrMarketData feed(link, backfilled({"AAPL"}, 20));
    log::MemoryAuditSink audit;
    engine::SessionConfig sc;
    sc.engine.mode = engine::Mode::replay;
    sc.engine.handle_signals = false;
    sc.engine.health_interval = 50ms;
    sc.session_id = "live";
    sc.strategies = {strategy::parse_strategy_spec("sma_crossover:fast=2,slow=5")};
    engine::Session session(sc, feed, audit, broker);
    rig.start();
    std::thread ender([&] {
        while (rig.on_io([&] { return rig.sim->now(); }) < kSimStart + 600) std::this_thread::sleep_for(5ms);
        feed.finish();
    });
    auto summary = session.run();
    ender.join();
    EXPECT_EQ(summary.stop_reason, "end of data");
    EXPECT_GT(summary.events, 100u) << "live data reached the engine";
    EXPECT_GE(session.engine().health().clock, from_unix_nanos(kSimStart * 1'000'000'000))
        << "the data time advanced past 1970";
    size_t audited = 0;
    for (auto& e : audit.entries)
        if (e.kind == "backfill_failed") {
            ++audited;
            EXPECT_EQ(e.fields["symbol"], "AAPL");
        }
    EXPECT_EQ(audited, 1u);
    auto health = session.engine().health();
    EXPECT_NE(health.feed.text.find("backfill failed for AAPL"), std::string::npos) << health.feed.text;
    EXPECT_EQ(health.feed.backfill_failures, 1u);
    EXPECT_EQ(health.to_json()["feed_backfill_failures"], 1) << "a number, so /metrics exports it";
    rig.stop();
}
