#include "robo/engine/derived_bars.hpp"

#include <algorithm>
#include <stdexcept>

#include "robo/engine/feed.hpp"

namespace robo::engine {

namespace {
bool intraday(Timeframe tf) {
    return timeframe_seconds(tf) < timeframe_seconds(Timeframe::day) && tf != Timeframe::session;
}
}  // namespace

DerivedBars::DerivedBars(std::vector<Timeframe> targets) : targets_(std::move(targets)) {
    if (targets_.empty()) throw std::invalid_argument("derived bars: no timeframe to build");
    std::sort(targets_.begin(), targets_.end(),
              [](Timeframe a, Timeframe b) { return timeframe_seconds(a) < timeframe_seconds(b); });
}

void DerivedBars::on_bar(const Bar& bar, std::vector<Bar>& out) {
    auto it = symbols_.find(bar.symbol);
    if (it == symbols_.end()) {
        PerSymbol ps{bar.timeframe, nullptr};
        features::BarBuilderConfig cfg;
        cfg.timeframes.clear();
        if (intraday(bar.timeframe))
            for (Timeframe t : targets_)
                if (timeframe_seconds(t) > timeframe_seconds(bar.timeframe)) cfg.timeframes.push_back(t);
        if (!cfg.timeframes.empty())
            ps.builder =
                std::make_unique<features::BarBuilder>(bar.symbol, std::move(cfg), [this](const Bar& b) {
                    if (!b.partial && sink_) {
                        sink_->push_back(b);
                        ++built_;
                    }
                });
        it = symbols_.emplace(bar.symbol, std::move(ps)).first;
    }
    PerSymbol& ps = it->second;
    if (!ps.builder || bar.timeframe != ps.source || bar.partial) return;
    sink_ = &out;
    try {
        ps.builder->add_bar(bar);
        // Close every interval that ended with this bar: that is when it became known.
        ps.builder->advance_to(bar_known_at(bar));
    } catch (const std::invalid_argument& e) {
        ++refused_;
        last_error_ = e.what();
    }
    sink_ = nullptr;
}

std::vector<Timeframe> timeframes_to_derive(const std::vector<Timeframe>& data,
                                            const std::vector<Timeframe>& wanted) {
    std::vector<Timeframe> out;
    int64_t finest = 0;
    for (Timeframe t : data)
        if (intraday(t) && (finest == 0 || timeframe_seconds(t) < finest)) finest = timeframe_seconds(t);
    for (Timeframe w : wanted) {
        if (std::find(data.begin(), data.end(), w) != data.end()) continue;
        if (std::find(out.begin(), out.end(), w) != out.end()) continue;
        if (finest == 0)
            throw std::invalid_argument(std::string("a strategy trades ") + std::string(to_string(w)) +
                                        " bars, but the data has no intraday bars to build them from");
        if (timeframe_seconds(w) <= finest && w != Timeframe::session)
            throw std::invalid_argument(std::string("a strategy trades ") + std::string(to_string(w)) +
                                        " bars, which are finer than the data's finest bars");
        out.push_back(w);
    }
    return out;
}

}  // namespace robo::engine
