// research/return_digest.cpp — see return_digest.hpp.
#include "robo/research/return_digest.hpp"

namespace robo::research {

ReturnDigest digest_returns(const std::vector<double>& returns, int partitions, uint64_t days) {
    ReturnDigest d;
    d.observations = returns.size();
    d.days = days;
    d.partitions = partitions;
    d.moments = moments(returns);
    d.blocks = block_sums(returns, partitions);
    return d;
}

}  // namespace robo::research
