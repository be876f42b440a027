// engine/session.hpp — one trading session assembled: the paper broker, the order
// manager, the ledger, the strategies, the trader and the gate around an Engine.
//
// Used by `robo_trader backtest` and `robo_trader run`, by tests and by the benchmark, so
// all of them exercise the same wiring. The session owns its components; the audit sink
// and the feed are the caller's, and so is the broker when one is supplied (IBKR);
// otherwise the session owns a PaperBroker built from config.broker.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "robo/engine/derived_bars.hpp"
#include "robo/engine/engine.hpp"
#include "robo/engine/feature_stage.hpp"
#include "robo/engine/risk_gate_adapter.hpp"
#include "robo/exec/paper_broker.hpp"
#include "robo/risk/kill_switch_watch.hpp"
#include "robo/strategy/registry.hpp"

namespace robo::engine {

struct SessionConfig {
    EngineConfig engine;
    // now() is the wall clock (a session at a broker in market time), not the data's time:
    // session/policy.hpp's clock row. engine.clock, when set, wins (a test's own clock).
    bool wall_clock = false;
    Money initial_cash = Money::from_units(100'000);
    exec::PaperBrokerConfig broker;
    TraderConfig trader;
    BasicGateLimits gate;  // used when use_risk_gate is false
    // The full risk gate (robo::risk) between every wish and every order.
    bool use_risk_gate = false;
    RiskGateOptions risk;
    strategy::Combine combine = strategy::Combine::vote;
    double weighted_threshold = 0.5;
    std::vector<strategy::StrategySpec> strategies;  // built-ins by name; with the objects, at least one
    std::vector<strategy::StrategyObject> strategy_objects;  // the caller's own, after the named ones
    std::string session_id = "bt";                           // prefixes client order ids
    // Timeframes the feature engine runs on (the data's bar timeframes); empty: no
    // feature stage. The spec is features' syntax (docs/features.md).
    std::vector<Timeframe> feature_timeframes;
    // The data's bar timeframes (default: feature_timeframes). A strategy that trades a
    // timeframe the data lacks gets it built from the finest intraday bars (derived_bars.hpp).
    std::vector<Timeframe> data_timeframes;
    std::string feature_spec = std::string(features::kDefaultFeatureSpec);
    // Closed bars per symbol and timeframe each strategy can read back (Context::history),
    // with their feature values; memory is bounded by it. 0: none kept.
    size_t history_bars = 250;
    // EXECUTION_CONTRACT_MULTIPLIER: given to the ledger, the paper broker, the sizer and the
    // risk gate (their own copies in broker, trader.sizing and risk are replaced by this one).
    ContractMultipliers multipliers;
};

class Session {
public:
    // Throws std::invalid_argument for an unknown strategy or bad parameters.
    Session(SessionConfig config, Feed& feed, log::AuditSink& audit);
    // The same session trading through the caller's broker (config.broker is unused).
    Session(SessionConfig config, Feed& feed, log::AuditSink& audit, exec::Broker& broker);
    ~Session();

    RunSummary run() { return engine_->run(); }
    Engine& engine() { return *engine_; }
    const exec::Portfolio& portfolio() const { return portfolio_; }
    const exec::OrderManager& orders() const { return orders_; }
    const Trader& trader() const { return *trader_; }
    const strategy::Manager& strategies() const { return manager_; }
    // The parts themselves, for a caller that drives or inspects them (tests, a front end
    // that adds its own strategies before run()).
    exec::Portfolio& portfolio() { return portfolio_; }
    exec::OrderManager& orders() { return orders_; }
    Trader& trader() { return *trader_; }
    strategy::Manager& strategies() { return manager_; }
    // The session's own paper broker; null when the caller supplied the broker.
    exec::PaperBroker* paper_broker() { return paper_.get(); }
    const SessionConfig& config() const { return config_; }
    const FeatureStage* features() const { return features_.get(); }
    FeatureStage* features() { return features_.get(); }  // null: no bar data, no feature stage
    const DerivedBars* derived_bars() const { return derived_.get(); }
    const PreTradeGate& gate() const { return *gate_; }
    PreTradeGate& gate() { return *gate_; }
    exec::Broker& broker() { return *broker_; }

private:
    Session(SessionConfig config, Feed& feed, log::AuditSink& audit, exec::Broker* broker);

    SessionConfig config_;
    exec::OrderManager orders_;
    std::unique_ptr<exec::PaperBroker> paper_;  // when the caller supplies no broker
    exec::Broker* broker_;
    exec::Portfolio portfolio_;
    strategy::Manager manager_;
    std::unique_ptr<PreTradeGate> gate_;
    std::unique_ptr<Trader> trader_;
    std::unique_ptr<FeatureStage> features_;
    std::unique_ptr<DerivedBars> derived_;
    WallClock wall_clock_;  // engine.clock when wall_clock is set
    std::unique_ptr<Engine> engine_;
    std::unique_ptr<risk::KillSwitchWatch> kill_switch_watch_;  // declared last: stops first
};

}  // namespace robo::engine
