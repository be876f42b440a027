// risk/limits.hpp — the numbers every risk check compares against, with the original Python
// system's defaults.
//
// A plain struct: risk/ reads it, never edits it. Shares of equity and ratios are doubles
// (0.02 = 2 %); money limits are exact Money. Boundary rule for every limit unless its
// comment says otherwise: a value exactly at the limit passes, anything beyond it is a
// violation. validate() names the first field that is out of range.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "robo/core/units.hpp"

namespace robo::config {
struct Config;
}

namespace robo::risk {

enum class SizingMethod { fixed, atr, kelly };
std::string_view to_string(SizingMethod m) noexcept;
std::optional<SizingMethod> parse_sizing_method(std::string_view text) noexcept;

struct RiskLimits {
    // Position sizing (RISK_POSITION_SIZING, RISK_KELLY_FRACTION, RISK_ATR_MULTIPLIER).
    SizingMethod position_sizing = SizingMethod::fixed;
    double kelly_fraction = 0.25;      // fractional Kelly
    int kelly_min_trades = 20;         // fewer closed trades: Kelly sizes zero ("no history")
    double atr_multiplier = 2.0;       // stop distance = ATR * multiplier
    double risk_per_trade_pct = 0.01;  // ATR sizing risks this share of equity per trade

    // Pre-trade limits (shares of equity unless named notional).
    double max_position_pct = 0.02;  // one position's |exposure| / equity
    Money max_position_notional = Money::from_units(50'000);
    double max_daily_loss_pct = 0.005;  // (day-start equity - equity) / day-start equity
    double max_drawdown_pct = 0.10;     // (equity peak - equity) / equity peak
    double max_portfolio_heat = 0.06;   // sum of open risk to the stops / equity
    double correlation_limit = 0.7;     // |correlation| with any held symbol
    double max_leverage = 2.0;          // gross exposure / equity
    double max_sector_exposure = 0.30;  // one sector's gross exposure / equity
    Money max_order_notional = Money::from_units(10'000);
    Money max_daily_notional = Money::from_units(100'000);
    int max_open_positions = 20;
    double stop_loss_pct = 0.02;  // assumed stop distance when a position has none
    double min_volume = 100'000;  // average daily volume (shares)
    Price min_price = Price::from_units(1);
    int max_orders_per_minute = 30;
    // Orders accepted per New York trading day (EXECUTION_MAX_DAILY_TRADES; 0: no limit).
    int max_daily_trades = 0;
    // Exits (and protective stops, and their modifications) count against both limits
    // above like every order, but may go this many beyond them, so that a position can
    // still be closed when entries have used the limit up; never unbounded.
    int exit_order_allowance = 10;
    double max_quote_age_seconds = 60;  // a quote older than this (simulated clock) is stale
    bool short_selling = false;         // EXECUTION_SHORT_SELLING

    // Kill switch.
    int kill_switch_violations = 5;           // this many rejected orders ...
    double kill_switch_window_seconds = 300;  // ... within this window trips it
    bool flatten_on_trip = false;             // also report flattening orders when tripped
    bool allow_exits_when_tripped = true;     // reducing-only mode while tripped

    // Empty when every field is in range; otherwise "risk: FIELD=VALUE must be ...".
    std::string validate() const;
};

// The limits of a loaded configuration: every RISK_* option of the same name, short
// selling from EXECUTION_SHORT_SELLING, the quote age from DATA_STALE_SECONDS (when
// positive). Fields with no option keep the defaults above.
RiskLimits from_config(const config::Config& cfg);

// The limits a gate enforces, as the report's "limits in force" and the session plan show
// them (notionals in cents).
nlohmann::json gate_limits_json(const RiskLimits& l);

}  // namespace robo::risk
