// features/batch.hpp — batch mode: a whole series through the streaming code.
//
// There is deliberately no second implementation: batch() feeds the series, in order, to a
// fresh copy of the streaming indicator and collects what update() returns, so batch and
// streaming are bit-identical by construction (and tests/features prove it on random and
// real series). nullopt marks the warm-up, exactly where TA-Lib's outBegIdx starts.
//
// Speed note: when the indicator offers valid(input) (a noexcept test), apply(input) (the
// update without its check) and validate(input) (the throwing check; update() is exactly
// validate then apply), the loop runs on a local copy of the indicator and tests valid()
// instead of throwing. Nothing can throw inside that loop and the local state cannot alias
// the output array, so the compiler keeps it in registers instead of storing and reloading
// it around every output write. The arithmetic is the same apply() the streaming update()
// runs, so the bits are the same, and a refused input ends the call exactly as a streaming
// loop would: the values before it are consumed and written, then the same error is thrown
// (with the input's index appended) and the indicator stays as it was before that input.
#pragma once
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace robo::features {

namespace detail {
template <class Indicator, class Input>
concept Checked = requires(Indicator& ind, const Input& in) {
    { Indicator::valid(in) }
    noexcept;
    Indicator::validate(in);
    ind.apply(in);
};

// Runs `step(index, result)` over the series, with the fast path described above.
template <class Indicator, class Input, class Step>
void run(Indicator& indicator, std::span<const Input> inputs, Step&& step) {
    if constexpr (Checked<Indicator, Input>) {
        Indicator local = std::move(indicator);
        size_t i = 0;
        for (; i < inputs.size(); ++i) {
            if (!Indicator::valid(inputs[i])) [[unlikely]]
                break;
            step(i, local.apply(inputs[i]));
        }
        indicator = std::move(local);
        if (i < inputs.size()) {
            try {
                Indicator::validate(inputs[i]);
            } catch (const std::invalid_argument& e) {
                throw std::invalid_argument(std::string(e.what()) + " [batch input " + std::to_string(i) +
                                            "]");
            }
        }
    } else {
        for (size_t i = 0; i < inputs.size(); ++i) step(i, indicator.update(inputs[i]));
    }
}
}  // namespace detail

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

// Single-output indicators into a plain double array (like TA-Lib's outputs), NaN during the
// warm-up. Same update() calls, so the same bits.
template <class Indicator, class Input>
void batch_values_into(Indicator& indicator, std::span<const Input> inputs, std::span<double> out) {
    if (out.size() != inputs.size())
        throw std::invalid_argument("batch_values_into: output size must equal input size");
    // The output pointer is captured by value: through the span's reference it would be
    // reloaded (two loads) on every value, since a double store might change what it holds.
    double* const values = out.data();
    detail::run(indicator, inputs, [values](size_t i, const std::optional<double>& v) {
        values[i] = v ? *v : std::numeric_limits<double>::quiet_NaN();
    });
}

template <class Indicator, class Input>
std::vector<UpdateResult<Indicator, Input>> batch(Indicator indicator, std::span<const Input> inputs) {
    std::vector<UpdateResult<Indicator, Input>> out(inputs.size());
    batch_into(indicator, inputs, std::span(out));
    return out;
}

}  // namespace robo::features
