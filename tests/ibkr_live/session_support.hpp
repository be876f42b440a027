// tests/ibkr_live/session_support.hpp — a whole engine session over the simulator: the
// engine settings every such test shares, and the thread that ends the feed once the
// simulator's market has run long enough.
#pragma once
#include <chrono>
#include <string>
#include <thread>

#include "live_support.hpp"
#include "robo/engine/session.hpp"
#include "robo/strategy/registry.hpp"

namespace robo::ibkr::live_test {

constexpr int64_t kSimStart =
    1735828200;  // the simulator's default start, 2025-01-02 14:30 UTC (09:30 New York)

// The clock follows the simulator's data time; no signal handling; quick health ticks; a
// fast crossover that trades within minutes of market time.
inline engine::SessionConfig sim_session_config(std::string session_id, double position_fraction) {
    engine::SessionConfig sc;
    sc.engine.mode = engine::Mode::replay;
    sc.engine.handle_signals = false;
    sc.engine.health_interval = std::chrono::milliseconds(50);
    sc.engine.stop_timeout = std::chrono::milliseconds(3000);
    sc.session_id = std::move(session_id);
    sc.trader.position_fraction = position_fraction;
    sc.strategies = {strategy::parse_strategy_spec("sma_crossover:fast=2,slow=5")};
    return sc;
}

// Ends the feed once the simulator's market time reaches start + seconds.
inline std::thread end_feed_after(Rig& rig, IbkrMarketData& feed, int64_t seconds,
                                  int64_t start = kSimStart) {
    return std::thread([&rig, &feed, start, seconds] {
        while (rig.on_io([&] { return rig.sim->now(); }) < start + seconds)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        feed.finish();
    });
}

}  // namespace robo::ibkr::live_test
