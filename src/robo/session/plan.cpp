// session/plan.cpp — see plan.hpp.
#include "robo/session/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "robo/config/report.hpp"
#include "robo/risk/limits.hpp"
#include "robo/strategy/registry.hpp"

namespace robo::session {
namespace {

[[noreturn]] void bad(const std::string& what) { throw std::invalid_argument(what); }

nlohmann::json multipliers_json(const ContractMultipliers& m) {
    nlohmann::json j{{"*", m.others.to_string()}};
    for (const auto& [symbol, value] : m.by_symbol) j[symbol.str()] = value.to_string();
    return j;
}

nlohmann::json lots_json(const risk::LotSizes& lots) {
    nlohmann::json j{{"*", lots.others.to_string()}};
    for (const auto& [symbol, lot] : lots.by_symbol) j[symbol.str()] = lot.to_string();
    return j;
}

std::optional<Timestamp> day_option(const std::string& text, const char* flag) {
    if (text.empty()) return std::nullopt;
    Timestamp t;
    if (text.size() != 10 || !try_parse_timestamp(text, t))
        bad(std::string(flag) + " \"" + text + "\": expected a date YYYY-MM-DD");
    return t;
}

// The request's overrides become the plan's configuration: from here on a flag and its
// option are one value, read by every component that reads the option.
void write_overrides(config::Config& cfg, const SessionRequest& r) {
    if (r.cash) {
        Money cash;
        if (!Money::try_parse(*r.cash, cash)) bad("--cash \"" + *r.cash + "\": expected an amount in USD");
        if (!cash.is_positive()) bad("--cash " + cash.to_string() + ": must be positive");
        cfg.default_cash = cash;
    }
    if (r.slippage_bps) {
        if (!(*r.slippage_bps >= 0 && *r.slippage_bps <= 1000))
            bad(fmt::format("--slippage-bps {}: expected 0 to 1000", *r.slippage_bps));
        cfg.execution.slippage_bps = *r.slippage_bps;
    }
    if (r.position_pct) {
        if (!(*r.position_pct > 0 && *r.position_pct <= 1))
            bad(fmt::format("--position-pct {}: expected (0, 1]", *r.position_pct));
        cfg.risk.max_position_pct = *r.position_pct;
    }
    if (r.max_leverage) {
        if (!(*r.max_leverage > 0 && *r.max_leverage <= 100))
            bad(fmt::format("--max-leverage {}: expected (0, 100]", *r.max_leverage));
        cfg.risk.max_leverage = *r.max_leverage;
    }
    if (r.allow_short) cfg.execution.short_selling = *r.allow_short;
    if (r.sizing) {
        if (*r.sizing == "fixed")
            cfg.risk.position_sizing = config::PositionSizing::fixed;
        else if (*r.sizing == "atr")
            cfg.risk.position_sizing = config::PositionSizing::atr;
        else if (*r.sizing == "kelly")
            cfg.risk.position_sizing = config::PositionSizing::kelly;
        else
            bad("--sizing \"" + *r.sizing + "\": expected fixed, atr or kelly");
    }
    if (r.data) cfg.data.dir = *r.data;
    if (r.time_zone) cfg.data.timezone = *r.time_zone;
    if (r.speed) {
        if (!(*r.speed >= 0)) bad(fmt::format("--speed {}: expected 0 or more", *r.speed));
        cfg.data.replay_speed = *r.speed;
    }
    if (r.timeframe) {
        if (r.timeframe->empty() || *r.timeframe == "data") {
            cfg.strategy.timeframe.reset();
        } else {
            cfg.strategy.timeframe = parse_timeframe(*r.timeframe);
            if (!cfg.strategy.timeframe)
                bad("--timeframe \"" + *r.timeframe +
                    "\": expected 1s, 5s, 1m, 5m, 15m, 30m, 1h, 1d or session");
        }
    }
    if (r.dashboard_port) cfg.monitoring.http_port = *r.dashboard_port;
    if (r.control_token) cfg.monitoring.control_token = *r.control_token;
}

// The strategies with the configured defaults of their parameters (STRATEGY_SMA_*,
// STRATEGY_RSI_PERIOD) where the spec leaves them out; checked now, before any data loads.
std::vector<strategy::StrategySpec> strategies_of(const config::Config& cfg, const SessionRequest& r) {
    std::vector<std::string> names =
        r.strategies.empty() && r.strategy_objects.empty() ? cfg.strategy.enabled : r.strategies;
    if (names.empty() && r.strategy_objects.empty())
        bad("no strategy: give --strategy NAME or set STRATEGY_ENABLED");
    std::vector<strategy::StrategySpec> out;
    for (const auto& text : names) {
        auto spec = strategy::parse_strategy_spec(text);
        const bool sma = spec.name == "sma_crossover" || spec.name == "sma";
        if (sma && !spec.params.count("fast") && !spec.params.count("slow")) {
            spec.params["fast"] = std::to_string(cfg.strategy.sma_fast);
            spec.params["slow"] = std::to_string(cfg.strategy.sma_slow);
        }
        if (sma && cfg.execution.short_selling && !spec.params.count("short")) spec.params["short"] = "true";
        if ((spec.name == "momentum" || spec.name == "mean_reversion") && !spec.params.count("rsi"))
            spec.params["rsi"] = std::to_string(cfg.strategy.rsi_period);
        if (!spec.timeframe) spec.timeframe = cfg.strategy.timeframe;
        strategy::make_strategy(spec);  // throws for an unknown name or a bad parameter
        out.push_back(spec);
    }
    return out;
}

DatabaseChoice database_of(const config::LoadResult& loaded, const SessionRequest& r) {
    DatabaseChoice c;
    if (r.db) {
        std::filesystem::path file = database_or_configured(loaded, *r.db);
        if (!r.data) c.source = file;
        if (!r.no_record) c.record = file;
    } else if (!r.no_record) {
        auto configured = configured_database(loaded);
        if (configured.explicit_setting) c.record = configured.path;
    }
    if (r.record_features && !c.record)
        throw std::invalid_argument(
            "--record-features: this session records into no database (give --db FILE or set DATA_DB_PATH, "
            "without --no-record)");
    c.features = r.record_features;
    return c;
}

}  // namespace

exec::PaperBrokerConfig fill_model(const config::Config& cfg, const SessionRequest& r) {
    exec::PaperBrokerConfig c;
    if (!exec::parse_commission_plan(r.commission, c.commission))
        bad("--commission \"" + r.commission + "\": expected fixed, tiered or none");
    c.commission_per_share = Price::from_raw(cfg.execution.commission_per_share.raw());
    const double slip = r.slippage_bps.value_or(cfg.execution.slippage_bps);
    if (!(slip >= 0 && slip <= 1000)) bad(fmt::format("--slippage-bps {}: expected 0 to 1000", slip));
    c.slippage_bps = int64_t(std::llround(slip));
    if (!(r.max_volume_share >= 0 && r.max_volume_share <= 1))
        bad(fmt::format("--max-volume-share {}: expected 0 to 1", r.max_volume_share));
    c.max_volume_share_bps = int64_t(std::llround(r.max_volume_share * 10'000));
    return c;
}

DatabaseSetting configured_database(const config::LoadResult& loaded) {
    DatabaseSetting s;
    const auto* v = loaded.value("DATA_DB_PATH");
    if (v && v->valid && !loaded.config.data.db_path.empty()) {
        s.path = loaded.config.data.db_path;
        s.explicit_setting = v->source.kind != config::Source::Kind::default_value;
    } else {
        s.path = "robo_trader.db";
    }
    return s;
}

std::filesystem::path database_or_configured(const config::LoadResult& loaded,
                                             const std::string& flag_value) {
    return flag_value.empty() ? configured_database(loaded).path : std::filesystem::path(flag_value);
}

Plan plan_session(const config::LoadResult& loaded, SessionRequest request) {
    if (!loaded.ok()) {
        std::string all;
        for (const auto& e : loaded.errors()) all += (all.empty() ? "" : "; ") + e;
        bad(all);
    }
    Plan p;
    p.config = loaded.config;
    p.effective_config = config::effective_config_json(loaded).dump();
    write_overrides(p.config, request);
    const config::Config& cfg = p.config;
    p.request = std::move(request);
    const SessionRequest& r = p.request;
    if (r.mode != engine::Mode::backtest && r.mode != engine::Mode::replay)
        bad("a session is requested as a backtest or a run; the broker decides paper or live");

    // Settings of a session through TWS: refused rather than ignored elsewhere.
    if (r.broker != "tws-sim" && r.broker != "ibkr") {
        if (!r.bar_timeframe.empty()) bad("--bar-timeframe: only with --broker tws-sim or ibkr");
        if (r.backfill) bad("--backfill: only with --broker tws-sim or ibkr");
    }
    if (r.broker != "tws-sim" && !r.faults.empty()) bad("--fault: only with --broker tws-sim");
    if (r.broker != "ibkr" && r.confirm_live) bad("--confirm-live: only with --broker ibkr");
    if (r.mode == engine::Mode::backtest && (r.dashboard || r.broker != "paper"))
        bad("a backtest runs on the paper broker without a dashboard (use `run` for those)");

    // What this kind of session may do (kill switch, audit, market hours) is decided by
    // the policy table (policy.hpp), never here.
    p.policy = policy_for(kind_of(r.mode, r.broker, cfg), cfg);

    engine::SessionConfig& sc = p.engine;
    sc.engine.mode = r.mode;
    sc.engine.speed = cfg.data.replay_speed;
    sc.engine.cancel_working_on_stop = !r.keep_working_orders;
    sc.engine.health_interval =
        std::chrono::milliseconds(std::llround(cfg.monitoring.health_check_interval * 1000));
    sc.session_id = r.mode == engine::Mode::backtest ? "bt" : "paper";
    sc.history_bars = size_t(cfg.data.feature_lookback);
    sc.initial_cash = cfg.default_cash;
    sc.broker = fill_model(cfg, r);

    // One set of limits for the sizer and for whichever gate checks the orders.
    const risk::RiskLimits limits = risk::from_config(cfg);
    sc.trader.position_fraction = cfg.risk.max_position_pct;
    sc.trader.sizing.limits = limits;
    sc.trader.sizing.method = limits.position_sizing;
    if (cfg.risk.atr_period > 0) sc.trader.sizing.atr_period = cfg.risk.atr_period;
    sc.trader.sizing.lots = risk::LotSizes::parse(cfg.execution.lot_size);
    sc.multipliers = ContractMultipliers::parse(cfg.execution.contract_multiplier);
    if (r.risk_per_trade) {
        if (!(*r.risk_per_trade >= 0.0001 && *r.risk_per_trade <= 0.2))
            bad(fmt::format("--risk-per-trade {}: expected 0.0001 to 0.2", *r.risk_per_trade));
        sc.trader.sizing.limits.risk_per_trade_pct = *r.risk_per_trade;
    }
    sc.gate.max_position_share = limits.max_position_pct;
    sc.gate.max_leverage = limits.max_leverage;
    sc.gate.allow_short = limits.short_selling;
    if (r.risk == "gate") {
        sc.use_risk_gate = true;
        sc.risk.limits = limits;
        // The shipped map is compiled in; a map the user names must exist.
        sc.risk.sectors = r.sectors.empty() ? risk::SectorMap::shipped() : risk::SectorMap::load(r.sectors);
    } else if (r.risk != "basic") {
        bad("--risk \"" + r.risk + "\": expected gate or basic");
    }
    if (!strategy::parse_combine(r.combine, sc.combine))
        bad("--combine \"" + r.combine + "\": expected vote, weighted or priority");
    sc.weighted_threshold = cfg.strategy.min_confidence;
    sc.strategies = strategies_of(cfg, r);
    sc.strategy_objects = r.strategy_objects;
    for (auto& o : sc.strategy_objects) {
        if (!o.strategy) bad("a strategy object is null");
        if (!o.timeframe) o.timeframe = cfg.strategy.timeframe;
    }

    p.data.data = cfg.data.dir;
    p.data.time_zone = cfg.data.timezone;
    p.data.stop_on_bad_row = cfg.data.on_bad_row == config::BadRowPolicy::stop;
    p.data.outlier_mad_threshold = cfg.data.outlier_mad_threshold;
    p.data.merge_same_symbol = cfg.data.merge_same_symbol;
    p.data.adjusted_prices = cfg.data.adjusted_prices;
    if (cfg.data.dividends != "ignore" && cfg.data.dividends != "cash")
        bad("DATA_DIVIDENDS=" + cfg.data.dividends + ": expected ignore or cash");
    p.data.dividends_cash = cfg.data.dividends == "cash";
    if (p.data.dividends_cash && cfg.data.adjusted_prices)
        bad("DATA_DIVIDENDS=cash with DATA_ADJUSTED_PRICES=true: adjusted prices already contain the "
            "dividends, "
            "which would be counted twice; book them as cash on unadjusted prices, or keep "
            "DATA_DIVIDENDS=ignore");
    if (p.data.dividends_cash && r.broker == "ibkr")
        bad("DATA_DIVIDENDS=cash: the broker books a live account's dividends; cash is for simulated "
            "sessions");
    {
        data::ReadOptions formats;  // DATA_COLUMNS, DATA_DATE_FORMAT (docs/data-files.md)
        data::apply_format_settings(formats, cfg.data.columns, cfg.data.date_format);
        p.data.columns = formats.columns;
        p.data.date_order = formats.date_order;
    }
    p.data.from = day_option(r.from, "--from");
    // With --from, each strategy is warmed up on the bars before it that it needs.
    if (p.data.from) {
        for (const auto& spec : sc.strategies)
            p.data.warmup.emplace_back(spec.timeframe, strategy::make_strategy(spec)->warmup_bars());
        for (const auto& o : sc.strategy_objects)
            p.data.warmup.emplace_back(o.timeframe, o.strategy->warmup_bars());
    }
    p.data.to = day_option(r.to, "--to");
    if (p.data.from && p.data.to && *p.data.to < *p.data.from)
        bad("--to " + r.to + " is before --from " + r.from);
    for (const auto& s : r.symbols)
        if (!s.empty()) p.data.symbols.push_back(Symbol(s));
    // Through IBKR the broker is the market data: SYMBOLS names what to trade.
    if (r.broker == "ibkr" && p.data.symbols.empty()) p.data.symbols = cfg.symbols;
    p.db = database_of(loaded, r);
    p.data_label = p.db.source ? p.db.source->string() : cfg.data.dir.string();

    p.out = r.out.empty()
                ? std::filesystem::path(r.mode == engine::Mode::backtest ? "backtest-out" : "run-out")
                : std::filesystem::path(r.out);
    p.audit_path = cfg.monitoring.audit_file.empty() ? p.out / "audit.jsonl" : cfg.monitoring.audit_file;
    // The session's log goes to LOG_FILE, or else beside the report (<out>/session.log),
    // so the terminal shows progress and the summary rather than JSON lines.
    p.log = config::log_options(cfg);
    if (p.log.file.empty()) p.log.file = p.out / "session.log";

    p.dashboard.enabled = r.dashboard;
    p.dashboard.bind = cfg.monitoring.http_bind;
    p.dashboard.port = cfg.monitoring.http_port > 0 || r.dashboard_port ? cfg.monitoring.http_port : 8765;
    p.dashboard.control_token = cfg.monitoring.control_token;
    p.dashboard.allowed_hosts = cfg.monitoring.http_allowed_hosts;
    p.dashboard.linger = r.linger;
    return p;
}

nlohmann::json Plan::record_json() const {
    nlohmann::json j = to_json();
    j["effective_config"] = nlohmann::json::parse(effective_config);
    return j;
}

nlohmann::json Plan::to_json() const {
    using nlohmann::json;
    const auto& l = engine.trader.sizing.limits;
    const auto& g = engine.risk.limits;
    // The gate's limits as the report shows them, and what only the sizer reads.
    auto limits_json = [](const risk::RiskLimits& x) {
        json j = risk::gate_limits_json(x);
        j["sizing"] = risk::to_string(x.position_sizing);
        j["kelly_fraction"] = x.kelly_fraction;
        j["atr_multiplier"] = x.atr_multiplier;
        j["risk_per_trade"] = x.risk_per_trade_pct;
        j["stop_loss_pct"] = x.stop_loss_pct;
        return j;
    };
    json strategies = json::array();
    for (const auto& s : engine.strategies) {
        json params = json::object();
        for (const auto& [k, v] : s.params) params[k] = v;
        strategies.push_back(
            {{"name", s.name},
             {"params", params},
             {"timeframe", s.timeframe ? std::string(robo::to_string(*s.timeframe)) : "data"}});
    }
    for (const auto& o : engine.strategy_objects)
        strategies.push_back(
            {{"name", std::string(o.strategy->name())},
             {"object", true},
             {"timeframe", o.timeframe ? std::string(robo::to_string(*o.timeframe)) : "data"}});
    json symbols = json::array();
    for (Symbol s : data.symbols) symbols.push_back(s.str());
    const auto& ib = config.ibkr;
    json j{{"command", request.command},
           {"kind", std::string(session::to_string(policy.kind))},
           {"policy", policy.describe()},
           {"environment", std::string(config::to_string(config.environment))},
           {"engine",
            {{"speed", engine.engine.speed},
             {"cancel_working_on_stop", engine.engine.cancel_working_on_stop},
             {"health_interval_ms", engine.engine.health_interval.count()}}},
           {"history_bars", engine.history_bars},
           {"initial_cash", engine.initial_cash.to_string(2)},
           {"broker",
            {{"name", request.broker},
             {"commission", std::string(exec::to_string(engine.broker.commission))},
             {"commission_per_share", engine.broker.commission_per_share.to_string()},
             {"slippage_bps", engine.broker.slippage_bps},
             {"max_volume_share_bps", engine.broker.max_volume_share_bps},
             {"contract_multiplier", multipliers_json(engine.multipliers)}}},
           {"sizing",
            {{"method", risk::to_string(engine.trader.sizing.method)},
             {"position_fraction", engine.trader.position_fraction},
             {"atr_period", engine.trader.sizing.atr_period},
             {"lot_size", lots_json(engine.trader.sizing.lots)},
             {"limits", limits_json(l)}}},
           {"gate", engine.use_risk_gate ? json{{"kind", "risk"},
                                                {"limits", limits_json(g)},
                                                {"kill_switch_file", policy.kill_switch_file}}
                                         : json{{"kind", "basic"},
                                                {"max_position_share", engine.gate.max_position_share},
                                                {"max_leverage", engine.gate.max_leverage},
                                                {"allow_short", engine.gate.allow_short}}},
           {"strategies", strategies},
           {"combine", std::string(strategy::to_string(engine.combine))},
           {"weighted_threshold", engine.weighted_threshold},
           {"data",
            {{"source", data_label},
             {"symbols", symbols},
             {"from", request.from},
             {"warmup",
              [&] {
                  json w = json::array();
                  for (const auto& [tf, bars] : data.warmup)
                      w.push_back(
                          {{"timeframe", tf ? std::string(robo::to_string(*tf)) : "data"}, {"bars", bars}});
                  return w;
              }()},
             {"to", request.to},
             {"time_zone", data.time_zone},
             {"stop_on_bad_row", data.stop_on_bad_row},
             {"outlier_mad_threshold", data.outlier_mad_threshold},
             {"merge_same_symbol", data.merge_same_symbol},
             {"adjusted_prices", data.adjusted_prices},
             {"dividends", data.dividends_cash ? "cash" : "ignore"},
             {"columns", data.columns.names},
             {"date_order", data.date_order == data::DateOrder::month_first ? "mdy"
                            : data.date_order == data::DateOrder::day_first ? "dmy"
                                                                            : "auto"},
             {"stale_seconds", config.data.stale_seconds}}},
           {"database",
            {{"source", db.source ? db.source->string() : ""},
             {"record", db.record ? db.record->string() : ""},
             {"record_features", db.features}}},
           {"out", out.string()},
           {"audit",
            {{"file", audit_path.string()}, {"fsync", policy.audit_fsync == log::FsyncPolicy::every_record}}},
           {"log",
            {{"file", log.file.string()},
             {"level", std::string(log::to_string(log.level))},
             {"format", log.format == log::Format::json ? "json" : "text"},
             {"max_file_bytes", log.max_file_bytes},
             {"max_files", log.max_files}}},
           {"dashboard",
            {{"enabled", dashboard.enabled},
             {"bind", dashboard.bind},
             {"port", dashboard.port},
             {"control_token_set", !dashboard.control_token.empty()},
             {"allowed_hosts", dashboard.allowed_hosts},
             {"feed_stall_seconds", config.monitoring.feed_stall_seconds}}},
           {"alerts",
            {{"webhook_set", !config.monitoring.alert_webhook.empty()},
             {"min_interval_seconds", config.monitoring.alert_min_interval},
             {"max_per_minute", config.monitoring.alert_max_per_minute}}}};
    if (through_broker())
        j["connection"] = {{"host", ib.host},
                           {"port", ib.port},
                           {"client_id", ib.client_id},
                           {"account_set", !ib.account.empty()},
                           {"readonly", ib.readonly},
                           {"timeout_seconds", ib.timeout},
                           {"execution_mode", std::string(config::to_string(config.execution.mode))},
                           {"live_confirmed", config.execution.live_confirm == config::live_confirmation}};
    return j;
}

}  // namespace robo::session
