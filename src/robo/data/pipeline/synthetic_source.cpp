#include "robo/data/pipeline/synthetic_source.hpp"

#include <cmath>
#include <random>

namespace robo::data::pipeline {

namespace {

class Generator {
public:
    explicit Generator(const SyntheticConfig& c)
        : c_(c), rng_(c.seed), prices_(c.symbols.size(), c.start_price), time_(c.start) {}

    // Appends the next trade (and quote) to `out`; false when the stream is over.
    template <class Out>
    bool next(Out&& out) {
        if (produced_ >= c_.events || c_.symbols.empty()) return false;
        const size_t i = produced_ % c_.symbols.size();
        double& p = prices_[i];
        p *= std::exp(c_.volatility * normal_(rng_));
        const auto cents = std::max<int64_t>(1, std::llround(p * 100));
        const Price px = Price::from_raw(cents * (Price::scale / 100));
        const Price tick = Price::from_raw(Price::scale / 100);
        out(MarketEvent{
            Tick{c_.symbols[i], time_, px, Quantity::from_units(1 + static_cast<int64_t>(rng_() % 500))}});
        if (c_.quotes)
            out(MarketEvent{Quote{c_.symbols[i], time_, px - tick, px, Quantity::from_units(100),
                                  Quantity::from_units(200)}});
        ++produced_;
        if (i + 1 == c_.symbols.size()) time_ += c_.step;
        return true;
    }

private:
    const SyntheticConfig& c_;
    std::mt19937_64 rng_;
    std::normal_distribution<double> normal_{0.0, 1.0};
    std::vector<double> prices_;
    Timestamp time_;
    uint64_t produced_ = 0;
};

}  // namespace

void SyntheticSource::run(EventSink& sink, std::stop_token stop) {
    Generator g(config_);
    while (!stop.stop_requested() && g.next([&](MarketEvent e) { sink.push(std::move(e)); })) {
    }
}

std::vector<MarketEvent> SyntheticSource::generate(const SyntheticConfig& config) {
    std::vector<MarketEvent> out;
    Generator g(config);
    while (g.next([&](MarketEvent e) { out.push_back(std::move(e)); })) {
    }
    return out;
}

}  // namespace robo::data::pipeline
