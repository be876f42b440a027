// apps/run_options.cpp — see run_options.hpp.
#include "run_options.hpp"

#include <fmt/format.h>

#include <iostream>

#include "robo/session/run_command.hpp"
#include "robo/strategy/registry.hpp"

namespace robo::apps {
namespace {
// --broker, --confirm-live, --bar-timeframe, --backfill and --fault (`run` only).
void add_broker_options(CLI::App& cmd, session::SessionRequest& o) {
    cmd.add_option("--broker", o.broker,
                   "Where orders go: paper (simulated fills on the replay), tws-sim (the replay served by "
                   "the TWS simulator on loopback and traded through the socket API), ibkr (TWS/Gateway "
                   "at IBKR_HOST:IBKR_PORT)")
        ->capture_default_str()
        ->check(CLI::IsMember({"paper", "tws-sim", "ibkr"}));
    cmd.add_flag("--confirm-live", o.confirm_live,
                 "With --broker ibkr and EXECUTION_MODE=live: yes, send real orders");
    cmd.add_option("--bar-timeframe", o.bar_timeframe,
                   "With tws-sim/ibkr: bars for the strategies, from 5-second real-time bars (default 5s for "
                   "tws-sim, 1m for ibkr)");
    cmd.add_option("--backfill", o.backfill,
                   "With tws-sim/ibkr: historical bars per symbol read before trading (default 60)")
        ->check(CLI::Range(0, 5000));
    cmd.add_option("--fault", o.faults,
                   "With tws-sim: a simulator fault injected at its start (see `tws-sim --fault`), "
                   "e.g. reject-sells");
}

}  // namespace

void add_run_options(CLI::App& cmd, RunFlags& f, bool replay) {
    session::SessionRequest& o = f.request;
    add_config_flags(cmd, f.config);
    cmd.add_option("--data", o.data,
                   "Folder of market-data files (*.csv, recursive) or one file (default DATA_DIR)");
    cmd.add_option(
           "--db", o.db,
           "SQLite database (no value: DATA_DB_PATH): market data from it unless --data is given; the "
           "session is recorded in it")
        ->expected(0, 1)
        ->default_str("");
    cmd.add_flag("--no-record", o.no_record, "Do not record the session in the database");
    cmd.add_flag("--record-features", o.record_features,
                 "Also record every bar's feature values in the database (for `db export features`)");
    cmd.add_option("--strategy", o.strategies,
                   fmt::format("Strategy, repeatable: NAME or NAME:key=value,... (default STRATEGY_ENABLED). "
                               "Built in: {}",
                               fmt::join(strategy::strategy_names(), ", ")));
    cmd.add_option("--timeframe", o.timeframe,
                   "Bars every strategy without its own timeframe= trades on (built from finer data bars "
                   "when the data lacks them); default STRATEGY_TIMEFRAME (data: the data's own bars)");
    cmd.add_option("--combine", o.combine, "How several strategies combine: vote, weighted, priority")
        ->capture_default_str();
    cmd.add_option("--from", o.from, "First day (YYYY-MM-DD)");
    cmd.add_option("--to", o.to, "Last day, included (YYYY-MM-DD)");
    cmd.add_option("--symbols", o.symbols,
                   "Only these symbols (space or comma separated); with --broker ibkr default SYMBOLS")
        ->delimiter(',');
    cmd.add_option("--cash", o.cash, "Starting cash in USD (default DEFAULT_CASH)");
    cmd.add_option("--commission", o.commission,
                   "Commission schedule: fixed (EXECUTION_COMMISSION_PER_SHARE a share, IBKR's minimum and "
                   "maximum), tiered (IBKR), none")
        ->capture_default_str();
    cmd.add_option(
        "--slippage-bps", o.slippage_bps,
        "Adverse slippage of market and stop fills, basis points (default EXECUTION_SLIPPAGE_BPS)");
    cmd.add_option("--max-volume-share", o.max_volume_share,
                   "Largest share of a bar's volume one bar can fill (0 = no cap)")
        ->capture_default_str();
    cmd.add_option("--position-pct", o.position_pct,
                   "Size of a new position as a share of equity, for the sizer and the gate (default "
                   "RISK_MAX_POSITION_PCT)");
    cmd.add_option("--sizing", o.sizing,
                   "Position sizing: fixed (--position-pct of equity), atr (--risk-per-trade of equity to a "
                   "RISK_ATR_MULTIPLIER x ATR(RISK_ATR_PERIOD) stop) or kelly (RISK_KELLY_FRACTION of the "
                   "strategy's Kelly "
                   "fraction; fixed until it has closed enough trades). Default RISK_POSITION_SIZING");
    cmd.add_option("--risk-per-trade", o.risk_per_trade,
                   "ATR sizing: share of equity lost if the ATR stop is hit (default 0.01)")
        ->check(CLI::Range(0.0001, 0.2));
    cmd.add_option("--max-leverage", o.max_leverage,
                   "Gross exposure limit as a multiple of equity, for the sizer and the gate (default "
                   "RISK_MAX_LEVERAGE)");
    cmd.add_flag("--allow-short,!--no-short", o.allow_short,
                 "Allow short positions (default EXECUTION_SHORT_SELLING)");
    cmd.add_option("--out", o.out, "Folder for trades.csv, fills.csv, equity.csv, report.html, summary.json")
        ->capture_default_str();
    cmd.add_flag("--quiet", f.quiet, "No progress lines");
    cmd.add_option(
           "--risk", o.risk,
           "Pre-trade gate: gate (robo::risk with the RISK_* limits) or basic (position, leverage, shorts)")
        ->capture_default_str();
    cmd.add_option("--sectors", o.sectors,
                   "Symbol-to-sector map (symbol,sector CSV) for the sector limit; default: the shipped "
                   "config/sectors.csv, built in");
    cmd.add_option("--time-zone", o.time_zone,
                   "Exchange time zone of the files' wall-clock times (default DATA_TIMEZONE)");
    if (replay) {
        cmd.add_option(
               "--speed", o.speed,
               "Replay speed: data seconds per second (0 = as fast as possible; default DATA_REPLAY_SPEED)")
            ->check(CLI::NonNegativeNumber);
        cmd.add_flag("--keep-working-orders", o.keep_working_orders,
                     "On shutdown keep working orders instead of cancelling them");
        cmd.add_flag("--dashboard", o.dashboard, "Serve the live dashboard while the session runs");
        cmd.add_option("--dashboard-port", o.dashboard_port,
                       "Dashboard port (default MONITORING_HTTP_PORT, else 8765; 0 = any free port)")
            ->check(CLI::Range(0, 65535));
        cmd.add_option("--control-token", o.control_token,
                       "Token for the dashboard's control actions (default MONITORING_CONTROL_TOKEN)");
        cmd.add_option("--linger", o.linger, "Seconds the dashboard stays up after the session ends")
            ->check(CLI::Range(0.0, 86400.0));
        add_broker_options(cmd, o);
    }
}

int run_session(RunFlags& f) {
    const auto config = load_config_or_say(f.config, f.request.command);
    if (!config) return 1;
    return session::run_session_command(*config, f.request, f.quiet, std::cout, std::cerr);
}

}  // namespace robo::apps
