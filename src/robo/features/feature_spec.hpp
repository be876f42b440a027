// features/feature_spec.hpp — which indicators to run, from a short text.
//
// Syntax: items separated by spaces or ';', each  name[:p1[,p2...]][@tf1[,tf2...]].
//   "rsi:14@5m,1d"            RSI 14 on 5-minute and daily bars
//   "macd:12,26,9 bbands:20,2" on the default timeframes
// Names and parameters (defaults in brackets): sma[20], ema[20], rsi[14], macd[12,26,9],
// bbands[20,2] (period, k), atr[14], obv, vwap (session-anchored) or vwap:N (rolling N
// bars), std[20], ret[1] (simple return over N bars), logret[1], zscore[20].
// Timeframes: 1s 5s 1m 5m 15m 30m 1h 1d session. A bad item is refused with a message naming
// it and what was expected; nothing is guessed.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "robo/core/market_data.hpp"

namespace robo::features {

enum class IndicatorKind {
    sma,
    ema,
    rsi,
    macd,
    bbands,
    atr,
    obv,
    vwap,
    rolling_vwap,
    stddev,
    returns,
    log_returns,
    zscore
};

struct IndicatorSpec {
    IndicatorKind kind;
    std::vector<double> params;  // always complete (defaults filled in)
    std::vector<Timeframe> timeframes;
};

// Everything the engine computes when not told otherwise.
inline constexpr std::string_view kDefaultFeatureSpec =
    "sma:20 ema:20 rsi:14 macd:12,26,9 bbands:20,2 atr:14 vwap vwap:20 obv std:20 ret:1 zscore:20";

// Throws std::invalid_argument naming the offending item.
std::vector<IndicatorSpec> parse_feature_spec(std::string_view text,
                                              const std::vector<Timeframe>& default_timeframes);

// Column names of an indicator's outputs, e.g. {"rsi_14"} or {"macd_12_26_9",
// "macd_signal_12_26_9", "macd_hist_12_26_9"}.
std::vector<std::string> output_names(const IndicatorSpec& spec);

}  // namespace robo::features
