// web/server.hpp — the HTTP and WebSocket server behind the dashboard (Boost.Beast).
//
// Runs on its own thread with its own io_context, off the trading loop: the engine only
// ever touches the Hub's publish(). Serves
//   GET  /                     the dashboard (only the regular files under web_root)
//   GET  /ws                   the WebSocket stream (protocol in hub.hpp)
//   GET  /health               200 when healthy, 503 otherwise (for a supervisor)
//   GET  /metrics              Prometheus text format
//   GET  /api/{positions,orders,trades,equity,risk,health,config}
//   POST /api/control/{pause,resume,trip,reset,flatten}  with "Authorization: Bearer TOKEN"
// Control actions need the configured token (none configured = control disabled), carry a
// reason, and are audited. Binds to 127.0.0.1 unless told otherwise. A request whose Host
// is not one of the server's names is refused (421); a body over 64 KiB gets 413.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "robo/log/audit_sink.hpp"
#include "robo/web/hub.hpp"

namespace robo::web {

struct ServerOptions {
    std::string bind = "127.0.0.1";
    uint16_t port = 8765;                              // 0 picks a free port (see Server::port())
    std::filesystem::path web_root;                    // built dashboard files; empty = a plain notice page
    std::string control_token;                         // empty = control actions disabled
    nlohmann::json config = nlohmann::json::object();  // shown at /api/config (redacted again here)
    // Host names a request may carry besides the bound address, localhost, 127.0.0.1 and
    // ::1 (MONITORING_HTTP_ALLOWED_HOSTS, for a reverse proxy); any other Host gets 421.
    std::vector<std::string> allowed_hosts;
};

// Carries out a control action; runs on the web thread and must hand the work to the
// engine (e.g. by posting to its loop). Returns an error text, or empty on success.
using ControlHandler = std::function<std::string(const std::string& action, const std::string& reason)>;

class Server {
public:
    Server(ServerOptions options, Hub& hub, ControlHandler control = {}, log::AuditSink* audit = nullptr);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts the web thread; throws std::runtime_error naming the address when
    // the port cannot be bound.
    void start();
    void stop();
    uint16_t port() const noexcept { return bound_port_; }
    std::string url() const;

    // Runs fn on the web thread and waits for it (tests and shutdown use it).
    void run_on_web_thread(std::function<void()> fn);

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
    std::thread thread_;
    uint16_t bound_port_ = 0;
    std::string bind_;
};

// Redacts values whose keys name secrets or accounts, recursively (defence in depth for
// /api/config and control audit records).
nlohmann::json redact_secrets(nlohmann::json value);

}  // namespace robo::web
