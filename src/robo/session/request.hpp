// session/request.hpp — what a caller asks of a session beyond the configuration: the
// command line's flags, a Python call's keyword arguments, a research run's parameters.
//
// Every field that has a configuration option is optional: unset means "the option's
// value". The builder (session/builder.hpp) applies the set ones onto its copy of the
// configuration before anything reads it, so a flag reaches every gate, sizer and
// component that reads its option — never only one of them.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "robo/engine/observer.hpp"
#include "robo/strategy/registry.hpp"

namespace robo::session {

struct SessionRequest {
    engine::Mode mode = engine::Mode::backtest;
    std::string command = "backtest";  // names the session in messages and the runs table

    // --- market data -------------------------------------------------------------------
    std::optional<std::string> data;       // folder or file; default DATA_DIR
    std::vector<std::string> symbols;      // empty: SYMBOLS, else every symbol in the data
    std::string from, to;                  // YYYY-MM-DD, `to` included
    std::optional<std::string> time_zone;  // default DATA_TIMEZONE
    // The database: market data from it unless `data` is given; the session is recorded in
    // it unless no_record. nullopt: record into DATA_DB_PATH only when that is set
    // explicitly; "": DATA_DB_PATH.
    std::optional<std::string> db;
    bool no_record = false;
    // Also record the feature values the session computes for each bar (the features table,
    // for `db export features`). Refused by the plan when the session records into no database.
    bool record_features = false;

    // --- strategies ----------------------------------------------------------------------
    std::vector<std::string> strategies;  // "name[:key=value,...]"; default STRATEGY_ENABLED
    // The caller's own strategy objects (C++ or Python), after the named ones. With objects
    // and no names, STRATEGY_ENABLED is not added.
    std::vector<strategy::StrategyObject> strategy_objects;
    std::string combine = "vote";
    std::optional<std::string> timeframe;  // default STRATEGY_TIMEFRAME; empty: the data's own bars

    // --- money, costs, sizing, risk (each overrides its option) --------------------------
    std::optional<std::string> cash;     // DEFAULT_CASH
    std::string commission = "fixed";    // fixed (EXECUTION_COMMISSION_PER_SHARE), tiered, none
    std::optional<double> slippage_bps;  // EXECUTION_SLIPPAGE_BPS
    double max_volume_share = 0.1;
    std::optional<double> position_pct;    // RISK_MAX_POSITION_PCT
    std::optional<std::string> sizing;     // RISK_POSITION_SIZING
    std::optional<double> risk_per_trade;  // atr sizing; default 0.01
    std::optional<double> max_leverage;    // RISK_MAX_LEVERAGE
    std::optional<bool> allow_short;       // EXECUTION_SHORT_SELLING
    std::string risk = "gate";             // gate (robo::risk) or basic
    std::string sectors;                   // empty: the shipped map (compiled in)

    // --- a replay or a session through a broker ------------------------------------------
    std::optional<double> speed;  // data seconds per second; default DATA_REPLAY_SPEED
    bool keep_working_orders = false;
    std::string broker = "paper";  // paper, tws-sim, ibkr
    bool confirm_live = false;
    std::string bar_timeframe;        // tws-sim/ibkr: default 5s (tws-sim) or 1m (ibkr)
    std::optional<int> backfill;      // tws-sim/ibkr: historical bars per symbol
    std::vector<std::string> faults;  // tws-sim: simulator faults injected at its start

    // --- the dashboard and the outputs ---------------------------------------------------
    bool dashboard = false;
    std::optional<int> dashboard_port;         // default MONITORING_HTTP_PORT, else 8765
    std::optional<std::string> control_token;  // default MONITORING_CONTROL_TOKEN
    double linger = 0;                         // seconds the dashboard stays up afterwards
    std::string out;                           // folder for the run's files
    // A research run keeps only its metrics and equity curve: no audit trail on disk (the
    // gate still audits, into a sink that keeps nothing), no trades/fills/equity/report files.
    bool write_files = true;
};

}  // namespace robo::session
