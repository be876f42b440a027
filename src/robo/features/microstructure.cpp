#include "robo/features/microstructure.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace robo::features {

QuoteFeatures Microstructure::on_quote(const Quote& q) {
    if (q.bid.raw() <= 0 || q.ask.raw() <= 0 || q.bid > q.ask || q.bid_size.raw() < 0 || q.ask_size.raw() < 0)
        throw std::invalid_argument(
            fmt::format("microstructure {} at {}: quote bid {} x {} / ask {} x {} refused (expected 0 < bid "
                        "<= ask, sizes >= 0)",
                        q.symbol.view(), format_iso_micros(q.time), q.bid.to_string(), q.bid_size.to_string(),
                        q.ask.to_string(), q.ask_size.to_string()));
    QuoteFeatures f;
    f.bid = q.bid.to_double();
    f.ask = q.ask.to_double();
    f.mid = (f.bid + f.ask) / 2;
    f.spread = (q.ask - q.bid).to_double();  // exact difference, then one rounding
    f.spread_bps = f.spread / f.mid * 1e4;
    const double bid_size = q.bid_size.to_double(), ask_size = q.ask_size.to_double();
    if (bid_size + ask_size > 0) {
        f.microprice = (f.bid * ask_size + f.ask * bid_size) / (bid_size + ask_size);
        f.imbalance = (bid_size - ask_size) / (bid_size + ask_size);
    }
    quote_ = f;
    return f;
}

TradeFeatures Microstructure::on_trade(const Tick& t) {
    if (t.price.raw() <= 0 || t.size.raw() < 0)
        throw std::invalid_argument(
            fmt::format("microstructure {} at {}: trade {} x {} refused (expected price > 0, "
                        "size >= 0)",
                        t.symbol.view(), format_iso_micros(t.time), t.price.to_string(), t.size.to_string()));
    const double price = t.price.to_double();
    TradeFeatures f;
    if (has_trade_) {
        if (price > last_price_)
            f.tick_rule_sign = 1;
        else if (price < last_price_)
            f.tick_rule_sign = -1;
        else
            f.tick_rule_sign = last_tick_sign_;  // zero tick: the last non-zero move decides
    }
    if (quote_) {
        const double mid = quote_->mid;
        f.quote_rule_sign = price > mid ? 1 : (price < mid ? -1 : 0);
        f.effective_spread = 2 * std::fabs(price - mid);
        f.effective_spread_bps = *f.effective_spread / mid * 1e4;
    }
    f.sign = f.quote_rule_sign != 0 ? f.quote_rule_sign : f.tick_rule_sign;
    has_trade_ = true;
    last_price_ = price;
    last_tick_sign_ = f.tick_rule_sign;
    return f;
}

}  // namespace robo::features
