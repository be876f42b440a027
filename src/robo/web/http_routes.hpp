// web/http_routes.hpp — the HTTP side of the server: health, metrics, the JSON API,
// control actions and static files. Runs on the web thread and reads only the Hub.
#pragma once
#include <boost/beast/http.hpp>

#include "robo/log/audit_sink.hpp"
#include "robo/web/hub.hpp"
#include "robo/web/server.hpp"

namespace robo::web {

class Routes {
public:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    using Response = boost::beast::http::response<boost::beast::http::string_body>;

    Routes(const ServerOptions& options, Hub& hub, ControlHandler control, log::AuditSink* audit)
        : options_(options), hub_(hub), control_(std::move(control)), audit_(audit) {}

    Response handle(const Request& req);
    static Response error(const Request& req, boost::beast::http::status status, const std::string& message);

    // Prometheus text exposition of the hub's counters and the latest risk and health.
    std::string metrics_text() const;

private:
    Response json(const Request& req, const nlohmann::json& body,
                  boost::beast::http::status status = boost::beast::http::status::ok);
    Response control(const Request& req, const std::string& action);
    Response file(const Request& req, std::string_view target);

    const ServerOptions& options_;
    Hub& hub_;
    ControlHandler control_;
    log::AuditSink* audit_;
};

}  // namespace robo::web
