// data/quality/corporate_actions.hpp — splits, reverse splits and cash dividends found in a
// daily history, and the optional adjustment of that history for splits.
//
// Split, when the file has Adj Close: the Adj Close / Close factor jumps by a usual split ratio
// (2, 3/2, 5/4, 1/10, ...) within `adj_tolerance` — exact whatever the market did that day,
// because the vendor's factor moves only on splits and ex-dates — and the overnight price gap
// points the same way (within half the ratio, so a broken Adj Close alone is no split).
// Split, without Adj Close: the overnight ratio previous close / open is nearest a usual ratio,
// within a tolerance judged against the symbol's own recent volatility (`sigma_multiple` robust
// sigmas of its last `volatility_window` close-to-close returns, at least `ratio_tolerance`, at
// most `max_ratio_tolerance`) and clearly nearer it than to any other ratio or to no split
// (`max_share_of_spacing`); and the median volume of the days after over the days before moves
// the same way (a split multiplies the share count). Volume is noisy (a 20-day median still
// moves +-30 %), so it must only move in the split's direction by at least `min_volume_share`
// of the ratio in log terms.
// A real 30 % gap fails these tests; a split left in the data passes them. With Adj Close also
// on a day the market moved (a 2-for-1 split on a 10 % day); without it within 3.5 % of the
// ratio (a 3-for-2 split on a 2 % day), or within 12 % for the ratios from 2:1 and 1:2 outwards
// when the volume moved by the ratio too (a 2-for-1 split on a 10 % day: the wide band).
// Dividend: the Adj Close / Close factor steps down by more than float noise and by less
// than `max_dividend_yield` on the ex-date: amount = previous close x (1 - f[i-1] / f[i]).
// Never modifies its input unless adjust_for_splits is called.
#pragma once
#include <optional>
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
    std::vector<double> split_ratios{1.25,     1.5,      2,        2.5,      3,        4,        5,
                                     6,        7,        8,        10,       15,       20,       25,
                                     30,       50,       100,      1.0 / 2,  1.0 / 3,  1.0 / 4,  1.0 / 5,
                                     1.0 / 6,  1.0 / 7,  1.0 / 8,  1.0 / 10, 1.0 / 15, 1.0 / 20, 1.0 / 25,
                                     1.0 / 30, 1.0 / 50, 1.0 / 100};
    double ratio_tolerance = 0.03;       // |log(observed / ratio)| always allowed
    double max_ratio_tolerance = 0.035;  // ... and never more than this (a 30 % crash is no 3:2 split)
    double sigma_multiple = 4.0;         // robust sigmas of the symbol's own daily returns
    int volatility_window = 60;          // returns the sigma is measured on
    double max_share_of_spacing = 0.45;  // residual / distance to the next ratio (or to 1)
    double adj_tolerance = 0.01;         // |log(factor step / ratio)| with Adj Close
    // Without Adj Close, ratios closer to 1 than this (in log terms) are not read from a price gap:
    // a 5-for-4 split's 20 % gap is an ordinary earnings gap for a volatile stock.
    double min_log_gap_ratio = 0.3;
    int volume_window = 20;          // days on each side for the volume medians
    double min_volume_share = 0.25;  // log(volume after / before) / log(ratio) at least this
    // Without Adj Close, a split on a day the stock itself moved (a 2-for-1 split and a 10 %
    // fall): a gap within `wide_ratio_tolerance` of one of the `wide_split_ratios` (the usual
    // ones from 2:1 and 1:2 outwards, so that no ordinary crash of 30-45 % reads as a 3:2 split,
    // and nearer it than to any other of them) is a split when the share count confirms it
    // tightly: log(volume after / before) / log(ratio) within wide_volume_share.
    std::vector<double> wide_split_ratios{2,       3,       4,       5,       7,        10,      20,
                                          1.0 / 2, 1.0 / 3, 1.0 / 4, 1.0 / 5, 1.0 / 10, 1.0 / 20};
    double wide_ratio_tolerance = 0.12;
    double wide_volume_share_min = 0.6, wide_volume_share_max = 3.0;
    double min_factor_step = 2e-5;     // Adj Close / Close steps smaller than this are noise
    double max_dividend_yield = 0.25;  // larger steps are not read as cash dividends
};

// The usual ratio the overnight log gap `log_gap` stands for, given the symbol's recent robust
// daily sigma (0 when unknown), or nullopt; `wide` when only the wide band of a large-move day
// (wide_ratio_tolerance) reads it, which needs the volume's tight confirmation.
struct GapSplit {
    double ratio;
    bool wide;
};
std::optional<GapSplit> split_for_gap(double log_gap, double sigma, const CorporateActionRules& rules);
// Whether the share count moved as the split says: `log_volume_shift` is log(volume after /
// volume before). Shared by the history check and the causal row gate.
bool volume_confirms_split(double log_volume_shift, const GapSplit& split, const CorporateActionRules& rules);
// The ratio an Adj Close factor step log(f1 / f0) stands for, or nullopt.
std::optional<double> split_ratio_for_factor_step(double log_step, double log_gap,
                                                  const CorporateActionRules& rules);

// The same question for every row of a file: the ratios' logs are taken once, and a step too
// small to be within adj_tolerance of any of them (every ordinary day) is answered at once.
class FactorStepSplits {
public:
    explicit FactorStepSplits(const CorporateActionRules& rules);
    std::optional<double> ratio_for(double log_step, double log_gap) const noexcept;

private:
    std::vector<double> ratios_, logs_;
    double tolerance_;
    double quiet_below_;  // |log_step| under this is farther than the tolerance from every ratio
};

// `adj_close` is empty or one value per bar.
std::vector<CorporateAction> detect_corporate_actions(std::span<const Bar> bars,
                                                      std::span<const double> adj_close,
                                                      const CorporateActionRules& rules = {});

// Divides prices before each split by its ratio and multiplies volumes by it, so the whole
// history is on the latest share basis (dividends are left alone: that is Adj Close's job).
void adjust_for_splits(std::span<Bar> bars, std::span<const CorporateAction> actions);

}  // namespace robo::data::quality
