// data/quality/spikes.hpp — two-sided spike detection on a recorded price series.
//
// With the whole history at hand (files, backfills) a spike can be told from a real move by
// looking on both sides: the return into the point and the return out of it are both
// larger than k robust sigmas (1.4826 x MAD of log returns in a centered window), they have
// opposite signs, and the price comes back (|r_in + r_out| <= revert x |r_in|). A real jump
// does not come back, so it is never a spike, however large. The live gate cannot look
// ahead and uses RobustBand instead (robust_band.hpp).
#pragma once
#include <cstddef>
#include <span>
#include <vector>

namespace robo::data::quality {

struct SpikeRules {
    int window = 64;          // returns in the centered window that set the local sigma
    double k = 8.0;           // both legs larger than k sigmas
    double revert = 0.5;      // the way out undoes at least half of the way in
    double min_sigma = 2e-4;  // floor on sigma (log-return units): flat series, coarse ticks
};

// Indices of prices that are spikes. Non-positive prices are skipped (other checks own them).
std::vector<size_t> find_spikes(std::span<const double> prices, const SpikeRules& rules = {});

}  // namespace robo::data::quality
