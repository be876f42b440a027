// strategy/rules.hpp — the technical strategies built on robo::features indicators:
// momentum, mean reversion and breakout. Each keeps its indicators per symbol (O(1) per
// bar, no allocation after a symbol's first bar) and emits a signal on every bar once
// warmed up, holding its decision between entry and exit conditions. Parameters, their
// defaults and bounds are declared once, in each strategy's schema in rules.cpp
// (docs/strategies.md); the structs below carry the checked values.
//
// momentum       long when the MACD histogram is positive, RSI is between 50 and
//                `overbought`, and volume is above `volume_mult` x its average of the
//                previous `volume_period` bars; exit when the histogram turns negative or
//                RSI reaches `overbought`. Stop at close - `atr_stop` x ATR. Shorts (when
//                allowed) mirror it with `oversold`. With `trail`, the stop follows each
//                bar's close at the same distance (the bar's ATR), only ever tightening.
// mean_reversion long when the close is below the lower Bollinger band or its z-score is
//                at or below -`z_entry`, and RSI is below `oversold`; exit at the middle
//                band (z >= 0) or when RSI passes `overbought`. Shorts mirror it.
//                (With equal periods the band and the z-score coincide: population sd.)
// breakout       long when the close exceeds the highest high of the previous `period`
//                bars on volume above `volume_mult` x their average; exit below the lowest
//                low of the previous `exit_period` bars. Stop `stop_pct` below the entry
//                close. Shorts mirror it. With `trail`, the stop follows each bar's close
//                `stop_pct` away, only ever tightening.
// A trailing stop moves on the bar it is computed from; the trader then modifies the
// working stop order, which applies to the data after that bar.
#pragma once
#include <algorithm>
#include <deque>
#include <unordered_map>

#include "robo/features/atr.hpp"
#include "robo/features/bollinger.hpp"
#include "robo/features/macd.hpp"
#include "robo/features/rolling_window.hpp"
#include "robo/features/rsi.hpp"
#include "robo/features/statistics.hpp"
#include "robo/strategy/schema.hpp"
#include "robo/strategy/strategy.hpp"

namespace robo::strategy {

// Each strategy's parameters: defaults() are the schema's; from() takes checked values
// (schema.hpp) and values() gives them back, for the constructor to check.
#define ROBO_STRATEGY_PARAMS(Type)          \
    static Type defaults();                 \
    static Type from(const ParamValues& v); \
    ParamValues values() const;

struct MomentumParams {
    int rsi = 0;
    double oversold = 0, overbought = 0;
    int macd_fast = 0, macd_slow = 0, macd_signal = 0;
    int volume_period = 0;
    double volume_mult = 0;
    int atr = 0;
    double atr_stop = 0;
    bool allow_short = false;
    bool trail = false;  // tighten the stop to close -/+ atr_stop x ATR on every bar held
    ROBO_STRATEGY_PARAMS(MomentumParams)
};

struct MeanReversionParams {
    int period = 0;  // Bollinger and z-score window
    double k = 0;    // Bollinger width in standard deviations
    int rsi = 0;
    double oversold = 0, overbought = 0;
    double z_entry = 0;
    bool allow_short = false;
    ROBO_STRATEGY_PARAMS(MeanReversionParams)
};

struct BreakoutParams {
    int period = 0;       // entry channel
    int exit_period = 0;  // exit channel
    int volume_period = 0;
    double volume_mult = 0;
    double stop_pct = 0;
    bool allow_short = false;
    bool trail = false;  // tighten the stop to close -/+ stop_pct on every bar held
    ROBO_STRATEGY_PARAMS(BreakoutParams)
};
#undef ROBO_STRATEGY_PARAMS

class Momentum final : public Strategy {
public:
    explicit Momentum(MomentumParams p = MomentumParams::defaults());
    std::string_view name() const noexcept override { return "momentum"; }
    std::optional<size_t> history_bars() const noexcept override { return 0; }  // its own state
    bool reads_features() const noexcept override { return false; }
    // MACD's and Wilder's RSI/ATR smoothing converge over about three of their periods.
    int warmup_bars() const noexcept override {
        return std::max({3 * p_.rsi, 3 * (p_.macd_slow + p_.macd_signal), p_.volume_period, 3 * p_.atr}) + 1;
    }
    void on_bar(Context& ctx, const Bar& bar) override;

private:
    struct State {
        features::Rsi rsi;
        features::Macd macd;
        features::Atr atr;
        features::RollingWindow<false> volume;
        Direction holding = Direction::flat;
        std::optional<Price> stop;
    };
    MomentumParams p_;
    std::unordered_map<Symbol, State> states_;
};

class MeanReversion final : public Strategy {
public:
    explicit MeanReversion(MeanReversionParams p = MeanReversionParams::defaults());
    std::string_view name() const noexcept override { return "mean_reversion"; }
    std::optional<size_t> history_bars() const noexcept override { return 0; }  // its own state
    bool reads_features() const noexcept override { return false; }
    int warmup_bars() const noexcept override { return std::max(p_.period, 3 * p_.rsi) + 1; }
    void on_bar(Context& ctx, const Bar& bar) override;

private:
    struct State {
        features::Bollinger bands;
        features::ZScore z;
        features::Rsi rsi;
        Direction holding = Direction::flat;
    };
    MeanReversionParams p_;
    std::unordered_map<Symbol, State> states_;
};

class Breakout final : public Strategy {
public:
    explicit Breakout(BreakoutParams p = BreakoutParams::defaults());
    std::string_view name() const noexcept override { return "breakout"; }
    std::optional<size_t> history_bars() const noexcept override { return 0; }  // its own state
    bool reads_features() const noexcept override { return false; }
    int warmup_bars() const noexcept override {
        return std::max({p_.period, p_.exit_period, p_.volume_period}) + 1;
    }
    void on_bar(Context& ctx, const Bar& bar) override;

private:
    struct State {
        std::deque<double> highs, lows;  // the previous bars (bounded by the longer period)
        features::RollingWindow<false> volume;
        Direction holding = Direction::flat;
        std::optional<Price> stop;
    };
    BreakoutParams p_;
    std::unordered_map<Symbol, State> states_;
};

}  // namespace robo::strategy
