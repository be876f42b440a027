// features/batch.hpp — batch mode: a whole series through the streaming code.
//
// There is deliberately no second implementation: batch() feeds the series, in order, to a
// fresh copy of the streaming indicator and collects what update() returns, so batch and
// streaming are bit-identical by construction (and tests/features prove it on random and
// real series). nullopt marks the warm-up, exactly where TA-Lib's outBegIdx starts.
#pragma once
#include <optional>
#include <span>
#include <stdexcept>
#include <vector>

namespace robo::features {

template <class Indicator, class Input>
using UpdateResult = decltype(std::declval<Indicator&>().update(std::declval<const Input&>()));

// Runs `indicator` over `inputs` into `out` (same length). A refused input throws, naming it.
template <class Indicator, class Input>
void batch_into(Indicator& indicator, std::span<const Input> inputs,
                std::span<UpdateResult<Indicator, Input>> out) {
    if (out.size() != inputs.size())
        throw std::invalid_argument("batch_into: output size must equal input size");
    for (size_t i = 0; i < inputs.size(); ++i) out[i] = indicator.update(inputs[i]);
}

template <class Indicator, class Input>
std::vector<UpdateResult<Indicator, Input>> batch(Indicator indicator, std::span<const Input> inputs) {
    std::vector<UpdateResult<Indicator, Input>> out(inputs.size());
    batch_into(indicator, inputs, std::span(out));
    return out;
}

}  // namespace robo::features
