#include "robo/risk/sizing.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "robo/core/per_symbol.hpp"

namespace robo::risk {

LotSizes LotSizes::parse(std::string_view text) {
    auto parsed = parse_per_symbol(text, Quantity::from_units(1), "EXECUTION_LOT_SIZE", "step",
                                   "a positive quantity step of at least 0.0001");
    LotSizes lots;
    lots.others = parsed.others;
    lots.by_symbol = std::move(parsed.by_symbol);
    return lots;
}

Quantity lots_within(Money budget, Price price, Quantity lot) {
    if (!budget.is_positive() || !price.is_positive() || !lot.is_positive()) return Quantity{};
    __extension__ typedef __int128 i128;
    // budget.raw / price.raw is shares (both 8 decimals); scale to Quantity's raw units.
    i128 qty_raw = static_cast<i128>(budget.raw()) * Quantity::scale / price.raw();
    i128 lots = qty_raw / lot.raw();
    i128 raw = lots * lot.raw();
    if (raw > INT64_MAX) return Quantity::from_raw(INT64_MAX / lot.raw() * lot.raw());
    return Quantity::from_raw(static_cast<int64_t>(raw));
}

namespace {
SizeDecision zero(ZeroCause cause, std::string reason) {
    return {Quantity{}, std::nullopt, std::move(reason), SizeBound::none, cause};
}

Money share_of(Money equity, double pct) { return Money::from_double(equity.to_double() * pct); }
}  // namespace

SizeDecision PositionSizer::size(SizingMethod method, const SizingInput& in) const {
    if (!in.price.is_positive())
        return zero(ZeroCause::no_price, fmt::format("no usable price ({})", in.price.to_string()));
    if (!in.equity.is_positive())
        return zero(ZeroCause::no_equity,
                    fmt::format("no equity to size against ({})", in.equity.to_string()));
    if (!in.lot.is_positive())
        return zero(ZeroCause::bad_lot,
                    fmt::format("lot size must be positive, found {}", in.lot.to_string()));
    if (!in.multiplier.is_positive())
        return zero(ZeroCause::bad_multiplier,
                    fmt::format("contract multiplier must be positive, found {}", in.multiplier.to_string()));
    // What one contract is worth: every budget below buys contracts at this value.
    const Price contract = contract_price(in.price, in.multiplier);

    Money budget;
    std::optional<Price> stop;
    switch (method) {
        case SizingMethod::fixed:
            budget = share_of(in.equity, limits_.max_position_pct);
            break;
        case SizingMethod::atr: {
            if (!in.atr || !std::isfinite(*in.atr) || *in.atr <= 0)
                return zero(ZeroCause::no_atr, "no ATR yet");
            const double distance = *in.atr * limits_.atr_multiplier;
            // A contract loses distance x multiplier to the stop.
            const double shares =
                in.equity.to_double() * limits_.risk_per_trade_pct / (distance * in.multiplier.to_double());
            // Budget in money so the same caps and lot rounding apply to every method.
            budget = Money::from_double(std::min(shares * contract.to_double(), 9e10));
            const double stop_price =
                in.side == Side::buy ? in.price.to_double() - distance : in.price.to_double() + distance;
            if (stop_price > 0) stop = Price::from_double(stop_price);
            break;
        }
        case SizingMethod::kelly: {
            if (!in.stats || in.stats->trades <= 0) return zero(ZeroCause::no_history, "no trade history");
            const TradeStats& s = *in.stats;
            if (s.trades < limits_.kelly_min_trades)
                return zero(ZeroCause::too_little_history,
                            fmt::format("too little trade history: {} trades, need {}", s.trades,
                                        limits_.kelly_min_trades));
            if (!(s.win_rate >= 0 && s.win_rate <= 1) || !(s.payoff_ratio > 0) ||
                !std::isfinite(s.payoff_ratio))
                return zero(ZeroCause::bad_statistics,
                            fmt::format("trade statistics out of range: win rate {}, payoff ratio {}",
                                        s.win_rate, s.payoff_ratio));
            const double f = s.win_rate - (1 - s.win_rate) / s.payoff_ratio;
            if (f <= 0)
                return zero(ZeroCause::no_edge, fmt::format("no edge: full Kelly fraction {:.4f}", f));
            budget = share_of(in.equity, f * limits_.kelly_fraction);
            break;
        }
    }

    SizeBound bound = SizeBound::none;
    auto cap = [&](Money limit, SizeBound which) {
        if (limit < budget) {
            budget = limit;
            bound = which;
        }
    };
    cap(share_of(in.equity, limits_.max_position_pct), SizeBound::max_position_pct);
    cap(limits_.max_position_notional, SizeBound::max_position_notional);
    cap(limits_.max_order_notional, SizeBound::max_order_notional);
    cap(in.buying_power.is_negative() ? Money{} : in.buying_power, SizeBound::buying_power);

    Quantity q = lots_within(budget, contract, in.lot);
    if (q.is_zero())
        return zero(
            ZeroCause::below_one_lot,
            fmt::format(
                "budget {} buys less than one lot of {} at {}{}", budget.to_string(2), in.lot.to_string(),
                contract == in.price ? in.price.to_string()
                                     : fmt::format("{} x multiplier {} = {} a contract", in.price.to_string(),
                                                   in.multiplier.to_string(), contract.to_string()),
                in.lot >= Quantity::from_units(1) ? " (EXECUTION_LOT_SIZE=0.01 trades fractions of a unit)"
                                                  : ""));
    return {q, stop, bound == SizeBound::none ? std::string() : "capped at " + std::string(to_string(bound)),
            bound, ZeroCause::none};
}

std::string_view to_string(SizeBound b) noexcept {
    switch (b) {
        case SizeBound::none:
            return "none";
        case SizeBound::max_position_pct:
            return "max_position_pct";
        case SizeBound::max_position_notional:
            return "max_position_notional";
        case SizeBound::max_order_notional:
            return "max_order_notional";
        case SizeBound::buying_power:
            return "buying power";
    }
    return "?";
}

std::string_view to_string(ZeroCause c) noexcept {
    switch (c) {
        case ZeroCause::none:
            return "none";
        case ZeroCause::no_price:
            return "no_price";
        case ZeroCause::no_equity:
            return "no_equity";
        case ZeroCause::bad_lot:
            return "bad_lot";
        case ZeroCause::bad_multiplier:
            return "bad_multiplier";
        case ZeroCause::no_atr:
            return "no_atr";
        case ZeroCause::no_history:
            return "no_history";
        case ZeroCause::too_little_history:
            return "too_little_history";
        case ZeroCause::bad_statistics:
            return "bad_statistics";
        case ZeroCause::no_edge:
            return "no_edge";
        case ZeroCause::below_one_lot:
            return "below_one_lot";
    }
    return "?";
}

}  // namespace robo::risk
