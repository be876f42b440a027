// apps/cmd_tws_sim.cpp — `robo_trader tws-sim`: a TWS stand-in on a local port, with `run`'s
// fill-model flags and defaults. What it serves, its stdin commands ("fault <spec>", "quit")
// and its exit status: session/simulator_setup.hpp.
#include <iostream>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "robo/session/simulator_setup.hpp"

namespace robo::apps {
namespace {

struct SimOptions {
    session::SimulatorRequest request;
    ConfigFlags config;
};

CommandRegistration tws_sim_command{
    "tws-sim", "Run a TWS simulator (IB API server version 176) on a local port", [](CLI::App& cmd) {
        auto o = std::make_shared<SimOptions>();
        auto& r = o->request;
        cmd.add_option("--port", r.port, "TCP port on 127.0.0.1 (0: any free port)")
            ->check(CLI::Range(0, 65535));
        cmd.add_option(
            "--data", r.data,
            "Folder of CSV market data to replay (bars, ticks, bid/ask); its symbols join --symbols");
        cmd.add_option("--speed", r.speed, "Simulated seconds per wall second")->check(CLI::PositiveNumber);
        cmd.add_option("--account", r.account, "Account id reported (paper accounts start with DU)");
        cmd.add_option("--symbols", r.symbols, "Comma-separated symbols the simulator knows");
        cmd.add_option("--commission", r.fills.commission,
                       "Commission schedule: fixed (IBKR), tiered (IBKR), none")
            ->capture_default_str();
        cmd.add_option(
            "--slippage-bps", r.fills.slippage_bps,
            "Adverse slippage of market and stop fills, basis points (default EXECUTION_SLIPPAGE_BPS)");
        cmd.add_option("--max-volume-share", r.fills.max_volume_share,
                       "Largest share of a bar's volume one bar can fill (0 = no cap)")
            ->capture_default_str();
        cmd.add_option("--fill-on", r.fill_on,
                       "What the fill model sees each simulated second: bars (one-second bars, as a "
                       "backtest) or quotes (bid/ask with displayed sizes)")
            ->capture_default_str();
        cmd.add_option("--spread-share", r.spread_share,
                       "With --fill-on quotes: market orders pay this share of the spread from mid "
                       "(0.5 = the touch) instead of --slippage-bps");
        cmd.add_option("--fault", r.faults,
                       "Fault to inject at start: drop-after:N, lost:MS, lost-data:MS, farm:MS, "
                       "pacing:N, slow:MS, dup-id:N, restart:N, outside-trade:N, reject-sells[:N]");
        add_config_flags(cmd, o->config);
        return [o]() -> int {
            const auto config = load_config_or_say(o->config, "tws-sim");
            return config
                       ? session::serve_simulator(config->config, o->request, std::cin, std::cout, std::cerr)
                       : 1;
        };
    }};

}  // namespace
}  // namespace robo::apps
