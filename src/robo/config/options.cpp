// The option table and the parsing of one value. Ranges follow the issue text where it
// names them (RISK_MAX_POSITION_PCT at most 0.1, RISK_MAX_LEVERAGE 1 to 4, ...); the rest
// are the widest values that still make sense, so that a typo such as 30 for 0.30 is caught.
#include "robo/config/options.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>

namespace robo::config {
namespace {

// ---- storing a parsed value into its Config field ---------------------------------------

void assign(std::string& dst, const Value& v) { dst = std::get<std::string>(v); }
void assign(std::filesystem::path& dst, const Value& v) { dst = std::get<std::string>(v); }
void assign(int& dst, const Value& v) { dst = static_cast<int>(std::get<std::int64_t>(v)); }
void assign(std::int64_t& dst, const Value& v) { dst = std::get<std::int64_t>(v); }
void assign(double& dst, const Value& v) { dst = std::get<double>(v); }
void assign(bool& dst, const Value& v) { dst = std::get<bool>(v); }
void assign(Money& dst, const Value& v) { dst = std::get<Money>(v); }
void assign(Price& dst, const Value& v) { dst = std::get<Price>(v); }
void assign(std::vector<std::string>& dst, const Value& v) { dst = std::get<std::vector<std::string>>(v); }
void assign(std::vector<Symbol>& dst, const Value& v) {
    dst.clear();
    for (const auto& s : std::get<std::vector<std::string>>(v)) dst.emplace_back(s);
}
// Choices arrive validated and lowercase.
void assign(Environment& dst, const Value& v) {
    const auto& s = std::get<std::string>(v);
    dst = s == "production" ? Environment::production
          : s == "staging"  ? Environment::staging
                            : Environment::dev;
}
void assign(ExecutionMode& dst, const Value& v) {
    const auto& s = std::get<std::string>(v);
    dst = s == "live"       ? ExecutionMode::live
          : s == "backtest" ? ExecutionMode::backtest
                            : ExecutionMode::paper;
}
void assign(PositionSizing& dst, const Value& v) {
    const auto& s = std::get<std::string>(v);
    dst = s == "atr" ? PositionSizing::atr : s == "kelly" ? PositionSizing::kelly : PositionSizing::fixed;
}
void assign(BadRowPolicy& dst, const Value& v) {
    dst = std::get<std::string>(v) == "stop" ? BadRowPolicy::stop : BadRowPolicy::skip;
}
void assign(AuditFsync& dst, const Value& v) {
    dst = std::get<std::string>(v) == "none" ? AuditFsync::none : AuditFsync::every_record;
}
void assign(log::Level& dst, const Value& v) {
    dst = log::parse_level(std::get<std::string>(v)).value_or(log::Level::info);
}
void assign(log::Format& dst, const Value& v) {
    dst = std::get<std::string>(v) == "text" ? log::Format::text : log::Format::json;
}
// "data": the data's own bars.
void assign(std::optional<Timeframe>& dst, const Value& v) {
    dst = parse_timeframe(std::get<std::string>(v));
}

template <auto Group, auto Field>
void store(Config& c, const Value& v) {
    assign(c.*Group.*Field, v);
}
template <auto Field>
void store_top(Config& c, const Value& v) {
    assign(c.*Field, v);
}

#define IN(group, field) &store<&Config::group, &decltype(Config::group)::field>
#define TOP(field) &store_top<&Config::field>

constexpr double kBig = 1e12;

// ---- the table ----------------------------------------------------------------------------
// Columns: name, type, default, doc, min, max, has_min, has_max, min_exclusive, choices,
// secret, allow_empty, store.
const OptionDef kOptions[] = {
    // top level
    {"ENVIRONMENT", Type::choice, "dev", "Deployment environment; selects a preset of defaults (see Presets)",
     0, 0, false, false, false, "dev|staging|production", false, false, TOP(environment)},
    {"SYMBOLS", Type::symbols, "AAPL,MSFT,SPY", "Symbols to trade, comma-separated", 0, 0, false, false,
     false, "", false, false, TOP(symbols)},
    {"DEFAULT_CASH", Type::money, "100000", "Starting cash of a paper or backtest account (USD)", 0, 1e10,
     true, true, true, "", false, false, TOP(default_cash)},
    {"LOG_FILE", Type::path, "", "Log file (size-rotated); empty logs to stderr", 0, 0, false, false, false,
     "", false, true, TOP(log_file)},

    // IBKR_
    {"IBKR_HOST", Type::host, "127.0.0.1", "Host of TWS or IB Gateway", 0, 0, false, false, false, "", false,
     false, IN(ibkr, host)},
    {"IBKR_PORT", Type::integer, "7497",
     "TWS/Gateway API port: 7497 TWS paper, 4002 Gateway paper, 7496/4001 live", 1, 65535, true, true, false,
     "", false, false, IN(ibkr, port)},
    {"IBKR_CLIENT_ID", Type::integer, "1", "API client id; unique per connection to the same TWS", 0,
     2147483647, true, true, false, "", false, false, IN(ibkr, client_id)},
    {"IBKR_ACCOUNT", Type::string, "", "IBKR account id (e.g. DU1234567); empty uses the only account", 0, 0,
     false, false, false, "", true, true, IN(ibkr, account)},
    {"IBKR_READONLY", Type::boolean, "false", "Connect read-only: market data and positions, no orders", 0, 0,
     false, false, false, "", false, false, IN(ibkr, readonly)},
    {"IBKR_TIMEOUT", Type::number, "10", "Seconds to wait for connection and requests", 0, 300, true, true,
     true, "", false, false, IN(ibkr, timeout)},
    {"IBKR_ALLOW_LIVE_PORT", Type::boolean, "false",
     "Allow a live-trading port (7496, 4001) in paper mode, e.g. a paper login on a live-port TWS", 0, 0,
     false, false, false, "", false, false, IN(ibkr, allow_live_port)},

    // EXECUTION_
    {"EXECUTION_MODE", Type::choice, "paper",
     "paper (simulated fills), live (real orders), backtest (history)", 0, 0, false, false, false,
     "paper|live|backtest", false, false, IN(execution, mode)},
    {"EXECUTION_MAX_DAILY_TRADES", Type::integer, "50", "Orders allowed per trading day", 1, 10000, true,
     true, false, "", false, false, IN(execution, max_daily_trades)},
    {"EXECUTION_SHORT_SELLING", Type::boolean, "false", "Allow sell orders that open short positions", 0, 0,
     false, false, false, "", false, false, IN(execution, short_selling)},
    {"EXECUTION_LIVE_CONFIRM", Type::string, "", "Must be I_UNDERSTAND for EXECUTION_MODE=live", 0, 0, false,
     false, false, "", false, true, IN(execution, live_confirm)},
    {"EXECUTION_SLIPPAGE_BPS", Type::number, "1", "Simulated slippage of paper/backtest fills, basis points",
     0, 100, true, true, false, "", false, false, IN(execution, slippage_bps)},
    {"EXECUTION_COMMISSION_PER_SHARE", Type::money, "0.005", "Simulated commission per share (USD)", 0, 1,
     true, true, false, "", false, false, IN(execution, commission_per_share)},
    {"EXECUTION_LOT_SIZE", Type::string, "1",
     "Quantity step of positions: 1 (whole shares), 0.01 (fractional, e.g. an index priced in the "
     "thousands), 100 (round lots), or per symbol SYMBOL=step,... with *=step for the others",
     0, 0, false, false, false, "", false, false, IN(execution, lot_size)},
    {"EXECUTION_CONTRACT_MULTIPLIER", Type::string, "1",
     "Units of the underlying per contract: a future's value and P&L are quantity x price x multiplier "
     "(ledger, commission cap, risk notionals, sizing): 1 (shares), 50, or per symbol SYMBOL=multiplier,... "
     "with *=multiplier for the others, e.g. ES=50,NQ=20",
     0, 0, false, false, false, "", false, false, IN(execution, contract_multiplier)},

    // RISK_
    {"RISK_POSITION_SIZING", Type::choice, "fixed", "Position sizing method", 0, 0, false, false, false,
     "fixed|atr|kelly", false, false, IN(risk, position_sizing)},
    {"RISK_MAX_POSITION_PCT", Type::number, "0.02", "Largest position as a fraction of equity", 0, 0.1, true,
     true, true, "", false, false, IN(risk, max_position_pct)},
    {"RISK_MAX_DAILY_LOSS_PCT", Type::number, "0.005", "Daily loss (fraction of equity) that halts trading",
     0, 0.05, true, true, true, "", false, false, IN(risk, max_daily_loss_pct)},
    {"RISK_MAX_PORTFOLIO_HEAT", Type::number, "0.06", "Total open risk to stops as a fraction of equity", 0,
     0.5, true, true, true, "", false, false, IN(risk, max_portfolio_heat)},
    {"RISK_CORRELATION_LIMIT", Type::number, "0.7", "Largest correlation allowed between two holdings", 0, 1,
     true, true, true, "", false, false, IN(risk, correlation_limit)},
    {"RISK_MAX_LEVERAGE", Type::number, "2.0", "Gross exposure divided by equity", 1, 4, true, true, false,
     "", false, false, IN(risk, max_leverage)},
    {"RISK_MAX_SECTOR_EXPOSURE", Type::number, "0.3",
     "Largest exposure to one sector as a fraction of equity", 0, 1, true, true, true, "", false, false,
     IN(risk, max_sector_exposure)},
    {"RISK_MAX_ORDER_NOTIONAL", Type::money, "10000", "Largest notional of one order (USD)", 0, 1e9, true,
     true, true, "", false, false, IN(risk, max_order_notional)},
    {"RISK_MAX_POSITION_NOTIONAL", Type::money, "50000",
     "Largest notional of one position (USD; quantity x price x contract multiplier): every sizer sizes "
     "within it and the gate refuses an order beyond it",
     0, 1e10, true, true, true, "", false, false, IN(risk, max_position_notional)},
    {"RISK_MAX_DAILY_NOTIONAL", Type::money, "100000", "Largest notional traded per day (USD)", 0, 1e10, true,
     true, true, "", false, false, IN(risk, max_daily_notional)},
    {"RISK_MAX_OPEN_POSITIONS", Type::integer, "20", "Most positions held at once", 1, 500, true, true, false,
     "", false, false, IN(risk, max_open_positions)},
    {"RISK_STOP_LOSS_PCT", Type::number, "0.02", "Default stop distance as a fraction of entry price", 0, 0.5,
     true, true, true, "", false, false, IN(risk, stop_loss_pct)},
    {"RISK_MIN_VOLUME", Type::integer, "100000", "Least average daily volume (shares) of a tradable symbol",
     0, kBig, true, true, false, "", false, false, IN(risk, min_volume)},
    {"RISK_KELLY_FRACTION", Type::number, "0.25", "Fraction of the full Kelly size used by kelly sizing", 0,
     1, true, true, true, "", false, false, IN(risk, kelly_fraction)},
    {"RISK_ATR_MULTIPLIER", Type::number, "2", "Stop distance in ATRs for atr sizing", 0, 10, true, true,
     true, "", false, false, IN(risk, atr_multiplier)},
    {"RISK_ATR_PERIOD", Type::integer, "14", "ATR period (bars) for atr sizing", 1, 500, true, true, false,
     "", false, false, IN(risk, atr_period)},
    {"RISK_MAX_DRAWDOWN_PCT", Type::number, "0.1", "Drawdown from peak equity that trips the kill switch", 0,
     1, true, true, true, "", false, false, IN(risk, max_drawdown_pct)},
    {"RISK_KILL_SWITCH_VIOLATIONS", Type::integer, "5",
     "Risk violations within the window that trip the kill switch", 1, 1000, true, true, false, "", false,
     false, IN(risk, kill_switch_violations)},
    {"RISK_KILL_SWITCH_WINDOW_SECONDS", Type::integer, "300", "Window for counting violations (seconds)", 1,
     86400, true, true, false, "", false, false, IN(risk, kill_switch_window_seconds)},
    {"RISK_MIN_PRICE", Type::price, "1", "Lowest share price traded (USD)", 0, 1e6, true, true, false, "",
     false, false, IN(risk, min_price)},
    {"RISK_MAX_ORDERS_PER_MINUTE", Type::integer, "30", "Order rate limit", 1, 10000, true, true, false, "",
     false, false, IN(risk, max_orders_per_minute)},
    {"RISK_KILL_SWITCH_FILE", Type::path, "state/kill_switch.json",
     "The operator's kill-switch state, shared by every session through a broker and by `robo_trader risk`",
     0, 0, false, false, false, "", false, false, IN(risk, kill_switch_file)},

    // DATA_
    {"DATA_DIR", Type::path, "data/sample",
     "Folder (or file) of market data a session reads when none is named", 0, 0, false, false, false, "",
     false, false, IN(data, dir)},
    {"DATA_DB_PATH", Type::path, "robo_trader.db", "SQLite database file", 0, 0, false, false, false, "",
     false, false, IN(data, db_path)},
    {"DATA_TIMEZONE", Type::timezone, "America/New_York", "Exchange time zone (IANA name)", 0, 0, false,
     false, false, "", false, false, IN(data, timezone)},
    {"DATA_REPLAY_SPEED", Type::number, "0",
     "Replay speed: 1 real time, 10 ten times faster, 0 as fast as possible", 0, 100000, true, true, false,
     "", false, false, IN(data, replay_speed)},
    {"DATA_OUTLIER_MAD_THRESHOLD", Type::number, "12",
     "The quality gate's outlier band: a price this many robust sigmas (1.4826 x MAD of recent prices) from "
     "their median is quarantined",
     0, 100, true, true, true, "", false, false, IN(data, outlier_mad_threshold)},
    {"DATA_FEATURE_LOOKBACK", Type::integer, "250",
     "Recent bars, with their feature values, Context::history keeps per symbol and timeframe for a C++ "
     "strategy that does not say how many it reads (Strategy::history_bars; the built-in rules read none, "
     "and Python's ctx.history keeps its own history_bars)",
     1, 100000, true, true, false, "", false, false, IN(data, feature_lookback)},
    {"DATA_STALE_SECONDS", Type::number, "30", "A feed silent this long (seconds) is stale", 0, 86400, true,
     true, true, "", false, false, IN(data, stale_seconds)},
    {"DATA_ON_BAD_ROW", Type::choice, "skip", "A malformed data row: skip (quarantine and count) or stop", 0,
     0, false, false, false, "skip|stop", false, false, IN(data, on_bad_row)},
    {"DATA_COLUMNS", Type::string, "",
     "Column mapping for bar files with other header names, role=Header comma-separated (roles: date, "
     "time, open, high, low, close, adj_close, volume, symbol), e.g. date=Datum,open=Eroeffnung; empty: "
     "the usual names",
     0, 0, false, false, false, "", false, true, IN(data, columns)},
    {"DATA_DATE_FORMAT", Type::choice, "auto",
     "How to read dates written with slashes: mdy (03/04/2015 is March 4), dmy (April 3); auto refuses "
     "them and reads YYYY-MM-DD, YYYYMMDD, ISO 8601 date-times and epoch seconds or milliseconds",
     0, 0, false, false, false, "auto|mdy|dmy", false, false, IN(data, date_format)},
    {"DATA_MERGE_SAME_SYMBOL", Type::boolean, "false",
     "Files holding one symbol at one timeframe (long-nvda-1999-2014.csv and NVDA.csv): true merges them "
     "into one series; false uses only the one whose data ends last and reports the others",
     0, 0, false, false, false, "", false, false, IN(data, merge_same_symbol)},
    {"DATA_ADJUSTED_PRICES", Type::boolean, "false",
     "Trade total return: daily prices times Adj Close / Close (splits and dividends folded in); false "
     "trades the prices as they are in the files",
     0, 0, false, false, false, "", false, false, IN(data, adjusted_prices)},
    {"DATA_DIVIDENDS", Type::choice, "ignore",
     "Cash dividends in a backtest on unadjusted prices: ignore (the default: dividends are not paid) or "
     "cash (each dividend the Adj Close column shows is booked on its ex-date: quantity held x amount, a "
     "short pays it); cash needs Adj Close and refuses DATA_ADJUSTED_PRICES=true",
     0, 0, false, false, false, "ignore|cash", false, false, IN(data, dividends)},

    // STRATEGY_
    {"STRATEGY_ENABLED", Type::idents, "sma_crossover", "Strategies that run, comma-separated", 0, 0, false,
     false, false, "", false, false, IN(strategy, enabled)},
    {"STRATEGY_TIMEFRAME", Type::choice, "data",
     "Bar timeframe a strategy without its own timeframe= trades on; data: the data's own bars", 0, 0, false,
     false, false, "data|1s|5s|1m|5m|15m|30m|1h|1d", false, false, IN(strategy, timeframe)},
    {"STRATEGY_SMA_FAST", Type::integer, "10", "Fast moving-average period (bars)", 1, 10000, true, true,
     false, "", false, false, IN(strategy, sma_fast)},
    {"STRATEGY_SMA_SLOW", Type::integer, "30", "Slow moving-average period (bars)", 2, 10000, true, true,
     false, "", false, false, IN(strategy, sma_slow)},
    {"STRATEGY_RSI_PERIOD", Type::integer, "14", "RSI period (bars)", 2, 1000, true, true, false, "", false,
     false, IN(strategy, rsi_period)},
    {"STRATEGY_MIN_CONFIDENCE", Type::number, "0.5",
     "Least combined confidence that trades when strategies combine by weight (--combine weighted)", 0, 1,
     true, true, false, "", false, false, IN(strategy, min_confidence)},

    // MONITORING_
    {"MONITORING_LOG_LEVEL", Type::choice, "info", "Least level logged", 0, 0, false, false, false,
     "trace|debug|info|warn|error|critical", false, false, IN(monitoring, log_level)},
    {"MONITORING_LOG_FORMAT", Type::choice, "json", "json (one object per line) or text (for people)", 0, 0,
     false, false, false, "json|text", false, false, IN(monitoring, log_format)},
    {"MONITORING_LOG_MAX_SIZE_MB", Type::integer, "50", "Log file size that triggers rotation (MiB)", 1,
     10240, true, true, false, "", false, false, IN(monitoring, log_max_size_mb)},
    {"MONITORING_LOG_MAX_FILES", Type::integer, "5", "Rotated log files kept", 1, 100, true, true, false, "",
     false, false, IN(monitoring, log_max_files)},
    {"MONITORING_ALERT_WEBHOOK", Type::string, "", "URL that receives alerts (JSON POST); empty: none", 0, 0,
     false, false, false, "", true, true, IN(monitoring, alert_webhook)},
    {"MONITORING_ALERT_MIN_INTERVAL_SECONDS", Type::number, "60",
     "Least seconds between two alike alerts (same kind and subject); the ones between are counted", 0, 86400,
     true, true, false, "", false, false, IN(monitoring, alert_min_interval)},
    {"MONITORING_ALERT_MAX_PER_MINUTE", Type::integer, "30", "Most alerts posted per minute, of any kind", 1,
     10000, true, true, false, "", false, false, IN(monitoring, alert_max_per_minute)},
    {"MONITORING_FEED_STALL_SECONDS", Type::number, "120",
     "Silence of a feed (one symbol or all) in the open session that is a stall (data time in a replay)", 0,
     86400, true, true, true, "", false, false, IN(monitoring, feed_stall_seconds)},
    {"MONITORING_HTTP_PORT", Type::integer, "8080", "Port of the dashboard and control API; 0: off", 0, 65535,
     true, true, false, "", false, false, IN(monitoring, http_port)},
    {"MONITORING_HTTP_BIND", Type::host, "127.0.0.1", "Address the HTTP server binds", 0, 0, false, false,
     false, "", false, false, IN(monitoring, http_bind)},
    {"MONITORING_HTTP_ALLOWED_HOSTS", Type::hosts, "",
     "Host names the HTTP server answers to besides the bound address, localhost, 127.0.0.1 and ::1 (a "
     "reverse proxy's name, comma-separated); other Host headers get 421",
     0, 0, false, false, false, "", false, true, IN(monitoring, http_allowed_hosts)},
    {"MONITORING_CONTROL_TOKEN", Type::string, "", "Bearer token for control requests (kill switch, stop)", 0,
     0, false, false, false, "", true, true, IN(monitoring, control_token)},
    {"MONITORING_AUDIT_FILE", Type::path, "",
     "Tamper-evident audit trail (JSON lines); empty: a session writes audit.jsonl beside its report and "
     "`risk trip|reset` write logs/audit.jsonl",
     0, 0, false, false, false, "", false, true, IN(monitoring, audit_file)},
    {"MONITORING_AUDIT_FSYNC", Type::choice, "every_record",
     "every_record: fdatasync before an audit write returns; none: leave it to the OS", 0, 0, false, false,
     false, "every_record|none", false, false, IN(monitoring, audit_fsync)},
    {"MONITORING_HEALTH_CHECK_INTERVAL", Type::number, "30",
     "Seconds between the engine's logged health snapshots (0: none)", 0, 3600, true, true, true, "", false,
     false, IN(monitoring, health_check_interval)},
};

#undef IN
#undef TOP

constexpr std::array<std::string_view, 6> kPrefixes = {"IBKR_", "EXECUTION_", "RISK_",
                                                       "DATA_", "STRATEGY_",  "MONITORING_"};

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split_choices(std::string_view choices) {
    std::vector<std::string_view> out;
    while (!choices.empty()) {
        auto bar = choices.find('|');
        out.push_back(choices.substr(0, bar));
        if (bar == std::string_view::npos) break;
        choices.remove_prefix(bar + 1);
    }
    return out;
}

// Shortest spelling of a bound: 0.1 not 0.100000, 1e+10 as 10000000000.
std::string number_text(double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    if (ec != std::errc{}) return std::to_string(v);
    std::string s(buf, end);
    return s;
}

bool in_range(const OptionDef& d, double v) {
    if (d.has_min && (d.min_exclusive ? !(v > d.min) : !(v >= d.min))) return false;
    if (d.has_max && !(v <= d.max)) return false;
    return true;
}

bool is_ident(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

// Comma-separated items, trimmed; an empty item is an error, never silently dropped.
bool split_list(std::string_view raw, std::vector<std::string>& items, std::string& problem) {
    raw = trim(raw);
    if (raw.empty()) return true;
    std::size_t index = 1;
    for (;;) {
        auto comma = raw.find(',');
        auto item = trim(raw.substr(0, comma));
        if (item.empty()) {
            problem = "item " + std::to_string(index) + " is empty";
            return false;
        }
        items.emplace_back(item);
        if (comma == std::string_view::npos) return true;
        raw.remove_prefix(comma + 1);
        ++index;
    }
}

// A name of letters, digits, '.', '-' and '_', an IPv4 address, or an IPv6 address (hex
// digits, '.' and at least two ':', optionally in brackets); never a "name:port".
bool is_host_name(std::string_view s) {
    if (s.size() >= 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
    if (s.empty() || s.size() > 253) return false;
    const auto colons = std::count(s.begin(), s.end(), ':');
    if (colons == 1) return false;
    return std::all_of(s.begin(), s.end(), [&](char c) {
        const auto u = static_cast<unsigned char>(c);
        if (colons > 0) return std::isxdigit(u) || c == ':' || c == '.';
        return std::isalnum(u) || c == '.' || c == '-' || c == '_';
    });
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

}  // namespace

std::span<const OptionDef> options() noexcept { return kOptions; }

const OptionDef* find_option(std::string_view name) noexcept {
    for (const auto& d : kOptions)
        if (d.name == name) return &d;
    return nullptr;
}

std::span<const std::string_view> project_prefixes() noexcept { return kPrefixes; }

bool has_project_prefix(std::string_view name) noexcept {
    return std::any_of(kPrefixes.begin(), kPrefixes.end(), [&](auto p) { return name.starts_with(p); });
}

std::string_view group_of(std::string_view name) noexcept {
    static constexpr std::array<std::string_view, 6> groups = {"ibkr", "execution", "risk",
                                                               "data", "strategy",  "monitoring"};
    for (std::size_t i = 0; i < kPrefixes.size(); ++i)
        if (name.starts_with(kPrefixes[i])) return groups[i];
    return "";
}

namespace {
constexpr std::array kRemoved = {
    RemovedOption{"STRATEGY_NAME", "strategies are chosen by STRATEGY_ENABLED (or --strategy)"},
    RemovedOption{"DATA_HISTORICAL_DAYS", "the backfill through TWS is --backfill bars per symbol"},
    RemovedOption{"DATA_TICK_BUFFER_SIZE", "no component buffers ticks per symbol"},
    RemovedOption{"RISK_TAKE_PROFIT_PCT", "no built-in exit takes profit at a fixed distance"},
};
}  // namespace

std::span<const RemovedOption> removed_options() noexcept { return kRemoved; }

const RemovedOption* find_removed_option(std::string_view name) noexcept {
    for (const auto& r : kRemoved)
        if (r.name == name) return &r;
    return nullptr;
}

std::string_view closest_option(std::string_view name) {
    std::string_view best;
    std::size_t best_distance = SIZE_MAX;
    for (const auto& d : kOptions) {
        std::size_t dist = edit_distance(name, d.name);
        if (dist < best_distance) best_distance = dist, best = d.name;
    }
    return best;
}

std::string describe_allowed(const OptionDef& d) {
    auto range = [&](std::string what) {
        if (d.has_min && d.has_max) {
            if (d.min_exclusive)
                return what + " greater than " + number_text(d.min) + " and at most " + number_text(d.max);
            return what + " from " + number_text(d.min) + " to " + number_text(d.max);
        }
        if (d.has_min)
            return what + (d.min_exclusive ? " greater than " : " of at least ") + number_text(d.min);
        return what;
    };
    switch (d.type) {
        case Type::string:
            return d.allow_empty ? "any text" : "non-empty text";
        case Type::ident:
            return "an identifier of a-z, 0-9 and _";
        case Type::host:
            return "a host name or IP address";
        case Type::path:
            return d.allow_empty ? "a file path, or empty" : "a file path";
        case Type::timezone:
            return "an IANA time zone such as America/New_York";
        case Type::integer:
            return range("an integer");
        case Type::number:
            return range("a number");
        case Type::boolean:
            return "true or false (also 1/0, yes/no, on/off)";
        case Type::choice: {
            std::string out = "one of ";
            auto c = split_choices(d.choices);
            for (std::size_t i = 0; i < c.size(); ++i) out += (i ? ", " : "") + std::string(c[i]);
            return out;
        }
        case Type::money:
        case Type::price:
            return range("an amount (up to 8 decimals)");
        case Type::idents:
            return "a comma-separated list of identifiers (a-z, 0-9, _)";
        case Type::symbols:
            return "a comma-separated list of distinct ticker symbols";
        case Type::hosts:
            return d.allow_empty ? "a comma-separated list of host names or IP addresses (no port), or empty"
                                 : "a comma-separated list of host names or IP addresses (no port)";
    }
    return "?";
}

std::optional<Parsed> parse_option(const OptionDef& d, std::string_view raw, std::string& problem) {
    problem.clear();
    const std::string_view text = d.type == Type::string ? raw : trim(raw);
    switch (d.type) {
        case Type::string:
        case Type::path:
            if (text.empty() && !d.allow_empty) return std::nullopt;
            return Parsed{std::string(text), std::string(text)};
        case Type::ident:
            if (!is_ident(text)) return std::nullopt;
            return Parsed{std::string(text), std::string(text)};
        case Type::host: {
            bool ok = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
                       c == '_';
            });
            if (!ok) return std::nullopt;
            return Parsed{std::string(text), std::string(text)};
        }
        case Type::timezone: {
            bool ok = !text.empty() && text.find("..") == std::string_view::npos && text.front() != '/' &&
                      std::all_of(text.begin(), text.end(), [](char c) {
                          return std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' ||
                                 c == '-' || c == '+';
                      });
            std::error_code ec;
            if (ok && text != "UTC" &&
                !std::filesystem::is_regular_file(std::filesystem::path("/usr/share/zoneinfo") / text, ec)) {
                problem = "not found in /usr/share/zoneinfo";
                ok = false;
            }
            if (!ok) return std::nullopt;
            return Parsed{std::string(text), std::string(text)};
        }
        case Type::integer: {
            std::int64_t v = 0;
            std::string_view digits = text.starts_with('+') ? text.substr(1) : text;
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
            if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size())
                return std::nullopt;
            if (!in_range(d, static_cast<double>(v))) return std::nullopt;
            return Parsed{v, std::to_string(v)};
        }
        case Type::number: {
            double v = 0;
            std::string_view digits = text.starts_with('+') ? text.substr(1) : text;
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
            if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() ||
                !std::isfinite(v))
                return std::nullopt;
            if (!in_range(d, v)) return std::nullopt;
            return Parsed{v, std::string(text)};
        }
        case Type::boolean: {
            const std::string t = lower(text);
            if (t == "true" || t == "1" || t == "yes" || t == "on") return Parsed{true, "true"};
            if (t == "false" || t == "0" || t == "no" || t == "off") return Parsed{false, "false"};
            return std::nullopt;
        }
        case Type::choice: {
            std::string t = lower(text);
            if (t == "warning" && d.choices.find("warn") != std::string_view::npos)
                t = "warn";  // Python's spelling
            for (auto c : split_choices(d.choices))
                if (c == t) return Parsed{t, t};
            return std::nullopt;
        }
        case Type::money:
        case Type::price: {
            std::int64_t raw_value = 0;
            auto status = decimal_detail::parse_scaled(text, Money::places, false, raw_value);
            if (status != decimal_detail::ParseStatus::ok) {
                problem = decimal_detail::describe(status);
                return std::nullopt;
            }
            const Money m = Money::from_raw(raw_value);
            if (!in_range(d, m.to_double())) return std::nullopt;
            if (d.type == Type::price) return Parsed{Price::from_raw(m.raw()), m.to_string()};
            return Parsed{m, m.to_string()};
        }
        case Type::idents: {
            std::vector<std::string> items;
            if (!split_list(text, items, problem)) return std::nullopt;
            if (items.empty() && !d.allow_empty) return std::nullopt;
            for (const auto& item : items)
                if (!is_ident(item)) {
                    problem = "\"" + item + "\" is not an identifier";
                    return std::nullopt;
                }
            std::string norm = join(items);
            return Parsed{std::move(items), std::move(norm)};
        }
        case Type::hosts: {
            std::vector<std::string> items;
            if (!split_list(text, items, problem)) return std::nullopt;
            if (items.empty() && !d.allow_empty) return std::nullopt;
            for (auto& item : items) {
                if (!is_host_name(item)) {
                    problem = "\"" + item + "\" is not a host name or IP address without a port";
                    return std::nullopt;
                }
                item = lower(item);
            }
            std::string norm = join(items);
            return Parsed{std::move(items), std::move(norm)};
        }
        case Type::symbols: {
            std::vector<std::string> items;
            if (!split_list(text, items, problem)) return std::nullopt;
            if (items.empty()) return std::nullopt;
            std::set<std::string> seen;
            for (auto& item : items) {
                Symbol s;
                if (!Symbol::try_make(item, s)) {
                    problem = "\"" + item + "\" is not a ticker symbol";
                    return std::nullopt;
                }
                item = s.str();
                if (!seen.insert(item).second) {
                    problem = item + " is listed twice";
                    return std::nullopt;
                }
            }
            std::string norm = join(items);
            return Parsed{std::move(items), std::move(norm)};
        }
    }
    return std::nullopt;
}

std::optional<double> numeric(const Value& v) noexcept {
    if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (auto* d = std::get_if<double>(&v)) return *d;
    if (auto* m = std::get_if<Money>(&v)) return m->to_double();
    if (auto* p = std::get_if<Price>(&v)) return p->to_double();
    return std::nullopt;
}

std::string_view to_string(Environment e) noexcept {
    switch (e) {
        case Environment::dev:
            return "dev";
        case Environment::staging:
            return "staging";
        case Environment::production:
            return "production";
    }
    return "?";
}
std::string_view to_string(ExecutionMode m) noexcept {
    switch (m) {
        case ExecutionMode::paper:
            return "paper";
        case ExecutionMode::live:
            return "live";
        case ExecutionMode::backtest:
            return "backtest";
    }
    return "?";
}
std::string_view to_string(PositionSizing s) noexcept {
    switch (s) {
        case PositionSizing::fixed:
            return "fixed";
        case PositionSizing::atr:
            return "atr";
        case PositionSizing::kelly:
            return "kelly";
    }
    return "?";
}

}  // namespace robo::config
