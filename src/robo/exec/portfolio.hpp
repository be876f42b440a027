// exec/portfolio.hpp — the ledger: cash, positions (long and short), average cost,
// realized and unrealized P&L, commissions, round-trip trades and the equity curve.
//
// Exact: all amounts are fixed-point Money. Each position keeps its signed cost basis
// (what the open quantity cost; negative for a short) rather than a rounded average
// price, so reducing a position moves exactly the removed share of the basis into
// realized P&L, and at every step
//     cash + market value == equity == initial cash + realized + unrealized - commissions
// holds to the last unit (a property test checks it on random fills). A flip from long
// to short is a close and an open at the same price. Never decides anything: it records
// fills and marks as given. Market value is kept incrementally, so a mark is O(1).
//
// Contract multipliers (EXECUTION_CONTRACT_MULTIPLIER, set_multipliers): a position of q
// contracts of a symbol with multiplier m is worth q x m x price; cost basis, proceeds,
// realized and unrealized P&L, market value and turnover all use q x m (contract_units), and
// average prices stay per unit of the underlying. The default multiplier 1 changes nothing.
//
// Cash dividends (DATA_DIVIDENDS=cash, book_dividend): the position held before the ex-date
// receives quantity x m x amount (a short pays it), kept apart from trading P&L; then
//     equity == initial cash + realized + unrealized - commissions + dividends.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "robo/core/multiplier.hpp"
#include "robo/core/order.hpp"
#include "robo/core/symbol_map.hpp"

namespace robo::exec {

// One position's book, including the statistics a report needs.
struct PositionBook {
    Symbol symbol;
    Quantity quantity;   // > 0 long, < 0 short
    Money cost_basis;    // signed cost of the open quantity
    Money realized_pnl;  // before commissions
    Money commissions;
    Price mark;  // last price seen
    bool marked = false;
    Money traded_value;  // sum of |price x quantity x multiplier| of fills (turnover)
    Quantity multiplier = Quantity::from_units(1);  // contract multiplier (units per contract)
    Money dividends;                                // cash dividends booked (received > 0, paid < 0)
    int64_t fills = 0;
    int64_t round_trips = 0;

    // Open trade bookkeeping (from flat to flat).
    Timestamp trade_opened;
    Money trade_realized;
    Money trade_commissions;
    Money trade_entry_value;  // |cost| of everything added while the trade was open
    Quantity trade_entry_quantity;
    Money trade_exit_value;
    Quantity trade_exit_quantity;

    bool flat() const noexcept { return quantity.is_zero(); }
    // The units of the underlying the open quantity stands for (quantity x multiplier).
    Quantity units() const { return contract_units(quantity, multiplier); }
    Money market_value() const { return marked ? mark * units() : Money{}; }
    // market_value() as of the book's last change, kept by the Portfolio, so that a new mark
    // computes one product (the new value) rather than two.
    Money value_at_mark;
    // Marked value minus basis; zero until the position has a mark.
    Money unrealized_pnl() const { return marked ? mark * units() - cost_basis : Money{}; }
    // Average cost per unit of the open quantity (rounded to Price's 8 decimals).
    std::optional<Price> average_cost() const;
    Position as_position() const;
};

// A finished round trip: from flat (or a flip) back to flat.
struct ClosedTrade {
    Symbol symbol;
    int direction = 0;  // +1 long, -1 short
    Timestamp opened, closed;
    Quantity quantity;  // total quantity entered
    Price entry_price;  // average entry
    Price exit_price;   // average exit
    Money pnl;          // realized minus the trade's commissions
    Money commissions;
};

struct EquityPoint {
    Timestamp time;
    Money cash;
    Money market_value;
    Money equity;
    Money gross_exposure;  // sum of |market value|
};

// A cash dividend booked on the ex-date (DATA_DIVIDENDS=cash).
struct DividendBooking {
    Symbol symbol;
    Timestamp ex_date;
    Price amount;       // per share
    Quantity quantity;  // held before the ex-date (signed: a short pays)
    Money cash;         // quantity x multiplier x amount
};

class Portfolio {
public:
    explicit Portfolio(Money initial_cash);

    // Applies a fill: cash, position, realized P&L and commissions. The fill's price
    // also becomes the position's mark.
    void apply(const Fill& fill);
    // A new price for a symbol (unknown symbols are ignored: nothing held, nothing to mark).
    void mark(Symbol symbol, Price price);
    // Appends the current state to the equity curve.
    void record(Timestamp time);
    // Per-symbol contract multipliers; call before the first fill (positions already open keep theirs).
    void set_multipliers(ContractMultipliers multipliers);
    const ContractMultipliers& multipliers() const noexcept { return multipliers_; }
    // Books a cash dividend of `amount` per share on the position held in `symbol` now (long:
    // received, short: paid). Returns the booking, or nullopt when flat (nothing is booked).
    std::optional<DividendBooking> book_dividend(Symbol symbol, Timestamp ex_date, Price amount);
    // Dividends are booked in this run (DATA_DIVIDENDS=cash), so reports show their total.
    void set_books_dividends(bool on) noexcept { books_dividends_ = on; }
    bool books_dividends() const noexcept { return books_dividends_; }

    Money initial_cash() const noexcept { return initial_cash_; }
    Money cash() const noexcept { return cash_; }
    Money market_value() const noexcept { return market_value_; }
    Money equity() const { return cash_ + market_value_; }
    // Sum of |market value| over the books, kept with the market value (exact decimals), so
    // the gate and the sizer read it without walking every book.
    Money gross_exposure() const noexcept { return gross_exposure_; }
    Money realized_pnl() const noexcept { return realized_; }
    Money unrealized_pnl() const;
    Money commissions() const noexcept { return commissions_; }
    Money traded_value() const noexcept { return traded_value_; }
    Money dividends() const noexcept { return dividends_; }  // net cash dividends booked
    const std::vector<DividendBooking>& dividend_bookings() const noexcept { return dividend_bookings_; }

    const PositionBook* position(Symbol symbol) const;
    Quantity quantity(Symbol symbol) const;
    // Every symbol ever traded, in first-traded order (deterministic).
    const std::vector<PositionBook>& books() const noexcept { return books_; }
    size_t open_positions() const noexcept { return open_positions_; }
    const std::vector<ClosedTrade>& closed_trades() const noexcept { return closed_; }
    const std::vector<EquityPoint>& equity_curve() const noexcept { return curve_; }
    // Every fill applied, in order (the execution log of the run).
    const std::vector<Fill>& fills() const noexcept { return fills_; }
    void reserve_curve(size_t n) { curve_.reserve(n); }
    // Changes whenever a book may have changed (a fill, a dividend, a new multiplier, a new
    // mark of a position held): a reader that saw the same generation sees the same books.
    uint64_t generation() const noexcept { return generation_; }

private:
    PositionBook& book(Symbol symbol);
    void close_trade(PositionBook& b, Timestamp time, int direction);
    // A book's market value moved from old_value to new_value.
    void revalue(Money old_value, Money new_value);

    Money initial_cash_, cash_, market_value_, gross_exposure_, realized_, commissions_, traded_value_,
        dividends_;
    ContractMultipliers multipliers_;
    bool books_dividends_ = false;
    std::vector<DividendBooking> dividend_bookings_;
    std::vector<PositionBook> books_;
    uint64_t generation_ = 0;
    SymbolMap<size_t> index_;
    size_t open_positions_ = 0;
    std::vector<ClosedTrade> closed_;
    std::vector<EquityPoint> curve_;
    std::vector<Fill> fills_;
};

}  // namespace robo::exec
