// tests/ibkr_live/live_support.hpp — the TWS simulator and our IBKR adapters over loopback,
// with the test thread playing the engine: it submits orders, polls the broker's events
// and applies them to a real OrderManager and Portfolio (the ledger).
#pragma once
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <thread>

#include "robo/exec/order_manager.hpp"
#include "robo/exec/portfolio.hpp"
#include "robo/ibkr/adapt/broker.hpp"
#include "robo/ibkr/adapt/link.hpp"
#include "robo/ibkr/adapt/market_data.hpp"
#include "robo/ibkr/sim/simulator.hpp"
#include "robo/log/audit_sink.hpp"
#include "robo/log/memory_audit_sink.hpp"

namespace robo::ibkr::live_test {

using namespace std::chrono_literals;

inline ClientConfig fast_client(uint16_t port) {
    ClientConfig c;
    c.port = port;
    c.backoff_initial = 20ms;
    c.backoff_max = 80ms;
    c.heartbeat = 200ms;
    c.jitter_seed = 42;
    c.reset_window.start_minute = c.reset_window.end_minute = 0;  // tests run at any hour
    return c;
}

// The simulator on a free port and a link to it; both on the link's io thread.
struct Rig {
    std::unique_ptr<IbkrLink> link;
    std::unique_ptr<sim::Simulator> sim;

    explicit Rig(std::function<void(sim::SimConfig&)> tweak_sim = {},
                 std::function<void(ClientConfig&)> tweak_client = {}) {
        sim::SimConfig sc;
        sc.port = 0;
        sc.symbols = {"AAPL", "MSFT"};
        sc.step = 5ms;  // 200 simulated seconds per wall second
        if (tweak_sim) tweak_sim(sc);
        pending_sim_ = sc;
        link_cfg_ = [tweak_client](uint16_t port) {
            auto c = fast_client(port);
            if (tweak_client) tweak_client(c);
            return c;
        };
    }
    ~Rig() { stop(); }

    // Builds the link and the simulator (not started yet: add adapters, then start()).
    IbkrLink& make_link() {
        // The client's port must be known before the link (and its io_context, which the
        // simulator shares) exists: take a free one and let the simulator bind it.
        uint16_t port = 0;
        {
            boost::asio::io_context probe;
            boost::asio::ip::tcp::acceptor a(probe, {boost::asio::ip::make_address("127.0.0.1"), 0});
            port = a.local_endpoint().port();
        }
        auto cfg = link_cfg_(port);
        link = std::make_unique<IbkrLink>(cfg);
        pending_sim_.port = port;
        sim = std::make_unique<sim::Simulator>(link->io(), pending_sim_);
        sim->start();
        return *link;
    }
    void start() { link->start(); }
    // The simulator's settings as the constructor left them (before make_link()).
    const sim::SimConfig& pending_config() const { return pending_sim_; }
    void stop() {
        if (link) link->stop();
        sim.reset();
    }

    template <class F>
    auto on_io(F fn) {
        return link->call(std::move(fn));
    }
    void inject(const std::string& spec) {
        on_io([&] { sim->inject(sim::parse_fault(spec)); });
    }
    std::map<Symbol, Quantity> sim_positions() {
        return on_io([&] {
            std::map<Symbol, Quantity> out;
            for (auto& [sym, p] : sim->broker().positions())
                if (!p.quantity.is_zero()) out[Symbol(sym)] = p.quantity;
            return out;
        });
    }
    size_t sim_executions() {
        return on_io([&] { return sim->broker().executions().size(); });
    }
    // How many orders the simulator holds for each of our client ids (orderRef).
    std::map<std::string, int> sim_orders_by_ref() {
        return on_io([&] {
            std::map<std::string, int> out;
            for (auto& [id, o] : sim->broker().orders()) ++out[o.order_ref];
            return out;
        });
    }

private:
    sim::SimConfig pending_sim_;
    std::function<ClientConfig(uint16_t)> link_cfg_;
};

// The engine's side of the broker, by hand: orders in, events applied to the ledger.
struct Desk {
    log::MemoryAuditSink audit;
    exec::OrderManager orders{audit, "t"};
    exec::Portfolio ledger{Money::from_units(1'000'000)};
    IbkrBroker& broker;
    std::vector<exec::BrokerEvent> events, all_events;
    size_t fills = 0, refused_events = 0;

    explicit Desk(IbkrBroker& b) : broker(b) {}

    // Sends `o` as the engine would: order manager first, then the broker.
    std::string place(Order o) {
        o.client_id = orders.next_client_id("test");
        o.created = wall_now();
        orders.submit(o, o.created);
        orders.mark_submitted(o.client_id, o.created);
        broker.submit(o, o.created);
        return o.client_id;
    }
    std::string buy(std::string symbol, int qty, Side side = Side::buy) {
        Order o;
        o.symbol = Symbol(symbol);
        o.side = side;
        o.quantity = Quantity::from_units(qty);
        return place(o);
    }
    std::string sell(std::string symbol, int qty) { return buy(std::move(symbol), qty, Side::sell); }

    struct PositionReport {
        std::map<Symbol, Quantity> broker, ledger;
    };
    std::vector<PositionReport> position_reports;
    static std::map<Symbol, Quantity> to_map(const std::vector<std::pair<Symbol, Quantity>>& v) {
        return {v.begin(), v.end()};
    }

    void pump() {
        broker.poll(events);
        for (auto& ev : events) {
            all_events.push_back(ev);
            try {
                switch (ev.kind) {
                    case exec::BrokerEvent::Kind::accepted:
                        orders.mark_accepted(ev.client_id, ev.time);
                        break;
                    case exec::BrokerEvent::Kind::fill:
                        orders.apply_fill(ev.fill);
                        ledger.apply(ev.fill);
                        ++fills;
                        break;
                    case exec::BrokerEvent::Kind::cancelled:
                        orders.mark_cancelled(ev.client_id, ev.time, ev.reason);
                        break;
                    case exec::BrokerEvent::Kind::expired:
                        orders.mark_expired(ev.client_id, ev.time);
                        break;
                    case exec::BrokerEvent::Kind::rejected:
                        orders.mark_rejected(ev.client_id, ev.time, ev.reason);
                        break;
                    case exec::BrokerEvent::Kind::modified:
                        orders.apply_modified(ev.client_id, ev.terms, ev.time);
                        break;
                    case exec::BrokerEvent::Kind::modify_rejected:
                        orders.mark_modify_rejected(ev.client_id, ev.time, ev.reason);
                        break;
                    case exec::BrokerEvent::Kind::positions:
                        // The desk's ledger at the moment of the report, beside the report.
                        position_reports.push_back({to_map(ev.positions), positions()});
                        break;
                }
            } catch (const exec::OrderError&) {
                ++refused_events;  // the state machine refused it: a broker bug
            }
        }
        events.clear();
    }
    bool until(const std::function<bool()>& done, std::chrono::milliseconds timeout = 5s) {
        auto end = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            pump();
            if (done()) return true;
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(1ms);
        }
    }
    const exec::ManagedOrder& order(const std::string& id) const { return *orders.find(id); }
    std::map<Symbol, Quantity> positions() const {
        std::map<Symbol, Quantity> out;
        for (Symbol s : {Symbol("AAPL"), Symbol("MSFT")})
            if (!ledger.quantity(s).is_zero()) out[s] = ledger.quantity(s);
        return out;
    }
};

}  // namespace robo::ibkr::live_test
