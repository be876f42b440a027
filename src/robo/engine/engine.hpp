// engine/engine.hpp — the event loop: one kernel for backtest, replay, paper and live.
//
// Runs on a Boost.Asio io_context on one thread. Market data is handled a time slice at a
// time (every event stamped with the same time, in symbol order whatever order the files
// or the feed gave), in a fixed order, so the same inputs always give the same decisions:
//   1. the data clock moves to the data's time (now() reads it, or the clock the session
//      injected: the wall clock of a session at a broker, EngineConfig::clock);
//   2. strategy timers due by then fire, in due-time then creation order;
//   3. for every event of the slice: the broker sees the data first and fills working
//      orders on it (data no strategy has seen yet); its events (acks, fills, cancels,
//      modifications) reach the order manager, the ledger, the gate, the trader and then
//      the strategies (on_fill); the ledger and the gate mark the symbol at the new price;
//   4. only then, for every event of the slice: the feature hook, then the strategies
//      (on_bar / on_quote / on_trade, on_features), so none acts on a half-marked ledger;
//   5. the manager's changed wishes go through sizing and the gate to orders, in symbol
//      order, all against the same equity (the whole slice marked);
//   6. one point on the equity curve.
// The loop works in batches and yields between them, so signals, the health timer and
// the progress timer run even in an as-fast-as-possible backtest. In replay with a
// speed, the next event waits on a steady timer until its scaled time comes.
// States: initializing -> ready -> running <-> paused -> stopping -> stopped (or error).
// Shutdown (end of data, stop(), SIGINT or SIGTERM): stop acting on signals, cancel or
// keep working orders as configured, record the final equity point, log the summary.
// A live feed (IBKR) may be empty for a while: the engine then idles on its io_context
// (no spinning; health, progress, signals and broker events still run) until the feed or
// the broker wakes it, and ends when the feed says it has ended, on stop() or a signal.
// On the wall clock (paper, live) a strategy timer fires when it falls due, with or
// without data; on data time (backtest, replay) it fires with the first data at or after it.
// Backfill events warm the strategies up but never reach the broker or the trader.
// A broker that reports the account's positions (IBKR, after connecting and after every
// reconnect) has them reconciled with the ledger on the spot (position_check.hpp): a
// difference is asked about again after position_recheck, and a confirmed break trips the
// kill switch and is audited.
// A second SIGINT/SIGTERM during shutdown forces the exit (status 130). SIGUSR1 logs a
// health snapshot on request; one is also logged every health_interval.
// Never blocks the loop on I/O; never allocates per event on the hot path beyond the
// broker's and ledger's own bookkeeping.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "robo/core/symbol_map.hpp"
#include "robo/engine/clock.hpp"
#include "robo/engine/feed.hpp"
#include "robo/engine/observer.hpp"
#include "robo/engine/position_check.hpp"
#include "robo/engine/pre_trade.hpp"
#include "robo/engine/strategy_orders.hpp"
#include "robo/engine/trader.hpp"
#include "robo/exec/broker.hpp"
#include "robo/exec/order_manager.hpp"
#include "robo/exec/portfolio.hpp"
#include "robo/strategy/manager.hpp"

namespace robo::engine {

struct EngineConfig {
    Mode mode = Mode::backtest;
    // Replay pacing: data seconds per wall second (60 = a minute of data per second);
    // 0 = as fast as possible. Ignored in backtest (always as fast as possible).
    double speed = 0;
    bool cancel_working_on_stop = true;
    std::chrono::milliseconds health_interval{5000};
    std::chrono::milliseconds progress_interval{1000};
    size_t batch = 4096;         // events per loop turn before yielding
    bool handle_signals = true;  // install SIGINT/SIGTERM/SIGUSR1 handlers
    // How long shutdown waits for the broker to confirm cancels of working orders.
    std::chrono::milliseconds stop_timeout{5000};
    // A broker's positions that differ from the ledger are asked for again after this
    // long; the same difference twice (or after position_rechecks asks) is a break.
    std::chrono::milliseconds position_recheck{2000};
    int position_rechecks = 5;
    // The session's data clock, injected by whoever assembles the session (a simulated
    // session through a broker: the clock of the broker's data, which the engine advances
    // to each event's broker-stamped time). Null: a data clock of the engine's own.
    SimulatedClock* data_clock = nullptr;
    // What now() reads (the strategies, the gate, the audit records), injected by whoever
    // assembles the session (session/policy.hpp's clock row); the engine never picks one from
    // its mode. Null: the data clock. Any other clock (the wall clock of a session at a broker)
    // runs on its own, so the engine arms the strategies' timers on it.
    const Clock* clock = nullptr;
};

struct Progress {
    uint64_t events = 0;
    long remaining = -1;
    Timestamp data_time;
    Money equity;
    double elapsed_seconds = 0;
};

struct RunSummary {
    EngineState final_state = EngineState::initializing;
    StopCause stop_cause = StopCause::none;
    std::string stop_reason;  // "end of data", "signal SIGINT", "error: ..."
    uint64_t events = 0, bars = 0, quotes = 0, trades = 0;
    uint64_t fills = 0, order_errors = 0;
    size_t working_at_stop = 0;
    Money equity;
    double wall_seconds = 0;
    nlohmann::json to_json() const;
};

// Called between the broker and the strategies for each bar: the feature engine's
// seat. It may pass FeatureUpdates to the strategies through the manager. `derived`: the
// bar was built by the engine from finer data bars (derived_bars.hpp).
using BarHook = std::function<void(const Bar&, strategy::Manager&, bool derived)>;

class DerivedBars;

// A cash dividend to book on its ex-date (DATA_DIVIDENDS=cash), found in the data's Adj Close.
struct DividendEvent {
    Symbol symbol;
    Timestamp ex_date;  // the start of the ex-date's bar
    Price amount;       // cash per share
};

// The strategies' host (strategy::Host): each strategy's Context reaches the clock, the
// account, timers and its own orders (StrategyOrders) through it. Events of a strategy's
// own orders go to it alone (on_order), after the strategy's current callback; a fill goes
// to the strategy whose order it is, or to the strategies that decided the trader's wish
// (Trader::owners). Orders placed on backfill (warm-up) or after the session began to stop
// are refused with that reason.
class Engine final : private strategy::Host {
public:
    Engine(EngineConfig config, Feed& feed, exec::Broker& broker, exec::OrderManager& orders,
           exec::Portfolio& portfolio, strategy::Manager& strategies, Trader& trader, PreTradeGate& gate);
    ~Engine() override;

    void set_bar_hook(BarHook hook) { bar_hook_ = std::move(hook); }
    // Bars on timeframes the data lacks, built from its finer bars; they reach the sizer,
    // the bar hook and the strategies (never the broker or the ledger, which already saw
    // the data they are made of). Valid while the engine runs.
    void set_derived_bars(DerivedBars* derived) { derived_ = derived; }
    void set_progress(std::function<void(const Progress&)> cb) { on_progress_ = std::move(cb); }
    void set_observer(EngineObserver* observer) { observer_ = observer; }
    // Where the feed's notices (Feed::take_notices) are recorded; none: only counted away.
    void set_audit(log::AuditSink* audit) { audit_ = audit; }
    // Cash dividends to book (DATA_DIVIDENDS=cash): at the symbol's first bar at or after the
    // ex-date, before the broker fills anything on that bar and before any strategy sees it, the
    // position held (the one held at the previous close) receives quantity x amount in cash, a
    // short pays it; each booking is audited as "dividend". Also tells the ledger that dividends
    // are booked (reports show their total).
    void set_dividends(std::vector<DividendEvent> dividends);
    // Runs fn on the engine's thread (operator actions from other threads).
    void post(std::function<void()> fn);

    // Runs to the end of the data or until stopped; returns the summary.
    RunSummary run();

    // Thread-safe requests (posted to the loop): stop gracefully, pause, resume.
    void stop(std::string reason);
    void pause();
    void resume();
    // Operator's flatten (thread-safe, posted to the loop): cancels working orders and
    // closes every position with market orders through the trader and the gate.
    void flatten(std::string reason);
    // Thread-safe (posted): the gate adopts what another process wrote to the persisted kill
    // switch. A trip cancels working orders at once; either change reaches the observer.
    void sync_kill_switch();

    EngineState state() const noexcept { return state_; }
    HealthSnapshot health() const;
    const RunSummary& summary() const noexcept { return summary_; }
    // The reconciliation with the broker's positions (its baseline: held before the session).
    const PositionCheck& position_check() const noexcept { return position_check_; }
    const StrategyOrders& strategy_orders() const noexcept { return strategy_orders_; }

private:
    struct Loop;  // the Asio objects

    // strategy::Host
    Timestamp now() const override;
    Quantity position(Symbol s) const override { return portfolio_.quantity(s); }
    Money cash() const override { return portfolio_.cash(); }
    Money equity() const override { return portfolio_.equity(); }
    Quantity own_position(strategy::StrategyId who, Symbol s) const override {
        return strategy_orders_.own_position(who, s);
    }
    strategy::TimerId schedule(strategy::StrategyId who, Duration after) override;
    strategy::OrderId submit(strategy::StrategyId who, const strategy::OrderRequest& request) override;
    bool cancel(strategy::StrategyId who, strategy::OrderId id) override;
    bool modify(strategy::StrategyId who, strategy::OrderId id, const strategy::OrderChange& change) override;
    void deliver_order_notices();  // StrategyOrders' events to their strategies

    void pump();
    void wake();                             // any thread: data or broker events arrived
    void on_wake();                          // engine thread
    void take_slice();                       // every event of the next timestamp, in symbol order
    void process_slice();                    // steps 1-6 above for one slice
    void apply_data(const MarketEvent& ev);  // broker, ledger and gate
    void deliver(const MarketEvent& ev);     // the feature hook and the strategies
    void deliver_bar(const Bar& bar, bool derived);
    void fire_timers();
    void arm_strategy_timer();  // wall clock: wake for the next strategy timer
    void drain_broker();
    void handle_broker_event(const exec::BrokerEvent& ev);
    void check_positions(const exec::BrokerEvent& ev);
    void after_trip();  // the kill switch may have tripped: cancel working orders, tell observers
    void review_wishes();
    void finish(StopCause cause, std::string reason);  // begins the shutdown
    void fail(const std::exception& e);                // an error on the loop: state error, stop at once
    void await_cancels();
    void complete_stop();
    void set_state(EngineState s);
    void on_signal(int signo);
    void arm_health();
    void arm_progress();
    void check_broker_connection();
    void take_feed_notices();  // the feed's notices onto the audit trail
    Price last_price(Symbol s) const;

    EngineConfig config_;
    Feed& feed_;
    exec::Broker& broker_;
    exec::OrderManager& orders_;
    exec::Portfolio& portfolio_;
    strategy::Manager& strategies_;
    Trader& trader_;
    PreTradeGate& gate_;
    StrategyOrders strategy_orders_;
    SimulatedClock sim_clock_;
    SimulatedClock* data_clock_;  // config.data_clock or sim_clock_
    const Clock* clock_;          // config.clock or data_clock_
    bool clock_runs_on_its_own_;  // not the data clock: timers are armed on it
    BarHook bar_hook_;
    DerivedBars* derived_ = nullptr;
    std::vector<Bar> derived_out_;
    std::function<void(const Progress&)> on_progress_;
    EngineObserver* observer_ = nullptr;
    log::AuditSink* audit_ = nullptr;
    std::unique_ptr<Loop> loop_;

    EngineState state_ = EngineState::initializing;
    bool stop_requested_ = false;
    bool idle_ = false;         // waiting for a live feed
    bool in_backfill_ = false;  // the last event was backfill: nothing is traded yet
    std::atomic<bool> wake_posted_{false};
    StopCause stop_cause_ = StopCause::none;
    std::string stop_reason_;
    int signals_seen_ = 0;
    RunSummary summary_;
    Timestamp label_time_{};  // the data time the equity point is labelled with
    std::vector<exec::BrokerEvent> broker_events_;
    std::vector<MarketEvent> slice_;  // the events of one timestamp
    std::vector<Symbol> review_;
    struct SymbolSeen {
        Price price;
        Timestamp time;
    };
    SymbolMap<SymbolSeen> seen_;
    struct SymbolDividends {
        std::vector<DividendEvent> events;  // by ex-date
        size_t next = 0;                    // the first not yet reached
    };
    std::unordered_map<Symbol, SymbolDividends> dividends_;
    void book_dividends(const Bar& bar);
    struct Timer {
        Timestamp due;
        strategy::TimerId id;
        bool operator>(const Timer& o) const { return due != o.due ? due > o.due : id > o.id; }
    };
    std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
    strategy::TimerId next_timer_ = 1;
    PositionCheck position_check_;
    std::string last_positions_ = "not reported";
    double last_lag_ms_ = 0;
    exec::BrokerConnection broker_connection_ = exec::BrokerConnection::connected;
    std::chrono::steady_clock::time_point started_{};
};

}  // namespace robo::engine
