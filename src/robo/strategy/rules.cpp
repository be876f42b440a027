#include "robo/strategy/rules.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "robo/features/input.hpp"

namespace robo::strategy {

namespace {
void require(bool ok, const char* strategy, const std::string& what) {
    if (!ok) throw std::invalid_argument(std::string(strategy) + ": " + what);
}

void emit(Context& ctx, Symbol symbol, Direction d, std::optional<Price> stop, std::string_view reason) {
    Signal s;
    s.symbol = symbol;
    s.direction = d;
    s.stop = d == Direction::flat ? std::nullopt : stop;
    s.reason = reason;
    ctx.signal(s);
}

// A protective stop `distance` away from `close` against the position; nullopt when it
// would not be a positive price.
std::optional<Price> stop_at(double close, double distance, Direction d) {
    double level = d == Direction::long_ ? close - distance : close + distance;
    if (!(level > 0) || !std::isfinite(level)) return std::nullopt;
    return Price::from_double(level);
}

// A trailing stop: the candidate replaces the stop only when it is tighter (higher for a
// long, lower for a short), so a stop never moves against the position.
void tighten(std::optional<Price>& stop, std::optional<Price> candidate, Direction d) {
    if (!candidate) return;
    if (!stop || (d == Direction::long_ ? *candidate > *stop : *candidate < *stop)) stop = candidate;
}
}  // namespace

// --- momentum -----------------------------------------------------------------------

Momentum::Momentum(MomentumParams p) : p_(p) {
    require(p_.oversold < 50 && p_.overbought > 50 && p_.oversold > 0 && p_.overbought < 100, "momentum",
            "need 0 < oversold < 50 < overbought < 100");
    require(p_.volume_period >= 1 && p_.volume_mult >= 0 && p_.atr_stop > 0, "momentum",
            "need volume_period >= 1, volume_mult >= 0, atr_stop > 0");
    features::Rsi{p_.rsi};  // validates the periods now, not on the first bar
    features::Macd{p_.macd_fast, p_.macd_slow, p_.macd_signal};
    features::Atr{p_.atr};
}

void Momentum::on_bar(Context& ctx, const Bar& bar) {
    auto it = states_.find(bar.symbol);
    if (it == states_.end())
        it = states_
                 .emplace(
                     bar.symbol,
                     State{features::Rsi(p_.rsi), features::Macd(p_.macd_fast, p_.macd_slow, p_.macd_signal),
                           features::Atr(p_.atr), features::RollingWindow<false>(p_.volume_period),
                           Direction::flat, std::nullopt})
                 .first;
    State& s = it->second;
    const auto ohlcv = features::to_ohlcv(bar);
    // Volume is compared with the average of the bars before this one.
    const bool volume_ready = s.volume.full();
    const double avg_volume = volume_ready ? s.volume.mean() : 0;
    s.volume.push(ohlcv.volume);
    auto rsi = s.rsi.update(ohlcv.close);
    auto macd = s.macd.update(ohlcv.close);
    auto atr = s.atr.update(ohlcv);
    if (!rsi || !macd || !atr || !volume_ready) return;
    const bool volume_ok = ohlcv.volume > p_.volume_mult * avg_volume;
    const double hist = macd->histogram;
    switch (s.holding) {
        case Direction::flat:
            if (hist > 0 && *rsi > 50 && *rsi < p_.overbought && volume_ok) {
                s.holding = Direction::long_;
                s.stop = stop_at(ohlcv.close, p_.atr_stop * *atr, Direction::long_);
                return emit(ctx, bar.symbol, s.holding, s.stop, "momentum_long_entry");
            }
            if (p_.allow_short && hist < 0 && *rsi < 50 && *rsi > p_.oversold && volume_ok) {
                s.holding = Direction::short_;
                s.stop = stop_at(ohlcv.close, p_.atr_stop * *atr, Direction::short_);
                return emit(ctx, bar.symbol, s.holding, s.stop, "momentum_short_entry");
            }
            break;
        case Direction::long_:
            if (hist < 0 || *rsi >= p_.overbought) {
                s.holding = Direction::flat;
                s.stop.reset();
                return emit(ctx, bar.symbol, s.holding, s.stop, "momentum_long_exit");
            }
            break;
        case Direction::short_:
            if (hist > 0 || *rsi <= p_.oversold) {
                s.holding = Direction::flat;
                s.stop.reset();
                return emit(ctx, bar.symbol, s.holding, s.stop, "momentum_short_exit");
            }
            break;
    }
    if (p_.trail && s.holding != Direction::flat)
        tighten(s.stop, stop_at(ohlcv.close, p_.atr_stop * *atr, s.holding), s.holding);
    emit(ctx, bar.symbol, s.holding, s.stop, "momentum_hold");
}

// --- mean reversion -----------------------------------------------------------------

MeanReversion::MeanReversion(MeanReversionParams p) : p_(p) {
    require(p_.oversold > 0 && p_.oversold < 50 && p_.overbought > 50 && p_.overbought < 100,
            "mean_reversion", "need 0 < oversold < 50 < overbought < 100");
    require(p_.z_entry > 0 && p_.k > 0, "mean_reversion", "need z_entry > 0 and k > 0");
    features::Bollinger{p_.period, p_.k};
    features::ZScore{p_.period};
    features::Rsi{p_.rsi};
}

void MeanReversion::on_bar(Context& ctx, const Bar& bar) {
    auto it = states_.find(bar.symbol);
    if (it == states_.end())
        it = states_
                 .emplace(bar.symbol, State{features::Bollinger(p_.period, p_.k), features::ZScore(p_.period),
                                            features::Rsi(p_.rsi), Direction::flat})
                 .first;
    State& s = it->second;
    const double close = bar.close.to_double();
    auto band = s.bands.update(close);
    auto z = s.z.update(close);
    auto rsi = s.rsi.update(close);
    if (!band || !z || !rsi) return;
    switch (s.holding) {
        case Direction::flat:
            if ((close < band->lower || *z <= -p_.z_entry) && *rsi < p_.oversold) {
                s.holding = Direction::long_;
                return emit(ctx, bar.symbol, s.holding, std::nullopt, "mean_reversion_long_entry");
            }
            if (p_.allow_short && (close > band->upper || *z >= p_.z_entry) && *rsi > p_.overbought) {
                s.holding = Direction::short_;
                return emit(ctx, bar.symbol, s.holding, std::nullopt, "mean_reversion_short_entry");
            }
            break;
        case Direction::long_:
            if (close >= band->middle || *rsi > p_.overbought) {
                s.holding = Direction::flat;
                return emit(ctx, bar.symbol, s.holding, std::nullopt, "mean_reversion_long_exit");
            }
            break;
        case Direction::short_:
            if (close <= band->middle || *rsi < p_.oversold) {
                s.holding = Direction::flat;
                return emit(ctx, bar.symbol, s.holding, std::nullopt, "mean_reversion_short_exit");
            }
            break;
    }
    emit(ctx, bar.symbol, s.holding, std::nullopt, "mean_reversion_hold");
}

// --- breakout -----------------------------------------------------------------------

Breakout::Breakout(BreakoutParams p) : p_(p) {
    require(p_.period >= 2 && p_.exit_period >= 1 && p_.volume_period >= 1, "breakout",
            "need period >= 2, exit_period >= 1, volume_period >= 1");
    require(p_.stop_pct > 0 && p_.stop_pct < 1 && p_.volume_mult >= 0, "breakout",
            "need 0 < stop_pct < 1 and volume_mult >= 0");
}

void Breakout::on_bar(Context& ctx, const Bar& bar) {
    auto it = states_.find(bar.symbol);
    if (it == states_.end())
        it = states_
                 .emplace(bar.symbol, State{{},
                                            {},
                                            features::RollingWindow<false>(p_.volume_period),
                                            Direction::flat,
                                            std::nullopt})
                 .first;
    State& s = it->second;
    const auto ohlcv = features::to_ohlcv(bar);
    const size_t keep = size_t(std::max(p_.period, p_.exit_period));
    const bool ready = s.highs.size() >= keep && s.volume.full();
    // Channels over the previous bars (this bar excluded: a breakout is measured against
    // what came before it).
    double entry_high = 0, entry_low = 0, exit_high = 0, exit_low = 0, avg_volume = 0;
    if (ready) {
        auto range = [&](size_t n, double& hi, double& lo) {
            hi = *std::max_element(s.highs.end() - long(n), s.highs.end());
            lo = *std::min_element(s.lows.end() - long(n), s.lows.end());
        };
        range(size_t(p_.period), entry_high, entry_low);
        range(size_t(p_.exit_period), exit_high, exit_low);
        avg_volume = s.volume.mean();
    }
    s.highs.push_back(ohlcv.high);
    s.lows.push_back(ohlcv.low);
    if (s.highs.size() > keep) {
        s.highs.pop_front();
        s.lows.pop_front();
    }
    s.volume.push(ohlcv.volume);
    if (!ready) return;
    const bool volume_ok = ohlcv.volume > p_.volume_mult * avg_volume;
    const double close = ohlcv.close;
    switch (s.holding) {
        case Direction::flat:
            if (close > entry_high && volume_ok) {
                s.holding = Direction::long_;
                s.stop = stop_at(close, close * p_.stop_pct, Direction::long_);
                return emit(ctx, bar.symbol, s.holding, s.stop, "breakout_long_entry");
            }
            if (p_.allow_short && close < entry_low && volume_ok) {
                s.holding = Direction::short_;
                s.stop = stop_at(close, close * p_.stop_pct, Direction::short_);
                return emit(ctx, bar.symbol, s.holding, s.stop, "breakout_short_entry");
            }
            break;
        case Direction::long_:
            if (close < exit_low) {
                s.holding = Direction::flat;
                s.stop.reset();
                return emit(ctx, bar.symbol, s.holding, s.stop, "breakout_long_exit");
            }
            break;
        case Direction::short_:
            if (close > exit_high) {
                s.holding = Direction::flat;
                s.stop.reset();
                return emit(ctx, bar.symbol, s.holding, s.stop, "breakout_short_exit");
            }
            break;
    }
    if (p_.trail && s.holding != Direction::flat)
        tighten(s.stop, stop_at(close, close * p_.stop_pct, s.holding), s.holding);
    emit(ctx, bar.symbol, s.holding, s.stop, "breakout_hold");
}

}  // namespace robo::strategy
