// A session over the simulator on the data's own calendar: the bundled daily sample served
// through the TWS protocol over loopback, traded by the engine with the full risk gate. The
// session's period is the sample's, a daily limit resets by trading day, and the quality
// gate finds the broker's stream as clean as the files.
#include <set>
#include <thread>

#include "robo/data/calendar.hpp"
#include "robo/log/memory_audit_sink.hpp"
#include "robo/web/feed_watch.hpp"
#include "session_support.hpp"
#include "support/paths.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::live_test;

namespace {
// Watches the session: its first and last step, the days it filled on, and feed quality.
struct Watcher final : engine::EngineObserver {
    web::FeedWatch feeds;
    Timestamp first{}, last{};
    std::set<std::string> fill_days;
    void on_market(const data::MarketEvent& ev) override {
        std::vector<web::FeedStall> stalls;
        feeds.on_event(ev, ev.time, stalls);
    }
    void on_step(Timestamp t, const exec::Portfolio&, const engine::PreTradeGate&) override {
        if (first == Timestamp{}) first = t;
        last = t;
    }
    void on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder&) override {
        if (ev.kind == exec::BrokerEvent::Kind::fill) fill_days.insert(ny_date(ev.fill.time));
    }
    static std::string ny_date(Timestamp t) {
        auto d = data::ExchangeCalendar::nyse().local_date(t);
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                      unsigned(d.day()));
        return buf;
    }
    // What the quality gate found, by check (for a failure's message).
    std::string findings() const {
        std::string out;
        for (auto& f : feeds.findings())
            out += std::string(f.symbol.view()) + " " + std::string(data::quality::to_string(f.check)) + " " +
                   format_iso_micros(f.time) + "\n";
        return out;
    }
    double quality() const {
        double delivered = 0, total = 0;
        const nlohmann::json all = feeds.to_json(last);
        for (const auto& f : all) {
            total += f["messages"].get<double>();
            delivered += f["messages"].get<double>() - f["quarantined"].get<double>();
        }
        return total == 0 ? 0 : delivered / total;
    }
};

// The sample (or its AAPL and MSFT) served on its own calendar, one published second after
// another as fast as the simulator steps, and traded with the full risk gate.
struct SampleSession {
    explicit SampleSession(bool whole_sample = false)
        : rig([whole_sample](sim::SimConfig& s) {
              s.symbols.clear();
              sim::load_replay(robo::test::sample_dir().string(), s.replay);
              if (!whole_sample)
                  std::erase_if(s.replay, [](auto& kv) { return kv.first != "AAPL" && kv.first != "MSFT"; });
              s.data_clock = s.hold_clock = true;
              s.step = std::chrono::milliseconds(1000);
              s.speed = 1e12;
          }) {
        for (auto& [symbol, points] : rig.pending_config().replay) {
            symbols.push_back(Symbol(symbol));
            if (points.front().seconds >= 86400) recorded_bars[Symbol(symbol)] = Timeframe::day;
            if (points.front().seconds == 300) recorded_bars[Symbol(symbol)] = Timeframe::m5;
            if (points.front().seconds == 60) recorded_bars[Symbol(symbol)] = Timeframe::m1;
        }
    }
    Rig rig;
    std::vector<Symbol> symbols;
    std::map<Symbol, Timeframe> recorded_bars;
    Watcher watch;
    engine::RunSummary summary;
    std::string refusals;
    Timestamp clock, engine_clock;
    int orders = 0;

    void run(int max_daily_trades) {
        auto& link = rig.make_link();
        IbkrBroker broker(link);
        MarketDataConfig mc;
        mc.symbols = symbols;
        mc.data_time_stamps = true;
        mc.recorded_bars = recorded_bars;
        IbkrMarketData feed(link, mc);
        auto sc = sim_session_config("cal", 0.01);
        sc.use_risk_gate = true;
        sc.risk.limits.max_daily_trades = max_daily_trades;
        sc.feature_timeframes = {Timeframe::day, Timeframe::m5, Timeframe::m1};
        sc.engine.data_clock = &feed.data_clock();  // the engine runs on the broker's data time
        engine::Session session(sc, feed, audit, broker);
        session.engine().set_observer(&watch);
        rig.start();
        while (!feed.backfilled()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        rig.on_io([&] { rig.sim->start_clock(); });
        // The last record's second (in the compressed layout, the end of its live half).
        const int64_t end = rig.on_io([&] {
            const auto& timeline = rig.sim->market().timeline();
            return timeline.empty() ? rig.sim->now() + 640 : timeline.back();
        });
        std::thread ender([&] {
            while (rig.on_io([&] { return rig.sim->now(); }) < end)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            feed.finish_at(from_unix_nanos(end * 1'000'000'000));
        });
        summary = session.run();
        ender.join();
        refusals = session.gate().refusal_summary();
        clock = feed.data_clock().now();
        engine_clock = session.engine().health().clock;
        orders = session.trader().stats().orders;
        rig.stop();
    }
    log::MemoryAuditSink audit;
};
}  // namespace

TEST(SimulatorOnTheDataCalendar, TheSessionsPeriodIsTheSamplesFirstToLastDate) {
    SampleSession s;
    s.run(0);
    ASSERT_EQ(s.summary.stop_reason, "end of data");
    // Equity points carry the data's time (a bar's start), as in a backtest of the same files.
    EXPECT_EQ(Watcher::ny_date(s.watch.first), "2015-01-12");
    EXPECT_EQ(Watcher::ny_date(s.watch.last), "2020-01-10");
    // The engine ran on the injected clock, which the broker's times moved: the last bar
    // (2020-01-10) was published at the next open.
    EXPECT_EQ(s.engine_clock, s.clock);
    EXPECT_EQ(format_iso_micros(s.clock), "2020-01-13T14:30:00.000000Z");
}

TEST(SimulatorOnTheDataCalendar, ADailyTradeLimitResetsEveryTradingDay) {
    SampleSession s;
    s.run(1);  // one order a day
    ASSERT_EQ(s.summary.stop_reason, "end of data");
    EXPECT_GE(s.watch.fill_days.size(), 5u)
        << s.orders << " orders; refused: " << s.refusals
        << "; orders were accepted on many trading days, not once a session";
}

TEST(SimulatorOnTheDataCalendar, TheBrokersStreamOfCleanDataPassesTheQualityGate) {
    SampleSession s(/*whole_sample=*/true);
    s.run(0);
    ASSERT_EQ(s.summary.stop_reason, "end of data");
    EXPECT_EQ(s.watch.feeds.symbols(), 12u);
    EXPECT_GE(s.watch.quality(), 0.999) << s.watch.feeds.to_json(s.watch.last).dump();
    const nlohmann::json feeds = s.watch.feeds.to_json(s.watch.last);
    for (auto it = feeds.begin(); it != feeds.end(); ++it)
        EXPECT_GE(it.value()["quality"].get<double>(), 0.999) << it.key() << ": " << it.value().dump() << "\n"
                                                              << s.watch.findings();
}
