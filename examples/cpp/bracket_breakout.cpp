// examples/cpp/bracket_breakout.cpp — an order-style strategy: it places its own orders.
//
// When a bar closes above the highest high of the `period` bars before it and the strategy
// holds nothing there, it buys `shares` (0: the configured sizer decides) with a bracket:
// a stop-loss `stop_pct` under the close and a take-profit `target_pct` above it. The
// engine places both once the entry fills, and when one of them fills it cancels the
// other. Every order passes the risk gate; a refusal arrives in on_order with its reason.
#include <algorithm>
#include <cmath>
#include <memory>
#include <unordered_map>

#include "robo/strategy/schema.hpp"

namespace {

using namespace robo;
using namespace robo::strategy;

class BracketBreakout final : public Strategy {
public:
    BracketBreakout(int period, int shares, double stop_pct, double target_pct)
        : period_(period), shares_(shares), stop_pct_(stop_pct), target_pct_(target_pct) {}
    std::string_view name() const noexcept override { return "example_bracket_breakout"; }
    int warmup_bars() const noexcept override { return period_ + 1; }

    void on_bar(Context& ctx, const Bar& bar) override {
        // This bar and the `period` before it; the breakout is against the earlier ones.
        const History h = ctx.history(bar.symbol, size_t(period_) + 1, bar.timeframe);
        if (h.bars.size() < size_t(period_) + 1) return;
        Price highest = h.bars.front().high;
        for (size_t i = 0; i + 1 < h.bars.size(); ++i) highest = std::max(highest, h.bars[i].high);
        if (bar.close <= highest || !ctx.own_position(bar.symbol).is_zero() || working_[bar.symbol]) return;
        const double close = bar.close.to_double();
        OrderRequest entry;
        entry.symbol = bar.symbol;
        entry.side = Side::buy;
        if (shares_ > 0) entry.quantity = Quantity::from_units(shares_);
        entry.stop_loss = cents(close * (1 - stop_pct_));
        entry.take_profit = cents(close * (1 + target_pct_));
        ctx.submit(entry);
        working_[bar.symbol] = true;
    }

    void on_order(Context&, const OrderEvent& e) override {
        // The bracket is done when its entry found nothing to fill or a leg closed it.
        const bool entry_ended = e.role == OrderRole::entry && e.filled.is_zero() &&
                                 (e.kind == OrderEventKind::rejected || e.kind == OrderEventKind::cancelled ||
                                  e.kind == OrderEventKind::expired);
        const bool closed = e.role != OrderRole::entry && e.kind == OrderEventKind::filled;
        if (entry_ended || closed) working_[e.symbol] = false;
        if (e.kind == OrderEventKind::rejected) ++refusals;
    }
    int refusals = 0;

private:
    static Price cents(double x) { return Price::from_double(std::round(x * 100) / 100); }
    int period_, shares_;
    double stop_pct_, target_pct_;
    std::unordered_map<Symbol, bool> working_;
};

const Registration registration{{
    .name = "example_bracket_breakout",
    .description = "Example: buys a breakout with a bracket (stop-loss and take-profit orders)",
    .params =
        {
            {"period", ParamType::integer, 20, 2, 250, "Bars of the highest high to break"},
            {"shares", ParamType::integer, 0, 0, 1'000'000, "Shares per entry (0: the configured sizer)"},
            {"stop_pct", ParamType::number, 0.03, 0.001, 0.5, "Stop-loss under the entry close"},
            {"target_pct", ParamType::number, 0.06, 0.001, 5, "Take-profit above the entry close"},
        },
    .make =
        [](const ParamValues& v) {
            return std::make_unique<BracketBreakout>(int(v.at("period")), int(v.at("shares")),
                                                     v.at("stop_pct"), v.at("target_pct"));
        },
}};

}  // namespace
