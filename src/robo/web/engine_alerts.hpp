// web/engine_alerts.hpp — the session's events that need a person, posted to the alert
// webhook (MONITORING_ALERT_WEBHOOK) through AlertPoster.
//
//   kill_switch_tripped  (critical)  the risk gate's kill switch tripped: trigger, reason
//   kill_switch_reset    (info)      an operator (or the daily reset of a replay) reset it
//   limit_breached       (warning)   an order refused by the pre-trade gate (per violation
//                        (critical)  kind), or a portfolio limit — daily loss, drawdown,
//                                    leverage — that tripped the kill switch
//   broker_disconnected  (critical)  the broker's connection went down
//   broker_reconnected   (info)      ... and came back (with how long it was down)
//   feed_stalled         (warning)   one symbol, or the whole feed, silent too long in session
//   feed_recovered       (info)      ... data again
//   backfill_failed      (warning)   a symbol's history could not be had (timed out or
//                                    undecodable on every try, or refused); live data goes on
//   engine_error         (critical)  the engine stopped on an error
//   symbol_parked        (critical)  a symbol's orders were rejected by the broker again and
//                                    again: no more orders for it; says what to do
// The schema is in docs/web.md. Alike alerts are throttled (AlertThrottle): a storm of
// refusals gives one alert per kind and interval, each saying how many were held back,
// and close() posts a summary for whatever was still held back. Refusals and kill-switch
// events come from the audit records the risk gate and the trader write (AlertingAudit
// passes them on), so every alert matches an audited decision.
// Runs on the engine's thread; posting is a lock-free hand-off, never I/O.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "robo/engine/observer.hpp"
#include "robo/log/audit_sink.hpp"
#include "robo/web/alert_throttle.hpp"
#include "robo/web/alerts.hpp"
#include "robo/web/feed_watch.hpp"

namespace robo::web {

struct EngineAlertOptions {
    std::string session = "paper";  // the session id (client order id prefix)
    engine::Mode mode = engine::Mode::replay;
    ThrottleOptions throttle;
    // The full risk gate audits each refusal with its violations; the trader's own
    // "risk_rejected" record then repeats it. With the basic gate only the trader's counts.
    bool gate_audits_refusals = true;
};

class EngineAlerts final : public engine::EngineObserver {
public:
    EngineAlerts(AlertPoster& poster, EngineAlertOptions options,
                 AlertThrottle::Clock clock = std::chrono::steady_clock::now);

    void on_market(const engine::MarketEvent& ev) override { last_data_ = ev.time; }
    void on_state(engine::EngineState from, engine::EngineState to, Timestamp t) override;
    void on_broker_connection(std::string_view broker, exec::BrokerConnection from, exec::BrokerConnection to,
                              Timestamp t) override;

    // An audit record (through AlertingAudit): kill-switch trips and resets, refusals.
    void on_audit(std::string_view kind, const nlohmann::json& fields);
    // Whether on_audit acts on records of `kind` (the others need not be turned into json).
    static bool listens_to(std::string_view kind) noexcept;
    void on_feed_stall(const FeedStall& stall);

    // Posts one summary per kind of alert still held back; call once at the end.
    void close();

    uint64_t raised() const noexcept { return raised_; }  // before throttling
    uint64_t sent() const noexcept { return sent_; }
    uint64_t held_back() const noexcept { return throttle_.held_back_total(); }

private:
    void raise(const std::string& kind, const std::string& subject, const char* severity, std::string message,
               nlohmann::json details, Timestamp data_time);
    nlohmann::json envelope(const std::string& kind, const char* severity, std::string message,
                            nlohmann::json details, Timestamp data_time) const;
    Timestamp clock() const;

    AlertPoster& poster_;
    EngineAlertOptions options_;
    AlertThrottle throttle_;
    Timestamp last_data_{};
    std::chrono::steady_clock::time_point down_since_{};
    bool broker_down_ = false;
    uint64_t raised_ = 0, sent_ = 0;
};

// An AuditSink that writes through to the real trail and shows each record to the alerts.
class AlertingAudit final : public log::AuditSink {
public:
    AlertingAudit(log::AuditSink& inner, EngineAlerts& alerts) : inner_(inner), alerts_(alerts) {}
    void record(std::string_view kind, const nlohmann::json& fields) override {
        inner_.record(kind, fields);
        alerts_.on_audit(kind, fields);
    }
    // The compact record goes on to the trail as it is (no json on the engine's thread); only
    // the kinds the alerts act on are turned into json for them.
    void record(const log::CompactRecord& record) override {
        inner_.record(record);
        if (EngineAlerts::listens_to(record.kind())) alerts_.on_audit(record.kind(), record.to_json());
    }

private:
    log::AuditSink& inner_;
    EngineAlerts& alerts_;
};

}  // namespace robo::web
