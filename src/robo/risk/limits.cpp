#include "robo/risk/limits.hpp"

#include <fmt/format.h>
#include <cmath>

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
        positive("max_quote_age_seconds", max_quote_age_seconds),
        range("kill_switch_violations", kill_switch_violations, 1, 1e6),
        positive("kill_switch_window_seconds", kill_switch_window_seconds),
    };
    for (const auto& c : checks)
        if (!c.empty()) return c;
    return {};
}

}  // namespace robo::risk
