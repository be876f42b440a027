// EXECUTION_CONTRACT_MULTIPLIER end to end: a backtest of the index future with 50 units per
// contract trades, and its final equity is what its fills say with the multiplier applied:
// initial cash - sum(signed quantity x price x 50) - commissions + open quantity x last close x 50.
#include <gtest/gtest.h>

#include <iostream>

#include "backtest/load_dir.hpp"
#include "robo/engine/session.hpp"
#include "robo/log/audit_sink.hpp"
#include "robo/log/memory_audit_sink.hpp"
#include "robo/strategy/registry.hpp"
#include "support/paths.hpp"

using namespace robo;

namespace {

struct FutureRun {
    Money initial, final_equity, recomputed, commissions, realized;
    size_t fills = 0;
    Quantity largest;  // contracts
};

FutureRun run_future(const std::filesystem::path& file, const char* multipliers, bool risk_gate) {
    auto loaded = test::load_dir(file, [](engine::DataSelection&) {});
    engine::SessionConfig sc;
    sc.engine.handle_signals = false;
    sc.engine.health_interval = std::chrono::milliseconds(0);
    sc.initial_cash = Money::from_units(10'000'000);
    sc.broker.commission = exec::CommissionPlan::ibkr_fixed;
    sc.trader.position_fraction = 0.5;
    sc.trader.sizing.limits.max_order_notional = sc.trader.sizing.limits.max_position_notional =
        Money::from_units(1'000'000'000);
    sc.gate.max_position_share = 0.5;
    sc.gate.max_leverage = 1;
    sc.use_risk_gate = risk_gate;
    if (risk_gate) {
        sc.risk.limits.max_position_pct = 0.5;
        sc.risk.limits.max_order_notional = sc.risk.limits.max_position_notional =
            sc.risk.limits.max_daily_notional = Money::from_units(1'000'000'000);
        sc.risk.limits.max_daily_loss_pct = 1;
        sc.risk.limits.max_drawdown_pct = 1;
        sc.risk.limits.max_portfolio_heat = 1;
        sc.risk.limits.max_sector_exposure = 1;
        sc.risk.limits.min_volume = 0;
        sc.risk.check_market_hours = false;
        sc.risk.track_correlation = false;
    }
    sc.strategies = {strategy::parse_strategy_spec("sma_crossover:fast=5,slow=20")};
    sc.feature_timeframes = {Timeframe::m1};
    sc.multipliers = ContractMultipliers::parse(multipliers);
    log::MemoryAuditSink audit;
    engine::Session session(sc, loaded.feed, audit);
    session.run();
    const auto& p = session.portfolio();
    FutureRun r;
    r.initial = p.initial_cash();
    r.final_equity = p.equity();
    r.commissions = p.commissions();
    r.realized = p.realized_pnl();
    r.fills = p.fills().size();
    // The ledger's answer recomputed from the fills alone.
    Money cash = p.initial_cash();
    std::unordered_map<Symbol, Quantity> held;
    const ContractMultipliers m = ContractMultipliers::parse(multipliers);
    for (const Fill& f : p.fills()) {
        const Quantity signed_qty = f.side == Side::buy ? f.quantity : -f.quantity;
        cash -= f.price * contract_units(signed_qty, m.of(f.symbol)) + f.commission;
        held[f.symbol] += signed_qty;
        if (f.quantity > r.largest) r.largest = f.quantity;
    }
    Money open_value;
    for (const auto& [symbol, q] : held) {
        if (q.is_zero()) continue;
        const auto* book = p.position(symbol);
        open_value += book->mark * contract_units(q, m.of(symbol));
    }
    r.recomputed = cash + open_value;
    return r;
}

void expect_consistent(const std::filesystem::path& file, bool risk_gate) {
    const FutureRun fifty = run_future(file, "INDEX-FUTURE=50", risk_gate);
    EXPECT_GT(fifty.fills, 4u) << "the future with multiplier 50 did not trade";
    EXPECT_EQ(fifty.final_equity, fifty.recomputed);
    // Half of 10 million buys about 27 contracts of about 180,000 (index near 3,600 x 50), not 1,388.
    EXPECT_LE(fifty.largest, Quantity::from_units(40));
    EXPECT_GE(fifty.largest, Quantity::from_units(10));
    const FutureRun one = run_future(file, "1", risk_gate);
    EXPECT_EQ(one.final_equity, one.recomputed);
    // Without the multiplier the same budget buys units of the index: tens of times more.
    EXPECT_GT(one.largest.raw(), 10 * fifty.largest.raw());
    std::cout << file.filename().string() << (risk_gate ? " (risk gate)" : " (basic gate)")
              << ": multiplier 50: " << fifty.fills << " fills, realized " << fifty.realized.to_string(2)
              << ", commissions " << fifty.commissions.to_string(2) << ", final equity "
              << fifty.final_equity.to_string(2) << " (from the fills: " << fifty.recomputed.to_string(2)
              << "); multiplier 1: " << one.fills << " fills, final equity " << one.final_equity.to_string(2)
              << "\n";
}

TEST(ContractMultiplierBacktest, TheBundledMinuteFileTradesAndItsEquityIsItsFillsTimesFifty) {
    expect_consistent(test::sample_dir() / "intraday" / "index-future-2006-01-03-1min.csv", false);
    expect_consistent(test::sample_dir() / "intraday" / "index-future-2006-01-03-1min.csv", true);
}

TEST(ContractMultiplierBacktest, TheSharedYearOfMinutesTradesAndItsEquityIsItsFillsTimesFifty) {
    ROBO_REQUIRE_SHARED_DATA();
    expect_consistent(test::shared_data_dir() / "intraday" / "index-future-2006-1min.csv", true);
}

}  // namespace
