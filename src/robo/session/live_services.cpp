// session/live_services.cpp — see live_services.hpp.
#include "robo/session/live_services.hpp"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <thread>

#include "robo/log/log.hpp"
#include "robo/session/dashboard_bridge.hpp"

namespace robo::session {

LiveServices::LiveServices(const Plan& plan, const std::string& session_id, bool gate_audits_refusals)
    : plan_(plan), mode_(plan.request.mode) {
    const config::Config& cfg = plan.config;
    const engine::Mode mode = mode_;
    // Whether alerts are posted is the policy's: never for a backtest, which is research,
    // not a session anyone is on call for.
    const bool alerts = !cfg.monitoring.alert_webhook.empty() && plan.policy.alerts;
    if (!alerts && !plan.dashboard.enabled) return;
    web::FeedWatchOptions fw;
    if (cfg.monitoring.feed_stall_seconds > 0)
        fw.stall_after = std::chrono::duration_cast<Duration>(
            std::chrono::duration<double>(cfg.monitoring.feed_stall_seconds));
    // The quality columns of the feed table run the data component's quality gate over
    // every event on the engine's thread (bench_web_monitor: ~0.25 us a bar): only for
    // the dashboard, where someone reads them.
    fw.check_quality = plan.dashboard.enabled;
    monitor_ = std::make_unique<web::SessionMonitor>(mode, fw);
    if (alerts) {
        web::AlertOptions ao;
        ao.url = cfg.monitoring.alert_webhook;
        try {
            poster_ = std::make_unique<web::AlertPoster>(ao);
        } catch (const std::invalid_argument&) {
            // The URL is a secret (it often carries a token): say what is wrong, not what it is.
            throw std::runtime_error(
                "MONITORING_ALERT_WEBHOOK: expected an http://host[:port]/path URL (https needs a relay)");
        }
        web::EngineAlertOptions eo;
        eo.session = session_id;
        eo.mode = mode;
        eo.gate_audits_refusals = gate_audits_refusals;
        eo.throttle.min_interval =
            std::chrono::milliseconds(std::llround(cfg.monitoring.alert_min_interval * 1000));
        if (cfg.monitoring.alert_max_per_minute > 0)
            eo.throttle.max_per_minute = cfg.monitoring.alert_max_per_minute;
        alerts_ = std::make_unique<web::EngineAlerts>(*poster_, eo);
        monitor_->set_alerts(alerts_.get());
    }
}

LiveServices::~LiveServices() {
    if (server_) server_->stop();
}

log::AuditSink& LiveServices::audit(log::AuditSink& trail) {
    if (!alerts_) return trail;
    tee_ = std::make_unique<web::AlertingAudit>(trail, *alerts_);
    return *tee_;
}

void LiveServices::attach(engine::Session& session, log::AuditSink& trail, const engine::LoadedFeed& loaded,
                          engine::ObserverFanout& observers, std::ostream& out) {
    if (!monitor_) return;
    std::map<Symbol, uint64_t> rejected;
    for (const auto& f : loaded.inventory.bar_files) rejected[f.symbol] += f.rejected.size();
    for (const auto& f : loaded.inventory.tick_files) rejected[f.symbol] += f.rejected.size();
    for (const auto& f : loaded.inventory.quote_files) rejected[f.symbol] += f.rejected.size();
    for (const auto& q : loaded.quarantined) ++rejected[q.symbol];  // by the quality gate
    for (Symbol s : loaded.symbols) monitor_->feeds().add_quarantined_at_load(s, rejected[s]);
    // Where each symbol's replayed data ends (files may cover different spans).
    if (mode_ == engine::Mode::replay || mode_ == engine::Mode::backtest) {
        std::map<Symbol, Timestamp> ends;
        auto later = [&](Symbol s, Timestamp t) {
            if (!ends.count(s) || ends[s] < t) ends[s] = t;
        };
        for (const auto& f : loaded.inventory.bar_files)
            if (!f.bars.empty()) later(f.symbol, engine::bar_known_at(f.bars.back()));
        for (const auto& f : loaded.inventory.tick_files)
            if (!f.ticks.empty()) later(f.symbol, f.ticks.back().time);
        for (const auto& f : loaded.inventory.quote_files)
            if (!f.quotes.empty()) later(f.symbol, f.quotes.back().time);
        for (const auto& [s, t] : ends) monitor_->feeds().set_data_end(s, t);
    }
    if (plan_.dashboard.enabled) {
        hub_ = std::make_unique<web::Hub>();
        publisher_ = std::make_unique<web::Publisher>(*hub_);
        bridge_ = std::make_unique<DashboardBridge>(*publisher_, mode_, monitor_.get());
        monitor_->add(bridge_.get());
        web::ServerOptions so;
        const DashboardSettings& d = plan_.dashboard;
        if (!d.bind.empty()) so.bind = d.bind;
        so.port = static_cast<uint16_t>(d.port);
        so.control_token = d.control_token;
        so.web_root = std::filesystem::read_symlink("/proc/self/exe").parent_path() / "web-ui";
        so.allowed_hosts = d.allowed_hosts;
        so.config = nlohmann::json::parse(plan_.effective_config);
        auto* eng = &session.engine();
        auto* gate = &session.gate();
        auto* br = bridge_.get();
        server_ = std::make_unique<web::Server>(
            so, *hub_,
            [eng, gate, br](const std::string& a, const std::string& r) {
                return br->control(*eng, *gate, a, r);
            },
            &trail);
        bridge_->on_health(session.engine().health());  // broker, kill switch: known before the first tick
        // A switch tripped before the session (the operator's file) shows before any data.
        const Timestamp start = session.engine().health().clock;
        publisher_->risk(start, session.gate().risk_json(start));
        server_->start();
        out << "  dashboard: " << server_->url() << "\n";
    }
    if (alerts_) out << "  alerts: posted to MONITORING_ALERT_WEBHOOK\n";
    observers.add(monitor_.get());
}

void LiveServices::finish(double linger, std::ostream& out) {
    if (!monitor_) return;
    if (alerts_) {
        alerts_->close();
        // Delivery retries with backoff; the session waits for it a bounded time only.
        if (!poster_->flush(std::chrono::seconds(10)))
            out << "  alerts: some were still being delivered when the session ended\n";
        const auto& c = poster_->counters();
        out << fmt::format(
            "  alerts: {} raised, {} posted ({} held back by the rate limit), {} delivered, {} "
            "undelivered\n",
            alerts_->raised(), alerts_->sent(), alerts_->held_back(), c.delivered.load(),
            c.gave_up.load() + c.dropped.load());
    }
    if (server_) {
        if (linger > 0) {
            out << fmt::format("  session over; the dashboard stays up for {} s at {}\n", linger,
                               server_->url());
            out.flush();
            std::this_thread::sleep_for(std::chrono::duration<double>(linger));
        }
        server_->stop();
    }
}

}  // namespace robo::session
