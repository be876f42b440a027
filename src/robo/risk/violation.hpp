// risk/violation.hpp — the typed answer of the risk gate: accepted, or the violations that
// caused a rejection, each with the numbers that caused it.
//
// A Violation is a plain value (no allocation): its kind, the measured value, the limit it
// was compared against, the order's symbol and, for correlation, the held symbol that was
// too close. describe() spells it out for people; to_json() is what the audit trail keeps.
#pragma once
#include <array>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "robo/core/symbol.hpp"

namespace robo::risk {

struct Violation {
    enum Kind : uint8_t {
        KillSwitch,        // the kill switch is tripped and the order is not a pure exit
        InvalidOrder,      // Order::validate() refused it
        MarketClosed,      // the calendar says the market is closed at `now`
        StalePrice,        // no quote, or the quote is older than max_quote_age_seconds
        OrderRate,         // more than max_orders_per_minute accepted in the last 60 s
        MinPrice,          // reference price below min_price
        MinVolume,         // average daily volume below min_volume
        NoEquity,          // equity is zero or negative: nothing can be sized against it
        DailyLoss,         // today's loss beyond max_daily_loss_pct (trips the kill switch)
        Drawdown,          // drawdown from the equity peak beyond max_drawdown_pct (trips)
        ShortSelling,      // the order would leave a short position and shorts are off
        OrderNotional,     // |quantity| * price beyond max_order_notional
        DailyNotional,     // today's traded notional plus this order beyond max_daily_notional
        PositionSize,      // resulting |position| / equity beyond max_position_pct
        PositionNotional,  // resulting |position| notional beyond max_position_notional
        OpenPositions,     // a new position beyond max_open_positions
        BuyingPower,       // added exposure beyond the buying power
        Leverage,          // gross exposure / equity beyond max_leverage (trips when held)
        SectorExposure,    // the sector's gross exposure / equity beyond max_sector_exposure
        PortfolioHeat,     // open risk to the stops / equity beyond max_portfolio_heat
        Correlation,       // |correlation| with a held symbol beyond correlation_limit
        DailyTrades,       // more than max_daily_trades accepted this New York day
    };
    static constexpr int kind_count = DailyTrades + 1;

    Kind kind = InvalidOrder;
    double value = 0;  // what was measured (ratio, money, count, seconds)
    double limit = 0;  // what it was compared against
    Symbol symbol;     // the order's symbol
    Symbol other;      // Correlation: the held symbol; empty otherwise
    // SectorExposure: the sector's name (inline, truncated to 31 characters).
    std::array<char, 32> sector{};

    void set_sector(std::string_view name) noexcept;
    std::string_view sector_name() const noexcept { return sector.data(); }

    std::string describe() const;
    nlohmann::json to_json() const;
};

std::string_view to_string(Violation::Kind kind) noexcept;
std::optional<Violation::Kind> parse_violation_kind(std::string_view text) noexcept;

// The gate's answer. Accepted when there are no violations.
class Verdict {
public:
    bool accepted() const noexcept { return violations_.empty(); }
    bool rejected() const noexcept { return !violations_.empty(); }
    // The first (most fundamental) violation; only valid when rejected().
    const Violation& violation() const { return violations_.front(); }
    const std::vector<Violation>& violations() const noexcept { return violations_; }
    bool has(Violation::Kind kind) const noexcept;
    Violation& add(const Violation& v) { return violations_.emplace_back(v); }

private:
    std::vector<Violation> violations_;
};

}  // namespace robo::risk
