// examples/cpp/signal_sma.cpp — a signal-style strategy: it says which way it wants to be
// (long or flat) and lets the manager, the sizer and the risk gate turn that into orders.
//
// Long while the close is above its simple moving average of `period` closes, computed
// here from Context::history (the engine keeps the recent bars), flat otherwise. The
// protective stop sits `stop_pct` under the close. Registered with its parameter schema,
// so `--strategy example_sma_signal:period=30` works wherever the file is compiled in.
#include <memory>

#include "robo/strategy/schema.hpp"

namespace {

using namespace robo;
using namespace robo::strategy;

class SmaSignal final : public Strategy {
public:
    SmaSignal(int period, double stop_pct) : period_(period), stop_pct_(stop_pct) {}
    std::string_view name() const noexcept override { return "example_sma_signal"; }
    int warmup_bars() const noexcept override { return period_; }

    void on_bar(Context& ctx, const Bar& bar) override {
        const History h = ctx.history(bar.symbol, size_t(period_), bar.timeframe);
        if (h.bars.size() < size_t(period_)) return;  // not enough bars yet
        double sum = 0;
        for (const Bar& b : h.bars) sum += b.close.to_double();
        const double close = bar.close.to_double();
        Signal s;
        s.symbol = bar.symbol;
        s.direction = close > sum / period_ ? Direction::long_ : Direction::flat;
        if (s.direction == Direction::long_) s.stop = Price::from_double(close * (1 - stop_pct_));
        s.reason = s.direction == Direction::long_ ? "close_above_sma" : "close_at_or_below_sma";
        ctx.signal(s);
    }

private:
    int period_;
    double stop_pct_;
};

const Registration registration{{
    .name = "example_sma_signal",
    .description = "Example: long while the close is above its moving average (signals)",
    .params =
        {
            {"period", ParamType::integer, 20, 2, 250, "Moving-average period (bars)"},
            {"stop_pct", ParamType::number, 0.05, 0.001, 0.5, "Protective stop under the close"},
        },
    .make =
        [](const ParamValues& v) {
            return std::make_unique<SmaSignal>(int(v.at("period")), v.at("stop_pct"));
        },
}};

}  // namespace
