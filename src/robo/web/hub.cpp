#include "robo/web/hub.hpp"

#include <algorithm>

#include "robo/log/log.hpp"

namespace robo::web {

namespace {
uint32_t bit(Topic t) { return 1u << static_cast<unsigned>(t); }

nlohmann::json event_json(Topic topic, const std::string& symbol, Timestamp time,
                          const nlohmann::json& data) {
    return {{"type", "event"},
            {"topic", to_string(topic)},
            {"symbol", symbol},
            {"time", format_iso_micros(time)},
            {"data", data}};
}
}  // namespace

bool Client::wants(Topic t, const std::string& symbol) const {
    if (!(topics_ & bit(t))) return false;
    return symbols_.empty() || symbol.empty() || symbols_.count(symbol) > 0;
}

Hub::Hub(HubLimits limits) : limits_(limits) {}

bool Hub::publish(Topic topic, std::string symbol, nlohmann::json data, Timestamp time) {
    // The size check is approximate under concurrency; the bound still holds to within
    // the number of publishing threads.
    if (inbound_size_.load(std::memory_order_relaxed) >= limits_.inbound_capacity) {
        counters_.dropped_inbound.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    inbound_size_.fetch_add(1, std::memory_order_relaxed);
    inbound_.enqueue(Event{topic, std::move(symbol), time, std::move(data)});
    counters_.published.fetch_add(1, std::memory_order_relaxed);
    if (!drain_pending_.exchange(true, std::memory_order_acq_rel)) wake();
    return true;
}

void Hub::wake() {
    std::lock_guard lock(wake_mutex_);
    if (wake_) wake_();
}

size_t Hub::drain(size_t max) {
    // Clear the flag first: an event published after this point wakes us again.
    drain_pending_.store(false, std::memory_order_release);
    size_t n = 0;
    Event event;
    while (n < max && inbound_.try_dequeue(event)) {
        inbound_size_.fetch_sub(1, std::memory_order_relaxed);
        apply(event);
        ++n;
    }
    if (n == max && inbound_size_.load(std::memory_order_relaxed) > 0 &&
        !drain_pending_.exchange(true, std::memory_order_acq_rel))
        wake();
    std::erase_if(clients_, [](const std::shared_ptr<Client>& c) { return c->dropped(); });
    return n;
}

void Hub::apply(Event& event) {
    std::string body;
    bool anyone = std::any_of(clients_.begin(), clients_.end(), [&](const auto& c) {
        return !c->dropped_ && c->wants(event.topic, event.symbol);
    });
    if (anyone || !is_state_topic(event.topic)) {
        auto j = event_json(event.topic, event.symbol, event.time, event.data);
        body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        if (!is_state_topic(event.topic)) {
            auto& h = history_[event.topic];
            h.push_back(std::move(j));
            while (h.size() > limits_.history_per_topic) h.pop_front();
        }
    }
    if (anyone)
        for (auto& c : clients_)
            if (!c->dropped_ && c->wants(event.topic, event.symbol)) send(*c, body, true);
    if (is_state_topic(event.topic))
        state_[{event.topic, event.symbol}] = Stored{event.time, std::move(event.data)};
}

void Hub::send(Client& client, const std::string& body, bool droppable) {
    if (client.dropped_) return;
    uint64_t seq = ++client.seq_;
    if (droppable && client.outbox_.size() >= limits_.client_outbox) {
        ++client.skipped_in_a_row_;
        ++client.skipped_total_;
        counters_.skipped.fetch_add(1, std::memory_order_relaxed);
        if (client.skipped_in_a_row_ >= limits_.drop_after_skips)
            drop(client, "client too slow: " + std::to_string(client.skipped_in_a_row_) +
                             " messages skipped in a row");
        return;
    }
    if (!droppable && client.outbox_.size() >= 2 * limits_.client_outbox) {
        // Replies to the client's own requests are never skipped, but a client that keeps
        // asking without reading cannot grow memory either.
        drop(client, "client is not reading its replies");
        return;
    }
    if (droppable) client.skipped_in_a_row_ = 0;
    // body is a JSON object; splice the connection's sequence number in front.
    auto msg = std::make_shared<std::string>();
    msg->reserve(body.size() + 24);
    msg->append("{\"seq\":").append(std::to_string(seq));
    if (body.size() > 2) msg->push_back(',');
    msg->append(body, 1, std::string::npos);
    client.outbox_.push_back(std::move(msg));
    counters_.delivered.fetch_add(1, std::memory_order_relaxed);
    if (client.on_message) client.on_message();
}

void Hub::reply(Client& client, nlohmann::json message) {
    send(client, message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), false);
}

void Hub::drop(Client& client, std::string reason) {
    if (client.dropped_) return;
    client.dropped_ = true;
    client.drop_reason_ = std::move(reason);
    counters_.clients_dropped.fetch_add(1, std::memory_order_relaxed);
    log::warn("web", "client_dropped", {{"client", client.id_}, {"reason", client.drop_reason_}});
    if (client.on_message) client.on_message();  // lets the session notice and close
}

std::shared_ptr<Client> Hub::connect() {
    auto c = std::make_shared<Client>(next_client_id_++);
    clients_.push_back(c);
    counters_.clients_connected.fetch_add(1, std::memory_order_relaxed);
    nlohmann::json topics = nlohmann::json::array();
    for (Topic t : kAllTopics) topics.push_back(to_string(t));
    reply(*c, {{"type", "hello"}, {"protocol", 1}, {"topics", topics}});
    return c;
}

void Hub::disconnect(const std::shared_ptr<Client>& client) {
    client->dropped_ = true;
    std::erase(clients_, client);
}

nlohmann::json Hub::snapshot_items(Topic topic) const {
    nlohmann::json items = nlohmann::json::array();
    if (is_state_topic(topic)) {
        for (auto it = state_.lower_bound({topic, std::string()});
             it != state_.end() && it->first.first == topic; ++it)
            items.push_back({{"symbol", it->first.second},
                             {"time", format_iso_micros(it->second.time)},
                             {"data", it->second.data}});
    } else if (auto h = history_.find(topic); h != history_.end()) {
        for (auto& e : h->second)
            items.push_back({{"symbol", e["symbol"]}, {"time", e["time"]}, {"data", e["data"]}});
    }
    return items;
}

const nlohmann::json* Hub::latest(Topic topic, const std::string& symbol) const {
    auto it = state_.find({topic, symbol});
    return it == state_.end() ? nullptr : &it->second.data;
}

void Hub::handle_client_message(const std::shared_ptr<Client>& cp, std::string_view text) {
    Client& client = *cp;
    auto fail = [&](std::string message) {
        counters_.client_errors.fetch_add(1, std::memory_order_relaxed);
        reply(client, {{"type", "error"}, {"message", message}});
        if (++client.errors_ >= limits_.max_client_errors)
            drop(client, "too many malformed messages (" + std::to_string(client.errors_) + ")");
    };
    auto msg = nlohmann::json::parse(text, nullptr, false);
    if (msg.is_discarded() || !msg.is_object())
        return fail("expected a JSON object like {\"op\":\"subscribe\",...}");
    auto op_it = msg.find("op");
    if (op_it == msg.end() || !op_it->is_string())
        return fail("missing \"op\" (subscribe, unsubscribe, snapshot, ping)");
    std::string op = *op_it;

    auto read_topics = [&](uint32_t& mask, nlohmann::json& names) -> bool {
        auto t = msg.find("topics");
        if (t == msg.end() || !t->is_array() || t->empty()) {
            fail("\"" + op + "\" needs a non-empty \"topics\" array");
            return false;
        }
        for (auto& v : *t) {
            auto topic = v.is_string() ? parse_topic(v.get<std::string>()) : std::nullopt;
            if (!topic) {
                fail("unknown topic " + v.dump() +
                     "; known: quotes, bars, features, signals, orders, fills, positions, risk, health, "
                     "equity");
                return false;
            }
            mask |= bit(*topic);
            names.push_back(to_string(*topic));
        }
        return true;
    };

    if (op == "ping") return reply(client, {{"type", "pong"}});
    if (op == "subscribe" || op == "unsubscribe") {
        uint32_t mask = 0;
        nlohmann::json names = nlohmann::json::array();
        if (!read_topics(mask, names)) return;
        nlohmann::json symbols = nlohmann::json::array();
        if (op == "subscribe") {
            std::set<std::string> wanted;
            if (auto s = msg.find("symbols"); s != msg.end()) {
                if (!s->is_array()) return fail("\"symbols\" must be an array of strings");
                for (auto& v : *s) {
                    if (!v.is_string()) return fail("\"symbols\" must be an array of strings");
                    if (v != "*") wanted.insert(v.get<std::string>());
                }
            }
            client.topics_ |= mask;
            client.symbols_ = std::move(wanted);
            for (auto& s : client.symbols_) symbols.push_back(s);
        } else {
            client.topics_ &= ~mask;
        }
        reply(client, {{"type", "ack"}, {"op", op}, {"topics", names}, {"symbols", symbols}});
        if (op == "subscribe")
            for (auto& name : names) {
                Topic t = *parse_topic(name.get<std::string>());
                reply(client, {{"type", "snapshot"}, {"topic", name}, {"items", snapshot_items(t)}});
            }
        return;
    }
    if (op == "snapshot") {
        auto t = msg.find("topic");
        auto topic = (t != msg.end() && t->is_string()) ? parse_topic(t->get<std::string>()) : std::nullopt;
        if (!topic) return fail("\"snapshot\" needs a known \"topic\"");
        return reply(client,
                     {{"type", "snapshot"}, {"topic", to_string(*topic)}, {"items", snapshot_items(*topic)}});
    }
    fail("unknown op \"" + op + "\"; expected subscribe, unsubscribe, snapshot or ping");
}

}  // namespace robo::web
