#include "robo/risk/violation.hpp"

#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cstring>

namespace robo::risk {

namespace {
constexpr std::array<std::string_view, Violation::kind_count> kNames{
    "kill_switch",    "invalid_order",  "market_closed",  "stale_price",     "order_rate",
    "min_price",      "min_volume",     "no_equity",      "daily_loss",      "drawdown",
    "short_selling",  "order_notional", "daily_notional", "position_size",   "position_notional",
    "open_positions", "buying_power",   "leverage",       "sector_exposure", "portfolio_heat",
    "correlation",    "daily_trades",
};
}  // namespace

std::string_view to_string(Violation::Kind kind) noexcept {
    return kind < kNames.size() ? kNames[kind] : std::string_view("?");
}

std::optional<Violation::Kind> parse_violation_kind(std::string_view text) noexcept {
    for (size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == text) return static_cast<Violation::Kind>(i);
    return std::nullopt;
}

void Violation::set_sector(std::string_view name) noexcept {
    size_t n = std::min(name.size(), sector.size() - 1);
    std::memcpy(sector.data(), name.data(), n);
    sector[n] = '\0';
}

std::string Violation::describe() const {
    // Portfolio-level breaches (monitor()) have no symbol: "portfolio" reads better than "".
    std::string_view sym = symbol.empty() ? std::string_view("portfolio") : symbol.view();
    switch (kind) {
        case KillSwitch:
            return fmt::format("{}: kill switch is tripped; only orders that reduce a position may pass",
                               sym);
        case InvalidOrder:
            return fmt::format("{}: order is malformed", sym);
        case MarketClosed:
            return fmt::format("{}: market is closed", sym);
        case StalePrice:
            if (value < 0) return fmt::format("{}: no quote for the symbol", sym);
            return fmt::format("{}: quote is {:.3f} s old, limit {:.3f} s", sym, value, limit);
        case OrderRate:
            return fmt::format("{}: order would be number {} in the last minute, limit {}", sym, value,
                               limit);
        case MinPrice:
            return fmt::format("{}: price {} below minimum {}", sym, value, limit);
        case MinVolume:
            return fmt::format("{}: average volume {} below minimum {}", sym, value, limit);
        case NoEquity:
            return fmt::format("{}: equity is {}; nothing can be risked", sym, value);
        case DailyLoss:
            return fmt::format("{}: daily loss {:.4f}% beyond limit {:.4f}%", sym, value * 100, limit * 100);
        case Drawdown:
            return fmt::format("{}: drawdown {:.4f}% beyond limit {:.4f}%", sym, value * 100, limit * 100);
        case ShortSelling:
            return fmt::format("{}: would leave a short position of {} shares; short selling is off", sym,
                               value);
        case OrderNotional:
            return fmt::format("{}: order notional {:.2f} beyond limit {:.2f}", sym, value, limit);
        case DailyNotional:
            return fmt::format("{}: daily notional would be {:.2f}, limit {:.2f}", sym, value, limit);
        case PositionSize:
            return fmt::format("{}: position would be {:.4f}% of equity, limit {:.4f}%", sym, value * 100,
                               limit * 100);
        case PositionNotional:
            return fmt::format("{}: position notional would be {:.2f}, limit {:.2f}", sym, value, limit);
        case OpenPositions:
            return fmt::format("{}: would open position number {}, limit {}", sym, value, limit);
        case BuyingPower:
            return fmt::format("{}: needs {:.2f} of buying power, {:.2f} available", sym, value, limit);
        case Leverage:
            return fmt::format("{}: leverage would be {:.4f}, limit {:.4f}", sym, value, limit);
        case SectorExposure:
            return fmt::format("{}: sector {} would be {:.4f}% of equity, limit {:.4f}%", sym, sector_name(),
                               value * 100, limit * 100);
        case PortfolioHeat:
            return fmt::format("{}: portfolio heat would be {:.4f}% of equity, limit {:.4f}%", sym,
                               value * 100, limit * 100);
        case Correlation:
            return fmt::format("{}: correlation {:.4f} with held {} beyond limit {:.4f}", sym, value,
                               other.view(), limit);
        case DailyTrades:
            return fmt::format("{}: order would be number {} today (New York), limit {}", sym, value, limit);
    }
    return fmt::format("{}: unknown violation", sym);
}

nlohmann::json Violation::to_json() const {
    nlohmann::json j{
        {"kind", to_string(kind)}, {"value", value}, {"limit", limit}, {"symbol", symbol.view()}};
    if (!other.empty()) j["other"] = other.view();
    if (sector[0] != '\0') j["sector"] = sector_name();
    j["message"] = describe();
    return j;
}

bool Verdict::has(Violation::Kind kind) const noexcept {
    return std::any_of(violations_.begin(), violations_.end(),
                       [&](const Violation& v) { return v.kind == kind; });
}

}  // namespace robo::risk
