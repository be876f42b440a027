// engine/derived_bars.hpp — bars on the timeframes strategies ask for that the data does
// not carry, built from the data's finer intraday bars as the session runs.
//
// One features::BarBuilder per symbol (New York-aligned intervals, the NYSE session for
// `session` bars). Each data bar of a symbol's source timeframe (the first intraday
// timeframe it shows) goes in; a derived bar comes out when its interval has ended by the
// data bar's end, i.e. when the engine could know it — never earlier, so a strategy on
// 5-minute bars built from 1-minute ones cannot see the future. Bars still open at the
// end of the data are not delivered (a live session would not have them either).
// Only targets coarser than the source are built; a data bar the builder refuses (out of
// order, a timeframe not finer than every target) is counted and skipped, never fatal.
#pragma once
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "robo/core/market_data.hpp"
#include "robo/features/bar_builder.hpp"

namespace robo::engine {

class DerivedBars {
public:
    // Throws std::invalid_argument for an empty target list.
    explicit DerivedBars(std::vector<Timeframe> targets);

    // Feeds one data bar; appends the derived bars that closed to `out` (coarser last).
    void on_bar(const Bar& bar, std::vector<Bar>& out);

    const std::vector<Timeframe>& targets() const noexcept { return targets_; }
    uint64_t built() const noexcept { return built_; }
    uint64_t refused() const noexcept { return refused_; }
    const std::string& last_error() const noexcept { return last_error_; }

private:
    struct PerSymbol {
        Timeframe source;
        std::unique_ptr<features::BarBuilder> builder;  // null: nothing to build from this source
    };

    std::vector<Timeframe> targets_;
    std::unordered_map<Symbol, PerSymbol> symbols_;
    std::vector<Bar>* sink_ = nullptr;
    uint64_t built_ = 0, refused_ = 0;
    std::string last_error_;
};

// Timeframes in `wanted` that no data bar timeframe provides and that can be built from
// the finest intraday one in `data`; throws std::invalid_argument naming a wanted
// timeframe that cannot be (finer than every data bar, or the data has only daily bars).
std::vector<Timeframe> timeframes_to_derive(const std::vector<Timeframe>& data,
                                            const std::vector<Timeframe>& wanted);

}  // namespace robo::engine
