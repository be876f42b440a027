#include "robo/engine/entry_sizer.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "robo/engine/pre_trade.hpp"
#include "robo/risk/portfolio_view.hpp"

namespace robo::engine {

namespace {
risk::RiskLimits with_fraction(risk::RiskLimits limits, double fraction) {
    limits.max_position_pct = fraction;
    return limits;
}
}  // namespace

EntrySizer::EntrySizer(SizingConfig config, double position_fraction)
    : config_(std::move(config)), sizer_(with_fraction(config_.limits, position_fraction)) {
    if (config_.atr_period < 1)
        throw std::invalid_argument(
            fmt::format("sizing: ATR period must be at least 1, found {}", config_.atr_period));
}

void EntrySizer::on_bar(const Bar& bar) {
    if (config_.method != risk::SizingMethod::atr || bar.partial) return;
    auto it = atr_.find(bar.symbol);
    if (it == atr_.end()) {
        Timeframe tf = config_.atr_timeframe.value_or(bar.timeframe);
        it = atr_.emplace(bar.symbol, SymbolAtr{tf, features::Atr(config_.atr_period), std::nullopt}).first;
    }
    SymbolAtr& s = it->second;
    if (bar.timeframe != s.timeframe) return;
    const features::Ohlcv in = features::to_ohlcv(bar);
    // A bar ATR cannot use (high below low) is skipped, not fatal: the data-quality stage
    // has already counted it.
    if (!features::Atr::valid(in)) return;
    s.value = s.atr.apply(in);
}

void EntrySizer::on_closed_trade(const exec::ClosedTrade& trade, strategy::StrategyId strategy) {
    Record& r = records_[strategy];
    ++r.trades;
    const double pnl = trade.pnl.to_double();
    if (pnl > 0) {
        ++r.wins;
        r.won += pnl;
    } else if (pnl < 0) {
        ++r.losses;
        r.lost -= pnl;
    }
}

std::optional<double> EntrySizer::atr(Symbol symbol) const {
    auto it = atr_.find(symbol);
    return it == atr_.end() ? std::nullopt : it->second.value;
}

risk::TradeStats EntrySizer::stats(strategy::StrategyId strategy) const {
    auto it = records_.find(strategy);
    if (it == records_.end()) return {};
    const Record& r = it->second;
    risk::TradeStats s;
    s.trades = r.trades;
    s.win_rate = r.trades > 0 ? double(r.wins) / r.trades : 0;
    // Payoff ratio: average win over average loss. When one side has no trade yet the
    // ratio is undefined but f* = W - (1 - W) / R is not: with no loss W = 1 and f* = 1
    // for any R; with no win W = 0 and f* < 0 for any R. R = 1 gives exactly those.
    s.payoff_ratio = (r.wins > 0 && r.losses > 0) ? (r.won / r.wins) / (r.lost / r.losses) : 1.0;
    return s;
}

SizeChoice EntrySizer::size(Symbol symbol, strategy::StrategyId strategy, Side side, Price reference,
                            const exec::Portfolio& portfolio) const {
    const Money equity = portfolio.equity();
    risk::SizingInput in;
    in.side = side;
    in.price = reference;
    in.equity = equity;
    in.buying_power = risk::buying_power(equity, portfolio.gross_exposure(), config_.limits.max_leverage);
    in.lot = config_.lots.of(symbol);
    in.multiplier = config_.multipliers.of(symbol);
    // Fixed sizes pass the same caps and lot rounding as the others: a size beyond the order or
    // position notional limits is one the gate would refuse whole.
    auto choice = [](const risk::SizeDecision& d, SizedBy method, std::string note) {
        if (!d.reason.empty()) note = note.empty() ? d.reason : note + "; " + d.reason;
        return SizeChoice{d.quantity, d.stop, method, std::move(note), d.bound, d.zero_cause};
    };
    auto fixed = [&](SizedBy method, std::string note) {
        return choice(sizer_.size(risk::SizingMethod::fixed, in), method, std::move(note));
    };
    if (config_.method == risk::SizingMethod::fixed) return fixed(SizedBy::fixed, {});
    if (config_.method == risk::SizingMethod::atr) {
        in.atr = atr(symbol);
        return choice(sizer_.size(risk::SizingMethod::atr, in), SizedBy::atr, {});
    }
    in.stats = stats(strategy);
    if (in.stats->trades < config_.limits.kelly_min_trades && config_.kelly_bootstrap)
        return fixed(SizedBy::kelly_bootstrap,
                     fmt::format("{} of {} closed trades for Kelly; sized fixed until then", in.stats->trades,
                                 config_.limits.kelly_min_trades));
    return choice(sizer_.size(risk::SizingMethod::kelly, in), SizedBy::kelly, {});
}

std::string_view to_string(SizedBy s) noexcept {
    switch (s) {
        case SizedBy::fixed:
            return "fixed";
        case SizedBy::atr:
            return "atr";
        case SizedBy::kelly:
            return "kelly";
        case SizedBy::kelly_bootstrap:
            return "kelly-bootstrap";
    }
    return "?";
}

}  // namespace robo::engine
