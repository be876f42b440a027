// engine/feature_stage.hpp — the feature engine's seat in the event loop.
//
// Every closed bar goes to a features::FeatureEngine (the configured indicator set on the
// bar's own timeframe); each snapshot it publishes reaches the strategies as a
// FeatureUpdate (name -> value, NaN while warming up), before they see the bar itself.
// A bar the feature engine refuses is counted (refused(), last_error()), never fatal: the
// strategies still see it. No allocation per bar after the first snapshot. A listener (a
// session recording the values) sees every snapshot before the strategies do; without one a
// snapshot costs nothing more. Without a listener and with no strategy that reads features
// (strategy::Manager::reads_features), a bar is only counted (unread()): nothing is computed.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "robo/engine/engine.hpp"
#include "robo/features/feature_engine.hpp"

namespace robo::engine {

class FeatureStage {
public:
    // Throws std::invalid_argument on a bad spec.
    FeatureStage(std::vector<Timeframe> timeframes,
                 std::string spec = std::string(features::kDefaultFeatureSpec));

    // The function to give Engine::set_bar_hook; valid while this stage lives.
    BarHook hook();

    // Called with every snapshot (warm-up bars included; NaN while a feature warms up), on the
    // engine's thread. Empty: none.
    using Listener = std::function<void(const features::FeatureSnapshot&)>;
    void set_listener(Listener listener) { listener_ = std::move(listener); }

    size_t refused() const noexcept { return engine_.rejected(); }
    const std::string& last_error() const noexcept { return engine_.last_error(); }
    uint64_t snapshots() const noexcept { return snapshots_; }
    // Bars not given to the feature engine because nothing would read its snapshot.
    uint64_t unread() const noexcept { return unread_; }
    const features::FeatureEngine& features() const noexcept { return engine_; }

private:
    void publish(const features::FeatureSnapshot& snap);

    features::FeatureEngine engine_;
    std::vector<std::pair<std::string_view, double>> values_;
    Listener listener_;
    strategy::Manager* manager_ = nullptr;
    bool derived_ = false;  // the bar being fed was built by the engine
    uint64_t snapshots_ = 0;
    uint64_t unread_ = 0;
};

}  // namespace robo::engine
