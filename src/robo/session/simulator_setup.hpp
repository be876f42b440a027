// session/simulator_setup.hpp — the TWS simulator's settings for `robo_trader tws-sim` (a
// stand-in for TWS on a local port that another process trades through): the fill model
// from the same flags and configuration a session's paper broker takes (fill_model), what
// the fill model sees, the symbols, the recorded data it replays and the faults it injects.
#pragma once
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "robo/config/loader.hpp"
#include "robo/ibkr/sim/simulator.hpp"
#include "robo/session/request.hpp"

namespace robo::session {

struct SimulatorRequest {
    int port = 7497;
    std::string data;  // a folder of recorded data to replay; empty: the synthetic market
    double speed = 1.0;
    std::string account = "DU1234567";
    std::string symbols = "AAPL,MSFT,SPY,QQQ,NVDA,AMZN";  // comma separated
    std::vector<std::string> faults;
    SessionRequest fills;  // commission, slippage_bps, max_volume_share, as `run` takes them
    std::string fill_on = "bars";
    std::optional<double> spread_share;  // quotes only: share of the spread paid from mid
};

// Throws std::invalid_argument naming the flag for a bad request (a data folder that cannot
// be replayed included) and std::runtime_error for the configuration. `lines` receives what
// the replay loaded, one line per file.
ibkr::sim::SimConfig simulator_config(const config::Config& config, const SimulatorRequest& request,
                                      std::vector<std::string>& lines);
// "fills on bars with commission fixed, slippage 5 bps, at most 10% of a bar's volume".
std::string describe_fill_model(const ibkr::sim::SimConfig& config);

// `robo_trader tws-sim`: listens on 127.0.0.1:request.port (0: any free port) and serves
// until SIGINT or SIGTERM, or a "quit" line on `commands`; "fault <spec>" lines inject a
// fault while it runs (simulator_serve.cpp). Returns 0 after a clean stop, 2 for a bad
// request, 1 for a bad configuration or a port it cannot listen on. `commands` is read by a
// thread of its own that ends at "quit" or at the stream's end (std::cin: with the process).
int serve_simulator(const config::Config& config, const SimulatorRequest& request, std::istream& commands,
                    std::ostream& out, std::ostream& err);

}  // namespace robo::session
