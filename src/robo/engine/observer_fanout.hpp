// engine/observer_fanout.hpp — several EngineObservers behind the engine's one seat (the
// dashboard and the session recorder side by side).
//
// Calls each observer in the order added, on the engine's thread; adds no work of its own.
// Never owns the observers; they must outlive it (or be removed first).
#pragma once
#include <algorithm>
#include <vector>

#include "robo/engine/engine.hpp"

namespace robo::engine {

class ObserverFanout final : public EngineObserver {
public:
    void add(EngineObserver* o) {
        if (o && std::find(list_.begin(), list_.end(), o) == list_.end()) list_.push_back(o);
    }
    void remove(EngineObserver* o) { list_.erase(std::remove(list_.begin(), list_.end(), o), list_.end()); }
    bool empty() const noexcept { return list_.empty(); }

    void on_market(const MarketEvent& ev) override {
        for (auto* o : list_) o->on_market(ev);
    }
    void on_order_event(const exec::BrokerEvent& ev, const exec::ManagedOrder& mo) override {
        for (auto* o : list_) o->on_order_event(ev, mo);
    }
    void on_step(Timestamp t, const exec::Portfolio& p, const PreTradeGate& g) override {
        for (auto* o : list_) o->on_step(t, p, g);
    }
    void on_health(const HealthSnapshot& h) override {
        for (auto* o : list_) o->on_health(h);
    }
    void on_state(EngineState from, EngineState to, Timestamp t) override {
        for (auto* o : list_) o->on_state(from, to, t);
    }
    void on_broker_connection(std::string_view broker, exec::BrokerConnection from, exec::BrokerConnection to,
                              Timestamp t) override {
        for (auto* o : list_) o->on_broker_connection(broker, from, to, t);
    }
    void on_kill_switch(const std::string& state, Timestamp t) override {
        for (auto* o : list_) o->on_kill_switch(state, t);
    }
    void on_positions_checked(const PositionVerdict& v, Timestamp t) override {
        for (auto* o : list_) o->on_positions_checked(v, t);
    }

private:
    std::vector<EngineObserver*> list_;
};

}  // namespace robo::engine
