// tests/ibkr/support.hpp — a simulator and a client on one io_context over loopback, and
// helpers that name what a test is waiting for.
#pragma once
#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <functional>
#include <map>
#include <vector>

#include "robo/ibkr/client/client.hpp"
#include "robo/ibkr/sim/simulator.hpp"

namespace robo::ibkr::test {

inline Contract stock(std::string symbol) {
    Contract c;
    c.symbol = std::move(symbol);
    return c;
}

inline PlaceOrder market(std::string symbol, std::string action, int qty) {
    PlaceOrder o;
    o.contract = stock(std::move(symbol));
    o.action = std::move(action);
    o.order_type = "MKT";
    o.total_quantity = Quantity::from_units(qty);
    return o;
}

inline PlaceOrder limit(std::string symbol, std::string action, int qty, double px) {
    auto o = market(std::move(symbol), std::move(action), qty);
    o.order_type = "LMT";
    o.lmt_price = px;
    return o;
}

// Everything the client reported, for assertions.
struct Recorder {
    std::vector<ServerMessage> messages;
    std::vector<ConnectionEvent> events;
    std::map<std::string, Quantity> ledger;  // built from execution reports only

    template <class M>
    std::vector<M> all() const {
        std::vector<M> out;
        for (auto& m : messages)
            if (auto* p = std::get_if<M>(&m)) out.push_back(*p);
        return out;
    }
    template <class M>
    std::size_t count() const {
        return all<M>().size();
    }
    bool has_error(int code) const {
        for (auto& e : all<ErrorMsg>())
            if (e.code == code) return true;
        return false;
    }
    std::size_t count_event(ConnectionEvent e) const {
        return static_cast<std::size_t>(std::count(events.begin(), events.end(), e));
    }
};

struct Loopback {
    boost::asio::io_context io;
    sim::SimConfig sim_cfg;
    std::unique_ptr<sim::Simulator> sim;
    std::unique_ptr<Client> client;
    Recorder rec;

    explicit Loopback(std::function<void(sim::SimConfig&)> tweak_sim = {}) {
        sim_cfg.port = 0;
        sim_cfg.step = std::chrono::milliseconds(5);  // 200 simulated seconds per wall second
        if (tweak_sim) tweak_sim(sim_cfg);
        sim = std::make_unique<sim::Simulator>(io, sim_cfg);
        sim->start();
    }
    ~Loopback() {
        client.reset();
        sim.reset();
    }

    ClientConfig client_config(int client_id = 1) const {
        ClientConfig c;
        c.port = sim->port();
        c.client_id = client_id;
        c.backoff_initial = std::chrono::milliseconds(20);
        c.backoff_max = std::chrono::milliseconds(80);
        c.heartbeat = std::chrono::milliseconds(200);
        c.jitter_seed = 42;
        c.reset_window.start_minute = c.reset_window.end_minute = 0;  // tests run at any hour
        return c;
    }

    Client& connect(std::function<void(ClientConfig&)> tweak = {}) {
        auto cfg = client_config();
        if (tweak) tweak(cfg);
        client = std::make_unique<Client>(io, cfg);
        client->on_message = [this](const ServerMessage& m) {
            rec.messages.push_back(m);
            if (auto* e = std::get_if<ExecDetails>(&m)) {
                auto q = e->side == "BOT" ? e->shares : -e->shares;
                rec.ledger[e->contract.symbol] += q;
            }
        };
        client->on_event = [this](ConnectionEvent e) { rec.events.push_back(e); };
        client->connect();
        EXPECT_TRUE(run_until([&] { return client->ready(); })) << "client never became ready";
        return *client;
    }

    // Runs the loop until `done` or the (wall) timeout.
    bool run_until(const std::function<bool()>& done,
                   std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        auto end = std::chrono::steady_clock::now() + timeout;
        while (!done()) {
            if (std::chrono::steady_clock::now() > end) return false;
            io.run_for(std::chrono::milliseconds(2));
        }
        return true;
    }
    void run_for(std::chrono::milliseconds d) {
        auto end = std::chrono::steady_clock::now() + d;
        while (std::chrono::steady_clock::now() < end) io.run_for(std::chrono::milliseconds(2));
    }

    // The simulator's positions, as the ledger should see them.
    std::map<std::string, Quantity> sim_positions() const {
        std::map<std::string, Quantity> out;
        for (auto& [sym, p] : sim->broker().positions())
            if (!p.quantity.is_zero()) out[sym] = p.quantity;
        return out;
    }
    std::map<std::string, Quantity> ledger() const {
        std::map<std::string, Quantity> out;
        for (auto& [sym, q] : rec.ledger)
            if (!q.is_zero()) out[sym] = q;
        return out;
    }
};

}  // namespace robo::ibkr::test
