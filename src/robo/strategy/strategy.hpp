// strategy/strategy.hpp — the interface every trading strategy implements (version 2).
//
// A strategy sees market data (bars, quotes, trades), feature updates, the events and
// fills of its own orders and its timers, through one Context that lives as long as the
// session. It acts in either of two ways, or both:
//   signals  the direction it wants for a symbol (long, flat, short), how strongly and
//            where its risk ends; the manager combines them and the trader sizes them;
//   orders   market, limit, stop and stop-limit orders with a time in force, brackets
//            (stop-loss and take-profit, one cancels the other), cancel and modify.
// Every order passes the same risk gate either way. Context has no notion of the mode:
// now() is the engine's clock (data time in a backtest, the wall clock live), so a
// strategy cannot tell a backtest from a live session.
// Ownership: everything handed to a strategy by value or as an owned string may be kept;
// a FeatureUpdate's values (views) are valid only during the call.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "robo/core/market_data.hpp"
#include "robo/core/order.hpp"
#include "robo/strategy/orders.hpp"

namespace robo::strategy {

enum class Direction : int8_t { short_ = -1, flat = 0, long_ = 1 };
std::string_view to_string(Direction d) noexcept;

struct Signal {
    Symbol symbol;
    Direction direction = Direction::flat;
    double strength = 1.0;      // 0..1, for weighted combination
    std::optional<Price> stop;  // protective stop for a long or short entry
    std::string reason;         // why, for the audit trail ("sma_fast_above_slow")
};

using TimerId = uint64_t;

// The latest values of one symbol's features on one timeframe, by name ("rsi_14"); the
// names and values are views, valid only during on_features (copy what you keep).
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
    // The account: its signed position in a symbol (0 when flat), cash and equity.
    virtual Quantity position(Symbol symbol) const = 0;
    virtual Money cash() const = 0;
    virtual Money equity() const = 0;
    // What this strategy's own orders (submit) have filled in a symbol, signed.
    virtual Quantity own_position(Symbol symbol) const = 0;

    // Records what the strategy wants for a symbol; the latest signal per symbol counts.
    virtual void signal(const Signal& s) = 0;
    // Calls on_timer(id) once, `after` from now on the engine's clock.
    virtual TimerId schedule(Duration after) = 0;

    // Places an order; its id, or 0 when there is no session to place it in. A refusal
    // (a bad request, the sizer, the gate, the broker) never throws: it arrives as a
    // `rejected` OrderEvent with the reason, after the current callback returns.
    virtual OrderId submit(const OrderRequest& request) = 0;
    // Asks to cancel one of its working orders (a bracket's entry id: every part of it
    // still working); false when it has no such working order.
    virtual bool cancel(OrderId id) = 0;
    // Asks to change a working order; the answer is a `modified` or `modify_rejected`
    // event. False when it has no such working order.
    virtual bool modify(OrderId id, const OrderChange& change) = 0;

    // The last `n` closed bars (fewer when fewer were seen, at most the session's history
    // length) of a symbol on a timeframe, with their feature values; without a timeframe,
    // the strategy's own (its timeframe, else the symbol's first).
    virtual History history(Symbol symbol, size_t n, std::optional<Timeframe> timeframe = {}) const = 0;

    // Shorthands for submit().
    OrderId buy(Symbol symbol, std::optional<Quantity> quantity = {}) {
        return submit({.symbol = symbol, .side = Side::buy, .quantity = quantity});
    }
    OrderId sell(Symbol symbol, std::optional<Quantity> quantity = {}) {
        return submit({.symbol = symbol, .side = Side::sell, .quantity = quantity});
    }
};

class Strategy {
public:
    virtual ~Strategy() = default;
    virtual std::string_view name() const noexcept = 0;
    // Bars of its own timeframe the strategy needs before its first sound decision (its
    // indicators' lookback, and for exponential ones enough for them to converge). A
    // session with --from loads that much earlier data to warm it up, never traded.
    virtual int warmup_bars() const noexcept { return 0; }
    // Bars per symbol and timeframe Context::history must keep for this strategy: nullopt
    // (the default) is the session's EngineConfig::history_bars, 0 says it never asks. The
    // session keeps the most any of its strategies needs, and nothing when none asks:
    // copying every bar and its features into the history is a tenth of a backtest's time.
    virtual std::optional<size_t> history_bars() const noexcept { return std::nullopt; }
    // Whether the strategy reads the session's features (on_features). A session computes
    // its feature set only when a strategy reads it, Context::history keeps bars (they carry
    // their features) or a recording keeps them: on a daily backtest the indicators are a
    // quarter of the engine's time. The default says yes; the built-in rules, which keep
    // their own state, say no.
    virtual bool reads_features() const noexcept { return true; }
    virtual void on_start(Context&) {}
    virtual void on_bar(Context&, const Bar&) {}
    virtual void on_quote(Context&, const Quote&) {}
    virtual void on_trade(Context&, const Tick&) {}
    virtual void on_features(Context&, const FeatureUpdate&) {}
    // Events of this strategy's own orders (submit) only.
    virtual void on_order(Context&, const OrderEvent&) {}
    // Fills of its own orders, and of the manager's orders for wishes it decided (every
    // strategy that agreed with the deciding wish; a protective stop counts as its entry's).
    virtual void on_fill(Context&, const Fill&) {}
    virtual void on_timer(Context&, TimerId) {}
    virtual void on_stop(Context&) {}
};

}  // namespace robo::strategy
