#include "run_options.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <cstdio>
#include <iostream>
#include <thread>

#include "db_source.hpp"
#include "ibkr_session.hpp"
#include "live_services.hpp"
#include "robo/config/loader.hpp"
#include "robo/config/report.hpp"
#include "robo/engine/backtest.hpp"
#include "robo/engine/observer_fanout.hpp"
#include "robo/engine/quality_feed.hpp"
#include "robo/log/audit_trail.hpp"
#include "robo/risk/limits.hpp"
#include "robo/session/policy.hpp"
#include "robo/strategy/registry.hpp"
#include "session_store.hpp"

namespace robo::apps {

void add_run_options(CLI::App& cmd, RunOptions& o, bool replay) {
    cmd.add_option("--data", o.data, "Folder of market-data files (*.csv, recursive) or one file")
        ->capture_default_str()
        ->each([&o](const std::string&) { o.data_given = true; });
    cmd.add_option(
           "--db", o.db,
           "SQLite database (no value: DATA_DB_PATH): market data from it unless --data is given; the "
           "session is recorded in it")
        ->expected(0, 1)
        ->default_str("");
    cmd.add_flag("--no-record", o.no_record, "Do not record the session in the database");
    cmd.add_option(
        "--strategy", o.strategies,
        "Strategy, repeatable: NAME or NAME:key=value,... (default STRATEGY_ENABLED). Built in: " + [] {
            std::string s;
            for (auto& n : strategy::strategy_names()) s += (s.empty() ? "" : ", ") + n;
            return s;
        }());
    cmd.add_option("--timeframe", o.timeframe,
                   "Bars every strategy without its own timeframe= trades on (built from finer data bars "
                   "when the data lacks them); default: the data's own bars");
    cmd.add_option("--combine", o.combine, "How several strategies combine: vote, weighted, priority")
        ->capture_default_str();
    cmd.add_option("--from", o.from, "First day (YYYY-MM-DD)");
    cmd.add_option("--to", o.to, "Last day, included (YYYY-MM-DD)");
    cmd.add_option("--symbols", o.symbols, "Only these symbols (space or comma separated)")->delimiter(',');
    cmd.add_option("--cash", o.cash, "Starting cash in USD (default DEFAULT_CASH)");
    cmd.add_option("--commission", o.commission, "Commission schedule: fixed (IBKR), tiered (IBKR), none")
        ->capture_default_str();
    cmd.add_option("--slippage-bps", o.slippage_bps,
                   "Adverse slippage of market and stop fills, basis points");
    cmd.add_option("--max-volume-share", o.max_volume_share,
                   "Largest share of a bar's volume one bar can fill (0 = no cap)")
        ->capture_default_str();
    cmd.add_option("--position-pct", o.position_pct, "Size of a new position as a share of equity");
    cmd.add_option("--sizing", o.sizing,
                   "Position sizing: fixed (--position-pct of equity), atr (--risk-per-trade of equity to a "
                   "RISK_ATR_MULTIPLIER x ATR(RISK_ATR_PERIOD) stop) or kelly (RISK_KELLY_FRACTION of the "
                   "strategy's Kelly "
                   "fraction; fixed until it has closed enough trades). Default RISK_POSITION_SIZING");
    cmd.add_option("--risk-per-trade", o.risk_per_trade,
                   "ATR sizing: share of equity lost if the ATR stop is hit (default 0.01)")
        ->check(CLI::Range(0.0001, 0.2));
    cmd.add_option("--max-leverage", o.max_leverage, "Gross exposure limit as a multiple of equity");
    cmd.add_flag("--allow-short,!--no-short", o.allow_short, "Allow short positions");
    cmd.add_option("--out", o.out, "Folder for trades.csv, fills.csv, equity.csv, report.html")
        ->capture_default_str();
    cmd.add_flag("--quiet", o.quiet, "No progress lines");
    cmd.add_option(
           "--risk", o.risk,
           "Pre-trade gate: gate (robo::risk with the RISK_* limits) or basic (position, leverage, shorts)")
        ->capture_default_str();
    cmd.add_option("--sectors", o.sectors,
                   "Symbol-to-sector map (symbol,sector CSV) for the sector limit; default: the shipped "
                   "config/sectors.csv, built in");
    cmd.add_option("--time-zone", o.time_zone, "Exchange time zone of the files' wall-clock times")
        ->capture_default_str();
    if (replay) {
        cmd.add_option("--speed", o.speed, "Replay speed: data seconds per second (0 = as fast as possible)")
            ->capture_default_str()
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
        add_ibkr_options(cmd, o);
    }
}

namespace {
std::optional<Timestamp> day_option(const std::string& text, const char* flag) {
    if (text.empty()) return std::nullopt;
    Timestamp t;
    if (text.size() != 10 || !try_parse_timestamp(text, t))
        throw std::invalid_argument(std::string(flag) + " \"" + text + "\": expected a date YYYY-MM-DD");
    return t;
}

std::string with_commas(uint64_t n) {
    std::string s = std::to_string(n), out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i && (s.size() - i) % 3 == 0) out += ',';
        out += s[i];
    }
    return out;
}
}  // namespace

int run_session(const RunOptions& o, engine::Mode mode) {
    const char* cmd = mode == engine::Mode::backtest ? "backtest" : "run";
    config::Config cfg;
    try {
        cfg = config::load_or_throw();
    } catch (const config::ConfigError& e) {
        for (const auto& err : e.errors()) std::cerr << "robo_trader " << cmd << ": config: " << err << "\n";
        return 1;
    }
    // The session's log goes to LOG_FILE, or else beside the report (<out>/session.log),
    // so the terminal shows progress and the summary rather than JSON lines.
    const std::filesystem::path log_path =
        cfg.log_file.empty() ? std::filesystem::path(o.out) / "session.log" : cfg.log_file;
    try {
        std::filesystem::create_directories(log_path.parent_path().empty() ? "." : log_path.parent_path());
        log::LogOptions lo;
        lo.level = cfg.monitoring.log_level;
        lo.format = cfg.monitoring.log_format;
        lo.file = log_path;
        log::configure(lo);
    } catch (const std::exception& e) {
        std::cerr << "robo_trader " << cmd << ": " << e.what() << "\n";
        return 1;
    }
    engine::SessionConfig sc;
    session::Policy policy;
    try {
        // What this kind of session may do (kill switch, audit, market hours) is decided in
        // the library (session/policy.hpp), never here.
        policy = session::policy_for(session::kind_of(mode, o.broker, cfg), cfg);
        sc.engine.mode = mode;
        sc.engine.speed = o.speed;
        sc.engine.cancel_working_on_stop = !o.keep_working_orders;
        sc.session_id = mode == engine::Mode::backtest ? "bt" : "paper";
        sc.initial_cash = o.cash ? Money::parse(*o.cash) : cfg.default_cash;
        if (!sc.initial_cash.is_positive())
            throw std::invalid_argument("--cash " + sc.initial_cash.to_string() + ": must be positive");
        if (!exec::parse_commission_plan(o.commission, sc.broker.commission))
            throw std::invalid_argument("--commission \"" + o.commission +
                                        "\": expected fixed, tiered or none");
        double slip = o.slippage_bps.value_or(cfg.execution.slippage_bps);
        if (!(slip >= 0 && slip <= 1000))
            throw std::invalid_argument(fmt::format("--slippage-bps {}: expected 0 to 1000", slip));
        sc.broker.slippage_bps = int64_t(std::llround(slip));
        if (!(o.max_volume_share >= 0 && o.max_volume_share <= 1))
            throw std::invalid_argument(
                fmt::format("--max-volume-share {}: expected 0 to 1", o.max_volume_share));
        sc.broker.max_volume_share_bps = int64_t(std::llround(o.max_volume_share * 10'000));
        double pos = o.position_pct.value_or(cfg.risk.max_position_pct);
        if (!(pos > 0 && pos <= 1))
            throw std::invalid_argument(fmt::format("--position-pct {}: expected (0, 1]", pos));
        sc.trader.position_fraction = pos;
        // Sizing uses the RISK_* parameters and caps whichever gate checks the orders.
        sc.trader.sizing.limits = risk::from_config(cfg);
        sc.trader.sizing.limits.max_leverage = o.max_leverage.value_or(cfg.risk.max_leverage);
        sc.trader.sizing.method = sc.trader.sizing.limits.position_sizing;
        if (cfg.risk.atr_period > 0) sc.trader.sizing.atr_period = cfg.risk.atr_period;
        if (o.risk_per_trade) sc.trader.sizing.limits.risk_per_trade_pct = *o.risk_per_trade;
        if (o.sizing) {
            auto m = risk::parse_sizing_method(*o.sizing);
            if (!m)
                throw std::invalid_argument("--sizing \"" + *o.sizing + "\": expected fixed, atr or kelly");
            sc.trader.sizing.method = *m;
        }
        sc.gate.max_position_share = std::max(pos, cfg.risk.max_position_pct);
        sc.gate.max_leverage = o.max_leverage.value_or(cfg.risk.max_leverage);
        sc.gate.allow_short = o.allow_short.value_or(cfg.execution.short_selling);
        if (o.risk == "gate") {
            sc.use_risk_gate = true;
            sc.risk.limits = risk::from_config(cfg);
            // The shipped map is compiled in; a map the user names must exist.
            sc.risk.sectors =
                o.sectors.empty() ? risk::SectorMap::shipped() : risk::SectorMap::load(o.sectors);
        } else if (o.risk != "basic") {
            throw std::invalid_argument("--risk \"" + o.risk + "\": expected gate or basic");
        }
        if (!strategy::parse_combine(o.combine, sc.combine))
            throw std::invalid_argument("--combine \"" + o.combine +
                                        "\": expected vote, weighted or priority");
        std::vector<std::string> names = o.strategies;
        if (names.empty()) names = cfg.strategy.enabled;
        for (const auto& text : names) {
            auto spec = strategy::parse_strategy_spec(text);
            if ((spec.name == "sma_crossover" || spec.name == "sma") && !spec.params.count("fast") &&
                !spec.params.count("slow")) {
                spec.params["fast"] = std::to_string(cfg.strategy.sma_fast);
                spec.params["slow"] = std::to_string(cfg.strategy.sma_slow);
            }
            if ((spec.name == "sma_crossover" || spec.name == "sma") && sc.gate.allow_short &&
                !spec.params.count("short"))
                spec.params["short"] = "true";
            if (!o.timeframe.empty() && !spec.timeframe) {
                spec.timeframe = parse_timeframe(o.timeframe);
                if (!spec.timeframe)
                    throw std::invalid_argument("--timeframe \"" + o.timeframe +
                                                "\": expected 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d or session");
            }
            sc.strategies.push_back(spec);
        }
    } catch (const std::exception& e) {
        std::cerr << "robo_trader " << cmd << ": " << e.what() << "\n";
        return 1;
    }

    engine::DataSelection sel;
    sel.data = o.data;
    sel.time_zone = o.time_zone;
    sel.stop_on_bad_row = cfg.data.on_bad_row == config::BadRowPolicy::stop;
    engine::LoadedFeed loaded;
    DatabaseChoice db;
    try {
        data::ReadOptions formats;  // DATA_COLUMNS, DATA_DATE_FORMAT (docs/data-files.md)
        data::apply_format_settings(formats, cfg.data.columns, cfg.data.date_format);
        sel.columns = formats.columns;
        sel.date_order = formats.date_order;
        sel.from = day_option(o.from, "--from");
        sel.to = day_option(o.to, "--to");
        for (const auto& s : o.symbols)
            if (!s.empty()) sel.symbols.push_back(Symbol(s));
        db = choose_database(o);
        // --broker ibkr: TWS itself is the market data.
        if (o.broker != "ibkr")
            loaded = db.source ? load_feed_from_database(*db.source, sel) : engine::load_feed(sel);
    } catch (const std::exception& e) {
        std::cerr << "robo_trader " << cmd << ": " << e.what() << "\n";
        return 1;
    }
    // Rows the quality gate kept out of the session, by reason, with the first few named.
    auto print_quarantined = [&] {
        if (!loaded.quarantined_rows) return;
        std::cout << fmt::format(
            "  {} rows quarantined by the quality gate ({}), never traded, for example:\n",
            loaded.quarantined_rows, data::quality::format_reasons(loaded.quarantined_by_reason));
        for (size_t i = 0; i < loaded.quarantined.size() && i < 5; ++i)
            std::cout << "    " << loaded.quarantined[i].text << "\n";
    };
    if (mode == engine::Mode::backtest) {
        std::cout << fmt::format(
            "robo_trader {}: {} files, {} symbols, {} bars, {} trades, {} quotes from {}\n", cmd,
            loaded.files, loaded.symbols.size(), with_commas(loaded.bars), with_commas(loaded.ticks),
            with_commas(loaded.quotes), db.source ? db.source->string() : o.data);
        if (loaded.rejected_rows) {
            std::cout << fmt::format("  {} rejected rows (quarantined), for example:\n",
                                     loaded.rejected_rows);
            for (const auto& r : loaded.rejected_examples) std::cout << "    " << r << "\n";
        }
        print_quarantined();
        for (const auto& f : loaded.failures) std::cout << "  UNREADABLE " << f << "\n";
    } else {
        std::cout << "robo_trader run: market data in " << (db.source ? db.source->string() : o.data) << "\n";
        data::print_inventory(std::cout, loaded.inventory);
        print_quarantined();
    }
    if (!loaded.failures.empty()) {
        // Trading on part of the data the user pointed at would be a silent surprise.
        std::cerr << "robo_trader " << cmd << ": " << loaded.failures.size()
                  << " file(s) could not be read (listed above); fix or move them, then run again\n";
        return 1;
    }

    // Orders on daily bars are placed after the close for the next open, so the market-hours
    // check applies only when the data has no daily bars (the gate cannot tell them apart
    // per symbol).
    bool has_daily = false,
         has_intraday = !loaded.inventory.tick_files.empty() || !loaded.inventory.quote_files.empty();
    for (const auto& f : loaded.inventory.bar_files)
        (f.timeframe == Timeframe::day ? has_daily : has_intraday) = true;
    const bool trades_intraday = has_intraday && !has_daily;
    // Default features on every bar timeframe in the data (strategies read them in on_features).
    for (const auto& f : loaded.inventory.bar_files)
        if (std::find(sc.feature_timeframes.begin(), sc.feature_timeframes.end(), f.timeframe) ==
            sc.feature_timeframes.end())
            sc.feature_timeframes.push_back(f.timeframe);
    // The run's audit trail (orders, transitions, refusals) lives beside its report. A
    // backtest starts a fresh file; a run appends. Syncing and the kill switch follow the
    // policy; with the dashboard's control token there is an operator to reset a trip.
    try {
        session::apply(policy, sc, trades_intraday,
                       o.dashboard && !o.control_token.value_or(cfg.monitoring.control_token).empty());
    } catch (const std::exception& e) {
        std::cerr << "robo_trader " << cmd << ": " << e.what() << "\n";
        return 1;
    }
    std::unique_ptr<log::AuditTrail> audit;
    std::unique_ptr<IbkrSetup> ibkr;  // --broker tws-sim / ibkr: data and orders over the socket API
    std::unique_ptr<engine::QualityGatedFeed> gated;  // the broker's stream through the quality gate
    std::unique_ptr<LiveServices> live;               // outlives the session, which writes through it
    std::unique_ptr<engine::Session> session;
    std::unique_ptr<SessionStore> recording;  // the session recorded in the database
    engine::ObserverFanout observers;
    const auto audit_path = std::filesystem::path(o.out) / "audit.jsonl";
    try {
        std::filesystem::create_directories(o.out);
        if (mode == engine::Mode::backtest) std::filesystem::remove(audit_path);
        audit = std::make_unique<log::AuditTrail>(audit_path, policy.audit_fsync);
        if (db.record)
            recording = std::make_unique<SessionStore>(*db.record, mode, run_config_json(o, sc, cmd, db));
        if (recording) recording->record_quarantined(loaded.quarantined);
        if (o.broker != "paper") ibkr = IbkrSetup::open(o, cfg, sc, loaded, std::cout);
        live = std::make_unique<LiveServices>(cfg, o, mode, sc.session_id, sc.use_risk_gate);
        log::AuditSink& sink = live->audit(recording ? recording->audit(*audit) : *audit);
        if (ibkr && policy.gate_live_stream) {
            engine::QualityFeedOptions qo;
            qo.stop_on_bad = sel.stop_on_bad_row;
            gated = std::make_unique<engine::QualityGatedFeed>(ibkr->feed(), qo);
        }
        session =
            ibkr ? std::make_unique<engine::Session>(sc, gated ? *gated : ibkr->feed(), sink, ibkr->broker())
                 : std::make_unique<engine::Session>(sc, loaded.feed, sink);
        if (recording) {
            recording->attach(*session);
            observers.add(recording->observer());
            session->engine().set_observer(&observers);
        }
    } catch (const std::exception& e) {
        std::cerr << "robo_trader " << cmd << ": " << e.what() << "\n";
        return 1;
    }
    const uint64_t total = ibkr ? 0 : loaded.feed.size();  // a live feed's size is unknown
    if (!o.quiet) {
        session->engine().set_progress([total](const engine::Progress& p) {
            // A live feed's length is unknown: no percentage rather than a wrong one.
            const std::string done = total ? fmt::format("{:5.1f}%", 100.0 * double(p.events) / double(total))
                                           : std::string("  live");
            std::fprintf(stderr, "  %s  %s events  data %s  equity %.2f  (%.1f s)\n", done.c_str(),
                         with_commas(p.events).c_str(), format_date(p.data_time).c_str(),
                         p.equity.to_double(), p.elapsed_seconds);
        });
    }
    std::string strategy_names;
    for (const auto& s : sc.strategies)
        strategy_names += (strategy_names.empty() ? "" : " + ") + s.name +
                          (s.timeframe ? "@" + std::string(to_string(*s.timeframe)) : "");
    std::cout << fmt::format("  {} {} with {} ({}), {} sizing, cash {}, commission {}, slippage {} bps{}\n",
                             mode == engine::Mode::backtest ? "backtesting" : "paper trading on a replay,",
                             loaded.symbols.size() == 1 ? loaded.symbols[0].str()
                                                        : std::to_string(loaded.symbols.size()) + " symbols",
                             strategy_names, o.combine, risk::to_string(sc.trader.sizing.method),
                             sc.initial_cash.to_string(2), exec::to_string(sc.broker.commission),
                             sc.broker.slippage_bps,
                             mode == engine::Mode::backtest ? ""
                             : o.speed > 0                  ? fmt::format(", speed {}x", o.speed)
                                                            : ", as fast as possible");
    std::cout << "  policy (" << session::to_string(policy.kind) << "): " << policy.describe() << "\n";
    if (session->gate().kill_switch_tripped())
        std::cout << "  KILL SWITCH TRIPPED: " << session->gate().kill_switch_state()
                  << "\n    new entries are refused; exits and cancels pass. Reset: robo_trader risk reset "
                     "--reason \"who: why\""
                  << (policy.kill_switch_file.empty() ? "" : " --state " + policy.kill_switch_file.string())
                  << "\n";
    // The dashboard and the alerts: threads beside the engine, fed through one observer.
    try {
        live->attach(*session, *audit, loaded, observers, std::cout);
    } catch (const std::exception& e) {
        std::cerr << "robo_trader " << cmd << ": dashboard: " << e.what() << "\n";
        return 1;
    }
    if (!observers.empty()) session->engine().set_observer(&observers);
    std::cout.flush();
    auto summary = session->run();
    session->engine().set_observer(nullptr);
    // A break at the end is a failed session, whatever the engine's own state.
    const bool positions_agree =
        !ibkr || ibkr->finish(std::cout, session->portfolio(), session->engine().position_check().baseline());
    if (gated) {
        std::cout << fmt::format("  live data quality gate: {} records quarantined{}\n", gated->quarantined(),
                                 gated->quarantined() ? " (" + gated->summary() + "), never traded" : "");
        for (const auto& e : gated->examples()) std::cout << "    " << e << "\n";
    }
    live->finish(o.linger, std::cout);
    auto metrics = report::compute_metrics(session->portfolio());
    std::cout << fmt::format(
        "\n{} after {} events in {:.2f} s ({}/s): {}\n", engine::to_string(summary.final_state),
        with_commas(summary.events), summary.wall_seconds,
        with_commas(uint64_t(summary.wall_seconds > 0 ? double(summary.events) / summary.wall_seconds : 0)),
        summary.stop_reason);
    std::cout << report::format_summary(metrics) << "\n" << report::format_symbol_table(metrics);
    const auto& ts = session->trader().stats();
    std::cout << fmt::format(
        "  orders {}, refused by the gate {}, rejected by the broker {}, stop-outs {}, wishes too small to "
        "size {}\n",
        ts.orders, ts.gate_refusals, ts.broker_rejections, ts.stop_outs, ts.zero_size);
    if (ts.retries + ts.parked + ts.held_back > 0) {
        std::string parked;
        for (const auto& p : session->trader().parked())
            parked += fmt::format("{}{} ({})", parked.empty() ? "" : ", ", p.symbol.view(), p.reason);
        std::cout << fmt::format(
            "  order flow: {} retries after broker rejections, {} symbol(s) parked{}, {} wishes held back\n",
            ts.retries, ts.parked, parked.empty() ? "" : " (" + parked + ")", ts.held_back);
    }
    if (ts.stop_moves_requested + ts.stop_move_refusals > 0)
        std::cout << fmt::format(
            "  trailing stops: {} moves asked, {} made, {} refused by the gate, {} refused by the broker\n",
            ts.stop_moves_requested, ts.stops_moved, ts.stop_move_refusals, ts.stop_move_rejections);
    if (const auto* fs = session->features())
        std::cout << fmt::format("  features: {} snapshots, {} bars refused{}\n", fs->snapshots(),
                                 fs->refused(), fs->refused() ? " (last: " + fs->last_error() + ")" : "");
    if (auto refusals = session->gate().refusal_summary(); !refusals.empty())
        std::cout << "  refused by kind: " << refusals << "\n";
    std::cout << "  kill switch: " << session->gate().kill_switch_state() << "\n";
    if (recording) std::cout << recording->finish(summary) << "\n";
    report::ReportInfo info;
    info.title = std::string(mode == engine::Mode::backtest ? "Backtest: " : "Paper session (replay): ") +
                 strategy_names;
    info.facts = {
        {"data", db.source ? db.source->string() : o.data},
        {"symbols", std::to_string(loaded.symbols.size())},
        {"bars / trades / quotes", fmt::format("{} / {} / {}", loaded.bars, loaded.ticks, loaded.quotes)},
        {"strategies", strategy_names + " (" + o.combine + ")"},
        {"initial cash", sc.initial_cash.to_string(2)},
        {"commission", std::string(exec::to_string(sc.broker.commission))},
        {"slippage", fmt::format("{} bps", sc.broker.slippage_bps)},
        {"position size",
         fmt::format("{} sizing, at most {:.2f}% of equity", risk::to_string(sc.trader.sizing.method),
                     sc.trader.position_fraction * 100)},
        {"kill switch", session->gate().kill_switch_state()},
        {"policy", std::string(session::to_string(policy.kind)) + ": " + policy.describe()},
        {"stopped", summary.stop_reason}};
    // What the data held that the session did not use (only when there was something).
    if (loaded.rejected_rows)
        info.facts.push_back({"rejected rows (reader)", std::to_string(loaded.rejected_rows)});
    if (loaded.quarantined_rows)
        info.facts.push_back({"quarantined rows (quality gate)",
                              fmt::format("{} ({})", loaded.quarantined_rows,
                                          data::quality::format_reasons(loaded.quarantined_by_reason))});
    try {
        auto files = engine::write_run_files(o.out, session->portfolio(), metrics, info);
        std::cout << "\n  trades  " << files.trades.string() << "\n  fills   " << files.fills.string()
                  << "\n  equity  " << files.equity.string() << "\n  audit   " << audit_path.string()
                  << "\n  log     " << log_path.string() << "\n  report  " << files.report.string() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "robo_trader " << cmd << ": " << e.what() << "\n";
        return 1;
    }
    log::flush();
    if (!positions_agree) {
        std::cerr << "robo_trader " << cmd << ": the broker's positions differ from the ledger (see above)\n";
        return 3;
    }
    return summary.final_state == engine::EngineState::error ? 1 : 0;
}

}  // namespace robo::apps
