#include "robo/web/engine_alerts.hpp"

#include <fmt/format.h>

namespace robo::web {

namespace {
double secs(Duration d) { return std::chrono::duration<double>(d).count(); }

// Kill-switch triggers that are portfolio limits (risk::RiskGate::monitor's kinds).
bool is_portfolio_limit(const std::string& trigger) {
    return trigger == "daily_loss" || trigger == "drawdown" || trigger == "leverage" ||
           trigger == "no_equity";
}

std::string text_of(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

EngineAlerts::EngineAlerts(AlertPoster& poster, EngineAlertOptions options, AlertThrottle::Clock clock)
    : poster_(poster), options_(std::move(options)), throttle_(options_.throttle, std::move(clock)) {}

Timestamp EngineAlerts::clock() const {
    const bool data_time = options_.mode == engine::Mode::backtest || options_.mode == engine::Mode::replay;
    return data_time ? last_data_ : wall_now();
}

nlohmann::json EngineAlerts::envelope(const std::string& kind, const char* severity, std::string message,
                                      nlohmann::json details, Timestamp data_time) const {
    return {{"source", "robo_trader"},
            {"kind", kind},
            {"severity", severity},
            {"time", format_iso_micros(wall_now())},
            {"data_time", format_iso_micros(data_time)},
            {"mode", engine::to_string(options_.mode)},
            {"session", options_.session},
            {"message", std::move(message)},
            {"details", std::move(details)}};
}

void EngineAlerts::raise(const std::string& kind, const std::string& subject, const char* severity,
                         std::string message, nlohmann::json details, Timestamp data_time) {
    ++raised_;
    auto decision = throttle_.admit(subject.empty() ? kind : kind + ":" + subject);
    if (!decision.send) return;
    auto alert = envelope(kind, severity, std::move(message), std::move(details), data_time);
    alert["held_back"] = decision.held_back;
    if (poster_.post(std::move(alert))) ++sent_;
}

void EngineAlerts::on_state(engine::EngineState, engine::EngineState to, Timestamp t) {
    if (to != engine::EngineState::error) return;
    raise("engine_error", "", "critical", "the engine stopped on an error (see the session log)",
          {{"state", engine::to_string(to)}}, t);
}

void EngineAlerts::on_broker_connection(std::string_view broker, exec::BrokerConnection from,
                                        exec::BrokerConnection to, Timestamp t) {
    const std::string name(broker);
    nlohmann::json details{{"broker", name}, {"from", exec::to_string(from)}, {"to", exec::to_string(to)}};
    if (to == exec::BrokerConnection::connected) {
        if (!broker_down_) return;  // the first connection of a session is no news
        broker_down_ = false;
        const double down = secs(std::chrono::steady_clock::now() - down_since_);
        details["down_seconds"] = down;
        raise("broker_reconnected", name, "info",
              fmt::format("broker {} reconnected after {:.1f} s", name, down), std::move(details), t);
    } else if (from == exec::BrokerConnection::connected) {
        down_since_ = std::chrono::steady_clock::now();
        broker_down_ = true;
        raise("broker_disconnected", name, "critical",
              fmt::format("broker {} is {}: no orders can be sent or confirmed", name, exec::to_string(to)),
              std::move(details), t);
    }
}

bool EngineAlerts::listens_to(std::string_view kind) noexcept {
    return kind == "kill_switch_tripped" || kind == "kill_switch_reset" || kind == "symbol_parked" ||
           kind == "backfill_failed" || kind == "risk_rejected";
}

void EngineAlerts::on_audit(std::string_view kind, const nlohmann::json& fields) {
    if (!listens_to(kind)) return;
    Timestamp at = clock();
    if (auto t = text_of(fields, "time"); !t.empty()) try_parse_timestamp(t, at);
    if (kind == "kill_switch_tripped") {
        const std::string trigger = text_of(fields, "trigger"), reason = text_of(fields, "reason");
        raise("kill_switch_tripped", "", "critical",
              "kill switch tripped: " + trigger + (reason.empty() ? "" : " (" + reason + ")") +
                  "; new orders are refused until it is reset",
              {{"trigger", trigger}, {"reason", reason}}, at);
        if (is_portfolio_limit(trigger))
            raise(
                "limit_breached", trigger, "critical", "portfolio limit breached: " + reason,
                {{"limit", trigger}, {"scope", "portfolio"}, {"reason", reason}, {"kill_switch", "tripped"}},
                at);
    } else if (kind == "symbol_parked") {
        const std::string symbol = text_of(fields, "symbol");
        raise("symbol_parked", symbol, "critical",
              text_of(fields, "message") + "; to resume: " + text_of(fields, "operator_action"),
              {{"symbol", symbol},
               {"reason", text_of(fields, "reason")},
               {"rejections", fields.value("rejections", 0)},
               {"operator_action", text_of(fields, "operator_action")}},
              at);
    } else if (kind == "kill_switch_reset") {
        raise("kill_switch_reset", "", "info", "kill switch reset: " + text_of(fields, "reason"),
              {{"reason", text_of(fields, "reason")},
               {"previous_trigger", text_of(fields, "previous_trigger")}},
              at);
    } else if (kind == "backfill_failed") {
        // The feed gave up a symbol's history (no usable answer in time, or refused).
        const std::string symbol = text_of(fields, "symbol"), reason = text_of(fields, "reason");
        raise("backfill_failed", symbol, "warning",
              "no history for " + symbol + " (" + reason + "); the session goes on with live data",
              {{"symbol", symbol}, {"reason", reason}}, at);
    } else if (kind == "risk_rejected") {
        auto v = fields.find("violations");
        const bool from_gate = v != fields.end() && v->is_array() && !v->empty();
        // With the risk gate, the trader's record repeats one the gate already wrote.
        if (!from_gate && options_.gate_audits_refusals) return;
        const nlohmann::json first = from_gate ? (*v)[0] : nlohmann::json::object();
        const std::string limit = from_gate ? text_of(first, "kind") : "pre_trade";
        const std::string why = from_gate ? text_of(first, "message") : text_of(fields, "reason");
        nlohmann::json details{{"limit", limit},
                               {"scope", "order"},
                               {"symbol", text_of(fields, "symbol")},
                               {"side", text_of(fields, "side")},
                               {"quantity", text_of(fields, "quantity")},
                               {"reason", why}};
        if (from_gate) {
            details["client_id"] = text_of(fields, "client_id");
            details["strategy"] = text_of(fields, "strategy");
            details["violations"] = *v;
        }
        raise("limit_breached", limit, "warning",
              "order refused by the pre-trade gate (" + limit + "): " + why, std::move(details), at);
    }
}

void EngineAlerts::on_feed_stall(const FeedStall& s) {
    const Duration threshold = s.threshold;
    const bool whole = s.symbol.empty();
    const std::string subject = whole ? "*" : s.symbol.str();
    nlohmann::json details{{"scope", whole ? "feed" : "symbol"},
                           {"symbol", whole ? "" : subject},
                           {"silent_seconds", secs(s.silent_for)},
                           {"threshold_seconds", secs(threshold)},
                           {"last_data", format_iso_micros(s.last_data)}};
    const std::string what = whole ? std::string("the whole feed") : "feed " + subject;
    if (!s.recovered)
        raise("feed_stalled", subject, "warning",
              fmt::format("{} silent for {:.0f} s in session (limit {:.0f} s)", what, secs(s.silent_for),
                          secs(threshold)),
              std::move(details), s.at);
    else
        raise("feed_recovered", subject, "info", what + " has data again", std::move(details), s.at);
}

void EngineAlerts::close() {
    for (const auto& [key, n] : throttle_.take_held()) {
        const std::string kind = key.substr(0, key.find(':'));
        const std::string subject = key.find(':') == std::string::npos ? "" : key.substr(key.find(':') + 1);
        auto alert = envelope(kind, "info",
                              fmt::format("{} more {} alert(s){} were held back by the rate limit", n, kind,
                                          subject.empty() ? "" : " (" + subject + ")"),
                              {{"key", key}, {"subject", subject}}, clock());
        alert["held_back"] = n;
        alert["summary"] = true;
        if (poster_.post(std::move(alert))) ++sent_;
    }
}

}  // namespace robo::web
