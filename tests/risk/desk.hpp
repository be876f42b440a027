// tests/risk/desk.hpp — a risk desk for tests: a gate with its kill switch, correlation
// tracker, audit sink, an in-memory portfolio and a simulated clock, plus helpers that name
// the situation (hold, buy, sell, shares, stop_distance).
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "robo/log/audit_sink.hpp"
#include "robo/log/memory_audit_sink.hpp"
#include "robo/risk/correlation.hpp"
#include "robo/risk/kill_switch.hpp"
#include "robo/risk/portfolio_view.hpp"
#include "robo/risk/risk_gate.hpp"
#include "robo/risk/sector_map.hpp"

namespace robo::risk::test {

inline Quantity shares(int64_t n) { return Quantity::from_units(n); }
inline Price px(const char* text) { return Price::parse(text); }
inline Money usd(int64_t n) { return Money::from_units(n); }
inline Timestamp t0() { return from_civil(2024, 3, 4, 15, 0, 0); }

// Limits so wide that none binds; each test narrows the one it is about.
inline RiskLimits wide_limits() {
    RiskLimits l;
    l.max_position_pct = 1;
    l.max_position_notional = usd(1'000'000'000);
    l.max_daily_loss_pct = 1;
    l.max_drawdown_pct = 1;
    l.max_portfolio_heat = 1;
    l.correlation_limit = 1;
    l.max_leverage = 100;
    l.max_sector_exposure = 100;
    l.max_order_notional = usd(1'000'000'000);
    l.max_daily_notional = usd(1'000'000'000);
    l.max_open_positions = 1000;
    l.min_volume = 0;
    l.min_price = Price{};
    l.max_orders_per_minute = 1'000'000;
    l.kill_switch_violations = 1000;
    return l;
}

inline SectorMap test_sectors() {
    return SectorMap::parse(
        "symbol,sector\nAAPL,Tech\nMSFT,Tech\nNVDA,Tech\nXOM,Energy\nCVX,Energy\nJPM,Banks\n");
}

inline Order order(Side side, const char* symbol, Quantity q, std::optional<Price> limit = {}) {
    static int next_id = 0;
    Order o;
    o.client_id = "t-" + std::to_string(++next_id);
    o.symbol = Symbol(symbol);
    o.side = side;
    o.quantity = q;
    if (limit) {
        o.type = OrderType::limit;
        o.limit = limit;
    }
    o.strategy = "test";
    return o;
}
inline Order buy(const char* s, Quantity q, std::optional<Price> limit = {}) {
    return order(Side::buy, s, q, limit);
}
inline Order sell(const char* s, Quantity q, std::optional<Price> limit = {}) {
    return order(Side::sell, s, q, limit);
}
inline Order with_stop(Order o, Price stop) {
    o.protective_stop = stop;
    return o;
}

struct Desk {
    explicit Desk(RiskLimits limits = wide_limits(), Money cash = usd(100'000), double margin = 100.0,
                  std::filesystem::path state_file = {})
        : kill_switch({limits.kill_switch_violations,
                       std::chrono::duration_cast<Duration>(
                           std::chrono::duration<double>(limits.kill_switch_window_seconds)),
                       std::move(state_file)},
                      audit),
          tracker({60, 30, 600}),
          gate(
              limits, test_sectors(), [this](Timestamp) { return market_open; }, kill_switch, audit,
              &tracker),
          portfolio(cash, margin) {}

    // A fresh quote for the symbol at `now`, liquid unless told otherwise.
    void quote(const char* symbol, Price price, double volume = 10'000'000) {
        gate.update_market(Symbol(symbol), price, now, volume);
    }
    // A holding bought at `price` (and marked there); the day then starts afresh so the
    // purchase does not count as today's notional or P&L.
    void hold(const char* symbol, Quantity q, Price price, std::optional<Price> stop = {}) {
        portfolio.fill(Symbol(symbol), q.is_negative() ? Side::sell : Side::buy, q.abs(), price, stop);
        quote(symbol, price);
        portfolio.new_day();
    }
    Verdict check(const Order& o) { return gate.check(o, portfolio, now); }
    // The violation kinds audited so far for rejected orders.
    size_t audited(std::string_view kind) const {
        size_t n = 0;
        for (const auto& e : audit.entries) n += e.kind == kind;
        return n;
    }

    bool market_open = true;
    Timestamp now = t0();
    log::MemoryAuditSink audit;
    KillSwitch kill_switch;
    CorrelationTracker tracker;
    RiskGate gate;
    MemoryPortfolio portfolio;
};

}  // namespace robo::risk::test
