// data/quality/robust_band.hpp — streaming outlier test: is a new price far from the median
// of recent accepted prices, measured in robust sigmas (1.4826 x MAD)?
//
// Median and MAD are robust: a handful of bad prints in the window cannot move them, unlike
// a mean and standard deviation. The band is recomputed every `refresh` accepted values
// (O(window) with nth_element), so a check is O(1) amortized and allocation-free. A sigma
// floor relative to the price keeps a flat tape (MAD = 0) from flagging a one-tick move.
// A genuine jump is told from a spike by persistence: `confirm` consecutive outliers that
// agree with each other are a level shift: the window moves to the new level, keeping its
// scale (the first confirm-1 of them stay flagged: the price of deciding without looking
// ahead).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace robo::data::quality {

struct OutlierRules {
    bool enabled = true;
    int window = 64;              // recent accepted values the band is computed from
    int min_samples = 16;         // no verdicts until this many values were accepted
    int refresh = 32;             // recompute median and MAD every this many accepted values
    double k = 12.0;              // band half-width in robust sigmas
    double min_rel_sigma = 5e-4;  // sigma floor, relative to the median (5 bps)
    int confirm = 3;              // consecutive agreeing outliers that make a level shift
};

class RobustBand {
public:
    explicit RobustBand(const OutlierRules& rules = {});

    struct Verdict {
        bool outlier = false;
        bool level_shift = false;  // this value confirmed a new level and was accepted
        double center = 0;         // the median it was compared with
        double half_width = 0;     // k * sigma
    };
    // Tests x against the band and, unless it is an outlier, adds it to the window.
    Verdict observe(double x);

    // Moves the window to a new level keeping its scale: after a market close the first
    // price of the new session sets the level (an opening gap is not an outlier).
    void rebase(double x);
    // Multiplies the window by `factor` (level and scale): a split moved every price.
    void rescale(double factor);

    bool warmed_up() const noexcept { return count_ >= rules_.min_samples; }
    double median() const noexcept { return median_; }
    double sigma() const noexcept { return sigma_; }

private:
    void accept(double x);
    void refresh();

    OutlierRules rules_;
    std::vector<double> ring_, scratch_, pending_;
    size_t head_ = 0;
    int count_ = 0;  // accepted values, saturating at window
    int since_refresh_ = 0;
    double median_ = 0, sigma_ = 0;
};

}  // namespace robo::data::quality
