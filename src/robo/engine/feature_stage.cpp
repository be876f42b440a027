#include "robo/engine/feature_stage.hpp"

namespace robo::engine {

namespace {
features::FeatureEngineConfig config_for(std::vector<Timeframe> timeframes, std::string spec) {
    features::FeatureEngineConfig c;
    c.spec = std::move(spec);
    c.default_timeframes = std::move(timeframes);
    return c;
}
}  // namespace

FeatureStage::FeatureStage(std::vector<Timeframe> timeframes, std::string spec)
    : engine_(config_for(std::move(timeframes), std::move(spec)),
              [this](const features::FeatureSnapshot& snap) { publish(snap); }) {}

void FeatureStage::publish(const features::FeatureSnapshot& snap) {
    ++snapshots_;
    if (listener_) listener_(snap);
    if (!manager_) return;
    auto names = snap.features.names();
    auto values = snap.features.values();
    values_.clear();
    for (size_t i = 0; i < names.size(); ++i) values_.emplace_back(names[i], values[i]);
    strategy::FeatureUpdate update{snap.bar.symbol, snap.bar.timeframe, snap.bar.start, values_, derived_};
    manager_->features(update);
}

BarHook FeatureStage::hook() {
    return [this](const Bar& bar, strategy::Manager& manager, bool derived) {
        // Nothing reads them (Strategy::reads_features, no history, no recording): the
        // indicators would be computed for no one.
        if (!listener_ && !manager.reads_features()) {
            ++unread_;
            return;
        }
        manager_ = &manager;
        derived_ = derived;
        engine_.on_bar(bar);  // a refusal is counted by the feature engine
        manager_ = nullptr;
    };
}

}  // namespace robo::engine
