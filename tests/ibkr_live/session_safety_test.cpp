// The safety policy of a session through a broker (session/policy.hpp), over a real
// loopback socket to the TWS simulator: the operator's persisted kill switch refuses
// entries from the first order, a `robo_trader risk trip|reset` written by another process
// reaches the running session within a second, and the market-hours check follows the
// calendar even though a broker session loads no files.
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "robo/config/loader.hpp"
#include "robo/engine/quality_feed.hpp"
#include "robo/engine/session.hpp"
#include "robo/log/memory_audit_sink.hpp"
#include "robo/risk/kill_switch.hpp"
#include "robo/session/policy.hpp"
#include "robo/strategy/registry.hpp"
#include "session_support.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::live_test;

namespace {

// The session's audit records with the wall time they arrived (written on the engine's
// thread, read by the test's).
struct TimedAudit final : log::AuditSink {
    struct Entry {
        std::string kind;
        nlohmann::json fields;
        std::chrono::steady_clock::time_point at;
    };
    void record(std::string_view kind, const nlohmann::json& fields) override {
        std::lock_guard lock(mutex);
        entries.push_back({std::string(kind), fields, std::chrono::steady_clock::now()});
    }
    std::optional<std::chrono::steady_clock::time_point> first(const std::string& kind,
                                                               const std::string& source) {
        std::lock_guard lock(mutex);
        for (const auto& e : entries)
            if (e.kind == kind && e.fields.value("source", "") == source) return e.at;
        return std::nullopt;
    }
    std::mutex mutex;
    std::vector<Entry> entries;
};

struct TempFile {
    TempFile() {
        dir = std::filesystem::temp_directory_path() /
              ("robo-safety-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::create_directories(dir);
    }
    ~TempFile() { std::filesystem::remove_all(dir); }
    std::filesystem::path path() const { return dir / "kill_switch.json"; }
    std::filesystem::path dir;
    static inline int counter = 0;
};

// A tws-sim session configured by the library's policy, as `robo_trader run --broker
// tws-sim` builds it, with the kill switch in `file`.
engine::SessionConfig broker_session(const std::filesystem::path& file) {
    config::LoadOptions lo;
    lo.environment = {{"RISK_KILL_SWITCH_FILE", file.string()}};
    const auto cfg = config::load_or_throw(lo);
    engine::SessionConfig sc = sim_session_config("sim", 0.01);
    sc.use_risk_gate = true;
    sc.risk.limits = risk::from_config(cfg);
    sc.risk.limits.min_volume = 0;  // the simulator's volumes are small
    sc.risk.limits.kill_switch_violations = 1000;
    sc.risk.track_correlation = false;
    const auto policy = session::policy_for(session::Kind::tws_sim, cfg);
    sc.engine.mode = policy.mode;
    session::apply(policy, sc, /*trades_intraday=*/false, /*operator_attached=*/false);
    return sc;
}

MarketDataConfig market() {
    MarketDataConfig mc;
    mc.symbols = {Symbol("AAPL"), Symbol("MSFT")};
    mc.backfill_bars = 20;
    mc.data_time_stamps = true;
    return mc;
}

// What `robo_trader risk trip|reset` does: another KillSwitch on the same file.
void operator_acts(const std::filesystem::path& file, bool trip, const std::string& reason) {
    log::MemoryAuditSink audit;
    risk::KillSwitch op({5, std::chrono::minutes(5), file}, audit);
    if (trip)
        op.trip("operator", reason, wall_now());
    else
        op.reset(reason, wall_now());
}

// The simulator (one market second every `step`, from `start`), the IBKR adapters over
// loopback and a session built by the policy, with its kill switch in `file`.
struct SimSession {
    SimSession(const std::filesystem::path& file, std::chrono::milliseconds step, int64_t start = kSimStart)
        : rig([step, start](sim::SimConfig& s) {
              s.step = step;
              s.start_time = start;
          }),
          link(rig.make_link()),
          broker(link),
          feed(link, market()),
          session(broker_session(file), feed, audit, broker),
          start_time(start) {}
    // The connection's thread first, while the adapters it calls still exist.
    ~SimSession() { rig.stop(); }
    // Runs `seconds` of market time to the end.
    void run_for(int64_t seconds) {
        rig.start();
        auto ender = end_feed_after(rig, feed, seconds, start_time);
        session.run();
        ender.join();
    }
    Rig rig;
    IbkrLink& link;
    IbkrBroker broker;
    IbkrMarketData feed;
    TimedAudit audit;
    engine::Session session;
    int64_t start_time;
};

size_t sim_buys(Rig& rig) {
    return rig.on_io([&] {
        size_t n = 0;
        for (auto& [id, o] : rig.sim->broker().orders()) n += o.action == "BUY";
        return n;
    });
}
}  // namespace

TEST(BrokerSessionSafety, ATrippedStateFileRefusesEveryEntryFromTheFirstOrder) {
    TempFile tf;
    operator_acts(tf.path(), true, "halt");
    SimSession s(tf.path(), 2ms);
    EXPECT_TRUE(s.session.gate().kill_switch_tripped()) << "read at start";
    s.run_for(600);
    // The trader holds entries back while the switch is tripped: one audited change of
    // state, the wishes counted, nothing sent.
    EXPECT_GT(s.session.trader().stats().held_back, 0) << "the strategy wanted to trade";
    EXPECT_EQ(s.rig.sim_orders_by_ref().size(), 0u) << "no order reached the broker";
    int held_records = 0;
    for (const auto& e : s.audit.entries)
        held_records += e.kind == "orders_held_back" && e.fields.value("scope", "") == "kill_switch";
    EXPECT_EQ(held_records, 1) << "audited once, not once per wish";
    EXPECT_EQ(s.session.gate().kill_switch_state().find("time(s) in this session"), std::string::npos)
        << "tripped before the session, not by it: " << s.session.gate().kill_switch_state();
}

TEST(BrokerSessionSafety, AnUnreadableStateFileCountsAsTrippedAndSaysWhy) {
    TempFile tf;
    std::ofstream(tf.path()) << "{\"version\": 1, \"tripped\": fa";
    SimSession s(tf.path(), 5ms);
    const auto state = s.session.gate().kill_switch_state();
    EXPECT_TRUE(s.session.gate().kill_switch_tripped());
    EXPECT_NE(state.find("state_unreadable"), std::string::npos) << state;
    EXPECT_NE(state.find("kill_switch.json"), std::string::npos) << "names the file";
}

TEST(BrokerSessionSafety, AnOperatorTripAndResetFromAnotherProcessTakeEffectWithinASecond) {
    TempFile tf;
    SimSession s(tf.path(), 4ms);
    std::thread runner([&] { s.run_for(2400); });  // about 10 s of wall time
    auto& rig = s.rig;
    auto& audit = s.audit;

    // Trading has begun: the strategy's first entries reached the broker.
    auto wait_for = [](const std::function<bool()>& done, std::chrono::milliseconds limit) {
        auto end = std::chrono::steady_clock::now() + limit;
        while (!done() && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(5ms);
        return done();
    };
    ASSERT_TRUE(wait_for([&] { return sim_buys(rig) > 0; }, 5000ms)) << "the strategy never bought";

    auto tripped_at = std::chrono::steady_clock::now();
    operator_acts(tf.path(), true, "halt from the command line");
    ASSERT_TRUE(
        wait_for([&] { return audit.first("kill_switch_tripped", "state_file").has_value(); }, 3000ms));
    auto adopted = *audit.first("kill_switch_tripped", "state_file");
    EXPECT_LT(adopted - tripped_at, 1000ms) << "the session adopted the trip within a second";
    // What was in flight has arrived; from here on no new entry reaches the broker.
    std::this_thread::sleep_for(300ms);
    const size_t buys_when_tripped = sim_buys(rig);
    std::this_thread::sleep_for(1500ms);
    EXPECT_EQ(sim_buys(rig), buys_when_tripped) << "no entry while tripped";

    auto reset_at = std::chrono::steady_clock::now();
    operator_acts(tf.path(), false, "alice: incident over");
    ASSERT_TRUE(wait_for([&] { return audit.first("kill_switch_reset", "state_file").has_value(); }, 3000ms));
    EXPECT_LT(*audit.first("kill_switch_reset", "state_file") - reset_at, 1000ms);

    runner.join();
    EXPECT_FALSE(s.session.gate().kill_switch_tripped()) << "the operator's reset holds";
    auto on_disk = risk::KillSwitch::read_state(tf.path());
    ASSERT_TRUE(on_disk);
    EXPECT_FALSE(on_disk->tripped);
}

TEST(BrokerSessionSafety, OutsideMarketHoursABrokerSessionWithNoFilesRefusesEveryOrder) {
    TempFile tf;
    constexpr int64_t kEvening = 1735855200;  // 2025-01-02 22:00 UTC, 17:00 New York: closed
    SimSession s(tf.path(), 2ms, kEvening);
    s.run_for(600);
    EXPECT_GT(s.session.trader().stats().gate_refusals, 0) << "the strategy wanted to trade";
    EXPECT_NE(s.session.gate().refusal_summary().find("market_closed"), std::string::npos)
        << s.session.gate().refusal_summary();
    EXPECT_EQ(s.rig.sim_orders_by_ref().size(), 0u) << "nothing reached the broker after the close";
}

// The broker's stream passes the streaming quality gate before the engine (policy row
// "live data gate"); on the simulator's clean market it quarantines nothing and the
// session trades as before.
TEST(BrokerSessionSafety, TheBrokersStreamPassesTheQualityGateWithNoFalseAlarms) {
    TempFile tf;
    Rig rig([](sim::SimConfig& s) { s.step = 2ms; });
    auto& link = rig.make_link();
    IbkrBroker broker(link);
    IbkrMarketData feed(link, market());
    engine::QualityGatedFeed gated(feed);
    TimedAudit audit;
    {
        engine::Session session(broker_session(tf.path()), gated, audit, broker);
        rig.start();
        auto ender = end_feed_after(rig, feed, 600);
        session.run();
        ender.join();
        EXPECT_GT(session.trader().stats().orders, 0) << "the session traded";
        rig.stop();
    }
    EXPECT_EQ(gated.quarantined(), 0u) << gated.summary();
}
