// apps/cmd_tws_sim.cpp — `robo_trader tws-sim`: a TWS stand-in on a local port.
//
// Serves the SV 176 protocol (handshake, market data, historical bars, contract details,
// orders and fills, positions, account summary) from the deterministic synthetic market.
// Faults come from --fault flags at start-up, or as lines "fault <spec>" on stdin while
// running (e.g. "fault lost-data:500"); "quit" stops it.
#include <boost/asio.hpp>
#include <iostream>
#include <thread>

#include "command_registry.hpp"
#include "robo/ibkr/sim/simulator.hpp"

namespace robo::apps {
namespace {

struct SimOptions {
    int port = 7497;
    std::string data;
    double speed = 1.0;
    std::string account = "DU1234567";
    std::string symbols = "AAPL,MSFT,SPY,QQQ,NVDA,AMZN";
    std::vector<std::string> faults;
    int max_fill = 0;
};

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
    cfg.broker.max_fill_per_step = Quantity::from_units(o.max_fill);
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
        cmd.add_option("--max-fill", o->max_fill, "Largest fill per simulated second (0: whole order)");
        cmd.add_option("--fault", o->faults,
                       "Fault to inject at start: drop-after:N, lost:MS, lost-data:MS, farm:MS, "
                       "pacing:N, slow:MS, dup-id:N, restart:N");
        return [o]() -> int { return run_sim(*o); };
    }};

}  // namespace
}  // namespace robo::apps
