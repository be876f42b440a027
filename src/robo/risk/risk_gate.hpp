// risk/risk_gate.hpp — the pre-trade gate every order passes, and the risk snapshot.
//
// check() answers accept, or the typed violations with the numbers that caused them, and
// writes every verdict to the audit trail. It sees the portfolio only through a
// PortfolioView, the market through the last price per symbol given to update_market(),
// the calendar through a callback, and time only through the `now` it is passed (the
// simulated clock in backtests): it never reads the wall clock.
//
// Boundary rule: a measured value exactly at its limit passes; beyond it is a violation
// (docs/risk.md lists each check). The kill switch is the exception by design: the Nth
// rejection inside its window trips it.
//
// An order that only reduces a position (opposite side, at most the held quantity) is an
// exit. Exits are checked for well-formedness and the market being open only: a limit
// meant to stop risk growing must never block the way out, and exits pass a tripped kill
// switch when allow_exits_when_tripped (reducing-only mode). Everything else is an entry
// and meets every check. Rejections count towards the kill switch; a daily-loss or
// drawdown breach, or gross leverage already beyond the limit, trips it at once.
//
// Time is the data's where the data has an interval (bars):
//   - a price is stale when the bar after it is more than one interval overdue (plus
//     max_quote_age_seconds), the bar after a session's last coming only once the next
//     session has run (NYSE calendar): a daily bar is fresh until the next trading day's
//     bar is a day late, whatever weekends and holidays lie between; quotes and trades
//     (no interval) are stale after max_quote_age_seconds;
//   - the order rate is measured only for symbols whose data is finer than its one-minute
//     window (quotes, trades, bars under a minute): orders on coarser bars are the
//     simultaneous decisions of one slice, one per symbol per bar at most;
//   - refusals count towards the kill switch once per instant (a slice's simultaneous
//     refusals are one), and never when the only fault is a stale price (the data's, not
//     the order's).
//
// Working orders that add to a position (entries sent, not yet filled) count as held for
// open positions, gross exposure, leverage and sector exposure, at the last price.
//
// Reference price: the limit price of a limit order, else the last market price.
//
// Cost: an accepted check allocates nothing once warmed up (its audit record is a
// log::CompactRecord) and touches each holding once; what a holding contributes (exposure,
// open risk, correlation with the order's symbol) is kept from the last evaluation and
// recomputed only when the holding, or the tracker's correlations, changed.
#pragma once
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <vector>

#include "robo/core/multiplier.hpp"
#include "robo/core/order.hpp"
#include "robo/core/symbol_map.hpp"
#include "robo/log/audit_sink.hpp"
#include "robo/risk/correlation.hpp"
#include "robo/risk/kill_switch.hpp"
#include "robo/risk/limits.hpp"
#include "robo/risk/portfolio_view.hpp"
#include "robo/risk/sector_map.hpp"
#include "robo/risk/time_ring.hpp"
#include "robo/risk/violation.hpp"

namespace robo::risk {

// True when the market is open for trading at the given instant (data/ calendar).
using MarketOpenFn = std::function<bool(Timestamp)>;
// The NYSE regular session (09:30-16:00 New York, early closes and holidays included).
MarketOpenFn nyse_regular_hours();

struct MarketInfo {
    Price last;
    Timestamp time{};           // when that price was observed
    double average_volume = 0;  // average daily volume, shares
    Duration interval{};        // the data's bar interval; zero for quotes and trades
};

struct SectorExposure {
    std::string sector;
    Money gross;
    double share = 0;  // of equity
};

// Portfolio heat, exposure, drawdown, daily P&L and the kill switch in one place.
struct RiskSnapshot {
    Timestamp time{};
    Money equity, cash, gross_exposure, net_exposure, heat, daily_pnl, daily_notional;
    double leverage = 0;       // gross / equity
    double heat_pct = 0;       // heat / equity
    double drawdown_pct = 0;   // (peak - equity) / peak
    double daily_pnl_pct = 0;  // daily_pnl / day-start equity
    int open_positions = 0;
    std::vector<SectorExposure> sectors;  // non-zero sectors, largest first
    double effective_bets = 0;            // among held symbols (NaN without a tracker)
    double average_correlation = 0;       // exposure-weighted, among held symbols
    bool kill_switch_tripped = false;
    std::string kill_switch_trigger, kill_switch_reason;
    int violations_in_window = 0;

    nlohmann::json to_json() const;
};

// What to do once the kill switch has tripped.
struct EmergencyActions {
    std::vector<std::string> cancel;  // client ids of working orders
    std::vector<Order> flatten;       // market orders closing every position (if configured)
};

class RiskGate {
public:
    // `tracker` may be null (no correlation check); it must outlive the gate, as must the
    // kill switch and the audit sink.
    RiskGate(RiskLimits limits, SectorMap sectors, MarketOpenFn market_open, KillSwitch& kill_switch,
             log::AuditSink& audit, const CorrelationTracker* tracker = nullptr);

    // Latest price, its time, the symbol's average daily volume and the interval of the
    // bar it came from (zero for a quote or a trade).
    void update_market(Symbol symbol, Price last, Timestamp time, double average_volume,
                       Duration interval = {});
    const MarketInfo* market(Symbol symbol) const;

    // The gate: evaluates, audits the verdict, counts accepted orders for the rate limit,
    // feeds rejections to the kill switch and trips it on a breach.
    Verdict check(const Order& order, const PortfolioView& portfolio, Timestamp now);
    // The same evaluation with no side effects (no audit, no counting).
    Verdict evaluate(const Order& order, const PortfolioView& portfolio, Timestamp now) const;
    // Portfolio-level breaches (daily loss, drawdown, leverage) as they stand; trips the
    // kill switch when there is one. Call after marking the portfolio.
    std::vector<Violation> monitor(const PortfolioView& portfolio, Timestamp now);

    EmergencyActions emergency_actions(const PortfolioView& portfolio, Timestamp now) const;
    RiskSnapshot snapshot(const PortfolioView& portfolio, Timestamp now) const;
    // snapshot() written to the log (event "risk_snapshot") and returned.
    RiskSnapshot log_snapshot(const PortfolioView& portfolio, Timestamp now) const;

    // Contract multipliers (EXECUTION_CONTRACT_MULTIPLIER): every notional and exposure the gate
    // measures is quantity x multiplier x price. Default: 1 for every symbol.
    void set_multipliers(ContractMultipliers multipliers);
    const RiskLimits& limits() const noexcept { return limits_; }
    const SectorMap& sectors() const noexcept { return sectors_; }
    KillSwitch& kill_switch() noexcept { return kill_switch_; }

private:
    struct SymbolInfo {
        int sector = SectorMap::unknown;
        int corr_index = -1;  // in the tracker, or -1
        bool has_market = false;
        MarketInfo market;
    };
    // The cache entry for a symbol (created on first use; the gate runs on one thread).
    SymbolInfo& info(Symbol symbol) const;
    void breaches(const PortfolioView& portfolio, std::vector<Violation>& out, Symbol symbol) const;
    void audit_verdict(const Order& order, const Verdict& verdict, Timestamp now);
    // Whether a refusal at `now` adds to the kill switch's count (see the header comment).
    bool counts_towards_kill_switch(const Verdict& verdict, Timestamp now);

    RiskLimits limits_;
    SectorMap sectors_;
    MarketOpenFn market_open_;
    KillSwitch& kill_switch_;
    log::AuditSink& audit_;
    const CorrelationTracker* tracker_;
    ContractMultipliers multipliers_;
    bool scaled_ = false;  // some multiplier is not 1
    // Price x quantity x the symbol's multiplier.
    Money value(Symbol symbol, Price price, Quantity quantity) const;
    // Cached per symbol: sector id, tracker index, market. Mutable: filled on first look-up.
    mutable SymbolMap<SymbolInfo> info_;  // values stay put: holdings_ point at them
    // The last order symbol's entry (map nodes never move): orders repeat symbols.
    mutable Symbol last_symbol_;
    mutable SymbolInfo* last_info_ = nullptr;
    // One holding as the last evaluation saw it, in the portfolio's order, with what it
    // contributed. Reused while the position's symbol, quantity, mark and stop are the same
    // (almost always between two orders); the correlation while the order's symbol and the
    // tracker's generation are.
    struct Holding {
        Symbol symbol;
        Quantity quantity;
        Price mark;
        std::optional<Price> stop;
        SymbolInfo* info = nullptr;
        Money exposure;  // |value|
        Money risk;      // open risk to the stop
        int corr_self = -1;
        uint64_t corr_generation = 0;
        double corr = 0;
    };
    // Whether `h` measured this very position (and the tracker has not learnt its symbol since).
    bool measured(const Holding& h, const PositionView& p) const noexcept {
        return h.info != nullptr && same_symbol(h.symbol, p.symbol) && h.quantity == p.quantity &&
               h.mark == p.mark && h.stop == p.stop && !(h.info->corr_index < 0 && tracker_);
    }
    // The holding at index k, remeasured when the position is not the one it saw.
    Holding& holding(std::size_t k, const PositionView& p) const {
        Holding& h = holdings_[k];
        return measured(h, p) ? h : remeasure(h, p);
    }
    Holding& remeasure(Holding& h, const PositionView& p) const;
    mutable std::vector<Holding> holdings_;  // zero-quantity positions have info == nullptr
    // The sums over the holdings for one order symbol, kept while every holding is the one
    // measured and the symbol, its sector and tracker index, and the tracker's generation
    // are the same: a burst of checks on one book skips the pass entirely.
    struct HoldingsPass {
        Money gross, sector_others, heat_others;
        int open = 0;
        double worst_corr = 0;
        Symbol worst_with;
        bool valid = false;
        Symbol symbol;
        int sector = 0, corr_self = -1;
        uint64_t generation = 0;
        std::size_t count = 0;
    };
    const HoldingsPass& holdings_pass(Symbol symbol, const SymbolInfo& si,
                                      std::span<const PositionView> positions) const;
    bool holdings_unchanged(std::span<const PositionView> positions) const;
    mutable HoldingsPass pass_;
    TimeRing accepted_times_;  // accepted orders in the last minute
    int64_t trade_day_ = -1;   // New York day of trades_today_ (max_daily_trades)
    int trades_today_ = 0;
    std::optional<Timestamp> last_counted_;  // the instant of the last refusal counted
};

}  // namespace robo::risk
