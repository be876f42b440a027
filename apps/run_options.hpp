// apps/run_options.hpp — the options `backtest` and `run` share, and the one function
// that runs a session from them: load the configuration (defaults for cash, limits,
// slippage, SMA periods), load and select the data, run, print the summary and the
// per-symbol table, write the files. Flags override the configuration.
#pragma once
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "robo/engine/engine.hpp"

namespace robo::apps {

struct RunOptions {
    std::string data = "data/sample";
    std::vector<std::string> strategies;  // "name[:key=value,...]"; default STRATEGY_ENABLED
    std::string combine = "vote";
    std::string timeframe;  // default timeframe of the strategies; empty: the data's own bars
    std::string from, to;
    std::vector<std::string> symbols;
    std::optional<std::string> cash;  // default DEFAULT_CASH
    std::string commission = "fixed";
    std::optional<double> slippage_bps;  // default EXECUTION_SLIPPAGE_BPS
    double max_volume_share = 0.1;
    std::optional<double> position_pct;    // default RISK_MAX_POSITION_PCT
    std::optional<std::string> sizing;     // fixed, atr, kelly; default RISK_POSITION_SIZING
    std::optional<double> risk_per_trade;  // atr sizing; default 0.01
    std::optional<double> max_leverage;    // default RISK_MAX_LEVERAGE
    std::optional<bool> allow_short;       // default EXECUTION_SHORT_SELLING
    std::string out;
    bool quiet = false;
    double speed = 0;
    bool keep_working_orders = false;
    std::string time_zone = "America/New_York";
    std::string risk = "gate";  // gate (robo::risk) or basic
    std::string sectors;        // empty: the shipped map (compiled in)
    // The live dashboard (run only): off unless --dashboard.
    bool dashboard = false;
    std::optional<int> dashboard_port;         // default MONITORING_HTTP_PORT, else 8765; 0 = any free port
    std::optional<std::string> control_token;  // default MONITORING_CONTROL_TOKEN
    double linger = 0;                         // seconds the dashboard stays up after the session
    // Where market data and orders come from (run only; see ibkr_session.hpp).
    std::string broker = "paper";  // paper, tws-sim, ibkr
    bool confirm_live = false;
    std::string bar_timeframe;        // tws-sim/ibkr: default 5s (tws-sim) or 1m (ibkr)
    int backfill = 60;                // tws-sim/ibkr: historical bars per symbol
    std::vector<std::string> faults;  // tws-sim: simulator faults injected at its start
    // The database (apps/session_store.hpp): "" = DATA_DB_PATH. Market data comes from it
    // unless --data is given; the session is recorded in it unless --no-record.
    std::optional<std::string> db;
    bool data_given = false;
    bool no_record = false;
};

void add_run_options(CLI::App& cmd, RunOptions& o, bool replay);
int run_session(const RunOptions& o, engine::Mode mode);

}  // namespace robo::apps
