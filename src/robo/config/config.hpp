// config/config.hpp — the typed configuration every component reads.
//
// Groups are named after the variable prefixes (IBKR_PORT -> cfg.ibkr.port,
// RISK_MAX_POSITION_PCT -> cfg.risk.max_position_pct); the few unprefixed variables
// (ENVIRONMENT, LOG_FILE, SYMBOLS, DEFAULT_CASH) sit at the top. A Config is only ever
// produced by config/loader.hpp, which fills every field from the option table
// (config/options.cpp): this header holds no defaults, so there is one place to change
// one. Components take `const Config&` and never read the environment themselves.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "robo/core/market_data.hpp"
#include "robo/core/symbol.hpp"
#include "robo/core/units.hpp"
#include "robo/log/log.hpp"

namespace robo::config {

enum class Environment { dev, staging, production };
enum class ExecutionMode { paper, live, backtest };
enum class PositionSizing { fixed, atr, kelly };
enum class BadRowPolicy { skip, stop };
enum class AuditFsync { every_record, none };

struct IbkrConfig {
    std::string host;
    int port = 0;
    int client_id = 0;
    std::string account;  // secret: redacted in every printout
    bool readonly = false;
    double timeout = 0;  // seconds
    bool allow_live_port = false;
};

struct ExecutionConfig {
    ExecutionMode mode = ExecutionMode::paper;
    int max_daily_trades = 0;
    bool short_selling = false;
    std::string live_confirm;  // must be "I_UNDERSTAND" in live mode
    double slippage_bps = 0;
    Money commission_per_share;
    std::string lot_size;  // EXECUTION_LOT_SIZE: "1", "0.01" or SYMBOL=step,... (risk::LotSizes)
    // EXECUTION_CONTRACT_MULTIPLIER: "1", "50" or SYMBOL=multiplier,... (ContractMultipliers)
    std::string contract_multiplier;
};

struct RiskConfig {
    PositionSizing position_sizing = PositionSizing::fixed;
    double max_position_pct = 0;
    double max_daily_loss_pct = 0;
    double max_portfolio_heat = 0;
    double correlation_limit = 0;
    double max_leverage = 0;
    double max_sector_exposure = 0;
    Money max_order_notional;
    Money max_position_notional;
    Money max_daily_notional;
    int max_open_positions = 0;
    double stop_loss_pct = 0;
    std::int64_t min_volume = 0;
    double kelly_fraction = 0;
    double atr_multiplier = 0;
    int atr_period = 0;
    double max_drawdown_pct = 0;
    int kill_switch_violations = 0;
    int kill_switch_window_seconds = 0;
    Price min_price;
    int max_orders_per_minute = 0;
    std::filesystem::path kill_switch_file;  // the persisted kill switch (sessions through a broker)
};

struct DataConfig {
    std::filesystem::path dir;
    std::filesystem::path db_path;
    std::string timezone;
    double replay_speed = 0;  // 0: as fast as possible
    double outlier_mad_threshold = 0;
    int feature_lookback = 0;  // DATA_FEATURE_LOOKBACK: bars Context::history keeps by default
    double stale_seconds = 0;
    BadRowPolicy on_bad_row = BadRowPolicy::skip;
    std::string columns;             // DATA_COLUMNS: role=Header,... for bar files with other names
    std::string date_format;         // DATA_DATE_FORMAT: auto, mdy or dmy (dates written with slashes)
    bool merge_same_symbol = false;  // DATA_MERGE_SAME_SYMBOL: several files of one symbol -> one series
    bool adjusted_prices = false;    // DATA_ADJUSTED_PRICES: trade prices on their Adj Close basis
    std::string dividends =
        "ignore";  // DATA_DIVIDENDS: ignore | cash (booked on ex-dates; unadjusted prices)
};

struct StrategyConfig {
    std::vector<std::string> enabled;
    std::optional<Timeframe> timeframe;  // nullopt: the data's own bars
    int sma_fast = 0;
    int sma_slow = 0;
    int rsi_period = 0;
    double min_confidence = 0;
};

struct MonitoringConfig {
    log::Level log_level = log::Level::info;
    log::Format log_format = log::Format::json;
    int log_max_size_mb = 0;
    int log_max_files = 0;
    std::string alert_webhook;      // secret: webhook URLs carry tokens
    double alert_min_interval = 0;  // seconds between alike alerts
    int alert_max_per_minute = 0;
    double feed_stall_seconds = 0;  // silence in session that is a stall
    int http_port = 0;              // 0: no HTTP server
    std::string http_bind;
    std::vector<std::string> http_allowed_hosts;  // Host names beyond the bound address and loopback
    std::string control_token;                    // secret
    std::filesystem::path audit_file;
    AuditFsync audit_fsync = AuditFsync::every_record;
    double health_check_interval = 0;  // seconds
};

struct Config {
    Environment environment = Environment::dev;
    IbkrConfig ibkr;
    ExecutionConfig execution;
    RiskConfig risk;
    DataConfig data;
    StrategyConfig strategy;
    MonitoringConfig monitoring;
    std::filesystem::path log_file;  // empty: log to stderr
    std::vector<Symbol> symbols;
    Money default_cash;
};

std::string_view to_string(Environment e) noexcept;
std::string_view to_string(ExecutionMode m) noexcept;
std::string_view to_string(PositionSizing s) noexcept;

// IBKR's live-trading ports: TWS 7496, IB Gateway 4001 (paper: 7497, 4002).
inline bool is_live_port(int port) noexcept { return port == 7496 || port == 4001; }
inline constexpr std::string_view live_confirmation = "I_UNDERSTAND";

}  // namespace robo::config
