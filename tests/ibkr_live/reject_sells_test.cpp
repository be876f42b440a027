// A TWS that answers every SELL with 201 (the simulator's reject-sells fault), under a
// paper session with a strategy that keeps wanting out: a few attempts per symbol with
// growing gaps, then the symbol is parked, the kill switch trips naming the reason, the
// webhook hears of it, and the audit file stays small. (Before: ~35 orders a second.)
#include <filesystem>
#include <thread>

#include "robo/engine/session.hpp"
#include "robo/log/audit_tee.hpp"
#include "robo/log/audit_trail.hpp"
#include "robo/log/memory_audit_sink.hpp"
#include "robo/strategy/registry.hpp"
#include "robo/web/engine_alerts.hpp"
#include "session_support.hpp"
#include "support/webhook_receiver.hpp"

using namespace robo;
using namespace robo::ibkr;
using namespace robo::ibkr::live_test;

namespace {
engine::SessionConfig guarded_session() {
    engine::SessionConfig sc = sim_session_config("live", 0.05);
    sc.use_risk_gate = true;
    sc.risk.limits.max_position_pct = 0.1;
    sc.risk.limits.min_volume = 0;
    sc.risk.limits.correlation_limit = 1.0;
    sc.risk.limits.max_sector_exposure = 1.0;
    sc.risk.check_market_hours = false;
    sc.risk.reset_kill_switch_daily = false;  // the operator's call, as in a live session
    return sc;
}
}  // namespace

TEST(RejectSells, EveryRefusedExitBacksOffThenParksTheSymbolTripsTheKillSwitchAndAlertsOnce) {
    // 500 simulated seconds per wall second; ten simulated minutes of a TWS refusing SELLs.
    Rig rig([](sim::SimConfig& s) { s.step = std::chrono::milliseconds(2); });
    auto& link = rig.make_link();
    IbkrBroker broker(link);
    MarketDataConfig mc;
    mc.symbols = {Symbol("AAPL"), Symbol("MSFT")};
    mc.data_time_stamps = true;
    IbkrMarketData feed(link, mc);

    const auto dir = std::filesystem::temp_directory_path() / ("reject_sells_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto audit_file = dir / "audit.jsonl";
    std::filesystem::remove(audit_file);
    robo::test::Receiver receiver(0);
    web::AlertPoster poster({.url = receiver.url(), .first_backoff = std::chrono::milliseconds(5)});
    web::EngineAlerts alerts(poster, {.session = "live", .mode = engine::Mode::replay});
    log::MemoryAuditSink memory;
    size_t orders = 0, sells = 0;
    std::string kill_switch;
    int64_t rejections = 0;
    {
        log::AuditTrail trail(audit_file, log::FsyncPolicy::none);
        log::AuditTee tee(trail, memory);
        web::AlertingAudit audit(tee, alerts);
        engine::Session session(guarded_session(), feed, audit, broker);
        session.engine().set_observer(&alerts);
        rig.start();
        rig.inject("reject-sells");  // from the start: every exit is refused
        std::thread ender = end_feed_after(rig, feed, 600);
        auto summary = session.run();
        ender.join();
        EXPECT_EQ(summary.stop_reason, "end of data");
        for (const auto& mo : session.orders().all()) {
            ++orders;
            sells += mo.order.side == Side::sell;
        }
        kill_switch = session.gate().kill_switch_state();
        rejections = session.trader().stats().broker_rejections;
        session.engine().set_observer(nullptr);
        rig.stop();
    }
    alerts.close();
    ASSERT_TRUE(poster.flush(std::chrono::seconds(5)));

    // The strategy wanted out many times; each symbol got its budget of five, no more.
    EXPECT_GT(sells, 0u) << "the strategy entered and tried to exit";
    EXPECT_LE(sells, 10u) << "at most five SELL attempts per symbol in ten minutes";
    EXPECT_LE(orders, 30u);
    EXPECT_EQ(rejections, int64_t(sells));
    EXPECT_EQ(kill_switch.rfind("tripped: broker_rejections", 0), 0u) << kill_switch;
    EXPECT_NE(kill_switch.find("201"), std::string::npos) << kill_switch;

    // The webhook heard of the parked symbol and of the trip, each once per subject.
    size_t parked_alerts = 0, trip_alerts = 0;
    for (const auto& a : receiver.alerts()) {
        parked_alerts += a["kind"] == "symbol_parked";
        trip_alerts += a["kind"] == "kill_switch_tripped";
        if (a["kind"] == "symbol_parked") {
            EXPECT_NE(a["message"].get<std::string>().find("reset the kill switch"), std::string::npos);
        }
    }
    EXPECT_GE(parked_alerts, 1u);
    EXPECT_LE(parked_alerts, 2u);
    EXPECT_EQ(trip_alerts, 1u);

    // Nothing grows without bound: a few hundred records, well under a megabyte.
    size_t parked_records = 0, records = memory.entries.size();
    for (const auto& e : memory.entries) parked_records += e.kind == "symbol_parked";
    EXPECT_EQ(parked_records, parked_alerts);
    EXPECT_LT(records, 1000u);
    EXPECT_LT(std::filesystem::file_size(audit_file), 1'000'000u);
    std::filesystem::remove_all(dir);
}
