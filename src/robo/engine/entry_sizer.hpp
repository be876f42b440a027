// engine/entry_sizer.hpp — how large a new position is: risk's PositionSizer (fixed
// fraction, ATR, Kelly) fed with what the session has seen.
//
//   fixed  lots worth equity x position fraction at the price;
//   atr    risk::PositionSizer's ATR sizing on the symbol's Wilder ATR, computed here from
//          the session's own bars (one timeframe per symbol: the configured one, else the
//          first bar timeframe the symbol shows); it also proposes the stop it assumed;
//   kelly  risk::PositionSizer's fractional Kelly on the statistics of the deciding
//          strategy's closed round trips in this session (by its StrategyId, so two
//          instances of one strategy keep separate records). Until a strategy has
//          kelly_min_trades trades it is sized fixed ("bootstrap"), unless bootstrap is
//          off, in which case it does not trade.
// Every size is capped by max_position_pct (the trader's fraction), the notional caps and the
// buying power (equity x max_leverage - gross exposure), and rounded down to whole lots of
// the symbol's step (EXECUTION_LOT_SIZE). Every decision says which method decided and why a size is zero.
// Uses only data the strategies have already seen (closed bars, closed trades): no
// look-ahead. Never throws on the trading path.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "robo/core/market_data.hpp"
#include "robo/exec/portfolio.hpp"
#include "robo/features/atr.hpp"
#include "robo/risk/sizing.hpp"
#include "robo/strategy/orders.hpp"

namespace robo::engine {

struct SizingConfig {
    risk::SizingMethod method = risk::SizingMethod::fixed;
    // Parameters (risk_per_trade_pct, atr_multiplier, kelly_fraction, kelly_min_trades)
    // and caps (notional caps, max_leverage). max_position_pct is the trader's fraction.
    risk::RiskLimits limits;
    int atr_period = 14;
    std::optional<Timeframe> atr_timeframe;  // default: the symbol's first bar timeframe
    bool kelly_bootstrap = true;             // fixed sizing until Kelly has enough history
    risk::LotSizes lots;                     // EXECUTION_LOT_SIZE: sizes are whole lots of the symbol's step
    ContractMultipliers multipliers;  // EXECUTION_CONTRACT_MULTIPLIER: a contract is worth price x multiplier
};

// How a size was found: the configured method, or fixed sizing while Kelly lacks history.
enum class SizedBy : uint8_t { fixed, atr, kelly, kelly_bootstrap };
std::string_view to_string(SizedBy s) noexcept;  // "fixed", "atr", "kelly", "kelly-bootstrap"

struct SizeChoice {
    Quantity quantity;          // 0: do not enter
    std::optional<Price> stop;  // the stop an ATR size assumes
    SizedBy method = SizedBy::fixed;
    std::string note;  // why zero, or which cap bound the size (in words)
    risk::SizeBound bound = risk::SizeBound::none;
    risk::ZeroCause zero_cause = risk::ZeroCause::none;
};

class EntrySizer {
public:
    // Throws std::invalid_argument for an ATR period below 1.
    EntrySizer(SizingConfig config, double position_fraction);

    // A closed bar of any timeframe (only the symbol's ATR timeframe is used).
    void on_bar(const Bar& bar);
    // A finished round trip, credited to the strategy that opened it.
    void on_closed_trade(const exec::ClosedTrade& trade, strategy::StrategyId strategy);

    SizeChoice size(Symbol symbol, strategy::StrategyId strategy, Side side, Price reference,
                    const exec::Portfolio& portfolio) const;

    std::optional<double> atr(Symbol symbol) const;
    risk::TradeStats stats(strategy::StrategyId strategy) const;
    const SizingConfig& config() const noexcept { return config_; }

private:
    struct SymbolAtr {
        Timeframe timeframe;
        features::Atr atr;
        std::optional<double> value;
    };
    struct Record {
        int trades = 0, wins = 0, losses = 0;
        double won = 0, lost = 0;  // sums of winning and of losing P&L (lost > 0)
    };

    SizingConfig config_;
    risk::PositionSizer sizer_;
    std::unordered_map<Symbol, SymbolAtr> atr_;
    std::unordered_map<strategy::StrategyId, Record> records_;
};

}  // namespace robo::engine
