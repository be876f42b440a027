#include "robo/engine/engine.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <cstdlib>
#include <optional>

#include "robo/data/feed_notice.hpp"
#include "robo/engine/derived_bars.hpp"
#include "robo/log/log.hpp"

namespace robo::engine {

namespace asio = boost::asio;
using steady = std::chrono::steady_clock;

std::string_view to_string(Mode m) noexcept {
    switch (m) {
        case Mode::backtest:
            return "backtest";
        case Mode::replay:
            return "replay";
        case Mode::paper:
            return "paper";
        case Mode::live:
            return "live";
    }
    return "?";
}

std::string_view to_string(StopCause c) noexcept {
    switch (c) {
        case StopCause::none:
            return "none";
        case StopCause::end_of_data:
            return "end_of_data";
        case StopCause::requested:
            return "requested";
        case StopCause::signal:
            return "signal";
        case StopCause::error:
            return "error";
    }
    return "?";
}

std::string_view to_string(EngineState s) noexcept {
    switch (s) {
        case EngineState::initializing:
            return "initializing";
        case EngineState::ready:
            return "ready";
        case EngineState::running:
            return "running";
        case EngineState::paused:
            return "paused";
        case EngineState::stopping:
            return "stopping";
        case EngineState::stopped:
            return "stopped";
        case EngineState::error:
            return "error";
    }
    return "?";
}

bool parse_mode(std::string_view text, Mode& out) noexcept {
    for (Mode m : {Mode::backtest, Mode::replay, Mode::paper, Mode::live})
        if (to_string(m) == text) {
            out = m;
            return true;
        }
    return false;
}

namespace {
double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }
}  // namespace

nlohmann::json HealthSnapshot::to_json() const {
    nlohmann::json stale = nlohmann::json::array();
    for (auto& [sym, age] : stalest) stale.push_back({{"symbol", sym.view()}, {"seconds", seconds(age)}});
    nlohmann::json parked_symbols = nlohmann::json::array();
    for (Symbol s : parked) parked_symbols.push_back(s.view());
    return {{"state", to_string(state)},
            {"mode", to_string(mode)},
            {"clock", format_iso_micros(clock)},
            {"loop_lag_ms", loop_lag_ms},
            {"queue_feed", feed_remaining},
            {"queue_broker_events", broker_events_pending},
            {"working_orders", working_orders},
            {"timers_pending", timers_pending},
            {"events", events},
            {"events_per_second", events_per_second},
            {"max_staleness_seconds", seconds(max_staleness)},
            {"stalest", stale},
            {"broker", broker},
            {"kill_switch", kill_switch},
            {"positions", positions},
            {"orders_held_back", orders_held},
            {"parked", parked_symbols},
            {"feed", feed.text},
            {"feed_undecodable", feed.undecodable},
            {"feed_backfill_retries", feed.backfill_retries},
            {"feed_backfill_failures", feed.backfill_failures}};
}

nlohmann::json RunSummary::to_json() const {
    return {{"state", to_string(final_state)},
            {"stop_cause", to_string(stop_cause)},
            {"stop_reason", stop_reason},
            {"events", events},
            {"bars", bars},
            {"quotes", quotes},
            {"trades", trades},
            {"fills", fills},
            {"order_errors", order_errors},
            {"working_at_stop", working_at_stop},
            {"equity", equity.to_string(2)},
            {"wall_seconds", wall_seconds}};
}

struct Engine::Loop {
    asio::io_context io{1};
    asio::signal_set signals{io};
    asio::steady_timer pace{io};
    asio::steady_timer health{io};
    asio::steady_timer progress{io};
    // On the wall clock, the next strategy timer: it fires when due even while no data arrives.
    asio::steady_timer strategy_timer{io};
    asio::steady_timer position_recheck{io};
    steady::time_point health_due{};
    // Replay pacing anchors: wall time and data time that correspond.
    steady::time_point wall_anchor{};
    Timestamp data_anchor{};
    bool anchored = false;
    steady::time_point stop_deadline{};
    // Keeps run() going while nothing is queued (paused, or waiting for live data).
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
};

Engine::Engine(EngineConfig config, Feed& feed, exec::Broker& broker, exec::OrderManager& orders,
               exec::Portfolio& portfolio, strategy::Manager& strategies, Trader& trader, PreTradeGate& gate)
    : config_(config),
      feed_(feed),
      broker_(broker),
      orders_(orders),
      portfolio_(portfolio),
      strategies_(strategies),
      trader_(trader),
      gate_(gate),
      strategy_orders_(orders, broker, portfolio, gate, trader.sizer(), trader.audit()),
      data_clock_(config.data_clock ? config.data_clock : &sim_clock_),
      clock_(config.clock ? config.clock : data_clock_),
      clock_runs_on_its_own_(clock_ != data_clock_),
      loop_(std::make_unique<Loop>()) {
    if (config_.batch == 0) config_.batch = 1;
    broker_events_.reserve(64);
    strategies_.bind(*this);
    trader_.set_held_elsewhere([this](Symbol s) { return strategy_orders_.held(s); });
    position_check_ = PositionCheck(config_.position_rechecks);
}

Engine::~Engine() = default;

Timestamp Engine::now() const { return clock_->now(); }

strategy::OrderId Engine::submit(strategy::StrategyId who, const strategy::OrderRequest& request) {
    const std::string_view name = strategies_.strategy(who).name();
    if (in_backfill_ || stop_requested_ || state_ != EngineState::running)
        return strategy_orders_.refuse_request(
            who, name, request,
            in_backfill_ ? "no orders on history (warm-up, backfill)" : "the session is not trading", now());
    return strategy_orders_.submit(who, name, request, last_price(request.symbol), now());
}

bool Engine::cancel(strategy::StrategyId who, strategy::OrderId id) {
    return strategy_orders_.cancel(who, id, now());
}

bool Engine::modify(strategy::StrategyId who, strategy::OrderId id, const strategy::OrderChange& change) {
    const auto symbol = strategy_orders_.symbol_of(who, id);
    return symbol && strategy_orders_.modify(who, id, change, last_price(*symbol), now());
}

void Engine::deliver_order_notices() {
    // What is queued now; refusals of orders placed while answering wait for the next
    // drain, so a strategy that answers every refusal with an order cannot spin here.
    std::vector<std::pair<strategy::StrategyId, strategy::OrderEvent>> notices;  // no allocation when none
    strategy_orders_.take_notices(notices);
    for (const auto& [who, event] : notices) {
        if (state_ == EngineState::stopped || state_ == EngineState::error) break;
        strategies_.order_event(who, event);
    }
}

strategy::TimerId Engine::schedule(strategy::StrategyId, Duration after) {
    strategy::TimerId id = next_timer_++;
    timers_.push({now() + after, id});
    if (timers_.top().id == id) arm_strategy_timer();  // the earliest now
    return id;
}

void Engine::arm_strategy_timer() {
    // Data time drives timers on the data clock: the next event fires them.
    if (!clock_runs_on_its_own_ || timers_.empty()) return;
    const Duration wait = std::max(Duration::zero(), timers_.top().due - clock_->now());
    loop_->strategy_timer.expires_after(std::chrono::duration_cast<steady::duration>(wait));
    loop_->strategy_timer.async_wait([this](const boost::system::error_code& ec) {
        if (ec || state_ != EngineState::running || stop_requested_) return;
        try {
            fire_timers();
            // A wish formed in a timer is traded now, as one formed on data would be
            // (wishes formed on backfill still wait for live data).
            if (!in_backfill_) review_wishes();
        } catch (const std::exception& e) {
            return fail(e);
        }
        // The wall and steady clocks may disagree by a hair: if nothing was due yet, wait again.
        arm_strategy_timer();
    });
}

void Engine::set_state(EngineState s) {
    if (s == state_) return;
    log::info("engine", "state", {{"from", to_string(state_)}, {"to", to_string(s)}});
    const EngineState from = state_;
    state_ = s;
    if (observer_) observer_->on_state(from, s, now());
}

void Engine::check_broker_connection() {
    const exec::BrokerConnection c = broker_.connection();
    if (c == broker_connection_) return;
    const exec::BrokerConnection from = broker_connection_;
    broker_connection_ = c;
    log::warn("engine", "broker_connection",
              {{"broker", broker_.name()}, {"from", exec::to_string(from)}, {"to", exec::to_string(c)}});
    if (observer_) observer_->on_broker_connection(broker_.name(), from, c, now());
}

void Engine::flatten(std::string reason) {
    asio::post(loop_->io, [this, reason = std::move(reason)] {
        if (state_ == EngineState::stopped || state_ == EngineState::error) return;
        const Timestamp t = now();
        trader_.flatten(t, reason);
        drain_broker();
    });
}

Price Engine::last_price(Symbol s) const {
    const SymbolSeen* seen = seen_.find(s);
    return seen ? seen->price : Price{};
}

HealthSnapshot Engine::health() const {
    HealthSnapshot h;
    h.state = state_;
    h.mode = config_.mode;
    h.clock = now();
    h.loop_lag_ms = last_lag_ms_;
    h.feed_remaining = feed_.remaining();
    h.broker_events_pending = broker_events_.size();
    h.working_orders = orders_.working_count();
    h.timers_pending = timers_.size();
    h.events = summary_.events;
    double elapsed = std::chrono::duration<double>(steady::now() - started_).count();
    h.events_per_second = elapsed > 0 ? double(summary_.events) / elapsed : 0;
    std::vector<std::pair<Symbol, Duration>> ages;
    ages.reserve(seen_.size());
    for (const auto& [sym, seen] : seen_) ages.emplace_back(sym, h.clock - seen.time);
    // Stalest first; ties by symbol so the snapshot is deterministic.
    std::sort(ages.begin(), ages.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    if (!ages.empty()) h.max_staleness = ages.front().second;
    ages.resize(std::min<size_t>(ages.size(), 5));
    h.stalest = std::move(ages);
    h.broker_connection = broker_.connection();
    h.broker = std::string(broker_.name()) + ": " + std::string(exec::to_string(h.broker_connection));
    h.kill_switch = gate_.kill_switch_state();
    h.positions = last_positions_;
    h.orders_held = trader_.hold_state();
    for (const auto& p : trader_.parked()) h.parked.push_back(p.symbol);
    h.feed = feed_.status();
    return h;
}

void Engine::stop(std::string reason) {
    asio::post(loop_->io, [this, reason = std::move(reason)]() mutable {
        if (stop_requested_) return;
        stop_requested_ = true;
        stop_cause_ = StopCause::requested;
        stop_reason_ = std::move(reason);
        if (state_ == EngineState::paused || idle_)
            asio::post(loop_->io, [this] { finish(stop_cause_, stop_reason_); });
    });
}

void Engine::post(std::function<void()> fn) { asio::post(loop_->io, std::move(fn)); }

void Engine::sync_kill_switch() {
    asio::post(loop_->io, [this] {
        if (state_ == EngineState::stopped || state_ == EngineState::error) return;
        try {
            if (!gate_.sync_kill_switch(now())) return;
            if (gate_.kill_switch_tripped()) {
                after_trip();  // cancels working orders and tells the observer
            } else {
                log::warn("engine", "kill_switch_reset", {{"kill_switch", gate_.kill_switch_state()}});
                if (observer_) observer_->on_kill_switch(gate_.kill_switch_state(), now());
            }
        } catch (const std::exception& e) {
            fail(e);
        }
    });
}

void Engine::pause() {
    asio::post(loop_->io, [this] {
        if (state_ == EngineState::running) set_state(EngineState::paused);
    });
}

void Engine::resume() {
    asio::post(loop_->io, [this] {
        if (state_ != EngineState::paused) return;
        set_state(EngineState::running);
        loop_->anchored = false;  // pacing restarts from here
        pump();
    });
}

void Engine::on_signal(int signo) {
    if (signo == SIGUSR1) {
        log::info("engine", "health", health().to_json());
    } else {
        ++signals_seen_;
        const char* name = signo == SIGINT ? "SIGINT" : signo == SIGTERM ? "SIGTERM" : "signal";
        if (signals_seen_ >= 2) {
            log::error("engine", "forced_exit",
                       {{"signal", name}, {"working_orders", orders_.working_count()}});
            std::fflush(nullptr);
            std::_Exit(130);
        }
        log::warn("engine", "shutdown_requested",
                  {{"signal", name}, {"hint", "send it again to force the exit"}});
        if (!stop_requested_) {
            stop_requested_ = true;
            stop_cause_ = StopCause::signal;
            stop_reason_ = std::string("signal ") + name;
            if (state_ == EngineState::paused || idle_)
                asio::post(loop_->io, [this] { finish(stop_cause_, stop_reason_); });
        }
    }
    loop_->signals.async_wait([this](const boost::system::error_code& ec, int n) {
        if (!ec) on_signal(n);
    });
}

void Engine::arm_health() {
    if (config_.health_interval.count() <= 0) return;
    loop_->health_due = steady::now() + config_.health_interval;
    loop_->health.expires_at(loop_->health_due);
    loop_->health.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        // Loop lag: how long after its due time this handler got to run.
        last_lag_ms_ = std::chrono::duration<double, std::milli>(steady::now() - loop_->health_due).count();
        check_broker_connection();
        take_feed_notices();
        auto snapshot = health();
        log::info("engine", "health", snapshot.to_json());
        if (observer_) observer_->on_health(snapshot);
        arm_health();
    });
}

void Engine::arm_progress() {
    if (!on_progress_ || config_.progress_interval.count() <= 0) return;
    loop_->progress.expires_after(config_.progress_interval);
    loop_->progress.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        on_progress_({summary_.events, feed_.remaining(), label_time_, portfolio_.equity(),
                      std::chrono::duration<double>(steady::now() - started_).count()});
        arm_progress();
    });
}

RunSummary Engine::run() {
    if (state_ != EngineState::initializing) throw std::logic_error("engine: run() may be called once");
    started_ = steady::now();
    if (config_.handle_signals) {
        loop_->signals.add(SIGINT);
        loop_->signals.add(SIGTERM);
        loop_->signals.add(SIGUSR1);
        loop_->signals.async_wait([this](const boost::system::error_code& ec, int n) {
            if (!ec) on_signal(n);
        });
    }
    loop_->work.emplace(loop_->io.get_executor());
    feed_.set_wake([this] { wake(); });
    broker_.set_wake([this] { wake(); });
    broker_connection_ = broker_.connection();
    set_state(EngineState::ready);
    try {
        strategies_.start();
    } catch (const std::exception& e) {
        summary_.stop_cause = StopCause::error;
        summary_.stop_reason = std::string("error: strategy start failed: ") + e.what();
        set_state(EngineState::error);
        complete_stop();
        summary_.final_state = EngineState::error;
        return summary_;
    }
    set_state(EngineState::running);
    arm_health();
    arm_progress();
    asio::post(loop_->io, [this] { pump(); });
    loop_->io.run();
    summary_.wall_seconds = std::chrono::duration<double>(steady::now() - started_).count();
    return summary_;
}

void Engine::take_feed_notices() {
    for (auto& n : feed_.take_notices()) {
        if (!n.fields.contains("time")) n.fields["time"] = format_iso_micros(now());
        if (audit_) audit_->record(n.kind, n.fields);
    }
}

void Engine::pump() {
    if (state_ != EngineState::running) return;
    try {
        take_feed_notices();
        for (size_t i = 0; i < config_.batch; ++i) {
            if (stop_requested_) return finish(stop_cause_, stop_reason_);
            Timestamp next_time;
            if (!feed_.peek_time(next_time)) {
                if (feed_.ended()) return finish(StopCause::end_of_data, "end of data");
                idle_ = true;  // a live feed with nothing queued: wait for wake()
                return;
            }
            if (config_.mode != Mode::backtest && config_.speed > 0) {
                auto& l = *loop_;
                if (!l.anchored) {
                    l.anchored = true;
                    l.wall_anchor = steady::now();
                    l.data_anchor = next_time;
                }
                auto offset = std::chrono::duration_cast<steady::duration>(
                    std::chrono::duration<double>(seconds(next_time - l.data_anchor) / config_.speed));
                auto due = l.wall_anchor + offset;
                if (due > steady::now()) {
                    l.pace.expires_at(due);
                    l.pace.async_wait([this](const boost::system::error_code& ec) {
                        if (!ec) pump();
                    });
                    return;
                }
            }
            take_slice();
            process_slice();
        }
    } catch (const std::exception& e) {
        return fail(e);
    }
    asio::post(loop_->io, [this] { pump(); });
}

void Engine::fail(const std::exception& e) {
    log::error("engine", "error", {{"what", e.what()}, {"clock", format_iso_micros(now())}});
    summary_.stop_cause = StopCause::error;
    summary_.stop_reason = std::string("error: ") + e.what();
    set_state(EngineState::error);
    complete_stop();
    summary_.final_state = EngineState::error;
}

void Engine::wake() {
    // Coalesced: one posted handler however many ticks arrive before it runs.
    if (wake_posted_.exchange(true)) return;
    asio::post(loop_->io, [this] { on_wake(); });
}

void Engine::on_wake() {
    wake_posted_ = false;
    if (state_ == EngineState::stopping || state_ == EngineState::stopped || state_ == EngineState::error)
        return;
    if (!idle_) return;  // pump() is running and drains the broker after every event
    try {
        take_feed_notices();
        drain_broker();
        if (clock_runs_on_its_own_) fire_timers();
        // Wishes formed on backfill wait for live data, here as in process().
        if (state_ == EngineState::running && !in_backfill_) review_wishes();
    } catch (const std::exception& e) {
        return fail(e);
    }
    if (stop_requested_) return finish(stop_cause_, stop_reason_);
    if (state_ != EngineState::running) return;
    idle_ = false;
    pump();
}

void Engine::fire_timers() {
    const Timestamp t = now();
    bool fired = false;
    if (!timers_.empty() && timers_.top().due <= t) strategy_orders_.begin_step();
    while (!timers_.empty() && timers_.top().due <= t) {
        auto id = timers_.top().id;
        timers_.pop();
        fired = true;
        strategies_.timer(id);
    }
    if (fired) arm_strategy_timer();  // the next one, if any (a timer may schedule another)
}

void Engine::handle_broker_event(const exec::BrokerEvent& ev) {
    if (ev.kind == exec::BrokerEvent::Kind::positions) return check_positions(ev);
    const Timestamp t = now();
    const exec::ManagedOrder* mo = nullptr;
    try {
        switch (ev.kind) {
            case exec::BrokerEvent::Kind::accepted:
                mo = &orders_.mark_accepted(ev.client_id, ev.time);
                break;
            case exec::BrokerEvent::Kind::fill:
                mo = &orders_.apply_fill(ev.fill);
                break;
            case exec::BrokerEvent::Kind::cancelled:
                mo = &orders_.mark_cancelled(ev.client_id, ev.time, ev.reason);
                break;
            case exec::BrokerEvent::Kind::expired:
                mo = &orders_.mark_expired(ev.client_id, ev.time);
                break;
            case exec::BrokerEvent::Kind::rejected:
                mo = &orders_.mark_rejected(ev.client_id, ev.time, ev.reason);
                break;
            case exec::BrokerEvent::Kind::modified:
                mo = &orders_.apply_modified(ev.client_id, ev.terms, ev.time);
                break;
            case exec::BrokerEvent::Kind::modify_rejected:
                mo = &orders_.mark_modify_rejected(ev.client_id, ev.time, ev.reason);
                break;
            case exec::BrokerEvent::Kind::positions:
                return;  // handled above
        }
    } catch (const exec::OrderError& e) {
        // A broker event the state machine refuses is reported and counted, never applied.
        ++summary_.order_errors;
        log::error("engine", "order_event_refused",
                   {{"what", e.what()}, {"event", exec::to_string(ev.kind)}});
        return;
    }
    if (ev.kind == exec::BrokerEvent::Kind::fill) {
        ++summary_.fills;
        portfolio_.apply(ev.fill);
        gate_.on_fill(ev.fill);
    }
    // A strategy's own order is its business alone; the trader follows its own orders.
    const bool own = strategy_orders_.on_order_event(ev, *mo, last_price(mo->order.symbol), t);
    if (!own) trader_.on_order_event(ev, *mo, t);
    if (observer_) observer_->on_order_event(ev, *mo);
    deliver_order_notices();
    if (ev.kind == exec::BrokerEvent::Kind::fill && state_ == EngineState::running) {
        if (own) {
            strategies_.fill(*strategy_orders_.owner(ev.fill.client_id), ev.fill);
        } else {
            for (strategy::StrategyId id : trader_.owners(ev.fill.client_id)) strategies_.fill(id, ev.fill);
        }
    }
}

void Engine::check_positions(const exec::BrokerEvent& ev) {
    const Timestamp t = now();
    // Everything the broker reported before its positions has been applied to the ledger
    // (events are handled in the broker's order): the two can be compared now.
    PositionVerdict v = position_check_.on_report(ev.positions, portfolio_, ev.cash);
    last_positions_ = std::string(to_string(v.kind));
    if (!v.differences.empty() || v.cash_difference) last_positions_ += ": " + v.describe();
    trader_.on_positions_checked(v, t);
    if (observer_) observer_->on_positions_checked(v, t);
    if (v.kind == PositionVerdict::Kind::suspect) {
        loop_->position_recheck.expires_after(config_.position_recheck);
        loop_->position_recheck.async_wait([this](const boost::system::error_code& ec) {
            if (ec || state_ == EngineState::stopped || state_ == EngineState::error) return;
            broker_.check_positions();
        });
    }
    // Not from inside the drain loop that is handling this event: posted, it runs next.
    if (v.kind == PositionVerdict::Kind::confirmed)
        asio::post(loop_->io, [this] {
            if (state_ == EngineState::stopped || state_ == EngineState::error) return;
            try {
                after_trip();
            } catch (const std::exception& e) {
                fail(e);
            }
        });
}

void Engine::after_trip() {
    if (!gate_.take_trip()) return;
    log::warn("engine", "kill_switch_tripped", {{"kill_switch", gate_.kill_switch_state()}});
    trader_.cancel_all(now(), "kill switch");
    drain_broker();
    if (observer_) observer_->on_kill_switch(gate_.kill_switch_state(), now());
}

void Engine::drain_broker() {
    broker_.poll(broker_events_);
    check_broker_connection();
    // Index loop: handling an event may make the broker produce more (a protective stop's
    // acknowledgement); they are polled in after it, so `ev` stays valid while it is used.
    for (size_t i = 0; i < broker_events_.size(); ++i) {
        handle_broker_event(broker_events_[i]);
        broker_.poll(broker_events_);
    }
    broker_events_.clear();
    deliver_order_notices();  // refusals of orders placed since the last drain
}

void Engine::review_wishes() {
    review_.clear();
    const Timestamp t = now();
    strategies_.take_changed(review_);
    trader_.take_reviews(review_, t);  // with retries now due and wishes a cleared hold kept
    if (review_.empty()) return;
    // In symbol order, whatever order the wishes changed in: the gate sees the slice's
    // orders in the same order however the data was laid out.
    std::sort(review_.begin(), review_.end());
    review_.erase(std::unique(review_.begin(), review_.end()), review_.end());
    for (Symbol s : review_) {
        Price ref = last_price(s);
        if (!ref.is_positive()) continue;
        if (auto wish = strategies_.combined(s)) trader_.on_wish(*wish, ref, t);
    }
    drain_broker();
}

void Engine::take_slice() {
    slice_.clear();
    MarketEvent ev;
    if (!feed_.next(ev)) return;
    slice_.push_back(std::move(ev));
    Timestamp next_time;
    while (feed_.peek_time(next_time) && next_time == slice_.front().time && feed_.next(ev))
        slice_.push_back(std::move(ev));
    // Symbol order, not file order: the same data under other file names (or from another
    // folder layout) gives the same sequence of decisions. Stable: one symbol's events
    // keep the feed's order.
    // Files are read in path order, so a slice usually arrives sorted: a stable sort of a
    // sorted range is the identity, and checking costs one comparison per event.
    const auto by_symbol = [](const MarketEvent& a, const MarketEvent& b) { return a.symbol() < b.symbol(); };
    if (!std::is_sorted(slice_.begin(), slice_.end(), by_symbol))
        std::stable_sort(slice_.begin(), slice_.end(), by_symbol);
}

void Engine::process_slice() {
    if (slice_.empty()) return;
    bool live = false;
    for (const MarketEvent& ev : slice_) live |= !ev.backfill;
    in_backfill_ = !live;
    data_clock_->advance_to(slice_.front().time);
    summary_.events += slice_.size();
    gate_.on_clock(now());
    strategy_orders_.begin_step();
    if (!timers_.empty()) fire_timers();
    // Every piece of data of the timestamp reaches the broker, the ledger and the gate
    // before any strategy acts on it: sizing and the gate then see one equity for the slice.
    for (const MarketEvent& ev : slice_) apply_data(ev);
    for (const MarketEvent& ev : slice_) {
        if (observer_) observer_->on_market(ev);
        if (!stop_requested_) deliver(ev);
    }
    // Wishes formed on backfill wait for the first live event: nothing is traded on
    // history (the changed symbols stay queued in the manager until then).
    if (!stop_requested_ && live) review_wishes();
    gate_.monitor(now());
    after_trip();
    // History before the session (warm-up, a broker's backfill) is not part of its record:
    // the equity curve and the metrics start with the first live data.
    if (!live) return;
    portfolio_.record(label_time_);
    if (observer_) observer_->on_step(label_time_, portfolio_, gate_);
}

void Engine::set_dividends(std::vector<DividendEvent> dividends) {
    portfolio_.set_books_dividends(true);
    dividends_.clear();
    for (const DividendEvent& d : dividends) dividends_[d.symbol].events.push_back(d);
    for (auto& [symbol, list] : dividends_)
        std::stable_sort(
            list.events.begin(), list.events.end(),
            [](const DividendEvent& a, const DividendEvent& b) { return a.ex_date < b.ex_date; });
}

void Engine::book_dividends(const Bar& bar) {
    auto it = dividends_.find(bar.symbol);
    if (it == dividends_.end()) return;
    SymbolDividends& list = it->second;
    while (list.next < list.events.size() && list.events[list.next].ex_date <= bar.start) {
        const DividendEvent& d = list.events[list.next++];
        const auto booked = portfolio_.book_dividend(d.symbol, d.ex_date, d.amount);
        if (!booked || !audit_) continue;
        audit_->record("dividend", {{"symbol", d.symbol.str()},
                                    {"ex_date", format_date(d.ex_date)},
                                    {"amount_per_share", d.amount.to_string()},
                                    {"quantity", booked->quantity.to_string()},
                                    {"multiplier", portfolio_.multipliers().of(d.symbol).to_string()},
                                    {"cash", booked->cash.to_string()},
                                    {"time", format_iso_micros(now())}});
    }
}

void Engine::apply_data(const MarketEvent& ev) {
    const Symbol sym = ev.symbol();
    Price mark;
    Quantity volume;
    Duration interval{};  // the data's time scale, for the gate's staleness and rate
    if (const Bar* bar = std::get_if<Bar>(&ev.data)) {
        ++summary_.bars;
        // The position held at the previous close is entitled: booked before this bar's fills.
        if (!dividends_.empty()) book_dividends(*bar);
        if (!ev.backfill) broker_.on_bar(*bar);
        mark = bar->close;
        volume = bar->volume;
        interval = std::chrono::seconds(timeframe_seconds(bar->timeframe));
        label_time_ = bar->start;
    } else if (const Quote* q = std::get_if<Quote>(&ev.data)) {
        ++summary_.quotes;
        if (!ev.backfill) broker_.on_quote(*q);
        mark = Price::from_raw((q->bid.raw() + q->ask.raw()) / 2);
        label_time_ = q->time;
    } else if (const Tick* tick = std::get_if<Tick>(&ev.data)) {
        ++summary_.trades;
        if (!ev.backfill) broker_.on_trade(*tick);
        mark = tick->price;
        volume = tick->size;
        label_time_ = tick->time;
    }
    drain_broker();
    if (mark.is_positive()) {
        portfolio_.mark(sym, mark);
        gate_.on_data(sym, mark, volume, now(), interval);
        auto& seen = seen_[sym];
        seen.price = mark;
        seen.time = now();
    }
}

void Engine::deliver(const MarketEvent& ev) {
    if (const Bar* bar = std::get_if<Bar>(&ev.data)) {
        deliver_bar(*bar, false);
        if (derived_) {
            derived_out_.clear();
            derived_->on_bar(*bar, derived_out_);
            for (const Bar& b : derived_out_) deliver_bar(b, true);
        }
    } else if (const Quote* q = std::get_if<Quote>(&ev.data)) {
        strategies_.quote(*q);
    } else if (const Tick* tick = std::get_if<Tick>(&ev.data)) {
        strategies_.trade(*tick);
    }
}

void Engine::deliver_bar(const Bar& bar, bool derived) {
    trader_.on_bar(bar);
    if (bar_hook_) bar_hook_(bar, strategies_, derived);
    strategies_.bar(bar, derived);
}

void Engine::finish(StopCause cause, std::string reason) {
    if (state_ == EngineState::stopping || state_ == EngineState::stopped || state_ == EngineState::error)
        return;
    set_state(EngineState::stopping);
    summary_.stop_cause = cause;
    summary_.stop_reason = std::move(reason);
    const Timestamp t = now();
    if (config_.cancel_working_on_stop && orders_.working_count() > 0) {
        trader_.cancel_all(t, "shutdown");
        drain_broker();
        if (orders_.working_count() > 0) {
            // A real broker confirms cancels later: wait for them, a bounded time, with the
            // loop running (a second signal can still force the exit meanwhile).
            loop_->stop_deadline = steady::now() + config_.stop_timeout;
            return await_cancels();
        }
    } else if (orders_.working_count() > 0) {
        log::warn("engine", "working_orders_kept", {{"count", orders_.working_count()}});
    }
    complete_stop();
}

void Engine::await_cancels() {
    loop_->pace.expires_after(std::chrono::milliseconds(10));
    loop_->pace.async_wait([this](const boost::system::error_code& ec) {
        if (ec) return;
        drain_broker();
        if (orders_.working_count() > 0 && steady::now() < loop_->stop_deadline) return await_cancels();
        if (orders_.working_count() > 0)
            log::warn("engine", "cancels_unconfirmed", {{"working_orders", orders_.working_count()}});
        complete_stop();
    });
}

void Engine::complete_stop() {
    try {
        strategies_.stop();
    } catch (const std::exception& e) {
        log::error("engine", "strategy_stop_failed", {{"what", e.what()}});
    }
    if (summary_.events > 0) portfolio_.record(label_time_);
    summary_.working_at_stop = orders_.working_count();
    summary_.equity = portfolio_.equity();
    summary_.final_state = EngineState::stopped;
    summary_.wall_seconds = std::chrono::duration<double>(steady::now() - started_).count();
    if (state_ != EngineState::error) set_state(EngineState::stopped);
    log::info("engine", "summary", summary_.to_json());
    // Stop the loop: timers and signal waits are cancelled; handlers are released.
    loop_->pace.cancel();
    loop_->health.cancel();
    loop_->progress.cancel();
    loop_->strategy_timer.cancel();
    loop_->position_recheck.cancel();
    // Back to the default signal behaviour: a signal during report writing ends the process.
    boost::system::error_code ignored;
    loop_->signals.clear(ignored);
    loop_->work.reset();
    loop_->io.stop();
}

}  // namespace robo::engine
