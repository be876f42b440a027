#include "robo/exec/portfolio.hpp"

#include <stdexcept>

namespace robo::exec {

std::optional<Price> PositionBook::average_cost() const {
    if (quantity.is_zero()) return std::nullopt;
    return average_price(cost_basis, units());
}

Position PositionBook::as_position() const {
    return Position{symbol, quantity, average_cost().value_or(Price{}), realized_pnl};
}

Portfolio::Portfolio(Money initial_cash) : initial_cash_(initial_cash), cash_(initial_cash) {}

PositionBook& Portfolio::book(Symbol symbol) {
    ++generation_;  // the caller is about to change it
    if (const size_t* at = index_.find(symbol)) return books_[*at];
    books_.push_back(PositionBook{});
    books_.back().symbol = symbol;
    books_.back().multiplier = multipliers_.of(symbol);
    index_.try_emplace(symbol, books_.size() - 1);
    return books_.back();
}

const PositionBook* Portfolio::position(Symbol symbol) const {
    const size_t* at = index_.find(symbol);
    return at ? &books_[*at] : nullptr;
}

Quantity Portfolio::quantity(Symbol symbol) const {
    const auto* b = position(symbol);
    return b ? b->quantity : Quantity{};
}

void Portfolio::close_trade(PositionBook& b, Timestamp time, int direction) {
    ClosedTrade t;
    t.symbol = b.symbol;
    t.direction = direction;
    t.opened = b.trade_opened;
    t.closed = time;
    t.quantity = b.trade_entry_quantity;
    if (b.trade_entry_quantity.is_positive())
        t.entry_price =
            average_price(b.trade_entry_value, contract_units(b.trade_entry_quantity, b.multiplier));
    if (b.trade_exit_quantity.is_positive())
        t.exit_price = average_price(b.trade_exit_value, contract_units(b.trade_exit_quantity, b.multiplier));
    t.commissions = b.trade_commissions;
    t.pnl = b.trade_realized - b.trade_commissions;
    closed_.push_back(t);
    ++b.round_trips;
    b.trade_realized = b.trade_commissions = b.trade_entry_value = b.trade_exit_value = Money{};
    b.trade_entry_quantity = b.trade_exit_quantity = Quantity{};
}

void Portfolio::apply(const Fill& fill) {
    ++generation_;
    if (!fill.quantity.is_positive())
        throw std::invalid_argument("portfolio: fill " + fill.exec_id + " has quantity " +
                                    fill.quantity.to_string() + ", expected positive");
    PositionBook& b = book(fill.symbol);
    const Money old_value = b.value_at_mark;
    const bool was_open = !b.flat();

    cash_ -= fill.commission;
    commissions_ += fill.commission;
    b.commissions += fill.commission;
    b.trade_commissions += fill.commission;
    const Quantity m = b.multiplier;
    Money notional = fill.price * contract_units(fill.quantity, m);
    b.traded_value += notional;
    traded_value_ += notional;
    ++b.fills;

    // Signed quantity of this fill; the part that reduces the position and the part that
    // opens (or extends) it.
    Quantity signed_qty = fill.side == Side::buy ? fill.quantity : -fill.quantity;
    Quantity reduce, open = signed_qty;
    if (!b.quantity.is_zero() && (b.quantity.is_positive() != signed_qty.is_positive())) {
        Quantity closable = -b.quantity;  // same sign as signed_qty
        reduce = signed_qty.abs() < closable.abs() ? signed_qty : closable;
        open = signed_qty - reduce;
    }
    if (!reduce.is_zero()) {
        // Removed basis: the reduced share of the basis; exact when the whole position goes.
        Quantity closed_qty = -reduce;  // same sign as the position
        Money removed = closed_qty == b.quantity
                            ? b.cost_basis
                            : Money::from_raw(decimal_detail::mul_div_round(
                                  b.cost_basis.raw(), closed_qty.raw(), b.quantity.raw()));
        Money proceeds =
            fill.price * contract_units(closed_qty, m);  // value of the closed quantity at the fill
        // Cash moves by the same rounded amounts that enter P&L and the basis, so the
        // ledger identity is exact (rounding p x q in one piece could differ by a unit).
        cash_ += proceeds;
        Money pnl = proceeds - removed;
        b.realized_pnl += pnl;
        b.trade_realized += pnl;
        realized_ += pnl;
        b.cost_basis -= removed;
        b.quantity += reduce;
        b.trade_exit_value += (fill.price * contract_units(reduce, m)).abs();
        b.trade_exit_quantity += reduce.abs();
        if (b.quantity.is_zero()) {
            b.cost_basis = Money{};
            close_trade(b, fill.time, closed_qty.is_positive() ? 1 : -1);
        }
    }
    if (!open.is_zero()) {
        if (b.quantity.is_zero()) {
            b.trade_opened = fill.time;
            // A flip charges the whole commission to the closing trade; the new trade
            // starts clean.
        }
        Money cost = fill.price * contract_units(open, m);
        cash_ -= cost;
        b.cost_basis += cost;
        b.quantity += open;
        b.trade_entry_value += cost.abs();
        b.trade_entry_quantity += open.abs();
    }
    if (was_open && b.flat()) --open_positions_;
    if (!was_open && !b.flat()) ++open_positions_;

    b.mark = fill.price;
    b.marked = true;
    b.value_at_mark = b.market_value();
    revalue(old_value, b.value_at_mark);
    fills_.push_back(fill);
}

void Portfolio::mark(Symbol symbol, Price price) {
    const size_t* at = index_.find(symbol);
    if (!at) return;
    PositionBook& b = books_[*at];
    if (b.flat()) {  // worth nothing before and after: only the mark moves
        b.mark = price;
        b.marked = true;
        return;
    }
    if (b.mark != price) ++generation_;
    const Money old_value = b.value_at_mark;
    b.mark = price;
    b.marked = true;
    b.value_at_mark = b.market_value();
    revalue(old_value, b.value_at_mark);
}

void Portfolio::revalue(Money old_value, Money new_value) {
    market_value_ += new_value - old_value;
    gross_exposure_ += new_value.abs() - old_value.abs();
}

Money Portfolio::unrealized_pnl() const {
    Money u;
    for (const auto& b : books_) u += b.unrealized_pnl();
    return u;
}

void Portfolio::set_multipliers(ContractMultipliers multipliers) {
    multipliers_ = std::move(multipliers);
    ++generation_;
    for (auto& b : books_)
        if (b.flat()) b.multiplier = multipliers_.of(b.symbol);
}

std::optional<DividendBooking> Portfolio::book_dividend(Symbol symbol, Timestamp ex_date, Price amount) {
    const size_t* at = index_.find(symbol);
    if (!at) return std::nullopt;
    PositionBook& b = books_[*at];
    if (b.flat()) return std::nullopt;
    ++generation_;
    DividendBooking d{symbol, ex_date, amount, b.quantity, amount * b.units()};
    cash_ += d.cash;
    dividends_ += d.cash;
    b.dividends += d.cash;
    dividend_bookings_.push_back(d);
    return d;
}

void Portfolio::record(Timestamp time) {
    EquityPoint p{time, cash_, market_value_, equity(), gross_exposure()};
    if (!curve_.empty() && curve_.back().time == time)
        curve_.back() = p;
    else
        curve_.push_back(p);
}

}  // namespace robo::exec
