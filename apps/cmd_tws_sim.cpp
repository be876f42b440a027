// apps/cmd_tws_sim.cpp — `robo_trader tws-sim`: a TWS stand-in on a local port.
//
// Serves the SV 176 protocol (handshake, market data, historical bars, contract details,
// orders and fills, positions, account summary) from the deterministic synthetic market.
// Orders fill with the paper broker's fill model (exec::PaperBroker), configured by the
// same flags and defaults as `run`: --commission, --slippage-bps (default
// EXECUTION_SLIPPAGE_BPS), --max-volume-share; --fill-on and --spread-share choose what the
// model sees. Faults come from --fault flags at start-up, or as lines "fault <spec>" on
// stdin while running (e.g. "fault lost-data:500"); "quit" stops it.
#include <fmt/format.h>

#include <boost/asio.hpp>
#include <cmath>
#include <iostream>
#include <optional>
#include <thread>

#include "command_registry.hpp"
#include "config_flags.hpp"
#include "robo/ibkr/sim/simulator.hpp"
#include "robo/session/plan.hpp"

namespace robo::apps {
namespace {

struct SimOptions {
    int port = 7497;
    std::string data;
    double speed = 1.0;
    std::string account = "DU1234567";
    std::string symbols = "AAPL,MSFT,SPY,QQQ,NVDA,AMZN";
    std::vector<std::string> faults;
    // The fill model, as `run` takes it (commission, slippage, volume cap).
    session::SessionRequest fills;
    ConfigFlags config;
    std::string fill_on = "bars";
    std::optional<double> spread_share;  // quotes only: share of the spread paid from mid
};

// The fill model from the flags and the configuration, as a session's paper broker would
// have it (session::fill_model); throws std::invalid_argument naming the flag.
robo::exec::PaperBrokerConfig fill_config(const SimOptions& o, robo::ibkr::sim::FillSource& source) {
    robo::exec::PaperBrokerConfig c = session::fill_model(load_config(o.config, "tws-sim").config, o.fills);
    if (!robo::ibkr::sim::parse_fill_source(o.fill_on, source))
        throw std::invalid_argument("--fill-on \"" + o.fill_on + "\": expected bars or quotes");
    if (o.spread_share) {
        if (source != robo::ibkr::sim::FillSource::quotes)
            throw std::invalid_argument("--spread-share needs --fill-on quotes (bars have no spread)");
        if (!(*o.spread_share >= 0 && *o.spread_share <= 1))
            throw std::invalid_argument(fmt::format("--spread-share {}: expected 0 to 1", *o.spread_share));
        c.slippage = robo::exec::SlippageModel::spread_share;
        c.spread_share_bps = int64_t(std::llround(*o.spread_share * 10'000));
    }
    return c;
}

std::vector<std::string> split_csv(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s + ",") {
        if (c == ',') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

int run_sim(const SimOptions& o) {
    namespace sim = robo::ibkr::sim;
    sim::SimConfig cfg;
    cfg.port = static_cast<uint16_t>(o.port);
    cfg.speed = o.speed;
    cfg.broker.account = o.account;
    try {
        cfg.broker.fills = fill_config(o, cfg.broker.fill_on);
    } catch (const std::runtime_error& e) {  // the configuration
        std::cerr << "tws-sim: " << e.what() << "\n";
        return 1;
    } catch (const std::invalid_argument& e) {
        std::cerr << "tws-sim: " << e.what() << "\n";
        return 2;
    }
    cfg.symbols = split_csv(o.symbols);
    if (cfg.symbols.empty()) {
        std::cerr << "tws-sim: --symbols is empty; expected a comma-separated list such as AAPL,MSFT\n";
        return 2;
    }
    if (!o.data.empty()) {
        try {
            for (auto& line : sim::load_replay(o.data, cfg.replay)) std::cout << "tws-sim: " << line << "\n";
        } catch (const std::exception& e) {
            std::cerr << "tws-sim: --data " << o.data << ": " << e.what() << "\n";
            return 2;
        }
    }
    try {
        for (auto& f : o.faults) cfg.faults.push_back(sim::parse_fault(f));
    } catch (const std::invalid_argument& e) {
        std::cerr << "tws-sim: " << e.what() << "\n";
        return 2;
    }
    boost::asio::io_context io;
    sim::Simulator simulator(io, cfg);
    try {
        simulator.start();
    } catch (const std::exception& e) {
        std::cerr << "tws-sim: cannot listen on 127.0.0.1:" << o.port << ": " << e.what() << "\n";
        return 1;
    }
    std::cout << "tws-sim: listening on 127.0.0.1:" << simulator.port() << " (server version "
              << robo::ibkr::kServerVersion << ", account " << o.account << ", speed " << o.speed << ")"
              << std::endl;
    const auto& fm = cfg.broker.fills;
    std::string size_cap =
        cfg.broker.fill_on == robo::ibkr::sim::FillSource::quotes ? "size capped by the displayed size"
        : fm.max_volume_share_bps == 0
            ? "no volume cap"
            : fmt::format("at most {}% of a bar's volume", double(fm.max_volume_share_bps) / 100);
    std::cout << fmt::format(
                     "tws-sim: fills on {} with commission {}, {}, {}", to_string(cfg.broker.fill_on),
                     robo::exec::to_string(fm.commission),
                     fm.slippage == robo::exec::SlippageModel::spread_share
                         ? fmt::format("{}% of the spread from mid", double(fm.spread_share_bps) / 100)
                         : fmt::format("slippage {} bps", fm.slippage_bps),
                     size_cap)
              << std::endl;

    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](auto, int) { simulator.stop(), io.stop(); });
    auto guard = boost::asio::make_work_guard(io);
    // Fault commands from stdin, handed to the io thread.
    std::thread console([&] {
        std::string line;
        while (std::getline(std::cin, line)) {
            if (line == "quit") break;
            if (line.rfind("fault ", 0) != 0) {
                std::cerr << "tws-sim: unknown command \"" << line
                          << "\"; expected \"fault <spec>\" or \"quit\"\n";
                continue;
            }
            try {
                auto f = sim::parse_fault(line.substr(6));
                boost::asio::post(io, [&simulator, f] { simulator.inject(f); });
            } catch (const std::invalid_argument& e) {
                std::cerr << "tws-sim: " << e.what() << "\n";
            }
        }
        if (line == "quit") boost::asio::post(io, [&] { simulator.stop(), io.stop(); });
    });
    console.detach();  // blocked on stdin; the process exits when io stops
    io.run();
    std::cout << "tws-sim: stopped after " << simulator.stats().connections << " connection(s), "
              << simulator.broker().executions().size() << " execution(s)" << std::endl;
    return 0;
}

CommandRegistration tws_sim_command{
    "tws-sim", "Run a TWS simulator (IB API server version 176) on a local port", [](CLI::App& cmd) {
        auto o = std::make_shared<SimOptions>();
        cmd.add_option("--port", o->port, "TCP port on 127.0.0.1 (0: any free port)")
            ->check(CLI::Range(0, 65535));
        cmd.add_option(
            "--data", o->data,
            "Folder of CSV market data to replay (bars, ticks, bid/ask); its symbols join --symbols");
        cmd.add_option("--speed", o->speed, "Simulated seconds per wall second")->check(CLI::PositiveNumber);
        cmd.add_option("--account", o->account, "Account id reported (paper accounts start with DU)");
        cmd.add_option("--symbols", o->symbols, "Comma-separated symbols the simulator knows");
        cmd.add_option("--commission", o->fills.commission,
                       "Commission schedule: fixed (IBKR), tiered (IBKR), none")
            ->capture_default_str();
        cmd.add_option(
            "--slippage-bps", o->fills.slippage_bps,
            "Adverse slippage of market and stop fills, basis points (default EXECUTION_SLIPPAGE_BPS)");
        cmd.add_option("--max-volume-share", o->fills.max_volume_share,
                       "Largest share of a bar's volume one bar can fill (0 = no cap)")
            ->capture_default_str();
        cmd.add_option("--fill-on", o->fill_on,
                       "What the fill model sees each simulated second: bars (one-second bars, as a "
                       "backtest) or quotes (bid/ask with displayed sizes)")
            ->capture_default_str();
        cmd.add_option("--spread-share", o->spread_share,
                       "With --fill-on quotes: market orders pay this share of the spread from mid "
                       "(0.5 = the touch) instead of --slippage-bps");
        cmd.add_option("--fault", o->faults,
                       "Fault to inject at start: drop-after:N, lost:MS, lost-data:MS, farm:MS, "
                       "pacing:N, slow:MS, dup-id:N, restart:N, outside-trade:N, reject-sells[:N]");
        add_config_flags(cmd, o->config);
        return [o]() -> int { return run_sim(*o); };
    }};

}  // namespace
}  // namespace robo::apps
