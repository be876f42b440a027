// web/hub.hpp — fans engine events out to WebSocket clients without ever blocking the
// engine.
//
// The engine thread calls publish(); it only moves the event into a bounded lock-free
// queue (a full queue drops the event and counts it). Everything else happens on the web
// thread: drain() applies events to the latest-state store and appends them to the
// outbox of every subscribed client. A client's outbox is bounded: when a client is slow,
// new messages are skipped for it (counted), and one that stays behind for too long is
// dropped. Every message a client receives carries that connection's sequence number;
// skipped messages consume numbers too, so a gap tells the client to resynchronise with a
// snapshot request.
//
// Message schema (server -> client), one JSON object per WebSocket text message:
//   {"seq":N,"type":"hello","protocol":1,"topics":[...]}
//   {"seq":N,"type":"event","topic":"quotes","symbol":"AAPL","time":"...Z","data":{...}}
//   {"seq":N,"type":"snapshot","topic":"positions","items":[{"symbol":..,"time":..,"data":..}]}
//   {"seq":N,"type":"ack","op":"subscribe","topics":[...],"symbols":[...]}
//   {"seq":N,"type":"error","message":"..."}
//   {"seq":N,"type":"pong"}
// Client -> server:
//   {"op":"subscribe","topics":["quotes",...],"symbols":["AAPL",...]}  (no symbols = all)
//   {"op":"unsubscribe","topics":[...]}
//   {"op":"snapshot","topic":"positions"}
//   {"op":"ping"}
#pragma once
#include <concurrentqueue/concurrentqueue.h>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "robo/core/time.hpp"
#include "robo/web/topics.hpp"

namespace robo::web {

struct HubLimits {
    size_t inbound_capacity = 1 << 16;  // events waiting for the web thread
    size_t client_outbox = 2048;        // messages waiting for one client's socket
    size_t drop_after_skips = 8192;     // consecutive skipped messages before a client is dropped
    size_t history_per_topic = 500;     // recent events kept for event topics
    size_t max_client_errors = 50;      // malformed client messages before it is dropped
};

struct HubCounters {
    std::atomic<uint64_t> published{0};
    std::atomic<uint64_t> dropped_inbound{0};  // queue full at publish time
    std::atomic<uint64_t> delivered{0};        // messages queued to a client outbox
    std::atomic<uint64_t> skipped{0};          // messages skipped for slow clients
    std::atomic<uint64_t> clients_dropped{0};
    std::atomic<uint64_t> client_errors{0};  // malformed client messages
    std::atomic<uint64_t> clients_connected{0};
};

using Message = std::shared_ptr<const std::string>;

// One connected client, owned by the web thread.
class Client {
public:
    explicit Client(uint64_t id) : id_(id) {}
    uint64_t id() const noexcept { return id_; }
    bool dropped() const noexcept { return dropped_; }
    const std::string& drop_reason() const noexcept { return drop_reason_; }
    uint64_t skipped() const noexcept { return skipped_total_; }
    std::deque<Message>& outbox() noexcept { return outbox_; }
    // Called by the hub after it appends to the outbox (the session starts writing).
    std::function<void()> on_message;

private:
    friend class Hub;
    bool wants(Topic t, const std::string& symbol) const;

    uint64_t id_;
    uint64_t seq_ = 0;
    uint32_t topics_ = 0;            // bit per Topic
    std::set<std::string> symbols_;  // empty = every symbol
    std::deque<Message> outbox_;
    uint64_t skipped_in_a_row_ = 0;
    uint64_t skipped_total_ = 0;
    uint64_t errors_ = 0;
    bool dropped_ = false;
    std::string drop_reason_;
};

class Hub {
public:
    explicit Hub(HubLimits limits = {});

    // --- any thread ------------------------------------------------------------------
    // Never blocks. Returns false (and counts) when the inbound queue is full.
    bool publish(Topic topic, std::string symbol, nlohmann::json data, Timestamp time);
    // Called (from the publishing thread) when events are waiting and no drain is pending.
    void set_wake(std::function<void()> wake) {
        std::lock_guard lock(wake_mutex_);
        wake_ = std::move(wake);
    }
    const HubCounters& counters() const noexcept { return counters_; }
    const HubLimits& limits() const noexcept { return limits_; }

    // --- web thread only -------------------------------------------------------------
    // Moves up to `max` waiting events into the state store and client outboxes.
    size_t drain(size_t max = 4096);
    std::shared_ptr<Client> connect();
    void disconnect(const std::shared_ptr<Client>& client);
    // Handles one text message from a client; replies go to its outbox.
    void handle_client_message(const std::shared_ptr<Client>& client, std::string_view text);
    // Latest data per symbol for a state topic, or recent history for an event topic.
    nlohmann::json snapshot_items(Topic topic) const;
    // The latest data of a state topic for one symbol ("" for topic-wide values such as risk).
    const nlohmann::json* latest(Topic topic, const std::string& symbol = "") const;
    size_t client_count() const noexcept { return clients_.size(); }

private:
    struct Event {
        Topic topic;
        std::string symbol;
        Timestamp time;
        nlohmann::json data;
    };
    struct Stored {
        Timestamp time;
        nlohmann::json data;
    };

    void wake();
    void apply(Event& event);
    void send(Client& client, const std::string& body_without_seq, bool droppable);
    void reply(Client& client, nlohmann::json message);
    void drop(Client& client, std::string reason);

    HubLimits limits_;
    HubCounters counters_;
    moodycamel::ConcurrentQueue<Event> inbound_;
    std::atomic<size_t> inbound_size_{0};
    std::atomic<bool> drain_pending_{false};
    std::mutex wake_mutex_;  // taken only when a drain must be scheduled
    std::function<void()> wake_;

    uint64_t next_client_id_ = 1;
    std::vector<std::shared_ptr<Client>> clients_;
    std::map<std::pair<Topic, std::string>, Stored> state_;
    std::map<Topic, std::deque<nlohmann::json>> history_;
};

}  // namespace robo::web
