// research/return_digest.hpp — what a sweep keeps of a run's daily returns once its equity
// curve is let go: their moments (the run's Sharpe ratio as a trial, and the chosen run's
// skewness and kurtosis for the Deflated Sharpe Ratio) and their PBO block sums. A few
// hundred bytes whatever the length of the data, so a sweep's memory grows with its data,
// not with its runs. The overfitting statistics from digests equal, bit for bit, those from
// the series (tests/research/return_digest_test.cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "robo/research/overfitting.hpp"

namespace robo::research {

struct ReturnDigest {
    size_t observations = 0;        // daily returns
    uint64_t days = 0;              // which days, in order (a hash): digests compared must share them
    int partitions = 0;             // what `blocks` was cut for
    Moments moments;                // of the returns
    std::vector<BlockSums> blocks;  // block_sums(returns, partitions)

    bool same_days(const ReturnDigest& o) const noexcept {
        return observations == o.observations && days == o.days;
    }
};

ReturnDigest digest_returns(const std::vector<double>& returns, int partitions, uint64_t days = 0);

}  // namespace robo::research
