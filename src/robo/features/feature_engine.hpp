// features/feature_engine.hpp — per symbol and timeframe, the configured indicators.
//
// Ticks (or 1-minute bars) go through each symbol's BarBuilder; every bar that closes on a
// configured timeframe updates that timeframe's FeatureSet and publishes a FeatureSnapshot
// (on_features). Quotes update the symbol's Microstructure and publish QuoteFeatures on each
// quote (on_quote). Bars that are already complete (from a data file) can be fed directly
// with on_bar. Queries answer the latest values and their readiness at any time.
// A refused input (bad price, out of order, crossed quote...) is counted in rejected() with
// its message in last_error() and changes nothing; the engine never stops on bad data.
// Single-threaded by design (the event loop's thread); never does I/O.
#pragma once
#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "robo/features/bar_builder.hpp"
#include "robo/features/feature_set.hpp"
#include "robo/features/feature_spec.hpp"
#include "robo/features/microstructure.hpp"

namespace robo::features {

struct FeatureEngineConfig {
    std::string spec{kDefaultFeatureSpec};
    std::vector<Timeframe> default_timeframes{Timeframe::m5};  // for spec items without '@'
    bool emit_empty_bars = false;
    SessionHoursFn session_hours = nyse_session_hours();
};

// Published when a bar closes; a view valid during the callback.
struct FeatureSnapshot {
    const Bar& bar;  // the bar that closed (bar.partial: the data ended before its interval did)
    const FeatureSet& features;
};

struct QuoteSnapshot {
    Symbol symbol;
    Timestamp time;
    QuoteFeatures features;
};

class FeatureEngine {
public:
    using OnFeatures = std::function<void(const FeatureSnapshot&)>;
    using OnQuote = std::function<void(const QuoteSnapshot&)>;

    // Throws std::invalid_argument on a bad spec.
    FeatureEngine(FeatureEngineConfig config, OnFeatures on_features = {}, OnQuote on_quote = {});

    // Each returns false when the input was refused (counted; see last_error()).
    bool on_tick(const Tick& tick);
    bool on_quote(const Quote& quote);
    bool on_minute_bar(const Bar& bar);    // any intraday bar finer than the configured timeframes
    bool on_bar(const Bar& complete_bar);  // its timeframe's features directly, no bar building
    void advance_to(Timestamp now);        // closes bars whose interval has ended
    void flush();                          // end of data: closes every open bar (partial)

    std::optional<double> latest(const Symbol& symbol, Timeframe tf, std::string_view feature) const;
    bool ready(const Symbol& symbol, Timeframe tf) const;  // every feature of that timeframe
    bool ready(const Symbol& symbol, Timeframe tf, std::string_view feature) const {
        return latest(symbol, tf, feature).has_value();
    }
    const FeatureSet* features(const Symbol& symbol, Timeframe tf) const;
    std::optional<QuoteFeatures> latest_quote(const Symbol& symbol) const;
    std::optional<TradeFeatures> latest_trade(const Symbol& symbol) const;

    const std::vector<Timeframe>& timeframes() const noexcept { return timeframes_; }
    size_t symbols() const noexcept { return states_.size(); }
    size_t rejected() const noexcept { return rejected_; }
    const std::string& last_error() const noexcept { return last_error_; }

private:
    static constexpr size_t kTimeframes = 9;
    struct SymbolState {
        std::unique_ptr<BarBuilder> builder;
        std::array<std::unique_ptr<FeatureSet>, kTimeframes> sets;
        Microstructure micro;
        std::optional<TradeFeatures> last_trade;
    };

    SymbolState& state(const Symbol& symbol);
    const SymbolState* find(const Symbol& symbol) const;
    void handle_bar(SymbolState& s, const Bar& bar);
    bool refuse(const std::exception& e);

    FeatureEngineConfig config_;
    OnFeatures on_features_;
    OnQuote on_quote_;
    std::array<std::vector<IndicatorSpec>, kTimeframes> specs_;  // per timeframe
    std::vector<Timeframe> timeframes_;
    std::unordered_map<Symbol, std::unique_ptr<SymbolState>> states_;
    ExchangeClock clock_;
    size_t rejected_ = 0;
    std::string last_error_;
};

}  // namespace robo::features
