// data/pipeline/synthetic_source.hpp — a deterministic generator of trades and quotes for
// several symbols: a log-normal random walk on a one-cent grid, one-cent-wide quotes,
// timestamps a fixed step apart. For load tests, benchmarks and demos without a feed; the
// same seed gives the same stream.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "robo/data/pipeline/source.hpp"

namespace robo::data::pipeline {

struct SyntheticConfig {
    std::vector<Symbol> symbols{Symbol("AAPL"), Symbol("MSFT")};
    uint64_t events = 100'000;  // in total, round-robin over symbols
    Timestamp start = from_civil(2024, 6, 3, 13, 30);
    Duration step = std::chrono::milliseconds(10);
    double start_price = 100.0;
    double volatility = 2e-4;  // per event, log terms
    bool quotes = true;        // a quote after every trade
    uint64_t seed = 42;
};

class SyntheticSource final : public Source {
public:
    explicit SyntheticSource(SyntheticConfig config = {}) : config_(std::move(config)) {}
    std::string_view name() const override { return "synthetic"; }
    void run(EventSink& sink, std::stop_token stop) override;

    // The whole stream as a vector (for benchmarks and replays).
    static std::vector<MarketEvent> generate(const SyntheticConfig& config);

private:
    SyntheticConfig config_;
};

}  // namespace robo::data::pipeline
