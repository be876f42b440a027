// python/src/py_strategy.hpp — a Python object as a strategy::Strategy in the engine.
//
// The adapter holds a strong reference to the Python strategy (an rt.Strategy subclass), so
// the object lives as long as the session that calls it, whatever Python does with its own
// references. The callbacks the class overrides are looked up once, at construction; one it
// leaves alone costs nothing (no GIL taken). Each call takes the GIL for its duration only:
// the engine runs with it released.
//
// A Python exception in a callback stops the session: the adapter records the strategy's
// name, the callback and the traceback in the session's audit trail, keeps the exception for
// the caller to re-raise, and throws a std::runtime_error the engine turns into state
// `error`. A KeyboardInterrupt (Ctrl-C) stops the session gracefully instead.
//
// Context: one Python `Context` per strategy for the whole session; it points at the
// engine's context only during a callback (using a kept one later is a RuntimeError).
// ctx.history() reads a bounded per-symbol ring of the bars this strategy has seen, kept
// here because the engine's Context has no history yet (strategy API v2 brings one).
#pragma once
#include <pybind11/pybind11.h>

#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "robo/log/audit_sink.hpp"
#include "robo/strategy/strategy.hpp"

namespace robo::engine {
class Engine;
}

namespace robo::python {

// What every Python strategy of one session shares: the facts a Context answers beyond the
// engine's own, where failures go, and the first failure for the caller.
struct SessionHooks {
    std::unordered_set<Symbol> symbols;  // the symbols with data: others are refused
    log::AuditSink* audit = nullptr;     // the session's audit trail
    engine::Engine* engine = nullptr;    // stopped on Ctrl-C
    std::string failure;                 // the first failure, with the traceback
    pybind11::object exception;          // the Python exception behind it
    bool interrupted = false;            // Ctrl-C seen

    // Ctrl-C (or another Python signal handler's exception) while the engine runs: stop it.
    void interrupt(pybind11::error_already_set& e);
};

class PythonStrategy;

// The `ctx` argument of every callback.
struct PyContext {
    strategy::Context* ctx = nullptr;  // set only during a callback
    PythonStrategy* owner = nullptr;
    strategy::Context& live(const char* what) const;
};

// A symbol the session has data for; any other is a ValueError naming `where` (nothing could
// fill an order for it).
Symbol traded_symbol(const PyContext& c, const std::string& text, const char* where);

// The event a strategy's on_order receives (a copy).
struct PyOrderEvent {
    strategy::OrderEvent event;
};

class PythonStrategy final : public strategy::Strategy {
public:
    // Throws TypeError when `object` is not an rt.Strategy, ValueError for a bad attribute.
    PythonStrategy(pybind11::object object, std::shared_ptr<SessionHooks> hooks);
    ~PythonStrategy() override;

    std::string_view name() const noexcept override { return name_; }
    int warmup_bars() const noexcept override { return warmup_; }
    // ctx.history reads this strategy's own ring (history_bars_), not the session's.
    std::optional<size_t> history_bars() const noexcept override { return 0; }
    // A Python strategy is not handed the feature set (no on_features callback).
    bool reads_features() const noexcept override { return false; }
    void on_start(strategy::Context& ctx) override;
    void on_bar(strategy::Context& ctx, const Bar& bar) override;
    void on_fill(strategy::Context& ctx, const Fill& fill) override;
    void on_order(strategy::Context& ctx, const strategy::OrderEvent& event) override;
    void on_timer(strategy::Context& ctx, strategy::TimerId id) override;
    void on_stop(strategy::Context& ctx) override;

    SessionHooks& hooks() { return *hooks_; }
    // The last `n` bars of `symbol` this strategy saw (oldest first), at most history_bars.
    std::vector<Bar> history(Symbol symbol, size_t n) const;
    std::optional<Timeframe> seen_timeframe() const noexcept { return seen_timeframe_; }

private:
    // With the GIL held: fn(ctx, args...); a Python exception goes to fail().
    template <class... Args>
    void call(const pybind11::object& fn, const char* callback, strategy::Context& ctx, Args&&... args);
    void fail(pybind11::error_already_set& e, const char* callback);
    void remember(const Bar& bar);

    pybind11::object object_;
    std::shared_ptr<SessionHooks> hooks_;
    std::string name_;
    int warmup_ = 0;
    size_t history_bars_ = 0;
    pybind11::object ctx_object_;  // the Python Context (owns a PyContext)
    PyContext* ctx_ = nullptr;
    pybind11::object on_start_, on_bar_, on_fill_, on_order_, on_timer_, on_stop_;  // none: not overridden
    std::unordered_map<Symbol, std::deque<Bar>> history_;
    std::optional<Timeframe> seen_timeframe_;
};

void bind_strategy(pybind11::module_& m);
// ctx.buy, ctx.sell, ctx.cancel, ctx.modify and OrderEvent (py_orders.cpp).
void bind_orders(pybind11::class_<PyContext>& ctx, pybind11::module_& m);

}  // namespace robo::python
