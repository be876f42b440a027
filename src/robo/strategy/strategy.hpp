// strategy/strategy.hpp — the interface every trading strategy implements.
//
// A strategy sees market data (bars, quotes, trades), feature updates, its fills and
// its timers, and answers with signals: the direction it wants for a symbol (long, flat,
// short), how strongly, and where its risk ends (a protective stop). It never places an
// order: the strategy manager combines signals, and sizing and the risk gate stand
// between every signal and every order.
// Everything a strategy can ask goes through Context, which has no notion of the mode:
// now() is the engine's clock (data time in a backtest, the wall clock live), so a
// strategy cannot tell a backtest from a live session.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "robo/core/market_data.hpp"
#include "robo/core/order.hpp"

namespace robo::strategy {

enum class Direction : int8_t { short_ = -1, flat = 0, long_ = 1 };
std::string_view to_string(Direction d) noexcept;

struct Signal {
    Symbol symbol;
    Direction direction = Direction::flat;
    double strength = 1.0;      // 0..1, for weighted combination
    std::optional<Price> stop;  // protective stop for a long or short entry
    std::string_view reason;    // a static description ("sma_cross_up")
};

using TimerId = uint64_t;

// The latest values of one symbol's features on one timeframe, by name ("rsi_14").
struct FeatureUpdate {
    Symbol symbol;
    Timeframe timeframe = Timeframe::day;
    Timestamp time;
    std::span<const std::pair<std::string_view, double>> values;
    bool derived = false;  // computed on bars the engine built from finer data bars

    std::optional<double> get(std::string_view name) const {
        for (const auto& [k, v] : values)
            if (k == name) return v;
        return std::nullopt;
    }
};

class Context {
public:
    virtual ~Context() = default;
    virtual Timestamp now() const = 0;
    // Current signed position (0 when flat) and account equity.
    virtual Quantity position(Symbol symbol) const = 0;
    virtual Money equity() const = 0;
    // Records what the strategy wants for a symbol; the latest signal per symbol counts.
    virtual void signal(const Signal& s) = 0;
    // Calls on_timer(id) once, `after` from now on the engine's clock.
    virtual TimerId schedule(Duration after) = 0;
};

class Strategy {
public:
    virtual ~Strategy() = default;
    virtual std::string_view name() const noexcept = 0;
    // Bars of its own timeframe the strategy needs before its first sound decision (its
    // indicators' lookback, and for exponential ones enough for them to converge). A
    // session with --from loads that much earlier data to warm it up, never traded.
    virtual int warmup_bars() const noexcept { return 0; }
    virtual void on_start(Context&) {}
    virtual void on_bar(Context&, const Bar&) {}
    virtual void on_quote(Context&, const Quote&) {}
    virtual void on_trade(Context&, const Tick&) {}
    virtual void on_features(Context&, const FeatureUpdate&) {}
    virtual void on_fill(Context&, const Fill&) {}
    virtual void on_timer(Context&, TimerId) {}
    virtual void on_stop(Context&) {}
};

}  // namespace robo::strategy
