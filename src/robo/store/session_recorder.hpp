// store/session_recorder.hpp — a trading session recording itself in the database.
//
// Sits beside the engine as an EngineObserver (fills, positions, equity at every step)
// and as an AuditSink behind the audit trail (orders, every state transition, risk
// refusals, kill-switch trips and resets), and hands each row to the store::Writer.
// While the session runs it never blocks the engine: a record the writer's queue has no
// room for is dropped and counted (dropped()), and the summary says so. finish() writes
// the closing rows (final positions, the run's end and summary) with the blocking
// policy, when nothing is left to delay, and waits for them to commit.
//
// Ids: the paper broker and the order manager number orders and executions per session
// ("bt-sma_crossover-1", "paper-1"), so the database keys them as "<run_id>/<id>" and two
// runs never collide. Times are the session's data time (its clock), except the run's
// start and end (wall clock). The kill_switch row (the system's current state) is moved
// only by sessions on the wall clock or a replay, never by a backtest: a backtest's trips
// are kept as its risk events.
// Feature values (on_features, when the session asks for them: `--record-features`) go to
// the features table, one row per finite value (a feature still warming up has none), at
// the bar's start time. A backtest waits for room in the queue for them (data time is not
// the wall clock: a full table matters more than speed); any other session drops and counts.
// Runs on the engine's thread only. Never throws from a callback.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>

#include "robo/engine/observer.hpp"
#include "robo/features/feature_engine.hpp"
#include "robo/log/audit_sink.hpp"
#include "robo/store/writer.hpp"

namespace robo::store {

// What the kind of session decides for its recording (session/policy.hpp's rows).
struct RecorderPolicy {
    // Kill-switch trips and resets move the database's current kill-switch state (a
    // backtest's simulated switch is not the system's).
    bool moves_kill_switch = false;
    // Feature values when the writer's queue is full: a backtest waits; a session in market
    // time drops and counts them, never blocking the engine.
    OnFull features_on_full = OnFull::drop;
};

class SessionRecorder final : public engine::EngineObserver, public log::AuditSink {
public:
    // Submits the run's row (waiting for room if needed: nothing runs yet).
    SessionRecorder(Writer& writer, RunRecord run, RecorderPolicy policy);

    // The session's order book and ledger, read when an audit record or a fill arrives.
    void attach(const exec::OrderManager& orders, const exec::Portfolio& portfolio);

    void on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& order) override;
    void on_step(Timestamp t, const exec::Portfolio& portfolio, const engine::PreTradeGate& gate) override;
    // Compact records reach this through AuditSink's conversion to json: a recorded session
    // reads order ids and reasons out of the fields, and writes to SQLite anyway.
    using log::AuditSink::record;
    void record(std::string_view kind, const nlohmann::json& fields) override;
    // One bar's feature values (engine::FeatureStage's listener).
    void on_features(const features::FeatureSnapshot& snap);

    // Final positions, the run's end (status, summary JSON with the recorder's counts added)
    // and a flush. Returns false when the writer could not commit everything it accepted.
    bool finish(std::string status, nlohmann::json summary, Timestamp ended);

    const std::string& run_id() const noexcept { return run_id_; }
    uint64_t submitted() const noexcept { return submitted_; }
    uint64_t dropped() const noexcept { return dropped_; }
    uint64_t features_submitted() const noexcept { return features_submitted_; }

private:
    void put(Record r);
    // An order event row; `movable` rows (modifications) sharing the key (order, time,
    // status) of the order's previous row are recorded one nanosecond after it, so both stay.
    void order_event(OrderEventRecord r, bool movable = false);
    std::string key(std::string_view id) const { return run_id_ + "/" + std::string(id); }
    Timestamp time_of(const nlohmann::json& fields) const;
    void position(Symbol s, Timestamp t);
    void risk_event(Timestamp t, std::string kind, std::string symbol, std::optional<double> value,
                    std::optional<double> limit, std::string detail);

    Writer& writer_;
    std::string run_id_;
    bool moves_kill_switch_ = false;
    OnFull features_on_full_ = OnFull::drop;
    const exec::OrderManager* orders_ = nullptr;
    const exec::Portfolio* portfolio_ = nullptr;
    Timestamp last_time_{};
    std::unordered_map<std::string, std::pair<Timestamp, OrderStatus>> last_order_event_;
    bool refusal_detailed_ = false;  // the risk gate detailed a refusal; the trader's record follows
    uint64_t submitted_ = 0, dropped_ = 0, features_submitted_ = 0;
};

// One bar's finite feature values (a feature still warming up has none) as FeatureRecords
// at the bar's start, submitted with `on_full`: what was accepted and what was refused.
struct FeatureSubmissions {
    uint64_t accepted = 0, refused = 0;
};
FeatureSubmissions submit_features(Writer& writer, const features::FeatureSnapshot& snap, OnFull on_full);

// "backtest-20261124T142833Z-4242": kind, the wall-clock start (UTC) and the process id.
std::string make_run_id(std::string_view kind, Timestamp started);

}  // namespace robo::store
