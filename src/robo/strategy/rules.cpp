#include "robo/strategy/rules.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "robo/features/input.hpp"

namespace robo::strategy {

namespace {
// A rule between parameters that their bounds cannot express.
void constrain(bool ok, const char* strategy, const std::string& what) {
    if (!ok) throw ConstraintError(std::string(strategy) + ": " + what);
}

// The RSI thresholds' bounds are inclusive; the strict inequalities are a constraint.
constexpr const char* rsi_thresholds = "need 0 < oversold < 50 < overbought < 100";
bool strictly_inside(double oversold, double overbought) {
    return oversold > 0 && oversold < 50 && overbought > 50 && overbought < 100;
}

// Parameters several rules share, declared once (before the registrations that copy them).
const ParamSpec allow_short_param{"short", ParamType::flag, 0, 0, 1, "Also enter shorts (the mirror rules)"};
const ParamSpec trail_param{
    "trail", ParamType::flag, 0, 0, 1, "Tighten the stop on every bar held (trailing stop)"};
const ParamSpec volume_period_param{
    "volume_period", ParamType::integer, 20, 1, 1000, "Bars of the average volume compared with"};
const ParamSpec volume_mult_param{
    "volume_mult", ParamType::number, 1.5, 0, 100, "Volume above this times its average is a surge"};

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

namespace {
const Registration momentum_registration{{
    .name = "momentum",
    .description = "Long on a positive MACD histogram with RSI above 50 and a volume surge; ATR stop",
    .params =
        {
            {"rsi", ParamType::integer, 14, 2, 1000, "RSI period (bars)"},
            {"oversold", ParamType::number, 30, 0, 50,
             "Shorts enter only above this RSI and exit at or below it"},
            {"overbought", ParamType::number, 70, 50, 100,
             "Longs enter only below this RSI and exit at or above it"},
            {"macd_fast", ParamType::integer, 12, 2, 1000, "MACD fast EMA period (bars), below macd_slow"},
            {"macd_slow", ParamType::integer, 26, 2, 1000, "MACD slow EMA period (bars)"},
            {"macd_signal", ParamType::integer, 9, 1, 1000, "MACD signal EMA period (bars)"},
            volume_period_param,
            volume_mult_param,
            {"atr", ParamType::integer, 14, 1, 1000, "ATR period (bars)"},
            {"atr_stop", ParamType::number, 2.0, 0.01, 100, "Protective stop distance in ATRs"},
            allow_short_param,
            trail_param,
        },
    .make = [](const ParamValues& v) { return std::make_unique<Momentum>(MomentumParams::from(v)); },
}};
}  // namespace

MomentumParams MomentumParams::defaults() { return from(registered_values("momentum")); }
MomentumParams MomentumParams::from(const ParamValues& v) {
    return {int(v.at("rsi")),           v.at("oversold"),       v.at("overbought"),
            int(v.at("macd_fast")),     int(v.at("macd_slow")), int(v.at("macd_signal")),
            int(v.at("volume_period")), v.at("volume_mult"),    int(v.at("atr")),
            v.at("atr_stop"),           v.at("short") != 0,     v.at("trail") != 0};
}
ParamValues MomentumParams::values() const {
    return {{"rsi", rsi},
            {"oversold", oversold},
            {"overbought", overbought},
            {"macd_fast", macd_fast},
            {"macd_slow", macd_slow},
            {"macd_signal", macd_signal},
            {"volume_period", volume_period},
            {"volume_mult", volume_mult},
            {"atr", atr},
            {"atr_stop", atr_stop},
            {"short", allow_short ? 1 : 0},
            {"trail", trail ? 1 : 0}};
}

Momentum::Momentum(MomentumParams p) : p_(p) {
    registered_values("momentum", p_.values());
    constrain(strictly_inside(p_.oversold, p_.overbought), "momentum", rsi_thresholds);
    constrain(p_.macd_fast < p_.macd_slow, "momentum",
              "need macd_fast < macd_slow, found " + std::to_string(p_.macd_fast) + " and " +
                  std::to_string(p_.macd_slow));
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

namespace {
const Registration mean_reversion_registration{{
    .name = "mean_reversion",
    .description = "Long below the lower Bollinger band (or z-score) with RSI oversold; out at the middle",
    .params =
        {
            {"period", ParamType::integer, 20, 2, 1000, "Bollinger band and z-score window (bars)"},
            {"k", ParamType::number, 2.0, 0.01, 10, "Bollinger band width in standard deviations"},
            {"rsi", ParamType::integer, 14, 2, 1000, "RSI period (bars)"},
            {"oversold", ParamType::number, 25, 0, 50, "RSI below which a long is entered"},
            {"overbought", ParamType::number, 75, 50, 100, "RSI above which a short is entered"},
            {"z_entry", ParamType::number, 2.0, 0.01, 10, "Z-score distance that enters"},
            allow_short_param,
        },
    .make =
        [](const ParamValues& v) { return std::make_unique<MeanReversion>(MeanReversionParams::from(v)); },
}};
}  // namespace

MeanReversionParams MeanReversionParams::defaults() { return from(registered_values("mean_reversion")); }
MeanReversionParams MeanReversionParams::from(const ParamValues& v) {
    return {int(v.at("period")), v.at("k"),       int(v.at("rsi")),  v.at("oversold"),
            v.at("overbought"),  v.at("z_entry"), v.at("short") != 0};
}
ParamValues MeanReversionParams::values() const {
    return {{"period", period},
            {"k", k},
            {"rsi", rsi},
            {"oversold", oversold},
            {"overbought", overbought},
            {"z_entry", z_entry},
            {"short", allow_short ? 1 : 0}};
}

MeanReversion::MeanReversion(MeanReversionParams p) : p_(p) {
    registered_values("mean_reversion", p_.values());
    constrain(strictly_inside(p_.oversold, p_.overbought), "mean_reversion", rsi_thresholds);
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

namespace {
const Registration breakout_registration{{
    .name = "breakout",
    .description = "Long above the previous bars' highest high on a volume surge; out below the exit low",
    .params =
        {
            {"period", ParamType::integer, 20, 2, 1000, "Entry channel: bars of the highest high"},
            {"exit_period", ParamType::integer, 10, 1, 1000, "Exit channel: bars of the lowest low"},
            volume_period_param,
            volume_mult_param,
            {"stop_pct", ParamType::number, 0.03, 0.0001, 0.99,
             "Protective stop distance, fraction of entry"},
            allow_short_param,
            trail_param,
        },
    .make = [](const ParamValues& v) { return std::make_unique<Breakout>(BreakoutParams::from(v)); },
}};
}  // namespace

BreakoutParams BreakoutParams::defaults() { return from(registered_values("breakout")); }
BreakoutParams BreakoutParams::from(const ParamValues& v) {
    return {int(v.at("period")), int(v.at("exit_period")), int(v.at("volume_period")), v.at("volume_mult"),
            v.at("stop_pct"),    v.at("short") != 0,       v.at("trail") != 0};
}
ParamValues BreakoutParams::values() const {
    return {{"period", period},           {"exit_period", exit_period}, {"volume_period", volume_period},
            {"volume_mult", volume_mult}, {"stop_pct", stop_pct},       {"short", allow_short ? 1 : 0},
            {"trail", trail ? 1 : 0}};
}

Breakout::Breakout(BreakoutParams p) : p_(p) { registered_values("breakout", p_.values()); }

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
