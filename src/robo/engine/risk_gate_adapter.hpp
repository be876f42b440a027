// engine/risk_gate_adapter.hpp — robo::risk::RiskGate as the engine's pre-trade gate.
//
// Gives the risk gate what it needs from the engine: a PortfolioView over the ledger and
// the order manager (positions with marks and protective stops, working orders, cash,
// equity, the equity peak, day-start equity and the day's traded notional on the New York
// calendar, buying power = equity x max leverage - gross exposure), the last price of each
// symbol with its time, and each symbol's average daily volume (the mean of its last 20
// completed New York days; the running day until one is complete). Time is the engine's
// clock. Every verdict goes to the audit trail (the risk gate writes it); refusals are
// counted under every violation kind they carry (tally()), and kill-switch trips by trigger. After each
// timestamp monitor() checks the portfolio-level limits, which may trip the kill switch; the engine then
// cancels working orders. Without an operator (backtest, replay) a tripped kill switch resets at the next New
// York day, audited with that reason; the numbers of trips and resets are in kill_switch_state(). With a
// kill_switch_file (every session through a broker: session/policy.hpp) the switch is the operator's
// persisted one: read at start, written on every trip, followed through sync_kill_switch(), and never reset
// by the session itself. Market hours: checked with the NYSE calendar unless the session trades daily bars,
// whose orders are placed after the close for the next open.
#pragma once
#include <map>
#include <memory>
#include <vector>

#include "robo/core/symbol_map.hpp"
#include "robo/engine/daily_volume.hpp"
#include "robo/engine/pre_trade.hpp"
#include "robo/exec/order_manager.hpp"
#include "robo/risk/risk_gate.hpp"

namespace robo::engine {

struct RiskGateOptions {
    risk::RiskLimits limits;
    risk::SectorMap sectors;
    bool check_market_hours = true;
    bool track_correlation = true;
    // Backtests and replays have no operator: a tripped kill switch is reset (audited, with
    // that reason) at the start of the next New York trading day. Live sessions: false.
    bool reset_kill_switch_daily = true;
    // The operator's persisted kill switch; empty: in memory. Excludes the daily reset.
    std::filesystem::path kill_switch_file;
    // Trips and resets logged at info, not as errors (a simulation: session/policy.hpp).
    bool routine_kill_switch = false;
    ContractMultipliers multipliers;  // EXECUTION_CONTRACT_MULTIPLIER: notionals are qty x multiplier x price
};

class RiskGateAdapter final : public PreTradeGate {
public:
    RiskGateAdapter(RiskGateOptions options, const exec::Portfolio& portfolio,
                    const exec::OrderManager& orders, log::AuditSink& audit);
    ~RiskGateAdapter() override;

    Verdict check(const GateInput& in) override;
    std::string kill_switch_state() const override;
    bool kill_switch_tripped() const override { return kill_switch_->tripped(); }
    void on_fill(const Fill& fill) override;
    void on_clock(Timestamp now) override { roll_day(now); }
    void on_data(Symbol symbol, Price mark, Quantity volume, Timestamp now, Duration interval) override;
    void monitor(Timestamp now) override;
    bool take_trip() override;
    std::string refusal_summary() const override { return describe_refusals(tally_); }
    GateTally tally() const override { return tally_; }
    nlohmann::json limits_json() const override;
    std::string operator_trip(const std::string& reason, Timestamp now) override;
    std::string operator_reset(const std::string& reason, Timestamp now) override;
    std::string system_trip(std::string_view trigger, const std::string& reason, Timestamp now) override;
    nlohmann::json risk_json(Timestamp now) const override;
    bool sync_kill_switch(Timestamp now) override;

    const risk::RiskGate& gate() const { return *gate_; }
    risk::KillSwitch& kill_switch() { return *kill_switch_; }
    risk::RiskSnapshot snapshot(Timestamp now) const;
    int64_t trips() const noexcept { return tally_.trips; }
    int64_t resets() const noexcept { return resets_; }

private:
    class View;
    void roll_day(Timestamp now);
    // The New York day of `t`; the last answer is kept, since every symbol of a slice asks
    // with the same instant and the calendar's time-zone conversion is not free.
    int64_t day_of(Timestamp t);
    Timestamp day_asked_{Timestamp::min()};
    int64_t day_answer_ = -1;

    RiskGateOptions options_;
    const exec::Portfolio& portfolio_;
    const exec::OrderManager& orders_;
    std::unique_ptr<View> view_;
    std::unique_ptr<risk::KillSwitch> kill_switch_;
    std::unique_ptr<risk::CorrelationTracker> tracker_;
    std::unique_ptr<risk::RiskGate> gate_;
    SymbolMap<DailyVolume> volume_;
    GateTally tally_;
    bool was_tripped_ = false;
    int64_t resets_ = 0;
    int64_t day_ = -1;
};

}  // namespace robo::engine
