// data/quality/corporate_actions.hpp — splits, reverse splits and cash dividends found in a
// daily history, and the optional adjustment of that history for splits.
//
// Split: the overnight ratio previous close / open is within `ratio_tolerance` (in log terms)
// of a usual split ratio (2, 3, 3/2, 1/10, ...), the median volume of the days after over the
// days before moves the same way (a split multiplies the share count), and, when the file has Adj
// Close, the Adj Close / Close factor jumps by the same ratio (the vendor adjusted for it).
// Volume is noisy (a 20-day median still moves +-30 %), so it must only move in the split's
// direction by at least `min_volume_share` of the ratio in log terms; the Adj Close factor
// is the sharp test when the file has it.
// A real 30 % gap fails these tests; a split left in the data passes them.
// Dividend: the Adj Close / Close factor steps down by more than float noise and by less
// than `max_dividend_yield` on the ex-date: amount = previous close x (1 - f[i-1] / f[i]).
// Never modifies its input unless adjust_for_splits is called.
#pragma once
#include <span>
#include <vector>

#include "robo/core/market_data.hpp"

namespace robo::data::quality {

struct CorporateAction {
    enum class Kind { split, reverse_split, dividend } kind;
    size_t index;       // first bar on the new basis (the ex-date)
    Timestamp date;     // that bar's start
    double ratio;       // splits: price before / price after (2 = 2-for-1, 0.1 = 1-for-10);
                        // dividends: the adjustment factor f[i-1] / f[i]
    double amount = 0;  // dividends: cash per share
};

struct CorporateActionRules {
    std::vector<double> split_ratios{1.5,      2,        2.5,      3,        4,        5,        6,
                                     7,        8,        10,       15,       20,       25,       30,
                                     50,       100,      1.0 / 2,  1.0 / 3,  1.0 / 4,  1.0 / 5,  1.0 / 8,
                                     1.0 / 10, 1.0 / 15, 1.0 / 20, 1.0 / 25, 1.0 / 30, 1.0 / 50, 1.0 / 100};
    double ratio_tolerance = 0.03;     // |log(observed / ratio)|
    int volume_window = 20;            // days on each side for the volume medians
    double min_volume_share = 0.25;    // log(volume after / before) / log(ratio) at least this
    double min_factor_step = 2e-5;     // Adj Close / Close steps smaller than this are noise
    double max_dividend_yield = 0.25;  // larger steps are not read as cash dividends
};

// `adj_close` is empty or one value per bar.
std::vector<CorporateAction> detect_corporate_actions(std::span<const Bar> bars,
                                                      std::span<const double> adj_close,
                                                      const CorporateActionRules& rules = {});

// Divides prices before each split by its ratio and multiplies volumes by it, so the whole
// history is on the latest share basis (dividends are left alone: that is Adj Close's job).
void adjust_for_splits(std::span<Bar> bars, std::span<const CorporateAction> actions);

}  // namespace robo::data::quality
