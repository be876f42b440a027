// Property: whatever stream of orders and prices arrives, an order the gate accepts never
// leaves the portfolio beyond a limit, and an accepted exit only ever shrinks a position.
// The limits are re-measured here independently of the gate, in plain double arithmetic.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>

#include "desk.hpp"

namespace robo::risk::test {
namespace {

// Runs are deterministic (COMMON rule): a fixed seed unless the caller sets RC_PARAMS,
// e.g. RC_PARAMS="max_success=5000" to search harder.
[[maybe_unused]] const bool kSeeded = [] { return ::setenv("RC_PARAMS", "seed=20261124", 0) == 0; }();

constexpr double kEps = 1e-9;
const char* const kSymbols[] = {"AAPL", "MSFT", "NVDA", "XOM", "CVX", "JPM", "ZZZ"};

struct Measured {
    double equity = 0, gross = 0, heat = 0;
    std::map<std::string, double> sector;
    int open = 0;
};

Measured measure(const Desk& d, const RiskLimits& l) {
    Measured m;
    m.equity = d.portfolio.equity().to_double();
    for (const auto& p : d.portfolio.positions()) {
        const double q = p.quantity.to_double(), mark = p.mark.to_double();
        const double exposure = std::abs(q * mark);
        m.gross += exposure;
        m.sector[d.gate.sectors().name(d.gate.sectors().sector_of(p.symbol))] += exposure;
        m.heat += p.stop ? std::max(0.0, (mark - p.stop->to_double()) * q) : exposure * l.stop_loss_pct;
        ++m.open;
    }
    return m;
}

RC_GTEST_PROP(RiskGateProperty, AcceptedOrdersNeverLeaveThePortfolioBeyondALimit, ()) {
    // Random limits, so that every one of them binds in some runs.
    RiskLimits l;
    l.max_position_pct = *rc::gen::inRange(1, 60) / 100.0;
    l.max_position_notional = usd(*rc::gen::inRange(1'000, 60'000));
    l.max_order_notional = usd(*rc::gen::inRange(500, 20'000));
    l.max_daily_notional = usd(*rc::gen::inRange(2'000, 200'000));
    l.max_portfolio_heat = *rc::gen::inRange(1, 100) / 1000.0;
    l.max_leverage = *rc::gen::inRange(5, 300) / 100.0;
    l.max_sector_exposure = *rc::gen::inRange(5, 100) / 100.0;
    l.max_open_positions = *rc::gen::inRange(1, 8);
    l.correlation_limit = *rc::gen::inRange(5, 95) / 100.0;
    l.stop_loss_pct = *rc::gen::inRange(1, 10) / 100.0;
    l.min_price = Price::from_units(*rc::gen::inRange(0, 20));
    l.short_selling = *rc::gen::arbitrary<bool>();
    l.max_daily_loss_pct = 0.05;  // room for prices to move without stopping the day
    l.max_drawdown_pct = 0.2;
    l.kill_switch_violations = 100'000;
    l.max_orders_per_minute = 100'000;
    Desk d(l, usd(100'000), *rc::gen::element(1.0, 2.0, 10.0));  // buying power: margin multiplier

    std::map<std::string, double> price;
    for (const char* s : kSymbols) price[s] = *rc::gen::inRange(500, 20'000) / 100.0;
    const int steps = *rc::gen::inRange(1, 120);
    int entries = 0, exits = 0;
    for (int step = 0; step < steps; ++step) {
        d.now += std::chrono::seconds(*rc::gen::inRange(1, 600));
        if (*rc::gen::inRange(0, 20) == 0) d.portfolio.new_day();
        for (auto& [sym, p] : price) {
            p = std::max(0.5, std::round(p * (1 + *rc::gen::inRange(-300, 301) / 10'000.0) * 100) / 100);
            Price mark = Price::from_double(p);
            d.portfolio.mark(Symbol(sym), mark);
            d.quote(sym.c_str(), mark);
            d.tracker.on_close(Symbol(sym), d.now, p);
        }
        d.tracker.flush();
        d.gate.monitor(d.portfolio, d.now);

        const std::string sym =
            *rc::gen::elementOf(std::vector<std::string>(std::begin(kSymbols), std::end(kSymbols)));
        const Side side = *rc::gen::element(Side::buy, Side::sell);
        const Quantity qty = Quantity::from_units(*rc::gen::inRange(1, 200));
        const Price mark = Price::from_double(price[sym]);
        Order o =
            order(side, sym.c_str(), qty, *rc::gen::arbitrary<bool>() ? std::optional(mark) : std::nullopt);
        if (*rc::gen::arbitrary<bool>()) {
            const double dist = price[sym] * *rc::gen::inRange(1, 15) / 100.0;
            o.protective_stop = Price::from_double(side == Side::buy ? price[sym] - dist : price[sym] + dist);
        }
        const PositionView* before = d.portfolio.find(o.symbol);
        const double held = before ? before->quantity.to_double() : 0;
        const bool exit =
            held != 0 && ((held > 0) != (side == Side::buy)) && qty.to_double() <= std::abs(held);
        const Measured m0 = measure(d, l);
        const double daily_before = d.portfolio.daily_notional().to_double();
        const double buying_power = d.portfolio.buying_power().to_double();

        // The worst correlation with another holding, as known when the order is checked.
        double worst_corr = 0;
        for (const auto& p : d.portfolio.positions())
            if (p.symbol != o.symbol)
                if (auto r = d.tracker.correlation(o.symbol, p.symbol))
                    worst_corr = std::max(worst_corr, std::abs(*r));

        Verdict v = d.check(o);
        if (v.rejected()) continue;
        d.portfolio.fill(o.symbol, side, qty, mark, o.protective_stop);
        const Measured m = measure(d, l);
        const PositionView* after = d.portfolio.find(o.symbol);
        const double q_after = after ? after->quantity.to_double() : 0;

        if (exit) {
            RC_ASSERT(std::abs(q_after) < std::abs(held));
            RC_ASSERT(q_after == 0 || (q_after > 0) == (held > 0));
            ++exits;
            continue;
        }
        ++entries;
        RC_ASSERT(!d.kill_switch.tripped());
        RC_ASSERT(std::abs(m.equity - m0.equity) < 1e-6);  // filled at the mark: equity unchanged
        const double exposure = std::abs(q_after * price[sym]);
        RC_ASSERT(exposure / m.equity <= l.max_position_pct + kEps);
        RC_ASSERT(exposure <= l.max_position_notional.to_double() + kEps);
        RC_ASSERT(qty.to_double() * price[sym] <= l.max_order_notional.to_double() + kEps);
        RC_ASSERT(daily_before + qty.to_double() * price[sym] <= l.max_daily_notional.to_double() + kEps);
        RC_ASSERT(m.gross / m.equity <= l.max_leverage + kEps);
        RC_ASSERT(m.gross - m0.gross <= buying_power + 1e-6);
        RC_ASSERT(m.heat / m.equity <= l.max_portfolio_heat + kEps);
        RC_ASSERT(m.open <= l.max_open_positions);
        RC_ASSERT(m.sector.at(d.gate.sectors().name(d.gate.sectors().sector_of(o.symbol))) / m.equity <=
                  l.max_sector_exposure + kEps);
        RC_ASSERT(worst_corr <= l.correlation_limit);
        RC_ASSERT(l.short_selling || q_after >= 0);
        RC_ASSERT(price[sym] >= l.min_price.to_double());
    }
    // Shows in the output how many runs accepted entries and exits at all.
    RC_TAG(entries > 0 ? "accepted entries" : "no accepted entry", exits > 0 ? "accepted exits" : "no exit");
}

}  // namespace
}  // namespace robo::risk::test
