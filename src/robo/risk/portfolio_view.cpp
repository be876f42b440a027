#include "robo/risk/portfolio_view.hpp"

#include <algorithm>

namespace robo::risk {

const PositionView* PortfolioView::find(Symbol symbol) const {
    for (const auto& p : positions())
        if (same_symbol(p.symbol, symbol)) return &p;
    return nullptr;
}

MemoryPortfolio::MemoryPortfolio(Money cash, double margin_multiplier)
    : cash_(cash), equity_(cash), peak_(cash), day_start_(cash), margin_multiplier_(margin_multiplier) {}

void MemoryPortfolio::revalue() {
    Money e = cash_, g;
    for (const auto& p : positions_) {
        const Money value = p.mark * p.quantity;
        e += value;
        g += value.abs();
    }
    equity_ = e;
    gross_ = g;
    peak_ = std::max(peak_, equity_);
}

Money buying_power(Money equity, Money gross_exposure, double max_leverage) {
    const Money bp = Money::from_double(equity.to_double() * max_leverage) - gross_exposure;
    return bp.is_negative() ? Money{} : bp;
}

Money MemoryPortfolio::buying_power() const {
    return risk::buying_power(equity(), gross_exposure(), margin_multiplier_);
}

void MemoryPortfolio::fill(Symbol symbol, Side side, Quantity quantity, Price price,
                           std::optional<Price> stop) {
    Quantity signed_qty = side == Side::buy ? quantity : -quantity;
    Money notional = price * quantity;
    cash_ += side == Side::buy ? -notional : notional;
    daily_notional_ += notional;
    auto it =
        std::find_if(positions_.begin(), positions_.end(), [&](const auto& p) { return p.symbol == symbol; });
    if (it == positions_.end()) {
        positions_.push_back({symbol, signed_qty, price, price, stop});
    } else {
        Quantity old = it->quantity;
        Quantity now = old + signed_qty;
        bool same_direction = old.is_zero() || (old.is_positive() == signed_qty.is_positive());
        if (now.is_zero()) {
            positions_.erase(it);
            revalue();
            return;
        }
        if (same_direction) {
            it->average_cost = average_price(it->average_cost * old + price * signed_qty, now);
        } else if (old.is_positive() != now.is_positive()) {
            it->average_cost = price;  // flipped: the remainder opened at this price
        }
        it->quantity = now;
        it->mark = price;
        if (stop) it->stop = stop;
    }
    revalue();
}

void MemoryPortfolio::mark(Symbol symbol, Price price) {
    for (auto& p : positions_)
        if (p.symbol == symbol) p.mark = price;
    revalue();
}

void MemoryPortfolio::set_stop(Symbol symbol, std::optional<Price> stop) {
    for (auto& p : positions_)
        if (p.symbol == symbol) p.stop = stop;
}

void MemoryPortfolio::new_day() {
    day_start_ = equity();
    daily_notional_ = Money{};
}

void MemoryPortfolio::set_cash(Money cash) {
    cash_ = cash;
    revalue();
}

}  // namespace robo::risk
