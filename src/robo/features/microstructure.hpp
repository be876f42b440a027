// features/microstructure.hpp — quote and trade features of one symbol's top of book.
//
// From each quote: mid, spread (absolute and in basis points of the mid), microprice
// (the size-weighted mid, (bid * ask_size + ask * bid_size) / (bid_size + ask_size), which
// leans towards the side more likely to trade next) and quote imbalance
// ((bid_size - ask_size) / (bid_size + ask_size), in [-1, 1]). Without sizes (both 0, as in
// a bid/ask-only feed) microprice and imbalance are absent, not guessed.
// From each trade, against the latest quote at or before it (no time-lag adjustment):
// effective spread 2 * |price - mid| (and in bps of the mid); trade sign by the quote rule
// (above the mid: buy +1, below: sell -1, at the mid: 0), by the tick rule (up-tick +1,
// down-tick -1, zero-tick repeats the previous sign, first trade 0), and the Lee-Ready
// combination (quote rule, tick rule at the mid or without a quote).
// Refuses (std::invalid_argument, state unchanged) non-positive prices and crossed quotes
// (bid > ask); a locked quote (bid == ask) is valid. O(1), no allocation.
#pragma once
#include <optional>

#include "robo/core/market_data.hpp"

namespace robo::features {

struct QuoteFeatures {
    double bid = 0, ask = 0, mid = 0, spread = 0, spread_bps = 0;
    std::optional<double> microprice, imbalance;
};

struct TradeFeatures {
    int sign = 0;             // Lee-Ready: quote rule, else tick rule
    int quote_rule_sign = 0;  // 0 at the mid or without a quote
    int tick_rule_sign = 0;
    std::optional<double> effective_spread, effective_spread_bps;  // absent without a quote
};

class Microstructure {
public:
    QuoteFeatures on_quote(const Quote& quote);
    TradeFeatures on_trade(const Tick& trade);

    const std::optional<QuoteFeatures>& last_quote() const noexcept { return quote_; }

private:
    std::optional<QuoteFeatures> quote_;
    double last_price_ = 0;
    int last_tick_sign_ = 0;
    bool has_trade_ = false;
};

}  // namespace robo::features
