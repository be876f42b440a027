// session/live_services.hpp — what watches a `run` session from the side: the dashboard
// (web server, hub, publisher, bridge; with --dashboard) and the alerts (when
// MONITORING_ALERT_WEBHOOK is set), both fed by one web::SessionMonitor that also keeps
// the feed health. Without either, nothing is attached and the engine runs bare.
//
// Order of use: construct (reads the configuration; throws std::runtime_error with a
// one-line reason), audit() before the Session is built (refusals and kill-switch events
// reach the alerts through the audit records), attach() before run(), finish() after.
#pragma once
#include <iosfwd>
#include <memory>

#include "robo/config/config.hpp"
#include "robo/engine/backtest.hpp"
#include "robo/engine/observer_fanout.hpp"
#include "robo/session/plan.hpp"
#include "robo/web/engine_alerts.hpp"
#include "robo/web/publisher.hpp"
#include "robo/web/server.hpp"
#include "robo/web/session_monitor.hpp"

namespace robo::session {

class DashboardBridge;

class LiveServices {
public:
    LiveServices(const Plan& plan, const std::string& session_id, bool gate_audits_refusals);
    ~LiveServices();

    bool active() const noexcept { return monitor_ != nullptr; }
    // The sink the session writes its audit records to: the trail itself, or the trail
    // behind the tee that shows records to the alerts.
    log::AuditSink& audit(log::AuditSink& trail);
    // Seeds the feed health with the rows quarantined at load, starts the dashboard and
    // adds the monitor to the session's observers. Prints the dashboard's address to `out`.
    void attach(engine::Session& session, log::AuditSink& trail, const engine::LoadedFeed& loaded,
                engine::ObserverFanout& observers, std::ostream& out);
    // After the session (observers detached): posts the alerts' closing summary and waits
    // (a bounded time) for their delivery, keeps the dashboard up `linger` seconds, stops it.
    void finish(double linger, std::ostream& out);

private:
    const Plan& plan_;
    engine::Mode mode_;
    std::unique_ptr<web::SessionMonitor> monitor_;
    std::unique_ptr<web::AlertPoster> poster_;
    std::unique_ptr<web::EngineAlerts> alerts_;
    std::unique_ptr<web::AlertingAudit> tee_;
    std::unique_ptr<web::Hub> hub_;
    std::unique_ptr<web::Publisher> publisher_;
    std::unique_ptr<DashboardBridge> bridge_;
    std::unique_ptr<web::Server> server_;
};

}  // namespace robo::session
