// risk/sizing.hpp — how many shares to trade: fixed fractional, ATR-based or Kelly.
//
//   fixed: a budget of max_position_pct of equity.
//   atr:   risk risk_per_trade_pct of equity between the entry and a stop placed
//          ATR * atr_multiplier away: shares = equity * risk_per_trade_pct / (ATR * mult).
//   kelly: f* = W - (1 - W) / R from the strategy's win rate W and payoff ratio R (average
//          win / average loss); the budget is kelly_fraction * f* of equity.
// Every size is then capped by max_position_pct of equity, max_position_notional,
// max_order_notional and the buying power, and rounded down to whole lots. When an input
// is missing or meaningless (no ATR yet, too little trade history, a zero price, no edge)
// the size is zero and `reason` says why; it is never negative. Never throws.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "robo/core/multiplier.hpp"
#include "robo/core/order.hpp"
#include "robo/risk/limits.hpp"

namespace robo::risk {

struct TradeStats {
    int trades = 0;           // closed trades behind the estimates
    double win_rate = 0;      // share of winning trades, 0..1
    double payoff_ratio = 0;  // average win / average loss, > 0
};

struct SizingInput {
    Side side = Side::buy;
    Price price;  // expected entry price
    Money equity;
    Money buying_power;
    std::optional<double> atr;        // in price units; atr sizing needs it
    std::optional<TradeStats> stats;  // kelly sizing needs it
    Quantity lot = Quantity::from_units(1);
    // Units of the underlying per contract (EXECUTION_CONTRACT_MULTIPLIER): one contract is
    // worth price x multiplier, and an ATR stop risks ATR x multiplier per contract.
    Quantity multiplier = Quantity::from_units(1);
};

// Which cap bound a size (the smallest wins), and why a size is zero: what code acts on (the
// trader counts caps, notes a Kelly without edge once); `reason` says the same in words.
enum class SizeBound : uint8_t {
    none,
    max_position_pct,
    max_position_notional,
    max_order_notional,
    buying_power
};
enum class ZeroCause : uint8_t {
    none,
    no_price,
    no_equity,
    bad_lot,
    bad_multiplier,
    no_atr,
    no_history,
    too_little_history,
    bad_statistics,
    no_edge,
    below_one_lot
};
std::string_view to_string(SizeBound b) noexcept;  // "max_position_pct", ..., "buying power"
std::string_view to_string(ZeroCause c) noexcept;  // "no_edge", ...

struct SizeDecision {
    Quantity quantity;          // >= 0, a whole number of lots
    std::optional<Price> stop;  // atr: the stop the size assumes (entry -/+ ATR * mult)
    std::string reason;         // why zero, or which cap bound the size; empty otherwise
    SizeBound bound = SizeBound::none;
    ZeroCause zero_cause = ZeroCause::none;
    bool zero() const noexcept { return quantity.is_zero(); }
};

class PositionSizer {
public:
    explicit PositionSizer(const RiskLimits& limits) : limits_(limits) {}
    // Sizes with limits.position_sizing.
    SizeDecision size(const SizingInput& in) const { return size(limits_.position_sizing, in); }
    SizeDecision size(SizingMethod method, const SizingInput& in) const;

private:
    RiskLimits limits_;
};

// The step a position's quantity moves in, per symbol (EXECUTION_LOT_SIZE): 1 share by default,
// 0.01 for fractional quantities (an index or a crypto pair priced in the thousands), 100 for
// round lots. Written "0.01" (every symbol) or "INDEX-FUTURE=0.01,AAPL=1" (others: 1), with
// "*=0.5" for the others. Quantity's resolution is 0.0001.
struct LotSizes {
    Quantity others = Quantity::from_units(1);
    std::unordered_map<Symbol, Quantity> by_symbol;

    Quantity of(Symbol symbol) const {
        auto it = by_symbol.find(symbol);
        return it == by_symbol.end() ? others : it->second;
    }
    // Throws std::invalid_argument naming the entry and what was expected.
    static LotSizes parse(std::string_view text);
};

// The largest whole number of lots whose notional at `price` fits in `budget` (floor).
Quantity lots_within(Money budget, Price price, Quantity lot);

}  // namespace robo::risk
