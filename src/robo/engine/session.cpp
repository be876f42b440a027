#include "robo/engine/session.hpp"

#include <algorithm>
#include <stdexcept>

namespace robo::engine {

namespace {
// One set of contract multipliers for the broker, the sizer and the gate.
SessionConfig with_multipliers(SessionConfig c) {
    c.broker.multipliers = c.multipliers;
    c.trader.sizing.multipliers = c.multipliers;
    c.risk.multipliers = c.multipliers;
    return c;
}
}  // namespace

Session::Session(SessionConfig config, Feed& feed, log::AuditSink& audit)
    : Session(std::move(config), feed, audit, nullptr) {}

Session::Session(SessionConfig config, Feed& feed, log::AuditSink& audit, exec::Broker& broker)
    : Session(std::move(config), feed, audit, &broker) {}

Session::Session(SessionConfig config, Feed& feed, log::AuditSink& audit, exec::Broker* broker)
    : config_(with_multipliers(std::move(config))),
      orders_(audit, config_.session_id),
      paper_(broker ? nullptr : std::make_unique<exec::PaperBroker>(config_.broker)),
      broker_(broker ? broker : paper_.get()),
      portfolio_(config_.initial_cash),
      manager_(config_.combine, config_.weighted_threshold, config_.history_bars) {
    if (config_.strategies.empty() && config_.strategy_objects.empty())
        throw std::invalid_argument("session: no strategy configured");
    portfolio_.set_multipliers(config_.multipliers);
    std::vector<Timeframe> wanted;
    for (const auto& spec : config_.strategies) {
        manager_.add(strategy::make_strategy(spec), spec.weight, spec.timeframe);
        if (spec.timeframe) wanted.push_back(*spec.timeframe);
    }
    for (const auto& o : config_.strategy_objects) {
        manager_.add(o.strategy, o.weight, o.timeframe);
        if (o.timeframe) wanted.push_back(*o.timeframe);
    }
    const auto& data_tfs =
        config_.data_timeframes.empty() ? config_.feature_timeframes : config_.data_timeframes;
    const std::vector<Timeframe> derive = timeframes_to_derive(data_tfs, wanted);
    if (config_.use_risk_gate)
        gate_ = std::make_unique<RiskGateAdapter>(config_.risk, portfolio_, orders_, audit);
    else
        gate_ = std::make_unique<BasicGate>(config_.gate);
    trader_ = std::make_unique<Trader>(config_.trader, orders_, *broker_, portfolio_, *gate_, audit);
    if (config_.wall_clock && !config_.engine.clock) config_.engine.clock = &wall_clock_;
    engine_ = std::make_unique<Engine>(config_.engine, feed, *broker_, orders_, portfolio_, manager_,
                                       *trader_, *gate_);
    engine_->set_audit(&audit);  // the feed's notices (a backfill given up) are audited
    if (!derive.empty()) {
        derived_ = std::make_unique<DerivedBars>(derive);
        engine_->set_derived_bars(derived_.get());
    }
    if (!config_.feature_timeframes.empty()) {
        // Features on the derived timeframes too: a 5-minute strategy reads 5-minute RSI.
        std::vector<Timeframe> tfs = config_.feature_timeframes;
        for (Timeframe t : derive)
            if (std::find(tfs.begin(), tfs.end(), t) == tfs.end()) tfs.push_back(t);
        features_ = std::make_unique<FeatureStage>(tfs, config_.feature_spec);
        engine_->set_bar_hook(features_->hook());
    }
    // The operator's persisted kill switch: `robo_trader risk trip|reset` reaches this
    // session within a second, also while no data arrives.
    if (config_.use_risk_gate && !config_.risk.kill_switch_file.empty())
        kill_switch_watch_ = std::make_unique<risk::KillSwitchWatch>(
            config_.risk.kill_switch_file, [engine = engine_.get()] { engine->sync_kill_switch(); });
}

Session::~Session() {
    kill_switch_watch_.reset();  // no more posts to an engine on its way out
}

}  // namespace robo::engine
