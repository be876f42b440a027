#include "robo/risk/limits.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include <cmath>
#include "robo/config/config.hpp"

namespace robo::risk {

std::string_view to_string(SizingMethod m) noexcept {
    switch (m) {
        case SizingMethod::fixed:
            return "fixed";
        case SizingMethod::atr:
            return "atr";
        case SizingMethod::kelly:
            return "kelly";
    }
    return "?";
}

std::optional<SizingMethod> parse_sizing_method(std::string_view text) noexcept {
    if (text == "fixed") return SizingMethod::fixed;
    if (text == "atr") return SizingMethod::atr;
    if (text == "kelly") return SizingMethod::kelly;
    return std::nullopt;
}

namespace {
// "" when lo <= v <= hi (and v is a number), else the message.
std::string range(std::string_view name, double v, double lo, double hi) {
    if (std::isfinite(v) && v >= lo && v <= hi) return {};
    return fmt::format("risk: {}={} must be between {} and {}", name, v, lo, hi);
}
std::string positive(std::string_view name, double v) {
    if (std::isfinite(v) && v > 0) return {};
    return fmt::format("risk: {}={} must be a positive number", name, v);
}
}  // namespace

std::string RiskLimits::validate() const {
    const std::string checks[] = {
        range("kelly_fraction", kelly_fraction, 0, 1),
        range("kelly_min_trades", kelly_min_trades, 1, 1e9),
        positive("atr_multiplier", atr_multiplier),
        range("risk_per_trade_pct", risk_per_trade_pct, 0, 1),
        range("max_position_pct", max_position_pct, 0, 1),
        range("max_position_notional", max_position_notional.to_double(), 0, 1e12),
        range("max_daily_loss_pct", max_daily_loss_pct, 0, 1),
        range("max_drawdown_pct", max_drawdown_pct, 0, 1),
        range("max_portfolio_heat", max_portfolio_heat, 0, 1),
        range("correlation_limit", correlation_limit, 0, 1),
        range("max_leverage", max_leverage, 0, 100),
        range("max_sector_exposure", max_sector_exposure, 0, 100),
        range("max_order_notional", max_order_notional.to_double(), 0, 1e12),
        range("max_daily_notional", max_daily_notional.to_double(), 0, 1e12),
        range("max_open_positions", max_open_positions, 0, 1e6),
        range("stop_loss_pct", stop_loss_pct, 0, 1),
        range("min_volume", min_volume, 0, 1e15),
        range("min_price", min_price.to_double(), 0, 1e9),
        range("max_orders_per_minute", max_orders_per_minute, 0, 1e6),
        range("max_daily_trades", max_daily_trades, 0, 1e6),
        range("exit_order_allowance", exit_order_allowance, 0, 1e6),
        positive("max_quote_age_seconds", max_quote_age_seconds),
        range("kill_switch_violations", kill_switch_violations, 1, 1e6),
        positive("kill_switch_window_seconds", kill_switch_window_seconds),
    };
    for (const auto& c : checks)
        if (!c.empty()) return c;
    return {};
}

RiskLimits from_config(const config::Config& cfg) {
    const config::RiskConfig& r = cfg.risk;
    RiskLimits l;
    switch (r.position_sizing) {
        case config::PositionSizing::fixed:
            l.position_sizing = SizingMethod::fixed;
            break;
        case config::PositionSizing::atr:
            l.position_sizing = SizingMethod::atr;
            break;
        case config::PositionSizing::kelly:
            l.position_sizing = SizingMethod::kelly;
            break;
    }
    l.kelly_fraction = r.kelly_fraction;
    l.atr_multiplier = r.atr_multiplier;
    l.max_position_pct = r.max_position_pct;
    l.max_daily_loss_pct = r.max_daily_loss_pct;
    l.max_drawdown_pct = r.max_drawdown_pct;
    l.max_portfolio_heat = r.max_portfolio_heat;
    l.correlation_limit = r.correlation_limit;
    l.max_leverage = r.max_leverage;
    l.max_sector_exposure = r.max_sector_exposure;
    l.max_order_notional = r.max_order_notional;
    l.max_position_notional = r.max_position_notional;
    l.max_daily_notional = r.max_daily_notional;
    l.max_open_positions = r.max_open_positions;
    l.stop_loss_pct = r.stop_loss_pct;
    l.min_volume = static_cast<double>(r.min_volume);
    l.min_price = r.min_price;
    l.max_orders_per_minute = r.max_orders_per_minute;
    l.max_daily_trades = cfg.execution.max_daily_trades;
    l.kill_switch_violations = r.kill_switch_violations;
    l.kill_switch_window_seconds = r.kill_switch_window_seconds;
    l.short_selling = cfg.execution.short_selling;
    if (cfg.data.stale_seconds > 0) l.max_quote_age_seconds = cfg.data.stale_seconds;
    return l;
}

nlohmann::json gate_limits_json(const RiskLimits& l) {
    return {{"max_position_pct", l.max_position_pct},
            {"max_position_notional", l.max_position_notional.to_string(2)},
            {"max_order_notional", l.max_order_notional.to_string(2)},
            {"max_daily_notional", l.max_daily_notional.to_string(2)},
            {"max_daily_loss_pct", l.max_daily_loss_pct},
            {"max_drawdown_pct", l.max_drawdown_pct},
            {"max_portfolio_heat", l.max_portfolio_heat},
            {"correlation_limit", l.correlation_limit},
            {"max_leverage", l.max_leverage},
            {"max_sector_exposure", l.max_sector_exposure},
            {"max_open_positions", l.max_open_positions},
            {"min_volume", l.min_volume},
            {"min_price", l.min_price.to_string()},
            {"max_orders_per_minute", l.max_orders_per_minute},
            {"max_daily_trades", l.max_daily_trades},
            {"max_quote_age_seconds", l.max_quote_age_seconds},
            {"short_selling", l.short_selling},
            {"kill_switch_violations", l.kill_switch_violations},
            {"kill_switch_window_seconds", l.kill_switch_window_seconds}};
}

}  // namespace robo::risk
