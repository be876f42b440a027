// features/batch.hpp — batch mode: a whole series through the streaming code.
//
// batch() feeds the series, in order, to a fresh copy of the streaming indicator and
// collects what update() returns, so batch and streaming are bit-identical by construction.
// nullopt marks the warm-up, exactly where TA-Lib's outBegIdx starts. The array forms
// (batch_values_into, batch_columns_into) may run an indicator's apply_into() kernel instead:
// the same arithmetic in a loop shaped for speed, which tests/features/batch_streaming_test
// holds to update()'s bits wherever the batch starts and whatever it refuses.
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
// The output after a refused input holds no meaning.
#pragma once
#include <algorithm>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace robo::features {

namespace detail {
template <class Indicator, class... Inputs>
concept Checked = requires(Indicator& ind, const Inputs&... in) {
    { Indicator::valid(in...) }
    noexcept;
    Indicator::validate(in...);
    ind.apply(in...);
};

// An indicator may also offer apply_into(out, n, columns...): apply() over n inputs, each
// result written to out as a double (NaN in the warm-up), in a loop shaped for speed (each
// indicator says how) with the same arithmetic, which the tests hold to the same bits. It
// checks the inputs inside that loop, where the chain of rounded operations leaves room for
// the compares, and returns false when one was refused: its state and out are then garbage,
// and the caller restores the state it saved and goes one input at a time.
template <class Indicator, class... Inputs>
concept Kernel = Checked<Indicator, Inputs...> && requires(Indicator& ind, double* out, const Inputs*... in) {
    { ind.apply_into(out, size_t{}, in...) }
    noexcept->std::same_as<bool>;
};

// Inputs go to the kernel a block at a time: a block with a refused input is run again one
// value at a time, from the state saved before it (a copy the size of the indicator).
inline constexpr size_t kBlock = 2048;

// Throws the refusal of input i (which valid() refused), with its index appended.
template <class Indicator, class... Inputs>
[[noreturn]] void refuse_input(size_t i, const Inputs&... input) {
    try {
        Indicator::validate(input...);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string(e.what()) + " [batch input " + std::to_string(i) + "]");
    }
    throw std::logic_error("batch input " + std::to_string(i) + ": valid() refused what validate() accepts");
}

// Runs `step(index, result)` over n inputs (one array per argument of apply()), with the
// fast path described above; `kernel(begin, count)` takes over whole valid blocks when the
// caller has one (pass nullptr otherwise).
template <class Indicator, class Step, class KernelRun, class... Inputs>
void run(Indicator& indicator, size_t n, Step&& step, KernelRun&& kernel, const Inputs*... in) {
    if constexpr (Checked<Indicator, Inputs...>) {
        Indicator local = std::move(indicator);
        constexpr bool has_kernel = !std::is_same_v<std::decay_t<KernelRun>, std::nullptr_t>;
        std::optional<Indicator> saved;
        if constexpr (has_kernel) saved.emplace(local);
        size_t i = 0;
        bool refused = false;
        while (i < n && !refused) {
            const size_t end = i + std::min(kBlock, n - i);
            if constexpr (has_kernel) {
                *saved = local;  // same sizes: a copy without allocation
                if (kernel(local, i, end - i)) {
                    i = end;
                    continue;
                }
                local = *saved;
            }
            for (; i < end; ++i) {
                if (!Indicator::valid(in[i]...)) [[unlikely]] {
                    refused = true;
                    break;
                }
                step(i, local.apply(in[i]...));
            }
        }
        indicator = std::move(local);
        if (i < n) refuse_input<Indicator>(i, in[i]...);
    } else {
        for (size_t i = 0; i < n; ++i) step(i, indicator.update(in[i]...));
    }
}

template <class Indicator, class... Inputs>
void values_into(Indicator& indicator, double* const values, size_t n, const Inputs*... in) {
    // The output pointer is captured by value: through a span's reference it would be
    // reloaded (two loads) on every value, since a double store might change what it holds.
    auto step = [values](size_t i, const std::optional<double>& v) {
        values[i] = v ? *v : std::numeric_limits<double>::quiet_NaN();
    };
    if constexpr (Kernel<Indicator, Inputs...>)
        run(
            indicator, n, step,
            [values, in...](Indicator& ind, size_t begin, size_t count) {
                return ind.apply_into(values + begin, count, (in + begin)...);
            },
            in...);
    else
        run(indicator, n, step, nullptr, in...);
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
// warm-up. Same arithmetic as update(), so the same bits.
template <class Indicator, class Input>
void batch_values_into(Indicator& indicator, std::span<const Input> inputs, std::span<double> out) {
    if (out.size() != inputs.size())
        throw std::invalid_argument("batch_values_into: output size must equal input size");
    detail::values_into(indicator, out.data(), out.size(), inputs.data());
}

// The same with one array per field, the layout TA-Lib takes (ATR: high, low, close; OBV:
// close, volume): reading 8 bytes a field instead of whole bars is half of ATR's and OBV's
// time on a long series.
template <class Indicator, class... Columns>
void batch_columns_into(Indicator& indicator, std::span<double> out, std::span<const Columns>... columns) {
    if (((columns.size() != out.size()) || ...))
        throw std::invalid_argument("batch_columns_into: every column must have the output's size");
    detail::values_into(indicator, out.data(), out.size(), columns.data()...);
}

template <class Indicator, class Input>
std::vector<UpdateResult<Indicator, Input>> batch(Indicator indicator, std::span<const Input> inputs) {
    std::vector<UpdateResult<Indicator, Input>> out(inputs.size());
    batch_into(indicator, inputs, std::span(out));
    return out;
}

}  // namespace robo::features
